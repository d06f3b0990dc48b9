//! metanode-tests
