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
pub mod corrections;
mod dates;
mod gazetteer;
mod merge;
mod names;
mod quantities;
pub mod score;
mod tokens;
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
}

/// Find the entities of every document of `corpus`.
pub fn extract(corpus: &Corpus) -> EntitySet {
    extract_with(corpus, &Corrections::default())
}

/// Find the entities, then apply the user's corrections.
pub fn extract_with(corpus: &Corpus, corrections: &Corrections) -> EntitySet {
    let mut set = extract_raw(corpus);
    corrections.apply(corpus, &mut set);
    set
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
        | FieldKind::Dateline => true,
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

fn extract_raw(corpus: &Corpus) -> EntitySet {
    struct Prepared<'a> {
        doc: usize,
        field: usize,
        text: &'a str,
        toks: Vec<tokens::Tok>,
        heading: bool,
        byline: bool,
    }
    let mut prepared = Vec::new();
    let mut ev = names::Evidence::default();
    for (di, doc) in corpus.documents.iter().enumerate() {
        for (fi, f) in doc.fields.iter().enumerate() {
            // Section labels ("Intelligence") are labels, not text.
            if f.kind == FieldKind::Section {
                continue;
            }
            // Without a real segmentation, a one- or two-word line opening
            // the document is its section label ("Africa", "Energy").
            if fi < 2
                && matches!(f.kind, FieldKind::Paragraph | FieldKind::Title)
                && f.text.split_whitespace().take(3).count() <= 2
            {
                continue;
            }
            if chrome_line(&f.text) || label_line(&f.text) {
                continue;
            }
            let toks = tokens::tokenize(&f.text);
            let heading = heading_like(f);
            if !heading {
                ev.add(&f.text, &toks);
            }
            prepared.push(Prepared {
                doc: di,
                field: fi,
                text: &f.text,
                toks,
                heading,
                byline: f.kind == FieldKind::Byline,
            });
        }
    }

    let mut cands: Vec<Cand> = Vec::new();
    let mut pairs: Vec<(usize, acronyms::Pair)> = Vec::new();
    for p in &prepared {
        let cand = |span: Span, kind: EntityKind, strength: u8, value: Option<String>| Cand {
            doc: p.doc,
            field: p.field,
            span,
            kind,
            strength,
            text: span.slice(p.text).to_string(),
            value,
        };
        let found_pairs = acronyms::find(p.text);
        let mut blocked: Vec<Span> = Vec::new();
        // A byline names people: "Sophal Chea and Pham Minh Duc, Phnom Penh".
        if p.byline {
            for span in byline_people(p.text) {
                blocked.push(span);
                cands.push(cand(span, EntityKind::Person, 3, None));
            }
        }
        for pair in found_pairs.iter().filter(|p| !p.alias) {
            let kind = merge::expansion_kind(&pair.long);
            cands.push(cand(pair.long_span, kind, 3, None));
            cands.push(cand(pair.short_span, kind, 3, None));
            blocked.push(pair.long_span);
            blocked.push(pair.short_span);
        }
        for d in dates::find(p.text) {
            if blocked.iter().any(|b| b.overlaps(d.span)) {
                continue;
            }
            blocked.push(d.span);
            cands.push(cand(d.span, EntityKind::Date, 3, Some(d.value)));
        }
        for q in quantities::find(p.text, &blocked) {
            blocked.push(q);
            cands.push(cand(q, EntityKind::Quantity, 3, None));
        }
        let toks = names::split_hyphens(p.text, &p.toks);
        for h in names::find(p.text, &toks, &blocked, p.heading, &ev) {
            cands.push(cand(h.span, h.kind, h.strength, None));
        }
        for pair in found_pairs {
            pairs.push((p.doc, pair));
        }
    }

    known_pass(
        &prepared
            .iter()
            .map(|p| (p.doc, p.field, p.text))
            .collect::<Vec<_>>(),
        &pairs,
        &mut cands,
    );

    let entities = merge::merge(cands, &pairs);
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
    EntitySet { entities, acronyms }
}

/// Every other occurrence of a recognised name (or paired acronym) is a
/// mention too: at a sentence start, in a heading, in a caption.
fn known_pass(
    fields: &[(usize, usize, &str)],
    pairs: &[(usize, acronyms::Pair)],
    cands: &mut Vec<Cand>,
) {
    let mut kinds: FastMap<String, (EntityKind, u8)> = FastMap::default();
    for c in cands.iter() {
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
        return;
    }
    let pats: Vec<&String> = kinds.keys().collect();
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&pats)
    else {
        return;
    };
    // Existing spans per field, to skip what is already a mention.
    let mut taken: FastMap<(usize, usize), Vec<Span>> = FastMap::default();
    for c in cands.iter() {
        taken.entry((c.doc, c.field)).or_default().push(c.span);
    }
    for &(doc, field, text) in fields {
        let spans = taken.get(&(doc, field));
        for m in ac.find_iter(text) {
            let span = Span::new(m.start(), m.end());
            let before = text.get(..span.start).and_then(|s| s.chars().next_back());
            let after = text.get(span.end..).and_then(|s| s.chars().next());
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // "’s" possessive is fine; a glued apostrophe-word is not.
            if spans.is_some_and(|v| v.iter().any(|s| s.overlaps(span))) {
                continue;
            }
            let Some(pat) = pats.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(&(kind, _)) = kinds.get(*pat) else {
                continue;
            };
            cands.push(Cand {
                doc,
                field,
                span,
                kind,
                strength: 1,
                text: span.slice(text).to_string(),
                value: None,
            });
        }
    }
}
