#!/usr/bin/env bash
# Builds the jar and runs the demo: a simulated Discord plus the bot in one JVM.
# Uses RabbitMQ (full proxy path) when it answers, standalone mode otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
echo "==> building (tests skipped; scripts/test.sh runs them)"
./mvnw -B -q -ntp -DskipTests package
exec "$JAVA_HOME/bin/java" -jar app/target/arrakis-gateway-proxy.jar demo "$@"
