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
# The options every run below shares. Not ignore_noninstrumented_modules:
# with GCC's TSan on Linux no module counts as instrumented, so it ignores
# the project's own memcpy, new and delete too (the canary's second race);
# tsan.supp names the uninstrumented libraries instead (docs/torture.md).
options="suppressions=$supp second_deadlock_stack=1 print_suppressions=0"
mkdir -p tsan-logs
status=0

# reports NAME: the TSan reports in tsan-logs/NAME.<pid> (the test's and
# those of the daemons it started).
reports() {
  cat "tsan-logs/$1".[0-9]* 2>/dev/null | grep -c 'WARNING: ThreadSanitizer' || true
}

# The canary: a deliberate race must be reported under these options, and
# the same counting under an absl::Mutex must not.
for mode in racy guarded; do
  name="rg_tsan_race_canary.$mode"
  rm -f "tsan-logs/$name".*
  TSAN_OPTIONS="$options halt_on_error=0 log_path=tsan-logs/$name" \
    ./rg_tsan_race_canary "$mode" >"tsan-logs/$name.out" 2>&1
  code=$?
  count=$(reports "$name")
  echo "== canary $mode: exit $code, $count TSan reports"
  if [ "$mode" = racy ]; then
    for race in CountWithoutLock FillWithoutLock; do
      if ! grep -q "$race" "tsan-logs/$name".[0-9]* 2>/dev/null; then
        echo "== the canary's race in $race was not reported: the options blind TSan" >&2
        status=1
      fi
    done
  elif [ "$code" -ne 0 ] || [ "$count" -ne 0 ]; then
    echo "== counting under absl::Mutex was reported: the mutex annotations do not work" >&2
    status=1
  fi
done

for test in "$@"; do
  name="$(basename "$test")"
  rm -f "tsan-logs/$name".*
  TSAN_OPTIONS="$options halt_on_error=0 log_path=tsan-logs/$name" \
    "$test" >"tsan-logs/$name.out" 2>&1
  code=$?
  reports=$(reports "$name")
  tests=$(grep -E '^\[  (PASSED|FAILED)  \]' "tsan-logs/$name.out" | tr '\n' ' ')
  echo "== $name: exit $code, $reports TSan reports; ${tests:-no gtest summary}"
  [ "$code" -eq 0 ] && [ "$reports" -eq 0 ] || status=1
done
echo "== ctest -L torture"
TSAN_OPTIONS="$options" \
  ctest --output-on-failure -j "${JOBS:-2}" --timeout 1200 -L torture || status=1
exit "$status"
