//! Metanode's permissioned libp2p network (work in progress).
