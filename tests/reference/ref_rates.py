"""Reference values for est's two-rate Poisson tests, rate-ratio intervals, distribution tails,
two-period change and weekly early warning, computed with statsmodels and scipy.

    python tests/reference/ref_rates.py --out tests/golden/rates_statsmodels.json

Inputs are small hand-written cases (listed in this file and copied into the output):
counts and exposures including zero counts and unequal exposures; far-tail arguments for the
binomial, Poisson and negative-binomial survival functions; a two-period change over eight
units; a weekly table of 3 places x 2 categories x 9 weeks for the early warning.

Libraries (the real ones, nothing re-implemented except where stated):
- statsmodels.stats.rates.test_poisson_2indep (score, wald, exact-cond, cond-midp,
  etest-score, etest-wald) and confint_poisson_2indep (wald-log, score; the score interval
  only when both counts are positive: with a zero count statsmodels' root search returns a
  degenerate interval);
- scipy.stats.binomtest (two-sided minlike p and proportion_ci(method="exact"), the exact
  interval of the rate ratio is p/(1-p)*e2/e1 of the Clopper-Pearson limits);
- scipy.stats.binom / poisson / nbinom (sf), norm.ppf;
- statsmodels.stats.multitest.multipletests(method="fdr_bh") for the change and early-warning
  families.
Stated formulas (no library has them): Wheeler's display z = 2(sqrt(x) - sqrt(mu)), the
change's Wheeler z = 2(sqrt(n_a) - sqrt(n_b L_a/L_b))/sqrt(1 + L_a/L_b), the method-of-moments
negative-binomial size k = mu^2/(v - mu) with the sample variance (ddof = 1).
"""
import argparse
import json
import math
import platform

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

METHODS = ["score", "wald", "exact-cond", "cond-midp", "etest-score", "etest-wald"]

# (c1, e1, c2, e2): the method reference's §9.5 cases, ptools/Wheeler examples, zeros,
# unequal exposures, small and large counts.
RATE_CASES = [
    (30, 1.0, 50, 1.0), (12, 13.0, 30, 26.0), (0, 4.0, 6, 8.0),
    (25, 1.0, 16, 1.0), (0, 1.0, 3, 1.0), (6, 1.0, 2, 1.0), (2, 1.0, 6, 1.0),
    (110, 1.0, 207, 1.0), (10, 1.0, 20, 1.0),
    (1, 1.0, 0, 1.0), (0, 1.0, 1, 1.0), (5, 2.5, 0, 1.0), (0, 0.5, 9, 3.0),
    (3, 7.0, 3, 7.0), (4, 1.0, 2, 0.5), (7, 28.0, 1, 7.0),
    (9, 1.0, 16, 8.0), (1, 3.0, 12, 365.0), (40, 91.0, 12, 91.0),
    (150, 2.0, 120, 3.0), (400, 1.0, 350, 1.2), (1500, 1.0, 1400, 1.0),
    (17, 0.25, 60, 1.0), (2, 10.0, 30, 10.0), (13, 1.0, 13, 2.0), (8, 3.0, 8, 1.0),
]

CI_ALPHAS = [0.05, 0.1]

BINOM_SF = [  # (k, n, p): P(X >= k)
    (5, 15, 1 / 9), (0, 10, 0.3), (1, 10, 0.3), (10, 10, 0.3), (7, 20, 0.5), (15, 20, 0.5),
    (180, 200, 0.3), (60, 200, 0.3), (3, 1000, 0.001), (40, 1000, 0.001), (999, 1000, 0.999),
    (2000, 5000, 0.25), (1400, 5000, 0.25), (1, 1, 0.5), (12, 42, 1 / 3), (30, 42, 1 / 3),
    (50, 60, 1 / 61), (1_000_200, 2_000_000, 0.5),
]
BINOM_TEST = [  # (k, n, p): two-sided minlike p
    (12, 42, 1 / 3), (30, 80, 0.5), (0, 6, 1 / 3), (110, 317, 0.5), (5, 15, 1 / 9), (0, 15, 1 / 9),
    (15, 15, 1 / 9), (7, 14, 0.5), (3, 40, 0.2), (20, 40, 0.2), (1, 100, 0.001), (50, 100, 0.3),
    (700, 2000, 0.37), (2, 9, 0.25), (9, 9, 0.9), (8, 9, 0.9),
]
POISSON_SF = [  # (k, mu): P(X >= k)
    (5, 1.25), (8, 2.25), (0, 3.0), (1, 3.0), (1, 1e-6), (50, 1.0), (100, 10.0), (3, 40.0),
    (40, 40.0), (60, 40.0), (1000, 900.0), (800, 900.0), (200, 3.0), (12, 0.05),
]
NBINOM_SF = [  # (k, mean, size): P(X >= k)
    (8, 2.25, 1.3762135922330097), (0, 2.0, 1.0), (1, 2.0, 1.0), (3, 0.5, 0.2), (30, 3.0, 0.5),
    (20, 10.0, 50.0), (2, 10.0, 50.0), (200, 20.0, 2.0), (5, 1.0, 1000.0), (60, 4.0, 3.0),
]
NORM_PPF = [0.975, 0.95, 0.995, 0.5, 0.025, 1e-10, 1 - 1e-10, 0.3]

# §6.2 of the method reference.
EW_CASES = [
    {"baseline": [2, 0, 1, 3, 1, 2, 0, 1], "x": 5},
    {"baseline": [0, 4, 1, 6, 0, 2, 5, 0], "x": 8},
    {"baseline": [0, 0, 0, 0, 0, 0, 0, 0], "x": 3},
    {"baseline": [10, 12, 9, 11, 10, 8, 13, 11], "x": 19},
]

# Two-period change: eight units, before 181 days, after 184 days.
CHANGE = {
    "labels": ["A", "B", "C", "D", "E", "F", "G", "H"],
    "before": [12, 0, 5, 30, 0, 7, 1, 44],
    "after": [25, 0, 0, 18, 3, 7, 9, 41],
    "length_before": 181.0, "length_after": 184.0, "alpha": 0.05,
}

# Early warning: 3 places x 2 categories, 9 weeks (the last is the week under test).
EW_TABLE = {
    "places": ["Ekparken", "Torget", "Stationen"],
    "categories": ["skadegorelse", "stold"],
    "weeks": ["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06",
              "2026-W07", "2026-W08", "2026-W09"],
    "counts": [
        [2, 0, 1, 3, 1, 2, 0, 1, 9],      # Ekparken skadegorelse
        [4, 5, 3, 6, 4, 5, 4, 3, 6],      # Ekparken stold
        [0, 4, 1, 6, 0, 2, 5, 0, 8],      # Torget skadegorelse (overdispersed)
        [0, 0, 0, 0, 0, 0, 0, 0, 0],      # Torget stold (untestable: nothing at all)
        [0, 0, 0, 0, 0, 0, 0, 0, 4],      # Stationen skadegorelse (all-zero baseline)
        [10, 12, 9, 11, 10, 8, 13, 11, 19],  # Stationen stold
    ],
    "alpha": 0.01, "min_count": 3,
}


def f(v):
    """JSON float: NaN and inf as null."""
    v = float(v)
    return None if (math.isnan(v) or math.isinf(v)) else v


def two_rate():
    out = []
    for c1, e1, c2, e2 in RATE_CASES:
        row = {"c1": c1, "e1": e1, "c2": c2, "e2": e2, "tests": {}, "ci": []}
        for m in METHODS:
            r = test_poisson_2indep(c1, e1, c2, e2, method=m)
            row["tests"][m] = {"statistic": f(r.statistic), "pvalue": f(r.pvalue)}
        n = c1 + c2
        for alpha in CI_ALPHAS:
            ci = {"alpha": alpha}
            if c1 > 0 and c2 > 0:
                lo, hi = confint_poisson_2indep(c1, e1, c2, e2, method="wald-log", alpha=alpha)
                ci["wald_log"] = [f(lo), f(hi)]
                lo, hi = confint_poisson_2indep(c1, e1, c2, e2, method="score", alpha=alpha)
                ci["score"] = [f(lo), f(hi)]
            pi0 = e1 / (e1 + e2)
            pci = stats.binomtest(c1, n, pi0).proportion_ci(confidence_level=1 - alpha, method="exact")
            to_irr = lambda p: math.inf if p >= 1 else p / (1 - p) * e2 / e1
            ci["exact"] = [f(to_irr(pci.low)), f(to_irr(pci.high))]
            ci["exact_proportion"] = [f(pci.low), f(pci.high)]
            row["ci"].append(ci)
        out.append(row)
    return out


def distributions():
    return {
        "binom_sf": [{"k": k, "n": n, "p": p, "value": f(stats.binom.sf(k - 1, n, p))} for k, n, p in BINOM_SF],
        "binom_test": [{"k": k, "n": n, "p": p, "value": f(stats.binomtest(k, n, p).pvalue)} for k, n, p in BINOM_TEST],
        "poisson_sf": [{"k": k, "mu": mu, "value": f(stats.poisson.sf(k - 1, mu))} for k, mu in POISSON_SF],
        "nbinom_sf": [{"k": k, "mean": m, "size": s, "value": f(stats.nbinom.sf(k - 1, s, s / (s + m)))}
                      for k, m, s in NBINOM_SF],
        "norm_ppf": [{"p": p, "value": f(stats.norm.ppf(p))} for p in NORM_PPF],
    }


def exceedance(baseline, x, method):
    """Upper-tail p of this week's count x against the baseline weeks (method reference §6.2)."""
    b = np.asarray(baseline, float)
    B, S = len(b), b.sum()
    mu = S / B
    v = b.var(ddof=1) if B > 1 else 0.0
    cond = float(stats.binom.sf(x - 1, x + int(S), 1 / (B + 1)))
    if method == "exact_conditional":
        return cond, "exact_conditional", None
    if method == "poisson":
        return (cond, "exact_conditional", None) if mu == 0 else (float(stats.poisson.sf(x - 1, mu)), "poisson", None)
    if method == "negative_binomial" or (method == "auto" and v > mu and B >= 8):
        if v > mu:
            k = mu * mu / (v - mu)
            return float(stats.nbinom.sf(x - 1, k, k / (k + mu))), "negative_binomial", k
        if method == "auto":
            return cond, "exact_conditional", None
        return (cond, "exact_conditional", None) if mu == 0 else (float(stats.poisson.sf(x - 1, mu)), "poisson", None)
    return cond, "exact_conditional", None


def early_warning_cases():
    out = []
    for c in EW_CASES:
        b, x = c["baseline"], c["x"]
        arr = np.asarray(b, float)
        mu, v = arr.mean(), arr.var(ddof=1)
        row = {"baseline": b, "x": x, "mu": f(mu), "v": f(v),
               "poisson": f(stats.poisson.sf(x - 1, mu)) if mu > 0 else None,
               "conditional": f(stats.binom.sf(x - 1, x + int(arr.sum()), 1 / (len(b) + 1))),
               "z": f(2 * (math.sqrt(x) - math.sqrt(mu)))}
        if v > mu:
            k = mu * mu / (v - mu)
            row["nb_size"] = f(k)
            row["negative_binomial"] = f(stats.nbinom.sf(x - 1, k, k / (k + mu)))
        out.append(row)
    return out


def early_warning_table():
    t = EW_TABLE
    res = {}
    for method in ["exact_conditional", "poisson", "negative_binomial", "auto"]:
        units = []
        for u, series in enumerate(t["counts"]):
            base, x = series[:-1], series[-1]
            p_i, c_i = divmod(u, len(t["categories"]))
            tested = x + sum(base) > 0
            p, used, k = exceedance(base, x, method) if tested else (None, None, None)
            mu = float(np.mean(base))
            units.append({"place": t["places"][p_i], "category": t["categories"][c_i], "observed": x,
                          "expected": mu, "tested": tested, "p": p, "method": used, "nb_size": k,
                          "z": 2 * (math.sqrt(x) - math.sqrt(mu)), "excess": x - mu})
        ps = [un["p"] for un in units if un["tested"]]
        adj = multipletests(ps, method="fdr_bh")[1]
        it = iter(adj)
        for un in units:
            un["p_adjusted"] = float(next(it)) if un["tested"] else None
            un["flagged"] = bool(un["tested"] and un["p_adjusted"] < t["alpha"] and un["observed"] >= t["min_count"])
        res[method] = {"tested": len(ps), "units": units}
    return res


def change():
    c = CHANGE
    la, lb = c["length_after"], c["length_before"]
    units = []
    for lab, nb, na in zip(c["labels"], c["before"], c["after"]):
        row = {"label": lab, "before": nb, "after": na, "testable": na + nb > 0}
        if row["testable"]:
            row["score_z"] = f(test_poisson_2indep(na, la, nb, lb, method="score").statistic)
            row["p"] = f(test_poisson_2indep(na, la, nb, lb, method="exact-cond").pvalue)
            row["p_etest_wald"] = f(test_poisson_2indep(na, la, nb, lb, method="etest-wald").pvalue)
            row["rate_ratio"] = f((na / la) / (nb / lb)) if nb > 0 else None
            r = la / lb
            row["wheeler_z"] = f(2 * (math.sqrt(na) - math.sqrt(nb * r)) / math.sqrt(1 + r))
        units.append(row)
    for key in ("p", "p_etest_wald"):
        ps = [u[key] for u in units if u["testable"]]
        adj = iter(multipletests(ps, method="fdr_bh")[1])
        for u in units:
            if u["testable"]:
                u[key + "_adjusted"] = float(next(adj))
    return {**c, "units": units}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    out = {
        "tool": "tests/reference/ref_rates.py",
        "versions": {"python": platform.python_version(), "statsmodels": statsmodels.__version__,
                     "scipy": scipy.__version__, "numpy": np.__version__},
        "params": {"methods": METHODS, "ci_alphas": CI_ALPHAS, "alternative": "two-sided",
                   "compare": "ratio", "value": 1},
        "two_rate": two_rate(),
        "distributions": distributions(),
        "early_warning_cases": early_warning_cases(),
        "early_warning_table": {"input": EW_TABLE, "results": early_warning_table()},
        "change": change(),
    }
    with open(a.out, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
