//! Wiring: store, chain, pool, consensus driver and RPC server; graceful shutdown.

use std::sync::Arc;

use anyhow::Context;
use metanode_consensus::{Config, Core, PublicKey, Signer};
use metanode_runtime::ChainContext;
use metanode_storage::state::StateDb;
use metanode_storage::{KvStore, RocksStore};
use std::sync::atomic::{AtomicBool, AtomicUsize};
use tokio::sync::{mpsc, watch, Notify};

use crate::chain::{init_or_check_genesis, Chain};
use crate::config::NodeConfig;
use crate::driver::{
    self, BlockLimits, ConsensusNetwork, CoreFactory, Driver, DriverParts, NoPeers,
};
use crate::metrics::{self, Metrics};
use crate::pool::{PoolLimits, TxPool};
use crate::rpc::{self, RpcDeps};
use crate::{p2p, sync};

/// Most consensus messages queued from the network.
const INBOX_CAPACITY: usize = 4096;
/// Sync batches waiting for the driver.
const SYNC_QUEUE: usize = 2;

/// Runs the node until Ctrl-C/SIGTERM or a fatal error.
pub async fn run(config: NodeConfig) -> anyhow::Result<()> {
    let spec = Arc::new(config.spec.clone());
    std::fs::create_dir_all(&config.db_path)
        .with_context(|| format!("creating {}", config.db_path.display()))?;
    let store: Arc<dyn KvStore> = Arc::new(
        RocksStore::open(&config.db_path)
            .with_context(|| format!("opening the database at {}", config.db_path.display()))?,
    );
    let genesis_storage = spec.genesis_storage()?;
    let genesis = init_or_check_genesis(
        store.as_ref(),
        &StateDb::new(store.clone()),
        &genesis_storage,
    )?;
    let genesis_hash = genesis.hash();
    let chain = Arc::new(Chain::open(store.clone(), genesis_hash)?);
    let ctx = ChainContext::new(chain.genesis_hash());

    // The set in force is the one in the finalized head's state (the chain spec's at genesis).
    let on_chain = driver::set_after(&chain, &chain.finalized().hash)?;
    let validators = on_chain.set.clone();
    let consensus_config = Config {
        round_timeout_ms: spec.consensus.round_timeout_ms,
        max_round_timeout_ms: spec.consensus.max_round_timeout_ms,
        ..Config::new(genesis_hash.0)
    };
    consensus_config
        .validate()
        .map_err(|e| anyhow::anyhow!("consensus parameters of the chain spec: {e}"))?;
    let session = config.validator_key.as_ref().map(|pair| pair.public());
    if let Some(account) = session {
        if validators.index_of(&PublicKey(account.0)).is_none() {
            tracing::warn!(
                target: "metanode",
                %account,
                epoch = validators.epoch(),
                "this node's session key is not in the current validator set: it follows the chain and votes once \
                 the Admin adds it (`metanode-cli validators add`)"
            );
        }
    }
    let recovery = driver::recover(&chain, &ctx, &validators, |round| {
        driver::leader_account(&validators, round)
    })?;
    let make_core: CoreFactory = {
        let keypair = config
            .validator_key
            .as_ref()
            .map(|pair| pair.keypair().clone());
        Box::new(move |validators, recovery| {
            let signer = keypair.clone().map(Signer::from_keypair);
            Core::new(consensus_config.clone(), validators, signer, recovery)
        })
    };
    let core = make_core(validators.clone(), recovery);
    let pool = Arc::new(TxPool::new(PoolLimits::default()));
    let (metrics, registry) = Metrics::new();
    if let Some((addr, explicit)) = config.prometheus {
        match metrics::serve(addr, registry).await {
            Ok(bound) => {
                tracing::info!(target: "metanode", metrics = %format!("http://{bound}/metrics"), "Prometheus endpoint listening")
            }
            Err(error) if !explicit => tracing::warn!(
                target: "metanode",
                error = %format!("{error:#}"),
                "Prometheus endpoint not started (default port taken); pass --prometheus-port to choose one"
            ),
            Err(error) => return Err(error),
        }
    }
    let peers = Arc::new(AtomicUsize::new(0));
    let syncing = Arc::new(AtomicBool::new(false));
    let network_slot = rpc::NetworkSlot::default();

    let (rpc_handle, rpc_addr) = rpc::start(
        RpcDeps {
            chain: chain.clone(),
            pool: pool.clone(),
            ctx,
            spec: spec.clone(),
            is_validator: session.is_some(),
            peers: peers.clone(),
            syncing: syncing.clone(),
            networked: config.p2p.is_some(),
            network: network_slot.clone(),
            starting_block: chain.finalized().number,
        },
        &config.rpc,
    )
    .await?;

    let finalized = chain.finalized();
    tracing::info!(
        target: "metanode",
        chain = %spec.name,
        genesis = ?genesis_hash,
        finalized = finalized.number,
        db = %config.db_path.display(),
        role = if session.is_some() { "validator" } else { "full" },
        account = ?session.map(|a| a.to_string()),
        name = %config.name,
        "node started"
    );
    tracing::info!(target: "metanode", rpc = %format!("ws://{rpc_addr}"), "JSON-RPC server listening (HTTP and WebSocket)");
    if config.rpc.external {
        tracing::warn!(target: "metanode", "JSON-RPC listens on all interfaces (--rpc-external): put it behind a firewall or proxy");
    }

    let (shutdown, shutdown_rx) = watch::channel(false);
    let (inbox_sender, inbox) = mpsc::channel(INBOX_CAPACITY);
    let (synced_sender, synced) = mpsc::channel(SYNC_QUEUE);
    let network: Arc<dyn ConsensusNetwork> = match &config.p2p {
        None => Arc::new(NoPeers),
        Some(settings) => {
            let sync_wake = Arc::new(Notify::new());
            let p2p = p2p::start(
                settings,
                &spec,
                genesis_hash,
                &on_chain.network_keys,
                p2p::Wiring {
                    chain: chain.clone(),
                    pool: pool.clone(),
                    ctx,
                    inbox: inbox_sender,
                    peers: peers.clone(),
                    sync_wake: sync_wake.clone(),
                    metrics: metrics.clone(),
                },
            )?;
            // Set once, here: the slot is new and only this branch fills it.
            let _ = network_slot.set(p2p.handle.clone());
            tokio::spawn(sync::run(
                sync::SyncParts {
                    handle: p2p.handle.clone(),
                    chain: chain.clone(),
                    to_driver: synced_sender,
                    wake: sync_wake,
                    syncing,
                },
                shutdown_rx.clone(),
            ));
            p2p.consensus
        }
    };
    let driver = Driver::new(DriverParts {
        core,
        chain: chain.clone(),
        pool,
        ctx,
        validators,
        session,
        cadence: spec.consensus.clone(),
        limits: BlockLimits::default(),
        network,
        inbox,
        synced,
        make_core,
        metrics,
    });
    let mut driver_task = tokio::spawn(driver.run(shutdown_rx));

    let outcome = tokio::select! {
        signal = shutdown_signal() => {
            tracing::info!(target: "metanode", signal, "shutting down");
            let _ = shutdown.send(true);
            (&mut driver_task).await
        }
        result = &mut driver_task => result,
    };
    let _ = rpc_handle.stop();
    rpc_handle.stopped().await;
    match outcome {
        Ok(Ok(())) => {
            tracing::info!(target: "metanode", finalized = chain.finalized().number, "stopped cleanly");
            Ok(())
        }
        Ok(Err(e)) => Err(anyhow::anyhow!(e).context("consensus driver failed")),
        Err(e) => Err(anyhow::anyhow!("consensus driver panicked: {e}")),
    }
}

async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return "SIGINT";
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
