#!/usr/bin/env bash
# The downloads by the open-data conventions (docs/downloads.md), against the server at
# $OBS_URL: the data package of /download/observatory.zip validates with the
# Frictionless JavaScript libraries (npm packages datapackage and tableschema, installed
# into a temporary folder) and every CSV of it reads with the declared types and
# constraints; /download/datapackage.json is the archive's descriptor; the CSV files
# have CRLF line endings, the excel-fr dialect semicolons and a BOM; the CSVs open in
# pandas with the declared types when python3 has pandas (skipped with a message
# otherwise); /download/dataset.jsonld is a schema.org Dataset. Run on its own:
#   OBS_URL=http://127.0.0.1:8080 tools/ci.d/datapackage.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OBS_URL:?OBS_URL must name a running server}"
fail() { echo "FAIL (datapackage): $*" >&2; exit 1; }
command -v node >/dev/null 2>&1 || fail "node (18+) is not installed"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "installing the Frictionless libraries (npm: datapackage@1, tableschema@1) into $work"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent datapackage@1 tableschema@1 >npm.log 2>&1) \
  || { cat "$work/npm.log" >&2; fail "npm install failed"; }

curl -fsS -o "$work/observatory.zip" "$OBS_URL/download/observatory.zip?lang=en" || fail "no archive"
mkdir "$work/zip"
(cd "$work/zip" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$work/observatory.zip")
curl -fsS -o "$work/datapackage.json" "$OBS_URL/download/datapackage.json?lang=en" || fail "no /download/datapackage.json"
cmp -s "$work/datapackage.json" "$work/zip/datapackage.json" || fail "/download/datapackage.json differs from the archive's"

# The archive's entries are dated with the dataset's release (not 1980).
python3 - "$work/observatory.zip" "$work/datapackage.json" <<'PY' || fail "archive dates"
import json, sys, zipfile
pkg = json.load(open(sys.argv[2]))
want = tuple(int(x) for x in pkg["release_date"].split("-"))
for info in zipfile.ZipFile(sys.argv[1]).infolist():
    if info.date_time[:3] != want:
        sys.exit(f"{info.filename} dated {info.date_time}, the release is {want}")
print(f"archive entries dated {pkg['release_date']} (release {pkg['version']}, format {pkg['format_version']})")
PY

cat > "$work/validate.js" <<'JS'
const path = require('path');
const {Package} = require('datapackage');
(async () => {
  const dir = process.argv[2];
  const dp = await Package.load(path.join(dir, 'datapackage.json'), {basePath: dir, strict: false});
  if (!dp.valid) {
    console.error('descriptor invalid:', dp.errors.map(e => e.message).join('; '));
    process.exit(1);
  }
  let failed = false;
  for (const r of dp.resources) {
    if (!r.valid) { console.error(r.name, 'invalid:', r.errors.map(e => e.message).join('; ')); failed = true; continue; }
    const names = r.schema.fieldNames;
    const rows = await r.read({keyed: false, cast: false});
    const headers = r.headers;
    if (JSON.stringify(headers) !== JSON.stringify(names)) {
      console.error(r.name, 'header', headers, 'is not the schema', names); failed = true; continue;
    }
    try {
      const cast = await r.read({cast: true});
      console.log(`${r.name}: ${cast.length} rows, ${names.length} columns, types and constraints ok`);
    } catch (e) {
      const errs = (e.errors || [e]).slice(0, 5).map(x => x.message).join('; ');
      console.error(`${r.name}: ${errs}`); failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
JS
(cd "$work" && node validate.js "$work/zip") || fail "the data package does not validate"

# Line endings and dialects.
python3 - "$work/zip" "$OBS_URL" <<'PY' || fail "CSV dialects"
import csv, io, os, sys, urllib.request
d, base = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(d)):
    if f.endswith('.csv'):
        data = open(os.path.join(d, f), 'rb').read()
        if not data.split(b'\n', 1)[0].endswith(b'\r'):
            sys.exit(f'{f}: the header line does not end with CRLF')
        if data.startswith(b'\xef\xbb\xbf'):
            sys.exit(f'{f}: a BOM in the RFC 4180 file')
        records = list(csv.reader(io.StringIO(data.decode('utf-8'), newline='')))
        crlf = data.count(b'\r\n')
        if crlf < len(records) or not data.endswith(b'\r\n'):
            sys.exit(f'{f}: {len(records)} records but {crlf} CRLF')
fr = urllib.request.urlopen(base + '/download/sites.csv?dialect=excel-fr').read()
if not fr.startswith(b'\xef\xbb\xbfslug;name;'):
    sys.exit('excel-fr: no BOM or no semicolons: %r' % fr[:20])
if not fr.split(b'\n', 1)[0].endswith(b'\r'):
    sys.exit('excel-fr: no CRLF')
print('CSV: CRLF, UTF-8; excel-fr: BOM and semicolons')
PY

# pandas, when installed (for the python3 on PATH, or Debian's): every CSV with the
# declared types.
find_pandas() {
  py=""
  for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import pandas' 2>/dev/null; then py="$cand"; break; fi
  done
}
find_pandas
if [ -z "$py" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's python3-pandas"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas) >/dev/null 2>&1 || true
  find_pandas
fi
if [ -n "$py" ]; then
  "$py" - "$work/zip" "$OBS_URL" <<'PY' || fail "pandas"
import json, os, sys
import pandas as pd
d = sys.argv[1]
pkg = json.load(open(os.path.join(d, 'datapackage.json')))
kinds = {'string': 'string', 'integer': 'Int64', 'number': 'float64', 'boolean': 'boolean'}
for r in pkg['resources']:
    fields = r['schema']['fields']
    dtype = {f['name']: kinds[f['type']] for f in fields if f['type'] in kinds}
    dates = [f['name'] for f in fields if f['type'] == 'date']
    df = pd.read_csv(os.path.join(d, r['path']), dtype=dtype, keep_default_na=False, na_values=[''])
    for c in dates:
        df[c] = pd.to_datetime(df[c], format='%Y-%m-%d', errors='raise')
    if list(df.columns) != [f['name'] for f in fields]:
        sys.exit(f"{r['name']}: columns {list(df.columns)}")
    print(f"pandas: {r['name']}: {len(df)} rows with the declared types")
# The French spreadsheets' dialect reads the same, with its separator and BOM.
import urllib.request
site = next(r for r in pkg['resources'] if r['name'] == 'sites')
fr = pd.read_csv(urllib.request.urlopen(sys.argv[2] + '/download/sites.csv?dialect=excel-fr&lang=en'), sep=';', encoding='utf-8-sig',
                 dtype={f['name']: kinds[f['type']] for f in site['schema']['fields'] if f['type'] in kinds}, keep_default_na=False, na_values=[''])
en = pd.read_csv(os.path.join(d, 'sites.csv'), dtype={f['name']: kinds[f['type']] for f in site['schema']['fields'] if f['type'] in kinds}, keep_default_na=False, na_values=[''])
if not fr.equals(en):
    sys.exit('pandas: sites.csv in the excel-fr dialect reads differently')
print('pandas: the excel-fr dialect reads the same')
PY
else
  echo "pandas is not installed (python3 -c 'import pandas' fails; Debian: apt-get install python3-pandas): the pandas check is skipped"
fi

# The JSON-LD description.
curl -fsS "$OBS_URL/download/dataset.jsonld" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert "Dataset" in d["@type"], d["@type"]
for k in ("name", "description", "license", "publisher", "version", "dateModified", "distribution", "spatialCoverage", "inLanguage"):
    assert d.get(k), k
assert d["inLanguage"] == ["fr", "en"]
assert any(x["contentUrl"].endswith("/download/observatory.zip") for x in d["distribution"])
print("dataset.jsonld:", len(d["distribution"]), "distributions, version", d["version"])
' || fail "dataset.jsonld"
echo "data package ok"
