#!/usr/bin/env bash
# Node loss under load, the long variant of e2e's ClusterFailoverIT: an ingestor and two workers on a
# 3-node RabbitMQ cluster of their own (quorum queues, RABBITMQ_URL naming the three nodes) and a Redis
# master + replica + three sentinels (redis-sentinel:// URL), 100 /ping interactions/s and 5 member
# joins/s, while (a) the RabbitMQ node holding the queues' leaders is stopped, then started again after
# the outage, (b) the Redis master is killed and the sentinels promote the replica (the old master is
# started again as a replica after the outage). One row per scenario: dispatched, answered, expired,
# late, duplicates, lost, joins without role, ERROR lines, secrets, and "gap ms": the longest time
# without an answer from the node's loss on. Fails on any loss, late or repeated answer, ERROR line.
#
# Usage: scripts/cluster/failover.sh [outage seconds=20]
# Nodes and sentinels run on free ports in temporary directories of their own (test-kit's
# PrivateRabbitCluster and PrivateRedisSentinel, the same as scripts/cluster/rabbitmq-cluster.sh and
# redis-sentinel.sh start by hand) and are removed at the end; the machine's RabbitMQ and Redis are not
# touched. Needs the rabbitmq-server package (/usr/lib/rabbitmq/bin) and redis-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
outage_seconds="${1:-20}"
case "$outage_seconds" in ''|*[!0-9]*) echo "usage: scripts/cluster/failover.sh [outage seconds, a whole number; default 20]" >&2; exit 2;; esac
mkdir -p bench-results
log=bench-results/failover-maven.log
status=0
started=$(mktemp)
./mvnw -B -ntp verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=ClusterFailoverIT -Dchaos.load="PT$((outage_seconds + 15))S" -Dchaos.faultAt=PT5S \
  -Dchaos.outage="PT${outage_seconds}S" -Dchaos.results="$PWD/bench-results" >"$log" 2>&1 || status=$?
grep -E 'Tests run:.*Failover|<<< FAIL|\[ERROR\] +ClusterFailoverIT|but was|Expecting' "$log" || true
latest=$(find bench-results -maxdepth 1 -name 'failover-2*.txt' -newer "$started" | sort | tail -1)
rm -f "$started"
[ -n "$latest" ] && cat "$latest"
[ "$status" = 0 ] && echo "failover scenarios passed" || echo "failover scenarios FAILED (exit $status); the whole output is in $log"
exit "$status"
