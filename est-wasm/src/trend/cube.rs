//! The space-time cube: `cube` (core: `est_core::trend::cube`).

use super::period::{period_kind_from_js, periods_js};
use super::{SELECTION_KEYS, count, f64s, is_plain_object, named_areas, num, selection_from, set};
use super::{strings, time_from_js};
use crate::error::{IntoJsResult, options_error};
use crate::hotspot::{Opts, grid_from_js};
use crate::incident::Incidents;
use chrono::Duration;
use est_core::trend::TrendError;
use est_core::trend::cube::{LocationRule, SpaceTimeCube, cube_for_areas, cube_for_grid};
use est_core::trend::period::{PeriodKind, Periods};
use js_sys::{Object, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CUBE: &'static str = r#"
/** Which grid cells a cube keeps: every active cell (default) or only cells with at least
 * one selected incident (Esri's rule). */
export type LocationRule = "all" | "withIncidents";

/** Options of {@link cube}. */
export interface CubeOptions {
  /** The period (default `"week"`: ISO weeks in Europe/Stockholm). */
  period?: PeriodKindArg;
  /** Start of the window (default: the first incident). Incidents before it are left out. */
  start?: TimeArg;
  /** End of the window, exclusive (default: just after the last incident). */
  end?: TimeArg;
  /** Categories (codes, labels or aliases; each counts its subgroups). Default: all. */
  categories?: string[];
  /** Sum the incidents' weights instead of counting them (default false). */
  weighted?: boolean;
  /** Grid cubes only: `"all"` (default) or `"withIncidents"`. */
  locations?: LocationRule;
}

/** A space-time cube: counts per location and period, location-major. */
export interface SpaceTimeCube {
  /** `nLocations × nPeriods` counts; bin (location `i`, period `t`) at `i·nPeriods + t`.
   * Empty bins are 0. */
  counts: Float64Array;
  nLocations: number;
  nPeriods: number;
  /** One label per location: `"cell <id>"` or the area's name. */
  labels: string[];
  /** The periods (ISO weeks …) with their bounds and coverage. */
  periods: Periods;
  /** Location centroids (cell centres or area centroids), in `crs`. */
  x: Float64Array;
  y: Float64Array;
  /** Grid cell ids of the locations (`null` for named areas). */
  cellIds: Uint32Array | null;
  locationRule: LocationRule;
  /** EPSG code of `x`, `y`. */
  crs: number;
  /** What was counted, in words. */
  selection: string;
}

/** Anything with location-major counts: a {@link SpaceTimeCube}, or
 * `{ counts, nLocations }` for values of your own. */
export interface CubeLike {
  counts: Values;
  nLocations: number;
  /** One label per location (default `"location <i>"`). */
  labels?: string[];
  /** Grid cell ids of the locations, carried to the result. */
  cellIds?: Uint32Array | number[] | null;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `CubeOptions`.
    #[wasm_bindgen(typescript_type = "CubeOptions")]
    pub type CubeOptionsArg;
}

/// The cube as a plain JS object.
pub(crate) fn cube_js(c: &SpaceTimeCube) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "counts", &f64s(&c.counts));
    set(&out, "nLocations", &count(c.n_locations()));
    set(&out, "nPeriods", &count(c.n_periods()));
    set(&out, "labels", &strings(&c.labels));
    set(&out, "periods", &periods_js(&c.periods));
    let x: Vec<f64> = c.xy.iter().map(|p| p.0).collect();
    let y: Vec<f64> = c.xy.iter().map(|p| p.1).collect();
    set(&out, "x", &f64s(&x));
    set(&out, "y", &f64s(&y));
    let ids = match &c.cell_ids {
        Some(ids) => {
            // Cell ids come from a grid's u32 ids.
            let u: Vec<u32> = ids.iter().map(|&i| i as u32).collect();
            Uint32Array::from(u.as_slice()).into()
        }
        None => JsValue::NULL,
    };
    set(&out, "cellIds", &ids);
    let rule = match c.rule {
        LocationRule::AllCells => "all",
        LocationRule::WithIncidents => "withIncidents",
    };
    set(&out, "locationRule", &JsValue::from_str(rule));
    set(&out, "crs", &num(f64::from(c.crs.epsg())));
    set(&out, "selection", &JsValue::from_str(&c.selection));
    out
}

/// The periods of `kind` over `[start ?? first incident, end ?? last incident + 1 s)`.
pub(crate) fn periods_for(
    kind: PeriodKind,
    o: &Opts,
    incidents: &Incidents,
) -> Result<Periods, JsValue> {
    let range = incidents.inner.time_range();
    let from = match o.get("start") {
        Some(t) => time_from_js(&t, "start")?,
        None => match range {
            Some((first, _)) => first,
            None => {
                return Err::<_, TrendError>(TrendError::Empty {
                    what: "no incidents and no start given".into(),
                })
                .js();
            }
        },
    };
    let to = match o.get("end") {
        Some(t) => time_from_js(&t, "end")?,
        None => match range {
            Some((_, last)) => last + Duration::seconds(1),
            None => {
                return Err::<_, TrendError>(TrendError::Empty {
                    what: "no incidents and no end given".into(),
                })
                .js();
            }
        },
    };
    Periods::covering(kind, from, to).js()
}

/// A space-time cube: the selected incidents counted per location and calendar period
/// (Europe/Stockholm), location-major, empty bins 0. Locations are the active cells of a
/// {@link Grid} (in the incidents' CRS) or named areas (an incident on a shared boundary
/// counts in both).
///
/// Throws a `TrendError` (`TREND_EMPTY`, `TREND_TOO_LARGE` above 50 million bins,
/// `TREND_INVALID_PARAMETER`), a `GridError` `GRID_CRS_MISMATCH`, a `TaxonomyError` for an
/// unknown category, or an `OptionsError`.
///
/// @param incidents - the incidents
/// @param gridOrAreas - a {@link Grid}, or named areas `{ name: StudyArea | GeoJSON polygon }`
/// @param options - period, window, categories, weighted, locations
#[wasm_bindgen(js_name = cube, unchecked_return_type = "SpaceTimeCube")]
pub fn cube_fn(
    incidents: &Incidents,
    #[wasm_bindgen(js_name = gridOrAreas, unchecked_param_type = "Grid | NamedAreas")]
    grid_or_areas: JsValue,
    options: Option<CubeOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys = vec!["period", "locations"];
    keys.extend(SELECTION_KEYS);
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let kind = match o.get("period") {
        Some(p) => period_kind_from_js(&p)?,
        None => PeriodKind::IsoWeek,
    };
    let selection = selection_from(&o, incidents)?;
    let periods = periods_for(kind, &o, incidents)?;
    let rule = o
        .choice(
            "locations",
            &[
                ("all", LocationRule::AllCells),
                ("withIncidents", LocationRule::WithIncidents),
            ],
        )?
        .unwrap_or_default();
    let c = if is_plain_object(&grid_or_areas) {
        if o.get("locations").is_some() {
            return Err(options_error(
                "locations",
                "locations applies to grid cubes; named areas are always all kept",
            ));
        }
        let areas = named_areas(&grid_or_areas, incidents.inner.crs(), "gridOrAreas")?;
        let pairs: Vec<_> = areas
            .iter()
            .map(|(n, a)| (n.clone(), a.area().clone()))
            .collect();
        cube_for_areas(&pairs, &incidents.inner, &selection, &periods).js()?
    } else {
        let grid = grid_from_js(&grid_or_areas).map_err(|_| {
            options_error(
                "gridOrAreas",
                "gridOrAreas must be a Grid or an object of named areas",
            )
        })?;
        cube_for_grid(&grid, &incidents.inner, &selection, &periods, rule).js()?
    };
    Ok(cube_js(&c))
}
