#!/usr/bin/env bash
# Builds the TypeScript client in a work directory of the build tree (a copy
# of this package: dependencies, generated code and compiled output stay out
# of the source tree), and with --test runs its integration test.
#
#   build.sh --work DIR [--protoc PROTOC] [--proto-dir DIR]
#            [--test REMARKGRAPHD] [--skip-code N]
#
# Each step runs only when its inputs changed since the last run: `npm ci`
# when the lockfile did, generation when the protos did; tsc is incremental.
# When Node, npm or protoc is missing, or the npm registry cannot be reached,
# it says why and exits with the skip code (default 77; 0 for the build
# target), never with a failure.
set -euo pipefail

package_dir=$(cd "$(dirname "$0")/.." && pwd)
work=""
protoc=protoc
proto_dir="$package_dir/../../proto"
daemon=""
skip_code=77
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --protoc) protoc=$2; shift 2 ;;
    --proto-dir) proto_dir=$2; shift 2 ;;
    --test) daemon=$(realpath -m "$2"); shift 2 ;;
    --skip-code) skip_code=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$work" ] || { echo "build.sh: --work DIR is required" >&2; exit 2; }

skip() {
  echo "client_typescript: SKIPPED: $*" >&2
  exit "$skip_code"
}

command -v node >/dev/null 2>&1 || skip "node is not installed (Node 20 or later is needed)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || skip "node $(node --version) is too old (Node 20 or later is needed)"
"$protoc" --version >/dev/null 2>&1 || skip "protoc ($protoc) cannot be run"
proto_dir=$(cd "$proto_dir" && pwd)

mkdir -p "$work"
exec 9>"$work/.lock"
flock 9

# The package's own files, fresh each run; node_modules/, gen/ and dist/ stay.
cp "$package_dir/package.json" "$package_dir/package-lock.json" \
  "$package_dir/tsconfig.json" "$work/"
for folder in src test examples scripts; do
  rm -rf "${work:?}/$folder"
  cp -R "$package_dir/$folder" "$work/$folder"
done
cd "$work"

# Dependencies, from the lockfile (the npm cache makes a re-install offline).
deps_stamp=$( (node --version; cat package-lock.json) | sha256sum | cut -d' ' -f1)
if [ "$(cat node_modules/.rg-stamp 2>/dev/null)" != "$deps_stamp" ]; then
  echo "client_typescript: npm ci" >&2
  # Bounded waits, so an unreachable registry is reported within minutes.
  if ! npm ci --no-audit --no-fund --prefer-offline --loglevel=error \
    --fetch-timeout=60000 --fetch-retries=1 >npm-ci.log 2>&1; then
    cat npm-ci.log >&2
    if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|network' npm-ci.log; then
      skip "the npm registry cannot be reached, and the npm cache lacks the packages"
    fi
    echo "client_typescript: npm ci failed" >&2
    exit 1
  fi
  echo "$deps_stamp" >node_modules/.rg-stamp
fi

# Generated messages and stubs.
gen_stamp=$( ("$protoc" --version; cat package-lock.json scripts/generate.mjs \
  "$proto_dir"/remarkgraph/v1/*.proto "$proto_dir"/../clients/service_config.json) \
  | sha256sum | cut -d' ' -f1)
if [ "$(cat gen/.rg-stamp 2>/dev/null)" != "$gen_stamp" ]; then
  echo "client_typescript: generating from $proto_dir" >&2
  PROTOC="$protoc" RG_PROTO_DIR="$proto_dir" node scripts/generate.mjs
  echo "$gen_stamp" >gen/.rg-stamp
fi

node_modules/.bin/tsc -p .

if [ -n "$daemon" ]; then
  [ -x "$daemon" ] || { echo "client_typescript: no remarkgraphd at $daemon" >&2; exit 1; }
  REMARKGRAPHD="$daemon" npm test --silent
fi
