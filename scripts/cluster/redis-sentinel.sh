#!/usr/bin/env bash
# A Redis master, a replica and three sentinels of your own on this machine, for trying a
# redis-sentinel:// REDIS_URL by hand. Never touches the machine's Redis (6379).
#
#   scripts/cluster/redis-sentinel.sh start [dir=/tmp/arrakis-sentinel]  prints the REDIS_URL to use
#   scripts/cluster/redis-sentinel.sh kill-master [dir]                  SIGKILL to the current master
#   scripts/cluster/redis-sentinel.sh status [dir]                       the master the sentinels name
#   scripts/cluster/redis-sentinel.sh stop [dir]                         stops everything, removes dir
#
# Free ports, files under dir; the sentinels take the master for down after 1 s (quorum 2) and
# promote the replica (test-kit's PrivateRedisSentinel does the same for the tests). A killed master
# started again by hand (redis-server dir/node-N.conf) is made a replica by the sentinels.
set -euo pipefail
action="${1:-}"; dir="${2:-/tmp/arrakis-sentinel}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sentinel_port() { sed -n 1p "$dir/sentinel-ports"; }
master_port() { redis-cli -p "$(sentinel_port)" SENTINEL get-master-addr-by-name arrakis | sed -n 2p; }
case "$action" in
  start)
    [ -e "$dir" ] && { echo "$dir exists: stop it first (scripts/cluster/redis-sentinel.sh stop $dir)" >&2; exit 1; }
    mkdir -p "$dir"; m=$(free_port); r=$(free_port)
    printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\ndbfilename node-0.rdb\nlogfile %s/node-0.log\ndaemonize yes\npidfile %s/node-0.pid\n' "$m" "$dir" "$dir" "$dir" >"$dir/node-0.conf"
    printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\ndbfilename node-1.rdb\nlogfile %s/node-1.log\ndaemonize yes\npidfile %s/node-1.pid\nreplicaof 127.0.0.1 %s\n' "$r" "$dir" "$dir" "$dir" "$m" >"$dir/node-1.conf"
    redis-server "$dir/node-0.conf"; redis-server "$dir/node-1.conf"
    : >"$dir/sentinel-ports"
    for i in 0 1 2; do
      p=$(free_port); echo "$p" >>"$dir/sentinel-ports"
      printf 'port %s\nbind 127.0.0.1\ndir %s\nlogfile %s/sentinel-%s.log\ndaemonize yes\npidfile %s/sentinel-%s.pid\nsentinel monitor arrakis 127.0.0.1 %s 2\nsentinel down-after-milliseconds arrakis 1000\nsentinel failover-timeout arrakis 10000\n' \
        "$p" "$dir" "$dir" "$i" "$dir" "$i" "$m" >"$dir/sentinel-$i.conf"
      redis-server "$dir/sentinel-$i.conf" --sentinel
    done
    sleep 2 # a moment for the sentinels to discover each other: a manual script, not a test
    echo "master 127.0.0.1:$m, replica 127.0.0.1:$r, sentinels $(paste -sd, "$dir/sentinel-ports")"
    echo "REDIS_URL=redis-sentinel://$(sed 's/^/127.0.0.1:/' "$dir/sentinel-ports" | paste -sd,)#arrakis";;
  kill-master)
    port=$(master_port); for f in "$dir"/node-*.conf; do grep -q "^port $port$" "$f" && kill -9 "$(cat "${f%.conf}.pid")"; done
    echo "killed the master on $port; the sentinels promote the replica after ~1 s (status shows it)";;
  status) echo "master: 127.0.0.1:$(master_port)"; redis-cli -p "$(master_port)" ROLE | head -1 || true;;
  stop)
    for f in "$dir"/*.pid; do [ -e "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
    rm -rf "$dir"; echo "stopped and removed $dir";;
  *) sed -n '2,13p' "$0"; exit 2;;
esac
