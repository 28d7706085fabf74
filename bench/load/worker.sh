#!/usr/bin/env bash
# Intake with and without the outbox worker (issue 13: "with the worker running, the load bench's intake rate stays
# within 5% of the rate without it"). The same Release app on a fresh embedded PostgreSQL each run, alternately with
# Motcua:Outbox:Enabled=false and =true, $PAIRS pairs (5) in the order off-on, on-off, … (so that a drift of the machine
# over the runs does not favour one side), each measured run after an unmeasured 8-second warm-up of the same load. The
# machine is shared and its disk's fsync time wanders (a run without the worker gave anywhere from 600 to 990 req/s within
# minutes), so the figure is the median of the ratios pair by pair, printed against the target, beside the CPU (app and
# PostgreSQL) spent per intake, which does not depend on what else the machine runs. With the worker on, it
# yields to the load (docs/MESSAGES.md §1): the "delivered" count shows the small share it still takes; no SMTP server or
# gateway runs here, so the notifications it plans fail and wait for their retry, which costs no more than a delivery.
# Usage: [PAIRS=5] bench/load/worker.sh [seconds per measured run, default 10] [extra NAME=VALUE settings for the app...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
shift || true
pairs="${PAIRS:-5}"
root="$PWD"
data="$root/.motcua/bench-worker"
port=55435
url="http://127.0.0.1:5091"
scripts/setup.sh bench
source bench/app.sh

# CPU time in ms (user + system) used so far by the app and by its PostgreSQL (the postmaster and its live children:
# the pooled backends that serve the load). CPU per intake does not depend on what else the shared machine runs, so
# its ratio is steadier than the ratio of rates.
cpu_ms() {
  python3 - "$app" "$data/data/postmaster.pid" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
def stat(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
postmaster = int(open(sys.argv[2]).readline())
total = 0
for pid in [int(sys.argv[1]), postmaster] + [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    f = stat(pid)
    if f and (pid in (int(sys.argv[1]), postmaster) or int(f[1]) == postmaster):
        total += int(f[11]) + int(f[12])
print(total * 1000 // hz)
PY
}

# One sample: the CPU so far, the instant (s), the dossiers received and the outbox rows delivered so far.
sample() {
  local cpu now counts
  cpu=$(cpu_ms)
  now=$(date +%s.%N)
  counts=$(psql -h 127.0.0.1 -p $port -U postgres -d motcua -At -F ' ' -c \
    "SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL)")
  echo "$cpu $now $counts"
}

# One load without a pause from warm-up to the end (a pause would let the worker catch up at full speed and carry its
# work into the measured window); the window is the $seconds after 8 s of warm-up, measured by the dossiers received.
run() { # $1 = true|false: the worker on or off; prints intake req/s, rows open and delivered, CPU ms per intake
  local enabled="$1"
  shift
  start_app "$data" $port "$url" "$root/.motcua/bench-worker-app.log" Motcua__Outbox__Enabled="$enabled" "$@" >&2
  export PGPASSWORD="$(cat "$data/postgres.password")"
  wrk -t2 -c16 -d"$((8 + seconds + 3))s" -s bench/load/intake.lua "$url" >/dev/null &
  local load=$! c0 t0 n0 d0 c1 t1 n1 d1
  sleep 8
  read -r c0 t0 n0 d0 < <(sample)
  sleep "$seconds"
  read -r c1 t1 n1 d1 < <(sample)
  wait $load
  local open
  open=$(psql -h 127.0.0.1 -p $port -U postgres -d motcua -Atc "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL")
  kill $app 2>/dev/null; wait $app 2>/dev/null || true
  trap - EXIT
  python3 -c 'import sys; c0,t0,n0,d0,c1,t1,n1,d1,o = map(float, sys.argv[1:]); print(round((n1-n0)/(t1-t0)), int(o), int(d1-d0), "%.3f" % ((c1-c0)/(n1-n0)))' \
    "$c0" "$t0" "$n0" "$d0" "$c1" "$t1" "$n1" "$d1" "$open"
}

declare -a off on offcpu oncpu
measure() { # $1 = pair number, $2 = true|false
  local r o d c
  read -r r o d c < <(run "$2" "${@:3}")
  if [ "$2" = true ]; then on+=("$r"); oncpu+=("$c"); else off+=("$r"); offcpu+=("$c"); fi
  printf 'pair %s, worker %-3s: intake %s req/s, %s ms of CPU (app + PostgreSQL) per intake (outbox: %s open at the end, %s delivered in the window)\n' \
    "$1" "$([ "$2" = true ] && echo on || echo off)" "$r" "$c" "$o" "$d"
}
for pair in $(seq 1 "$pairs"); do
  if [ $((pair % 2)) -eq 1 ]; then measure "$pair" false "$@"; measure "$pair" true "$@"
  else measure "$pair" true "$@"; measure "$pair" false "$@"; fi
done
python3 - "${off[*]}" "${on[*]}" "${offcpu[*]}" "${oncpu[*]}" <<'PY'
import sys, statistics
off = [int(x) for x in sys.argv[1].split()]; on = [int(x) for x in sys.argv[2].split()]
offcpu = [float(x) for x in sys.argv[3].split()]; oncpu = [float(x) for x in sys.argv[4].split()]
ratios = [a / b for a, b in zip(on, off)]
ratio = statistics.median(ratios)
cpu = statistics.median([a / b for a, b in zip(oncpu, offcpu)])
print(f"pair ratios (on/off): {', '.join(f'{r:.1%}' for r in ratios)}")
print(f"CPU per intake with the worker: median pair ratio {cpu:.1%} of the CPU without it "
      f"(medians {statistics.median(oncpu):.2f} and {statistics.median(offcpu):.2f} ms)")
print(f"intake with the worker: median ratio {ratio:.1%} of the rate without it (medians {statistics.median(on):.0f} and "
      f"{statistics.median(off):.0f} req/s) (target >= 95%): {'MET' if ratio >= 0.95 else 'NOT MET'}")
PY
