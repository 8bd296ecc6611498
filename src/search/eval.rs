//! Evaluation and scoring: each query node gives the documents it matches,
//! with a BM25F score, the hits to highlight, how many clauses matched
//! (coverage) and how exactly (quality: 4 same accents, 3 exact folded,
//! 2 same stem, 1 prefix or typo).

use super::index::K1;
use super::index::{
    group_of, surface_key, Index, Occ, BOOST, ENTITY_FIELD, GROUPS, G_BODY, G_ENTITY, LEN_B,
};
use super::query::{FieldSel, Node, Occur};
use super::{Hit, Needs};
use crate::corpus::Corpus;
use crate::entities::EntityKind;
use crate::span::Span;
use crate::text::{analyze, is_stop_word};
use regex::RegexBuilder;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Most terms a prefix expands to (the most frequent are kept).
const PREFIX_CAP: usize = 48;
/// Regex matches counted per document, and over the whole corpus.
const REGEX_PER_DOC: usize = 256;
const REGEX_TOTAL: usize = 20_000;
/// Compiled regex size bound: a hostile pattern fails to build instead of
/// eating the page's memory.
const REGEX_SIZE: usize = 1 << 20;

/// Weights of a term's expansions relative to the exact form.
const W_STEM: f32 = 0.7;
/// Weight of adjacent query words found within `PROX_WINDOW` positions.
const PROX_WEIGHT: f32 = 0.6;
const PROX_WINDOW: u32 = 8;
/// Feedback: documents read, words added, and their total weight
/// relative to the query's own words.
const FB_DOCS: usize = 7;
const FB_TERMS: usize = 20;
const FB_WEIGHT: f32 = 0.4;
const W_PREFIX: f32 = 0.5;
const W_FUZZY1: f32 = 0.35;
const W_FUZZY2: f32 = 0.2;

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Match the word being typed as a prefix.
    pub prefix: bool,
    /// Tolerate typos (1 edit from 5 letters, 2 from 9).
    pub fuzzy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prefix: true,
            fuzzy: true,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct DocMatch {
    pub score: f32,
    pub hits: Vec<Hit>,
    pub coverage: u32,
    pub quality: u32,
}

pub type Matches = BTreeMap<u32, DocMatch>;

pub type Mask = u8;
/// Every field group.
pub const ALL: Mask = (1 << GROUPS) - 1;

fn mask_of(sel: FieldSel) -> Mask {
    use super::index::{G_CAPTION, G_HEADING, G_SECTION, G_TITLE};
    1 << match sel {
        FieldSel::Title => G_TITLE,
        FieldSel::Section => G_SECTION,
        FieldSel::Heading => G_HEADING,
        FieldSel::Caption => G_CAPTION,
        FieldSel::Body => G_BODY,
    }
}

/// Per-document accumulation before BM25 saturation.
#[derive(Default)]
struct Acc {
    tf: [f32; GROUPS],
    hits: Vec<Hit>,
    class: u32,
    surface_checked: u8,
}

pub struct Eval<'a> {
    pub index: &'a Index,
    pub corpus: &'a Corpus,
    pub opts: Options,
    pub diags: Vec<String>,
    /// What an index read on demand lacked for this query: read it in and
    /// ask again for the full answer.
    pub needs: RefCell<Needs>,
    regex_left: usize,
    /// Whether matches carry their hits. Ranking needs none: the first
    /// pass scores every match without them, and a second pass, `within`
    /// the documents shown, finds their hits.
    pub hits: bool,
    /// The documents (sorted) the second pass looks at; `None`: all.
    pub within: Option<Vec<u32>>,
}

impl<'a> Eval<'a> {
    pub fn new(index: &'a Index, corpus: &'a Corpus, opts: Options) -> Eval<'a> {
        Eval {
            index,
            corpus,
            opts,
            diags: Vec::new(),
            needs: RefCell::new(Needs::default()),
            regex_left: REGEX_TOTAL,
            hits: true,
            within: None,
        }
    }

    /// The postings of `id` to walk: all of them, or only those of the
    /// documents `within`, found by binary search (postings are sorted by
    /// document).
    fn walk(&self, id: u32) -> Vec<&'a [Occ]> {
        let all = self.postings(id);
        let Some(docs) = &self.within else {
            return vec![all];
        };
        let mut out = Vec::new();
        for &d in docs {
            let lo = all.partition_point(|o| o.doc < d);
            let rest = all.get(lo..).unwrap_or(&[]);
            let n = rest.partition_point(|o| o.doc <= d);
            if let Some(run) = rest.get(..n).filter(|r| !r.is_empty()) {
                out.push(run);
            }
        }
        out
    }

    /// Whether document `doc` is looked at in this pass.
    fn looks_at(&self, doc: u32) -> bool {
        self.within
            .as_ref()
            .is_none_or(|w| w.binary_search(&doc).is_ok())
    }

    /// The postings of `id`, noting when they are still to be read.
    fn postings(&self, id: u32) -> &'a [Occ] {
        if !self.index.has_postings(id) {
            self.needs.borrow_mut().terms.push(id);
        }
        self.index.postings(id)
    }

    /// Whether document `doc`'s text is here, noting when it is not.
    fn text_of(&self, doc: u32) -> Option<&'a crate::corpus::Document> {
        if !self.index.has_text(doc) {
            self.needs.borrow_mut().texts.push(doc);
            return None;
        }
        self.corpus.documents.get(doc as usize)
    }

    /// Entity `e`'s mentions, noting when they are still to be read.
    fn mentions_of(&self, e: usize) -> &'a [crate::entities::Mention] {
        if !self.index.has_mentions(e) {
            self.needs
                .borrow_mut()
                .mentions
                .push(u32::try_from(e).unwrap_or(u32::MAX));
        }
        self.index
            .entities
            .entities
            .get(e)
            .map_or(&[], |x| x.mentions.as_slice())
    }

    fn group(&self, o: &Occ) -> Option<usize> {
        if o.field == ENTITY_FIELD {
            return Some(G_ENTITY);
        }
        let info = self.index.docs.get(o.doc as usize)?;
        info.kinds.get(o.field as usize).map(|k| group_of(*k))
    }

    fn idf(&self, df: usize) -> f32 {
        let n = self.index.doc_count() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25F of accumulated per-group frequencies.
    fn finish(&self, accs: impl IntoIterator<Item = (u32, Acc)>) -> Matches {
        let accs: Vec<(u32, Acc)> = accs.into_iter().collect();
        // Rarity is that of the word as typed (and its stem): typo and
        // prefix variants widen the match, not the word's commonness.
        let strong = accs.iter().filter(|(_, a)| a.class >= 2).count();
        let idf = self.idf(if strong > 0 { strong } else { accs.len() });
        accs.into_iter()
            .map(|(doc, a)| {
                let len = self
                    .index
                    .docs
                    .get(doc as usize)
                    .map(|d| d.len)
                    .unwrap_or_default();
                let mut tfw = 0.0;
                for g in 0..GROUPS {
                    let (Some(tf), Some(l), Some(avg), Some(b), Some(boost)) = (
                        a.tf.get(g),
                        len.get(g),
                        self.index.avg_len.get(g),
                        LEN_B.get(g),
                        BOOST.get(g),
                    ) else {
                        continue;
                    };
                    if *tf > 0.0 {
                        let norm = 1.0 - b + b * (*l as f32) / avg;
                        tfw += boost * tf / norm.max(0.1);
                    }
                }
                let score = idf * tfw * (K1 + 1.0) / (K1 + tfw);
                (
                    doc,
                    DocMatch {
                        score,
                        hits: a.hits,
                        coverage: 1,
                        quality: a.class,
                    },
                )
            })
            .collect()
    }

    pub fn eval(&mut self, node: &Node, mask: Mask) -> Matches {
        match node {
            Node::Term { text, prefix } => self.term(text, *prefix, mask),
            Node::Phrase(p) => self.phrase(p, mask),
            Node::Regex(r) => self.regex(r, mask),
            Node::Field(sel, inner) => self.eval(inner, mask_of(*sel)),
            Node::Kind(k) => self.kind(*k),
            Node::Entity(name) => self.entity(name, mask),
            Node::Seq(items) => self.seq(items, mask),
            Node::Or(alts) => {
                let mut out = Matches::new();
                for a in alts {
                    for (d, m) in self.eval(a, mask) {
                        let e = out.entry(d).or_default();
                        e.score += m.score;
                        e.hits.extend(m.hits);
                        e.coverage = 1;
                        e.quality = e.quality.max(m.quality);
                    }
                }
                out
            }
            Node::Not(inner) => {
                let ex = self.eval(inner, mask);
                self.all_docs()
                    .into_iter()
                    .filter(|(d, _)| !ex.contains_key(d))
                    .collect()
            }
        }
    }

    fn all_docs(&self) -> Matches {
        let one = || DocMatch {
            coverage: 1,
            ..DocMatch::default()
        };
        if let Some(w) = &self.within {
            return w.iter().map(|&d| (d, one())).collect();
        }
        (0..self.index.doc_count())
            .map(|d| (u32::try_from(d).unwrap_or(u32::MAX), one()))
            .collect()
    }

    fn seq(&mut self, items: &[(Occur, Node)], mask: Mask) -> Matches {
        let content = items
            .iter()
            .any(|(o, n)| *o != Occur::MustNot && !is_stop_term(n));
        // Filters narrow the words: "kind:place uzbekistan" needs a word.
        let filters_only = items
            .iter()
            .all(|(o, n)| *o != Occur::Must || n.is_filter());
        let (mut musts, mut shoulds, mut nots) = (Vec::new(), Vec::new(), Vec::new());
        for (occ, node) in items {
            if *occ != Occur::MustNot && content && is_stop_term(node) {
                continue;
            }
            let mut m = self.eval(node, mask);
            if matches!(node, Node::Seq(_)) {
                // A group counts once in the enclosing sequence.
                m.values_mut().for_each(|x| x.coverage = 1);
            }
            match occ {
                Occur::Must => musts.push(m),
                Occur::Should => shoulds.push(m),
                Occur::MustNot => nots.push(m),
            }
        }
        let mut base: Option<Matches> = None;
        for m in musts {
            base = Some(match base {
                None => m,
                Some(b) => intersect(b, m),
            });
        }
        let mut out = match base {
            Some(mut b) => {
                if filters_only && !shoulds.is_empty() {
                    b.retain(|d, _| shoulds.iter().any(|s| s.contains_key(d)));
                }
                for s in shoulds {
                    for (d, m) in s {
                        if let Some(e) = b.get_mut(&d) {
                            add(e, m);
                        }
                    }
                }
                b
            }
            None if !shoulds.is_empty() => {
                let mut u = Matches::new();
                for s in shoulds {
                    for (d, m) in s {
                        match u.get_mut(&d) {
                            Some(e) => add(e, m),
                            None => {
                                u.insert(d, m);
                            }
                        }
                    }
                }
                u
            }
            None if !nots.is_empty() => {
                self.diags
                    .push("only exclusions: every other document matches".into());
                self.all_docs()
            }
            None => Matches::new(),
        };
        for n in nots {
            out.retain(|d, _| !n.contains_key(d));
        }
        self.proximity(items, content, mask, &mut out);
        out
    }

    /// Adjacent query words found near each other add to the score (a
    /// sequential-dependence model): "boundary layer" means more where
    /// the two words stand together.
    fn proximity(&self, items: &[(Occur, Node)], content: bool, mask: Mask, out: &mut Matches) {
        let lambda = PROX_WEIGHT;
        // It adds to scores only: the pass that finds hits skips it.
        if lambda <= 0.0 || out.is_empty() || self.within.is_some() {
            return;
        }
        let words: Vec<Vec<u32>> = items
            .iter()
            .filter(|(o, n)| *o != Occur::MustNot && !(content && is_stop_term(n)))
            .filter_map(|(_, n)| match n {
                Node::Term { text, .. } => match words(text).as_slice() {
                    [one] => Some(self.stem_ids(one)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let window = PROX_WINDOW;
        for pair in words.windows(2) {
            let (Some(a), Some(b)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let pa = self.positions(a, mask);
            let pb = self.positions(b, mask);
            let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
            for &(doc, field, pos, g) in &pa {
                let lo = pb.partition_point(|p| {
                    (p.0, p.1, p.2) < (doc, field, pos.saturating_sub(window))
                });
                let near = pb
                    .get(lo..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|p| p.0 == doc && p.1 == field && p.2 <= pos.saturating_add(window))
                    .any(|p| p.2 != pos);
                if near {
                    if let Some(t) = accs.entry(doc).or_default().tf.get_mut(g) {
                        *t += 1.0;
                    }
                }
            }
            for (d, m) in self.finish(accs) {
                if let Some(e) = out.get_mut(&d) {
                    e.score += lambda * m.score;
                }
            }
        }
    }

    /// Pseudo-relevance feedback for long, natural-language queries: the
    /// words that weigh most in the best documents (and are rare overall)
    /// add to the score of the documents already found. Scores only: no
    /// new documents, no highlights of words the reader did not type.
    pub fn feedback(&self, items: &[(Occur, Node)], out: &mut Matches) {
        let (r, e, w) = (FB_DOCS, FB_TERMS, FB_WEIGHT);
        if w <= 0.0 || out.is_empty() {
            return;
        }
        let mut query_ids: Vec<u32> = Vec::new();
        for (_, n) in items {
            if let Node::Term { text, .. } = n {
                for word in words(text) {
                    query_ids.extend(self.stem_ids(&word));
                }
            }
        }
        let mut top: Vec<(u32, f32)> = out.iter().map(|(d, m)| (*d, m.score)).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(r);
        let best = top.first().map_or(1.0, |t| t.1).max(f32::MIN_POSITIVE);
        let mut weights: std::collections::HashMap<u32, f32> = std::collections::HashMap::new();
        for (doc, score) in &top {
            let Some(terms) = self.forward(*doc) else {
                continue;
            };
            let len: u32 = terms.iter().map(|t| t.1).sum();
            let len = len.max(1) as f32;
            // Squared relative score: the best documents speak loudest.
            for &(id, tf) in &terms {
                *weights.entry(id).or_default() += (tf as f32 / len) * (score / best).powi(2);
            }
        }
        let mut cands: Vec<(u32, f32)> = weights
            .into_iter()
            .filter(|(id, _)| !query_ids.contains(id))
            .filter_map(|(id, wt)| {
                let term = self.index.term(id)?;
                if is_stop_word(term)
                    || self.index.is_joined_only(id)
                    || term.chars().count() < 3
                    || term.chars().any(|c| c.is_ascii_digit())
                {
                    return None;
                }
                Some((id, wt * self.idf(self.index.doc_freq(id))))
            })
            .collect();
        cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(e);
        let total: f32 = cands
            .iter()
            .map(|c| c.1)
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        let clauses = items.len().max(1) as f32;
        for (id, wt) in cands {
            let factor = w * clauses * wt / total;
            for (d, m) in self.score_terms(&[(id, 1.0, 2)], ALL, None) {
                if let Some(x) = out.get_mut(&d) {
                    x.score += factor * m.score;
                }
            }
        }
    }

    /// A document's terms with their frequencies, sorted by term: its
    /// fields analysed again (as the index did), so no per-document table
    /// is kept for the few documents feedback reads.
    fn forward(&self, doc: u32) -> Option<Vec<(u32, u32)>> {
        let d = self.text_of(doc)?;
        let mut ids: Vec<u32> = d
            .fields
            .iter()
            .flat_map(|f| analyze(&f.text))
            .filter_map(|t| self.index.term_id(&t.term))
            .collect();
        ids.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for id in ids {
            match out.last_mut() {
                Some(last) if last.0 == id => last.1 += 1,
                _ => out.push((id, 1)),
            }
        }
        Some(out)
    }

    /// Exact and same-stem terms of a folded word.
    fn stem_ids(&self, term: &str) -> Vec<u32> {
        let ix = self.index;
        let mut ids: Vec<u32> = ix.stem_class(&ix.query_stem_key(term)).to_vec();
        if let Some(id) = ix.term_id(term) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// (doc, field, pos, group) of the terms, sorted.
    fn positions(&self, ids: &[u32], mask: Mask) -> Vec<(u32, u32, u32, usize)> {
        let mut out = Vec::new();
        for &id in ids {
            for o in self.postings(id) {
                if let Some(g) = self.group(o) {
                    if mask & (1 << g) != 0 {
                        out.push((o.doc, o.field, o.pos, g));
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn term(&mut self, raw: &str, prefix: bool, mask: Mask) -> Matches {
        let parts = words(raw);
        match parts.as_slice() {
            [] => Matches::new(),
            [one] => self.single(one, raw, prefix, mask),
            _ => {
                // "COVID-19": the words in a row, or written as one.
                let mut out = self.phrase_words(&parts, mask);
                let joined = parts.concat();
                for (d, m) in self.single(&joined, raw, false, mask) {
                    let e = out.entry(d).or_default();
                    e.score += m.score;
                    e.hits.extend(m.hits);
                    e.coverage = 1;
                    e.quality = e.quality.max(m.quality);
                }
                out
            }
        }
    }

    fn single(&mut self, term: &str, raw: &str, prefix: bool, mask: Mask) -> Matches {
        let ix = self.index;
        let mut exps: Vec<(u32, f32, u32)> = Vec::new();
        let mut push = |id: u32, w: f32, class: u32| {
            if let Some(e) = exps.iter_mut().find(|e| e.0 == id) {
                if w > e.1 {
                    *e = (id, w, class);
                }
            } else {
                exps.push((id, w, class));
            }
        };
        if let Some(id) = ix.term_id(term) {
            push(id, 1.0, 3);
        }
        for &id in ix.stem_class(&ix.query_stem_key(term)) {
            push(id, W_STEM, 2);
        }
        let chars = term.chars().count();
        if prefix && self.opts.prefix && chars >= 2 {
            for id in ix.prefixed(term, PREFIX_CAP) {
                let len = ix.terms.get(id as usize).map_or(1, |t| t.chars().count());
                push(id, W_PREFIX * (chars as f32 / len.max(1) as f32).sqrt(), 1);
            }
        }
        let budget = super::fuzzy::budget(chars);
        if self.opts.fuzzy && budget > 0 && !is_stop_word(term) && !taken_as_typed(ix, term) {
            for (id, d) in ix.fuzzy(term, budget) {
                if d > 0 {
                    push(id, if d == 1 { W_FUZZY1 } else { W_FUZZY2 }, 1);
                }
            }
        }
        let surface = surface_key(raw);
        self.score_terms(&exps, mask, Some(&surface))
    }

    fn score_terms(&self, exps: &[(u32, f32, u32)], mask: Mask, surface: Option<&str>) -> Matches {
        // Accumulators in the order documents are first met, found by a
        // table over all documents: a common word's many documents cost an
        // index each, not a tree look-up.
        let mut accs: Vec<(u32, Acc)> = Vec::new();
        let mut slot: Vec<u32> = Vec::new();
        let in_mask = |o: &Occ| self.group(o).filter(|g| mask & (1 << g) != 0);
        for &(id, w, class) in exps {
            // A document's occurrences of a term stand together: one look-up each.
            for part in self.walk(id) {
                for run in part.chunk_by(|a, b| a.doc == b.doc) {
                    let Some(first) = run.iter().find(|o| in_mask(o).is_some()) else {
                        continue;
                    };
                    let Some(a) = acc_of(&mut accs, &mut slot, first.doc, self.index.doc_count())
                    else {
                        continue;
                    };
                    for o in run {
                        let Some(g) = in_mask(o) else { continue };
                        if let Some(t) = a.tf.get_mut(g) {
                            *t += w;
                        }
                        a.class = a.class.max(class);
                        if o.field == ENTITY_FIELD {
                            continue;
                        }
                        if class == 3 && a.class < 4 && a.surface_checked < 4 {
                            a.surface_checked += 1;
                            if surface.is_some() && self.index.form(id, o.form) == surface {
                                a.class = 4;
                            }
                        }
                        if self.hits {
                            a.hits.push(Hit {
                                field: o.field as usize,
                                span: o.span(),
                            });
                        }
                    }
                }
            }
        }
        accs.sort_unstable_by_key(|(d, _)| *d);
        self.finish(accs)
    }

    fn phrase(&mut self, raw: &str, mask: Mask) -> Matches {
        let parts = words(raw);
        match parts.as_slice() {
            [] => Matches::new(),
            [one] => match self.index.term_id(one) {
                Some(id) => self.score_terms(&[(id, 1.0, 3)], mask, Some(&surface_key(raw))),
                None => Matches::new(),
            },
            _ => self.phrase_words(&parts, mask),
        }
    }

    /// Documents with the words at consecutive positions of one field.
    fn phrase_words(&self, parts: &[String], mask: Mask) -> Matches {
        let mut ids = Vec::with_capacity(parts.len());
        for p in parts {
            match self.index.term_id(p) {
                Some(id) => ids.push(id),
                None => return Matches::new(),
            }
        }
        // Every word's positions are read before any is walked.
        for &id in &ids {
            self.postings(id);
        }
        let Some((&first, rest)) = ids.split_first() else {
            return Matches::new();
        };
        let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
        for o in self.walk(first).into_iter().flatten() {
            let Some(g) = self.group(o) else { continue };
            if mask & (1 << g) == 0 {
                continue;
            }
            let mut found = vec![*o];
            for (k, &id) in rest.iter().enumerate() {
                let pos = o
                    .pos
                    .saturating_add(u32::try_from(k + 1).unwrap_or(u32::MAX));
                match self.index.occ_at(id, o.doc, o.field, pos) {
                    Some(next) => found.push(next),
                    None => break,
                }
            }
            if found.len() != ids.len() {
                continue;
            }
            let a = accs.entry(o.doc).or_default();
            if let Some(t) = a.tf.get_mut(g) {
                *t += 1.0;
            }
            a.class = 3;
            if o.field != ENTITY_FIELD && self.hits {
                a.hits.extend(found.iter().map(|f| Hit {
                    field: f.field as usize,
                    span: f.span(),
                }));
            }
        }
        self.finish(accs)
    }

    fn regex(&mut self, pattern: &str, mask: Mask) -> Matches {
        let re = match RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(REGEX_SIZE)
            .dfa_size_limit(REGEX_SIZE)
            .build()
        {
            Ok(re) => re,
            Err(e) => {
                let msg = e.to_string();
                let last = msg
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                self.diags
                    .push(format!("ignored invalid /{pattern}/: {}", last.trim()));
                return Matches::new();
            }
        };
        let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
        let mut capped = false;
        for d in 0..self.corpus.documents.len() {
            if !self.looks_at(u32::try_from(d).unwrap_or(u32::MAX)) {
                continue;
            }
            let Some(doc) = self.text_of(u32::try_from(d).unwrap_or(u32::MAX)) else {
                continue;
            };
            let mut count = 0;
            for (f, field) in doc.fields.iter().enumerate() {
                let g = group_of(field.kind);
                if mask & (1 << g) == 0 {
                    continue;
                }
                for m in re.find_iter(&field.text) {
                    if count >= REGEX_PER_DOC || self.regex_left == 0 {
                        capped = true;
                        break;
                    }
                    let Some(span) = trim_span(&field.text, Span::new(m.start(), m.end())) else {
                        continue;
                    };
                    count += 1;
                    self.regex_left -= 1;
                    let a = accs
                        .entry(u32::try_from(d).unwrap_or(u32::MAX))
                        .or_default();
                    if let Some(t) = a.tf.get_mut(g) {
                        *t += 1.0;
                    }
                    a.class = 3;
                    a.hits.push(Hit { field: f, span });
                }
            }
        }
        if capped {
            self.diags.push(format!(
                "/{pattern}/ matches too often: only the first matches count"
            ));
        }
        self.finish(accs)
    }

    /// Whether the entity table is in, noting when it is not: `kind:` and
    /// `entity:` look through every entity, and a stand-in has no name or
    /// kind to match, so they match nothing until it is read.
    fn has_table(&self) -> bool {
        let here = self.index.has_entity_table();
        if !here {
            self.needs.borrow_mut().entity_table = true;
        }
        here
    }

    fn kind(&mut self, kind: EntityKind) -> Matches {
        if !self.has_table() {
            return Matches::new();
        }
        let ms: Vec<(usize, usize, Span)> = (0..self.index.entities.entities.len())
            .filter(|&e| {
                self.index
                    .entities
                    .entities
                    .get(e)
                    .is_some_and(|x| x.kind == kind)
            })
            .flat_map(|e| self.mentions_of(e).iter().map(|m| (m.doc, m.field, m.span)))
            .collect();
        if ms.is_empty() && self.needs.borrow().mentions.is_empty() {
            self.diags.push(format!(
                "no {} entities are known in these documents",
                kind.name()
            ));
        }
        self.mentions(ms)
    }

    fn mentions(&self, ms: Vec<(usize, usize, Span)>) -> Matches {
        let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
        for (doc, field, span) in ms {
            let doc = u32::try_from(doc).unwrap_or(u32::MAX);
            if !self.looks_at(doc) {
                continue;
            }
            let a = accs.entry(doc).or_default();
            if let Some(t) = a.tf.get_mut(G_ENTITY) {
                *t += 1.0;
            }
            a.class = 3;
            if self.hits {
                a.hits.push(Hit { field, span });
            }
        }
        self.finish(accs)
    }

    fn entity(&mut self, name: &str, mask: Mask) -> Matches {
        if !self.has_table() {
            return Matches::new();
        }
        let found = self.index.entities_named(name);
        if found.is_empty() {
            self.diags.push(format!(
                "no entity named \"{name}\": searched its words as a phrase"
            ));
            return self.phrase(name, mask);
        }
        let ms = found
            .iter()
            .flat_map(|&i| self.mentions_of(i).iter().map(|m| (m.doc, m.field, m.span)))
            .collect();
        self.mentions(ms)
    }
}

/// Documents a common word must be in for a query to take it as typed.
const TYPED_DF: usize = 4;

/// Whether `term` is a word of the corpus that a query means as typed, with
/// no typo variants: a common (not a name) word in [`TYPED_DF`] documents or
/// more. Its neighbours one edit away are other words ("eight" is not
/// "light", "weight" or "height"), which would only add noise to the
/// ranking and postings to read. A name keeps them, as spellings vary
/// ("Namangan", "Namangon"), and so does a word the corpus has rarely or
/// not at all, most likely a typo itself.
fn taken_as_typed(ix: &Index, term: &str) -> bool {
    ix.term_id(term).is_some_and(|id| {
        !ix.proper_flags().get(id as usize).copied().unwrap_or(false) && ix.doc_freq(id) >= TYPED_DF
    })
}

/// The words of a query string as index terms, one per position.
pub fn words(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last = None;
    for t in analyze(raw) {
        if last != Some(t.pos) {
            last = Some(t.pos);
            out.push(t.term);
        }
    }
    out
}

/// A bare common word ("the"), dropped when the query has other words.
/// All-capital words ("US", "WHO") are acronyms, not common words.
fn is_stop_term(node: &Node) -> bool {
    let Node::Term { text, .. } = node else {
        return false;
    };
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !text.chars().any(char::is_lowercase) {
        return false;
    }
    matches!(words(text).as_slice(), [w] if is_stop_word(w))
}

/// The accumulator of document `doc` (made on first use): `slot` maps each
/// document to its place in `accs`, sized to `docs` when first needed.
/// `None` only past `u32` documents.
fn acc_of<'v>(
    accs: &'v mut Vec<(u32, Acc)>,
    slot: &mut Vec<u32>,
    doc: u32,
    docs: usize,
) -> Option<&'v mut Acc> {
    let i = doc as usize;
    if slot.len() <= i {
        slot.resize(docs.max(i + 1), u32::MAX);
    }
    let at = slot.get_mut(i)?;
    if *at == u32::MAX {
        *at = u32::try_from(accs.len()).ok()?;
        accs.push((doc, Acc::default()));
    }
    accs.get_mut(*at as usize).map(|(_, a)| a)
}

fn add(e: &mut DocMatch, m: DocMatch) {
    e.score += m.score;
    e.hits.extend(m.hits);
    e.coverage += m.coverage;
    e.quality += m.quality;
}

fn intersect(mut a: Matches, b: Matches) -> Matches {
    a.retain(|d, _| b.contains_key(d));
    for (d, m) in b {
        if let Some(e) = a.get_mut(&d) {
            add(e, m);
        }
    }
    a
}

/// A regex match without surrounding spaces and punctuation, so that a
/// highlight covers words only.
fn trim_span(text: &str, span: Span) -> Option<Span> {
    let s = text.get(span.start..span.end)?;
    let lead = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let body = s.trim_matches(|c: char| !c.is_alphanumeric());
    if body.is_empty() {
        // A match of punctuation only: highlight it as it is.
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        let start = span.start + (s.len() - s.trim_start().len());
        return Some(Span::new(start, start + t.len()));
    }
    let start = span.start + lead;
    Some(Span::new(start, start + body.len()))
}
