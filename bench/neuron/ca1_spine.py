#!/usr/bin/python3
"""NEURON (8.2.2) build of synlab's CA1 spine synapse, for cross-validation.

The model is docs/spine-model.md (package spine, spine.Default() with
deterministic release), rebuilt from that page and not from the Go code:

  sections  head (L = diam = (4*0.087/pi)^(1/3) um), neck (1 x 0.1 um),
            dend (300 x 3 um), soma (20 x 20 um), nseg = 1, cm = 1 uF/cm2,
            Ra = 100 ohm cm; neck(0)->dend(0.5), head(0)->neck(1), dend(0)->soma(0.5)
  membrane  pas (g 5e-5 S/cm2, e -65 mV) in head, neck, dend; built-in hh in
            soma (default parameters, usetable_hh = 0 so the rates are exact),
            celsius = 6.3
  head      vgccrl.mod (R/L VGCC), capool.mod (buffered Ca pool), and the point
            processes DKR (release, dkr.mod), AMPAR (ampar.mod), NMDAJS (nmdajs.mod)
  soma      IClamp 2 nA x 2 ms per postsynaptic spike

Protocols (times in ms; identical to bench/neuron/neuron.go):

  single   one presynaptic pulse at 10; run to 300
  pair     pre at 10, somatic spike (IClamp onset) at 20; run to 300
  lf10     10 pre pulses at 1 Hz from 10; run to 10010
  hfs      100 pre pulses at 100 Hz from 10; run to 1300
  lfs900   900 pre pulses at 1 Hz from 10; run to 900010   (timing)
  lfs90    90 min: test pulses every 30 s for 20 min, 900 pulses at 1 Hz,
           test pulses every 30 s until 90 min (timing)

Usage (build the mechanisms first, see run.sh / build_mech.sh):

  /usr/bin/python3 ca1_spine.py --mech DIR/x86_64/libnrnmech.so --proto single \
      --method fixed --dt 0.025 --out single.csv
  ... --method cvode --atol 1e-8 --rtol 1e-8
  ... --proto lfs900 --method fixed --dt 0.025 --repeat 3      (timing, no CSV)

The CSV has the columns t_ms,v_soma_mV,v_spine_mV,i_nmda_pA,ca_uM on a grid of
--grid ms (default 0.1; times k*grid). --window W keeps only rows within
[t_pulse - 5, t_pulse + W) of some pulse (for small reference files). A
second file OUT with suffix _release.csv lists the released fraction of
every pulse. The last line printed is "WALL run_s=... total_s=..." (run_s:
finitialize + psolve, the minimum over --repeat runs; total_s: the process).
"""

import argparse
import math
import os
import sys
import time

T0 = time.perf_counter()

from neuron import h  # noqa: E402

h.load_file("stdrun.hoc")


def protocol(name):
    """Returns (pre times, somatic spike times, tstop) in ms."""
    if name == "single":
        return [10.0], [], 300.0
    if name == "pair":
        return [10.0], [20.0], 300.0
    if name == "lf10":
        return [10.0 + 1000.0 * k for k in range(10)], [], 10010.0
    if name == "hfs":
        return [10.0 + 10.0 * k for k in range(100)], [], 1300.0
    if name == "lfs900":
        return [10.0 + 1000.0 * k for k in range(900)], [], 10.0 + 900 * 1000.0
    if name == "lfs90":
        base = [10.0 + 30000.0 * k for k in range(40)]  # 0-20 min, 0.033 Hz
        lfs = [1200010.0 + 1000.0 * k for k in range(900)]  # 20-35 min, 1 Hz
        post = [2100010.0 + 30000.0 * k for k in range(110)]  # 35-90 min, 0.033 Hz
        return base + lfs + post, [], 5400000.0
    raise SystemExit("unknown protocol " + name)


class Cell:
    """The four-compartment cell with its synapse (docs/spine-model.md)."""

    def __init__(self):
        h.celsius = 6.3
        h.usetable_hh = 0  # exact hh rates, as spine.HH.Rates (no 1 mV table)
        vhead = 0.087  # fL = um3, GluSynapse volume_CR
        dh = (4 * vhead / math.pi) ** (1.0 / 3.0)
        self.soma = h.Section(name="soma")
        self.dend = h.Section(name="dend")
        self.neck = h.Section(name="neck")
        self.head = h.Section(name="head")
        for sec, L, d in ((self.soma, 20, 20), (self.dend, 300, 3), (self.neck, 1, 0.1), (self.head, dh, dh)):
            sec.L, sec.diam, sec.nseg, sec.cm, sec.Ra = L, d, 1, 1.0, 100.0
        self.neck.connect(self.dend(0.5), 0)
        self.head.connect(self.neck(1), 0)
        self.dend.connect(self.soma(0.5), 0)
        self.soma.insert("hh")
        for sec in (self.dend, self.neck, self.head):
            sec.insert("pas")
            sec.g_pas = 5e-5
            sec.e_pas = -65.0
        self.head.insert("vgccrl")
        self.head.insert("capool")
        seg = self.head(0.5)
        seg.capool.sarea = seg.area()
        seg.capool.vol = vhead

        self.dkr = h.DKR(seg)
        self.ampa = h.AMPAR(seg)
        self.nmda = h.NMDAJS(seg)
        h.setpointer(self.dkr._ref_r, "rel", self.ampa)
        h.setpointer(self.dkr._ref_r, "rel", self.nmda)
        # weights: full-release peak conductances (uS): AMPA N*gamma = 1 nS, NMDA 0.55 nS
        self.nc_ampa = h.NetCon(self.dkr, self.ampa, 0, 0, 1e-3)
        self.nc_nmda = h.NetCon(self.dkr, self.nmda, 0, 0, 0.55e-3)
        self.nc_pre = h.NetCon(None, self.dkr)
        self.nc_pre.weight[0] = 1
        self.rel = []
        self.nc_out = h.NetCon(self.dkr, None)
        self.nc_out.record(self._on_release)
        self.iclamps = []

    def _on_release(self):
        self.rel.append((h.t, self.dkr.r))

    def setup(self, pre, post):
        self.pre = pre
        self.iclamps = []
        for ts in post:
            ic = h.IClamp(self.soma(0.5))
            ic.delay, ic.dur, ic.amp = ts, 2.0, 2.0  # 2 nA x 2 ms
            self.iclamps.append(ic)
        self.fih = h.FInitializeHandler(self._queue)

    def _queue(self):
        self.rel = []
        for t in self.pre:
            self.nc_pre.event(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mech", required=True, help="path of libnrnmech.so built from mod/")
    ap.add_argument("--proto", required=True)
    ap.add_argument("--method", choices=["fixed", "cvode"], default="fixed")
    ap.add_argument("--dt", type=float, default=0.025, help="fixed step [ms]")
    ap.add_argument("--atol", type=float, default=1e-3, help="CVODE absolute tolerance (mV; Ca states scaled, see --ca-atolscale)")
    ap.add_argument("--rtol", type=float, default=0.0, help="CVODE relative tolerance")
    ap.add_argument("--ca-atolscale", type=float, default=1e-3,
                    help="CVODE atolscale of the Ca states (mM): 1e-3 makes atol mean uM for Ca")
    ap.add_argument("--grid", type=float, default=0.1, help="recording grid [ms]")
    ap.add_argument("--window", type=float, default=0.0, help="keep rows in [t_pre-5, t_pre+W) (0: all)")
    ap.add_argument("--out", default="", help="CSV output (none: timing only, nothing recorded)")
    ap.add_argument("--repeat", type=int, default=1, help="runs; run_s is the minimum")
    a = ap.parse_args()

    h.nrn_load_dll(a.mech)
    pre, post, tstop = protocol(a.proto)
    cell = Cell()
    cell.setup(pre, post)
    cv = h.CVode()
    if a.method == "cvode":
        cv.active(1)
        cv.atol(a.atol)
        cv.rtol(a.rtol)
        for s in ("cai", "cabb_capool", "cabe_capool"):
            cv.atolscale(s, a.ca_atolscale)
    else:
        cv.active(0)
        h.dt = a.dt
        h.steps_per_ms = 1.0 / a.dt
    pc = h.ParallelContext()
    pc.set_maxstep(10)

    recs = []
    if a.out:
        n = int(math.floor(tstop / a.grid + 1e-9)) + 1
        tvec = h.Vector([k * a.grid for k in range(n)])
        seg = cell.head(0.5)
        refs = [cell.soma(0.5)._ref_v, seg._ref_v, cell.nmda._ref_inmda, seg._ref_cai]
        for r in refs:
            v = h.Vector()
            if a.method == "cvode":
                v.record(r, tvec)
            else:
                v.record(r, a.grid)  # every grid/dt steps, from t = 0
            recs.append(v)

    best = math.inf
    for _ in range(max(1, a.repeat)):
        t1 = time.perf_counter()
        h.finitialize(-65.0)
        # psolve integrates in C for both methods (CVode.solve does nothing in
        # fixed step here); for CVODE, CVode.solve(tstop) took the same time
        # within noise (lf10 atol 1e-7: 0.12 vs 0.094 s; lfs90 atol 1e-5: 22.8
        # vs 23.7 s), so the 10 ms maxstep does not hold CVODE back.
        pc.psolve(tstop)
        best = min(best, time.perf_counter() - t1)
    if a.out:
        n = min(len(v) for v in recs)
        scale = [1.0, 1.0, 1000.0, 1000.0]  # nA -> pA, mM -> uM
        with open(a.out, "w") as f:
            f.write("t_ms,v_soma_mV,v_spine_mV,i_nmda_pA,ca_uM\n")
            for k in range(n):
                t = k * a.grid
                if a.window > 0 and not any(tp - 5.0 <= t < tp + a.window for tp in pre):
                    continue
                f.write("%.4f,%s\n" % (t, ",".join("%.10g" % (recs[j][k] * scale[j]) for j in range(4))))
        base, _ = os.path.splitext(a.out)
        with open(base + "_release.csv", "w") as f:
            f.write("k,t_ms,r\n")
            for k, (t, r) in enumerate(cell.rel):
                f.write("%d,%.6f,%.17g\n" % (k, t, r))
    what = "fixed dt=%g" % a.dt if a.method == "fixed" else "cvode atol=%g rtol=%g" % (a.atol, a.rtol)
    print("NEURON %s proto=%s %s pulses=%d released=%d" % (h.nrnversion(4), a.proto, what, len(pre), len(cell.rel)))
    print("WALL run_s=%.4f total_s=%.4f" % (best, time.perf_counter() - T0))


if __name__ == "__main__":
    sys.exit(main())
