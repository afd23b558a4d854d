// GraphQL-over-HTTP conformance audit (graphql-http@1.23.1 serverAudits) against a
// running observatory server. Exits non-zero on any warn or error.
//
//   cd tools/audit && npm ci && node audit.mjs http://127.0.0.1:8080/graphql [OUT_JSON]
//
// Node >= 18 (global fetch).
import { serverAudits } from 'graphql-http';
import { writeFileSync } from 'node:fs';

const url = process.argv[2] || 'http://127.0.0.1:8080/graphql';
const outFile = process.argv[3];

const audits = serverAudits({ url, fetchFn: fetch });
const results = [];
for (const audit of audits) {
  let r;
  try {
    r = await audit.fn();
  } catch (e) {
    r = { id: audit.id, name: audit.name, status: 'error', reason: 'fatal: ' + (e && e.message) };
  }
  results.push({ id: r.id, name: r.name, status: r.status, reason: r.reason });
}
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const r of results) counts[r.status] = (counts[r.status] || 0) + 1;
for (const r of results) {
  if (r.status !== 'ok') console.log(`[${r.status}] ${r.id} ${r.name}\n        ${r.reason}`);
}
console.log(`\nendpoint ${url}: ${results.length} audits: ` +
  ['ok', 'notice', 'warn', 'error'].map((s) => `${s}=${counts[s]}`).join(' '));
if (outFile) writeFileSync(outFile, JSON.stringify({ url, counts, results }, null, 2));
process.exit(counts.warn + counts.error > 0 ? 1 : 0);
