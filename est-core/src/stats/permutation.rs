//! Conditional permutation engine (being written).
