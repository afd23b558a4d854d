// Build-time extraction of the outlines drawn behind the map view: France and its
// neighbours from Natural Earth (public domain), as packaged in the npm package
// world-atlas (ISC). Only metropolitan France and the countries around it are kept,
// simplified (Douglas–Peucker) and delta-encoded in thousandths of a degree, so the
// bundle carries some tens of kilobytes instead of the package's megabytes.
//
// The virtual module "virtual:outlines" exports
//   { attribution, notice, countries: [{ id, name: {fr, en}, polygons: [[ring, ...], ...] }] }
// where a ring is a flat array [dx0, dy0, dx1, dy1, ...] of integer deltas in 1/1000°
// (the first pair is absolute); decode with decodeRing in src/views/geo.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);

// ISO 3166 numeric codes. France and Belgium come from the 1:10m data (the region of
// the stories lies at their border), the others from 1:50m.
const DETAILED = { 250: ['France', 'France'], '056': ['Belgique', 'Belgium'] };
const CONTEXT = { 442: ['Luxembourg', 'Luxembourg'], 276: ['Allemagne', 'Germany'], 756: ['Suisse', 'Switzerland'],
  380: ['Italie', 'Italy'], 724: ['Espagne', 'Spain'], 826: ['Royaume-Uni', 'United Kingdom'],
  528: ['Pays-Bas', 'Netherlands'], '020': ['Andorre', 'Andorra'], 492: ['Monaco', 'Monaco'] };
// Metropolitan France and around it (overseas territories are left out).
const BOX = { west: -6, east: 10.5, south: 41, north: 52.5 };

function douglasPeucker(pts, tol) {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = pts[a];
    const [bx, by] = pts[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i];
      const d = len > 1e-12 ? Math.abs(dy * px - dx * py + bx * ay - by * ax) / len : Math.hypot(px - ax, py - ay);
      if (d > worst) { worst = d; at = i; }
    }
    if (worst > tol) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

function encodeRing(ring) {
  const out = [];
  let px = 0;
  let py = 0;
  for (const [x, y] of ring) {
    const ix = Math.round(x * 1000);
    const iy = Math.round(y * 1000);
    if (out.length && ix === px && iy === py) continue;
    out.push(ix - px, iy - py);
    px = ix;
    py = iy;
  }
  return out;
}

function countries(file, names, tolerance) {
  const topo = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8'));
  return Object.entries(names).map(([id, [nameFr, nameEn]]) => {
    const geom = topo.objects.countries.geometries.find((g) => g.id === id);
    if (!geom) throw new Error(`outline: no country ${id} in world-atlas/${file}`);
    const g = feature(topo, geom).geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const polygons = [];
    for (const poly of polys) {
      if (!poly[0].some(([x, y]) => x > BOX.west && x < BOX.east && y > BOX.south && y < BOX.north)) continue;
      const rings = poly.map((r) => encodeRing(tolerance ? douglasPeucker(r, tolerance) : r)).filter((r) => r.length >= 8);
      if (rings.length) polygons.push(rings);
    }
    return { id, name: { fr: nameFr, en: nameEn }, polygons };
  });
}

export function outlinesPlugin() {
  const id = 'virtual:outlines';
  return {
    name: 'observatory-outlines',
    resolveId(source) {
      return source === id ? '\0' + id : null;
    },
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      const licence = readFileSync(require.resolve('world-atlas/LICENSE'), 'utf8').trim();
      const data = {
        attribution: 'Natural Earth (public domain), via world-atlas 2.0.2 © 2013-2019 Michael Bostock (ISC)',
        // The ISC notice of world-atlas travels with the data derived from it.
        notice: licence,
        countries: [...countries('countries-10m.json', DETAILED, 0.004), ...countries('countries-50m.json', CONTEXT, 0)],
      };
      return `export default ${JSON.stringify(data)};`;
    },
  };
}
