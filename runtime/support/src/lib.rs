//! metanode-support
