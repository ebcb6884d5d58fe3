//! Conditional randomisation (method reference §4.3): permutation inference for local spatial
//! statistics (Gi, Gi\*, Local Moran) and full permutations for global ones.
//!
//! # Conditional randomisation
//!
//! For unit `i` with `k_i` non-self neighbours and weights `w_i1 … w_ik`, the observed
//! neighbourhood sum is `T_i = Σ_j w_ij x_j`. Under the null, `x_i` stays fixed and the `k_i`
//! neighbour values are drawn **without replacement** from the other `n − 1` values; each of
//! `R` draws gives a simulated `T_i`. Every local statistic here is a monotone function of
//! `T_i` (increasing for Gi/Gi\*; for Local Moran increasing when `z_i > 0`, decreasing when
//! `z_i < 0`, constant when `z_i = 0`), so the engine counts, per unit, how many simulated sums
//! are `≥` and `≤` the observed one ([`TailCounts`]) and [`p_values`] turns them into
//! `p = (M + 1)/(R + 1)` for the chosen [`Alternative`] and [`Ties`] policy.
//!
//! # Random streams
//!
//! The generator is ChaCha8 (`rand_chacha` 0.9), seeded from [`PermutationParams::seed`]
//! (default `0x5EED`); every **conditional problem** gets its own seekable stream
//! (`set_stream`), so the result never depends on threads or on the order in which problems
//! are processed: the serial path and the `parallel` (rayon) path are bit-identical.
//!
//! A conditional problem is identified by what its null distribution depends on: the value
//! `x_i` that is held out and the multiset of unit `i`'s non-self weights (for binary or
//! row-standardised rows just `k_i`). Units with the same problem (e.g. every zero-count cell
//! with 8 queen neighbours) share one set of `R` simulated sums drawn from the **sorted**
//! values. Consequences, all intended:
//!
//! * p-values do not change when the units are relabelled (the style guide's property test),
//!   which independent per-unit streams cannot give;
//! * two cells with the same value, weights and observed neighbourhood get the same p, so a
//!   map never splits identical cells into "significant" and "not" by Monte-Carlo noise;
//! * integer count grids have few distinct problems, so 999 permutations on 10 000 cells take
//!   milliseconds. Units with unique problems (continuous values) cost the same as a
//!   per-unit stream.
//!
//! p-values of units sharing a problem are dependent (positively), as they are in esda,
//! which draws one set of permutation indices for all units.
//!
//! # Ties
//!
//! Sums of integer counts are compared **exactly** (the engine checks that the values are
//! integers small enough for exact `f64` sums). Other values are compared with a relative
//! tolerance of 1e-12 so that the same neighbour set summed in another order is still a tie.
//! With [`Ties::AtLeastAsExtreme`] (the default) a tie counts as "at least as extreme" on
//! whichever tail is tested; [`Ties::Esda`] reproduces esda/GeoDa (see its docs).
//!
//! # Reference implementation
//! esda 2.9.0 `crand` (✔ code read): same conditional scheme; esda draws one set of
//! permutation indices shared by all units from numba's or NumPy's generator, so p-values
//! agree only statistically (`TOL_PERM`).

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::hotspot::HotspotError;
use crate::hotspot::weights::SpatialWeights;

/// Default number of permutations (esda's `permutations=999`).
pub const DEFAULT_PERMUTATIONS: usize = 999;
/// Default seed (an est choice, method reference §4.3).
pub const DEFAULT_SEED: u64 = 0x5EED;
/// The generator and stream layout, as recorded in results.
pub const RNG_NAME: &str = "ChaCha8 (rand_chacha 0.9), one stream per conditional problem";
thread_local! {
    /// Test hook: force the serial path even with the `parallel` feature.
    static SERIAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Stream used by full (global) permutations.
const GLOBAL_STREAM: u64 = u64::MAX;

/// The alternative hypothesis of a permutation test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alternative {
    /// `min(1, 2·min(M_≥ + 1, M_≤ + 1)/(R + 1))` (est's default; esda ≥ 2.10 computes the
    /// same, esda 2.9.0 mirrors the observed percentile instead).
    #[default]
    TwoSided,
    /// `(M_≥ + 1)/(R + 1)`: unusually high (hot spots).
    Greater,
    /// `(M_≤ + 1)/(R + 1)`: unusually low (cold spots).
    Lesser,
    /// `(#{|sim − mean| ≥ |obs − mean|} + 1)/(R + 1)`, `mean` = mean of the simulations.
    Folded,
}

/// How simulated values equal to the observed one are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ties {
    /// A tie counts as at least as extreme on whichever tail is tested: `M_≥ = #{sim ≥ obs}`,
    /// `M_≤ = #{sim ≤ obs}` (est's default).
    ///
    /// Why: `(M + 1)/(R + 1)` is a valid p-value (`P(p ≤ α) ≤ α` under the null) only when
    /// ties count against the observation; counting them for neither tail, or for one tail
    /// only, makes the test anti-conservative on discrete data. With counts full of zeros a
    /// cell whose whole neighbourhood is zero ties with most simulations, so it is *not*
    /// unusually low: it gets a large p, not `1/(R + 1)`. Mid-p would be less conservative
    /// but is not a valid p-value in that sense, and conservative errors are the safe side
    /// for a hot-spot map that police act on.
    #[default]
    AtLeastAsExtreme,
    /// esda/GeoDa's rule (for parity tests): a tie counts as "larger", `M_≥ = #{sim ≥ obs}`,
    /// and the lower tail is `R − M_≥ = #{sim < obs}`. A cell whose neighbourhood is all
    /// zero then gets `M_< = 0` and a spurious "cold spot" p of `1/(R + 1)` (one-sided).
    Esda,
}

/// Parameters of permutation inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PermutationParams {
    /// Number of permutations `R`; default 999 (esda). 0 disables permutation inference.
    pub permutations: usize,
    /// Seed; default `0x5EED` (est, §4.3).
    pub seed: u64,
    /// Alternative; default [`Alternative::TwoSided`].
    pub alternative: Alternative,
    /// Ties policy; default [`Ties::AtLeastAsExtreme`].
    pub ties: Ties,
}

impl Default for PermutationParams {
    fn default() -> Self {
        PermutationParams {
            permutations: DEFAULT_PERMUTATIONS, // esda
            seed: DEFAULT_SEED,                 // est
            alternative: Alternative::TwoSided, // est (§4.3)
            ties: Ties::AtLeastAsExtreme,       // est (§4.2, issue 5)
        }
    }
}

impl PermutationParams {
    /// Sets `R`.
    pub fn with_permutations(mut self, permutations: usize) -> Self {
        self.permutations = permutations;
        self
    }
    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the alternative.
    pub fn with_alternative(mut self, alternative: Alternative) -> Self {
        self.alternative = alternative;
        self
    }
    /// Sets the ties policy.
    pub fn with_ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }
}

/// Per-unit tail counts of the conditional randomisation of `T_i = Σ_j w_ij x_j`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TailCounts {
    /// `#{T_sim ≥ T_obs}` per unit.
    pub greater_eq: Vec<u32>,
    /// `#{T_sim ≤ T_obs}` per unit.
    pub less_eq: Vec<u32>,
    /// `#{|T_sim − m| ≥ |T_obs − m|}`, `m` = mean of the unit's simulations.
    pub folded: Vec<u32>,
    /// `R`.
    pub permutations: usize,
    /// Number of distinct conditional problems (random streams) simulated.
    pub n_problems: usize,
}

/// Identifies a conditional problem (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// All non-self weights equal and positive: the simulated quantity is the plain sum.
    Equal { x_bits: u64, k: u32 },
    /// Unequal weights, sorted by bit pattern (non-negative floats sort as their bits).
    General { x_bits: u64, w_bits: Vec<u64> },
}

fn canonical_bits(v: f64) -> u64 {
    // -0.0 and 0.0 are the same value.
    if v == 0.0 { 0 } else { v.to_bits() }
}

/// SplitMix64 finaliser, used to derive stream ids from problem keys (stable across
/// platforms and versions, unlike `std`'s hashers).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Key {
    fn stream(&self) -> u64 {
        let mut h = mix(0x6573_745f_7065_726d); // "est_perm"
        match self {
            Key::Equal { x_bits, k } => {
                h = mix(h ^ 1);
                h = mix(h ^ *x_bits);
                h = mix(h ^ u64::from(*k));
            }
            Key::General { x_bits, w_bits } => {
                h = mix(h ^ 2);
                h = mix(h ^ *x_bits);
                for &b in w_bits {
                    h = mix(h.wrapping_add(0x9e37_79b9_7f4a_7c15) ^ b);
                }
            }
        }
        // Keep clear of the global stream.
        if h == GLOBAL_STREAM { h - 1 } else { h }
    }
}

/// A ChaCha8 generator for `seed`, independent of `rand_core`'s `seed_from_u64` expansion:
/// the 32-byte key is the seed's little-endian bytes followed by zeros.
fn base_rng(seed: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    ChaCha8Rng::from_seed(key)
}

/// Uniform integer in `[0, m)` (`m ≥ 1`) by Lemire's multiply-and-reject method: exact, and
/// fixed here so results do not depend on `rand`'s internal algorithms.
#[inline]
fn below(rng: &mut ChaCha8Rng, m: u32) -> u32 {
    let mut prod = u64::from(rng.next_u32()) * u64::from(m);
    let mut low = prod as u32;
    if low < m {
        let threshold = m.wrapping_neg() % m;
        while low < threshold {
            prod = u64::from(rng.next_u32()) * u64::from(m);
            low = prod as u32;
        }
    }
    (prod >> 32) as u32
}

/// Reusable per-worker buffers (no allocation per permutation).
struct Scratch {
    sims: Vec<f64>,
    devs: Vec<f64>,
    marks: Vec<u32>,
    stamp: u32,
    pool: Vec<u32>,
    picks: Vec<u32>,
}

impl Scratch {
    fn new(n_other: usize, r: usize) -> Self {
        Scratch {
            sims: Vec::with_capacity(r),
            devs: Vec::with_capacity(r),
            marks: vec![0; n_other],
            stamp: 0,
            pool: Vec::new(),
            picks: Vec::new(),
        }
    }
}

struct Prepared<'a> {
    sorted: Vec<f64>,
    values: &'a [f64],
    weights: &'a SpatialWeights,
    exact: bool,
    max_abs: f64,
    r: usize,
    base: ChaCha8Rng,
}

/// Per-unit result of one problem: (unit, ≥, ≤, folded).
type UnitCounts = (u32, u32, u32, u32);

impl Prepared<'_> {
    /// Observed `T_i` in the form the problem simulates (plain sum for equal weights).
    fn observed(&self, i: usize, key: &Key) -> f64 {
        let (js, ws) = self.weights.neighbours(i);
        match key {
            Key::Equal { .. } => js.iter().map(|&j| self.values[j as usize]).sum(),
            Key::General { .. } => js
                .iter()
                .zip(ws)
                .map(|(&j, &w)| w * self.values[j as usize])
                .sum(),
        }
    }

    fn solve(&self, key: &Key, units: &[u32], s: &mut Scratch) -> Vec<UnitCounts> {
        let (x_bits, k, wsorted): (u64, usize, Vec<f64>) = match key {
            Key::Equal { x_bits, k } => (*x_bits, *k as usize, Vec::new()),
            Key::General { x_bits, w_bits } => (
                *x_bits,
                w_bits.len(),
                w_bits.iter().map(|&b| f64::from_bits(b)).collect(),
            ),
        };
        let x_i = f64::from_bits(x_bits);
        let n_other = self.sorted.len() - 1;
        // Position of the held-out value in the sorted array (it is present).
        let pos = self.sorted.partition_point(|v| v.total_cmp(&x_i).is_lt());
        let mut rng = self.base.clone();
        rng.set_stream(key.stream());
        rng.set_word_pos(0);
        let m = n_other as u32;
        s.sims.clear();
        let use_pool = 2 * k > n_other;
        if use_pool {
            s.pool.clear();
            s.pool.extend(0..m);
        }
        for _ in 0..self.r {
            s.picks.clear();
            if use_pool {
                // Partial Fisher–Yates over a pool reset at the start of each problem.
                for t in 0..k {
                    let u = t + below(&mut rng, m - t as u32) as usize;
                    s.pool.swap(t, u);
                    s.picks.push(s.pool[t]);
                }
            } else {
                s.stamp = s.stamp.wrapping_add(1);
                if s.stamp == 0 {
                    s.marks.iter_mut().for_each(|v| *v = 0);
                    s.stamp = 1;
                }
                while s.picks.len() < k {
                    let p = below(&mut rng, m);
                    let slot = &mut s.marks[p as usize];
                    if *slot != s.stamp {
                        *slot = s.stamp;
                        s.picks.push(p);
                    }
                }
            }
            let value = |p: u32| {
                let p = p as usize;
                self.sorted[if p >= pos { p + 1 } else { p }]
            };
            let t: f64 = if wsorted.is_empty() {
                s.picks.iter().map(|&p| value(p)).sum()
            } else {
                s.picks
                    .iter()
                    .zip(&wsorted)
                    .map(|(&p, &w)| w * value(p))
                    .sum()
            };
            s.sims.push(t);
        }
        let mean = s.sims.iter().sum::<f64>() / self.r as f64;
        let tol = if self.exact {
            0.0
        } else {
            let wsum = if wsorted.is_empty() {
                k as f64
            } else {
                wsorted.iter().sum::<f64>()
            };
            1e-12 * wsum * self.max_abs
        };
        let r = self.r;
        if units.len() <= 4 {
            // Few units: count directly (sorting would cost more).
            return units
                .iter()
                .map(|&u| {
                    let obs = self.observed(u as usize, key);
                    let dev = (obs - mean).abs();
                    let (mut ge, mut le, mut fo) = (0u32, 0u32, 0u32);
                    for &v in &s.sims {
                        ge += u32::from(v >= obs - tol);
                        le += u32::from(v <= obs + tol);
                        fo += u32::from((v - mean).abs() >= dev - tol);
                    }
                    (u, ge, le, fo)
                })
                .collect();
        }
        s.sims.sort_unstable_by(f64::total_cmp);
        s.devs.clear();
        s.devs.extend(s.sims.iter().map(|v| (v - mean).abs()));
        s.devs.sort_unstable_by(f64::total_cmp);
        units
            .iter()
            .map(|&u| {
                let obs = self.observed(u as usize, key);
                let ge = r - s.sims.partition_point(|&v| v < obs - tol);
                let le = s.sims.partition_point(|&v| v <= obs + tol);
                let dev = (obs - mean).abs();
                let fo = r - s.devs.partition_point(|&v| v < dev - tol);
                (u, ge as u32, le as u32, fo as u32)
            })
            .collect()
    }
}

/// Conditional randomisation of `T_i = Σ_j w_ij x_j` over the non-self neighbours of
/// `weights` (self weights are ignored: `x_i` is held fixed), `R = permutations`.
///
/// Units without neighbours (islands, or rows of zero weights) have a constant `T_i = 0`:
/// every simulation ties, `M_≥ = M_≤ = R`.
///
/// # Errors
/// [`HotspotError::LengthMismatch`], [`HotspotError::NotFinite`],
/// [`HotspotError::TooFewUnits`] for fewer than 2 units, [`HotspotError::InvalidParameter`]
/// for `permutations = 0` or above 2³¹.
///
/// # Examples
/// ```
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
/// use est_core::stats::permutation::{conditional_tail_counts, p_values, PermutationParams};
///
/// let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
/// let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
/// let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::default())?;
/// let values = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];
/// let counts = conditional_tail_counts(&values, &w, 999, 0x5EED)?;
/// let p = p_values(&counts, None, &PermutationParams::default());
/// assert!(p.iter().all(|&p| p > 0.0 && p <= 1.0));
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
pub fn conditional_tail_counts(
    values: &[f64],
    weights: &SpatialWeights,
    permutations: usize,
    seed: u64,
) -> Result<TailCounts, HotspotError> {
    let n = values.len();
    if n != weights.n() {
        return Err(HotspotError::LengthMismatch {
            what: "values".into(),
            expected: weights.n(),
            found: n,
        });
    }
    crate::hotspot::check_finite(values)?;
    if n < 2 {
        return Err(HotspotError::TooFewUnits { n });
    }
    if permutations == 0 || permutations > (1 << 31) {
        return Err(crate::hotspot::invalid_param(
            "permutations",
            permutations,
            "must be between 1 and 2³¹",
        ));
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let max_abs = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    let max_k = (0..n).map(|i| weights.k(i)).max().unwrap_or(0).max(1);
    let exact = values.iter().all(|v| v.fract() == 0.0)
        && max_abs * (max_k as f64) < 9_007_199_254_740_992.0;
    let prep = Prepared {
        sorted,
        values,
        weights,
        exact,
        max_abs,
        r: permutations,
        base: base_rng(seed),
    };
    let r32 = permutations as u32;
    let mut out = TailCounts {
        greater_eq: vec![r32; n],
        less_eq: vec![r32; n],
        folded: vec![r32; n],
        permutations,
        n_problems: 0,
    };
    let mut groups: BTreeMap<Key, Vec<u32>> = BTreeMap::new();
    for (i, &x_i) in values.iter().enumerate() {
        let ws = weights.neighbours(i).1;
        let Some(&first) = ws.first() else { continue };
        let key = if ws.iter().all(|&w| w == first) {
            if first == 0.0 {
                continue; // constant T = 0
            }
            Key::Equal {
                x_bits: canonical_bits(x_i),
                k: ws.len() as u32,
            }
        } else {
            let mut b: Vec<u64> = ws.iter().map(|&w| canonical_bits(w)).collect();
            b.sort_unstable();
            Key::General {
                x_bits: canonical_bits(x_i),
                w_bits: b,
            }
        };
        groups.entry(key).or_default().push(i as u32);
    }
    out.n_problems = groups.len();
    let problems: Vec<(Key, Vec<u32>)> = groups.into_iter().collect();
    let results = if SERIAL.with(|c| c.get()) {
        run_serial(&prep, &problems, n - 1)
    } else {
        run_problems(&prep, &problems, n - 1)
    };
    for chunk in results {
        for (u, ge, le, fo) in chunk {
            let u = u as usize;
            out.greater_eq[u] = ge;
            out.less_eq[u] = le;
            out.folded[u] = fo;
        }
    }
    Ok(out)
}

fn run_serial(
    prep: &Prepared<'_>,
    problems: &[(Key, Vec<u32>)],
    n_other: usize,
) -> Vec<Vec<UnitCounts>> {
    let mut scratch = Scratch::new(n_other, prep.r);
    problems
        .iter()
        .map(|(key, units)| prep.solve(key, units, &mut scratch))
        .collect()
}

#[cfg(not(feature = "parallel"))]
fn run_problems(
    prep: &Prepared<'_>,
    problems: &[(Key, Vec<u32>)],
    n_other: usize,
) -> Vec<Vec<UnitCounts>> {
    run_serial(prep, problems, n_other)
}

#[cfg(feature = "parallel")]
fn run_problems(
    prep: &Prepared<'_>,
    problems: &[(Key, Vec<u32>)],
    n_other: usize,
) -> Vec<Vec<UnitCounts>> {
    use rayon::prelude::*;
    problems
        .par_iter()
        .map_init(
            || Scratch::new(n_other, prep.r),
            |scratch, (key, units)| prep.solve(key, units, scratch),
        )
        .collect()
}

/// Permutation p-values from tail counts.
///
/// `direction[i]` maps `T_i` to the statistic: `1` the statistic increases with `T_i`
/// (Gi, Gi\*, Local Moran with `z_i > 0`), `-1` it decreases (Local Moran with `z_i < 0`),
/// `0` it is constant (every simulation ties). `None` means all `1`.
///
/// With `M_≥`, `M_≤` counted on the statistic and `R` permutations:
/// [`Ties::AtLeastAsExtreme`] uses them as they are; [`Ties::Esda`] replaces `M_≤` by
/// `R − M_≥`. Then greater `(M_≥ + 1)/(R + 1)`, lesser `(M_≤ + 1)/(R + 1)`, two-sided
/// `min(1, 2·(min(M_≥, M_≤) + 1)/(R + 1))`, folded `(M_fold + 1)/(R + 1)`.
/// Under [`Ties::Esda`] the two-sided value is exactly twice esda's `p_sim` ("directed").
pub fn p_values(
    counts: &TailCounts,
    direction: Option<&[i8]>,
    params: &PermutationParams,
) -> Vec<f64> {
    let r = counts.permutations as u32;
    let denom = f64::from(r) + 1.0;
    (0..counts.greater_eq.len())
        .map(|i| {
            let d = direction.and_then(|d| d.get(i)).copied().unwrap_or(1);
            let (ge, le, fo) = match d.signum() {
                1 => (counts.greater_eq[i], counts.less_eq[i], counts.folded[i]),
                -1 => (counts.less_eq[i], counts.greater_eq[i], counts.folded[i]),
                _ => (r, r, r),
            };
            let (upper, lower) = match params.ties {
                Ties::AtLeastAsExtreme => (ge, le),
                Ties::Esda => (ge, r - ge.min(r)),
            };
            match params.alternative {
                Alternative::Greater => (f64::from(upper) + 1.0) / denom,
                Alternative::Lesser => (f64::from(lower) + 1.0) / denom,
                Alternative::TwoSided => {
                    (2.0 * (f64::from(upper.min(lower)) + 1.0) / denom).min(1.0)
                }
                Alternative::Folded => (f64::from(fo) + 1.0) / denom,
            }
        })
        .collect()
}

/// `R` full random permutations of `values` (one ChaCha8 stream reserved for global tests),
/// calling `statistic` on each permuted vector; returns the `R` simulated statistics.
/// The permuted buffer is reused (no allocation per permutation).
///
/// # Errors
/// [`HotspotError::InvalidParameter`] for `permutations = 0`.
pub fn full_permutations(
    values: &[f64],
    permutations: usize,
    seed: u64,
    mut statistic: impl FnMut(&[f64]) -> f64,
) -> Result<Vec<f64>, HotspotError> {
    if permutations == 0 || values.len() > u32::MAX as usize {
        return Err(crate::hotspot::invalid_param(
            "permutations",
            permutations,
            "must be at least 1",
        ));
    }
    let mut rng = base_rng(seed);
    rng.set_stream(GLOBAL_STREAM);
    let mut buf = values.to_vec();
    let mut out = Vec::with_capacity(permutations);
    for _ in 0..permutations {
        // Fisher–Yates from the previous permutation (a uniform permutation of the values).
        for t in (1..buf.len()).rev() {
            let u = below(&mut rng, t as u32 + 1) as usize;
            buf.swap(t, u);
        }
        out.push(statistic(&buf));
    }
    Ok(out)
}

/// p-value of a global statistic from its simulations (same rules as [`p_values`]).
pub fn global_p_value(observed: f64, sims: &[f64], params: &PermutationParams) -> f64 {
    let r = sims.len() as u32;
    let scale = observed.abs().max(1e-300);
    let tol = 1e-12 * scale;
    let ge = sims.iter().filter(|&&s| s >= observed - tol).count() as u32;
    let le = sims.iter().filter(|&&s| s <= observed + tol).count() as u32;
    let mean = sims.iter().sum::<f64>() / f64::from(r.max(1));
    let dev = (observed - mean).abs();
    let fo = sims
        .iter()
        .filter(|&&s| (s - mean).abs() >= dev - tol)
        .count() as u32;
    let counts = TailCounts {
        greater_eq: vec![ge],
        less_eq: vec![le],
        folded: vec![fo],
        permutations: sims.len(),
        n_problems: 1,
    };
    p_values(&counts, None, params)
        .first()
        .copied()
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;

    /// A fixed problem whose counts must not change between builds, thread counts or the
    /// `parallel` feature (checksum of all tail counts).
    #[test]
    fn counts_are_stable_and_parallel_equals_serial() {
        let n = 400usize;
        let values: Vec<f64> = (0..n)
            .map(|i| f64::from(((i * 7919) % 13) as u32 % 5))
            .collect();
        let mut offs = vec![0];
        let mut nb = Vec::new();
        let mut wv = Vec::new();
        for i in 0..n {
            for d in [1usize, 2, 20, 21] {
                if i + d < n {
                    nb.push((i + d) as u32);
                    wv.push(if d == 21 { 0.5 } else { 1.0 });
                }
            }
            offs.push(nb.len());
        }
        let w = SpatialWeights::from_csr(offs, nb, wv, None).unwrap();
        let par = conditional_tail_counts(&values, &w, 499, 42).unwrap();
        SERIAL.with(|c| c.set(true));
        let ser = conditional_tail_counts(&values, &w, 499, 42).unwrap();
        SERIAL.with(|c| c.set(false));
        assert_eq!(par, ser);
        let sum: u64 = par
            .greater_eq
            .iter()
            .chain(&par.less_eq)
            .chain(&par.folded)
            .enumerate()
            .map(|(i, &c)| (i as u64 + 1) * u64::from(c))
            .sum();
        assert_eq!(sum, STABLE_CHECKSUM, "tail counts changed");
    }

    const STABLE_CHECKSUM: u64 = 206_077_130;

    #[test]
    fn lemire_is_in_range_and_uniformish() {
        let mut rng = base_rng(1);
        let mut hist = [0u32; 7];
        for _ in 0..70_000 {
            hist[below(&mut rng, 7) as usize] += 1;
        }
        for h in hist {
            assert!((9_500..10_500).contains(&h), "{hist:?}");
        }
    }

    #[test]
    fn sampling_without_replacement_matches_exact_mean_and_variance() {
        // One unit with k = 3 neighbours among n = 12 values: E[T] = k·mean(others),
        // Var[T] = k·σ²·(m − k)/(m − 1) with m = n − 1 others (σ² population variance).
        let n = 12;
        let values: Vec<f64> = (0..n).map(|v| f64::from(v * v % 7)).collect();
        let offsets = {
            let mut o = vec![0, 3];
            o.extend(std::iter::repeat_n(3, n as usize - 1));
            o
        };
        let w = SpatialWeights::from_csr(offsets, vec![1, 2, 3], vec![1.0; 3], None).unwrap();
        let prep = Prepared {
            sorted: {
                let mut s = values.clone();
                s.sort_by(f64::total_cmp);
                s
            },
            values: &values,
            weights: &w,
            exact: true,
            max_abs: 6.0,
            r: 200_000,
            base: base_rng(9),
        };
        let key = Key::Equal {
            x_bits: canonical_bits(values[0]),
            k: 3,
        };
        let mut s = Scratch::new(n as usize - 1, prep.r);
        let _ = prep.solve(&key, &[0], &mut s);
        let others: Vec<f64> = values[1..].to_vec();
        let m = others.len() as f64;
        let mu = others.iter().sum::<f64>() / m;
        let var = others.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / m;
        let e_t = 3.0 * mu;
        let v_t = 3.0 * var * (m - 3.0) / (m - 1.0);
        let r = s.sims.len() as f64;
        let mean = s.sims.iter().sum::<f64>() / r;
        let v = s.sims.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / r;
        assert!((mean - e_t).abs() < 0.02, "{mean} vs {e_t}");
        assert!((v / v_t - 1.0).abs() < 0.02, "{v} vs {v_t}");
        // The pool path (2k > n − 1) gives the same moments.
        let k = 8;
        let key = Key::Equal {
            x_bits: canonical_bits(values[0]),
            k,
        };
        let _ = prep.solve(&key, &[], &mut s);
        let mean = s.sims.iter().sum::<f64>() / r;
        assert!((mean - 8.0 * mu).abs() < 0.03);
    }

    #[test]
    fn ties_policies_on_an_all_zero_neighbourhood() {
        // A 1-D chain: unit 0 and its neighbour are 0, the rest mostly 0 with a few counts.
        let n = 40usize;
        let mut values = vec![0.0; n];
        for i in [10, 20, 30] {
            values[i] = 3.0;
        }
        let mut offs = vec![0];
        let mut nb = Vec::new();
        for i in 0..n {
            if i > 0 {
                nb.push((i - 1) as u32);
            }
            if i + 1 < n {
                nb.push((i + 1) as u32);
            }
            offs.push(nb.len());
        }
        let wv = vec![1.0; nb.len()];
        let w = SpatialWeights::from_csr(offs, nb, wv, None).unwrap();
        let c = conditional_tail_counts(&values, &w, 999, DEFAULT_SEED).unwrap();
        let est = p_values(&c, None, &PermutationParams::default());
        let esda = p_values(
            &c,
            None,
            &PermutationParams::default().with_ties(Ties::Esda),
        );
        assert!(est[0] > 0.5, "est two-sided p {}", est[0]);
        assert_eq!(esda[0], 2.0 / 1000.0);
        let _ = WeightsOptions::default();
    }
}
