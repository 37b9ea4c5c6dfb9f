import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
page.on('response', async (r) => {
  if (r.url().includes(':3000'))
    console.log(r.request().method(), r.status(), r.url().slice(0, 120), r.request().method() === 'POST' ? await r.text() : '');
});
await page.goto('http://127.0.0.1:3003/approvals');
await page.getByLabel('Username').fill(process.argv[2] ?? 'alice');
await page.getByLabel('Password').fill('alertgate');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/127.0.0.1:3003\/approvals/, { timeout: 15000 });
await page.locator('article.approval').first().waitFor();
await page.locator('article.approval').first().getByRole('button', { name: 'Approve' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Confirm approval' }).click();
await page.waitForTimeout(4000);
await page.screenshot({ path: '/tmp/shots/after.png', fullPage: true });
await browser.close();
