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
# The packages start their services on install; the tests start their own instances on free ports.
for svc in prometheus prometheus-alertmanager prometheus-node-exporter; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done
pkill -x prometheus 2>/dev/null || true
pkill -x prometheus-alertmanager 2>/dev/null || true

command -v java >/dev/null 2>&1 || { echo "install-test-deps: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "install-test-deps: maven is required" >&2; exit 1; }
bash test/harness/kafka/fetch-jars.sh
