//! Data derived from a document's layers, kept beside the document so that
//! several components can share it instead of each rebuilding it.
//!
//! A component that needs an expensive view of the document (the relation,
//! event and attribute extractors all read the same sentence views) asks
//! [`Doc::derived`] for it under a *key*: a fingerprint of everything the
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
    pub fn get_or_build<T: Any + Send + Sync>(&self, key: u64, build: impl FnOnce() -> T) -> Arc<T> {
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

    /// Drops every derived value.
    pub fn clear(&self) {
        self.slots.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
