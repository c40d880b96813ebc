#!/usr/bin/env bash
# Dispatches/s one ingestor moves from the simulator into RabbitMQ (persistent, confirmed), next to
# the broker's own ceiling measured with RabbitMQ PerfTest in the same run.
# Options as system properties in JAVA_OPTS: -Dshards=2 -Dseconds=15 -Dwarmup.seconds=5 -Dwindow=5000
source "$(dirname "$0")/ingestor-common.sh"
PERFTEST_CP="$(perftest_classpath)"
exec "$JAVA" -DARRAKIS_LOG_LEVEL=WARN -Dperftest.classpath="$PERFTEST_CP" ${JAVA_OPTS:-} -cp "$JAR" \
  community.arrakis.gatewayproxy.benchmarks.ingestor.IngestorThroughputBenchmark
