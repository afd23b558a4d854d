// GeoJSON FeatureCollections as a map (plain SVG, nothing fetched): the features over
// the outlines of France and its neighbours (Natural Earth, public domain, through
// the npm package world-atlas, ISC; extracted at build time, see build/outline.js),
// in an equirectangular projection scaled at the middle latitude, which is close
// enough at the scale of a region.
//
// Points that share a place (sites located at their commune's point) are spread on
// a small circle around it in the drawing, with a line back to the place; the data
// keep their coordinates. A site located only at its commune is drawn hollow.
import { useMemo, useRef, useState } from 'react';
import outlines from 'virtual:outlines';
import { t, formatNumber, enumName, lang } from '../i18n.js';

const KX = 111.32; // km per degree of longitude at the equator
const KY = 110.57; // km per degree of latitude

export function decodeRing(flat) {
  const out = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    out.push([x / 1000, y / 1000]);
  }
  return out;
}

function projector(lat0) {
  const c = Math.cos((lat0 * Math.PI) / 180);
  return ([lon, lat]) => [lon * c * KX, -lat * KY];
}

function ringPath(ring, project) {
  let d = '';
  ring.forEach((pt, i) => {
    const [x, y] = project(pt);
    d += (i ? 'L' : 'M') + x.toFixed(2) + ' ' + y.toFixed(2);
  });
  return d + 'Z';
}

function geometryPoints(g, acc = []) {
  if (!g) return acc;
  switch (g.type) {
    case 'Point': acc.push(g.coordinates); break;
    case 'MultiPoint': case 'LineString': acc.push(...g.coordinates); break;
    case 'MultiLineString': case 'Polygon': g.coordinates.forEach((r) => acc.push(...r)); break;
    case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach((r) => acc.push(...r))); break;
    case 'GeometryCollection': (g.geometries || []).forEach((x) => geometryPoints(x, acc)); break;
    default: break;
  }
  return acc;
}

function geometryPath(g, project) {
  switch (g.type) {
    case 'LineString': return g.coordinates.map((p, i) => (i ? 'L' : 'M') + project(p).join(' ')).join('');
    case 'MultiLineString': return g.coordinates.map((l) => geometryPath({ type: 'LineString', coordinates: l }, project)).join('');
    case 'Polygon': return g.coordinates.map((r) => ringPath(r, project)).join('');
    case 'MultiPolygon': return g.coordinates.map((p) => geometryPath({ type: 'Polygon', coordinates: p }, project)).join('');
    case 'GeometryCollection': return (g.geometries || []).map((x) => geometryPath(x, project)).join('');
    default: return '';
  }
}

const validPoint = (p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]);

export function isApproximate(props) {
  const precision = String((props && (props.locationPrecision || props.precision)) || '').toUpperCase();
  return props && props.kind !== 'TERRITORY' && ['COMMUNE', 'EPCI', 'DEPARTEMENT', 'DEPARTMENT', 'REGION', 'TERRITORY'].includes(precision);
}

const featureName = (f, i) => (f.properties && (f.properties.name || f.properties.title || f.properties.slug)) || String(f.id ?? `#${i + 1}`);

function GeoMap({ collection, index }) {
  const features = collection.features.map((f, i) => ({ f, i, pts: geometryPoints(f && f.geometry).filter(validPoint) }));
  const drawable = features.filter((x) => x.pts.length);
  const all = drawable.flatMap((x) => x.pts);
  const lat0 = all.length ? all.reduce((s, p) => s + p[1], 0) / all.length : 46.5;
  const project = useMemo(() => projector(lat0), [lat0]);
  const countries = useMemo(() => outlines.countries.map((c) => ({
    ...c,
    d: c.polygons.map((poly) => poly.map((r) => ringPath(decodeRing(r), project)).join('')).join(''),
  })), [project]);
  const home = useMemo(() => {
    const xy = all.map(project);
    if (!xy.length) return fitBox(project([-5, 51.2]), project([9.6, 41.3]));
    const minX = Math.min(...xy.map((p) => p[0]));
    const maxX = Math.max(...xy.map((p) => p[0]));
    const minY = Math.min(...xy.map((p) => p[1]));
    const maxY = Math.max(...xy.map((p) => p[1]));
    const w = Math.max(maxX - minX, 12);
    const h = Math.max(maxY - minY, 12);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    return fitBox([cx - w * 0.65, cy - h * 0.65], [cx + w * 0.65, cy + h * 0.65]);
  }, [collection, project]); // eslint-disable-line react-hooks/exhaustive-deps
  const [view, setView] = useState(home);
  const [selected, setSelected] = useState(null);
  const [homeOf, setHomeOf] = useState(home);
  if (homeOf !== home) { setHomeOf(home); setView(home); setSelected(null); }
  const drag = useRef(null);
  const k = view.w / 640; // viewBox units per screen pixel, near enough
  const zoom = (f) => setView((v) => ({ x: v.x + (v.w * (1 - f)) / 2, y: v.y + (v.h * (1 - f)) / 2, w: v.w * f, h: v.h * f }));
  const pan = (dx, dy) => setView((v) => ({ ...v, x: v.x + dx * v.w, y: v.y + dy * v.h }));

  // Spread points that share a place on a circle around it.
  const groups = new Map();
  drawable.forEach((x) => {
    if (x.f.geometry.type !== 'Point') return;
    const key = x.pts[0].join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(x);
  });
  const offset = new Map();
  groups.forEach((members) => {
    if (members.length < 2) return;
    members.forEach((x, j) => {
      const a = -Math.PI / 2 + (2 * Math.PI * j) / members.length;
      offset.set(x.i, [Math.cos(a), Math.sin(a)]);
    });
  });
  const spreadR = 16 * k;
  const showLabels = drawable.length <= 12;
  const sel = selected != null ? features.find((x) => x.i === selected) : null;
  const approxCount = drawable.filter((x) => isApproximate(x.f.properties)).length;
  const territoryCount = drawable.filter((x) => x.f.properties && x.f.properties.kind === 'TERRITORY').length;
  const exactCount = drawable.length - approxCount - territoryCount;

  const onKeyDown = (ev) => {
    const moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
    if (moves[ev.key]) { ev.preventDefault(); pan(...moves[ev.key]); }
    else if (ev.key === '+' || ev.key === '=') { ev.preventDefault(); zoom(0.7); }
    else if (ev.key === '-' || ev.key === '_') { ev.preventDefault(); zoom(1 / 0.7); }
  };
  const onPointerDown = (ev) => {
    if (ev.target.closest && ev.target.closest('[data-feature]')) return;
    drag.current = { x: ev.clientX, y: ev.clientY, view, width: ev.currentTarget.getBoundingClientRect().width };
    ev.currentTarget.setPointerCapture?.(ev.pointerId);
  };
  const onPointerMove = (ev) => {
    const d = drag.current;
    if (!d) return;
    const s = d.view.w / d.width;
    setView({ ...d.view, x: d.view.x - (ev.clientX - d.x) * s, y: d.view.y - (ev.clientY - d.y) * s });
  };
  const onPointerUp = () => { drag.current = null; };

  return (
    <figure className="obs-map" data-map={index}>
      <figcaption>
        <span className="obs-view-caption" data-testid="map-caption">{t('mapCaption', { n: collection.features.length })}</span>
        <ul className="obs-legend">
          {exactCount ? <li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" className="obs-marker-exact" /></svg>{t('mapLegendExact')}</li> : null}
          {territoryCount ? <li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" className="obs-marker-exact" /></svg>{t('mapLegendTerritory')}</li> : null}
          {approxCount ? <li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" className="obs-marker-approx" /></svg>{t('mapLegendCommune')}</li> : null}
        </ul>
        <span className="obs-map-tools">
          <button type="button" className="obs-button obs-icon-button" onClick={() => zoom(0.7)} aria-label={t('zoomIn')} title={t('zoomIn')}>+</button>
          <button type="button" className="obs-button obs-icon-button" onClick={() => zoom(1 / 0.7)} aria-label={t('zoomOut')} title={t('zoomOut')}>−</button>
          <button type="button" className="obs-button obs-icon-button" onClick={() => setView(home)} aria-label={t('zoomReset')} title={t('zoomReset')}>⤢</button>
        </span>
      </figcaption>
      <div className="obs-map-frame">
        <svg className="obs-map-svg" viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`} preserveAspectRatio="xMidYMid meet"
          tabIndex={0} role="group" aria-label={`${t('mapCaption', { n: collection.features.length })}. ${t('mapKeys')}`}
          onKeyDown={onKeyDown} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}>
          <rect x={view.x - view.w} y={view.y - view.h} width={view.w * 3} height={view.h * 3} className="obs-sea" />
          {countries.map((c) => (
            <path key={c.id} d={c.d} className={c.id === '250' ? 'obs-land obs-land-fr' : 'obs-land'} fillRule="evenodd">
              <title>{c.name[lang] || c.name.en}</title>
            </path>
          ))}
          {drawable.filter((x) => x.f.geometry.type !== 'Point').map((x) => (
            <path key={'g' + x.i} data-feature={x.i} d={geometryPath(x.f.geometry, project)} className="obs-feature-shape"
              tabIndex={0} role="button" aria-label={featureName(x.f, x.i)}
              onClick={() => setSelected(selected === x.i ? null : x.i)}
              onKeyDown={(ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); setSelected(selected === x.i ? null : x.i); } }} />
          ))}
          {[...groups.values()].filter((m) => m.length > 1).map((m) => {
            const [px, py] = project(m[0].pts[0]);
            return (
              <g key={'c' + m[0].i} className="obs-spread">
                {m.map((x) => {
                  const o = offset.get(x.i);
                  return <line key={x.i} x1={px} y1={py} x2={px + o[0] * spreadR} y2={py + o[1] * spreadR} />;
                })}
                <circle cx={px} cy={py} r={2 * k} />
              </g>
            );
          })}
          {drawable.filter((x) => x.f.geometry.type === 'Point').map((x) => {
            const props = x.f.properties || {};
            const [px0, py0] = project(x.pts[0]);
            const o = offset.get(x.i) || [0, 0];
            const cx = px0 + o[0] * spreadR;
            const cy = py0 + o[1] * spreadR;
            const approx = isApproximate(props);
            const pop = Number(props.population);
            const r = (Number.isFinite(pop) && pop > 0 ? Math.min(14, 3 + Math.sqrt(pop) / 25) : 6) * k;
            const name = featureName(x.f, x.i);
            const label = t('featureLabel', { name, precision: approx ? t('precisionCommune') : '' });
            const isSel = selected === x.i;
            const toggle = () => setSelected(isSel ? null : x.i);
            return (
              <g key={x.i} data-feature={x.i} data-precision={approx ? 'approximate' : 'exact'} tabIndex={0} role="button"
                aria-pressed={isSel} aria-label={label} className={'obs-feature' + (isSel ? ' obs-feature-selected' : '')}
                onClick={toggle} onKeyDown={(ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } }}>
                <title>{label}</title>
                <circle cx={cx} cy={cy} r={r} className={approx ? 'obs-marker-approx' : 'obs-marker-exact'} />
                {showLabels || isSel ? <text x={cx + r + 3 * k} y={cy + 4 * k} fontSize={12 * k} className="obs-map-label">{name.length > 34 ? name.slice(0, 33) + '…' : name}</text> : null}
              </g>
            );
          })}
        </svg>
        <Inset countries={countries} view={view} />
      </div>
      <p className="obs-attribution">
        {offset.size ? <>{t('mapLegendSpread')} </> : null}
        {features.length > drawable.length ? <>{t('mapNoGeometry', { n: features.length - drawable.length })} </> : null}
        {t('outlines', { attribution: outlines.attribution })}
      </p>
      <details className="obs-licence">
        <summary>{t('licence')}</summary>
        <pre>{outlines.notice}</pre>
      </details>
      <div className="obs-details" aria-live="polite">
        {sel ? (
          <>
            <h4>{t('featureDetails', { name: featureName(sel.f, sel.i) })}</h4>
            <dl className="obs-props">
              {Object.entries(sel.f.properties || {}).filter(([, v]) => v !== null && v !== '').map(([key, v]) => (
                <div key={key}><dt>{key}</dt><dd>{typeof v === 'number' ? formatNumber(v) : typeof v === 'object' ? JSON.stringify(v) : /^[A-Z_]+$/.test(String(v)) ? `${enumName(v)} (${v})` : String(v)}</dd></div>
              ))}
              <div><dt>coordinates</dt><dd>{sel.pts[0] ? `${sel.pts[0][1]}, ${sel.pts[0][0]}` : ''}</dd></div>
            </dl>
          </>
        ) : <p className="obs-hint">{t('selectFeature')}</p>}
      </div>
    </figure>
  );
}

function fitBox([x0, y0], [x1, y1]) {
  // The frame is about 3:2; keep the features' box whole inside it.
  let w = x1 - x0;
  let h = y1 - y0;
  if (w / h < 1.5) { const nw = h * 1.5; x0 -= (nw - w) / 2; w = nw; } else { const nh = w / 1.5; y0 -= (nh - h) / 2; h = nh; }
  return { x: x0, y: y0, w, h };
}

// A small map of France with the frame of the main map on it.
function Inset({ countries, view }) {
  const fr = countries.find((c) => c.id === '250');
  const box = useMemo(() => {
    if (!fr) return null;
    let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
    for (const m of fr.d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)) {
      const x = +m[1]; const y = +m[2];
      if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
    }
    return { x: minX - 20, y: minY - 20, w: maxX - minX + 40, h: maxY - minY + 40 };
  }, [fr]);
  if (!box) return null;
  const cx = Math.max(box.x, Math.min(box.x + box.w, view.x + view.w / 2));
  const cy = Math.max(box.y, Math.min(box.y + box.h, view.y + view.h / 2));
  const small = view.w < box.w / 25;
  return (
    <svg className="obs-inset" viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`} aria-hidden="true">
      <path d={fr.d} className="obs-land obs-land-fr" fillRule="evenodd" />
      {small ? <circle cx={cx} cy={cy} r={box.w / 30} className="obs-inset-frame" />
        : <rect x={view.x} y={view.y} width={view.w} height={view.h} className="obs-inset-frame" />}
    </svg>
  );
}

export function MapView({ maps }) {
  return (
    <div className="obs-map-view">
      {maps.map((m, i) => <GeoMap key={i} collection={m.collection} index={i} />)}
    </div>
  );
}
