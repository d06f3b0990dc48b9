//! metanode-pallet-wallets
