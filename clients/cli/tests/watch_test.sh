#!/usr/bin/env bash
# `remarkgraph watch` against a real remarkgraphd: the changes of an upsert,
# one a line, resumed with --from, and a node delete with its edges.
#
#   watch_test.sh REMARKGRAPHD CLI SAMPLE_GRAPH
set -euo pipefail
daemon=$1 cli=$2 sample=$3
test_name=watch_test
# shellcheck source=server.sh
source "$(dirname "$0")/server.sh"

start_server

"$cli" --server "$server" upsert <"$sample" >/dev/null
# Sequence 1 is the new database's own first write: everything since.
"$cli" --server "$server" --timeout 10 watch --from 1 --count 3 >"$work/first.txt"
[[ $(wc -l <"$work/first.txt") == 3 ]] || { cat "$work/first.txt"; fail "not 3 lines"; }
# `upsert` writes the nodes in one call, in input order, then the edges.
expected=$'upsert node bodies/bousai-dx\nupsert node meetings/bousai-dx-7\nupsert node meetings/bousai-dx-8'
[[ $(cut -d' ' -f3- "$work/first.txt") == "$expected" ]] || { cat "$work/first.txt"; fail "not the first nodes"; }
[[ $(cut -d' ' -f2 "$work/first.txt" | sort -u | wc -l) == 1 ]] || { cat "$work/first.txt"; fail "not one commit"; }

# Resumed after the third: the fourth change comes next.
next=$(( $(tail -1 "$work/first.txt" | cut -d' ' -f1) + 1 ))
"$cli" --server "$server" watch --from "$next" --count 1 >"$work/next.txt"
[[ $(cut -d' ' -f1 "$work/next.txt") -ge "$next" ]] || { cat "$work/next.txt"; fail "before $next"; }
grep -q " upsert node matters/" "$work/next.txt" || { cat "$work/next.txt"; fail "not the fourth change"; }

# A delete, in JSON, seen by a watch running from a known sequence (so it
# cannot miss the delete, whenever it connects): the node's edges first,
# then the node, all in one commit.
"$cli" --server "$server" --json watch --from "$next" >"$work/all.jsonl" &
watcher=$!
"$cli" --server "$server" delete meetings/bousai-dx-7 >/dev/null
for _ in $(seq 1 100); do
  grep -q '"name":"meetings/bousai-dx-7"}' "$work/all.jsonl" && break
  sleep 0.1
done
kill -TERM "$watcher"
wait "$watcher" || true
deletes=$(grep '"op":"CHANGE_OP_DELETE"' "$work/all.jsonl") || { cat "$work/all.jsonl"; fail "no deletes"; }
tail -1 <<<"$deletes" | grep -q '"node":{"name":"meetings/bousai-dx-7"' || { echo "$deletes"; fail "the node is not deleted last"; }
[[ $(grep -c '"edge"' <<<"$deletes") -ge 1 ]] || { echo "$deletes"; fail "no edge deletes"; }
commits=$(sed -n 's/.*"commitSequence":"\([0-9]*\)".*/\1/p' <<<"$deletes" | sort -u | wc -l)
[[ $commits == 1 ]] || { echo "$deletes"; fail "the delete spans $commits commits"; }
echo "watch_test: passed ($(wc -l <<<"$deletes") deletes in one commit)"
