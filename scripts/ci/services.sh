#!/usr/bin/env bash
# Brings up what the Docker and NATS tests need on a fresh Debian machine (run as root): installs
# docker.io, nats-server and busybox-static when missing, starts dockerd and a JetStream nats-server
# on 127.0.0.1:4222 when nothing answers, and imports the busybox test image. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

wait_for() { # description, seconds, command...
  local what="$1" secs="$2"
  shift 2
  for _ in $(seq 1 $((secs * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$what did not come up within ${secs}s" >&2
  return 1
}

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd"
  nohup dockerd >/tmp/covey-ci-dockerd.log 2>&1 &
  wait_for "dockerd" 30 docker info || { tail -20 /tmp/covey-ci-dockerd.log >&2; exit 1; }
fi

if ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  echo "starting nats-server"
  mkdir -p /tmp/covey-ci-nats
  nohup nats-server -js -a 127.0.0.1 -p 4222 -sd /tmp/covey-ci-nats >/tmp/covey-ci-nats.log 2>&1 &
  wait_for "nats-server" 15 bash -c '(exec 3<>/dev/tcp/127.0.0.1/4222)' || {
    tail -20 /tmp/covey-ci-nats.log >&2
    exit 1
  }
fi

bash "$here/test-image.sh"
echo "docker $(docker version --format '{{.Server.Version}}'), $(nats-server --version)"
