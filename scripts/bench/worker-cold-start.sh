#!/usr/bin/env bash
# Cold start under load (issue 19): a worker JVM started while interactions arrive, seen from an
# independent simulator process; the ingestor and worker(s) are separate processes from the app jar.
# Usage: scripts/bench/worker-cold-start.sh single    one worker started as a constant /ping load begins
#                                                     (default 500/s for 30 s): window = its first 10 s
#        scripts/bench/worker-cold-start.sh rolling   two workers at 1,000/s for 45 s; at second 10 worker B
#                                                     gets SIGTERM and is started again: window = 10 s from its start
# Env: WORKER_JAVA_OPTS  JVM flags of the measured (cold) worker, e.g. "-XX:AOTCache=worker.aot";
#      COLD_START_RATE, COLD_START_SECONDS, COLD_START_RESTART_AT (rolling only, s into the run);
#      COLD_START_LABEL  suffix of the result files (default: the scenario).
# Results: the per-second table from the (re)start for 30 s and the 10-s window, printed; in bench-results/
#   worker-cold-start-LABEL.json (the simulator's report with its per-second timeline), .html (chart, the
#   restart marked) and -window.json (the 10 s after the start, merged). Logs in the directory it names.
# Needs RabbitMQ and Redis on their local ports (scripts/ensure-services.sh starts them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
JAVA="$JAVA_HOME/bin/java"
JAR=app/target/arrakis-gateway-proxy.jar
SCENARIO="${1:-single}"
case "$SCENARIO" in
  single) RATE="${COLD_START_RATE:-500}" SECONDS_TOTAL="${COLD_START_SECONDS:-30}" ;;
  rolling) RATE="${COLD_START_RATE:-1000}" SECONDS_TOTAL="${COLD_START_SECONDS:-45}" ;;
  *) echo "usage: $0 single|rolling" >&2; exit 2 ;;
esac
RESTART_AT="${COLD_START_RESTART_AT:-10}"
LABEL="${COLD_START_LABEL:-$SCENARIO}"
OUT="bench-results/worker-cold-start-$LABEL"

if [ ! -f "$JAR" ] || [ -n "$(find ./*/src -newer "$JAR" -type f -print -quit)" ]; then
  echo "==> building $JAR (tests skipped)"
  ./mvnw -q -B -ntp -DskipTests package -pl app -am
fi
scripts/ensure-services.sh

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
now_ms() { date +%s%3N; }

RUN="bench-$(random_hex 4)"
SIM_PORT=$(free_port)
LOGS=$(mktemp -d "/tmp/worker-cold-start-$RUN.XXXX")
mkdir -p bench-results
export DISCORD_TOKEN="$RUN-$(random_hex 16)"
export DISCORD_API_URL="http://127.0.0.1:$SIM_PORT/api/v10"
export ARRAKIS_TOPOLOGY_PREFIX="$RUN."
export ARRAKIS_REDIS_PREFIX="$RUN:"

SIM_PID="" INGESTOR_PID="" WORKER_A_PID="" WORKER_B_PID=""
cleanup() {
  for pid in $INGESTOR_PID $WORKER_A_PID $WORKER_B_PID $SIM_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $INGESTOR_PID $WORKER_A_PID $WORKER_B_PID $SIM_PID; do wait "$pid" 2>/dev/null || true; done
  "$JAVA" -jar "$JAR" topology delete >"$LOGS/topology-delete.log" 2>&1 || echo "warning: topology delete failed" >&2
  redis-cli --scan --pattern "${ARRAKIS_REDIS_PREFIX}*" | tr '\n' '\0' | xargs -0 -r redis-cli del >/dev/null || true
  echo "==> logs in $LOGS"
}
trap cleanup EXIT

await_log() {
  local i
  for ((i = 0; i < $4 * 20; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "error: process $3 exited; last lines of $1:" >&2; tail -20 "$1" >&2; return 1; }
    sleep 0.05
  done
  echo "error: '$2' not seen in $1 within $4 s" >&2; tail -20 "$1" >&2; return 1
}

# The measured worker gets WORKER_JAVA_OPTS; the warm one (rolling) the JVM's defaults.
start_worker() { # name opts log
  # shellcheck disable=SC2086
  ARRAKIS_OPS_PORT=-1 ARRAKIS_WORKER_ID="$1" "$JAVA" $2 -jar "$JAR" worker --ops-port -1 >"$LOGS/$3.log" 2>&1 &
}

start_ingestor() {
  ARRAKIS_OPS_PORT="$(free_port)" "$JAVA" -jar "$JAR" ingestor >"$LOGS/ingestor.log" 2>&1 &
  INGESTOR_PID=$!
}

echo "==> simulator on port $SIM_PORT: constant $RATE/s for $SECONDS_TOTAL s, /ping only (run $RUN, scenario $SCENARIO)"
"$JAVA" -jar "$JAR" simulator --port "$SIM_PORT" --rate-limits off --load "constant:$RATE:$SECONDS_TOTAL" \
  --load-mix ping=100 --load-grace PT10S --load-ready-timeout PT2M --exit-after-load \
  --load-output "$OUT.json" >"$LOGS/simulator.log" 2>&1 &
SIM_PID=$!
await_log "$LOGS/simulator.log" "waiting for a bot session" "$SIM_PID" 60

MARKS=()
if [ "$SCENARIO" = single ]; then
  START_MS=$(now_ms)
  start_worker a "${WORKER_JAVA_OPTS:-}" worker-a; WORKER_A_PID=$!
  await_log "$LOGS/worker-a.log" "consuming" "$WORKER_A_PID" 60
  CONSUMING_MS=$(now_ms)
  # The load begins once the ingestor's session is up: the worker's first message comes with it.
  start_ingestor
  await_log "$LOGS/simulator.log" "bot connected" "$INGESTOR_PID" 60
  FROM_MS=$(now_ms)
  MARKS+=(--mark "worker a cold, load starts@$FROM_MS")
  echo "==> worker a: started → consuming $((CONSUMING_MS - START_MS)) ms; load started"
else
  start_worker a "" worker-a; WORKER_A_PID=$!
  start_worker b "${WORKER_JAVA_OPTS:-}" worker-b; WORKER_B_PID=$!
  await_log "$LOGS/worker-a.log" "consuming" "$WORKER_A_PID" 60
  await_log "$LOGS/worker-b.log" "consuming" "$WORKER_B_PID" 60
  start_ingestor
  await_log "$LOGS/simulator.log" "bot connected" "$INGESTOR_PID" 60
  LOAD_MS=$(now_ms)
  sleep "$RESTART_AT"   # a point in the run, not synchronisation: the restart happens under load
  TERM_MS=$(now_ms)
  kill -TERM "$WORKER_B_PID"; wait "$WORKER_B_PID" || true
  FROM_MS=$(now_ms)
  start_worker b "${WORKER_JAVA_OPTS:-}" worker-b-restarted; WORKER_B_PID=$!
  await_log "$LOGS/worker-b-restarted.log" "consuming" "$WORKER_B_PID" 60
  CONSUMING_MS=$(now_ms)
  MARKS+=(--mark "B SIGTERM@$TERM_MS" --mark "B started@$FROM_MS" --mark "B consuming@$CONSUMING_MS")
  echo "==> worker b: SIGTERM at +$((TERM_MS - LOAD_MS)) ms, exited after $((FROM_MS - TERM_MS)) ms, started again → consuming $((CONSUMING_MS - FROM_MS)) ms"
fi

status=0
wait "$SIM_PID" || status=$?
SIM_PID=""
sed -n '/^Load run:/,/^Deferred/p' "$LOGS/simulator.log"
[ -f "$OUT.json" ] || { echo "error: no report; last lines of the simulator log:" >&2; tail -20 "$LOGS/simulator.log" >&2; exit 1; }
"$JAVA" -cp "$JAR" community.arrakis.gatewayproxy.simulator.load.LoadChartTool "$OUT.json" \
  --title "Worker cold start ($SCENARIO, $RATE/s, worker flags: ${WORKER_JAVA_OPTS:-none}; load average $(cut -d' ' -f1-3 /proc/loadavg))" \
  "${MARKS[@]}" --from "$FROM_MS" --window 10 --table 30 --summary "$OUT-window.json"
echo "==> report $OUT.json, window $OUT-window.json; simulator exited with $status; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
