//! `hotstuff_proveFinality`: the commit certificate that finalized a block and the headers linking the block to
//! the block that certificate names.
//!
//! Every committed block stores the certificate that committed it. When HotStuff commits several blocks at once
//! (after a round without a quorum), they all store the certificate of the highest one, so the proof of a lower
//! block carries the headers of its descendants up to the certified block.

use jsonrpsee::core::{async_trait, RpcResult};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use metanode_consensus::messages::MAX_DECODE_DEPTH;
use metanode_consensus::CommitCertificate;
use metanode_primitives::H256;
use metanode_rpc::{errors, Bytes, FinalityProof, HashOrNumber, HotstuffApiServer};
use parity_scale_codec::{DecodeLimit, Encode};

use super::RpcDeps;
use crate::chain::{linking_headers, FinalityPathError};

/// The `hotstuff` namespace.
pub struct HotstuffRpc {
    deps: RpcDeps,
}

/// A block that cannot be proven final: code 3001 (Substrate's "other chain error"), the reason as message.
fn not_provable(reason: String) -> ErrorObjectOwned {
    ErrorObject::owned(errors::CHAIN_OTHER, reason, None::<()>)
}

/// Decodes a stored commit certificate.
pub fn decode_certificate(bytes: &[u8]) -> Result<CommitCertificate, ErrorObjectOwned> {
    CommitCertificate::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &bytes[..])
        .map_err(|e| errors::internal(format!("stored commit certificate: {e}")))
}

impl HotstuffRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        HotstuffRpc { deps }
    }

    /// The hash and number of finalized block `block`, or why there is none.
    fn resolve(&self, block: HashOrNumber) -> RpcResult<(H256, u32)> {
        let chain = &self.deps.chain;
        let finalized = chain.finalized();
        match block {
            HashOrNumber::Hash(hash) => {
                let header = chain
                    .header(&hash)
                    .map_err(errors::chain_client)?
                    .ok_or_else(|| not_provable(format!("unknown block {hash:?}")))?;
                let canonical = chain.hash_of(header.number).map_err(errors::chain_client)?;
                if header.number > finalized.number || canonical != Some(hash) {
                    return Err(not_provable(format!(
                        "block {hash:?} (#{}) is not finalized (finalized head #{})",
                        header.number, finalized.number
                    )));
                }
                Ok((hash, header.number))
            }
            HashOrNumber::Number(number) => {
                let number = number
                    .to_block_number()
                    .map_err(|e| errors::block_number_too_large(&e))?;
                if number > finalized.number {
                    return Err(not_provable(format!(
                        "block #{number} is not finalized (finalized head #{})",
                        finalized.number
                    )));
                }
                let hash = chain
                    .hash_of(number)
                    .map_err(errors::chain_client)?
                    .ok_or_else(|| {
                        errors::internal(format!("no hash for finalized block #{number}"))
                    })?;
                Ok((hash, number))
            }
        }
    }
}

#[async_trait]
impl HotstuffApiServer for HotstuffRpc {
    async fn prove_finality(&self, block: HashOrNumber) -> RpcResult<FinalityProof> {
        let (hash, number) = self.resolve(block)?;
        if number == 0 {
            return Err(not_provable(
                "block #0 is the genesis block: it is final by the chain spec and has no commit certificate".into(),
            ));
        }
        let chain = &self.deps.chain;
        let certificate = chain
            .justification(&hash)
            .map_err(errors::chain_client)?
            .ok_or_else(|| {
                errors::internal(format!(
                    "finalized block {hash:?} has no commit certificate"
                ))
            })?;
        let decoded = decode_certificate(&certificate)?;
        let certified = decoded
            .committed()
            .ok_or_else(|| errors::internal("stored certificate commits no block"))?;
        let certified_number = u32::try_from(certified.height)
            .map_err(|_| errors::internal("certified height above u32"))?;
        if certified_number < number {
            return Err(errors::internal(format!(
                "the certificate stored for block #{number} names the lower block #{certified_number}"
            )));
        }
        let ancestry = linking_headers(chain, number, &certified, decoded.qc.vote.epoch)
            .map_err(|e| match e {
                FinalityPathError::NotStored { .. } => not_provable(e.to_string()),
                other => errors::internal(other),
            })?
            .iter()
            .map(|h| Bytes(h.encode()))
            .collect();
        Ok(FinalityProof {
            block: hash,
            block_number: number,
            certificate: Bytes(certificate),
            ancestry,
            epoch: decoded.qc.vote.epoch,
        })
    }
}
