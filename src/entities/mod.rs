//! Named entities: people, organisations, places, dates and quantities,
//! found in document fields and merged into one entity per real thing.
//!
//! The pipeline, per field (section labels skipped):
//! 1. `acronyms`: pairs from parentheses, both orders ("Islamic Movement of
//!    Uzbekistan (IMU)", "HTS (Hayat Tahrir al-Sham)"); initials first, then
//!    letters in order, then, when the text pairs them anyway (COVAX, LIPI), the
//!    capitalised run before; glosses ("allegiance (bayat)") never pair.
//! 2. `dates` and `quantities`: one alternation of patterns each, one pass
//!    per field; dates carry a normalised value.
//! 3. `names`: runs of capitalised words with particles (al-, bin, Abu) and
//!    connectors (of, for, and) joined only after a head word; typed by the
//!    gazetteers, head words (Movement, Province, Agreement), titles (stripped
//!    from the span), appositives (", a Lagos-based firm"), lists and context.
//!    Headings, captions and other short lines keep only strongly cued names;
//!    a capitalised word at a sentence start needs evidence from elsewhere.
//! 4. A second pass (`known_pass`) marks every other occurrence of a name
//!    recognised somewhere (sentence starts, headings, captions).
//! 5. `merge`: mentions inside longer ones dropped; keys fold spelling;
//!    gazetteer and acronym aliases join; partial personal names join the one
//!    full name they fit, or the one named last before them.
//!
//! User [`Corrections`] apply last. Nothing here panics on any input.

mod acronyms;
mod blend;
pub mod corrections;
mod dates;
mod gazetteer;
mod merge;
pub mod model;
mod names;
mod quantities;
pub mod score;
pub mod tokens;
pub mod wire;

pub use corrections::Corrections;
/// Month names, January first.
pub use gazetteer::MONTHS;

use crate::corpus::{Corpus, Field, FieldKind};
use crate::span::Span;
use gazetteer::FastMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Org,
    Place,
    Date,
    Quantity,
    /// Nationalities, peoples, creeds ("Uzbek", "Salafi").
    Group,
    /// Wars, elections, summits, attacks.
    Event,
    /// Agreements, treaties, laws, plans.
    Law,
    /// Reports, books, films.
    Work,
    /// Other named things an acronym stands for (diseases, technical terms).
    Misc,
}

impl EntityKind {
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Place => "place",
            EntityKind::Date => "date",
            EntityKind::Quantity => "quantity",
            EntityKind::Group => "group",
            EntityKind::Event => "event",
            EntityKind::Law => "law",
            EntityKind::Work => "work",
            EntityKind::Misc => "misc",
        }
    }

    /// The kind named `s` ("person", "org", "organisation", "place", "gpe", ...).
    pub fn parse(s: &str) -> Option<EntityKind> {
        Some(match s.trim().to_lowercase().as_str() {
            "person" | "per" | "people" => EntityKind::Person,
            "org" | "organisation" | "organization" => EntityKind::Org,
            "place" | "loc" | "gpe" | "location" => EntityKind::Place,
            "date" => EntityKind::Date,
            "quantity" | "qty" => EntityKind::Quantity,
            "group" | "nationality" | "norp" => EntityKind::Group,
            "event" => EntityKind::Event,
            "law" => EntityKind::Law,
            "work" => EntityKind::Work,
            "misc" | "other" => EntityKind::Misc,
            _ => return None,
        })
    }

    /// Every kind, in the order the page lists them: `kind:` queries and
    /// facets take each.
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Place,
        EntityKind::Group,
        EntityKind::Event,
        EntityKind::Law,
        EntityKind::Work,
        EntityKind::Misc,
        EntityKind::Date,
        EntityKind::Quantity,
    ];

    /// The five kinds every page is scored on.
    pub const MAIN: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Place,
        EntityKind::Date,
        EntityKind::Quantity,
    ];
}

/// One occurrence of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Corpus::documents`].
    pub doc: usize,
    /// Index into that document's fields.
    pub field: usize,
    /// Span in the field's text.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Entity {
    /// Its fullest form.
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention>,
    /// For dates, the normalised value: "2021-03-12", "2020-11", "2015",
    /// "2015 (late)", "1990s (mid)", "1999/2000", "20th century", "--05-01".
    pub value: Option<String>,
    /// The acronym that stands for it, when the text pairs one.
    pub acronym: Option<String>,
}

/// An acronym and the expansion the text pairs it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acronym {
    pub short: String,
    pub long: String,
    pub file: String,
}

#[derive(Clone, Debug, Default)]
pub struct EntitySet {
    pub entities: Vec<Entity>,
    pub acronyms: Vec<Acronym>,
}

/// A mention before merging.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub doc: usize,
    pub field: usize,
    pub span: Span,
    pub kind: EntityKind,
    pub strength: u8,
    pub text: String,
    pub value: Option<String>,
    /// Found on a line in capitals (a headline), where case tells nothing.
    pub caps: bool,
}

/// Find the entities of every document of `corpus`.
pub fn extract(corpus: &Corpus) -> EntitySet {
    extract_with(corpus, &Corrections::default())
}

/// Find the entities, then apply the user's corrections.
pub fn extract_with(corpus: &Corpus, corrections: &Corrections) -> EntitySet {
    let mut x = Extraction::default();
    while x.step(corpus).is_some() {}
    x.finish(corpus, corrections)
}

/// A short line without a closing full stop: a heading, label or caption,
/// where only names with a strong cue count.
fn heading_like(f: &Field) -> bool {
    match f.kind {
        FieldKind::Title
        | FieldKind::Heading
        | FieldKind::Caption
        | FieldKind::LeadCaption
        | FieldKind::Byline
        | FieldKind::Dateline
        | FieldKind::Date => true,
        _ => {
            let t = f.text.trim_end();
            t.split_whitespace().take(15).count() <= 14
                && !t.ends_with(['.', '!', '?', '"', '”', '»', ';'])
        }
    }
}

/// The people a byline names: the capitalised names before its first comma
/// (what follows is usually a place or an affiliation), split at "and", "&"
/// and ";". Each name has two to five words, each capitalised.
fn byline_people(text: &str) -> Vec<Span> {
    let head_end = text.find([',', '(', '|', '—', '–']).unwrap_or(text.len());
    let head = &text[..head_end];
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |from: usize, to: usize| {
        let part = &head[from..to];
        let trimmed = part.trim();
        if trimmed.is_empty() {
            return;
        }
        let lead = part.len() - part.trim_start().len();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let named = (2..=5).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    || matches!(
                        *w,
                        "al" | "bin" | "ibn" | "de" | "van" | "von" | "da" | "el"
                    )
                    || w.starts_with("al-")
            });
        if named {
            out.push(Span::new(from + lead, from + lead + trimmed.len()));
        }
    };
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        let sep = [" and ", " & ", "; "]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| s.len());
        match sep {
            Some(n) => {
                push(start, i);
                i += n;
                start = i;
            }
            None => {
                i += 1;
                while i < head.len() && !head.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    push(start, head.len());
    out
}

/// Share bars and follow-us lines: "Share on Facebook", "Follow us on Twitter".
fn chrome_line(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 120 {
        return false;
    }
    let l = t.to_lowercase();
    [
        "share",
        "follow us",
        "sign up",
        "subscribe",
        "copy link",
        "tweet",
        "share this",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || l.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(
                    w,
                    "facebook"
                        | "twitter"
                        | "x"
                        | "whatsapp"
                        | "linkedin"
                        | "telegram"
                        | "reddit"
                        | "pinterest"
                        | "email"
                        | "print"
                        | "instagram"
                        | "youtube"
                        | "tiktok"
                        | "share"
                        | "on"
                        | "us"
                        | "follow"
                        | "copy"
                        | "link"
                        | "vk"
                        | "rss"
                )
            })
}

/// A menu item, section label or breadcrumb on a line of its own: "Europe",
/// "Middle East", "Environment | Southeast Asia". A place named only there is
/// chrome, not a mention.
fn label_line(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 60 || t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let crumb = t.contains(" | ") || t.contains(" / ") || t.contains(" > ") || t.contains(" » ");
    let parts: Vec<&str> = t.split(['|', '/', '>', '»']).map(str::trim).collect();
    let titled = parts.iter().all(|p| {
        let ws: Vec<&str> = p.split_whitespace().collect();
        !ws.is_empty()
            && ws.len() <= 3
            && ws
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) || matches!(*w, "&" | "and"))
    });
    if !titled {
        return false;
    }
    crumb
        || matches!(
            gazetteer::get().known.get(&gazetteer::key(t)),
            Some((EntityKind::Place | EntityKind::Group, _))
        )
}

/// A field worth reading for names, with its tokens.
struct Prepared {
    doc: usize,
    field: usize,
    toks: Vec<tokens::Tok>,
    heading: bool,
    byline: bool,
    /// A short line opening the document, read as its section label: the
    /// rules skip it; the tagger may find a byline's person there.
    label: bool,
}

/// Entity extraction one document at a time, so a long job can pause
/// between documents: [`Extraction::step`] until it returns `None`, then
/// [`Extraction::finish`]. The same corpus must be passed to every call.
///
/// Three passes over the documents, because each needs the whole of the
/// one before: evidence about words (to judge a capitalised word at a
/// sentence start), candidates, then every other occurrence of a name found.
#[derive(Default)]
pub struct Extraction {
    pass: u8,
    next: usize,
    prepared: Vec<Prepared>,
    /// Where each document's prepared fields start in `prepared`.
    starts: Vec<usize>,
    ev: names::Evidence,
    /// Each document's mentions from the second pass.
    per_doc: Vec<Vec<Cand>>,
    pairs: Vec<(usize, acronyms::Pair)>,
    known: Option<Known>,
    aliases: Option<merge::Aliases>,
    /// Mentions after the third pass, sorted and cleared, with their merge keys.
    kept: Vec<Cand>,
    keys: Vec<String>,
    /// Names from the rules alone, without the tagger (the benchmark's
    /// baseline).
    rules_only: bool,
}

impl Extraction {
    /// An extraction whose names come from the rules alone.
    pub fn rules_only() -> Extraction {
        Extraction {
            rules_only: true,
            ..Extraction::default()
        }
    }

    /// Work through one more document; returns how far along the job is
    /// (units done, units in all), or `None` when only `finish` is left.
    pub fn step(&mut self, corpus: &Corpus) -> Option<(usize, usize)> {
        let n = corpus.documents.len();
        if self.pass > 2 {
            return None;
        }
        if self.next >= n {
            self.pass += 1;
            self.next = 0;
            if self.pass == 2 {
                self.known = Known::new(&self.per_doc, &self.pairs);
                self.aliases = Some(merge::Aliases::new(&self.pairs));
            }
            if self.pass > 2 || n == 0 {
                self.pass = 3;
                return None;
            }
        }
        let d = self.next;
        self.next += 1;
        match self.pass {
            0 => self.prepare(corpus, d),
            1 => self.candidates(corpus, d),
            _ => self.known_in(corpus, d),
        }
        Some((usize::from(self.pass) * n + self.next, 3 * n))
    }

    fn fields<'a>(
        &'a self,
        corpus: &'a Corpus,
        d: usize,
    ) -> impl Iterator<Item = (&'a Prepared, &'a str)> {
        let from = self.starts.get(d).copied().unwrap_or(self.prepared.len());
        let to = self
            .starts
            .get(d + 1)
            .copied()
            .unwrap_or(self.prepared.len());
        self.prepared
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |p| {
                let text = corpus
                    .documents
                    .get(p.doc)?
                    .fields
                    .get(p.field)?
                    .text
                    .as_str();
                Some((p, text))
            })
    }

    fn prepare(&mut self, corpus: &Corpus, di: usize) {
        let prepared = prepared_of(corpus, di);
        self.add_prepared(corpus, prepared);
    }

    /// Take a document's prepared fields, in document order.
    fn add_prepared(&mut self, corpus: &Corpus, prepared: Vec<Prepared>) {
        self.starts.push(self.prepared.len());
        for p in prepared {
            if !p.heading && !p.label {
                if let Some(f) = corpus
                    .documents
                    .get(p.doc)
                    .and_then(|d| d.fields.get(p.field))
                {
                    self.ev.add(&f.text, &p.toks);
                }
            }
            self.prepared.push(p);
        }
    }

    /// Every pass at once, each over the documents in parallel, with the
    /// same result as [`Extraction::step`] to the end (what a pass takes
    /// from the one before is gathered in document order in between).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn run(&mut self, corpus: &Corpus) {
        use rayon::prelude::*;
        let n = corpus.documents.len();
        if self.pass != 0 || self.next != 0 || n == 0 {
            while self.step(corpus).is_some() {}
            return;
        }
        let prepared: Vec<Vec<Prepared>> = (0..n)
            .into_par_iter()
            .map(|d| prepared_of(corpus, d))
            .collect();
        for p in prepared {
            self.add_prepared(corpus, p);
        }
        let found: Vec<Candidates> = (0..n)
            .into_par_iter()
            .map(|d| self.candidates_of(corpus, d))
            .collect();
        for (cands, pairs) in found {
            self.per_doc.push(cands);
            self.pairs.extend(pairs);
        }
        self.known = Known::new(&self.per_doc, &self.pairs);
        self.aliases = Some(merge::Aliases::new(&self.pairs));
        let per_doc = std::mem::take(&mut self.per_doc);
        let kept: Vec<(Vec<Cand>, Vec<String>)> = per_doc
            .into_par_iter()
            .enumerate()
            .map(|(d, found)| self.known_of(corpus, d, found))
            .collect();
        for (found, keys) in kept {
            self.keys.extend(keys);
            self.kept.extend(found);
        }
        // `per_doc` is left as the third pass leaves it: one emptied list a document.
        self.per_doc = vec![Vec::new(); n];
        self.pass = 3;
        self.next = 0;
    }
}

/// A document's candidates and acronym pairs, from the second pass.
type Candidates = (Vec<Cand>, Vec<(usize, acronyms::Pair)>);

/// The fields of document `di` worth reading for entities, tokenized.
fn prepared_of(corpus: &Corpus, di: usize) -> Vec<Prepared> {
    let mut out = Vec::new();
    let Some(doc) = corpus.documents.get(di) else {
        return out;
    };
    {
        for (fi, f) in doc.fields.iter().enumerate() {
            // Section labels ("Intelligence") are labels, not text.
            if f.kind == FieldKind::Section {
                continue;
            }
            // Without a real segmentation, a one- or two-word line opening
            // the document is its section label ("Africa", "Energy") or
            // its byline ("Larisa Sayenko"): the rules skip it, the tagger
            // reads it for a byline's person (see `candidates_of`).
            // A dateline ("LONDON 1996-08-31") carries a date and is kept.
            let label = fi < 2
                && matches!(f.kind, FieldKind::Paragraph | FieldKind::Title)
                && f.text.split_whitespace().take(3).count() <= 2
                && !f.text.bytes().any(|b| b.is_ascii_digit());
            if chrome_line(&f.text) || label_line(&f.text) {
                continue;
            }
            let toks = tokens::tokenize(&f.text);
            let heading = heading_like(f);
            out.push(Prepared {
                doc: di,
                field: fi,
                toks,
                heading,
                byline: f.kind == FieldKind::Byline,
                label,
            });
        }
    }
    out
}

impl Extraction {
    fn candidates(&mut self, corpus: &Corpus, d: usize) {
        let (cands, pairs) = self.candidates_of(corpus, d);
        self.per_doc.push(cands);
        self.pairs.extend(pairs);
    }

    /// The second pass over document `d`: its candidates and acronym pairs.
    fn candidates_of(&self, corpus: &Corpus, d: usize) -> Candidates {
        let mut cands: Vec<Cand> = Vec::new();
        let mut pairs: Vec<(usize, acronyms::Pair)> = Vec::new();
        // The tagger reads what this document (only) says about its words.
        let mut words = model::DocWords::default();
        for (p, text) in self.fields(corpus, d).filter(|(p, _)| !p.label) {
            words.add(text, &p.toks);
        }
        let tagger = model::Model::embedded();
        for (p, text) in self.fields(corpus, d) {
            let caps = model::caps_line(text, &p.toks);
            if p.label {
                // A byline alone on its line: a person the tagger finds
                // over the whole line, of words the corpus does not write
                // in lower case ("Broad Cyber-Consensus" is a heading), or
                // nothing. On the development split this found 24 bylines
                // and cost nothing on our pages.
                if self.rules_only || cfg!(target_arch = "wasm32") {
                    continue;
                }
                let whole = Span::new(text.len() - text.trim_start().len(), text.trim_end().len());
                for t in tagger.tag(text, &p.toks, &words) {
                    let own = t
                        .span
                        .slice(text)
                        .split_whitespace()
                        .all(|w| !self.ev.is_common(w));
                    if t.label == model::Label::Person && t.span == whole && t.first < t.last && own
                    {
                        cands.push(Cand {
                            doc: p.doc,
                            field: p.field,
                            span: t.span,
                            kind: EntityKind::Person,
                            strength: 1,
                            text: t.span.slice(text).to_string(),
                            value: None,
                            caps,
                        });
                    }
                }
                continue;
            }
            let cand = |span: Span, kind: EntityKind, strength: u8, value: Option<String>| Cand {
                doc: p.doc,
                field: p.field,
                span,
                kind,
                strength,
                text: span.slice(text).to_string(),
                value,
                caps,
            };
            let found_pairs = acronyms::find(text);
            let mut blocked: Vec<Span> = Vec::new();
            let mut blocked_set = crate::span::SpanSet::new();
            // A byline names people: "Sophal Chea and Pham Minh Duc, Phnom Penh".
            if p.byline {
                for span in byline_people(text) {
                    blocked.push(span);
                    blocked_set.insert(span);
                    cands.push(cand(span, EntityKind::Person, 3, None));
                }
            }
            for pair in found_pairs.iter().filter(|p| !p.alias) {
                let kind = merge::expansion_kind(&pair.long);
                cands.push(cand(pair.long_span, kind, 3, None));
                cands.push(cand(pair.short_span, kind, 3, None));
                blocked.push(pair.long_span);
                blocked.push(pair.short_span);
                blocked_set.insert(pair.long_span);
                blocked_set.insert(pair.short_span);
            }
            for dt in dates::find(text) {
                if blocked_set.overlaps(dt.span) {
                    continue;
                }
                blocked.push(dt.span);
                blocked_set.insert(dt.span);
                cands.push(cand(dt.span, EntityKind::Date, 3, Some(dt.value)));
            }
            for q in quantities::find(text, &blocked) {
                blocked.push(q);
                cands.push(cand(q, EntityKind::Quantity, 3, None));
            }
            let toks = names::split_hyphens(text, &p.toks);
            let mut hits = names::find(text, &toks, &blocked, p.heading, &self.ev);
            // The page carries no model (see `model::EMBEDDED`): rules alone.
            if self.rules_only || cfg!(target_arch = "wasm32") {
                for h in hits {
                    cands.push(cand(h.span, h.kind, h.strength, None));
                }
                pairs.extend(found_pairs.into_iter().map(|pair| (p.doc, pair)));
                continue;
            }
            if caps {
                // On a line in capitals every word looks like an acronym:
                // that cue is void there, and the tagger (which learnt such
                // lines) decides.
                for h in &mut hits {
                    if h.strength == 2 {
                        h.strength = 1;
                    }
                }
            }
            let (tagged, scores) = tagger.tag_scored(text, &p.toks, &words);
            let field = blend::FieldCtx {
                text,
                toks: &p.toks,
                heading: p.heading,
                ev: &self.ev,
            };
            for h in blend::blend(&field, hits, &tagged, &scores, &blocked) {
                cands.push(cand(h.span, h.kind, h.strength, None));
            }
            for pair in found_pairs {
                pairs.push((p.doc, pair));
            }
        }
        (cands, pairs)
    }

    /// The third pass over document `d`, which also does the merge's work
    /// that stays inside a document: ordering, nested mentions, keys.
    fn known_in(&mut self, corpus: &Corpus, d: usize) {
        let found = self
            .per_doc
            .get_mut(d)
            .map(std::mem::take)
            .unwrap_or_default();
        let (found, keys) = self.known_of(corpus, d, found);
        self.keys.extend(keys);
        self.kept.extend(found);
    }

    /// The third pass over document `d`, given its candidates: its mentions
    /// and their merge keys.
    fn known_of(
        &self,
        corpus: &Corpus,
        d: usize,
        mut found: Vec<Cand>,
    ) -> (Vec<Cand>, Vec<String>) {
        if let Some(known) = &self.known {
            for (p, text) in self.fields(corpus, d).filter(|(p, _)| !p.label) {
                let caps = model::caps_line(text, &p.toks);
                known.find(p.doc, p.field, text, caps, &mut found);
            }
        }
        let found = merge::drop_nested(found);
        let keys = match &self.aliases {
            Some(aliases) => found.iter().map(|c| aliases.key(c)).collect(),
            None => Vec::new(),
        };
        (found, keys)
    }

    /// Merge the mentions into entities, then apply `corrections`.
    pub fn finish(self, corpus: &Corpus, corrections: &Corrections) -> EntitySet {
        let Extraction {
            kept,
            keys,
            pairs,
            aliases,
            ..
        } = self;
        let aliases = aliases.unwrap_or_else(|| merge::Aliases::new(&pairs));
        let entities = merge::merge_keyed(kept, keys, &aliases);
        let mut acronyms: Vec<Acronym> = Vec::new();
        for (doc, pair) in pairs.iter().filter(|(_, p)| !p.alias) {
            let file = corpus
                .documents
                .get(*doc)
                .map(|d| d.file.clone())
                .unwrap_or_default();
            if !acronyms
                .iter()
                .any(|a| a.short == pair.short && a.file == file)
            {
                acronyms.push(Acronym {
                    short: pair.short.clone(),
                    long: pair.long.clone(),
                    file,
                });
            }
        }
        let mut set = EntitySet { entities, acronyms };
        corrections.apply(corpus, &mut set);
        name_apart(&mut set.entities);
        set
    }
}

/// Give entities that share a name one each: the page and the CLI find an
/// entity by its name ("Chicago" the team and the city are two entities
/// once a story votes for its own kind). The most mentioned keeps the
/// name; each other takes its kind after it, "Chicago (org)", and keeps
/// the bare name as an alias.
fn name_apart(entities: &mut [Entity]) {
    let mut by_name: FastMap<String, Vec<usize>> = FastMap::default();
    for (i, e) in entities.iter().enumerate() {
        by_name.entry(e.name.clone()).or_default().push(i);
    }
    let mut shared: Vec<Vec<usize>> = by_name.into_values().filter(|v| v.len() > 1).collect();
    shared.sort();
    for mut group in shared {
        // The most mentioned first; then the first found.
        group.sort_by_key(|&i| (std::cmp::Reverse(entities[i].mentions.len()), i));
        for &i in group.iter().skip(1) {
            let e = &mut entities[i];
            let bare = std::mem::take(&mut e.name);
            e.name = format!("{bare} ({})", e.kind.name());
            if !e.aliases.contains(&bare) {
                e.aliases.push(bare);
            }
        }
    }
}

/// Every other occurrence of a recognised name (or paired acronym) is a
/// mention too: at a sentence start, in a heading, in a caption.
struct Known {
    kinds: FastMap<String, (EntityKind, u8)>,
    pats: Vec<String>,
    ac: aho_corasick::AhoCorasick,
    /// Existing spans per field, to skip what is already a mention.
    taken: FastMap<(usize, usize), crate::span::SpanSet>,
}

impl Known {
    fn new(per_doc: &[Vec<Cand>], pairs: &[(usize, acronyms::Pair)]) -> Option<Known> {
        let mut kinds: FastMap<String, (EntityKind, u8)> = FastMap::default();
        for c in per_doc.iter().flatten() {
            if matches!(c.kind, EntityKind::Date | EntityKind::Quantity)
                || c.strength < 2 && c.text.len() < 4
            {
                continue;
            }
            if c.text.len() < 2 {
                continue;
            }
            let e = kinds.entry(c.text.clone()).or_insert((c.kind, c.strength));
            if c.strength > e.1 {
                *e = (c.kind, c.strength);
            }
        }
        for (_, p) in pairs.iter().filter(|(_, p)| !p.alias) {
            let kind = merge::expansion_kind(&p.long);
            kinds.insert(p.short.clone(), (kind, 3));
            kinds.insert(format!("{}s", p.short), (kind, 3));
        }
        if kinds.is_empty() {
            return None;
        }
        let pats: Vec<String> = kinds.keys().cloned().collect();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&pats)
            .ok()?;
        let mut taken: FastMap<(usize, usize), crate::span::SpanSet> = FastMap::default();
        for c in per_doc.iter().flatten() {
            taken.entry((c.doc, c.field)).or_default().insert(c.span);
        }
        Some(Known {
            kinds,
            pats,
            ac,
            taken,
        })
    }

    fn find(&self, doc: usize, field: usize, text: &str, caps: bool, out: &mut Vec<Cand>) {
        let spans = self.taken.get(&(doc, field));
        for m in self.ac.find_iter(text) {
            let span = Span::new(m.start(), m.end());
            let before = text.get(..span.start).and_then(|s| s.chars().next_back());
            let after = text.get(span.end..).and_then(|s| s.chars().next());
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // "’s" possessive is fine; a glued apostrophe-word is not.
            if spans.is_some_and(|v| v.overlaps(span)) {
                continue;
            }
            let Some(pat) = self.pats.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(&(kind, _)) = self.kinds.get(pat) else {
                continue;
            };
            out.push(Cand {
                doc,
                field,
                span,
                kind,
                strength: 1,
                text: span.slice(text).to_string(),
                value: None,
                caps,
            });
        }
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn entities_sharing_a_name_are_named_apart() {
        let m = |doc| Mention {
            doc,
            field: 0,
            span: Span::new(0, 7),
        };
        let entity = |kind, mentions: Vec<Mention>| Entity {
            name: "Chicago".into(),
            kind,
            aliases: Vec::new(),
            mentions,
            value: None,
            acronym: None,
        };
        let mut set = vec![
            entity(EntityKind::Org, vec![m(3)]),
            entity(EntityKind::Place, vec![m(0), m(1)]),
            entity(EntityKind::Person, vec![m(2)]),
        ];
        name_apart(&mut set);
        let names: Vec<&str> = set.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Chicago (org)", "Chicago", "Chicago (person)"]);
        assert_eq!(set[0].aliases, ["Chicago"]);
        assert!(set[1].aliases.is_empty());
        let mut unique = vec![entity(EntityKind::Org, vec![m(0)])];
        name_apart(&mut unique);
        assert_eq!(unique[0].name, "Chicago");
    }
}
