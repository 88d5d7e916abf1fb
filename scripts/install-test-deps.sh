#!/usr/bin/env bash
# Installs the real parts the tests run against, idempotently:
#   - Debian's prometheus (promtool) and prometheus-alertmanager (amtool), for metric/rule checks and end-to-end tests;
#   - the Kafka broker and tool jars from Maven Central (cached in ~/.m2 and .cache/).
# Java 17+ and Maven must already be on the machine (see README prerequisites).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v amtool >/dev/null 2>&1 || need_apt+=(prometheus-alertmanager)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: need root to apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The packages start their services on install (on systemd machines); the tests start their own instances on free
# ports, so the services are only stopped to save CPU, never killed by name (that would hit a test running now).
for svc in prometheus prometheus-alertmanager prometheus-node-exporter; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done

command -v java >/dev/null 2>&1 || { echo "install-test-deps: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "install-test-deps: maven is required" >&2; exit 1; }
bash test/harness/kafka/fetch-jars.sh

# The monitoring mixin's check (test/unit/monitoring/mixin.test.ts): go-jsonnet from the Go module proxy (about a
# minute, once), into the project's .cache/bin rather than GOPATH so the tests find the pinned version.
JSONNET_VERSION=v0.22.0
if ! .cache/bin/jsonnet --version 2>/dev/null | grep -q " $JSONNET_VERSION\$"; then
  command -v go >/dev/null 2>&1 || { echo "install-test-deps: go is required for jsonnet" >&2; exit 1; }
  echo "install-test-deps: building jsonnet $JSONNET_VERSION" >&2
  mkdir -p .cache/bin
  GOBIN="$PWD/.cache/bin" GOFLAGS=-buildvcs=false go install "github.com/google/go-jsonnet/cmd/jsonnet@$JSONNET_VERSION"
fi

# Deployment checks (test/unit/deploy), all offline once installed, each step skipped when already done:
#   - helm, built from the Go module proxy into $(go env GOPATH)/bin (about 4 minutes on 2 cores, once);
#   - kustomize from the Go module proxy (about 15 seconds), pinned rather than the one inside whatever kubectl is here;
#   - Kubernetes' OpenAPI spec (k8s.io/kubernetes module) and prometheus-operator's CRDs (its Go module), the
#     schemas every rendered manifest is validated against, copied to .cache/k8s-schemas/.
HELM_VERSION=v3.22.0
KUSTOMIZE_VERSION=v5.7.1
KUBERNETES_VERSION=v1.34.2
PROMETHEUS_OPERATOR_VERSION=v0.85.0
command -v go >/dev/null 2>&1 || { echo "install-test-deps: go is required for helm and the Kubernetes schemas" >&2; exit 1; }
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if ! "$gobin/helm" version --short 2>/dev/null | grep -q "^${HELM_VERSION%.*}"; then
  echo "install-test-deps: building helm $HELM_VERSION (takes a few minutes)" >&2
  GOFLAGS=-buildvcs=false go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
if [ "$("$gobin/kustomize" version 2>/dev/null)" != "$KUSTOMIZE_VERSION" ]; then
  echo "install-test-deps: building kustomize $KUSTOMIZE_VERSION" >&2
  GOFLAGS=-buildvcs=false go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi
schemas=.cache/k8s-schemas
module_dir() { (cd /tmp && go mod download -json "$1") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }
if ! [ -f "$schemas/kubernetes-$KUBERNETES_VERSION-swagger.json" ]; then
  mkdir -p "$schemas"
  dir="$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")"
  cp "$dir/api/openapi-spec/swagger.json" "$schemas/kubernetes-$KUBERNETES_VERSION-swagger.json.tmp"
  chmod u+w "$schemas/kubernetes-$KUBERNETES_VERSION-swagger.json.tmp"
  mv "$schemas/kubernetes-$KUBERNETES_VERSION-swagger.json.tmp" "$schemas/kubernetes-$KUBERNETES_VERSION-swagger.json"
fi
if ! [ -d "$schemas/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION" ]; then
  mkdir -p "$schemas"
  dir="$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")"
  rm -rf "$schemas/po.tmp" && mkdir "$schemas/po.tmp"
  cp "$dir"/example/prometheus-operator-crd/monitoring.coreos.com_*.yaml "$schemas/po.tmp/"
  chmod u+w "$schemas"/po.tmp/*
  mv "$schemas/po.tmp" "$schemas/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"
fi
