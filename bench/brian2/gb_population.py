#!/usr/bin/python3
"""Brian2 reference for a Poisson-driven population of Graupner–Brunel synapses.

Model and parameters
    Graupner M, Brunel N (2012) PNAS 109(10):3991-3996, doi:10.1073/pnas.1109359109;
    noise term as corrected in PNAS 2013, doi:10.1073/pnas.1220044110. "DP" parameter set.

Brian2 formulation
    Follows Brian2's own example brian-team/brian2: examples/frompapers/Graupner_Brunel_2012.py
    (S. Schmitt 2022): same synapse equations, noise term
    sigma*sqrt(tau)*sqrt(int(c>theta_d) + int(c>theta_p))*xi, method="heun",
    on_pre "c += C_pre" with delay D = 13.7 ms, on_post "c += C_post".
    Here each of the N synapses has its own independent Poisson presynaptic and postsynaptic
    neuron (PoissonGroup, 5 Hz each, one-to-one connections); run for T = 10 s;
    rho(0) = 0 for i < N/2 and 1 otherwise, c(0) = 0.

Output: a one-row CSV
    n, mean, sd (sample standard deviation, ddof = 1), frac_up (fraction with rho > rho* = 0.5),
    wall_s (Brian2's simulation-loop time, device._last_run_time: excludes code generation
    and Cython compilation), h00..h19 (counts in 20 equal bins on [-0.5, 1.5]; values outside
    are clipped into the end bins), wall_total_s (whole script incl. imports and compilation).

Usage
    /usr/bin/python3 gb_population.py --n 10000 --dt 0.1 --target cython --out ref/brian2_pop_1e4.csv
"""
import argparse
import time

T0 = time.time()

import numpy as np  # noqa: E402
from brian2 import (  # noqa: E402
    PoissonGroup, Synapses, Network, defaultclock, ms, second, Hz, prefs,
    seed as brian_seed, device,
)

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

EQS = """
tau      : second (constant, shared)
rho_star : 1      (constant, shared)
gamma_p  : 1      (constant, shared)
theta_p  : 1      (constant, shared)
gamma_d  : 1      (constant, shared)
theta_d  : 1      (constant, shared)
tau_Ca   : second (constant, shared)
sigma    : 1      (constant, shared)
drho/dt = (-rho*(1-rho)*(rho_star-rho)
           + gamma_p*(1-rho)*int((c-theta_p) > 0)
           - gamma_d*rho*int((c-theta_d) > 0)
           + sigma*sqrt(tau)*sqrt(int((c-theta_d) > 0) + int((c-theta_p) > 0))*xi
           ) / tau : 1 (clock-driven)
dc/dt = -c/tau_Ca : 1 (clock-driven)
"""

HIST_LO, HIST_HI, HIST_BINS = -0.5, 1.5, 20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dt", type=float, default=0.1, help="integration step (ms)")
    ap.add_argument("--target", default="cython", choices=["cython", "numpy"])
    ap.add_argument("--rate", type=float, default=5.0, help="pre and post Poisson rate (Hz)")
    ap.add_argument("--T", type=float, default=10.0, help="duration (s)")
    ap.add_argument("--seed", type=int, default=2012)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    prefs.codegen.target = args.target
    defaultclock.dt = args.dt * ms
    brian_seed(args.seed)
    n = args.n

    pre = PoissonGroup(n, args.rate * Hz)
    post = PoissonGroup(n, args.rate * Hz)
    syn = Synapses(pre, post, model=EQS, on_pre="c += C_pre", on_post="c += C_post",
                   delay=D, method="heun", namespace={"C_pre": C_PRE, "C_post": C_POST})
    syn.connect(j="i")
    syn.tau_Ca = TAU_CA
    syn.theta_d = THETA_D
    syn.theta_p = THETA_P
    syn.gamma_d = GAMMA_D
    syn.gamma_p = GAMMA_P
    syn.sigma = SIGMA
    syn.tau = TAU
    syn.rho_star = RHO_STAR
    syn.c = 0
    rho0 = np.where(np.arange(n) < n // 2, 0.0, 1.0)
    syn.rho = rho0[np.asarray(syn.i[:])]

    net = Network(pre, post, syn)
    net.run(args.T * second)
    sim_s = device._last_run_time
    rho = np.asarray(syn.rho[:])
    total = time.time() - T0

    hist, _ = np.histogram(np.clip(rho, HIST_LO, HIST_HI - 1e-12), bins=HIST_BINS,
                           range=(HIST_LO, HIST_HI))
    cols = ["n", "mean", "sd", "frac_up", "wall_s"] + [f"h{k:02d}" for k in range(HIST_BINS)] \
        + ["wall_total_s"]
    vals = [str(n), f"{rho.mean():.8g}", f"{rho.std(ddof=1):.8g}",
            f"{np.mean(rho > RHO_STAR):.8g}", f"{sim_s:.3f}"] + [str(h) for h in hist] \
        + [f"{total:.3f}"]
    with open(args.out, "w") as f:
        f.write(",".join(cols) + "\n" + ",".join(vals) + "\n")
    print(f"brian2 gb_population n={n} dt={args.dt} ms target={args.target} -> {args.out}")
    print(f"mean={rho.mean():.5f} sd={rho.std(ddof=1):.5f} frac_up={np.mean(rho > RHO_STAR):.5f}")
    print(f"WALL total_s={total:.2f} sim_s={sim_s:.2f}")


if __name__ == "__main__":
    main()
