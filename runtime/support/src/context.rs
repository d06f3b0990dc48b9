//! [`Context`]: what a dispatch works on — the state and the event sink.
//!
//! Pallets emit their own typed events with [`Context::deposit_event`]; the encoded runtime event is the pallet
//! index byte followed by the pallet event (`RuntimeEvent`'s variant index = pallet index), so no pallet needs to
//! know `RuntimeEvent`. The runtime's sink (System) stores events in state, so they roll back with the storage
//! transaction of a failed call.

use parity_scale_codec::Encode;

use crate::overlay::OverlayState;
use crate::state::{ReadOnly, State};

/// A pallet's event enum.
pub trait PalletEvent: Encode {
    /// The pallet's index (wire format).
    const PALLET_INDEX: u8;
}

/// Receives encoded runtime events.
///
/// A sink that writes to `state` gets rollback for free. A sink that buffers events in memory implements
/// `checkpoint`/`rollback_to`: [`Context::with_transaction`] takes a checkpoint before the transaction and rolls
/// the sink back to it when the transaction fails.
pub trait EventSink {
    /// `event` is the SCALE encoding of a `RuntimeEvent`.
    fn deposit(&mut self, state: &mut dyn State, event: Vec<u8>);
    /// A position to roll back to (buffering sinks: the number of buffered events).
    fn checkpoint(&self) -> usize {
        0
    }
    /// Forgets events deposited after `checkpoint`.
    fn rollback_to(&mut self, _checkpoint: usize) {}
}

/// The state and event sink of one dispatch.
pub struct Context<'a> {
    /// The state the dispatch reads and writes.
    pub state: &'a mut dyn State,
    events: &'a mut dyn EventSink,
}

impl<'a> Context<'a> {
    /// A context over `state`, emitting into `events`.
    pub fn new(state: &'a mut dyn State, events: &'a mut dyn EventSink) -> Self {
        Context { state, events }
    }

    /// Emits a pallet event.
    pub fn deposit_event<E: PalletEvent>(&mut self, event: E) {
        let mut encoded = Vec::with_capacity(64);
        encoded.push(E::PALLET_INDEX);
        event.encode_to(&mut encoded);
        self.events.deposit(self.state, encoded);
    }

    /// Emits an already encoded runtime event.
    pub fn deposit_raw_event(&mut self, encoded: Vec<u8>) {
        self.events.deposit(self.state, encoded);
    }

    /// Runs `f` in a storage transaction: its writes (and events stored in state) are kept if it returns `Ok`
    /// and discarded if it returns `Err`.
    pub fn with_transaction<R, E>(
        &mut self,
        f: impl FnOnce(&mut Context<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        let checkpoint = self.events.checkpoint();
        let (result, changes) = {
            let base = ReadOnly(&*self.state);
            let mut overlay = OverlayState::new(&base);
            let result = {
                let mut inner = Context {
                    state: &mut overlay,
                    events: &mut *self.events,
                };
                f(&mut inner)
            };
            (result, overlay.into_changes())
        };
        if result.is_err() {
            self.events.rollback_to(checkpoint);
        } else {
            for (key, value) in changes {
                match value {
                    Some(value) => self.state.put(&key, value),
                    None => self.state.delete(&key),
                }
            }
        }
        result
    }
}
