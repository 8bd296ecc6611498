//! Search: an index over document fields and a query evaluator that
//! returns ranked documents, a snippet with highlights, and every hit.
//! All results are data; no markup is produced here.

mod snippet;
pub mod wire;

use crate::corpus::Corpus;
use crate::entities::EntitySet;
use crate::span::Span;
use crate::text::{tokenize, Token};

pub use snippet::Snippet;

/// Longest query taken as typed; the rest is dropped with a diagnostic.
const MAX_QUERY_TERMS: usize = 32;

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
}

#[derive(Clone, Debug, Default)]
pub struct SearchOutput {
    /// The query as it was run.
    pub query: String,
    pub diagnostics: Vec<String>,
    /// How many documents matched (results may be fewer, by `limit`).
    pub total: usize,
    pub results: Vec<SearchResult>,
}

/// The tokens of every field of every document.
#[derive(Clone, Debug, Default)]
pub struct Index {
    docs: Vec<Vec<Vec<Token>>>,
}

impl Index {
    /// Index `corpus`; `entities` feeds entity-name fields and `kind:` filters.
    pub fn build(corpus: &Corpus, _entities: &EntitySet) -> Index {
        Index {
            docs: corpus
                .documents
                .iter()
                .map(|d| d.fields.iter().map(|f| tokenize(&f.text)).collect())
                .collect(),
        }
    }

    /// Run `query`; never fails, whatever the string.
    pub fn search(&self, corpus: &Corpus, query: &str, limit: usize) -> SearchOutput {
        let mut out = SearchOutput {
            query: query.to_string(),
            ..SearchOutput::default()
        };
        let mut terms: Vec<String> = tokenize(query).into_iter().map(|t| t.folded).collect();
        if terms.len() > MAX_QUERY_TERMS {
            out.diagnostics.push(format!(
                "query too long: only its first {MAX_QUERY_TERMS} words were searched"
            ));
            terms.truncate(MAX_QUERY_TERMS);
        }
        if terms.is_empty() {
            return out;
        }
        // The last term is still being typed: it matches as a prefix.
        let prefix_from = terms.len() - 1;
        let mut results = Vec::new();
        for (doc, fields) in self.docs.iter().enumerate() {
            let mut hits = Vec::new();
            let mut matched = vec![false; terms.len()];
            for (field, tokens) in fields.iter().enumerate() {
                for tok in tokens {
                    for (i, term) in terms.iter().enumerate() {
                        let ok = tok.folded == *term
                            || (i == prefix_from && tok.folded.starts_with(term.as_str()));
                        if ok {
                            matched[i] = true;
                            hits.push(Hit {
                                field,
                                span: tok.span,
                            });
                            break;
                        }
                    }
                }
            }
            if hits.is_empty() {
                continue;
            }
            let coverage = matched.iter().filter(|m| **m).count() as f32;
            let score = coverage * 10.0 + (hits.len() as f32).ln_1p();
            let Some(document) = corpus.documents.get(doc) else {
                continue;
            };
            let snippet = Snippet::best(document, &hits);
            results.push(SearchResult {
                doc,
                score,
                snippet,
                hits,
            });
        }
        results.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        out.total = results.len();
        results.truncate(limit);
        out.results = results;
        out
    }
}
