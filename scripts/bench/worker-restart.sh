#!/usr/bin/env bash
# From `java -jar app/target/arrakis-gateway-proxy.jar worker ...` (JVM start included) to the first
# message handled, with a backlog already waiting; per JVM-flag variant (default, C1 only, AppCDS, ...). Target < 2 s.
# Usage: scripts/bench/worker-restart.sh [runs=3] [backlog=200]
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
  community.arrakis.gatewayproxy.benchmarks.worker.WorkerRestartBenchmark "$@"
