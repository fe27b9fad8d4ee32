//! Loki's label filter hints: a parser checks the label it has just set
//! against the first label filter of the pipeline on that label, and drops
//! the entry at once when the filter fails. Loki 3.7 does this even when a
//! stage in between rewrites the label (`| logfmt | label_format
//! status="x" | status="x"` returns nothing for lines that had a status).
//! Only filters on one label take part (not `and`/`or`), and a filter that
//! names no label (`x=~".*"`) still takes a slot, so the names after it
//! pair with the filter before them, as in Loki.

use super::filters::Filter;
use super::row::Row;

#[derive(Default)]
pub struct Hints {
    names: Vec<String>,
    filters: Vec<Filter>,
}

impl Hints {
    pub fn new<'a>(filters: impl Iterator<Item = &'a Filter>) -> Hints {
        let mut h = Hints::default();
        for f in filters {
            match f {
                Filter::And(..) | Filter::Or(..) => continue,
                Filter::Noop => h.filters.push(Filter::Noop),
                f => {
                    h.names.push(f.single_name().unwrap_or_default().to_string());
                    h.filters.push(f.clone());
                }
            }
        }
        h
    }

    /// Does the entry survive the hint for `name`, just set by a parser?
    pub fn keeps(&self, name: &str, row: &mut Row<'_>) -> bool {
        if self.names.is_empty() {
            return true;
        }
        match self.names.iter().position(|n| n == name) {
            Some(i) => self.filters[i].eval(row),
            None => true,
        }
    }
}
