#!/usr/bin/env bash
# Intake with and without the outbox worker (issue 13: "with the worker running, the load bench's intake rate stays
# within 5% of the rate without it"). The same Release app on a fresh embedded PostgreSQL each run, alternately with
# Motcua:Outbox:Enabled=false and =true, two pairs, each measured run after an unmeasured warm-up of the same load;
# the ratio of the medians is printed against the target. With the worker on, every intake's event is expanded into
# its notifications and delivered to the local sinks the demo starts (SMTP server, SMS/Zalo gateway).
# Usage: bench/load/worker.sh [seconds per run, default 20] [extra NAME=VALUE settings for the app...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
root="$PWD"
data="$root/.motcua/bench-worker"
port=55435
url="http://127.0.0.1:5091"
scripts/setup.sh bench
source bench/app.sh

run() { # $1 = true|false: the worker on or off; prints intake req/s and how many outbox rows were left undelivered
  local enabled="$1"
  shift
  start_app "$data" $port "$url" "$root/.motcua/bench-worker-app.log" Motcua__Outbox__Enabled="$enabled" "$@" >&2
  wrk -t2 -c16 -d15s -s bench/load/intake.lua "$url" >/dev/null
  local line rate
  line=$(wrk -t2 -c16 -d"${seconds}s" -s bench/load/intake.lua "$url" | grep '^RESULT')
  rate=$(python3 -c 'import re,sys; d=dict(re.findall(r"(\w+)=([\d.]+)", sys.argv[1])); print(round(float(d["requests"])/float(d["seconds"])))' "$line")
  local open delivered
  export PGPASSWORD="$(cat "$data/postgres.password")"
  open=$(psql -h 127.0.0.1 -p $port -U postgres -d motcua -Atc "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL")
  delivered=$(psql -h 127.0.0.1 -p $port -U postgres -d motcua -Atc "SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL")
  kill $app 2>/dev/null; wait $app 2>/dev/null || true
  trap - EXIT
  echo "$rate $open $delivered"
}

declare -a off on
for pair in 1 2; do
  read -r r o d < <(run false "$@"); off+=("$r"); echo "pair $pair, worker off: intake $r req/s (outbox: $o open, $d delivered)"
  read -r r o d < <(run true "$@"); on+=("$r"); echo "pair $pair, worker on:  intake $r req/s (outbox: $o open, $d delivered)"
done
python3 - "${off[*]}" "${on[*]}" <<'PY'
import sys, statistics
off = [int(x) for x in sys.argv[1].split()]; on = [int(x) for x in sys.argv[2].split()]
ratio = statistics.median(on) / statistics.median(off)
print(f"intake with the worker: {statistics.median(on):.0f} req/s vs {statistics.median(off):.0f} without = {ratio:.1%} "
      f"(target >= 95%): {'MET' if ratio >= 0.95 else 'NOT MET'}")
PY
