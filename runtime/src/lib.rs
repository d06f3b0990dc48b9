//! metanode-runtime
