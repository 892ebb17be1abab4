#!/usr/bin/env python3
"""Read a synlab run and a sweep into pandas, and plot them with matplotlib.

    synlab run lfs --out runs/lfs
    synlab sweep plan examples/sweeps/frequency-calcium.yaml -o runs/sweep
    synlab sweep run runs/sweep
    python3 examples/python/read_run.py runs/lfs runs/sweep --out runs/python.png

A run's folder holds trace.parquet (the sampled state; every column's unit and
description are in the file's metadata under "synlab.cols"), tests.csv (the
strength at each test pulse) and summary.json (the outcome in numbers). A
sweep's folder holds results.parquet, one row per point.

Reading Parquet needs pyarrow or fastparquet. Without either, the script says
so and reads the CSV twins (trace.csv, results.csv), which hold the same
numbers with the units folded into the column names (t_ms, ca_uM).
"""
import argparse
import json
import sys
from pathlib import Path

import pandas as pd


def parquet_engine():
    """The Parquet reader pandas can use here, or None."""
    for name in ("pyarrow", "fastparquet"):
        try:
            __import__(name)
            return name
        except ImportError:
            pass
    return None


def parquet_columns(path):
    """{name: (unit, doc)} from a synlab Parquet file's metadata. synlab
    stores them as JSON under the key "synlab.cols" in the file's footer,
    where it is plain text, so no Parquet library is needed to read it."""
    data = Path(path).read_bytes()
    if len(data) < 12 or data[-4:] != b"PAR1":
        return {}
    size = int.from_bytes(data[-8:-4], "little")
    footer = data[-8 - size:-8]
    at = footer.find(b"synlab.cols")
    start = footer.find(b"[", at) if at >= 0 else -1
    if start < 0:
        return {}
    cols, _ = json.JSONDecoder().raw_decode(footer[start:].decode("utf-8", "replace"))
    return {c["name"]: (c.get("unit", ""), c.get("doc", "")) for c in cols}


def read_table(folder, stem):
    """A table of a synlab folder as a DataFrame, and its columns' units and
    descriptions ({name: (unit, doc)}) from the Parquet file."""
    parquet = Path(folder) / (stem + ".parquet")
    cols = parquet_columns(parquet) if parquet.exists() else {}
    if parquet_engine() and parquet.exists():
        return pd.read_parquet(parquet), cols
    print(f"note: no Parquet reader (pyarrow or fastparquet) here; reading {stem}.csv instead", file=sys.stderr, flush=True)
    return pd.read_csv(Path(folder) / (stem + ".csv")), cols


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", help="a folder written by synlab run")
    ap.add_argument("sweep", nargs="?", help="a folder written by synlab sweep run")
    ap.add_argument("--out", default="synlab-python.png", help="the figure to write")
    args = ap.parse_args()

    # A run in three lines: the trace, the test pulses, the summary.
    trace, cols = read_table(args.run, "trace")
    tests = pd.read_csv(Path(args.run) / "tests.csv")
    summary = json.loads((Path(args.run) / "summary.json").read_text())

    print(f"{summary['name']}: {summary['change_pct']:+.1f}% at {summary['readout_min']:g} min after induction, {summary['outcome']}")
    print(f"trace: {len(trace)} rows x {len(trace.columns)} columns", flush=True)
    for name in list(trace.columns)[:6]:
        unit, doc = cols.get(name, ("", ""))
        print(f"  {name:<16} {unit:<6} {doc}")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = 3 if args.sweep else 2
    fig, ax = plt.subplots(n, 1, figsize=(7, 2.6 * n), constrained_layout=True)
    ax[0].plot(tests["t_min"], tests["strength_pct"], "o", ms=3)
    ax[0].axhline(100, ls="--", c="grey")
    ax[0].set(xlabel="Time (min)", ylabel="Strength (% of baseline)", title=summary["name"])
    # One variable of the model: the receptors or the weight behind the strength.
    var = next((c for c in ("ampar_trapped", "ampar_surface", "w", "rho") if c in trace.columns), trace.columns[-1])
    unit, doc = cols.get(var, ("", var))
    ax[1].plot(trace["t_ms"] / 60000, trace[var])
    ax[1].set(xlabel="Time (min)", ylabel=unit, title=doc or var)

    if args.sweep:
        res, _ = read_table(args.sweep, "results")
        axes = [c for c in res.columns if "." in c]  # the swept paths, e.g. protocol.train.rate_Hz
        print(f"sweep: {len(res)} points over {', '.join(axes)}")
        x = axes[0]
        for key, group in res.groupby(axes[1]) if len(axes) > 1 else [(None, res)]:
            group = group.sort_values(x)
            ax[2].plot(group[x], group["change_pct"], "o-", label=f"{axes[1]} = {key:g}" if key is not None else None)
        ax[2].set(xscale="log", xlabel=x, ylabel="Change (%)")
        ax[2].axhline(0, ls="--", c="grey")
        if len(axes) > 1:
            ax[2].legend(fontsize=7)

    fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
