#!/usr/bin/env bash
# Load-driver ceiling: dispatches per second the simulator pushes to a bot that only reads
# (load.NullBot, same JVM). Usage: scripts/bench/simulator-ceiling.sh [rate=50000] [seconds=5]
# Prints one line (emitted and received per second) and appends it to bench-results/simulator-ceiling.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
JAR=app/target/arrakis-gateway-proxy.jar
# Build when the jar is missing or older than the simulator's or the app's sources.
if [ ! -f "$JAR" ] || [ -n "$(find simulator/src app/src -newer "$JAR" -type f -print -quit)" ]; then
  echo "==> building $JAR (tests skipped)"
  ./mvnw -q -B -ntp -DskipTests package -pl app -am
fi
mkdir -p bench-results
rate="${1:-50000}"
seconds="${2:-5}"
echo "==> LoadDriverCeiling at ${rate}/s for ${seconds} s ($(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
out=$("$JAVA_HOME/bin/java" -cp "$JAR" community.arrakis.gatewayproxy.simulator.load.LoadDriverCeiling "$rate" "$seconds")
echo "$out" | grep -v ' INFO ' || true
echo "$(date -u +%FT%TZ) target ${rate}/s ${seconds}s: $(echo "$out" | tail -1)" >> bench-results/simulator-ceiling.txt
