#!/usr/bin/env bash
# Checks that deploy/image/runtime-packages names exactly the Debian
# packages holding the shared libraries the given binaries load (as `ldd`
# resolves them on this machine), plus tini. The image's root filesystem
# (build.sh) and the Dockerfile install that list, so a library the
# binaries start to load must be added there.
#
#   runtime-packages.sh BINARY...
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: runtime-packages.sh BINARY..." >&2; exit 2; }
list=$(dirname "$0")/runtime-packages

# One dpkg-query for every library, under both of its names: Debian 12
# merges /lib into /usr/lib, and dpkg knows each file by one of the two.
mapfile -t libraries < <(for binary in "$@"; do ldd "$binary"; done | awk '/=> \// {print $3}' | sort -u)
owners=$(dpkg-query -S "${libraries[@]}" "${libraries[@]/#//usr}" 2>/dev/null || true)
for library in "${libraries[@]}"; do
  awk -F': ' -v a="$library" -v b="/usr$library" '$2 == a || $2 == b {found = 1} END {exit !found}' <<<"$owners" ||
    { echo "runtime-packages: no Debian package holds $library" >&2; exit 1; }
done
needed=$(cut -d: -f1 <<<"$owners" | sort -u)
listed=$(grep -v '^#' "$list" | grep -v '^tini$' | sort -u)
if [[ $needed != "$listed" ]]; then
  diff <(echo "$listed") <(echo "$needed") >&2 || true
  echo "runtime-packages: deploy/image/runtime-packages (<) differs from what the binaries load (>)" >&2
  exit 1
fi
grep -q '^tini$' "$list" || { echo "runtime-packages: tini is not listed" >&2; exit 1; }
echo "runtime-packages: the $(wc -l <<<"$needed") packages the binaries load, and tini"
