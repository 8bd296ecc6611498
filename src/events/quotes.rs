//! Quoted statements and who the text attributes them to.
//!
//! Quote marks are paired leniently because scraped text mixes and drops
//! them: any opening mark (“ « „ ") may be closed by any closing mark
//! (” » "), a closing mark glued to the next word (`agreement.”The`) opens
//! a quote when none is open, an unclosed quote runs to the end of its
//! field, and a stray closing mark after "stated that ..." closes a quote
//! whose opening mark was lost. Single marks (‘…’) pair only outside double
//! ones and never at an apostrophe. Scare quotes and quoted names (fewer
//! than four words, or Title Case) are not statements and are left out.
//!
//! Attribution, in order: a speech verb just before the quote ("X stated
//! that “…”", "X: “…”"), a verb and speaker just after ("“…”, the report
//! reads", "“…” said Kissinger"), a speech verb a few words before ("X
//! estimates that the IMU's wing “…”"), "according to X", and lastly the
//! speaker of an earlier quote of the same sentence ("“…” and “…”").

use super::sentences::{sentence_at, sentences};
use super::{doc_text_fields, mentions_by_field, starting_in, trim_span, FieldMentions, Located};
use crate::corpus::{Corpus, FieldKind};
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub doc: usize,
    pub field: usize,
    /// The quoted text, without its quote marks, in the field's text.
    pub span: Span,
    /// The sentence the quote opens in.
    pub sentence: Span,
    /// The speaker's entity, when the attribution names one.
    pub speaker: Option<usize>,
    /// The speaker as the text gives it ("the UN’s monitoring team", "the
    /// report"), or the entity's name for a pronoun ("he" after "Biden").
    pub speaker_text: Option<String>,
    /// Where the text names the speaker, in the field's text.
    pub speaker_span: Option<Span>,
    /// The attributing word ("stated", "reads", "said", "according to", ":").
    pub cue: Option<String>,
}

const VERBS: &str = "said|says|say|stated|states|noted|notes|added|adds|told|tells|wrote|writes|reads|warned|warns|forewarned|explained|explains|argued|argues|claimed|claims|declared|declares|announced|announces|insisted|insists|predicted|predicts|estimated|estimates|believes|believed|asserted|asserts|stressed|stresses|emphasized|emphasised|emphasizes|emphasises|concluded|concludes|reported|reports|testified|acknowledged|admitted|conceded|commented|remarked|replied|responded|asked|asks|urged|urges|called|calls|described|describes|highlighted|confirmed|confirms|denied|denies|tweeted|posted|recalled|recalls|observed|observes|revealed|suggested|suggests|vowed|pledged|promised|ruled|wrote|cautioned|complained|agreed|recounted|reiterated|reiterates|repeated|reaffirmed|maintained|maintains|indicated|indicates|mentioned|alleged|alleges|demanded|demands|proclaimed|underlined|underscored|contended|contends|quipped|joked|boasted|lamented|countered|retorted|acknowledges|admits|concedes|summed";

struct Pats {
    /// A cue ending the text before the quote: "stated that", "said:", "forewarned,".
    before_tight: Regex,
    /// A cue a few words before the quote.
    before_loose: Regex,
    /// "the report reads" / "said Kissinger" after the quote.
    after: Regex,
    according: Regex,
}

fn pats() -> Option<&'static Pats> {
    static P: OnceLock<Option<Pats>> = OnceLock::new();
    P.get_or_init(|| {
        Some(Pats {
            before_tight: Regex::new(&format!(
                r"(?i)\b({VERBS})(?:\s+(?:that|as\s+saying))?(?:\s+(?:the|a|an))?[\s,:]*$"
            ))
            .ok()?,
            before_loose: Regex::new(&format!(
                // Greedy lead: the last speech verb ("In its reports, X emphasized").
                r"(?is)^.*\b({VERBS})\b([^.;!?“”«»]*)$"
            ))
            .ok()?,
            after: Regex::new(&format!(
                r"^[\s,;:–—-]*(?:((?:[^\s,.;:!?“”«»]+\s+){{1,7}}?)(?:also\s+|further\s+|then\s+)?({VERBS})\b|({VERBS})\s+([^,;:!?“”«»]{{1,80}}))"
            ))
            .ok()?,
            according: Regex::new(r"(?i)\baccording\s+to\s+([^,;:.“”«»]{2,120})").ok()?,
        })
    })
    .as_ref()
}

/// A quoted stretch: where its text starts and ends, and whether a closing
/// mark ended it.
#[derive(Clone, Copy, Debug)]
struct Marked {
    content: Span,
    open: usize,
    close: Option<usize>,
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// The double-quoted stretches of `text`, plus stray closing marks.
fn double_quotes(text: &str) -> (Vec<Marked>, Vec<usize>) {
    let mut out = Vec::new();
    let mut stray = Vec::new();
    let mut open: Option<usize> = None;
    // A closing mark with none open that starts a sentence ("agreement.” The
    // Taliban ... income”"): an opening mark if another closing one follows.
    let mut pending: Option<(usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let next = chars.get(k + 1).map(|x| x.1);
        let after = i + c.len_utf8();
        // Looked up only where needed: a walk over a run of spaces per
        // character would make a long run quadratic.
        let next_word = || {
            chars
                .get(k + 1..)
                .and_then(|rest| rest.iter().map(|x| x.1).find(|ch| !ch.is_whitespace()))
                .is_some_and(char::is_uppercase)
        };
        let boundary_before =
            prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '–' | '—' | ':'));
        let word_after = next.is_some_and(char::is_alphanumeric);
        let opens = is_open(c) || (c == '"' && open.is_none() && (boundary_before || word_after));
        let closes = is_close(c) || c == '"';
        if opens && !(open.is_some() && closes && !is_open(c)) {
            // A new opening mark while one is open: the first was never closed.
            if let Some(o) = open.take() {
                out.push(Marked {
                    content: Span::new(o, i),
                    open: o,
                    close: None,
                });
            }
            if let Some((s, _)) = pending.take() {
                stray.push(s);
            }
            open = Some(after);
        } else if closes {
            match open.take() {
                Some(o) => out.push(Marked {
                    content: Span::new(o, i),
                    open: o,
                    close: Some(i),
                }),
                // A closing mark glued to the next word opens a quote (`agreement.”The`).
                None if word_after && !prev.is_some_and(char::is_alphanumeric) => {
                    open = Some(after)
                }
                None => match pending.take() {
                    Some((_, o)) => out.push(Marked {
                        content: Span::new(o, i),
                        open: o,
                        close: Some(i),
                    }),
                    None if next_word() && prev.is_some_and(|p| matches!(p, '.' | '!' | '?')) => {
                        pending = Some((i, after))
                    }
                    None => stray.push(i),
                },
            }
        }
    }
    if let Some((s, _)) = pending {
        stray.push(s);
    }
    if let Some(o) = open {
        out.push(Marked {
            content: Span::new(o, text.len()),
            open: o,
            close: None,
        });
    }
    (out, stray)
}

/// Single-quoted stretches (‘…’) outside the double-quoted ones.
fn single_quotes(text: &str, taken: &[Marked]) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // The stretches taken, sorted and merged, walked alongside the text.
    let mut covered: Vec<(usize, usize)> = taken.iter().map(|m| (m.open, m.content.end)).collect();
    covered.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(covered.len());
    for (a, b) in covered {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut at = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        while merged.get(at).is_some_and(|&(_, b)| b <= i) {
            at += 1;
        }
        if merged.get(at).is_some_and(|&(a, b)| a <= i && i < b) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let next = chars.get(k + 1).map(|x| x.1);
        match c {
            '‘' if prev.is_none_or(|p| !p.is_alphanumeric()) => open = Some(i + c.len_utf8()),
            '’' if next.is_none_or(|n| !n.is_alphanumeric()) => {
                if let Some(o) = open.take() {
                    out.push(Marked {
                        content: Span::new(o, i),
                        open: o,
                        close: Some(i),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether quoted text is a statement: four words or more, and not a
/// Title Case name ("Islamic Emirate of Afghanistan").
fn is_statement(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 4 {
        return false;
    }
    let long: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capital = long
        .iter()
        .filter(|w| {
            w.split('-').any(|part| {
                part.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase)
            })
        })
        .count();
    !(long.len() >= 2 && capital == long.len())
}

/// Words that end a subject without belonging to it ("The report further notes").
fn trim_adverbs(text: &str, span: Span) -> Span {
    let mut span = trim_span(text, span, &[',', ':', '–', '—', '-']);
    loop {
        let s = span.slice(text);
        let Some((head, last)) = s.rsplit_once(char::is_whitespace) else {
            return span;
        };
        let l = last.to_lowercase();
        if l.ends_with("ly") && l.len() > 4
            || matches!(
                l.as_str(),
                "also"
                    | "further"
                    | "then"
                    | "again"
                    | "once"
                    | "had"
                    | "has"
                    | "have"
                    | "was"
                    | "is"
                    | "later"
            )
        {
            span = Span::new(span.start, span.start + head.trim_end().len());
        } else {
            return span;
        }
    }
}

/// The speaker named in `span` of `text`: the comma-separated part holding a
/// person (else the last part), its person or dominant named entity.
fn speaker_in(
    text: &str,
    span: Span,
    ms: &[Located],
    set: &EntitySet,
    surnames: &Surnames,
    prior: Option<usize>,
) -> Option<(Span, Option<usize>, String)> {
    // Mentions are in order of position: what a part may contain, or the
    // persons before and after it, are found by binary search.
    let persons: Vec<Located> = ms
        .iter()
        .filter(|l| l.kind == EntityKind::Person)
        .copied()
        .collect();
    speaker_among(text, span, ms, &persons, set, surnames, prior)
}

/// [`speaker_in`], given the persons of `ms` too.
fn speaker_among(
    text: &str,
    span: Span,
    ms: &[Located],
    persons: &[Located],
    set: &EntitySet,
    surnames: &Surnames,
    prior: Option<usize>,
) -> Option<(Span, Option<usize>, String)> {
    let s = span.slice(text);
    let mut parts: Vec<Span> = Vec::new();
    let mut start = span.start;
    for (i, c) in s.char_indices() {
        if c == ',' || c == ';' {
            parts.push(Span::new(start, span.start + i));
            start = span.start + i + 1;
        }
    }
    parts.push(Span::new(start, span.end));
    let parts: Vec<Span> = parts
        .into_iter()
        .map(|p| trim_adverbs(text, p))
        .filter(|p| p.slice(text).chars().any(char::is_alphabetic))
        .collect();
    // A person after a preposition is a place of the speaker, not the
    // speaker ("an aid worker in Mopti").
    let person = |p: Span| {
        starting_in(persons, p)
            .iter()
            .find(|l| {
                let lead = text.get(p.start..l.span.start).unwrap_or("");
                let prev = lead.split_whitespace().last().unwrap_or("");
                l.kind == EntityKind::Person
                    && p.contains(l.span)
                    && !matches!(
                        prev,
                        "in" | "at" | "from" | "of" | "near" | "for" | "with" | "to" | "by"
                    )
            })
            .copied()
    };
    if let Some((_, l)) = parts.iter().rev().find_map(|p| person(*p).map(|l| (p, l))) {
        return Some((l.span, Some(l.entity), l.span.slice(text).to_string()));
    }
    // Participles and prepositions open asides ("speaking at a conference").
    let subject_like = |p: &&Span| {
        let first = p.slice(text).split_whitespace().next().unwrap_or("");
        !first.chars().next().is_some_and(char::is_lowercase)
            || matches!(
                first,
                "the" | "a" | "an" | "its" | "his" | "her" | "their" | "he" | "she" | "they" | "it"
            )
    };
    let part = *parts.iter().rev().find(subject_like).or(parts.last())?;
    let part_text = part.slice(text);
    if part_text.split_whitespace().count() > 14 {
        return None;
    }
    let core = part_text
        .trim_start_matches("the ")
        .trim_start_matches("The ")
        .chars()
        .count();
    let entity = starting_in(ms, part)
        .iter()
        .filter(|l| super::is_named(l.kind) && part.contains(l.span))
        .find(|l| l.span.slice(text).chars().count() * 2 >= core)
        .map(|l| l.entity);
    let lower = part_text.to_lowercase();
    // A pronoun: the last person the document named before.
    if matches!(lower.as_str(), "he" | "she") {
        let upto = persons.partition_point(|l| l.span.start <= part.start);
        let person = persons
            .get(..upto)
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|l| l.span.end <= part.start)
            .map(|l| l.entity)
            .or_else(|| surnames.before(text.get(..part.start).unwrap_or(""), prior))
            // "“…,” she said. The finance minister, Helena Berg, ...": named after.
            .or_else(|| {
                let from = persons.partition_point(|l| l.span.start < part.end);
                persons.get(from).map(|l| l.entity)
            })
            .or(prior);
        if let Some(name) = person.and_then(|e| set.entities.get(e)) {
            return Some((part, person, name.name.clone()));
        }
    }
    Some((part, entity, part_text.to_string()))
}

/// An "organisation" named like a person ("Pavel Horak"): two capitalised
/// words, neither an organisation's head word. The entities stage sometimes
/// types unknown foreign names so.
fn person_like_org(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let heads = [
        "Court",
        "Ministry",
        "Group",
        "Bank",
        "Council",
        "Party",
        "Union",
        "Agency",
        "Office",
        "Forces",
        "Army",
        "Police",
        "Committee",
        "Commission",
        "Company",
        "Authority",
        "Institute",
        "University",
        "Association",
        "Alliance",
        "Front",
        "Movement",
        "Team",
        "Times",
        "Post",
        "News",
        "Department",
        "Service",
        "Fund",
        "Board",
        "Corporation",
    ];
    words.len() == 2
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(char::is_lowercase)
                && !heads.contains(w)
        })
}

/// The persons' surnames (the last word of a person's name, or of an
/// organisation named like one), found in one pass over a text: a
/// pronoun's antecedent is looked up here instead of trying every entity
/// of the corpus in turn, which grew with corpus size times quotes.
#[derive(Default)]
pub(crate) struct Surnames {
    finder: Option<aho_corasick::AhoCorasick>,
    /// Per surname, the first entity (by index) with it, and the first that
    /// has mentions.
    first: Vec<(usize, Option<usize>)>,
}

impl Surnames {
    pub fn of(set: &EntitySet) -> Surnames {
        let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut words: Vec<&str> = Vec::new();
        let mut first: Vec<(usize, Option<usize>)> = Vec::new();
        for (i, e) in set.entities.iter().enumerate() {
            if !(e.kind == EntityKind::Person || person_like_org(&e.name)) {
                continue;
            }
            let Some(last) = e.name.split_whitespace().last() else {
                continue;
            };
            if last.chars().count() < 3 {
                continue;
            }
            let k = *ids.entry(last).or_insert_with(|| {
                words.push(last);
                first.push((i, None));
                words.len() - 1
            });
            if let Some(f) = first.get_mut(k).filter(|f| f.1.is_none()) {
                if !e.mentions.is_empty() {
                    f.1 = Some(i);
                }
            }
        }
        let finder = if words.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&words)
                .ok()
        };
        Surnames { finder, first }
    }

    /// The person whose surname `before` names last, as a whole word; at
    /// one place, the first entity. With a `prior` person, only entities
    /// with mentions count. Each surname's occurrences are taken as
    /// `str::match_indices` takes them, left to right without overlap.
    fn before(&self, before: &str, prior: Option<usize>) -> Option<usize> {
        let finder = self.finder.as_ref()?;
        let mut free: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let mut best: Option<(usize, usize)> = None;
        for m in finder.find_overlapping_iter(before) {
            let k = m.pattern().as_usize();
            let next = free.entry(k).or_insert(0);
            if m.start() < *next {
                continue;
            }
            *next = m.end();
            let b = before.get(..m.start()).and_then(|s| s.chars().next_back());
            let a = before.get(m.end()..).and_then(|s| s.chars().next());
            if b.is_some_and(char::is_alphanumeric) || a.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let Some(&(any, mentioned)) = self.first.get(k) else {
                continue;
            };
            let Some(i) = (if prior.is_some() {
                mentioned
            } else {
                Some(any)
            }) else {
                continue;
            };
            if best.is_none_or(|(bp, bi)| m.start() > bp || (m.start() == bp && i < bi)) {
                best = Some((m.start(), i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// A block quotation (a Quote field) is one statement, attributed by the
/// attribution line after it ("— Recep Tayyip Erdogan") or by the paragraph
/// before it when that ends in a colon ("Zakharova put it this way:"). The
/// speaker's span is given only when it lies in the quote's own field.
fn block_quote(
    corpus: &Corpus,
    set: &EntitySet,
    by_field: &super::FieldMentions,
    di: usize,
    fi: usize,
    p: &Pats,
    last_person: &dyn Fn(usize) -> Option<usize>,
) -> Option<Quote> {
    let doc = corpus.documents.get(di)?;
    let field = doc.fields.get(fi)?;
    if field.kind != FieldKind::Quote {
        return None;
    }
    let text = field.text.as_str();
    let marks = ['“', '”', '«', '»', '„', '"', '‘', '’'];
    let span = trim_span(text, Span::new(0, text.len()), &marks);
    if !is_statement(span.slice(text)) {
        return None;
    }
    let mut quote = Quote {
        doc: di,
        field: fi,
        span,
        sentence: span,
        speaker: None,
        speaker_text: None,
        speaker_span: None,
        cue: None,
    };
    let empty: Vec<Located> = Vec::new();
    let ms_of = |f: usize| by_field.get(&(di, f)).unwrap_or(&empty);
    if let Some(next) = doc
        .fields
        .get(fi + 1)
        .filter(|f| f.kind == FieldKind::Attribution)
    {
        let t = next.text.as_str();
        let who = trim_span(t, Span::new(0, t.len()), &['—', '–', '-', '―', '~']);
        let end = who.slice(t).find(',').map_or(who.end, |i| who.start + i);
        let who = Span::new(who.start, end);
        let person = ms_of(fi + 1)
            .iter()
            .find(|l| l.kind == EntityKind::Person && who.contains(l.span));
        quote.speaker = person.map(|l| l.entity);
        quote.speaker_text = Some(who.slice(t).to_string()).filter(|s| !s.is_empty());
        quote.cue = Some("—".to_string());
        return Some(quote);
    }
    let prev = fi
        .checked_sub(1)
        .and_then(|f| doc.fields.get(f).map(|x| (f, x)));
    if let Some((pf, prev)) = prev.filter(|(_, f)| f.text.trim_end().ends_with(':')) {
        let t = prev.text.as_str();
        let spans = sentences(t);
        let last = spans.last().copied().unwrap_or(Span::new(0, t.len()));
        let colon = t.trim_end().len().saturating_sub(1);
        let before = Span::new(last.start.min(colon), colon);
        let np = match p.before_loose.captures(before.slice(t)) {
            Some(c) => c
                .get(1)
                .map(|v| Span::new(before.start, before.start + v.start())),
            None => Some(before),
        };
        if let Some((_, entity, name)) =
            np.and_then(|np| speaker_in(t, np, ms_of(pf), set, &by_field.surnames, last_person(pf)))
        {
            quote.speaker = entity;
            quote.speaker_text = Some(name);
            quote.cue = Some(":".to_string());
        }
    }
    Some(quote)
}

/// For each field of document `doc`, the last person named in the fields
/// before it: one pass, not a walk back per quote.
fn last_persons(by_field: &super::FieldMentions, doc: usize, fields: usize) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(fields + 1);
    let mut last = None;
    for f in 0..fields {
        out.push(last);
        let here = by_field.get(&(doc, f)).and_then(|ms| {
            ms.iter()
                .rev()
                .find(|l| l.kind == EntityKind::Person)
                .map(|l| l.entity)
        });
        last = here.or(last);
    }
    out.push(last);
    out
}

/// Every quoted statement of the corpus, in reading order.
pub fn quotes(corpus: &Corpus, set: &EntitySet) -> Vec<Quote> {
    let by_field = mentions_by_field(set);
    let mut out = Vec::new();
    for d in 0..corpus.documents.len() {
        quotes_of(corpus, set, &by_field, d, &mut out);
    }
    out
}

/// The quoted statements of document `d`, in reading order, added to `out`.
pub(crate) fn quotes_of(
    corpus: &Corpus,
    set: &EntitySet,
    by_field: &FieldMentions,
    d: usize,
    out: &mut Vec<Quote>,
) {
    let empty: Vec<Located> = Vec::new();
    let Some(p) = pats() else { return };
    let fields = corpus.documents.get(d).map_or(0, |doc| doc.fields.len());
    let priors = last_persons(by_field, d, fields);
    let last_person = |f: usize| priors.get(f).copied().flatten();
    for (di, fi, text) in doc_text_fields(corpus, d) {
        if let Some(q) = block_quote(corpus, set, by_field, di, fi, p, &last_person) {
            out.push(q);
            continue;
        }
        if !text.contains(['“', '”', '«', '»', '„', '"', '‘']) {
            continue;
        }
        let ms = by_field.get(&(di, fi)).unwrap_or(&empty);
        let persons: Vec<Located> = ms
            .iter()
            .filter(|l| l.kind == EntityKind::Person)
            .copied()
            .collect();
        let spans = sentences(text);
        let (mut marked, stray) = double_quotes(text);
        let singles = single_quotes(text, &marked);
        marked.extend(singles);
        // A stray closing mark after a speech verb: the opening mark was lost.
        for &c in &stray {
            let sentence = sentence_at(&spans, c.saturating_sub(1), text.len());
            let before = Span::new(sentence.start, c);
            let Some(cap) = p.before_loose.captures(before.slice(text)) else {
                continue;
            };
            let Some(rest) = cap.get(2) else { continue };
            let r = rest.as_str();
            let skip = r.len() - r.trim_start().len();
            let skip = skip
                + if r.trim_start().starts_with("that ") {
                    5
                } else {
                    0
                };
            let open = before.start + rest.start() + skip;
            marked.push(Marked {
                content: Span::new(open, c),
                open,
                close: Some(c),
            });
        }
        marked.sort_by_key(|m| m.open);
        let mut in_field: Vec<Quote> = Vec::new();
        // The last quote of each sentence with a speaker, by sentence.
        let mut spoken: std::collections::HashMap<Span, usize> = Default::default();
        for (k, m) in marked.iter().enumerate() {
            let content = trim_span(text, m.content, &[',']);
            if !is_statement(content.slice(text)) {
                continue;
            }
            let sentence = sentence_at(&spans, m.open.saturating_sub(1), text.len());
            // Context before: from the sentence start, or the end of the previous quote in it.
            let prev_end = k
                .checked_sub(1)
                .and_then(|j| marked.get(j))
                .map(|pm| {
                    pm.close.map_or(pm.content.end, |c| {
                        c + text
                            .get(c..)
                            .and_then(|s| s.chars().next())
                            .map_or(1, char::len_utf8)
                    })
                })
                .filter(|&e| e > sentence.start && e <= m.open)
                .unwrap_or(sentence.start);
            let open_mark = text
                .get(..m.open)
                .and_then(|s| s.char_indices().next_back())
                .map_or(m.open, |(i, _)| i);
            let before = Span::new(prev_end.min(open_mark), open_mark);
            let before_text = before.slice(text);
            // Context after: to the end of the closing mark's sentence or the next quote.
            let after = m.close.map(|c| {
                let close_end = text
                    .get(c..)
                    .and_then(|s| s.chars().next())
                    .map_or(c, |ch| c + ch.len_utf8());
                let s_end = sentence_at(&spans, c, text.len()).end.max(close_end);
                let next_open = marked
                    .get(k + 1)
                    .map_or(text.len(), |n| n.open.saturating_sub(1));
                Span::new(close_end, s_end.min(next_open).max(close_end))
            });
            let mut found: Option<(Span, String)> = None;
            if let Some(c) = p.before_tight.captures(before_text) {
                if let (Some(all), Some(verb)) = (c.get(0), c.get(1)) {
                    found = Some((
                        Span::new(before.start, before.start + all.start()),
                        verb.as_str().to_string(),
                    ));
                }
            } else if before_text.trim_end().ends_with(':') {
                let end = before.start + before_text.trim_end().len() - 1;
                found = Some((Span::new(before.start, end), ":".to_string()));
            }
            if found.is_none() {
                if let Some(a) = after {
                    let at = a.slice(text);
                    if let Some(c) = p.after.captures(at) {
                        if let (Some(np), Some(verb)) = (c.get(1), c.get(2)) {
                            if !np.as_str().trim().is_empty() {
                                found = Some((
                                    Span::new(a.start + np.start(), a.start + np.end()),
                                    verb.as_str().to_string(),
                                ));
                            }
                        } else if let (Some(verb), Some(np)) = (c.get(3), c.get(4)) {
                            let np_text = np.as_str().trim_end_matches(['.', ' ']);
                            found = Some((
                                Span::new(
                                    a.start + np.start(),
                                    a.start + np.start() + np_text.len(),
                                ),
                                verb.as_str().to_string(),
                            ));
                        }
                    }
                }
            }
            if found.is_none() {
                if let Some(c) = p.before_loose.captures(before_text) {
                    if let (Some(verb), Some(rest)) = (c.get(1), c.get(2)) {
                        if rest.as_str().split_whitespace().count() <= 12 {
                            found = Some((
                                Span::new(before.start, before.start + verb.start()),
                                verb.as_str().to_string(),
                            ));
                        }
                    }
                }
            }
            if found.is_none() {
                let whole = Span::new(sentence.start.min(before.end), before.end);
                if let Some(c) = p.according.captures(whole.slice(text)) {
                    if let Some(x) = c.get(1) {
                        found = Some((
                            Span::new(whole.start + x.start(), whole.start + x.end()),
                            "according to".to_string(),
                        ));
                    }
                }
            }
            let mut quote = Quote {
                doc: di,
                field: fi,
                span: content,
                sentence,
                speaker: None,
                speaker_text: None,
                speaker_span: None,
                cue: None,
            };
            if let Some((np, cue)) = found {
                let prior = last_person(fi);
                if let Some((sp, entity, name)) =
                    speaker_among(text, np, ms, &persons, set, &by_field.surnames, prior)
                {
                    quote.speaker = entity;
                    quote.speaker_text = Some(name);
                    quote.speaker_span = Some(sp);
                    quote.cue = Some(cue);
                }
            }
            if quote.speaker_text.is_none() {
                // "“A,” X said. “B.”": B goes on A when only A's attribution is between.
                if let Some(prev) = in_field.last().filter(|q| q.speaker_text.is_some()) {
                    let gap_start = prev
                        .speaker_span
                        .map_or(prev.span.end, |s| s.end.max(prev.span.end));
                    let gap = text.get(gap_start..open_mark).unwrap_or("x");
                    let short = gap.chars().filter(|c| c.is_alphanumeric()).count() <= 12;
                    if short && prev.speaker_span.is_some_and(|s| s.start > prev.span.end) {
                        quote.speaker = prev.speaker;
                        quote.speaker_text = prev.speaker_text.clone();
                        quote.speaker_span = prev.speaker_span;
                        quote.cue = prev.cue.clone();
                    }
                }
            }
            if quote.speaker_text.is_none() {
                // "X stated that “A” and “B”": B is X's too.
                if let Some(prev) = spoken.get(&sentence).and_then(|&j| in_field.get(j)) {
                    quote.speaker = prev.speaker;
                    quote.speaker_text = prev.speaker_text.clone();
                    quote.speaker_span = prev.speaker_span;
                    quote.cue = prev.cue.clone();
                }
            }
            if quote.speaker_text.is_some() {
                spoken.insert(sentence, in_field.len());
            }
            in_field.push(quote);
        }
        // A later quote's after-attribution covers earlier unattributed ones
        // of the same sentence ("“A,” while “B”, the report said").
        for i in (0..in_field.len()).rev() {
            let Some(q) = in_field.get(i).cloned() else {
                continue;
            };
            if q.speaker_text.is_none() {
                continue;
            }
            for j in (0..i).rev() {
                match in_field.get_mut(j) {
                    Some(e) if e.sentence == q.sentence && e.speaker_text.is_none() => {
                        e.speaker = q.speaker;
                        e.speaker_text = q.speaker_text.clone();
                        e.speaker_span = q.speaker_span;
                        e.cue = q.cue.clone();
                    }
                    _ => break,
                }
            }
        }
        out.extend(in_field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Surnames::before`] replaced: every entity of the set tried in turn.
    fn surname_walk(before: &str, set: &EntitySet, prior: Option<usize>) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in set.entities.iter().enumerate() {
            if !(e.kind == EntityKind::Person || person_like_org(&e.name))
                || (prior.is_some() && e.mentions.is_empty())
            {
                continue;
            }
            let Some(last) = e.name.split_whitespace().last() else {
                continue;
            };
            if last.chars().count() < 3 {
                continue;
            }
            let pos = before
                .match_indices(last)
                .filter(|(at, _)| {
                    let b = before.get(..*at).and_then(|s| s.chars().next_back());
                    let a = before.get(at + last.len()..).and_then(|s| s.chars().next());
                    !b.is_some_and(char::is_alphanumeric) && !a.is_some_and(char::is_alphanumeric)
                })
                .map(|(at, _)| at)
                .last();
            if let Some(p) = pos {
                if best.is_none_or(|(bp, _)| p > bp) {
                    best = Some((p, i));
                }
            }
        }
        best.map(|(_, i)| i)
    }

    #[test]
    fn surnames_found_at_once_are_the_ones_every_entity_tried_in_turn_finds() {
        let corpus = Corpus::from_files(vec![crate::corpus::bundled_file()]);
        let mut set = crate::entities::extract(&corpus);
        // Surnames that overlap themselves, share a place, or have no mentions.
        for (name, mentioned) in [("Ana Abab", true), ("Bo Abab", false), ("Al Ab-Ab", true)] {
            let mut e = set.entities[0].clone();
            e.name = name.into();
            e.kind = EntityKind::Person;
            if !mentioned {
                e.mentions.clear();
            }
            set.entities.push(e);
        }
        let surnames = Surnames::of(&set);
        let mut texts: Vec<String> = corpus
            .documents
            .iter()
            .flat_map(|d| d.fields.iter().map(|f| f.text.clone()))
            .collect();
        texts.extend(
            [
                "Abab said Ab-Ab-Ab, then Ababab, Abab",
                "Ab-Ab",
                "xAbab Abab7 Abab.",
            ]
            .map(String::from),
        );
        let mut named = 0;
        for text in &texts {
            for cut in text
                .char_indices()
                .map(|(i, _)| i)
                .step_by(37)
                .chain([text.len()])
            {
                let before = &text[..cut];
                for prior in [None, Some(0)] {
                    let got = surnames.before(before, prior);
                    assert_eq!(
                        got,
                        surname_walk(before, &set, prior),
                        "{before:?} {prior:?}"
                    );
                    named += usize::from(got.is_some());
                }
            }
        }
        assert!(named > 100, "only {named} texts name a surname");
    }

    fn marks(t: &str) -> Vec<&str> {
        double_quotes(t)
            .0
            .iter()
            .map(|m| m.content.slice(t).trim())
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        // A pattern that fails to compile would silently find nothing.
        assert!(pats().is_some());
    }

    #[test]
    fn marks_pair_leniently() {
        assert_eq!(marks("a “b c» d"), ["b c"]);
        assert_eq!(marks("end.”The Taliban said”, x"), ["The Taliban said"]);
        assert_eq!(marks("“open to the end"), ["open to the end"]);
        assert_eq!(marks("He said \"go now\" and left"), ["go now"]);
        assert_eq!(double_quotes("stray” here").1, [5]);
        assert_eq!(
            marks("deal.” The Taliban has forbidden it”, they say"),
            ["The Taliban has forbidden it"]
        );
    }

    #[test]
    fn scare_quotes_and_names_are_not_statements() {
        assert!(!is_statement("betrayal"));
        assert!(!is_statement("Islamic Emirate of Afghanistan"));
        assert!(!is_statement(
            "Islamic Emirate of Afghanistan – Katibat Imam al-Bukhari"
        ));
        assert!(is_statement("the security situation in Central Asia"));
    }
}
