//! Pre-signing: every transfer of a phase is built and signed before the clock starts.
//!
//! Contract: transaction `j` of a phase is sent by account `j % N` with nonce `nonces[j % N] + j / N` to account
//! `(j % N + 1) % N`, so consecutive transactions come from different accounts and each account's nonces are in
//! submission order. Tokens alternate per account and round. Eras are immortal: a phase of any length stays valid.

use std::time::Duration;

use metanode_primitives::{blake2_256, Era, MultiAddress, Pair};
use metanode_runtime::{sign_call, wallets, RuntimeCall, SigningContext, Token};

/// Smallest units moved by one bench transfer (any token).
pub const TRANSFER_AMOUNT: u128 = 1_000_000;

/// One signed transfer, ready to send.
#[derive(Clone, Debug)]
pub struct PreparedTx {
    /// Index of the sending account.
    pub account: usize,
    /// `0x`-hex of the full extrinsic encoding (what `author_submitExtrinsic` takes).
    pub hex: String,
    /// blake2_256 of the extrinsic bytes (the tx hash).
    pub hash: [u8; 32],
    /// When it is due, from the start of the phase (zero at `--max`).
    pub due: Duration,
}

/// Parses `flx,gen` into tokens.
pub fn parse_tokens(list: &str) -> Result<Vec<Token>, String> {
    let tokens: Vec<Token> = list
        .split(',')
        .map(|t| match t.trim().to_ascii_lowercase().as_str() {
            "flx" => Ok(Token::FLX),
            "gen" => Ok(Token::GEN),
            "nex" => Ok(Token::NEX),
            "aur" => Ok(Token::AUR),
            other => Err(format!("unknown token `{other}` (flx, gen, nex, aur)")),
        })
        .collect::<Result<_, _>>()?;
    if tokens.is_empty() {
        return Err("no token given".into());
    }
    Ok(tokens)
}

/// Signs `count` transfers from `pairs` starting at `nonces` (one per pair), due at `rate` per second (all due at once
/// when `rate` is `None`). Uses every available core; the result is in transaction order.
pub fn prepare(
    pairs: &[Pair],
    nonces: &[u32],
    count: usize,
    tokens: &[Token],
    ctx: &SigningContext,
    rate: Option<f64>,
) -> Vec<PreparedTx> {
    assert_eq!(pairs.len(), nonces.len(), "one nonce per account");
    assert!(!pairs.is_empty() && !tokens.is_empty());
    let n = pairs.len();
    let one = |j: usize| -> PreparedTx {
        let account = j % n;
        let round = j / n;
        let token = tokens[(account + round) % tokens.len()];
        let call = RuntimeCall::Wallets(wallets::Call::transfer {
            token,
            dest: MultiAddress::Id(pairs[(account + 1) % n].public()),
            amount: TRANSFER_AMOUNT,
        });
        let nonce = nonces[account] + u32::try_from(round).expect("fewer than 2^32 rounds");
        let bytes = sign_call(&call, &pairs[account], nonce, Era::Immortal, 0, ctx).encode();
        let due = rate.map_or(Duration::ZERO, |r| Duration::from_secs_f64(j as f64 / r));
        PreparedTx {
            account,
            hash: blake2_256(&bytes),
            hex: format!("0x{}", hex::encode(&bytes)),
            due,
        }
    };
    let threads = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .min(count.max(1));
    let chunk = count.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|start| {
                let end = (start + chunk).min(count);
                scope.spawn(move || (start..end).map(one).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("signing thread"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_primitives::{UncheckedExtrinsic, H256};

    #[test]
    fn nonces_advance_per_account_in_order() {
        let pairs = crate::accounts::bench_pairs(3);
        let ctx = SigningContext::immortal(H256([1; 32]));
        let txs = prepare(
            &pairs,
            &[5, 0, 2],
            7,
            &[Token::FLX, Token::GEN],
            &ctx,
            Some(10.0),
        );
        assert_eq!(txs.len(), 7);
        let expected = [(0, 5), (1, 0), (2, 2), (0, 6), (1, 1), (2, 3), (0, 7)];
        for (tx, (account, nonce)) in txs.iter().zip(expected) {
            assert_eq!(tx.account, account);
            let bytes = hex::decode(&tx.hex[2..]).unwrap();
            assert_eq!(blake2_256(&bytes), tx.hash);
            let xt = UncheckedExtrinsic::decode_bounded(&bytes, 1 << 20).unwrap();
            let (_, _, extra) = xt.signature.as_ref().expect("signed");
            assert_eq!(extra.nonce, nonce);
        }
        assert_eq!(txs[6].due, Duration::from_millis(600));
    }
}
