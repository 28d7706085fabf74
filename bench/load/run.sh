#!/usr/bin/env bash
# Load benchmark, all in one run on this machine: pgbench's TPC-B-like and select-only TPS on the app's own
# PostgreSQL are the baselines; then wrk drives desk intake (POST /api/v1/dossiers) and public lookup
# (GET /api/v1/lookup/{code}) and the ratios are printed against the targets.
#   Targets: intake >= 50% of TPC-B TPS with p99 < 50 ms; lookup >= 30% of select-only TPS with p99 < 10 ms.
# Usage: bench/load/run.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
root="$PWD"
data="$root/.motcua/bench"
port=55434
url="http://127.0.0.1:5090"
scripts/setup.sh bench
command -v pgbench >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

source bench/app.sh
start_app "$data" $port "$url" "$root/.motcua/bench-app.log" Motcua__LookupPermitsPerMinute=100000000

# The embedded cluster asks every role for its password (docs/SECURITY.md §3).
export PGPASSWORD="$(cat "$data/postgres.password")"
psql_() { psql -h 127.0.0.1 -p $port -U postgres "$@"; }
psql_ -d postgres -qc "DROP DATABASE IF EXISTS pgbench" -qc "CREATE DATABASE pgbench"
pgbench -h 127.0.0.1 -p $port -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
tps() { pgbench -h 127.0.0.1 -p $port -U postgres -c 8 -j 2 -T "$seconds" "$@" pgbench 2>/dev/null | awk '/^tps/ {print int($3)}'; }
tpcb=$(tps)
selonly=$(tps -S)

# One intake before the load: a body the API refuses (the e-form gained required fields once, and the bench then timed
# nothing but 422s for weeks) stops the bench here with the API's answer instead of being measured.
python3 - "$root/.motcua/bench-preflight-body.json" <<'PY'
import re, sys
lua = open("bench/load/intake.lua", encoding="utf-8").read()
body = re.search(r"local body = \[\[(.*?)\]\]", lua, re.S).group(1)
agency = re.search(r'local agencies = \{ "([^"]+)"', lua).group(1)
open(sys.argv[1], "w", encoding="utf-8").write(body.replace("%s", agency))
PY
status=$(curl -s -o "$root/.motcua/bench-preflight.json" -w '%{http_code}' -X POST "$url/api/v1/dossiers" \
  -H "Content-Type: application/json" -H "X-Api-Key: demo-motcua-api-key-2026" -H "Idempotency-Key: bench-preflight-$(date +%s%N)" \
  --data-binary @"$root/.motcua/bench-preflight-body.json")
if [ "$status" != 201 ]; then
  echo "bench/load: the intake body of bench/load/intake.lua answered $status, not 201; fix the body first:" >&2
  cat "$root/.motcua/bench-preflight.json" >&2; echo >&2
  exit 1
fi

# Each measured run follows an unmeasured one of the same load: the JIT optimises the hot paths only after they
# have run a while (tiered compilation), and a server is judged warm.
wrk -t2 -c16 -d30s -s bench/load/intake.lua "$url" >/dev/null
intake=$(wrk -t2 -c16 -d"${seconds}s" -s bench/load/intake.lua "$url" | grep '^RESULT')
codes="$root/.motcua/bench-codes.txt"
psql_ -d motcua -Atc "SELECT code FROM dossiers ORDER BY random() LIMIT 2000" >"$codes"
# The reads start from a settled database, as pgbench's own runs do (it vacuums first): the intake run's dead rows and
# dirty pages are not the lookup's to pay for.
psql_ -d motcua -qc "VACUUM ANALYZE" -qc "CHECKPOINT"
CODES_FILE="$codes" wrk -t2 -c16 -d10s -s bench/load/lookup.lua "$url" >/dev/null
lookup=$(CODES_FILE="$codes" wrk -t2 -c16 -d"${seconds}s" -s bench/load/lookup.lua "$url" | grep '^RESULT')

python3 - "$tpcb" "$selonly" "$intake" "$lookup" <<'PY'
import sys, re
tpcb, sel = int(sys.argv[1]), int(sys.argv[2])
def parse(line):
    d = dict(re.findall(r"(\w+)=([\d.]+)", line)); return {k: float(v) for k, v in d.items()}
rows = []
for name, line, base, base_name, share, p99_ms in (("intake", sys.argv[3], tpcb, "TPC-B", 0.50, 50), ("lookup", sys.argv[4], sel, "select-only", 0.30, 10)):
    r = parse(line); rate = r["requests"] / r["seconds"]; ratio = rate / base
    ok = ratio >= share and r["p99_us"] / 1000 < p99_ms and r["non2xx"] == 0 and r["errors"] == 0
    print(f"{name:7s} {rate:8.0f} req/s  p50 {r['p50_us']/1000:6.2f} ms  p99 {r['p99_us']/1000:6.2f} ms  non-2xx {int(r['non2xx'])}  "
          f"= {ratio:5.1%} of pgbench {base_name} {base} TPS (target >= {share:.0%}, p99 < {p99_ms} ms): {'MET' if ok else 'NOT MET'}")
    rows.append((name, int(r["non2xx"]), int(r["errors"])))
# A rate of refusals or errors is not a measurement: say so and fail, so that nobody reads the line above as one.
failed = [f"{name}: {non2xx} non-2xx, {errors} socket errors" for name, non2xx, errors in rows if non2xx or errors]
if failed:
    print("bench/load FAILED, " + "; ".join(failed) + " (see .motcua/bench-app.log)", file=sys.stderr)
    sys.exit(1)
PY
