#!/usr/bin/env python3
"""Helpers of bench/run.sh: request bodies, response checks, pg_stat_statements, CPU
from /proc, the mixed workload's bodies, summary."""
import base64, bisect, json, os, random, re, statistics, subprocess, sys, unicodedata, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
QUERIES = ['q1', 'q2', 'q3', 'q4', 'q4p', 'q5', 'q6', 'q7']
NAMES = {
    'q1': 'territory drill-down (commune -> 50 sites -> occupants)',
    'q2': 'page of 50 sites + 5 observations each',
    'q3': 'observation feed (100) with citations + sources',
    'q4': 'subsidy aggregate by programme x year (region)',
    'q4p': 'q4, the peer\'s function on the same place columns as ours',
    'q5': 'search "bethune"',
    'q6': 'time series (departement, metric)',
    'q7': 'graph neighbourhood depth 2 (company)',
}


def gid(typ, slug):
    return base64.urlsafe_b64encode(f'{typ}:{slug}'.encode()).decode().rstrip('=')


def psql(db, sql, port=None):
    port = port or os.environ.get('BENCH_PG_PORT', '55433')
    out = subprocess.run(['psql', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', db, '-AtXq', '-c', sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def bodies(db, outdir):
    """Write <engine>/qN.json request bodies with the placeholders filled in."""
    company = 'synthetic-company-000001'
    subst = {
        'JOBS_METRIC_ID': psql(db, "SELECT id FROM metrics WHERE code = 'synthetic-jobs'"),
        'TERRITORY_62_GID': gid('Territory', 'departement-62'),
        'COMPANY_GID': gid('Company', company),
        'COMPANY_SLUG': company,
    }
    for engine in ('ours', 'postgraphile'):
        os.makedirs(os.path.join(outdir, engine), exist_ok=True)
        for q in QUERIES:
            text = open(os.path.join(HERE, 'queries', engine, q + '.graphql')).read()
            for k, v in subst.items():
                text = text.replace('${' + k + '}', v)
            with open(os.path.join(outdir, engine, q + '.json'), 'w') as f:
                json.dump({'query': text}, f)


# The mixed workload: the seven canonical queries, each request's subject drawn from
# the communes (ranked by population) or the sites (ranked by their commune's population,
# then slug) with a Zipf law of this exponent: P(rank k) is proportional to 1 / k^s.
ZIPF_S = 1.1
MIXED_SEED = 20261202
MIXED_N = 10000
MIXED_QUERIES = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']

# Per query: the subject's kind and the two documents (ours, PostGraphile). The shapes
# are those of the canonical queries with the subject as the variable part; q4 takes the
# peer's function on the place columns (q4p, the same schema as ours); q7 starts from
# the drawn site's first occupant.
MIXED_DOCS = {
    'q1': ('commune',
           'query Q1M { territory(slug: "%(slug)s") { slug name population sites(first: 50) { nodes { slug name status areaSquareMetres occupancies { slug since until activity company { slug name activity } } } } } }',
           'query Q1M { territoryBySlug(slug: "%(slug)s") { slug name population sitesByTerritoryId(first: 50, orderBy: [NAME_KEY_ASC, ID_ASC]) { nodes { slug name status areaM2 occupanciesBySiteId(orderBy: [SINCE_ASC, ID_ASC]) { nodes { slug since until activityFr companyByCompanyId { slug name activityFr } } } } } } }'),
    'q2': ('commune',
           'query Q2M { sites(first: 50, filter: {territory: "%(slug)s"}) { nodes { slug name status territory { slug name } observations(first: 5) { slug date precision value unit status rank } } pageInfo { hasNextPage endCursor } } }',
           'query Q2M { allSites(first: 50, orderBy: [NAME_KEY_ASC, ID_ASC], condition: {territoryId: "%(id)s"}) { nodes { slug name status territoryByTerritoryId { slug name } observationsPage(n: 5) { nodes { slug date precision value unit status rank } } } pageInfo { hasNextPage endCursor } } }'),
    'q3': ('site',
           'query Q3M { observations(first: 100, orderBy: DATE_DESC, filter: {subject: "%(gid)s"}) { nodes { slug date precision value unit status rank citation { quote locator source { slug title publisher publishedOn url } } } pageInfo { hasNextPage endCursor } } }',
           'query Q3M { allObservations(first: 100, orderBy: [DATE_DESC, ID_DESC], condition: {subjectType: "SITE", subjectId: "%(id)s"}) { nodes { slug date precision value unit status rank citationByCitationId { quote locator sourceBySourceId { slug title publisher publishedOn url } } } pageInfo { hasNextPage endCursor } } }'),
    'q4': ('commune',
           'query Q4M { subsidyAggregate(filter: {territory: "%(slug)s"}, groupBy: [PROGRAMME, YEAR]) { count sumEur groups { programme { slug name } year count sumEur minEur maxEur } } }',
           'query Q4M { subsidyTotalsPlace(territorySlug: "%(slug)s") { nodes { programmeSlug programmeName year count sumEur minEur maxEur } } }'),
    'q5': ('commune',
           'query Q5M { search(text: "%(text)s", first: 20) { kind score match slug name } }',
           'query Q5M { ' + ' '.join(
               '%s: all%s(first: 20, filter: {searchText: {includes: "%%(text)s"}}, orderBy: [%s_ASC]) { nodes { slug %s } }' % (a, t, o, f)
               for a, t, o, f in (('t', 'Territories', 'NAME', 'name'), ('s', 'Sites', 'NAME', 'name'), ('c', 'Companies', 'NAME', 'name'),
                                  ('p', 'Programmes', 'NAME', 'name'), ('so', 'Sources', 'TITLE', 'title'), ('e', 'Events', 'TITLE_FR', 'titleFr'))) + ' }'),
    'q6': ('commune',
           'query Q6M { timeSeries(subject: "%(gid)s", metric: "synthetic-jobs") { points { slug date precision value status rank citation { quote source { slug title } } } } }',
           'query Q6M { territoryBySlug(slug: "%(slug)s") { observationsOf(metricCode: "synthetic-jobs") { nodes { slug date precision value status rank citationByCitationId { quote sourceBySourceId { slug title } } } } } }'),
    'q7': ('site',
           'query Q7M { graph(from: "%(company_gid)s", depth: 2, kinds: [SUPPLIES, PARTNER_OF, OCCUPIES, OPERATES]) { nodes { id slug label kind depth } edges { id source target kind } truncated } }',
           'query Q7M { companyBySlug(slug: "%(company)s") { slug name relatedCompanies { nodes { slug name relatedCompanies { nodes { slug name } } occupanciesByCompanyId { nodes { siteBySiteId { slug name } } } sitesByOperatorId { nodes { slug name } } } } occupanciesByCompanyId { nodes { siteBySiteId { slug name occupanciesBySiteId { nodes { companyByCompanyId { slug name } } } companyByOperatorId { slug name } } } } sitesByOperatorId { nodes { slug name occupanciesBySiteId { nodes { companyByCompanyId { slug name } } } } } } }'),
}

LIGATURES = {'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss', 'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd'}


def fold(s):
    """internal/textnorm.Fold: lower case, no accents, runs of other characters -> one space."""
    s = ''.join(LIGATURES.get(c, c) for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')
    return ' '.join(''.join(c.lower() if c.isalnum() else ' ' for c in s).split())


class Zipf:
    """Ranks 1..n drawn with P(k) proportional to 1/k^s."""
    def __init__(self, n, s):
        acc, self.cdf = 0.0, []
        for k in range(1, n + 1):
            acc += k ** -s
            self.cdf.append(acc)

    def draw(self, rng):
        return bisect.bisect_left(self.cdf, rng.random() * self.cdf[-1])


def mixed(db, outdir, n=MIXED_N):
    """Write <engine>/mixed.jsonl (seed MIXED_SEED) and <engine>/mixed-warmup.jsonl (another
    seed, same law): one request body a line, line i the same query and subject for both
    engines. Also mixed-info.txt: the law, the mix and the heads of the rankings."""
    communes = [r.split('|') for r in psql(db, "SELECT id, slug, name FROM territories WHERE kind = 'COMMUNE' "
                                               "ORDER BY population DESC NULLS LAST, slug").splitlines()]
    # Sites with an occupant (q7 starts from it), ranked by their commune's population.
    sites = [r.split('|') for r in psql(db, "SELECT s.id, s.slug, c.slug FROM sites s JOIN territories t ON t.id = s.territory_id "
                                            "CROSS JOIN LATERAL (SELECT c.slug FROM occupancies o JOIN companies c ON c.id = o.company_id "
                                            "WHERE o.site_id = s.id ORDER BY o.since, o.id LIMIT 1) c "
                                            "ORDER BY t.population DESC NULLS LAST, s.slug").splitlines()]
    zc, zs = Zipf(len(communes), ZIPF_S), Zipf(len(sites), ZIPF_S)
    info = [f'zipf s={ZIPF_S} seed={MIXED_SEED} requests={n} communes={len(communes)} sites={len(sites)} queries={",".join(MIXED_QUERIES)} (uniform)']
    for name, seed in (('mixed', MIXED_SEED), ('mixed-warmup', MIXED_SEED + 1)):
        rng = random.Random(seed)
        lines = {'ours': [], 'postgraphile': []}
        mix, subjects = {}, set()
        for _ in range(n):
            q = MIXED_QUERIES[rng.randrange(len(MIXED_QUERIES))]
            kind, ours, peer = MIXED_DOCS[q]
            if kind == 'commune':
                cid, slug, cname = communes[zc.draw(rng)]
                v = {'id': cid, 'slug': slug, 'gid': gid('Territory', slug), 'text': fold(cname)}
            else:
                sid, slug, company = sites[zs.draw(rng)]
                v = {'id': sid, 'slug': slug, 'gid': gid('Site', slug), 'company': company, 'company_gid': gid('Company', company)}
            mix[q] = mix.get(q, 0) + 1
            subjects.add((kind, slug))
            lines['ours'].append(json.dumps({'query': ours % v}))
            lines['postgraphile'].append(json.dumps({'query': peer % v}))
        for engine, ls in lines.items():
            os.makedirs(os.path.join(outdir, engine), exist_ok=True)
            with open(os.path.join(outdir, engine, name + '.jsonl'), 'w') as f:
                f.write('\n'.join(ls) + '\n')
        info.append(f'{name}: seed={seed} ' + ' '.join(f'{q}={mix.get(q, 0)}' for q in MIXED_QUERIES) + f' distinct (query subjects)={len(subjects)}')
    info.append('top communes: ' + ', '.join(c[1] for c in communes[:5]))
    info.append('top sites: ' + ', '.join(s[1] for s in sites[:5]))
    with open(os.path.join(outdir, 'mixed-info.txt'), 'w') as f:
        f.write('\n'.join(info) + '\n')


def mixed_check(url, jsonl, limit):
    """POST the first `limit` bodies of a mixed file: 'ok N' or 'ERRORS k/N first-error'."""
    bad, first, n = 0, '', 0
    for line in open(jsonl):
        if n >= limit:
            break
        n += 1
        req = urllib.request.Request(url, data=line.strip().encode(), headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
        try:
            raw = urllib.request.urlopen(req, timeout=60).read()
        except urllib.error.HTTPError as e:
            raw = e.read()
        try:
            errs = json.loads(raw).get('errors')
        except ValueError:
            errs = [raw[:200].decode(errors='replace')]
        if errs:
            bad += 1
            first = first or json.dumps(errs)[:300]
    print(f'ok {n}' if not bad else f'ERRORS {bad}/{n} {first}')


def proc_ticks(pid):
    """utime+stime of a process (all its threads) and cutime+cstime (its waited-for children), in clock ticks."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    # fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14-17.
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[1])


def tree_ticks(root):
    """CPU ticks of a process and all its descendants, live or exited (an exited child's
    time is in its parent's cutime/cstime once waited for, as PostgreSQL's postmaster
    does for its backends)."""
    procs = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                procs[int(d)] = proc_ticks(d)
            except (OSError, IndexError, ValueError):
                pass
    children = {}
    for pid, (_, _, ppid) in procs.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [int(root)]
    while todo:
        p = todo.pop()
        if p in procs:
            total += procs[p][0] + procs[p][1]
            todo.extend(children.get(p, []))
    return total


def cpu(engine_pid, pg_pidfile):
    """'<engine ticks> <postgres ticks> <ticks per second>': the engine's process tree, and
    the bench cluster's postmaster with all its processes (backends, background workers)."""
    pg = open(pg_pidfile).readline().strip()
    print(tree_ticks(engine_pid), tree_ticks(pg), os.sysconf('SC_CLK_TCK'))


def count_leaves(v):
    if isinstance(v, dict):
        return sum(count_leaves(x) for x in v.values())
    if isinstance(v, list):
        return sum(count_leaves(x) for x in v)
    return 1


def check(url, body_file, out_file):
    """POST one body, save the response, print 'ok <bytes> <leaves> <sqlStatements>'."""
    data = open(body_file, 'rb').read()
    req = urllib.request.Request(url, data=data, headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
    try:
        raw = urllib.request.urlopen(req, timeout=60).read()
    except urllib.error.HTTPError as e:
        raw = e.read()
    open(out_file, 'wb').write(raw)
    r = json.loads(raw)
    if r.get('errors'):
        print('ERROR', json.dumps(r['errors'])[:500])
        return
    stm = (r.get('extensions') or {}).get('sqlStatements', '')
    print('ok', len(raw), count_leaves(r.get('data')), stm)


def pgstat(db):
    """Total execution time (ms) and calls of the statements of db since the last reset."""
    row = psql(db, "SELECT COALESCE(SUM(total_exec_time),0), COALESCE(SUM(calls),0) FROM pg_stat_statements s "
                   "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
                   "AND s.query NOT ILIKE '%pg_stat_statements%'")
    ms, calls = row.split('|')
    print(ms, calls)


def parse_result(path):
    txt = open(path).read() if os.path.exists(path) else ''
    m = re.search(r'RESULT (.*)', txt)
    return dict(kv.split('=') for kv in m.group(1).split()) if m else {}


def cpu_per_request(path, reqs):
    """(engine ms, PostgreSQL ms) of CPU per request from a cpu-*.txt file (two lines of
    `lib.py cpu`, before and after the run), or None."""
    if not reqs or not os.path.exists(path):
        return None
    lines = [l.split() for l in open(path).read().splitlines() if l.strip()]
    if len(lines) < 2:
        return None
    (e0, p0, tck), (e1, p1, _) = [list(map(int, l)) for l in lines[:2]]
    return (e1 - e0) * 1000 / tck / reqs, (p1 - p0) * 1000 / tck / reqs


def measure(d, q):
    """The figures of one engine, one query, in one run directory."""
    c16 = parse_result(os.path.join(d, f'wrk-{q}-c16.txt'))
    c1 = parse_result(os.path.join(d, f'wrk-{q}-c1.txt'))
    pgf = os.path.join(d, f'pgstat-{q}.txt')
    pg = open(pgf).read().split() if os.path.exists(pgf) else ['0', '0']
    rssf = os.path.join(d, f'rss-{q}.txt')
    rss = open(rssf).read().strip() if os.path.exists(rssf) else '0'
    chkf = os.path.join(d, f'check-{q}.txt')
    chk = open(chkf).read().split() if os.path.exists(chkf) else []
    reqs1 = float(c1.get('reqs', 0) or 0)
    cpu = cpu_per_request(os.path.join(d, f'cpu-{q}-c16.txt'), float(c16.get('reqs', 0) or 0))
    m = {
        'rps': float(c16.get('rps', 0) or 0), 'p50': float(c16.get('p50_ms', 0) or 0), 'p99': float(c16.get('p99_ms', 0) or 0),
        'err': int(c16.get('non2xx_3xx', 0) or 0) + int(c16.get('socket_errors', 0) or 0),
        'c1p50': float(c1.get('p50_ms', 0) or 0),
        'pgms': float(pg[0]) / reqs1 if reqs1 else 0, 'stmts': float(pg[1]) / reqs1 if reqs1 else 0,
        'rss': int(rss) // 1024 if rss.isdigit() else 0,
        'bytes': chk[1] if len(chk) > 1 and chk[0] == 'ok' else ('ERR' if chk else '-'),
        'ext': chk[3] if len(chk) > 3 and chk[0] == 'ok' else '',
        'check': ' '.join(chk),
        'cpu_eng': cpu[0] if cpu else None, 'cpu_pg': cpu[1] if cpu else None,
        'hit': cache_hit_ratio(d, q),
    }
    m['cpu'] = m['cpu_eng'] + m['cpu_pg'] if cpu else None
    # Time outside PostgreSQL at one connection, the PostgreSQL cap (requests/s that
    # PostgreSQL's own time per request allows on its one core) and the share of it served.
    m['outside'] = m['c1p50'] - m['pgms'] if reqs1 else None
    m['cap'] = 1000 / m['pgms'] if m['pgms'] > 0 else None
    m['capshare'] = m['rps'] / m['cap'] if m['cap'] else None
    return m


def cache_hit_ratio(d, q):
    """hits / (hits + misses) of the response cache during a run, from the counters of
    /metrics saved before and after it (metrics-<q>-before.txt, -after.txt): every
    sample whose name or labels speak of the response cache (`response` and `cache`)
    and of a hit or a miss (not the parsed-query cache, cache="query"); None when absent."""
    def counters(path):
        out = {'hit': 0.0, 'miss': 0.0}
        if not os.path.exists(path):
            return None
        for line in open(path):
            low = line.lower()
            if low.startswith('#') or 'response' not in low or 'cache' not in low:
                continue
            try:
                v = float(line.rsplit(' ', 1)[1])
            except (IndexError, ValueError):
                continue
            for k in out:
                if k in low.rsplit(' ', 1)[0]:
                    out[k] += v
        return out
    a, b = counters(os.path.join(d, f'metrics-{q}-before.txt')), counters(os.path.join(d, f'metrics-{q}-after.txt'))
    if not a or not b:
        return None
    hit, miss = b['hit'] - a['hit'], b['miss'] - a['miss']
    return hit / (hit + miss) if hit + miss > 0 else None


def run_dirs(d):
    """The run directories of an engine: r1, r2... (RUNS=N), or the engine directory itself."""
    runs = sorted(x for x in os.listdir(d) if re.fullmatch(r'r\d+', x)) if os.path.isdir(d) else []
    return [os.path.join(d, x) for x in runs] or [d]


def median_of(ms):
    """Per figure, the median over runs (errors summed, peak memory the largest)."""
    out = dict(ms[0])
    for k in ('rps', 'p50', 'p99', 'c1p50', 'pgms', 'stmts', 'cpu_eng', 'cpu_pg', 'cpu', 'outside', 'cap', 'capshare', 'hit'):
        vals = [m[k] for m in ms if m[k] is not None]
        out[k] = statistics.median(vals) if vals else None
    out['err'] = sum(m['err'] for m in ms)
    out['rss'] = max(m['rss'] for m in ms)
    out['runs'] = len(ms)
    out['rps_range'] = (min(m['rps'] for m in ms), max(m['rps'] for m in ms))
    return out


ENGINES = ('ours', 'ours-cached', 'postgraphile')


def f(v, fmt='.2f', suffix=''):
    return '-' if v is None else format(v, fmt) + suffix


def summary(resdir):
    """Print the results table of one harness run (ours vs PostGraphile): medians over
    the rounds when it ran several (RUNS=N)."""
    engines = [e for e in ENGINES if os.path.isdir(os.path.join(resdir, e))]
    rows = []
    for q in QUERIES:
        r = {}
        for e in engines:
            r[e] = median_of([measure(d, q) for d in run_dirs(os.path.join(resdir, e))])
        if any(x['bytes'] != '-' for x in r.values()):  # not run (QUERIES): left out
            rows.append((q, r))
    if not rows:
        mixed_summary(resdir, engines)
        return
    runs = max(r[e]['runs'] for _, r in rows for e in r)
    if runs > 1:
        print(f'Medians of {runs} rounds (engines alternating); rps@16 range in the ratios table.')
        print()
    hdr = ('query', 'engine', 'rps@16', 'p50 ms', 'p99 ms', 'errors', 'CPU ms/req engine + PG = total',
           'c1 p50 ms', 'PG ms/req', 'c1/PG', 'outside PG c1 ms', 'PG cap rps', 'rps/cap',
           'stmts/req', 'sqlStatements', 'peak RSS MB', 'resp bytes')
    print('| ' + ' | '.join(hdr) + ' |')
    print('|' + '---|' * len(hdr))
    for q, r in rows:
        for e in engines:
            x = r[e]
            ratio = f"{x['c1p50'] / x['pgms']:.2f}" if x['pgms'] else '-'
            cpu = f"{x['cpu_eng']:.2f} + {x['cpu_pg']:.2f} = {x['cpu']:.2f}" if x['cpu'] is not None else '-'
            print(f"| {q} | {e} | {x['rps']:.0f} | {x['p50']:.1f} | {x['p99']:.1f} | {x['err']} | {cpu} | {x['c1p50']:.2f} | {x['pgms']:.2f} | {ratio} | "
                  f"{f(x['outside'])} | {f(x['cap'], '.0f')} | {f(x['capshare'] and x['capshare'] * 100, '.0f', ' %')} | "
                  f"{x['stmts']:.1f} | {x['ext']} | {x['rss']} | {x['bytes']} |")
    peer = 'postgraphile'
    for e in [e for e in engines if e != peer]:
        if peer not in engines:
            break
        print()
        print(f'| query | rps {e}/PostGraphile | p99 {e} vs PostGraphile | total CPU/req {e}/PostGraphile | what |')
        print('|---|---|---|---|---|')
        for q, r in rows:
            o, p = r[e], r[peer]
            ratio = f"{o['rps'] / p['rps']:.1f}x" if p['rps'] else '-'
            p99 = f"{o['p99']:.0f} vs {p['p99']:.0f} ms" + (' (better)' if o['p99'] <= p['p99'] else ' (WORSE)') if p['rps'] else '-'
            spread = ''
            if o['runs'] > 1 and p['rps']:
                spread = f" ({o['rps_range'][0]:.0f}-{o['rps_range'][1]:.0f} vs {p['rps_range'][0]:.0f}-{p['rps_range'][1]:.0f} rps)"
            cpu = f"{o['cpu'] / p['cpu']:.2f}" if o['cpu'] and p['cpu'] else '-'
            print(f'| {q} | {ratio}{spread} | {p99} | {cpu} | {NAMES[q]} |')
    mixed_summary(resdir, engines)


def mixed_summary(resdir, engines):
    """The mixed workload's table, when it was run."""
    ms = {e: median_of([measure(d, 'mixed') for d in run_dirs(os.path.join(resdir, e))]) for e in engines}
    ms = {e: m for e, m in ms.items() if m['rps']}
    if not ms:
        return
    print()
    info = os.path.join(resdir, 'mixed-info.txt')
    print('Mixed workload: ' + (open(info).readline().strip() if os.path.exists(info) else f'zipf s={ZIPF_S}'))
    print()
    print('| engine | rps@16 | p50 ms | p99 ms | errors | CPU ms/req engine + PG = total | cache hit ratio | peak RSS MB | check (first bodies) | rps vs PostGraphile |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    p = ms.get('postgraphile')
    for e, x in ms.items():
        cpu = f"{x['cpu_eng']:.2f} + {x['cpu_pg']:.2f} = {x['cpu']:.2f}" if x['cpu'] is not None else '-'
        ratio = f"{x['rps'] / p['rps']:.1f}x" if p and e != 'postgraphile' else ''
        print(f"| {e} | {x['rps']:.0f} | {x['p50']:.1f} | {x['p99']:.1f} | {x['err']} | {cpu} | {f(x['hit'] and x['hit'] * 100, '.0f', ' %')} | {x['rss']} | {x['check'][:120]} | {ratio} |")


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'bodies':
        bodies(sys.argv[2], sys.argv[3])
    elif cmd == 'check':
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == 'pgstat':
        pgstat(sys.argv[2])
    elif cmd == 'summary':
        summary(sys.argv[2])
    elif cmd == 'mixed':
        mixed(sys.argv[2], sys.argv[3], *(int(x) for x in sys.argv[4:5]))
    elif cmd == 'mixedcheck':
        mixed_check(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == 'cpu':
        cpu(sys.argv[2], sys.argv[3])
