#!/usr/bin/python3
"""Brian2 reference for synlab's Clopath et al. (2010) rule on the AdEx neuron (rule.Clopath, rule.AdEx).

Model
    Clopath C, Buesing L, Vasilaki E, Gerstner W (2010) Connectivity reflects coding: a model of
    voltage-based STDP with homeostasis. Nat Neurosci 13:344-352, doi:10.1038/nn.2479.
    Rule (Online Methods eq. 3), visual-cortex set of Table 1b as run by the authors' code
    (ModelDB 144566, VoTriCode/FrequencyDependence.m: A_LTD 14e-5/mV, A_LTP 8e-5/mV^2, tau+ 7 ms,
    tau_x 15 ms, tau- 10 ms; VoTri.m: theta- -70.6 mV, theta+ -45.3 mV), constant A_LTD.
    The filters u-, u+ are driven by the voltage delayed by D = 3 ms (VoTri.m reads u_md(t-3)).
    Neuron: AdEx with spike after-potential current z, adaptive threshold V_T and a 2 ms spike
    clamp, parameters of synlab's rule.ClopathAdEx() (Table 1a; aEIF.m; NEST aeif_psc_delta_clopath).

    This is our own script. Brian2's examples/frompapers/Clopath_et_al_2010_*.py use a leaky
    integrate-and-fire neuron with filters kicked by 10 mV at each spike and other amplitudes, so
    they are not the paper's model and are not used here.

Brian2 formulation
    - The delay: a second, identical neuron (group B) receives every forced spike D later; started
      from the same resting state it follows v_B(t) = v_A(t - D) exactly (D is a whole number of
      steps). The filters u-, u+ integrate v_B, and the synapse reads them through linked variables.
    - Postsynaptic spikes are forced (as the authors' 1e6 pA one-step current, or NEST's 80 mV kick):
      a trigger raises a flag one step early so the threshold "v > V_peak or force" fires in the step
      at t_post. Reset: v = V_clamp, w_ad += b, z = I_sp, V_T = V_T,max, clamped; a custom event
      "release" ends the clamp after t_clamp (v = V_reset). While clamped, dv/dt = dw_ad/dt = 0.
    - Synapse: x_bar (clock-driven, += 1/tau_x at a presynaptic spike), LTD at each presynaptic spike
      A_LTD*[u-(t-D) - theta-]+ accumulated in ltd, LTP integrated continuously in ltp,
      dltp/dt = A_LTP*x_bar*[v - theta+]+*[u+(t-D) - theta-]+. No bounds: w = 0.5 + ltp - ltd stays
      in (0, 3) (checked).
    - method="euler" throughout (first order); cpp_standalone, one run per dt.

Protocol (Sjoestroem et al. 2001 as in Clopath Fig. 2b)
    5 pairs at 0.1, 10, 20, 25, 40, 50 Hz (periods on every dt grid), lag t_post - t_pre = +10 and
    -10 ms; first presynaptic spike at 100 ms; the run ends 100 ms after the last spike. The 12
    protocols run side by side as independent neurons. Neuron and filters start at rest.

Output (CSV, '#' lines are comments)
    freq_hz,lag_ms,dt_ms,dw,dw_ltp,dw_ltd,n_post
    dw = final w - 0.5 = dw_ltp - dw_ltd after one block of 5 pairs; n_post = spikes of neuron A.
    The paper's normalised weight (15 blocks) is 100 + 100*15*dw/0.5.

Usage
    /usr/bin/python3 bench/brian2/clopath.py                 # dt = 0.1, 0.05, 0.025 ms -> rule/testdata/clopath_brian2.csv
    /usr/bin/python3 bench/brian2/clopath.py --dt 0.1 --out /tmp/x.csv   # one dt
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time

FREQS = [0.1, 10.0, 20.0, 25.0, 40.0, 50.0]
LAGS = [10.0, -10.0]
NPAIRS = 5
T0_MS = 100.0
TAIL_MS = 100.0
DELAY_MS = 3.0
W0 = 0.5
HEADER = "freq_hz,lag_ms,dt_ms,dw,dw_ltp,dw_ltd,n_post"


def protocols():
    return [(f, lag) for lag in LAGS for f in FREQS]


def run_one(dt_ms, workdir):
    """Runs all protocols at one dt with cpp_standalone; returns CSV rows."""
    import numpy as np
    from brian2 import (NeuronGroup, Synapses, SpikeGeneratorGroup, SpikeMonitor, linked_var,
                        set_device, device, defaultclock, prefs, run, ms, mV, pF, nS, pA, second)
    set_device("cpp_standalone", directory=workdir, build_on_run=True)
    prefs.devices.cpp_standalone.openmp_threads = 0
    dt = dt_ms * ms
    defaultclock.dt = dt

    # AdEx, rule.ClopathAdEx()
    C, gL, EL, DeltaT = 281 * pF, 30 * nS, -70.6 * mV, 2 * mV
    VT_rest, VT_max, tau_VT = -50.4 * mV, -30.4 * mV, 50 * ms
    tau_w, a, b = 144 * ms, 4 * nS, 0.0805 * pA
    I_sp, tau_z = 400 * pA, 40 * ms
    V_peak, V_clamp, t_clamp = 33 * mV, 33 * mV, 2 * ms
    V_reset = (-70.6 + 15 + 6.0984) * mV
    # Rule, rule.ClopathVisualCortex()
    th_m, th_p = -70.6 * mV, -45.3 * mV
    A_LTD, A_LTP = 14e-5 / mV, 8e-5 / mV**2
    tau_x, tau_m, tau_p = 15 * ms, 10 * ms, 7 * ms
    D = DELAY_MS * ms

    # Resting potential: lower zero of -(gL+a)(v-EL) + gL*DeltaT*exp((v-VT_rest)/DeltaT) (as AdEx.Rest).
    v = -70.6
    for _ in range(50):
        e = 30 * np.exp((v + 50.4) / 2)
        v -= (-(30 + 4) * (v + 70.6) + 2 * e) / (-(30 + 4) + e)
    v_rest = v * mV

    neuron = """
    dv/dt = (1 - clamped)*(gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) - wad + z)/C : volt
    dwad/dt = (1 - clamped)*(a*(v - EL) - wad)/tau_w : amp
    dz/dt = -z/tau_z : amp
    dVT/dt = -(VT - VT_rest)/tau_VT : volt
    dubm/dt = (v - ubm)/tau_m : volt
    dubp/dt = (v - ubp)/tau_p : volt
    clamped : 1
    clamp_end : second
    force : 1
    """
    linked = """
    ubm_d : volt (linked)
    ubp_d : volt (linked)
    """
    kw = lambda: dict(threshold="clamped == 0 and (v > V_peak or force > 0.5)",
              reset="v = V_clamp; wad += b; z = I_sp; VT = VT_max; clamped = 1; "
                    "clamp_end = t + t_clamp; force = 0",
              events={"release": "clamped == 1 and t >= clamp_end - 0.5*dt"},
              method="euler")
    prot = protocols()
    n = len(prot)
    # (a fresh dict each time: NeuronGroup adds its "spike" event to the one it is given)
    A = NeuronGroup(n, neuron + linked, name="A", **kw())
    B = NeuronGroup(n, neuron, name="B", **kw())
    for G in (A, B):
        G.run_on_event("release", "v = V_reset; clamped = 0")
        G.v = v_rest
        G.wad = a * (v_rest - EL)
        G.z = 0 * pA
        G.VT = VT_rest
        G.ubm = v_rest
        G.ubp = v_rest
    A.ubm_d = linked_var(B, "ubm")
    A.ubp_d = linked_var(B, "ubp")

    pre_i, pre_t, post_i, post_t = [], [], [], []
    t_end = 0.0
    for i, (f, lag) in enumerate(prot):
        period = 1000.0 / f
        for k in range(NPAIRS):
            tp = T0_MS + k * period
            pre_i.append(i)
            pre_t.append(tp)
            post_i.append(i)
            post_t.append(tp + lag)
            t_end = max(t_end, tp, tp + lag)
    t_end += TAIL_MS
    step = lambda x: np.round(np.asarray(x) / dt_ms).astype(int)  # noqa: E731
    pre = SpikeGeneratorGroup(n, pre_i, step(pre_t) * dt)
    # Triggers one step early: the flag set in the synapses slot is seen by the next threshold.
    trigA = SpikeGeneratorGroup(n, post_i, (step(post_t) - 1) * dt)
    trigB = SpikeGeneratorGroup(n, post_i, (step(np.asarray(post_t) + DELAY_MS) - 1) * dt)
    fA = Synapses(trigA, A, on_pre="force_post = 1")
    fA.connect(j="i")
    fB = Synapses(trigB, B, on_pre="force_post = 1")
    fB.connect(j="i")

    S = Synapses(pre, A, model="""
        dxbar/dt = -xbar/tau_x : 1/second (clock-driven)
        dltp/dt = A_LTP*xbar*(v_post - th_p)*int(v_post > th_p)*(ubp_d_post - th_m)*int(ubp_d_post > th_m) : 1 (clock-driven)
        ltd : 1
        """, on_pre="""
        ltd += A_LTD*(ubm_d_post - th_m)*int(ubm_d_post > th_m)
        xbar += 1/tau_x
        """, method="euler")
    S.connect(j="i")
    mon = SpikeMonitor(A)
    run(t_end * ms)
    ltp = np.asarray(S.ltp[:])
    ltd = np.asarray(S.ltd[:])
    counts = np.asarray(mon.count[:])
    rows = []
    for i, (f, lag) in enumerate(prot):
        dw = ltp[i] - ltd[i]
        assert 0 < W0 + dw < 3, "weight left the bounds [0, 3]; the script does not clip"
        rows.append("%r,%r,%r,%.17g,%.17g,%.17g,%d" % (f, lag, dt_ms, dw, ltp[i], ltd[i], counts[i]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dt", type=float, help="one step [ms]; default: 0.1, 0.05 and 0.025 in subprocesses")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "..", "rule", "testdata", "clopath_brian2.csv"))
    args = ap.parse_args()
    if args.dt is not None:
        t0 = time.time()
        with tempfile.TemporaryDirectory() as wd:
            rows = run_one(args.dt, wd)
        with open(args.out, "w") as fh:
            fh.write("\n".join(rows) + "\n")
        print("dt %g ms: %.1f s" % (args.dt, time.time() - t0), file=sys.stderr)
        return
    import brian2
    rows, times = [], []
    for dt in (0.1, 0.05, 0.025):
        t0 = time.time()
        with tempfile.NamedTemporaryFile("r", suffix=".csv") as tmp:
            subprocess.run([sys.executable, os.path.abspath(__file__), "--dt", repr(dt), "--out", tmp.name],
                           check=True)
            rows += tmp.read().split()
        times.append("%g ms: %.0f s" % (dt, time.time() - t0))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        fh.write("# Brian2 %s reference for rule.Clopath (visual cortex, D = 3 ms) on rule.AdEx, "
                 "made by bench/brian2/clopath.py; do not edit, regenerate.\n" % brian2.__version__)
        fh.write("# %s UTC, %s, Python %s; wall time per dt: %s\n"
                 % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), platform.platform(),
                    platform.python_version(), "; ".join(times)))
        fh.write("# protocol: 5 pairs, first pre at 100 ms, lag = t_post - t_pre; method euler, "
                 "cpp_standalone; dw = w_end - 0.5 after one block of 5 pairs\n")
        fh.write(HEADER + "\n")
        fh.write("\n".join(rows) + "\n")
    print("wrote %s (%s)" % (args.out, "; ".join(times)))


if __name__ == "__main__":
    main()
