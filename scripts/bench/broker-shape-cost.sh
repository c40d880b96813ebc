#!/usr/bin/env bash
# What each part of the ingestor's message shape (topic exchange, mandatory, queue arguments,
# properties) costs RabbitMQ in CPU per message, with PerfTest at a fixed rate. Needs the broker on
# this machine (its CPU is read from /proc).
# Options as system properties in JAVA_OPTS: -Drate=20000 -Dseconds=12 -Dwarmup.seconds=8 -Drounds=3
source "$(dirname "$0")/ingestor-common.sh"
PERFTEST_CP="$(perftest_classpath)"
exec "$JAVA" -DARRAKIS_LOG_LEVEL=WARN -Dperftest.classpath="$PERFTEST_CP" ${JAVA_OPTS:-} -cp "$JAR" \
  community.arrakis.gatewayproxy.benchmarks.ingestor.BrokerShapeCostBenchmark
