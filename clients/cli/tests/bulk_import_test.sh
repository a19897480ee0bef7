#!/usr/bin/env bash
# `remarkgraph import --bulk` against a real remarkgraphd: the graph, the
# search results and the change feed are those of an ordinary import of the
# same files.
#
#   bulk_import_test.sh REMARKGRAPHD CLI MINUTES_DIR
set -euo pipefail
daemon=$1 cli=$2 minutes=$3
test_name=bulk_import_test
# shellcheck source=server.sh
source "$(dirname "$0")/server.sh"

# Everything a client sees of the store after importing: the graph, a
# search, and the remarks the change feed reports.
snapshot() {
  local into=$1
  # Canonical JSON: a map's keys come in no fixed order.
  "$cli" --server "$server" export |
    python3 -c 'import json, sys; [print(json.dumps(json.loads(l), sort_keys=True, ensure_ascii=False)) for l in sys.stdin]' |
    sort >"$into.graph"
  "$cli" --server "$server" --json search --all 計画 |
    python3 -c 'import json, sys; [print(json.dumps(json.loads(l), sort_keys=True, ensure_ascii=False)) for l in sys.stdin]' \
      >"$into.search"
  "$cli" --server "$server" --timeout 5 watch --from 1 --count "$(wc -l <"$into.graph")" \
    >"$into.feed" 2>/dev/null || true
  grep -o 'upsert node meetings/[^ ]*/remarks/[0-9]*' "$into.feed" | sort >"$into.remarks"
}

start_server
"$cli" --server "$server" --no-progress import --bulk "$minutes" >"$work/bulk.txt"
[[ $(grep -c '^[^ ].*: meetings/' "$work/bulk.txt") -ge 2 ]] || { cat "$work/bulk.txt"; fail "not every file imported"; }
snapshot "$work/bulk"
[[ -s $work/bulk.remarks ]] || { cat "$work/bulk.feed"; fail "the feed shows no remark"; }
[[ -s $work/bulk.search ]] || fail "search finds nothing after a bulk import"
stop_server
rm -rf "$work/db"

start_server
"$cli" --server "$server" --no-progress import "$minutes" >"$work/ordinary.txt"
snapshot "$work/ordinary"
cmp "$work/bulk.graph" "$work/ordinary.graph" || fail "the graphs differ"
cmp "$work/bulk.search" "$work/ordinary.search" || fail "the searches differ"
cmp "$work/bulk.remarks" "$work/ordinary.remarks" || fail "the feeds differ"

if "$cli" --server "$server" import --bulk --dry-run "$minutes" 2>"$work/error.txt"; then
  fail "--bulk with --dry-run was accepted"
fi
grep -q -- "--bulk" "$work/error.txt" || { cat "$work/error.txt"; fail "the error does not name --bulk"; }
echo "bulk_import_test: $(wc -l <"$work/bulk.graph") records, $(wc -l <"$work/bulk.remarks") remarks on the feed, the same as an ordinary import; passed"
