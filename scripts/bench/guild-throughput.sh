#!/usr/bin/env bash
# Guild-event throughput with 1, 2 and 3 workers: a backlog of member joins over many guilds waits in
# the guild partitions; 1, 2 or 3 workers started together (in the benchmark's JVM) drain it, each
# event's handler waiting work-ms (an I/O-bound handler), so the workers' handler slots are the limit.
# Prints the table docs/benchmarks.md quotes.
# Usage: scripts/bench/guild-throughput.sh [events=4000] [guilds=400] [rounds=2] [work-ms=100]
# Needs RabbitMQ and Redis on their local ports (scripts/ensure-services.sh starts them). Results: printed, and
# JSON in bench-results/. JAVA_OPTS adds flags to the benchmark JVM; SKIP_BUILD=1 reuses the built jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -ntp -o -DskipTests package -pl benchmarks -am
fi
scripts/ensure-services.sh
mkdir -p bench-results
exec "$JAVA_HOME/bin/java" -DARRAKIS_LOG_LEVEL=WARN ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar \
  community.arrakis.gatewayproxy.benchmarks.worker.GuildThroughputBenchmark "$@"
