//! `balance`: every token of one account, in whole tokens.
//!
//! Reads `System.Account` (FLX: free, reserved, frozen) and `Wallets.Balances` for GEN, NEX and
//! AUR with one `state_queryStorageAt`, so all four come from the same block. Tokens are listed in
//! `system_properties` order (FLX first); an absent value is zero.

use anyhow::{anyhow, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::AccountId32;
use metanode_rpc::{Bytes, ChainApiClient, StateApiClient, SystemApiClient, H256};
use metanode_runtime::{queries, support::AccountInfo, Token};

use crate::amount::format_amount;
use crate::args::{BalanceArgs, RpcArgs};
use crate::chain::{block_at, connect, rpc_error, token_metas, TokenMeta};
use crate::keysource::parse_account;

/// Balances of one account at one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountBalances {
    /// `System.Account` (FLX in `data`).
    pub account: AccountInfo,
    /// GEN, NEX and AUR, in that order.
    pub wallets: [(Token, u128); 3],
}

impl AccountBalances {
    /// The spendable balance of `token` (FLX: free).
    pub fn of(&self, token: Token) -> u128 {
        match token {
            Token::FLX => self.account.data.free,
            other => self
                .wallets
                .iter()
                .find(|(t, _)| *t == other)
                .map(|(_, v)| *v)
                .unwrap_or(0),
        }
    }
}

/// Reads all balances of `who` at `at` (best block when `None`).
pub async fn read_balances(
    client: &WsClient,
    who: &AccountId32,
    at: Option<H256>,
) -> anyhow::Result<(H256, AccountBalances)> {
    let mut keys = vec![Bytes(queries::account_key(who))];
    keys.extend(
        Token::WALLET_TOKENS
            .iter()
            .map(|t| Bytes(queries::token_balance_key(*t, who))),
    );
    let sets = client
        .query_storage_at(keys.clone(), at)
        .await
        .map_err(|e| rpc_error("state_queryStorageAt", e))?;
    let set = sets
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("state_queryStorageAt returned no change set"))?;
    let value_of = |key: &Bytes| -> Option<&Bytes> {
        set.changes
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
    };
    let account = match value_of(&keys[0]) {
        Some(raw) => queries::decode_account(raw).context("System.Account does not decode")?,
        None => AccountInfo::default(),
    };
    let mut wallets = [(Token::GEN, 0), (Token::NEX, 0), (Token::AUR, 0)];
    for (slot, key) in wallets.iter_mut().zip(&keys[1..]) {
        if let Some(raw) = value_of(key) {
            slot.1 = queries::decode_balance(raw)
                .with_context(|| format!("Wallets.Balances for {} does not decode", slot.0))?;
        }
    }
    Ok((set.block, AccountBalances { account, wallets }))
}

/// Prints every token balance of the account.
pub async fn run(rpc: &RpcArgs, args: &BalanceArgs) -> anyhow::Result<()> {
    let who = parse_account(&args.account)?;
    let client = &connect(&rpc.url).await?;
    let props = client
        .system_properties()
        .await
        .map_err(|e| rpc_error("system_properties", e))?;
    let metas = token_metas(&props)?;
    let at = if args.finalized {
        Some(
            client
                .finalized_head()
                .await
                .map_err(|e| rpc_error("chain_getFinalizedHead", e))?,
        )
    } else {
        None
    };
    let (block, balances) = read_balances(client, &who, at).await?;
    let (number, _) = block_at(client, Some(block)).await?;
    print!("{}", render(&who, number, block, &balances, &metas));
    Ok(())
}

/// The text `balance` prints.
pub fn render(
    who: &AccountId32,
    number: u32,
    block: H256,
    balances: &AccountBalances,
    metas: &[TokenMeta],
) -> String {
    let mut out = format!("Account {who} at block #{number} {block:?}\n");
    for meta in metas {
        let Ok(token) = meta.symbol.parse::<Token>() else {
            continue;
        };
        let amount = format_amount(balances.of(token), meta.decimals);
        if token == Token::FLX {
            let data = &balances.account.data;
            out.push_str(&format!(
                "  {:<4} {amount} (reserved {}, frozen {})\n",
                meta.symbol,
                format_amount(data.reserved, meta.decimals),
                format_amount(data.frozen, meta.decimals),
            ));
        } else {
            out.push_str(&format!("  {:<4} {amount}\n", meta.symbol));
        }
    }
    out
}
