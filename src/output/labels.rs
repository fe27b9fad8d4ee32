//! Which labels an entry shows: common labels removed (fixed from the first
//! page of a query, as logcli announces them once), `--include-label` /
//! `--exclude-label` applied.

use crate::core::LabelSet;

/// Label flags, resolved once.
#[derive(Debug, Clone, Default)]
pub struct LabelOptions {
    pub no_labels: bool,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub include_common: bool,
    /// Pad label text to at least this many characters (`--labels-length`).
    pub min_width: usize,
}

/// The labels to show for one stream once common labels are fixed.
#[derive(Debug, Clone, Default)]
pub struct LabelSelector {
    common: LabelSet,
    include: Vec<String>,
    exclude: Vec<String>,
}

impl LabelSelector {
    /// Common labels are those shared by every stream of `first` (the first
    /// page), minus `--include-label` names; none with `--include-common-labels`.
    pub fn new<'a>(opts: &LabelOptions, first: impl IntoIterator<Item = &'a LabelSet>) -> Self {
        let mut common: Option<LabelSet> = None;
        if !opts.include_common {
            for ls in first {
                common = Some(match common {
                    None => ls.clone(),
                    Some(c) => c.intersect(ls),
                });
            }
        }
        let mut common = common.unwrap_or_default();
        if !opts.include.is_empty() {
            common = common.select(&opts.include, false);
        }
        LabelSelector {
            common,
            include: opts.include.clone(),
            exclude: opts.exclude.clone(),
        }
    }

    pub fn common(&self) -> &LabelSet {
        &self.common
    }

    /// Labels shown in default output (common removed, include/exclude applied).
    pub fn shown(&self, ls: &LabelSet) -> LabelSet {
        self.filter(ls.subtract(&self.common))
    }

    /// Labels written in jsonl: the full set, include/exclude applied.
    pub fn json(&self, ls: &LabelSet) -> LabelSet {
        self.filter(ls.clone())
    }

    fn filter(&self, mut ls: LabelSet) -> LabelSet {
        if !self.include.is_empty() {
            ls = ls.select(&self.include, true);
        }
        if !self.exclude.is_empty() {
            ls = ls.select(&self.exclude, false);
        }
        ls
    }
}
