//! A response body as the chunks it arrived in: read as JSON without first copying it into
//! one buffer, each chunk freed once the parser has read it (an 8 MiB task document then
//! costs one copy of itself while it is parsed, not two).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, Read};

use bytes::{Buf, Bytes};

#[derive(Debug, Default)]
pub struct Payload {
    chunks: VecDeque<Bytes>,
    len: usize,
}

impl Payload {
    pub fn push(&mut self, chunk: Bytes) {
        self.len += chunk.len();
        if !chunk.is_empty() {
            self.chunks.push_back(chunk);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Nothing but whitespace (or nothing at all).
    pub fn is_blank(&self) -> bool {
        self.chunks
            .iter()
            .all(|chunk| chunk.iter().all(u8::is_ascii_whitespace))
    }

    /// The whole body in one piece: borrowed when it came in one chunk.
    pub fn contiguous(&self) -> Cow<'_, [u8]> {
        match self.chunks.len() {
            0 => Cow::Borrowed(&[]),
            1 => Cow::Borrowed(&self.chunks[0]),
            _ => Cow::Owned(self.chunks.iter().flat_map(|c| c.iter().copied()).collect()),
        }
    }

    /// At most `limit` bytes from the start, for messages.
    pub fn head(&self, limit: usize) -> Vec<u8> {
        let mut head = Vec::new();
        for chunk in &self.chunks {
            let room = limit - head.len();
            head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if head.len() == limit {
                break;
            }
        }
        head
    }

    /// A reader that gives up each chunk once it has been read.
    pub fn into_reader(self) -> impl Read {
        Draining {
            chunks: self.chunks,
        }
    }
}

impl From<&[u8]> for Payload {
    fn from(bytes: &[u8]) -> Payload {
        let mut payload = Payload::default();
        payload.push(Bytes::copy_from_slice(bytes));
        payload
    }
}

struct Draining {
    chunks: VecDeque<Bytes>,
}

impl Read for Draining {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(front) = self.chunks.front_mut() else {
            return Ok(0);
        };
        let n = front.len().min(buf.len());
        buf[..n].copy_from_slice(&front[..n]);
        front.advance(n);
        if front.is_empty() {
            self.chunks.pop_front();
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(parts: &[&str]) -> Payload {
        let mut payload = Payload::default();
        for part in parts {
            payload.push(Bytes::copy_from_slice(part.as_bytes()));
        }
        payload
    }

    #[test]
    fn chunks_read_back_whole_in_every_form() {
        let body = payload(&["{\"a\":", "", " [1, 2]", "}"]);
        assert_eq!(body.len(), 13);
        assert_eq!(&*body.contiguous(), b"{\"a\": [1, 2]}");
        assert_eq!(body.head(4), b"{\"a\"");
        assert!(!body.is_blank() && payload(&[" \n", "\t"]).is_blank());
        let value: serde_json::Value = serde_json::from_reader(body.into_reader()).unwrap();
        assert_eq!(value["a"][1], 2);
    }
}
