//! Events, quotes and figures: what the text says happened when, who said
//! what, and how many of something an entity has.
//!
//! All three are plain functions over `&Corpus, &EntitySet`, built on the
//! entities stage: dates are its Date entities (with their normalised
//! `value`), figures its Quantity entities. Each result names a document, a
//! field and spans in that field's text; [`wire`] turns them into input
//! offsets for the command line.
//!
//! * [`timeline`]: every dated statement, sorted by date; relative dates
//!   ("a year later", "last year", "May 1") resolved only from an anchor the
//!   text gives, otherwise kept and marked approximate.
//! * [`quotes`]: every quoted statement with its speaker, or unattributed.
//!   Scare quotes and quoted names (1-3 words, or Title Case) are left out.
//! * [`period`]: the timeline's periods (decade, year, month, day): the
//!   run of events each holds and the counts its axis shows.
//! * [`figures`]: every quantity with its qualifier, number, unit and the
//!   entity it is given for.

mod figures;
pub mod period;
mod quotes;
pub mod sentences;
mod timeline;
pub mod wire;

pub(crate) use figures::figures_of;
pub use figures::{figures, Figure};
pub use period::Period;
pub(crate) use quotes::quotes_of;
pub use quotes::{quotes, Quote};
pub use sentences::sentences;
pub(crate) use timeline::{sort_timeline, timeline_of};
pub use timeline::{timeline, Event};

use crate::corpus::{Corpus, FieldKind};
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use std::collections::HashMap;

/// One entity mention, located in its field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Located {
    pub span: Span,
    pub entity: usize,
    pub kind: EntityKind,
}

/// Mentions by `(doc, field)`, sorted by position, and what the stages
/// look up across the whole entity set, prepared once per build.
#[derive(Default)]
pub(crate) struct FieldMentions {
    map: HashMap<(usize, usize), Vec<Located>>,
    /// The persons' surnames, for a pronoun's antecedent (quotes).
    pub surnames: quotes::Surnames,
}

impl FieldMentions {
    pub fn get(&self, key: &(usize, usize)) -> Option<&Vec<Located>> {
        self.map.get(key)
    }
}

pub(crate) fn mentions_by_field(set: &EntitySet) -> FieldMentions {
    let mut map: HashMap<(usize, usize), Vec<Located>> = HashMap::new();
    for (i, e) in set.entities.iter().enumerate() {
        for m in &e.mentions {
            map.entry((m.doc, m.field)).or_default().push(Located {
                span: m.span,
                entity: i,
                kind: e.kind,
            });
        }
    }
    for v in map.values_mut() {
        v.sort_by_key(|l| (l.span.start, l.span.end));
    }
    FieldMentions {
        map,
        surnames: quotes::Surnames::of(set),
    }
}

/// Named things (not dates or quantities) a statement can be about.
pub(crate) fn is_named(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Date | EntityKind::Quantity)
}

/// The fields of document `di` worth reading for statements: all but section labels.
pub(crate) fn doc_text_fields(
    corpus: &Corpus,
    di: usize,
) -> impl Iterator<Item = (usize, usize, &str)> {
    corpus.documents.get(di).into_iter().flat_map(move |d| {
        d.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind != FieldKind::Section)
            .map(move |(fi, f)| (di, fi, f.text.as_str()))
    })
}

/// The mentions of `ms` (sorted by position) that start inside `within` or
/// at its end: all that `within` can contain, found by binary search so that
/// a long field's mentions are not walked once per sentence.
pub(crate) fn starting_in(ms: &[Located], within: Span) -> &[Located] {
    let a = ms.partition_point(|l| l.span.start < within.start);
    let b = ms.partition_point(|l| l.span.start <= within.end);
    ms.get(a..b.max(a)).unwrap_or(&[])
}

/// The mentions of `ms` (sorted by position, none longer than `longest`
/// bytes) that may overlap `span`: a superset, to filter with `overlaps`.
pub(crate) fn near(ms: &[Located], span: Span, longest: usize) -> &[Located] {
    let from = span.start.saturating_sub(longest);
    let a = ms.partition_point(|l| l.span.start < from);
    let b = ms.partition_point(|l| l.span.start < span.end.max(span.start + 1));
    ms.get(a..b.max(a)).unwrap_or(&[])
}

/// The longest mention of `ms`, in bytes.
pub(crate) fn longest(ms: &[Located]) -> usize {
    ms.iter().map(|l| l.span.len()).max().unwrap_or(0)
}

/// The named entities mentioned inside `within`, in order of first mention, once each.
pub(crate) fn entities_in(mentions: &[Located], within: Span) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for l in starting_in(mentions, within) {
        if is_named(l.kind) && within.contains(l.span) && !out.contains(&l.entity) {
            out.push(l.entity);
        }
    }
    out
}

/// A span shrunk to drop surrounding whitespace and the characters in `strip`.
pub(crate) fn trim_span(text: &str, span: Span, strip: &[char]) -> Span {
    let s = span.slice(text);
    let t = s.trim_matches(|c: char| c.is_whitespace() || strip.contains(&c));
    if t.is_empty() {
        return Span::new(span.start, span.start);
    }
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_whitespace() || strip.contains(&c))
            .len();
    Span::new(span.start + lead, span.start + lead + t.len())
}
