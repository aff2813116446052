//! A fast hasher for the crate's own maps.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A word-at-a-time multiplicative hash (the construction of rustc's
/// `FxHasher`): eight bytes a step, much faster than the default hasher on
/// the short keys the crate hashes on every row (cell texts, indicator
/// codes, small integer keys).
///
/// It is not resistant to keys chosen to collide. The maps that use it are
/// keyed by texts and groups from a caller's data, whose number is bounded
/// by what the caller asks for; a file crafted to collide could slow
/// lookups, never change a result.
#[derive(Debug, Default)]
pub(crate) struct Fast(u64);

/// The multiplier of the hash: a large odd constant with well-mixed bits.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fast {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fast {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weakest; the table indexes with
        // them, so fold the high bits down.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in words.by_ref() {
            if let Ok(word) = <[u8; 8]>::try_from(word) {
                self.add(u64::from_le_bytes(word));
            }
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            if let Some(head) = last.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A `HashMap` that hashes with [`Fast`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fast>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_hash_tells_apart_texts_that_differ_in_length_or_one_byte() {
        let hash = |bytes: &[u8]| {
            let mut h = Fast::default();
            h.write(bytes);
            h.finish()
        };
        let texts: [&[u8]; 6] = [
            b"",
            b"a",
            b"a\0",
            b"Vihaan",
            b"Vihaam",
            b"LIFT International",
        ];
        for (i, a) in texts.iter().enumerate() {
            assert_eq!(hash(a), hash(a), "{a:?}");
            for b in texts.iter().skip(i + 1) {
                assert_ne!(hash(a), hash(b), "{a:?} {b:?}");
            }
        }
    }
}
