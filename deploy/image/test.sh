#!/usr/bin/env bash
# Runs the image with podman the way the chart runs it (read-only root
# filesystem, the database on a volume, as user 10001) and checks it:
#
#   test.sh --image localhost/remarkgraph:X.Y.Z --cli PATH --gobin DIR
#
# 1. starts it and times `podman run` to SERVING, asked with
#    grpc-health-probe (installed with `go install` into DIR);
# 2. writes the sample graph with the CLI on this machine, reads it back
#    with the CLI inside the image;
# 3. checks PID 1 is tini, remarkgraphd runs as 10001, the root filesystem
#    is read-only;
# 4. stops it with SIGTERM and checks that it drained (its log) and exited 0;
# 5. starts it again on the same volume and finds the graph there.
# Prints the image size and the start time. Leaves no container behind.
set -euo pipefail

readonly HEALTH_PROBE=github.com/grpc-ecosystem/grpc-health-probe@v0.4.63
image= cli= gobin=
while [[ $# -gt 0 ]]; do
  case $1 in
    --image) image=$2 ;;
    --cli) cli=$(realpath "$2") ;;
    --gobin) gobin=$(realpath -m "$2") ;;
    *) echo "test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -n $image && -x $cli && -n $gobin ]] || { echo "test.sh: --image, --cli and --gobin are required" >&2; exit 2; }
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
log() { echo "image-test: $*"; }
fail() { log "FAILED: $*"; exit 1; }

# grpc-health-probe, pinned, from the Go module proxy.
go=$(command -v go || echo /usr/local/go/bin/go)
if [[ ! -x $gobin/grpc-health-probe || ! -e $gobin/.grpc-health-probe-${HEALTH_PROBE##*@} ]]; then
  log "installing $HEALTH_PROBE"
  GOBIN=$gobin GOTOOLCHAIN=local CGO_ENABLED=0 "$go" install "$HEALTH_PROBE"
  touch "$gobin/.grpc-health-probe-${HEALTH_PROBE##*@}"
fi
probe=$gobin/grpc-health-probe

# Where podman runs inside a VM or container of its own, two defaults get
# in the way: crun refuses cgroups in hybrid mode (runc copes), and the
# default ulimits are above what this process may set.
run_flags=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
if command -v runc >/dev/null; then run_flags+=(--runtime runc); fi

volume=$(mktemp -d "${TMPDIR:-/tmp}/remarkgraph-volume.XXXXXX")
chown 10001:10001 "$volume"
container=remarkgraph-image-test-$$
cleanup() {
  podman rm --force --time 0 "$container" >/dev/null 2>&1 || true
  rm -rf "$volume"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start: runs the container on $port; prints the milliseconds from
# `podman run` to SERVING.
start() {
  local begin end
  begin=$(date +%s%N)
  podman run --detach --name "$container" --read-only "${run_flags[@]}" \
    --publish "127.0.0.1:$port:50051" --volume "$volume:/var/lib/remarkgraph" \
    "$image" >/dev/null
  for _ in $(seq 1 600); do
    if "$probe" -addr "127.0.0.1:$port" -connect-timeout 250ms -rpc-timeout 250ms >/dev/null 2>&1; then
      end=$(date +%s%N)
      echo $(((end - begin) / 1000000))
      return 0
    fi
    [[ $(podman inspect --format '{{.State.Running}}' "$container") == true ]] ||
      { podman logs "$container" >&2; fail "the container exited before serving"; }
    sleep 0.05
  done
  podman logs "$container" >&2
  fail "not SERVING within 30 s"
}

size=$(podman image inspect --format '{{.Size}}' "$image")
log "image $image: $size bytes ($((size / 1024 / 1024)) MiB)"

port=$(free_port)
ms=$(start)
log "podman run to SERVING: $ms ms (grpc-health-probe on 127.0.0.1:$port)"
"$probe" -addr "127.0.0.1:$port" -service remarkgraph.v1.GraphService

# The CLI here writes, the CLI in the image reads.
"$cli" --server "127.0.0.1:$port" upsert <"$source_dir/examples/sample-graph.jsonl"
here=$("$cli" --server "127.0.0.1:$port" --json ls meeting --all | wc -l)
inside=$(podman exec "$container" /usr/bin/remarkgraph --server 127.0.0.1:50051 --json ls meeting --all | wc -l)
[[ $here -gt 0 && $here -eq $inside ]] || fail "meetings: $here through the port, $inside from inside the image"
log "the CLI wrote the sample graph; $inside meetings read back by the CLI inside the image"

# PID 1, the user, the read-only root.
pid=$(podman inspect --format '{{.State.Pid}}' "$container")
[[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == "/usr/bin/tini -- /usr/bin/remarkgraphd "* ]] ||
  fail "PID 1 is $(tr '\0' ' ' <"/proc/$pid/cmdline")"
server_pid=$(cat "/proc/$pid/task/$pid/children" | tr -d ' ')
server_uid=$(awk '/^Uid:/ {print $2}' "/proc/$server_pid/status")
[[ $server_uid == 10001 ]] || fail "remarkgraphd runs as uid $server_uid"
[[ $(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container") == true ]] || fail "the root is writable"
if podman exec "$container" /usr/bin/remarkgraphd --listen=127.0.0.1:0 --data_dir=/usr/db >/dev/null 2>&1; then
  fail "remarkgraphd made a database on the root filesystem"
fi
log "PID 1 is tini, remarkgraphd runs as uid 10001, the root filesystem is read-only"

# SIGTERM: the server drains, closes the database and exits 0.
begin=$(date +%s%N)
podman kill --signal TERM "$container" >/dev/null
status=$(podman wait "$container")
stopped_ms=$((($(date +%s%N) - begin) / 1000000))
logs=$(podman logs "$container" 2>&1)
grep -q "received Terminated" <<<"$logs" || { echo "$logs"; fail "no SIGTERM in the log"; }
grep -q "stopping: draining calls" <<<"$logs" || { echo "$logs"; fail "it did not drain"; }
[[ $status == 0 ]] || { echo "$logs"; fail "exit status $status after SIGTERM"; }
log "SIGTERM: drained and exited 0 in $stopped_ms ms"
grep -E "stopping|stopped|closed" <<<"$logs" | sed 's/^/  /'
podman rm "$container" >/dev/null

# The database outlived the container.
port=$(free_port)
ms=$(start)
again=$("$cli" --server "127.0.0.1:$port" --json ls meeting --all | wc -l)
[[ $again -eq $here ]] || fail "after a restart on the same volume: $again meetings, not $here"
log "restarted on the same volume in $ms ms: $again meetings still there"
log "passed"
