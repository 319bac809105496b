#!/usr/bin/env bash
# The README's main command: installs the dependencies, then runs a local covey cluster of real
# processes (3 managers, 2 workers), deploys and scales a sample service and kills the leader
# (scripts/demo-cluster.ts). The last line is a JSON summary.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
exec node --import tsx scripts/demo-cluster.ts
