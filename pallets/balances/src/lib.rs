//! metanode-pallet-balances
