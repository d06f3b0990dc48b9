//! Length-prefixed frames: `[u32 big-endian length][payload]`.
//!
//! The reader refuses a frame whose announced length exceeds its bound before allocating
//! anything. An oversized *request* is read as [`Frame::Oversized`] (request-response reports
//! no event with the peer id for a failing `read_request`, so the swarm task could not ban the
//! sender otherwise); an oversized *response* is an I/O error carrying [`FrameTooLarge`].

use std::io;

use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use libp2p::{request_response, StreamProtocol};

/// A frame longer than the receiver's bound (a protocol violation by the sender).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("frame of {len} bytes exceeds the bound of {max} bytes")]
pub(crate) struct FrameTooLarge {
    /// Length announced by the sender.
    pub len: usize,
    /// Our bound.
    pub max: usize,
}

/// An inbound request frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    /// A frame within bounds.
    Data(Vec<u8>),
    /// The sender announced a frame above our bound; its payload was not read.
    Oversized(FrameTooLarge),
}

/// Finds a [`FrameTooLarge`] inside an I/O error produced by the codec.
pub(crate) fn frame_too_large(e: &io::Error) -> Option<FrameTooLarge> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<FrameTooLarge>())
        .copied()
}

/// Reads one frame of at most `max` bytes.
pub(crate) async fn read_frame<T>(io: &mut T, max: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let mut len_bytes = [0u8; 4];
    io.read_exact(&mut len_bytes).await?;
    let len = u32::from_be_bytes(len_bytes) as usize;
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            FrameTooLarge { len, max },
        ));
    }
    let mut buf = Vec::with_capacity(len);
    io.take(len as u64).read_to_end(&mut buf).await?;
    if buf.len() != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "frame shorter than its length prefix",
        ));
    }
    Ok(buf)
}

/// Writes one frame; refuses payloads above `max` (we never send what we would not accept).
pub(crate) async fn write_frame<T>(io: &mut T, data: &[u8], max: usize) -> io::Result<()>
where
    T: AsyncWrite + Unpin + Send,
{
    if data.len() > max || data.len() > u32::MAX as usize {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to send a frame of {} bytes (bound {max})",
                data.len()
            ),
        ));
    }
    io.write_all(&(data.len() as u32).to_be_bytes()).await?;
    io.write_all(data).await?;
    io.flush().await
}

/// Request-response codec: one frame for the request, one for the response.
#[derive(Clone, Debug)]
pub(crate) struct FrameCodec {
    /// Bound on requests (both directions).
    pub max_request: usize,
    /// Bound on responses (both directions).
    pub max_response: usize,
}

#[async_trait::async_trait]
impl request_response::Codec for FrameCodec {
    type Protocol = StreamProtocol;
    type Request = Frame;
    type Response = Vec<u8>;

    async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Frame>
    where
        T: AsyncRead + Unpin + Send,
    {
        match read_frame(io, self.max_request).await {
            Ok(data) => Ok(Frame::Data(data)),
            Err(e) => match frame_too_large(&e) {
                Some(tl) => Ok(Frame::Oversized(tl)),
                None => Err(e),
            },
        }
    }

    async fn read_response<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        read_frame(io, self.max_response).await
    }

    async fn write_request<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        req: Frame,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        match req {
            Frame::Data(data) => write_frame(io, &data, self.max_request).await,
            Frame::Oversized(_) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an oversized marker is never sent",
            )),
        }
    }

    async fn write_response<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        res: Vec<u8>,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        write_frame(io, &res, self.max_response).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_bounds() {
        futures::executor::block_on(async {
            let mut buf = Vec::new();
            write_frame(&mut buf, b"hello", 16).await.expect("write");
            assert_eq!(&buf[..4], &5u32.to_be_bytes());
            let mut rd = &buf[..];
            assert_eq!(read_frame(&mut rd, 5).await.expect("read"), b"hello");
            let mut rd = &buf[..];
            let err = read_frame(&mut rd, 4).await.expect_err("too large");
            assert_eq!(
                frame_too_large(&err),
                Some(FrameTooLarge { len: 5, max: 4 })
            );
            // Huge announced length: refused before allocating.
            let huge = u32::MAX.to_be_bytes();
            let mut rd = &huge[..];
            let err = read_frame(&mut rd, 1024).await.expect_err("huge");
            assert!(frame_too_large(&err).is_some());
            // Truncated payload.
            let mut rd = &buf[..6];
            assert!(read_frame(&mut rd, 16).await.is_err());
            // Writer refuses oversized payloads.
            let mut out = Vec::new();
            assert!(write_frame(&mut out, &[0u8; 17], 16).await.is_err());
        });
    }
}
