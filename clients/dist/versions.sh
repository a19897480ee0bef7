#!/usr/bin/env bash
# The one version of remarkgraph's packages is the file VERSION at the root
# of the source tree (X.Y.Z). Its major number is the proto package's
# (remarkgraph.v1 -> 1.y.z). Package manifests must carry it literally, as
# their tools want; this script checks that they do, or writes it into them.
#
#   versions.sh check ROOT     fail, naming the file, if any manifest differs
#   versions.sh set ROOT X.Y.Z write X.Y.Z into VERSION and every manifest
#
# The Go module's version is its git tag (clients/go/vX.Y.Z), and the dist
# folder's Go module proxy takes it from VERSION; CMake reads VERSION itself.
set -euo pipefail

usage() { echo "usage: versions.sh check ROOT | set ROOT X.Y.Z" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
command=$1 root=$2

# Each manifest: file, then a sed address that selects the line holding the
# version (the first such line counts), then the sed expression that prints
# the version on that line.
manifests=(
  "clients/python/pyproject.toml|/^version = \"/|s/^version = \"\([^\"]*\)\".*/\1/p"
  "clients/typescript/package.json|/^  \"version\": \"/|s/.*\"version\": \"\([^\"]*\)\".*/\1/p"
  "clients/java/pom.xml|/^  <version>/|s/.*<version>\([^<]*\)<\/version>.*/\1/p"
  "deploy/helm/remarkgraph/Chart.yaml|/^version: /|s/^version: \(.*\)/\1/p"
  "deploy/helm/remarkgraph/Chart.yaml|/^appVersion: /|s/^appVersion: \"\{0,1\}\([^\"]*\)\"\{0,1\}/\1/p"
)

read_version() {
  local file=$1 address=$2 expression=$3
  sed -n "${address}${expression}" "$root/$file" | head -n 1
}

# The lockfile repeats the package's version at the top and for "".
lock_versions() {
  sed -n '1,12s/^ *"version": "\([^"]*\)".*/\1/p' "$root/clients/typescript/package-lock.json"
}

proto_major() {
  local majors
  majors=$(sed -n 's/^package remarkgraph\.v\([0-9][0-9]*\);.*/\1/p' "$root"/proto/remarkgraph/v*/*.proto | sort -u)
  [[ $(wc -l <<<"$majors") -eq 1 && -n $majors ]] || { echo "versions: proto packages disagree: $majors" >&2; exit 1; }
  echo "$majors"
}

case $command in
  check)
    version=$(tr -d ' \n' <"$root/VERSION")
    [[ $version =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]] || { echo "versions: VERSION '$version' is not X.Y.Z" >&2; exit 1; }
    major=$(proto_major)
    status=0
    if [[ ${BASH_REMATCH[1]} != "$major" ]]; then
      echo "versions: VERSION $version has major ${BASH_REMATCH[1]}, the protos are remarkgraph.v$major" >&2
      status=1
    fi
    for entry in "${manifests[@]}"; do
      IFS='|' read -r file address expression <<<"$entry"
      [[ -e $root/$file ]] || continue
      found=$(read_version "$file" "$address" "$expression")
      if [[ $found != "$version" ]]; then
        echo "versions: $file has '$found', VERSION has '$version'" >&2
        status=1
      fi
    done
    while read -r found; do
      if [[ $found != "$version" ]]; then
        echo "versions: clients/typescript/package-lock.json has '$found', VERSION has '$version'" >&2
        status=1
      fi
    done < <(lock_versions)
    if [[ $status -ne 0 ]]; then
      echo "versions: run 'clients/dist/versions.sh set . $version' (or the new version) and commit" >&2
      exit 1
    fi
    echo "versions: every manifest says $version (remarkgraph.v$major)"
    ;;
  set)
    [[ $# -eq 3 && $3 =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage
    version=$3
    echo "$version" >"$root/VERSION"
    for entry in "${manifests[@]}"; do
      IFS='|' read -r file address expression <<<"$entry"
      [[ -e $root/$file ]] || continue
      old=$(read_version "$file" "$address" "$expression")
      # Replace the old version on the selected line only.
      sed -i "0,${address}{${address}s/${old//./\\.}/${version}/}" "$root/$file"
    done
    sed -i "1,12s/^\( *\"version\": \"\)[^\"]*\"/\1${version}\"/" "$root/clients/typescript/package-lock.json"
    "$0" check "$root"
    ;;
  *) usage ;;
esac
