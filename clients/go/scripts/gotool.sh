#!/usr/bin/env bash
# Builds and tests the Go client, and runs the proto checks that need Go
# tools (buf, protoc-gen-doc). Called by clients/go/CMakeLists.txt:
#
#   gotool.sh COMMAND --source-dir ROOT --build-dir DIR --protoc PROTOC [--go GO]
#             [--remarkgraphd PATH] [--baseline GIT_INPUT]
#
#   build           generate the stubs into a copy of the module in DIR/module,
#                   vet it and build the example into DIR/bin
#   test            build, check gofmt, then go test against remarkgraphd
#   buf             buf lint and buf breaking on ROOT/proto
#   api-docs        regenerate ROOT/docs/api.md
#   api-docs-check  fail if ROOT/docs/api.md differs from what the protos give
#   stubs           regenerate the committed stubs, clients/go/remarkgraph/v1/*.pb.go
#   stubs-check     fail if the committed stubs differ from what the protos give
#   proxy           write the module, as committed at HEAD, into a Go module
#                   proxy folder (--out DIR, --version vX.Y.Z)
#
# Tools are installed with `go install` into DIR/gobin, once per pinned
# version; modules and builds go to Go's own caches, so a second run, even
# in a new build tree, needs no network. When Go is missing or
# too old, or the module proxy cannot be reached, the command says why and
# exits with 77 (skipped).
set -euo pipefail

# The pinned tools. protoc-gen-go matches google.golang.org/protobuf in
# go.mod.
readonly PROTOC_GEN_GO=google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.11
readonly PROTOC_GEN_GO_GRPC=google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
readonly BUF=github.com/bufbuild/buf/cmd/buf@v1.75.0
readonly PROTOC_GEN_DOC=github.com/pseudomuto/protoc-gen-doc/cmd/protoc-gen-doc@v1.5.1
readonly MODULE=remarkgraph.dev/clients/go
readonly SKIP=77
# What go prints when it cannot reach the module proxy.
readonly NETWORK_ERRORS='dial tcp|no such host|i/o timeout|connection refused|connection reset|network is unreachable|TLS handshake timeout|server misbehaving|temporary failure in name resolution|proxyconnect'

log() { echo "gotool: $*"; }
skip() { log "SKIPPED: $*"; exit "$SKIP"; }
fail() { log "FAILED: $*"; exit 1; }

command_name=${1:-}
shift || true
source_dir= build_dir= protoc= go=go remarkgraphd= baseline= out_dir= version=
while [[ $# -gt 0 ]]; do
  case $1 in
    --source-dir) source_dir=$2 ;;
    --build-dir) build_dir=$2 ;;
    --protoc) protoc=$2 ;;
    --go) go=$2 ;;
    --remarkgraphd) remarkgraphd=$2 ;;
    --baseline) baseline=$2 ;;
    --out) out_dir=$2 ;;
    --version) version=$2 ;;
    *) fail "unknown argument $1" ;;
  esac
  shift 2
done
[[ -n $source_dir && -n $build_dir ]] || fail "--source-dir and --build-dir are required"
readonly proto_dir=$source_dir/proto
readonly module_src=$source_dir/clients/go
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)

if ! command -v "$go" >/dev/null 2>&1; then
  skip "no Go toolchain ('$go' is not on PATH)"
fi
go=$(command -v "$go")
export GOBIN=$build_dir/gobin
# Go's own module and build caches (in the user's home) are kept: a fresh
# build tree then reuses what an earlier one downloaded and compiled.
export GOTOOLCHAIN=local   # never download another toolchain
export GOFLAGS="${GOFLAGS:-} -modcacherw"
export CGO_ENABLED=0
mkdir -p "$GOBIN/.versions"

# Runs a go command that may need the module proxy: a failure to reach it,
# or a Go too old for what is asked, is a skip; any other failure fails.
go_online() {
  local output
  if output=$("$go" "$@" 2>&1); then
    [[ -z $output ]] || echo "$output"
    return 0
  fi
  echo "$output"
  if grep -qiE "$NETWORK_ERRORS" <<<"$output"; then
    skip "the Go module proxy could not be reached (go $1)"
  fi
  if grep -qE 'requires go >=|toolchain not available|GOTOOLCHAIN=local' <<<"$output"; then
    skip "$("$go" env GOVERSION) is too old (go $1)"
  fi
  fail "go $*"
}

# install_tool PACKAGE@VERSION: go install, once per version; one install
# of a tool at a time (the caches are safe to share between installs).
install_tool() {
  local package=$1 binary stamp
  binary=$(basename "${package%@*}")
  stamp=$GOBIN/.versions/${binary}@${package##*@}
  (
    flock 9
    if [[ -x $GOBIN/$binary && -e $stamp ]]; then exit 0; fi
    log "installing $package"
    rm -f "$GOBIN"/.versions/"$binary"@*
    go_online install "$package"
    touch "$stamp"
  ) 9>"$GOBIN/.versions/$binary.lock"
}

tool_versions() {
  log "$("$go" version)${protoc:+; $("$protoc" --version)}"
  local binary
  for binary in "$@"; do log "$binary $(cd "$GOBIN/.versions" && ls -1 "$binary"@* | sed 's/.*@//')"; done
}

require_protoc() {
  [[ -n $protoc ]] && command -v "$protoc" >/dev/null 2>&1 || skip "no protoc ('$protoc')"
}

# generate_stubs DIR: the messages and stubs of every remarkgraph/v1 proto,
# as DIR/remarkgraph/v1/*.pb.go (DIR is the module's root).
generate_stubs() {
  require_protoc
  install_tool "$PROTOC_GEN_GO"
  install_tool "$PROTOC_GEN_GO_GRPC"
  tool_versions protoc-gen-go protoc-gen-go-grpc
  "$protoc" -I "$proto_dir" \
    --plugin=protoc-gen-go="$GOBIN/protoc-gen-go" \
    --plugin=protoc-gen-go-grpc="$GOBIN/protoc-gen-go-grpc" \
    --go_out="$1" --go_opt=module=$MODULE \
    --go-grpc_out="$1" --go-grpc_opt=module=$MODULE \
    "$proto_dir"/remarkgraph/v1/*.proto
}

# The module, with freshly generated stubs, in $build_dir/module.
build_module() {
  local stage=$build_dir/module
  rm -rf "$stage"
  mkdir -p "$stage"
  (cd "$module_src" && tar --exclude='*.pb.go' --exclude=CMakeLists.txt -cf - .) | tar -xf - -C "$stage"
  generate_stubs "$stage"
  cd "$stage"
  go_online mod download
  "$go" vet ./...
  mkdir -p "$build_dir/bin"
  "$go" build -o "$build_dir/bin/remarkgraph-dossier-example" ./examples/dossier
  log "built the module in $stage and the example in $build_dir/bin"
}

with_module_lock() {
  exec 8>"$build_dir/module.lock"
  flock 8
}

case $command_name in
  build)
    with_module_lock
    build_module
    ;;
  test)
    [[ -x $remarkgraphd ]] || fail "no remarkgraphd at '$remarkgraphd' (--remarkgraphd)"
    with_module_lock
    started=$SECONDS
    build_module
    unformatted=$("$(dirname "$go")/gofmt" -l $(find . -name '*.go' ! -name '*.pb.go'))
    [[ -z $unformatted ]] || fail "not gofmt-formatted: $unformatted"
    REMARKGRAPHD=$remarkgraphd REMARKGRAPH_EXAMPLE=$build_dir/bin/remarkgraph-dossier-example \
      "$go" test -count=1 -v ./...
    log "built and tested in $((SECONDS - started)) s"
    ;;
  buf)
    install_tool "$BUF"
    tool_versions buf
    cd "$source_dir"
    log "buf lint proto"
    "$GOBIN/buf" lint proto
    if [[ -z $baseline ]]; then
      log "buf breaking: no --baseline given"
    else
      log "buf breaking proto --against '$baseline'"
      if ! output=$("$GOBIN/buf" breaking proto --against "$baseline" 2>&1); then
        echo "$output"
        if grep -qiE 'could not clone|reference is not a tree|unknown revision|not a git repository|not our ref' <<<"$output"; then
          skip "the baseline $baseline is not in this clone"
        fi
        fail "buf breaking found changes that break the v1 contract"
      fi
      [[ -z $output ]] || echo "$output"
    fi
    log "buf lint and buf breaking passed"
    ;;
  api-docs | api-docs-check)
    require_protoc
    install_tool "$PROTOC_GEN_DOC"
    tool_versions protoc-gen-doc
    out=$build_dir/api-docs
    rm -rf "$out"
    mkdir -p "$out"
    "$protoc" -I "$proto_dir" --plugin=protoc-gen-doc="$GOBIN/protoc-gen-doc" \
      --doc_out="$out" --doc_opt="$module_src/scripts/api.md.tmpl,api.md" \
      "$proto_dir"/remarkgraph/v1/resources.proto "$proto_dir"/remarkgraph/v1/graph_service.proto \
      "$proto_dir"/remarkgraph/v1/write_service.proto "$proto_dir"/remarkgraph/v1/import_service.proto \
      "$proto_dir"/remarkgraph/v1/admin_service.proto \
      "$proto_dir"/remarkgraph/v1/replication_service.proto \
      "$proto_dir"/remarkgraph/v1/watch_service.proto
    if [[ $command_name == api-docs ]]; then
      if cmp -s "$out/api.md" "$source_dir/docs/api.md"; then
        log "docs/api.md is up to date"
      else
        cp "$out/api.md" "$source_dir/docs/api.md"
        log "wrote docs/api.md"
      fi
    elif ! diff -u "$source_dir/docs/api.md" "$out/api.md"; then
      fail "docs/api.md is stale: regenerate it with the api_docs target (make clients)"
    else
      log "docs/api.md matches the protos"
    fi
    ;;
  stubs | stubs-check)
    # The stubs are committed so that `go get` of the module from a git
    # checkout needs no generation; these keep them equal to the protos.
    fresh=$build_dir/stubs
    rm -rf "$fresh"
    mkdir -p "$fresh"
    generate_stubs "$fresh"
    committed=$module_src/remarkgraph/v1
    if [[ $command_name == stubs ]]; then
      mkdir -p "$committed"
      rm -f "$committed"/*.pb.go
      cp "$fresh"/remarkgraph/v1/*.pb.go "$committed"/
      log "wrote $(ls "$fresh"/remarkgraph/v1 | wc -l) files into clients/go/remarkgraph/v1"
    elif ! diff -ru "$committed" "$fresh/remarkgraph/v1"; then
      fail "clients/go/remarkgraph/v1 is stale: regenerate it with the go_stubs target (make clients) and commit it"
    else
      log "clients/go/remarkgraph/v1 matches the protos"
    fi
    ;;
  proxy)
    [[ -n $out_dir && $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "proxy needs --out DIR and --version vX.Y.Z"
    mkdir -p "$out_dir"
    revision=HEAD
    if ! git -C "$source_dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
      revision=""  # not a git checkout: the folder as it is
      log "not a git checkout: the module is taken from the files in clients/go"
    elif [[ -n $(git -C "$source_dir" status --porcelain -- clients/go) ]]; then
      log "note: clients/go has uncommitted changes; the proxy gets the module as committed at HEAD"
    fi
    cd "$source_dir/clients/dist/goproxy"
    go_online build -o "$GOBIN/rg-goproxy" .
    "$GOBIN/rg-goproxy" -repo "$source_dir" -subdir clients/go -module "$MODULE" \
      -version "$version" -revision "$revision" -out "$out_dir"
    log "wrote $MODULE@$version into the module proxy folder $out_dir"
    ;;
  *)
    fail "unknown command '$command_name' (build, test, buf, api-docs, api-docs-check, stubs, stubs-check, proxy)"
    ;;
esac
