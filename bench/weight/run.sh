#!/usr/bin/env bash
# Page weight on a commune link (issue 12, item 11): every page loaded cold, as a browser with an empty cache loads it
# (the HTML, then every stylesheet, script and icon it links), asking for br/gzip; prints each page's bytes transferred
# (headers and bodies as sent) and its ratio to the budget of 60 KB. Anonymous pages, then each officer's main pages.
# Usage: bench/weight/run.sh            (takes well under a minute after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
url="http://127.0.0.1:5092"
source bench/app.sh
start_app "$root/.motcua/bench-weight" 55436 "$url" "$root/.motcua/bench-weight-app.log"
python3 bench/weight/weight.py "$url"
