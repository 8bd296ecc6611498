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

use super::gazetteer::{self as gz, is_in, FastSet};
use super::tokens::Tok;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::hash::Hasher;
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
#[derive(Default)]
pub struct DocWords {
    lower_seen: FastSet<String>,
    cap_mid: FastSet<String>,
}

impl DocWords {
    pub fn add(&mut self, text: &str, toks: &[Tok]) {
        let caps = caps_line(text, toks);
        for t in toks {
            let w = t.text(text);
            if w.chars().next().is_some_and(char::is_lowercase) {
                if !self.lower_seen.contains(w) {
                    self.lower_seen.insert(w.to_string());
                }
            } else if t.cap && !t.sent_start && !caps && !self.cap_mid.contains(w) {
                self.cap_mid.insert(w.to_string());
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

/// Per-token facts computed once per field, as hashes and flags (a
/// neighbour's are read from its own entry, not computed again).
#[derive(Clone, Copy, Default)]
struct Info {
    word: u64,
    lower: u64,
    shape: u64,
    long_shape: u64,
    before: u64,
    after: u64,
    /// Small codes, 0 for none: the token's flags, its gazetteer kind
    /// alone, and its place in the longest known name around it.
    flags: u64,
    gz: u64,
    gz_span: u64,
    /// Prefixes then suffixes of one to four characters, lower-cased
    /// (`affixes` of each, for words longer than that).
    prefix: [u64; 4],
    suffix: [u64; 4],
    affixes: usize,
    /// In the given-name list as written.
    given_exact: bool,
    /// In the given-name list as written, or in title case on a caps line.
    given: bool,
    /// A title as written or in title case ("Gen.", "PRESIDENT").
    titleish: bool,
    /// A title as written.
    title: bool,
    particle: bool,
    org_head: bool,
    place_head: bool,
    common: bool,
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

/// Features of every token of a field, as hashes, pushed into `out` with
/// `starts[i]` where token `i`'s begin.
pub fn features(
    text: &str,
    toks: &[Tok],
    doc: &DocWords,
    out: &mut Vec<u32>,
    starts: &mut Vec<usize>,
) {
    let g = gz::get();
    let caps = caps_line(text, toks);
    let n = toks.len();
    let mut buf = String::new();
    let mut gz_span = vec![0u64; n];
    // Longest known name of up to five tokens starting at each capitalised
    // token: 1 + kind for its first token, 6 + kind for the others.
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
                gz::key_into(Span::new(a.span.start, b.span.end).slice(text), &mut buf);
                if let Some((k, _)) = g.known.get(buf.as_str()) {
                    best = Some((j, kind_code(*k)));
                    break;
                }
            }
        }
        match best {
            Some((j, k)) => {
                for (q, slot) in gz_span.iter_mut().enumerate().take(j + 1).skip(i) {
                    *slot = if q == i { k } else { 5 + k };
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    let mut lower = String::new();
    let mut tc = String::new();
    let mut infos: Vec<Info> = Vec::with_capacity(n);
    for (i, t) in toks.iter().enumerate() {
        let word = t.text(text);
        lower_into(word, &mut lower);
        title_case_into(word, &mut tc);
        let prev_end = if i == 0 {
            0
        } else {
            toks.get(i - 1).map_or(0, |p| p.span.end)
        };
        let next_start = toks.get(i + 1).map_or(text.len(), |nx| nx.span.start);
        gz::key_into(word, &mut buf);
        let gz1 = g.known.get(buf.as_str()).map_or(0, |(k, _)| kind_code(*k));
        let flags = match (t.sent_start, caps, t.cap, t.acro && !caps, t.num) {
            (_, _, _, _, true) => 1,
            (_, true, _, _, _) => 2,
            (true, _, true, _, _) => 3,
            (true, _, _, _, _) => 4,
            (_, _, _, true, _) => 5,
            (_, _, true, _, _) => 6,
            _ => 7,
        };
        let mut x = Info {
            word: part(word),
            lower: part(&lower),
            shape: if caps { 1 } else { shape(word, false) },
            long_shape: shape(word, true),
            before: part(gap(text.get(prev_end..t.span.start).unwrap_or(""))),
            after: part(gap(text.get(t.span.end..next_start).unwrap_or(""))),
            flags,
            gz: gz1,
            gz_span: gz_span.get(i).copied().unwrap_or(0),
            given_exact: g.given.contains(word),
            title: is_in(&gz::TITLES, word.trim_end_matches('.')),
            org_head: is_in(&gz::ORG_HEADS, word),
            place_head: is_in(&gz::PLACE_HEADS, word),
            particle: is_in(&gz::PARTICLES, &lower),
            common: g.common.contains(lower.as_str()),
            seen_lower: doc.lower_seen.contains(lower.as_str()),
            seen_cap: doc.cap_mid.contains(word) || doc.cap_mid.contains(tc.as_str()),
            ..Info::default()
        };
        x.titleish = x.title || is_in(&gz::TITLES, &tc);
        x.given = x.given_exact || caps && g.given.contains(tc.as_str());
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
                x.prefix[k - 1] = part(lower.get(..a).unwrap_or(""));
                x.suffix[k - 1] = part(lower.get(b..).unwrap_or(""));
                x.affixes = k;
            }
        }
        infos.push(x);
    }
    let none = Info::default();
    let at = |i: isize| -> &Info {
        if i < 0 {
            return &none;
        }
        infos.get(i as usize).unwrap_or(&none)
    };
    for i in 0..n {
        starts.push(out.len());
        let ii = i as isize;
        let x = at(ii);
        let (p1, p2, n1, n2) = (at(ii - 1), at(ii - 2), at(ii + 1), at(ii + 2));
        let mut push = |t: u8, parts: &[u64]| out.push(mix(t, parts));
        push(0, &[]);
        // In a headline the exact form is no evidence: "NOVAK" reads as "novak".
        if !caps {
            push(1, &[x.word]);
        }
        push(2, &[x.lower, x.flags]);
        push(3, &[x.lower]);
        push(4, &[x.shape]);
        push(5, &[x.flags]);
        push(6, &[x.long_shape, x.flags]);
        for k in 0..x.affixes {
            push(11 + k as u8, &[x.prefix[k]]);
            push(21 + k as u8, &[x.suffix[k]]);
        }
        push(30, &[p1.lower]);
        push(31, &[n1.lower]);
        push(32, &[p2.lower]);
        push(33, &[n2.lower]);
        push(34, &[p1.lower, x.lower]);
        push(35, &[x.lower, n1.lower]);
        push(36, &[p1.shape, x.shape, n1.shape]);
        push(37, &[p1.shape, x.shape]);
        push(38, &[x.shape, n1.shape]);
        push(39, &[p1.flags, x.flags, n1.flags]);
        push(40, &[x.before]);
        push(41, &[x.after]);
        push(42, &[x.before, x.shape]);
        push(43, &[x.after, n1.lower]);
        push(44, &[p1.before, p1.lower]);
        // Gazetteers and word lists.
        push(50, &[x.gz, x.flags]);
        push(51, &[x.gz_span]);
        push(52, &[x.gz_span, p1.gz_span, n1.gz_span]);
        push(53, &[p1.gz, n1.gz]);
        let lists = [
            x.given,
            p1.titleish,
            x.title,
            x.particle,
            x.org_head,
            n1.org_head,
            x.place_head,
            x.common,
            p1.given_exact,
        ];
        for (code, on) in lists.into_iter().enumerate() {
            if on {
                push(60, &[code as u64, x.flags]);
            }
        }
        // The document's other uses of the word.
        push(
            70,
            &[u64::from(x.seen_lower) * 2 + u64::from(x.seen_cap), x.flags],
        );
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
    /// Features computed (each looked up once).
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

static EMBEDDED: &[u8] = include_bytes!("ner.bin");

/// The size of the model the crate carries, in bytes.
pub const EMBEDDED_BYTES: usize = include_bytes!("ner.bin").len();

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
        Model {
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
        let mut acc = [0i32; TAGS];
        for (i, o) in out.chunks_exact_mut(TAGS).enumerate() {
            acc.fill(0);
            let (a, b) = (starts[i], starts[i + 1]);
            for h in feats.get(a..b).unwrap_or(&[]) {
                if let Some(w) = self.rows.get(*h, &mut work.probes) {
                    for (s, &x) in acc.iter_mut().zip(w) {
                        *s += i32::from(x);
                    }
                }
            }
            for (o, s) in o.iter_mut().zip(acc) {
                *o = s as f32 * self.scale;
            }
        }
        out
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
        let mut feats = Vec::with_capacity(toks.len() * 40);
        let mut starts = Vec::with_capacity(toks.len() + 1);
        features(text, toks, doc, &mut feats, &mut starts);
        work.features = feats.len();
        let scores = self.scores(&feats, &starts, &mut work);
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
