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

use super::gazetteer::{self as gz, is_in, key, FastSet};
use super::tokens::Tok;
use crate::span::Span;
use serde::{Deserialize, Serialize};
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

/// A short shape: runs of the same class collapse ("Xx", "X.X.", "d-d").
fn shape(w: &str, long: bool) -> String {
    let mut s = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
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
        s.push(k);
        if s.len() > 12 {
            break;
        }
    }
    s
}

/// FNV-1a over a template number and its parts.
struct H(u64);

impl H {
    fn new(t: u8) -> H {
        let mut h = H(0xcbf2_9ce4_8422_2325);
        h.byte(t);
        h
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    fn s(mut self, s: &str) -> H {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0xff);
        self
    }
    fn done(self) -> u32 {
        // Fold: the table keeps 32 bits (a few collisions among ~10^5 keys).
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// Per-token facts computed once per field (a neighbour's are read from
/// its own entry, not looked up again).
struct Info<'a> {
    word: &'a str,
    lower: String,
    shape: String,
    before: &'a str,
    gz: &'static str,
    gz_span: &'static str,
    flags: &'static str,
    /// In the given-name list as written.
    given_exact: bool,
    /// A title as written or in title case ("Gen.", "PRESIDENT").
    titleish: bool,
    org_head: bool,
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

fn kind_code(k: super::EntityKind) -> &'static str {
    use super::EntityKind as K;
    match k {
        K::Person => "P",
        K::Org => "O",
        K::Place => "L",
        K::Group => "G",
        _ => "M",
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
    let mut gz_span: Vec<&'static str> = vec![""; n];
    // Longest known name of up to five tokens starting at each capitalised token.
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
                if let Some((k, _)) = g
                    .known
                    .get(&key(Span::new(a.span.start, b.span.end).slice(text)))
                {
                    best = Some((j, kind_code(*k)));
                    break;
                }
            }
        }
        match best {
            Some((j, k)) => {
                for (q, slot) in gz_span.iter_mut().enumerate().take(j + 1).skip(i) {
                    *slot = match (q == i, k) {
                        (true, "P") => "BP",
                        (true, "O") => "BO",
                        (true, "L") => "BL",
                        (true, "G") => "BG",
                        (true, _) => "BM",
                        (false, "P") => "IP",
                        (false, "O") => "IO",
                        (false, "L") => "IL",
                        (false, "G") => "IG",
                        (false, _) => "IM",
                    };
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    let infos: Vec<Info> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let word = t.text(text);
            let lower = word.to_lowercase();
            let prev_end = if i == 0 {
                0
            } else {
                toks.get(i - 1).map_or(0, |p| p.span.end)
            };
            let before = gap(text.get(prev_end..t.span.start).unwrap_or(""));
            let gz1 = match g.known.get(&key(word)) {
                Some((k, _)) => kind_code(*k),
                None => "",
            };
            let flags = match (t.sent_start, caps, t.cap, t.acro && !caps, t.num) {
                (_, _, _, _, true) => "num",
                (_, true, _, _, _) => "capsline",
                (true, _, true, _, _) => "start-cap",
                (true, _, _, _, _) => "start",
                (_, _, _, true, _) => "acro",
                (_, _, true, _, _) => "cap",
                _ => "low",
            };
            let tc = title_case(word);
            Info {
                word,
                shape: if caps {
                    "CAPS".to_string()
                } else {
                    shape(word, false)
                },
                lower,
                before,
                gz: gz1,
                gz_span: gz_span.get(i).copied().unwrap_or(""),
                flags,
                given_exact: g.given.contains(word),
                titleish: is_in(&gz::TITLES, word.trim_end_matches('.')) || is_in(&gz::TITLES, &tc),
                org_head: is_in(&gz::ORG_HEADS, word),
                seen_cap: doc.cap_mid.contains(word) || doc.cap_mid.contains(&tc),
            }
        })
        .collect();
    let none = Info {
        word: "",
        lower: String::new(),
        shape: String::new(),
        before: "",
        gz: "",
        gz_span: "",
        flags: "",
        given_exact: false,
        titleish: false,
        org_head: false,
        seen_cap: false,
    };
    let at = |i: isize| -> &Info {
        if i < 0 {
            return &none;
        }
        infos.get(i as usize).unwrap_or(&none)
    };
    macro_rules! push {
        ($h:expr $(,)?) => {
            out.push($h.done())
        };
    }
    for (i, t) in toks.iter().enumerate() {
        starts.push(out.len());
        let ii = i as isize;
        let x = at(ii);
        let (p1, p2, n1, n2) = (at(ii - 1), at(ii - 2), at(ii + 1), at(ii + 2));
        let after = gap(text
            .get(t.span.end..toks.get(i + 1).map_or(text.len(), |nx| nx.span.start))
            .unwrap_or(""));
        push!(H::new(0));
        // In a headline the exact form is no evidence: "NOVAK" reads as "novak".
        if !caps {
            push!(H::new(1).s(x.word));
        }
        push!(H::new(2).s(&x.lower).s(x.flags));
        push!(H::new(3).s(&x.lower));
        push!(H::new(4).s(&x.shape));
        push!(H::new(5).s(x.flags));
        push!(H::new(6).s(&shape(x.word, true)).s(x.flags));
        // Affixes of one to four characters, of words longer than that.
        let n_chars = x.lower.chars().count();
        for k in 1..=4usize {
            if n_chars > k {
                let cut = |c: usize| {
                    x.lower
                        .char_indices()
                        .nth(c)
                        .map_or(x.lower.len(), |(b, _)| b)
                };
                push!(H::new(10 + k as u8).s(x.lower.get(..cut(k)).unwrap_or("")));
                push!(H::new(20 + k as u8).s(x.lower.get(cut(n_chars - k)..).unwrap_or("")));
            }
        }
        push!(H::new(30).s(&p1.lower));
        push!(H::new(31).s(&n1.lower));
        push!(H::new(32).s(&p2.lower));
        push!(H::new(33).s(&n2.lower));
        push!(H::new(34).s(&p1.lower).s(&x.lower));
        push!(H::new(35).s(&x.lower).s(&n1.lower));
        push!(H::new(36).s(&p1.shape).s(&x.shape).s(&n1.shape));
        push!(H::new(37).s(&p1.shape).s(&x.shape));
        push!(H::new(38).s(&x.shape).s(&n1.shape));
        push!(H::new(39).s(p1.flags).s(x.flags).s(n1.flags));
        push!(H::new(40).s(x.before));
        push!(H::new(41).s(after));
        push!(H::new(42).s(x.before).s(&x.shape));
        push!(H::new(43).s(after).s(&n1.lower));
        push!(H::new(44).s(p1.before).s(&p1.lower));
        // Gazetteers and word lists.
        push!(H::new(50).s(x.gz).s(x.flags));
        push!(H::new(51).s(x.gz_span));
        push!(H::new(52).s(x.gz_span).s(p1.gz_span).s(n1.gz_span));
        push!(H::new(53).s(p1.gz).s(n1.gz));
        let given = x.given_exact || caps && g.given.contains(&title_case(x.word));
        let lists = [
            ("given", given),
            ("title-before", p1.titleish),
            ("title", is_in(&gz::TITLES, x.word.trim_end_matches('.'))),
            ("particle", is_in(&gz::PARTICLES, &x.lower)),
            ("org-head", x.org_head),
            ("org-head-next", n1.org_head),
            ("place-head", is_in(&gz::PLACE_HEADS, x.word)),
            ("common", g.common.contains(&x.lower)),
            ("prev-given", p1.given_exact),
        ];
        for (name, on) in lists {
            if on {
                push!(H::new(60).s(name).s(x.flags));
            }
        }
        // The document's other uses of the word.
        let seen_lower = doc.lower_seen.contains(x.lower.as_str());
        let seen_cap = x.seen_cap;
        push!(H::new(70)
            .s(if seen_lower { "l" } else { "-" })
            .s(if seen_cap { "c" } else { "-" })
            .s(x.flags),);
    }
    starts.push(out.len());
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Best tag sequence for emission `scores` (TAGS per token).
pub fn viterbi(scores: &[f32], trans: &[f32], start: &[f32]) -> Vec<usize> {
    let n = scores.len() / TAGS;
    if n == 0 {
        return Vec::new();
    }
    let mut best = vec![f32::NEG_INFINITY; n * TAGS];
    let mut back = vec![0u8; n * TAGS];
    for t in 0..TAGS {
        if allowed(None, t) {
            best[t] = start.get(t).copied().unwrap_or(0.0) + scores[t];
        }
    }
    for i in 1..n {
        for t in 0..TAGS {
            let mut b = f32::NEG_INFINITY;
            let mut bp = 0u8;
            for p in 0..TAGS {
                if !allowed(Some(p), t) {
                    continue;
                }
                let v = best[(i - 1) * TAGS + p] + trans.get(p * TAGS + t).copied().unwrap_or(0.0);
                if v > b {
                    b = v;
                    bp = p as u8;
                }
            }
            best[i * TAGS + t] = b + scores[i * TAGS + t];
            back[i * TAGS + t] = bp;
        }
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

    fn get(&self, k: u32) -> Option<&[i8; TAGS]> {
        if self.len == 0 {
            return None;
        }
        let mut at = self.home(k);
        // The table is never full, so an empty slot ends every probe.
        loop {
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
    fn scores(&self, feats: &[u32], starts: &[usize]) -> Vec<f32> {
        let n = starts.len().saturating_sub(1);
        let mut out = vec![0f32; n * TAGS];
        let mut acc = [0i32; TAGS];
        for i in 0..n {
            acc.fill(0);
            let (a, b) = (starts[i], starts[i + 1]);
            for h in feats.get(a..b).unwrap_or(&[]) {
                if let Some(w) = self.rows.get(*h) {
                    for (s, &x) in acc.iter_mut().zip(w) {
                        *s += i32::from(x);
                    }
                }
            }
            for (o, s) in out[i * TAGS..(i + 1) * TAGS].iter_mut().zip(acc) {
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
        if toks.is_empty() || self.rows.len == 0 {
            return (Vec::new(), Scores(Vec::new()));
        }
        let mut feats = Vec::with_capacity(toks.len() * 48);
        let mut starts = Vec::with_capacity(toks.len() + 1);
        features(text, toks, doc, &mut feats, &mut starts);
        let scores = self.scores(&feats, &starts);
        let tags = viterbi(&scores, &self.trans, &self.start);
        (spans(toks, &tags), Scores(scores))
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
