//! Python bindings of est.
