import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// Browser tests drive Debian's chromium (apt-get install chromium) through playwright-core: no
// browser download. CHROMIUM_PATH names another binary.

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'web');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('bash', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('No chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // As root (containers, CI) chromium needs --no-sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

const LOAD_FAILURE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/**
 * Watches one page: every screen visited is checked with axe (no serious or critical violation)
 * and kept as a screenshot; console errors and uncaught exceptions are collected, except the
 * failed requests of an action the test makes fail on purpose (`expectRefusal`).
 */
export class ScreenCheck {
  readonly errors: string[] = [];
  readonly violations: string[] = [];
  readonly screens: string[] = [];
  private refusing = false;

  constructor(
    private readonly page: Page,
    private readonly prefix: string,
  ) {
    mkdirSync(ARTIFACTS, { recursive: true });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (this.refusing && LOAD_FAILURE.test(msg.text())) return;
      this.errors.push(msg.text());
    });
    page.on('pageerror', (err) => this.errors.push(`uncaught: ${err.message}`));
  }

  /** An axe check and a screenshot of the screen as it is now. */
  async visit(name: string): Promise<void> {
    await this.page.waitForLoadState('networkidle').catch(() => undefined);
    const result = await new AxeBuilder({ page: this.page }).analyze();
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        this.violations.push(
          `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
        );
      }
    }
    const file = `${this.prefix}-${String(this.screens.length + 1).padStart(2, '0')}-${name}.png`;
    await this.page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
    this.screens.push(file);
  }

  /** Runs an action the api is expected to refuse; the browser's log of the failed request is expected. */
  async expectRefusal<T>(action: () => Promise<T>): Promise<T> {
    this.refusing = true;
    try {
      return await action();
    } finally {
      this.refusing = false;
    }
  }
}
