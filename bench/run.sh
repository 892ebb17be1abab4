#!/usr/bin/env bash
# Side-by-side benchmark, Brian2 2.5.1 vs synlab, Graupner–Brunel DP rule.
#
#   bash bench/run.sh                 # everything (Brian2 part ≈ 15–40 min on 2 cores)
#   POP_NS="10000" bash bench/run.sh  # population sizes to run in Brian2 (default "10000 100000")
#   SKIP_CURVE=1 bash bench/run.sh    # skip the curve (Brian2 ≈ 5 min)
#   SKIP_1E6=1 bash bench/run.sh      # skip synlab's 1e6-synapse run (time, RSS)
#   OUT=/tmp/x bash bench/run.sh      # output directory (default /tmp/synlab-bench-YYYYmmdd-HHMMSS)
#
# Both sides run in this one invocation, one after the other, single-threaded
# on the Brian2 side (cpp_standalone without OpenMP; Cython runtime), synlab
# with -workers 1 and with -workers 2. Each side writes CSVs in the same
# format into $OUT, so they can be diffed; the script prints Brian2 / synlab
# wall-time ratios. Needs /usr/bin/python3 with Brian2 (Debian python3-brian)
# and the Go toolchain. The reference files in bench/ref are NOT overwritten
# (see bench/ref/README.md for how they were made).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
OUT=${OUT:-/tmp/synlab-bench-$(date +%Y%m%d-%H%M%S)}
POP_NS=${POP_NS:-"10000 100000"}
mkdir -p "$OUT"
echo "output: $OUT"
go build -o "$OUT/gbbench" ./bench/gbbench
$PY -c 'import brian2; print("Brian2", brian2.__version__)' 2>/dev/null

# field NAME LOGFILE: value of NAME=... on the last WALL line
field() { grep '^WALL' "$2" | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }
quiet() { grep -v -i -e warning -e hasattr -e getattr || true; }
cpu() { awk '/^CPU/ { for (i = 2; i <= 3; i++) { split($i, a, "="); t += a[2] } } END { printf "%.2f", t }' "$1"; }
# timed LOG CMD...: run CMD, tee its output into LOG and append "CPU user_s=… sys_s=…"
# (user+system CPU of the process and its children, e.g. Brian2's compiler)
timed() {
  local log=$1; shift
  /usr/bin/time -f "CPU user_s=%U sys_s=%S elapsed_s=%e" -o "$log.cpu" "$@" 2>&1 | quiet | tee "$log"
  cat "$log.cpu" >> "$log"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "inf" }'; }

rows=()
if [ -z "${SKIP_CURVE:-}" ]; then
  echo "== curve: Brian2 cpp_standalone dt=0.1 ms, 101 Δt × (2 + 100) synapses"
  timed "$OUT/brian2_curve.log" $PY bench/brian2/gb_stdp_curve.py --dt 0.1 --nstoch 100 --out "$OUT/brian2_curve.csv"
  for w in 1 2; do
    echo "== curve: synlab gbbench -curve -nstoch 50 -workers $w"
    timed "$OUT/synlab_curve_w$w.log" "$OUT/gbbench" -curve -nstoch 50 -workers $w -out "$OUT/synlab_curve_w$w.csv"
  done
  bt=$(field total_s "$OUT/brian2_curve.log"); bs=$(field binary_s "$OUT/brian2_curve.log")
  for w in 1 2; do
    st=$(field total_s "$OUT/synlab_curve_w$w.log")
    rows+=("curve (10302 syn, 60.1 s)|w=$w|$bt|$bs|$st|$(ratio "$bt" "$st")|$(ratio "$bs" "$st")|$(ratio "$(cpu "$OUT/brian2_curve.log")" "$(cpu "$OUT/synlab_curve_w$w.log")")")
  done
  # deterministic agreement at dt = 0.1 ms
  paste -d, "$OUT/brian2_curve.csv" "$OUT/synlab_curve_w1.csv" | awk -F, 'NR > 1 {
      for (k = 2; k <= 3; k++) { d = $k - $(k+7); if (d < 0) d = -d; if (d > m) { m = d; at = $1 } } }
      END { printf "max |rho_det synlab - Brian2(dt=0.1)| = %.3g at dt_ms=%s\n", m, at }'
fi

for n in $POP_NS; do
  echo "== population N=$n: Brian2 cython dt=0.1 ms"
  timed "$OUT/brian2_pop_$n.log" $PY bench/brian2/gb_population.py --n "$n" --dt 0.1 --target cython --out "$OUT/brian2_pop_$n.csv"
  bt=$(field total_s "$OUT/brian2_pop_$n.log"); bs=$(field sim_s "$OUT/brian2_pop_$n.log")
  for w in 1 2; do
    echo "== population N=$n: synlab gbbench -pop $n -workers $w"
    timed "$OUT/synlab_pop_${n}_w$w.log" "$OUT/gbbench" -pop "$n" -workers $w -out "$OUT/synlab_pop_${n}_w$w.csv"
    st=$(field total_s "$OUT/synlab_pop_${n}_w$w.log")
    rows+=("population N=$n (10 s)|w=$w|$bt|$bs|$st|$(ratio "$bt" "$st")|$(ratio "$bs" "$st")|$(ratio "$(cpu "$OUT/brian2_pop_$n.log")" "$(cpu "$OUT/synlab_pop_${n}_w$w.log")")")
  done
done

if [ -n "${SKIP_1E6:-}" ]; then
  :
elif [ -x /usr/bin/time ]; then
  echo "== synlab alone: gbbench -pop 1000000 -workers 2 (time and memory)"
  /usr/bin/time -v "$OUT/gbbench" -pop 1000000 -workers 2 -out "$OUT/synlab_pop_1000000.csv" 2> "$OUT/synlab_pop_1e6.log" || true
  grep -E '^(synlab|WALL)|Maximum resident' "$OUT/synlab_pop_1e6.log"
  awk '/Maximum resident/ { printf "RSS per synapse: %.1f bytes\n", $NF * 1024 / 1e6 }' "$OUT/synlab_pop_1e6.log"
else
  echo "== synlab alone: gbbench -pop 1000000 -workers 2 (time)"
  "$OUT/gbbench" -pop 1000000 -workers 2 -out "$OUT/synlab_pop_1000000.csv"
fi

echo
echo "Brian2 total = whole script incl. code generation/compilation; Brian2 run = compiled"
echo "binary (curve) or simulation loop (population); synlab = whole gbbench process."
echo "CPU ratio = user+system CPU seconds, Brian2 (incl. compiler) / synlab: robust to a busy machine."
printf '%-28s %-4s %10s %10s %9s %12s %10s %10s\n' protocol syn "Brian2 s" "B2 run s" "synlab s" "total ratio" "run ratio" "CPU ratio"
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d e f g h <<< "$r"
  printf '%-28s %-4s %10s %10s %9s %12s %10s %10s\n' "$a" "$b" "$c" "$d" "$e" "${f}x" "${g}x" "${h}x"
done
uptime
