#!/usr/bin/env bash
# The README's main command. Until the cluster daemons exist (manager/agent/CLI issues) it installs
# the dependencies and runs the Raft library's main job: a verbose deterministic simulation of
# 3- and 5-member clusters under faults, then a short benchmark over real gRPC and disk.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
npm run --silent sim -- --seeds 20
COVEY_BENCH_QUICK=1 npm run --silent bench:raft
