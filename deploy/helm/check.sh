#!/usr/bin/env bash
# Validates the Helm chart deploy/helm/remarkgraph:
#
#   check.sh --source-dir ROOT --build-dir DIR
#
# 1. helm lint --strict, with the default values, values-production.yaml
#    and test-values/replicas-tls.yaml (three pods over TLS with roles);
# 2. helm template of each into DIR/rendered, and values that must be
#    refused (the chart's own checks) are;
# 3. every rendered object decoded strictly against Kubernetes' API types
#    (validate/, a Go test on k8s.io/client-go's scheme);
# 4. checkov's Kubernetes checks on the rendered objects, with the accepted
#    findings in checkov.yaml (each with its reason).
#
# helm (helm.sh/helm/v3/cmd/helm) is installed with `go install` into
# DIR/gobin and checkov from PyPI into the virtualenv DIR/checkov-venv, each
# once per pinned version. When Go, Python or a registry is missing, the
# script says why and exits 77 (skipped).
set -euo pipefail

readonly HELM=helm.sh/helm/v3/cmd/helm@v3.22.0
readonly SKIP=77
readonly NETWORK_ERRORS='dial tcp|no such host|i/o timeout|connection refused|connection reset|network is unreachable|TLS handshake timeout|Temporary failure in name resolution|Could not fetch URL|Failed to establish a new connection|Max retries exceeded'

log() { echo "helm-check: $*"; }
skip() { log "SKIPPED: $*"; exit "$SKIP"; }
fail() { log "FAILED: $*"; exit 1; }

source_dir= build_dir=
while [[ $# -gt 0 ]]; do
  case $1 in
    --source-dir) source_dir=$(cd "$2" && pwd) ;;
    --build-dir) build_dir=$(mkdir -p "$2" && cd "$2" && pwd) ;;
    *) fail "unknown argument $1" ;;
  esac
  shift 2
done
[[ -n $source_dir && -n $build_dir ]] || fail "--source-dir and --build-dir are required"
readonly here=$source_dir/deploy/helm
readonly chart=$here/remarkgraph
started=$SECONDS
exec 9>"$build_dir/check.lock"
flock 9

# online COMMAND...: runs a command that may need a registry; a failure to
# reach it is a skip, any other failure fails.
online() {
  local output
  if output=$("$@" 2>&1); then
    return 0
  fi
  echo "$output"
  grep -qiE "$NETWORK_ERRORS" <<<"$output" && skip "a package registry could not be reached ($1 ${2:-})"
  fail "$*"
}

go=$(command -v go || echo /usr/local/go/bin/go)
[[ -x $go ]] || skip "no Go toolchain"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -modcacherw" CGO_ENABLED=0
gobin=$build_dir/gobin
mkdir -p "$gobin"
stamp=$gobin/.helm-${HELM##*@}
if [[ ! -x $gobin/helm || ! -e $stamp ]]; then
  log "installing $HELM"
  online env GOBIN="$gobin" "$go" install "$HELM"
  touch "$stamp"
fi
helm=$gobin/helm
# helm keeps nothing outside the build tree.
export HELM_CACHE_HOME=$build_dir/helm-home/cache HELM_CONFIG_HOME=$build_dir/helm-home/config \
  HELM_DATA_HOME=$build_dir/helm-home/data
log "$("$helm" version --short)"

# 1. lint
"$helm" lint --strict --kube-version 1.34.0 "$chart"
"$helm" lint --strict --kube-version 1.34.0 "$chart" -f "$here/values-production.yaml"
"$helm" lint --strict --kube-version 1.34.0 "$chart" -f "$here/test-values/replicas-tls.yaml"

# 2. render, and refuse what must be refused. (A helm built by `go install`
# lacks the release's version stamps and would assume Kubernetes 1.20.)
readonly KUBE_VERSION=1.34.0
rendered=$build_dir/rendered
rm -rf "$rendered"
mkdir -p "$rendered"
"$helm" template remarkgraph "$chart" --kube-version "$KUBE_VERSION" --namespace remarkgraph \
  >"$rendered/default.yaml"
"$helm" template remarkgraph "$chart" --kube-version "$KUBE_VERSION" --namespace remarkgraph \
  -f "$here/values-production.yaml" >"$rendered/production.yaml"
"$helm" template remarkgraph "$chart" --kube-version "$KUBE_VERSION" --namespace remarkgraph \
  -f "$here/test-values/replicas-tls.yaml" >"$rendered/replicas-tls.yaml"
# Every optional object off: what is left still renders and decodes.
"$helm" template remarkgraph "$chart" --kube-version "$KUBE_VERSION" --namespace remarkgraph \
  --set backup.enabled=false,networkPolicy.enabled=false,podDisruptionBudget.enabled=false,metrics.enabled=false \
  --set serviceAccount.create=false >"$build_dir/minimal.yaml"
[[ $(grep -c '^kind:' "$build_dir/minimal.yaml") -eq 4 ]] || fail "the minimal chart is not a StatefulSet and three Services"
refused() {
  local expected=$1 output
  shift
  if output=$("$helm" template remarkgraph "$chart" --kube-version "$KUBE_VERSION" "$@" 2>&1); then
    fail "helm template $* was not refused"
  fi
  grep -qF "$expected" <<<"$output" || { echo "$output"; fail "helm template $* failed without '$expected'"; }
}
refused "replicaCount must be at least 1" --set replicaCount=0
refused "tls.enabled needs tls.secretName" --set tls.enabled=true,backup.enabled=false
refused "policy.enabled needs tls.enabled" --set policy.enabled=true,policy.secretName=p
refused "needs adminCredentials.tokenSecretName or adminCredentials.certSecretName" \
  --set replicaCount=2,backup.enabled=false,tls.enabled=true,tls.secretName=t,policy.enabled=true,policy.secretName=p
refused "needs adminCredentials.certSecretName" \
  --set tls.enabled=true,tls.secretName=t,tls.requireClientCertificates=true,adminCredentials.tokenSecretName=x
refused "adminCredentials.tokenSecretName needs tls.enabled" --set adminCredentials.tokenSecretName=x
refused "readsFromReplicasOnly needs replicaCount above 1" --set replication.readsFromReplicasOnly=true
refused "metrics.serviceMonitor.enabled needs metrics.enabled" --set metrics.enabled=false,metrics.serviceMonitor.enabled=true
grep -q '^kind: CronJob' "$rendered/default.yaml" || fail "the default values render no backup CronJob"
[[ $(grep -c '^kind: StatefulSet' "$rendered/default.yaml") -eq 1 ]] || fail "one pod renders a replica StatefulSet"
[[ $(grep -c '^kind: StatefulSet' "$rendered/replicas-tls.yaml") -eq 2 ]] || fail "three pods render no replica StatefulSet"
grep -q -- '--metrics_listen=0.0.0.0:9464' "$rendered/default.yaml" || fail "metrics are not on by default"
grep -q -- '--policy_file=/etc/remarkgraph/policy/policy.json' "$rendered/production.yaml" || fail "production has no policy file"
# The drain always fits in the termination grace period.
grep -q "terminationGracePeriodSeconds: 30" "$rendered/default.yaml" || fail "the default grace period is not 30 s"
grep -q "terminationGracePeriodSeconds: 40" "$rendered/production.yaml" || fail "production's grace period is not 40 s"
log "rendered $(grep -c '^kind:' "$rendered/default.yaml") objects (default), $(grep -c '^kind:' "$rendered/production.yaml") (production) and $(grep -c '^kind:' "$rendered/replicas-tls.yaml") (three pods over TLS)"

# 3. strict decoding against the API types
(cd "$here/validate" && RG_RENDERED=$rendered RG_RENDERED_MINIMAL=$build_dir/minimal.yaml \
  online "$go" test -count=1 ./...)
(cd "$here/validate" && RG_RENDERED=$rendered RG_RENDERED_MINIMAL=$build_dir/minimal.yaml \
  "$go" test -count=1 -v ./... | grep -E '^\s+validate_test.go|^(ok|---)' || true)

# 4. checkov
python=$(command -v python3 || true)
[[ -n $python ]] || skip "no python3 for checkov"
venv=$build_dir/checkov-venv
wanted=$(cat "$here/tools/requirements.txt" | sha256sum | cut -d' ' -f1)
if [[ ! -x $venv/bin/checkov || $(cat "$venv/.requirements" 2>/dev/null) != "$wanted" ]]; then
  rm -rf "$venv"
  "$python" -m venv "$venv" || skip "$python cannot make a virtualenv"
  log "installing $(grep -v '^#' "$here/tools/requirements.txt" | tr '\n' ' ')"
  online "$venv/bin/pip" install --quiet --disable-pip-version-check --retries 2 --timeout 60 \
    -r "$here/tools/requirements.txt"
  echo "$wanted" >"$venv/.requirements"
fi
log "checkov $("$venv/bin/checkov" --version)"
"$venv/bin/checkov" --config-file "$here/checkov.yaml" --directory "$rendered" \
  --framework kubernetes --compact --quiet --skip-download
log "passed in $((SECONDS - started)) s"
