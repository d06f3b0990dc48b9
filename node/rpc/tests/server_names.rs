//! Registers a stub implementation of every API trait and checks, without a network, that the
//! method names, aliases and JSON shapes are Substrate's.
#![cfg(feature = "server")]

use jsonrpsee::core::{
    async_trait, to_json_raw_value, EmptyServerParams, RpcResult, SubscriptionResult,
};
use jsonrpsee::server::PendingSubscriptionSink;
use jsonrpsee::RpcModule;
use metanode_rpc::errors;
use metanode_rpc::*;

struct Stub;

fn header() -> Header {
    Header {
        parent_hash: H256::zero(),
        number: 3,
        state_root: H256::zero(),
        extrinsics_root: H256::zero(),
        digest: Digest::default(),
    }
}

#[async_trait]
impl SystemApiServer for Stub {
    async fn system_name(&self) -> RpcResult<String> {
        Ok("metanode".into())
    }
    async fn system_version(&self) -> RpcResult<String> {
        Ok("0.1.0".into())
    }
    async fn system_chain(&self) -> RpcResult<String> {
        Ok("Development".into())
    }
    async fn system_chain_type(&self) -> RpcResult<ChainType> {
        Ok(ChainType::Development)
    }
    async fn system_properties(&self) -> RpcResult<Properties> {
        Ok(Properties::new())
    }
    async fn system_health(&self) -> RpcResult<Health> {
        Ok(Health {
            peers: 0,
            is_syncing: false,
            should_have_peers: false,
        })
    }
    async fn system_node_roles(&self) -> RpcResult<Vec<NodeRole>> {
        Ok(vec![NodeRole::Authority])
    }
    async fn system_local_peer_id(&self) -> RpcResult<String> {
        Ok("12D3KooWStub".into())
    }
    async fn system_local_listen_addresses(&self) -> RpcResult<Vec<String>> {
        Ok(vec!["/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWStub".into()])
    }
    async fn system_peers(&self) -> RpcResult<Vec<PeerInfo>> {
        Ok(vec![PeerInfo {
            peer_id: "12D3KooWOther".into(),
            roles: "AUTHORITY".into(),
            best_hash: H256::repeat_byte(4),
            best_number: 4,
        }])
    }
    async fn system_sync_state(&self) -> RpcResult<SyncState> {
        Ok(SyncState {
            starting_block: 0,
            current_block: 3,
            highest_block: 4,
        })
    }
    async fn system_account_next_index(&self, account: String) -> RpcResult<u32> {
        if account.starts_with('5') {
            Ok(7)
        } else {
            Err(errors::invalid_params(format!("not an account: {account}")))
        }
    }
}

#[async_trait]
impl ChainApiServer for Stub {
    async fn header(&self, _hash: Option<H256>) -> RpcResult<Option<Header>> {
        Ok(Some(header()))
    }
    async fn block(&self, _hash: Option<H256>) -> RpcResult<Option<SignedBlock>> {
        Ok(None)
    }
    async fn block_hash(
        &self,
        number: Option<ListOrValue<NumberOrHex>>,
    ) -> RpcResult<ListOrValue<Option<H256>>> {
        let number = number.unwrap_or(ListOrValue::Value(NumberOrHex::Number(3)));
        number.try_map(|n| {
            let n = n
                .to_block_number()
                .map_err(|e| errors::block_number_too_large(&e))?;
            Ok((n <= 3).then(|| H256::repeat_byte(n as u8)))
        })
    }
    async fn finalized_head(&self) -> RpcResult<H256> {
        Ok(H256::repeat_byte(2))
    }
    async fn subscribe_all_heads(&self, pending: PendingSubscriptionSink) -> SubscriptionResult {
        pending
            .reject(errors::not_supported("chain_subscribeAllHeads"))
            .await;
        Ok(())
    }
    async fn subscribe_new_heads(&self, pending: PendingSubscriptionSink) -> SubscriptionResult {
        let sink = pending.accept().await?;
        sink.send(to_json_raw_value(&header())?).await?;
        Ok(())
    }
    async fn subscribe_finalized_heads(
        &self,
        pending: PendingSubscriptionSink,
    ) -> SubscriptionResult {
        let sink = pending.accept().await?;
        sink.send(to_json_raw_value(&header())?).await?;
        Ok(())
    }
}

#[async_trait]
impl StateApiServer for Stub {
    async fn call(&self, _method: String, data: Bytes, _at: Option<H256>) -> RpcResult<Bytes> {
        Ok(data)
    }
    async fn storage(&self, key: Bytes, _at: Option<H256>) -> RpcResult<Option<Bytes>> {
        Ok((!key.is_empty()).then_some(key))
    }
    async fn storage_keys_paged(
        &self,
        _prefix: Option<Bytes>,
        count: u32,
        _start_key: Option<Bytes>,
        _at: Option<H256>,
    ) -> RpcResult<Vec<Bytes>> {
        Err(errors::invalid_count(count, 1000))
    }
    async fn query_storage_at(
        &self,
        keys: Vec<Bytes>,
        at: Option<H256>,
    ) -> RpcResult<Vec<StorageChangeSet>> {
        Ok(vec![StorageChangeSet {
            block: at.unwrap_or_default(),
            changes: keys.into_iter().map(|k| (k, None)).collect(),
        }])
    }
    async fn runtime_version(&self, _at: Option<H256>) -> RpcResult<RuntimeVersionJson> {
        Err(errors::unknown_block(H256::zero()))
    }
    async fn metadata(&self, _at: Option<H256>) -> RpcResult<Bytes> {
        Ok(Bytes(b"meta".to_vec()))
    }
    async fn subscribe_runtime_version(
        &self,
        pending: PendingSubscriptionSink,
    ) -> SubscriptionResult {
        pending
            .reject(errors::not_supported("state_subscribeRuntimeVersion"))
            .await;
        Ok(())
    }
    async fn subscribe_storage(
        &self,
        pending: PendingSubscriptionSink,
        _keys: Option<Vec<Bytes>>,
    ) -> SubscriptionResult {
        pending
            .reject(errors::not_supported("state_subscribeStorage"))
            .await;
        Ok(())
    }
}

#[async_trait]
impl AuthorApiServer for Stub {
    async fn submit_extrinsic(&self, extrinsic: Bytes) -> RpcResult<H256> {
        if extrinsic.is_empty() {
            return Err(errors::bad_format("empty extrinsic"));
        }
        Ok(H256::repeat_byte(9))
    }
    async fn pending_extrinsics(&self) -> RpcResult<Vec<Bytes>> {
        Ok(vec![])
    }
    async fn watch_extrinsic(
        &self,
        pending: PendingSubscriptionSink,
        _extrinsic: Bytes,
    ) -> SubscriptionResult {
        let sink = pending.accept().await?;
        for status in [
            TransactionStatus::Ready,
            TransactionStatus::InBlock(H256::repeat_byte(5)),
            TransactionStatus::Finalized(H256::repeat_byte(5)),
        ] {
            sink.send(to_json_raw_value(&status)?).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl HotstuffApiServer for Stub {
    async fn prove_finality(&self, block: HashOrNumber) -> RpcResult<FinalityProof> {
        match block {
            HashOrNumber::Number(NumberOrHex::Number(2)) => Ok(FinalityProof {
                block: H256::repeat_byte(2),
                block_number: 2,
                certificate: Bytes(vec![1]),
                ancestry: vec![],
                epoch: 0,
            }),
            _ => Err(errors::invalid_params("not final")),
        }
    }
}

#[async_trait]
impl PaymentApiServer for Stub {
    async fn query_info(
        &self,
        extrinsic: Bytes,
        _at: Option<H256>,
    ) -> RpcResult<RuntimeDispatchInfoJson> {
        Ok(RuntimeDispatchInfoJson {
            weight: WeightJson {
                ref_time: extrinsic.0.len() as u64,
                proof_size: 0,
            },
            class: DispatchClassJson::Normal,
            partial_fee: 7,
        })
    }
}

fn module() -> RpcModule<()> {
    let mut module = RpcModule::new(());
    module.merge(SystemApiServer::into_rpc(Stub)).unwrap();
    module.merge(ChainApiServer::into_rpc(Stub)).unwrap();
    module.merge(StateApiServer::into_rpc(Stub)).unwrap();
    module.merge(AuthorApiServer::into_rpc(Stub)).unwrap();
    module.merge(HotstuffApiServer::into_rpc(Stub)).unwrap();
    module.merge(PaymentApiServer::into_rpc(Stub)).unwrap();
    module
}

#[test]
fn substrate_method_names_and_aliases() {
    let methods = rpc_methods_of(&module());
    assert_eq!(methods.version, 1);
    let expected = [
        "account_nextIndex",
        "author_pendingExtrinsics",
        "author_submitAndWatchExtrinsic",
        "author_submitExtrinsic",
        "author_unwatchExtrinsic",
        "chain_getBlock",
        "chain_getBlockHash",
        "chain_getFinalisedHead",
        "chain_getFinalizedHead",
        "chain_getHead",
        "chain_getHeader",
        "chain_getRuntimeVersion",
        "chain_subscribeAllHeads",
        "chain_subscribeFinalisedHeads",
        "chain_subscribeFinalizedHeads",
        "chain_subscribeNewHead",
        "chain_subscribeNewHeads",
        "chain_subscribeRuntimeVersion",
        "chain_unsubscribeAllHeads",
        "chain_unsubscribeFinalisedHeads",
        "chain_unsubscribeFinalizedHeads",
        "chain_unsubscribeNewHead",
        "chain_unsubscribeNewHeads",
        "chain_unsubscribeRuntimeVersion",
        "hotstuff_proveFinality",
        "payment_queryInfo",
        "rpc_methods",
        "state_call",
        "state_callAt",
        "state_getKeysPaged",
        "state_getKeysPagedAt",
        "state_getMetadata",
        "state_getRuntimeVersion",
        "state_getStorage",
        "state_getStorageAt",
        "state_queryStorageAt",
        "state_subscribeRuntimeVersion",
        "state_subscribeStorage",
        "state_unsubscribeRuntimeVersion",
        "state_unsubscribeStorage",
        "subscribe_newHead",
        "system_accountNextIndex",
        "system_chain",
        "system_chainType",
        "system_health",
        "system_localListenAddresses",
        "system_localPeerId",
        "system_name",
        "system_nodeRoles",
        "system_peers",
        "system_properties",
        "system_syncState",
        "system_version",
        "unsubscribe_newHead",
    ];
    assert_eq!(methods.methods, expected);
}

#[tokio::test]
async fn json_shapes_over_the_module() {
    let module = module();
    let hash: ListOrValue<Option<H256>> = module
        .call("chain_getBlockHash", [serde_json::json!([0, "0x1", 9])])
        .await
        .unwrap();
    assert_eq!(
        hash,
        ListOrValue::List(vec![
            Some(H256::repeat_byte(0)),
            Some(H256::repeat_byte(1)),
            None
        ])
    );
    let head: H256 = module
        .call("chain_getFinalisedHead", EmptyServerParams::new())
        .await
        .unwrap();
    assert_eq!(head, H256::repeat_byte(2));
    let raw: serde_json::Value = module
        .call("chain_getHeader", EmptyServerParams::new())
        .await
        .unwrap();
    assert_eq!(raw["number"], "0x3");
    let nonce: u32 = module.call("account_nextIndex", ["5Grwva"]).await.unwrap();
    assert_eq!(nonce, 7);
    let none: Option<Bytes> = module.call("state_getStorageAt", ["0x"]).await.unwrap();
    assert_eq!(none, None);
    let peers: serde_json::Value = module
        .call("system_peers", EmptyServerParams::new())
        .await
        .unwrap();
    assert_eq!(
        peers,
        serde_json::json!([{
            "peerId": "12D3KooWOther",
            "roles": "AUTHORITY",
            "bestHash": format!("0x{}", "04".repeat(32)),
            "bestNumber": 4,
        }])
    );
    let sync: serde_json::Value = module
        .call("system_syncState", EmptyServerParams::new())
        .await
        .unwrap();
    assert_eq!(
        sync,
        serde_json::json!({"startingBlock": 0, "currentBlock": 3, "highestBlock": 4})
    );
    let proof: serde_json::Value = module.call("hotstuff_proveFinality", [2]).await.unwrap();
    assert_eq!(proof["blockNumber"], 2);
    assert_eq!(proof["certificate"], "0x01");
    assert!(module
        .call::<_, serde_json::Value>("hotstuff_proveFinality", [format!("0x{}", "02".repeat(32))])
        .await
        .is_err());
}

#[tokio::test]
async fn errors_carry_substrate_codes() {
    let module = module();
    let err = module
        .call::<_, H256>("author_submitExtrinsic", ["0x"])
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("Extrinsic has invalid format"),
        "{err}"
    );
    let err = module
        .call::<_, H256>("author_submitExtrinsic", ["0xzz"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("invalid hex character"), "{err}");
    let err = module
        .call::<_, ListOrValue<Option<H256>>>("chain_getBlockHash", ["0x100000000"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("u32::MAX"), "{err}");
}

#[tokio::test]
async fn subscriptions_use_substrate_notifications() {
    let module = module();
    let mut sub = module
        .subscribe_unbounded("author_submitAndWatchExtrinsic", ["0x00"])
        .await
        .unwrap();
    let (first, _) = sub.next::<TransactionStatus>().await.unwrap().unwrap();
    assert_eq!(first, TransactionStatus::Ready);
    let (second, _) = sub.next::<serde_json::Value>().await.unwrap().unwrap();
    assert_eq!(second["inBlock"], format!("0x{}", "05".repeat(32)));
    let mut heads = module
        .subscribe_unbounded("subscribe_newHead", EmptyServerParams::new())
        .await
        .unwrap();
    let (head, _) = heads.next::<Header>().await.unwrap().unwrap();
    assert_eq!(head.number, 3);
    assert!(module
        .subscribe_unbounded("state_subscribeStorage", EmptyServerParams::new())
        .await
        .is_err());
}
