//! Signing extrinsics the way a wallet does, from raw call bytes and what the node reports (genesis hash, runtime
//! versions): immortal era, no tip.

use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{
    AccountId32, AdditionalSigned, Era, MultiAddress, Pair, SignedExtra, UncheckedExtrinsic,
};
use metanode_rpc::StateApiClient;
use parity_scale_codec::{Compact, Encode};

use crate::chain::hash_at;

/// What an immortal transaction signs besides its call and extra, read from `client`'s node.
pub async fn immortal_additional(client: &WsClient) -> AdditionalSigned {
    let genesis = hash_at(client, 0).await.expect("genesis hash");
    let version = client.runtime_version(None).await.expect("runtime version");
    AdditionalSigned {
        spec_version: version.spec_version,
        tx_version: version.transaction_version,
        genesis_hash: genesis,
        era_block_hash: genesis,
    }
}

/// `call` signed by `signer` with `nonce`, immortal, no tip, against `additional`.
pub fn sign_with(
    call: Vec<u8>,
    signer: &Pair,
    nonce: u32,
    additional: &AdditionalSigned,
) -> Vec<u8> {
    let extra = SignedExtra {
        era: Era::Immortal,
        nonce,
        tip: 0,
        metadata_hash_mode: 0,
    };
    UncheckedExtrinsic::new_signed(call, signer, extra, additional).encode()
}

/// `call` signed by `signer` with `nonce` for `client`'s chain (immortal, no tip).
pub async fn sign_for(client: &WsClient, signer: &Pair, call: Vec<u8>, nonce: u32) -> Vec<u8> {
    sign_with(call, signer, nonce, &immortal_additional(client).await)
}

/// `Balances.transfer_keep_alive(dest, value)` call bytes: pallet 2, call 3.
pub fn flx_transfer_call(dest: &AccountId32, value: u128) -> Vec<u8> {
    let mut call = vec![2u8, 3u8];
    MultiAddress::Id(*dest).encode_to(&mut call);
    Compact(value).encode_to(&mut call);
    call
}
