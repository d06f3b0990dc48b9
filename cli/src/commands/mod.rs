//! One module per command. `key` is offline; the others talk to the node.

pub mod balance;
pub mod key;
pub mod outcome;
pub mod status;
pub mod transfer;
