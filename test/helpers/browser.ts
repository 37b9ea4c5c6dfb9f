/**
 * Real Chromium for the console's browser tests: Debian's `chromium` driven by playwright-core
 * (never a downloaded browser), headless, kept off the network it cannot reach. Users sign in
 * through the embedded OpenID Provider's own page, as a person would.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export { launchChromium } from '../../scripts/local/chromium.ts';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'console');

export interface SignedIn {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and failed console messages seen so far: a test fails on any. */
  readonly problems: string[];
}

/** A fresh browser profile, signed in as `username` through the OIDC flow, on `path` of the console. */
/** API answers kept to explain a page error. */
const RECENT_ANSWERS = 6;

export async function signInAs(
  browser: Browser,
  username: string,
  path = '/incidents',
  options: { viewport?: { width: number; height: number }; forAxe?: boolean; fakeClock?: boolean } = {},
): Promise<SignedIn> {
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  // axe-core is injected as a script of the page, which the console's CSP (rightly) refuses.
  const context = await browser.newContext({ viewport, acceptDownloads: true, bypassCSP: options.forAxe === true });
  const page = await context.newPage();
  const problems: string[] = [];
  // The page's URL and the top of the stack: a failure seen once in CI must say where it came from.
  // The API's last answers go with a page error: a page that broke on an answer shows which one.
  const answers: string[] = [];
  page.on('pageerror', (error) =>
    problems.push(
      `page error: ${error.message} at ${page.url()}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}\nlast API answers:\n${answers.join('\n')}`,
    ),
  );
  // Refused requests, by URL; and console errors (CSP refusals among them), but the browser's own
  // line about each refused request.
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    if (new URL(response.url()).pathname.startsWith('/v1/')) {
      void response
        .text()
        .then((body) => {
          const { pathname } = new URL(response.url());
          answers.push(`${response.request().method()} ${pathname} ${response.status()} ${body.slice(0, 160)}`);
          answers.splice(0, Math.max(0, answers.length - RECENT_ANSWERS));
        })
        .catch(() => undefined);
    }
  });
  // A refused WebSocket handshake is not one: the console reconnects with backoff (the Live badge
  // is asserted instead), and serverless offline now and then answers a $connect with 502.
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !text.startsWith('Failed to load resource') && !text.startsWith('WebSocket connection to')) {
      problems.push(`console error: ${text}`);
    }
  });
  const consoleUrl = inject('alertgate').consoleUrl;
  // The page's own clock, to move it forward (a session near its token's expiry) without waiting.
  if (options.fakeClock === true) await page.clock.install();
  await page.goto(`${consoleUrl}${path}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('alertgate');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === consoleUrl && url.pathname === path.split('?')[0]);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page, problems };
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

interface Axe {
  run(options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
}

/** axe-core's serious and critical violations (WCAG 2.1 A and AA) on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
