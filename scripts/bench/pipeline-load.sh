#!/usr/bin/env bash
# Whole-pipeline load: the simulator drives the standard profile (issue 3) through an ingestor,
# RabbitMQ and a worker running the built-in handlers (/ping, join role), each a separate process
# from the app jar, and reports per type: sent, answered, errors, expired, lost, latency.
# Usage: scripts/bench/pipeline-load.sh [scale=0.05]   (1 = the full 13 min 10 s profile)
#        PIPELINE_LOAD_PROFILE=constant:200:20 scripts/bench/pipeline-load.sh 1   (another profile)
#        PIPELINE_LOAD_WORKER_OPS_PORT=18082 ...   (the worker's /metrics on that port; off by default)
#        PIPELINE_LOAD_WORKER_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC" ...   (the worker JVM's flags; default none)
# Needs RabbitMQ and Redis on their local ports (scripts/ensure-services.sh starts them).
# Report: printed, and bench-results/pipeline-load.json with its chart beside it (pipeline-load.html:
# latency percentiles and rates per second); process logs in the directory it names.
# Exit code: the simulator's (0 when nothing was lost and nothing errored).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
JAVA="$JAVA_HOME/bin/java"
JAR=app/target/arrakis-gateway-proxy.jar
SCALE="${1:-0.05}"
MIX="${PIPELINE_LOAD_MIX:-ping=90,join=10}"
PROFILE="${PIPELINE_LOAD_PROFILE:-standard}"

if [ ! -f "$JAR" ] || [ -n "$(find ./*/src -newer "$JAR" -type f -print -quit)" ]; then
  echo "==> building $JAR (tests skipped)"
  ./mvnw -q -B -ntp -DskipTests package -pl app -am
fi
scripts/ensure-services.sh

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

RUN="bench-$(random_hex 4)"
SIM_PORT=$(free_port)
INGESTOR_OPS_PORT=$(free_port)
LOGS=$(mktemp -d "/tmp/pipeline-load-$RUN.XXXX")
mkdir -p bench-results
# Shared by the three processes through the environment, so the token never shows in `ps` or a log.
export DISCORD_TOKEN="$RUN-$(random_hex 16)"
export DISCORD_API_URL="http://127.0.0.1:$SIM_PORT/api/v10"
export ARRAKIS_TOPOLOGY_PREFIX="$RUN."
export ARRAKIS_REDIS_PREFIX="$RUN:"

SIM_PID="" WORKER_PID="" INGESTOR_PID=""
cleanup() {
  for pid in $INGESTOR_PID $WORKER_PID $SIM_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $INGESTOR_PID $WORKER_PID $SIM_PID; do
    wait "$pid" 2>/dev/null || true
  done
  echo "==> deleting topology ${ARRAKIS_TOPOLOGY_PREFIX}* and Redis keys ${ARRAKIS_REDIS_PREFIX}*"
  "$JAVA" -jar "$JAR" topology delete >"$LOGS/topology-delete.log" 2>&1 || echo "warning: topology delete failed, see $LOGS/topology-delete.log" >&2
  # Keys hold route templates with spaces ("rl:route:PUT /guilds/..."): split on newlines only.
  redis-cli --scan --pattern "${ARRAKIS_REDIS_PREFIX}*" | tr '\n' '\0' | xargs -0 -r redis-cli del >/dev/null || true
  echo "==> logs in $LOGS"
}
trap cleanup EXIT

# Waits until a line matching $2 appears in log $1, failing if process $3 dies or $4 seconds pass.
await_log() {
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "error: process $3 exited; last lines of $1:" >&2; tail -20 "$1" >&2; return 1; }
    sleep 0.1
  done
  echo "error: '$2' not seen in $1 within $4 s" >&2
  tail -20 "$1" >&2
  return 1
}

echo "==> simulator on port $SIM_PORT: $PROFILE profile ×$SCALE, mix $MIX, REST rate limits off (run $RUN)"
"$JAVA" -jar "$JAR" simulator --port "$SIM_PORT" --rate-limits off \
  --load "$PROFILE" --load-scale "$SCALE" --load-mix "$MIX" --load-grace PT10S --load-ready-timeout PT2M \
  --exit-after-load --load-output bench-results/pipeline-load.json >"$LOGS/simulator.log" 2>&1 &
SIM_PID=$!
await_log "$LOGS/simulator.log" "waiting for a bot session" "$SIM_PID" 60

# Joins go to the world's first guild (the simulator's default); the worker gives them its Member role.
JOIN_ROLE=$(curl -sf "http://127.0.0.1:$SIM_PORT/_sim/world" \
  | jq -r '.guilds[0].roles[] | select(.name == "Member") | .id')
[ -n "$JOIN_ROLE" ] || { echo "error: no Member role in guild 0 of /_sim/world" >&2; exit 1; }

echo "==> worker (join role $JOIN_ROLE)"
# The worker starts first so that no interaction waits in a queue for a consumer. Its metrics are
# off unless PIPELINE_LOAD_WORKER_OPS_PORT names a port (scripts/bench/pipeline-cpu.sh reads them).
WORKER_OPS_PORT="${PIPELINE_LOAD_WORKER_OPS_PORT:--1}"
# Word splitting of the flags is wanted: they are separate arguments.
# shellcheck disable=SC2086
ARRAKIS_OPS_PORT="$WORKER_OPS_PORT" "$JAVA" ${PIPELINE_LOAD_WORKER_JAVA_OPTS:-} -jar "$JAR" worker --join-role "$JOIN_ROLE" --ops-port "$WORKER_OPS_PORT" >"$LOGS/worker.log" 2>&1 &
WORKER_PID=$!
await_log "$LOGS/worker.log" "consuming" "$WORKER_PID" 60

echo "==> ingestor (ops port $INGESTOR_OPS_PORT)"
ARRAKIS_OPS_PORT="$INGESTOR_OPS_PORT" "$JAVA" -jar "$JAR" ingestor >"$LOGS/ingestor.log" 2>&1 &
INGESTOR_PID=$!

status=0
wait "$SIM_PID" || status=$?
SIM_PID=""
echo
sed -n '/^Load run:/,/^load: chart written/p' "$LOGS/simulator.log"
grep -q '^Load run:' "$LOGS/simulator.log" || { echo "error: no load report; last lines of the simulator log:" >&2; tail -20 "$LOGS/simulator.log" >&2; }
echo "==> simulator exited with $status"
exit "$status"
