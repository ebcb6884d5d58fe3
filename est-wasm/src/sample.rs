//! The seeded synthetic town *Sjöstad*: `sampleTown` (core: `est_core::sample`).

use crate::error::{IntoJsResult, from_options, options_error};
use crate::incident::{Incidents, whole_number};
use chrono::NaiveDate;
use est_core::sample::SampleTown;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The largest town `sampleTown` makes (about 1 GB of wasm memory would be needed beyond).
pub const MAX_SAMPLE: f64 = 5_000_000.0;

#[wasm_bindgen(typescript_custom_section)]
const TS_SAMPLE: &'static str = r#"
/** Options of {@link sampleTown}. */
export interface SampleTownOptions {
  /** Number of weeks (default 70; 12 to 5200). */
  weeks?: number;
  /** Last day, `"YYYY-MM-DD"`; moved back to the Sunday on or before it (default 2026-11-22). */
  end?: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `SampleTownOptions`.
    #[wasm_bindgen(typescript_type = "SampleTownOptions")]
    pub type SampleTownOptionsArg;
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SampleOptions {
    #[serde(default)]
    weeks: Option<u32>,
    #[serde(default)]
    end: Option<String>,
}

/// `n` incidents of the synthetic town *Sjöstad* (SWEREF 99 TM, EST categories) from
/// `seed`: a background, three persistent hotspots, a former and an emerging one, with
/// weekly and daily rhythms. The same `(n, seed, options)` always gives the same incidents,
/// in every browser and in Node, and the same as est in Rust and Python.
///
/// @param n - number of incidents (0 to 5 000 000)
/// @param seed - seed of the random stream (a whole number from 0 to 2^53 − 1)
#[wasm_bindgen(js_name = sampleTown)]
pub fn sample_town(
    n: f64,
    seed: f64,
    options: Option<SampleTownOptionsArg>,
) -> Result<Incidents, JsValue> {
    crate::hook();
    let n = whole_number(n, "n", MAX_SAMPLE)? as usize;
    // Whole and below 2^53: exact as u64.
    let seed = whole_number(seed, "seed", 9_007_199_254_740_991.0)? as u64;
    let o: SampleOptions = match options.map(JsValue::from) {
        Some(v) if !(v.is_undefined() || v.is_null()) => {
            from_options(v, &["weeks", "end"], "options")?
        }
        _ => SampleOptions::default(),
    };
    let mut town = SampleTown::new(n, seed);
    if let Some(w) = o.weeks {
        if w > 5_200 {
            return Err(options_error(
                "weeks",
                &format!("weeks must be at most 5200 (got {w})"),
            ));
        }
        town = town.weeks(w);
    }
    if let Some(end) = o.end {
        let d = NaiveDate::parse_from_str(end.trim(), "%Y-%m-%d").map_err(|_| {
            options_error(
                "end",
                &format!("end must be a date \"YYYY-MM-DD\" (got {end:?})"),
            )
        })?;
        town = town.end(d);
    }
    Ok(town.generate().js()?.into())
}
