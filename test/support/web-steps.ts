import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { es } from '../../apps/web/src/i18n/es';
import { ARTIFACTS, ScreenCheck } from './browser';
import type { Person } from './people';

// What the browser flows of the web app share: the steps every flow takes on a page, a browser
// context per flow with its screens checked, and how a countdown and a local time are read and typed.

/** The web app's texts in one language, as the tests read them. */
export type Dictionary = typeof es;

/** The steps every browser flow takes: sign in and out, open a case, act, wait for a stage. */
export function webSteps(page: Page, L: Dictionary, reference: string, base: string) {
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  return {
    button,
    field: (name: string) => page.getByRole('textbox', { name }),
    stage: (key: string) =>
      page
        .getByTestId('stage')
        .filter({ hasText: L[`stage.${key}`] })
        .first()
        .waitFor(),
    async signIn(person: Person) {
      await page.goto(`${base}/login`);
      await page.locator('input[name="email"]').fill(person.user.email);
      await page.locator('input[name="password"]').fill(person.user.password);
      await button(L['login.submit']).click();
      await page.getByTestId('who').waitFor();
    },
    async signOut() {
      await page.getByTestId('sign-out').click();
      await page.getByLabel(L['login.email']).waitFor();
    },
    /** The sign-in page in English when the flow is in English (Spanish is the default). */
    async chooseLanguage(language: 'es' | 'en') {
      if (language === 'es') return;
      await page.goto(`${base}/login`);
      await page.getByText('EN', { exact: true }).click();
    },
    /** The case from the list on screen, by its reference. */
    async openCase() {
      await page.getByRole('link', { name: reference }).first().click();
      await page.getByTestId('case-title').filter({ hasText: reference }).waitFor();
    },
    /** The case by its address. */
    async openCaseAt(id: string) {
      await page.goto(`${base}/cases/${id}`);
      await page.getByTestId('case-title').filter({ hasText: reference }).waitFor();
    },
    async act(action: string, reason?: string) {
      await page.locator(`button[data-action="${action}"]`).click();
      if (reason !== undefined) {
        await page.getByTestId('reason').fill(reason);
        await page.getByTestId('confirm').click();
      }
    },
  };
}

/** A browser context in one language and window, its screens checked; a failure keeps a screenshot. */
export type InBrowserArgs = [
  language: 'es' | 'en',
  viewport: { width: number; height: number },
  name: string,
  timezoneId: string,
  steps: (page: Page, check: ScreenCheck) => Promise<void>,
];

export async function inBrowser(
  browser: Browser,
  ...[language, viewport, name, timezoneId, steps]: InBrowserArgs
): Promise<ScreenCheck> {
  const context = await browser.newContext({
    viewport,
    locale: language === 'es' ? 'es-MX' : 'en-US',
    timezoneId,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const check = new ScreenCheck(page, `${name}-${language}-${viewport.width}x${viewport.height}`);
  try {
    await steps(page, check);
  } catch (err) {
    await page
      .screenshot({ path: join(ARTIFACTS, `${name}-${language}-failure.png`), fullPage: true })
      .catch(() => undefined);
    if (err instanceof Error) err.message += `\nBrowser errors: ${check.errors.join('\n') || 'none'}`;
    throw err;
  } finally {
    await context.close();
  }
  return check;
}

/** How every flow ends: no axe violation, no browser error, and the screens it was to check. */
export function expectCleanScreens(check: ScreenCheck, screens: { exactly: number } | { atLeast: number }): void {
  expect(check.violations).toEqual([]);
  expect(check.errors).toEqual([]);
  if ('exactly' in screens) expect(check.screens.length).toBe(screens.exactly);
  else expect(check.screens.length).toBeGreaterThanOrEqual(screens.atLeast);
}

/** The days a countdown (its first line) says are left, read only if said in the language's own words. */
export function daysLeftSaid(L: Dictionary, countdown: string): number {
  const said = countdown.trim().split('\n')[0].trim();
  const phrases = ['deadline.daysLeft', 'deadline.businessDaysLeft'].flatMap((key) =>
    ['_one', '_other'].map((plural) => L[`${key}${plural}` as keyof Dictionary]),
  );
  for (const phrase of phrases) {
    const [before, after] = phrase.split('{{count}}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const m = said.match(new RegExp(`^${before}(\\d+)${after}$`));
    if (m) return Number(m[1]);
  }
  throw new Error(`"${said}" is not a countdown in the language of the screen`);
}

/** A datetime-local value (the browser's wall clock) some hours before now. */
export function hoursAgo(hours: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() - hours * 3_600_000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}
