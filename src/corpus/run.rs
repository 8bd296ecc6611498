//! `Run`: a piece of derived text with its map to the input bytes, and the
//! one way every stage changes text (a list of edits), so maps compose.

use crate::span::Span;
use crate::text::{MapBuilder, OffsetMap};
use std::ops::Range;

#[derive(Clone, Debug, Default)]
pub(crate) struct Run {
    pub text: String,
    pub map: OffsetMap,
}

/// Replace `range` of a run's text with `with` (empty `with` deletes; an
/// empty range inserts).
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub with: &'static str,
}

impl Edit {
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, with: "" }
    }

    pub fn insert(at: usize, with: &'static str) -> Edit {
        Edit {
            range: at..at,
            with,
        }
    }

    pub fn replace(range: Range<usize>, with: &'static str) -> Edit {
        Edit { range, with }
    }
}

impl Run {
    pub fn from_builder(b: MapBuilder) -> Run {
        let (text, map) = b.finish();
        Run { text, map }
    }

    /// A sub-run; a range off character boundaries gives an empty run.
    pub fn slice(&self, range: Range<usize>) -> Run {
        let mut b = MapBuilder::new();
        b.append_from(&self.text, &self.map, range);
        Run::from_builder(b)
    }

    /// The input bytes this run covers.
    pub fn span(&self) -> Span {
        self.map.original_extent()
    }

    /// Concatenate runs (their maps keep pointing at their own input bytes).
    pub fn join(parts: &[&Run], sep: &'static str) -> Run {
        Run::join_with(parts, |_, _| sep)
    }

    /// Concatenate runs with a separator chosen per pair.
    pub fn join_with(parts: &[&Run], sep: impl Fn(&Run, &Run) -> &'static str) -> Run {
        let mut b = MapBuilder::new();
        let mut prev: Option<&Run> = None;
        for p in parts {
            if let Some(q) = prev {
                let s = sep(q, p);
                if !s.is_empty() {
                    let at = p.span().start;
                    b.replace(s, Span::new(at, at));
                }
            }
            b.append_from(&p.text, &p.map, 0..p.text.len());
            prev = Some(p);
        }
        Run::from_builder(b)
    }

    /// Apply edits (sorted by start; overlapping or off-boundary ones are skipped).
    pub fn edit(&self, mut edits: Vec<Edit>) -> Run {
        if edits.is_empty() {
            return self.clone();
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut b = MapBuilder::new();
        let mut at = 0;
        for e in edits {
            let (s, t) = (e.range.start, e.range.end.min(self.text.len()));
            if s < at || s > t || self.text.get(s..t).is_none() {
                continue;
            }
            b.append_from(&self.text, &self.map, at..s);
            let orig = self.map.to_original(Span::new(s, t));
            b.replace(e.with, orig);
            at = t;
        }
        b.append_from(&self.text, &self.map, at..self.text.len());
        Run::from_builder(b)
    }

    /// The same, without copying when there is nothing to drop.
    pub fn into_trimmed(self) -> Run {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        if start == 0 && end == self.text.len() {
            return self;
        }
        self.trim()
    }

    /// Drop leading and trailing whitespace.
    pub fn trim(&self) -> Run {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        if start == 0 && end == self.text.len() {
            return self.clone();
        }
        if start >= end {
            return Run::default();
        }
        self.slice(start..end)
    }
}
