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
# Issue 13, e-mail: the demo (embedded database, no SMTP server configured, serving rather than a one-off command) sends
# its e-mails to a local SMTP server that keeps each as a .eml file under .motcua/mail; it stops with the app.
if [[ -z "${MOTCUA_DB:-}" && -z "${ConnectionStrings__MotCua:-}" && -z "${Motcua__Smtp__Host:-}" \
      && ! "${1:-}" =~ ^(import-catalog|verify-audit|backup|restore)$ ]]; then
  mail_port="${MOTCUA_SMTP_PORT:-2525}"
  scripts/smtp_sink.py --port "$mail_port" --dir "$Motcua__DataFolder/mail" > /dev/null &
  mail_pid=$!
  trap 'kill "$mail_pid" 2>/dev/null; wait "$mail_pid" 2>/dev/null || true' EXIT
  export Motcua__Smtp__Host=127.0.0.1 Motcua__Smtp__Port="$mail_port" Motcua__Smtp__Security=None \
    Motcua__Smtp__FromAddress="${Motcua__Smtp__FromAddress:-motcua@hue.gov.vn}" \
    Motcua__Smtp__FromName="${Motcua__Smtp__FromName:-Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế}"
  echo "E-mail của bản demo đến máy chủ SMTP cục bộ 127.0.0.1:$mail_port; mỗi thư là một tệp .eml trong $Motcua__DataFolder/mail"
  dotnet run --project src/MotCua.Web -c Release --no-build --no-launch-profile -- "$@"
  exit
fi
exec dotnet run --project src/MotCua.Web -c Release --no-build --no-launch-profile -- "$@"
