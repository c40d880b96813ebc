#!/usr/bin/env bash
# Rehearses docs/migration.md against the simulator under load: legacy (standalone) -> shadow
# (ingestor + shadow worker, writes recorded, none sent) -> compare (the shadow report) -> canary
# 1 % -> 10 % -> 100 % -> rollback to 0 % -> 100 % -> standalone retired. Each stage runs /ping
# interactions and member joins (80:20) at a constant rate and prints one line: sent, answered,
# expired, lost, duplicates (second callbacks, second role PUTs, as the simulator counts them),
# errors, p95. Fails when any stage loses or duplicates anything, or the shadow comparison finds a
# difference. Runs e2e's MigrationRehearsalIT; needs RabbitMQ and Redis (scripts/ensure-services.sh
# starts them) and touches only keys and queues of its own.
#
# Usage: scripts/migration-rehearsal.sh [rate per second=40] [seconds per stage=10]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
scripts/ensure-services.sh
rate="${1:-40}"
seconds="${2:-10}"
case "$rate$seconds" in ''|*[!0-9]*) echo "usage: scripts/migration-rehearsal.sh [rate per second] [seconds per stage]" >&2; exit 2;; esac
mkdir -p bench-results
log=bench-results/migration-rehearsal-maven.log
status=0
./mvnw -B -ntp verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=MigrationRehearsalIT -Drehearsal.rate="$rate" -Drehearsal.seconds="$seconds" >"$log" 2>&1 || status=$?
output=e2e/target/failsafe-reports/community.arrakis.gatewayproxy.e2e.migration.MigrationRehearsalIT-output.txt
if [ -f "$output" ]; then
  sed -n '/==== migration rehearsal/,$p' "$output" | grep -v '^[0-9][0-9]:[0-9][0-9]:' || true
fi
grep -E '<<< FAIL|but was|Expecting|\[ERROR\] +MigrationRehearsalIT' "$log" || true
[ "$status" = 0 ] && echo "migration rehearsal passed: no stage lost or duplicated anything" \
  || echo "migration rehearsal FAILED (exit $status); the whole output is in $log"
exit "$status"
