"""Reference pieces of emerging hot spot analysis on a polygon panel (Boston ecometrics).

R is not available where est's goldens are made, so sfdep itself is not run. This script
computes, with independent code and the real peer libraries:

1. queen contiguity of the polygons (libpysal.weights.Queen: at least one shared vertex);
2. the space-time Gi* z of every bin (est's definition, method reference §5.3): binary
   neighbours = spatial queen neighbours and the location itself, at steps t, t-1, ..., t-k;
   mean and population s.d. over the entire cube; written with numpy from the formula
   z = (sum - mean*W) / (s * sqrt((N*W - W^2) / (N - 1)));
3. two-sided normal p (scipy), Benjamini-Hochberg over all bins (statsmodels
   multipletests "fdr_bh"), significant hot/cold at adjusted p < alpha_bin;
4. Mann-Kendall on each location's z series (pymannkendall.original_test, alpha_trend);
5. the pattern of every location under est's rule table (§5.3), re-implemented here
   independently of the Rust code;
6. for information only, the pattern under sfdep's classification rules
   (R/emerging-hostpot-classifications.R, sfdep 0.2.x, replayed from the code):
   per-slice mean and variance, significance = one-tailed p <= 0.01 (the analytic normal
   tail stands in for sfdep's permutation p_sim, which needs R's RNG), Kendall's tau-b
   with a normal-approximation p in place of Kendall::MannKendall, and sfdep's rule order.
   These are NOT sfdep's outputs; they show how much the rules alone change the classes.

Usage (from the repository root, relative paths):
  python tests/reference/ref_ehsa_sfdep_rules.py \
      --csv ../shared/data/real/boston_ecometric/bos-ecometric.csv \
      --geojson ../shared/data/real/boston_ecometric/bos-ecometric.geojson \
      --out tests/golden/ehsa_boston_k1.json
"""

from __future__ import annotations

import argparse
import json
import math
import platform
from importlib.metadata import version

import numpy as np


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", required=True, help="long panel: .region_id, year, value")
    ap.add_argument("--geojson", required=True, help="polygons with property .region_id")
    ap.add_argument("--k", type=int, default=1, help="neighbourhood time steps (default 1)")
    ap.add_argument("--alpha-bin", type=float, default=0.10)
    ap.add_argument("--alpha-trend", type=float, default=0.05)
    ap.add_argument("--sfdep-threshold", type=float, default=0.01)
    ap.add_argument("--out", required=True)
    return ap.parse_args(argv)


def load(csv_path, geojson_path):
    import pandas as pd
    import shapely.geometry

    with open(geojson_path, encoding="utf-8") as fh:
        fc = json.load(fh)
    ids = [str(f["properties"][".region_id"]) for f in fc["features"]]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    df = pd.read_csv(csv_path, dtype={".region_id": str})
    piv = df.pivot(index=".region_id", columns="year", values="value").sort_index(axis=1)
    piv = piv.loc[ids]  # geometry order
    return ids, geoms, [int(y) for y in piv.columns], piv.to_numpy(float)


def queen(geoms):
    from libpysal.weights import Queen

    w = Queen.from_iterable(geoms)
    return [sorted(int(j) for j in w.neighbors[i]) for i in range(len(geoms))]


def space_time_gistar(X, nb, k, per_slice=False):
    """z per bin (n x T). per_slice=True: sfdep's variant (mean/var of the slice, n = locations)."""
    n, T = X.shape
    A = np.eye(n)
    for i, js in enumerate(nb):
        A[i, js] = 1.0
    S = A @ X  # spatial sums incl. self, per step
    m = A.sum(axis=1)
    Z = np.full((n, T), np.nan)
    N = X.size
    mean, sd = X.mean(), X.std()  # population s.d. (ddof = 0)
    for t in range(T):
        first = max(0, t - k)
        steps = t - first + 1
        total = S[:, first : t + 1].sum(axis=1)
        W = m * steps
        if per_slice:
            xs = X[:, t]
            mu, s2, nn = xs.mean(), ((xs - xs.mean()) ** 2).sum() / n, n
            Z[:, t] = (total - mu * W) / np.sqrt(s2 * (nn * W - W**2) / (nn - 1))
        else:
            Z[:, t] = (total - mean * W) / (sd * np.sqrt((N * W - W**2) / (N - 1)))
    return Z


def est_rule(hot, cold, up, down):
    """Method reference §5.3, written out as predicates in table order."""
    T = len(hot)
    H = [t for t in range(T) if hot[t]]
    C = [t for t in range(T) if cold[t]]

    def side(S, other, towards, away):
        ninety = 10 * len(S) >= 9 * T
        if ninety and towards:
            return 3
        if ninety and away:
            return 5
        if ninety:
            return 4
        if other:
            return 7
        if len(S) == 1:
            return 1
        if len(S) >= 2 and S == list(range(T - len(S), T)):
            return 2
        return 6

    if hot[-1]:
        return side(H, C, up, down)
    if cold[-1]:
        return -side(C, H, down, up)
    if 10 * len(H) >= 9 * T:
        return 8
    if 10 * len(C) >= 9 * T:
        return -8
    return 0


SFDEP_CODES = {
    "new hotspot": 1, "consecutive hotspot": 2, "intensifying hotspot": 3,
    "persistent hotspot": 4, "diminishing hotspot": 5, "sporadic hotspot": 6,
    "oscilating hotspot": 7, "historical hotspot": 8,
    "new coldspot": -1, "consecutive coldspot": -2, "intensifying coldspot": -3,
    "persistent coldspot": -4, "diminishing coldspot": -5, "sporadic coldspot": -6,
    "oscilating coldspot": -7, "historical coldspot": -8, "no pattern detected": 0,
}


def sfdep_rule(gs, sigs, tau, tau_p, threshold):
    """sfdep's classify_hotspot() rule functions, in sfdep's list order; first TRUE wins."""
    gs = np.asarray(gs)
    sigs = np.asarray(sigs, bool)
    n = len(gs)

    def final_run():
        rs = np.cumsum(np.r_[sigs[::-1], False])
        return int(np.flatnonzero(np.diff(rs) == 0)[0]) + 1

    def consecutive(sign):
        if not (sigs[-1] and sign * gs[-1] > 0):
            return False
        r = final_run()
        rest = np.ones(n, bool)
        rest[n - r :] = False
        return (not sigs[rest].any()) and sigs[~rest].all() and (
            (sigs & (sign * gs > 0)).sum() / n < 0.9)

    hot, cold = sigs & (gs > 0), sigs & (gs < 0)
    rules = [
        ("new hotspot", sigs.sum() == 1 and sigs[-1] and gs[-1] > 0),
        ("new coldspot", sigs.sum() == 1 and sigs[-1] and gs[-1] < 0),
        ("consecutive hotspot", consecutive(1)),
        ("consecutive coldspot", consecutive(-1)),
        ("intensifying hotspot", sigs.sum() / n >= 0.9 and sigs[-1] and tau > 0 and tau_p < threshold),
        ("intensifying coldspot", cold.sum() / n >= 0.9 and sigs[-1] and tau < 0 and tau_p <= threshold),
        ("persistent hotspot", hot.sum() / n >= 0.9 and tau_p > threshold),
        ("persistent coldspot", cold.sum() / n >= 0.9 and tau_p > threshold),
        ("diminishing hotspot", hot.sum() / n >= 0.9 and sigs[-1] and tau < 0 and tau_p <= threshold),
        ("diminishing coldspot", cold.sum() / n >= 0.9 and sigs[-1] and tau > 0 and tau_p <= threshold),
        ("oscilating hotspot", hot.sum() / n <= 0.9 and gs[-1] > 0 and sigs[-1] and cold.any()),
        ("oscilating coldspot", cold.sum() / n < 0.9 and gs[-1] < 0 and sigs[-1] and hot.any()),
        ("historical hotspot", hot.sum() / n >= 0.9 and gs[-1] < 0),
        ("historical coldspot", gs[-1] > 0 and cold.sum() / n >= 0.9),
        ("sporadic hotspot", hot.sum() / n < 0.9 and not cold.any() and hot.any()),
        ("sporadic coldspot", cold.sum() / n < 0.9 and not hot.any() and cold.any()),
    ]
    for name, ok in rules:
        if ok:
            return SFDEP_CODES[name]
    return 0


def kendall_tau_b_normal(x):
    """Kendall's tau-b of x against time and a two-sided normal p with continuity correction
    (a stand-in for Kendall::MannKendall's tau and sl)."""
    from scipy.stats import kendalltau, norm

    n = len(x)
    tau = kendalltau(np.arange(n), x).statistic
    s = sum(np.sign(x[j] - x[i]) for i in range(n) for j in range(i + 1, n))
    _, counts = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in counts)) / 18
    z = 0.0 if s == 0 else (s - np.sign(s)) / math.sqrt(var)
    return float(tau), float(2 * norm.sf(abs(z)))


def main(argv=None):
    args = parse_args(argv)
    import pymannkendall as mk
    from scipy.stats import norm
    from statsmodels.stats.multitest import multipletests

    ids, geoms, years, X = load(args.csv, args.geojson)
    n, T = X.shape
    nb = queen(geoms)

    Z = space_time_gistar(X, nb, args.k)
    p = 2 * norm.sf(np.abs(Z))
    p_adj = multipletests(p.ravel(), method="fdr_bh")[1].reshape(n, T)
    hot = (Z > 0) & (p_adj < args.alpha_bin)
    cold = (Z < 0) & (p_adj < args.alpha_bin)

    mk_cols = {f: [] for f in ("trend", "h", "p", "z", "Tau", "s", "var_s", "slope", "intercept")}
    est_codes = []
    for i in range(n):
        r = mk.original_test(Z[i], alpha=args.alpha_trend)
        for f in mk_cols:
            v = getattr(r, f)
            mk_cols[f].append(v if f == "trend" else (bool(v) if f == "h" else float(v)))
        est_codes.append(est_rule(list(hot[i]), list(cold[i]),
                                  r.trend == "increasing", r.trend == "decreasing"))

    # sfdep's rules on sfdep-style inputs (see the module docstring: an approximation).
    Zs = space_time_gistar(X, nb, args.k, per_slice=True)
    sfdep_codes = []
    for i in range(n):
        sigs = norm.sf(np.abs(Zs[i])) <= args.sfdep_threshold
        tau, tau_p = kendall_tau_b_normal(Zs[i])
        sfdep_codes.append(sfdep_rule(Zs[i], sigs, tau, tau_p, args.sfdep_threshold))
    crosstab = {}
    for a, b in zip(est_codes, sfdep_codes):
        key = f"{a},{b}"
        crosstab[key] = crosstab.get(key, 0) + 1

    bins = np.where(hot, 1, np.where(cold, -1, 0))
    out = {
        "tool": "tests/reference/ref_ehsa_sfdep_rules.py",
        "versions": {
            "python": platform.python_version(),
            **{m: version(m) for m in ("numpy", "scipy", "statsmodels", "pymannkendall",
                                        "libpysal", "shapely", "pandas")},
        },
        "params": {"k": args.k, "alpha_bin": args.alpha_bin, "alpha_trend": args.alpha_trend,
                   "adjustment": "fdr_bh over all bins", "global_window": "entire cube",
                   "sfdep_threshold": args.sfdep_threshold,
                   "input": "sfdep inst/extdata/bos-ecometric.{csv,geojson} (168 tracts x 10 years)"},
        "ids": ids,
        "years": years,
        "neighbours": nb,
        "gistar_z": [[float(v) for v in row] for row in Z],
        "bins": bins.tolist(),
        "n_significant": {"hot": int(hot.sum()), "cold": int(cold.sum())},
        "mann_kendall": mk_cols,
        "est_rule_codes": est_codes,
        "sfdep_rule_codes_informative": sfdep_codes,
        "crosstab_est_vs_sfdep_rules": crosstab,
    }
    text = json.dumps(out, indent=None, separators=(",", ":"), allow_nan=False)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    agree = sum(a == b for a, b in zip(est_codes, sfdep_codes))
    print(f"{n} locations x {T} steps; hot bins {hot.sum()}, cold bins {cold.sum()}; "
          f"est rules vs sfdep rules agree on {agree}/{n}")


if __name__ == "__main__":
    main()
