// Browser test: headless Chromium (Debian's package) opens GraphiQL from the running
// server, runs the first story ("Bridgestone, five years on") and checks that the result
// pane shows its data. Usage: node story.mjs http://127.0.0.1:PORT/ [screenshot.png]
import { chromium } from 'playwright-core';

const base = process.argv[2] || 'http://127.0.0.1:8080/';
const shot = process.argv[3] || 'graphiql-story.png';
// What the result pane shows at the top (Monaco renders only the visible lines), and
// what the GraphQL response behind it must hold.
const visible = ['"data"', 'Ancien site Bridgestone de Béthune', '62119'];
const expected = ['Black-Star', 'Azur Datacenter', 'REOCCUPIED', 'SIG', '1961'];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(base.replace(/\/$/, ''))) external.push(r.url()); });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  await page.goto(base, { waitUntil: 'networkidle', timeout: 30000 });
  // The page opens on the first story; run it with GraphiQL's run button.
  const responded = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST', { timeout: 30000 });
  await page.locator('button.graphiql-execute-button').click({ timeout: 30000 });
  const body = await (await responded).text();
  // Wait until the result pane shows the story's data.
  await page.waitForFunction(
    (words) => {
      const pane = document.querySelector('.graphiql-response');
      const text = pane ? pane.innerText.replace(/\u00a0/g, ' ') : '';
      return words.every((w) => text.includes(w));
    },
    visible,
    { timeout: 30000 },
  );
  await page.screenshot({ path: shot });
  const missing = expected.filter((w) => !body.includes(w));
  if (missing.length) { failed = true; console.error('the response lacks:', missing.join(', ')); }
  if (body.includes('"errors"')) { failed = true; console.error('the story answered with errors:', body.slice(0, 300)); }
  if (external.length) { failed = true; console.error('requests to other hosts:', external.join(' ')); }
  if (consoleErrors.length) console.error('console errors (not fatal):', consoleErrors.slice(0, 5).join(' | '));
  console.log(`browser test: GraphiQL ran "Bridgestone, five years on"; the result pane shows ${visible.join(', ')}; the response holds ${expected.length - missing.length}/${expected.length} expected values; screenshot ${shot}`);
} catch (err) {
  failed = true;
  console.error('browser test failed:', err.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
