//! metanode-pallet-admin
