//! The pallets as V15 pallet metadata (V14 drops the docs): index, storage, calls, events, constants, errors.
//! Every type is the runtime's own (`Call`/`Event`/`Error` enums, storage value and key types), every storage
//! entry comes from the descriptor the pallet reads and writes ([`super::storage`]).

use frame_metadata::v14::{
    PalletCallMetadata, PalletConstantMetadata, PalletErrorMetadata, PalletEventMetadata,
    PalletStorageMetadata, StorageEntryMetadata, StorageEntryModifier, StorageEntryType,
};
use frame_metadata::v15::PalletMetadata;
use metanode_support::codec::Encode;
use metanode_support::scale_info::{meta_type, TypeInfo};

use super::storage::{double_map, map, optional_map, optional_value, value, Query};
use crate::version::{version, RuntimeVersion};
use crate::{
    admin, balances, containers, mining, receipts, system, timestamp, validators, wallets,
    EventRecord, RuntimeCall, EXISTENTIAL_DEPOSIT,
};

/// All pallets, in index order.
pub fn pallets() -> Vec<PalletMetadata> {
    vec![
        system_pallet(),
        timestamp_pallet(),
        balances_pallet(),
        wallets_pallet(),
        validators_pallet(),
        admin_pallet(),
        receipts_pallet(),
        containers_pallet(),
        mining_pallet(),
    ]
}

fn constant<T: TypeInfo + Encode + 'static>(
    name: &'static str,
    value: T,
    docs: &'static [&'static str],
) -> PalletConstantMetadata {
    PalletConstantMetadata {
        name,
        ty: meta_type::<T>(),
        value: value.encode(),
        docs: docs.to_vec(),
    }
}

fn storage(
    prefix: &'static str,
    entries: Vec<StorageEntryMetadata>,
) -> Option<PalletStorageMetadata> {
    Some(PalletStorageMetadata { prefix, entries })
}

fn calls<T: TypeInfo + 'static>() -> Option<PalletCallMetadata> {
    Some(PalletCallMetadata {
        ty: meta_type::<T>(),
    })
}

fn event<T: TypeInfo + 'static>() -> Option<PalletEventMetadata> {
    Some(PalletEventMetadata {
        ty: meta_type::<T>(),
    })
}

fn error<T: TypeInfo + 'static>() -> Option<PalletErrorMetadata> {
    Some(PalletErrorMetadata {
        ty: meta_type::<T>(),
    })
}

fn system_pallet() -> PalletMetadata {
    use system::storage as s;
    let events = StorageEntryMetadata {
        name: s::EVENTS_KEY_ITEM,
        modifier: StorageEntryModifier::Default,
        ty: StorageEntryType::Plain(meta_type::<Vec<EventRecord>>()),
        default: Vec::<EventRecord>::new().encode(),
        docs: vec!["Events deposited in the current block (cleared when the next block starts)."],
    };
    PalletMetadata {
        name: "System",
        storage: storage(
            s::PALLET,
            vec![
                map(&s::ACCOUNT, Query::Default, &["The full account information of an account: nonce, reference counts and FLX balances."]),
                value(&s::EXTRINSIC_COUNT, Query::Optional, &["Extrinsics applied so far in the current block."]),
                value(&s::BLOCK_WEIGHT, Query::Default, &["Weight used so far in the current block, per dispatch class."]),
                value(&s::ALL_EXTRINSICS_LEN, Query::Optional, &["Total length of the extrinsics applied so far in the current block."]),
                map(&s::BLOCK_HASH, Query::Default, &["Hashes of the last `BlockHashCount` blocks, and of block 0."]),
                value(&s::NUMBER, Query::Default, &["The current block number."]),
                value(&s::PARENT_HASH, Query::Default, &["The current block's parent hash."]),
                value(&s::DIGEST, Query::Default, &["The pre-runtime digest items of the current block."]),
                events,
                value(&s::EVENT_COUNT, Query::Default, &["The number of events in `Events`."]),
                value(&s::EXECUTION_PHASE, Query::Optional, &["The phase of the block being executed."]),
            ],
        ),
        calls: calls::<system::Call>(),
        event: event::<system::Event>(),
        constants: vec![
            constant("BlockHashCount", system::BLOCK_HASH_COUNT, &["Block hashes kept in `BlockHash` (block 0 is kept forever)."]),
            constant::<RuntimeVersion>("Version", version(), &["The runtime's version."]),
            constant("SS58Prefix", metanode_primitives::DEFAULT_SS58_PREFIX, &["The default SS58 address prefix (a chain spec's `ss58Format`, reported by `system_properties`, takes precedence)."]),
        ],
        error: None,
        index: system::PALLET_INDEX,
        docs: vec!["Accounts, nonces, block bookkeeping and events."],
    }
}

fn timestamp_pallet() -> PalletMetadata {
    PalletMetadata {
        name: "Timestamp",
        storage: storage(
            "Timestamp",
            vec![
                value(
                    &timestamp::NOW,
                    Query::Default,
                    &["The current block's time, milliseconds since the Unix epoch."],
                ),
                value(
                    &timestamp::DID_UPDATE,
                    Query::Default,
                    &["Whether the timestamp was set in the current block."],
                ),
            ],
        ),
        calls: calls::<timestamp::Call>(),
        event: None,
        constants: Vec::new(),
        error: error::<timestamp::Error>(),
        index: timestamp::PALLET_INDEX,
        docs: vec!["The block time, set by the mandatory `set` inherent."],
    }
}

fn balances_pallet() -> PalletMetadata {
    PalletMetadata {
        name: "Balances",
        storage: storage(
            "Balances",
            vec![value(
                &balances::storage::TOTAL_ISSUANCE,
                Query::Default,
                &["The total FLX in existence."],
            )],
        ),
        calls: calls::<balances::Call>(),
        event: event::<balances::Event>(),
        constants: vec![constant(
            "ExistentialDeposit",
            EXISTENTIAL_DEPOSIT,
            &["The least FLX an account may hold."],
        )],
        error: error::<balances::Error>(),
        index: balances::PALLET_INDEX,
        docs: vec!["FLX, the native token, held in `System.Account`."],
    }
}

fn wallets_pallet() -> PalletMetadata {
    use wallets::storage as s;
    PalletMetadata {
        name: "Wallets",
        storage: storage(
            s::PALLET,
            vec![
                double_map(
                    &s::BALANCES,
                    Query::Default,
                    &["GEN, NEX and AUR balances by token and account."],
                ),
                map(
                    &s::TOTAL_ISSUANCE,
                    Query::Default,
                    &["Total issuance of GEN, NEX and AUR."],
                ),
                optional_value(
                    &s::AUR_ISSUER,
                    &["The only account that may mint and burn AUR."],
                ),
            ],
        ),
        calls: calls::<wallets::Call>(),
        event: event::<wallets::Event>(),
        constants: Vec::new(),
        error: error::<wallets::Error>(),
        index: wallets::PALLET_INDEX,
        docs: vec!["GEN, NEX and AUR balances, and one transfer call for all four tokens."],
    }
}

fn validators_pallet() -> PalletMetadata {
    use validators::storage as s;
    PalletMetadata {
        name: "Validators",
        storage: storage(
            s::PALLET,
            vec![
                value(
                    &s::VALIDATORS,
                    Query::Default,
                    &["The current validator set, in leader order."],
                ),
                value(
                    &s::EPOCH,
                    Query::Default,
                    &["The epoch of the current set (genesis = 0)."],
                ),
                value(
                    &s::LAST_CHANGE,
                    Query::Default,
                    &["The block number of the last change of the set."],
                ),
            ],
        ),
        calls: calls::<validators::Call>(),
        event: event::<validators::Event>(),
        constants: Vec::new(),
        error: error::<validators::Error>(),
        index: validators::PALLET_INDEX,
        docs: vec!["The permissioned validator set."],
    }
}

fn admin_pallet() -> PalletMetadata {
    PalletMetadata {
        name: "Admin",
        storage: storage(
            "Admin",
            vec![optional_value(&admin::KEY, &["The admin (sudo) key."])],
        ),
        calls: calls::<admin::Call<RuntimeCall>>(),
        event: event::<admin::Event>(),
        constants: Vec::new(),
        error: error::<admin::Error>(),
        index: admin::PALLET_INDEX,
        docs: vec!["The admin key: dispatches calls with the Root origin."],
    }
}

fn receipts_pallet() -> PalletMetadata {
    use receipts::storage as s;
    PalletMetadata {
        name: "Receipts",
        storage: storage(
            s::PALLET,
            vec![value(&s::BLOCK_RECEIPTS, Query::Default, &["The receipts of the current block, in extrinsic order."])],
        ),
        calls: None,
        event: None,
        constants: Vec::new(),
        error: None,
        index: receipts::PALLET_INDEX,
        docs: vec!["A receipt for every applied extrinsic; the block's receipts root is in its header digest."],
    }
}

fn containers_pallet() -> PalletMetadata {
    use containers::storage as s;
    PalletMetadata {
        name: "Containers",
        storage: storage(
            s::PALLET,
            vec![
                optional_map(&s::APPS, &["App deployment records by app name."]),
                map(
                    &s::APPS_BY_OWNER,
                    Query::Default,
                    &["The names of each owner's apps, in deploy order."],
                ),
                value(&s::APP_COUNT, Query::Default, &["How many apps exist."]),
            ],
        ),
        calls: calls::<containers::Call>(),
        event: event::<containers::Event>(),
        constants: vec![
            constant(
                "MaxReplicas",
                containers::MAX_REPLICAS,
                &["The most replicas an app may ask for."],
            ),
            constant(
                "MaxAppsPerOwner",
                containers::MAX_APPS_PER_OWNER as u32,
                &["The most apps one account may own."],
            ),
            constant(
                "MaxNameLength",
                containers::MAX_NAME_LEN as u32,
                &["The longest app name, bytes (lowercase letters, digits and `-`)."],
            ),
        ],
        error: error::<containers::Error>(),
        index: containers::PALLET_INDEX,
        docs: vec!["App deployments as on-chain records: deploy, update, scale, stop, remove."],
    }
}

fn mining_pallet() -> PalletMetadata {
    use mining::storage as s;
    PalletMetadata {
        name: "Mining",
        storage: storage(
            s::PALLET,
            vec![
                value(
                    &s::EMISSION,
                    Query::Default,
                    &["The emission schedule, from the chain spec."],
                ),
                optional_value(
                    &s::PENDING,
                    &["The last finished block, rewarded when its child carries its certificate."],
                ),
                value(
                    &s::ROSTERS,
                    Query::Default,
                    &["The validator sets of the last few epochs (certificate signer indices refer to them)."],
                ),
                value(
                    &s::TOTAL_MINTED,
                    Query::Default,
                    &["All FLX minted as block rewards, base units."],
                ),
            ],
        ),
        calls: None,
        event: event::<mining::Event>(),
        constants: Vec::new(),
        error: None,
        index: mining::PALLET_INDEX,
        docs: vec![
            "FLX minted for each certified block, split between its proposer and its certificate's signers.",
        ],
    }
}
