#!/usr/bin/env bash
# Resident memory and heap after GC of an ingestor process with 1, 16 and 64 idle shards and with
# 16 shards under load. Options in JAVA_OPTS: -Drate=1000 -Dload.seconds=30 -Dsettle.seconds=5
# -Dchild.jvm.flags="-Xmx128m -XX:+UseSerialGC -Xss256k ..." (the ingestor process's flags)
source "$(dirname "$0")/ingestor-common.sh"
exec "$JAVA" -DARRAKIS_LOG_LEVEL=WARN ${JAVA_OPTS:-} -cp "$JAR" \
  community.arrakis.gatewayproxy.benchmarks.ingestor.IngestorMemoryBenchmark
