#!/usr/bin/env bash
# Builds the Java client with Maven, its output in a directory of the build
# tree, and with --test runs its integration test against remarkgraphd.
#
#   build.sh --build-dir DIR [--proto-dir DIR] [--test REMARKGRAPHD]
#            [--deploy REPOSITORY_DIR] [--skip-code N]
#
# --deploy publishes the jar, its sources and its pom into a Maven
# repository folder (without running the tests).
#
# Maven keeps downloads in its local repository (~/.m2 unless configured
# otherwise), so a second run needs no network. When Java 17+ or Maven is
# missing, or Maven Central cannot be reached on a cold cache, it says why
# and exits with the skip code (default 77; 0 for the build target), never
# with a failure.
set -euo pipefail

project_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=""
proto_dir="$project_dir/../../proto"
daemon=""
deploy=""
skip_code=77
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --proto-dir) proto_dir=$2; shift 2 ;;
    --test) daemon=$(realpath -m "$2"); shift 2 ;;
    --deploy) deploy=$(realpath -m "$2"); shift 2 ;;
    --skip-code) skip_code=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$build_dir" ] || { echo "build.sh: --build-dir DIR is required" >&2; exit 2; }

skip() {
  echo "client_java: SKIPPED: $*" >&2
  exit "$skip_code"
}

command -v java >/dev/null 2>&1 || skip "java is not installed (Java 17 or later is needed)"
command -v mvn >/dev/null 2>&1 || skip "mvn (Maven) is not installed"
java_major=$(java -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
[ "${java_major:-0}" -ge 17 ] || skip "Java ${java_major:-?} is too old (Java 17 or later is needed)"
proto_dir=$(cd "$proto_dir" && pwd)

mkdir -p "$build_dir"
exec 9>"$build_dir/.lock"
flock 9

goal=package
maven_flags=(-DskipTests)
if [ -n "$daemon" ]; then
  [ -x "$daemon" ] || { echo "client_java: no remarkgraphd at $daemon" >&2; exit 1; }
  export REMARKGRAPHD=$daemon
  goal=test
  maven_flags=()
elif [ -n "$deploy" ]; then
  goal=deploy
  maven_flags=(-DskipTests "-DaltDeploymentRepository=remarkgraph-dist::file://$deploy")
fi

log="$build_dir/maven.log"
status=0
# Bounded waits, so an unreachable Maven Central is reported within minutes.
mvn -B --no-transfer-progress -Dstyle.color=never -f "$project_dir/pom.xml" \
  -Daether.connector.connectTimeout=20000 -Daether.connector.requestTimeout=120000 \
  -Drg.buildDirectory="$build_dir/target" -Drg.protoDir="$proto_dir" \
  "${maven_flags[@]}" "$goal" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  if grep -qE 'Could not transfer|Unknown host|UnknownHostException|Connection refused|Connect timed out|connect timed out|Network is unreachable|Temporary failure in name resolution|No route to host' "$log"; then
    skip "Maven Central cannot be reached, and the local Maven repository lacks what the build needs"
  fi
  exit "$status"
fi
