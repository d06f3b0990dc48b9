//! metanode-pallet-timestamp
