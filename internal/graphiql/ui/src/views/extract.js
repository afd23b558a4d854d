// What an answer holds, found by its shape (whatever the query's aliases and nesting):
//  - figures: objects with a numeric `value` (observations, series points, breakdown
//    parts and totals) or an `amountEur` (subsidies), with their context;
//  - series: timeSeries answers (an object with `points`, or `actual` / `target`);
//  - graphs: `graph` answers (an object with `nodes` and `edges` that have source and
//    target);
//  - maps: GeoJSON FeatureCollections (sitesGeoJSON, territoriesGeoJSON).
// Everything is read from the answer as it is: nothing is moved or rounded here.

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

function nameOf(o) {
  if (!isObj(o)) return '';
  return o.name || o.label || o.title || o.claim || o.slug || '';
}

function metricOf(o) {
  if (isObj(o.metric)) return o.metric.label || o.metric.code || o.metric.slug || '';
  if (typeof o.metric === 'string') return o.metric;
  return o.category || o.kind || '';
}

function isFigure(o) {
  if (isNum(o.value) && ('unit' in o || 'date' in o || 'status' in o || 'rank' in o || 'citation' in o || 'metric' in o || 'category' in o)) {
    return true;
  }
  return isNum(o.amountEur);
}

function isFeatureCollection(o) {
  return o.type === 'FeatureCollection' && Array.isArray(o.features);
}

function isGraph(o) {
  return Array.isArray(o.nodes) && Array.isArray(o.edges) &&
    o.nodes.every((n) => isObj(n) && n.id != null) &&
    o.edges.every((e) => isObj(e) && e.source != null && e.target != null);
}

const POINT_KEYS = ['points', 'actual', 'target'];

function isSeries(o, key) {
  if (key === 'timeSeries') return true;
  return POINT_KEYS.some((k) => Array.isArray(o[k]) && o[k].length > 0 && o[k].every((p) => isObj(p) && 'value' in p && 'date' in p));
}

function pathText(path) {
  return path.reduce((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

// seriesPoints returns the points of a timeSeries answer: `points` when selected
// (every status), else `actual` and `target` with their status.
export function seriesPoints(s) {
  if (Array.isArray(s.points)) return s.points.filter(isObj).map((p) => ({ ...p }));
  const out = [];
  if (Array.isArray(s.actual)) out.push(...s.actual.filter(isObj).map((p) => ({ status: 'ACTUAL', ...p })));
  if (Array.isArray(s.target)) out.push(...s.target.filter(isObj).map((p) => ({ status: 'TARGET', ...p })));
  return out;
}

export function extract(response) {
  const found = { figures: [], series: [], graphs: [], maps: [] };
  if (!isObj(response) || !isObj(response.data)) return found;
  // context: the nearest named objects above, the metric of the enclosing series.
  function walk(v, path, ctx) {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i], ctx));
      return;
    }
    if (!isObj(v)) return;
    const key = [...path].reverse().find((p) => typeof p === 'string');
    if (isFeatureCollection(v)) {
      found.maps.push({ path: pathText(path), collection: v });
      return;
    }
    if (isGraph(v)) {
      found.graphs.push({ path: pathText(path), graph: v });
      return;
    }
    let next = ctx;
    if (isSeries(v, key)) {
      const subject = nameOf(v.subject) || ctx.subject;
      const metric = isObj(v.metric) ? v.metric.label || '' : ctx.metric;
      const unit = isObj(v.metric) ? v.metric.unit || '' : '';
      found.series.push({ path: pathText(path), subject, metric, unit, points: seriesPoints(v) });
      next = { ...ctx, subject, metric, unit };
      // The figures of a series: its points once (not again in actual/target).
      const own = Array.isArray(v.points) ? ['points'] : ['actual', 'target'];
      for (const k of own) if (Array.isArray(v[k])) walk(v[k], [...path, k], { ...next, status: k === 'actual' ? 'ACTUAL' : k === 'target' ? 'TARGET' : null });
      for (const [k, child] of Object.entries(v)) {
        if (!POINT_KEYS.includes(k) && k !== 'subject' && k !== 'metric') walk(child, [...path, k], next);
      }
      return;
    }
    if (isFigure(v)) {
      const money = !isNum(v.value) && isNum(v.amountEur);
      const citation = isObj(v.citation) ? v.citation : null;
      const source = citation && isObj(citation.source) ? citation.source : null;
      const row = {
        path: pathText(path),
        subject: nameOf(v.subject) || nameOf(v.recipient) || nameOf(v.territory) || ctx.subject || '',
        metric: metricOf(v) || (money ? (isObj(v.programme) && v.programme.name) || '' : '') || ctx.metric || key || '',
        value: money ? v.amountEur : v.value,
        valueMax: isNum(v.valueMax) ? v.valueMax : null,
        approximation: v.approximation || '',
        unit: money ? 'EUR' : v.unit || ctx.unit || '',
        date: money ? [v.periodStart, v.periodEnd].filter(Boolean).join(' – ') : v.date || '',
        status: v.status || ctx.status || '',
        rank: v.rank || '',
        rankReason: v.rankReason || '',
        quote: citation && typeof citation.quote === 'string' ? citation.quote : '',
        source: source ? source.title || '' : '',
        publisher: source ? source.publisher || '' : '',
        publishedOn: source ? source.publishedOn || '' : '',
        conflict: ctx.conflictOf || '',
      };
      found.figures.push(row);
      next = { ...ctx, conflictOf: '' };
      for (const [k, child] of Object.entries(v)) {
        if (k === 'citation' || k === 'metric' || k === 'subject') continue;
        walk(child, [...path, k], k === 'conflictsWith' ? { ...next, conflictOf: `${row.metric || ''} ${row.value}`.trim() } : next);
      }
      return;
    }
    const name = nameOf(v);
    next = { ...ctx };
    if (name && !('value' in v)) next.subject = name;
    for (const [k, child] of Object.entries(v)) walk(child, [...path, k], next);
  }
  walk(response.data, [], {});
  return found;
}

// errorsOf returns the answer's GraphQL errors (with codes), if any.
export function errorsOf(response) {
  return isObj(response) && Array.isArray(response.errors) ? response.errors : [];
}
