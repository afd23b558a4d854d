#!/usr/bin/env python3
"""Helpers of bench/run.sh: request bodies, response checks, pg_stat_statements, summary."""
import base64, json, os, re, statistics, subprocess, sys, urllib.request

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
    return {
        'rps': float(c16.get('rps', 0) or 0), 'p50': float(c16.get('p50_ms', 0) or 0), 'p99': float(c16.get('p99_ms', 0) or 0),
        'err': int(c16.get('non2xx_3xx', 0) or 0) + int(c16.get('socket_errors', 0) or 0),
        'c1p50': float(c1.get('p50_ms', 0) or 0),
        'pgms': float(pg[0]) / reqs1 if reqs1 else 0, 'stmts': float(pg[1]) / reqs1 if reqs1 else 0,
        'rss': int(rss) // 1024 if rss.isdigit() else 0,
        'bytes': chk[1] if len(chk) > 1 and chk[0] == 'ok' else ('ERR' if chk else '-'),
        'ext': chk[3] if len(chk) > 3 else '',
    }


def run_dirs(d):
    """The run directories of an engine: r1, r2... (RUNS=N), or the engine directory itself."""
    runs = sorted(x for x in os.listdir(d) if re.fullmatch(r'r\d+', x)) if os.path.isdir(d) else []
    return [os.path.join(d, x) for x in runs] or [d]


def median_of(ms):
    """Per figure, the median over runs (errors summed, peak memory the largest)."""
    out = dict(ms[0])
    for k in ('rps', 'p50', 'p99', 'c1p50', 'pgms', 'stmts'):
        out[k] = statistics.median(m[k] for m in ms)
    out['err'] = sum(m['err'] for m in ms)
    out['rss'] = max(m['rss'] for m in ms)
    out['runs'] = len(ms)
    out['rps_range'] = (min(m['rps'] for m in ms), max(m['rps'] for m in ms))
    return out


def summary(resdir):
    """Print the results table of one harness run (ours vs PostGraphile): medians over
    the rounds when it ran several (RUNS=N)."""
    rows = []
    for q in QUERIES:
        r = {}
        for e in ('ours', 'postgraphile'):
            r[e] = median_of([measure(d, q) for d in run_dirs(os.path.join(resdir, e))])
        rows.append((q, r))
    runs = max(r[e]['runs'] for _, r in rows for e in r)
    if runs > 1:
        print(f'Medians of {runs} rounds (engines alternating); rps@16 range in the last table.')
        print()
    hdr = ('query', 'engine', 'rps@16', 'p50 ms', 'p99 ms', 'errors', 'c1 p50 ms', 'PG ms/req', 'c1/PG', 'stmts/req', 'sqlStatements', 'peak RSS MB', 'resp bytes')
    print('| ' + ' | '.join(hdr) + ' |')
    print('|' + '---|' * len(hdr))
    for q, r in rows:
        for e in ('ours', 'postgraphile'):
            x = r[e]
            ratio = f"{x['c1p50'] / x['pgms']:.2f}" if x['pgms'] else '-'
            print(f"| {q} | {e} | {x['rps']:.0f} | {x['p50']:.1f} | {x['p99']:.1f} | {x['err']} | {x['c1p50']:.2f} | {x['pgms']:.2f} | {ratio} | {x['stmts']:.1f} | {x['ext']} | {x['rss']} | {x['bytes']} |")
    print()
    print('| query | rps ours/PostGraphile | p99 ours vs PostGraphile | what |')
    print('|---|---|---|---|')
    for q, r in rows:
        o, p = r['ours'], r['postgraphile']
        ratio = f"{o['rps'] / p['rps']:.1f}x" if p['rps'] else '-'
        p99 = f"{o['p99']:.0f} vs {p['p99']:.0f} ms" + (' (better)' if o['p99'] <= p['p99'] else ' (WORSE)') if p['rps'] else '-'
        spread = ''
        if o['runs'] > 1 and p['rps']:
            spread = f" ({o['rps_range'][0]:.0f}-{o['rps_range'][1]:.0f} vs {p['rps_range'][0]:.0f}-{p['rps_range'][1]:.0f} rps)"
        print(f'| {q} | {ratio}{spread} | {p99} | {NAMES[q]} |')


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
