//! The trained name tagger: an averaged structured perceptron over BIO tags
//! (person, organisation, place, misc), decoded with Viterbi.
//!
//! It reads the tokens of one field with features of the word (itself,
//! lower-cased, shape, affixes), its neighbours, the punctuation around it,
//! capitalisation in context (sentence start; an ALL-CAPS line marks its
//! words as such instead of as acronyms), what the document says about the
//! word (seen in lower case, seen capitalised mid-sentence), and membership
//! in the gazetteers and word lists (known names of each kind, given names,
//! titles, particles, organisation and place heads, common words). Their
//! weights are learnt: no list wins by rule.
//!
//! The weights are quantised to `i8` with one scale and stored with
//! postcard: a sorted table of 32-bit feature hashes (as deltas) and one row
//! of weights per feature. `train-ner` writes `ner.bin`; the crate embeds it.

pub mod train;

use super::gazetteer::{self as gz, is_in, FastMap, FastSet};
use super::tokens::Tok;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The kinds the tagger knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Person,
    Org,
    Place,
    Misc,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Person, Label::Org, Label::Place, Label::Misc];

    /// The CoNLL type ("PER", "ORG", "LOC", "MISC").
    pub fn conll(s: &str) -> Option<Label> {
        Some(match s {
            "PER" => Label::Person,
            "ORG" => Label::Org,
            "LOC" => Label::Place,
            "MISC" => Label::Misc,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Label::Person => "person",
            Label::Org => "org",
            Label::Place => "place",
            Label::Misc => "misc",
        }
    }

    fn index(self) -> usize {
        match self {
            Label::Person => 0,
            Label::Org => 1,
            Label::Place => 2,
            Label::Misc => 3,
        }
    }
}

/// Tags: 0 is outside; 1 + 2k begins and 2 + 2k continues a name of label k.
pub const TAGS: usize = 9;

fn begin(l: Label) -> usize {
    1 + 2 * l.index()
}

fn label_of(tag: usize) -> Option<Label> {
    if tag == 0 {
        return None;
    }
    Label::ALL.get((tag - 1) / 2).copied()
}

fn is_inside(tag: usize) -> bool {
    tag > 0 && tag.is_multiple_of(2)
}

/// A continuation must follow the same label's begin or continuation.
fn allowed(prev: Option<usize>, tag: usize) -> bool {
    if !is_inside(tag) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != 0 && label_of(p) == label_of(tag),
    }
}

/// A name the tagger found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tagged {
    pub span: Span,
    pub label: Label,
    /// Token range in the tokens given.
    pub first: usize,
    pub last: usize,
}

/// What one document says about its words (the tagger looks no further,
/// so a page reads the same alone or in a large corpus).
/// Words are kept as their hashes (`part`), as the features read them.
#[derive(Default)]
pub struct DocWords {
    lower_seen: FastSet<u64>,
    cap_mid: FastSet<u64>,
}

impl DocWords {
    pub fn add(&mut self, text: &str, toks: &[Tok]) {
        let caps = caps_line(text, toks);
        for t in toks {
            let w = t.text(text);
            if w.chars().next().is_some_and(char::is_lowercase) {
                self.lower_seen.insert(part(w));
            } else if t.cap && !t.sent_start && !caps {
                self.cap_mid.insert(part(w));
            }
        }
    }
}

/// A line written in capitals (a headline): its words' case says nothing.
pub fn caps_line(text: &str, toks: &[Tok]) -> bool {
    let mut letters = 0usize;
    for t in toks {
        for c in t.text(text).chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    letters >= 4
}

/// The hash of one part of a feature (a word, a shape, a gap), taken once
/// per token: templates combine these, so no feature builds a string.
fn part(s: &str) -> u64 {
    let mut h = gz::Fnv::default();
    h.write(s.as_bytes());
    // The length too: the hasher pads its last word with zeros.
    h.write_usize(s.len());
    h.finish()
}

/// A feature: its template number and parts, mixed and finalised (the
/// murmur3 finaliser) so that every bit of the 32 kept depends on all.
fn mix(t: u8, parts: &[u64]) -> u32 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (u64::from(t) + 1).wrapping_mul(K);
    for &p in parts {
        h = (h.rotate_left(27) ^ p).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h as u32
}

/// The hash of a word's shape: character classes, runs of the same class
/// collapsed ("Xx", "X.X.", "d-d"); `long` keeps runs of up to three.
fn shape(w: &str, long: bool) -> u64 {
    let mut h = gz::Fnv::default();
    let mut last = '\0';
    let mut run = 0;
    let mut len = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if !long || run > 3 {
                continue;
            }
        } else {
            run = 1;
        }
        last = k;
        h.write_usize(k as usize);
        len += 1;
        if len > 12 {
            break;
        }
    }
    h.write_usize(len);
    h.finish()
}

/// What a word says alone, whatever its neighbours and document: a
/// function of the word and whether its line is in capitals, so the
/// tagger computes it once per word (see `WordCache`). These are the facts
/// its neighbours and document read too; `Own` has the rest.
#[derive(Clone, Copy, Default)]
struct WordFacts {
    word: u64,
    lower: u64,
    /// The hash of the word in title case ("NOVAK" as "Novak").
    title_case: u64,
    shape: u64,
    /// 1 + the kind of a known name of this one word, else 0.
    gz: u64,
    /// In the given-name list as written.
    given_exact: bool,
    /// A title as written or in title case ("Gen.", "PRESIDENT").
    titleish: bool,
    org_head: bool,
}

/// The facts only the word's own features read.
#[derive(Clone, Copy, Default)]
struct Own {
    long_shape: u64,
    /// Prefixes then suffixes of one to four characters, lower-cased
    /// (`affixes` of each, for words longer than that).
    prefix: [u64; 4],
    suffix: [u64; 4],
    affixes: usize,
    /// In the given-name list as written, or in title case on a caps line.
    given: bool,
    /// A title as written.
    title: bool,
    particle: bool,
    place_head: bool,
    common: bool,
}

/// Per-token facts: the word's own and its context's (a neighbour's are
/// read from its own entry, not computed again).
#[derive(Clone, Copy, Default)]
struct Info {
    w: WordFacts,
    before: u64,
    after: u64,
    /// Small codes, 0 for none: the token's flags, and its place in the
    /// longest known name around it.
    flags: u64,
    gz_span: u64,
    /// Seen in lower case in the document.
    seen_lower: bool,
    /// Seen capitalised mid-sentence in the document (as written or in title case).
    seen_cap: bool,
}

fn gap(s: &str) -> &str {
    let t = s.trim();
    let mut end = 0;
    for (n, (i, c)) in t.char_indices().enumerate() {
        if n >= 2 {
            break;
        }
        end = i + c.len_utf8();
    }
    t.get(..end).unwrap_or("")
}

/// 1 person, 2 org, 3 place, 4 group, 5 any other kind.
fn kind_code(k: super::EntityKind) -> u64 {
    use super::EntityKind as K;
    match k {
        K::Person => 1,
        K::Org => 2,
        K::Place => 3,
        K::Group => 4,
        _ => 5,
    }
}

fn lower_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
}

fn title_case_into(w: &str, out: &mut String) {
    out.clear();
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Buffers reused from word to word.
#[derive(Default)]
struct Scratch {
    lower: String,
    title_case: String,
    key: String,
}

fn flags_of(t: &Tok, caps: bool) -> u64 {
    match (t.sent_start, caps, t.cap, t.acro && !caps, t.num) {
        (_, _, _, _, true) => 1,
        (_, true, _, _, _) => 2,
        (true, _, true, _, _) => 3,
        (true, _, _, _, _) => 4,
        (_, _, _, true, _) => 5,
        (_, _, true, _, _) => 6,
        _ => 7,
    }
}

fn word_facts(word: &str, caps: bool, s: &mut Scratch) -> (WordFacts, Own) {
    let g = gz::get();
    lower_into(word, &mut s.lower);
    title_case_into(word, &mut s.title_case);
    gz::key_into(word, &mut s.key);
    let lower = s.lower.as_str();
    let tc = s.title_case.as_str();
    let title = is_in(&gz::TITLES, word.trim_end_matches('.'));
    let given_exact = g.given.contains(word);
    let x = WordFacts {
        word: part(word),
        lower: part(lower),
        title_case: part(tc),
        shape: if caps { 1 } else { shape(word, false) },
        gz: g
            .known
            .get(s.key.as_str())
            .map_or(0, |(k, _)| kind_code(*k)),
        given_exact,
        titleish: title || is_in(&gz::TITLES, tc),
        org_head: is_in(&gz::ORG_HEADS, word),
    };
    let mut o = Own {
        long_shape: shape(word, true),
        given: given_exact || caps && g.given.contains(tc),
        title,
        place_head: is_in(&gz::PLACE_HEADS, word),
        particle: is_in(&gz::PARTICLES, lower),
        common: g.common.contains(lower),
        ..Own::default()
    };
    // Affixes of one to four characters, of words longer than that.
    let mut cuts = [0usize; 5];
    let mut n_chars = 0;
    for (b, _) in lower.char_indices() {
        if let Some(c) = cuts.get_mut(n_chars) {
            *c = b;
        }
        n_chars += 1;
    }
    let mut back = [0usize; 4];
    for (c, (b, _)) in back.iter_mut().zip(lower.char_indices().rev()) {
        *c = b;
    }
    for k in 1..=4usize {
        if n_chars > k {
            let (Some(&a), Some(&b)) = (cuts.get(k), back.get(k - 1)) else {
                break;
            };
            o.prefix[k - 1] = part(lower.get(..a).unwrap_or(""));
            o.suffix[k - 1] = part(lower.get(b..).unwrap_or(""));
            o.affixes = k;
        }
    }
    (x, o)
}

/// The features of a word alone (with its flags).
fn own_features(x: &WordFacts, o: &Own, flags: u64, caps: bool, out: &mut Vec<u32>) {
    let mut push = |t: u8, parts: &[u64]| out.push(mix(t, parts));
    push(0, &[]);
    // In a headline the exact form is no evidence: "NOVAK" reads as "novak".
    if !caps {
        push(1, &[x.word]);
    }
    push(2, &[x.lower, flags]);
    push(3, &[x.lower]);
    push(4, &[x.shape]);
    push(5, &[flags]);
    push(6, &[o.long_shape, flags]);
    for k in 0..o.affixes {
        push(11 + k as u8, &[o.prefix[k]]);
        push(21 + k as u8, &[o.suffix[k]]);
    }
    push(50, &[x.gz, flags]);
    // Word lists (template 60, by list number; 1, 5 and 8 are a neighbour's).
    let lists = [
        (0, o.given),
        (2, o.title),
        (3, o.particle),
        (4, x.org_head),
        (6, o.place_head),
        (7, o.common),
    ];
    for (code, on) in lists {
        if on {
            push(60, &[code, flags]);
        }
    }
}

/// The features of token `i` that depend on its neighbours, the gaps
/// around it, known names across tokens and its document.
fn context_features(infos: &[Info], i: usize, out: &mut Vec<u32>) {
    let none = Info::default();
    let at = |j: Option<usize>| j.and_then(|j| infos.get(j)).unwrap_or(&none);
    let x = at(Some(i));
    let (p1, p2) = (at(i.checked_sub(1)), at(i.checked_sub(2)));
    let (n1, n2) = (at(Some(i + 1)), at(Some(i + 2)));
    let mut push = |t: u8, parts: &[u64]| out.push(mix(t, parts));
    push(30, &[p1.w.lower]);
    push(31, &[n1.w.lower]);
    push(32, &[p2.w.lower]);
    push(33, &[n2.w.lower]);
    push(34, &[p1.w.lower, x.w.lower]);
    push(35, &[x.w.lower, n1.w.lower]);
    push(36, &[p1.w.shape, x.w.shape, n1.w.shape]);
    push(37, &[p1.w.shape, x.w.shape]);
    push(38, &[x.w.shape, n1.w.shape]);
    push(39, &[p1.flags, x.flags, n1.flags]);
    push(40, &[x.before]);
    push(41, &[x.after]);
    push(42, &[x.before, x.w.shape]);
    push(43, &[x.after, n1.w.lower]);
    push(44, &[p1.before, p1.w.lower]);
    push(51, &[x.gz_span]);
    push(52, &[x.gz_span, p1.gz_span, n1.gz_span]);
    push(53, &[p1.w.gz, n1.w.gz]);
    let lists = [
        (1, p1.w.titleish),
        (5, n1.w.org_head),
        (8, p1.w.given_exact),
    ];
    for (code, on) in lists {
        if on {
            push(60, &[code, x.flags]);
        }
    }
    // The document's other uses of the word.
    push(
        70,
        &[u64::from(x.seen_lower) * 2 + u64::from(x.seen_cap), x.flags],
    );
}

/// Longest known name of up to five tokens starting at each capitalised
/// token: 1 + kind for its first token, 6 + kind for the others.
fn gz_spans(text: &str, toks: &[Tok], buf: &mut String) -> Vec<u64> {
    let g = gz::get();
    let n = toks.len();
    let mut out = vec![0u64; n];
    let mut i = 0;
    while i < n {
        let mut best = None;
        if toks.get(i).is_some_and(|t| t.cap || t.acro) {
            for j in (i..n.min(i + 5)).rev() {
                let (Some(a), Some(b)) = (toks.get(i), toks.get(j)) else {
                    continue;
                };
                if j > i && !toks.get(j).is_some_and(|t| t.joined) {
                    continue;
                }
                gz::key_into(Span::new(a.span.start, b.span.end).slice(text), buf);
                if let Some((k, _)) = g.known.get(buf.as_str()) {
                    best = Some((j, kind_code(*k)));
                    break;
                }
            }
        }
        match best {
            Some((j, k)) => {
                for (q, slot) in out.iter_mut().enumerate().take(j + 1).skip(i) {
                    *slot = if q == i { k } else { 5 + k };
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Token facts for a field, each word's from `facts` (given the word, its
/// flags and the caps flag).
fn infos(
    text: &str,
    toks: &[Tok],
    doc: &DocWords,
    caps: bool,
    scratch: &mut Scratch,
    facts: &mut dyn FnMut(&str, u64, &mut Scratch) -> WordFacts,
) -> Vec<Info> {
    let gz_span = gz_spans(text, toks, &mut scratch.key);
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let word = t.text(text);
        let prev_end = if i == 0 {
            0
        } else {
            toks.get(i - 1).map_or(0, |p| p.span.end)
        };
        let next_start = toks.get(i + 1).map_or(text.len(), |nx| nx.span.start);
        let flags = flags_of(t, caps);
        let w = facts(word, flags, scratch);
        out.push(Info {
            w,
            before: part(gap(text.get(prev_end..t.span.start).unwrap_or(""))),
            after: part(gap(text.get(t.span.end..next_start).unwrap_or(""))),
            flags,
            gz_span: gz_span.get(i).copied().unwrap_or(0),
            seen_lower: doc.lower_seen.contains(&w.lower),
            seen_cap: doc.cap_mid.contains(&w.word) || doc.cap_mid.contains(&w.title_case),
        });
    }
    out
}

/// Features of every token of a field, as hashes, pushed into `out` with
/// `starts[i]` where token `i`'s begin (what training reads; tagging sums
/// the same features, a word's own through its cache).
pub fn features(
    text: &str,
    toks: &[Tok],
    doc: &DocWords,
    out: &mut Vec<u32>,
    starts: &mut Vec<usize>,
) {
    let caps = caps_line(text, toks);
    let mut scratch = Scratch::default();
    let mut own: Vec<(Own, u64)> = Vec::with_capacity(toks.len());
    let infos = infos(text, toks, doc, caps, &mut scratch, &mut |w, flags, s| {
        let (x, o) = word_facts(w, caps, s);
        own.push((o, flags));
        x
    });
    for (i, (x, (o, flags))) in infos.iter().zip(&own).enumerate() {
        starts.push(out.len());
        own_features(&x.w, o, *flags, caps, out);
        context_features(&infos, i, out);
    }
    starts.push(out.len());
}

/// Best tag sequence for emission `scores` (TAGS per token).
pub fn viterbi(scores: &[f32], trans: &[f32], start: &[f32]) -> Vec<usize> {
    viterbi_counted(scores, trans, start, &mut 0)
}

/// `viterbi`, adding the transitions it weighs to `steps`.
fn viterbi_counted(scores: &[f32], trans: &[f32], start: &[f32], steps: &mut usize) -> Vec<usize> {
    let n = scores.len() / TAGS;
    if n == 0 {
        return Vec::new();
    }
    // Forbidden moves (a continuation after another label) weigh minus
    // infinity, so the inner loop has no branch on them.
    let mut tr = [f32::NEG_INFINITY; TAGS * TAGS];
    let mut st = [f32::NEG_INFINITY; TAGS];
    for t in 0..TAGS {
        if allowed(None, t) {
            st[t] = start.get(t).copied().unwrap_or(0.0);
        }
        for p in 0..TAGS {
            if allowed(Some(p), t) {
                tr[t * TAGS + p] = trans.get(p * TAGS + t).copied().unwrap_or(0.0);
            }
        }
    }
    let mut best = vec![f32::NEG_INFINITY; n * TAGS];
    let mut back = vec![0u8; n * TAGS];
    for (b, (s, e)) in best.iter_mut().zip(st.iter().zip(scores)) {
        *b = s + e;
    }
    for i in 1..n {
        let (done, rest) = best.split_at_mut(i * TAGS);
        let prev = &done[(i - 1) * TAGS..];
        let row = &scores[i * TAGS..(i + 1) * TAGS];
        for t in 0..TAGS {
            let from = &tr[t * TAGS..(t + 1) * TAGS];
            let mut b = f32::NEG_INFINITY;
            let mut bp = 0u8;
            for (p, (&v, &w)) in prev.iter().zip(from).enumerate() {
                let v = v + w;
                if v > b {
                    b = v;
                    bp = p as u8;
                }
            }
            rest[t] = b + row[t];
            back[i * TAGS + t] = bp;
        }
        *steps += TAGS * TAGS;
    }
    let mut tags = vec![0usize; n];
    let mut t = (0..TAGS)
        .max_by(|&a, &b| best[(n - 1) * TAGS + a].total_cmp(&best[(n - 1) * TAGS + b]))
        .unwrap_or(0);
    for i in (0..n).rev() {
        tags[i] = t;
        if i > 0 {
            t = usize::from(back[i * TAGS + t]);
        }
    }
    tags
}

/// Names from a tag sequence over `toks`.
pub fn spans(toks: &[Tok], tags: &[usize]) -> Vec<Tagged> {
    let mut out: Vec<Tagged> = Vec::new();
    let mut open: Option<Tagged> = None;
    for (i, (t, &tag)) in toks.iter().zip(tags).enumerate() {
        if is_inside(tag) {
            if let Some(o) = open.as_mut() {
                o.span = Span::new(o.span.start, t.span.end);
                o.last = i;
                continue;
            }
        }
        if let Some(o) = open.take() {
            out.push(o);
        }
        if let Some(label) = label_of(tag) {
            open = Some(Tagged {
                span: t.span,
                label,
                first: i,
                last: i,
            });
        }
    }
    out.extend(open);
    out
}

/// The stored model.
#[derive(Clone, Serialize, Deserialize, Default)]
pub struct ModelFile {
    pub version: u32,
    /// Sorted feature hashes, as differences from the one before.
    pub key_deltas: Vec<u32>,
    /// TAGS weights per key.
    pub weights: Vec<i8>,
    pub scale: f32,
    pub trans: Vec<f32>,
    pub start: Vec<f32>,
}

/// A loaded model.
pub struct Model {
    /// Tells the models of a process apart (for the word cache).
    id: u64,
    rows: Rows,
    scale: f32,
    trans: Vec<f32>,
    start: Vec<f32>,
}

/// One feature's weights beside its hash, so a lookup touches one place
/// in memory (the table is larger than the cache; looking the row up in a
/// second array was the tagger's main cost).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    /// 0 for an empty slot, else 1.
    used: u8,
    w: [i8; TAGS],
}

/// Feature hash to weights: open addressing with linear probing, half
/// full. The keys are hashes already, so they index the table directly
/// (scaled to its size by a multiply).
#[derive(Default)]
struct Rows {
    slots: Vec<Slot>,
    len: usize,
}

impl Rows {
    fn with_rows(rows: &[(u32, [i8; TAGS])]) -> Rows {
        let size = (rows.len() * 2).max(16);
        let mut r = Rows {
            slots: vec![Slot::default(); size],
            len: 0,
        };
        for &(k, w) in rows {
            let mut at = r.home(k);
            loop {
                match r.slots.get_mut(at) {
                    Some(slot) if slot.used == 0 => {
                        *slot = Slot { key: k, used: 1, w };
                        r.len += 1;
                        break;
                    }
                    // A repeated key keeps its first row.
                    Some(slot) if slot.key == k => break,
                    _ => at = if at + 1 == size { 0 } else { at + 1 },
                }
            }
        }
        r
    }

    fn home(&self, k: u32) -> usize {
        ((u64::from(k) * self.slots.len() as u64) >> 32) as usize
    }

    /// The weights of feature `k`, adding the slots read to `probes`.
    fn get(&self, k: u32, probes: &mut usize) -> Option<&[i8; TAGS]> {
        if self.len == 0 {
            return None;
        }
        let mut at = self.home(k);
        // The table is never full, so an empty slot ends every probe.
        loop {
            *probes += 1;
            let slot = self.slots.get(at)?;
            if slot.used == 0 {
                return None;
            }
            if slot.key == k {
                return Some(&slot.w);
            }
            at = if at + 1 == self.slots.len() {
                0
            } else {
                at + 1
            };
        }
    }
}

/// The work the tagger did on a field: every count grows with its tokens
/// and no faster (a test holds it to that on bad input).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    pub tokens: usize,
    /// Features computed, each looked up once (a word's own only when
    /// the thread has not seen the word yet).
    pub features: usize,
    /// Table slots read by those lookups.
    pub probes: usize,
    /// Transitions weighed by Viterbi.
    pub transitions: usize,
}

impl Work {
    pub fn add(&mut self, o: Work) {
        self.tokens += o.tokens;
        self.features += o.features;
        self.probes += o.probes;
        self.transitions += o.transitions;
    }
}

/// A thread's words seen: (word, flags, caps line) hashed to the word's
/// facts and its own features' summed weights under model `model`.
#[derive(Default)]
struct WordCache {
    model: u64,
    words: FastMap<u64, (WordFacts, [i32; TAGS])>,
}

/// Words kept before the cache starts again (about 7 MB).
const WORD_CACHE_MAX: usize = 65_536;

thread_local! {
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
}

// Native only for now: the page's reader cannot carry the model's 465 KB
// gzip (its byte budget); the page tags with the rules alone until the
// analyzer worker of the lean-page issue carries the model.
#[cfg(not(target_arch = "wasm32"))]
static EMBEDDED: &[u8] = include_bytes!("ner.bin");
#[cfg(target_arch = "wasm32")]
static EMBEDDED: &[u8] = &[];

/// The size of the model the crate carries, in bytes (0 in the page).
pub const EMBEDDED_BYTES: usize = EMBEDDED.len();

impl Model {
    pub fn from_file(f: ModelFile) -> Model {
        let mut k = 0u32;
        let rows: Vec<(u32, [i8; TAGS])> = f
            .key_deltas
            .iter()
            .zip(f.weights.chunks_exact(TAGS))
            .map(|(d, w)| {
                k = k.wrapping_add(*d);
                let mut row = [0i8; TAGS];
                row.copy_from_slice(w);
                (k, row)
            })
            .collect();
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Model {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            rows: Rows::with_rows(&rows),
            scale: f.scale,
            trans: f.trans,
            start: f.start,
        }
    }

    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        postcard::from_bytes::<ModelFile>(b)
            .ok()
            .map(Model::from_file)
    }

    /// The model the crate carries; with a missing or broken file, a model
    /// that finds nothing (the rules still run).
    pub fn embedded() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            Model::from_bytes(EMBEDDED).unwrap_or_else(|| Model::from_file(ModelFile::default()))
        })
    }

    pub fn features_len(&self) -> usize {
        self.rows.len
    }

    /// Emission scores for features laid out by `features`.
    fn scores(&self, feats: &[u32], starts: &[usize], work: &mut Work) -> Vec<f32> {
        let n = starts.len().saturating_sub(1);
        let mut out = vec![0f32; n * TAGS];
        for (i, o) in out.chunks_exact_mut(TAGS).enumerate() {
            let mut acc = [0i32; TAGS];
            self.sum(
                feats.get(starts[i]..starts[i + 1]).unwrap_or(&[]),
                &mut acc,
                work,
            );
            for (o, s) in o.iter_mut().zip(acc) {
                *o = s as f32 * self.scale;
            }
        }
        out
    }

    /// Add the weights of `feats` to `acc`.
    fn sum(&self, feats: &[u32], acc: &mut [i32; TAGS], work: &mut Work) {
        for h in feats {
            if let Some(w) = self.rows.get(*h, &mut work.probes) {
                for (s, &x) in acc.iter_mut().zip(w) {
                    *s += i32::from(x);
                }
            }
        }
    }

    /// Emission scores of a field, as `scores(features(..))` gives them: a
    /// word's own features are summed once per thread and reused (most of
    /// a text is words it has seen), its context's for each token.
    fn field_scores(&self, text: &str, toks: &[Tok], doc: &DocWords, work: &mut Work) -> Vec<f32> {
        let caps = caps_line(text, toks);
        let mut scratch = Scratch::default();
        let mut own: Vec<[i32; TAGS]> = Vec::with_capacity(toks.len());
        let mut feats: Vec<u32> = Vec::with_capacity(48);
        WORDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.model != self.id || cache.words.len() > WORD_CACHE_MAX {
                cache.words.clear();
                cache.model = self.id;
            }
            let words = &mut cache.words;
            let infos = infos(text, toks, doc, caps, &mut scratch, &mut |w, flags, s| {
                let key = (part(w) ^ flags.wrapping_mul(0x9e37_79b9_7f4a_7c15)).rotate_left(1)
                    ^ u64::from(caps);
                if let Some((facts, sum)) = words.get(&key) {
                    own.push(*sum);
                    return *facts;
                }
                let (facts, o) = word_facts(w, caps, s);
                feats.clear();
                own_features(&facts, &o, flags, caps, &mut feats);
                work.features += feats.len();
                let mut acc = [0i32; TAGS];
                self.sum(&feats, &mut acc, work);
                words.insert(key, (facts, acc));
                own.push(acc);
                facts
            });
            let mut out = vec![0f32; toks.len() * TAGS];
            for (i, (o, mut acc)) in out.chunks_exact_mut(TAGS).zip(own).enumerate() {
                feats.clear();
                context_features(&infos, i, &mut feats);
                work.features += feats.len();
                self.sum(&feats, &mut acc, work);
                for (o, s) in o.iter_mut().zip(acc) {
                    *o = s as f32 * self.scale;
                }
            }
            out
        })
    }

    /// Tag the tokens of one field.
    pub fn tag(&self, text: &str, toks: &[Tok], doc: &DocWords) -> Vec<Tagged> {
        self.tag_scored(text, toks, doc).0
    }

    /// Tag the tokens of one field, with the per-token scores of every tag.
    pub fn tag_scored(&self, text: &str, toks: &[Tok], doc: &DocWords) -> (Vec<Tagged>, Scores) {
        let (tagged, scores, _) = self.tag_counted(text, toks, doc);
        (tagged, scores)
    }

    /// `tag_scored`, with the work it took.
    pub fn tag_counted(
        &self,
        text: &str,
        toks: &[Tok],
        doc: &DocWords,
    ) -> (Vec<Tagged>, Scores, Work) {
        let mut work = Work {
            tokens: toks.len(),
            ..Work::default()
        };
        if toks.is_empty() || self.rows.len == 0 {
            return (Vec::new(), Scores(Vec::new()), work);
        }
        let scores = self.field_scores(text, toks, doc, &mut work);
        let tags = viterbi_counted(&scores, &self.trans, &self.start, &mut work.transitions);
        (spans(toks, &tags), Scores(scores), work)
    }
}

/// Emission scores, `TAGS` per token.
pub struct Scores(Vec<f32>);

impl Scores {
    /// How much more the tagger's emissions favour `a` than `b` over tokens
    /// `first..=last` read as one name (begin, then continue).
    pub fn margin(&self, first: usize, last: usize, a: Label, b: Label) -> f32 {
        let mut m = 0.0;
        for i in first..=last {
            let off = usize::from(i > first);
            let at = |l: Label| {
                self.0
                    .get(i * TAGS + begin(l) + off)
                    .copied()
                    .unwrap_or(0.0)
            };
            m += at(a) - at(b);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tokens::tokenize;

    /// Tagging sums exactly the features training reads, whether a word's
    /// own come from the cache or not, on lines of every sort.
    #[test]
    fn cached_scores_are_the_features_scores() {
        let model = Model::embedded();
        assert!(model.features_len() > 10_000);
        let seed = include_str!("../../../seeds/000_305abcc8f379b296.txt");
        let lines: Vec<&str> = seed
            .lines()
            .chain([
                "NOVAK URGES CALM",
                "",
                "a a a",
                "Владимир Путин met محمد in Berlin.",
            ])
            .collect();
        let toks: Vec<Vec<Tok>> = lines.iter().map(|l| tokenize(l)).collect();
        let mut doc = DocWords::default();
        for (l, t) in lines.iter().zip(&toks) {
            doc.add(l, t);
        }
        for round in 0..2 {
            for (l, t) in lines.iter().zip(&toks) {
                let (mut feats, mut starts) = (Vec::new(), Vec::new());
                features(l, t, &doc, &mut feats, &mut starts);
                let want = model.scores(&feats, &starts, &mut Work::default());
                let got = model.field_scores(l, t, &doc, &mut Work::default());
                assert_eq!(got, want, "round {round}: {l:?}");
            }
        }
    }
}
