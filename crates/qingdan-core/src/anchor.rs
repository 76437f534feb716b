//! The audit chain's anchor outside the database (等保 2.0: 审计记录的保护, GB/T 22239-2019
//! 8.1.4.3 c).
//!
//! The chain in [`crate::audit`] proves that the events in the database belong together, but
//! whoever administers the database can delete the last events and rewind the head, or change
//! an event and recompute every hash after it: the result is again a chain that holds. So every
//! time an event is appended, its number and hash are also written to an append-only file
//! outside the database, each line carrying an HMAC-SHA256 (RFC 2104) under a key that is
//! kept outside the database too. Verification then compares the database with the anchor:
//! an anchored event that is missing (the tail deleted) or has another hash (the chain
//! rewritten) names the event. Without the key nobody can write anchor lines the verifier
//! accepts.
//!
//! Format `qingdan-anchor-v1`, one line per anchored event:
//!
//! ```text
//! qingdan-anchor-v1 <seq> <event hash, 64 hex> <HMAC-SHA256(key, "qingdan-anchor-v1\n<seq>\n<hash>"), 64 hex>
//! ```
//!
//! Several processes may append to one file (each line is written with one `write`); lines
//! may therefore be out of order, and the same event may be anchored twice with the same hash.
//! Two different hashes for one number are evidence of a rewrite. The key file holds the
//! 32-byte key as 64 hex digits.
//!
//! Pure: text and bytes in, values or typed errors out. The files are `qingdan-store`'s.

use crate::audit::{AuditEvent, ChainError};
use hmac::{Hmac, KeyInit, Mac};
use std::collections::BTreeMap;

/// The line format's name, the first word of every line.
pub const ANCHOR_FORMAT: &str = "qingdan-anchor-v1";

/// The secret key of the anchor's MACs (32 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.id())
    }
}

/// Why an anchor or its key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The key file does not hold 64 hex digits.
    #[error("审计密钥文件格式不对：应为 64 位十六进制数字（32 字节）")]
    Key,
    /// A line is not in the anchor format.
    #[error("锚点文件第 {line} 行格式不对：{why}")]
    Line {
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        why: &'static str,
    },
    /// A line's MAC does not hold under the key: edited, forged, or another key.
    #[error(
        "锚点文件第 {line} 行（第 {seq} 号事件）的校验码不符：该行被改动或伪造，或密钥不是写入时的密钥"
    )]
    BadMac {
        /// The line (1-based).
        line: usize,
        /// The event it names.
        seq: i64,
    },
}

impl AuditKey {
    /// A key from 32 random bytes (the caller draws them).
    pub fn from_bytes(bytes: [u8; 32]) -> AuditKey {
        AuditKey(bytes)
    }

    /// A key from its file's text: 64 hex digits, surrounding whitespace ignored.
    pub fn parse(text: &str) -> Result<AuditKey, AnchorError> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AnchorError::Key);
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte =
                u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| AnchorError::Key)?;
        }
        Ok(AuditKey(out))
    }

    /// The key file's text.
    pub fn to_file_text(&self) -> String {
        let mut s = hex(&self.0);
        s.push('\n');
        s
    }

    /// A short public name of the key (the first 12 hex digits of its SHA-256), for messages;
    /// it does not reveal the key.
    pub fn id(&self) -> String {
        use sha2_11::Digest;
        let digest = sha2_11::Sha256::digest(self.0);
        hex(&digest)[..12].to_string()
    }

    fn mac(&self) -> Hmac<sha2_11::Sha256> {
        // HMAC takes a key of any length; 32 bytes cannot be refused.
        match Hmac::<sha2_11::Sha256>::new_from_slice(&self.0) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        }
    }

    /// HMAC-SHA256 of `message` under this key, lowercase hex.
    pub fn sign(&self, message: &[u8]) -> String {
        let mut m = self.mac();
        m.update(message);
        hex(&m.finalize().into_bytes())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn signed_text(seq: i64, hash: &str) -> String {
    format!("{ANCHOR_FORMAT}\n{seq}\n{hash}")
}

/// The anchor line for event `seq` with `hash`, ending in a newline.
pub fn anchor_line(key: &AuditKey, seq: i64, hash: &str) -> String {
    let mac = key.sign(signed_text(seq, hash).as_bytes());
    format!("{ANCHOR_FORMAT} {seq} {hash} {mac}\n")
}

/// What an anchor file says: the hash recorded for each anchored event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    hashes: BTreeMap<i64, String>,
    /// The first event anchored with two different hashes.
    twice: Option<i64>,
    /// Lines not in the format (a write torn by a crash or a full disk), skipped.
    torn: usize,
}

impl Anchors {
    /// Reads an anchor file's text, checking every line's MAC under `key`. A last line without
    /// its newline, and any line not in the format (a write torn by a crash or a full disk,
    /// then continued by the next process), is skipped and counted ([`Anchors::torn`]); a line
    /// in the format whose MAC fails is an error: it was edited or forged.
    pub fn parse(text: &str, key: &AuditKey) -> Result<Anchors, AnchorError> {
        let mut anchors = Anchors::default();
        let complete = match text.rfind('\n') {
            Some(end) => &text[..end],
            None => "",
        };
        for (i, line) in complete.split('\n').enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &'static str| AnchorError::Line { line: line_no, why };
            let fields = (|| {
                let mut parts = line.split(' ');
                if parts.next() != Some(ANCHOR_FORMAT) {
                    return Err(bad("不是 qingdan-anchor-v1 格式"));
                }
                let seq: i64 = parts
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|s| *s > 0)
                    .ok_or(bad("事件编号不是正整数"))?;
                let hash = parts
                    .next()
                    .filter(|h| is_hex64(h))
                    .ok_or(bad("事件哈希不是 64 位十六进制"))?;
                let mac = parts
                    .next()
                    .filter(|h| is_hex64(h))
                    .ok_or(bad("校验码不是 64 位十六进制"))?;
                if parts.next().is_some() {
                    return Err(bad("行尾有多余内容"));
                }
                Ok((seq, hash, mac))
            })();
            let Ok((seq, hash, mac)) = fields else {
                anchors.torn += 1;
                continue;
            };
            if !equal_in_constant_time(&key.sign(signed_text(seq, hash).as_bytes()), mac) {
                return Err(AnchorError::BadMac { line: line_no, seq });
            }
            anchors.add(seq, hash);
        }
        Ok(anchors)
    }

    fn add(&mut self, seq: i64, hash: &str) {
        match self.hashes.get(&seq) {
            Some(known) if known != hash => {
                self.twice = Some(self.twice.map_or(seq, |t| t.min(seq)));
            }
            Some(_) => {}
            None => {
                self.hashes.insert(seq, hash.to_string());
            }
        }
    }

    /// Lines skipped as torn (not in the format).
    pub fn torn(&self) -> usize {
        self.torn
    }

    /// The last event anchored (0 when none).
    pub fn last(&self) -> i64 {
        self.hashes.keys().next_back().copied().unwrap_or(0)
    }

    /// How many events are anchored.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether nothing is anchored.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Checks one stored event against its anchor, if it has one.
    pub fn check(&self, e: &AuditEvent) -> Result<(), ChainError> {
        match self.hashes.get(&e.seq) {
            Some(h) if *h != e.hash => Err(ChainError::Rewritten { seq: e.seq }),
            _ => Ok(()),
        }
    }

    /// Ends a verification whose last stored event is `last`: the anchor must not reach
    /// beyond it, nor name one event with two hashes.
    pub fn finish(&self, last: i64) -> Result<(), ChainError> {
        if let Some(seq) = self.twice {
            return Err(ChainError::Rewritten { seq });
        }
        let anchored = self.last();
        if anchored > last {
            return Err(ChainError::BehindAnchor { last, anchored });
        }
        Ok(())
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn equal_in_constant_time(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{GENESIS, NewEvent};

    fn key() -> AuditKey {
        AuditKey::from_bytes([7; 32])
    }

    /// RFC 4231 (HMAC-SHA256 test vectors), test cases 1 and 2.
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        let k = AuditKey::from_bytes([0x0b; 32]);
        // Case 1 uses a 20-byte key; a 32-byte key of the same byte is a different key, so
        // check the primitive directly with the RFC's keys.
        let mut m = Hmac::<sha2_11::Sha256>::new_from_slice(&[0x0b; 20]).unwrap();
        m.update(b"Hi There");
        assert_eq!(
            hex(&m.finalize().into_bytes()),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        let mut m = Hmac::<sha2_11::Sha256>::new_from_slice(b"Jefe").unwrap();
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // And `sign` is that primitive under the key.
        let mut m = Hmac::<sha2_11::Sha256>::new_from_slice(&[0x0b; 32]).unwrap();
        m.update(b"x");
        assert_eq!(k.sign(b"x"), hex(&m.finalize().into_bytes()));
    }

    #[test]
    fn a_key_reads_back_from_its_file() {
        let k = key();
        assert_eq!(AuditKey::parse(&k.to_file_text()), Ok(k.clone()));
        assert_eq!(AuditKey::parse("abc"), Err(AnchorError::Key));
        assert_eq!(AuditKey::parse(&"g".repeat(64)), Err(AnchorError::Key));
        assert_eq!(k.id().len(), 12);
        assert!(!format!("{k:?}").contains("0707"));
    }

    fn event(seq: i64, prev: &str) -> AuditEvent {
        NewEvent::new("2026-12-05T00:00:00Z", "a", "x.y", "x", "1", "r").seal(seq, prev)
    }

    #[test]
    fn anchored_events_check_and_a_rewrite_is_named() {
        let e1 = event(1, GENESIS);
        let e2 = event(2, &e1.hash);
        let text = format!(
            "{}{}",
            anchor_line(&key(), 1, &e1.hash),
            anchor_line(&key(), 2, &e2.hash)
        );
        let a = Anchors::parse(&text, &key()).unwrap();
        assert_eq!((a.len(), a.last()), (2, 2));
        assert_eq!(a.check(&e1), Ok(()));
        assert_eq!(a.finish(2), Ok(()));
        // The tail deleted and the head rewound: the anchor reaches beyond.
        assert_eq!(
            a.finish(1),
            Err(ChainError::BehindAnchor {
                last: 1,
                anchored: 2
            })
        );
        // Event 2 rewritten.
        let other =
            NewEvent::new("2026-12-05T00:00:00Z", "b", "x.y", "x", "1", "r").seal(2, &e1.hash);
        assert_eq!(a.check(&other), Err(ChainError::Rewritten { seq: 2 }));
        // Anchored twice with different hashes (written again after a rewind).
        let twice = format!("{text}{}", anchor_line(&key(), 2, &other.hash));
        let a = Anchors::parse(&twice, &key()).unwrap();
        assert_eq!(a.finish(2), Err(ChainError::Rewritten { seq: 2 }));
    }

    #[test]
    fn a_forged_or_edited_line_is_refused() {
        let e1 = event(1, GENESIS);
        let line = anchor_line(&key(), 1, &e1.hash);
        // Another key.
        assert_eq!(
            Anchors::parse(&line, &AuditKey::from_bytes([8; 32])),
            Err(AnchorError::BadMac { line: 1, seq: 1 })
        );
        // The number changed.
        let edited = line.replacen(" 1 ", " 2 ", 1);
        assert_eq!(
            Anchors::parse(&edited, &key()),
            Err(AnchorError::BadMac { line: 1, seq: 2 })
        );
        // A torn line (a crash mid-write, then the next process's line after it) is skipped
        // and counted; the lines around it still count.
        let torn = format!("{line}{}\n{line}", &line[..40]);
        let a = Anchors::parse(&torn, &key()).unwrap();
        assert_eq!((a.len(), a.torn()), (1, 1));
        assert_eq!(Anchors::parse("hello\n", &key()).unwrap().torn(), 1);
        // A line cut short by a crash (no newline) is ignored.
        let cut = format!("{line}{}", &line[..40]);
        assert_eq!(Anchors::parse(&cut, &key()).unwrap().len(), 1);
        assert!(Anchors::parse("", &key()).unwrap().is_empty());
    }
}
