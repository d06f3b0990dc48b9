//! Internal peer exchange: tells connected peers the listen addresses of the other peers we
//! are connected to, so nodes that only know one bootnode find every allowed peer.
//!
//! Payload (after the topic byte `0x80`): `u8 count`, then per peer `u8 len, peer id bytes,
//! u8 address count, (u16 BE len, multiaddr bytes)*`. Malformed payloads are protocol violations.

use libp2p::{Multiaddr, PeerId};

/// At most this many peers per message.
pub(crate) const MAX_PEERS: usize = 64;
/// At most this many addresses per peer (also the cap of the local address book per peer).
pub(crate) const MAX_ADDRS: usize = 8;

/// Encodes `entries` (truncated to the bounds above).
pub(crate) fn encode(entries: &[(PeerId, Vec<Multiaddr>)]) -> Vec<u8> {
    let entries = &entries[..entries.len().min(MAX_PEERS)];
    let mut out = vec![entries.len() as u8];
    for (peer, addrs) in entries {
        let id = peer.to_bytes();
        out.push(id.len() as u8);
        out.extend_from_slice(&id);
        let addrs: Vec<Vec<u8>> = addrs
            .iter()
            .map(|a| a.to_vec())
            .filter(|a| a.len() <= u16::MAX as usize)
            .take(MAX_ADDRS)
            .collect();
        out.push(addrs.len() as u8);
        for a in addrs {
            out.extend_from_slice(&(a.len() as u16).to_be_bytes());
            out.extend_from_slice(&a);
        }
    }
    out
}

/// Decodes a payload; any malformation is an error (with a reason for the log).
pub(crate) fn decode(mut data: &[u8]) -> Result<Vec<(PeerId, Vec<Multiaddr>)>, String> {
    let count = take(&mut data, 1)?[0] as usize;
    if count > MAX_PEERS {
        return Err(format!("{count} peers exceed the bound of {MAX_PEERS}"));
    }
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let len = take(&mut data, 1)?[0] as usize;
        let peer = PeerId::from_bytes(take(&mut data, len)?).map_err(|e| e.to_string())?;
        let n = take(&mut data, 1)?[0] as usize;
        if n > MAX_ADDRS {
            return Err(format!("{n} addresses exceed the bound of {MAX_ADDRS}"));
        }
        let mut addrs = Vec::with_capacity(n);
        for _ in 0..n {
            let len_bytes = take(&mut data, 2)?;
            let len = u16::from_be_bytes([len_bytes[0], len_bytes[1]]) as usize;
            let addr =
                Multiaddr::try_from(take(&mut data, len)?.to_vec()).map_err(|e| e.to_string())?;
            addrs.push(addr);
        }
        entries.push((peer, addrs));
    }
    if !data.is_empty() {
        return Err("trailing bytes".into());
    }
    Ok(entries)
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if data.len() < n {
        return Err("truncated".into());
    }
    let (head, tail) = data.split_at(n);
    *data = tail;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_garbage() {
        let peer = PeerId::random();
        let addr: Multiaddr = "/ip4/127.0.0.1/tcp/4000".parse().expect("addr");
        let bytes = encode(&[(peer, vec![addr.clone()])]);
        assert_eq!(decode(&bytes).expect("decode"), vec![(peer, vec![addr])]);
        assert!(decode(&[]).is_err());
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode(&[1, 3, 1, 2, 3, 0]).is_err());
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(decode(&trailing).is_err());
    }
}
