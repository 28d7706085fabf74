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
# The app runs in the project folder (its wwwroot); keep the database under the repository root.
export Motcua__DataFolder="${Motcua__DataFolder:-$PWD/.motcua}"
# The national catalogue crawl, when the shared data sits beside the checkout: the admin import page offers it.
catalog="$PWD/../shared/data/tthc/dvcqg_tthc_central_2026.jsonl"
[ -f "$catalog" ] && export Motcua__CatalogFile="${Motcua__CatalogFile:-$(cd "$(dirname "$catalog")" && pwd)/$(basename "$catalog")}"
# exec the built app itself, not `dotnet run`, whose child did not stop on Ctrl-C (SIGINT to the parent alone): this
# shell becomes the app, so a signal reaches it and its shutdown stops the embedded PostgreSQL (issue 12). A shell that
# starts a command in the background (`./run.sh &` from a script) makes it ignore SIGINT, and .NET keeps a signal that was
# ignored at start ignored: env --default-signal gives SIGINT back its default, so Ctrl-C or kill -INT stops the app.
cd src/MotCua.Web
reset=()
env --default-signal=INT true 2>/dev/null && reset=(env --default-signal=INT)
exec "${reset[@]}" dotnet bin/Release/net10.0/MotCua.Web.dll "$@"
