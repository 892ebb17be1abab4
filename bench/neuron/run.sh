#!/usr/bin/env bash
# NEURON 8.2.2 ⇄ synlab: cross-validation and benchmark of the CA1 spine
# synapse (package spine, docs/spine-model.md). Everything runs in this one
# invocation, on this machine, one process at a time.
#
#   bash bench/neuron/run.sh                  # agreement + timing (lfs900, hfs), ≈ 10 min
#   SKIP_TIMING=1 bash bench/neuron/run.sh    # agreement only (≈ 1 min)
#   LFS90=1 bash bench/neuron/run.sh          # also the 90 min LFS protocol (fixed step once: ≈ +12 min)
#   REPEAT=3 HFS_REPEAT=10 ROUNDS=7 OUT=/tmp/x bash bench/neuron/run.sh
#   UPDATE_REF=1 bash bench/neuron/run.sh     # rewrite bench/neuron/ref/*.csv (review the diff)
#
# Needs /usr/bin/python3 with NEURON (Debian python3-neuron), nrnivmodl
# (Debian neuron-dev) and the Go toolchain.
#
# Agreement: the traces of the protocols single, pair, lf10, hfs from every
# solver setting below, as neuron.RelRMS against the reference, NEURON CVODE
# with atol = rtol = 1e-11 (and synlab at RelTol 1e-10 as a check of the
# reference). Settings: synlab Rodas4 at its default (RelTol 1e-6, AbsTol
# 1e-8), at 1e-7/1e-9, 1e-4/1e-6 and 1e-3/1e-5; NEURON fixed step dt = 0.025 and
# 0.0025 ms; NEURON CVODE with rtol = 0 (NEURON's default) and atol 1e-3
# (NEURON's default) to 1e-8 (Ca states: atolscale 1e-3, i.e. atol in µM).
#
# Timing (work–precision): for lfs900 and hfs (and lfs90), run_s of every
# setting (model set-up + run, no recording; minimum of REPEAT runs, of
# HFS_REPEAT (default 10) for the short hfs, one run for lfs90), next to its
# error, the largest RelRMS over the four traces on lf10 (for lfs900, lfs90)
# or hfs. "synlab at equal accuracy"
# is the fastest synlab setting whose error is <= the NEURON setting's.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
PY=/usr/bin/python3
OUT=${OUT:-/tmp/synlab-neuron-$(date +%Y%m%d-%H%M%S)}
REPEAT=${REPEAT:-3}
mkdir -p "$OUT"
echo "output: $OUT"
MECH=$(bash "$HERE/build_mech.sh" "$OUT/nrnmech")
go build -o "$OUT/synlabtrace" ./bench/neuron/synlabtrace
ST="$OUT/synlabtrace"
# NEURON auto-loads ./x86_64: run it from $OUT/run, which has none.
mkdir -p "$OUT/run"
nrn() { (cd "$OUT/run" && $PY "$HERE/ca1_spine.py" --mech "$MECH" "$@" 2>&1 | grep -v -e DISPLAY -e 'graphics will'); }
wall() { sed -n 's/^WALL run_s=\([^ ]*\) total_s=\(.*\)$/\1 \2/p' | tail -1; }

echo "== machine"
uname -srm
grep -m1 'model name' /proc/cpuinfo || true
echo "cpus: $(nproc)"
$PY -c 'from neuron import h; print("NEURON", h.nrnversion())' 2>/dev/null
go version
date -u +%Y-%m-%dT%H:%M:%SZ
uptime

SYN=("default::" "rtol1e-7:1e-7:1e-9" "rtol1e-4:1e-4:1e-6" "rtol1e-3:1e-3:1e-5")
CVA=(1e-3 1e-4 1e-5 1e-6 1e-7 1e-8)
syn() { # syn NAME PROTO ARGS...: run synlabtrace with setting NAME
  local n=$1 p=$2; shift 2
  for s in "${SYN[@]}"; do
    IFS=: read -r nm rt at <<< "$s"
    [ "$nm" = "$n" ] || continue
    if [ -n "$rt" ]; then "$ST" -proto "$p" -reltol "$rt" -abstol "$at" "$@"; else "$ST" -proto "$p" "$@"; fi
  done
}
declare -A ERR

echo "== agreement (RelRMS = RMS difference / peak excursion of the reference from its first row)"
for p in single pair lf10 hfs; do
  nrn --proto "$p" --method cvode --atol 1e-11 --rtol 1e-11 --out "$OUT/ref_$p.csv" > /dev/null
  files=()
  for s in "${SYN[@]}"; do
    n=${s%%:*}
    syn "$n" "$p" -out "$OUT/synlab_${n}_$p.csv" > /dev/null
    files+=("$OUT/synlab_${n}_$p.csv")
  done
  "$ST" -proto "$p" -reltol 1e-10 -abstol 1e-12 -out "$OUT/synlab_rtol1e-10_$p.csv" > /dev/null
  files+=("$OUT/synlab_rtol1e-10_$p.csv")
  for dt in 0.025 0.0025; do
    nrn --proto "$p" --method fixed --dt "$dt" --out "$OUT/neuron_fixed${dt}_$p.csv" > /dev/null
    files+=("$OUT/neuron_fixed${dt}_$p.csv")
  done
  for a in "${CVA[@]}"; do
    nrn --proto "$p" --method cvode --atol "$a" --out "$OUT/neuron_cvode${a}_$p.csv" > /dev/null
    files+=("$OUT/neuron_cvode${a}_$p.csv")
  done
  echo "-- $p"
  "$ST" -cmp "$OUT/ref_$p.csv" "${files[@]}" | tee "$OUT/cmp_$p.txt"
  while read -r f _ _ _ _ m; do
    f=${f%_"$p".csv}; ERR[$p:$f]=$m
  done < <(tail -n +2 "$OUT/cmp_$p.txt")
  # released fractions, synlab vs the NEURON reference
  paste -d, "$OUT/ref_${p}_release.csv" "$OUT/synlab_default_${p}_release.csv" | awk -F, 'NR > 1 {
      d = $3 - $6; if (d < 0) d = -d; if (d > m) m = d; n++ } END { printf "release fractions: %d pulses, max |r_synlab - r_NEURON| = %.2g\n", n, m }'
done

if [ -n "${UPDATE_REF:-}" ]; then
  echo "== rewriting $HERE/ref"
  for p in single pair lf10 hfs; do
    win=0; [ "$p" = lf10 ] && win=200
    nrn --proto "$p" --method cvode --atol 1e-11 --rtol 1e-11 --window "$win" --out "$HERE/ref/neuron_cvode_$p.csv" > /dev/null
    nrn --proto "$p" --method fixed --dt 0.025 --window "$win" --out "$HERE/ref/neuron_fixed0.025_$p.csv" > /dev/null
  done
  rm -f "$HERE"/ref/neuron_fixed0.025_*_release.csv
  ls -l "$HERE/ref"
fi

[ -n "${SKIP_TIMING:-}" ] && exit 0

echo "== timing (run_s = set-up + run without recording; min of $REPEAT runs, ${HFS_REPEAT:-10} for hfs, 1 for lfs90)"
protos="lfs900 hfs"
[ -n "${LFS90:-}" ] && protos="$protos lfs90"
T="$OUT/timing.txt"
: > "$T"
for p in $protos; do
  ap=lf10; [ "$p" = hfs ] && ap=hfs
  rep=$REPEAT; [ "$p" = hfs ] && rep=${HFS_REPEAT:-10}; [ "$p" = lfs90 ] && rep=1
  for s in "${SYN[@]}"; do
    n=${s%%:*}
    read -r r _ < <(syn "$n" "$p" -repeat "$rep" | wall)
    echo "$p synlab_$n ${ERR[$ap:synlab_$n]} $r" | tee -a "$T"
  done
  for a in "${CVA[@]}"; do
    read -r r _ < <(nrn --proto "$p" --method cvode --atol "$a" --repeat "$rep" | wall)
    echo "$p neuron_cvode$a ${ERR[$ap:neuron_cvode$a]} $r" | tee -a "$T"
  done
  read -r r _ < <(nrn --proto "$p" --method fixed --dt 0.025 --repeat "$rep" | wall)
  echo "$p neuron_fixed0.025 ${ERR[$ap:neuron_fixed0.025]} $r" | tee -a "$T"
done
echo
echo "work-precision: error = max RelRMS over the 4 traces vs the reference (lf10 for lfs900/lfs90, hfs for hfs);"
echo "ratio = NEURON run_s / synlab default run_s; matched = NEURON run_s / run_s of the fastest synlab setting with error <= NEURON's"
awk '
  { p[NR] = $1; n[NR] = $2; e[NR] = $3; t[NR] = $4 }
  END {
    printf "%-8s %-20s %10s %10s %9s %-16s %9s\n", "proto", "setting", "error", "run_s", "ratio", "synlab match", "matched"
    for (i = 1; i <= NR; i++) {
      if (n[i] == "synlab_default") d = t[i]
      best = ""; bt = 0
      for (j = 1; j <= NR; j++) if (p[j] == p[i] && n[j] ~ /^synlab/ && e[j] + 0 <= e[i] + 0 && (best == "" || t[j] < bt)) { best = n[j]; bt = t[j] }
      if (n[i] ~ /^synlab/) { printf "%-8s %-20s %10.2e %10.3f %9s %-16s %9s\n", p[i], n[i], e[i], t[i], "", "", ""; continue }
      m = (best == "") ? "none" : sprintf("%.1fx", t[i] / bt)
      printf "%-8s %-20s %10.2e %10.3f %8.1fx %-16s %9s\n", p[i], n[i], e[i], t[i], t[i] / d, best, m
    }
  }' "$T"

# The hfs runs last ~0.1 s, so one busy moment moves them a lot: alternate the
# accuracy-matched pair (synlab default, CVODE atol 1e-7) ROUNDS times, each a
# min of HFS_REPEAT runs, and report the ratio of the minima and the median
# of the per-round ratios.
ROUNDS=${ROUNDS:-7}
echo "== hfs interleaved: $ROUNDS rounds of (synlab default, CVODE atol 1e-7), each min of ${HFS_REPEAT:-10}"
for i in $(seq "$ROUNDS"); do
  read -r s _ < <("$ST" -proto hfs -repeat "${HFS_REPEAT:-10}" | wall)
  read -r c _ < <(nrn --proto hfs --method cvode --atol 1e-7 --repeat "${HFS_REPEAT:-10}" | wall)
  echo "$s $c"
done | tee "$OUT/hfs_interleaved.txt" | awk '{ printf "round %d: synlab %.4f s, CVODE %.4f s, ratio %.2f\n", NR, $1, $2, $2 / $1 }'
sort -n -k1 "$OUT/hfs_interleaved.txt" | head -1 | awk '{ printf "min synlab %.4f s\n", $1 }'
sort -n -k2 "$OUT/hfs_interleaved.txt" | head -1 | awk '{ printf "min CVODE  %.4f s\n", $2 }'
awk '{ print $2 / $1 }' "$OUT/hfs_interleaved.txt" | sort -n | awk '{ r[NR] = $1 } END { printf "median per-round ratio CVODE/synlab %.2f (range %.2f-%.2f)\n", r[int((NR + 1) / 2)], r[1], r[NR] }'
uptime
