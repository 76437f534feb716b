//! The seed, the deterministic random byte stream, and the partial Fisher–Yates shuffle.

use std::fmt;
use std::num::NonZeroU64;

use sha2::{Digest, Sha256};

use crate::DrawError;
use crate::hex;

/// The fewest hexadecimal digits a seed may have (128 bits).
pub const MIN_SEED_HEX_DIGITS: usize = 32;
/// The most hexadecimal digits a seed may have (1,024 bits).
pub const MAX_SEED_HEX_DIGITS: usize = 256;

/// A validated seed: 16 to 128 bytes, written as 32 to 256 hexadecimal digits.
///
/// Parsing accepts either case; the canonical form ([`Seed::to_hex`], the one a record
/// carries) is lowercase.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed {
    bytes: Vec<u8>,
}

impl Seed {
    /// Parses hexadecimal digits (no prefix, no spaces, even count, 32 to 256 digits).
    ///
    /// # Errors
    /// [`DrawError::SeedNotHex`], [`DrawError::SeedOddLength`], [`DrawError::SeedTooShort`]
    /// or [`DrawError::SeedTooLong`], all about the field `seed`, checked in that order.
    pub fn parse(text: &str) -> Result<Seed, DrawError> {
        let mut nibbles = Vec::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            match hex::digit(c) {
                Some(v) => nibbles.push(v),
                None => {
                    return Err(DrawError::SeedNotHex {
                        position: i + 1,
                        found: c,
                    });
                }
            }
        }
        let len = nibbles.len();
        if len % 2 != 0 {
            return Err(DrawError::SeedOddLength { len });
        }
        if len < MIN_SEED_HEX_DIGITS {
            return Err(DrawError::SeedTooShort { len });
        }
        if len > MAX_SEED_HEX_DIGITS {
            return Err(DrawError::SeedTooLong { len });
        }
        let bytes = nibbles
            .chunks_exact(2)
            .map(|pair| (pair[0] << 4) | pair[1])
            .collect();
        Ok(Seed { bytes })
    }

    /// The seed's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The canonical text form: lowercase hexadecimal.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.bytes)
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seed({})", self.to_hex())
    }
}

/// The deterministic random byte stream of a draw: the concatenation of the SHA-256 blocks
/// `SHA-256(seed_bytes ‖ list_digest ‖ counter)`, `counter` an unsigned 64-bit big-endian
/// integer counting 0, 1, 2, …, consumed 8 bytes at a time.
///
/// A draw of targets keys the stream by the digest of its sorted candidate list
/// (`candidates_hash`). Another kind of draw (e.g. two officers per inspection task) should
/// key its own stream by the digest of *its* list, so that draws sharing a seed stay
/// independent.
#[derive(Clone)]
pub struct RandomStream {
    prefix: Sha256,
    counter: u64,
    block: [u8; 32],
    offset: usize,
}

impl RandomStream {
    /// The stream for `seed` and the 32-byte digest of the list drawn from (the raw bytes
    /// whose hex is `candidates_hash`, see [`hash_sorted_ids`]).
    pub fn new(seed: &Seed, list_digest: &[u8; 32]) -> RandomStream {
        let mut prefix = Sha256::new();
        prefix.update(seed.as_bytes());
        prefix.update(list_digest);
        RandomStream {
            prefix,
            counter: 0,
            block: [0; 32],
            offset: 32,
        }
    }

    /// The next 8 bytes of the stream as a big-endian unsigned integer.
    pub fn next_u64(&mut self) -> u64 {
        if self.offset == self.block.len() {
            let mut hasher = self.prefix.clone();
            hasher.update(self.counter.to_be_bytes());
            self.block = hasher.finalize().into();
            self.counter = self.counter.wrapping_add(1);
            self.offset = 0;
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.block[self.offset..self.offset + 8]);
        self.offset += 8;
        u64::from_be_bytes(word)
    }

    /// A uniform integer in `0..bound`, by rejection sampling: take `x = next_u64()`; with
    /// `r = 2^64 mod bound`, reject `x` when `x ≥ 2^64 − r` (draw again); else return
    /// `x mod bound`. Every value of `0..bound` then has exactly the same chance.
    pub fn below(&mut self, bound: NonZeroU64) -> u64 {
        loop {
            if let Some(v) = uniform_index(self.next_u64(), bound) {
                return v;
            }
        }
    }
}

impl fmt::Debug for RandomStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RandomStream")
            .field("counter", &self.counter)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

/// `Some(x mod m)` when `x` is below the largest multiple of `m` that is at most 2^64,
/// `None` (reject) otherwise.
pub(crate) fn uniform_index(x: u64, m: NonZeroU64) -> Option<u64> {
    let m = m.get();
    // 2^64 mod m, computed without 128-bit arithmetic.
    let r = (u64::MAX % m + 1) % m;
    if r != 0 && x >= 0u64.wrapping_sub(r) {
        None
    } else {
        Some(x % m)
    }
}

/// Step `i` of the Fisher–Yates shuffle: draws `j` uniformly in `i..items.len()` from
/// `stream` and swaps `items[i]` and `items[j]`; `items[i]` is then the `i+1`-th item in draw
/// order. Consumes at least 8 bytes even when `j` can only be `i` (the last position), so the
/// stream's use does not depend on anything but the step.
///
/// Returns `false`, consuming nothing, when `i ≥ items.len()`. Steps must be taken in order
/// 0, 1, 2, … on the same slice and stream.
pub fn shuffle_step<T>(items: &mut [T], i: usize, stream: &mut RandomStream) -> bool {
    let remaining = items.len().saturating_sub(i) as u64;
    let Some(bound) = NonZeroU64::new(remaining) else {
        return false;
    };
    let j = i + stream.below(bound) as usize;
    items.swap(i, j);
    true
}

/// The first `count` steps of the Fisher–Yates shuffle (partial shuffle); returns the prefix
/// `items[..min(count, items.len())]`, the items drawn in draw order.
///
/// This is the reusable core of every draw: sort the list to draw from by UTF-8 bytes, make
/// a [`RandomStream`] keyed by the seed and that list's digest, and take a prefix. A draw
/// with exclusions (see [`crate::draw`]) instead takes [`shuffle_step`]s one by one, passing
/// over excluded items.
pub fn shuffle_prefix<'a, T>(
    items: &'a mut [T],
    count: usize,
    stream: &mut RandomStream,
) -> &'a [T] {
    let count = count.min(items.len());
    for i in 0..count {
        shuffle_step(items, i, stream);
    }
    &items[..count]
}

/// SHA-256 of the ids joined with a single line feed (`\n`, no trailing line feed), in the
/// order given — pass them sorted by their UTF-8 bytes (`<` on `str`). This is the digest
/// whose lowercase hex is a record's `candidates_hash` (or `excluded_hash`).
pub fn hash_sorted_ids<S: AsRef<str>>(sorted_ids: &[S]) -> [u8; 32] {
    // Ids are short: gather them into a buffer so the hasher sees large updates.
    const FLUSH_AT: usize = 1 << 16;
    let mut hasher = Sha256::new();
    let mut buf = Vec::with_capacity(FLUSH_AT + 256);
    for (i, id) in sorted_ids.iter().enumerate() {
        if i > 0 {
            buf.push(b'\n');
        }
        buf.extend_from_slice(id.as_ref().as_bytes());
        if buf.len() >= FLUSH_AT {
            hasher.update(&buf);
            buf.clear();
        }
    }
    hasher.update(&buf);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nz(m: u64) -> NonZeroU64 {
        NonZeroU64::new(m).unwrap()
    }

    #[test]
    fn seed_parsing() {
        let s = Seed::parse("000102030405060708090A0B0C0D0E0F").unwrap();
        assert_eq!(s.as_bytes().len(), 16);
        assert_eq!(s.to_hex(), "000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            Seed::parse("0x0102030405060708090a0b0c0d0e0f"),
            Err(DrawError::SeedNotHex {
                position: 2,
                found: 'x'
            })
        );
        assert_eq!(
            Seed::parse(&"a".repeat(33)),
            Err(DrawError::SeedOddLength { len: 33 })
        );
        assert_eq!(
            Seed::parse(&"a".repeat(30)),
            Err(DrawError::SeedTooShort { len: 30 })
        );
        assert_eq!(Seed::parse(""), Err(DrawError::SeedTooShort { len: 0 }));
        assert_eq!(
            Seed::parse(&"a".repeat(258)),
            Err(DrawError::SeedTooLong { len: 258 })
        );
        assert!(Seed::parse(&"a".repeat(256)).is_ok());
        assert_eq!(
            Seed::parse(" 000102030405060708090a0b0c0d0e0f"),
            Err(DrawError::SeedNotHex {
                position: 1,
                found: ' '
            })
        );
    }

    #[test]
    fn rejection_bounds() {
        // Powers of two divide 2^64: nothing is rejected.
        assert_eq!(uniform_index(u64::MAX, nz(1)), Some(0));
        assert_eq!(uniform_index(u64::MAX, nz(8)), Some(7));
        assert_eq!(uniform_index(u64::MAX, nz(1 << 63)), Some((1 << 63) - 1));
        // 2^64 mod 3 = 1: only the very last value is rejected.
        assert_eq!(uniform_index(u64::MAX, nz(3)), None);
        assert_eq!(uniform_index(u64::MAX - 1, nz(3)), Some((u64::MAX - 1) % 3));
        // 2^64 mod 7 = 2: the last two values are rejected.
        assert_eq!(uniform_index(u64::MAX - 1, nz(7)), None);
        assert_eq!(uniform_index(u64::MAX - 2, nz(7)), Some((u64::MAX - 2) % 7));
        // m = 2^63 + 1: 2^64 mod m = 2^63 − 1, so values ≥ 2^63 + 1 are rejected.
        let m = (1u64 << 63) + 1;
        assert_eq!(uniform_index(m, nz(m)), None);
        assert_eq!(uniform_index(m - 1, nz(m)), Some(m - 1));
        assert_eq!(uniform_index(0, nz(m)), Some(0));
        // m = 2^64 − 1: 2^64 mod m = 1.
        assert_eq!(uniform_index(u64::MAX, nz(u64::MAX)), None);
        assert_eq!(
            uniform_index(u64::MAX - 1, nz(u64::MAX)),
            Some(u64::MAX - 1)
        );
    }

    #[test]
    fn rejection_matches_u128_definition() {
        for m in [
            1u64,
            2,
            3,
            5,
            6,
            7,
            10,
            1000,
            999_983,
            u64::MAX / 3,
            u64::MAX - 5,
        ] {
            let r = ((1u128 << 64) % u128::from(m)) as u64;
            let limit = (1u128 << 64) - u128::from(r);
            for x in [
                0,
                1,
                m - 1,
                u64::MAX - r,
                u64::MAX - r.saturating_sub(1),
                u64::MAX,
            ] {
                let accept = u128::from(x) < limit;
                assert_eq!(uniform_index(x, nz(m)).is_some(), accept, "m={m} x={x}");
            }
        }
    }

    #[test]
    fn stream_is_concatenated_blocks() {
        let seed = Seed::parse(&"00".repeat(16)).unwrap();
        let digest = [7u8; 32];
        let mut stream = RandomStream::new(&seed, &digest);
        let mut bytes = Vec::new();
        for _ in 0..8 {
            bytes.extend_from_slice(&stream.next_u64().to_be_bytes());
        }
        let mut expected = Vec::new();
        for counter in 0u64..2 {
            let mut h = Sha256::new();
            h.update([0u8; 16]);
            h.update(digest);
            h.update(counter.to_be_bytes());
            expected.extend_from_slice(&h.finalize());
        }
        assert_eq!(bytes, expected);
    }

    #[test]
    fn shuffle_step_past_the_end_consumes_nothing() {
        let seed = Seed::parse(&"11".repeat(16)).unwrap();
        let mut a = RandomStream::new(&seed, &[0; 32]);
        let mut b = a.clone();
        let mut items = [1, 2, 3];
        assert!(!shuffle_step(&mut items, 3, &mut a));
        assert_eq!(a.next_u64(), b.next_u64());
        assert_eq!(shuffle_prefix(&mut items, 10, &mut a).len(), 3);
    }

    #[test]
    fn hash_of_ids() {
        // SHA-256("a\nb").
        let d = hash_sorted_ids(&["a", "b"]);
        let mut h = Sha256::new();
        h.update(b"a\nb");
        assert_eq!(d, <[u8; 32]>::from(h.finalize()));
        // Long lists are hashed in pieces; the result is the hash of the joined text.
        let long: Vec<String> = (0..300).map(|i| format!("{i:0>1000}")).collect();
        assert_eq!(
            hash_sorted_ids(&long),
            <[u8; 32]>::from(Sha256::digest(long.join("\n").as_bytes()))
        );
        // The empty list hashes the empty string.
        assert_eq!(
            hex::encode(&hash_sorted_ids::<&str>(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
