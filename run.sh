#!/usr/bin/env bash
# Sets up and runs MotCua: installs missing packages, builds, starts its own PostgreSQL under .motcua/
# (unless MOTCUA_DB or ConnectionStrings__MotCua is set), applies migrations, seeds the demo and serves
# http://127.0.0.1:5080 (override with MOTCUA_URLS). Ctrl-C stops the app and its database; data stays.
set -euo pipefail
# A backup folder or backup given to backup/restore is the caller's: made absolute before leaving the caller's folder.
if [[ "${1:-}" =~ ^(backup|restore)$ && $# -ge 2 && "$2" != /* ]]; then set -- "$1" "$PWD/$2" "${@:3}"; fi
cd "$(dirname "$0")"
scripts/setup.sh run
dotnet build src/MotCua.Web -c Release -nologo -v quiet
# dotnet run starts the app in the project folder; keep the database under the repository root.
export Motcua__DataFolder="${Motcua__DataFolder:-$PWD/.motcua}"
# The national catalogue crawl, when the shared data sits beside the checkout: the admin import page offers it.
catalog="$PWD/../shared/data/tthc/dvcqg_tthc_central_2026.jsonl"
[ -f "$catalog" ] && export Motcua__CatalogFile="${Motcua__CatalogFile:-$(cd "$(dirname "$catalog")" && pwd)/$(basename "$catalog")}"
# Issue 13: in demo mode (no command, MotCua's own database) the fake SMS/Zalo gateway (tools/MotCua.Gateway) runs beside
# the app on 127.0.0.1:5090, the app sends through it and takes its signed receipts; it stops when the app does.
if [ $# -eq 0 ] && [ -z "${MOTCUA_DB:-}" ] && [ -z "${ConnectionStrings__MotCua:-}" ] && [ -z "${Motcua__Sms__Url:-}" ]; then
  dotnet build tools/MotCua.Gateway -c Release -nologo -v quiet
  app_url="${MOTCUA_URLS:-http://127.0.0.1:5080}"
  dotnet tools/MotCua.Gateway/bin/Release/net10.0/MotCua.Gateway.dll --urls http://127.0.0.1:5090 --Gateway:ReceiptUrl "${app_url%%;*}" \
    --Gateway:ApiKey demo-sms-key --Gateway:AccessToken demo-zalo-token --Gateway:SmsSecret demo-sms-secret --Gateway:ZaloSecret demo-zalo-secret &
  gateway_pid=$!
  trap 'kill "$gateway_pid" 2>/dev/null || true' EXIT
  export Motcua__Sms__Url=http://127.0.0.1:5090/sms/send Motcua__Sms__ApiKey=demo-sms-key Motcua__Sms__ReceiptSecret=demo-sms-secret \
    Motcua__Zalo__Url=http://127.0.0.1:5090/message/template Motcua__Zalo__AccessToken=demo-zalo-token Motcua__Zalo__ReceiptSecret=demo-zalo-secret
  dotnet run --project src/MotCua.Web -c Release --no-build --no-launch-profile
  exit $?
fi
exec dotnet run --project src/MotCua.Web -c Release --no-build --no-launch-profile -- "$@"
