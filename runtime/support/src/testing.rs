//! Test helpers: an in-memory state and an event sink that records events.
//!
//! `RecordingSink` keeps events in memory and, like the runtime's buffering sink, forgets the events of a storage
//! transaction that fails.

use std::collections::BTreeMap;

use parity_scale_codec::{Decode, DecodeAll};

use crate::context::{EventSink, PalletEvent};
use crate::state::State;

/// An in-memory state: a `BTreeMap` implements [`State`](crate::state::State).
pub type MemState = BTreeMap<Vec<u8>, Vec<u8>>;

/// Records encoded runtime events in memory.
#[derive(Debug, Default, Clone)]
pub struct RecordingSink {
    /// Encoded runtime events, in emission order.
    pub events: Vec<Vec<u8>>,
}

impl EventSink for RecordingSink {
    fn deposit(&mut self, _state: &mut dyn State, event: Vec<u8>) {
        self.events.push(event);
    }

    fn checkpoint(&self) -> usize {
        self.events.len()
    }

    fn rollback_to(&mut self, checkpoint: usize) {
        self.events.truncate(checkpoint);
    }
}

impl RecordingSink {
    /// The recorded events of pallet `E`, decoded.
    pub fn events_of<E: PalletEvent + Decode>(&self) -> Vec<E> {
        self.events
            .iter()
            .filter(|e| e.first() == Some(&E::PALLET_INDEX))
            .filter_map(|e| E::decode_all(&mut &e[1..]).ok())
            .collect()
    }

    /// Forgets recorded events.
    pub fn clear(&mut self) {
        self.events.clear();
    }
}
