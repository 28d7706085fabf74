#!/usr/bin/env bash
# Sets up and runs MotCua: installs missing packages, builds, starts its own PostgreSQL under .motcua/
# (unless MOTCUA_DB or ConnectionStrings__MotCua is set), applies migrations, seeds the demo and serves
# http://127.0.0.1:5080 (override with MOTCUA_URLS). Ctrl-C stops the app and its database; data stays.
set -euo pipefail
# A script started in the background (`nohup ./run.sh &`) inherits SIGINT ignored, and bash can neither trap nor pass on
# a signal ignored at its start: run again with SIGINT at its default, so kill -INT and Ctrl-C stop everything it starts.
if [[ -z "${MOTCUA_SIGINT_RESET:-}" ]] && env --default-signal=INT true 2>/dev/null; then
  export MOTCUA_SIGINT_RESET=1
  exec env --default-signal=INT bash "$0" "$@"
fi
# A backup folder or backup given to backup/restore, or the catalogue file given to import-catalog, is the caller's:
# made absolute before leaving the caller's folder (`./run.sh import-catalog ../shared/…` as the README shows).
if [[ "${1:-}" =~ ^(backup|restore|import-catalog)$ && $# -ge 2 && "$2" != /* ]]; then set -- "$1" "$PWD/$2" "${@:3}"; fi
cd "$(dirname "$0")"
scripts/setup.sh run
dotnet build src/MotCua.Web -c Release -nologo -v quiet
# The app runs in the project folder (its wwwroot); keep the database under the repository root.
export Motcua__DataFolder="${Motcua__DataFolder:-$PWD/.motcua}"
# Issue 17: the file store beside the database, so that backup, restore and files-orphans find it (docs/FILES.md).
export Motcua__Files__Root="${Motcua__Files__Root:-$PWD/.motcua/files}"
# The national catalogue crawl, when the shared data sits beside the checkout: the admin import page offers it.
catalog="$PWD/../shared/data/tthc/dvcqg_tthc_central_2026.jsonl"
[ -f "$catalog" ] && export Motcua__CatalogFile="${Motcua__CatalogFile:-$(cd "$(dirname "$catalog")" && pwd)/$(basename "$catalog")}"
# Issue 13: the demo (MotCua's own database, serving rather than a one-off command) sends through real local servers,
# started here and stopped with the app: an SMTP server that keeps each e-mail as a .eml file under .motcua/mail
# (scripts/smtp_sink.py), and the fake SMS/Zalo gateway (tools/MotCua.Gateway) that records messages and posts signed
# delivery receipts back (docs/MESSAGES.md §2, §3).
sinks=()
# The links sent to citizens (lookup, opt-out) name the address the app serves on, unless the province configured its own.
[[ -n "${MOTCUA_URLS:-}" && -z "${Motcua__PublicBaseUrl:-}" ]] && export Motcua__PublicBaseUrl="${MOTCUA_URLS%%;*}"
# local_port and start_local_server: a port per local server, retried when another demo took it first (trial 17v LOW 7).
source scripts/local_server.sh
if [[ $# -eq 0 && -z "${MOTCUA_DB:-}" && -z "${ConnectionStrings__MotCua:-}" ]]; then
  # Issue 15: four months of dossiers through the real intake and processing (docs/DEMO.md), seeded in the background once
  # the app answers, into a demo database that has no dossier yet (a second start adds nothing).
  export Motcua__DemoHistory="${Motcua__DemoHistory:-true}"
  if [[ -z "${Motcua__Smtp__Host:-}" ]]; then
    start_local_server 2525 "${MOTCUA_SMTP_PORT:-}" MOTCUA_SMTP_PORT scripts/smtp_sink.py --port {port} --dir "$Motcua__DataFolder/mail"
    mail_port="$started_port"
    export Motcua__Smtp__Host=127.0.0.1 Motcua__Smtp__Port="$mail_port" Motcua__Smtp__Security=None \
      Motcua__Smtp__FromAddress="${Motcua__Smtp__FromAddress:-motcua@hue.gov.vn}" \
      Motcua__Smtp__FromName="${Motcua__Smtp__FromName:-Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế}"
    echo "E-mail của bản demo đến máy chủ SMTP cục bộ 127.0.0.1:$mail_port; mỗi thư là một tệp .eml trong $Motcua__DataFolder/mail"
  fi
  if [[ -z "${Motcua__Sms__Url:-}" ]]; then
    dotnet build tools/MotCua.Gateway -c Release -nologo -v quiet
    app_url="${MOTCUA_URLS:-http://127.0.0.1:5080}"
    start_local_server 5086 "${MOTCUA_GATEWAY_PORT:-}" MOTCUA_GATEWAY_PORT \
      dotnet tools/MotCua.Gateway/bin/Release/net10.0/MotCua.Gateway.dll --urls "http://127.0.0.1:{port}" --Gateway:ReceiptUrl "${app_url%%;*}" \
      --Gateway:ApiKey demo-sms-key --Gateway:AccessToken demo-zalo-token --Gateway:SmsSecret demo-sms-secret --Gateway:ZaloSecret demo-zalo-secret
    gateway_port="$started_port"
    export Motcua__Sms__Url="http://127.0.0.1:$gateway_port/sms/send" Motcua__Sms__ApiKey=demo-sms-key Motcua__Sms__ReceiptSecret=demo-sms-secret \
      Motcua__Zalo__Url="http://127.0.0.1:$gateway_port/message/template" Motcua__Zalo__AccessToken=demo-zalo-token Motcua__Zalo__ReceiptSecret=demo-zalo-secret
    echo "SMS và Zalo của bản demo đến cổng giả lập 127.0.0.1:$gateway_port (GET /messages liệt kê tin đã nhận)"
  fi
  # Issue 16: the National Public Service Portal simulator (tools/MotCua.NationalPortal, docs/PORTAL.md) takes the demo's sync.
  if [[ -z "${Motcua__Portal__SyncUrl:-}" ]]; then
    dotnet build tools/MotCua.NationalPortal -c Release -nologo -v quiet
    start_local_server 5087 "${MOTCUA_PORTAL_PORT:-}" MOTCUA_PORTAL_PORT \
      dotnet tools/MotCua.NationalPortal/bin/Release/net10.0/MotCua.NationalPortal.dll --urls "http://127.0.0.1:{port}" \
      --Portal:ClientId demo-portal-client --Portal:ClientSecret demo-portal-secret
    portal_port="$started_port"
    export Motcua__Portal__SyncUrl="http://127.0.0.1:$portal_port/dvcqg/sync" Motcua__Portal__Auth=Bearer \
      Motcua__Portal__TokenUrl="http://127.0.0.1:$portal_port/oauth/token" Motcua__Portal__ClientId=demo-portal-client Motcua__Portal__ClientSecret=demo-portal-secret
    # The links to Mẫu 02, Mẫu 03 and results in the payloads open on the demo's own address.
    public_url="${MOTCUA_URLS:-http://127.0.0.1:5080}"
    export Motcua__Portal__PublicBaseUrl="${Motcua__Portal__PublicBaseUrl:-${public_url%%;*}}"
    echo "Cổng DVCQG giả lập 127.0.0.1:$portal_port (GET /received liệt kê dữ liệu đồng bộ đã nhận; trang /quan-tri/cong-dvcqg)"
  fi
  # Issue 16: the population database simulator (tools/MotCua.PopulationRegistry, docs/POPULATION.md) answers the desk's lookups.
  if [[ -z "${Motcua__Population__Url:-}" ]]; then
    dotnet build tools/MotCua.PopulationRegistry -c Release -nologo -v quiet
    start_local_server 5088 "${MOTCUA_POPULATION_PORT:-}" MOTCUA_POPULATION_PORT \
      dotnet tools/MotCua.PopulationRegistry/bin/Release/net10.0/MotCua.PopulationRegistry.dll --urls "http://127.0.0.1:{port}" \
      --Registry:ApiKey demo-population-key
    population_port="$started_port"
    export Motcua__Population__Url="http://127.0.0.1:$population_port/" Motcua__Population__ApiKey=demo-population-key
    echo "CSDL dân cư giả lập 127.0.0.1:$population_port (GET /people liệt kê công dân giả lập để tra cứu)"
  fi
  # Issue 17: the VNeID simulator (tools/MotCua.VneId) with the population simulator's people, for the citizens' sign-in
  # (docs/SECURITY.md "Citizen sign-in"): every test person signs in with the passcode 123456.
  if [[ -z "${Motcua__VneId__AuthorizeUrl:-}" ]]; then
    dotnet build tools/MotCua.VneId -c Release -nologo -v quiet
    start_local_server 5089 "${MOTCUA_VNEID_PORT:-}" MOTCUA_VNEID_PORT \
      dotnet tools/MotCua.VneId/bin/Release/net10.0/MotCua.VneId.dll --urls "http://127.0.0.1:{port}" \
      --VneId:ClientId demo-vneid-client --VneId:ClientSecret demo-vneid-secret
    vneid_port="$started_port"
    vneid="http://127.0.0.1:$vneid_port"
    export Motcua__VneId__AuthorizeUrl="$vneid/authorize" Motcua__VneId__TokenUrl="$vneid/token" Motcua__VneId__JwksUrl="$vneid/jwks" \
      Motcua__VneId__Issuer="$vneid" Motcua__VneId__ClientId=demo-vneid-client Motcua__VneId__ClientSecret=demo-vneid-secret
    echo "VNeID giả lập 127.0.0.1:$vneid_port (GET /authorize; mật khẩu thử 123456; GET /people liệt kê người dùng giả lập)"
  fi
fi
# The built app itself, not `dotnet run`, whose child did not stop on Ctrl-C (SIGINT to the parent alone), so that a
# signal reaches the app and its shutdown stops the embedded PostgreSQL (issue 12). A shell that starts a command in the
# background (`./run.sh &` from a script) makes it ignore SIGINT, and .NET keeps a signal that was ignored at start
# ignored: env --default-signal gives SIGINT back its default, so Ctrl-C or kill -INT stops the app.
cd src/MotCua.Web
reset=()
env --default-signal=INT true 2>/dev/null && reset=(env --default-signal=INT)
if [[ ${#sinks[@]} -eq 0 ]]; then exec "${reset[@]}" dotnet bin/Release/net10.0/MotCua.Web.dll "$@"; fi
# With local servers beside it the shell stays, passes INT/TERM on to the app and stops the servers after it.
"${reset[@]}" dotnet bin/Release/net10.0/MotCua.Web.dll "$@" &
app=$!
trap 'kill -INT "$app" 2>/dev/null || true' INT TERM
status=0
while kill -0 "$app" 2>/dev/null; do wait "$app" && status=0 || status=$?; done
kill "${sinks[@]}" 2>/dev/null || true
wait "${sinks[@]}" 2>/dev/null || true
exit "$status"
