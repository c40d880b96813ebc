#!/usr/bin/env bash
# The highest interactions/s one worker sustains cleanly (trivial handler): steps the rate up until
# something is lost, refused or expired, the rate is not kept, or p99 passes the limit.
# Usage: scripts/bench/worker-max-throughput.sh [stepSeconds=10] [p99LimitMillis=100] [rates=500,1000,...]
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
  community.arrakis.gatewayproxy.benchmarks.worker.WorkerMaxThroughputBenchmark "$@"
