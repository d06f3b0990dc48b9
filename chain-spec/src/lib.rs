//! metanode-chain-spec
