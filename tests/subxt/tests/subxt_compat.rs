//! Stock subxt (`SubstrateConfig`, no generated interface) against a live dev node: metadata, a dynamic storage read,
//! a mortal `Balances.transfer_keep_alive` watched to finality with its events, a `Wallets.transfer` of GEN, and a
//! failing `Wallets.transfer` of AUR whose module error subxt decodes by name.

use std::time::Duration;

use metanode_subxt_compat::{DevNode, Rpc};
use subxt::config::transaction_extensions::CheckMortality;
use subxt::dynamic::{self, Value};
use subxt::error::{DispatchError, TransactionEventsError};
use subxt::ext::scale_decode::DecodeAsType;
use subxt::extrinsics::ExtrinsicEvents;
use subxt::utils::{AccountId32, Era};
use subxt::{Metadata, OnlineClient, OnlineClientAtBlock, SubstrateConfig};
use subxt_signer::sr25519::{dev, Keypair};
use subxt_signer::DeriveJunction;

/// One FLX (12 decimals on the dev chain).
const FLX: u128 = 1_000_000_000_000;
/// One GEN (12 decimals on the dev chain).
const GEN: u128 = 1_000_000_000_000;
/// Liveness bound for startup and for each transaction to finalize (not a timing assertion).
const LIMIT: Duration = Duration::from_secs(120);

type At = OnlineClientAtBlock<SubstrateConfig>;

/// The `System.Account` fields this test reads.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
    data: AccountData,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
    free: u128,
}

/// `Balances.Transfer` fields.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct BalancesTransfer {
    from: AccountId32,
    to: AccountId32,
    amount: u128,
}

/// The Wallets token enum, decoded by variant name.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
enum Token {
    GEN,
    NEX,
    FLX,
    AUR,
}

/// `Wallets.Transfer` fields.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct WalletsTransfer {
    token: Token,
    from: AccountId32,
    to: AccountId32,
    amount: u128,
}

fn account(keypair: &Keypair) -> AccountId32 {
    keypair.public_key().to_account_id()
}

/// A token argument for `Wallets` calls: the enum variant by name.
fn token(name: &str) -> Value {
    Value::unnamed_variant(name, [])
}

/// `System.Account(who).data.free` at `at` (an absent account reads as 0).
async fn free_balance(node: &DevNode, at: &At, who: &AccountId32) -> u128 {
    let address = dynamic::storage::<(AccountId32,), AccountInfo>("System", "Account");
    let value = node.ok(
        at.storage().try_fetch(address, (*who,)).await,
        "fetching System.Account",
    );
    match value {
        Some(value) => node.ok(value.decode(), "decoding System.Account").data.free,
        None => 0,
    }
}

/// `Mining.TotalMinted` at `at`: all FLX minted as block rewards (on the dev chain, all of it to //Alice, the only
/// validator).
async fn total_minted(node: &DevNode, at: &At) -> u128 {
    let address = dynamic::storage::<(), u128>("Mining", "TotalMinted");
    let value = node.ok(
        at.storage().try_fetch(address, ()).await,
        "fetching Mining.TotalMinted",
    );
    match value {
        Some(value) => node.ok(value.decode(), "decoding Mining.TotalMinted"),
        None => 0,
    }
}

/// `Wallets.Balances(token, who)` at `at` (zero balances are not stored).
async fn wallet_balance(node: &DevNode, at: &At, token_name: &str, who: &AccountId32) -> u128 {
    let address = dynamic::storage::<(Value, AccountId32), u128>("Wallets", "Balances");
    let value = node.ok(
        at.storage()
            .try_fetch(address, (token(token_name), *who))
            .await,
        "fetching Wallets.Balances",
    );
    match value {
        Some(value) => node.ok(value.decode(), "decoding Wallets.Balances"),
        None => 0,
    }
}

/// Signs `call` with `signer` (default params: mortal era, current nonce, no tip), submits it, watches it to a
/// finalized block and returns the client at that block with the extrinsic's events, or the dispatch outcome error.
async fn submit_finalized<Call: subxt::transactions::Payload>(
    node: &DevNode,
    api: &OnlineClient<SubstrateConfig>,
    call: &Call,
    signer: &Keypair,
    what: &str,
) -> (
    At,
    Result<ExtrinsicEvents<SubstrateConfig>, TransactionEventsError>,
) {
    let mut tx = node.ok(api.tx().await, "client at the finalized block");
    let progress = node.ok(
        tx.sign_and_submit_then_watch_default(call, signer).await,
        &format!("{what}: sign and submit"),
    );
    let in_block = node.ok(
        node.ok(
            tokio::time::timeout(LIMIT, progress.wait_for_finalized()).await,
            &format!("{what}: not finalized within {LIMIT:?}"),
        ),
        &format!("{what}: watching to finality"),
    );
    let at = node.ok(in_block.at().await, "client at the inclusion block");
    let outcome = in_block.wait_for_success().await;
    (at, outcome)
}

/// The client at the parent of `at`.
async fn parent(node: &DevNode, api: &OnlineClient<SubstrateConfig>, at: &At) -> At {
    node.ok(
        api.at_block(at.block_number() - 1).await,
        "client at the parent block",
    )
}

/// The extrinsic behind `events`, decoded from the block body by subxt: signed, `Balances.transfer_keep_alive`, and
/// sent with subxt's default params, i.e. a mortal era.
async fn check_mortal_in_block(
    node: &DevNode,
    at: &At,
    events: &ExtrinsicEvents<SubstrateConfig>,
    what: &str,
) {
    let extrinsics = node.ok(at.extrinsics().fetch().await, "decoding the block body");
    let mut found = None;
    for ext in extrinsics.iter() {
        let ext = node.ok(ext, "decoding an extrinsic of the block");
        if ext.hash() == events.extrinsic_hash() {
            found = Some(ext);
        }
    }
    let ext = found.unwrap_or_else(|| node.fail(what, "extrinsic not found in its block"));
    assert_eq!(ext.index(), events.extrinsic_index());
    assert!(ext.is_signed(), "{what} is signed");
    assert_eq!(
        (ext.pallet_name(), ext.call_name()),
        ("Balances", "transfer_keep_alive")
    );
    let extensions = ext
        .transaction_extensions()
        .unwrap_or_else(|| node.fail(what, "no transaction extensions"));
    let era = node.ok(
        extensions
            .find::<CheckMortality<SubstrateConfig>>()
            .unwrap_or_else(|| node.fail(what, "no CheckMortality extension")),
        "decoding CheckMortality",
    );
    assert!(matches!(era, Era::Mortal { .. }), "{what} era: {era:?}");
}

fn check_pallet(node: &DevNode, metadata: &Metadata, name: &str, index: u8) {
    let pallet = metadata
        .pallet_by_name(name)
        .unwrap_or_else(|| node.fail("metadata", format!("pallet {name} missing")));
    assert_eq!(pallet.call_index(), index, "{name} call index");
    assert_eq!(pallet.event_index(), index, "{name} event index");
    assert_eq!(pallet.error_index(), index, "{name} error index");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_subxt_reads_transfers_and_decodes_errors() {
    let node = DevNode::start();
    let rpc_client = node.wait_finalized(2, LIMIT).await;

    // Metadata over the legacy RPC, decoded by subxt's metadata crate.
    let raw = node.ok(
        Rpc::new(rpc_client.clone()).state_get_metadata(None).await,
        "state_getMetadata",
    );
    let metadata = node.ok(
        Metadata::decode_from(&raw.into_raw()),
        "decoding state_getMetadata",
    );
    for (name, index) in [("System", 0), ("Balances", 2), ("Wallets", 3)] {
        check_pallet(&node, &metadata, name, index);
    }

    // The same metadata as the client fetches it itself (Core_version, Metadata_metadata_at_version).
    let api = node.ok(
        OnlineClient::<SubstrateConfig>::from_rpc_client(rpc_client).await,
        "OnlineClient::from_rpc_client",
    );
    let at = node.ok(
        api.at_current_block().await,
        "client at the finalized block",
    );
    assert!(at.block_number() >= 2);
    for (name, index) in [("System", 0), ("Balances", 2), ("Wallets", 3)] {
        check_pallet(&node, at.metadata_ref(), name, index);
    }

    let alice = dev::alice();
    let bob = dev::bob();
    let alice_free = free_balance(&node, &at, &account(&alice)).await;
    assert!(
        alice_free >= 1_000 * FLX,
        "//Alice is endowed on the dev chain, read {alice_free}"
    );

    // Balances.transfer_keep_alive(MultiAddress::Id(bob), 1 FLX), mortal, to finality.
    let amount = FLX;
    let transfer = dynamic::tx(
        "Balances",
        "transfer_keep_alive",
        (bob.public_key().to_address::<u32>(), amount),
    );
    let (at, outcome) =
        submit_finalized(&node, &api, &transfer, &alice, "transfer_keep_alive").await;
    let events = node.ok(outcome, "transfer_keep_alive outcome");
    let mut transfers = Vec::new();
    let mut success = false;
    for event in events.iter() {
        let event = node.ok(event, "decoding an event of the transfer");
        match (event.pallet_name(), event.event_name()) {
            ("Balances", "Transfer") => transfers.push(node.ok(
                event.decode_fields_unchecked_as::<BalancesTransfer>(),
                "decoding Balances.Transfer",
            )),
            ("System", "ExtrinsicSuccess") => success = true,
            ("System", "ExtrinsicFailed") => node.fail("transfer_keep_alive", "ExtrinsicFailed"),
            _ => {}
        }
    }
    assert!(
        success,
        "no System.ExtrinsicSuccess among the transfer's events"
    );
    assert_eq!(
        transfers.len(),
        1,
        "Balances.Transfer events: {transfers:?}"
    );
    assert_eq!(transfers[0].from, account(&alice));
    assert_eq!(transfers[0].to, account(&bob));
    assert_eq!(transfers[0].amount, amount);
    check_mortal_in_block(&node, &at, &events, "transfer_keep_alive").await;
    let before = parent(&node, &api, &at).await;
    let bob_before = free_balance(&node, &before, &account(&bob)).await;
    let bob_after = free_balance(&node, &at, &account(&bob)).await;
    assert_eq!(bob_after, bob_before + amount, "Bob's free balance");
    let alice_after = free_balance(&node, &at, &account(&alice)).await;
    let alice_before = free_balance(&node, &before, &account(&alice)).await;
    // Alice, the dev validator, also received the block's mining reward.
    let minted = total_minted(&node, &at).await - total_minted(&node, &before).await;
    assert!(
        alice_after <= alice_before - amount + minted,
        "Alice paid the amount (and a fee) and was rewarded {minted}: {alice_before} -> {alice_after}"
    );

    // Wallets.transfer { token: GEN, dest, amount } (token is the enum variant named "GEN", index 0).
    let gen_amount = 5 * GEN;
    let gen_transfer = dynamic::tx(
        "Wallets",
        "transfer",
        (
            token("GEN"),
            bob.public_key().to_address::<u32>(),
            gen_amount,
        ),
    );
    let (at, outcome) =
        submit_finalized(&node, &api, &gen_transfer, &alice, "Wallets.transfer GEN").await;
    let events = node.ok(outcome, "Wallets.transfer GEN outcome");
    let mut wallet_transfers = Vec::new();
    for event in events.iter() {
        let event = node.ok(event, "decoding an event of the GEN transfer");
        if (event.pallet_name(), event.event_name()) == ("Wallets", "Transfer") {
            wallet_transfers.push(node.ok(
                event.decode_fields_unchecked_as::<WalletsTransfer>(),
                "decoding Wallets.Transfer",
            ));
        }
    }
    assert_eq!(
        wallet_transfers.len(),
        1,
        "Wallets.Transfer events: {wallet_transfers:?}"
    );
    let t = &wallet_transfers[0];
    assert_eq!(t.token, Token::GEN);
    assert_eq!(t.from, account(&alice));
    assert_eq!(t.to, account(&bob));
    assert_eq!(t.amount, gen_amount);
    let before = parent(&node, &api, &at).await;
    assert_eq!(
        wallet_balance(&node, &at, "GEN", &account(&bob)).await,
        wallet_balance(&node, &before, "GEN", &account(&bob)).await + gen_amount,
        "Bob's GEN balance"
    );

    // A fresh account with FLX for fees and no AUR: its AUR transfer finalizes with Wallets::InsufficientBalance.
    let poor = alice.derive([DeriveJunction::hard("subxt-no-aur")]);
    let fund = dynamic::tx(
        "Balances",
        "transfer_keep_alive",
        (poor.public_key().to_address::<u32>(), 10 * FLX),
    );
    let (at, outcome) =
        submit_finalized(&node, &api, &fund, &alice, "funding the AUR-less account").await;
    node.ok(outcome, "funding the AUR-less account outcome");
    assert_eq!(wallet_balance(&node, &at, "AUR", &account(&poor)).await, 0);
    let aur_transfer = dynamic::tx(
        "Wallets",
        "transfer",
        (token("AUR"), bob.public_key().to_address::<u32>(), 1u128),
    );
    let (_, outcome) =
        submit_finalized(&node, &api, &aur_transfer, &poor, "Wallets.transfer AUR").await;
    match outcome {
        Err(TransactionEventsError::ExtrinsicFailed(DispatchError::Module(error))) => {
            let details = node.ok(error.details(), "resolving the module error");
            assert_eq!(details.pallet.name(), "Wallets", "{error:?}");
            assert_eq!(details.variant.name, "InsufficientBalance", "{error:?}");
            assert_eq!(error.pallet_index(), 3);
        }
        Err(other) => node.fail(
            "Wallets.transfer AUR: expected a Wallets module error",
            format!("{other:?}"),
        ),
        Ok(events) => node.fail(
            "Wallets.transfer AUR succeeded from an account without AUR",
            format!("{} events", events.iter().count()),
        ),
    }
}
