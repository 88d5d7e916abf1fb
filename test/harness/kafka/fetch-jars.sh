#!/usr/bin/env bash
# Pre-fetches the Kafka runtime classpath into the same cache jars.ts uses, e.g. from CI before the tests.
# Usage: fetch-jars.sh [version]   (default: $KAFKA_VERSION, else 4.4.0). Prints the lib dir.
set -euo pipefail

version="${1:-${KAFKA_VERSION:-4.4.0}}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cache="$root/.cache/kafka-$version"
lib="$cache/lib"
marker="$cache/.complete"

if [[ -f "$marker" && -d "$lib" ]]; then
  echo "$lib"
  exit 0
fi

# Kafka 3.x logs through log4j 1 (reload4j), 4.x through log4j2; see pom.xml.
if [[ "${version%%.*}" -lt 4 ]]; then logging=reload4j; else logging=log4j2; fi

mkdir -p "$cache"
partial="$cache/lib.partial-$$"
rm -rf "$partial"
trap 'rm -rf "$partial"' EXIT
(cd "$cache" && mvn -B -q -f "$here/pom.xml" "-Dkafka.version=$version" "-Dkafka.logging=$logging" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
  -DincludeScope=runtime "-DoutputDirectory=$partial") >&2

if ! compgen -G "$partial/kafka_2.13-$version*.jar" >/dev/null; then
  echo "mvn finished but $partial has no kafka_2.13-$version jar" >&2
  exit 1
fi
rm -rf "$lib"
mv "$partial" "$lib"
echo "$version" >"$marker"
echo "$lib"
