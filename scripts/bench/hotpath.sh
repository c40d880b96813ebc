#!/usr/bin/env bash
# JMH: per-event cost of dispatch → envelope → bytes (ingestor) and bytes → envelope (worker).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
./mvnw -q -B -ntp -DskipTests package -pl benchmarks -am
mkdir -p bench-results
exec "$JAVA_HOME/bin/java" -jar benchmarks/target/benchmarks.jar EnvelopeBenchmark -rf json -rff bench-results/hotpath.json "$@"
