#!/usr/bin/env bash
# Slurm for real, in CI: install Debian's slurm-wlm and munge, start a single-node cluster
# (munged, slurmctld and slurmd on localhost), run a small sweep (8 points, 4 chunks) through Slurm and through the local
# executor, and check that the two tables are identical, byte for byte. Then resubmit after
# removing a chunk: only that chunk runs, and the table is the same again. Every daemon this
# script starts is stopped by its PID, on success and on failure (trap).
#
# Runs as root on Debian 12 without systemd. Usage: .ci/slurm.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

say() { echo "== slurm.sh: $*"; }

if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

D=$(mktemp -d /tmp/synlab-slurm-ci.XXXXXX)
chmod 755 "$D"
mkdir -p "$D/state" "$D/spool"
MUNGE_STARTED=""   # the PID of munged if this script started it

# stop_pid PID NAME: SIGTERM, wait up to 15 s, then SIGKILL; only that PID.
stop_pid() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || { echo "stopped $name (pid $pid)"; return 0; }; sleep 0.1; done
  echo "$name (pid $pid) did not stop on SIGTERM; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  say "stopping the daemons this script started"
  [ -s "$D/d.pid" ] && stop_pid "$(cat "$D/d.pid")" slurmd
  [ -s "$D/ctld.pid" ] && stop_pid "$(cat "$D/ctld.pid")" slurmctld
  [ -n "$MUNGE_STARTED" ] && stop_pid "$MUNGE_STARTED" munged
  if [ "$rc" -ne 0 ]; then
    say "FAILED (exit $rc); logs follow"
    for f in "$D"/slurmctld.log "$D"/slurmd.log "$D"/ctld.out "$D"/d.out "$D"/slurm-sweep/slurm/logs/*; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 40 "$f"; }
    done
  fi
  rm -rf "$D"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

H=$(hostname -s)
cat > "$D/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=$H
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"

say "starting munged, slurmctld, slurmd"
install -d -o munge -g munge -m 0755 /run/munge
if [ -s /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; then
  echo "munged already runs (pid $(cat /run/munge/munged.pid)); using it, and leaving it running"
else
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  MUNGE_STARTED=$(cat /run/munge/munged.pid)
  echo "munged pid $MUNGE_STARTED"
fi
/usr/sbin/slurmctld -D -c -f "$SLURM_CONF" >"$D/ctld.out" 2>&1 & echo $! >"$D/ctld.pid"
/usr/sbin/slurmd -D -c -f "$SLURM_CONF" >"$D/d.out" 2>&1 & echo $! >"$D/d.pid"
echo "slurmctld pid $(cat "$D/ctld.pid"), slurmd pid $(cat "$D/d.pid")"
state=""
for _ in $(seq 120); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { echo "the node did not become idle (state: '$state')"; exit 1; }
sinfo

say "building synlab"
go build -o "$D/synlab" ./cmd/synlab
S="$D/synlab"

# 8 points (4 dt values x 2 replicates, each with its own seed), 4 chunks of 2, on the
# stochastic Graupner-Brunel tier (50 noisy synapses): the seeds matter, so identical
# tables mean each point got the same seed on both executors.
cat > "$D/ci-sweep.yaml" <<'YAML'
name: CI sweep, Slurm against local
base: stdp-gb
set: [model.synapses=50]
seed: 42
replicates: 2
chunk: 2
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-30, 30, 4]}
YAML
"$S" sweep plan "$D/ci-sweep.yaml" -o "$D/slurm-sweep"
"$S" sweep plan "$D/ci-sweep.yaml" -o "$D/local-sweep"

say "local executor"
"$S" sweep run "$D/local-sweep" --workers 2 --quiet

say "Slurm executor: a 4-task array (at most 2 at once) and a dependent collect job"
"$S" sweep submit "$D/slurm-sweep" --executor slurm --throttle 2 --wait -- --partition=ci
ls "$D/slurm-sweep/slurm/logs"
ls "$D"/slurm-sweep/slurm/logs/collect.*.log >/dev/null   # the collect job ran
test "$(ls "$D"/slurm-sweep/slurm/logs/chunk-*.log | wc -l)" -eq 4

say "comparing the tables"
cmp "$D/local-sweep/results.csv" "$D/slurm-sweep/results.csv"
cmp "$D/local-sweep/results.parquet" "$D/slurm-sweep/results.parquet"
test "$(wc -l <"$D/slurm-sweep/results.csv")" -eq 9
head -3 "$D/slurm-sweep/results.csv"

say "resubmitting after losing chunk 2 (and its table): only chunk 2 runs"
rm "$D/slurm-sweep/parts/chunk-00002.csv" "$D/slurm-sweep/results.csv" "$D/slurm-sweep/results.parquet"
touch "$D/slurm-sweep/parts/.chunk-00002.csv.tmp-killed"   # as a task killed while writing leaves
out=$("$S" sweep submit "$D/slurm-sweep" --executor slurm --wait -- --partition=ci)
echo "$out"
echo "$out" | grep -q -- "--array=2)" || { echo "the resubmission was not an array of chunk 2 alone"; exit 1; }
test ! -e "$D/slurm-sweep/parts/.chunk-00002.csv.tmp-killed"
cmp "$D/local-sweep/results.csv" "$D/slurm-sweep/results.csv"
cmp "$D/local-sweep/results.parquet" "$D/slurm-sweep/results.parquet"
out=$("$S" sweep submit "$D/slurm-sweep" --executor slurm -- --partition=ci)
echo "$out" | grep -q "nothing to submit" || { echo "a complete sweep was submitted again: $out"; exit 1; }

say "SIGKILL of a running Slurm task, then resubmission: nothing lost, nothing duplicated"
# 40 points of 20000 noisy synapses (about 0.5-1 s each) in 2 chunks: tasks of 10-20 s, long
# enough to be killed while running (with 2000 synapses a task could end before scancel).
cat > "$D/kill-sweep.yaml" <<'YAML'
name: CI sweep, a task killed
base: stdp-gb
set: [model.synapses=20000]
seed: 9
replicates: 2
chunk: 20
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-50, 50, 20]}
YAML
"$S" sweep plan "$D/kill-sweep.yaml" -o "$D/kill-slurm" >/dev/null
"$S" sweep plan "$D/kill-sweep.yaml" -o "$D/kill-local" >/dev/null
"$S" sweep run "$D/kill-local" --workers 2 --quiet
out=$("$S" sweep submit "$D/kill-slurm" --executor slurm -- --partition=ci)
echo "$out"
jid=$(echo "$out" | sed -n 's/.*array job \([0-9]*\) .*/\1/p')
cjid=$(echo "$out" | sed -n 's/.*collect job \([0-9]*\)\..*/\1/p')
[ -n "$jid" ] && [ -n "$cjid" ] || { echo "no job ids in: $out"; exit 1; }
running=""
for _ in $(seq 100); do
  running=$(squeue -h -j "$jid" -t R -o %i | grep -x "${jid}_0" || true)
  [ -n "$running" ] && break
  sleep 0.1
done
[ -n "$running" ] || { echo "task ${jid}_0 never ran"; exit 1; }
sleep 1
scancel --full --signal=KILL "${jid}_0"
for _ in $(seq 300); do [ -z "$(squeue -h -j "$jid,$cjid" -o %i)" ] && break; sleep 0.2; done
"$S" sweep status "$D/kill-slurm"
test ! -e "$D/kill-slurm/parts/chunk-00000.csv"   # the killed chunk is missing, not half-written
test -e "$D/kill-slurm/parts/chunk-00001.csv"
out=$("$S" sweep submit "$D/kill-slurm" --executor slurm --wait -- --partition=ci)
echo "$out"
echo "$out" | grep -q -- "--array=0)" || { echo "the resubmission was not chunk 0 alone"; exit 1; }
cmp "$D/kill-local/results.csv" "$D/kill-slurm/results.csv"
cmp "$D/kill-local/results.parquet" "$D/kill-slurm/results.parquet"
test "$(cut -d, -f1 "$D/kill-slurm/results.csv" | sort | uniq -d | wc -l)" -eq 0   # no point twice

say "fit through Slurm: each generation one job array (2 generations, 1 polish step)"
cat > "$D/frf.yaml" <<'YAML'
name: short frequency-response
model: {tier: shouval, set: rate}
protocol:
  test: "30 s"
  test_probe: true
  baseline: "1 min"
  train: {rate: "10 Hz", pulses: 100}
  follow: "1 min"
YAML
printf 'protocol.train.rate_Hz,change_pct,err_pct\n3,-30,2\n8,100,5\n20,140,5\n' > "$D/frf.csv"
out=$("$S" fit "$D/frf.yaml" --data "$D/frf.csv" --free model.override.alpha2=0.5:0.6uM --max-gen 2 --population 4 --polish 1 \
    --executor slurm --out "$D/fit" --quiet -- --partition=ci 2>&1) || { echo "$out"; exit 1; }
echo "$out"
test -s "$D/fit/fitted.yaml"
ls "$D/fit.batches"

say "passed: Slurm and local tables are identical"
