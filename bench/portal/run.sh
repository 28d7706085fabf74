#!/usr/bin/env bash
# Portal re-push benchmark (issue 16, docs/design/ISSUE16.md §8): the Release app with its worker on, the National Public
# Service Portal simulator (tools/MotCua.NationalPortal) and the fake SMS gateway (tools/MotCua.Gateway) as processes.
# drive.py seeds N dossiers through the API with journeys (every one transferred, one in four a step further, one in
# eight asked for a supplement) and waits until the portal holds them; then the simulator goes into outage, the
# administrator re-pushes all (POST /api/v1/admin/portal/repush {state: "all"}), the worker's attempts fail, and the
# simulator comes back: the time from "back" until the simulator holds N accepted updates and the dvcqg backlog is 0.
# The outage lasts OUTAGE_SECONDS (default 90) after the first attempts failed, on the worker's production back-off
# (30 s doubling, ±20 %), so the rows wait on it when the portal returns: the measure includes how soon the worker sees
# the portal back (its recovery probe, Motcua:Outbox:RecoveryProbeSeconds; APP_ENV="Motcua__Outbox__RecoveryProbeSeconds=0"
# measures without it). Baseline in the same run, on the same worker: N SMS through the gateway process. Prints both
# rates and the ratio.
# Usage: [OUTAGE_SECONDS=90] [APP_ENV="NAME=VALUE ..."] bench/portal/run.sh [dossiers, default 1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
root="$PWD"
data="$root/.motcua/bench-portal"
# Free ports, chosen now: other checkouts on this machine run their own benchmarks and simulators.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
url="http://127.0.0.1:$(free_port)"
portal_port="$(free_port)"
gateway_port="$(free_port)"
scripts/setup.sh bench >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet build tools/MotCua.NationalPortal -c Release -nologo -v quiet
dotnet build tools/MotCua.Gateway -c Release -nologo -v quiet
dotnet tools/MotCua.NationalPortal/bin/Release/net10.0/MotCua.NationalPortal.dll --urls "http://127.0.0.1:$portal_port" \
  --Portal:ClientId bench-portal --Portal:ClientSecret bench-portal-secret > "$root/.motcua/bench-portal-sim.log" 2>&1 &
portal=$!
dotnet tools/MotCua.Gateway/bin/Release/net10.0/MotCua.Gateway.dll --urls "http://127.0.0.1:$gateway_port" --Gateway:ApiKey bench-sms-key \
  --Gateway:AccessToken bench-zalo-token --Gateway:SmsSecret bench-sms-secret --Gateway:ZaloSecret bench-zalo-secret > "$root/.motcua/bench-portal-gw.log" 2>&1 &
gateway=$!
source bench/app.sh
# shellcheck disable=SC2086 # APP_ENV is a list of NAME=VALUE words
start_app "$data" $port "$url" "$root/.motcua/bench-portal-app.log" Motcua__Demo=true Motcua__Outbox__Enabled=true ${APP_ENV:-} \
  Motcua__Portal__SyncUrl="http://127.0.0.1:$portal_port/dvcqg/sync" Motcua__Portal__Auth=Bearer \
  Motcua__Portal__TokenUrl="http://127.0.0.1:$portal_port/oauth/token" Motcua__Portal__ClientId=bench-portal Motcua__Portal__ClientSecret=bench-portal-secret \
  Motcua__Sms__Url="http://127.0.0.1:$gateway_port/sms/send" Motcua__Sms__ApiKey=bench-sms-key Motcua__Sms__Brandname=UBND-HUE
trap 'kill $app $portal $gateway 2>/dev/null; wait $app $portal $gateway 2>/dev/null || true' EXIT
export PGPASSWORD="$(cat "$data/postgres.password")"
python3 bench/portal/drive.py "$url" "http://127.0.0.1:$portal_port" "$n" "host=127.0.0.1 port=$port user=postgres dbname=motcua"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
