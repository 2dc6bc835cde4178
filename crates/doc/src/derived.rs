//! Data derived from a document's layers, kept beside the document so that
//! several components can share it instead of each rebuilding it.
//!
//! A component that needs an expensive view of the document (the relation,
//! event and attribute extractors all read the same sentence views) asks
//! [`Doc::derived`](crate::Doc::derived) for it under a *key*: a fingerprint of everything the
//! view is computed from. Layers are public fields that any component may
//! change, so the cache cannot know when it is stale; the key does. A
//! changed layer gives another key, and the view is built anew.
//!
//! ```
//! use dossier_doc::{Doc, Meta};
//! let doc = Doc::new(Meta::default(), "One sentence.".into());
//! let key = doc.text.len() as u64;
//! let a = doc.derived(key, || doc.text.to_uppercase());
//! let b = doc.derived(key, || unreachable!("built once"));
//! assert!(std::sync::Arc::ptr_eq(&a, &b));
//! ```

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex};

type Entry = (TypeId, u64, Arc<dyn Any + Send + Sync>);

/// One derived value per type, with the key it was built under. Cloning a
/// document does not clone its cache.
#[derive(Default)]
pub struct DerivedCache {
    slots: Mutex<Vec<Entry>>,
}

impl Clone for DerivedCache {
    fn clone(&self) -> Self {
        DerivedCache::default()
    }
}

impl std::fmt::Debug for DerivedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.slots.lock().map(|s| s.len()).unwrap_or(0);
        write!(f, "DerivedCache({n} values)")
    }
}

impl DerivedCache {
    /// The value of type `T` built under `key`, building it with `build`
    /// (and replacing any value of that type built under another key) if
    /// there is none. `build` runs without the cache locked.
    pub fn get_or_build<T: Any + Send + Sync>(
        &self,
        key: u64,
        build: impl FnOnce() -> T,
    ) -> Arc<T> {
        let ty = TypeId::of::<T>();
        let found = self
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(t, k, _)| *t == ty && *k == key)
            .map(|(_, _, v)| v.clone());
        if let Some(v) = found.and_then(|v| v.downcast::<T>().ok()) {
            return v;
        }
        let value = Arc::new(build());
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.retain(|(t, _, _)| *t != ty);
        slots.push((ty, key, value.clone()));
        value
    }

    /// Keeps only the derived values whose type `keep` accepts.
    pub fn retain(&self, keep: impl Fn(TypeId) -> bool) {
        self.slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(t, _, _)| keep(*t));
    }

    /// Drops every derived value.
    pub fn clear(&self) {
        self.slots.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A fast 64-bit hasher for fingerprints of layers (megabytes of text and
/// tokens hashed in a few milliseconds): each 8-byte word is folded in by a
/// 128-bit multiply, as in wyhash and foldhash. Not keyed, so not for maps
/// that face adversarial keys.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint(u64);

const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let m = (a as u128).wrapping_mul(b as u128);
    (m as u64) ^ ((m >> 64) as u64)
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(K0)
    }
}

impl std::hash::Hasher for Fingerprint {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = fold(self.0 ^ w, K1);
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        // the length keeps "ab" + "" apart from "a" + "b"
        self.0 = fold(self.0 ^ u64::from_le_bytes(last), K1 ^ rest.len() as u64);
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = fold(self.0 ^ n, K1);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64 | 0x100);
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64 | 0x1_0000_0000);
    }
    fn finish(&self) -> u64 {
        fold(self.0, K0 ^ K1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_small_changes_apart() {
        use std::hash::{Hash, Hasher};
        let fp = |v: &dyn Fn(&mut Fingerprint)| {
            let mut h = Fingerprint::default();
            v(&mut h);
            h.finish()
        };
        let mut seen = std::collections::HashSet::new();
        for s in [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
        ] {
            assert!(seen.insert(fp(&|h| s.hash(h))), "{s:?}");
        }
        assert_ne!(fp(&|h| ("ab", "").hash(h)), fp(&|h| ("a", "b").hash(h)));
        assert_ne!(
            fp(&|h| (0usize, 1usize).hash(h)),
            fp(&|h| (1usize, 0usize).hash(h))
        );
        assert_ne!(
            fp(&|h| Some(0usize).hash(h)),
            fp(&|h| None::<usize>.hash(h))
        );
        for i in 0..1000u64 {
            assert!(seen.insert(fp(&|h| i.hash(h))));
        }
    }

    #[test]
    fn one_value_per_type_and_key() {
        let c = DerivedCache::default();
        let a = c.get_or_build(1, || 10u32);
        assert_eq!(*c.get_or_build(1, || 20u32), 10);
        // another key replaces the value of that type
        assert_eq!(*c.get_or_build(2, || 30u32), 30);
        assert_eq!(*c.get_or_build(1, || 40u32), 40);
        assert_eq!(*a, 10, "a value already handed out lives on");
        // types do not collide
        assert_eq!(*c.get_or_build(1, || "s"), "s");
        assert_eq!(*c.get_or_build(1, || 50u32), 40);
        // clones start empty
        assert_eq!(*c.clone().get_or_build(1, || 60u32), 60);
        c.clear();
        assert_eq!(*c.get_or_build(1, || 70u32), 70);
    }
}
