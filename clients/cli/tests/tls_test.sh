#!/usr/bin/env bash
# The remarkgraph tool against a real remarkgraphd serving TLS with roles:
# server CA, client certificates (mutual TLS), bearer tokens from the flag,
# the file and the environment, and `backup create|list|verify`, each
# refused or served as the caller's role says.
#
#   tls_test.sh REMARKGRAPHD CLI MAKE_CERTS_SH SAMPLE_GRAPH
set -euo pipefail
daemon=$1 cli=$2 make_certs=$3 sample=$4
test_name=tls_test
# shellcheck source=server.sh
source "$(dirname "$0")/server.sh"

bash "$make_certs" "$work/certs" >/dev/null
certs=$work/certs
cat >"$work/policy.json" <<'JSON'
{"reader": ["spiffe://remarkgraph.test/reader", "reader-token"],
 "writer": ["writer-token"],
 "admin": ["spiffe://remarkgraph.test/admin", "admin-token"]}
JSON
for who in reader writer admin; do
  printf '%s-s3cret' "$who" >"$work/$who.token"
  echo "$(printf '%s-s3cret' "$who" | sha256sum | cut -d' ' -f1) $who-token"
done >"$work/tokens"

# start_tls_server FLAGS...: start_server with TLS, roles and backups.
start_tls_server() {
  start_server --backup_dir="$work/backups" \
    --tls_cert="$certs/server.pem" --tls_key="$certs/server.key" \
    --policy_file="$work/policy.json" --tokens_file="$work/tokens" "$@"
}

# expect_refused CODE COMMAND...: the command fails with CODE on stderr.
expect_refused() {
  local code=$1
  shift
  if "$@" >"$work/out" 2>"$work/err"; then fail "'$*' succeeded"; fi
  grep -q "$code" "$work/err" || { cat "$work/err"; fail "'$*' failed without $code"; }
}

# 1. TLS with tokens.
start_tls_server
rg() { "$cli" --server "$server" --timeout 5 "$@"; }
tls=(--tls_ca "$certs/ca.pem")

expect_refused UNAVAILABLE rg health  # plaintext to a TLS port
expect_refused UNAVAILABLE rg --tls-ca "$certs/other-ca.pem" health  # untrusted server
expect_refused UNAVAILABLE rg "${tls[@]}" --tls-server-name=elsewhere.test health
rg "${tls[@]}" health | grep -qx SERVING || fail "health over TLS"
rg "${tls[@]}" --tls-server-name=localhost health >/dev/null || fail "--tls-server-name localhost"
expect_refused UNAUTHENTICATED rg "${tls[@]}" ls person
# A token goes only over TLS: refused before anything is sent.
set +e
rg --token x health 2>"$work/err"
[[ $? -eq 2 ]] || fail "--token without TLS is not a usage error"
set -e
grep -q -- "--token needs --tls-ca" "$work/err" || { cat "$work/err"; fail "no reason given"; }

expect_refused PERMISSION_DENIED rg "${tls[@]}" --token-file "$work/reader.token" upsert <"$sample"
rg "${tls[@]}" --token "$(cat "$work/writer.token")" upsert <"$sample" >/dev/null \
  || fail "a writer's token cannot upsert"
REMARKGRAPH_TOKEN=$(cat "$work/reader.token") rg "${tls[@]}" ls person >"$work/people" \
  || fail "a reader's token from REMARKGRAPH_TOKEN cannot list"
[[ -s $work/people ]] || fail "no people listed"
REMARKGRAPH_TLS_CA=$certs/ca.pem REMARKGRAPH_TOKEN_FILE=$work/reader.token rg ls person >/dev/null \
  || fail "REMARKGRAPH_TLS_CA and REMARKGRAPH_TOKEN_FILE"
expect_refused UNAUTHENTICATED rg "${tls[@]}" --token wrong ls person
expect_refused PERMISSION_DENIED rg "${tls[@]}" --token-file "$work/writer.token" backup create
expect_refused PERMISSION_DENIED rg "${tls[@]}" --token-file "$work/writer.token" export
admin=("${tls[@]}" --token_file "$work/admin.token")
rg "${admin[@]}" export --output "$work/export.jsonl" || fail "an admin cannot export"
[[ -s $work/export.jsonl ]] || fail "empty export"
rg "${admin[@]}" --json backup create >"$work/created" || fail "an admin cannot create a backup"
id=$(sed -n 's/.*"backupId":\([0-9]*\).*/\1/p' "$work/created")
[[ -n $id ]] || { cat "$work/created"; fail "no backup id"; }
rg "${admin[@]}" backup list | grep -q "^$id " || fail "backup $id not listed"
rg "${admin[@]}" backup verify "$id" >/dev/null || fail "backup $id does not verify"
echo "tokens: reader, writer and admin each served or refused by role; backup $id made over TLS"
stop_server

# 2. Mutual TLS: the client certificate is the identity.
start_tls_server --client_ca="$certs/ca.pem"
expect_refused UNAVAILABLE rg "${tls[@]}" health  # no client certificate
reader=("${tls[@]}" --tls-cert "$certs/reader.pem" --tls-key "$certs/reader.key")
admin=("${tls[@]}" --tls-cert "$certs/admin.pem" --tls-key "$certs/admin.key")
rg "${reader[@]}" ls person >/dev/null || fail "a reader's certificate cannot list"
expect_refused PERMISSION_DENIED rg "${reader[@]}" backup list
rg "${admin[@]}" backup create >/dev/null || fail "an admin's certificate cannot create a backup"
[[ $(rg "${admin[@]}" backup list | tail -n +2 | wc -l) -eq 2 ]] || fail "not two backups"
REMARKGRAPH_TLS_CA=$certs/ca.pem REMARKGRAPH_TLS_CERT=$certs/admin.pem \
  REMARKGRAPH_TLS_KEY=$certs/admin.key rg backup verify "$id" >/dev/null \
  || fail "the TLS variables do not make a client certificate"
# A token over mutual TLS speaks for its holder.
rg "${reader[@]}" --token-file "$work/admin.token" backup list >/dev/null \
  || fail "an admin token over a reader's certificate"
echo "mutual TLS: certificates served or refused by role"
echo "tls_test: passed"
