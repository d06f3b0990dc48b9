//! Metadata V14/V15 and the runtime APIs behind `state_call`: the metadata decodes with frame-metadata, names
//! every pallet at its index with the paths clients match on, and describes exactly what the runtime stores,
//! calls and emits (checked by decoding real genesis/block state and real call bytes with a SCALE walker driven
//! only by the metadata's type registry).

mod common;

use common::*;
use frame_metadata::v14::{StorageEntryType, StorageHasher};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use metanode_primitives::{MultiAddress, H256};
use metanode_runtime::fees::RuntimeDispatchInfo;
use metanode_runtime::runtime_api::{
    call, payment_query_input, validate_transaction_input, FeeDetails, OpaqueMetadata,
    TransactionSource, TransactionValidity,
};
use metanode_runtime::support::codec::{Compact, Decode, Encode};
use metanode_runtime::support::scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};
use metanode_runtime::support::{iter_prefix_keys, StateRead};
use metanode_runtime::{
    balances, metadata_v14, metadata_v15, queries, system, version, wallets, InvalidTransaction,
    RuntimeApiError, RuntimeCall, Token, TransactionValidityError,
};

const PALLETS: [(&str, u8); 9] = [
    ("System", 0),
    ("Timestamp", 1),
    ("Balances", 2),
    ("Wallets", 3),
    ("Validators", 4),
    ("Admin", 5),
    ("Receipts", 6),
    ("Containers", 8),
    ("Mining", 9),
];

fn v14() -> frame_metadata::v14::RuntimeMetadataV14 {
    let bytes = metadata_v14().encode();
    match RuntimeMetadataPrefixed::decode(&mut &bytes[..])
        .expect("V14 decodes")
        .1
    {
        RuntimeMetadata::V14(m) => m,
        _ => panic!("not V14"),
    }
}

fn v15() -> frame_metadata::v15::RuntimeMetadataV15 {
    let bytes = metadata_v15().encode();
    match RuntimeMetadataPrefixed::decode(&mut &bytes[..])
        .expect("V15 decodes")
        .1
    {
        RuntimeMetadata::V15(m) => m,
        _ => panic!("not V15"),
    }
}

fn api(method: &str, input: &[u8], state: &dyn StateRead) -> Result<Vec<u8>, RuntimeApiError> {
    call(method, input, state, &ctx())
}

// ---- a SCALE walker driven by the metadata's registry ----

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if input.len() < n {
        return Err(format!("need {n} bytes, have {}", input.len()));
    }
    let (head, tail) = input.split_at(n);
    *input = tail;
    Ok(head)
}

fn compact_len(input: &mut &[u8]) -> Result<usize, String> {
    let n = Compact::<u64>::decode(input).map_err(|e| e.to_string())?.0;
    usize::try_from(n).map_err(|e| e.to_string())
}

/// Consumes one value of type `id` from `input`.
fn skip(reg: &PortableRegistry, id: u32, input: &mut &[u8]) -> Result<(), String> {
    let ty = reg
        .resolve(id)
        .ok_or_else(|| format!("type {id} missing"))?;
    match &ty.type_def {
        TypeDef::Composite(c) => {
            for f in &c.fields {
                skip(reg, f.ty.id, input)?;
            }
        }
        TypeDef::Variant(v) => {
            let index = take(input, 1)?[0];
            let variant = v
                .variants
                .iter()
                .find(|x| x.index == index)
                .ok_or_else(|| format!("{:?}: no variant {index}", ty.path.segments))?;
            for f in &variant.fields {
                skip(reg, f.ty.id, input)?;
            }
        }
        TypeDef::Sequence(s) => {
            for _ in 0..compact_len(input)? {
                skip(reg, s.type_param.id, input)?;
            }
        }
        TypeDef::Array(a) => {
            for _ in 0..a.len {
                skip(reg, a.type_param.id, input)?;
            }
        }
        TypeDef::Tuple(t) => {
            for f in &t.fields {
                skip(reg, f.id, input)?;
            }
        }
        TypeDef::Primitive(p) => {
            let n = match p {
                TypeDefPrimitive::Bool | TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => 1,
                TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => 2,
                TypeDefPrimitive::U32 | TypeDefPrimitive::I32 | TypeDefPrimitive::Char => 4,
                TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => 8,
                TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => 16,
                TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => 32,
                TypeDefPrimitive::Str => compact_len(input)?,
            };
            take(input, n)?;
        }
        TypeDef::Compact(_) => {
            Compact::<u128>::decode(input).map_err(|e| e.to_string())?;
        }
        TypeDef::BitSequence(_) => return Err("bit sequences are not used".into()),
    }
    Ok(())
}

/// `bytes` is exactly one value of type `id`.
fn decodes_exactly(reg: &PortableRegistry, id: u32, bytes: &[u8]) -> Result<(), String> {
    let mut input = bytes;
    skip(reg, id, &mut input)?;
    if input.is_empty() {
        Ok(())
    } else {
        Err(format!("{} trailing bytes", input.len()))
    }
}

fn path_of(reg: &PortableRegistry, id: u32) -> String {
    reg.resolve(id).expect("type").path.segments.join("::")
}

fn all_paths(reg: &PortableRegistry) -> Vec<String> {
    reg.types
        .iter()
        .map(|t| t.ty.path.segments.join("::"))
        .collect()
}

// ---- tests ----

#[test]
fn both_versions_decode_with_every_pallet_at_its_index() {
    let m14 = v14();
    let m15 = v15();
    let names14: Vec<(String, u8)> = m14
        .pallets
        .iter()
        .map(|p| (p.name.clone(), p.index))
        .collect();
    let names15: Vec<(String, u8)> = m15
        .pallets
        .iter()
        .map(|p| (p.name.clone(), p.index))
        .collect();
    let expected: Vec<(String, u8)> = PALLETS.iter().map(|(n, i)| (n.to_string(), *i)).collect();
    assert_eq!(names14, expected);
    assert_eq!(names15, expected);
    assert_eq!(m14.extrinsic.version, 4);
    let ids: Vec<&str> = m14
        .extrinsic
        .signed_extensions
        .iter()
        .map(|e| e.identifier.as_str())
        .collect();
    assert_eq!(ids[0], "CheckNonZeroSender");
    assert_eq!(ids.len(), 9);
    let apis: Vec<&str> = m15.apis.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        apis,
        [
            "Core",
            "Metadata",
            "TaggedTransactionQueue",
            "AccountNonceApi",
            "TransactionPaymentApi"
        ]
    );
    assert_eq!(
        path_of(&m15.types, m15.outer_enums.call_enum_ty.id)
            .rsplit("::")
            .next(),
        Some("RuntimeCall")
    );
    assert_eq!(
        path_of(&m15.types, m15.outer_enums.event_enum_ty.id)
            .rsplit("::")
            .next(),
        Some("RuntimeEvent")
    );
    assert_eq!(
        path_of(&m15.types, m15.outer_enums.error_enum_ty.id)
            .rsplit("::")
            .next(),
        Some("RuntimeError")
    );
    // The V14 bytes are what Metadata_metadata wraps and metadata_at_version(14) returns.
    let opaque =
        OpaqueMetadata::decode(&mut &api("Metadata_metadata", &[], &genesis()).unwrap()[..])
            .unwrap();
    assert_eq!(opaque.0, metadata_v14().encode());
    assert_eq!(&opaque.0[..4], b"meta");
}

#[test]
fn well_known_paths_are_present() {
    let m = v14();
    let paths = all_paths(&m.types);
    for expected in [
        "sp_core::crypto::AccountId32",
        "sp_runtime::multiaddress::MultiAddress",
        "sp_runtime::MultiSignature",
        "sp_runtime::generic::era::Era",
        "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic",
        "frame_system::EventRecord",
        "frame_system::Phase",
        "frame_system::AccountInfo",
        "pallet_balances::types::AccountData",
        "sp_runtime::DispatchError",
        "sp_runtime::ModuleError",
        "sp_weights::weight_v2::Weight",
        "frame_support::dispatch::DispatchInfo",
        "sp_version::RuntimeVersion",
        "primitive_types::H256",
    ] {
        assert!(paths.iter().any(|p| p == expected), "missing {expected}");
    }
    // V15's runtime APIs take the extrinsic as the very same registry type (one `UncheckedExtrinsic` only):
    // `@polkadot/api` maps that type to its extrinsic codec for `paymentInfo` and `validateTransaction`.
    let m15 = v15();
    let extrinsics = all_paths(&m15.types)
        .into_iter()
        .filter(|p| p.ends_with("::UncheckedExtrinsic"))
        .count();
    assert_eq!(extrinsics, 1);
    let query_info = &m15
        .apis
        .iter()
        .find(|a| a.name == "TransactionPaymentApi")
        .unwrap()
        .methods[0];
    assert_eq!(
        query_info.inputs[0].ty.id,
        m15.types
            .types
            .iter()
            .find(|t| t.ty.path.segments.last().map(String::as_str) == Some("UncheckedExtrinsic"))
            .unwrap()
            .id
    );
    // The extrinsic type's Call parameter is the RuntimeCall enum.
    let xt = m.types.resolve(m.extrinsic.ty.id).unwrap();
    let call = xt
        .type_params
        .iter()
        .find(|p| p.name == "Call")
        .unwrap()
        .ty
        .unwrap();
    assert!(path_of(&m.types, call.id).ends_with("RuntimeCall"));
}

#[test]
fn system_account_is_account_info_with_four_balance_fields() {
    let m = v14();
    let system = m.pallets.iter().find(|p| p.name == "System").unwrap();
    let account = system
        .storage
        .as_ref()
        .unwrap()
        .entries
        .iter()
        .find(|e| e.name == "Account")
        .unwrap();
    let StorageEntryType::Map { hashers, value, .. } = &account.ty else {
        panic!("map")
    };
    assert_eq!(hashers, &vec![StorageHasher::Blake2_128Concat]);
    assert_eq!(path_of(&m.types, value.id), "frame_system::AccountInfo");
    let TypeDef::Composite(info) = &m.types.resolve(value.id).unwrap().type_def else {
        panic!()
    };
    let data = info
        .fields
        .iter()
        .find(|f| f.name.as_deref() == Some("data"))
        .unwrap();
    let TypeDef::Composite(data) = &m.types.resolve(data.ty.id).unwrap().type_def else {
        panic!()
    };
    let names: Vec<&str> = data
        .fields
        .iter()
        .map(|f| f.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["free", "reserved", "frozen", "flags"]);
}

#[test]
fn storage_entries_describe_the_real_state() {
    let m = v14();
    let mut state = genesis();
    // Two blocks with a transfer and an app deployment so block-time items (events, receipts, hashes, weights),
    // an app and the mining items (pending block, rosters) exist.
    let tx = signed(
        &RuntimeCall::Balances(balances::Call::transfer_keep_alive {
            dest: MultiAddress::Id(bob()),
            value: UNIT,
        }),
        "Alice",
        0,
    );
    let deploy = signed(
        &RuntimeCall::Containers(metanode_runtime::containers::Call::deploy {
            name: b"web-shop".to_vec(),
            image_digest: [1; 32],
            manifest_hash: [2; 32],
            replicas: 2,
        }),
        "Bob",
        0,
    );
    let built = build_block(&state, 1, GENESIS, T1, &[tx, deploy]);
    assert_eq!(built.outcomes, vec![Ok(Ok(())), Ok(Ok(()))]);
    commit(&mut state, &built.changes);

    let mut checked = 0;
    for pallet in &m.pallets {
        let storage = pallet.storage.as_ref().expect("every pallet has storage");
        assert_eq!(storage.prefix, pallet.name);
        for entry in &storage.entries {
            let what = format!("{}.{}", pallet.name, entry.name);
            let prefix =
                metanode_runtime::support::storage::storage_prefix(&storage.prefix, &entry.name);
            match &entry.ty {
                StorageEntryType::Plain(ty) => {
                    if entry.modifier == frame_metadata::v14::StorageEntryModifier::Default {
                        decodes_exactly(&m.types, ty.id, &entry.default)
                            .unwrap_or_else(|e| panic!("{what} default: {e}"));
                    } else {
                        assert_eq!(entry.default, vec![0], "{what}: Optional default is None");
                    }
                    if let Some(raw) = StateRead::get(&state, &prefix) {
                        decodes_exactly(&m.types, ty.id, &raw)
                            .unwrap_or_else(|e| panic!("{what}: {e}"));
                        checked += 1;
                    }
                }
                StorageEntryType::Map {
                    hashers,
                    key,
                    value,
                } => {
                    if entry.modifier == frame_metadata::v14::StorageEntryModifier::Default {
                        decodes_exactly(&m.types, value.id, &entry.default)
                            .unwrap_or_else(|e| panic!("{what} default: {e}"));
                    } else {
                        assert_eq!(entry.default, vec![0], "{what}: Optional default is None");
                    }
                    let mut found = 0;
                    for k in iter_prefix_keys(&state, &prefix) {
                        // Every hashed key part is `hash ++ SCALE(key part)`: walk them with the key type(s).
                        let mut rest = &k[32..];
                        let parts: Vec<u32> = if hashers.len() == 1 {
                            vec![key.id]
                        } else {
                            let TypeDef::Tuple(t) = &m.types.resolve(key.id).unwrap().type_def
                            else {
                                panic!("{what}: tuple key")
                            };
                            t.fields.iter().map(|f| f.id).collect()
                        };
                        assert_eq!(parts.len(), hashers.len(), "{what}");
                        for (hasher, part) in hashers.iter().zip(parts) {
                            let hash_len = match hasher {
                                StorageHasher::Blake2_128Concat => 16,
                                StorageHasher::Twox64Concat => 8,
                                StorageHasher::Identity => 0,
                                other => panic!("{what}: unexpected hasher {other:?}"),
                            };
                            take(&mut rest, hash_len).unwrap();
                            skip(&m.types, part, &mut rest)
                                .unwrap_or_else(|e| panic!("{what} key: {e}"));
                        }
                        assert!(rest.is_empty(), "{what}: key has trailing bytes");
                        let raw = StateRead::get(&state, &k).unwrap();
                        decodes_exactly(&m.types, value.id, &raw)
                            .unwrap_or_else(|e| panic!("{what}: {e}"));
                        found += 1;
                    }
                    assert!(found > 0, "{what}: genesis or block 1 writes entries");
                    checked += found;
                }
            }
        }
    }
    assert!(checked > 15, "only {checked} values checked");
    // Events were really decoded through the metadata (ExtrinsicSuccess, Transfer, ...).
    assert!(StateRead::get(&state, &queries::events_key()).is_some());
}

#[test]
fn calls_encoded_per_metadata_equal_runtime_call_encoding() {
    let m = v14();
    let call = RuntimeCall::Wallets(wallets::Call::transfer {
        token: Token::GEN,
        dest: MultiAddress::Id(bob()),
        amount: 5 * UNIT,
    });
    let bytes = call.encode();
    // Build the same bytes from the metadata: pallet index, call variant index, fields in order.
    let pallet = m.pallets.iter().find(|p| p.name == "Wallets").unwrap();
    let TypeDef::Variant(calls) = &m
        .types
        .resolve(pallet.calls.as_ref().unwrap().ty.id)
        .unwrap()
        .type_def
    else {
        panic!()
    };
    let transfer = calls
        .variants
        .iter()
        .find(|v| v.name == "transfer")
        .unwrap();
    let fields: Vec<&str> = transfer
        .fields
        .iter()
        .map(|f| f.name.as_deref().unwrap())
        .collect();
    assert_eq!(fields, ["token", "dest", "amount"]);
    let mut manual = vec![pallet.index, transfer.index];
    Token::GEN.encode_to(&mut manual);
    MultiAddress::Id(bob()).encode_to(&mut manual);
    let amount_ty = m.types.resolve(transfer.fields[2].ty.id).unwrap();
    match amount_ty.type_def {
        TypeDef::Compact(_) => Compact(5 * UNIT).encode_to(&mut manual),
        _ => (5 * UNIT).encode_to(&mut manual),
    }
    assert_eq!(manual, bytes);
    // And every call of a nested sudo walks exactly with the RuntimeCall type.
    let xt = m.types.resolve(m.extrinsic.ty.id).unwrap();
    let runtime_call = xt
        .type_params
        .iter()
        .find(|p| p.name == "Call")
        .unwrap()
        .ty
        .unwrap()
        .id;
    let sudo = RuntimeCall::Admin(metanode_runtime::admin::Call::sudo {
        call: Box::new(RuntimeCall::Balances(balances::Call::force_set_balance {
            who: MultiAddress::Id(bob()),
            new_free: 3,
        })),
    });
    decodes_exactly(&m.types, runtime_call, &sudo.encode()).unwrap();
    decodes_exactly(&m.types, runtime_call, &bytes).unwrap();
}

#[test]
fn runtime_apis_answer_with_substrate_encodings() {
    let state = genesis();
    assert_eq!(
        api("Core_version", &[], &state).unwrap(),
        version().encode()
    );
    assert_eq!(
        Vec::<u32>::decode(&mut &api("Metadata_metadata_versions", &[], &state).unwrap()[..])
            .unwrap(),
        vec![14, 15]
    );
    let at15 = Option::<OpaqueMetadata>::decode(
        &mut &api("Metadata_metadata_at_version", &15u32.encode(), &state).unwrap()[..],
    )
    .unwrap()
    .unwrap();
    assert!(matches!(
        RuntimeMetadataPrefixed::decode(&mut &at15.0[..]).unwrap().1,
        RuntimeMetadata::V15(_)
    ));
    assert_eq!(
        api("Metadata_metadata_at_version", &16u32.encode(), &state).unwrap(),
        vec![0]
    );
    assert_eq!(
        api("AccountNonceApi_account_nonce", &alice().encode(), &state).unwrap(),
        0u32.encode()
    );
    assert!(matches!(
        api("AccountNonceApi_account_nonce", &[1, 2], &state),
        Err(RuntimeApiError::BadInput { .. })
    ));
    assert!(matches!(
        api("BlockBuilder_apply_extrinsic", &[], &state),
        Err(RuntimeApiError::UnknownMethod { .. })
    ));
    // Every advertised API id is blake2_64 of a served trait name.
    let m = v15();
    assert_eq!(m.apis.len(), version().apis.len());
}

#[test]
fn query_info_fee_is_the_fee_apply_charges() {
    let mut state = genesis();
    let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(bob()),
        value: 10 * UNIT,
    });
    let tx = signed(&call, "Alice", 0);
    let info = RuntimeDispatchInfo::decode(
        &mut &api(
            "TransactionPaymentApi_query_info",
            &payment_query_input(&tx),
            &state,
        )
        .unwrap()[..],
    )
    .unwrap();
    assert!(info.partial_fee > 0);
    let details = FeeDetails::decode(
        &mut &api(
            "TransactionPaymentApi_query_fee_details",
            &payment_query_input(&tx),
            &state,
        )
        .unwrap()[..],
    )
    .unwrap();
    let parts = details.inclusion_fee.unwrap();
    assert_eq!(
        parts.base_fee + parts.len_fee + parts.adjusted_weight_fee,
        info.partial_fee
    );

    let before = queries::account(&state, &alice()).data.free;
    let built = build_block(&state, 1, GENESIS, T1, &[tx]);
    assert_eq!(built.outcomes, vec![Ok(Ok(()))]);
    commit(&mut state, &built.changes);
    let after = queries::account(&state, &alice()).data.free;
    assert_eq!(before - after - 10 * UNIT, info.partial_fee);
    assert_eq!(queries::block_receipts(&state)[1].fee, info.partial_fee);
    // Garbage is a clear error, not a panic.
    assert!(matches!(
        api(
            "TransactionPaymentApi_query_info",
            &(vec![1u8, 2, 3], 4u32).encode(),
            &state
        ),
        Err(RuntimeApiError::InvalidExtrinsic { .. })
    ));
}

#[test]
fn validate_transaction_encodes_transaction_validity() {
    let state = genesis();
    let call = RuntimeCall::System(system::Call::remark {
        remark: b"hi".to_vec(),
    });
    let ok = signed(&call, "Alice", 0);
    let out = api(
        "TaggedTransactionQueue_validate_transaction",
        &validate_transaction_input(TransactionSource::External, &ok, GENESIS),
        &state,
    )
    .unwrap();
    assert_eq!(
        out[0],
        0,
        "Ok variant: {:?}",
        TransactionValidity::decode(&mut &out[..])
    );
    let valid = TransactionValidity::decode(&mut &out[..]).unwrap().unwrap();
    assert_eq!(valid.provides, vec![(alice(), 0u32).encode()]);
    assert!(valid.requires.is_empty());
    assert!(valid.propagate);
    assert_eq!(valid.longevity, u64::MAX);

    // A used nonce: Err(Invalid(Stale)) = 0x01 0x00 0x03, as Substrate encodes it.
    let mut after = genesis();
    let built = build_block(&after, 1, GENESIS, T1, std::slice::from_ref(&ok));
    commit(&mut after, &built.changes);
    let out = api(
        "TaggedTransactionQueue_validate_transaction",
        &validate_transaction_input(TransactionSource::External, &ok, H256([1; 32])),
        &after,
    )
    .unwrap();
    assert_eq!(out, vec![1, 0, 3]);
    assert_eq!(
        TransactionValidity::decode(&mut &out[..]).unwrap(),
        Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
    );
    // Bad input shape.
    assert!(matches!(
        api("TaggedTransactionQueue_validate_transaction", &[9], &state),
        Err(RuntimeApiError::BadInput { .. })
    ));
}
