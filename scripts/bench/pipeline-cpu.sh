#!/usr/bin/env bash
# CPU per event of each part of the pipeline, each in its own process: runs
# scripts/bench/pipeline-load.sh at a constant rate and reads, over a window of steady load, the CPU
# time of the simulator, the ingestor, the worker, RabbitMQ and Redis from /proc/<pid>/stat, and
# divides it by the events the worker processed in that window (its arrakis_worker_events_processed
# counter), so a machine too busy to keep up still gives a cost per event, not per event offered.
# Also prints the ingestor's and the worker's resident memory. docs/sizing.md is derived from it.
# Usage: scripts/bench/pipeline-cpu.sh [rate=500] [warm-up seconds=40] [window seconds=30]
#        PIPELINE_LOAD_MIX=update=100 scripts/bench/pipeline-cpu.sh   (member updates: no handler)
#        PIPELINE_LOAD_WORKER_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC ..." scripts/bench/pipeline-cpu.sh 1000
#            (the worker with the README's recommended flags; default: the JVM's defaults)
# RabbitMQ and Redis are the machine's shared ones: whatever else uses them during the window is
# counted too, so run it on a quiet machine (the load average is printed) or read those two as bounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE="${1:-500}"
WARMUP="${2:-40}"
WINDOW="${3:-30}"
MIX="${PIPELINE_LOAD_MIX:-ping=100}"
SECONDS_TOTAL=$((WARMUP + WINDOW + 10))
TICKS=$(getconf CLK_TCK)
WORKER_OPS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cpu_ticks() { # pid -> utime + stime of every thread, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
jit_ticks() { # pid -> CPU time of its JIT compiler threads, in clock ticks
  local task sum=0
  for task in /proc/"$1"/task/*; do
    if grep -q '^C[12] CompilerThre' "$task/comm" 2>/dev/null; then
      sum=$((sum + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0)))
    fi
  done
  echo "$sum"
}
rss_mb() { # pid -> resident set size in MB
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}
switches() { # pid -> voluntary + involuntary context switches of every thread
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { printf "%d", s }'
}
processed() { # [outcome] -> events the worker has processed, of every outcome or of the one named
  curl -sf "http://127.0.0.1:$WORKER_OPS_PORT/metrics" \
    | awk -v want="${1:-}" '/^arrakis_worker_events_processed_total\{/ \
        && (want == "" || index($0, "outcome=\"" want "\"")) { sum += $NF } END { printf "%d", sum }'
}
# The child of the load script whose command line holds " <mode> ".
child_pid() { # script-pid mode
  local pid
  for pid in $(pgrep -P "$1" java || true); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "arrakis-gateway-proxy.jar $2 "; then
      echo "$pid"
      return
    fi
  done
}

OUT=$(mktemp "/tmp/pipeline-cpu.XXXX")
echo "==> pipeline-load.sh at $RATE events/s ($MIX) for $SECONDS_TOTAL s; output in $OUT"
PIPELINE_LOAD_MIX="$MIX" PIPELINE_LOAD_PROFILE="constant:$RATE:$SECONDS_TOTAL" \
  PIPELINE_LOAD_WORKER_OPS_PORT="$WORKER_OPS_PORT" scripts/bench/pipeline-load.sh 1 >"$OUT" 2>&1 &
LOAD_PID=$!

SIM="" INGESTOR="" WORKER=""
for ((i = 0; i < 1200; i++)); do
  SIM=${SIM:-$(child_pid "$LOAD_PID" simulator)}
  INGESTOR=${INGESTOR:-$(child_pid "$LOAD_PID" ingestor)}
  WORKER=${WORKER:-$(child_pid "$LOAD_PID" worker)}
  if [ -n "$SIM" ] && [ -n "$INGESTOR" ] && [ -n "$WORKER" ] \
      && grep -q "load: bot connected" "$(readlink "/proc/$SIM/fd/1")" 2>/dev/null; then
    break
  fi
  kill -0 "$LOAD_PID" 2>/dev/null || { echo "error: the load run ended early:" >&2; tail -20 "$OUT" >&2; exit 1; }
  sleep 0.5
done
[ -n "$SIM" ] && [ -n "$INGESTOR" ] && [ -n "$WORKER" ] || { echo "error: processes not found" >&2; exit 1; }
RABBIT=$(pgrep -o beam.smp || true)
REDIS=$(pgrep -o redis-server || true)
echo "==> load running; warm-up $WARMUP s, then $WINDOW s measured (simulator $SIM, ingestor $INGESTOR, worker $WORKER, RabbitMQ $RABBIT, Redis $REDIS)"
sleep "$WARMUP"
declare -A START END
for part in SIM INGESTOR WORKER RABBIT REDIS; do START[$part]=$(cpu_ticks "${!part}"); done
SWITCHES_START=$(switches "$WORKER")
WORKER_JIT_START=$(jit_ticks "$WORKER")
PROCESSED_START=$(processed)
EXPIRED_START=$(processed expired)
sleep "$WINDOW"
for part in SIM INGESTOR WORKER RABBIT REDIS; do END[$part]=$(cpu_ticks "${!part}"); done
SWITCHES_END=$(switches "$WORKER")
WORKER_JIT_END=$(jit_ticks "$WORKER")
PROCESSED_END=$(processed)
EXPIRED_END=$(processed expired)
INGESTOR_RSS=$(rss_mb "$INGESTOR")
WORKER_RSS=$(rss_mb "$WORKER")
LOAD_AVERAGE=$(cut -d' ' -f1-3 /proc/loadavg)
EVENTS=$((PROCESSED_END - PROCESSED_START))
EXPIRED=$((EXPIRED_END - EXPIRED_START))
wait "$LOAD_PID" || echo "warning: the load run reported losses or errors (below)"

echo
sed -n '/^Load run:/,/^load: report written/p' "$OUT"
echo
echo "window: $WINDOW s, $EVENTS events processed by the worker ($((EVENTS / WINDOW))/s of $RATE/s offered)"
[ "$EVENTS" -gt 0 ] || { echo "error: the worker processed nothing in the window" >&2; exit 1; }
# An expired interaction is acknowledged without its REST answer: far cheaper than one handled.
if [ $((EXPIRED * 20)) -gt "$EVENTS" ]; then
  echo "warning: $EXPIRED of them expired (reached the worker after their 3 s): the machine could not keep" \
    "up, and these figures understate the cost of an answered interaction; rerun at a lower rate"
fi
printf '%-10s %12s %16s\n' "process" "% of a core" "µs CPU / event"
for part in SIM INGESTOR WORKER RABBIT REDIS; do
  ticks=$((END[$part] - START[$part]))
  awk -v t="$ticks" -v hz="$TICKS" -v w="$WINDOW" -v n="$EVENTS" -v name="$part" \
    'BEGIN { s = t / hz; printf "%-10s %11.1f%% %16.0f\n", name, 100 * s / w, 1e6 * s / n }'
done
# A loaded machine (or a short warm-up) leaves the JIT compiling into the window: its share is
# not a cost per event, so the worker is also given without its compiler threads.
awk -v t="$((END[WORKER] - START[WORKER] - (WORKER_JIT_END - WORKER_JIT_START)))" -v hz="$TICKS" -v w="$WINDOW" \
  -v n="$EVENTS" 'BEGIN { s = t / hz; printf "%-10s %11.1f%% %16.0f   (the worker without its JIT compiler threads)\n", "W-noJIT", 100 * s / w, 1e6 * s / n }'
echo "resident memory at the window's end: ingestor $INGESTOR_RSS MB, worker $WORKER_RSS MB" \
  "(worker flags: ${PIPELINE_LOAD_WORKER_JAVA_OPTS:-JVM defaults}; ingestor: JVM defaults)"
echo "worker thread switches per event in the window: $(awk -v s="$SWITCHES_START" -v e="$SWITCHES_END" -v n="$EVENTS" \
  'BEGIN { printf "%.1f", (e - s) / n }')"
echo "load average at the window's end: $LOAD_AVERAGE (2 cores; above ~2 the parts wait for CPU)"
