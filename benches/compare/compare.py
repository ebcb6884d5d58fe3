"""est against its reference implementations, on the same data in the same process.

    bash benches/compare/run.sh

Prints, for each task, the median wall time of est and of the reference (warm: numba and
caches compiled before timing) and the ratio. The data are est's sample town counted on a
100 × 100 grid (10 000 cells), as the issue's targets state.
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
    print(f"ratios: gi_star {r_gi:.1f}, kde {r_kde:.1f}")


if __name__ == "__main__":
    main()
