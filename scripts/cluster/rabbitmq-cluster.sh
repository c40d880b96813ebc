#!/usr/bin/env bash
# A 3-node RabbitMQ cluster of your own on this machine, for trying --queue-type quorum and a
# comma-separated RABBITMQ_URL by hand. Never touches the machine's node (rabbit@localhost, 5672).
#
#   scripts/cluster/rabbitmq-cluster.sh start [dir=/tmp/arrakis-cluster]   prints the RABBITMQ_URL to use
#   scripts/cluster/rabbitmq-cluster.sh stop-node a|b|c [dir]               rabbitmqctl stop of one node
#   scripts/cluster/rabbitmq-cluster.sh start-node a|b|c [dir]              starts it again on its data
#   scripts/cluster/rabbitmq-cluster.sh status [dir]                        cluster_status, queue leaders
#   scripts/cluster/rabbitmq-cluster.sh stop [dir]                          stops every node, removes dir
#
# Each node (arrakis-a@localhost, -b, -c) has its own AMQP and distribution ports (free ones, kept in
# dir/ports), its own base, database and log directories under dir/<node>, no plugins, and the
# cluster's own Erlang cookie (dir/.erlang.cookie, given as HOME to the nodes and to rabbitmqctl). As
# test-kit's PrivateRabbit: the package's own /usr/lib/rabbitmq/bin scripts, run as you.
set -euo pipefail
SBIN="${ARRAKIS_RABBITMQ_SBIN:-/usr/lib/rabbitmq/bin}"
action="${1:-}"; shift || true
case "$action" in stop-node|start-node) which="${1:?node a, b or c}"; shift;; esac
dir="${1:-/tmp/arrakis-cluster}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node_env() { # node letter -> environment for rabbitmq-server and rabbitmqctl
  local n="$1" base="$dir/$1"
  local amqp dist; amqp=$(grep "^$n " "$dir/ports" | cut -d' ' -f2); dist=$(grep "^$n " "$dir/ports" | cut -d' ' -f3)
  echo env -u RABBITMQ_NODENAME HOME="$dir" RABBITMQ_NODENAME="arrakis-$n@localhost" RABBITMQ_DIST_PORT="$dist" \
    RABBITMQ_NODE_PORT="$amqp" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_BASE="$base" RABBITMQ_MNESIA_BASE="$base/mnesia" \
    RABBITMQ_LOG_BASE="$base/log" RABBITMQ_LOGS="$base/log/node.log" RABBITMQ_PID_FILE="$base/node.pid" \
    RABBITMQ_PLUGINS_EXPAND_DIR="$base/plugins-expand" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="'-kernel inet_dist_use_interface {127,0,0,1}'"
}
ctl() { local n="$1"; shift; eval "$(node_env "$n")" "$SBIN/rabbitmqctl" -n "arrakis-$n@localhost" "$@"; }
start_node() {
  local n="$1"
  eval "$(node_env "$n")" nohup "$SBIN/rabbitmq-server" >>"$dir/$n/stdout.log" 2>&1 &
  ctl "$n" wait "$dir/$n/node.pid" --timeout 60 >/dev/null
}
case "$action" in
  start)
    [ -e "$dir" ] && { echo "$dir exists: stop that cluster first (scripts/cluster/rabbitmq-cluster.sh stop $dir)" >&2; exit 1; }
    mkdir -p "$dir"; : >"$dir/ports"
    python3 -c 'import secrets; print(secrets.token_hex(20).upper(), end="")' >"$dir/.erlang.cookie"; chmod 400 "$dir/.erlang.cookie"
    for n in a b c; do
      mkdir -p "$dir/$n/log"; echo "[]." >"$dir/$n/enabled_plugins"; : >"$dir/$n/rabbitmq-env.conf"
      amqp=$(free_port); dist=$(free_port); echo "$n $amqp $dist" >>"$dir/ports"
      printf 'listeners.tcp.local = 127.0.0.1:%s\nlog.console = false\n' "$amqp" >"$dir/$n/rabbitmq.conf"
    done
    for n in a b c; do start_node "$n" & done; wait
    for n in b c; do ctl "$n" stop_app >/dev/null; ctl "$n" join_cluster arrakis-a@localhost >/dev/null; ctl "$n" start_app >/dev/null; done
    url=$(awk '{printf "%samqp://guest:guest@127.0.0.1:%s", (NR>1?",":""), $2}' "$dir/ports")
    echo "3-node cluster running in $dir"
    echo "RABBITMQ_URL=$url"
    echo "ARRAKIS_QUEUE_TYPE=quorum";;
  stop-node) ctl "$which" stop;;
  start-node) start_node "$which"; echo "arrakis-$which@localhost running";;
  status) ctl a cluster_status 2>/dev/null || ctl b cluster_status 2>/dev/null || ctl c cluster_status
          for n in a b c; do ctl "$n" list_queues name type leader members 2>/dev/null && break; done;;
  stop)
    for n in a b c; do ctl "$n" stop >/dev/null 2>&1 || true; done
    rm -rf "$dir"; echo "stopped and removed $dir";;
  *) sed -n '2,17p' "$0"; exit 2;;
esac
