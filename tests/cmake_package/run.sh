#!/usr/bin/env bash
# Installs the remarkgraph CMake package from BUILD_DIR into a scratch
# prefix, builds the consumer project against it, and runs it against a
# real remarkgraphd.
#
#   run.sh BUILD_DIR REMARKGRAPHD [CXX_COMPILER [CXX_FLAGS]]
#
# CXX_COMPILER and CXX_FLAGS are those BUILD_DIR was built with: the
# package's stubs are a static library, so a consumer of a sanitizer build
# must be compiled and linked with the same sanitizer.
set -euo pipefail
build_dir=$1
daemon=$2
cxx=${3:-}
cxx_flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
scratch="$build_dir/cmake_package_test"
rm -rf "$scratch"
mkdir -p "$scratch"
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
consumer_args=(-DCMAKE_PREFIX_PATH="$scratch/prefix" "-DCMAKE_CXX_FLAGS=$cxx_flags")
[ -z "$cxx" ] || consumer_args+=(-DCMAKE_CXX_COMPILER="$cxx")
cmake -S "$here" -B "$scratch/consumer" -G Ninja "${consumer_args[@]}" >/dev/null
cmake --build "$scratch/consumer" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 50931)
"$daemon" --listen="127.0.0.1:$port" --data_dir="$scratch/db" 2>"$scratch/server.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if grep -q "serving on" "$scratch/server.log"; then break; fi
  sleep 0.1
done
"$scratch/consumer/consumer" "127.0.0.1:$port"
