// Browser test of the observatory's own parts of GraphiQL, in headless Chromium
// (Debian's package) at 1280×720:
//   - links: a story's permanent link opens it; the address follows the editor as one
//     types (compressed query in the fragment) and such a link restores the query; the
//     copy-link button;
//   - the result views, checked against the JSON answer: the table of figures (rows,
//     a quote opened, the CSV export), the time-series chart (points by status), the
//     network (nodes, edges, a node selected with the keyboard), the map (features,
//     those located at their commune drawn hollow and spread apart while their data
//     keep the same coordinates);
//   - French and English panels after the browser's language; typographic apostrophes
//     not flagged by the editor; the Explorer lists site, sites, search… first;
//   - the rate limit: 300 page and asset requests in a minute from this address all
//     succeed and the page still works; on a server with a small limit (second URL),
//     refused API calls are shown in words, not as a blank page.
// Usage: node views.mjs BASE_URL ARTEFACTS_DIR [LIMITED_BASE_URL]
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = (process.argv[2] || 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
const out = process.argv[3] || '.';
const limitedBase = process.argv[4] ? process.argv[4].replace(/\/?$/, '/') : null;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});

const failures = [];
const passed = [];
function check(ok, what, detail = '') {
  if (ok) passed.push(what);
  else failures.push(`${what}${detail ? `: ${detail}` : ''}`);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ` (${detail})` : ''}`);
}
const shots = [];
async function shot(page, name) {
  const file = join(out, name);
  await page.screenshot({ path: file });
  shots.push(file);
}

async function newPage(locale, origin = base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(origin).origin });
  const page = await context.newPage();
  page.external = [];
  page.errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) page.external.push(r.url()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

// open loads the page at a fragment and waits for GraphiQL and the schema.
async function open(page, fragment, origin = base) {
  await page.goto(origin + fragment, { waitUntil: 'networkidle', timeout: 45000 });
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30000 });
}

const editorText = (page) => page.evaluate(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.replace(/\u00a0/g, ' ') || '');

// run clicks GraphiQL's run button and returns the JSON answer.
async function run(page) {
  // GraphiQL reads the operation name from the editor after a short debounce.
  await page.waitForTimeout(300);
  const responded = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST'
    && !(r.request().postData() || '').includes('IntrospectionQuery'), { timeout: 30000 });
  await page.locator('button.graphiql-execute-button').click();
  const res = await responded;
  return JSON.parse(await res.text());
}

async function showView(page, id) {
  await page.locator(`[data-view-tab="${id}"]`).click();
  await page.locator('#obs-view-panel').waitFor();
}

// Independent counts from the JSON answer.
function walk(v, visit) {
  if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
  else if (v && typeof v === 'object') { visit(v); Object.values(v).forEach((x) => walk(x, visit)); }
}
function findKey(v, key) {
  let found = null;
  walk(v, (o) => { if (found === null && key in o) found = o[key]; });
  return found;
}

try {
  // --- French page, a story's permanent link, the table of figures ------------------
  const fr = await newPage('fr-FR');
  await open(fr, '#story=where-did-the-workers-go&view=table');
  check((await fr.locator('.obs-stories .graphiql-doc-explorer-title').innerText()) === 'Histoires', 'French panel title "Histoires" for a fr-FR browser');
  check((await fr.locator('[data-story="where-did-the-workers-go"] .obs-story-name').innerText()).startsWith('Où sont partis les salariés'), 'stories listed with their French titles');
  check((await editorText(fr)).includes('query WhereDidTheWorkersGo'), 'the permalink #story=where-did-the-workers-go opened the story in the editor');
  check(await fr.locator('[data-story="where-did-the-workers-go"][aria-current="true"]').count() === 1, 'the open story is marked in the panel');
  const workers = await run(fr);
  check(!workers.errors, 'the story answered without errors', JSON.stringify(workers.errors || '').slice(0, 200));
  await fr.locator('.obs-table tbody tr.obs-figure').first().waitFor({ timeout: 10000 });
  let valueObjects = 0;
  walk(workers.data, (o) => { if (typeof o.value === 'number') valueObjects++; });
  const rows = await fr.locator('.obs-table tbody tr.obs-figure').count();
  check(rows === valueObjects && rows > 10, `table: ${rows} rows for the ${valueObjects} figures of the answer`);
  const numbers = await fr.locator('.obs-table tbody tr.obs-figure td.obs-num').allInnerTexts();
  check(numbers.some((s) => s.replace(/\s/g, '') === '863') && numbers.some((s) => s.replace(/\s/g, '') === '823'), 'table shows the disputed headcounts 863 and 823');
  const firstQuote = findKey(workers.data.breakdowns, 'quote');
  await fr.locator('.obs-table .obs-quote-button').first().click();
  const quoteShown = await fr.locator('.obs-quote-row blockquote').first().innerText();
  check(quoteShown.includes(firstQuote.slice(0, 40)), 'a figure opens its quote', quoteShown.slice(0, 80));
  await fr.locator('.obs-table-scroll').evaluate((el) => { el.scrollLeft = 0; });
  await shot(fr, 'views-table-fr.png');
  await fr.locator('[data-testid="widen"]').click();
  check(await fr.locator('.graphiql-editors').isHidden(), 'the widen button lays the result over the editor');
  await shot(fr, 'views-table-wide-fr.png');
  await fr.locator('[data-testid="widen"]').click();
  check(await fr.locator('.graphiql-editors').isVisible(), 'and puts it back beside the editor');
  const [download] = await Promise.all([fr.waitForEvent('download'), fr.locator('[data-testid="csv-export"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  const csvLines = csv.replace(/^\ufeff/, '').trim().split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  check(csv.startsWith('\ufeffsubject,metric,value') && csvLines.length === rows + 1, `CSV export: header + ${csvLines.length - 1} rows (${download.suggestedFilename()})`);

  // The address follows the editor: typing changes the fragment (debounced).
  const hashBefore = await fr.evaluate(() => location.hash);
  check(hashBefore.startsWith('#story=where-did-the-workers-go') && hashBefore.includes('view=table') && !hashBefore.includes('q='), `unchanged story: the link stays short (${hashBefore})`);
  await fr.locator('.graphiql-query-editor .monaco-editor').first().click();
  await fr.keyboard.press('Control+End');
  await fr.keyboard.type('\n# l’usine « Reverse Industry » : où en est-on ?', { delay: 5 });
  await fr.waitForFunction(() => location.hash.includes('q='), null, { timeout: 5000 });
  const edited = await fr.evaluate(() => location.href);
  check(/#story=where-did-the-workers-go&q=1[\w-]+&view=table$/.test(new URL(edited).hash), 'typing puts the compressed query in the fragment, next to the open story and view');
  await fr.waitForTimeout(600);
  const flagged = await fr.locator('.graphiql-query-editor .unicode-highlight, .graphiql-response .unicode-highlight').count();
  const errorsInEditor = await fr.locator('.graphiql-query-editor .squiggly-error').count();
  check(flagged === 0 && errorsInEditor === 0, 'typographic apostrophes and quotes are not flagged by the editor', `${flagged} highlights, ${errorsInEditor} errors`);

  // The copy-link button.
  await fr.locator('[data-testid="copy-link"]').click();
  await fr.locator('[data-testid="toast"]').waitFor({ timeout: 5000 });
  const clip = await fr.evaluate(() => navigator.clipboard.readText()).catch(() => '');
  const field = await fr.locator('.obs-link-field').count() ? await fr.locator('.obs-link-field').inputValue() : '';
  const current = await fr.evaluate(() => location.href);
  check((clip === current || field === current) && current.includes('q=1'), 'copy link copies the current link', clip || field);

  // A fresh browser opens the link: same query, same view.
  const other = await newPage('fr-FR');
  await open(other, new URL(current).hash);
  const restored = await editorText(other);
  check(restored.includes('Reverse Industry') && restored.includes('query WhereDidTheWorkersGo'), 'the link restores the edited query in another browser');
  check(await other.locator('[data-view-tab="table"][aria-selected="true"]').count() === 1, 'the link restores the open view');
  await other.context().close();

  // --- time series (a link followed inside the page) --------------------------------
  await fr.evaluate(() => { location.hash = '#story=jobs-at-acc'; });
  await fr.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.includes('timeSeries'), null, { timeout: 10000 });
  const series = await run(fr);
  await showView(fr, 'chart');
  const points = series.data.timeSeries.points;
  await fr.locator('.obs-chart [data-point]').first().waitFor({ timeout: 10000 });
  const drawn = await fr.locator('.obs-chart [data-point]').count();
  const byStatus = {};
  points.forEach((p) => { byStatus[p.status] = (byStatus[p.status] || 0) + 1; });
  const drawnTargets = await fr.locator('.obs-chart [data-point="TARGET"]').count();
  check(drawn === points.length && drawnTargets === (byStatus.TARGET || 0), `chart: ${drawn} points for the ${points.length} of the answer (${JSON.stringify(byStatus)})`);
  await fr.locator('.obs-chart [data-point]').first().focus();
  check((await fr.locator('.obs-chart-detail').innerText()).includes('Objectif'), 'a focused point is described (status in French)');
  await shot(fr, 'views-chart-fr.png');

  // Black-Star: actual and target apart.
  await fr.evaluate(() => { location.hash = '#story=black-star-jobs&view=chart'; });
  await fr.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.includes('BlackStar'), null, { timeout: 10000 });
  const bs = await run(fr);
  const bsPoints = bs.data.timeSeries.actual.length + bs.data.timeSeries.target.length;
  await fr.waitForTimeout(300);
  check(await fr.locator('.obs-chart [data-point]').count() === bsPoints, `chart of actual + target lists: ${bsPoints} points`);

  // --- network -------------------------------------------------------------------
  await fr.evaluate(() => { location.hash = '#story=network-bridgestone&view=network'; });
  await fr.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.includes('graph('), null, { timeout: 10000 });
  const net = await run(fr);
  await fr.locator('.obs-network [data-node]').first().waitFor({ timeout: 10000 });
  const nodes = await fr.locator('.obs-network [data-node]').count();
  const edges = await fr.locator('.obs-network [data-edge]').count();
  check(nodes === net.data.graph.nodes.length && edges === net.data.graph.edges.length,
    `network: ${nodes} nodes and ${edges} edges for ${net.data.graph.nodes.length} and ${net.data.graph.edges.length} in the answer`);
  const first = fr.locator('.obs-network [data-node]').first();
  await first.focus();
  await fr.keyboard.press('Enter');
  const links = await fr.locator('.obs-network .obs-details li').count();
  const start = net.data.graph.nodes[0].id;
  const expectedLinks = net.data.graph.edges.filter((e) => e.source === start || e.target === start).length;
  check(links === expectedLinks && links > 0, `a node selected with the keyboard lists its ${expectedLinks} links`, `${links}`);
  await shot(fr, 'views-network-fr.png');

  // --- map -------------------------------------------------------------------------
  await fr.evaluate(() => { location.hash = '#story=site-map&view=map'; });
  await fr.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.includes('sitesGeoJSON'), null, { timeout: 10000 });
  const map = await run(fr);
  const features = map.data.sitesGeoJSON.features;
  await fr.locator('.obs-map [data-feature]').first().waitFor({ timeout: 10000 });
  const drawnFeatures = await fr.locator('.obs-map [data-feature]').count();
  const commune = features.filter((f) => f.properties.locationPrecision === 'COMMUNE').length;
  const hollow = await fr.locator('.obs-map [data-feature][data-precision="approximate"]').count();
  check(drawnFeatures === features.length && hollow === commune, `map: ${drawnFeatures} features for ${features.length} in the answer, ${hollow} drawn as located at their commune`);
  // Two sites at the same point in the data are drawn apart.
  const key = (f) => f.geometry.coordinates.join(',');
  const firstShared = features.find((f) => features.some((g) => g !== f && key(g) === key(f)));
  const shared = firstShared ? features.filter((f) => key(f) === key(firstShared)) : [];
  if (shared.length >= 2) {
    const boxes = [];
    for (const f of shared.slice(0, 2)) {
      const i = features.indexOf(f);
      boxes.push(await fr.locator(`.obs-map [data-feature="${i}"] circle`).boundingBox());
    }
    const apart = Math.hypot(boxes[0].x - boxes[1].x, boxes[0].y - boxes[1].y);
    check(apart > 8 && key(shared[0]) === key(shared[1]), `sites sharing a point in the data (${shared[0].properties.name}, ${shared[1].properties.name}) are drawn ${Math.round(apart)} px apart`);
  } else {
    check(false, 'the site map has sites sharing a point (the commune of Béthune)');
  }
  check(await fr.locator('.obs-map-svg path.obs-land-fr').count() === 1 && (await fr.locator('.obs-attribution').innerText()).includes('Natural Earth'), 'map draws the bundled outline of France with its attribution');
  await fr.locator('.obs-map [data-feature]').first().focus();
  await fr.keyboard.press('Enter');
  check((await fr.locator('.obs-map .obs-details dl').innerText()).includes('locationPrecision'), 'a marker selected with the keyboard shows its properties');
  await shot(fr, 'views-map-fr.png');
  // The communes of the agglomeration: territories, sized by population, none spread.
  await fr.evaluate(() => { location.hash = '#story=commune-map&view=map'; });
  await fr.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.innerText.includes('territoriesGeoJSON'), null, { timeout: 10000 });
  const communes = (await run(fr)).data.territoriesGeoJSON.features;
  await fr.waitForFunction((n) => document.querySelectorAll('.obs-map [data-feature]').length === n, communes.length, { timeout: 10000 }).catch(() => {});
  const drawnCommunes = await fr.locator('.obs-map [data-feature]').count();
  const radii = new Set(await fr.locator('.obs-map [data-feature] circle').evaluateAll((els) => els.map((e) => e.getAttribute('r'))));
  check(drawnCommunes === communes.length && communes.length > 20 && radii.size > 5 && await fr.locator('.obs-map [data-precision="approximate"]').count() === 0,
    `commune map: ${drawnCommunes} features for ${communes.length}, sized by population, none marked approximate`);
  await shot(fr, 'views-map-communes-fr.png');
  check(fr.external.length === 0, 'no request leaves the server (same origin only)', fr.external.join(' '));
  check(fr.errors.length === 0, 'no JavaScript error in the page', fr.errors.join(' | '));

  // --- English page, the layout at 1280×720, the Explorer's order ------------------------
  const en = await newPage('en-US');
  await open(en, '');
  await shot(en, 'page-1280x720-en.png');
  // Every story's query is shown whole in the editor, without scrolling.
  const storyIds = await en.locator('.obs-stories [data-story]').evaluateAll((els) => els.slice(0, 6).map((e) => e.dataset.story));
  const cut = [];
  for (const id of storyIds) {
    await en.locator(`.obs-stories [data-story="${id}"]`).click();
    await en.waitForTimeout(400);
    const seen = await en.evaluate(() => {
      const editor = document.querySelector('.graphiql-query-editor .monaco-editor');
      const bottom = editor.getBoundingClientRect().bottom;
      const numbers = [...editor.querySelectorAll('.line-numbers')]
        .filter((n) => n.getBoundingClientRect().bottom <= bottom + 1)
        .map((n) => parseInt(n.textContent, 10)).filter(Number.isFinite);
      return Math.max(0, ...numbers);
    });
    const queryLines = await en.evaluate((sid) => {
      const cfg = JSON.parse(document.getElementById('graphiql-config').textContent);
      return cfg.examples.find((e) => e.id === sid).query.split('\n').length;
    }, id);
    if (seen < queryLines) cut.push(`${id}: ${seen}/${queryLines} lines`);
  }
  check(storyIds.length === 6 && cut.length === 0, 'at 1280×720 every story query is shown whole in the editor', cut.join(', '));
  check((await en.locator('.obs-stories .graphiql-doc-explorer-title').innerText()) === 'Stories', 'English panel title "Stories" for an en-US browser');
  check((await en.locator('[data-view-tab="table"]').innerText()).startsWith('Table'), 'English view tabs');
  // On an empty tab, the Explorer lists the root fields alone.
  await en.locator('button.graphiql-tab-add').click();
  await en.locator('.graphiql-sidebar button[aria-label="Show GraphiQL Explorer"]').click();
  await en.locator('.graphiql-explorer-root [data-field-name]').first().waitFor({ timeout: 10000 });
  const names = await en.locator('.graphiql-explorer-root [data-field-name]').evaluateAll((els) => els.map((e) => e.dataset.fieldName));
  const idx = (n) => names.indexOf(n);
  check(idx('site') >= 0 && idx('site') < idx('auditTrail') && idx('timeSeries') < idx('auditTrail') && idx('graph') < idx('companies') && idx('sites') < idx('breakdowns'),
    'Explorer lists journalist-facing root fields first', names.slice(0, 12).join(' '));
  await shot(en, 'views-explorer-en.png');

  // --- the rate limit ---------------------------------------------------------------------
  // 300 requests for the page and its assets in a minute from this address.
  async function assetURLs(origin) {
    const html = await (await fetch(origin)).text();
    const urls = ['', 'graphiql/'];
    for (const m of html.matchAll(/\/graphiql\/assets\/[\w.-]+/g)) urls.push(m[0].slice(1));
    const entry = urls.find((u) => u.endsWith('.js'));
    for (const m of (await (await fetch(origin + entry)).text()).matchAll(/"(?:\.\/)?([\w.-]+-[\w-]{8}\.(?:js|css|ttf))"/g)) urls.push('graphiql/assets/' + m[1]);
    return urls;
  }
  async function hammer(origin) {
    const urls = await assetURLs(origin);
    const started = Date.now();
    const statuses = {};
    let next = 0;
    await Promise.all(Array.from({ length: 6 }, async () => {
      while (next < 300) {
        const u = urls[next++ % urls.length];
        const r = await fetch(origin + u, { headers: { 'Accept-Encoding': 'gzip' } });
        await r.arrayBuffer();
        statuses[r.status] = (statuses[r.status] || 0) + 1;
      }
    }));
    return { statuses, seconds: (Date.now() - started) / 1000 };
  }
  const h = await hammer(base);
  check(h.statuses[200] === 300 && h.seconds < 60, `300 page and asset requests in ${h.seconds.toFixed(1)} s: ${JSON.stringify(h.statuses)}`);
  const after = await newPage('fr-FR');
  await open(after, '#story=bridgestone-five-years-on');
  const story = await run(after);
  check(story.data && story.data.site && story.data.site.name.includes('Bridgestone'), 'after them the page still loads and runs a story');
  await after.context().close();

  if (limitedBase) {
    // A server allowing 10 API calls a minute: 300 page and asset requests still all
    // succeed; the API calls are refused past the limit, and the page says so.
    const hl = await hammer(limitedBase);
    check(hl.statuses[200] === 300, `limited server: 300 page and asset requests all served (${JSON.stringify(hl.statuses)})`);
    const lim = await newPage('fr-FR', limitedBase);
    await open(lim, '#story=bridgestone-five-years-on', limitedBase);
    let refused = null;
    for (let i = 0; i < 15 && !refused; i++) {
      const ans = await run(lim);
      if (ans.errors && ans.errors.some((e) => e.extensions && e.extensions.code === 'RATE_LIMITED')) refused = ans;
    }
    check(!!refused, 'the limited server refuses API calls past its limit (RATE_LIMITED)');
    const notice = lim.locator('[data-testid="rate-limit-notice"]');
    await notice.waitFor({ timeout: 5000 }).catch(() => {});
    const text = (await notice.count()) ? await notice.innerText() : '';
    check(/Trop de requêtes/.test(text) && /Réessayez dans \d+/.test(text.replace(/\u00a0/g, ' ')), 'the refusal is shown in words with the time to wait', text.slice(0, 160));
    check(await lim.locator('.graphiql-query-editor .monaco-editor').isVisible(), 'the page stays usable (editor shown, not a blank page)');
    await shot(lim, 'views-rate-limited-fr.png');
    await lim.context().close();
  }
  await fr.context().close();
  await en.context().close();
} catch (err) {
  failures.push(`exception: ${err.stack || err.message}`);
  console.error(err);
} finally {
  await browser.close();
}
console.log(`screenshots: ${shots.join(' ')}`);
console.log(`${passed.length} passed, ${failures.length} failed`);
if (failures.length) console.error('failures:\n  ' + failures.join('\n  '));
process.exit(failures.length ? 1 : 0);
