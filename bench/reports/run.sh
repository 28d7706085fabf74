#!/usr/bin/env bash
# Reports and worklists at 10,000,000 dossiers, in one run on this machine (issue 15 "Scale"; docs/PERFORMANCE.md
# "Reports at 10,000,000 dossiers"). Starts the app on a fresh embedded PostgreSQL of its own, fills the province with N
# dossiers over three years (bench/reports/fill.sql, events.sql), then measures, against a sequential scan of the
# dossiers table (the baseline, median of 5):
#   - through the app's HTTP API (median and p95 of 20 requests after 5 unmeasured): Biểu 06 for the province and this
#     year, Biểu 06 for one commune and this quarter, the 766 index for all agencies and last month; and the SQL those
#     requests run (EXPLAIN ANALYZE by auto_explain, median of the per-request sums of 10 requests; the plans are kept in
#     .motcua/bench-reports-plans.log);
#   - every worklist page (six lists, three officers of a commune and three of the centre) p95 of 20 after 5.
# Targets: each report under 300 ms and under 5 % of the scan; every worklist page p95 under 30 ms.
# The per-step report and the early warning are timed too (3 requests, no target in the issue).
# Usage: bench/reports/run.sh [dossiers, default 10000000]
#        KEEP_DATA=1 bench/reports/run.sh N   measures again on the cluster a finished run of size N left;
#        KEEP_DATA=1 WORKLISTS_ONLY=1 bench/reports/run.sh N   the baseline and the worklists only.
# Disk: printed after the fill and at the end; the data folder is .motcua/bench-reports-N, deleted by the next run of
# the same size (or by hand).
set -euo pipefail
cd "$(dirname "$0")/../.."
total="${1:-10000000}"
root="$PWD"
# Each size has its own cluster, port and log, so that a small run can check the script beside a large one.
big=$(( total >= 1000000 ))
data="$root/.motcua/bench-reports-$total"
port=$(( 55436 + big ))
url="http://127.0.0.1:$(( 5093 + big ))"
out="$root/.motcua/bench-reports-$total"
plans="$out-plans.log"
rm -f "$plans"
scripts/setup.sh bench
command -v psql >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

source bench/app.sh
start_app "$data" $port "$url" "$out-app.log"
export PGPASSWORD="$(cat "$data/postgres.password")"
psql_() { psql -h 127.0.0.1 -p $port -U postgres -d motcua -v ON_ERROR_STOP=1 "$@"; }
pglog="$data/postgres.log"

# ---------------------------------------------------------------------------------------------------------------- fill
if [ "${KEEP_DATA:-0}" != 1 ]; then
echo "filling $total dossiers..."
start=$(date +%s)
# For the fill only: the WAL of a bulk load is not archived (this cluster is thrown away; the app's own archive_command
# is restored after), and checkpoints are spaced out.
psql_ -q -c "ALTER SYSTEM SET archive_command = 'true'" -c "ALTER SYSTEM SET max_wal_size = '16GB'" -c "SELECT pg_reload_conf()" >/dev/null
psql_ -q -f bench/reports/setup.sql 2>/dev/null
# The dossiers' and events' secondary indexes are dropped for the fill and built again after it, with the same
# definitions (read from the catalogue): building an index once is much faster than 10,000,000 insertions into it.
indexes="SELECT indexdef || ';' FROM pg_indexes WHERE tablename IN ('dossiers', 'dossier_events') AND indexname NOT IN (SELECT conname FROM pg_constraint)"
psql_ -Atc "$indexes" > "$out-indexes.sql"
psql_ -q -c "DO \$\$ DECLARE i text; BEGIN FOR i IN SELECT quote_ident(indexname) FROM pg_indexes WHERE tablename IN ('dossiers', 'dossier_events')
  AND indexname NOT IN (SELECT conname FROM pg_constraint) LOOP EXECUTE 'DROP INDEX ' || i; END LOOP; END \$\$"
base=$(psql_ -Atc "SELECT coalesce(max(id), 0) FROM dossiers")
# One batch: its dossiers, then their events. session_replication_role = replica: the foreign keys are valid by
# construction, and the Biểu 06 triggers do not fire (their counts are recomputed below, once, by the migration's SQL).
fill_batch() {
  psql_ -q -c "SET session_replication_role = replica" -v lo="$1" -v hi="$2" -v total="$total" -v base="$base" -f bench/reports/fill.sql
  psql_ -q -c "SET session_replication_role = replica" -v lo=$(( base + $1 )) -v hi=$(( base + $2 )) -f bench/reports/events.sql
}
# Two batches at a time: one per core.
batch=250000
for lo in $(seq 1 $(( 2 * batch )) "$total"); do
  hi=$(( lo + batch - 1 < total ? lo + batch - 1 : total ))
  fill_batch "$lo" "$hi" & first=$!
  if [ "$hi" -lt "$total" ]; then
    hi2=$(( hi + batch < total ? hi + batch : total ))
    fill_batch $(( hi + 1 )) "$hi2" & second=$!
    wait $second; hi=$hi2
  fi
  wait $first
  echo "  $hi dossiers, $(( $(date +%s) - start )) s"
done
fill_rows=$(( $(date +%s) - start ))
fi
# The rest of the fill; also what KEEP_DATA=1 does when a run was stopped in the middle of its rows (its indexes are
# still dropped): finishes the fill with the dossiers written so far.
if [ "${KEEP_DATA:-0}" != 1 ] || [ -z "$(psql_ -Atc "SELECT 1 FROM pg_indexes WHERE indexname = 'dossiers_by_holder'")" ]; then
start=${start:-$(date +%s)}; fill_rows=${fill_rows:-0}
timed() { local t0; t0=$(date +%s); "$@"; echo $(( $(date +%s) - t0 )); }
psql_ -q -c "SELECT setval('dossiers_id_seq', (SELECT max(id) FROM dossiers))" >/dev/null
# Fees, payment requests, payments and signed results (the 766 index's inputs 3.4 and 4.1), once, before the indexes.
if [ -z "$(psql_ -Atc "SELECT 1 FROM dossier_fees LIMIT 1")" ]; then
  money_time=$(timed psql_ -q -c "SET session_replication_role = replica" -f bench/reports/money.sql)
fi
# Biểu 06: the counts of the generated rows, recomputed with the statement migration 0041 fills them with (the same SQL
# function bieu06_marks the triggers use), over every dossier: exact by the same definition as the triggers. It reads
# no index, so it runs beside the index builds (each of the two halves of them in its own session).
count_sql=$(awk '/^-- The dossiers already stored\./ {f = 1; next} f && /^$/ {exit} f' src/MotCua.Data/Migrations/0041_bieu06_counts.sql)
[ -n "$count_sql" ] || { echo "the fill statement of 0041_bieu06_counts.sql was not found" >&2; exit 1; }
timed psql_ -q -c "TRUNCATE bieu06_counts" -c "$count_sql" > "$out-counts.time" & counts=$!
timed psql_ -q -c "$(awk 'NR % 2 == 1' "$out-indexes.sql")" > "$out-indexes1.time" & indexes1=$!
timed psql_ -q -c "$(awk 'NR % 2 == 0' "$out-indexes.sql")" > "$out-indexes2.time" & indexes2=$!
wait $indexes1; wait $indexes2; wait $counts
index_time="$(cat "$out-indexes1.time") + $(cat "$out-indexes2.time")"
counts_time=$(cat "$out-counts.time")
# The 766 index: each dossier's standing and the counts, recomputed with the statements migration 0049 fills them with
# (the same index766_state function its triggers call). After the indexes: each standing probes the dossier's events.
index766_sql=$(awk '/^-- The dossiers already stored\./ {f = 1; next} f' src/MotCua.Data/Migrations/0049_index766_counts.sql)
[ -n "$index766_sql" ] || { echo "the fill statements of 0049_index766_counts.sql were not found" >&2; exit 1; }
index766_time=$(timed psql_ -q -c "TRUNCATE index766_dossiers, index766_counts, index766_procedure_counts" -c "$index766_sql")
# The worklists' narrow rows of the dossiers not yet ended, with the statement migration 0055 fills them with (its
# trigger did not fire during the fill), and their counters.
worklist_sql=$(awk '/^-- The dossiers already stored\./ {f = 1; next} f' src/MotCua.Data/Migrations/0055_catalogue_changes_worklist_dossiers.sql)
[ -n "$worklist_sql" ] || { echo "the fill statement of 0055_catalogue_changes_worklist_dossiers.sql was not found" >&2; exit 1; }
# The worklists' tab counters (migration 0062) of those rows, with the statements 0062 fills them with: its trigger on the
# narrow rows is off while they are inserted (one bulk count is much faster than a counter update per row).
counts_sql=$(awk '/^-- The dossiers already stored\./ {f = 1; next} f' src/MotCua.Data/Migrations/0062_worklist_counts.sql)
[ -n "$counts_sql" ] || { echo "the fill statements of 0062_worklist_counts.sql were not found" >&2; exit 1; }
worklist_time=$(timed psql_ -q -c "TRUNCATE worklist_dossiers, worklist_counts, worklist_due_counts" \
  -c "SET session_replication_role = replica" -c "$worklist_sql" -c "$counts_sql")
# The kept stays' marks (migration 0123: its triggers did not fire during the fill), by the statement it marks the stored
# dossiers with; the app's worker measures them below.
stays_sql=$(awk '/^-- The dossiers already stored\./ {f = 1; next} f' src/MotCua.Data/Migrations/0123_step_stays.sql)
[ -n "$stays_sql" ] || { echo "the fill statement of 0123_step_stays.sql was not found" >&2; exit 1; }
marks_time=$(timed psql_ -q -c "$stays_sql")
psql_ -q -c "ALTER SYSTEM RESET archive_command" -c "ALTER SYSTEM RESET max_wal_size" -c "SELECT pg_reload_conf()" >/dev/null
psql_ -q -c "DROP TABLE bench_units, bench_procedures" -c "VACUUM ANALYZE" -c "CHECKPOINT"
fill_time=$(( $(date +%s) - start ))
echo "filled in $fill_time s (rows $fill_rows s; fees, payments and signed results ${money_time:-0} s; then side by side: indexes $index_time s, Biểu 06 counts $counts_time s; then the 766 index counts $index766_time s; the worklists' rows $worklist_time s; the kept stays' marks $marks_time s; vacuum the rest)"
fi
psql_ -Atc "SELECT 'dossiers ' || count(*) || ', open ' || count(*) FILTER (WHERE status IN (1, 2, 4, 5, 6, 7)) ||
  ', received from ' || min(received_at)::date || ' to ' || max(received_at)::date FROM dossiers"
psql_ -Atc "SELECT 'events ' || count(*) FROM dossier_events"
psql_ -Atc "SELECT 'bieu06_counts ' || count(*) || ' rows' FROM bieu06_counts"
psql_ -Atc "SELECT 'index766_counts ' || count(*) || ' rows, index766_procedure_counts ' || (SELECT count(*) FROM index766_procedure_counts) || ' rows, index766_dossiers '
  || pg_size_pretty(pg_total_relation_size('index766_dossiers')) FROM index766_counts"
psql_ -Atc "SELECT 'database ' || pg_size_pretty(pg_database_size('motcua')) || '; dossiers ' || pg_size_pretty(pg_total_relation_size('dossiers'))
  || ' (heap ' || pg_size_pretty(pg_relation_size('dossiers')) || '); events ' || pg_size_pretty(pg_total_relation_size('dossier_events'))
  || '; bieu06_counts ' || pg_size_pretty(pg_total_relation_size('bieu06_counts'))"
echo "data folder $(du -sh "$data" | cut -f1), $(df -h --output=avail "$data" | tail -1 | tr -d ' ') free"

# The kept stays (migration 0123): the app's worker measures every marked dossier (all of them after a fill, or on a kept
# cluster the migration has just marked); the measurements wait for it, and its time is printed.
t0=$(date +%s)
marked=$(psql_ -Atc "SELECT count(*) FROM step_stays_pending")
while [ "$(psql_ -Atc "SELECT EXISTS (SELECT 1 FROM step_stays_pending)")" = t ]; do sleep 2; done
echo "kept stays: $marked marked dossiers measured by the app's worker in $(( $(date +%s) - t0 )) s; step_stays $(psql_ -Atc "SELECT count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('step_stays')) FROM step_stays")"

# ------------------------------------------------------------------------------------------------------------ baseline
echo "measuring on $(nproc) cores, $(uptime | sed 's/.*load/load/')"
# A sequential scan of the dossiers table: count(*) with index scans off (PostgreSQL may run it in parallel, as it would
# run any scan of the table), median of 5 after one unmeasured.
scan_ms() {
  psql_ -At -c "SET enable_indexscan = off" -c "SET enable_indexonlyscan = off" -c "SET enable_bitmapscan = off" -c '\timing on' \
    -c "SELECT count(*) FROM dossiers" | awk '/^Time:/ {print $2}'
}
scan_ms >/dev/null
baseline=$(for _ in 1 2 3 4 5; do scan_ms; done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[3]}')
echo "baseline: sequential scan of dossiers (count(*)), median of 5: $baseline ms"
psql_ -c "SET enable_indexscan = off" -c "SET enable_indexonlyscan = off" -c "SET enable_bitmapscan = off" \
  -c "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM dossiers" >> "$plans"

# ---------------------------------------------------------------------------------------------------------------- HTTP
sign_in() {
  local jar="$out-$1.cookies"
  rm -f "$jar"
  local token
  token=$(curl -s -c "$jar" "$url/dang-nhap" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "UserName=$1" --data-urlencode "Password=MotCua@2026" \
    --data-urlencode "__RequestVerificationToken=$token" "$url/dang-nhap"
  echo "$jar"
}
# Times in ms of n requests after w unmeasured ones, one a line.
times_of() {
  local jar="$1" path="$2" w="$3" n="$4"
  for i in $(seq 1 $(( w + n ))); do
    local code t
    read -r code t < <(curl -s -b "$jar" -o /dev/null --max-time 600 -w '%{http_code} %{time_total}\n' "$url$path")
    # Unmeasured requests may meet a pooled connection closed by this script (auto_explain on and off): not checked.
    [ "$i" -le "$w" ] && continue
    [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
    awk -v t="$t" 'BEGIN {printf "%.2f\n", t * 1000}'
  done
}
# "median p95" of the numbers on stdin (p95: the nearest rank).
# (The newline matters: without it `read` meets end of file, fails, and set -e ended the script silently.)
stats() { sort -n | awk '{a[NR] = $1} END {printf "%.1f %.1f\n", a[int((NR + 1) / 2)], a[int(NR * 0.95 + 0.999)]}'; }

today=$(TZ=Asia/Ho_Chi_Minh date +%F)
year=${today:0:4}; month=${today:5:2}; day=${today:8:2}
# The regulation's periods run from the 15th of the month before: the year and quarter that hold today.
rmonth=$((10#$month)); [ $((10#$day)) -ge 15 ] && rmonth=$(( rmonth + 1 ))
ryear=$year; [ $rmonth -gt 12 ] && { rmonth=1; ryear=$(( year + 1 )); }
quarter=$(( (rmonth + 2) / 3 ))
last_month=$(TZ=Asia/Ho_Chi_Minh date -d "$year-$month-01 -1 month" +%Y-%m)
centre=$(psql_ -Atc "SELECT code FROM agencies WHERE kind = 'province_center' ORDER BY id LIMIT 1")
commune=$(psql_ -Atc "SELECT code FROM agencies WHERE kind = 'commune' AND receives_dossiers ORDER BY id LIMIT 1")
declare -A report_paths=(
  ["Biểu 06, province, year $ryear"]="/api/v1/reports/bieu-06?agency=$centre&period=nam-$ryear"
  ["Biểu 06, $commune, quarter $quarter/$ryear"]="/api/v1/reports/bieu-06?agency=$commune&period=quy-$quarter-$ryear"
  ["766 index, all agencies, $last_month"]="/api/v1/reports/index-766?month=$last_month"
)
inspector=$(sign_in thanhtra)

# auto_explain on: it logs every statement's EXPLAIN ANALYZE (with buffers) in new sessions; the app's idle pooled
# sessions are closed so that its next ones load it (the unmeasured requests after it meet the closed ones; when it is
# turned off again, a reload turns it off in every session). A marker statement before each request separates them.
explain_on() {
  psql_ -q -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" \
    -c "ALTER SYSTEM SET auto_explain.log_analyze = on" -c "ALTER SYSTEM SET auto_explain.log_buffers = on" -c "SELECT pg_reload_conf()" >/dev/null
  psql_ -q -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'motcua' AND pid <> pg_backend_pid() AND state = 'idle'" >/dev/null
}
# The app's pool may still hold sessions explain_on closed that no request met yet: the first measured request would
# meet them (a 500 after the retries, seen once on 1 December), so 40 unmeasured requests go first.
explain_off() {
  psql_ -q -c "SELECT 'bench-mark|end|0'" >/dev/null
  psql_ -q -c "LOAD 'auto_explain'" -c "ALTER SYSTEM RESET session_preload_libraries" -c "ALTER SYSTEM RESET auto_explain.log_min_duration" \
    -c "ALTER SYSTEM RESET auto_explain.log_analyze" -c "ALTER SYSTEM RESET auto_explain.log_buffers" -c "SELECT pg_reload_conf()" >/dev/null
  times_of "$inspector" "/api/v1/worklists/department" 40 0
}
# "label<TAB>median ms" of the log on stdin: per label of the markers, the median over its requests of the sum of the
# durations of the statements each ran (the outbox worker's polls, which run beside them, are left out).
sql_medians() { python3 -c '
import re, sys, statistics
sums, label = {}, None
entry = []
def flush():
    global label
    text = "".join(entry)
    m = re.search(r"duration: ([0-9.]+) ms\s+plan:", text)
    if not m: return
    mark = re.search(r"bench-mark\|([^|]*)\|(\d+)", text)
    if mark:
        label = None if mark.group(1) == "end" else (mark.group(1), mark.group(2))
        return
    if label is None or "outbox" in text: return
    sums.setdefault(label, 0.0)
    sums[label] += float(m.group(1))
for line in sys.stdin:
    if re.match(r"^\d{4}-\d\d-\d\d ", line):
        flush(); entry = [line]
    else:
        entry.append(line)
flush()
by = {}
for (name, _), ms in sums.items(): by.setdefault(name, []).append(ms)
for name, values in by.items(): print(f"{name}\t{statistics.median(values):.1f}")
'; }

if [ "${WORKLISTS_ONLY:-0}" != 1 ]; then
# The SQL of each report (30 unmeasured requests, then 10 measured).
explain_on
sql_start=$(wc -l < "$pglog")
for name in "${!report_paths[@]}"; do
  times_of "$inspector" "${report_paths[$name]}" 30 0
  for i in $(seq 1 10); do
    psql_ -q -c "SELECT 'bench-mark|$name|$i'" >/dev/null
    times_of "$inspector" "${report_paths[$name]}" 0 1 >/dev/null
  done
done
explain_off
tail -n +"$sql_start" "$pglog" >> "$plans"
declare -A sql_ms
while IFS=$'\t' read -r name ms; do sql_ms[$name]=$ms; done < <(tail -n +"$sql_start" "$pglog" | sql_medians)

echo
printf '%-44s %10s %10s %10s %8s %s\n' report median p95 "SQL (EA)" "÷ scan" target
failed=0
for name in "${!report_paths[@]}"; do
  read -r med p95 < <(times_of "$inspector" "${report_paths[$name]}" 5 20 | stats)
  ratio=$(awk -v m="$med" -v b="$baseline" 'BEGIN {printf "%.2f%%", 100 * m / b}')
  ok=$(awk -v m="$med" -v b="$baseline" 'BEGIN {print (m < 300 && m < 0.05 * b) ? "met" : "NOT MET"}')
  [ "$ok" = met ] || failed=$((failed + 1))
  printf '%-44s %7s ms %7s ms %7s ms %8s %s\n' "$name" "$med" "$p95" "${sql_ms[$name]:-?}" "$ratio" "< 300 ms and < 5 %: $ok"
done

fi

echo
officers="tiepnhan.thuanhoa congchuc.thuanhoa lanhdao.thuanhoa tiepnhan.trungtam truongphong.trungtam lanhdao.trungtam"
lists="mine department due-soon overdue waiting-for-citizen to-receive"
declare -A jars
for officer in $officers; do jars[$officer]=$(sign_in "$officer"); done
# The SQL of each page: the median of 3 requests' sums (after 3 unmeasured), by auto_explain as for the reports.
# WORKLIST_SQL=0 leaves it out (auto_explain closes the app's idle sessions; a run without it leaves the pool alone).
declare -A wl_sql_ms
if [ "${WORKLIST_SQL:-1}" = 1 ]; then
explain_on
sql_start=$(wc -l < "$pglog")
for officer in $officers; do
  for list in $lists; do
    times_of "${jars[$officer]}" "/api/v1/worklists/$list" 3 0
    for i in 1 2 3; do
      psql_ -q -c "SELECT 'bench-mark|$officer $list|$i'" >/dev/null
      times_of "${jars[$officer]}" "/api/v1/worklists/$list" 0 1 >/dev/null
    done
  done
done
explain_off
tail -n +"$sql_start" "$pglog" >> "$plans"
while IFS=$'\t' read -r name ms; do wl_sql_ms[$name]=$ms; done < <(tail -n +"$sql_start" "$pglog" | sql_medians)
fi
printf '%-22s %-20s %9s %9s %9s %8s\n' officer list median p95 "SQL (EA)" "÷ scan"
wl_failed=0; all=()
for officer in $officers; do
  for list in $lists; do
    read -r med p95 < <(times_of "${jars[$officer]}" "/api/v1/worklists/$list" 5 20 | stats)
    printf '%-22s %-20s %6s ms %6s ms %6s ms %7s\n' "$officer" "$list" "$med" "$p95" "${wl_sql_ms[$officer $list]:-?}" \
      "$(awk -v m="$p95" -v b="$baseline" 'BEGIN {printf "%.2f%%", 100 * m / b}')"
    awk -v p="$p95" 'BEGIN {exit !(p >= 30)}' && wl_failed=$((wl_failed + 1))
    all+=("$p95")
  done
done
echo "worklists: p95 from $(printf '%s\n' "${all[@]}" | sort -n | head -1) to $(printf '%s\n' "${all[@]}" | sort -n | tail -1) ms"

if [ "${WORKLISTS_ONLY:-0}" != 1 ]; then
echo
echo "not in the issue's targets (3 requests after 1):"
for path in "/api/v1/reports/steps?agency=$commune" "/api/v1/reports/early-warning?agency=$commune" "/api/v1/reports/steps?agency=$centre" \
  "/api/v1/reports/early-warning?agency=$centre"; do
  read -r med p95 < <(times_of "$inspector" "$path" 1 3 | stats)
  echo "  $path: median $med ms, max $p95 ms"
done

fi
echo
[ "${WORKLISTS_ONLY:-0}" = 1 ] || { [ "$failed" -eq 0 ] && echo "reports: every report under 300 ms and under 5 % of the scan: MET" || echo "reports: $failed of ${#report_paths[@]} NOT MET"; }
[ "$wl_failed" -eq 0 ] && echo "worklists: every page p95 under 30 ms: MET" || echo "worklists: $wl_failed of 36 pages p95 at or over 30 ms: NOT MET"
echo "plans (EXPLAIN ANALYZE, BUFFERS) in $plans; data folder $(du -sh "$data" | cut -f1)"
