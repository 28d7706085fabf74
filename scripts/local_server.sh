# Sourced by run.sh: the demo's local servers (SMTP sink, SMS/Zalo gateway, portal, population and VNeID simulators) on
# ports of their own. Bash only; defines local_port and start_local_server, and appends each server's pid to sinks.

# A port for a local server: the one asked for by $2 (refused with a message when taken), else $1, else (a second demo
# beside the first, another program on 2525) a free one the system gives.
local_port() {
  local wanted="${2:-$1}"
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$wanted") 2>/dev/null; then echo "$wanted"; return; fi
  if [[ -n "${2:-}" ]]; then
    echo "Cổng 127.0.0.1:$wanted ($3) đang được chương trình khác dùng; hãy đặt $3 sang cổng khác." >&2
    return 1
  fi
  free_port
}

# A port the system gives free now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Whether process $1 itself listens on 127.0.0.1:$2 (ss names the owner of a socket of the same user); without ss, that
# the port answers and the process is alive.
listens() {
  if command -v ss > /dev/null; then ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"; return; fi
  kill -0 "$1" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null
}

# start_local_server DEFAULT PINNED SETTING COMMAND…: runs COMMAND (each "{port}" in it replaced by the port) in the
# background, its output to /dev/null, on local_port's port, and waits until that process listens there (60 s at most).
# Checking that a port is free and then binding it is a race: three ./run.sh started in the same second all found 5086
# free, and two gateways died with "address already in use" (trial 17v LOW 7). When the server dies or does not listen,
# it is started again on a port the system gives free, up to 5 times; a port the caller pinned (PINNED, the SETTING
# variable) is never changed, a failure there is named. Sets started_port and appends the pid to sinks.
start_local_server() {
  local default="$1" pinned="$2" setting="$3" port pid attempt tick
  shift 3
  port="$(local_port "$default" "$pinned" "$setting")" || return 1
  for attempt in 1 2 3 4 5; do
    "${@//\{port\}/$port}" > /dev/null 2>&1 &
    pid=$!
    for tick in $(seq 1 600); do
      if listens "$pid" "$port"; then sinks+=("$pid"); started_port="$port"; return 0; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [[ -n "$pinned" ]]; then
      echo "Máy chủ cục bộ không mở được cổng 127.0.0.1:$port ($setting); hãy đặt $setting sang cổng khác." >&2
      return 1
    fi
    port="$(free_port)"
  done
  echo "Không mở được máy chủ cục bộ ($setting) sau 5 lần thử cổng khác nhau." >&2
  return 1
}
