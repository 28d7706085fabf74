#!/usr/bin/env bash
# Sets up and runs every test (domain, documents, HTTP on a real PostgreSQL, Chromium), then prints
# the closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test || exit 1
rm -rf TestResults
dotnet build MotCua.slnx -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# One project at a time: on two cores the browser journeys must not compete with the HTTP tests for CPU.
status=0
for project in tests/MotCua.Domain.Tests tests/MotCua.Documents.Tests tests/MotCua.Web.Tests tests/MotCua.Browser.Tests; do
  dotnet test "$project" --no-build -nologo --logger "trx" --results-directory TestResults || status=1
done
# The tests share one PostgreSQL under .motcua/test; stop it so a run leaves nothing behind.
if [ -f .motcua/test/data/PG_VERSION ]; then
  pg_ctl="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl"
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D .motcua/test/data -m fast stop >/dev/null 2>&1 || true
  else "$pg_ctl" -D .motcua/test/data -m fast stop >/dev/null 2>&1 || true; fi
fi
passed=0; failed=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(echo "$counters" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A crashed test host leaves no failed count behind: never report green on a failed run.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
