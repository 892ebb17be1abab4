#!/usr/bin/env bash
# synlab's performance table (README "Performance"), in one command, with the
# peers run side by side in the same invocation, one process at a time:
#
#   A. the Graupner–Brunel DP STDP curve, synlab vs Brian2 cpp_standalone;
#   B. the Poisson GB population at N = 1e4 (POP_NS), synlab vs Brian2 (Cython);
#   C. the GB population at N = 1e6: wall and CPU time, max RSS, CPU ns per calcium event;
#   D. the biophysical spine (package spine) vs NEURON CVODE at equal accuracy,
#      900 pulses at 1 Hz and 100 pulses at 100 Hz (bench/neuron);
#   E. the mechanistic-spine tier, 90 min LFS (one spine with its cascade);
#   F. the default CA1 population tier, `synlab run lfs`: wall and CPU time, N model
#      synapses, CPU per synapse and its ratio to E.
#
#   bash bench/run.sh                        # everything (Brian2's curve alone ≈ 8–15 min)
#   SKIP_CURVE=1 bash bench/run.sh           # no STDP curve (A)
#   POP_NS="10000 100000" bash bench/run.sh  # population sizes for B (default 10000)
#   SKIP_BRIAN2=1 bash bench/run.sh          # synlab's side of A and B only (≈ 2 min in all)
#   SKIP_1E6=1 / SKIP_NEURON=1 / SKIP_TIERS=1 bash bench/run.sh   # leave out C / D / E and F
#   LFS_ROUNDS=3 HFS_ROUNDS=7 HFS_REPEAT=10  # D: timing rounds (defaults shown)
#   OUT=/tmp/x bash bench/run.sh             # output folder (default /tmp/synlab-bench-DATE)
#
# Writes $OUT/perf.md (the table, the machine and the load averages, in
# markdown) and prints it; every log and CSV stays in $OUT. Needs the Go
# toolchain and /usr/bin/time; Brian2 (Debian python3-brian) for A and B,
# NEURON (Debian python3-neuron, neuron-dev) for D. A part whose peer is
# missing is run for synlab alone and says so. The machine may be shared:
# each row carries the 1-minute load average before and after it, and
# ratios are taken between runs of the same invocation. The reference files
# in bench/ref and bench/neuron/ref are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=/usr/bin/python3
OUT=${OUT:-/tmp/synlab-bench-$(date +%Y%m%d-%H%M%S)}
POP_NS=${POP_NS:-10000}
NPROC=$(nproc)
mkdir -p "$OUT"
echo "output: $OUT"

load() { cut -d' ' -f1 /proc/loadavg; }
quiet() { grep -v -i -e warning -e hasattr -e getattr -e DISPLAY -e 'graphics will' || true; }
# field NAME LOG: value of NAME=... on the last line of LOG that has it
field() { grep -o "$1=[^ ]*" "$2" | tail -1 | cut -d= -f2; }
# timed LOG CMD...: run CMD, its output into LOG, then "CPU user_s=… sys_s=… elapsed_s=… rss_kb=…"
timed() {
  local log=$1; shift
  /usr/bin/time -f "CPU user_s=%U sys_s=%S elapsed_s=%e rss_kb=%M" -o "$log.time" "$@" > "$log" 2>&1 || { cat "$log" >&2; return 1; }
  cat "$log.time" >> "$log"
}
cpu() { awk '/^CPU/ { for (i = 2; i <= 3; i++) { split($i, a, "="); t += a[2] } } END { printf "%.2f", t }' "$1"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }

echo "== building"
go build -o "$OUT/gbbench" ./bench/gbbench
go build -o "$OUT/synlab" ./cmd/synlab
go build -o "$OUT/synlabtrace" ./bench/neuron/synlabtrace
go test -c -o "$OUT/mech.test" ./tier/mech

B2=""
if [ -z "${SKIP_BRIAN2:-}" ] && B2=$($PY -c 'import brian2; print(brian2.__version__)' 2>/dev/null); then :; else B2=""; fi
NRN=""
if [ -z "${SKIP_NEURON:-}" ] && NRN=$($PY -c 'from neuron import h; print(h.nrnversion(0))' 2>/dev/null | tail -1); then :; else NRN=""; fi
{
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $NPROC CPUs ($(uname -sr)); $(go version | cut -d' ' -f3)"
  echo "${B2:+Brian2 $B2; }${NRN:+NEURON $NRN; }$(date -u +%Y-%m-%dT%H:%MZ); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"

# --- A. DP STDP curve -------------------------------------------------------
if [ -z "${SKIP_CURVE:-}" ]; then
  l0=$(load)
  if [ -n "$B2" ]; then
    echo "== A. curve: Brian2 cpp_standalone dt=0.1 ms, 101 Δt × (2 + 100) synapses"
    timed "$OUT/brian2_curve.log" $PY bench/brian2/gb_stdp_curve.py --dt 0.1 --nstoch 100 --out "$OUT/brian2_curve.csv"
    quiet < "$OUT/brian2_curve.log" | tail -2
  fi
  for w in 1 "$NPROC"; do
    echo "== A. curve: synlab gbbench -curve -nstoch 50 -workers $w"
    timed "$OUT/synlab_curve_w$w.log" "$OUT/gbbench" -curve -nstoch 50 -workers "$w" -out "$OUT/synlab_curve_w$w.csv"
  done
  l1=$(load)
  for w in 1 "$NPROC"; do
    st=$(field total_s "$OUT/synlab_curve_w$w.log")
    if [ -n "$B2" ]; then
      bt=$(field total_s "$OUT/brian2_curve.log"); bs=$(field binary_s "$OUT/brian2_curve.log")
      row "A. DP STDP curve, 101 Δt × 102 synapses, 60 pairs at 1 Hz" "$st s ($w worker$([ "$w" = 1 ] || echo s))" \
        "Brian2 cpp_standalone, dt 0.1 ms: $bs s (binary), $bt s (total)" \
        "$(calc %.0f "$bs / $st")× (binary), $(calc %.0f "$bt / $st")× (total), $(calc %.0f "$(cpu "$OUT/brian2_curve.log") / $(cpu "$OUT/synlab_curve_w$w.log")")× (CPU)" "$l0 → $l1"
    else
      row "A. DP STDP curve, 101 Δt × 102 synapses, 60 pairs at 1 Hz" "$st s ($w worker$([ "$w" = 1 ] || echo s))" "Brian2 not run" "" "$l0 → $l1"
    fi
  done
  if [ -n "$B2" ]; then
    paste -d, "$OUT/brian2_curve.csv" "$OUT/synlab_curve_w1.csv" | awk -F, 'NR > 1 {
        for (k = 2; k <= 3; k++) { d = $k - $(k+7); if (d < 0) d = -d; if (d > m) { m = d; at = $1 } } }
        END { printf "max |rho_det synlab - Brian2(dt=0.1)| = %.3g at dt_ms=%s\n", m, at }' | tee "$OUT/curve_agreement.txt"
  fi
fi

# --- B. Poisson population vs Brian2 ---------------------------------------
for n in $POP_NS; do
  l0=$(load)
  if [ -n "$B2" ]; then
    echo "== B. population N=$n: Brian2 cython dt=0.1 ms"
    timed "$OUT/brian2_pop_$n.log" $PY bench/brian2/gb_population.py --n "$n" --dt 0.1 --target cython --out "$OUT/brian2_pop_$n.csv"
    quiet < "$OUT/brian2_pop_$n.log" | tail -2
  fi
  for w in 1 "$NPROC"; do
    echo "== B. population N=$n: synlab gbbench -pop $n -workers $w"
    timed "$OUT/synlab_pop_${n}_w$w.log" "$OUT/gbbench" -pop "$n" -workers "$w" -out "$OUT/synlab_pop_${n}_w$w.csv"
    grep -E '^synlab' "$OUT/synlab_pop_${n}_w$w.log"
  done
  l1=$(load)
  for w in 1 "$NPROC"; do
    st=$(field total_s "$OUT/synlab_pop_${n}_w$w.log")
    if [ -n "$B2" ]; then
      bt=$(field total_s "$OUT/brian2_pop_$n.log"); bs=$(field sim_s "$OUT/brian2_pop_$n.log")
      row "B. GB Poisson population, N = $n, 5 Hz pre and post, 10 s" "$st s ($w worker$([ "$w" = 1 ] || echo s))" \
        "Brian2 Cython, dt 0.1 ms: $bs s (loop), $bt s (total)" \
        "$(calc %.0f "$bs / $st")× (loop), $(calc %.0f "$bt / $st")× (total), $(calc %.0f "$(cpu "$OUT/brian2_pop_$n.log") / $(cpu "$OUT/synlab_pop_${n}_w$w.log")")× (CPU)" "$l0 → $l1"
    else
      row "B. GB Poisson population, N = $n, 5 Hz pre and post, 10 s" "$st s ($w worker$([ "$w" = 1 ] || echo s))" "Brian2 not run" "" "$l0 → $l1"
    fi
  done
done

# --- C. 10^6 synapses --------------------------------------------------------
if [ -z "${SKIP_1E6:-}" ]; then
  echo "== C. synlab gbbench -pop 1000000 (every core)"
  l0=$(load)
  timed "$OUT/synlab_pop_1e6.log" "$OUT/gbbench" -pop 1000000 -out "$OUT/synlab_pop_1000000.csv"
  l1=$(load)
  grep -E '^(synlab|EVENTS|WALL|CPU)' "$OUT/synlab_pop_1e6.log"
  wall=$(field elapsed_s "$OUT/synlab_pop_1e6.log"); c=$(cpu "$OUT/synlab_pop_1e6.log")
  ev=$(grep -o 'EVENTS n=[^ ]*' "$OUT/synlab_pop_1e6.log" | cut -d= -f2)
  rss=$(field rss_kb "$OUT/synlab_pop_1e6.log")
  row "C. GB Poisson population, N = 10⁶, 10 s ($(calc %.3g "$ev") calcium events)" \
    "$wall s wall on $NPROC cores, $c s CPU, $(calc %.0f "$c * 1e9 / $ev") ns CPU per event; max RSS $(calc %.1f "$rss / 1024") MB ($(calc %.1f "$rss * 1024 / 1e6") B per synapse)" \
    "" "" "$l0 → $l1"
fi

# --- D. spine vs NEURON -----------------------------------------------------------
if [ -z "${SKIP_NEURON:-}" ]; then
  ST="$OUT/synlabtrace"
  if [ -n "$NRN" ]; then
    MECH=$(bash bench/neuron/build_mech.sh "$OUT/nrnmech")
    mkdir -p "$OUT/nrnrun" # NEURON auto-loads ./x86_64: run it where there is none
    nrn() { (cd "$OUT/nrnrun" && $PY "$ROOT/bench/neuron/ca1_spine.py" --mech "$MECH" "$@" 2>&1 | quiet); }
    wallrun() { grep -o 'run_s=[^ ]*' | tail -1 | cut -d= -f2; }
    # Accuracy of the matched pair: synlab default (Rodas4, RelTol 1e-6) and
    # CVODE atol 1e-7, against CVODE atol = rtol = 1e-11 (bench/neuron/README.md).
    declare -A E
    for p in lf10 hfs; do
      echo "== D. accuracy on $p (RelRMS, max over v_soma, v_spine, i_nmda, ca, against CVODE 1e-11)"
      nrn --proto "$p" --method cvode --atol 1e-11 --rtol 1e-11 --out "$OUT/nrn_ref_$p.csv" > /dev/null
      nrn --proto "$p" --method cvode --atol 1e-7 --out "$OUT/nrn_cvode1e-7_$p.csv" > /dev/null
      "$ST" -proto "$p" -out "$OUT/synlab_$p.csv" > /dev/null
      "$ST" -cmp "$OUT/nrn_ref_$p.csv" "$OUT/synlab_$p.csv" "$OUT/nrn_cvode1e-7_$p.csv" | tee "$OUT/cmp_$p.txt"
      E[$p:s]=$(awk 'NR == 2 { print $NF }' "$OUT/cmp_$p.txt"); E[$p:n]=$(awk 'NR == 3 { print $NF }' "$OUT/cmp_$p.txt")
    done
    # Timing: rounds alternating the two programs, each run_s the minimum of
    # REPEAT runs (model set-up + run, nothing recorded); ratio = median of
    # the per-round ratios NEURON / synlab.
    for pr in "lfs900 ${LFS_ROUNDS:-3} 1 lf10 900 pulses at 1 Hz" "hfs ${HFS_ROUNDS:-7} ${HFS_REPEAT:-10} hfs 100 pulses at 100 Hz"; do
      read -r p rounds rep ap what <<< "$pr"
      echo "== D. timing $p: $rounds rounds of (synlab default, CVODE atol 1e-7), each the min of $rep"
      l0=$(load)
      for i in $(seq "$rounds"); do
        s=$("$ST" -proto "$p" -repeat "$rep" | wallrun)
        c=$(nrn --proto "$p" --method cvode --atol 1e-7 --repeat "$rep" | wallrun)
        echo "$s $c"
      done | tee "$OUT/timing_$p.txt"
      l1=$(load)
      med() { awk '{ print $2 / $1 }' "$1" | sort -g | awk '{ r[NR] = $1 } END { printf "%.1f", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }
      smin=$(sort -g -k1 "$OUT/timing_$p.txt" | head -1 | cut -d' ' -f1); cmin=$(sort -g -k2 "$OUT/timing_$p.txt" | awk 'NR == 1 { print $2 }')
      row "D. biophysical spine, $what (run, no recording)" "$smin s (Rodas4, RelTol 1e-6; error ${E[$ap:s]} on $ap)" \
        "NEURON CVODE atol 1e-7: $cmin s (error ${E[$ap:n]})" "$(med "$OUT/timing_$p.txt")× (median of $rounds rounds)" "$l0 → $l1"
    done
  else
    for p in lfs900 hfs; do
      l0=$(load)
      s=$("$ST" -proto "$p" -repeat 3 | grep -o 'run_s=[^ ]*' | cut -d= -f2)
      row "D. biophysical spine, $p (run, no recording)" "$s s (Rodas4, RelTol 1e-6)" "NEURON not installed" "" "$l0 → $(load)"
    done
  fi
fi

# --- E, F. the tiers ----------------------------------------------------------------
if [ -z "${SKIP_TIERS:-}" ]; then
  echo "== E. mechanistic-spine tier, 90 min LFS (BenchmarkMechTierLFS90, min of 3)"
  l0=$(load)
  (cd tier/mech && "$OUT/mech.test" -test.run XXX -test.bench 'BenchmarkMechTierLFS90$' -test.benchtime 1x -test.count 3) > "$OUT/mech_lfs90.log" 2>&1
  l1=$(load)
  grep Benchmark "$OUT/mech_lfs90.log"
  spine=$(awk '/^Benchmark/ { s = $3 / 1e9; if (m == "" || s < m) m = s } END { printf "%.3f", m }' "$OUT/mech_lfs90.log")
  row "E. mechanistic-spine tier, 90 min LFS (15 min baseline, 900 pulses at 1 Hz, 60 min), one spine with its cascade" "$spine s (one core)" "" "" "$l0 → $l1"

  echo "== F. default CA1 population tier: synlab run lfs"
  l0=$(load)
  timed "$OUT/run_lfs.log" "$OUT/synlab" run lfs --out "$OUT/run-lfs" --force --quiet
  l1=$(load)
  head -1 "$OUT/run_lfs.log" | cut -c1-200
  # N model synapses: deterministic strata KV × KR, each one release and one
  # failure branch (ca1.Params: Particles = 1), or the stochastic count.
  n=$(sed -n 's/.*deterministic: \([0-9]*\) × \([0-9]*\) strata.*/\1 \2/p' "$OUT/run_lfs.log" | head -1 | awk '{ print 2 * $1 * $2 }')
  [ -n "$n" ] || n=$(sed -n 's/.*stochastic: \([0-9]*\) synapses.*/\1/p' "$OUT/run_lfs.log" | head -1)
  wall=$(field elapsed_s "$OUT/run_lfs.log"); c=$(cpu "$OUT/run_lfs.log")
  per=$(calc %.3f "$c / $n")
  row "F. default CA1 population tier, \`synlab run lfs\` (90 min LFS, outputs written)" \
    "$wall s wall on $NPROC cores, $c s CPU; N = $n model synapses (spine + cascade each): $per s CPU per synapse" \
    "one spine (E): $spine s" "per synapse $(calc %.2f "$per / $spine")× one spine" "$l0 → $l1"
fi

{
  echo "## Performance"
  echo
  cat "$OUT/machine.txt" | sed 's/$/  /'
  echo
  echo "| benchmark | synlab | peer | ratio | load (1 min) |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Made by \`bash bench/run.sh\` ($(date -u +%Y-%m-%dT%H:%MZ), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)); logs in $OUT."
} > "$OUT/perf.md"
echo
cat "$OUT/perf.md"
