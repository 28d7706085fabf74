#!/usr/bin/env bash
# Outbox throughput benchmark (issue 13: at least 1,000 messages a second to a local sink on this machine): the Release
# app with its worker on, one webhook subscription pointing at a local sink (sink.py, 200 at once), N outbox rows due on
# its target; the rate is N over the time from the first delivery to the last (outbox.delivered_at). The same run
# measures the sink's own rate with wrk at the worker's concurrency to one target (MaxInFlightPerTarget, 64), the ceiling
# the worker can reach on this machine; the ratio says what the worker costs.
# Usage: bench/outbox/run.sh [messages, default 50000]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-50000}"
root="$PWD"
data="$root/.motcua/bench-outbox"
port=55436
url="http://127.0.0.1:5091"
sink_port=5092
scripts/setup.sh bench
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 bench/outbox/sink.py $sink_port &
sink=$!
source bench/app.sh
start_app "$data" $port "$url" "$root/.motcua/bench-outbox-app.log" Motcua__Demo=true Motcua__Outbox__Enabled=true
trap 'kill $app $sink 2>/dev/null; wait $app $sink 2>/dev/null || true' EXIT
# The embedded cluster asks every role for its password (docs/SECURITY.md §3).
export PGPASSWORD="$(cat "$data/postgres.password")"
psql_() { psql -h 127.0.0.1 -p $port -U postgres -d motcua -Atq "$@"; }

# The sink's raw rate at the worker's concurrency (warm-up, then measured).
wrk -t2 -c64 -d5s -s bench/outbox/post.lua "http://127.0.0.1:$sink_port/" >/dev/null
raw=$(wrk -t2 -c64 -d10s -s bench/outbox/post.lua "http://127.0.0.1:$sink_port/" | awk '/^Requests\/sec/ {print int($2)}')

id=$(python3 bench/outbox/subscribe.py "$url" "http://127.0.0.1:$sink_port/hook")
# The demo's own events drain first, so that the run measures only the bench's rows.
for _ in $(seq 1 120); do [ "$(psql_ -c "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL")" = 0 ] && break; sleep 0.5; done
# N messages over 1,000 dossiers' ordering keys, as N events of 1,000 dossiers would give (the order check runs for each).
psql_ -c "INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
  SELECT 'dossier.status', jsonb_build_object('messageId', gen_random_uuid(), 'event', 'dossier.status', 'occurredAt', now(),
         'code', 'BENCH-' || (i % 1000), 'n', i), now(), gen_random_uuid(), 'webhook:$id', 'webhook:$id:BENCH-' || (i % 1000), now()
  FROM generate_series(1, $n) i"
start=$(date +%s.%N)
until [ "$(psql_ -c "SELECT count(*) FROM outbox WHERE target = 'webhook:$id' AND delivered_at IS NULL")" = 0 ]; do
  sleep 0.5
  [ "$(echo "$(date +%s.%N) - $start > 600" | bc)" = 1 ] && { echo "not drained after 10 minutes"; exit 1; }
done
wall=$(echo "$(date +%s.%N) - $start" | bc)
read -r span dead attempts <<<"$(psql_ -F' ' -c "SELECT extract(epoch FROM max(delivered_at) - min(delivered_at)), count(*) FILTER (WHERE dead_at IS NOT NULL),
  (SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'webhook:$id') FROM outbox WHERE target = 'webhook:$id'")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$n" "$span" "$wall" "$raw" "$dead" "$attempts" <<'PY'
import sys
n, span, wall, raw, dead, attempts = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
rate = n / span
print(f"outbox: {rate:,.0f} msg/s (target ≥ 1,000): {'MET' if rate >= 1000 else 'NOT MET'}  "
      f"[{n:,} messages, first to last delivery {span:.1f} s, insert to drained {wall:.1f} s, {attempts:,} attempts, {dead} dead]")
print(f"sink raw (wrk, 64 connections): {raw:,} req/s; worker/raw = {rate / raw:.0%}")
PY
