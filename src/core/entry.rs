//! An owned log entry, cheap to clone: labels and line are shared.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::labels::{is_query_time_label, LabelSet};

/// One entry as the tail and the local engine hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub ts: i64,
    pub labels: Arc<LabelSet>,
    pub line: Arc<str>,
}

impl Entry {
    /// (timestamp, 64-bit hash of labels and line): what makes two copies
    /// of an entry the same entry. Query-time labels (`detected_level`) are
    /// left out, so a live frame and a query answer agree.
    pub fn identity(&self) -> (i64, u64) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (k, v) in self.labels.pairs() {
            if !is_query_time_label(k) {
                k.hash(&mut h);
                v.hash(&mut h);
            }
        }
        self.line.hash(&mut h);
        (self.ts, h.finish())
    }
}
