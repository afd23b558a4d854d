#!/usr/bin/env node
// The Bridgestone Béthune story from the observatory's GraphQL API, with the fetch
// built into Node 18+ (no dependencies).
//
// Pages through every observation about the Bridgestone site (Relay cursors), then
// prints the two published headcounts at the closure announcement with their sources,
// the redeployment of the former workers by outcome, and the five occupants of the site.
//
//   OBS_URL=http://127.0.0.1:8080 node examples/js/story.mjs
//
// Settings (environment): OBS_URL (default http://127.0.0.1:8080), OBS_PAGE_SIZE
// (1-100, default 10).

const URL = (process.env.OBS_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "") + "/graphql";
const PAGE_SIZE = Number(process.env.OBS_PAGE_SIZE ?? 10);
const MAX_ATTEMPTS = 8;

/** The API answered with errors; `codes` are their extensions.code. */
class GraphQLError extends Error {
  constructor(errors) {
    const codes = errors.map((e) => e.extensions?.code ?? "UNKNOWN");
    super(errors.map((e, i) => `${codes[i]}: ${e.message}`).join("; "));
    this.errors = errors;
    this.codes = codes;
  }
}

const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));

/** Seconds to wait before retrying: Retry-After, else X-RateLimit-Reset, else backoff. */
function waitTime(res, attempt) {
  const retryAfter = res.headers.get("Retry-After");
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter);
  const reset = res.headers.get("X-RateLimit-Reset");
  if (reset && /^\d+$/.test(reset)) return Math.max(1, Number(reset) - Math.floor(Date.now() / 1000));
  return Math.min(2 ** attempt, 30);
}

/** Sends one query; retries on 429 and 503 as the server asks; throws GraphQLError. */
async function graphql(query, variables = {}, operationName = undefined) {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const res = await fetch(URL, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
      },
      body: JSON.stringify({ query, variables, operationName }),
      signal: AbortSignal.timeout(30_000),
    });
    if ((res.status === 429 || res.status === 503) && attempt + 1 < MAX_ATTEMPTS) {
      const delay = waitTime(res, attempt);
      console.error(
        `rate limited (${res.status}, remaining ${res.headers.get("X-RateLimit-Remaining") ?? "?"} of ` +
          `${res.headers.get("X-RateLimit-Limit") ?? "?"}): retrying in ${delay} s`,
      );
      await res.body?.cancel();
      await sleep(delay);
      continue;
    }
    if (!(res.headers.get("Content-Type") ?? "").includes("json")) {
      throw new Error(`HTTP ${res.status}: not a GraphQL answer`);
    }
    const payload = await res.json();
    if (payload.errors?.length) throw new GraphQLError(payload.errors);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return payload.data;
  }
  throw new Error(`still rate limited after ${MAX_ATTEMPTS} attempts`);
}

const SITE = `
query Site($slug: String!) {
  site(slug: $slug) {
    id name
    territory { name code }
    occupancies { company { name } since activity citation { source { publisher } } }
  }
}`;

const OBSERVATIONS = `
query SiteObservations($subject: ID!, $first: Int!, $after: String) {
  observations(first: $first, after: $after, filter: {subject: $subject}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      metric { code label } value unit date status rank claim dimension category
      citation { quote source { title publisher publishedOn } }
    }
  }
}`;

/** Follows pageInfo.endCursor until hasNextPage is false. */
async function allObservations(subject) {
  const nodes = [];
  let after = null;
  for (let pages = 1; ; pages++) {
    const { observations: page } = await graphql(OBSERVATIONS, { subject, first: PAGE_SIZE, after }, "SiteObservations");
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { nodes, total: page.totalCount, pages };
    after = page.pageInfo.endCursor;
  }
}

async function main() {
  const { site } = await graphql(SITE, { slug: "bridgestone-bethune" }, "Site");
  if (!site) throw new Error("no site bridgestone-bethune: is the curated dataset loaded?");
  const { nodes: observations, total, pages } = await allObservations(site.id);

  console.log(`${site.name} (${site.territory.name}, INSEE ${site.territory.code})`);
  console.log(`${observations.length} observations of ${total}, read in ${pages} pages of ${PAGE_SIZE}`);

  console.log("\nJobs at the closure announcement: the sources disagree");
  for (const o of observations.filter((o) => o.metric.code === "jobs_affected_by_closure")) {
    const source = o.citation.source;
    console.log(`  ${o.value} ${o.unit}  ${o.rank.padEnd(9)}  ${source.publisher} (${source.publishedOn})`);
    console.log(`      « ${o.citation.quote} »`);
  }

  console.log("\nWhere the former workers went, by outcome");
  const outcomes = observations.filter((o) => o.dimension === "outcome").sort((a, b) => b.value - a.value);
  for (const o of outcomes) {
    console.log(`  ${o.category.padEnd(36)} ${String(o.value).padStart(5)} ${o.unit}  (${o.date})`);
  }
  console.log(`  ${"TOTAL".padEnd(36)} ${String(outcomes.reduce((s, o) => s + o.value, 0)).padStart(5)}`);

  console.log(`\n${site.occupancies.length} occupants of the site`);
  for (const occ of site.occupancies) {
    console.log(`  since ${occ.since}  ${occ.company.name}: ${occ.activity ?? ""}`);
  }
}

main().catch((err) => {
  console.error(err instanceof GraphQLError ? `GraphQL error: ${err.message}` : `error: ${err.message}`);
  process.exit(1);
});
