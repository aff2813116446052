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

/// Whether two texts are the same bytes: `a == b`, compared eight bytes
/// at a time in line, where `==` calls the C library's `memcmp` (which
/// costs more than the comparison for a cell's few bytes).
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let word = |bytes: &[u8], at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes)
    };
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        // Without a branch a byte, which the compiler would make a call.
        return a.iter().zip(b).fold(0, |d, (x, y)| d | (x ^ y)) == 0;
    }
    let mut at = 0;
    while at + 8 < a.len() {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight, which may overlap the word before.
    word(a, a.len() - 8) == word(b, b.len() - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn same_bytes_is_equality(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            flip in proptest::prelude::any::<proptest::sample::Index>(),
            cut in 0..3usize,
        ) {
            proptest::prop_assert!(same_bytes(&a, &a.clone()));
            // One byte changed, or a byte cut from the end.
            if !a.is_empty() {
                let mut b = a.clone();
                let i = flip.index(b.len());
                b[i] ^= 1 << (i % 8);
                proptest::prop_assert!(!same_bytes(&a, &b));
                b = a.clone();
                b.truncate(a.len().saturating_sub(cut.max(1)));
                proptest::prop_assert!(!same_bytes(&a, &b));
                proptest::prop_assert!(!same_bytes(&b, &a));
            }
        }
    }

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
