//! # est-core
//!
//! The pure-Rust core of **est**, the analysis library behind *EST – Effektiv samordning för
//! trygghet*. It reads and validates incident reports, places them in SWEREF 99 metres, indexes
//! them, lays grids over them and writes the *lägesbild* (situation picture).
//!
//! ## Catalogue
//!
//! | Module | What | Source |
//! |---|---|---|
//! | [`taxonomy`] | EST incident categories, groups, aliases, polisen.se mapping | EST practice |
//! | [`incident`] | columnar incident store, validation with every bad row reported | — |
//! | [`crs`] | WGS 84 ↔ SWEREF 99 TM, the 12 SWEREF 99 local zones, UTM | Lantmäteriet, Krüger's formulas |
//! | [`index`] | R-tree over incidents: radius, box, polygon, k nearest | rstar |
//! | [`grid`] | square and hexagonal grids, automatic cell size, clipping, GeoJSON | sfhotspot's cell-size rule |
//! | [`io`] | CSV, GeoJSON and polisen.se events in and out | RFC 4180, RFC 7946 |
//! | [`sample`] | seeded synthetic Swedish town for docs, tests and the main job | — |
//! | [`report`] | the lägesbild as self-contained HTML and JSON | — |
//! | [`hotspot`] | weights, Getis–Ord Gi/Gi*, General G, Moran, kernel density, the one-call map | Ord & Getis 1995; Anselin 1995; Silverman 1986 |
//! | [`stats`] | multiple testing, conditional permutation engine | Holm 1979; Benjamini & Hochberg 1995 |
//! | [`trend`] | space-time cube, Mann–Kendall + Sen, emerging hot spots, change, early warning, scan, Knox, profiles | Mann 1945; Sen 1968; Esri EHSA; Chainey 2020; Kulldorff et al. 2005; Knox 1964 |
//! | [`followup`] | intervention registry, WDQ/TNE/WDD, two-rate tests, DiD, the recommendation | Bowers & Johnson 2003; Wheeler & Ratcliffe 2018 |
//! | [`accuracy`] | hit rate, PAI, PEI, both RRIs, Gini, concentration | Chainey et al. 2008; Levine 2008; Bernasco & Steenbeek 2017 |
//!
//! Every fallible function returns [`Result`] with an [`Error`] that carries the values behind
//! the failure. Nothing in this crate panics on user input, reads the clock implicitly in a way
//! that cannot be overridden, or uses OS entropy: it compiles to `wasm32-unknown-unknown`.
//!
//! ## Cargo features
//!
//! * `parallel` (off by default, never on wasm32): permutation inference on all cores with
//!   rayon; results are bit-identical to the serial path.
//!
//! ## Example
//!
//! ```
//! use est_core::{crs::Crs, sample::SampleTown};
//!
//! let incidents = SampleTown::new(500, 7).generate()?;
//! assert_eq!(incidents.len(), 500);
//! assert_eq!(incidents.crs(), Crs::SWEREF99_TM);
//! # Ok::<(), est_core::Error>(())
//! ```
#![deny(missing_docs)]

pub mod accuracy;
pub mod crs;
mod error;
pub mod followup;
pub mod grid;
pub mod hotspot;
pub mod incident;
pub mod index;
pub mod io;
pub mod params;
pub mod report;
pub mod sample;
pub mod stats;
pub mod taxonomy;
pub mod trend;

pub use error::{Error, Result};

/// The version of this crate, as given by Cargo.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
