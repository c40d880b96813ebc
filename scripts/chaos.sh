#!/usr/bin/env bash
# The chaos suite: each dependency of the workers fails under load (100 /ping interactions/s and
# 5 member joins/s through the simulator, an ingestor, RabbitMQ and two workers whose Redis is a
# private redis-server on a free port), one scenario at a time; one report row per scenario:
# dispatched, answered, expired, late, duplicates, lost, joins without role, recovery time, ERROR
# and WARN lines, secrets in the log. Fails on any loss, late or repeated answer, ERROR line or secret.
#
# Usage: scripts/chaos.sh [outage seconds=30]   e.g. scripts/chaos.sh 5
# The test suite runs the same scenarios with 1.5 s outages (e2e's ChaosSuiteIT); this runs them long: the
# load lasts the outage + 15 s, the fault begins 5 s in. The table is printed and written to
# bench-results/chaos-<time>.txt. Needs RabbitMQ and Redis (scripts/ensure-services.sh starts them)
# and redis-server on the PATH (the redis-server package). The machine's shared RabbitMQ and Redis are
# never stopped: only the workers' own connections are cut, and their own Redis killed. The broker's
# own faults (application restarted, node restarted, memory alarm) run the whole pipeline on a RabbitMQ
# node the suite starts for itself (own name, ports, directories and cookie; PrivateRabbit), which
# needs the rabbitmq-server package's /usr/lib/rabbitmq/bin (or -Darrakis.rabbitmq.sbin=...).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
scripts/ensure-services.sh
outage_seconds="${1:-30}"
case "$outage_seconds" in ''|*[!0-9]*) echo "usage: scripts/chaos.sh [outage seconds, a whole number; default 30]" >&2; exit 2;; esac
mkdir -p bench-results
log=bench-results/chaos-maven.log
status=0
started=$(mktemp)
./mvnw -B -ntp verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosSuiteIT -Dchaos.load="PT$((outage_seconds + 15))S" -Dchaos.faultAt=PT5S \
  -Dchaos.outage="PT${outage_seconds}S" -Dchaos.results="$PWD/bench-results" >"$log" 2>&1 || status=$?
grep -E 'Tests run:.*Chaos|<<< FAIL|\[ERROR\] +ChaosSuiteIT|but was|Expecting' "$log" || true
latest=$(find bench-results -maxdepth 1 -name 'chaos-2*.txt' -newer "$started" | sort | tail -1)
rm -f "$started"
[ -n "$latest" ] && cat "$latest"
[ "$status" = 0 ] && echo "chaos suite passed" || echo "chaos suite FAILED (exit $status); the whole output is in $log"
exit "$status"
