/**
 * The console in real Chromium against the local stack: every development user signs in through
 * the OpenID Provider's page; an alert sent to the webhook appears without a reload; an approver
 * approves and sees the outcome; a viewer cannot; a two-person approval takes alice and frank; an
 * auditor verifies the chain and downloads an export; an admin's invalid configuration shows the
 * error at its field. Screenshots of each page land in test-output/console/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_USERS } from '../../scripts/local/identity-provider/dev-users.ts';
import { call, tokenFor } from '../helpers/api.ts';
import { launchChromium, screenshot, seriousAxeViolations, signInAs } from '../helpers/browser.ts';
import { eventually } from '../support/eventually.ts';

const TENANT = 'demo';
const run = Date.now().toString(36);
let browser: Browser;

/** A crash-looping pod of its own Deployment (so no cool-down or pending approval of another test applies). */
async function crashLoop(deployment: string, namespace = 'shop'): Promise<string> {
  const token = await tokenFor(TENANT, ['ingest'], 'alertmanager-prod');
  const posted = await call('POST', '/v1/webhooks/alertmanager', {
    token,
    json: {
      version: '4',
      status: 'firing',
      receiver: 'alertgate',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'KubePodCrashLooping',
            namespace,
            cluster: 'prod-eu-1',
            pod: `${deployment}-7d9f8b6c5d-x2kqp`,
            severity: 'warning',
          },
          annotations: { summary: `Pod ${deployment} is crash looping.`, runbook_url: 'https://runbooks.example.com/crashloop' },
          startsAt: new Date().toISOString(),
        },
      ],
    },
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  return (posted.body.alerts as { id: string }[])[0]?.id ?? '';
}

/** The card of the pending approval that restarts `deployment`. */
function approvalCard(page: Page, deployment: string) {
  return page.locator('article.approval').filter({ hasText: deployment });
}

/** No page error and no console error, but those a test provokes on purpose (a refused save). */
function expectNoPageErrors(problems: readonly string[], expected: readonly RegExp[] = []) {
  expect(problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)))).toEqual([]);
}

beforeAll(async () => {
  browser = await launchChromium();
  // Restarts in namespace `dual` need two approvers.
  const admin = await tokenFor(TENANT, ['admin']);
  const put = await call('PUT', `/v1/tenants/${TENANT}/config`, {
    token: admin,
    json: { policies: { rules: [{ matchers: ['namespace="dual"'], atLeast: 'approval-2' }] } },
    headers: { 'if-match': '"v0"' },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});

// A test that fails midway leaves no page behind polling the API under the next tests.
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

afterAll(async () => {
  await browser?.close();
});

describe('the console', () => {
  it.each(DEV_USERS.map((user) => [user.username, user.roles.join(', ')]))(
    'signs %s in through the OpenID Provider (%s)',
    async (username, roles) => {
      const { context, page, problems } = await signInAs(browser, username);
      const header = page.locator('header.top');
      await expect.poll(() => header.textContent()).toContain(`(${roles})`);
      // What the navigation offers follows the role: only admins see Settings, only auditors and admins the audit log.
      expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(roles === 'admin' ? 1 : 0);
      expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(['admin', 'auditor'].includes(roles) ? 1 : 0);
      // Changes arrive over the WebSocket API, not by polling. The first user pays the cold starts
      // of the ticket and $connect functions, next to the other test files' (serverless offline).
      await expect.poll(() => page.locator('.live-mode').textContent(), { timeout: 30_000 }).toContain('Live');
      expectNoPageErrors(problems);
      await context.close();
    },
  );

  it('refuses a wrong password on the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${inject('alertgate').consoleUrl}/incidents`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong password');
    await screenshot(page, 'sign-in-refused');
    await context.close();
  });

  it('shows an alert sent to the webhook without a reload, with its decision', async () => {
    const { context, page, problems } = await signInAs(browser, 'erin');
    const deployment = `live-${run}`;
    await screenshot(page, 'incidents-before');
    await crashLoop(deployment);
    const row = page.locator('ul[aria-label="Incidents"] li').filter({ hasText: deployment });
    await row.waitFor({ timeout: 30_000 });
    await screenshot(page, 'incidents');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(deployment) }).waitFor();
    await page.getByText('Triage decision').first().waitFor();
    await expect.poll(() => page.locator('section[aria-label="Triage decision"]').first().textContent()).toContain('restart_workload');
    await screenshot(page, 'incident');
    await page.getByRole('link', { name: /Alert details/ }).click();
    await page.getByRole('heading', { name: 'Labels' }).waitFor();
    expect(await page.getByRole('link', { name: 'Runbook' }).getAttribute('href')).toBe('https://runbooks.example.com/crashloop');
    await screenshot(page, 'alert');
    expectNoPageErrors(problems);
    await context.close();
  });

  it('lets an approver approve from the approvals page, and shows the outcome', async () => {
    const deployment = `approve-${run}`;
    await crashLoop(deployment);
    const { context, page, problems } = await signInAs(browser, 'alice', '/approvals');
    const card = approvalCard(page, deployment);
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getByRole('timer').textContent()).toMatch(/left$/);
    await screenshot(page, 'approvals');
    await card.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Comment (optional)').fill('checked the dashboards');
    await screenshot(page, 'approve-dialog');
    await dialog.getByRole('button', { name: 'Confirm approval' }).click();
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('approved by alice');
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('Outcome: dry-run');
    await screenshot(page, 'approved');
    expectNoPageErrors(problems);
    await context.close();
  });

  it('asks a reason of an approver who rejects, and shows it', async () => {
    const deployment = `reject-${run}`;
    await crashLoop(deployment);
    const { page, problems } = await signInAs(browser, 'alice', '/approvals?status=pending');
    const card = approvalCard(page, deployment);
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Confirm rejection' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('restart does not help, OOM');
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.goto(`${inject('alertgate').consoleUrl}/approvals?status=rejected`);
    const rejected = approvalCard(page, deployment);
    await rejected.waitFor({ timeout: 15_000 });
    await expect.poll(() => rejected.textContent()).toContain('rejected by alice');
    expect(await rejected.textContent()).toContain('restart does not help, OOM');
    expect(await rejected.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(page, 'rejected');
    expectNoPageErrors(problems);
  });

  it('keeps the filters in the URL, across a reload', async () => {
    const { page, problems } = await signInAs(browser, 'erin', '/incidents');
    await page.getByLabel('Severity').selectOption('warning');
    await page.getByLabel('Search').fill(`live-${run}`);
    await page.waitForURL((url) => url.searchParams.get('severity') === 'warning' && url.searchParams.get('q') === `live-${run}`);
    await page.reload();
    await page
      .locator('ul[aria-label="Incidents"] li')
      .filter({ hasText: `live-${run}` })
      .waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Severity').inputValue()).toBe('warning');
    expect(await page.getByLabel('Search').inputValue()).toBe(`live-${run}`);
    expectNoPageErrors(problems);
  });

  it('gives a viewer no enabled Approve, and says why', async () => {
    // The approval the live-alert test left pending (a new one would only time the pipeline again).
    const { context, page, problems } = await signInAs(browser, 'bob', '/approvals?status=pending');
    const card = approvalCard(page, `live-${run}`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
    expect(await card.locator('.why-not').textContent()).toContain('Your role (viewer) cannot decide approvals');
    await screenshot(page, 'approvals-viewer');
    expectNoPageErrors(problems);
    await context.close();
  });

  it('needs alice and frank for a two-person approval, on a phone', async () => {
    const deployment = `dual-${run}`;
    await crashLoop(deployment, 'dual');
    const phone = { width: 390, height: 844 };
    const alice = await signInAs(browser, 'alice', '/approvals', { viewport: phone });
    const card = approvalCard(alice.page, deployment);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('.votes').textContent()).toBe('0 of 2 approvals');
    await card.getByRole('button', { name: 'Approve' }).click();
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Confirm approval' }).click();
    // The dialog closes once the vote is in; if it stays, its text says why (a refusal, a lost connection).
    await expect
      .poll(
        async () => ((await alice.page.getByRole('dialog').count()) === 0 ? 'closed' : await alice.page.getByRole('dialog').textContent()),
        { timeout: 15_000 },
      )
      .toBe('closed');
    await expect.poll(() => card.locator('.votes').textContent(), { timeout: 15_000 }).toBe('1 of 2 approvals');
    expect(await card.locator('.why-not').textContent()).toContain('a second approver must decide');
    await screenshot(alice.page, 'two-person-first-vote-phone');

    const frank = await signInAs(browser, 'frank', '/approvals', { viewport: phone });
    const franksCard = approvalCard(frank.page, deployment);
    await franksCard.waitFor({ timeout: 30_000 });
    await franksCard.getByRole('button', { name: 'Approve' }).click();
    await frank.page.getByRole('dialog').getByRole('button', { name: 'Confirm approval' }).click();
    await expect.poll(() => franksCard.textContent(), { timeout: 30_000 }).toContain('approved by frank');
    // Alice's page learns of frank's vote without a reload, pushed over the WebSocket (polling, while it is open, waits 30 s).
    await expect.poll(() => card.getByText('approved', { exact: true }).count(), { timeout: 8_000 }).toBeGreaterThan(0);
    await screenshot(frank.page, 'two-person-approved-phone');
    expectNoPageErrors([...alice.problems, ...frank.problems]);
    await alice.context.close();
    await frank.context.close();
  });

  it("lets a responder correct a decision, and routes the service's next alert by it", async () => {
    // A product the shipped model never saw, with a name of letters only (digits split words).
    const product = `Quillmesh${run.replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)] ?? 'x')}`;
    const token = await tokenFor(TENANT, ['ingest', 'viewer'], 'grafana-prod');
    const post = async (name: string) => {
      const posted = await call('POST', '/v1/webhooks/generic', {
        token,
        // A fresh instance each time: a repeat would be the same alert (same fingerprint).
        json: { name, summary: `${product} is unwell`, labels: { job: product.toLowerCase(), instance: `node-${Math.random()}` } },
      });
      return (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    };
    const decidedBy = async (id: string) => {
      const decision = await eventually(
        `the decision on ${id}`,
        async () =>
          ((await call('GET', `/v1/alerts/${id}`, { token })).body.triage as { decision?: { decidedBy: { kind: string } } }).decision,
      );
      return decision.decidedBy.kind;
    };
    const first = await post(`${product}DiskSlow`);
    expect(await decidedBy(first)).toBe('classifier');
    const { context, page, problems } = await signInAs(browser, 'erin', `/alerts/${first}`);
    const panel = page.locator('section[aria-label="Triage decision"]');
    await panel.waitFor();
    await page.getByText('Correct this decision').click();
    // The form starts from the decision as it stands: only what the responder changes is sent.
    expect(await panel.getByLabel('Severity').inputValue()).toBe('warning');
    await panel.getByLabel('Category').selectOption('Storage');
    await panel.getByLabel('Team').fill('storage-oncall');
    await panel.getByLabel('Note (optional)').fill('our object store');
    await screenshot(page, 'correction-form');
    await panel.getByRole('button', { name: 'Save correction' }).click();
    await page.getByRole('status').filter({ hasText: 'Corrected' }).waitFor();
    await page.reload();
    await expect.poll(() => panel.textContent()).toContain('corrected by erin');
    expect(await panel.textContent()).toContain('Triage had said');

    // Every triage instance reads the tenant's model again within 2 s: alerts sent meanwhile may miss it.
    const second = await eventually(
      'an alert routed by the correction',
      async () => {
        const id = await post(`${product}NodeDown`);
        return (await decidedBy(id)) === 'learned' ? id : undefined;
      },
      { interval: 250, timeout: 10_000 },
    );
    await page.goto(new URL(`/alerts/${second}`, page.url()).toString());
    await expect.poll(() => panel.textContent()).toContain('learned from a correction by erin');
    expect(await panel.textContent()).toContain('storage-oncall');
    await screenshot(page, 'learned-decision');
    expectNoPageErrors(problems);
    await context.close();

    // An admin undoes it from the settings: the first alert's decision is triage's own again.
    const dave = await signInAs(browser, 'dave', '/settings');
    const corrections = dave.page.locator('section[aria-label="Corrections"]');
    const entry = corrections.locator('li').filter({ hasText: `${product}DiskSlow` });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('team — → storage-oncall');
    await screenshot(dave.page, 'corrections');
    dave.page.once('dialog', (dialog) => void dialog.accept());
    await entry.getByRole('button', { name: 'Undo' }).click();
    await entry.waitFor({ state: 'detached' });
    expect(await decidedBy(first)).toBe('classifier');
    expectNoPageErrors(dave.problems);
    await dave.context.close();
  });

  it('renews the session silently before its token expires, and keeps the live socket', async () => {
    const { context, page, problems } = await signInAs(browser, 'bob', '/incidents', { fakeClock: true });
    const bearers: string[] = [];
    const tickets: string[] = [];
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (authorization !== undefined) bearers.push(authorization);
      if (request.url().endsWith('/v1/live/tickets')) tickets.push(request.url());
    });
    await expect.poll(() => page.locator('.live-mode').textContent(), { timeout: 15_000 }).toContain('Live');
    await page.locator('.counts').waitFor();
    const before = new Set(bearers);
    const ticketsBefore = tickets.length;
    // Fifty-nine and a half minutes on: the token (an hour) is a minute from expiry, so the console
    // asks the provider for a new one with its refresh token, in the background.
    await page.clock.fastForward('59:30');
    await expect.poll(() => bearers.some((bearer) => !before.has(bearer)), { timeout: 30_000 }).toBe(true);
    // No sign-in page: the user never saw it happen. And the socket was reopened with the new token's ticket.
    expect(new URL(page.url()).pathname).toBe('/incidents');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await expect.poll(() => tickets.length, { timeout: 15_000 }).toBeGreaterThan(ticketsBefore);
    await expect.poll(() => page.locator('.live-mode').textContent(), { timeout: 15_000 }).toContain('Live');
    expectNoPageErrors(problems);
    await context.close();
  });

  it('lets an auditor verify the chain and download an export', async () => {
    const { context, page, problems } = await signInAs(browser, 'carol', '/audit');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/^✓ Valid: \d+ entries checked/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export NDJSON' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const entries = lines.map((line) => JSON.parse(line) as { seq: number; tenant: string });
    expect(entries.every((entry) => entry.tenant === TENANT)).toBe(true);
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, index) => index + 1));
    await screenshot(page, 'audit');
    expectNoPageErrors(problems);
    await context.close();
  });

  it('shows a viewer the dashboard from the counters, with charts, tables and a range kept in the URL', async () => {
    await crashLoop(`dash-${run}`);
    const { context, page, problems } = await signInAs(browser, 'bob', '/dashboard');
    const received = page.locator('.figure').filter({ hasText: 'Alerts received' }).locator('strong');
    await expect.poll(async () => Number(await received.textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ranked li').filter({ hasText: 'KubePodCrashLooping' }).count()).toBe(1);
    // The chart drew on its canvas, and its figures are there as a table for those who cannot see it.
    const chart = page.getByRole('figure').filter({ hasText: 'Alerts by severity' });
    expect(Number(await chart.locator('canvas').getAttribute('width'))).toBeGreaterThan(0);
    await chart.getByText('Figures as a table').click();
    expect(await chart.getByRole('columnheader', { name: 'warning' }).count()).toBe(1);
    await screenshot(page, 'dashboard');
    await page.getByLabel('Break down by').selectOption('category');
    await page.getByRole('figure').filter({ hasText: 'Alerts by category' }).waitFor();
    await page.getByLabel('Range').selectOption('7d');
    await expect.poll(() => page.url()).toMatch(/range=7d/);
    expect(page.url()).toMatch(/by=category/);
    await page.reload();
    await page.getByRole('figure').filter({ hasText: 'Alerts by category' }).waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Range').inputValue()).toBe('7d');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboard-week-phone');
    expectNoPageErrors(problems);
    await context.close();
  });

  it("shows an admin's invalid configuration error next to its field", async () => {
    const { context, page, problems } = await signInAs(browser, 'dave', '/settings');
    const field = page.getByLabel('approvalDeadlineMinutes');
    await field.waitFor();
    await field.fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    const fieldBox = page.locator('.field').filter({ has: page.locator('#field-policies\\.approvalDeadlineMinutes') });
    await expect.poll(() => fieldBox.getByRole('alert').textContent()).toMatch(/>=\s*5|at least 5|too small/i);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'settings-invalid');
    // Put it right: the number is saved as a number, and the error goes.
    await field.fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Saved as version \d+\.$/);
    expect(await fieldBox.getByRole('alert').count()).toBe(0);
    const saved = await call('GET', `/v1/tenants/${TENANT}/config`, { token: await tokenFor(TENANT, ['admin']) });
    expect((saved.body.config as { policies: { approvalDeadlineMinutes: unknown } }).policies.approvalDeadlineMinutes).toBe(45);
    expectNoPageErrors(problems, [/^422 PUT /]);
    await context.close();
  });

  it('lets an admin add a notification target in the form, started from the schema, and remove it again', async () => {
    const admin = await tokenFor(TENANT, ['admin']);
    const targetsNow = async () =>
      (
        (await call('GET', `/v1/tenants/${TENANT}/config`, { token: admin })).body.config as {
          notifications: { targets: { id: string }[] };
        }
      ).notifications.targets;
    const before = (await targetsNow()).length;
    const { context, page, problems } = await signInAs(browser, 'dave', '/settings');
    await page.getByRole('button', { name: 'Add to targets' }).click();
    const at = (field: string) => page.locator(`#field-notifications\\.targets\\.${before}\\.${field}`);
    // It starts with what the schema requires, at its first allowed value or blank.
    expect(await at('type').inputValue()).toBe('slack');
    await at('type').fill('webhook');
    await at('id').fill(`console-${run}`);
    await at('url').fill('https://hooks.example.com/alertgate');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Saved as version \d+\.$/);
    expect((await targetsNow()).map((target) => target.id)).toContain(`console-${run}`);
    await screenshot(page, 'settings-target-added');
    await page.getByRole('button', { name: `Remove targets ${before + 1}` }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await targetsNow()).map((target) => target.id)).not.toContain(`console-${run}`);
    expectNoPageErrors(problems);
    await context.close();
  });

  it('has no serious or critical accessibility violations on any page, and works from the keyboard', async () => {
    const { context, page, problems } = await signInAs(browser, 'dave', '/incidents', { forAxe: true });
    const incident = page.locator('ul[aria-label="Incidents"] a').first();
    await incident.waitFor({ timeout: 30_000 });
    const found: Record<string, unknown> = {};
    for (const path of ['/incidents', '/approvals', '/dashboard', '/audit', '/settings']) {
      await page.goto(`${inject('alertgate').consoleUrl}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      found[path] = await seriousAxeViolations(page);
    }
    await page.goto(`${inject('alertgate').consoleUrl}/incidents`);
    await incident.waitFor();
    await incident.click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    found.incident = await seriousAxeViolations(page);
    expect(found).toEqual({ '/incidents': [], '/approvals': [], '/dashboard': [], '/audit': [], '/settings': [], incident: [] });
    // Keyboard: Tab reaches the navigation, and the focused element is visibly outlined.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // A string, evaluated in the page: the tests are type-checked without the DOM library.
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    expectNoPageErrors(problems);
    await context.close();
  });
});
