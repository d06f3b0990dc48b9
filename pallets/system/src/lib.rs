//! metanode-pallet-system
