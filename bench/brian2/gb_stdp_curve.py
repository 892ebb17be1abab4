#!/usr/bin/python3
"""Brian2 reference for the Graupner–Brunel DP STDP curve (synlab cross-validation).

Model and parameters
    Graupner M, Brunel N (2012) Calcium-based plasticity model explains sensitivity of
    synaptic changes to spike pattern, rate, and dendritic location. PNAS 109(10):3991-3996,
    doi:10.1073/pnas.1109359109; noise term as corrected in PNAS 2013,
    doi:10.1073/pnas.1220044110. "DP" parameter set (Fig. 2).

Brian2 formulation
    Follows Brian2's own example brian-team/brian2: examples/frompapers/Graupner_Brunel_2012.py
    (S. Schmitt 2022): the same synapse equations (cubic drift, Heaviside terms written as
    int((c - theta) > 0), noise sigma*sqrt(tau)*sqrt(int(c>theta_d) + int(c>theta_p))*xi),
    method="heun", on_pre "c += C_pre" with delay D, on_post "c += C_post".
    Differences from that example, all needed to match synlab's protocol exactly:
      * pre and post spikes come from SpikeGeneratorGroups (60 pairs at 1 Hz, pre spike k at
        t_k = 100 ms + k*1 s, post spike at t_k + Dt) instead of threshold/refractory groups;
      * all 101 Dt values run in one network (post neuron j carries Dt_j);
      * sigma is a per-synapse parameter so that deterministic (sigma = 0) synapses share
        the run; with --det-only the xi term is dropped from the equations altogether;
      * the run lasts 60.1 s.

Output CSV, one row per Dt:
    dt_ms     spike-timing difference Dt = t_post - t_pre (ms)  (NOT the integration step)
    rho_det0  final rho of the deterministic synapse started at rho = 0
    rho_det1  final rho of the deterministic synapse started at rho = 1
    up0, up1  fraction of the stochastic synapses started at 0 / 1 that end above rho* = 0.5
    n0, n1    number of stochastic synapses started at 0 / 1 (NaN fractions if 0)

Usage
    /usr/bin/python3 gb_stdp_curve.py --dt 0.1 --nstoch 100 --out ref/brian2_dp_curve_dt0.1.csv
    /usr/bin/python3 gb_stdp_curve.py --dt 0.01 --det-only --out ref/brian2_dp_curve_det_dt0.01.csv
Prints a final line "WALL total_s=... build_s=... binary_s=... sim_s=..." (seconds):
    total_s  whole script, including code generation and C++ compilation;
    build_s  'make' (compilation) time;  binary_s  running the compiled program;
    sim_s    Brian2's own measure of the simulation loop (device._last_run_time; in
             cpp_standalone this is std::clock(), i.e. CPU time, not wall time).
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

T0 = time.time()

import numpy as np  # noqa: E402
from brian2 import (  # noqa: E402
    SpikeGeneratorGroup, Synapses, Network, defaultclock, ms, second,
    set_device, device, seed as brian_seed, prefs,
)

# DP parameter set (docs/sources.md §1.2; values as in the Brian2 example).
TAU_CA = 20 * ms
C_PRE = 1.0
C_POST = 2.0
THETA_D = 1.0
THETA_P = 1.3
GAMMA_D = 200.0
GAMMA_P = 321.808
SIGMA = 2.8284
TAU = 150 * second
RHO_STAR = 0.5
D = 13.7 * ms

# Protocol (must match bench/gbbench and rule.PairingCurve).
N_PAIRS = 60
PERIOD_MS = 1000.0
T_FIRST_MS = 100.0
T_END_MS = 60100.0
DTS_MS = np.linspace(-100.0, 100.0, 101)


def equations(noise):
    noise_term = ("+ sigma*sqrt(tau)*sqrt(int((c-theta_d) > 0) + int((c-theta_p) > 0))*xi"
                  if noise else "")
    return f"""
    tau      : second (constant, shared)
    rho_star : 1      (constant, shared)
    gamma_p  : 1      (constant, shared)
    theta_p  : 1      (constant, shared)
    gamma_d  : 1      (constant, shared)
    theta_d  : 1      (constant, shared)
    tau_Ca   : second (constant, shared)
    sigma    : 1      (constant)
    kind     : integer (constant)
    drho/dt = (-rho*(1-rho)*(rho_star-rho)
               + gamma_p*(1-rho)*int((c-theta_p) > 0)
               - gamma_d*rho*int((c-theta_d) > 0)
               {noise_term}
               ) / tau : 1 (clock-driven)
    dc/dt = -c/tau_Ca : 1 (clock-driven)
    """


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dt", type=float, default=0.1, help="integration step (ms)")
    ap.add_argument("--nstoch", type=int, default=100,
                    help="stochastic synapses per Dt, in total (half start at 0, half at 1)")
    ap.add_argument("--det-only", action="store_true",
                    help="only the two deterministic synapses per Dt; no noise term")
    ap.add_argument("--seed", type=int, default=2012)
    ap.add_argument("--out", required=True)
    ap.add_argument("--builddir", default=None,
                    help="cpp_standalone project directory (default: a fresh temp dir)")
    args = ap.parse_args()

    nstoch = 0 if args.det_only else args.nstoch
    if nstoch % 2:
        sys.exit("--nstoch must be even")
    nhalf = nstoch // 2
    per_dt = 2 + nstoch

    builddir = args.builddir or tempfile.mkdtemp(prefix="gb_curve_")
    set_device("cpp_standalone", directory=builddir)
    prefs.devices.cpp_standalone.openmp_threads = 0  # single thread, like gbbench -workers 1
    defaultclock.dt = args.dt * ms
    brian_seed(args.seed)

    nsteps = lambda t_ms: int(round(t_ms / args.dt))  # noqa: E731
    pre_t = np.array([nsteps(T_FIRST_MS + k * PERIOD_MS) for k in range(N_PAIRS)]) * args.dt
    pre = SpikeGeneratorGroup(1, np.zeros(N_PAIRS, dtype=int), pre_t * ms)
    post_i, post_t = [], []
    for j, d in enumerate(DTS_MS):
        for k in range(N_PAIRS):
            post_i.append(j)
            post_t.append(nsteps(T_FIRST_MS + k * PERIOD_MS + d) * args.dt)
    post = SpikeGeneratorGroup(len(DTS_MS), np.array(post_i), np.array(post_t) * ms)

    syn = Synapses(pre, post, model=equations(nstoch > 0),
                   on_pre="c += C_pre", on_post="c += C_post",
                   delay=D, method="heun",
                   namespace={"C_pre": C_PRE, "C_post": C_POST})
    jj = np.repeat(np.arange(len(DTS_MS)), per_dt)
    syn.connect(i=np.zeros_like(jj), j=jj)
    # kind: 0 = det from 0, 1 = det from 1, 2 = stochastic from 0, 3 = stochastic from 1
    kind1 = np.array([0, 1] + [2] * nhalf + [3] * nhalf)
    kind = np.tile(kind1, len(DTS_MS))
    syn.kind = kind
    syn.rho = np.where((kind == 1) | (kind == 3), 1.0, 0.0)
    syn.sigma = np.where(kind >= 2, SIGMA, 0.0)
    syn.c = 0
    syn.tau_Ca = TAU_CA
    syn.theta_d = THETA_D
    syn.theta_p = THETA_P
    syn.gamma_d = GAMMA_D
    syn.gamma_p = GAMMA_P
    syn.tau = TAU
    syn.rho_star = RHO_STAR

    net = Network(pre, post, syn)
    net.run(T_END_MS * ms)  # build_on_run: generates, compiles and runs here

    rho = np.asarray(syn.rho[:])
    kind_out = np.asarray(syn.kind[:])
    j_out = np.asarray(syn.j[:])
    with open(args.out, "w") as f:
        f.write("dt_ms,rho_det0,rho_det1,up0,up1,n0,n1\n")
        for j, d in enumerate(DTS_MS):
            m = j_out == j
            r, k = rho[m], kind_out[m]
            s0, s1 = r[k == 2], r[k == 3]
            up0 = np.mean(s0 > RHO_STAR) if len(s0) else float("nan")
            up1 = np.mean(s1 > RHO_STAR) if len(s1) else float("nan")
            f.write(f"{d:g},{r[k == 0][0]:.10g},{r[k == 1][0]:.10g},"
                    f"{up0:.6g},{up1:.6g},{len(s0)},{len(s1)}\n")

    total = time.time() - T0
    build_s = device.timers["compile"].get("make", float("nan"))
    binary_s = device.timers.get("run_binary", float("nan"))
    sim_s = getattr(device, "_last_run_time", float("nan"))
    if args.builddir is None:
        shutil.rmtree(builddir, ignore_errors=True)
    print(f"brian2 gb_stdp_curve dt={args.dt} ms, {len(DTS_MS)} Dt x {per_dt} synapses, "
          f"target cpp_standalone -> {args.out}")
    print(f"WALL total_s={total:.2f} build_s={build_s:.2f} binary_s={binary_s:.2f} sim_s={sim_s:.2f}")


if __name__ == "__main__":
    main()
