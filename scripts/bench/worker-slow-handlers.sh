#!/usr/bin/env bash
# 200 interactions/s whose handler takes 2 s: every one acknowledged within 3 s (zero expired), the
# ingestor's heartbeat RTT low and its shard READY throughout (exit code 1 otherwise).
# Usage: scripts/bench/worker-slow-handlers.sh [seconds=30] [rate=200] [handlerMillis=2000]
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
  community.arrakis.gatewayproxy.benchmarks.worker.WorkerSlowHandlersBenchmark "$@"
