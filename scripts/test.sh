#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against the local RabbitMQ and Redis and the
# Discord simulator. Starts the services when they are installed but stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
scripts/ensure-services.sh
scripts/ensure-tools.sh
echo "==> ./mvnw verify (JDK: $JAVA_HOME)"
exec ./mvnw -B -ntp verify "$@"
