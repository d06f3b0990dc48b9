//! One module per command. `key` is offline; the others talk to the node. [`submit`] is the
//! sign-submit-follow path the transaction-sending commands share; [`outcome`] reads results.

pub mod app;
pub mod balance;
pub mod bundle;
pub mod key;
pub mod outcome;
pub mod receipts;
pub mod status;
pub mod submit;
pub mod transfer;
pub mod validators;
