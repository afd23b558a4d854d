// timeSeries answers as a chart (plain SVG): one line per status, told apart by
// colour, line style and marker shape (actual: solid line, filled dots; target:
// dashed line, hollow circles; announced: dotted line, diamonds); a range
// (value–valueMax) is a vertical bar; deprecated claims are faded and not joined.
import { useState } from 'react';
import { t, formatNumber, enumName, unitText } from '../i18n.js';

const W = 640;
const H = 300;
const M = { top: 22, right: 16, bottom: 40, left: 64 };

const STYLES = {
  ACTUAL: { key: 'seriesActual', color: '#1f5fbf', dash: '', marker: 'dot' },
  TARGET: { key: 'seriesTarget', color: '#c2410c', dash: '7 4', marker: 'ring' },
  ANNOUNCED: { key: 'seriesAnnounced', color: '#7e22ce', dash: '2 4', marker: 'diamond' },
  FORECAST: { key: 'seriesForecast', color: '#0f766e', dash: '9 3 2 3', marker: 'triangle' },
  ESTIMATE: { key: 'seriesEstimate', color: '#4d7c0f', dash: '1 5', marker: 'square' },
  OTHER: { key: 'seriesOther', color: '#555', dash: '3 3', marker: 'square' },
};
const ORDER = ['ACTUAL', 'TARGET', 'ANNOUNCED', 'FORECAST', 'ESTIMATE', 'OTHER'];

// Decimal year at the middle of the period the date names ("2025", "2025-09",
// "2025-09-12").
export function decimalYear(date) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date || '');
  if (!m) return null;
  const y = +m[1];
  if (!m[2]) return y + 0.5;
  const month = +m[2] - 1;
  if (!m[3]) return y + (month + 0.5) / 12;
  return y + (month + (+m[3] - 0.5) / 31) / 12;
}

function niceStep(span, count) {
  const raw = span / Math.max(count, 1);
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / p;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * p;
}

function Marker({ kind, x, y, color, faded }) {
  const common = { stroke: color, strokeWidth: 2, opacity: faded ? 0.45 : 1 };
  switch (kind) {
    case 'ring':
      return <circle cx={x} cy={y} r={5} fill="#fff" {...common} />;
    case 'diamond':
      return <path d={`M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z`} fill={color} {...common} />;
    case 'triangle':
      return <path d={`M${x} ${y - 6}L${x + 6} ${y + 5}L${x - 6} ${y + 5}Z`} fill="#fff" {...common} />;
    case 'square':
      return <rect x={x - 5} y={y - 5} width={10} height={10} fill={color} {...common} />;
    default:
      return <circle cx={x} cy={y} r={5} fill={color} {...common} />;
  }
}

function pointText(p, unit) {
  const st = STYLES[p.status] ? t(STYLES[p.status].key) : enumName(p.status);
  const value = p.valueMax != null ? `${formatNumber(p.value)}–${formatNumber(p.valueMax)}` : formatNumber(p.value);
  const src = p.citation && p.citation.source && p.citation.source.title ? ` — ${p.citation.source.title}` : '';
  return t('pointLabel', { status: st, value, unit: unitText(p.unit || unit || ''), date: p.date || '?', source: src });
}

function Chart({ series, index }) {
  const [focus, setFocus] = useState(null);
  const pts = series.points
    .map((p, i) => ({ ...p, i, x: decimalYear(p.date), status: STYLES[p.status] ? p.status : 'OTHER' }))
    .filter((p) => p.x != null && typeof p.value === 'number');
  const undated = series.points.length - pts.length;
  const now = new Date();
  const today = now.getFullYear() + (now.getMonth() + now.getDate() / 31) / 12;
  const xs = pts.map((p) => p.x);
  let x0 = Math.floor(Math.min(...xs, new Date().getFullYear()) - 0.001);
  let x1 = Math.ceil(Math.max(...xs) + 0.001);
  if (!pts.length) { x0 = new Date().getFullYear() - 1; x1 = x0 + 2; }
  if (x1 - x0 < 2) x1 = x0 + 2;
  const top = Math.max(0, ...pts.map((p) => Math.max(p.value, p.valueMax ?? p.value)));
  const ystep = niceStep(top || 1, 5);
  const y1 = Math.ceil((top || 1) / ystep) * ystep;
  const sx = (x) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y) => H - M.bottom - (y / y1) * (H - M.top - M.bottom);
  // Points of one status at the same date are set side by side.
  const slot = new Map();
  for (const p of pts) {
    const k = p.status + '|' + p.x;
    const n = slot.get(k) || 0;
    slot.set(k, n + 1);
    p.dx = n;
  }
  for (const p of pts) {
    const n = slot.get(p.status + '|' + p.x);
    p.px = sx(p.x) + (n > 1 ? (p.dx - (n - 1) / 2) * 10 : 0);
  }
  const statuses = ORDER.filter((s) => pts.some((p) => p.status === s));
  const yearStep = Math.max(1, Math.ceil((x1 - x0) / 10));
  const years = [];
  for (let y = x0; y < x1; y += yearStep) years.push(y);
  const yticks = [];
  for (let v = 0; v <= y1 + 1e-9; v += ystep) yticks.push(v);
  const title = t('chartTitle', { metric: series.metric || '?', subject: series.subject || '?' });
  const titleId = `obs-chart-title-${index}`;
  return (
    <figure className="obs-chart" data-series={index}>
      <figcaption id={titleId}>
        <strong>{title}</strong> <span className="obs-view-caption">{t('chartCaption', { n: series.points.length })}</span>
      </figcaption>
      <ul className="obs-legend" aria-label="Légende / legend">
        {statuses.map((s) => (
          <li key={s}>
            <svg width="34" height="14" aria-hidden="true">
              <line x1="2" y1="7" x2="32" y2="7" stroke={STYLES[s].color} strokeWidth="2" strokeDasharray={STYLES[s].dash} />
              <Marker kind={STYLES[s].marker} x={17} y={7} color={STYLES[s].color} />
            </svg>
            {t(STYLES[s].key)} ({pts.filter((p) => p.status === s).length})
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} className="obs-chart-svg" role="group" aria-labelledby={titleId}>
        {yticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={sy(v)} y2={sy(v)} className="obs-grid" />
            <text x={M.left - 6} y={sy(v) + 5} textAnchor="end" className="obs-axis">{formatNumber(v)}</text>
          </g>
        ))}
        {years.map((y) => (
          <g key={y}>
            <line x1={sx(y)} x2={sx(y)} y1={H - M.bottom} y2={H - M.bottom + 5} className="obs-axis-line" />
            <text x={sx(y + yearStep / 2)} y={H - M.bottom + 22} textAnchor="middle" className="obs-axis">
              {yearStep === 1 ? y : `${y}–${y + yearStep - 1}`}
            </text>
          </g>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="obs-axis-line" />
        {today >= x0 && today <= x1 ? (
          <g className="obs-today">
            <line x1={sx(today)} x2={sx(today)} y1={M.top} y2={H - M.bottom} />
            <text x={sx(today) + 4} y={M.top + 12} className="obs-axis">{t('today')}</text>
          </g>
        ) : null}
        {series.unit ? <text x={M.left} y={M.top - 4} className="obs-axis">{unitText(series.unit)}</text> : null}
        {statuses.map((s) => {
          // One point a date on the line: the preferred claim, else the first.
          const byDate = new Map();
          pts.filter((p) => p.status === s && p.rank !== 'DEPRECATED').forEach((p) => {
            const had = byDate.get(p.x);
            if (!had || (p.rank === 'PREFERRED' && had.rank !== 'PREFERRED')) byDate.set(p.x, p);
          });
          const line = [...byDate.values()].sort((a, b) => a.x - b.x);
          if (line.length < 2) return null;
          return <polyline key={s} fill="none" stroke={STYLES[s].color} strokeWidth="2" strokeDasharray={STYLES[s].dash}
            points={line.map((p) => `${p.px},${sy(p.value)}`).join(' ')} />;
        })}
        {pts.map((p) => (
          <g key={p.i} className="obs-point" data-point={p.status} tabIndex={0} role="img"
            aria-label={pointText(p, series.unit)}
            onFocus={() => setFocus(p.i)} onMouseEnter={() => setFocus(p.i)}>
            <title>{pointText(p, series.unit)}</title>
            {p.valueMax != null ? (
              <line x1={p.px} x2={p.px} y1={sy(p.value)} y2={sy(p.valueMax)} stroke={STYLES[p.status].color}
                strokeWidth="6" strokeLinecap="round" opacity="0.35" />
            ) : null}
            <Marker kind={STYLES[p.status].marker} x={p.px} y={sy(p.value)} color={STYLES[p.status].color} faded={p.rank === 'DEPRECATED'} />
          </g>
        ))}
      </svg>
      <p className="obs-chart-detail" aria-live="polite">
        {focus != null ? (() => {
          const p = series.points[focus];
          const quote = p.citation && p.citation.quote;
          return <>{pointText({ ...p, status: p.status }, series.unit)}{quote ? <> — <q lang="fr">{quote}</q></> : null}</>;
        })() : undated ? `${undated} point(s) sans date / undated` : '\u00a0'}
      </p>
    </figure>
  );
}

export function SeriesCharts({ series }) {
  return (
    <div className="obs-chart-view">
      {series.map((s, i) => <Chart key={i} series={s} index={i} />)}
    </div>
  );
}
