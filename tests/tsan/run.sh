#!/usr/bin/env bash
# `make tsan`'s test run, from the TSan build folder:
#
#   tests/tsan/run.sh TEST_BINARY...
#
# Runs each test binary to its end with halt_on_error=0, writes its TSan
# reports to tsan-logs/<test>.<pid> and prints how many there were, then
# runs the torture drivers (ctest -L torture). Exits non-zero when a test
# failed or reported anything. See docs/torture.md for the reports the
# end-to-end tests still give (gRPC's hand-offs between its own threads).
set -uo pipefail
supp="$(cd "$(dirname "$0")" && pwd)/tsan.supp"
mkdir -p tsan-logs
status=0
for test in "$@"; do
  name="$(basename "$test")"
  rm -f "tsan-logs/$name".*
  TSAN_OPTIONS="suppressions=$supp halt_on_error=0 second_deadlock_stack=1 log_path=tsan-logs/$name" \
    "$test" >"tsan-logs/$name.out" 2>&1
  code=$?
  reports=$(cat "tsan-logs/$name".[0-9]* 2>/dev/null | grep -c 'WARNING: ThreadSanitizer' || true)
  tests=$(grep -E '^\[  (PASSED|FAILED)  \]' "tsan-logs/$name.out" | tr '\n' ' ')
  echo "== $name: exit $code, $reports TSan reports; ${tests:-no gtest summary}"
  [ "$code" -eq 0 ] && [ "$reports" -eq 0 ] || status=1
done
echo "== ctest -L torture"
TSAN_OPTIONS="suppressions=$supp second_deadlock_stack=1" \
  ctest --output-on-failure -j "${JOBS:-2}" --timeout 1200 -L torture || status=1
exit "$status"
