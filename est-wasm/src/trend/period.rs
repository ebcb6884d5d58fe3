//! Calendar periods in Europe/Stockholm local time: `periods`, `weeksEnding`, `isoWeek`
//! (core: `est_core::trend::period`).

use super::{ms, num, set, strings, time_from_js};
use crate::error::{IntoJsResult, options_error};
use crate::hotspot::Opts;
use crate::incident::whole_number;
use est_core::trend::period::{PeriodKind, Periods};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PERIOD: &'static str = r#"
/** A calendar period, in English or Swedish: ISO weeks (`"week"`/`"vecka"`), local days,
 * months, quarters, tertials (Jan–Apr, May–Aug, Sep–Dec) or years. */
export type PeriodName =
  | "day" | "week" | "month" | "quarter" | "tertial" | "year"
  | "dag" | "vecka" | "månad" | "kvartal" | "år";

/** Blocks of `lengthDays` local calendar days starting at `origin`'s local wall-clock time
 * (e.g. 28-day blocks anchored on a Monday midnight). */
export interface CustomPeriod {
  lengthDays: number;
  origin: TimeArg;
}

/** A period kind: a name or custom blocks. */
export type PeriodKindArg = PeriodName | CustomPeriod;

/** One period: the half-open interval `[start, end)` in epoch milliseconds (UTC) of local
 * calendar boundaries. */
export interface PeriodBin {
  /** `"2026-W47"`, `"2026-11-23"`, `"2026-11"`, `"2026-Q4"`, `"2026-T3"`, `"2026"`; a custom
   * block is labelled by its local start date. */
  label: string;
  start: number;
  end: number;
  /** Share of the bin inside the requested window (1 for full bins). */
  coverage: number;
}

/** Consecutive periods of one kind, in time order. */
export interface Periods {
  /** `"day"`, `"week"`, `"month"`, `"quarter"`, `"tertial"`, `"year"` or `"custom"`. */
  kind: string;
  /** Always `"Europe/Stockholm"`. */
  zone: string;
  labels: string[];
  bins: PeriodBin[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A value typed as `PeriodKindArg`.
    #[wasm_bindgen(typescript_type = "PeriodKindArg")]
    pub type PeriodKindJs;
}

/// Reads a period kind: a name (English or Swedish) or `{lengthDays, origin}`.
pub(crate) fn period_kind_from_js(v: &JsValue) -> Result<PeriodKind, JsValue> {
    if let Some(s) = v.as_string() {
        return PeriodKind::parse(&s).js();
    }
    if super::is_plain_object(v) {
        let o = Opts::new(Some(v.clone()), &["lengthDays", "origin"])?;
        let length = match o.f64("lengthDays")? {
            Some(l) => whole_number(l, "lengthDays", f64::from(u32::MAX))? as u32,
            None => return Err(options_error("period", "period.lengthDays is required")),
        };
        let origin = match o.get("origin") {
            Some(t) => time_from_js(&t, "origin")?,
            None => return Err(options_error("period", "period.origin is required")),
        };
        return Ok(PeriodKind::Custom {
            origin,
            length_days: length,
        });
    }
    Err(options_error(
        "period",
        "period must be a name (\"week\", \"month\", \"tertial\" …) or {lengthDays, origin}",
    ))
}

/// Periods as a plain JS object.
pub(crate) fn periods_js(p: &Periods) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "kind", &JsValue::from_str(p.kind.name()));
    set(&out, "zone", &JsValue::from_str(&p.zone));
    set(&out, "labels", &strings(&p.labels()));
    let bins: Array = p
        .bins
        .iter()
        .map(|b| {
            let o: JsValue = Object::new().into();
            set(&o, "label", &JsValue::from_str(&b.label));
            set(&o, "start", &num(ms(b.start)));
            set(&o, "end", &num(ms(b.end)));
            set(&o, "coverage", &num(b.coverage));
            o
        })
        .collect();
    set(&out, "bins", &bins.into());
    out
}

/// Every period of `kind` touching `[start, end)`, in Europe/Stockholm local time (ISO weeks
/// Monday–Sunday, DST-correct). The first and last bin may stick out of the window; their
/// `coverage` is then below 1.
///
/// Throws a `TrendError`: `TREND_INVALID_PARAMETER` for an unknown period name or
/// `end ≤ start`, `TREND_TOO_LARGE` above 100 000 bins.
///
/// @param kind - `"week"`, `"month"`, `"tertial"` … (or Swedish: `"vecka"`, `"månad"` …), or
///   `{lengthDays, origin}`
/// @param start - start of the window (Date, epoch ms or ISO 8601 text with offset)
/// @param end - end of the window, exclusive
#[wasm_bindgen(js_name = periods, unchecked_return_type = "Periods")]
pub fn periods_fn(
    kind: PeriodKindJs,
    #[wasm_bindgen(unchecked_param_type = "TimeArg")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TimeArg")] end: JsValue,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let kind = period_kind_from_js(&kind.into())?;
    let from = time_from_js(&start, "start")?;
    let to = time_from_js(&end, "end")?;
    let p = Periods::covering(kind, from, to).js()?;
    Ok(periods_js(&p))
}

/// `n` whole ISO weeks (Monday–Sunday, Europe/Stockholm), the last one containing `t`: the
/// weekly lägesbild's period and its baseline.
///
/// Throws a `TrendError` `TREND_INVALID_PARAMETER` for `n = 0`, `TREND_TOO_LARGE` above
/// 100 000 weeks.
///
/// @param t - a time in the last week
/// @param n - number of weeks
#[wasm_bindgen(js_name = weeksEnding, unchecked_return_type = "Periods")]
pub fn weeks_ending(
    #[wasm_bindgen(unchecked_param_type = "TimeArg")] t: JsValue,
    n: f64,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let t = time_from_js(&t, "t")?;
    let n = whole_number(n, "n", f64::from(u32::MAX))? as usize;
    let p = Periods::weeks_ending(t, n).js()?;
    Ok(periods_js(&p))
}

/// The ISO week-year and week (1–53) of the Stockholm local date of `t`
/// (`"2025-01-05T23:30:00Z"` is 00:30 on Monday in Stockholm: `[2025, 2]`).
///
/// @param t - a time (Date, epoch ms or ISO 8601 text with offset)
#[wasm_bindgen(js_name = isoWeek, unchecked_return_type = "[number, number]")]
pub fn iso_week_js(
    #[wasm_bindgen(unchecked_param_type = "TimeArg")] t: JsValue,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let t = time_from_js(&t, "t")?;
    let (y, w) = est_core::trend::period::iso_week(t.timestamp());
    Ok(Array::of2(&num(f64::from(y)), &num(f64::from(w))).into())
}
