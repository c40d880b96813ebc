#!/usr/bin/env bash
# Latency the ingestor adds, gateway frame read -> broker confirm, at a steady rate (p50/p99/max),
# then the broker's own confirm latency at the same rate (PerfTest) for comparison.
# Options as system properties in JAVA_OPTS: -Drate=1000 -Dshards=2 -Dseconds=30 -Dwarmup.seconds=5
source "$(dirname "$0")/ingestor-common.sh"
PERFTEST_CP="$(perftest_classpath)"
exec "$JAVA" -DARRAKIS_LOG_LEVEL=WARN -Dperftest.classpath="$PERFTEST_CP" ${JAVA_OPTS:-} -cp "$JAR" \
  community.arrakis.gatewayproxy.benchmarks.ingestor.IngestorLatencyBenchmark
