// The fetcher: POSTs the operation as JSON and asks for the GraphQL-over-HTTP media
// type first. Error responses (4xx with a JSON body) are returned, so GraphiQL shows
// them in the JSON pane. A 429 (the API's per-address rate limit) is also reported
// to the store, and the page shows it in words with the waiting time; the schema's
// introspection, without which the editor is blind, waits and tries again by itself.
import { setState } from './store.js';

const INTROSPECTION_RETRIES = 3;

function retryAfterSeconds(res, body) {
  const header = parseInt(res.headers.get('Retry-After') || '', 10);
  if (Number.isFinite(header) && header > 0) return header;
  const ext = body && Array.isArray(body.errors) && body.errors[0] && body.errors[0].extensions;
  if (ext && Number.isFinite(ext.retryAfter)) return ext.retryAfter;
  return 5;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function makeFetcher(endpoint) {
  return async function fetcher(params, opts) {
    const introspection = params && /IntrospectionQuery/.test(params.operationName || '');
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            Accept: 'application/graphql-response+json, application/json',
            'Content-Type': 'application/json',
            ...(opts && opts.headers ? opts.headers : {}),
          },
          body: JSON.stringify(params),
        });
      } catch (err) {
        setState({ notice: { kind: 'error', key: 'networkError', params: { message: err.message } } });
        throw err;
      }
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${res.status} ${res.statusText}: ${text.slice(0, 1000)}`);
      }
      if (res.status === 429) {
        const wait = Math.min(retryAfterSeconds(res, body), 120);
        const retrying = introspection && attempt < INTROSPECTION_RETRIES;
        const ext = Array.isArray(body.errors) && body.errors[0] && body.errors[0].extensions;
        const limit = parseInt(res.headers.get('X-RateLimit-Limit') || '', 10) || (ext && ext.limit) || null;
        setState({ rateLimit: { until: Date.now() + wait * 1000, introspection: retrying, limit } });
        if (retrying) {
          await sleep(wait * 1000 + 250);
          continue;
        }
        return body;
      }
      setState((s) => (s.rateLimit || (s.notice && s.notice.key === 'networkError') ? { rateLimit: null, notice: null } : {}));
      return body;
    }
  };
}
