// Links that carry the query: everything is in the URL fragment (after "#"), which
// browsers never send to the server, so a link has no server-side length limit and
// the server keeps nothing.
//
//   #story=<id>                  a story (or example) as published
//   #story=<id>&q=<packed>       a story as edited: the edited query and variables
//   #q=<packed>                  any query and its variables
//   …&view=table|chart|network|map   the result view that was open
//
// <packed> is "1" + base64url(deflate-raw(JSON {q, v})) with the browser's
// CompressionStream, or "0" + base64url(JSON {q, v}) where there is none.

const VIEWS = new Set(['table', 'chart', 'network', 'map']);

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const hasCompression = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

export async function pack(state) {
  const json = new TextEncoder().encode(JSON.stringify({ q: state.query || '', v: state.variables || '' }));
  if (hasCompression) {
    try {
      return '1' + toBase64url(await pipe(json, new CompressionStream('deflate-raw')));
    } catch {
      // fall through to the uncompressed form
    }
  }
  return '0' + toBase64url(json);
}

export async function unpack(packed) {
  const kind = packed[0];
  let bytes = fromBase64url(packed.slice(1));
  if (kind === '1') bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
  else if (kind !== '0') throw new Error('unknown link format');
  const obj = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (!obj || typeof obj.q !== 'string') throw new Error('no query in the link');
  return { query: obj.q, variables: typeof obj.v === 'string' ? obj.v : '' };
}

const norm = (s) => (s || '').trim();

// sameAsExample reports whether the editors hold exactly the example's query and
// variables (then the link is just #story=<id>).
export function sameAsExample(example, query, variables) {
  return !!example && norm(example.query) === norm(query) && norm(example.variables) === norm(variables);
}

// fragment builds the URL fragment (with its "#") for a state
// {query, variables, story, view}; examples resolve the story's ID.
export async function fragment(state, examples) {
  const params = [];
  // A tab that holds a story exactly, opened some other way, links to it too.
  const example = state.story
    ? examples.find((e) => e.id === state.story)
    : examples.find((e) => e.id && sameAsExample(e, state.query, state.variables));
  if (example) params.push('story=' + encodeURIComponent(example.id));
  if (!sameAsExample(example, state.query, state.variables) && (norm(state.query) || norm(state.variables))) {
    params.push('q=' + (await pack(state)));
  }
  if (VIEWS.has(state.view)) params.push('view=' + state.view);
  return params.length ? '#' + params.join('&') : '';
}

// readFragment decodes a URL fragment into {query, variables, story, view}; null when
// it carries nothing of ours. Throws when it names a query that cannot be read.
export async function readFragment(hash, examples) {
  const raw = (hash || '').replace(/^#/, '');
  if (!raw) return null;
  const params = new URLSearchParams(raw);
  const storyID = params.get('story');
  const packed = params.get('q');
  const view = VIEWS.has(params.get('view')) ? params.get('view') : null;
  if (!storyID && !packed) return view ? { view } : null;
  const example = storyID ? examples.find((e) => e.id === storyID) : null;
  if (storyID && !example && !packed) throw new Error(`no story "${storyID}"`);
  const state = { story: example ? example.id : null, view };
  if (packed) Object.assign(state, await unpack(packed));
  else Object.assign(state, { query: example.query || '', variables: example.variables || '' });
  return state;
}

export function pageURL(frag) {
  return location.origin + location.pathname + location.search + frag;
}
