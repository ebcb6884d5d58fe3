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
//!
//! Every fallible function returns [`Result`] with an [`Error`] that carries the values behind
//! the failure. Nothing in this crate panics on user input, reads the clock implicitly in a way
//! that cannot be overridden, or uses OS entropy: it compiles to `wasm32-unknown-unknown`.
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

pub mod crs;
mod error;
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

pub use error::{Error, Result};

/// The version of this crate, as given by Cargo.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
