"""Reference values for est's Poisson difference-in-differences and the exact conditional
interval of the IRR relative to a control area.

    python tests/reference/ref_did.py --out tests/golden/did_panel.json

1. The 2 x 2 DiD of the method reference (section 9.7, Wheeler & Ratcliffe 2018 counts: target
   207 -> 110, control 308 -> 318) as a statsmodels Poisson GLM with group, period and
   interaction terms.
2. Two small synthetic panels (areas x periods), drawn here with numpy's PCG64 generator and
   a fixed seed and written into the output with every input: y, group, time, treated_post,
   exposure (days). "poisson": Poisson counts; "overdispersed": negative-binomial counts.
   Model: statsmodels GLM, family Poisson, log link, offset log(exposure), design =
   intercept + group dummies + period dummies (first level of each dropped) + treated_post.
   Fitted with scale 1 (Poisson) and scale "X2" (quasi-Poisson: Pearson chi2 / df_resid).
3. The exact conditional interval of the odds ratio of [[T1, T0], [C1, C0]], which equals the
   IRR (T1/T0)/(C1/C0): scipy.stats.contingency.odds_ratio(kind="conditional")
   .confidence_interval(confidence_level), for hand-written tables including zero counts.
"""
import argparse
import json
import math
import platform

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy.stats.contingency import odds_ratio


def design(group, time, treated_post):
    df = pd.DataFrame({"g": pd.Categorical(group), "t": pd.Categorical(time)})
    x = pd.get_dummies(df, columns=["g", "t"], drop_first=True, dtype=float)
    x.insert(0, "const", 1.0)
    x["treated_post"] = np.asarray(treated_post, float)
    return x


def fit(y, group, time, treated_post, exposure, scale):
    x = design(group, time, treated_post)
    offset = None if exposure is None else np.log(np.asarray(exposure, float))
    model = sm.GLM(np.asarray(y, float), x, family=sm.families.Poisson(), offset=offset)
    # A tolerance far below the default (1e-8) so that the reference sits at the optimum.
    res = model.fit(scale=scale, tol=1e-14, maxiter=1000)
    k = list(x.columns).index("treated_post")
    lo, hi = np.asarray(res.conf_int(alpha=0.05))[k]
    return {
        "log_irr": float(res.params.iloc[k]),
        "irr": math.exp(float(res.params.iloc[k])),
        "se_log": float(res.bse.iloc[k]),
        "z": float(res.tvalues.iloc[k]),
        "p": float(res.pvalues.iloc[k]),
        "lower": math.exp(lo),
        "upper": math.exp(hi),
        "scale": float(res.scale),
        "pearson_chi2": float(res.pearson_chi2),
        "deviance": float(res.deviance),
        "df_resid": int(round(res.df_resid)),
        "n_obs": int(res.nobs),
        "converged": bool(res.converged),
    }


def panel(rng, n_groups, n_times, treated, start, irr, overdispersed):
    labels = [3 * g + 2 for g in range(n_groups)]  # non-contiguous labels on purpose
    alpha = rng.normal(2.0, 0.5, n_groups)
    gamma = rng.normal(0.0, 0.3, n_times)
    rows = {"y": [], "group": [], "time": [], "treated_post": [], "exposure": []}
    for g in range(n_groups):
        for t in range(n_times):
            expo = 7.0 if t % 5 else 5.0 + g % 3  # some short and long periods
            d = g in treated and t >= start
            mu = math.exp(alpha[g] + gamma[t] + (math.log(irr) if d else 0.0)) * expo / 7.0
            if overdispersed:
                size = 2.5
                y = rng.negative_binomial(size, size / (size + mu))
            else:
                y = rng.poisson(mu)
            rows["y"].append(float(y))
            rows["group"].append(labels[g])
            rows["time"].append(t)
            rows["treated_post"].append(bool(d))
            rows["exposure"].append(expo)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = np.random.Generator(np.random.PCG64(a.seed))

    paper = {"y": [308.0, 318.0, 207.0, 110.0], "group": [0, 0, 1, 1], "time": [0, 1, 0, 1],
             "treated_post": [False, False, False, True], "exposure": None}
    cases = {"paper_2x2": paper,
             "poisson": panel(rng, 8, 12, {0, 1}, 7, 0.7, False),
             "overdispersed": panel(rng, 10, 15, {0, 1, 2}, 9, 0.6, True)}
    out_cases = {}
    for name, c in cases.items():
        out_cases[name] = {
            "input": c,
            "poisson": fit(c["y"], c["group"], c["time"], c["treated_post"], c["exposure"], None),
            "quasi_poisson": (None if name == "paper_2x2" else
                              fit(c["y"], c["group"], c["time"], c["treated_post"], c["exposure"],
                                  "X2")),
        }

    tables = [(207, 110, 308, 318), (10, 0, 20, 20), (0, 10, 20, 20), (5, 3, 7, 9),
              (12, 30, 40, 41), (1, 1, 1, 1), (3, 0, 1, 4), (40, 21, 35, 37), (0, 6, 4, 8),
              (150, 149, 900, 1210)]
    exact = []
    for t0, t1, c0, c1 in tables:
        res = odds_ratio([[t1, t0], [c1, c0]], kind="conditional")
        row = {"t0": t0, "t1": t1, "c0": c0, "c1": c1}
        for level in (0.95, 0.9):
            ci = res.confidence_interval(confidence_level=level)
            row[f"ci_{int(round(level * 100))}"] = [float(ci.low), float(ci.high)]
        exact.append(row)

    out = {
        "tool": "tests/reference/ref_did.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "pandas": pd.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        "params": {"seed": a.seed, "generator": "numpy PCG64", "alpha": 0.05,
                   "fit": "GLM Poisson, tol=1e-14, maxiter=1000; quasi: scale='X2'"},
        "cases": out_cases,
        "exact_conditional": exact,
    }

    def clean(o):
        if isinstance(o, float) and not math.isfinite(o):
            return None if math.isnan(o) else ("inf" if o > 0 else "-inf")
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, list):
            return [clean(v) for v in o]
        return o

    with open(a.out, "w") as f:
        json.dump(clean(out), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
