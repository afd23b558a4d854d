// `graph` answers as a network (plain SVG): nodes on rings by their depth from the
// start node, relaxed by a few hundred steps of a deterministic force layout (the same
// answer always gives the same drawing), coloured and shaped by kind; edges are arrows
// coloured by kind. Selecting a node (click, or Tab then Enter) lists its links with
// their sources.
import { useMemo, useState } from 'react';
import { t, enumName } from '../i18n.js';

const W = 720;
const H = 520;
const KIND_COLORS = { SITE: '#c2410c', COMPANY: '#1f5fbf', TERRITORY: '#4d7c0f', PROGRAMME: '#7e22ce' };
const EDGE_COLORS = ['#64748b', '#0f766e', '#b45309', '#9d174d', '#1d4ed8', '#4d7c0f', '#7c3aed', '#be123c'];

function depthsOf(nodes, edges) {
  const depth = new Map();
  nodes.forEach((n) => { if (Number.isInteger(n.depth)) depth.set(n.id, n.depth); });
  if (depth.size === nodes.length) return depth;
  // Breadth-first from the first node for answers without depth.
  const adj = new Map(nodes.map((n) => [n.id, []]));
  edges.forEach((e) => { adj.get(e.source)?.push(e.target); adj.get(e.target)?.push(e.source); });
  const queue = nodes.length ? [nodes[0].id] : [];
  depth.clear();
  if (queue.length) depth.set(queue[0], 0);
  while (queue.length) {
    const id = queue.shift();
    for (const m of adj.get(id) || []) if (!depth.has(m)) { depth.set(m, depth.get(id) + 1); queue.push(m); }
  }
  const maxD = Math.max(0, ...depth.values());
  nodes.forEach((n) => { if (!depth.has(n.id)) depth.set(n.id, maxD + 1); });
  return depth;
}

export function layout(nodes, edges) {
  const depth = depthsOf(nodes, edges);
  const pos = new Map();
  const rings = new Map();
  nodes.forEach((n) => {
    const d = depth.get(n.id);
    if (!rings.has(d)) rings.set(d, []);
    rings.get(d).push(n.id);
  });
  const neighbours = new Map(nodes.map((n) => [n.id, []]));
  edges.forEach((e) => {
    if (neighbours.has(e.source) && neighbours.has(e.target)) {
      neighbours.get(e.source).push(e.target);
      neighbours.get(e.target).push(e.source);
    }
  });
  const ringGap = 115;
  [...rings.keys()].sort((a, b) => a - b).forEach((d) => {
    const ids = rings.get(d);
    if (d === 0 && ids.length === 1) { pos.set(ids[0], { x: 0, y: 0 }); return; }
    // Order a ring by the angle of the nodes it hangs from.
    const angleOf = (id) => {
      const placed = neighbours.get(id).map((m) => pos.get(m)).filter(Boolean);
      if (!placed.length) return 0;
      return Math.atan2(placed.reduce((s, p) => s + p.y, 0), placed.reduce((s, p) => s + p.x, 0));
    };
    const order = ids.map((id, i) => ({ id, a: angleOf(id), i })).sort((p, q) => p.a - q.a || p.i - q.i);
    const r = ringGap * Math.max(d, 1);
    order.forEach((o, k) => {
      const a = (2 * Math.PI * k) / order.length + d * 0.35;
      pos.set(o.id, { x: r * Math.cos(a), y: r * Math.sin(a) });
    });
  });
  // Relaxation: repulsion between every pair, springs along edges, a pull back to
  // the node's ring.
  const ids = nodes.map((n) => n.id);
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    const force = new Map(ids.map((id) => [id, { x: 0, y: 0 }]));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = pos.get(ids[i]);
        const b = pos.get(ids[j]);
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) { dx = (i - j) * 0.5; dy = 0.5; d2 = 1; }
        const f = 6000 / d2;
        const d = Math.sqrt(d2);
        force.get(ids[i]).x += (f * dx) / d; force.get(ids[i]).y += (f * dy) / d;
        force.get(ids[j]).x -= (f * dx) / d; force.get(ids[j]).y -= (f * dy) / d;
      }
    }
    edges.forEach((e) => {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b || a === b) return;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 95) * 0.02;
      force.get(e.source).x += (f * dx) / d; force.get(e.source).y += (f * dy) / d;
      force.get(e.target).x -= (f * dx) / d; force.get(e.target).y -= (f * dy) / d;
    });
    ids.forEach((id) => {
      const p = pos.get(id);
      const d = depth.get(id);
      const r = Math.sqrt(p.x * p.x + p.y * p.y) || 1;
      const want = d === 0 ? 0 : ringGap * d;
      const f = force.get(id);
      f.x += ((want - r) * p.x) / r * 0.15;
      f.y += ((want - r) * p.y) / r * 0.15;
      const len = Math.sqrt(f.x * f.x + f.y * f.y) || 1;
      const max = 12 * cool + 0.5;
      p.x += (f.x / len) * Math.min(len, max);
      p.y += (f.y / len) * Math.min(len, max);
    });
  }
  return pos;
}

const short = (s, n = 30) => (s && s.length > n ? s.slice(0, n - 1) + '…' : s || '');

function NodeShape({ kind, r, color }) {
  if (kind === 'SITE') return <rect x={-r} y={-r} width={2 * r} height={2 * r} rx={2} fill={color} />;
  if (kind === 'TERRITORY') return <path d={`M0 ${-r - 2}L${r + 2} 0L0 ${r + 2}L${-r - 2} 0Z`} fill={color} />;
  if (kind === 'PROGRAMME') return <path d={`M0 ${-r - 2}L${r + 2} ${r}L${-r - 2} ${r}Z`} fill={color} />;
  return <circle r={r} fill={color} />;
}

function Network({ graph, index }) {
  const nodes = graph.nodes;
  const known = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => known.has(e.source) && known.has(e.target));
  const pos = useMemo(() => layout(nodes, edges), [graph]); // eslint-disable-line react-hooks/exhaustive-deps
  const [selected, setSelected] = useState(null);
  const xs = [...pos.values()].map((p) => p.x);
  const ys = [...pos.values()].map((p) => p.y);
  const pad = 110;
  const minX = Math.min(...xs, 0) - pad;
  const maxX = Math.max(...xs, 0) + pad;
  const minY = Math.min(...ys, 0) - 40;
  const maxY = Math.max(...ys, 0) + 40;
  const edgeKinds = [...new Set(edges.map((e) => e.kind || ''))];
  const edgeColor = (k) => EDGE_COLORS[edgeKinds.indexOf(k || '') % EDGE_COLORS.length];
  const degree = new Map();
  edges.forEach((e) => { degree.set(e.source, (degree.get(e.source) || 0) + 1); degree.set(e.target, (degree.get(e.target) || 0) + 1); });
  const label = new Map(nodes.map((n) => [n.id, n.label || n.slug || n.id]));
  const sel = selected != null ? nodes.find((n) => n.id === selected) : null;
  const selEdges = sel ? edges.filter((e) => e.source === sel.id || e.target === sel.id) : [];
  const kinds = [...new Set(nodes.map((n) => n.kind || ''))];
  const markerId = (k) => `obs-arrow-${index}-${edgeKinds.indexOf(k || '')}`;
  return (
    <figure className="obs-network" data-graph={index}>
      <figcaption>
        <span className="obs-view-caption" data-testid="network-caption">
          {t('networkCaption', { nodes: nodes.length, edges: edges.length, truncated: graph.truncated ? t('truncated') : '' })}
        </span>
        <ul className="obs-legend">
          {kinds.map((k) => (
            <li key={k}>
              <svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true"><NodeShape kind={k} r={5} color={KIND_COLORS[k] || '#555'} /></svg>
              {enumName(k)}
            </li>
          ))}
          {edgeKinds.map((k) => (
            <li key={'e' + k}>
              <svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke={edgeColor(k)} strokeWidth="2" /></svg>
              {enumName(k)}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg className="obs-network-svg" viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`} role="group"
        aria-label={t('networkCaption', { nodes: nodes.length, edges: edges.length, truncated: '' })}>
        <defs>
          {edgeKinds.map((k) => (
            <marker key={k} id={markerId(k)} viewBox="0 0 10 10" refX="19" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0L10 5L0 10z" fill={edgeColor(k)} />
            </marker>
          ))}
        </defs>
        {edges.map((e, i) => {
          const a = pos.get(e.source);
          const b = pos.get(e.target);
          const on = sel && (e.source === sel.id || e.target === sel.id);
          return (
            <line key={e.id || i} data-edge={e.kind || ''} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={edgeColor(e.kind)}
              strokeWidth={on ? 3 : 1.5} opacity={sel && !on ? 0.2 : 0.85} markerEnd={`url(#${markerId(e.kind)})`}>
              <title>{`${label.get(e.source)} → ${enumName(e.kind)} → ${label.get(e.target)}${e.label ? ` : ${e.label}` : ''}`}</title>
            </line>
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n.id);
          const isSel = selected === n.id;
          const r = n.depth === 0 ? 12 : 8;
          const text = t('nodeLabel', { label: label.get(n.id), kind: enumName(n.kind), n: degree.get(n.id) || 0 });
          const toggle = () => setSelected(isSel ? null : n.id);
          return (
            <g key={n.id} data-node={n.kind || ''} transform={`translate(${p.x},${p.y})`} tabIndex={0} role="button"
              aria-pressed={isSel} aria-label={text} className={'obs-node' + (isSel ? ' obs-node-selected' : '')}
              onClick={toggle} onKeyDown={(ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } }}>
              <title>{text}</title>
              <NodeShape kind={n.kind} r={r} color={KIND_COLORS[n.kind] || '#555'} />
              <text x={r + 4} y={4} className="obs-node-label">{short(label.get(n.id))}</text>
            </g>
          );
        })}
      </svg>
      <div className="obs-details" aria-live="polite">
        {sel ? (
          <>
            <h4>{t('nodeDetails', { label: label.get(sel.id) })}</h4>
            <ul>
              {selEdges.map((e, i) => (
                <li key={e.id || i}>
                  <strong>{label.get(e.source)}</strong> — {enumName(e.kind)} → <strong>{label.get(e.target)}</strong>
                  {e.label ? ` (${e.label})` : ''}{e.since ? `, ${e.since}` : ''}
                  {e.citation && e.citation.quote ? <> : <q lang="fr">{e.citation.quote}</q></> : null}
                  {e.citation && e.citation.source && e.citation.source.title ? <span className="obs-quote-source"> — {e.citation.source.title}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : <p className="obs-hint">{t('selectNode')}</p>}
      </div>
    </figure>
  );
}

export function NetworkView({ graphs }) {
  return (
    <div className="obs-network-view">
      {graphs.map((g, i) => <Network key={i} graph={g.graph} index={i} />)}
    </div>
  );
}
