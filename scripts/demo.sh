#!/usr/bin/env bash
# The README's main command. Installs the dependencies, brings up a lab cluster (3 managers and 3
# workers as background daemons on loopback, `covey lab up`), deploys a sample service with 6
# replicas and rolls an update, both with live progress, shows `service ps`, and says how to go on.
# Tasks run as Docker containers when the engine answers and the demo image can be made (Debian's
# static busybox), else as plain processes. The lab keeps running: `cli/bin/covey lab down` stops
# it. COVEY_DEMO_DIR: the lab directory (default ./.covey-lab); COVEY_DEMO_RUNTIME=process|docker
# forces a runtime. The last line is a JSON summary.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

covey=./cli/bin/covey
dir=${COVEY_DEMO_DIR:-.covey-lab}
image=${COVEY_TEST_IMAGE:-covey-test/busybox:1}
step() { printf '\n==> %s\n' "$*"; }
now() { date +%s%N; }
since() { local ms=$((($(now) - $1) / 1000000)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

if "$covey" lab status --dir "$dir" >/dev/null 2>&1; then
  step "taking down the lab of an earlier run ($dir)"
  "$covey" lab down --dir "$dir"
fi

runtime=${COVEY_DEMO_RUNTIME:-}
if [ -z "$runtime" ]; then
  runtime=process
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    if docker image inspect "$image" >/dev/null 2>&1 || bash scripts/ci/test-image.sh >/dev/null 2>&1; then
      runtime=docker
    else
      echo "Docker answers, but the demo image $image cannot be made (apt-get install busybox-static): tasks run as processes"
    fi
  fi
fi

step "covey lab up --runtime $runtime      (3 managers, 3 workers on loopback; data in $dir)"
t0=$(now)
env_lines=$("$covey" lab up --dir "$dir" --runtime "$runtime" -q)
lab_up_s=$(since "$t0")
eval "$env_lines"
export COVEY_HOST COVEY_CERT_DIR
echo "$env_lines"
"$covey" node ls

program=(sh -c 'trap "exit 0" TERM; while :; do echo "demo version $VERSION"; for s in 1 2 3 4 5; do sleep 1; done; done')
if [ "$runtime" = docker ]; then
  what=("$image" "${program[@]}")
else
  what=(--runtime process /bin/sh "${program[@]:1}")
fi
step "covey service create --name demo --replicas 6 --update-parallelism 2 -e VERSION=1 ..."
t0=$(now)
"$covey" service create --name demo --replicas 6 --update-parallelism 2 --update-delay 1s \
  --update-monitor 2s --stop-grace-period 3s -e VERSION=1 "${what[@]}"
create_s=$(since "$t0")

step "covey service update --env-add VERSION=2 demo      (a rolling update, two tasks at a time)"
t0=$(now)
"$covey" service update --env-add VERSION=2 demo
update_s=$(since "$t0")

step "covey service ps demo"
"$covey" service ps demo
step "covey service ls"
"$covey" service ls

cat <<EOF

The lab keeps running. To go on, in this shell:
$env_lines
  alias covey=$PWD/cli/bin/covey
  covey service logs -f demo          # every task's output, through any manager
  covey service scale demo=10         # more replicas, with progress
  covey service rollback demo         # back to VERSION=1
  covey events --since 10m            # what the cluster did
  covey lab status                    # the daemons; covey lab down stops them and their tasks
EOF
printf '{"runtime":"%s","lab_up_s":%s,"create_s":%s,"update_s":%s,"ok":true}\n' \
  "$runtime" "$lab_up_s" "$create_s" "$update_s"
