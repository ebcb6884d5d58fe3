//! Charts of temporal profiles as self-contained SVG strings: `profileSvg`, `barsSvg`
//! (core: `est_core::report::charts`).

use crate::crs::coords_from_js;
use crate::error::options_error;
use crate::grid::absent;
use crate::stats::ValuesArg;
use crate::trend::profile::TemporalProfile;
use est_core::report::Language;
use est_core::report::charts::{
    bars_svg, heatmap_hour_weekday_svg, hour_bars_svg, weekday_bars_svg, year_wheel_svg,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHARTS: &'static str = r#"
/** A chart of a {@link TemporalProfile}: the 24 × 7 heat map (default), the month × year
 * heat map (*årshjul*), or bars by hour or by weekday. */
export type ProfileChart = "hourWeekday" | "yearWheel" | "hour" | "weekday";
"#;

#[wasm_bindgen]
extern "C" {
    /// A string typed as `"sv" | "en"`.
    #[wasm_bindgen(typescript_type = "\"sv\" | \"en\"")]
    pub type LangArg;
    /// A string typed as `ProfileChart`.
    #[wasm_bindgen(typescript_type = "ProfileChart")]
    pub type ProfileChartArg;
}

fn language(v: Option<JsValue>) -> Result<Language, JsValue> {
    match v.filter(|v| !absent(v)).map(|v| v.as_string()) {
        None => Ok(Language::Sv),
        Some(Some(s)) if s == "sv" => Ok(Language::Sv),
        Some(Some(s)) if s == "en" => Ok(Language::En),
        Some(other) => Err(options_error(
            "lang",
            &format!("lang must be \"sv\" or \"en\" (got {other:?})"),
        )),
    }
}

/// A chart of a temporal profile as one self-contained SVG (no scripts, no external
/// references; `role="img"` with a title, a description stating the main finding and a
/// tooltip on every cell). Labels in Swedish (default) or English; colours ColorBrewer YlOrRd,
/// empty slots grey. Throws an `OptionsError` for an unknown language or chart.
///
/// @param profile - the profile ({@link profile} or {@link aoristicProfile})
/// @param lang - `"sv"` (default) or `"en"`
/// @param chart - `"hourWeekday"` (default), `"yearWheel"`, `"hour"` or `"weekday"`
#[wasm_bindgen(js_name = profileSvg)]
pub fn profile_svg(
    profile: &TemporalProfile,
    lang: Option<LangArg>,
    chart: Option<ProfileChartArg>,
) -> Result<String, JsValue> {
    crate::hook();
    let lang = language(lang.map(JsValue::from))?;
    let p = &profile.inner;
    let chart = chart
        .map(JsValue::from)
        .filter(|c| !absent(c))
        .map(|c| c.as_string().unwrap_or_default());
    Ok(match chart.as_deref() {
        None | Some("hourWeekday") => heatmap_hour_weekday_svg(p, lang),
        Some("yearWheel") => year_wheel_svg(p, lang),
        Some("hour") => hour_bars_svg(p, lang),
        Some("weekday") => weekday_bars_svg(p, lang),
        Some(other) => {
            return Err(options_error(
                "chart",
                &format!(
                    "chart must be \"hourWeekday\", \"yearWheel\", \"hour\" or \"weekday\" (got \
                     {other:?})"
                ),
            ));
        }
    })
}

/// A vertical bar chart as one self-contained SVG: one bar per value, labels thinned when
/// there are many, grid lines at round values, a tooltip per bar.
///
/// @param title - the chart's title
/// @param labels - one label per bar (fewer leave the last bars unlabelled)
/// @param values - the bar heights
/// @param lang - `"sv"` (default) or `"en"` (number format)
#[wasm_bindgen(js_name = barsSvg)]
pub fn bars_svg_js(
    title: &str,
    labels: Vec<String>,
    values: ValuesArg,
    lang: Option<LangArg>,
) -> Result<String, JsValue> {
    crate::hook();
    let lang = language(lang.map(JsValue::from))?;
    let v = coords_from_js(&values.into(), "values")?;
    Ok(bars_svg(title, &labels, &v, lang))
}
