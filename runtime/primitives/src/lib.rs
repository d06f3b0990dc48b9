//! metanode-primitives
