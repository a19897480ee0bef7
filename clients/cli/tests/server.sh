# Sourced by the CLI's shell tests: a scratch folder removed on exit, fail(),
# and remarkgraphd on a free loopback port. The sourcing script sets $daemon
# and $test_name first.
work=$(mktemp -d)
pid=""
stop_server() {
  [[ -z $pid ]] || { kill -TERM "$pid" 2>/dev/null; wait "$pid" || true; }
  pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT
fail() { echo "$test_name: FAILED: $*"; exit 1; }

# start_server FLAGS...: remarkgraphd on $work/db, listening on a free
# loopback port; sets $server (host:port) and $pid.
start_server() {
  # The log exists before the daemon starts: the loop below must not read it
  # before the background shell has created it (sed would fail, and set -e
  # end the test).
  : >"$work/server.log"
  "$daemon" --listen=127.0.0.1:0 --data_dir="$work/db" "$@" 2>"$work/server.log" &
  pid=$!
  local port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*serving on .* (port \([0-9]*\)).*/\1/p' "$work/server.log")
    [[ -z $port ]] || break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$work/server.log"; fail "remarkgraphd did not start"; }
  server=127.0.0.1:$port
}
