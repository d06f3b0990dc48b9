//! metanode-storage
