//! Coordinate reference systems: WGS 84 ↔ SWEREF 99 TM (EPSG:3006), the twelve SWEREF 99
//! local zones (EPSG:3007–3018), UTM north zones on WGS 84 (EPSG:326xx) and ETRS89/UTM
//! (EPSG:258xx), in pure Rust so that the same code runs natively and in WebAssembly.
//!
//! # Formulas
//!
//! The Gauss–Krüger series published by Lantmäteriet (*Gauss konforma projektion
//! (transversal Mercator) — Krügers formler*), to the fourth order in the third flattening
//! `n`. They agree with PROJ to a few micrometres inside Sweden; the golden table in the test
//! suite (made with pyproj 3.7.2 / PROJ 9.5.1) is checked with a 1 mm tolerance.
//!
//! # Datum
//!
//! WGS 84 and SWEREF 99 (an ETRS89 realisation) are treated as identical, as PROJ does with its
//! "ballpark" null transformation; the true difference is below one metre in Sweden and far
//! below the precision of incident positions.
//!
//! # Axis order
//!
//! est never takes anonymous coordinate pairs in the core: `x` is always the easting (or
//! longitude) and `y` the northing (or latitude), whatever order EPSG gives the axes.
//!
//! ```
//! use est_core::crs::{transform, Crs};
//!
//! // Sergels torg, Stockholm
//! let (e, n) = transform(18.0649, 59.3326, Crs::WGS84, Crs::SWEREF99_TM)?;
//! assert!((e - 674_344.559).abs() < 1e-3 && (n - 6_581_100.536).abs() < 1e-3);
//! # Ok::<(), est_core::crs::CrsError>(())
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// Margin around a CRS's area of use inside which coordinates are still accepted, in metres
/// (an est choice: generous enough for border municipalities, tight enough to catch a wrong
/// zone or swapped axes).
pub const AREA_MARGIN_M: f64 = 50_000.0;

/// Errors from coordinate handling.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CrsError {
    /// An EPSG code that est does not support.
    #[error(
        "unsupported CRS (got EPSG:{code}): est supports EPSG:4326 (WGS 84), 3006 (SWEREF 99 TM), \
         3007–3018 (SWEREF 99 local zones), 32601–32660 (WGS 84 / UTM north) and 25828–25838 \
         (ETRS89 / UTM)"
    )]
    UnknownEpsg {
        /// The code given.
        code: u32,
    },
    /// A CRS string that cannot be read.
    #[error("cannot read CRS (got {text:?}): expected an EPSG code such as 3006 or \"EPSG:3006\"")]
    Unparseable {
        /// The text given.
        text: String,
    },
    /// A coordinate that is NaN or infinite.
    #[error("coordinate is not a finite number (got x={x}, y={y})")]
    NotFinite {
        /// x (easting or longitude).
        x: f64,
        /// y (northing or latitude).
        y: f64,
    },
    /// The point (0, 0), almost always a missing value written as zero.
    #[error("coordinate is (0, 0), which is almost always a missing position written as zeros")]
    NullIsland,
    /// x and y look exchanged: the swapped point lies inside the area of use.
    #[error(
        "coordinate (x={x}, y={y}) lies outside the area of use of {crs}, but (x={y}, y={x}) \
         lies inside: x and y (or lon and lat) are probably swapped"
    )]
    ProbableSwap {
        /// x as given.
        x: f64,
        /// y as given.
        y: f64,
        /// The CRS.
        crs: Crs,
    },
    /// A coordinate outside the CRS's area of use (plus [`AREA_MARGIN_M`]).
    #[error(
        "coordinate (x={x}, y={y}) lies outside the area of use of {crs} (lon {lon_min}…{lon_max}, \
         lat {lat_min}…{lat_max}); check the declared CRS"
    )]
    OutOfArea {
        /// x as given.
        x: f64,
        /// y as given.
        y: f64,
        /// The CRS.
        crs: Crs,
        /// Western bound of the area of use, degrees.
        lon_min: f64,
        /// Eastern bound, degrees.
        lon_max: f64,
        /// Southern bound, degrees.
        lat_min: f64,
        /// Northern bound, degrees.
        lat_max: f64,
    },
    /// Longitude/latitude given where metres are required.
    #[error(
        "{what} needs projected coordinates in metres, but the data are in {crs} (degrees); \
         transform them first, e.g. to EPSG:3006 (SWEREF 99 TM)"
    )]
    NotMetric {
        /// The CRS of the data.
        crs: Crs,
        /// The method that needs metres.
        what: String,
    },
    /// x and y arrays of different length.
    #[error("x and y have different lengths (got {x_len} and {y_len})")]
    LengthMismatch {
        /// Length of x.
        x_len: usize,
        /// Length of y.
        y_len: usize,
    },
    /// A point in a batch transform failed; carries its position.
    #[error("point {index}: {source}")]
    AtIndex {
        /// Zero-based index of the point.
        index: usize,
        /// What went wrong.
        source: Box<CrsError>,
    },
}

impl CrsError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CrsError::UnknownEpsg { .. } => "CRS_UNKNOWN_EPSG",
            CrsError::Unparseable { .. } => "CRS_UNPARSEABLE",
            CrsError::NotFinite { .. } => "CRS_NOT_FINITE",
            CrsError::NullIsland => "CRS_NULL_ISLAND",
            CrsError::ProbableSwap { .. } => "CRS_PROBABLE_SWAP",
            CrsError::OutOfArea { .. } => "CRS_OUT_OF_AREA",
            CrsError::NotMetric { .. } => "CRS_NOT_METRIC",
            CrsError::LengthMismatch { .. } => "CRS_LENGTH_MISMATCH",
            CrsError::AtIndex { source, .. } => source.code(),
        }
    }
}

/// A reference ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipsoid {
    /// Semi-major axis, metres.
    pub a: f64,
    /// Flattening.
    pub f: f64,
}

impl Ellipsoid {
    /// GRS 80 (SWEREF 99, ETRS89).
    pub const GRS80: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        f: 1.0 / 298.257_222_101,
    };
    /// WGS 84.
    pub const WGS84: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        f: 1.0 / 298.257_223_563,
    };
}

/// A Transverse Mercator projection evaluated with Krüger's series (Lantmäteriet's form).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransverseMercator {
    lon0: f64,
    k0: f64,
    fe: f64,
    fn_: f64,
    e2: f64,
    a_hat: f64,
    beta: [f64; 4],
    delta: [f64; 4],
    fwd: [f64; 4],
    inv: [f64; 4],
}

impl TransverseMercator {
    /// A projection on `ellipsoid` with central meridian `lon0_deg`, scale `k0` and false
    /// easting/northing in metres.
    pub fn new(ellipsoid: Ellipsoid, lon0_deg: f64, k0: f64, false_e: f64, false_n: f64) -> Self {
        let f = ellipsoid.f;
        let e2 = f * (2.0 - f);
        let n = f / (2.0 - f);
        let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
        let a_hat = ellipsoid.a / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0);
        let beta = [
            n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0,
            13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0,
            61.0 * n3 / 240.0 - 103.0 * n4 / 140.0,
            49561.0 * n4 / 161_280.0,
        ];
        let delta = [
            n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0,
            n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0,
            17.0 * n3 / 480.0 - 37.0 * n4 / 840.0,
            4397.0 * n4 / 161_280.0,
        ];
        let (e4, e6, e8) = (e2 * e2, e2 * e2 * e2, e2 * e2 * e2 * e2);
        let fwd = [
            e2,
            (5.0 * e4 - e6) / 6.0,
            (104.0 * e6 - 45.0 * e8) / 120.0,
            1237.0 * e8 / 1260.0,
        ];
        let inv = [
            e2 + e4 + e6 + e8,
            -(7.0 * e4 + 17.0 * e6 + 30.0 * e8) / 6.0,
            (224.0 * e6 + 889.0 * e8) / 120.0,
            -4279.0 * e8 / 1260.0,
        ];
        TransverseMercator {
            lon0: lon0_deg.to_radians(),
            k0,
            fe: false_e,
            fn_: false_n,
            e2,
            a_hat,
            beta,
            delta,
            fwd,
            inv,
        }
    }

    /// Geodetic (lon, lat in degrees) → grid (easting, northing in metres).
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> (f64, f64) {
        let phi = lat_deg.to_radians();
        let s2 = phi.sin().powi(2);
        let [a, b, c, d] = self.fwd;
        let phi_star = phi - phi.sin() * phi.cos() * (a + s2 * (b + s2 * (c + s2 * d)));
        let dl = lon_deg.to_radians() - self.lon0;
        let xi = (phi_star.tan() / dl.cos()).atan();
        let eta = (phi_star.cos() * dl.sin()).atanh();
        let (mut sx, mut se) = (xi, eta);
        for (j, beta) in self.beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            sx += beta * (k * xi).sin() * (k * eta).cosh();
            se += beta * (k * xi).cos() * (k * eta).sinh();
        }
        let _ = self.e2;
        (
            self.k0 * self.a_hat * se + self.fe,
            self.k0 * self.a_hat * sx + self.fn_,
        )
    }

    /// Grid (easting, northing in metres) → geodetic (lon, lat in degrees).
    pub fn inverse(&self, e: f64, n: f64) -> (f64, f64) {
        let xi = (n - self.fn_) / (self.k0 * self.a_hat);
        let eta = (e - self.fe) / (self.k0 * self.a_hat);
        let (mut xp, mut ep) = (xi, eta);
        for (j, delta) in self.delta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xp -= delta * (k * xi).sin() * (k * eta).cosh();
            ep -= delta * (k * xi).cos() * (k * eta).sinh();
        }
        let phi_star = (xp.sin() / ep.cosh()).asin();
        let dl = (ep.sinh() / xp.cos()).atan();
        let s2 = phi_star.sin().powi(2);
        let [a, b, c, d] = self.inv;
        let phi = phi_star + phi_star.sin() * phi_star.cos() * (a + s2 * (b + s2 * (c + s2 * d)));
        ((self.lon0 + dl).to_degrees(), phi.to_degrees())
    }
}

/// A bounding box of longitudes and latitudes in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AreaOfUse {
    /// Western bound.
    pub lon_min: f64,
    /// Eastern bound.
    pub lon_max: f64,
    /// Southern bound.
    pub lat_min: f64,
    /// Northern bound.
    pub lat_max: f64,
}

impl AreaOfUse {
    fn contains_with_margin(&self, lon: f64, lat: f64, margin_m: f64) -> bool {
        let dlat = margin_m / 111_320.0;
        let coslat = lat.to_radians().cos().max(0.05);
        let dlon = dlat / coslat;
        lon >= self.lon_min - dlon
            && lon <= self.lon_max + dlon
            && lat >= self.lat_min - dlat
            && lat <= self.lat_max + dlat
    }
}

/// A supported coordinate reference system, identified by its EPSG code.
///
/// Construct with [`Crs::from_epsg`], [`Crs::parse`] or the constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Crs {
    epsg: u32,
}

const SWEREF_LOCAL: [(u32, f64, &str, AreaOfUse); 12] = [
    (
        3007,
        12.0,
        "SWEREF99 12 00",
        aou(10.93, 13.11, 56.74, 60.13),
    ),
    (
        3008,
        13.5,
        "SWEREF99 13 30",
        aou(12.12, 14.79, 55.28, 62.28),
    ),
    (
        3009,
        15.0,
        "SWEREF99 15 00",
        aou(13.54, 16.15, 55.95, 61.62),
    ),
    (
        3010,
        16.5,
        "SWEREF99 16 30",
        aou(15.41, 17.63, 56.15, 62.26),
    ),
    (
        3011,
        18.0,
        "SWEREF99 18 00",
        aou(17.08, 19.61, 58.66, 60.70),
    ),
    (
        3012,
        14.25,
        "SWEREF99 14 15",
        aou(11.93, 15.55, 61.55, 64.39),
    ),
    (
        3013,
        15.75,
        "SWEREF99 15 45",
        aou(13.66, 17.01, 60.44, 65.13),
    ),
    (
        3014,
        17.25,
        "SWEREF99 17 15",
        aou(14.31, 19.04, 62.12, 67.19),
    ),
    (
        3015,
        18.75,
        "SWEREF99 18 45",
        aou(17.18, 20.22, 56.86, 66.17),
    ),
    (
        3016,
        20.25,
        "SWEREF99 20 15",
        aou(16.08, 23.28, 63.45, 69.07),
    ),
    (
        3017,
        21.75,
        "SWEREF99 21 45",
        aou(19.63, 22.91, 65.01, 66.43),
    ),
    (
        3018,
        23.25,
        "SWEREF99 23 15",
        aou(21.85, 24.17, 65.49, 68.14),
    ),
];

const fn aou(lon_min: f64, lon_max: f64, lat_min: f64, lat_max: f64) -> AreaOfUse {
    AreaOfUse {
        lon_min,
        lon_max,
        lat_min,
        lat_max,
    }
}

impl Crs {
    /// WGS 84 longitude/latitude (EPSG:4326).
    pub const WGS84: Crs = Crs { epsg: 4326 };
    /// SWEREF 99 TM (EPSG:3006), the national projected CRS of Sweden.
    pub const SWEREF99_TM: Crs = Crs { epsg: 3006 };

    /// The CRS with this EPSG code, if est supports it.
    ///
    /// # Errors
    /// [`CrsError::UnknownEpsg`] for any other code.
    pub fn from_epsg(code: u32) -> Result<Crs, CrsError> {
        let ok = matches!(code, 4326 | 4258 | 4619 | 3006..=3018 | 32601..=32660 | 25828..=25838);
        if ok {
            Ok(Crs { epsg: code })
        } else {
            Err(CrsError::UnknownEpsg { code })
        }
    }

    /// Reads `"EPSG:3006"`, `"epsg:3006"`, `"3006"`, `"SWEREF99TM"`, `"SWEREF 99 TM"`,
    /// `"WGS84"` or `"WGS 84"`.
    ///
    /// # Errors
    /// [`CrsError::Unparseable`] or [`CrsError::UnknownEpsg`].
    pub fn parse(text: &str) -> Result<Crs, CrsError> {
        let t = text.trim();
        let squashed: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .collect();
        let lower = squashed.to_ascii_lowercase();
        match lower.as_str() {
            "wgs84" | "lonlat" | "crs84" | "ogc:crs84" => return Ok(Crs::WGS84),
            "sweref99tm" | "sweref99" => return Ok(Crs::SWEREF99_TM),
            _ => {}
        }
        let digits = lower.strip_prefix("epsg:").unwrap_or(&lower);
        match digits.parse::<u32>() {
            Ok(code) => Crs::from_epsg(code),
            Err(_) => Err(CrsError::Unparseable {
                text: text.to_string(),
            }),
        }
    }

    /// The EPSG code.
    pub fn epsg(&self) -> u32 {
        self.epsg
    }

    /// Whether coordinates are longitude/latitude in degrees (not metres).
    pub fn is_geographic(&self) -> bool {
        matches!(self.epsg, 4326 | 4258 | 4619)
    }

    /// A human-readable name ("SWEREF 99 TM", "WGS 84 / UTM zone 33N", …).
    pub fn name(&self) -> String {
        match self.epsg {
            4326 => "WGS 84".to_string(),
            4258 => "ETRS89".to_string(),
            4619 => "SWEREF99".to_string(),
            3006 => "SWEREF99 TM".to_string(),
            3007..=3018 => SWEREF_LOCAL
                .iter()
                .find(|z| z.0 == self.epsg)
                .map(|z| z.2.to_string())
                .unwrap_or_default(),
            32601..=32660 => format!("WGS 84 / UTM zone {}N", self.epsg - 32600),
            _ => format!("ETRS89 / UTM zone {}N", self.epsg - 25800),
        }
    }

    /// The projection for a projected CRS, `None` for a geographic one.
    pub fn projection(&self) -> Option<TransverseMercator> {
        match self.epsg {
            3006 => Some(TransverseMercator::new(
                Ellipsoid::GRS80,
                15.0,
                0.9996,
                500_000.0,
                0.0,
            )),
            3007..=3018 => SWEREF_LOCAL
                .iter()
                .find(|z| z.0 == self.epsg)
                .map(|z| TransverseMercator::new(Ellipsoid::GRS80, z.1, 1.0, 150_000.0, 0.0)),
            32601..=32660 => Some(utm(Ellipsoid::WGS84, self.epsg - 32600)),
            25828..=25838 => Some(utm(Ellipsoid::GRS80, self.epsg - 25800)),
            _ => None,
        }
    }

    /// The area of use in degrees (from the EPSG database).
    pub fn area_of_use(&self) -> AreaOfUse {
        match self.epsg {
            3006 | 4619 => aou(10.03, 24.17, 54.96, 69.07),
            3007..=3018 => SWEREF_LOCAL
                .iter()
                .find(|z| z.0 == self.epsg)
                .map(|z| z.3)
                .unwrap_or(aou(-180.0, 180.0, -90.0, 90.0)),
            32601..=32660 => {
                let west = utm_west(self.epsg - 32600);
                aou(west, west + 6.0, 0.0, 84.0)
            }
            25828..=25838 => {
                let west = utm_west(self.epsg - 25800);
                aou(west, west + 6.0, 34.0, 84.0)
            }
            4258 => aou(-16.1, 40.18, 32.88, 84.73),
            _ => aou(-180.0, 180.0, -90.0, 90.0),
        }
    }

    /// Converts (x, y) in this CRS to (lon, lat) in degrees. No area check.
    pub fn to_lonlat_unchecked(&self, x: f64, y: f64) -> (f64, f64) {
        match self.projection() {
            Some(tm) => tm.inverse(x, y),
            None => (x, y),
        }
    }

    /// Converts (lon, lat) in degrees to (x, y) in this CRS. No area check.
    pub fn from_lonlat_unchecked(&self, lon: f64, lat: f64) -> (f64, f64) {
        match self.projection() {
            Some(tm) => tm.forward(lon, lat),
            None => (lon, lat),
        }
    }

    /// Checks that (x, y) is finite, not (0, 0), and inside the area of use plus
    /// [`AREA_MARGIN_M`]; a point that is only inside with x and y exchanged is reported as
    /// [`CrsError::ProbableSwap`]. Returns (lon, lat) on success.
    ///
    /// # Errors
    /// [`CrsError::NotFinite`], [`CrsError::NullIsland`], [`CrsError::ProbableSwap`],
    /// [`CrsError::OutOfArea`].
    pub fn check(&self, x: f64, y: f64) -> Result<(f64, f64), CrsError> {
        if !x.is_finite() || !y.is_finite() {
            return Err(CrsError::NotFinite { x, y });
        }
        if x == 0.0 && y == 0.0 {
            return Err(CrsError::NullIsland);
        }
        // Lat/lon given as lon/lat is a valid place somewhere on Earth for a geographic CRS,
        // but Sweden when swapped; est's users are Swedish, so it is reported, not accepted.
        let sweden = Crs::SWEREF99_TM.area_of_use();
        let swapped_into_sweden = self.is_geographic()
            && !sweden.contains_with_margin(x, y, AREA_MARGIN_M)
            && sweden.contains_with_margin(y, x, 0.0);
        if !swapped_into_sweden && let Some(ll) = self.inside(x, y) {
            return Ok(ll);
        }
        if swapped_into_sweden || self.inside(y, x).is_some() {
            return Err(CrsError::ProbableSwap { x, y, crs: *self });
        }
        let a = self.area_of_use();
        Err(CrsError::OutOfArea {
            x,
            y,
            crs: *self,
            lon_min: a.lon_min,
            lon_max: a.lon_max,
            lat_min: a.lat_min,
            lat_max: a.lat_max,
        })
    }

    fn inside(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if let Some(tm) = self.projection() {
            // Far outside any TM zone the series are meaningless: reject before inverting.
            if (x - tm.fe).abs() > 1_500_000.0 || !(-10_100_000.0..=10_100_000.0).contains(&y) {
                return None;
            }
        } else if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return None;
        }
        let (lon, lat) = self.to_lonlat_unchecked(x, y);
        self.area_of_use()
            .contains_with_margin(lon, lat, AREA_MARGIN_M)
            .then_some((lon, lat))
    }

    /// Fails with [`CrsError::NotMetric`] when this CRS is geographic. Call it at the start of
    /// every method that measures distances or areas.
    ///
    /// # Errors
    /// [`CrsError::NotMetric`].
    pub fn require_metric(&self, what: &str) -> Result<(), CrsError> {
        if self.is_geographic() {
            Err(CrsError::NotMetric {
                crs: *self,
                what: what.to_string(),
            })
        } else {
            Ok(())
        }
    }
}

fn utm_west(zone: u32) -> f64 {
    f64::from(zone) * 6.0 - 186.0
}

fn utm(ellipsoid: Ellipsoid, zone: u32) -> TransverseMercator {
    TransverseMercator::new(ellipsoid, utm_west(zone) + 3.0, 0.9996, 500_000.0, 0.0)
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EPSG:{} ({})", self.epsg, self.name())
    }
}

impl TryFrom<u32> for Crs {
    type Error = CrsError;
    fn try_from(code: u32) -> Result<Self, Self::Error> {
        Crs::from_epsg(code)
    }
}

impl From<Crs> for u32 {
    fn from(c: Crs) -> u32 {
        c.epsg
    }
}

impl std::str::FromStr for Crs {
    type Err = CrsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Crs::parse(s)
    }
}

/// Transforms one point from `src` to `dst`, checking that it lies in the area of use of
/// `src` (and of `dst`).
///
/// # Errors
/// Any of the point checks of [`Crs::check`].
pub fn transform(x: f64, y: f64, src: Crs, dst: Crs) -> Result<(f64, f64), CrsError> {
    let (lon, lat) = src.check(x, y)?;
    if src == dst {
        return Ok((x, y));
    }
    let (ox, oy) = dst.from_lonlat_unchecked(lon, lat);
    dst.check(ox, oy)?;
    Ok((ox, oy))
}

/// Transforms many points. Every point is checked; the first failure is returned with its
/// index. Use [`transform_each`] to get one result per point instead.
///
/// # Errors
/// [`CrsError::LengthMismatch`] or [`CrsError::AtIndex`].
pub fn transform_slices(
    xs: &[f64],
    ys: &[f64],
    src: Crs,
    dst: Crs,
) -> Result<(Vec<f64>, Vec<f64>), CrsError> {
    if xs.len() != ys.len() {
        return Err(CrsError::LengthMismatch {
            x_len: xs.len(),
            y_len: ys.len(),
        });
    }
    let mut ox = Vec::with_capacity(xs.len());
    let mut oy = Vec::with_capacity(ys.len());
    for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        let (a, b) = transform(x, y, src, dst).map_err(|e| CrsError::AtIndex {
            index: i,
            source: Box::new(e),
        })?;
        ox.push(a);
        oy.push(b);
    }
    Ok((ox, oy))
}

/// Transforms many points, one result per point (for batch loads that report every bad row).
pub fn transform_each(
    xs: &[f64],
    ys: &[f64],
    src: Crs,
    dst: Crs,
) -> Vec<Result<(f64, f64), CrsError>> {
    xs.iter()
        .zip(ys)
        .map(|(&x, &y)| transform(x, y, src, dst))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_md_goldens() {
        // methods.md §1.1, PROJ 9.5.1 via pyproj 3.7.2, printed to 1 mm.
        let cases = [
            (59.3326, 18.0649, 3006, 6_581_100.536, 674_344.559),
            (55.6050, 13.0038, 3006, 6_163_926.553, 374_243.759),
            (65.5848, 22.1547, 3017, 7_276_602.606, 168_673.445),
            (35.149, -90.049, 32615, 3_893_554.558, 768_834.980),
        ];
        for (lat, lon, epsg, n, e) in cases {
            let dst = Crs::from_epsg(epsg).unwrap();
            let (ge, gn) = transform(lon, lat, Crs::WGS84, dst).unwrap();
            assert!(
                (ge - e).abs() < 1e-3 && (gn - n).abs() < 1e-3,
                "{epsg}: {ge} {gn}"
            );
            let (lo, la) = transform(ge, gn, dst, Crs::WGS84).unwrap();
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn swap_and_null_island() {
        assert_eq!(Crs::WGS84.check(0.0, 0.0), Err(CrsError::NullIsland));
        assert!(matches!(
            Crs::WGS84.check(59.33, 18.06),
            Err(CrsError::ProbableSwap { .. })
        ));
        assert!(matches!(
            Crs::SWEREF99_TM.check(6_581_100.0, 674_344.0),
            Err(CrsError::ProbableSwap { .. })
        ));
        assert!(matches!(
            Crs::SWEREF99_TM.check(18.06, 59.33),
            Err(CrsError::OutOfArea { .. })
        ));
        assert!(matches!(
            Crs::SWEREF99_TM.check(f64::NAN, 1.0),
            Err(CrsError::NotFinite { .. })
        ));
    }

    #[test]
    fn parse_forms() {
        for t in [
            "EPSG:3006",
            "epsg:3006",
            "3006",
            "SWEREF 99 TM",
            "sweref99tm",
        ] {
            assert_eq!(Crs::parse(t).unwrap(), Crs::SWEREF99_TM, "{t}");
        }
        assert_eq!(Crs::parse("WGS 84").unwrap(), Crs::WGS84);
        assert!(matches!(
            Crs::parse("EPSG:2400"),
            Err(CrsError::UnknownEpsg { code: 2400 })
        ));
        assert!(matches!(
            Crs::parse("sweden"),
            Err(CrsError::Unparseable { .. })
        ));
    }
}
