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
use crate::entities::EntitySet;
use crate::span::Span;
use query::{Node, Occur};

pub use eval::Options;
pub use index::{
    doc_freq, group_of, surface_key, DocInfo, Index, IndexBuilder, IndexParts, Lazy, Occ,
    ENTITY_FIELD, FACET_KINDS, GROUPS, G_BODY, G_ENTITY,
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

/// What an index read on demand must read in before it can answer a
/// query in full: term ids (their postings), document numbers (their
/// text, for snippets and feedback) and entity numbers (their mentions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub terms: Vec<u32>,
    pub texts: Vec<u32>,
    pub mentions: Vec<u32>,
    /// The whole entity table (names and kinds): `kind:` and `entity:`
    /// look through every entity.
    pub entity_table: bool,
}

impl Needs {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.texts.is_empty()
            && self.mentions.is_empty()
            && !self.entity_table
    }

    fn tidy(&mut self) {
        for v in [&mut self.terms, &mut self.texts, &mut self.mentions] {
            v.sort_unstable();
            v.dedup();
        }
    }
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
    /// Empty when the answer is complete; else what to read in first.
    pub needs: Needs,
}

/// How to search: as the page does by default (prefix and typos on).
#[derive(Clone, Copy, Debug)]
pub struct SearchOptions {
    pub limit: usize,
    pub matching: Options,
    /// Return only this document's result (its hits for the reading view),
    /// so that only its text is needed.
    pub only: Option<usize>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            matching: Options::default(),
            only: None,
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
    ///
    /// Two passes: the first scores every match (for the ranking, the
    /// total and the facets) without collecting a hit, the second walks
    /// only the postings of the results shown, for their hits and
    /// snippets; so a query of the commonest word does no more per
    /// document than add to its score. A regex's matches are capped in
    /// document order, so a query with one keeps its hits from the first.
    pub fn search_with(&self, corpus: &Corpus, query: &str, opts: &SearchOptions) -> SearchOutput {
        let (node, diagnostics) = query::parse(query);
        let node = self.expand_acronyms(node);
        let one_pass = has_regex(&node);
        let mut ev = eval::Eval::new(self, corpus, opts.matching);
        ev.hits = one_pass;
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
        let diagnostics = query::collapse(diagnostics.into_iter().chain(ev.diags.drain(..)));
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
        let order = |(da, a): &(u32, eval::DocMatch), (db, b): &(u32, eval::DocMatch)| {
            let tier = if tiered {
                (b.coverage, b.quality).cmp(&(a.coverage, a.quality))
            } else {
                std::cmp::Ordering::Equal
            };
            tier.then(b.score.total_cmp(&a.score)).then(da.cmp(db))
        };
        let mut ranked: Vec<(u32, eval::DocMatch)> = matches.into_iter().collect();
        let facets = self.facets(corpus, ranked.iter().map(|(d, _)| *d as usize));
        let total = ranked.len();
        if let Some(only) = opts.only {
            ranked.retain(|(d, _)| *d as usize == only);
        }
        // The best `limit` in order; the rest need no order (the order is
        // total, so these are exactly the first of a full sort).
        if opts.limit == 0 {
            ranked.clear();
        } else if ranked.len() > opts.limit {
            ranked.select_nth_unstable_by(opts.limit - 1, order);
            ranked.truncate(opts.limit);
        }
        ranked.sort_by(order);
        let mut needs_texts = Vec::new();
        ranked.retain(|(doc, _)| {
            let here = self.has_text(*doc);
            if !here {
                needs_texts.push(*doc);
            }
            here
        });
        let mut needs = ev.needs.into_inner();
        needs.texts.extend(needs_texts);
        if !one_pass && !ranked.is_empty() {
            let mut shown: Vec<u32> = ranked.iter().map(|(d, _)| *d).collect();
            shown.sort_unstable();
            let mut second = eval::Eval::new(self, corpus, opts.matching);
            second.within = Some(shown);
            let mut found = second.eval(&node, eval::ALL);
            for (doc, m) in &mut ranked {
                if let Some(f) = found.remove(doc) {
                    m.hits = f.hits;
                }
            }
        }
        let results = ranked
            .into_iter()
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
        needs.tidy();
        SearchOutput {
            query: node.to_string(),
            diagnostics,
            total,
            results,
            facets,
            needs,
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
            Node::Phrase(p) => {
                let shorts = self.acronyms_of(&eval::words(&p));
                if shorts.is_empty() {
                    Node::Phrase(p)
                } else {
                    Node::Or(std::iter::once(Node::Phrase(p)).chain(shorts).collect())
                }
            }
            Node::Seq(items) => {
                let items: Vec<(Occur, Node)> = items
                    .into_iter()
                    .map(|(o, n)| (o, self.expand_acronyms(n)))
                    .collect();
                Node::Seq(self.long_forms_to_acronyms(items))
            }
            Node::Or(alts) => Node::Or(alts.into_iter().map(|n| self.expand_acronyms(n)).collect()),
            Node::Not(inner) => Node::Not(Box::new(self.expand_acronyms(*inner))),
            Node::Field(sel, inner) => Node::Field(sel, Box::new(self.expand_acronyms(*inner))),
            other => other,
        }
    }

    /// A run of query words that is an acronym's long form also searches
    /// the acronym, so "Islamic Movement of Uzbekistan" marks "IMU": the
    /// run becomes one clause, `((Islamic Movement of Uzbekistan) OR IMU)`.
    fn long_forms_to_acronyms(&self, items: Vec<(Occur, Node)>) -> Vec<(Occur, Node)> {
        if self.acronyms.is_empty() || items.len() < 2 {
            return items;
        }
        // The words of each plain word clause; None for any other clause.
        let words: Vec<Option<Vec<String>>> = items
            .iter()
            .map(|(o, n)| match (o, n) {
                (Occur::Should, Node::Term { text, .. }) => Some(eval::words(text)),
                _ => None,
            })
            .collect();
        let all: Vec<String> = words.iter().flatten().flatten().cloned().collect();
        let forms = self.long_forms(&all);
        if forms.is_empty() {
            return items;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut items = items.into_iter().enumerate().peekable();
        while let Some((i, item)) = items.next() {
            // The longest run from here that is a long form.
            let mut best: Option<(usize, Vec<Node>)> = None;
            let mut run: Vec<String> = Vec::new();
            for (j, w) in words.iter().enumerate().skip(i) {
                let Some(w) = w else { break };
                run.extend(w.iter().cloned());
                let key = long_form_key(&run);
                let shorts: Vec<Node> = forms
                    .iter()
                    .filter(|(_, k)| j > i && *k == key)
                    .map(|(s, _)| s.clone())
                    .collect();
                if !shorts.is_empty() {
                    best = Some((j, shorts));
                }
            }
            let Some((last, shorts)) = best else {
                out.push(item);
                continue;
            };
            let mut group = vec![item];
            while items.peek().is_some_and(|(k, _)| *k <= last) {
                if let Some((_, next)) = items.next() {
                    group.push(next);
                }
            }
            out.push((
                Occur::Should,
                Node::Or(std::iter::once(Node::Seq(group)).chain(shorts).collect()),
            ));
        }
        out
    }

    /// The acronyms whose long form is `words` exactly (as [`long_form_key`]
    /// compares), as terms to search.
    fn acronyms_of(&self, words: &[String]) -> Vec<Node> {
        let key = long_form_key(words);
        self.long_forms(words)
            .into_iter()
            .filter(|(_, k)| *k == key)
            .map(|(s, _)| s)
            .collect()
    }

    /// The acronyms whose long form's words are all among `words`, each as
    /// a term to search with its long form's key. Only acronyms the corpus
    /// writes in capitals most of the time: "World Health Organization"
    /// must not search every "who".
    fn long_forms(&self, words: &[String]) -> Vec<(Node, Vec<String>)> {
        let mut out: Vec<(Node, Vec<String>)> = Vec::new();
        for ((short, _), form) in self.acronyms.iter().zip(self.long_form_table()) {
            // Cheap test first: the long form's first word, lower-cased.
            let Some(first) = &form.first else {
                continue;
            };
            if !form.common_first && !words.contains(first) {
                continue;
            }
            if form.key.len() < 2 || !form.key.iter().all(|k| words.contains(k)) {
                continue;
            }
            let node = Node::Term {
                text: short.clone(),
                prefix: false,
            };
            if form.capitalised && !out.iter().any(|(n, _)| *n == node) {
                out.push((node, form.key.clone()));
            }
        }
        out
    }

    /// [`LongForm`]s of the acronyms, in their order.
    fn long_form_table(&self) -> &[LongForm] {
        self.long_forms.get_or_init(|| {
            self.acronyms
                .iter()
                .map(|(short, long)| {
                    let first = long
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .map(|w| {
                            if w.is_ascii() {
                                w.to_ascii_lowercase()
                            } else {
                                crate::text::fold(w)
                            }
                        });
                    let capitalised = self
                        .term_id(&crate::text::fold(short))
                        .and_then(|id| self.proper_flags().get(id as usize).copied())
                        .unwrap_or(false);
                    let common_first = first
                        .as_deref()
                        .is_some_and(|f| is_link(f) || crate::text::is_stop_word(f));
                    LongForm {
                        first,
                        common_first,
                        key: long_form_key(&eval::words(long)),
                        capitalised,
                    }
                })
                .collect()
        })
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
        for (kind, with) in FACET_KINDS.iter().zip(self.kind_doc_lists()) {
            let count = docs
                .iter()
                .filter(|&&d| with.binary_search(&(d as u32)).is_ok())
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

/// An acronym's long form as a query compares it: its first word lower-cased,
/// whether that word is a common one, its [`long_form_key`], and whether the corpus writes the acronym in
/// capitals most of the time.
#[derive(Clone, Debug)]
pub struct LongForm {
    first: Option<String>,
    /// The first word is a function word or a connecting syllable, which
    /// a query may leave out: the cheap test does not apply.
    common_first: bool,
    key: Vec<String>,
    capitalised: bool,
}

/// Whether the query holds a regex anywhere.
fn has_regex(node: &Node) -> bool {
    match node {
        Node::Regex(_) => true,
        Node::Field(_, inner) | Node::Not(inner) => has_regex(inner),
        Node::Seq(items) => items.iter().any(|(_, n)| has_regex(n)),
        Node::Or(alts) => alts.iter().any(has_regex),
        _ => false,
    }
}

/// What two long forms must share to be the same name: their words bar
/// function words and connecting syllables ("Hayat Tahrir al-Sham" is
/// "Hayat Tahrir el Sham"; "Islamic Movement Uzbekistan" is "Islamic
/// Movement of Uzbekistan").
fn long_form_key(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !crate::text::is_stop_word(w) && !is_link(w))
        .cloned()
        .collect()
}

/// A connecting syllable of a transliterated name, as a query word.
fn is_link(word: &str) -> bool {
    word == crate::text::LINK_TERM || crate::text::is_link_word(word)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The hits of every document a query matches, found in one pass
    /// over all postings (as the search did before it had two passes).
    fn one_pass(
        index: &Index,
        corpus: &Corpus,
        q: &str,
    ) -> std::collections::BTreeMap<u32, Vec<Hit>> {
        let (node, _) = query::parse(q);
        let node = index.expand_acronyms(node);
        let mut ev = eval::Eval::new(index, corpus, eval::Options::default());
        ev.eval(&node, eval::ALL)
            .into_iter()
            .map(|(d, m)| (d, m.hits))
            .collect()
    }

    #[test]
    fn the_shown_results_have_the_hits_a_pass_over_every_match_finds() {
        let corpus = Corpus::bundled();
        let set = crate::entities::extract(&corpus);
        let index = Index::build(&corpus, &set);
        let queries = [
            "Taliban",
            "talibn",
            "tal",
            "\"Central Asia\"",
            "Lagos OR Tashkent",
            "taliban -Yuldash",
            "NOT taliban",
            "kind:person Uzbekistan",
            "entity:\"Tahir Yuldash\"",
            "title:taliban",
            "IMU",
            "Islamic Movement of Uzbekistan",
            "the",
            "covid",
            "cyber consensus (OEWG OR GGE) NOT vaccine",
            "said government officials security forces attack",
        ];
        for q in queries {
            let full = one_pass(&index, &corpus, q);
            let out = index.search(&corpus, q, 1000);
            assert_eq!(out.total, full.len(), "{q}");
            assert!(!out.results.is_empty() || full.is_empty(), "{q}");
            for r in &out.results {
                let d = &corpus.documents[r.doc];
                let want = merge_hits(split_words(d, full[&(r.doc as u32)].clone()));
                assert_eq!(r.hits, want, "{q}: document {}", r.doc);
            }
            // A page of results is the first page of all of them.
            let page = index.search(&corpus, q, 3);
            let docs = |o: &SearchOutput| o.results.iter().map(|r| r.doc).collect::<Vec<_>>();
            assert_eq!(docs(&page), docs(&out)[..out.results.len().min(3)], "{q}");
        }
    }
}
