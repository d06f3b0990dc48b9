//! System's calls (indices are Substrate's `frame_system::Call` indices).

use metanode_primitives::{blake2_256, H256};
use metanode_support::{ensure_signed, Context, DispatchInfo, DispatchResult, Origin};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::event::Event;
use crate::weights;

/// Calls of the System pallet.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Records nothing; costs its weight and fee (any signed origin).
    #[codec(index = 0)]
    remark {
        /// Arbitrary bytes.
        remark: Vec<u8>,
    },
    /// Like `remark`, and emits `Remarked` with the remark's hash (any signed origin).
    #[codec(index = 7)]
    remark_with_event {
        /// Arbitrary bytes.
        remark: Vec<u8>,
    },
}

impl Call {
    /// Weight, class and fee mode.
    pub fn dispatch_info(&self) -> DispatchInfo {
        match self {
            Call::remark { remark } => DispatchInfo::normal(weights::remark(remark.len())),
            Call::remark_with_event { remark } => {
                DispatchInfo::normal(weights::remark_with_event(remark.len()))
            }
        }
    }

    /// Runs the call.
    pub fn dispatch(self, ctx: &mut Context<'_>, origin: Origin) -> DispatchResult {
        match self {
            Call::remark { .. } => {
                ensure_signed(&origin)?;
                Ok(())
            }
            Call::remark_with_event { remark } => {
                let sender = ensure_signed(&origin)?;
                let hash = H256(blake2_256(&remark));
                ctx.deposit_event(Event::Remarked { sender, hash });
                Ok(())
            }
        }
    }
}
