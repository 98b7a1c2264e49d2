import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { en } from '../../apps/web/src/i18n/en';
import { es } from '../../apps/web/src/i18n/es';
import { ARTIFACTS, launchChromium, ScreenCheck } from '../support/browser';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import type { Person } from '../support/people';
import { buildWebApp, offlineDocument } from '../support/web-build';

// The web application over the real stack (api serving the built app, worker, Temporal,
// PostgreSQL), in Debian's chromium: a prosecutor files an MLA request, the central authority
// returns it, the prosecutor amends it, it is approved, translated, transmitted, acknowledged,
// executed and answered by the other state, and a supervisor checks the board and extends a
// deadline. Once in Spanish at 1280×720 and once in English on a wide window; axe on every screen,
// a screenshot of each (test-artifacts/web), and no console error.

jest.setTimeout(300_000);

let platform: HnToUs;
let browser: Browser;
let base: string;
let served: Record<string, unknown>;
let offline: Record<string, unknown>;
const webDir = mkdtempSync(join(tmpdir(), 'comity-web-'));

beforeAll(async () => {
  const document = await offlineDocument();
  offline = JSON.parse(JSON.stringify(document));
  await buildWebApp(document, webDir);
  process.env.WEB_DIST_DIR = webDir;
  platform = await startHnToUs();
  base = await platform.api.getUrl();
  served = (await (await fetch(`${base}/api/docs-json`)).json()) as Record<string, unknown>;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  delete process.env.WEB_DIST_DIR;
  rmSync(webDir, { recursive: true, force: true });
});

test('the client is generated from the very document the api serves', () => {
  expect(offline).toEqual(served);
});

test('the api serves the app at / and keeps /api and /health its own', async () => {
  const page = await fetch(`${base}/cases/some-case`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const unknown = await fetch(`${base}/api/v1/no-such-thing`, { headers: { accept: 'text/html' } });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  expect((await fetch(`${base}/health`)).headers.get('content-type')).toContain('application/json');
});

type Dictionary = typeof es;

async function flow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const { cast } = platform;
  const context = await browser.newContext({
    viewport,
    locale: language === 'es' ? 'es-MX' : 'en-US',
    timezoneId: 'America/Tegucigalpa',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const check = new ScreenCheck(page, `${language}-${viewport.width}x${viewport.height}`);
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const field = (name: string) => page.getByRole('textbox', { name });
  const stage = (key: string) =>
    page
      .getByTestId('stage')
      .filter({ hasText: L[`stage.${key}`] })
      .first()
      .waitFor();
  const reference = `HN-WEB-${language.toUpperCase()}-${Date.now()}`;
  try {
    await steps();
  } catch (err) {
    await page
      .screenshot({ path: join(ARTIFACTS, `${language}-failure.png`), fullPage: true })
      .catch(() => undefined);
    if (err instanceof Error) err.message += `\nBrowser errors: ${check.errors.join('\n') || 'none'}`;
    throw err;
  }
  // The language choice was remembered across sign-outs.
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  await context.close();
  return check;

  async function steps() {
    const signIn = async (person: Person) => {
      await page.goto(`${base}/login`);
      await page.locator('input[name="email"]').fill(person.user.email);
      await page.locator('input[name="password"]').fill(person.user.password);
      await button(L['login.submit']).click();
      await page.getByTestId('who').waitFor();
    };
    const signOut = async () => {
      await page.getByTestId('sign-out').click();
      await page.getByLabel(L['login.email']).waitFor();
    };
    const openCase = async () => {
      await page.getByRole('link', { name: reference }).first().click();
      await page.getByTestId('case-title').filter({ hasText: reference }).waitFor();
    };
    const act = async (action: string, reason?: string) => {
      await page.locator(`button[data-action="${action}"]`).click();
      if (reason !== undefined) {
        await page.getByTestId('reason').fill(reason);
        await page.getByTestId('confirm').click();
      }
    };

    // Sign-in page; the language is chosen there (Spanish unless the user picks English).
    await page.goto(base);
    await page.getByLabel(es['login.email']).waitFor();
    if (language === 'en') await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: L['login.title'] }).waitFor();
    await check.visit('sign-in');

    // The prosecutor drafts with live findings beside the form.
    await signIn(cast.hnProsecutor);
    await page.getByRole('heading', { name: L['nav.myCases'] }).waitFor();
    await check.visit('my-cases');
    await page.getByRole('link', { name: L['nav.newCase'] }).first().click();
    await field(L['field.reference']).fill(reference);
    await field(L['field.requestingAuthority']).fill('Ministerio Público de Honduras');
    await field(L['field.investigatingAuthority']).fill('FESCCO');
    await page.getByTestId('basis').getByText(L['rules.noBasis']).waitFor({ state: 'detached' });
    await page.getByTestId('checklist').waitFor();
    await check.visit('drafting');
    await button(L['draft.create']).click();
    await field(L['field.subject']).fill('Money laundering');
    await field(L['field.factsSummary']).fill('Funds moved through accounts in Miami');
    await field(L['field.offences.description']).fill('Money laundering');
    await field(L['field.offences.maxPenaltyYears']).fill('15');
    await button(L['draft.next']).click();
    await field(L['field.assistanceSought']).fill('Bank records of two accounts');
    await field(L['field.purpose']).fill('Trace the proceeds');
    await button(L['draft.next']).click();
    await field(L['field.personsConcerned.name']).fill('Account holders');
    await button(L['draft.next']).click();
    await page.getByText(L['draft.ready']).waitFor();
    await check.visit('drafting-review');
    await page.getByTestId('submit').click();
    await stage('central_authority_review');
    await check.visit('case-submitted');
    await signOut();

    // The central authority reviews with the findings beside the draft, and returns it.
    await signIn(cast.hnCentral);
    await page.getByRole('heading', { name: L['list.queue'] }).waitFor();
    // A reload keeps the session: the access token (memory only) is renewed with the refresh token.
    await page.reload();
    await page.getByRole('heading', { name: L['list.queue'] }).waitFor();
    await check.visit('queue');
    await openCase();
    await page.getByTestId('findings').waitFor();
    await page.getByTestId('draft').waitFor();
    await check.visit('review');
    await check.expectRefusal(async () => {
      await page.locator('button[data-action="return"]').click();
      await page.getByTestId('confirm').click();
      // A return without reasons is refused by the api; its problem shows beside the action.
      await page.getByTestId('action-form').getByTestId('problem').waitFor();
    });
    await check.visit('return-refused');
    await page.getByTestId('reason').fill('Add the account numbers and the period covered.');
    await page.getByTestId('confirm').click();
    await stage('draft');
    await signOut();

    // The prosecutor sees why and amends the draft, which saves itself, and submits again.
    await signIn(cast.hnProsecutor);
    await openCase();
    await page.locator('a[data-action="edit_draft"]').click();
    await page.getByTestId('return-reasons').getByText('Add the account numbers').waitFor();
    await page.getByRole('button', { name: L['draft.step.assistance'] }).click();
    await field(L['field.assistanceSought']).fill(
      'Bank records of accounts 0042 and 0043, January 2023 to June 2025',
    );
    await page.getByTestId('save-state').getByText(L['draft.saved'].split(' ')[0]).waitFor();
    await check.visit('amending');
    await page.getByRole('button', { name: L['draft.step.review'] }).click();
    await page.getByTestId('submit').click();
    await stage('central_authority_review');
    await signOut();

    // The central authority approves, records the translation and transmits, with its details.
    await signIn(cast.hnCentral);
    await openCase();
    await act('approve');
    await stage('translation');
    await act('record_translation', 'English, sworn translator');
    await stage('ready_to_transmit');
    await act('transmit', 'Diplomatic note 123/2026, sent 28 November');
    await stage('transmitted');
    await page.getByTestId('transmission').getByText('Diplomatic note 123/2026').waitFor();
    await check.visit('transmitted');
    await signOut();

    // The requested state acknowledges and begins execution.
    await signIn(cast.usCentral);
    await openCase();
    await act('acknowledge');
    await stage('acknowledged');
    await act('begin_execution');
    await stage('under_execution');
    await check.visit('requested-side');
    await act('request_supplementary_information', 'Which period do the records cover?');
    await stage('supplementary_information');
    await signOut();

    // The prosecutor answers the requested state's question, shown above the answer.
    await signIn(cast.hnProsecutor);
    await openCase();
    await page.locator('button[data-action="answer_supplementary_information"]').click();
    await page.getByTestId('question').getByText('Which period do the records cover?').waitFor();
    await check.visit('supplementary-information');
    await page.getByTestId('reason').fill('January 2023 to June 2025');
    await page.getByTestId('confirm').click();
    await stage('under_execution');
    await signOut();

    // A supervisor of the requesting side: the board (audit verification), the case, a deadline extended.
    await signIn(cast.hnSupervisor);
    await page.getByRole('heading', { name: L['dashboard.title'] }).waitFor();
    await page.getByTestId('audit-verify').getByText(L['dashboard.auditOk']).waitFor();
    await page.getByTestId('chart-aging').locator('svg[role="application"]').waitFor();
    await check.visit('dashboard');
    // The aging report's drill-down leads to the cases behind it.
    await page
      .getByTestId('chart-aging')
      .getByTestId('drill')
      .filter({ hasText: L['stage.under_execution'] })
      .click();
    await openCase();
    await page.getByTestId('deadlines').waitFor();
    const extend = page.locator('button[data-action="extend_deadline"]').first();
    await extend.click();
    const later = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(L['case.newDueDate']).fill(later);
    await page.getByTestId('reason').fill('Court recess in the requested state');
    await page.getByTestId('confirm').click();
    await page.getByRole('form', { name: L['action.extend_deadline'] }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: L['case.tab.timeline'] }).click();
    await page.getByTestId('timeline').getByText(L['action.extend_deadline']).waitFor();
    await check.visit('timeline');
    await signOut();

    // The requested state answers: the final response.
    await signIn(cast.usCentral);
    await openCase();
    await page.locator('button[data-action="record_final_response"]').click();
    await page.getByTestId('reason').fill('Records of both accounts delivered');
    await page.getByTestId('confirm').click();
    await stage('responded');
    await check.visit('responded');
    // Idle logout: with an idle timeout of one second, the next check (every 10 s) ends the session.
    await page.evaluate(() => sessionStorage.setItem('comity.idleTimeout', '1'));
    await page.getByTestId('session-ended').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('comity.refresh'))).toBeNull();
  }
}

test.each([
  ['es', { width: 1280, height: 720 }],
  ['en', { width: 1920, height: 1080 }],
] as const)('an MLA request from drafting to the final response, in %s (%o)', async (language, viewport) => {
  const check = await flow(language, viewport);
  expect(check.violations).toEqual([]);
  expect(check.errors).toEqual([]);
  expect(check.screens.length).toBeGreaterThanOrEqual(12);
});
