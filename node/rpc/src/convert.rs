//! Conversions between JSON types and `metanode_primitives` types (added once primitives lands).
