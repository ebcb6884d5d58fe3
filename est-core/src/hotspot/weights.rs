//! Sparse spatial weights in flat CSR arrays (method reference §4.1).
//!
//! A [`SpatialWeights`] holds, for each unit `i`, its **non-self** neighbours `j` with weights
//! `w_ij` (row `i` of the matrix without the diagonal) in three flat arrays — `offsets`
//! (`n + 1` entries), `neighbours` and `weights` — plus an optional self weight `w_ii`
//! (Getis–Ord Gi\*). Neighbours within a row are in ascending index order.
//!
//! Builders:
//! * [`SpatialWeights::distance_band`]: `0 < d_ij ≤ δ` metres from point coordinates
//!   (R-tree), as libpysal `DistanceBand(binary=True)`; coincident points are not neighbours.
//! * [`SpatialWeights::knn`]: the `k` nearest other points (ties broken by index).
//! * [`SpatialWeights::grid_contiguity`]: queen (8) / rook (4) neighbours on a square
//!   [`Grid`], or the 6 ring-1 neighbours on a hexagon grid, computed from **integer cell
//!   offsets** among the active cells (never from floating distances).
//! * [`SpatialWeights::from_csr`]: any weights, validated.
//!
//! [`WeightsOptions`] adds the self weight (`w_ii = 1` before standardisation) and chooses
//! binary or row-standardised values (`w_ij / W_i`, the row sum including the self weight).
//! Units without neighbours are **islands** ([`SpatialWeights::islands`]).
//!
//! # Examples
//! ```
//! use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
//!
//! // The esda G_Local doctest points, band 15.
//! let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
//! let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
//! let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::default())?;
//! assert_eq!(w.neighbours(4).0, &[1, 2, 3, 5]);
//! let star = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::gi_star())?;
//! assert_eq!(star.row_sum(4), 5.0); // W_i includes the self weight
//! # Ok::<(), est_core::hotspot::HotspotError>(())
//! ```

use rstar::RTree;
use rstar::primitives::GeomWithData;
use serde::{Deserialize, Serialize};

use super::{HotspotError, invalid_param};
use crate::grid::{Grid, GridShape};
use crate::params::{ParamUsed, Source};

/// Binary or row-standardised weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightStyle {
    /// `w_ij ∈ {0, 1}` (libpysal transform `"B"`; the default of `DistanceBand(binary=True)`).
    #[default]
    Binary,
    /// `w_ij / W_i` with `W_i` the row sum including any self weight (libpysal `"R"`).
    RowStandardised,
}

/// Queen or rook contiguity on a square grid (hexagon grids always use their 6 neighbours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contiguity {
    /// 8 neighbours (shared edge or corner); est's default for regular grids (§4.1).
    #[default]
    Queen,
    /// 4 neighbours (shared edge).
    Rook,
}

/// Options shared by the weight builders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WeightsOptions {
    /// Add a self weight `w_ii = 1` (before standardisation), as Gi\* needs. Default `false`
    /// (libpysal builders have no diagonal).
    pub self_weight: bool,
    /// Binary (default, libpysal `DistanceBand(binary=True)` / `lat2W`) or row-standardised.
    pub style: WeightStyle,
}

impl WeightsOptions {
    /// Binary weights with self weight: the Gi\* neighbourhood of method reference §4.2.
    pub fn gi_star() -> Self {
        WeightsOptions {
            self_weight: true,
            style: WeightStyle::Binary,
        }
    }
    /// Sets the self weight.
    pub fn with_self_weight(mut self, on: bool) -> Self {
        self.self_weight = on;
        self
    }
    /// Sets the style.
    pub fn with_style(mut self, style: WeightStyle) -> Self {
        self.style = style;
        self
    }
}

/// Sparse spatial weights (CSR without the diagonal, plus optional self weights).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpatialWeights {
    #[serde(skip)]
    offsets: Vec<usize>,
    #[serde(skip)]
    neighbours: Vec<u32>,
    #[serde(skip)]
    weights: Vec<f64>,
    #[serde(skip)]
    self_weights: Option<Vec<f64>>,
    n: usize,
    style: Option<WeightStyle>,
    n_islands: usize,
    params_used: Vec<ParamUsed>,
}

fn weights_err(reason: impl Into<String>) -> HotspotError {
    HotspotError::InvalidWeights {
        reason: reason.into(),
    }
}

impl SpatialWeights {
    /// Weights from flat CSR arrays of **non-self** neighbours: row `i` is
    /// `neighbours[offsets[i]..offsets[i+1]]` with `weights[…]`, and `self_weights[i]` is
    /// `w_ii` (`None`: no diagonal). Rows are sorted by neighbour index here.
    ///
    /// # Errors
    /// [`HotspotError::InvalidWeights`] when `offsets` is not `n + 1` non-decreasing entries
    /// ending at `neighbours.len()`, lengths differ, an index is out of range, repeated or
    /// equal to its row (put `w_ii` in `self_weights`), or a weight is negative or not finite.
    pub fn from_csr(
        offsets: Vec<usize>,
        neighbours: Vec<u32>,
        weights: Vec<f64>,
        self_weights: Option<Vec<f64>>,
    ) -> Result<SpatialWeights, HotspotError> {
        let n = offsets.len().saturating_sub(1);
        if offsets.first() != Some(&0) || offsets.last() != Some(&neighbours.len()) {
            return Err(weights_err(format!(
                "offsets must start at 0 and end at the number of neighbour entries ({})",
                neighbours.len()
            )));
        }
        if neighbours.len() != weights.len() {
            return Err(weights_err(format!(
                "{} neighbour indices but {} weights",
                neighbours.len(),
                weights.len()
            )));
        }
        if let Some(s) = &self_weights {
            if s.len() != n {
                return Err(weights_err(format!(
                    "{} self weights for {n} units",
                    s.len()
                )));
            }
            if let Some((i, v)) = s
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
            {
                return Err(weights_err(format!(
                    "self weight {i} is {v}: must be finite and ≥ 0"
                )));
            }
        }
        let mut out_nb = Vec::with_capacity(neighbours.len());
        let mut out_w = Vec::with_capacity(weights.len());
        let mut row: Vec<(u32, f64)> = Vec::new();
        for i in 0..n {
            let (a, b) = (offsets[i], offsets[i + 1]);
            if a > b {
                return Err(weights_err(format!("offsets decrease at unit {i}")));
            }
            row.clear();
            for k in a..b {
                let (j, w) = (neighbours[k], weights[k]);
                if j as usize >= n {
                    return Err(weights_err(format!(
                        "unit {i} has neighbour {j}, but there are {n} units"
                    )));
                }
                if j as usize == i {
                    return Err(weights_err(format!(
                        "unit {i} lists itself as a neighbour: give w_ii as a self weight"
                    )));
                }
                if !(w.is_finite() && w >= 0.0) {
                    return Err(weights_err(format!(
                        "weight of ({i}, {j}) is {w}: must be finite and ≥ 0"
                    )));
                }
                row.push((j, w));
            }
            row.sort_by_key(|&(j, _)| j);
            if row.windows(2).any(|p| p[0].0 == p[1].0) {
                return Err(weights_err(format!("unit {i} lists a neighbour twice")));
            }
            for &(j, w) in &row {
                out_nb.push(j);
                out_w.push(w);
            }
        }
        let mut w = SpatialWeights {
            offsets,
            neighbours: out_nb,
            weights: out_w,
            self_weights,
            n,
            style: None,
            n_islands: 0,
            params_used: vec![ParamUsed::new("weights", "csr", Source::User)],
        };
        w.n_islands = w.count_islands();
        Ok(w)
    }

    /// Binary rows from neighbour lists (ascending or not), then `options` applied.
    fn from_lists(
        lists: Vec<Vec<u32>>,
        options: &WeightsOptions,
        params_used: Vec<ParamUsed>,
    ) -> SpatialWeights {
        let n = lists.len();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut neighbours = Vec::new();
        for mut l in lists {
            l.sort_unstable();
            l.dedup();
            neighbours.extend_from_slice(&l);
            offsets.push(neighbours.len());
        }
        let weights = vec![1.0; neighbours.len()];
        let self_weights = options.self_weight.then(|| vec![1.0; n]);
        let mut w = SpatialWeights {
            offsets,
            neighbours,
            weights,
            self_weights,
            n,
            style: Some(WeightStyle::Binary),
            n_islands: 0,
            params_used,
        };
        w.params_used.push(ParamUsed::new(
            "self_weight",
            options.self_weight,
            Source::User,
        ));
        w.params_used.push(ParamUsed::new(
            "style",
            match options.style {
                WeightStyle::Binary => "binary",
                WeightStyle::RowStandardised => "row_standardised",
            },
            Source::User,
        ));
        if options.style == WeightStyle::RowStandardised {
            w.row_standardise_in_place();
        }
        w.n_islands = w.count_islands();
        w
    }

    /// Distance-band weights: `j` is a neighbour of `i` when `0 < d_ij ≤ band_m` (Euclidean,
    /// projected metres). Coincident points (`d = 0`) are not neighbours, as in libpysal
    /// `DistanceBand`.
    ///
    /// # Errors
    /// [`HotspotError::LengthMismatch`], [`HotspotError::NotFinite`] for a coordinate,
    /// [`HotspotError::InvalidParameter`] for a band that is not positive and finite.
    pub fn distance_band(
        x: &[f64],
        y: &[f64],
        band_m: f64,
        options: &WeightsOptions,
    ) -> Result<SpatialWeights, HotspotError> {
        check_xy(x, y)?;
        if !(band_m.is_finite() && band_m > 0.0) {
            return Err(invalid_param(
                "distance band",
                band_m,
                "must be a positive number of metres",
            ));
        }
        let tree = point_tree(x, y);
        // Query slightly wider, then filter with the exact rule d ≤ δ.
        let r2 = band_m * band_m * (1.0 + 1e-9);
        let mut lists = Vec::with_capacity(x.len());
        for i in 0..x.len() {
            let p = [x[i], y[i]];
            let mut l: Vec<u32> = tree
                .locate_within_distance(p, r2)
                .filter_map(|g| {
                    let j = g.data as usize;
                    let d = (x[j] - p[0]).hypot(y[j] - p[1]);
                    (j != i && d > 0.0 && d <= band_m).then_some(g.data)
                })
                .collect();
            l.sort_unstable();
            lists.push(l);
        }
        let params = vec![
            ParamUsed::new("weights", "distance_band", Source::User),
            ParamUsed::new("band_m", band_m, Source::User),
        ];
        Ok(SpatialWeights::from_lists(lists, options, params))
    }

    /// The `k` nearest other points of each point (Euclidean; among equidistant candidates
    /// the lower index wins, so the result does not depend on the R-tree's layout).
    ///
    /// # Errors
    /// As [`SpatialWeights::distance_band`]; [`HotspotError::InvalidParameter`] when `k` is 0
    /// or not below the number of points.
    pub fn knn(
        x: &[f64],
        y: &[f64],
        k: usize,
        options: &WeightsOptions,
    ) -> Result<SpatialWeights, HotspotError> {
        check_xy(x, y)?;
        let n = x.len();
        if k == 0 || k >= n {
            return Err(invalid_param(
                "k",
                k,
                &format!("must be between 1 and n − 1 = {}", n.saturating_sub(1)),
            ));
        }
        let tree = point_tree(x, y);
        let mut lists = Vec::with_capacity(n);
        let mut cand: Vec<(f64, u32)> = Vec::new();
        for i in 0..n {
            cand.clear();
            let p = [x[i], y[i]];
            for (g, d2) in tree.nearest_neighbor_iter_with_distance_2(&p) {
                if g.data as usize == i {
                    continue;
                }
                if cand.len() >= k && cand.last().is_some_and(|&(last, _)| d2 > last) {
                    break;
                }
                cand.push((d2, g.data));
            }
            cand.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            lists.push(cand.iter().take(k).map(|&(_, j)| j).collect());
        }
        let params = vec![
            ParamUsed::new("weights", "knn", Source::User),
            ParamUsed::new("k", k, Source::User),
        ];
        Ok(SpatialWeights::from_lists(lists, options, params))
    }

    /// Contiguity among the **active** cells of `grid` (units in [`Grid::cells`] order), from
    /// integer `(row, col)` offsets: queen = the 8 cells sharing an edge or corner, rook = the
    /// 4 sharing an edge; on a hexagon grid the 6 ring-1 neighbours whatever `contiguity`
    /// (odd rows are shifted half a cell west, see [`crate::grid`]). Inactive (clipped-away)
    /// cells are not neighbours, so boundary cells may become islands.
    ///
    /// # Errors
    /// [`HotspotError::TooFewUnits`] for a grid without active cells.
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::grid::{Grid, GridOptions};
    /// use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
    ///
    /// let opts = GridOptions::default().with_cell_size(100.0);
    /// let grid = Grid::from_extent(0.0, 0.0, 200.0, 200.0, Crs::SWEREF99_TM, &opts)?;
    /// let w = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::gi_star())?;
    /// assert_eq!(w.neighbours(4).0.len(), 8); // the centre of 3 × 3
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grid_contiguity(
        grid: &Grid,
        contiguity: Contiguity,
        options: &WeightsOptions,
    ) -> Result<SpatialWeights, HotspotError> {
        let cells = grid.cells();
        if cells.is_empty() {
            return Err(HotspotError::TooFewUnits { n: 0 });
        }
        let (nrow, ncol) = (i64::from(grid.nrow()), i64::from(grid.ncol()));
        const QUEEN: [(i64, i64); 8] = [
            (-1, -1),
            (-1, 0),
            (-1, 1),
            (0, -1),
            (0, 1),
            (1, -1),
            (1, 0),
            (1, 1),
        ];
        const ROOK: [(i64, i64); 4] = [(-1, 0), (0, -1), (0, 1), (1, 0)];
        // Hexagons (pointy-topped, odd rows shifted west): (drow, dcol) by row parity.
        const HEX_EVEN: [(i64, i64); 6] = [(0, -1), (0, 1), (-1, 0), (-1, 1), (1, 0), (1, 1)];
        const HEX_ODD: [(i64, i64); 6] = [(0, -1), (0, 1), (-1, -1), (-1, 0), (1, -1), (1, 0)];
        let mut lists = Vec::with_capacity(cells.len());
        for &cell in cells {
            let (r, c) = grid.row_col(cell);
            let (r, c) = (i64::from(r), i64::from(c));
            let offs: &[(i64, i64)] = match (grid.shape(), contiguity) {
                (GridShape::Hexagon, _) if r % 2 == 0 => &HEX_EVEN,
                (GridShape::Hexagon, _) => &HEX_ODD,
                (GridShape::Square, Contiguity::Queen) => &QUEEN,
                (GridShape::Square, Contiguity::Rook) => &ROOK,
            };
            let mut l = Vec::with_capacity(offs.len());
            for &(dr, dc) in offs {
                let (rr, cc) = (r + dr, c + dc);
                if rr < 0 || cc < 0 || rr >= nrow || cc >= ncol {
                    continue;
                }
                let id = rr * ncol + cc;
                if let Some(j) = u32::try_from(id).ok().and_then(|id| grid.active_index(id)) {
                    l.push(j as u32);
                }
            }
            lists.push(l);
        }
        let name = match (grid.shape(), contiguity) {
            (GridShape::Hexagon, _) => "hex_ring1",
            (GridShape::Square, Contiguity::Queen) => "queen",
            (GridShape::Square, Contiguity::Rook) => "rook",
        };
        let params = vec![ParamUsed::new("weights", name, Source::User)];
        Ok(SpatialWeights::from_lists(lists, options, params))
    }

    fn count_islands(&self) -> usize {
        (0..self.n).filter(|&i| self.k(i) == 0).count()
    }

    fn row_standardise_in_place(&mut self) {
        for i in 0..self.n {
            let total = self.row_sum(i);
            if total > 0.0 {
                let (a, b) = (self.offsets[i], self.offsets[i + 1]);
                for w in &mut self.weights[a..b] {
                    *w /= total;
                }
                if let Some(s) = self.self_weights.as_mut().and_then(|s| s.get_mut(i)) {
                    *s /= total;
                }
            }
        }
        self.style = Some(WeightStyle::RowStandardised);
    }

    /// A row-standardised copy (`w_ij / W_i`, `W_i` including any self weight; rows of
    /// islands stay zero).
    pub fn row_standardised(&self) -> SpatialWeights {
        let mut w = self.clone();
        w.row_standardise_in_place();
        w
    }

    /// A binary copy: every non-self neighbour weight and self weight that is not 0 becomes 1.
    pub fn binarised(&self) -> SpatialWeights {
        let mut w = self.clone();
        for v in &mut w.weights {
            *v = if *v != 0.0 { 1.0 } else { 0.0 };
        }
        if let Some(s) = &mut w.self_weights {
            for v in s {
                *v = if *v != 0.0 { 1.0 } else { 0.0 };
            }
        }
        w.style = Some(WeightStyle::Binary);
        w
    }

    /// A copy with a self weight `w_ii = value` for every unit (replacing any).
    pub fn with_self_weights(&self, value: f64) -> SpatialWeights {
        let mut w = self.clone();
        w.self_weights = Some(vec![value; self.n]);
        w
    }

    /// A copy without self weights.
    pub fn without_self_weights(&self) -> SpatialWeights {
        let mut w = self.clone();
        w.self_weights = None;
        w
    }

    /// Number of units.
    pub fn n(&self) -> usize {
        self.n
    }

    /// CSR row offsets (`n + 1` entries).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// All non-self neighbour indices, row after row.
    pub fn neighbour_indices(&self) -> &[u32] {
        &self.neighbours
    }

    /// All non-self weights, row after row.
    pub fn weight_values(&self) -> &[f64] {
        &self.weights
    }

    /// Self weights `w_ii`, if any.
    pub fn self_weights(&self) -> Option<&[f64]> {
        self.self_weights.as_deref()
    }

    /// True when the weights carry a diagonal (self weights).
    pub fn has_self_weights(&self) -> bool {
        self.self_weights.is_some()
    }

    /// Row `i`: non-self neighbour indices and their weights. Empty for `i ≥ n`.
    pub fn neighbours(&self, i: usize) -> (&[u32], &[f64]) {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => (
                self.neighbours.get(a..b).unwrap_or(&[]),
                self.weights.get(a..b).unwrap_or(&[]),
            ),
            _ => (&[], &[]),
        }
    }

    /// Number of non-self neighbours of unit `i` (its cardinality).
    pub fn k(&self, i: usize) -> usize {
        self.neighbours(i).0.len()
    }

    /// `w_ii` (0 without self weights).
    pub fn self_weight(&self, i: usize) -> f64 {
        self.self_weights
            .as_ref()
            .and_then(|s| s.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// `W_i = Σ_j w_ij`, including the self weight.
    pub fn row_sum(&self, i: usize) -> f64 {
        self.self_weight(i) + self.neighbours(i).1.iter().sum::<f64>()
    }

    /// `S1_i = Σ_j w_ij²`, including the self weight.
    pub fn row_sum_sq(&self, i: usize) -> f64 {
        let s = self.self_weight(i);
        s * s + self.neighbours(i).1.iter().map(|w| w * w).sum::<f64>()
    }

    /// Units without non-self neighbours (islands), ascending.
    pub fn islands(&self) -> Vec<usize> {
        (0..self.n).filter(|&i| self.k(i) == 0).collect()
    }

    /// Number of islands.
    pub fn n_islands(&self) -> usize {
        self.n_islands
    }

    /// The style the builder produced (`None` for [`SpatialWeights::from_csr`]).
    pub fn style(&self) -> Option<WeightStyle> {
        self.style
    }

    /// How the weights were built (kind, band or k, self weight, style).
    pub fn params_used(&self) -> &[ParamUsed] {
        &self.params_used
    }

    /// True when every row's non-self weights are equal (binary or row-standardised binary):
    /// the permutation engine then compares integer sums exactly.
    pub fn rows_equal_weighted(&self) -> bool {
        (0..self.n).all(|i| {
            let w = self.neighbours(i).1;
            w.iter().all(|&v| Some(&v) == w.first())
        })
    }

    /// `Σ_j w_ij x_j` over the non-self neighbours of `i` (no self weight).
    pub fn lag(&self, i: usize, values: &[f64]) -> f64 {
        let (js, ws) = self.neighbours(i);
        js.iter()
            .zip(ws)
            .map(|(&j, &w)| w * values.get(j as usize).copied().unwrap_or(f64::NAN))
            .sum()
    }

    /// Global sums of the non-self weights (libpysal `s0`, `s1`, `s2`):
    /// `S0 = ΣΣ w_ij`, `S1 = ½ ΣΣ (w_ij + w_ji)²`, `S2 = Σ_i (w_i· + w_·i)²`.
    pub fn global_sums(&self) -> (f64, f64, f64) {
        let n = self.n;
        let mut col = vec![0.0; n];
        let mut s0 = 0.0;
        let mut sq = 0.0;
        let mut cross = 0.0;
        for i in 0..n {
            let (js, ws) = self.neighbours(i);
            for (&j, &w) in js.iter().zip(ws) {
                s0 += w;
                sq += w * w;
                if let Some(c) = col.get_mut(j as usize) {
                    *c += w;
                }
                let (jj, jw) = self.neighbours(j as usize);
                if let Ok(pos) = jj.binary_search(&(i as u32)) {
                    cross += w * jw.get(pos).copied().unwrap_or(0.0);
                }
            }
        }
        let s1 = sq + cross;
        let s2 = (0..n)
            .map(|i| {
                let r: f64 = self.neighbours(i).1.iter().sum();
                let t = r + col[i];
                t * t
            })
            .sum();
        (s0, s1, s2)
    }

    /// Renumbers the units: unit `i` of the result is unit `order[i]` of `self`
    /// (for tests and for callers that reorder their values).
    ///
    /// # Errors
    /// [`HotspotError::InvalidWeights`] when `order` is not a permutation of `0..n`.
    pub fn permuted(&self, order: &[usize]) -> Result<SpatialWeights, HotspotError> {
        let n = self.n;
        let mut inverse = vec![usize::MAX; n];
        if order.len() != n {
            return Err(weights_err(format!(
                "order has {} entries for {n} units",
                order.len()
            )));
        }
        for (new, &old) in order.iter().enumerate() {
            match inverse.get_mut(old) {
                Some(slot) if *slot == usize::MAX => *slot = new,
                _ => return Err(weights_err("order is not a permutation of 0..n")),
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut nb = Vec::with_capacity(self.neighbours.len());
        let mut wv = Vec::with_capacity(self.weights.len());
        for &old in order {
            let (js, ws) = self.neighbours(old);
            for (&j, &w) in js.iter().zip(ws) {
                nb.push(inverse[j as usize] as u32);
                wv.push(w);
            }
            offsets.push(nb.len());
        }
        let self_weights = self
            .self_weights
            .as_ref()
            .map(|s| order.iter().map(|&o| s[o]).collect());
        let mut w = SpatialWeights::from_csr(offsets, nb, wv, self_weights)?;
        w.style = self.style;
        w.params_used = self.params_used.clone();
        Ok(w)
    }
}

fn check_xy(x: &[f64], y: &[f64]) -> Result<(), HotspotError> {
    if x.len() != y.len() {
        return Err(HotspotError::LengthMismatch {
            what: "y".into(),
            expected: x.len(),
            found: y.len(),
        });
    }
    if x.len() > u32::MAX as usize {
        return Err(invalid_param(
            "number of points",
            x.len(),
            "at most 2³² − 1",
        ));
    }
    super::check_finite(x)?;
    super::check_finite(y)
}

fn point_tree(x: &[f64], y: &[f64]) -> RTree<GeomWithData<[f64; 2], u32>> {
    RTree::bulk_load(
        x.iter()
            .zip(y)
            .enumerate()
            .map(|(i, (&a, &b))| GeomWithData::new([a, b], i as u32))
            .collect(),
    )
}

impl SpatialWeights {
    /// Queen contiguity between polygons: `i` and `j` are neighbours when a vertex of one lies
    /// within `snap` (Euclidean, in the polygons' units) of a vertex of the other — at least
    /// one shared boundary point, as `spdep::poly2nb(queen = TRUE, snap)` and libpysal
    /// `Queen` (which compares vertices exactly, `snap = 0`). Polygons that only touch along
    /// an edge without a common vertex are not neighbours (as in both references).
    ///
    /// Polygon `i` is given as its rings: `polygons[i]` lists every ring (exterior, holes, and
    /// the rings of every part of a multipolygon), each ring a list of `[x, y]` vertices.
    /// Plain coordinates keep the constructor usable from every front door; from a
    /// `geo::MultiPolygon`, collect `exterior()` and `interiors()` of each part.
    ///
    /// A `snap` of `1.5e-8` is spdep's default (`sqrt(.Machine$double.eps)`), suitable for
    /// degrees; use a few millimetres for projected metres.
    ///
    /// # Errors
    /// [`HotspotError::InvalidParameter`] for a negative or non-finite `snap` or more than
    /// 2³² − 1 polygons, [`HotspotError::NotFinite`] for a non-finite vertex coordinate
    /// (`index` = position among all vertices).
    ///
    /// # Examples
    /// ```
    /// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
    ///
    /// // Three unit squares in a row and one touching the last only at a corner.
    /// let sq = |x: f64, y: f64| vec![vec![[x, y], [x + 1.0, y], [x + 1.0, y + 1.0], [x, y + 1.0], [x, y]]];
    /// let polys = [sq(0.0, 0.0), sq(1.0, 0.0), sq(2.0, 0.0), sq(3.0, 1.0)];
    /// let w = SpatialWeights::polygon_queen(&polys, 0.0, &WeightsOptions::gi_star())?;
    /// assert_eq!(w.neighbours(1).0, &[0, 2]);
    /// assert_eq!(w.neighbours(3).0, &[2]); // corner contact counts (queen)
    /// assert_eq!(w.row_sum(0), 2.0); // self weight + one neighbour
    /// # Ok::<(), est_core::hotspot::HotspotError>(())
    /// ```
    pub fn polygon_queen(
        polygons: &[Vec<Vec<[f64; 2]>>],
        snap: f64,
        options: &WeightsOptions,
    ) -> Result<SpatialWeights, HotspotError> {
        if !(snap.is_finite() && snap >= 0.0) {
            return Err(invalid_param(
                "snap",
                snap,
                "a finite distance ≥ 0 (spdep's default is 1.5e-8)",
            ));
        }
        if polygons.len() > u32::MAX as usize {
            return Err(invalid_param(
                "number of polygons",
                polygons.len(),
                "at most 2³² − 1",
            ));
        }
        // Every vertex with its polygon, sorted by x, then a sweep over x-windows of width snap.
        let mut vertices: Vec<(f64, f64, u32)> = Vec::new();
        for (id, rings) in polygons.iter().enumerate() {
            for &[x, y] in rings.iter().flatten() {
                if !(x.is_finite() && y.is_finite()) {
                    return Err(HotspotError::NotFinite {
                        index: vertices.len(),
                        value: if x.is_finite() { y } else { x },
                    });
                }
                vertices.push((x, y, id as u32));
            }
        }
        vertices.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); polygons.len()];
        for (a, &(xa, ya, ia)) in vertices.iter().enumerate() {
            for &(xb, yb, ib) in &vertices[a + 1..] {
                if xb - xa > snap {
                    break;
                }
                if ib != ia && (xb - xa).hypot(yb - ya) <= snap {
                    lists[ia as usize].push(ib);
                    lists[ib as usize].push(ia);
                }
            }
        }
        let params = vec![
            ParamUsed::new("weights", "polygon_queen", Source::User),
            ParamUsed::new("snap", snap, Source::User),
        ];
        Ok(SpatialWeights::from_lists(lists, options, params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use crate::grid::GridOptions;

    const X6: [f64; 6] = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
    const Y6: [f64; 6] = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];

    #[test]
    fn esda_doctest_neighbours_band_15() {
        let w = SpatialWeights::distance_band(&X6, &Y6, 15.0, &WeightsOptions::default()).unwrap();
        let want: [&[u32]; 6] = [&[1, 3], &[0, 3, 4], &[4], &[0, 1, 4], &[1, 2, 3, 5], &[4]];
        for (i, nb) in want.iter().enumerate() {
            assert_eq!(w.neighbours(i).0, *nb, "unit {i}");
        }
        assert_eq!(w.n_islands(), 0);
    }

    #[test]
    fn band_vs_brute_force_and_knn_ties() {
        // Lattice points: many equal distances.
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for r in 0..7 {
            for c in 0..9 {
                x.push(f64::from(c) * 50.0);
                y.push(f64::from(r) * 50.0);
            }
        }
        let w = SpatialWeights::distance_band(&x, &y, 75.0, &WeightsOptions::default()).unwrap();
        for i in 0..x.len() {
            let brute: Vec<u32> = (0..x.len())
                .filter(|&j| {
                    let d = (x[j] - x[i]).hypot(y[j] - y[i]);
                    j != i && d > 0.0 && d <= 75.0
                })
                .map(|j| j as u32)
                .collect();
            assert_eq!(w.neighbours(i).0, brute.as_slice());
        }
        let k = SpatialWeights::knn(&x, &y, 3, &WeightsOptions::default()).unwrap();
        // Corner 0: (50,0) and (0,50) at 50 m, then three at ~70.7: lowest index (10) wins.
        assert_eq!(k.neighbours(0).0, &[1, 9, 10]);
        assert!(SpatialWeights::knn(&x, &y, 0, &WeightsOptions::default()).is_err());
    }

    #[test]
    fn grid_queen_rook_hex_and_islands() {
        let opts = GridOptions::default().with_cell_size(100.0);
        let g = Grid::from_extent(0.0, 0.0, 300.0, 200.0, Crs::SWEREF99_TM, &opts).unwrap();
        assert_eq!((g.ncol(), g.nrow()), (4, 3));
        let q = SpatialWeights::grid_contiguity(&g, Contiguity::Queen, &WeightsOptions::default())
            .unwrap();
        let r = SpatialWeights::grid_contiguity(&g, Contiguity::Rook, &WeightsOptions::default())
            .unwrap();
        assert_eq!(q.neighbours(0).0, &[1, 4, 5]);
        assert_eq!(q.neighbours(5).0, &[0, 1, 2, 4, 6, 8, 9, 10]);
        assert_eq!(r.neighbours(5).0, &[1, 4, 6, 9]);
        // Hexagons: neighbours are exactly the cells whose centres are L apart.
        let h = Grid::from_extent(
            0.0,
            0.0,
            600.0,
            600.0,
            Crs::SWEREF99_TM,
            &opts.with_shape(GridShape::Hexagon),
        )
        .unwrap();
        let hw = SpatialWeights::grid_contiguity(&h, Contiguity::Queen, &WeightsOptions::default())
            .unwrap();
        for (i, &ci) in h.cells().iter().enumerate() {
            let (xi, yi) = h.centroid(ci);
            let brute: Vec<u32> = h
                .cells()
                .iter()
                .enumerate()
                .filter(|&(j, &cj)| {
                    let (xj, yj) = h.centroid(cj);
                    j != i && ((xj - xi).hypot(yj - yi) - 100.0).abs() < 1e-6
                })
                .map(|(j, _)| j as u32)
                .collect();
            assert_eq!(hw.neighbours(i).0, brute.as_slice(), "hex cell {ci}");
        }
        // Row-standardised with self: rows sum to 1.
        let rs = SpatialWeights::grid_contiguity(
            &g,
            Contiguity::Queen,
            &WeightsOptions::gi_star().with_style(WeightStyle::RowStandardised),
        )
        .unwrap();
        for i in 0..rs.n() {
            assert!((rs.row_sum(i) - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn csr_validation() {
        assert!(SpatialWeights::from_csr(vec![0, 1], vec![0], vec![1.0], None).is_err());
        assert!(SpatialWeights::from_csr(vec![0, 1, 1], vec![1], vec![-1.0], None).is_err());
        assert!(SpatialWeights::from_csr(vec![0, 1, 1], vec![5], vec![1.0], None).is_err());
        let w = SpatialWeights::from_csr(vec![0, 1, 1], vec![1], vec![2.0], None).unwrap();
        assert_eq!(w.islands(), vec![1]);
        assert_eq!(w.row_sum_sq(0), 4.0);
        let e = SpatialWeights::distance_band(&[0.0], &[f64::NAN], 1.0, &WeightsOptions::default())
            .unwrap_err();
        assert_eq!(e.code(), "HOTSPOT_NOT_FINITE");
    }
}
