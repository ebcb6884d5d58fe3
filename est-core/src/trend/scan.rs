//! Kulldorff's space-time permutation scan statistic (method reference §6.3): finds an
//! emerging space-time cluster — more cases in a small area over a few days than the area's
//! and the days' own totals predict — without population data.
//!
//! # Definition
//! Cases with a zone `z` (a cell or area centroid) and a day `d` (local date); `C` cases in
//! the study period, `c_zd` per zone and day. Under the null of no space-time interaction the
//! expected count is `μ_zd = (Σ_d' c_zd')·(Σ_z' c_z'd) / C`. A cylinder `A` is a circle (centre
//! at a zone centroid, radius growing over the sorted neighbouring zones up to
//! [`ScanParams::max_radius_m`] and at most 50 % of the cases) times a window of consecutive
//! days `[d1, d2]` of at most [`ScanParams::max_days`] days; with `c_A` observed and
//! `μ_A = Σ_{(z,d)∈A} μ_zd = N_S·N_D / C` (`N_S` cases of the circle's zones, `N_D` cases of
//! the window's days), the log generalised likelihood ratio is, for `c_A > μ_A`,
//!
//! `LLR = c_A·ln(c_A/μ_A) + (C − c_A)·ln((C − c_A)/(C − μ_A))` (0 otherwise).
//!
//! The most likely cluster is the cylinder with the largest LLR. Inference: the case days are
//! permuted over the cases `R` times (both marginals kept); with `max_r` the largest LLR of
//! replicate `r`, `p = (1 + #{r: max_r ≥ LLR})/(R + 1)`. Secondary clusters are the best
//! cylinders of other centres that share no zone with a cluster already reported, ranked by
//! LLR, each with its own `p` against the same `max_r`.
//!
//! **Prospective surveillance** ([`ScanParams::prospective`], the default): only windows
//! ending on the last study day are scanned, so the question is "is something going on
//! now?". The recurrence interval is `1/p` days (how often a cluster this strong would arise
//! by chance if the analysis were repeated daily, SaTScan's convention).
//!
//! # Defaults
//! SaTScan: `R = 999`, at most 50 % of the cases in the circle. EST adaptation (◆ est):
//! the last 28 days, windows of at most 7 days, radius at most 1 000 m, prospective, seed
//! `0x5EED` (§4.3), at most 5 clusters, and at least [`MIN_CLUSTER_CASES`] cases in a
//! cluster (SaTScan's default minimum for the space-time permutation model).
//!
//! # Algorithm
//! The circles do not depend on the permutation (zone totals are fixed), so each centre's
//! sequence of circles is built once. Per replicate the `c_zd` table is rebuilt; each circle
//! adds its new zones' day rows to a day vector and scans the windows with running sums,
//! while `N_D` comes from prefix sums over the day totals. A window that starts or ends on a
//! day without cases in the circle is skipped: moving that end inwards keeps `c_A` and lowers
//! `μ_A`, which raises the LLR, so the maximum is never among them. Replicate `r` shuffles
//! the days with its own ChaCha8 stream, so the `parallel` feature gives bit-identical
//! results.
//!
//! # Notes
//! * The model compares each zone with its own history **inside the study period**: a
//!   place that has been busy for the whole period has no baseline and is not a cluster.
//!   With the default 28 days, a hot spot that has been growing for more than four weeks is
//!   not found; in est's sample town the emerging place (six weeks) is found with
//!   `study_days = 84` (p = 0.01 with R = 99) and missed with 28 (p ≈ 0.1–0.25).
//! * Distances are between zone centroids; a case's own position inside its zone is not used.
//! * Weights are ignored: every selected incident is one case.
//!
//! # Reference implementation
//! None runnable here: SaTScan is closed source. The LLR is checked against a hand
//! computation and the method against clusters injected into est's sample town and against
//! data without space-time interaction (§6.3 names NYCfever as a future golden).
//!
//! # Deviations from SaTScan
//! * Windows are whole days and at most `max_days` long (SaTScan: 50 % of the period).
//! * Secondary clusters share no zone with earlier ones (SaTScan's default "no geographical
//!   overlap").
//! * The prospective analysis does not adjust for earlier analyses.
//!
//! # Citation
//! Kulldorff, M., Heffernan, R., Hartman, J., Assunção, R. & Mostashari, F. (2005) A
//! space–time permutation scan statistic for disease outbreak detection. *PLoS Medicine*
//! 2(3):e59.
//!
//! # Example
//! ```
//! use est_core::trend::scan::{space_time_scan, ScanParams};
//!
//! // 9 zones 100 m apart; 60 cases spread over 28 days, then 8 cases in zone 4 on the last
//! // two days.
//! let zones: Vec<(f64, f64)> =
//!     (0..9).map(|i| (f64::from(i % 3) * 100.0, f64::from(i / 3) * 100.0)).collect();
//! let mut zone = Vec::new();
//! let mut day = Vec::new();
//! for i in 0..60i64 {
//!     zone.push((i * 7 % 9) as usize);
//!     day.push(20_000 + i * 11 % 28);
//! }
//! for i in 0..8 {
//!     zone.push(4);
//!     day.push(20_026 + i % 2);
//! }
//! let params = ScanParams { max_radius_m: 50.0, permutations: 99, ..ScanParams::default() };
//! let scan = space_time_scan(&zones, &zone, &day, &params)?;
//! let top = &scan.clusters[0];
//! assert_eq!(top.zones, vec![4]);
//! assert!(top.observed >= 8 && top.p <= 0.05);
//! # Ok::<(), est_core::Error>(())
//! ```

use chrono::{DateTime, Duration, NaiveDate};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};

use super::TrendError;
use super::knox::{check_finite, invalid, selected, shuffle, source, stream_rng};
use crate::Error;
use crate::grid::{Grid, GridError};
use crate::hotspot::counts::Selection;
use crate::incident::Incidents;
use crate::index::IncidentIndex;
use crate::params::{ParamUsed, Source};

/// Default seed (est, method reference §4.3).
pub const DEFAULT_SEED: u64 = 0x5EED;
/// Fewest cases a reported cylinder may hold (SaTScan's default for the space-time
/// permutation model): a single case on a quiet day is never a cluster.
pub const MIN_CLUSTER_CASES: u64 = 2;
/// The generator and stream layout, as recorded in results.
pub const RNG_NAME: &str = "ChaCha8 (rand_chacha 0.9), one stream per permutation";
/// Largest `zones × days` count table.
pub const MAX_TABLE_CELLS: usize = 50_000_000;
/// Largest total length of the circles' zone lists.
pub const MAX_CIRCLE_ENTRIES: usize = 50_000_000;
/// Largest estimated work, in window evaluations over all replicates.
pub const MAX_WORK: u128 = 200_000_000_000;
/// Stream offset that keeps the scan's permutation streams apart from the Knox test's.
const STREAM_BASE: u64 = 1 << 40;

/// Parameters of [`space_time_scan`] and [`scan_incidents`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanParams {
    /// Largest circle radius in metres; default 1 000 (est).
    pub max_radius_m: f64,
    /// Longest window in days; default 7 (est; SaTScan uses 50 % of the period).
    pub max_days: u32,
    /// Length of the study period in days, ending on the last day; default 28 (est);
    /// `None` = from the first case.
    pub study_days: Option<u32>,
    /// Only windows ending on the last study day (prospective surveillance); default `true`.
    pub prospective: bool,
    /// Number of permutations `R`, at least 1; default 999 (SaTScan).
    pub permutations: usize,
    /// Seed; `None` = [`DEFAULT_SEED`] (est, §4.3).
    pub seed: Option<u64>,
    /// Most clusters reported (the most likely one and non-overlapping secondary ones),
    /// at least 1; default 5 (est).
    pub max_clusters: usize,
}

impl Default for ScanParams {
    fn default() -> Self {
        ScanParams {
            max_radius_m: 1_000.0, // est
            max_days: 7,           // est (SaTScan: 50 % of the period)
            study_days: Some(28),  // est
            prospective: true,     // est: weekly surveillance
            permutations: 999,     // SaTScan
            seed: None,            // est: 0x5EED
            max_clusters: 5,       // est
        }
    }
}

/// A space-time cluster (a cylinder).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Centre of the circle: the centroid of its central zone (E, N).
    pub centre: (f64, f64),
    /// Radius: distance from the centre to the farthest zone centroid inside, metres.
    pub radius_m: f64,
    /// Zones inside the circle (indices into the zones; nearest first).
    pub zones: Vec<usize>,
    /// First day of the window.
    pub start_day: NaiveDate,
    /// Last day of the window.
    pub end_day: NaiveDate,
    /// Cases in the cylinder, `c_A`.
    pub observed: u64,
    /// Expected cases `μ_A = N_S·N_D / C`.
    pub expected: f64,
    /// Log likelihood ratio.
    pub llr: f64,
    /// `(1 + #{max_r ≥ LLR})/(R + 1)`.
    pub p: f64,
    /// Recurrence interval `1/p`, in days (daily analyses).
    pub recurrence_days: f64,
}

/// Result of [`space_time_scan`] and [`scan_incidents`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scan {
    /// Most likely cluster first, then secondary clusters by decreasing LLR.
    pub clusters: Vec<Cluster>,
    /// Cases in the study period, `C`.
    pub cases: usize,
    /// Number of zones (circle centres).
    pub zones: usize,
    /// Days in the study period.
    pub days: usize,
    /// First day of the study period.
    pub first_day: NaiveDate,
    /// Last day of the study period.
    pub last_day: NaiveDate,
    /// Zone centroids (E, N), in zone order.
    pub zone_xy: Vec<(f64, f64)>,
    /// [`scan_incidents`]: the grid cell id of each zone; empty for [`space_time_scan`].
    pub zone_cells: Vec<u32>,
    /// [`scan_incidents`]: selected incidents of the study period outside the grid (not
    /// scanned).
    pub outside_grid: usize,
    /// Number of distinct circles scanned (centre × radius steps).
    pub circles: usize,
    /// Number of permutations `R`.
    pub permutations: usize,
    /// Seed used.
    pub seed: u64,
    /// Generator and stream layout ([`RNG_NAME`]).
    pub rng: String,
    /// Parameters used, with their provenance.
    pub params_used: Vec<ParamUsed>,
}

/// The LLR of a cylinder with `c` cases, `mu` expected, `total` cases in all (0 unless
/// `c > mu`).
///
/// ```
/// use est_core::trend::scan::llr;
/// // c = 4, μ = 1, C = 10: 4·ln 4 + 6·ln(6/9).
/// let v = llr(4, 1.0, 10);
/// assert!((v - (4.0 * 4f64.ln() + 6.0 * (6.0f64 / 9.0).ln())).abs() < 1e-12);
/// assert_eq!(llr(1, 2.0, 10), 0.0);
/// ```
pub fn llr(c: u64, mu: f64, total: u64) -> f64 {
    let cf = c as f64;
    if mu.is_nan() || cf <= mu || mu <= 0.0 {
        return 0.0;
    }
    let rest = (total - c.min(total)) as f64;
    let inside = cf * (cf / mu).ln();
    let outside = if rest > 0.0 {
        rest * (rest / (total as f64 - mu)).ln()
    } else {
        0.0
    };
    inside + outside
}

/// The circles of every centre, built once.
struct Circles {
    /// Zones of each centre's list, nearest first.
    zones: Vec<u32>,
    /// Per centre, the range of `zones`.
    centre_range: Vec<(usize, usize)>,
    /// Steps of each centre: `(zones used from the centre's list, N_S, radius)`.
    steps: Vec<Step>,
    /// Per centre, the range of `steps`.
    step_range: Vec<(usize, usize)>,
}

#[derive(Clone, Copy)]
struct Step {
    len: u32,
    n_s: u64,
    radius: f64,
}

fn build_circles(
    zone_xy: &[(f64, f64)],
    zone_total: &[u64],
    total: u64,
    max_radius: f64,
) -> Result<Circles, Error> {
    let xs: Vec<f64> = zone_xy.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = zone_xy.iter().map(|p| p.1).collect();
    let index = IncidentIndex::from_points(&xs, &ys)?;
    let mut out = Circles {
        zones: Vec::new(),
        centre_range: Vec::with_capacity(zone_xy.len()),
        steps: Vec::new(),
        step_range: Vec::with_capacity(zone_xy.len()),
    };
    let mut cand: Vec<(f64, u32)> = Vec::new();
    for &(cx, cy) in zone_xy {
        cand.clear();
        for j in index.within_radius(cx, cy, max_radius)? {
            let (x, y) = zone_xy[j as usize];
            let (dx, dy) = (x - cx, y - cy);
            cand.push((dx * dx + dy * dy, j));
        }
        cand.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let z0 = out.zones.len();
        let s0 = out.steps.len();
        let mut n_s = 0u64;
        let mut k = 0;
        while k < cand.len() {
            // The group of zones at the same distance enters together.
            let d2 = cand[k].0;
            let mut end = k;
            let mut add = 0u64;
            while end < cand.len() && cand[end].0 == d2 {
                add += zone_total[cand[end].1 as usize];
                end += 1;
            }
            if 2 * (n_s + add) > total {
                break;
            }
            out.zones.extend(cand[k..end].iter().map(|e| e.1));
            if add > 0 {
                n_s += add;
                out.steps.push(Step {
                    len: (end) as u32,
                    n_s,
                    radius: d2.sqrt(),
                });
            }
            k = end;
            if out.zones.len() > MAX_CIRCLE_ENTRIES {
                return Err(TrendError::TooLarge {
                    what: "space-time scan circles (zones within the radius, summed over centres)"
                        .into(),
                    n: out.zones.len() as u64,
                    max: MAX_CIRCLE_ENTRIES as u64,
                    hint: "use a smaller max_radius_m or larger cells".into(),
                }
                .into());
            }
        }
        out.centre_range.push((z0, out.zones.len()));
        out.step_range.push((s0, out.steps.len()));
    }
    Ok(out)
}

/// Everything fixed across replicates.
struct Problem<'a> {
    circles: &'a Circles,
    /// Zone of each case.
    case_zone: &'a [u32],
    /// Day index (0-based from the first study day) of each case.
    case_day: &'a [u32],
    /// Cases grouped by zone: those of zone `z` are `zone_cases[zone_start[z]..zone_start[z + 1]]`.
    zone_cases: Vec<u32>,
    zone_start: Vec<usize>,
    n_zones: usize,
    /// Study days `D`.
    days: usize,
    /// Days held in the day vector: the last `max_days` (prospective) or all `D`.
    table_days: usize,
    /// Longest window.
    max_len: usize,
    /// Prefix sums of the day totals over all `D` days.
    day_prefix: Vec<u64>,
    total: u64,
    /// `ln k` for `k = 0 … C` (`ln 0` is never read).
    ln: Vec<f64>,
    prospective: bool,
}

/// Best cylinder of one centre.
#[derive(Clone, Copy, Default)]
struct Best {
    llr: f64,
    step: usize,
    d1: usize,
    d2: usize,
    c: u64,
    mu: f64,
}

/// Per-worker buffers.
struct Scratch {
    /// Prospective: the `c_zd` table of the last `max_days` days.
    table: Vec<u32>,
    /// Cases of the current circle per day.
    w: Vec<u64>,
    /// Retrospective: the days with `w > 0`, ascending after each step.
    nz: Vec<u32>,
    /// The (permuted) day of each case.
    days: Vec<u32>,
}

impl<'a> Problem<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        circles: &'a Circles,
        case_zone: &'a [u32],
        case_day: &'a [u32],
        n_zones: usize,
        days: usize,
        max_len: usize,
        day_prefix: Vec<u64>,
        prospective: bool,
    ) -> Self {
        let mut zone_start = vec![0usize; n_zones + 1];
        for &z in case_zone {
            zone_start[z as usize + 1] += 1;
        }
        for z in 0..n_zones {
            zone_start[z + 1] += zone_start[z];
        }
        let mut next = zone_start.clone();
        let mut zone_cases = vec![0u32; case_zone.len()];
        for (i, &z) in case_zone.iter().enumerate() {
            zone_cases[next[z as usize]] = i as u32;
            next[z as usize] += 1;
        }
        Problem {
            circles,
            case_zone,
            case_day,
            zone_cases,
            zone_start,
            n_zones,
            days,
            table_days: if prospective { max_len } else { days },
            max_len,
            day_prefix,
            total: case_zone.len() as u64,
            ln: (0..=case_zone.len()).map(|k| (k as f64).ln()).collect(),
            prospective,
        }
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            table: if self.prospective {
                vec![0; self.n_zones * self.table_days]
            } else {
                Vec::new()
            },
            w: vec![0; self.table_days],
            nz: Vec::new(),
            days: self.case_day.to_vec(),
        }
    }

    /// Fills the prospective `c_zd` table for `days` (one day per case).
    fn fill(&self, days: &[u32], table: &mut [u32]) {
        table.iter_mut().for_each(|v| *v = 0);
        let off = self.days - self.table_days;
        for (&z, &d) in self.case_zone.iter().zip(days) {
            let d = d as usize;
            if d >= off {
                table[z as usize * self.table_days + d - off] += 1;
            }
        }
    }

    /// Scores the window `[d1, d2]` (study-day indices) of a circle with `n_s` cases and
    /// keeps it in `best` when its LLR is larger.
    ///
    /// `ln(c/μ) = ln c + ln C − ln N_S − ln N_D` comes from a table, and since
    /// `ln x ≤ x − 1`, `LLR ≤ c·ln(c/μ) − (C − c)(c − μ)/(C − μ)`: windows whose bound cannot
    /// beat `best` skip the remaining logarithm.
    #[inline]
    fn eval(&self, n_s: u64, c: u64, d1: usize, d2: usize, step: usize, best: &mut Best) {
        if c < MIN_CLUSTER_CASES {
            return;
        }
        let n_d = self.day_prefix[d2 + 1] - self.day_prefix[d1];
        let total = self.total as f64;
        let mu = n_s as f64 * n_d as f64 / total;
        let cf = c as f64;
        if cf <= mu {
            return;
        }
        let ln = &self.ln;
        let inside =
            cf * (ln[c as usize] + ln[self.total as usize] - ln[n_s as usize] - ln[n_d as usize]);
        let rest = self.total - c;
        let rest_f = rest as f64;
        let bound = inside - rest_f * (cf - mu) / (total - mu);
        if bound * (1.0 + 1e-12) < best.llr {
            return;
        }
        let v = if rest > 0 {
            inside + rest_f * (ln[rest as usize] - (total - mu).ln())
        } else {
            inside
        };
        if v > best.llr {
            *best = Best {
                llr: v,
                step,
                d1,
                d2,
                c,
                mu,
            };
        }
    }

    /// Scans every cylinder for the case days `days`; calls `visit(centre, best of that
    /// centre)` for each centre with a positive LLR. With `per_centre = false` the best
    /// cylinder is carried over from centre to centre (only the overall maximum is wanted, and
    /// a higher bar skips more logarithms); `visit` then sees running maxima.
    fn scan(
        &self,
        days: &[u32],
        s: &mut Scratch,
        per_centre: bool,
        mut visit: impl FnMut(usize, &Best),
    ) {
        let td = self.table_days;
        let off = self.days - td;
        if self.prospective {
            self.fill(days, &mut s.table);
        }
        let Scratch { table, w, nz, .. } = s;
        let mut best = Best::default();
        for (centre, (&(z0, _), &(s0, s1))) in self
            .circles
            .centre_range
            .iter()
            .zip(&self.circles.step_range)
            .enumerate()
        {
            if s0 == s1 {
                continue;
            }
            let mut used = 0usize;
            if per_centre {
                best = Best::default();
            }
            for (si, step) in self.circles.steps[s0..s1].iter().enumerate() {
                let new_zones = &self.circles.zones[z0 + used..z0 + step.len as usize];
                used = step.len as usize;
                let n_s = step.n_s;
                if self.prospective {
                    // Dense: the last `max_len` days, windows ending on the last day.
                    for &z in new_zones {
                        let row = &table[z as usize * td..(z as usize + 1) * td];
                        for (wd, &v) in w.iter_mut().zip(row) {
                            *wd += u64::from(v);
                        }
                    }
                    let mut c = 0u64;
                    for b in (0..td).rev() {
                        c += w[b];
                        if w[b] > 0 {
                            self.eval(n_s, c, b + off, td - 1 + off, si, &mut best);
                        }
                    }
                } else {
                    // Sparse: only days with cases in the circle start or end a window.
                    for &z in new_zones {
                        let z = z as usize;
                        for &case in &self.zone_cases[self.zone_start[z]..self.zone_start[z + 1]] {
                            let d = days[case as usize];
                            if w[d as usize] == 0 {
                                nz.push(d);
                            }
                            w[d as usize] += 1;
                        }
                    }
                    nz.sort_unstable();
                    for ei in 0..nz.len() {
                        let e = nz[ei] as usize;
                        let mut c = 0u64;
                        for &b in nz[..=ei].iter().rev() {
                            let b = b as usize;
                            if e - b >= self.max_len {
                                break;
                            }
                            c += w[b];
                            self.eval(n_s, c, b, e, si, &mut best);
                        }
                    }
                }
            }
            if self.prospective {
                w.iter_mut().for_each(|v| *v = 0);
            } else {
                for &d in nz.iter() {
                    w[d as usize] = 0;
                }
                nz.clear();
            }
            if best.llr > 0.0 {
                visit(centre, &best);
            }
        }
    }

    /// Largest LLR of replicate `r`.
    fn replicate(&self, r: usize, seed: u64, s: &mut Scratch) -> f64 {
        let mut days = std::mem::take(&mut s.days);
        days.clear();
        days.extend_from_slice(self.case_day);
        let mut rng = stream_rng(seed, STREAM_BASE + r as u64);
        shuffle(&mut days, &mut rng);
        let mut max = 0.0f64;
        self.scan(&days, s, false, |_, b| max = max.max(b.llr));
        s.days = days;
        max
    }

    fn simulate(&self, r: usize, seed: u64, parallel: bool) -> Vec<f64> {
        #[cfg(feature = "parallel")]
        if parallel {
            use rayon::prelude::*;
            return (0..r)
                .into_par_iter()
                .map_init(|| self.scratch(), |s, rep| self.replicate(rep, seed, s))
                .collect();
        }
        let _ = parallel;
        let mut s = self.scratch();
        (0..r)
            .map(|rep| self.replicate(rep, seed, &mut s))
            .collect()
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Largest day number accepted (±10 million days, about ±27 000 years from 1970).
const MAX_DAY_NUMBER: i64 = 10_000_000;

fn day_date(day: i64) -> NaiveDate {
    epoch()
        .checked_add_signed(Duration::days(day.clamp(-MAX_DAY_NUMBER, MAX_DAY_NUMBER)))
        .unwrap_or_default()
}

fn check_params(params: &ScanParams) -> Result<(), TrendError> {
    if !(params.max_radius_m.is_finite() && params.max_radius_m >= 0.0) {
        return Err(invalid(
            "max_radius_m",
            params.max_radius_m,
            "a finite radius ≥ 0 m",
        ));
    }
    if params.max_days == 0 {
        return Err(invalid("max_days", 0, "at least 1 day"));
    }
    if params.study_days == Some(0) {
        return Err(invalid(
            "study_days",
            0,
            "at least 1 day, or none for all days",
        ));
    }
    if params.permutations == 0 || params.permutations > super::knox::MAX_PERMUTATIONS {
        return Err(invalid(
            "permutations",
            params.permutations,
            "between 1 and 1 000 000",
        ));
    }
    if params.max_clusters == 0 {
        return Err(invalid("max_clusters", 0, "at least 1"));
    }
    Ok(())
}

/// Zone/day data after validation, ready for [`scan_core`].
struct Input<'a> {
    zone_xy: &'a [(f64, f64)],
    case_zone: Vec<u32>,
    /// Day numbers of the cases (all within the study period).
    case_day: Vec<i64>,
    first: i64,
    last: i64,
}

fn scan_core(inp: Input<'_>, params: &ScanParams, parallel: bool) -> Result<Scan, Error> {
    let n_zones = inp.zone_xy.len();
    let total = inp.case_zone.len() as u64;
    if total < 2 {
        return Err(TrendError::TooShort {
            what: "space-time scan cases in the study period".into(),
            n: total as usize,
            min: 2,
        }
        .into());
    }
    let days = usize::try_from(inp.last - inp.first + 1).unwrap_or(usize::MAX);
    let max_len = (params.max_days as usize).min(days);
    let table_days = if params.prospective { max_len } else { days };
    if n_zones.saturating_mul(table_days) > MAX_TABLE_CELLS || days > MAX_TABLE_CELLS {
        return Err(TrendError::TooLarge {
            what: "space-time scan table (zones × days)".into(),
            n: (n_zones as u64).saturating_mul(table_days as u64),
            max: MAX_TABLE_CELLS as u64,
            hint: "use a shorter study period (study_days), the prospective scan or larger cells"
                .into(),
        }
        .into());
    }
    let mut zone_total = vec![0u64; n_zones];
    let mut day_total = vec![0u64; days];
    let case_day: Vec<u32> = inp
        .case_day
        .iter()
        .map(|&d| (d - inp.first) as u32)
        .collect();
    for (&z, &d) in inp.case_zone.iter().zip(&case_day) {
        zone_total[z as usize] += 1;
        day_total[d as usize] += 1;
    }
    let mut day_prefix = Vec::with_capacity(days + 1);
    day_prefix.push(0u64);
    for &v in &day_total {
        let last = day_prefix.last().copied().unwrap_or(0);
        day_prefix.push(last + v);
    }
    let circles = build_circles(inp.zone_xy, &zone_total, total, params.max_radius_m)?;
    let r = params.permutations;
    // Window evaluations per replicate, at most: per circle, the days that can hold its cases
    // (all of them for a prospective scan) times the window lengths.
    let per_replicate: u128 = circles
        .steps
        .iter()
        .map(|st| {
            let d = (table_days as u128).min(if params.prospective {
                u128::MAX
            } else {
                u128::from(st.n_s)
            });
            d * (1 + max_len as u128)
        })
        .sum();
    let work = per_replicate * (r as u128 + 1);
    if work > MAX_WORK {
        return Err(TrendError::TooLarge {
            what: "space-time scan work (circles × windows × permutations)".into(),
            n: u64::try_from(work).unwrap_or(u64::MAX),
            max: MAX_WORK as u64,
            hint: "use the prospective scan, a shorter study period, a smaller max_radius_m, \
                   larger cells or fewer permutations"
                .into(),
        }
        .into());
    }
    let problem = Problem::new(
        &circles,
        &inp.case_zone,
        &case_day,
        n_zones,
        days,
        max_len,
        day_prefix,
        params.prospective,
    );
    // Observed data.
    let mut s = problem.scratch();
    let mut bests: Vec<(usize, Best)> = Vec::new();
    problem.scan(&case_day, &mut s, true, |centre, b| {
        bests.push((centre, *b))
    });
    bests.sort_by(|a, b| b.1.llr.total_cmp(&a.1.llr).then(a.0.cmp(&b.0)));
    let seed = params.seed.unwrap_or(DEFAULT_SEED);
    let sims = problem.simulate(r, seed, parallel);

    let mut taken = vec![false; n_zones];
    let mut clusters = Vec::new();
    for (centre, b) in bests {
        if clusters.len() >= params.max_clusters {
            break;
        }
        let (z0, _) = circles.centre_range[centre];
        let (s0, _) = circles.step_range[centre];
        let step = circles.steps[s0 + b.step];
        let zones: Vec<usize> = circles.zones[z0..z0 + step.len as usize]
            .iter()
            .map(|&z| z as usize)
            .collect();
        if zones.iter().any(|&z| taken[z]) {
            continue;
        }
        zones.iter().for_each(|&z| taken[z] = true);
        let ge = sims.iter().filter(|&&m| m >= b.llr).count();
        let p = (1.0 + ge as f64) / (r as f64 + 1.0);
        clusters.push(Cluster {
            centre: inp.zone_xy[centre],
            radius_m: step.radius,
            zones,
            start_day: day_date(inp.first + b.d1 as i64),
            end_day: day_date(inp.first + b.d2 as i64),
            observed: b.c,
            expected: b.mu,
            llr: b.llr,
            p,
            recurrence_days: 1.0 / p,
        });
    }
    let d = ScanParams::default();
    let params_used = vec![
        ParamUsed::new(
            "max_radius_m",
            params.max_radius_m,
            source(params.max_radius_m == d.max_radius_m),
        ),
        ParamUsed::new(
            "max_days",
            params.max_days,
            source(params.max_days == d.max_days),
        ),
        ParamUsed::new(
            "study_days",
            serde_json::to_value(params.study_days).unwrap_or_default(),
            source(params.study_days == d.study_days),
        ),
        ParamUsed::new(
            "prospective",
            params.prospective,
            source(params.prospective == d.prospective),
        ),
        ParamUsed::new("permutations", r, source(r == d.permutations)),
        ParamUsed::new("seed", seed, source(params.seed.is_none())),
        ParamUsed::new(
            "max_clusters",
            params.max_clusters,
            source(params.max_clusters == d.max_clusters),
        ),
        ParamUsed::new("max_share_of_cases", 0.5, Source::Default),
        ParamUsed::new("min_cluster_cases", MIN_CLUSTER_CASES, Source::Default),
        ParamUsed::new("rng", RNG_NAME, Source::Default),
    ];
    Ok(Scan {
        clusters,
        cases: total as usize,
        zones: n_zones,
        days,
        first_day: day_date(inp.first),
        last_day: day_date(inp.last),
        zone_xy: inp.zone_xy.to_vec(),
        zone_cells: Vec::new(),
        outside_grid: 0,
        circles: circles.steps.len(),
        permutations: r,
        seed,
        rng: RNG_NAME.to_string(),
        params_used,
    })
}

/// The space-time permutation scan on cases given by zone and day.
///
/// `zone_xy` are the zone centroids in projected metres (every zone is a circle centre);
/// case `i` lies in zone `case_zone[i]` on day `case_day[i]` (days since 1970-01-01, so
/// that the reported dates are calendar dates). The last study day is the latest case day;
/// with [`ScanParams::study_days`] earlier cases are left out.
///
/// # Errors
/// * [`TrendError::LengthMismatch`] when `case_zone` and `case_day` differ in length;
/// * [`TrendError::Empty`] without cases or zones;
/// * [`TrendError::InvalidValue`] for a non-finite centroid or a zone index out of range;
/// * [`TrendError::TooShort`] for fewer than 2 cases in the study period;
/// * [`TrendError::InvalidParameter`] for a negative or non-finite radius, `max_days`,
///   `study_days` or `max_clusters` of 0, or `permutations` outside `1 ..= 1 000 000`;
/// * [`TrendError::TooLarge`] when the day table, the circles or the total work would be
///   too large ([`MAX_TABLE_CELLS`], [`MAX_CIRCLE_ENTRIES`], [`MAX_WORK`]).
pub fn space_time_scan(
    zone_xy: &[(f64, f64)],
    case_zone: &[usize],
    case_day: &[i64],
    params: &ScanParams,
) -> Result<Scan, Error> {
    scan_slices(zone_xy, case_zone, case_day, params, true)
}

fn scan_slices(
    zone_xy: &[(f64, f64)],
    case_zone: &[usize],
    case_day: &[i64],
    params: &ScanParams,
    parallel: bool,
) -> Result<Scan, Error> {
    check_params(params)?;
    if case_day.len() != case_zone.len() {
        return Err(TrendError::LengthMismatch {
            what: "case_day".into(),
            expected: case_zone.len(),
            got: case_day.len(),
        }
        .into());
    }
    if case_zone.is_empty() || zone_xy.is_empty() {
        return Err(TrendError::Empty {
            what: if zone_xy.is_empty() {
                "no zones".into()
            } else {
                "no cases".into()
            },
        }
        .into());
    }
    if zone_xy.len() > u32::MAX as usize || case_zone.len() > u32::MAX as usize {
        return Err(TrendError::TooLarge {
            what: "space-time scan zones or cases".into(),
            n: zone_xy.len().max(case_zone.len()) as u64,
            max: u64::from(u32::MAX),
            hint: "analyse a smaller area or a shorter period".into(),
        }
        .into());
    }
    let xs: Vec<f64> = zone_xy.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = zone_xy.iter().map(|p| p.1).collect();
    check_finite("zone_xy x", &xs)?;
    check_finite("zone_xy y", &ys)?;
    if let Some(i) = case_zone.iter().position(|&z| z >= zone_xy.len()) {
        return Err(TrendError::InvalidValue {
            what: "case_zone".into(),
            index: i,
            value: case_zone[i] as f64,
            expected: format!("a zone index below {}", zone_xy.len()),
        }
        .into());
    }
    if let Some(i) = case_day.iter().position(|d| d.abs() > MAX_DAY_NUMBER) {
        return Err(TrendError::InvalidValue {
            what: "case_day".into(),
            index: i,
            value: case_day[i] as f64,
            expected: "a day number (days since 1970-01-01) within ±10 000 000".into(),
        }
        .into());
    }
    let last = case_day.iter().copied().max().unwrap_or(0);
    let first = match params.study_days {
        Some(s) => last - i64::from(s) + 1,
        None => case_day.iter().copied().min().unwrap_or(last),
    };
    let keep: Vec<usize> = (0..case_day.len())
        .filter(|&i| case_day[i] >= first)
        .collect();
    let inp = Input {
        zone_xy,
        case_zone: keep.iter().map(|&i| case_zone[i] as u32).collect(),
        case_day: keep.iter().map(|&i| case_day[i]).collect(),
        first,
        last,
    };
    scan_core(inp, params, parallel)
}

/// The Stockholm local date of a UTC instant, as days since 1970-01-01.
fn local_day(utc_seconds: i64) -> Option<i64> {
    let date = DateTime::from_timestamp(utc_seconds, 0)?
        .with_timezone(&Stockholm)
        .date_naive();
    Some((date - epoch()).num_days())
}

/// The space-time permutation scan on the selected incidents (categories and time window of
/// `selection`; weights are not used): zones are the cells of `grid` that hold cases in the
/// study period (their centroids are the circle centres), days are Europe/Stockholm local
/// dates. The last study day is the local date of the selection's end (`to` − 1 s) when it
/// has one, else of the latest selected incident.
///
/// # Errors
/// [`crate::crs::CrsError::NotMetric`] (code `CRS_NOT_METRIC`) for longitude/latitude,
/// [`GridError::CrsMismatch`] when the grid and the incidents differ in CRS,
/// [`TrendError::Empty`] when nothing is selected in the grid; otherwise as
/// [`space_time_scan`].
///
/// # Examples
/// ```
/// use est_core::grid::{Grid, GridOptions};
/// use est_core::hotspot::counts::Selection;
/// use est_core::sample::SampleTown;
/// use est_core::trend::scan::{scan_incidents, ScanParams};
///
/// let town = SampleTown::new(2_000, 5).generate()?;
/// let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(250.0))?;
/// let params = ScanParams { permutations: 49, ..ScanParams::default() };
/// let scan = scan_incidents(&town, &grid, &Selection::default(), &params)?;
/// assert_eq!(scan.days, 28);
/// assert!(scan.clusters.iter().all(|c| c.end_day == scan.last_day));
/// # Ok::<(), est_core::Error>(())
/// ```
pub fn scan_incidents(
    incidents: &Incidents,
    grid: &Grid,
    selection: &Selection,
    params: &ScanParams,
) -> Result<Scan, Error> {
    scan_incidents_impl(incidents, grid, selection, params, true)
}

fn scan_incidents_impl(
    incidents: &Incidents,
    grid: &Grid,
    selection: &Selection,
    params: &ScanParams,
    parallel: bool,
) -> Result<Scan, Error> {
    incidents.crs().require_metric("the space-time scan")?;
    if incidents.crs() != grid.crs() {
        return Err(GridError::CrsMismatch {
            what: "incidents".into(),
            grid: grid.crs(),
            data: incidents.crs(),
        }
        .into());
    }
    check_params(params)?;
    let rows: Vec<(usize, i64)> = (0..incidents.len())
        .filter(|&i| selected(selection, incidents, i))
        .filter_map(|i| Some((i, local_day(*incidents.times().get(i)?)?)))
        .collect();
    let last = match selection.to.and_then(|to| local_day(to.timestamp() - 1)) {
        Some(d) => d,
        None => match rows.iter().map(|r| r.1).max() {
            Some(d) => d,
            None => {
                return Err(TrendError::Empty {
                    what: "no incidents selected for the space-time scan".into(),
                }
                .into());
            }
        },
    };
    let first = match params.study_days {
        Some(s) => last - i64::from(s) + 1,
        None => rows.iter().map(|r| r.1).min().unwrap_or(last),
    };
    let mut active: Vec<(usize, i64)> = Vec::new();
    let mut outside = 0usize;
    for &(i, d) in &rows {
        if d < first || d > last {
            continue;
        }
        match grid.index_of(incidents.x()[i], incidents.y()[i]) {
            Some(a) => active.push((a, d)),
            None => outside += 1,
        }
    }
    if active.is_empty() {
        return Err(TrendError::Empty {
            what: format!(
                "no selected incidents in the grid between {} and {}",
                day_date(first),
                day_date(last)
            ),
        }
        .into());
    }
    // Zones: the active cells with cases, in cell order.
    let mut zone_of = vec![u32::MAX; grid.cells().len()];
    let mut used: Vec<usize> = active.iter().map(|a| a.0).collect();
    used.sort_unstable();
    used.dedup();
    for (z, &a) in used.iter().enumerate() {
        zone_of[a] = z as u32;
    }
    let zone_cells: Vec<u32> = used.iter().map(|&a| grid.cells()[a]).collect();
    let zone_xy: Vec<(f64, f64)> = zone_cells.iter().map(|&c| grid.centroid(c)).collect();
    let inp = Input {
        zone_xy: &zone_xy,
        case_zone: active.iter().map(|a| zone_of[a.0]).collect(),
        case_day: active.iter().map(|a| a.1).collect(),
        first,
        last,
    };
    let mut scan = scan_core(inp, params, parallel)?;
    scan.zone_cells = zone_cells;
    scan.outside_grid = outside;
    scan.params_used.push(ParamUsed::new(
        "cell_size_m",
        grid.cell_size(),
        Source::User,
    ));
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridOptions;
    use crate::sample::SampleTown;

    fn params(r: usize) -> ScanParams {
        ScanParams {
            permutations: r,
            ..ScanParams::default()
        }
    }

    /// Brute force: every circle (by radius over all zones) × every window, LLR from the
    /// `μ_zd` table summed cell by cell.
    fn brute_max(zone_xy: &[(f64, f64)], zone: &[usize], day: &[i64], p: &ScanParams) -> f64 {
        let last = *day.iter().max().unwrap();
        let first = p
            .study_days
            .map_or(*day.iter().min().unwrap(), |s| last - i64::from(s) + 1);
        let nd = (last - first + 1) as usize;
        let nz = zone_xy.len();
        let mut c = vec![vec![0f64; nd]; nz];
        let mut total = 0.0;
        for (&z, &d) in zone.iter().zip(day) {
            if d >= first {
                c[z][(d - first) as usize] += 1.0;
                total += 1.0;
            }
        }
        let nz_tot: Vec<f64> = c.iter().map(|r| r.iter().sum()).collect();
        let nd_tot: Vec<f64> = (0..nd).map(|d| c.iter().map(|r| r[d]).sum()).collect();
        let mut best = 0.0f64;
        for (cx, cy) in zone_xy {
            for (rx, ry) in zone_xy {
                let r2 = (rx - cx).powi(2) + (ry - cy).powi(2);
                if r2.sqrt() > p.max_radius_m {
                    continue;
                }
                let inside: Vec<usize> = (0..nz)
                    .filter(|&z| (zone_xy[z].0 - cx).powi(2) + (zone_xy[z].1 - cy).powi(2) <= r2)
                    .collect();
                let ns: f64 = inside.iter().map(|&z| nz_tot[z]).sum();
                if 2.0 * ns > total {
                    continue;
                }
                for d2 in 0..nd {
                    if p.prospective && d2 != nd - 1 {
                        continue;
                    }
                    for len in 1..=(p.max_days as usize).min(d2 + 1) {
                        let d1 = d2 + 1 - len;
                        let mut ca = 0.0;
                        let mut mu = 0.0;
                        for &z in &inside {
                            for d in d1..=d2 {
                                ca += c[z][d];
                                mu += nz_tot[z] * nd_tot[d] / total;
                            }
                        }
                        if ca >= MIN_CLUSTER_CASES as f64 {
                            best = best.max(llr(ca as u64, mu, total as u64));
                        }
                    }
                }
            }
        }
        best
    }

    /// A small seeded data set with an injected cluster.
    fn toy(seed: u64) -> (Vec<(f64, f64)>, Vec<usize>, Vec<i64>) {
        let zones: Vec<(f64, f64)> = (0..25)
            .map(|i| (f64::from(i % 5) * 120.0, f64::from(i / 5) * 100.0))
            .collect();
        let mut rng = stream_rng(seed, 0);
        let (mut z, mut d) = (Vec::new(), Vec::new());
        for _ in 0..150 {
            z.push(super::super::knox::below(&mut rng, 25) as usize);
            d.push(1_000 + i64::from(super::super::knox::below(&mut rng, 20)));
        }
        for k in 0..20 {
            z.push(12 + (k % 2));
            d.push(1_017 + (k as i64 % 3));
        }
        (zones, z, d)
    }

    #[test]
    fn llr_by_hand() {
        // C = 10, c = 4, μ = 1: 4 ln 4 + 6 ln(6/9).
        let v = 4.0 * 4f64.ln() + 6.0 * (6.0f64 / 9.0).ln();
        assert!((llr(4, 1.0, 10) - v).abs() < 1e-12);
        // c = C: the outside term vanishes.
        assert!((llr(10, 5.0, 10) - 10.0 * 2f64.ln()).abs() < 1e-12);
        assert_eq!(llr(2, 2.0, 10), 0.0);
        assert_eq!(llr(0, 0.0, 10), 0.0);
    }

    #[test]
    fn max_llr_equals_brute_force() {
        for seed in 0..6 {
            let (zones, z, d) = toy(seed);
            for (prospective, study, radius) in [
                (true, Some(28), 250.0),
                (false, None, 250.0),
                (false, Some(10), 130.0),
                (true, None, 0.0),
            ] {
                let p = ScanParams {
                    prospective,
                    study_days: study,
                    max_radius_m: radius,
                    max_days: 4,
                    permutations: 9,
                    ..ScanParams::default()
                };
                let s = space_time_scan(&zones, &z, &d, &p).unwrap();
                let got = s.clusters.first().map_or(0.0, |c| c.llr);
                let want = brute_max(&zones, &z, &d, &p);
                assert!(
                    (got - want).abs() <= 1e-9 * want.max(1.0),
                    "seed {seed} {prospective} {study:?} {radius}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn clusters_do_not_overlap_and_are_ranked() {
        let (zones, z, d) = toy(3);
        let p = ScanParams {
            prospective: false,
            study_days: None,
            max_radius_m: 250.0,
            permutations: 19,
            ..ScanParams::default()
        };
        let s = space_time_scan(&zones, &z, &d, &p).unwrap();
        assert!(s.clusters.len() > 1);
        let mut seen = std::collections::BTreeSet::new();
        for w in s.clusters.windows(2) {
            assert!(w[0].llr >= w[1].llr);
            assert!(w[0].p <= w[1].p);
        }
        for c in &s.clusters {
            for &zz in &c.zones {
                assert!(seen.insert(zz), "zone {zz} in two clusters");
            }
            assert!((c.recurrence_days - 1.0 / c.p).abs() < 1e-12);
            assert!(c.observed as f64 > c.expected);
            assert!(c.end_day >= c.start_day);
            assert!((c.end_day - c.start_day).num_days() < 7);
        }
        // The injected cluster (zones 12, 13; days 17–19) is found first.
        let top = &s.clusters[0];
        assert!(top.zones.contains(&12) && top.zones.contains(&13));
        assert_eq!(top.start_day, day_date(1_017));
        assert_eq!(top.end_day, day_date(1_019));
        assert_eq!(top.p, 0.05); // the smallest possible with R = 19
    }

    #[test]
    fn deterministic_and_parallel_equals_serial() {
        let (zones, z, d) = toy(5);
        let p = ScanParams {
            prospective: false,
            study_days: None,
            permutations: 99,
            seed: Some(11),
            ..ScanParams::default()
        };
        let a = scan_slices(&zones, &z, &d, &p, true).unwrap();
        let b = scan_slices(&zones, &z, &d, &p, false).unwrap();
        let c = space_time_scan(&zones, &z, &d, &p).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        let town = SampleTown::new(1_500, 2).generate().unwrap();
        let grid =
            Grid::for_incidents(&town, &GridOptions::default().with_cell_size(300.0)).unwrap();
        let q = params(49);
        let a = scan_incidents_impl(&town, &grid, &Selection::default(), &q, true).unwrap();
        let b = scan_incidents_impl(&town, &grid, &Selection::default(), &q, false).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn errors_carry_values() {
        let z = [(0.0, 0.0), (100.0, 0.0)];
        let code = |r: Result<Scan, Error>| r.unwrap_err().code();
        assert_eq!(
            code(space_time_scan(&z, &[0, 1], &[1], &params(9))),
            "TREND_LENGTH_MISMATCH"
        );
        assert_eq!(
            code(space_time_scan(&z, &[], &[], &params(9))),
            "TREND_EMPTY"
        );
        let e = space_time_scan(&z, &[0, 2], &[1, 2], &params(9)).unwrap_err();
        assert_eq!(e.code(), "TREND_INVALID_VALUE");
        assert!(e.to_string().contains("below 2"), "{e}");
        let e = space_time_scan(&z, &[0, 1], &[1, i64::MAX], &params(9)).unwrap_err();
        assert_eq!(e.code(), "TREND_INVALID_VALUE");
        assert!(e.to_string().contains("case_day 1"), "{e}");
        assert_eq!(
            code(space_time_scan(&z, &[0], &[1], &params(9))),
            "TREND_TOO_SHORT"
        );
        let huge = ScanParams {
            study_days: Some(u32::MAX),
            ..params(9)
        };
        assert_eq!(
            code(space_time_scan(&z, &[0, 1], &[1, 2], &huge)),
            "TREND_TOO_LARGE"
        );
        let bad = ScanParams {
            max_radius_m: f64::NAN,
            ..params(9)
        };
        let e = space_time_scan(&z, &[0, 1], &[1, 2], &bad).unwrap_err();
        assert!(e.to_string().contains("max_radius_m"), "{e}");
        for bad in [
            ScanParams {
                max_days: 0,
                ..params(9)
            },
            ScanParams {
                study_days: Some(0),
                ..params(9)
            },
            ScanParams {
                max_clusters: 0,
                ..params(9)
            },
            params(0),
        ] {
            assert_eq!(
                code(space_time_scan(&z, &[0, 1], &[1, 2], &bad)),
                "TREND_INVALID_PARAMETER"
            );
        }
        let town = SampleTown::new(200, 1).generate().unwrap();
        let grid = Grid::for_incidents(&town, &GridOptions::default()).unwrap();
        let lonlat = town.to_crs(crate::crs::Crs::WGS84).unwrap();
        assert_eq!(
            code(scan_incidents(
                &lonlat,
                &grid,
                &Selection::default(),
                &params(9)
            )),
            "CRS_NOT_METRIC"
        );
    }

    #[test]
    fn params_used_record_sources() {
        let (zones, z, d) = toy(1);
        let s = space_time_scan(&zones, &z, &d, &params(19)).unwrap();
        let src = |n: &str| {
            s.params_used
                .iter()
                .find(|p| p.name == n)
                .map(|p| p.source.clone())
                .unwrap()
        };
        assert_eq!(src("permutations"), Source::User);
        assert_eq!(src("max_days"), Source::Default);
        assert_eq!(src("seed"), Source::Default);
        assert_eq!(s.seed, DEFAULT_SEED);
        assert_eq!(s.days, 28);
        assert_eq!(s.last_day, day_date(1_019));
    }
}
