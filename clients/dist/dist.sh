#!/usr/bin/env bash
# Builds the installable client packages into one folder, and tests each the
# way another team would use it: a fresh project that installs it from that
# folder and talks to a real remarkgraphd.
#
#   dist.sh build   --source-dir ROOT --build-dir BUILD --protoc PROTOC --out OUT
#                   [--only python|npm|maven|go]
#   dist.sh consume LANGUAGE --source-dir ROOT --build-dir BUILD --protoc PROTOC
#                   --out OUT --remarkgraphd PATH
#
# OUT gets, all at the version in ROOT/VERSION:
#   python/  remarkgraph-X.Y.Z-py3-none-any.whl, remarkgraph-X.Y.Z.tar.gz
#   npm/     remarkgraph-client-X.Y.Z.tgz
#   maven/   a Maven repository: dev/remarkgraph/remarkgraph-client/X.Y.Z/
#   go/      a Go module proxy: remarkgraph.dev/clients/go/@v/vX.Y.Z.{zip,mod,info}
#
# Each language is built by its own client's tooling (clients/*/), in the
# build tree as the client tests do, so the caches those fill are reused.
# `consume` builds its language's package first, then installs it in a new
# project in a temporary folder. A language whose toolchain or registry is
# missing is skipped, saying why (exit 77).
set -euo pipefail

readonly SKIP=77
log() { echo "dist: $*"; }
fail() { log "FAILED: $*"; exit 1; }

command_name=${1:-}
shift || true
language=""
if [[ $command_name == consume ]]; then
  language=${1:-}
  shift || true
fi
source_dir= build_dir= protoc= out= remarkgraphd= only=
while [[ $# -gt 0 ]]; do
  case $1 in
    --source-dir) source_dir=$(cd "$2" && pwd) ;;
    --build-dir) build_dir=$(mkdir -p "$2" && cd "$2" && pwd) ;;
    --protoc) protoc=$2 ;;
    --out) out=$(realpath -m "$2") ;;
    --remarkgraphd) remarkgraphd=$(realpath -m "$2") ;;
    --only) only=$2 ;;
    *) fail "unknown argument $1" ;;
  esac
  shift 2
done
[[ -n $source_dir && -n $build_dir && -n $protoc && -n $out ]] ||
  fail "--source-dir, --build-dir, --protoc and --out are required"
version=$(tr -d ' \n' <"$source_dir/VERSION")
readonly proto_dir=$source_dir/proto

# build_one LANGUAGE: its package(s) into $out/LANGUAGE. Returns the tool's
# status (77 for a skip).
build_one() {
  local status=0
  mkdir -p "$out/$1"
  case $1 in
    python)
      local python
      python=$(command -v python3 || true)
      [[ -n $python ]] || { log "SKIPPED python: no python3"; return $SKIP; }
      "$python" "$source_dir/clients/python/tools/build_client.py" \
        --build-dir "$build_dir/clients/python" --proto-dir "$proto_dir" dist --out "$out/python" || status=$?
      ;;
    npm)
      local work=$build_dir/clients/typescript/package
      bash "$source_dir/clients/typescript/scripts/build.sh" --work "$work" \
        --protoc "$protoc" --proto-dir "$proto_dir" || status=$?
      if [[ $status -eq 0 ]]; then
        rm -f "$out"/npm/remarkgraph-client-*.tgz
        (cd "$work" && npm pack --silent --pack-destination "$out/npm" >/dev/null) || status=$?
      fi
      ;;
    maven)
      rm -rf "$out/maven/dev/remarkgraph/remarkgraph-client/$version"
      bash "$source_dir/clients/java/scripts/build.sh" --build-dir "$build_dir/clients/java" \
        --proto-dir "$proto_dir" --deploy "$out/maven" || status=$?
      ;;
    go)
      rm -rf "$out/go"
      bash "$source_dir/clients/go/scripts/gotool.sh" proxy --source-dir "$source_dir" \
        --build-dir "$build_dir/clients/go" --protoc "$protoc" --out "$out/go" --version "v$version" || status=$?
      ;;
    *) fail "unknown language '$1' (python, npm, maven, go)" ;;
  esac
  if [[ $status -eq 0 ]]; then
    log "built $1: $(cd "$out/$1" && find . -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name '*.zip' \) | sort | tr '\n' ' ')"
  fi
  return $status
}

# The server for a consumer: a free loopback port, a temporary database.
server_pid=""
work_dir=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  [[ -z $work_dir ]] || rm -rf "$work_dir"
}
trap cleanup EXIT

start_server() {
  [[ -x $remarkgraphd ]] || fail "no remarkgraphd at '$remarkgraphd' (--remarkgraphd)"
  # Created first, so that the loop below never reads it before the
  # background shell has made it.
  : >"$work_dir/server.log"
  "$remarkgraphd" --listen=127.0.0.1:0 --data_dir="$work_dir/db" --shutdown_grace=5s 2>"$work_dir/server.log" &
  server_pid=$!
  local port="" tries
  for tries in $(seq 1 300); do
    port=$(sed -n 's/.*serving on .* (port \([0-9]*\)).*/\1/p' "$work_dir/server.log" | head -n 1)
    [[ -z $port ]] || break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work_dir/server.log"; fail "remarkgraphd exited"; }
    sleep 0.1
  done
  [[ -n $port ]] || fail "remarkgraphd did not report its port"
  target=127.0.0.1:$port
  log "remarkgraphd serving on $target"
}

# consume_LANGUAGE: a new project in $work_dir/project that installs the
# package from $out and runs the consumer program against $target.
consume_python() {
  local venv=$work_dir/venv python
  python3 -m venv "$venv"
  python=$venv/bin/python
  local pip=("$python" -m pip install --quiet --disable-pip-version-check --retries 2 --timeout 30)
  # By path, so that no package of the same name on the index can stand in;
  # the sdist first (built here, its dependencies from the index), then the
  # wheel over it.
  "${pip[@]}" "$out/python/remarkgraph-$version.tar.gz"
  (cd "$work_dir" && "$python" "$source_dir/clients/dist/consumers/python/smoke.py" "$target" "$version")
  "${pip[@]}" --force-reinstall --no-deps --no-index "$out/python/remarkgraph-$version-py3-none-any.whl"
  (cd "$work_dir" && "$python" "$source_dir/clients/dist/consumers/python/smoke.py" "$target" "$version")
}

consume_npm() {
  local project=$work_dir/project
  mkdir -p "$project"
  cp "$source_dir/clients/dist/consumers/npm/smoke.mjs" "$project/"
  cat >"$project/package.json" <<EOF
{ "name": "remarkgraph-consumer", "version": "1.0.0", "private": true, "type": "module",
  "dependencies": { "@remarkgraph/client": "file:$out/npm/remarkgraph-client-$version.tgz" } }
EOF
  (cd "$project" && npm install --no-audit --no-fund --prefer-offline --loglevel=error \
    --fetch-timeout=60000 --fetch-retries=1 && node smoke.mjs "$target" "$version")
}

consume_maven() {
  local project=$work_dir/project
  # Maven would otherwise use the copy an earlier run cached in the local
  # repository instead of the one just published.
  rm -rf "${HOME}/.m2/repository/dev/remarkgraph/remarkgraph-client/$version"
  cp -R "$source_dir/clients/dist/consumers/maven" "$project"
  (cd "$project" && mvn -B -q --no-transfer-progress -Dstyle.color=never \
    -Daether.connector.connectTimeout=20000 -Daether.connector.requestTimeout=120000 \
    -Drg.repository="file://$out/maven" -Drg.version="$version" \
    compile exec:java -Dexec.mainClass=example.Smoke -Dexec.args="$target")
}

consume_go() {
  local project=$work_dir/project go
  go=$(command -v go || echo /usr/local/go/bin/go)
  mkdir -p "$project"
  cp "$source_dir/clients/dist/consumers/go/main.go" "$project/"
  cd "$project"
  # The folder first, then the usual proxy for the dependencies. The
  # checksum database does not know this module: only it is exempt.
  local proxy
  proxy="file://$out/go,$("$go" env GOPROXY)"
  export GOPROXY=$proxy GONOSUMDB=remarkgraph.dev GOTOOLCHAIN=local GOFLAGS=-modcacherw
  "$go" mod init example.com/remarkgraph-consumer
  "$go" get "remarkgraph.dev/clients/go@v$version"
  "$go" mod tidy
  "$go" run . "$target"
}

case $command_name in
  build)
    languages=(python npm maven go)
    [[ -z $only ]] || languages=("$only")
    skipped=()
    for each in "${languages[@]}"; do
      status=0
      build_one "$each" || status=$?
      if [[ $status -eq $SKIP ]]; then skipped+=("$each"); elif [[ $status -ne 0 ]]; then fail "building the $each package"; fi
    done
    log "packages $version in $out${skipped:+; skipped: ${skipped[*]}}"
    ;;
  consume)
    started=$SECONDS
    status=0
    build_one "$language" || status=$?
    [[ $status -eq 0 ]] || exit "$status"
    case $language in
      npm) command -v npm >/dev/null || { log "SKIPPED: no npm"; exit $SKIP; } ;;
      maven) command -v mvn >/dev/null || { log "SKIPPED: no mvn"; exit $SKIP; } ;;
    esac
    work_dir=$(mktemp -d "${TMPDIR:-/tmp}/remarkgraph-consumer-$language.XXXXXX")
    start_server
    "consume_$language"
    log "a new $language project installed the package from $out/$language and used it, in $((SECONDS - started)) s"
    ;;
  *) fail "unknown command '$command_name' (build, consume)" ;;
esac
