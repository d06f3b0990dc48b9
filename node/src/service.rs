//! Wiring: store, chain, pool, consensus driver and RPC server; graceful shutdown.

use std::sync::Arc;

use anyhow::Context;
use metanode_consensus::{Config, Core, PublicKey, Signer, ValidatorSet};
use metanode_runtime::ChainContext;
use metanode_storage::state::StateDb;
use metanode_storage::{KvStore, RocksStore};
use std::sync::atomic::{AtomicBool, AtomicUsize};
use tokio::sync::{mpsc, watch, Notify};

use crate::chain::{init_or_check_genesis, Chain};
use crate::config::NodeConfig;
use crate::driver::{
    self, BlockLimits, ConsensusNetwork, CoreFactory, Driver, DriverParts, LocalValidator, NoPeers,
};
use crate::metrics::{self, Metrics};
use crate::{p2p, sync};
use crate::pool::{PoolLimits, TxPool};
use crate::rpc::{self, RpcDeps};

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

    let keys: Vec<PublicKey> = spec
        .validator_keys()
        .iter()
        .map(|a| PublicKey(a.0))
        .collect();
    let validators =
        ValidatorSet::new(0, keys).map_err(|e| anyhow::anyhow!("validator set: {e:?}"))?;
    let consensus_config = Config {
        round_timeout_ms: spec.consensus.round_timeout_ms,
        max_round_timeout_ms: spec.consensus.max_round_timeout_ms,
        ..Config::new(genesis_hash.0)
    };
    consensus_config
        .validate()
        .map_err(|e| anyhow::anyhow!("consensus parameters of the chain spec: {e}"))?;
    let me = match &config.validator_key {
        Some(pair) => {
            let index = validators
                .index_of(&PublicKey(pair.public().0))
                .context("session key is not in the validator set")?;
            Some(LocalValidator {
                index,
                account: pair.public(),
            })
        }
        None => None,
    };
    let recovery = driver::recover(&chain, &ctx, &validators, |round| {
        driver::leader_account(&validators, round)
    })?;
    let make_core: CoreFactory = {
        let validators = validators.clone();
        let keypair = config.validator_key.as_ref().map(|pair| pair.keypair().clone());
        Box::new(move |recovery| {
            let signer = keypair.clone().map(Signer::from_keypair);
            Core::new(consensus_config.clone(), validators.clone(), signer, recovery)
        })
    };
    let core = make_core(recovery);
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

    let (rpc_handle, rpc_addr) = rpc::start(
        RpcDeps {
            chain: chain.clone(),
            pool: pool.clone(),
            ctx: ctx.clone(),
            spec: spec.clone(),
            is_validator: me.is_some(),
            peers: peers.clone(),
            syncing: syncing.clone(),
            networked: config.p2p.is_some(),
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
        role = if me.is_some() { "validator" } else { "full" },
        account = ?me.map(|m| m.account.to_string()),
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
                p2p::Wiring {
                    chain: chain.clone(),
                    pool: pool.clone(),
                    ctx: ctx.clone(),
                    inbox: inbox_sender,
                    peers: peers.clone(),
                    sync_wake: sync_wake.clone(),
                    metrics: metrics.clone(),
                },
            )?;
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
        me,
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
