"""Reference values for est's empirical-Bayes rate smoothing, computed with PySAL esda.

    python tests/reference/ref_smoothing.py --out tests/golden/eb_sample_town_500m.json

Input: tests/fixtures/sample_town_2k_seed7.csv (est's own generator), counted on a grid of
500 m cells with the project's grid convention (origin = min − cell/2, ncols = floor((max −
x0)/cell) + 1, row 0 at the south, cell id = row·ncols + col). The population at risk per
cell is synthetic and deterministic: base_i = 40 + (37·i mod 211). Weights: queen contiguity
on the grid (libpysal.weights.lat2W(rook=False)), binary, no self weight.

Output: events, base, neighbours (lists), and esda's Empirical_Bayes, Spatial_Rate and
Spatial_Empirical_Bayes rates, with the library versions.
"""
import argparse
import json
import math
import platform

import esda
import libpysal
import numpy as np
import pandas as pd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default="tests/fixtures/sample_town_2k_seed7.csv")
    ap.add_argument("--cell", type=float, default=500.0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    df = pd.read_csv(a.input)
    x, y = df["x"].to_numpy(float), df["y"].to_numpy(float)
    x0, y0 = x.min() - a.cell / 2, y.min() - a.cell / 2
    ncols = int(math.floor((x.max() - x0) / a.cell)) + 1
    nrows = int(math.floor((y.max() - y0) / a.cell)) + 1
    col = np.floor((x - x0) / a.cell).astype(int)
    row = np.floor((y - y0) / a.cell).astype(int)
    e = np.bincount(row * ncols + col, minlength=nrows * ncols).astype(float)
    n = nrows * ncols
    b = np.array([40 + (37 * i) % 211 for i in range(n)], float)
    w = libpysal.weights.lat2W(nrows, ncols, rook=False)
    w.transform = "b"
    neighbours = [sorted(int(j) for j in w.neighbors[i]) for i in range(n)]
    eb = esda.smoothing.Empirical_Bayes(e, b).r.ravel()
    sr = esda.smoothing.Spatial_Rate(e, b, w).r.ravel()
    seb = esda.smoothing.Spatial_Empirical_Bayes(e, b, w).r.ravel()
    out = {
        "tool": "tests/reference/ref_smoothing.py",
        "versions": {"python": platform.python_version(), "esda": esda.__version__,
                     "libpysal": libpysal.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "params": {"input": a.input, "cell": a.cell, "origin": [x0, y0], "ncols": ncols, "nrows": nrows,
                   "base": "40 + (37*i mod 211)", "weights": "lat2W(rook=False), binary"},
        "events": e.tolist(), "base": b.tolist(), "neighbours": neighbours,
        "raw": (e / b).tolist(), "empirical_bayes": eb.tolist(), "spatial_rate": sr.tolist(),
        "spatial_empirical_bayes": seb.tolist(),
    }
    # esda gives NaN (0/0) where a whole neighbourhood has no events; JSON has no NaN: null.
    for k in ("raw", "empirical_bayes", "spatial_rate", "spatial_empirical_bayes"):
        out[k] = [None if isinstance(v, float) and math.isnan(v) else v for v in out[k]]
    with open(a.out, "w") as f:
        json.dump(out, f, allow_nan=False)
    print(f"{n} cells ({ncols} x {nrows}), {int(e.sum())} events -> {a.out}")


if __name__ == "__main__":
    main()
