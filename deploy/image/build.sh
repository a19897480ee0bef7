#!/usr/bin/env bash
# Builds the OCI image of remarkgraphd and the remarkgraph CLI without a
# registry: a root filesystem made by mmdebstrap from Debian 12's packages
# (only the shared libraries the two binaries load, and tini), the
# project's binaries added, imported into podman's local storage and saved
# as an OCI archive.
#
#   build.sh --remarkgraphd PATH --cli PATH --version X.Y.Z --out DIR
#
# Writes DIR/rootfs.tar, DIR/remarkgraph-X.Y.Z.oci.tar and tags
# localhost/remarkgraph:X.Y.Z in podman. Needs root (mmdebstrap's root
# mode), podman and mmdebstrap (scripts/install-deps --image installs them),
# and the Debian archive that apt on this machine uses.
#
# What the image is: tini as PID 1 (it forwards SIGTERM to remarkgraphd,
# which drains, and reaps), user 10001 (remarkgraph), no shell and no
# package manager, so the root filesystem can be mounted read-only; the
# database lives on the volume /var/lib/remarkgraph.
set -euo pipefail

remarkgraphd= cli= version= out=
while [[ $# -gt 0 ]]; do
  case $1 in
    --remarkgraphd) remarkgraphd=$(realpath "$2") ;;
    --cli) cli=$(realpath "$2") ;;
    --version) version=$2 ;;
    --out) out=$(realpath -m "$2") ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -x $remarkgraphd && -x $cli && -n $version && -n $out ]] ||
  { echo "build.sh: --remarkgraphd, --cli, --version and --out are required" >&2; exit 2; }
for tool in mmdebstrap podman objcopy ldd dpkg-query; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (scripts/install-deps --image)" >&2; exit 1; }
done
[[ $(id -u) -eq 0 ]] || { echo "build.sh: mmdebstrap's root mode needs root" >&2; exit 1; }
log() { echo "image: $*"; }
started=$SECONDS
mkdir -p "$out"

# The packages of the root filesystem: runtime-packages, which must name
# those holding the libraries the binaries load (the Dockerfile installs
# the same list).
"$(dirname "$0")/runtime-packages.sh" "$remarkgraphd" "$cli"
packages=$(grep -v '^#' "$(dirname "$0")/runtime-packages" | paste -sd, -)
log "packages: $packages"

# The binaries without their debug sections (the build keeps those).
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
objcopy --strip-debug "$remarkgraphd" "$staging/remarkgraphd"
objcopy --strip-debug "$cli" "$staging/remarkgraph"

# The host's apt sources: the same Debian 12 archive (and security updates)
# the build machine installs from.
sources=()
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -s $file ]] && sources+=("$file")
done
[[ ${#sources[@]} -gt 0 ]] || { echo "build.sh: no apt sources on this machine" >&2; exit 1; }

# extract: the packages' files only, no maintainer scripts, so no shell or
# dpkg is needed in the image. (mmdebstrap runs no hooks for this variant:
# the rest is done on the directory it makes.)
rootfs=$staging/rootfs
mmdebstrap --mode=root --variant=extract --format=directory --quiet \
  --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
  bookworm "$rootfs" "${sources[@]}"
install -m 0755 "$staging/remarkgraphd" "$staging/remarkgraph" "$rootfs/usr/bin/"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nremarkgraph:x:10001:10001:remarkgraph:/var/lib/remarkgraph:/usr/sbin/nologin\n' \
  >"$rootfs/etc/passwd"
printf 'root:x:0:\nremarkgraph:x:10001:\n' >"$rootfs/etc/group"
mkdir -p "$rootfs/var/lib/remarkgraph" "$rootfs/tmp"
chown 10001:10001 "$rootfs/var/lib/remarkgraph"
chmod 1777 "$rootfs/tmp"
rm -rf "$rootfs"/var/cache/apt "$rootfs"/var/lib/apt "$rootfs"/var/lib/dpkg "$rootfs"/var/log/* "$rootfs"/etc/apt
ldconfig -r "$rootfs"
# A reproducible tar: sorted, numeric owners, one time stamp.
epoch=$(git -C "$(dirname "$0")" log -1 --format=%ct 2>/dev/null || echo 0)
tar --sort=name --numeric-owner --mtime="@$epoch" --clamp-mtime -C "$rootfs" -cf "$out/rootfs.tar" .
log "root filesystem $(du -h "$out/rootfs.tar" | cut -f1)"

image=localhost/remarkgraph:$version
podman import --quiet \
  --change 'USER 10001:10001' \
  --change 'WORKDIR /var/lib/remarkgraph' \
  --change 'VOLUME /var/lib/remarkgraph' \
  --change 'EXPOSE 50051' \
  --change 'STOPSIGNAL SIGTERM' \
  --change 'ENTRYPOINT ["/usr/bin/tini", "--", "/usr/bin/remarkgraphd"]' \
  --change 'CMD ["--listen=0.0.0.0:50051", "--data_dir=/var/lib/remarkgraph/db"]' \
  --change "LABEL org.opencontainers.image.title=remarkgraph org.opencontainers.image.version=$version" \
  "$out/rootfs.tar" "$image" >/dev/null
rm -f "$out/remarkgraph-$version.oci.tar"
podman save --quiet --format oci-archive -o "$out/remarkgraph-$version.oci.tar" "$image"
log "built $image ($(podman image inspect --format '{{.Size}}' "$image") bytes) and $out/remarkgraph-$version.oci.tar in $((SECONDS - started)) s"
