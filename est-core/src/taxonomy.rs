//! The EST incident taxonomy: categories with stable ASCII codes, Swedish and English labels,
//! groups (klotter ⊂ skadegörelse), aliases, user extensions and the mapping from the Swedish
//! Police's event types (polisen.se) to EST categories.
//!
//! Labels are matched case-insensitively, with runs of white space, `_` and `-` folded to one
//! space, and with å/ä/ö/é folded to a/a/o/e as a second chance, so that `"Skadegörelse"`,
//! `"skadegorelse"` and `"SKADEGÖRELSE "` all resolve to the same category.
//!
//! ```
//! use est_core::taxonomy::Taxonomy;
//!
//! let tax = Taxonomy::default();
//! let klotter = tax.resolve("Graffiti")?;
//! let skadegorelse = tax.resolve("skadegörelse")?;
//! assert!(tax.is_in_group(klotter, skadegorelse));
//! let err = tax.resolve("skadegörlse").unwrap_err();
//! assert!(err.to_string().contains("skadegörelse"));
//! # Ok::<(), est_core::taxonomy::TaxonomyError>(())
//! ```

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Index of a category inside its [`Taxonomy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CategoryId(pub u16);

/// One incident category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable ASCII code, e.g. `"skadegorelse"`.
    pub code: String,
    /// Swedish label, e.g. `"Skadegörelse"`.
    pub sv: String,
    /// English label, e.g. `"Criminal damage"`.
    pub en: String,
    /// Code of the group this category belongs to (`klotter` → `skadegorelse`).
    #[serde(default)]
    pub parent: Option<String>,
    /// Other labels that resolve to this category.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Errors from label resolution and taxonomy extension.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TaxonomyError {
    /// A label that matches no category or alias.
    #[error("unknown category {label:?}{}", suggest(.suggestions))]
    Unknown {
        /// The label given.
        label: String,
        /// The closest known labels, best first.
        suggestions: Vec<String>,
    },
    /// An empty label.
    #[error("category is empty: every incident needs a category")]
    Empty,
    /// A new category or alias whose label is already taken.
    #[error("label {label:?} already belongs to category {existing:?}")]
    Conflict {
        /// The label.
        label: String,
        /// Code of the category that has it.
        existing: String,
    },
    /// A category whose parent code does not exist.
    #[error("category {code:?} names parent {parent:?}, which is not a known category code")]
    UnknownParent {
        /// The new category.
        code: String,
        /// The missing parent.
        parent: String,
    },
    /// A code that is not lower-case ASCII letters, digits and `_`.
    #[error("invalid category code {code:?}: use lower-case ASCII letters, digits and _")]
    InvalidCode {
        /// The code given.
        code: String,
    },
    /// A malformed extension file.
    #[error("taxonomy file, line {line}: {message}")]
    File {
        /// 1-based line (0 for JSON documents).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// More categories than the id type holds.
    #[error("too many categories (at most 65 535)")]
    TooMany,
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; closest known: {}", s.join(", "))
    }
}

impl TaxonomyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TaxonomyError::Unknown { .. } => "UNKNOWN_CATEGORY",
            TaxonomyError::Empty => "EMPTY_CATEGORY",
            TaxonomyError::Conflict { .. } => "TAXONOMY_CONFLICT",
            TaxonomyError::UnknownParent { .. } => "TAXONOMY_UNKNOWN_PARENT",
            TaxonomyError::InvalidCode { .. } => "TAXONOMY_INVALID_CODE",
            TaxonomyError::File { .. } => "TAXONOMY_FILE",
            TaxonomyError::TooMany => "TAXONOMY_TOO_MANY",
        }
    }
}

/// A built-in category: (code, Swedish, English, parent, aliases).
type BuiltIn = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
);

/// The built-in EST categories.
const EST_CATEGORIES: &[BuiltIn] = &[
    (
        "skadegorelse",
        "Skadegörelse",
        "Criminal damage",
        None,
        &["vandalism", "skadegörelse/vandalism", "damage"],
    ),
    (
        "klotter",
        "Klotter",
        "Graffiti",
        Some("skadegorelse"),
        &["graffiti", "tagg", "taggning"],
    ),
    (
        "inbrott",
        "Inbrott",
        "Burglary",
        None,
        &[
            "burglary",
            "bostadsinbrott",
            "källarinbrott",
            "förrådsinbrott",
            "break-in",
        ],
    ),
    (
        "stold",
        "Stöld",
        "Theft",
        None,
        &["theft", "snatteri", "shoplifting", "cykelstöld"],
    ),
    ("ran", "Rån", "Robbery", None, &["robbery", "personrån"]),
    ("brand", "Brand", "Fire", None, &["fire", "eld"]),
    (
        "anlagd_brand",
        "Anlagd brand",
        "Arson",
        Some("brand"),
        &[
            "arson",
            "mordbrand",
            "anlagd brand",
            "bilbrand",
            "soptunnebrand",
        ],
    ),
    (
        "hot",
        "Hot",
        "Threats",
        None,
        &["threat", "threats", "olaga hot", "hot/trakasserier"],
    ),
    (
        "vald",
        "Våld/misshandel",
        "Violence/assault",
        None,
        &["våld", "misshandel", "violence", "assault", "bråk"],
    ),
    (
        "narkotika",
        "Narkotika",
        "Drugs",
        None,
        &[
            "drugs",
            "drug dealing",
            "langning",
            "narkotikabrott",
            "narkotikaförsäljning",
        ],
    ),
    (
        "ungdomshang",
        "Ungdomshäng",
        "Youth loitering",
        None,
        &[
            "ungdomssamling",
            "youth loitering",
            "youth gathering",
            "ungdomar",
        ],
    ),
    (
        "ordningsstorning",
        "Ordningsstörning",
        "Disorder",
        None,
        &["disorder", "störning", "public disorder", "fylleri"],
    ),
    (
        "storande_folksamling",
        "Störande folksamling",
        "Disorderly gathering",
        Some("ordningsstorning"),
        &["disorderly gathering", "folksamling"],
    ),
    (
        "larm",
        "Larm",
        "Alarm",
        None,
        &["alarm", "inbrottslarm", "brandlarm"],
    ),
    (
        "nedskrapning",
        "Nedskräpning",
        "Littering",
        None,
        &["littering", "skräp", "dumpning"],
    ),
    (
        "oro",
        "Oro/orosanmälan",
        "Concern report",
        None,
        &[
            "orosanmälan",
            "oro",
            "concern",
            "concern report",
            "otrygghet",
        ],
    ),
    (
        "fordon",
        "Fordon",
        "Vehicle-related",
        None,
        &[
            "vehicle",
            "övergivet fordon",
            "bilskrot",
            "buskörning",
            "fordonsrelaterat",
        ],
    ),
    (
        "ovrigt",
        "Övrigt",
        "Other",
        None,
        &["other", "annat", "övrig"],
    ),
];

/// How polisen.se event types map to EST categories. Types that are not incident reports
/// (summaries, information, traffic checks …) map to `None`: importers report such rows as
/// skipped, with the reason, rather than dropping them silently.
///
/// The list covers every type seen in an archive of 85 011 events (2022–2026).
pub const POLISEN_TYPE_MAP: &[(&str, Option<&str>)] = &[
    ("Alkohollagen", Some("ordningsstorning")),
    ("Anträffad död", None),
    ("Anträffat gods", None),
    ("Arbetsplatsolycka", None),
    ("Bedrägeri", Some("ovrigt")),
    ("Bombhot", Some("hot")),
    ("Brand", Some("brand")),
    ("Brand automatlarm", Some("larm")),
    ("Bråk", Some("vald")),
    ("Detonation", Some("ovrigt")),
    ("Djur", None),
    ("Efterlyst person", None),
    ("Ekobrott", Some("ovrigt")),
    ("Explosion", Some("ovrigt")),
    ("Farligt föremål, misstänkt", Some("ovrigt")),
    ("Fjällräddning", None),
    ("Fylleri", Some("ordningsstorning")),
    ("Fylleri/LOB", Some("ordningsstorning")),
    ("Förfalskningsbrott", Some("ovrigt")),
    ("Försvunnen person", None),
    ("Hemfridsbrott", Some("ovrigt")),
    ("Hets mot folkgrupp", Some("hot")),
    ("Häleri", Some("stold")),
    ("Information", None),
    ("Inbrott", Some("inbrott")),
    ("Inbrott, försök", Some("inbrott")),
    ("Kontroll", None),
    ("Kontroll person/fordon", None),
    ("Knivlagen", Some("vald")),
    ("Lagen om hundar och katter", None),
    ("Larm Inbrott", Some("larm")),
    ("Larm Överfall", Some("larm")),
    ("Luftfartslagen", None),
    ("Misshandel", Some("vald")),
    ("Misshandel, grov", Some("vald")),
    ("Missbruk av urkund", Some("ovrigt")),
    ("Miljöbrott", Some("nedskrapning")),
    ("Mord/dråp", Some("vald")),
    ("Mord/dråp, försök", Some("vald")),
    ("Mordbrand", Some("anlagd_brand")),
    ("Motorfordon, anträffat stulet", Some("fordon")),
    ("Motorfordon, stöld", Some("fordon")),
    ("Narkotikabrott", Some("narkotika")),
    ("Ofredande/förargelse", Some("ordningsstorning")),
    ("Olaga frihetsberövande/människorov", Some("vald")),
    ("Olaga hot", Some("hot")),
    ("Olaga intrång", Some("inbrott")),
    ("Olovlig körning", Some("fordon")),
    ("Ordningslagen", Some("ordningsstorning")),
    ("Polisinsats/kommendering", None),
    ("Rattfylleri", Some("fordon")),
    ("Räddningsinsats", None),
    ("Rån", Some("ran")),
    ("Rån, försök", Some("ran")),
    ("Rån väpnat", Some("ran")),
    ("Rån övrigt", Some("ran")),
    ("Sabotage mot blåljusverksamhet", Some("skadegorelse")),
    ("Sammanfattning dag", None),
    ("Sammanfattning dygn", None),
    ("Sammanfattning eftermiddag", None),
    ("Sammanfattning helg", None),
    ("Sammanfattning kväll", None),
    ("Sammanfattning kväll och natt", None),
    ("Sammanfattning natt", None),
    ("Sammanfattning vecka", None),
    ("Sedlighetsbrott", Some("ovrigt")),
    ("Sexualbrott", Some("vald")),
    ("Sjukdom/olycksfall", None),
    ("Sjölagen", None),
    ("Skadegörelse", Some("skadegorelse")),
    ("Skottlossning", Some("vald")),
    ("Skottlossning, misstänkt", Some("vald")),
    ("Skyddslagen", Some("ovrigt")),
    ("Smällar", Some("ordningsstorning")),
    ("Spridning smitta/kemikalier", None),
    ("Stöld", Some("stold")),
    ("Stöld, försök", Some("stold")),
    ("Stöld/inbrott", Some("inbrott")),
    ("Trafikbrott", Some("fordon")),
    ("Trafikhinder", None),
    ("Trafikkontroll", None),
    ("Trafikolycka", None),
    ("Trafikolycka, personskada", None),
    ("Trafikolycka, singel", None),
    ("Trafikolycka, smitning från", Some("fordon")),
    ("Trafikolycka, vilt", None),
    ("Upphittat föremål", None),
    ("Uppdatering", None),
    ("Utlänningslagen", None),
    ("Varningslarm/haveri", None),
    ("Vapenlagen", Some("vald")),
    ("Våld/hot mot tjänsteman", Some("hot")),
    ("Våldtäkt", Some("vald")),
    ("Våldtäkt, försök", Some("vald")),
    ("Vållande till kroppsskada", Some("vald")),
    ("Åldringsbrott", Some("ovrigt")),
    ("Övrigt", Some("ovrigt")),
];

/// The set of categories an analysis uses, with their labels, groups and aliases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<Category>", into = "Vec<Category>")]
pub struct Taxonomy {
    categories: Vec<Category>,
    lookup: HashMap<String, CategoryId>,
}

impl From<Vec<Category>> for Taxonomy {
    fn from(categories: Vec<Category>) -> Self {
        let mut t = Taxonomy {
            categories: Vec::new(),
            lookup: HashMap::new(),
        };
        for c in categories {
            // Deserialising a taxonomy written by est never conflicts; a hand-edited file that
            // does is read through `extend_from_json`, which reports it.
            let _ = t.add_category(c);
        }
        t
    }
}

impl From<Taxonomy> for Vec<Category> {
    fn from(t: Taxonomy) -> Self {
        t.categories
    }
}

impl Default for Taxonomy {
    /// The EST categories.
    fn default() -> Self {
        Taxonomy::est()
    }
}

/// Lower-case, trimmed, with runs of white space, `_`, `-` and `/`-padding folded.
fn normalize(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut space = false;
    for ch in label.trim().chars() {
        if ch.is_whitespace() || ch == '_' || ch == '-' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(ch.to_lowercase());
        }
    }
    out
}

fn fold_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            other => other,
        })
        .collect()
}

impl Taxonomy {
    /// The built-in EST categories (also [`Taxonomy::default`]).
    pub fn est() -> Taxonomy {
        let mut t = Taxonomy {
            categories: Vec::new(),
            lookup: HashMap::new(),
        };
        for (code, sv, en, parent, aliases) in EST_CATEGORIES {
            let _ = t.add_category(Category {
                code: (*code).to_string(),
                sv: (*sv).to_string(),
                en: (*en).to_string(),
                parent: parent.map(str::to_string),
                aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            });
        }
        t
    }

    /// All categories, in id order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Number of categories.
    pub fn len(&self) -> usize {
        self.categories.len()
    }

    /// Whether there are no categories.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    /// The category with this id.
    pub fn get(&self, id: CategoryId) -> Option<&Category> {
        self.categories.get(usize::from(id.0))
    }

    /// The id of the category with this exact code.
    pub fn by_code(&self, code: &str) -> Option<CategoryId> {
        self.categories
            .iter()
            .position(|c| c.code == code)
            .and_then(|i| u16::try_from(i).ok())
            .map(CategoryId)
    }

    /// The code of a category (empty string for an id not in this taxonomy).
    pub fn code(&self, id: CategoryId) -> &str {
        self.get(id).map_or("", |c| c.code.as_str())
    }

    /// Resolves a code, label or alias.
    ///
    /// # Errors
    /// [`TaxonomyError::Empty`] for a blank label; [`TaxonomyError::Unknown`] with up to three
    /// closest known labels otherwise.
    pub fn resolve(&self, label: &str) -> Result<CategoryId, TaxonomyError> {
        let key = normalize(label);
        if key.is_empty() {
            return Err(TaxonomyError::Empty);
        }
        if let Some(id) = self.lookup.get(&key) {
            return Ok(*id);
        }
        if let Some(id) = self.lookup.get(&fold_ascii(&key)) {
            return Ok(*id);
        }
        Err(TaxonomyError::Unknown {
            label: label.to_string(),
            suggestions: self.closest(&key, 3),
        })
    }

    /// The `k` known labels closest to `label` (normalised Levenshtein similarity).
    pub fn closest(&self, label: &str, k: usize) -> Vec<String> {
        let key = fold_ascii(&normalize(label));
        let mut scored: Vec<(f64, String)> = Vec::new();
        for c in &self.categories {
            let mut best = 0.0f64;
            for l in std::iter::once(&c.code)
                .chain(std::iter::once(&c.sv))
                .chain(std::iter::once(&c.en))
                .chain(c.aliases.iter())
            {
                let s = strsim::normalized_levenshtein(&key, &fold_ascii(&normalize(l)));
                let prefix = if fold_ascii(&normalize(l)).starts_with(&key) {
                    0.2
                } else {
                    0.0
                };
                best = best.max(s + prefix);
            }
            scored.push((best, c.sv.to_lowercase()));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored
            .into_iter()
            .filter(|(s, _)| *s >= 0.3)
            .take(k)
            .map(|(_, l)| l)
            .collect()
    }

    /// The top-level group of a category (itself when it has no parent).
    pub fn group_of(&self, id: CategoryId) -> CategoryId {
        let mut cur = id;
        for _ in 0..self.categories.len() {
            match self
                .get(cur)
                .and_then(|c| c.parent.as_deref())
                .and_then(|p| self.by_code(p))
            {
                Some(p) => cur = p,
                None => break,
            }
        }
        cur
    }

    /// Whether `id` is `group` or lies below it.
    pub fn is_in_group(&self, id: CategoryId, group: CategoryId) -> bool {
        let mut cur = Some(id);
        for _ in 0..=self.categories.len() {
            match cur {
                Some(c) if c == group => return true,
                Some(c) => {
                    cur = self
                        .get(c)
                        .and_then(|x| x.parent.as_deref())
                        .and_then(|p| self.by_code(p));
                }
                None => return false,
            }
        }
        false
    }

    /// Adds a category (a municipality's own, e.g. `"e_skoter"`).
    ///
    /// # Errors
    /// [`TaxonomyError::InvalidCode`], [`TaxonomyError::UnknownParent`],
    /// [`TaxonomyError::Conflict`] when the code, a label or an alias is taken.
    pub fn add_category(&mut self, category: Category) -> Result<CategoryId, TaxonomyError> {
        let valid = !category.code.is_empty()
            && category
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(TaxonomyError::InvalidCode {
                code: category.code,
            });
        }
        if let Some(p) = &category.parent
            && self.by_code(p).is_none()
        {
            return Err(TaxonomyError::UnknownParent {
                code: category.code.clone(),
                parent: p.clone(),
            });
        }
        let id =
            CategoryId(u16::try_from(self.categories.len()).map_err(|_| TaxonomyError::TooMany)?);
        let labels: Vec<&String> = [&category.code, &category.sv, &category.en]
            .into_iter()
            .chain(category.aliases.iter())
            .collect();
        for l in &labels {
            let key = normalize(l);
            if let Some(existing) = self.lookup.get(&key) {
                return Err(TaxonomyError::Conflict {
                    label: (*l).clone(),
                    existing: self.code(*existing).to_string(),
                });
            }
        }
        for l in labels {
            let key = normalize(l);
            let folded = fold_ascii(&key);
            self.lookup.insert(key, id);
            self.lookup.entry(folded).or_insert(id);
        }
        self.categories.push(category);
        Ok(id)
    }

    /// Adds an alias to an existing category.
    ///
    /// # Errors
    /// [`TaxonomyError::Unknown`] when `target` does not resolve; [`TaxonomyError::Conflict`]
    /// when the alias already belongs to another category.
    pub fn add_alias(&mut self, alias: &str, target: &str) -> Result<(), TaxonomyError> {
        let id = self.resolve(target)?;
        let key = normalize(alias);
        if key.is_empty() {
            return Err(TaxonomyError::Empty);
        }
        match self.lookup.get(&key) {
            Some(existing) if *existing == id => return Ok(()),
            Some(existing) => {
                return Err(TaxonomyError::Conflict {
                    label: alias.to_string(),
                    existing: self.code(*existing).to_string(),
                });
            }
            None => {}
        }
        let folded = fold_ascii(&key);
        self.lookup.insert(key, id);
        self.lookup.entry(folded).or_insert(id);
        if let Some(c) = self.categories.get_mut(usize::from(id.0)) {
            c.aliases.push(alias.to_string());
        }
        Ok(())
    }

    /// Extends the taxonomy from CSV text with the header `code,sv,en,parent,aliases`
    /// (aliases separated by `|`). A row whose code already exists only adds its aliases, so a
    /// municipality can map its own words onto EST categories:
    ///
    /// ```text
    /// code,sv,en,parent,aliases
    /// e_skoter,Elsparkcykel,E-scooter,fordon,elsparkis|sparkcykel
    /// klotter,,,,tags|målning på vägg
    /// ```
    ///
    /// Returns the number of categories added.
    ///
    /// # Errors
    /// [`TaxonomyError::File`] naming the line, for the first bad line.
    pub fn extend_from_csv(&mut self, text: &str) -> Result<usize, TaxonomyError> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| TaxonomyError::File {
                line: 1,
                message: e.to_string(),
            })?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let code_col = col("code").ok_or(TaxonomyError::File {
            line: 1,
            message: format!(
                "no 'code' column (found: {}); expected code,sv,en,parent,aliases",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        })?;
        let (sv, en, parent, aliases) = (col("sv"), col("en"), col("parent"), col("aliases"));
        let mut added = 0;
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| TaxonomyError::File {
                line,
                message: e.to_string(),
            })?;
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
            let code = get(Some(code_col));
            let alias_list: Vec<String> = get(aliases)
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let wrap = |e: TaxonomyError| TaxonomyError::File {
                line,
                message: e.to_string(),
            };
            if self.by_code(&code).is_some() {
                for a in &alias_list {
                    self.add_alias(a, &code).map_err(wrap)?;
                }
            } else {
                let (s, e) = (get(sv), get(en));
                let p = get(parent);
                self.add_category(Category {
                    sv: if s.is_empty() { code.clone() } else { s },
                    en: if e.is_empty() { code.clone() } else { e },
                    parent: (!p.is_empty()).then_some(p),
                    aliases: alias_list,
                    code,
                })
                .map_err(wrap)?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// Extends the taxonomy from a JSON array of categories
    /// (`[{"code": "e_skoter", "sv": "Elsparkcykel", "en": "E-scooter", "parent": "fordon",
    /// "aliases": ["elsparkis"]}]`). Existing codes only add their aliases.
    ///
    /// # Errors
    /// [`TaxonomyError::File`] for malformed JSON or the first category that cannot be added.
    pub fn extend_from_json(&mut self, text: &str) -> Result<usize, TaxonomyError> {
        let cats: Vec<Category> = serde_json::from_str(text).map_err(|e| TaxonomyError::File {
            line: e.line(),
            message: e.to_string(),
        })?;
        let mut added = 0;
        for c in cats {
            if self.by_code(&c.code).is_some() {
                for a in &c.aliases {
                    self.add_alias(a, &c.code)
                        .map_err(|e| TaxonomyError::File {
                            line: 0,
                            message: e.to_string(),
                        })?;
                }
            } else {
                self.add_category(c).map_err(|e| TaxonomyError::File {
                    line: 0,
                    message: e.to_string(),
                })?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// The EST category for a polisen.se event type, `Ok(None)` for types that are not
    /// incident reports (summaries, traffic accidents, …).
    ///
    /// # Errors
    /// [`TaxonomyError::Unknown`] for an event type that is not in [`POLISEN_TYPE_MAP`].
    pub fn polisen_category(&self, event_type: &str) -> Result<Option<CategoryId>, TaxonomyError> {
        let t = event_type.trim();
        match POLISEN_TYPE_MAP
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(t))
        {
            Some((_, Some(code))) => self.resolve(code).map(Some),
            Some((_, None)) => Ok(None),
            None => Err(TaxonomyError::Unknown {
                label: event_type.to_string(),
                suggestions: closest_polisen(t),
            }),
        }
    }
}

fn closest_polisen(t: &str) -> Vec<String> {
    let mut v: Vec<(f64, &str)> = POLISEN_TYPE_MAP
        .iter()
        .map(|(k, _)| {
            (
                strsim::normalized_levenshtein(&t.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    v.into_iter().take(3).map(|(_, k)| k.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_category_resolves() {
        let t = Taxonomy::default();
        for label in [
            "skadegörelse",
            "klotter",
            "inbrott",
            "stöld",
            "brand",
            "anlagd brand",
            "hot",
            "våld",
            "misshandel",
            "narkotika",
            "ungdomshäng",
            "ungdomssamling",
            "ordningsstörning",
            "störande folksamling",
            "larm",
            "nedskräpning",
            "oro",
            "orosanmälan",
            "fordon",
            "övrigt",
        ] {
            assert!(t.resolve(label).is_ok(), "{label}");
        }
        let brand = t.resolve("brand").unwrap();
        assert!(t.is_in_group(t.resolve("Arson").unwrap(), brand));
        assert_eq!(
            t.group_of(t.resolve("klotter").unwrap()),
            t.resolve("vandalism").unwrap()
        );
    }

    #[test]
    fn unknown_names_closest() {
        let t = Taxonomy::default();
        let TaxonomyError::Unknown { suggestions, .. } = t.resolve("inbrot").unwrap_err() else {
            panic!()
        };
        assert_eq!(suggestions[0], "inbrott");
    }

    #[test]
    fn extension_from_csv() {
        let mut t = Taxonomy::default();
        let n = t
            .extend_from_csv("code,sv,en,parent,aliases\ne_skoter,Elsparkcykel,E-scooter,fordon,elsparkis\nklotter,,,,tags\n")
            .unwrap();
        assert_eq!(n, 1);
        let e = t.resolve("Elsparkis").unwrap();
        assert!(t.is_in_group(e, t.resolve("fordon").unwrap()));
        assert_eq!(t.resolve("tags").unwrap(), t.resolve("klotter").unwrap());
        let err = t
            .extend_from_csv("code,sv,en,parent\nx1,X,X,nope\n")
            .unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn polisen_mapping_targets_exist() {
        let t = Taxonomy::default();
        for (k, v) in POLISEN_TYPE_MAP {
            if let Some(code) = v {
                assert!(t.by_code(code).is_some(), "{k} -> {code}");
            }
        }
        assert_eq!(
            t.polisen_category("Skadegörelse").unwrap(),
            t.by_code("skadegorelse")
        );
        assert_eq!(t.polisen_category("Sammanfattning natt").unwrap(), None);
    }
}
