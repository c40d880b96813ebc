#!/usr/bin/env bash
# Simulator dispatch → interaction callback through a real ingestor, RabbitMQ and one worker (one JVM),
# at a constant rate: p50, p99, max, errors. Target p99 < 25 ms and zero errors/expired/lost (exit code 1 otherwise).
# Usage: scripts/bench/worker-e2e.sh [seconds=30] [rate=1000] [warmupSeconds=20]
# Needs RabbitMQ and Redis on their local ports (scripts/ensure-services.sh starts them). Results: printed, and
# JSON in bench-results/. JAVA_OPTS adds flags to the benchmark JVM; SKIP_BUILD=1 reuses the built jars.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -ntp -DskipTests package -pl benchmarks -am
fi
scripts/ensure-services.sh
mkdir -p bench-results
exec "$JAVA_HOME/bin/java" -DARRAKIS_LOG_LEVEL=WARN ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar \
  community.arrakis.gatewayproxy.benchmarks.worker.WorkerE2eBenchmark "$@"
