//! WebAssembly bindings of est.
