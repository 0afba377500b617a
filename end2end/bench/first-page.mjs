// The first page as a browser gets it: signs in, then loads the dashboard in a fresh tab and
// reports what it downloaded and how long until the page was interactive (hydrated).
// Usage: node first-page.mjs BASE_URL EMAIL PASSWORD
import { chromium } from '@playwright/test';

const [base, email, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const context = await browser.newContext();
const login = await context.request.post(`${base}/api/login`, {
  form: { 'form[email]': email, 'form[password]': password, 'form[next]': '/' },
  headers: { Origin: base },
});
if (!login.ok()) throw new Error(`login: ${login.status()}`);
const runs = [];
for (let i = 0; i < 5; i++) {
  const page = await context.newPage();
  const sizes = {};
  page.on('response', async (r) => {
    const url = new URL(r.url());
    const body = await r.body().catch(() => Buffer.alloc(0));
    const sent = (await r.request().sizes().catch(() => null))?.responseBodySize ?? null;
    sizes[url.pathname] = { raw: body.length, transferred: sent, encoding: r.headers()['content-encoding'] ?? '' };
  });
  const started = Date.now();
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 60_000 });
  const interactive = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
  });
  runs.push({ interactive, ...timing, sizes });
  await page.close();
}
await browser.close();
const sorted = runs.map((r) => r.interactive).sort((a, b) => a - b);
console.log(JSON.stringify({ interactive_ms_median: sorted[Math.floor(sorted.length / 2)], runs }, null, 1));
