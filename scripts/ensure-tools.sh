#!/usr/bin/env bash
# Makes sure the distribution's tools that some tests drive are on the machine: Prometheus and
# promtool (alert rules and the monitoring integration test), Chromium (the status page test) and
# docker-compose (parsing deploy/compose.yaml). Installed with apt-get when running as root on
# Debian/Ubuntu; otherwise stops with a message that names the missing package.
set -euo pipefail

apt_updated=
install_package() { # package
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing $1 with apt-get"
    if [ -z "$apt_updated" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null
    return 0
  fi
  return 1
}

ensure_tool() { # command package why
  if command -v "$1" >/dev/null; then return; fi
  if ! install_package "$2" || ! command -v "$1" >/dev/null; then
    echo "error: '$1' is not installed; it is needed for $3." >&2
    echo "       Install the '$2' package (Debian/Ubuntu: sudo apt-get install $2) and run this again." >&2
    exit 1
  fi
}

ensure_tool promtool prometheus "the alert rules tests and the monitoring integration test"
ensure_tool prometheus prometheus "the monitoring integration test"
ensure_tool chromium chromium "the status page test"
ensure_tool docker-compose docker-compose "checking deploy/compose.yaml"
echo "==> tools present: promtool, prometheus, chromium, docker-compose"
