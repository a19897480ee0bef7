#!/usr/bin/env bash
# `remarkgraph export --output FILE` against a real remarkgraphd: FILE holds
# what stdout would, no FILE.partial is left, and a failed export leaves
# neither (the backup CronJob of the Helm chart relies on this).
#
#   export_output_test.sh REMARKGRAPHD CLI SAMPLE_GRAPH
set -euo pipefail
daemon=$1 cli=$2 sample=$3
test_name=export_output_test
# shellcheck source=server.sh
source "$(dirname "$0")/server.sh"

start_server

"$cli" --server "$server" upsert <"$sample" >/dev/null
"$cli" --server "$server" export >"$work/stdout.jsonl"
"$cli" --server "$server" export --output "$work/backup.jsonl"
[[ -s $work/backup.jsonl ]] || fail "no export file"
cmp "$work/stdout.jsonl" "$work/backup.jsonl" || fail "the file differs from stdout"
[[ ! -e $work/backup.jsonl.partial ]] || fail "a .partial file was left"
echo "export --output wrote $(wc -l <"$work/backup.jsonl") records, the same as stdout"

# A server that is not there: an error, and no file at all.
stop_server
if "$cli" --server "$server" --timeout 2 export --output "$work/failed.jsonl" 2>"$work/error.txt"; then
  fail "export to a stopped server succeeded"
fi
[[ ! -e $work/failed.jsonl && ! -e $work/failed.jsonl.partial ]] || fail "a failed export left a file"
grep -q "UNAVAILABLE" "$work/error.txt" || { cat "$work/error.txt"; fail "no UNAVAILABLE in the error"; }
# A folder that does not exist: named in the error.
if "$cli" --server "$server" export --output "$work/missing/x.jsonl" 2>"$work/error.txt"; then
  fail "export into a missing folder succeeded"
fi
grep -q -- "--output: cannot write" "$work/error.txt" || { cat "$work/error.txt"; fail "the error does not name --output"; }
echo "export_output_test: passed"
