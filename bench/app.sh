# Sourced by the benchmarks: builds the app in Release and starts it on a fresh embedded PostgreSQL of its own.
# Usage: start_app DATA_FOLDER PG_PORT URL LOG [NAME=VALUE ...]   (extra settings go to the app's environment)
# KEEP_DATA=1 starts it on the data folder as it is (a benchmark measuring again what it filled before).
# The app's dll runs itself, not `dotnet run`, so that the EXIT trap stops it (and its PostgreSQL) and nothing
# outlives the benchmark.
start_app() {
  local data="$1" port="$2" url="$3" log="$4"
  shift 4
  [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$data"
  mkdir -p "$(dirname "$log")"   # a fresh clone has no .motcua yet
  dotnet build src/MotCua.Web -c Release -nologo -v quiet
  env Motcua__DataFolder="$data" Motcua__LocalPort="$port" MOTCUA_URLS="$url" Logging__LogLevel__Default=Warning "$@" \
    dotnet src/MotCua.Web/bin/Release/net10.0/MotCua.Web.dll --contentRoot "$PWD/src/MotCua.Web" >"$log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
  # Up to 10 minutes: the app migrates before it answers, and a migration that fills counts over millions of kept rows
  # (0049 on a kept bench cluster) takes minutes.
  for _ in $(seq 1 1200); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf "$url/readyz" >/dev/null || { echo "app did not start"; cat "$log"; exit 1; }
}
