//! The incident taxonomy: the `Taxonomy` class (core: `est_core::taxonomy`).

use crate::error::{IntoJsResult, from_options, options_error};
use est_core::taxonomy::{Category, Taxonomy as CoreTaxonomy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TAXONOMY: &'static str = r#"
/** One incident category. */
export interface Category {
  /** Stable ASCII code, e.g. `"skadegorelse"`. */
  code: string;
  /** Swedish label, e.g. `"Skadegörelse"`. */
  sv: string;
  /** English label, e.g. `"Criminal damage"`. */
  en: string;
  /** Code of the group it belongs to (`klotter` → `skadegorelse`), or `null`. */
  parent: string | null;
  /** Other labels that resolve to it. */
  aliases: string[];
}

/** A category to add with {@link Taxonomy.addCategory}. */
export interface NewCategory {
  code: string;
  sv: string;
  en: string;
  parent?: string | null;
  aliases?: string[];
}
"#;

/// The set of categories an analysis uses: codes, Swedish and English labels, groups,
/// aliases, and the mapping from polisen.se event types.
///
/// Labels match case-insensitively, with `_`, `-` and runs of spaces folded and å/ä/ö as a
/// second chance: `"Skadegörelse"`, `"skadegorelse"` and `"SKADEGÖRELSE "` are the same.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub(crate) inner: CoreTaxonomy,
}

pub(crate) fn to_js_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value
        .serialize(&s)
        .map_err(|e| options_error("value", &e.to_string()))
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy {
            inner: CoreTaxonomy::est(),
        }
    }
}

#[wasm_bindgen]
impl Taxonomy {
    /// The built-in EST categories (same as {@link Taxonomy.default}).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Taxonomy {
        crate::hook();
        Taxonomy::default()
    }

    /// The built-in EST categories.
    #[wasm_bindgen(js_name = "default")]
    pub fn est_default() -> Taxonomy {
        crate::hook();
        Taxonomy::default()
    }

    /// Resolves a code, label or alias to the category code.
    ///
    /// Throws a `TaxonomyError`: `EMPTY_CATEGORY` for a blank label, `UNKNOWN_CATEGORY` with
    /// the closest known labels in the message and in `details.suggestions`.
    pub fn resolve(&self, label: &str) -> Result<String, JsValue> {
        let id = self.inner.resolve(label).js()?;
        Ok(self.inner.code(id).to_string())
    }

    /// All categories, in id order.
    #[wasm_bindgen(getter, unchecked_return_type = "Category[]")]
    pub fn categories(&self) -> Result<JsValue, JsValue> {
        to_js_value(self.inner.categories())
    }

    /// Number of categories.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Adds a municipality's own category and returns its code.
    ///
    /// Throws a `TaxonomyError` (`TAXONOMY_INVALID_CODE`, `TAXONOMY_UNKNOWN_PARENT`,
    /// `TAXONOMY_CONFLICT`) when the code is not lower-case ASCII, the parent does not exist
    /// or a label is taken.
    #[wasm_bindgen(js_name = addCategory)]
    pub fn add_category(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "NewCategory")] category: JsValue,
    ) -> Result<String, JsValue> {
        let c: Category = from_options(
            category,
            &["code", "sv", "en", "parent", "aliases"],
            "category",
        )?;
        let id = self.inner.add_category(c).js()?;
        Ok(self.inner.code(id).to_string())
    }

    /// Adds `alias` as another label of the category `target` resolves to.
    #[wasm_bindgen(js_name = addAlias)]
    pub fn add_alias(&mut self, alias: &str, target: &str) -> Result<(), JsValue> {
        self.inner.add_alias(alias, target).js()
    }

    /// Extends the taxonomy from CSV text with the header `code,sv,en,parent,aliases`
    /// (aliases separated by `|`; an existing code only adds its aliases). Returns the number
    /// of categories added. Throws a `TaxonomyError` (`TAXONOMY_FILE`) naming the bad line.
    #[wasm_bindgen(js_name = extendFromCsv)]
    pub fn extend_from_csv(&mut self, text: &str) -> Result<usize, JsValue> {
        self.inner.extend_from_csv(text).js()
    }

    /// Extends the taxonomy from a JSON array of categories (see {@link NewCategory}).
    #[wasm_bindgen(js_name = extendFromJson)]
    pub fn extend_from_json(&mut self, text: &str) -> Result<usize, JsValue> {
        self.inner.extend_from_json(text).js()
    }

    /// The EST category code for a polisen.se event type (`"Skadegörelse"` →
    /// `"skadegorelse"`), `null` for types that are not incident reports (summaries, traffic
    /// accidents …). Throws a `TaxonomyError` for an unknown event type.
    #[wasm_bindgen(js_name = polisenCategory, unchecked_return_type = "string | null")]
    pub fn polisen_category(
        &self,
        #[wasm_bindgen(js_name = eventType)] event_type: &str,
    ) -> Result<JsValue, JsValue> {
        let id = self.inner.polisen_category(event_type).js()?;
        Ok(id.map_or(JsValue::NULL, |id| JsValue::from_str(self.inner.code(id))))
    }

    /// Whether the category `label` resolves to is `group` or lies below it
    /// (`isInGroup("klotter", "skadegörelse")` is `true`).
    #[wasm_bindgen(js_name = isInGroup)]
    pub fn is_in_group(&self, label: &str, group: &str) -> Result<bool, JsValue> {
        let id = self.inner.resolve(label).js()?;
        let g = self.inner.resolve(group).js()?;
        Ok(self.inner.is_in_group(id, g))
    }
}
