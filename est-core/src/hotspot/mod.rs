//! Hotspot methods: where are incidents concentrated, and is it more than chance?
//! (Being written: weights, Getis–Ord Gi/Gi*, Moran, General G, kernel density.)
