#!/usr/bin/env bash
# A hot standby of the embedded PostgreSQL on the same machine, by streaming replication (docs/SECURITY.md §9).
#   scripts/standby.sh start     copy the running primary (pg_basebackup -R) into .motcua/standby and start it read-only
#   scripts/standby.sh promote   make the standby a primary (pg_ctl promote), when the primary is lost for good
#   scripts/standby.sh stop      stop the standby
# MOTCUA_DATA: the primary's folder (default .motcua beside this script's repository); MOTCUA_STANDBY_PORT: the
# standby's port (default the primary's + 1). Point public lookups at it with Motcua__ReadOnlyDb="<printed string>".
set -euo pipefail
cd "$(dirname "$0")/.."
data="${MOTCUA_DATA:-$PWD/.motcua}"
data="$(cd "$data" && pwd)"
standby="$data/standby"
bin="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin"
# Every role of the embedded cluster signs in with a password (docs/SECURITY.md §3); the copy keeps it in its
# primary_conninfo (pg_basebackup -R, in postgresql.auto.conf inside the data directory, mode 0700).
password="$(cat "$data/postgres.password")"
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    [ -f "$data/data/postmaster.pid" ] || { echo "PostgreSQL chính ở $data chưa chạy: hãy chạy ./run.sh trước." >&2; exit 1; }
    primary_port="$(sed -n 4p "$data/data/postmaster.pid")"
    port="${MOTCUA_STANDBY_PORT:-$((primary_port + 1))}"
    mkdir -p "$standby/run"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$standby" "$standby/run"
    if [ ! -f "$standby/data/PG_VERSION" ]; then
      echo "Đang sao chép máy chủ chính (cổng $primary_port) vào $standby/data ..."
      PGPASSWORD="$password" as_server "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$standby/data" -R -X stream -c fast
      # Streaming first; when the standby has fallen behind what the primary still keeps, it catches up from the archive.
      echo "restore_command = 'cp \"$data/wal-archive/%f\" \"%p\"'" | as_server tee -a "$standby/data/postgresql.auto.conf" >/dev/null
    fi
    if ! as_server "$bin/pg_ctl" -D "$standby/data" status >/dev/null 2>&1; then
      as_server "$bin/pg_ctl" -D "$standby/data" -l "$standby/postgres.log" -w -t 120 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$standby/run -c max_connections=200 -c hot_standby=on" start >/dev/null
    fi
    port="$(sed -n 4p "$standby/data/postmaster.pid")"
    echo "Máy chủ dự phòng đang chạy (chỉ đọc, nhận WAL liên tục từ cổng $primary_port) tại cổng $port."
    echo "Chuỗi kết nối: Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=motcua"
    echo "Cho tra cứu công khai đọc từ máy dự phòng: Motcua__ReadOnlyDb=\"Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=motcua\" ./run.sh"
    ;;
  promote)
    as_server "$bin/pg_ctl" -D "$standby/data" -w promote >/dev/null
    echo "Máy dự phòng đã thành máy chủ chính (nhận ghi). Trỏ ứng dụng vào nó: MOTCUA_DB=\"Host=127.0.0.1;Port=$(sed -n 4p "$standby/data/postmaster.pid");Username=postgres;Password=$password;Database=motcua\"."
    echo "Máy chủ chính cũ không được chạy lại như máy chủ chính: dựng lại nó thành máy dự phòng của máy mới."
    ;;
  stop)
    as_server "$bin/pg_ctl" -D "$standby/data" -m fast -w stop >/dev/null && echo "Đã dừng máy dự phòng."
    ;;
  *)
    echo "Cách dùng: scripts/standby.sh start|promote|stop" >&2
    exit 2
    ;;
esac
