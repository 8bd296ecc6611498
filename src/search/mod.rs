//! Search: an index over document fields and a query evaluator that
//! returns ranked documents, a snippet with highlights, and every hit.
//! All results are data; no markup is produced here.
//!
//! Stages: [`query`] parses leniently into a tree plus diagnostics; acronyms
//! are expanded against the index; `eval` scores each node with BM25F over
//! the positional index in [`index`] (typos through `fuzzy`); results are
//! ranked, faceted and cut into snippets.

mod eval;
pub mod filters;
mod fuzzy;
mod index;
pub mod query;
mod snippet;
pub mod wire;

use crate::corpus::Corpus;
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use query::{Node, Occur};

pub use eval::Options;
pub use index::{
    group_of, DocInfo, Index, IndexBuilder, IndexParts, Occ, ENTITY_FIELD, GROUPS, G_BODY, G_ENTITY,
};
pub use snippet::Snippet;

/// Queries of at most this many words rank a document matching all words
/// above one matching some; longer (natural-language) queries rank by
/// score alone, where a strict tier would let one stray word dominate.
const TIER_MAX_CLAUSES: usize = 4;
/// Queries of at least this many words are questions, not names: they
/// get pseudo-relevance feedback.
const FEEDBACK_MIN_WORDS: usize = 5;

/// A match of the query in one field of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Index into the document's fields.
    pub field: usize,
    /// Span in the field's text.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct SearchResult {
    /// Index into [`Corpus::documents`].
    pub doc: usize,
    pub score: f32,
    pub snippet: Snippet,
    /// Every hit of the document, in reading order.
    pub hits: Vec<Hit>,
    /// The distinct words the hits cover, as first written ("Taliban",
    /// "Kyrgyzstan" for a query "talibn kirgyzstan").
    pub matched_terms: Vec<String>,
}

/// A facet value and how many matching documents have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// Counts over all matching documents (not only the returned ones); each
/// value works as a filter: `section:"value"`, `kind:value`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub sections: Vec<FacetCount>,
    pub kinds: Vec<FacetCount>,
}

#[derive(Clone, Debug, Default)]
pub struct SearchOutput {
    /// The query as it was run.
    pub query: String,
    pub diagnostics: Vec<String>,
    /// How many documents matched (results may be fewer, by `limit`).
    pub total: usize,
    pub results: Vec<SearchResult>,
    pub facets: Facets,
}

/// How to search: as the page does by default (prefix and typos on).
#[derive(Clone, Copy, Debug)]
pub struct SearchOptions {
    pub limit: usize,
    pub matching: Options,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            matching: Options::default(),
        }
    }
}

impl Index {
    /// Run `query`; never fails, whatever the string.
    pub fn search(&self, corpus: &Corpus, query: &str, limit: usize) -> SearchOutput {
        self.search_with(
            corpus,
            query,
            &SearchOptions {
                limit,
                ..SearchOptions::default()
            },
        )
    }

    /// Run `query` with explicit options; never fails.
    pub fn search_with(&self, corpus: &Corpus, query: &str, opts: &SearchOptions) -> SearchOutput {
        let (node, mut diagnostics) = query::parse(query);
        let node = self.expand_acronyms(node);
        let mut ev = eval::Eval::new(self, corpus, opts.matching);
        let mut matches = ev.eval(&node, eval::ALL);
        if let Node::Seq(items) = &node {
            let content = items
                .iter()
                .filter(|(o, n)| *o == Occur::Should && matches!(n, Node::Term { .. }))
                .count();
            if content >= FEEDBACK_MIN_WORDS {
                ev.feedback(items, &mut matches);
            }
        }
        diagnostics.append(&mut ev.diags);
        let tiered = match &node {
            Node::Seq(items) => {
                items
                    .iter()
                    .filter(|(o, n)| *o != Occur::MustNot && !n.is_filter())
                    .count()
                    <= TIER_MAX_CLAUSES
            }
            _ => true,
        };
        let mut ranked: Vec<(u32, eval::DocMatch)> = matches.into_iter().collect();
        ranked.sort_by(|(da, a), (db, b)| {
            let tier = if tiered {
                (b.coverage, b.quality).cmp(&(a.coverage, a.quality))
            } else {
                std::cmp::Ordering::Equal
            };
            tier.then(b.score.total_cmp(&a.score)).then(da.cmp(db))
        });
        let facets = self.facets(corpus, ranked.iter().map(|(d, _)| *d as usize));
        let total = ranked.len();
        let results = ranked
            .into_iter()
            .take(opts.limit)
            .filter_map(|(doc, m)| {
                let document = corpus.documents.get(doc as usize)?;
                let hits = merge_hits(split_words(document, m.hits));
                let snippet = Snippet::best(document, &hits);
                let matched_terms = matched_terms(document, &hits);
                Some(SearchResult {
                    doc: doc as usize,
                    score: m.score,
                    snippet,
                    hits,
                    matched_terms,
                })
            })
            .collect();
        SearchOutput {
            query: node.to_string(),
            diagnostics,
            total,
            results,
            facets,
        }
    }

    /// `IMU` also searches "Islamic Movement of Uzbekistan".
    fn expand_acronyms(&self, node: Node) -> Node {
        match node {
            Node::Term { text, prefix } => {
                let upper =
                    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase);
                let long = if text.chars().count() >= 2 && (upper || text.chars().count() >= 3) {
                    self.acronym(&text).map(str::to_string)
                } else {
                    None
                };
                match long {
                    Some(long) => Node::Or(vec![
                        Node::Term {
                            text,
                            prefix: false,
                        },
                        Node::Phrase(long),
                    ]),
                    None => Node::Term { text, prefix },
                }
            }
            Node::Seq(items) => Node::Seq(
                items
                    .into_iter()
                    .map(|(o, n)| (o, self.expand_acronyms(n)))
                    .collect(),
            ),
            Node::Or(alts) => Node::Or(alts.into_iter().map(|n| self.expand_acronyms(n)).collect()),
            Node::Not(inner) => Node::Not(Box::new(self.expand_acronyms(*inner))),
            Node::Field(sel, inner) => Node::Field(sel, Box::new(self.expand_acronyms(*inner))),
            other => other,
        }
    }

    fn facets(&self, corpus: &Corpus, docs: impl Iterator<Item = usize>) -> Facets {
        let docs: Vec<usize> = docs.collect();
        let mut sections: Vec<FacetCount> = Vec::new();
        for &d in &docs {
            let Some(s) = corpus.documents.get(d).and_then(|doc| doc.section()) else {
                continue;
            };
            match sections.iter_mut().find(|f| f.value == s) {
                Some(f) => f.count += 1,
                None => sections.push(FacetCount {
                    value: s.to_string(),
                    count: 1,
                }),
            }
        }
        let mut kinds = Vec::new();
        for kind in EntityKind::ALL {
            let mut with: Vec<usize> = self.kind_mentions(kind).iter().map(|m| m.0).collect();
            with.sort_unstable();
            with.dedup();
            let count = docs
                .iter()
                .filter(|d| with.binary_search(d).is_ok())
                .count();
            if count > 0 {
                kinds.push(FacetCount {
                    value: kind.name().to_string(),
                    count,
                });
            }
        }
        sections.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        Facets { sections, kinds }
    }
}

/// Distinct hit words, compared folded, in order of first appearance.
fn matched_terms(doc: &crate::corpus::Document, hits: &[Hit]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for h in hits {
        let text = doc
            .fields
            .get(h.field)
            .map_or("", |f| h.span.slice(&f.text));
        let key = crate::text::fold(text);
        if !text.is_empty() && !seen.contains(&key) {
            seen.push(key);
            out.push(text.to_string());
        }
    }
    out
}

/// Hits cut into their words, so that a highlight never covers the
/// hyphen of "COVID-19" or the spaces of a regex match.
fn split_words(doc: &crate::corpus::Document, hits: Vec<Hit>) -> Vec<Hit> {
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        let text = doc
            .fields
            .get(h.field)
            .map_or("", |f| h.span.slice(&f.text));
        if text.chars().all(char::is_alphanumeric) {
            out.push(h);
            continue;
        }
        let words = crate::text::tokenize(text);
        if words.is_empty() {
            out.push(h);
        }
        out.extend(words.into_iter().map(|w| Hit {
            field: h.field,
            span: Span::new(h.span.start + w.span.start, h.span.start + w.span.end),
        }));
    }
    out
}

/// Hits sorted in reading order, overlapping ones merged ("COVID-19" and
/// its part "COVID" become one).
fn merge_hits(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort();
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if h.span.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.field == h.field && h.span.start < last.span.end => {
                last.span.end = last.span.end.max(h.span.end);
            }
            _ => out.push(h),
        }
    }
    out
}

impl Index {
    /// The entity set the index was built with (for callers that only hold the index).
    pub fn entity_set(&self) -> &EntitySet {
        &self.entities
    }
}
