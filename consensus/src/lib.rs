//! metanode-consensus
