//! Real swarms on 127.0.0.1: discovery, notifications, requests, permissioning and bans.

mod common;

use std::time::Duration;

use common::*;
use metanode_network::{NetworkConfig, NetworkError, NetworkEvent, RequestError, Topic};

const CONNECT: Duration = Duration::from_secs(10);
const EVENT: Duration = Duration::from_secs(5);

fn is_notification(ev: &NetworkEvent, from: metanode_network::PeerId, t: Topic, d: &[u8]) -> bool {
    matches!(ev, NetworkEvent::Notification { peer, topic, data } if *peer == from && *topic == t && data == d)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_discover_each_other_and_gossip() {
    let (ka, kb, kc) = (key(), key(), key());
    let all = allowed(&[&ka, &kb, &kc]);
    let mut a = start_node(&ka, all.clone(), vec![], |_| {}).await;
    let mut b = start_node(&kb, all.clone(), vec![a.addr.clone()], |_| {}).await;
    let mut c = start_node(&kc, all.clone(), vec![a.addr.clone()], |_| {}).await;

    assert!(
        wait_peers(&a.handle, &[b.peer, c.peer], CONNECT).await,
        "A sees B and C"
    );
    assert!(
        wait_peers(&b.handle, &[a.peer, c.peer], CONNECT).await,
        "B finds C via A"
    );
    assert!(
        wait_peers(&c.handle, &[a.peer, b.peer], CONNECT).await,
        "C finds B via A"
    );

    c.handle.broadcast(Topic::Consensus, b"vote".to_vec());
    let cp = c.peer;
    assert!(wait_for(&mut a.events, EVENT, |e| is_notification(
        e,
        cp,
        Topic::Consensus,
        b"vote"
    ))
    .await
    .is_some());
    assert!(wait_for(&mut b.events, EVENT, |e| is_notification(
        e,
        cp,
        Topic::Consensus,
        b"vote"
    ))
    .await
    .is_some());

    c.handle
        .send(b.peer, Topic::Transactions, b"only-b".to_vec());
    assert!(wait_for(&mut b.events, EVENT, |e| is_notification(
        e,
        cp,
        Topic::Transactions,
        b"only-b"
    ))
    .await
    .is_some());
    let at_a = collect(&mut a.events, Duration::from_millis(500)).await;
    assert!(
        !at_a
            .iter()
            .any(|e| matches!(e, NetworkEvent::Notification { .. })),
        "A got {at_a:?}"
    );
    // C's own events are irrelevant; keep the receiver alive until the end.
    drop(c.events.try_recv());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_response_answers_errors_and_bounds() {
    let (ka, kb) = (key(), key());
    let all = allowed(&[&ka, &kb]);
    let a = start_node(&ka, all.clone(), vec![], |c| {
        c.max_response_size = 1024;
        c.request_timeout = Duration::from_secs(1);
    })
    .await;
    let mut b = start_node(&kb, all.clone(), vec![a.addr.clone()], |_| {}).await;
    assert!(wait_peers(&a.handle, &[b.peer], CONNECT).await);

    // B's node side.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Some(ev) = b.events.recv().await {
            if let NetworkEvent::Request { data, respond, .. } = ev {
                match data.as_slice() {
                    b"drop" => drop(respond),
                    b"hold" => held.push(respond),
                    b"big" => {
                        let _ = respond.send(vec![0u8; 4096]);
                    }
                    other => {
                        let mut answer = other.to_vec();
                        answer.reverse();
                        let _ = respond.send(answer);
                    }
                }
            }
        }
    });

    let answer = a
        .handle
        .request(b.peer, b"abc".to_vec())
        .await
        .expect("answer");
    assert_eq!(answer, b"cba");

    let dropped = a.handle.request(b.peer, b"drop".to_vec()).await;
    assert_eq!(dropped, Err(RequestError::ConnectionClosed(b.peer)));

    let held = a.handle.request(b.peer, b"hold".to_vec()).await;
    assert_eq!(held, Err(RequestError::Timeout(b.peer)));

    let stranger = key().public().to_peer_id();
    assert_eq!(
        a.handle.request(stranger, b"x".to_vec()).await,
        Err(RequestError::NotConnected(stranger))
    );
    let too_big_request = a.handle.request(b.peer, vec![0u8; 64 * 1024 + 1]).await;
    assert!(matches!(
        too_big_request,
        Err(RequestError::TooLarge {
            what: "request",
            ..
        })
    ));

    // Last: an oversized response is refused (and the responder banned).
    let big = a.handle.request(b.peer, b"big".to_vec()).await;
    assert!(
        matches!(
            big,
            Err(RequestError::TooLarge {
                what: "response",
                len: 4096,
                max: 1024
            })
        ),
        "{big:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peer_outside_the_allowed_set_is_refused() {
    let (ka, kb, kx) = (key(), key(), key());
    let mut a = start_node(&ka, allowed(&[&ka, &kb]), vec![], |_| {}).await;
    let b = start_node(&kb, allowed(&[&ka, &kb]), vec![a.addr.clone()], |_| {}).await;
    // X allows A and knows it as a bootnode, but A does not allow X.
    let x = start_node(&kx, allowed(&[&ka, &kx]), vec![a.addr.clone()], |_| {}).await;
    assert!(wait_peers(&a.handle, &[b.peer], CONNECT).await);

    for i in 0..10u8 {
        x.handle.broadcast(Topic::Consensus, vec![i]);
        x.handle.send(a.peer, Topic::Transactions, vec![i]);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let seen = collect(&mut a.events, Duration::from_millis(300)).await;
    let xp = x.peer;
    assert!(
        !seen.iter().any(|e| match e {
            NetworkEvent::PeerConnected(p) => *p == xp,
            NetworkEvent::Notification { peer, .. } => *peer == xp,
            _ => false,
        }),
        "events from X at A: {seen:?}"
    );
    assert!(!a.handle.peers().await.contains(&x.peer));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_notification_disconnects_and_bans_the_sender() {
    let (ka, ks) = (key(), key());
    let all = allowed(&[&ka, &ks]);
    let mut a = start_node(&ka, all.clone(), vec![], |c| c.max_notification_size = 1024).await;
    // The sender's own bound is larger, so it does send the oversized frame.
    let s = start_node(&ks, all.clone(), vec![a.addr.clone()], |c| {
        c.max_notification_size = 1024 * 1024
    })
    .await;
    assert!(wait_peers(&a.handle, &[s.peer], CONNECT).await);
    assert!(wait_peers(&s.handle, &[a.peer], CONNECT).await);

    s.handle.broadcast(Topic::Consensus, vec![1u8; 4096]);
    let sp = s.peer;
    assert!(
        wait_for(
            &mut a.events,
            EVENT,
            |e| matches!(e, NetworkEvent::PeerDisconnected(p) if *p == sp)
        )
        .await
        .is_some(),
        "sender disconnected"
    );
    // S keeps redialing (backoff 1 s, 2 s); A refuses during the ban.
    let seen = collect(&mut a.events, Duration::from_millis(3500)).await;
    assert!(
        !seen.iter().any(|e| matches!(e, NetworkEvent::PeerConnected(p) | NetworkEvent::Notification { peer: p, .. } if *p == sp)),
        "{seen:?}"
    );
    assert!(a.handle.peers().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_disconnects_and_bans_until_the_ban_expires() {
    let (ka, kb) = (key(), key());
    let all = allowed(&[&ka, &kb]);
    let mut a = start_node(&ka, all.clone(), vec![], |c| {
        c.ban_duration = Duration::from_secs(2)
    })
    .await;
    let b = start_node(&kb, all.clone(), vec![a.addr.clone()], |_| {}).await;
    assert!(wait_peers(&a.handle, &[b.peer], CONNECT).await);

    a.handle
        .report(b.peer, "sent a block with an invalid signature".into());
    let bp = b.peer;
    assert!(wait_for(
        &mut a.events,
        EVENT,
        |e| matches!(e, NetworkEvent::PeerDisconnected(p) if *p == bp)
    )
    .await
    .is_some());
    let during_ban = collect(&mut a.events, Duration::from_millis(1500)).await;
    assert!(
        !during_ban
            .iter()
            .any(|e| matches!(e, NetworkEvent::PeerConnected(p) if *p == bp)),
        "{during_ban:?}"
    );
    // After the ban (2 s) the peers reconnect through the regular redial.
    assert!(
        wait_for(
            &mut a.events,
            Duration::from_secs(8),
            |e| matches!(e, NetworkEvent::PeerConnected(p) if *p == bp)
        )
        .await
        .is_some(),
        "reconnect after the ban expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_allowed_removing_a_peer_disconnects_it() {
    let (ka, kb) = (key(), key());
    let all = allowed(&[&ka, &kb]);
    let mut a = start_node(&ka, all.clone(), vec![], |_| {}).await;
    let mut b = start_node(&kb, all.clone(), vec![a.addr.clone()], |_| {}).await;
    assert!(wait_peers(&a.handle, &[b.peer], CONNECT).await);

    a.handle.set_allowed(allowed(&[&ka]));
    let (ap, bp) = (a.peer, b.peer);
    assert!(wait_for(
        &mut a.events,
        EVENT,
        |e| matches!(e, NetworkEvent::PeerDisconnected(p) if *p == bp)
    )
    .await
    .is_some());
    assert!(wait_for(
        &mut b.events,
        EVENT,
        |e| matches!(e, NetworkEvent::PeerDisconnected(p) if *p == ap)
    )
    .await
    .is_some());
    // B keeps redialing; A refuses it.
    let seen = collect(&mut a.events, Duration::from_millis(2500)).await;
    assert!(
        !seen
            .iter()
            .any(|e| matches!(e, NetworkEvent::PeerConnected(p) if *p == bp)),
        "{seen:?}"
    );
    assert!(a.handle.peers().await.is_empty());

    // Allowing it again lets it back in.
    a.handle.set_allowed(all);
    assert!(wait_peers(&a.handle, &[b.peer], CONNECT).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_fails_on_a_taken_port_and_bad_bootnode_and_shutdown_stops() {
    let ka = key();
    let a = start_node(&ka, allowed(&[&ka]), vec![], |_| {}).await;
    let listen = a.handle.listen_addrs().await;

    let mut taken = NetworkConfig::new(key(), GENESIS);
    taken.listen = listen.clone();
    let err = metanode_network::start(taken).err().expect("port taken");
    assert!(matches!(err, NetworkError::Listen { .. }), "{err:?}");
    assert!(err.to_string().contains(&listen[0].to_string()), "{err}");

    let mut bad = NetworkConfig::new(key(), GENESIS);
    bad.bootnodes = vec!["/ip4/127.0.0.1/tcp/1".parse().expect("addr")];
    let err = metanode_network::start(bad)
        .err()
        .expect("bootnode without /p2p");
    assert!(matches!(err, NetworkError::Bootnode { .. }), "{err:?}");

    a.handle.shutdown();
    let stranger = key().public().to_peer_id();
    let after = tokio::time::timeout(EVENT, a.handle.request(stranger, vec![1])).await;
    assert_eq!(after.expect("in time"), Err(RequestError::Shutdown));
    assert!(a.handle.peers().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_ends_when_every_handle_and_the_receiver_are_dropped() {
    let ka = key();
    let a = start_node(&ka, allowed(&[&ka]), vec![], |_| {}).await;
    let listen = a.handle.listen_addrs().await;
    let clone = a.handle.clone();
    drop(a);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    // A clone still holds the task open: the port stays taken.
    let mut again = NetworkConfig::new(key(), GENESIS);
    again.listen = listen.clone();
    assert!(
        metanode_network::start(again).is_err(),
        "task alive while a handle exists"
    );
    drop(clone);
    // The task notices on its next tick and drops the swarm, releasing the port.
    let rebound = tokio::time::timeout(EVENT, async {
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let mut again = NetworkConfig::new(key(), GENESIS);
            again.listen = listen.clone();
            if metanode_network::start(again).is_ok() {
                return;
            }
        }
    })
    .await;
    assert!(rebound.is_ok(), "port released after the task ended");
}
