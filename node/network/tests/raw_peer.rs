//! A hand-written peer speaking the wire format directly: checks the frame layout and that
//! protocol violations (unknown topic byte, malformed peer exchange, oversized sync request)
//! disconnect and ban the sender.

mod common;

use std::time::Duration;

use common::*;
use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, StreamExt};
use libp2p::{
    noise,
    request_response::{self, ProtocolSupport},
    swarm::{NetworkBehaviour, SwarmEvent},
    tcp, yamux, Multiaddr, StreamProtocol, SwarmBuilder,
};
use metanode_network::{Keypair, NetworkConfig, NetworkEvent, Topic};
use tokio::sync::mpsc;

/// Writes requests verbatim (the test crafts the length prefix), reads responses to the end.
#[derive(Clone, Default)]
struct RawCodec;

#[async_trait::async_trait]
impl request_response::Codec for RawCodec {
    type Protocol = StreamProtocol;
    type Request = Vec<u8>;
    type Response = Vec<u8>;

    async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> std::io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        let mut out = Vec::new();
        io.take(1 << 20).read_to_end(&mut out).await?;
        Ok(out)
    }

    async fn read_response<T>(&mut self, p: &StreamProtocol, io: &mut T) -> std::io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        self.read_request(p, io).await
    }

    async fn write_request<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        req: Vec<u8>,
    ) -> std::io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        io.write_all(&req).await?;
        io.flush().await
    }

    async fn write_response<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        res: Vec<u8>,
    ) -> std::io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        self.write_request(&StreamProtocol::new("/unused"), io, res)
            .await
    }
}

#[derive(NetworkBehaviour)]
struct Raw {
    notify: request_response::Behaviour<RawCodec>,
    sync: request_response::Behaviour<RawCodec>,
}

enum Cmd {
    Notify(Vec<u8>),
    Sync(Vec<u8>),
}

/// Starts a raw peer dialing `target`; returns a command sender.
fn spawn_raw(key: &Keypair, target: Multiaddr) -> mpsc::Sender<Cmd> {
    let config = NetworkConfig::new(key.clone(), GENESIS);
    let protocol = |name: String| StreamProtocol::try_from_owned(name).expect("protocol");
    let cfg = request_response::Config::default().with_request_timeout(Duration::from_secs(5));
    let behaviour = Raw {
        notify: request_response::Behaviour::with_codec(
            RawCodec,
            [(protocol(config.notify_protocol()), ProtocolSupport::Full)],
            cfg.clone(),
        ),
        sync: request_response::Behaviour::with_codec(
            RawCodec,
            [(protocol(config.sync_protocol()), ProtocolSupport::Full)],
            cfg,
        ),
    };
    let mut swarm = SwarmBuilder::with_existing_identity(key.clone())
        .with_tokio()
        .with_tcp(
            tcp::Config::default(),
            noise::Config::new,
            yamux::Config::default,
        )
        .expect("tcp")
        .with_behaviour(|_| behaviour)
        .expect("behaviour")
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
        .build();
    swarm.dial(target.clone()).expect("dial");
    let peer = match target.iter().last() {
        Some(libp2p::multiaddr::Protocol::P2p(p)) => p,
        _ => panic!("target without /p2p"),
    };
    let (tx, mut rx) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(Cmd::Notify(bytes)) => { swarm.behaviour_mut().notify.send_request(&peer, bytes); }
                    Some(Cmd::Sync(bytes)) => { swarm.behaviour_mut().sync.send_request(&peer, bytes); }
                    None => break,
                },
                ev = swarm.select_next_some() => if let SwarmEvent::ConnectionClosed { .. } = ev {},
            }
        }
    });
    tx
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = (payload.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(payload);
    out
}

async fn violation_bans(raw_payload: Cmd, label: &str) {
    let (ka, kr) = (key(), key());
    let mut a = start_node(&ka, allowed(&[&ka, &kr]), vec![], |_| {}).await;
    let raw = spawn_raw(&kr, a.addr.clone());
    let rp = kr.public().to_peer_id();
    assert!(
        wait_peers(&a.handle, &[rp], Duration::from_secs(10)).await,
        "{label}: raw peer connects"
    );

    // A well-formed frame first: `[u32 BE length][topic byte][data]`.
    raw.send(Cmd::Notify(frame(&[0, b'h', b'i'])))
        .await
        .expect("raw alive");
    let ok = wait_for(&mut a.events, Duration::from_secs(5), |e| {
        matches!(e, NetworkEvent::Notification { peer, topic: Topic::Consensus, data } if *peer == rp && data == b"hi")
    })
    .await;
    assert!(ok.is_some(), "{label}: well-formed frame delivered");

    raw.send(raw_payload).await.expect("raw alive");
    let gone = wait_for(
        &mut a.events,
        Duration::from_secs(5),
        |e| matches!(e, NetworkEvent::PeerDisconnected(p) if *p == rp),
    )
    .await;
    assert!(gone.is_some(), "{label}: violator disconnected");
    // Banned: the raw peer does not redial, but A must not dial it either, and nothing it
    // might still send is delivered.
    let later = collect(&mut a.events, Duration::from_millis(1500)).await;
    assert!(
        !later.iter().any(|e| matches!(e, NetworkEvent::PeerConnected(p) | NetworkEvent::Notification { peer: p, .. } if *p == rp)),
        "{label}: {later:?}"
    );
    assert!(a.handle.peers().await.is_empty(), "{label}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_topic_byte_bans_the_sender() {
    violation_bans(Cmd::Notify(frame(&[0x07, 1, 2, 3])), "unknown topic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_peer_exchange_bans_the_sender() {
    violation_bans(Cmd::Notify(frame(&[0x80, 5, 1])), "peer exchange").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_sync_request_bans_the_sender() {
    // Announces 4 GiB; the receiver refuses before allocating.
    violation_bans(
        Cmd::Sync(u32::MAX.to_be_bytes().to_vec()),
        "oversized sync request",
    )
    .await;
}
