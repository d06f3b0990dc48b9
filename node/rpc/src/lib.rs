//! metanode-rpc
