#!/usr/bin/env bash
# What a quorum queue costs RabbitMQ per message next to a classic one: PerfTest with the ingestor's
# message shape at a fixed rate into a classic queue, then a quorum queue (own names, deleted after),
# the broker's CPU read from /proc. Needs the broker on this machine.
# Options as system properties in JAVA_OPTS: -Drate=5000 -Dseconds=12 -Dwarmup.seconds=6 -Drounds=3 -Dmax=true
source "$(dirname "$0")/ingestor-common.sh"
PERFTEST_CP="$(perftest_classpath)"
exec "$JAVA" -DARRAKIS_LOG_LEVEL=WARN -Dperftest.classpath="$PERFTEST_CP" ${JAVA_OPTS:-} -cp "$JAR" \
  community.arrakis.gatewayproxy.benchmarks.ingestor.QueueTypeCostBenchmark
