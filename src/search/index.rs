//! The inverted index: a sorted term dictionary, positional postings per
//! term, field lengths for BM25F, stem classes, and the entity and acronym
//! tables the query language filters and expands with.

use crate::corpus::{Corpus, FieldKind};
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use crate::text::{analyze, is_stop_word, tokenize, EnglishStemmer};
use std::collections::HashMap;

/// Field groups of BM25F, each with its own boost and length statistics.
pub const GROUPS: usize = 6;
pub const G_TITLE: usize = 0;
pub const G_SECTION: usize = 1;
pub const G_HEADING: usize = 2;
pub const G_CAPTION: usize = 3;
pub const G_BODY: usize = 4;
pub const G_ENTITY: usize = 5;

/// Boosts per group: a word in a title says more than one in the body.
pub const BOOST: [f32; GROUPS] = [2.0, 1.5, 1.8, 1.2, 1.0, 1.5];
/// Length normalisation per group: short fields vary little in length.
pub const LEN_B: [f32; GROUPS] = [0.5, 0.3, 0.5, 0.5, 0.4, 0.3];
/// BM25 saturation: tuned on Cranfield (1.2 to 2.0 score alike).
pub const K1: f32 = 1.6;

/// The entity kinds results are counted by: every kind the page shows, so a
/// facet exists for each kind a `kind:` query takes.
pub const FACET_KINDS: [EntityKind; EntityKind::ALL.len()] = EntityKind::ALL;

/// The pseudo-field holding entity names, which has no text to highlight.
pub const ENTITY_FIELD: u32 = u32::MAX;

pub fn group_of(kind: FieldKind) -> usize {
    match kind {
        FieldKind::Title => G_TITLE,
        FieldKind::Section => G_SECTION,
        FieldKind::Heading => G_HEADING,
        FieldKind::LeadCaption | FieldKind::Caption => G_CAPTION,
        _ => G_BODY,
    }
}

/// A document analysed for the index ([`IndexBuilder::analyze_doc`]).
pub struct Analyzed {
    info: DocInfo,
    /// Each term with its occurrence, and its written form when that is
    /// not the term itself.
    terms: Vec<(crate::text::Term, Occ, Option<String>)>,
    acronyms: Vec<(String, String)>,
    names: Vec<(String, Occ)>,
}

/// One occurrence of a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occ {
    pub doc: u32,
    pub field: u32,
    pub pos: u32,
    pub start: u32,
    pub end: u32,
    /// How the word is written, lower-cased with its accents
    /// ([`surface_key`]): 0 is the term itself, `k` its term's `k`-th other
    /// form ([`Index::form`]). "Exact accents rank first" reads it, so a
    /// query needs no document text to rank.
    pub form: u16,
}

impl Occ {
    pub fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    fn key(self) -> (u32, u32, u32) {
        (self.doc, self.field, self.pos)
    }
}

#[derive(Clone, Debug, Default)]
pub struct DocInfo {
    pub kinds: Vec<FieldKind>,
    pub len: [u32; GROUPS],
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Sorted, for prefix ranges and the fuzzy walk.
    pub(crate) terms: Vec<String>,
    /// The same terms as chars, for the fuzzy walk.
    term_chars: Vec<Vec<char>>,
    /// Prefix each term shares with the one before, for the fuzzy walk.
    term_lcp: Vec<u16>,
    lookup: HashMap<String, u32>,
    /// Per term, sorted by (doc, field, pos).
    pub(crate) postings: Vec<Vec<Occ>>,
    /// Per term: written capitalised most of the time (a name).
    proper: Vec<bool>,
    /// Per term: only ever a joined compound, never written as one word;
    /// kept out of prefix and typo expansion ("taliban" must not expand
    /// to "talibanled" and highlight "led").
    joined_only: Vec<bool>,
    /// Stem key to the terms sharing it.
    stems: HashMap<String, Vec<u32>>,
    pub(crate) docs: Vec<DocInfo>,
    pub(crate) avg_len: [f32; GROUPS],
    pub(crate) entities: EntitySet,
    /// (short, long) pairs: the entity set's and those read off the text.
    pub(crate) acronyms: Vec<(String, String)>,
    /// Per term, its written forms other than the term itself.
    forms: Vec<Vec<String>>,
    /// Per term, the documents it occurs in, and its occurrences.
    df: Vec<u32>,
    cf: Vec<u32>,
    /// Per kind of [`FACET_KINDS`], the documents naming an entity of it,
    /// sorted: the kind facets, counted without reading any mention.
    kind_docs: Vec<Vec<u32>>,
    /// What a prebuilt index read on demand has so far; `None` when it is
    /// all here.
    lazy: Option<Lazy>,
    stemmer: EnglishStemmer,
    /// Each acronym's long form as a query compares it, worked out once
    /// (its words analysed) at the first query that needs it.
    pub(crate) long_forms: std::sync::OnceLock<Vec<super::LongForm>>,
    /// Typo look-ups of the last query words.
    typos: TypoMemo,
}

/// The last few words looked up for typos, with what they found: a query
/// is run again as the chunks it lacks come in, and a word already typed
/// stays in the query while the next one is typed.
#[derive(Default)]
struct TypoMemo(std::sync::Mutex<Vec<Typos>>);

/// A word, its edit budget, and the terms (with distances) it matched.
type Typos = (String, u8, Vec<(u32, u8)>);

/// Words kept in a [`TypoMemo`].
const TYPO_MEMO: usize = 16;

impl Clone for TypoMemo {
    /// A copy starts empty: it is a cache.
    fn clone(&self) -> Self {
        TypoMemo::default()
    }
}

impl std::fmt::Debug for TypoMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypoMemo")
    }
}

/// Which parts of an index opened on demand are in memory.
#[derive(Clone, Debug, Default)]
pub struct Lazy {
    /// Per term: its postings.
    pub terms: Vec<bool>,
    /// Per document: its text (else it is a stand-in with its title).
    pub texts: Vec<bool>,
    /// Per entity: its mentions.
    pub mentions: Vec<bool>,
    /// Per entity: its row of the entity table (name, kind, aliases),
    /// else it is a nameless stand-in.
    pub rows: Vec<bool>,
}

/// Lower-cased, accents kept, apostrophes made one: the form "exact
/// accents rank first" compares.
pub fn surface_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = s
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
            c => c,
        })
        .collect();
    crate::text::term_of(&lower).to_string()
}

impl Index {
    /// Index `corpus`; `entities` feeds entity-name fields and `kind:` filters.
    pub fn build(corpus: &Corpus, entities: &EntitySet) -> Index {
        let mut b = IndexBuilder::new(entities);
        for d in 0..corpus.documents.len() {
            b.add(corpus, entities, d);
        }
        b.finish(entities)
    }
}

/// What the builder knows of one term.
#[derive(Default)]
struct TermSoFar {
    occs: Vec<Occ>,
    /// Its written forms other than itself, in order of first use.
    forms: Vec<String>,
    /// (capitalised, all, standalone) occurrence counts in fields; `None`
    /// for a term only of entity names.
    caps: Option<(u32, u32, u32)>,
}

/// An index built one document at a time, so a long job can pause between
/// documents: [`IndexBuilder::add`] each document in order, then
/// [`IndexBuilder::finish`], with the same entity set throughout.
pub struct IndexBuilder {
    /// What is known of each term so far: one map, so a token costs one
    /// lookup and no copy of its term.
    terms: HashMap<String, TermSoFar>,
    docs: Vec<DocInfo>,
    acronyms: Vec<(String, String)>,
    /// The short forms among `acronyms`, so a pair is checked at once.
    shorts: std::collections::HashSet<String>,
    /// Entities named in each document, for the entity pseudo-field.
    named_in: HashMap<usize, Vec<usize>>,
}

impl IndexBuilder {
    pub fn new(entities: &EntitySet) -> IndexBuilder {
        let acronyms = entities
            .acronyms
            .iter()
            .map(|a| (a.short.clone(), a.long.clone()))
            .collect();
        let mut named_in: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, e) in entities.entities.iter().enumerate() {
            let mut seen: Vec<usize> = e.mentions.iter().map(|m| m.doc).collect();
            seen.sort_unstable();
            seen.dedup();
            for d in seen {
                named_in.entry(d).or_default().push(i);
            }
        }
        let shorts = entities.acronyms.iter().map(|a| a.short.clone()).collect();
        IndexBuilder {
            terms: HashMap::new(),
            docs: Vec::new(),
            acronyms,
            shorts,
            named_in,
        }
    }

    /// Index document `d`; documents must come in order, each once.
    pub fn add(&mut self, corpus: &Corpus, entities: &EntitySet, d: usize) {
        if let Some(a) = self.analyze_doc(corpus, entities, d) {
            self.add_analyzed(a);
        }
    }

    /// The analysis of document `d` that [`IndexBuilder::add_analyzed`] takes in:
    /// the costly part, which reads the builder only, so documents can be
    /// analysed in parallel and added in order.
    pub fn analyze_doc(&self, corpus: &Corpus, entities: &EntitySet, d: usize) -> Option<Analyzed> {
        let doc = corpus.documents.get(d)?;
        let doc_id = u32::try_from(d).unwrap_or(u32::MAX);
        let mut info = DocInfo {
            kinds: doc.fields.iter().map(|f| f.kind).collect(),
            len: [0; GROUPS],
        };
        let mut terms_out: Vec<(crate::text::Term, Occ, Option<String>)> = Vec::new();
        let mut acronyms = Vec::new();
        for (f, field) in doc.fields.iter().enumerate() {
            let terms = analyze(&field.text);
            let g = group_of(field.kind);
            if let Some(l) = info.len.get_mut(g) {
                *l = l.saturating_add(terms.last().map_or(0, |t| t.pos.saturating_add(1)));
            }
            for t in terms {
                let occ = Occ {
                    doc: doc_id,
                    field: u32::try_from(f).unwrap_or(u32::MAX - 1),
                    pos: t.pos,
                    start: u32::try_from(t.span.start).unwrap_or(u32::MAX),
                    end: u32::try_from(t.span.end).unwrap_or(u32::MAX),
                    form: 0,
                };
                let form = written_form(t.span.slice(&field.text), &t.term);
                terms_out.push((t, occ, form));
            }
            acronyms.extend(acronym_pairs(&field.text));
        }
        let names = self
            .named_in
            .get(&d)
            .into_iter()
            .flatten()
            .filter_map(|&i| entities.entities.get(i))
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases));
        let mut names_out: Vec<(String, Occ)> = Vec::new();
        // Gaps between names keep phrases from running across them.
        let mut base = 0u32;
        for name in names {
            let terms = analyze(name);
            let n = terms.last().map_or(0, |t| t.pos + 1);
            for t in terms {
                let occ = Occ {
                    doc: doc_id,
                    field: ENTITY_FIELD,
                    pos: base.saturating_add(t.pos),
                    start: 0,
                    end: 0,
                    form: 0,
                };
                names_out.push((t.term, occ));
            }
            base = base.saturating_add(n + 8);
            info.len[G_ENTITY] = info.len[G_ENTITY].saturating_add(n);
        }
        Some(Analyzed {
            info,
            terms: terms_out,
            acronyms,
            names: names_out,
        })
    }

    /// Take in the analysis of the next document.
    pub fn add_analyzed(&mut self, a: Analyzed) {
        let IndexBuilder {
            terms,
            docs,
            acronyms,
            shorts,
            ..
        } = self;
        for (t, mut occ, form) in a.terms {
            let so_far = terms.entry(t.term).or_default();
            let c = so_far.caps.get_or_insert((0, 0, 0));
            // Only a capital that could have been lower case votes for a
            // name: "Vaccinating" opening a sentence is still a verb.
            if !t.initial {
                c.0 += u32::from(t.capital);
                c.1 += 1;
            }
            c.2 += u32::from(!t.joined);
            if let Some(form) = form {
                let list = &mut so_far.forms;
                let k = match list.iter().position(|f| *f == form) {
                    Some(k) => k,
                    None => {
                        list.push(form);
                        list.len() - 1
                    }
                };
                // Past 65,535 forms of one word the rest rank as unaccented.
                occ.form = u16::try_from(k + 1).unwrap_or(0);
            }
            so_far.occs.push(occ);
        }
        for (word, long) in a.acronyms {
            if shorts.insert(word.clone()) {
                acronyms.push((word, long));
            }
        }
        for (term, occ) in a.names {
            terms.entry(term).or_default().occs.push(occ);
        }
        docs.push(a.info);
    }

    /// The index over the documents added.
    pub fn finish(self, entities: &EntitySet) -> Index {
        let IndexBuilder {
            terms: so_far,
            docs,
            acronyms,
            ..
        } = self;
        let mut so_far: Vec<(String, TermSoFar)> = so_far.into_iter().collect();
        so_far.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut terms = Vec::with_capacity(so_far.len());
        let mut parts = IndexParts {
            forms: Vec::with_capacity(terms.len()),
            postings: Vec::with_capacity(terms.len()),
            proper: Vec::with_capacity(terms.len()),
            joined_only: Vec::with_capacity(terms.len()),
            terms: Vec::new(),
            docs,
            acronyms,
        };
        for (term, t) in so_far {
            let mut list = t.occs;
            // Entity names are pushed after a document's fields, so the
            // order is already right; sort anyway for the phrase search.
            list.sort_by_key(|o| o.key());
            parts.postings.push(list);
            parts.forms.push(t.forms);
            // A term only of entity names counts as standalone.
            let (cap, all, alone) = t.caps.unwrap_or((0, 0, 1));
            parts.proper.push(all > 0 && cap * 2 > all);
            parts.joined_only.push(alone == 0);
            terms.push(term);
        }
        parts.terms = terms;
        Index::from_parts(parts, entities)
    }
}

/// What an index is made of; the rest (lookup, stems, averages) is
/// derived. A prebuilt index stores exactly these.
#[derive(Clone, Debug, Default)]
pub struct IndexParts {
    /// Sorted and unique.
    pub terms: Vec<String>,
    /// Per term, sorted by (doc, field, pos).
    pub postings: Vec<Vec<Occ>>,
    /// Per term, its written forms other than itself ([`Occ::form`]).
    pub forms: Vec<Vec<String>>,
    pub proper: Vec<bool>,
    pub joined_only: Vec<bool>,
    pub docs: Vec<DocInfo>,
    pub acronyms: Vec<(String, String)>,
}

impl Index {
    /// The index of `parts`; lists shorter than `terms` are padded, so
    /// parts read from a damaged file still give a working index.
    pub fn from_parts(parts: IndexParts, entities: &EntitySet) -> Index {
        let IndexParts {
            terms,
            mut postings,
            mut forms,
            mut proper,
            mut joined_only,
            docs,
            acronyms,
        } = parts;
        let n = terms.len();
        postings.resize_with(n, Vec::new);
        forms.resize_with(n, Vec::new);
        proper.resize(n, false);
        joined_only.resize(n, false);
        let df = postings.iter().map(|l| n32(doc_freq(l))).collect();
        let cf = postings.iter().map(|l| n32(l.len())).collect();
        let mut index = Index {
            lookup: HashMap::with_capacity(n),
            postings,
            forms,
            df,
            cf,
            kind_docs: kind_docs(entities, docs.len()),
            lazy: None,
            proper,
            joined_only,
            stems: HashMap::new(),
            docs,
            avg_len: [0.0; GROUPS],
            entities: entities.clone(),
            acronyms,
            stemmer: EnglishStemmer::default(),
            long_forms: std::sync::OnceLock::new(),
            typos: TypoMemo::default(),
            terms: Vec::new(),
            term_chars: Vec::new(),
            term_lcp: Vec::new(),
        };
        for (i, term) in terms.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let proper = index.proper.get(i).copied().unwrap_or(false);
            let key = index.stem_key_of(term, proper);
            index.stems.entry(key).or_default().push(id);
            index.lookup.insert(term.clone(), id);
        }
        index.term_chars = terms.iter().map(|t| t.chars().collect()).collect();
        index.term_lcp = super::fuzzy::lcps(&index.term_chars);
        index.terms = terms;
        let n = index.docs.len().max(1) as f32;
        for g in 0..GROUPS {
            let total: f64 = index.docs.iter().map(|d| f64::from(d.len[g])).sum();
            index.avg_len[g] = ((total as f32) / n).max(1.0);
        }
        index
    }

    /// An index to be filled on demand: every term and document known,
    /// no postings, no document text, no mentions yet. Each term's
    /// document and occurrence counts and the kind facets' lists come with
    /// it, as ranking needs them before any postings.
    pub fn on_demand(
        parts: IndexParts,
        (df, cf): (Vec<u32>, Vec<u32>),
        kind_docs: Vec<Vec<u32>>,
        entities: &EntitySet,
    ) -> Index {
        let mut index = Index::from_parts(parts, entities);
        let n = index.terms.len();
        index.df = df;
        index.df.resize(n, 0);
        index.cf = cf;
        index.cf.resize(n, 0);
        index.kind_docs = kind_docs;
        index.kind_docs.resize_with(FACET_KINDS.len(), Vec::new);
        index.lazy = Some(Lazy {
            terms: vec![false; n],
            texts: vec![false; index.docs.len()],
            mentions: vec![false; entities.entities.len()],
            rows: vec![false; entities.entities.len()],
        });
        index
    }

    /// Put in the postings of term `id`, read on demand.
    pub fn fill_term(&mut self, id: u32, postings: Vec<Occ>) {
        let i = id as usize;
        if let Some(p) = self.postings.get_mut(i) {
            *p = postings;
        }
        if let Some(t) = self.lazy.as_mut().and_then(|l| l.terms.get_mut(i)) {
            *t = true;
        }
    }

    /// Note that document `doc`'s text is in.
    pub fn fill_text(&mut self, doc: usize) {
        if let Some(t) = self.lazy.as_mut().and_then(|l| l.texts.get_mut(doc)) {
            *t = true;
        }
    }

    /// Put in entity `e`'s mentions, read on demand.
    pub fn fill_mentions(&mut self, e: usize, mentions: Vec<crate::entities::Mention>) {
        if let Some(ent) = self.entities.entities.get_mut(e) {
            ent.mentions = mentions;
        }
        if let Some(t) = self.lazy.as_mut().and_then(|l| l.mentions.get_mut(e)) {
            *t = true;
        }
    }

    /// Put in entity `e`'s row of the entity table, read on demand (its
    /// mentions are kept: they come apart).
    pub fn fill_entity(&mut self, e: usize, row: &crate::entities::Entity) {
        if let Some(ent) = self.entities.entities.get_mut(e) {
            ent.name.clone_from(&row.name);
            ent.kind = row.kind;
            ent.aliases.clone_from(&row.aliases);
            ent.value.clone_from(&row.value);
            ent.acronym.clone_from(&row.acronym);
        }
        if let Some(t) = self.lazy.as_mut().and_then(|l| l.rows.get_mut(e)) {
            *t = true;
        }
    }

    /// Whether entity `e`'s row of the entity table is in memory.
    pub fn has_entity(&self, e: usize) -> bool {
        self.lazy
            .as_ref()
            .is_none_or(|l| l.rows.get(e).copied().unwrap_or(true))
    }

    /// Whether every row of the entity table is in memory.
    pub fn has_entity_table(&self) -> bool {
        self.lazy.as_ref().is_none_or(|l| !l.rows.contains(&false))
    }

    /// Whether the postings of `id` are in memory.
    pub fn has_postings(&self, id: u32) -> bool {
        self.lazy
            .as_ref()
            .is_none_or(|l| l.terms.get(id as usize).copied().unwrap_or(true))
    }

    /// Whether document `doc`'s text is in memory.
    pub fn has_text(&self, doc: u32) -> bool {
        self.lazy
            .as_ref()
            .is_none_or(|l| l.texts.get(doc as usize).copied().unwrap_or(true))
    }

    /// Whether entity `e`'s mentions are in memory.
    pub fn has_mentions(&self, e: usize) -> bool {
        self.lazy
            .as_ref()
            .is_none_or(|l| l.mentions.get(e).copied().unwrap_or(true))
    }

    /// Whether anything is still to be read on demand.
    pub fn is_partial(&self) -> bool {
        self.lazy.as_ref().is_some_and(|l| {
            l.terms.contains(&false)
                || l.texts.contains(&false)
                || l.mentions.contains(&false)
                || l.rows.contains(&false)
        })
    }

    /// How many documents `id` occurs in.
    pub fn doc_freq(&self, id: u32) -> usize {
        self.df.get(id as usize).copied().unwrap_or(0) as usize
    }

    /// How many times `id` occurs.
    pub fn occurrences(&self, id: u32) -> usize {
        self.cf.get(id as usize).copied().unwrap_or(0) as usize
    }

    /// The written form `form` of term `id` ([`Occ::form`]).
    pub fn form(&self, id: u32, form: u16) -> Option<&str> {
        match form {
            0 => self.term(id),
            k => self
                .forms
                .get(id as usize)?
                .get(usize::from(k) - 1)
                .map(String::as_str),
        }
    }

    /// Per term, its other written forms.
    pub fn forms(&self) -> &[Vec<String>] {
        &self.forms
    }

    /// The kind facets' document lists ([`FACET_KINDS`] order).
    pub fn kind_doc_lists(&self) -> &[Vec<u32>] {
        &self.kind_docs
    }

    /// Sorted terms; a term's position is its id.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Per term: written capitalised most of the time.
    pub fn proper_flags(&self) -> &[bool] {
        &self.proper
    }

    /// Per term: only ever a joined compound.
    pub fn joined_flags(&self) -> &[bool] {
        &self.joined_only
    }

    pub fn doc_infos(&self) -> &[DocInfo] {
        &self.docs
    }

    pub fn acronym_pairs(&self) -> &[(String, String)] {
        &self.acronyms
    }
}

impl Index {
    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(id as usize).map(String::as_str)
    }

    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.lookup.get(term).copied()
    }

    pub fn postings(&self, id: u32) -> &[Occ] {
        self.postings.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// The occurrence of `id` at exactly (doc, field, pos), if any.
    pub fn occ_at(&self, id: u32, doc: u32, field: u32, pos: u32) -> Option<Occ> {
        let list = self.postings(id);
        let i = list
            .binary_search_by_key(&(doc, field, pos), |o| o.key())
            .ok()?;
        list.get(i).copied()
    }

    /// Names keep their form, bar a plural "s": stemming "Islamic" to
    /// "islam" would merge words that must stay apart.
    fn stem_key_of(&self, term: &str, proper: bool) -> String {
        if proper {
            light_stem(term).to_string()
        } else {
            self.stemmer.stem(term)
        }
    }

    /// The stem key a query term looks up: a known name keeps its form.
    pub fn query_stem_key(&self, term: &str) -> String {
        let proper = self
            .term_id(term)
            .and_then(|id| self.proper.get(id as usize).copied())
            .unwrap_or(false);
        self.stem_key_of(term, proper)
    }

    /// Terms sharing the stem key `key`.
    pub fn stem_class(&self, key: &str) -> &[u32] {
        self.stems.get(key).map_or(&[], Vec::as_slice)
    }

    /// Terms starting with `prefix`, the `cap` most frequent.
    pub fn prefixed(&self, prefix: &str, cap: usize) -> Vec<u32> {
        let from = self.terms.partition_point(|t| t.as_str() < prefix);
        let mut ids: Vec<u32> = self
            .terms
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.starts_with(prefix))
            .enumerate()
            .map(|(i, _)| u32::try_from(from + i).unwrap_or(u32::MAX))
            .filter(|&id| !self.is_joined_only(id))
            .collect();
        if ids.len() > cap {
            ids.sort_by_key(|&id| std::cmp::Reverse(self.occurrences(id)));
            ids.truncate(cap);
        }
        ids
    }

    pub fn is_joined_only(&self, id: u32) -> bool {
        self.joined_only.get(id as usize).copied().unwrap_or(false)
    }

    /// Terms within `max` edits of `term`, with their distance.
    pub fn fuzzy(&self, term: &str, max: u8) -> Vec<(u32, u8)> {
        let mut memo = match self.typos.0.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((_, _, found)) = memo.iter().find(|(t, m, _)| t == term && *m == max) {
            return found.clone();
        }
        let found: Vec<(u32, u8)> =
            super::fuzzy::matches(&self.term_chars, &self.term_lcp, term, max)
                .into_iter()
                .map(|(i, d)| (u32::try_from(i).unwrap_or(u32::MAX), d))
                .filter(|&(id, _)| !self.is_joined_only(id))
                .collect();
        if memo.len() >= TYPO_MEMO {
            memo.remove(0);
        }
        memo.push((term.to_string(), max, found.clone()));
        found
    }

    /// Documents with a mention of an entity of `kind`, with the mentions.
    pub fn kind_mentions(&self, kind: EntityKind) -> Vec<(usize, usize, Span)> {
        self.entities
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.mentions.iter().map(|m| (m.doc, m.field, m.span)))
            .collect()
    }

    /// Entities whose name or an alias folds to `name`.
    pub fn entities_named(&self, name: &str) -> Vec<usize> {
        let want = folded_words(name);
        self.entities
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .any(|n| folded_words(n) == want)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The expansion of an acronym, if the corpus or entity set gives one.
    pub fn acronym(&self, short: &str) -> Option<&str> {
        self.acronyms
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(short))
            .map(|(_, l)| l.as_str())
    }
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How many documents a sorted posting list covers.
pub fn doc_freq(list: &[Occ]) -> usize {
    let mut n = 0;
    let mut last = None;
    for o in list {
        if last != Some(o.doc) {
            n += 1;
            last = Some(o.doc);
        }
    }
    n
}

/// Per facet kind, the sorted documents naming an entity of it.
fn kind_docs(entities: &EntitySet, docs: usize) -> Vec<Vec<u32>> {
    FACET_KINDS
        .iter()
        .map(|&kind| {
            let mut with: Vec<u32> = entities
                .entities
                .iter()
                .filter(|e| e.kind == kind)
                .flat_map(|e| e.mentions.iter())
                .filter(|m| m.doc < docs)
                .map(|m| u32::try_from(m.doc).unwrap_or(u32::MAX))
                .collect();
            with.sort_unstable();
            with.dedup();
            with
        })
        .collect()
}

/// The written form of a word when it is not its term: what
/// [`surface_key`] gives, computed only when the cheap test fails.
fn written_form(text: &str, term: &str) -> Option<String> {
    if text.eq_ignore_ascii_case(term) {
        return None;
    }
    let key = surface_key(text);
    (key != term).then_some(key)
}

/// "uzbeks" → "uzbek", but "isis" and "congress" stay.
fn light_stem(term: &str) -> &str {
    if term.len() > 3
        && term.ends_with('s')
        && !term.ends_with("ss")
        && !term.ends_with("us")
        && !term.ends_with("is")
    {
        term.get(..term.len() - 1).unwrap_or(term)
    } else {
        term
    }
}

fn folded_words(s: &str) -> Vec<String> {
    tokenize(s).into_iter().map(|t| t.folded).collect()
}

/// Read "Islamic Movement of Uzbekistan (IMU)" pairs off a text: an
/// all-capital word in parentheses whose letters are the initials of the
/// words before it (function words skipped).
#[cfg(test)]
fn find_acronyms(text: &str, out: &mut Vec<(String, String)>) {
    for (word, long) in acronym_pairs(text) {
        if !out.iter().any(|(s, _)| *s == word) {
            out.push((word, long));
        }
    }
}

/// Name particles a long form's initials may pass over ("Hayat
/// Tahrir al-Sham (HTS)", "Osama bin Laden", "Ludwig van Beethoven"); the
/// connecting syllables of transliterated names too (`text::is_link_word`).
const PARTICLES: &[&str] = &[
    "al", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos",
    "du", "ibn", "la", "le", "van", "von", "y", "zu",
];

/// Words an acronym's long form may pass over in a row ("of the").
const MAX_SKIPS: usize = 3;

/// "Long Form (LF)" pairs of `text`, in order, repeats included: an
/// all-capital word in parentheses whose letters are the initials of the
/// words before it, passing over function words, lower-case particles and
/// the later parts of hyphen compounds ("Gulf Co-operation Council (GCC)").
fn acronym_pairs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !text.contains('(') {
        return out;
    }
    let toks = tokenize(text);
    for (i, t) in toks.iter().enumerate() {
        let word = t.span.slice(text);
        let letters = word.chars().count();
        if !(2..=8).contains(&letters) || !word.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let before = text.get(..t.span.start).unwrap_or("");
        let after = text.get(t.span.end..).unwrap_or("");
        if !before.trim_end().ends_with('(') || !after.trim_start().starts_with(')') {
            continue;
        }
        let window = toks
            .get(i.saturating_sub(letters * (MAX_SKIPS + 1))..i)
            .unwrap_or(&[]);
        let words: Vec<LongWord> = window
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let written = w.span.slice(text);
                let joined = k > 0
                    && window.get(k - 1).is_some_and(|p| {
                        crate::text::is_hyphen_joint(
                            text.get(p.span.end..w.span.start).unwrap_or(""),
                        )
                    });
                // Capitalised too: "Hayat Tahrir Al-Sham (HTS)".
                let particle = PARTICLES.binary_search(&w.folded.as_str()).is_ok()
                    || crate::text::is_link_word(&w.folded);
                LongWord {
                    initial: written.chars().next().map(|c| c.to_ascii_uppercase()),
                    skippable: is_stop_word(&w.folded) || particle || joined,
                }
            })
            .collect();
        let need: Vec<char> = word.chars().collect();
        let mut failed = std::collections::HashSet::new();
        let Some(start) = initials_match(&words, words.len(), &need, 0, &mut failed) else {
            continue;
        };
        let (Some(first), Some(last)) = (window.get(start), window.last()) else {
            continue;
        };
        let long = text
            .get(first.span.start..last.span.end)
            .unwrap_or("")
            .trim();
        if !long.is_empty() {
            out.push((word.to_string(), long.to_string()));
        }
    }
    out
}

/// A word before an acronym: its initial, and whether the initials may
/// pass over it.
struct LongWord {
    initial: Option<char>,
    skippable: bool,
}

/// Where the long form of `need` starts if the words before `end` (read
/// backwards) give its letters: each word gives its initial or, when
/// skippable, is passed over (at most `MAX_SKIPS` in a row; never the word
/// right before the parenthesis, nor the first). Taking an initial is
/// tried first; `failed` remembers dead ends, so a hostile text costs at
/// most words × letters × skips steps.
fn initials_match(
    words: &[LongWord],
    end: usize,
    need: &[char],
    skips: usize,
    failed: &mut std::collections::HashSet<(usize, usize, usize)>,
) -> Option<usize> {
    let (&want, rest) = need.split_last()?;
    let at = end.checked_sub(1)?;
    let w = words.get(at)?;
    if failed.contains(&(end, need.len(), skips)) {
        return None;
    }
    if w.initial == Some(want) {
        if rest.is_empty() {
            return Some(at);
        }
        if let Some(start) = initials_match(words, at, rest, 0, failed) {
            return Some(start);
        }
    }
    if w.skippable && skips < MAX_SKIPS && end < words.len() {
        if let Some(start) = initials_match(words, at, need, skips + 1, failed) {
            return Some(start);
        }
    }
    failed.insert((end, need.len(), skips));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_from_text() {
        let mut out = Vec::new();
        find_acronyms(
            "the activities of the Islamic Movement of Uzbekistan (IMU), and the \
             Open-Ended Working Group (OEWG) and (ZZZ)",
            &mut out,
        );
        assert_eq!(
            out,
            [
                (
                    "IMU".to_string(),
                    "Islamic Movement of Uzbekistan".to_string()
                ),
                ("OEWG".to_string(), "Open-Ended Working Group".to_string())
            ]
        );
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        acronym_pairs(text)
    }

    fn pair(short: &str, long: &str) -> Vec<(String, String)> {
        vec![(short.to_string(), long.to_string())]
    }

    #[test]
    fn acronyms_pass_over_particles_and_compound_parts() {
        let cases = [
            ("Hayat Tahrir al-Sham (HTS)", "HTS", "Hayat Tahrir al-Sham"),
            ("Hayat Tahrir Al-Sham (HTS)", "HTS", "Hayat Tahrir Al-Sham"),
            (
                "Al-Qaeda in the Arabian Peninsula (AQAP)",
                "AQAP",
                "Al-Qaeda in the Arabian Peninsula",
            ),
            ("Ahrar al-Sham (AAS)", "AAS", "Ahrar al-Sham"),
            (
                "Tehrik-i-Taliban Pakistan (TTP)",
                "TTP",
                "Tehrik-i-Taliban Pakistan",
            ),
            (
                "Jamaat-ul-Mujahideen Bangladesh (JMB)",
                "JMB",
                "Jamaat-ul-Mujahideen Bangladesh",
            ),
            (
                "the Gulf Co-operation Council (GCC)",
                "GCC",
                "Gulf Co-operation Council",
            ),
            ("Banco de Portugal (BP)", "BP", "Banco de Portugal"),
            ("Stiftung von Humboldt (SH)", "SH", "Stiftung von Humboldt"),
            (
                "Harakat al-Shabaab al-Mujahideen (HSM)",
                "HSM",
                "Harakat al-Shabaab al-Mujahideen",
            ),
            (
                "Islamic State of Iraq and the Levant (ISIL)",
                "ISIL",
                "Islamic State of Iraq and the Levant",
            ),
        ];
        for (text, short, long) in cases {
            assert_eq!(pairs(text), pair(short, long), "{text}");
        }
    }

    #[test]
    fn acronyms_do_not_pass_over_other_words() {
        for text in [
            // "alpha" is no particle.
            "Hayat Tahrir alpha Sham (HTS)",
            // The word before the parenthesis gives the last letter.
            "Hayat Tahrir Sham al (HTS)",
            // Too few words.
            "Sham (HTS)",
            "Movement of Uzbekistan (IMU)",
            // Not a parenthesised capital word.
            "Hayat Tahrir al-Sham (hts)",
            "Hayat Tahrir al-Sham HTS",
            // Four function words in a row are more than a long form skips.
            "Movement of the and of the Levant (ML)",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }

    #[test]
    fn a_hostile_run_of_initials_ends() {
        // Every word could give an initial or be passed over: without the
        // memo of dead ends this would try C(32, 8) ways.
        let text = format!("{}b (BAAAAAAB)", "a ".repeat(10_000));
        assert_eq!(pairs(&text), []);
        let text = format!("{}b (AAAAAAAB)", "a ".repeat(10_000));
        assert_eq!(pairs(&text).len(), 1);
    }

    #[test]
    fn particle_lists_are_sorted_for_binary_search() {
        assert!(PARTICLES.windows(2).all(|w| w[0] < w[1]));
    }
}
