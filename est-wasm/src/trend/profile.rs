//! Temporal profiles (hour × weekday, årshjul): `profile`, `aoristicProfile` and the
//! `TemporalProfile` class (core: `est_core::trend::profile`).

use super::{SELECTION_KEYS, f64s, ms, num, selection_from, set};
use crate::crs::coords_from_js;
use crate::error::IntoJsResult;
use crate::hotspot::Opts;
use crate::incident::Incidents;
use crate::stats::ValuesArg;
use est_core::trend::TrendError;
use est_core::trend::profile::{
    Aoristic, DEFAULT_CAP_HOURS, TemporalProfile as CoreProfile, aoristic_profile, profile,
};
use js_sys::{Array, Float64Array, Object, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PROFILE: &'static str = r#"
/** Options of {@link profile}. */
export interface ProfileOptions {
  /** Categories (each with its subgroups); default all. */
  categories?: string[];
  /** Start of the window (also the start of the exposure window). */
  start?: TimeArg;
  /** End of the window, exclusive. */
  end?: TimeArg;
  /** Sum the incidents' weights instead of counting them (default false). */
  weighted?: boolean;
}

/** How an aoristic window's weight is spread: `"proportional"` to the overlap with each
 * clock hour (default) or `"equal"` over the touched hours (Ratcliffe 2002). */
export type AoristicMethod = "proportional" | "equal";

/** Options of {@link aoristicProfile}. */
export interface AoristicOptions {
  /** Default `"proportional"`. */
  method?: AoristicMethod;
  /** Windows longer than this many hours are counted as imprecise (default 168, at most 8784). */
  capHours?: number;
}

/** Counts by year and month: `counts[k·12 + m]` is month `m` (0 = January) of `years[k]`. */
export interface MonthYearTable {
  years: number[];
  counts: Float64Array;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `ProfileOptions`.
    #[wasm_bindgen(typescript_type = "ProfileOptions")]
    pub type ProfileOptionsArg;
    /// A JS object typed as `AoristicOptions`.
    #[wasm_bindgen(typescript_type = "AoristicOptions")]
    pub type AoristicOptionsArg;
}

/// Counts (or weights) by local hour, weekday, hour × weekday, ISO week and month × year
/// (Europe/Stockholm), with the exposure of each hour × weekday slot. Made by
/// {@link profile} or {@link aoristicProfile}; drawn by {@link profileSvg}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct TemporalProfile {
    pub(crate) inner: CoreProfile,
}

#[wasm_bindgen]
impl TemporalProfile {
    /// 7 × 24 values, row-major: weekday (Monday … Sunday) × hour (00 … 23); slot
    /// `d·24 + h`.
    #[wasm_bindgen(getter, js_name = hourWeekday)]
    pub fn hour_weekday(&self) -> Float64Array {
        let v: Vec<f64> = self.inner.hour_weekday.iter().flatten().copied().collect();
        Float64Array::from(v.as_slice())
    }

    /// By hour of day (00 … 23).
    #[wasm_bindgen(getter)]
    pub fn hour(&self) -> Float64Array {
        Float64Array::from(&self.inner.hour[..])
    }

    /// By ISO weekday (Monday … Sunday).
    #[wasm_bindgen(getter)]
    pub fn weekday(&self) -> Float64Array {
        Float64Array::from(&self.inner.weekday[..])
    }

    /// By year and month, every year from the first to the last.
    #[wasm_bindgen(getter, js_name = monthYear, unchecked_return_type = "MonthYearTable")]
    pub fn month_year(&self) -> JsValue {
        let years: Array = self
            .inner
            .month_year
            .iter()
            .map(|(y, _)| JsValue::from_f64(f64::from(*y)))
            .collect();
        let counts: Vec<f64> = self
            .inner
            .month_year
            .iter()
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        let o: JsValue = Object::new().into();
        set(&o, "years", &years.into());
        set(&o, "counts", &f64s(&counts));
        o
    }

    /// By ISO week number 1 … 53 (index `week − 1`), all years together.
    #[wasm_bindgen(getter, js_name = isoWeek)]
    pub fn iso_week(&self) -> Float64Array {
        Float64Array::from(self.inner.iso_week.as_slice())
    }

    /// How many times each hour × weekday slot occurred in the exposure window (7 × 24,
    /// row-major as {@link TemporalProfile.hourWeekday}; DST-aware).
    #[wasm_bindgen(getter, js_name = exposureHourWeekday)]
    pub fn exposure_hour_weekday(&self) -> Uint32Array {
        let v: Vec<u32> = self
            .inner
            .exposure_hour_weekday
            .iter()
            .flatten()
            .copied()
            .collect();
        Uint32Array::from(v.as_slice())
    }

    /// Count per occurrence of each hour × weekday slot (0 where the slot never occurred).
    #[wasm_bindgen(getter, js_name = ratesHourWeekday)]
    pub fn rates_hour_weekday(&self) -> Float64Array {
        let v: Vec<f64> = self
            .inner
            .rates_hour_weekday()
            .iter()
            .flatten()
            .copied()
            .collect();
        Float64Array::from(v.as_slice())
    }

    /// The exposure window `[start, end)` in epoch milliseconds, or `null`.
    #[wasm_bindgen(getter, js_name = exposureWindow, unchecked_return_type = "[number, number] | null")]
    pub fn exposure_window(&self) -> JsValue {
        match self.inner.exposure_window {
            Some((a, b)) => Array::of2(&num(ms(a)), &num(ms(b))).into(),
            None => JsValue::NULL,
        }
    }

    /// Sum of the tables (`n − imprecise` when unweighted).
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> f64 {
        self.inner.total
    }

    /// Incidents (or weights) whose window is longer than the cap: not in the tables.
    #[wasm_bindgen(getter)]
    pub fn imprecise(&self) -> f64 {
        self.inner.imprecise
    }

    /// Number of incidents (windows) considered.
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> usize {
        self.inner.n
    }

    /// How windows were spread.
    #[wasm_bindgen(getter, unchecked_return_type = "AoristicMethod")]
    pub fn method(&self) -> JsValue {
        JsValue::from_str(match self.inner.method {
            Aoristic::Proportional => "proportional",
            Aoristic::Equal => "equal",
        })
    }

    /// The cap on a window, hours.
    #[wasm_bindgen(getter, js_name = capHours)]
    pub fn cap_hours(&self) -> f64 {
        self.inner.cap_hours
    }

    /// The time zone of the tables, `"Europe/Stockholm"`.
    #[wasm_bindgen(getter)]
    pub fn zone(&self) -> String {
        self.inner.zone.clone()
    }
}

/// The temporal profile of the selected incidents, in Europe/Stockholm local time: by hour,
/// weekday, hour × weekday, ISO week and month × year, with the exposure (occurrences) of
/// each hour × weekday slot. Incidents known only by date are spread over their local day.
///
/// Throws a `TrendError` (`TREND_EMPTY` when nothing is selected and no window is given,
/// `TREND_TOO_LARGE`), a `TaxonomyError` for an unknown category, or an `OptionsError`.
///
/// @param incidents - the incidents
/// @param options - categories, window, weighted
#[wasm_bindgen(js_name = profile)]
pub fn profile_js(
    incidents: &Incidents,
    options: Option<ProfileOptionsArg>,
) -> Result<TemporalProfile, JsValue> {
    crate::hook();
    let o = Opts::new(options.map(JsValue::from), &SELECTION_KEYS)?;
    let selection = selection_from(&o, incidents)?;
    Ok(TemporalProfile {
        inner: profile(&incidents.inner, &selection).js()?,
    })
}

/// Epoch milliseconds → whole UTC seconds (floor); a non-finite value is a
/// `TREND_INVALID_VALUE`.
fn seconds(v: &[f64], what: &str) -> Result<Vec<i64>, JsValue> {
    v.iter()
        .enumerate()
        .map(|(index, &m)| {
            if m.is_finite() && m.abs() < 8.0e18 {
                // Finite and well inside i64 after dividing by 1000.
                Ok((m / 1000.0).floor() as i64)
            } else {
                Err::<i64, TrendError>(TrendError::InvalidValue {
                    what: what.into(),
                    index,
                    value: m,
                    expected: "a finite time in epoch milliseconds".into(),
                })
                .js()
            }
        })
        .collect()
}

/// The temporal profile of incidents known only as time windows `[from[i], to[i]]` (epoch
/// milliseconds, e.g. a burglary over a weekend): each window's weight 1 is spread over the
/// local clock hours it touches; windows longer than `capHours` are counted as `imprecise`.
/// A window with `from = to` is an exact time.
///
/// Throws a `TrendError` (`TREND_LENGTH_MISMATCH`, `TREND_INVALID_VALUE` for a window ending
/// before it starts, `TREND_INVALID_PARAMETER` for `capHours`, `TREND_EMPTY`) or an
/// `OptionsError`.
///
/// @param from - window starts (epoch ms)
/// @param to - window ends (epoch ms)
/// @param options - method and cap
#[wasm_bindgen(js_name = aoristicProfile)]
pub fn aoristic_profile_js(
    from: ValuesArg,
    to: ValuesArg,
    options: Option<AoristicOptionsArg>,
) -> Result<TemporalProfile, JsValue> {
    crate::hook();
    let o = Opts::new(options.map(JsValue::from), &["method", "capHours"])?;
    let method = o
        .choice(
            "method",
            &[
                ("proportional", Aoristic::Proportional),
                ("equal", Aoristic::Equal),
            ],
        )?
        .unwrap_or_default();
    let cap = o.f64("capHours")?.unwrap_or(DEFAULT_CAP_HOURS);
    let from = seconds(
        &coords_from_js(&from.into(), "from")?,
        "window start (from)",
    )?;
    let to = seconds(&coords_from_js(&to.into(), "to")?, "window end (to)")?;
    Ok(TemporalProfile {
        inner: aoristic_profile(&from, &to, method, cap).js()?,
    })
}
