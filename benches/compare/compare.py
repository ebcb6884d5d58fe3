"""est against its reference implementations, on the same data in the same process.

    bash benches/compare/run.sh

Prints, for each task, the median wall time of est and of the reference (warm: numba and
caches compiled before timing) and the ratio. The data are est's sample town counted on a
100 × 100 grid (10 000 cells), as the issue's targets state; the time methods use a seeded
Poisson cube of 10 000 cells × 52 weeks (Mann–Kendall) and the sample town's events (Knox).
Where a reference would take minutes, it is timed on a part of the work and scaled
linearly; the output says so.
"""
from __future__ import annotations

import statistics
import time

import numpy as np


def timed(fn, repeat=7, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(task, t_est, t_ref, ref_name, target):
    ratio = t_ref / t_est
    status = "meets" if ratio >= target else "BELOW"
    print(f"{task:<44} est {t_est * 1e3:9.2f} ms   {ref_name} {t_ref * 1e3:9.2f} ms   "
          f"ratio {ratio:7.1f}x  (target {target}x: {status})")
    return ratio


def main():
    import est
    import esda
    import libpysal
    from sklearn.neighbors import KernelDensity

    town = est.sample_town(100_000, seed=1)
    x, y = town.x, town.y
    # 100 × 100 grid of 80 m cells over the 8 km town: 10 000 cells
    grid = est.Grid.from_extent(656_000.0, 6_606_000.0, 663_940.0, 6_613_940.0, 3006, cell_size=80.0)
    assert grid.n_cells == 10_000, grid.n_cells
    counts = grid.counts(x, y).counts
    cx, cy = grid.centroids()

    # Gi* with 999 permutations, queen + self (esda: binary weights, star=True).
    w = libpysal.weights.lat2W(grid.nrow, grid.ncol, rook=False)
    w.transform = "B"
    order = np.lexsort((cx, cy))  # est's cell order is row-major from the south, as lat2W
    assert np.all(order == np.arange(len(order)))
    qw = est.SpatialWeights.grid_contiguity(grid, "queen", self_weight=True)

    def run_est():
        est.local_g(counts, None, None, weights=qw, permutations=999, seed=1)

    def run_esda():
        esda.G_Local(counts, w, transform="B", star=True, permutations=999, seed=1, n_jobs=1)

    r_gi = report("Gi* 999 permutations, 10 000 cells", timed(run_est), timed(run_esda, repeat=5),
                  "esda", 50)

    # Kernel density: est quartic vs scikit-learn (epanechnikov: same compact support).
    pts = np.column_stack([x[:10_000], y[:10_000]])
    centres = np.column_stack([cx, cy])

    def run_kde_est():
        est.kde(x[:10_000], y[:10_000], grid=grid, kernel="quartic", bandwidth=300.0)

    def run_kde_sklearn():
        KernelDensity(kernel="epanechnikov", bandwidth=300.0).fit(pts).score_samples(centres)

    r_kde = report("KDE 10 000 points at 10 000 cells, h = 300 m", timed(run_kde_est),
                   timed(run_kde_sklearn), "scikit-learn", 20)
    r_mk = compare_mann_kendall()
    r_knox = [compare_knox(n) for n in (2_000, 10_000)]
    print(f"ratios: gi_star {r_gi:.1f}, kde {r_kde:.1f}, mann_kendall {r_mk:.1f}, "
          f"knox_2000 {r_knox[0]:.1f}, knox_10000 {r_knox[1]:.1f}")


def compare_mann_kendall(n_cells=10_000, n_weeks=52, subset=500):
    """Mann–Kendall + Sen's slope on every cell of a cube of seeded Poisson counts:
    est.mann_kendall_cube against a Python loop of pymannkendall.original_test, timed on the
    first `subset` series and scaled linearly to all cells (the loop does the same work per
    series)."""
    import est
    import pymannkendall

    rng = np.random.default_rng(20261123)
    lam = rng.gamma(2.0, 1.0, size=(n_cells, 1))  # cells differ in level
    cube = rng.poisson(lam, size=(n_cells, n_weeks)).astype(float)

    def run_est():
        return est.mann_kendall_cube(cube)

    def run_pymk_subset():
        return [pymannkendall.original_test(cube[i]) for i in range(subset)]

    # Same answers on the subset before timing.
    ours = run_est()
    for i, ref in enumerate(run_pymk_subset()):
        assert ours.trend_names[i] == ref.trend and ours.s[i] == ref.s
        assert abs(ours.p[i] - ref.p) <= 1e-9 * max(1.0, abs(ref.p))
        assert abs(ours.slope[i] - ref.slope) <= 1e-9 * max(1.0, abs(ref.slope))
    t_est = timed(run_est, repeat=5, warmup=1)
    t_subset = timed(run_pymk_subset, repeat=3, warmup=1)
    t_ref = t_subset * n_cells / subset
    print(f"  (pymannkendall timed on {subset} of {n_cells} series: {t_subset * 1e3:.1f} ms, "
          f"scaled linearly to {n_cells})")
    return report(f"Mann-Kendall, {n_cells} cells x {n_weeks} weeks", t_est, t_ref,
                  "pymannkendall", 50)


SPACE_BANDS = [0.0, 0.1, 200.0, 400.0, 600.0]
TIME_BANDS = [0.0, 7.0, 14.0, 21.0]


def numpy_knox(x, y, t, permutations, seed):
    """The banded Knox test written plainly with NumPy and SciPy: the close pairs once
    (cKDTree, Manhattan, then the half-open last edge), their space bands, and per
    replicate the time bands of the permuted times counted with bincount."""
    from scipy.spatial import cKDTree

    pairs = cKDTree(np.column_stack([x, y])).query_pairs(SPACE_BANDS[-1], p=1, output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    keep = d < SPACE_BANDS[-1]
    i, j, d = i[keep], j[keep], d[keep]
    s_band = np.searchsorted(SPACE_BANDS, d, side="right") - 1
    n_s, n_t = len(SPACE_BANDS) - 1, len(TIME_BANDS) - 1

    def table(times):
        tau = np.abs(times[i] - times[j])
        t_band = np.searchsorted(TIME_BANDS, tau, side="right") - 1
        ok = t_band < n_t
        return np.bincount(s_band[ok] * n_t + t_band[ok], minlength=n_s * n_t).reshape(n_s, n_t)

    observed = table(t)
    rng = np.random.default_rng(seed)
    sims = np.stack([table(t[rng.permutation(len(t))]) for _ in range(permutations)])
    expected = sims.mean(axis=0)
    p = ((sims >= observed).sum(axis=0) + 1) / (permutations + 1)
    return observed, expected, p


def compare_knox(n, permutations=999):
    """Knox with 999 permutations on the sample town's first `n` events: est.knox against
    numpy_knox (timed on fewer permutations when the full run would take minutes, and scaled
    linearly in the permutations; the close pairs are found once either way)."""
    import est

    town = est.sample_town(n, seed=11)
    x, y = town.x, town.y
    t = town.times.astype("int64") / 86_400.0

    def run_est():
        return est.knox(x, y, t, permutations=permutations)

    k = run_est()
    obs, _, _ = numpy_knox(x, y, t, 1, 1)
    assert (k.observed == obs).all(), "est and numpy disagree on the observed pairs"
    t_est = timed(run_est, repeat=3, warmup=1)
    ref_perms = permutations if k.close_pairs < 500_000 else 99
    t_part = timed(lambda: numpy_knox(x, y, t, ref_perms, 1), repeat=1, warmup=0)
    t_ref = t_part * permutations / ref_perms
    note = "" if ref_perms == permutations else (
        f", numpy timed with {ref_perms} permutations and scaled to {permutations}")
    print(f"  ({n} events, {k.close_pairs} close pairs{note})")
    return report(f"Knox {permutations} permutations, {n} events", t_est, t_ref, "numpy", 20)


if __name__ == "__main__":
    main()
