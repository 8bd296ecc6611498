//! Names: runs of capitalised words (with particles and connectors), typed by
//! gazetteers, head words, titles and context.

use super::gazetteer::FastSet;
use super::gazetteer::{self as gz, is_in, key};
use super::tokens::Tok;
use super::EntityKind;
use crate::span::Span;

/// A typed name found in a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameHit {
    pub span: Span,
    pub kind: EntityKind,
    /// 3 gazetteer or acronym, 2 a strong cue, 1 a guess from context.
    pub strength: u8,
}

/// What the whole corpus says about words, gathered before naming.
#[derive(Default)]
pub struct Evidence {
    /// Lower-cased forms of words seen written in lower case.
    pub lower_seen: FastSet<String>,
    /// Words seen capitalised away from a sentence start.
    pub cap_mid: FastSet<String>,
}

impl Evidence {
    pub fn add(&mut self, text: &str, toks: &[Tok]) {
        for t in toks {
            let w = t.text(text);
            if w.chars().next().is_some_and(char::is_lowercase) {
                if !self.lower_seen.contains(w) {
                    self.lower_seen.insert(w.to_string());
                }
            } else if t.cap && !t.sent_start && !self.cap_mid.contains(w) {
                self.cap_mid.insert(w.to_string());
            }
        }
    }

    pub(crate) fn is_common(&self, w: &str) -> bool {
        let g = gz::get();
        if w.chars().all(char::is_lowercase) {
            return g.common.contains(w) || self.lower_seen.contains(w);
        }
        let l = w.to_lowercase();
        g.common.contains(&l) || self.lower_seen.contains(&l)
    }
}

/// Words that never start a name, wherever they stand.
static FUNCTION: gz::WordSet = gz::WordSet::new(&[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "of",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "to",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "during",
    "despite",
    "although",
    "though",
    "however",
    "thus",
    "so",
    "then",
    "also",
    "both",
    "either",
    "neither",
    "all",
    "some",
    "many",
    "most",
    "each",
    "every",
    "no",
    "not",
    "such",
    "other",
    "another",
    "according",
    "via",
    "among",
    "between",
    "into",
    "under",
    "over",
    "about",
    "against",
    "without",
    "within",
    "through",
    "upon",
    "meanwhile",
    "moreover",
    "furthermore",
    "indeed",
    "yet",
    "still",
    "even",
    "only",
    "just",
    "here",
    "there",
    "where",
    "what",
    "which",
    "who",
    "why",
    "how",
    "we",
    "they",
    "he",
    "she",
    "it",
    "i",
    "you",
    "image",
    "photo",
    "source",
    "read",
    "see",
    "published",
    "updated",
    "posted",
    "by",
]);

/// Nouns after which "of X" names a place.
const PLACE_NOUNS: &[&str] = &[
    "village",
    "villages",
    "town",
    "towns",
    "city",
    "cities",
    "province",
    "provinces",
    "region",
    "regions",
    "district",
    "districts",
    "county",
    "island",
    "islands",
    "port",
    "capital",
    "outskirts",
    "suburb",
    "suburbs",
    "state",
    "republic",
    "municipality",
    "department",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

const ORG_NOUNS: &[&str] = &[
    "firm",
    "company",
    "group",
    "gang",
    "agency",
    "party",
    "organisation",
    "organization",
    "network",
    "body",
    "bank",
    "militia",
    "charity",
    "startup",
    "start-up",
    "institute",
    "nonprofit",
    "non-profit",
    "ngo",
    "think-tank",
    "outlet",
    "newspaper",
    "broadcaster",
    "airline",
    "manufacturer",
    "maker",
    "producer",
    "cartel",
    "coalition",
    "movement",
    "faction",
    "conglomerate",
    "lender",
    "insurer",
    "utility",
    "operator",
    "developer",
    "provider",
    "platform",
    "union",
    "association",
    "foundation",
    "university",
    "ministry",
    "regulator",
    "watchdog",
    "consultancy",
    "giant",
    "subsidiary",
    "brand",
    "retailer",
    "carrier",
    "club",
];
const PERSON_NOUNS: &[&str] = &[
    "analyst",
    "researcher",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "farmer",
    "nurse",
    "president",
    "director",
    "official",
    "lawyer",
    "professor",
    "scholar",
    "economist",
    "journalist",
    "reporter",
    "activist",
    "commander",
    "leader",
    "founder",
    "chief",
    "expert",
    "scientist",
    "doctor",
    "resident",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "senator",
    "diplomat",
    "ambassador",
    "author",
    "writer",
    "editor",
    "student",
    "teacher",
    "worker",
    "officer",
    "colonel",
    "candidate",
    "veteran",
    "former",
    "retired",
    "lecturer",
    "fellow",
    "negotiator",
    "envoy",
    "prosecutor",
    "judge",
    "engineer",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "cleric",
    "preacher",
    "militant",
    "fighter",
    "survivor",
    "adviser",
    "advisor",
    "aide",
    "consultant",
    "strategist",
    "chairman",
    "chairwoman",
    "secretary",
    "governor",
    "mayor",
    "lawmaker",
    "legislator",
    "mp",
    "deputy",
    "campaigner",
    "historian",
    "politician",
    "banker",
    "investor",
    "specialist",
    "manager",
    "executive",
    "administrator",
    "commissioner",
    "correspondent",
    "head",
];
const PLACE_WORDS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "country",
    "port",
    "district",
    "island",
    "county",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "area",
    "municipality",
    "capital",
    "state",
    "river",
    "valley",
    "border",
    "hamlet",
    "settlement",
    "enclave",
];

/// What the words around a name say it is: an appositive (", a Lagos-based
/// firm"), or "a researcher at X".
fn context_hint(after: &str, prev: &str, prev2: &str, next: &str) -> Option<EntityKind> {
    let _ = next;
    // "the “Kompania Bello” network": a lower-case noun right after types the name.
    let rest = after
        .trim_start_matches(['”', '"', '’', '»'])
        .strip_prefix(' ')
        .unwrap_or("");
    let follow_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_lowercase() || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    let follow = rest.get(..follow_end).unwrap_or("");
    if ORG_NOUNS.contains(&follow) && !matches!(follow, "group" | "party" | "union" | "body") {
        return Some(EntityKind::Org);
    }
    if matches!(
        follow,
        "meadow"
            | "forest"
            | "village"
            | "town"
            | "district"
            | "valley"
            | "river"
            | "mountains"
            | "camp"
            | "airport"
            | "airbase"
            | "crossing"
    ) {
        return Some(EntityKind::Place);
    }
    for lead in [", a ", ", an ", ", the ", " is a ", " is an "] {
        if let Some(rest) = after.strip_prefix(lead) {
            let clause = rest
                .split([',', '.', ';', '(', '—', '–', ':'])
                .next()
                .unwrap_or("");
            // The first kind-bearing noun is the head: "an economist at the ... Bank".
            for w in clause.split_whitespace().take(7) {
                let w = w.to_lowercase();
                let last = w.rsplit('-').next().unwrap_or(&w);
                let is = |list: &[&str]| list.contains(&w.as_str()) || list.contains(&last);
                if is(PERSON_NOUNS) {
                    return Some(EntityKind::Person);
                }
                if is(ORG_NOUNS) {
                    return Some(EntityKind::Org);
                }
                if is(PLACE_WORDS) {
                    return Some(EntityKind::Place);
                }
            }
        }
    }
    if matches!(prev, "at" | "for" | "with" | "from")
        && PERSON_NOUNS.contains(&prev2.to_lowercase().as_str())
    {
        return Some(EntityKind::Org);
    }
    None
}

const CONNECTORS: &[&str] = &["of", "for", "on", "and", "de", "du", "des"];
const PERSON_VERBS: &[&str] = &[
    "said",
    "says",
    "stated",
    "told",
    "added",
    "argued",
    "noted",
    "wrote",
    "explained",
    "warned",
    "insisted",
    "claimed",
    "announced",
    "tweeted",
    "recalled",
    "admitted",
    "replied",
    "declared",
];
const PLACE_PREPS: &[&str] = &[
    "in",
    "from",
    "to",
    "near",
    "across",
    "into",
    "throughout",
    "within",
    "outside",
    "towards",
    "toward",
];

/// Split tokens joined by hyphens where the parts are separate words for
/// naming: "US-Taliban", "Russia-drafted", "pro-ISIS".
pub fn split_hyphens(text: &str, toks: &[Tok]) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut break_next = false;
    for &t in toks {
        let t = if std::mem::take(&mut break_next) {
            Tok { joined: false, ..t }
        } else {
            t
        };
        let w = t.text(text);
        if !w.contains(['-', '\u{2010}', '\u{2011}']) {
            out.push(t);
            continue;
        }
        let parts: Vec<(usize, &str)> = w
            .match_indices(['-', '\u{2010}', '\u{2011}'])
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
            .iter()
            .scan(0usize, |prev, &i| {
                let p = (*prev, w.get(*prev..i).unwrap_or(""));
                *prev = i + 1;
                Some(p)
            })
            .collect();
        if parts.is_empty() {
            out.push(t);
            continue;
        }
        let last_start = parts.last().map(|&(s, p)| s + p.len() + 1).unwrap_or(0);
        let mut all: Vec<(usize, &str)> = parts;
        all.push((last_start, w.get(last_start..).unwrap_or("")));
        let is_cap = |p: &str| p.chars().next().is_some_and(char::is_uppercase);
        let is_low = |p: &str| p.chars().next().is_some_and(char::is_lowercase);
        let first = all.first().map(|&(_, p)| p).unwrap_or("");
        let lastp = all.last().map(|&(_, p)| p).unwrap_or("");
        let sub = |s: usize, e: usize, joined: bool| Tok {
            span: Span::new(t.span.start + s, t.span.start + e),
            cap: true,
            acro: {
                let p = w.get(s..e).unwrap_or("");
                p.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && !p.chars().any(char::is_lowercase)
            },
            num: false,
            sent_start: t.sent_start && s == 0,
            joined,
        };
        if is_low(first) && !is_in(&gz::PARTICLES, first) && all.len() == 2 && is_cap(lastp) {
            out.push(sub(last_start, w.len(), false));
        } else if is_cap(first) && is_low(lastp) && all.len() == 2 && lastp.len() > 2 {
            // "Obama-era Clean Power Plan": the lower-case part ends the name.
            break_next = true;
            out.push(Tok {
                span: Span::new(t.span.start, t.span.start + first.len()),
                ..sub(0, first.len(), t.joined)
            });
        } else if all.len() == 2
            && first.len() >= 2
            && !first.chars().any(char::is_lowercase)
            && is_cap(lastp)
            && lastp.len() > 1
            && !lastp.chars().any(|c| c.is_ascii_digit())
        {
            out.push(sub(0, first.len(), t.joined));
            out.push(sub(last_start, w.len(), false));
        } else {
            out.push(t);
        }
    }
    out
}

fn word_of<'a>(text: &'a str, t: &Tok) -> &'a str {
    t.text(text)
}

/// Find the names of one field. `blocked` spans (dates, quantities, acronym
/// expansions) are never part of a name. In a heading-like field only names
/// with a strong cue count.
pub fn find(
    text: &str,
    toks: &[Tok],
    blocked: &[Span],
    heading: bool,
    ev: &Evidence,
) -> Vec<NameHit> {
    let g = gz::get();
    let blocked: crate::span::SpanSet = blocked.iter().copied().collect();
    let is_blocked = |t: &Tok| blocked.overlaps(t.span);
    let w = |i: usize| toks.get(i).map(|t| word_of(text, t)).unwrap_or("");
    let nameish = |i: usize| {
        toks.get(i)
            .is_some_and(|t| t.cap && !t.num && !is_blocked(t))
    };
    let joined_at = |i: usize| toks.get(i).is_some_and(|t| t.joined && !is_blocked(t));
    let mut out = Vec::new();
    let byline = heading && {
        // "By Jane Doe", "Reporting by ...", "Political editor: Jane Doe".
        let head: String = text.chars().take(60).collect::<String>().to_lowercase();
        head.starts_with("by ")
            || head.starts_with("reporting by ")
            || head.starts_with("words by ")
            || head.starts_with("written by ")
            || text.len() < 80
                && [
                    "editor:",
                    "correspondent:",
                    "reporter:",
                    "writer:",
                    "author:",
                ]
                .iter()
                .any(|l| head.contains(l))
    };
    let mut last_hit: Option<(usize, EntityKind, usize)> = None;
    let mut after_pp = false;
    let mut i = 0;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        // "47th Mechanized Brigade": an ordinal opens a unit's name.
        let ordinal = {
            let wd = w(i);
            wd.len() >= 3
                && wd.starts_with(|c: char| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].iter().any(|x| wd.ends_with(x))
                && wd
                    .trim_end_matches(char::is_alphabetic)
                    .chars()
                    .all(|c| c.is_ascii_digit())
        };
        let starts = (t.cap && !t.num && !is_blocked(t))
            || (ordinal && !is_blocked(t) && joined_at(i + 1) && nameish(i + 1))
            || (is_in(&gz::PARTICLES, w(i))
                && joined_at(i + 1)
                && nameish(i + 1)
                && !is_blocked(t));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut lower_head: Option<EntityKind> = None;
        let mut place_ctx = false;
        loop {
            let k = j + 1;
            if !joined_at(k) {
                break;
            }
            if nameish(k) {
                j = k;
                continue;
            }
            // "BBC Radio 4", "Channel 4": a small number closing a broadcaster's or
            // an acronym-led name.
            if toks.get(k).is_some_and(|t| t.num && t.span.len() <= 2)
                && j > i
                && toks.get(i).is_some_and(|t| t.acro)
                && !joined_at(k + 1)
            {
                j = k;
                break;
            }
            let wk = w(k);
            if is_in(&gz::PARTICLES, wk) {
                let mut q = k + 1;
                while is_in(&gz::PARTICLES, w(q)) && joined_at(q) && q < k + 3 {
                    q += 1;
                }
                if joined_at(q) && nameish(q) {
                    j = q;
                    continue;
                }
            }
            if is_in(CONNECTORS, wk) {
                let mut m = k + 1;
                if w(m) == "the" && wk != "and" && joined_at(m) {
                    m += 1;
                }
                if joined_at(m) && nameish(m) {
                    let last = w(j);
                    let so_far = toks
                        .get(i)
                        .zip(toks.get(j))
                        .map(|(a, b)| Span::new(a.span.start, b.span.end).slice(text))
                        .unwrap_or("");
                    let gaz_place =
                        matches!(g.known.get(&key(so_far)), Some((EntityKind::Place, _)))
                            && !matches!(
                                last,
                                "Gulf"
                                    | "Strait"
                                    | "Sea"
                                    | "Bay"
                                    | "Republic"
                                    | "Isle"
                                    | "Lake"
                                    | "Port"
                                    | "City"
                            );
                    // "the General Staff of Ukraine’s Armed Forces": the possessive
                    // starts another name.
                    let mut q = m;
                    while joined_at(q + 1) && nameish(q + 1) {
                        q += 1;
                    }
                    let possessive_next = toks
                        .get(q)
                        .and_then(|t| text.get(t.span.end..))
                        .is_some_and(|a| a.starts_with("’s") || a.starts_with("'s"));
                    // "Jammu and Kashmir", "Trinidad and Tobago": a known name with "and".
                    let known_and = wk == "and"
                        && toks.get(m).is_some_and(|t| {
                            let whole = toks
                                .get(i)
                                .map(|a| Span::new(a.span.start, t.span.end).slice(text))
                                .unwrap_or("");
                            g.known.contains_key(&key(whole))
                        });
                    let join = if known_and {
                        true
                    } else if gaz_place || possessive_next {
                        false
                    } else if wk == "and" {
                        // "Defence and Security Forces": only when a head follows.
                        let mut q = m;
                        let mut found = false;
                        while nameish(q) && (q == m || joined_at(q)) {
                            if is_in(&gz::ORG_HEADS, w(q)) {
                                found = q - m < 2;
                                break;
                            }
                            q += 1;
                        }
                        let inside_long = toks.get(i..=j).is_some_and(|ts| {
                            let ws: Vec<&str> = ts.iter().map(|t| t.text(text)).collect();
                            ws.iter().any(|w| matches!(*w, "of" | "for" | "on"))
                                && ws.iter().any(|w| is_in(&gz::ORG_HEADS, w))
                        });
                        (found && !is_in(&gz::ORG_HEADS, last)) || inside_long
                    } else {
                        is_in(&gz::ORG_HEADS, last)
                            || is_in(&gz::PLACE_HEADS, last)
                            || is_in(&gz::EVENT_HEADS, last)
                            || is_in(&gz::WORK_HEADS, last)
                            || is_in(&gz::LAW_HEADS, last)
                            || matches!(
                                last,
                                "Programme"
                                    | "Program"
                                    | "Emirate"
                                    | "Republic"
                                    | "Kingdom"
                                    | "Bank"
                                    | "Gulf"
                                    | "Strait"
                            )
                    };
                    if join {
                        j = m;
                        continue;
                    }
                }
                break;
            }
            if matches!(
                wk,
                "regions"
                    | "provinces"
                    | "districts"
                    | "states"
                    | "departments"
                    | "counties"
                    | "villages"
                    | "towns"
                    | "port"
                    | "area"
                    | "airport"
                    | "coast"
                    | "border"
                    | "neighbourhood"
                    | "neighborhood"
                    | "suburb"
            ) {
                // "the Tillabéri and Tahoua regions": a place, the head left out.
                lower_head = Some(EntityKind::Place);
                place_ctx = true;
            } else if is_in(&gz::PLACE_HEADS_LOWER, wk) {
                lower_head = Some(EntityKind::Place);
                j = k;
            } else if is_in(&gz::LAW_HEADS_LOWER, wk)
                && !matches!(
                    g.known.get(&key(w(j))),
                    Some((EntityKind::Org | EntityKind::Group, _))
                )
            {
                lower_head = Some(EntityKind::Law);
                j = k;
            } else if is_in(&gz::EVENT_HEADS_LOWER, wk) {
                lower_head = Some(EntityKind::Event);
                j = k;
            }
            break;
        }
        let chunk: Vec<Tok> = toks.get(i..=j).map(<[Tok]>::to_vec).unwrap_or_default();
        let prev = if i > 0 { w(i - 1) } else { "" };
        // "the villages of Tchoma Bangou": a place by its context.
        let prev2 = if i > 1 { w(i - 2) } else { "" };
        if prev == "of" && PLACE_NOUNS.contains(&prev2)
            || prev == "the" && prev2 == "of" && i > 2 && PLACE_NOUNS.contains(&w(i - 3))
        {
            place_ctx = true;
        }
        let lower_head = if place_ctx && lower_head.is_none() {
            Some(EntityKind::Place)
        } else {
            lower_head
        };
        let heading = heading && !byline;
        let next = w(j + 1);
        let after = toks
            .get(j)
            .and_then(|t| text.get(t.span.end..))
            .unwrap_or("");
        let hint = context_hint(after, prev, prev2, next);
        let before_len = out.len();
        classify_chunk(
            text, &chunk, prev, next, lower_head, heading, ev, g, hint, &mut out,
        );
        // Lists share a kind: "Texas, Oklahoma and New Mexico", "Microsoft, Huawei".
        let first_new = out.get(before_len).map(|h| h.span.start);
        if let (Some(start), Some(prev_hit)) = (first_new, last_hit) {
            let gap = text.get(prev_hit.0..start).unwrap_or("");
            let after_this = out
                .last()
                .and_then(|h| text.get(h.span.end..))
                .unwrap_or("");
            let listy = matches!(gap, " and " | ", and " | " or " | " & ")
                || gap == ", "
                    && !after_pp
                    && (after_this.starts_with(',')
                        || after_this.starts_with(" and ")
                        || after_this.starts_with(" or "));
            if listy {
                for h in out.iter_mut().skip(before_len) {
                    if h.strength <= 1
                        && matches!(
                            prev_hit.1,
                            EntityKind::Place | EntityKind::Org | EntityKind::Person
                        )
                    {
                        h.kind = prev_hit.1;
                    }
                }
            }
        }
        // ... both ways: "between Aktau and Baku".
        if let (Some(new), Some(prev_hit)) = (out.get(before_len).cloned(), last_hit) {
            let gap = text.get(prev_hit.0..new.span.start).unwrap_or("");
            if new.strength >= 2
                && matches!(gap, " and " | ", and " | " or ")
                && matches!(new.kind, EntityKind::Place | EntityKind::Org)
            {
                if let Some(p) = out.get_mut(prev_hit.2) {
                    if p.strength <= 1 {
                        p.kind = new.kind;
                    }
                }
            }
        }
        if byline {
            // A byline names people; its other words are roles.
            let mut k = before_len;
            while k < out.len() {
                if out
                    .get(k)
                    .is_some_and(|h| h.kind == EntityKind::Org && h.strength <= 1)
                {
                    out.remove(k);
                } else {
                    k += 1;
                }
            }
        }
        if let Some(h) = out.last() {
            last_hit = Some((h.span.end, h.kind, out.len() - 1));
            // "In Seoul, Samsung Electronics and SK Hynix": an opening phrase, not a list.
            after_pp = [prev, w(i)]
                .iter()
                .any(|p| matches!(*p, "In" | "At" | "From" | "For" | "On" | "By"));
        }
        i = j + 1;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn classify_chunk(
    text: &str,
    chunk: &[Tok],
    prev: &str,
    next: &str,
    lower_head: Option<EntityKind>,
    heading: bool,
    ev: &Evidence,
    g: &gz::Gazetteer,
    hint: Option<EntityKind>,
    out: &mut Vec<NameHit>,
) {
    let words: Vec<&str> = chunk.iter().map(|t| t.text(text)).collect();
    let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
        return;
    };
    let span = Span::new(first.span.start, last.span.end);
    let full = span.slice(text);
    let push = |out: &mut Vec<NameHit>, span: Span, kind: EntityKind, strength: u8| {
        if kind == EntityKind::Misc && strength < 3 {
            return;
        }
        if heading && strength < 2 {
            return;
        }
        out.push(NameHit {
            span,
            kind,
            strength,
        });
    };
    // Whole chunk known.
    if let Some((kind, _)) = g.known.get(&key(full)) {
        // "Labour’s shadow chancellor": a possessive marks a name even at a sentence start.
        let possessive = text
            .get(last.span.end..)
            .is_some_and(|a| a.starts_with("’s") || a.starts_with("'s"));
        if !(chunk.len() == 1 && first.sent_start && ev.is_common(full) && !first.acro)
            || possessive
        {
            push(out, span, *kind, 3);
            return;
        }
    }
    // "Asia2 days ago", "Russia1 hour ago": a teaser's label glued to its age.
    if words.iter().any(|w| {
        let cs: Vec<char> = w.chars().collect();
        cs.windows(2)
            .any(|p| matches!(p, [a, b] if a.is_lowercase() && b.is_ascii_digit()))
    }) && !g.known.contains_key(&key(full))
    {
        return;
    }
    // A dateline: "PUERTO ASÍS, Colombia —", "KIGALI, 8 October".
    let at_start = text
        .get(..first.span.start)
        .is_some_and(|b| b.trim().is_empty());
    let after = text.get(last.span.end..).unwrap_or("");
    if at_start
        && chunk.iter().all(|t| t.acro)
        && (after.starts_with(',')
            || after.starts_with(" —")
            || after.starts_with(" –")
            || after.starts_with(" ("))
    {
        push(out, span, EntityKind::Place, 2);
        return;
    }
    // A chunk of acronyms only: "UN GGE", "IMU KIB".
    if chunk.len() > 1 && chunk.iter().all(|t| t.acro) {
        for t in chunk {
            classify_chunk(
                text,
                std::slice::from_ref(t),
                "",
                "",
                None,
                heading,
                ev,
                g,
                None,
                out,
            );
        }
        return;
    }
    // Drop leading function words and sentence-initial common words.
    let mut a = 0;
    while let (Some(wd), Some(t)) = (words.get(a), chunk.get(a)) {
        let low = wd.to_lowercase();
        let known = g.known.contains_key(&key(wd)) || g.given.contains(*wd);
        let headed_chunk = chunk.len() > 1
            && words
                .iter()
                .skip(1)
                .any(|w| is_in(&gz::ORG_HEADS, w) || is_in(&gz::PLACE_HEADS, w));
        let gerund = (low.ends_with("ing") || low.ends_with("ly")) && low.len() > 5;
        let drop = !t.acro
            && !known
            && (is_in(&FUNCTION, &low)
                || (t.sent_start
                    && a == 0
                    && (gerund
                        || !headed_chunk
                            && (g.common.contains(&low) || ev.lower_seen.contains(&low)))));
        if !drop {
            break;
        }
        a += 1;
    }
    if a >= chunk.len() {
        return;
    }
    if a > 0 {
        let rest = chunk.get(a..).unwrap_or(&[]);
        let p = words.get(a - 1).copied().unwrap_or("");
        return classify_chunk(text, rest, p, next, lower_head, heading, ev, g, hint, out);
    }
    // "Islamist Tahir Yuldash", "IMU Usman Ghazi": a label before a personal name.
    if chunk.len() > 1 {
        let is_label = |w: &&str, t: &Tok| {
            t.acro
                || matches!(
                    g.known.get(&key(w)),
                    Some((EntityKind::Group | EntityKind::Place | EntityKind::Org, _))
                )
        };
        if let Some(p) =
            (1..chunk.len()).find(|&p| words.get(p).is_some_and(|w| g.given.contains(*w)))
        {
            let labels = words
                .iter()
                .zip(chunk.iter())
                .take(p)
                .all(|(w, t)| is_label(w, t));
            if labels && p + 1 < chunk.len() {
                let (pre, rest) = chunk.split_at(p);
                classify_chunk(text, pre, prev, "", None, heading, ev, g, None, out);
                let w_prev = words.get(p - 1).copied().unwrap_or("");
                return classify_chunk(
                    text, rest, w_prev, next, lower_head, heading, ev, g, hint, out,
                );
            }
        }
    }
    let has = |list: &dyn gz::Words| words.iter().any(|w| list.has(w));
    let last_w = words.last().copied().unwrap_or("");
    let headed = has(&gz::ORG_HEADS)
        || lower_head.is_some()
        || is_in(&gz::PLACE_HEADS, last_w)
        || is_in(&gz::LAW_HEADS, last_w)
        || is_in(&gz::EVENT_HEADS, last_w)
        || is_in(&gz::WORK_HEADS, last_w);
    // Titles: "Mullah Haibatullah Akhunzada", "Russian President Vladimir Putin".
    if !headed {
        if let Some(t0) = words
            .iter()
            .position(|w| is_in(&gz::TITLES, w.trim_end_matches('.')))
        {
            let mut t1 = t0;
            while words.get(t1).is_some_and(|w| {
                is_in(&gz::TITLES, w.trim_end_matches('.'))
                    || *w == "of"
                    || *w == "the"
                    || *w == "State"
            }) {
                t1 += 1;
            }
            let titled_core = words.get(t0).is_some_and(|w| !title_modifier(w))
                || words
                    .iter()
                    .skip(t0)
                    .take(t1 - t0)
                    .any(|w| !title_modifier(w) && !matches!(*w, "of" | "the" | "State"));
            if titled_core {
                if t0 > 0 {
                    let pre = chunk.get(..t0).unwrap_or(&[]);
                    classify_chunk(text, pre, prev, "", None, heading, ev, g, None, out);
                }
                if let (Some(s), Some(e)) = (chunk.get(t1), chunk.last()) {
                    if t1 < chunk.len() {
                        let rest = chunk.get(t1..).unwrap_or(&[]);
                        let sp = Span::new(s.span.start, e.span.end);
                        if let Some((kind, _)) = g.known.get(&key(sp.slice(text))) {
                            push(out, sp, *kind, 3);
                        } else if rest.iter().all(|t| t.acro) {
                            classify_chunk(text, rest, "", next, None, heading, ev, g, None, out);
                        } else {
                            push(out, sp, EntityKind::Person, 2);
                        }
                    }
                }
                return;
            }
        }
    }
    // "Dutch TTF", "Greek Mikene": a people's adjective before another name.
    if chunk.len() > 1 && !headed && lower_head.is_none() {
        let is_group = |w: &str| matches!(g.known.get(&key(w)), Some((EntityKind::Group, _)));
        let p = words.iter().take_while(|w| is_group(w)).count();
        let rest_strong = chunk.get(p).is_some_and(|t| t.acro)
            || chunk.len() - p > 1
            || words
                .get(p..)
                .is_some_and(|r| g.known.contains_key(&key(&r.join(" "))));
        if p > 0 && p < chunk.len() && rest_strong && !words.iter().skip(p).all(|w| is_group(w)) {
            let (pre, rest) = chunk.split_at(p);
            classify_chunk(text, pre, prev, "", None, heading, ev, g, None, out);
            let w_prev = words.get(p - 1).copied().unwrap_or("");
            return classify_chunk(text, rest, w_prev, next, None, heading, ev, g, hint, out);
        }
    }
    let kind_strength = type_name(&words, chunk, prev, next, lower_head, ev, g, hint);
    if let Some((kind, strength)) = kind_strength {
        push(out, span, kind, strength);
    }
}

fn particle_in(words: &[&str]) -> bool {
    words.iter().any(|w| {
        let l = w.to_lowercase();
        is_in(&gz::PARTICLES, &l)
            || ["al-", "el-", "bin-", "ibn-", "abu-"]
                .iter()
                .any(|p| l.starts_with(p))
            || (l.starts_with("al") && w.chars().nth(2).is_some_and(char::is_uppercase))
    })
}

#[allow(clippy::too_many_arguments)]
fn type_name(
    words: &[&str],
    chunk: &[Tok],
    prev: &str,
    next: &str,
    lower_head: Option<EntityKind>,
    ev: &Evidence,
    g: &gz::Gazetteer,
    hint: Option<EntityKind>,
) -> Option<(EntityKind, u8)> {
    let first_w = words.first().copied().unwrap_or("");
    let last_w = words.last().copied().unwrap_or("");
    let has = |list: &dyn gz::Words| words.iter().any(|w| list.has(w));
    let n = words.len();
    if let Some(k) = lower_head {
        // A bare lower-case head ("The state is absent") names nothing.
        if n == 1 && chunk.first().is_some_and(|t| !t.cap) {
            return None;
        }
        if n == 1
            && k == EntityKind::Place
            && g.known
                .get(&key(first_w))
                .is_some_and(|(kk, _)| *kk != EntityKind::Place)
        {
            return g.known.get(&key(first_w)).map(|(kk, _)| (*kk, 3));
        }
        return Some((k, 2));
    }
    // With a connector the head stands before it: "Resolution of the General Assembly".
    if let Some(c) = words.iter().position(|w| matches!(*w, "of" | "for" | "on")) {
        let head = words.get(c.saturating_sub(1)).copied().unwrap_or("");
        if c > 0 {
            if is_in(&gz::LAW_HEADS, head) {
                return Some((EntityKind::Law, 2));
            }
            if is_in(&gz::ORG_HEADS, head) || matches!(head, "Programme" | "Program") {
                return Some((EntityKind::Org, 2));
            }
            if is_in(&gz::PLACE_HEADS, head)
                || is_in(
                    &[
                        "Gulf", "Strait", "Sea", "Lake", "Mount", "Republic", "Isle", "Bay", "Cape",
                    ],
                    head,
                )
            {
                return Some((EntityKind::Place, 2));
            }
            if is_in(&gz::EVENT_HEADS, head) {
                return Some((EntityKind::Event, 2));
            }
            if is_in(&gz::WORK_HEADS, head) {
                return Some((EntityKind::Work, 2));
            }
        }
    }
    if has(&[
        "Katibat", "Tahrir", "Jabhat", "Harakat", "Jamaat", "Lashkar", "Jaish", "Hizb", "Tehrik",
        "Tehreek", "Ansar",
    ]) {
        return Some((EntityKind::Org, 2));
    }
    if n > 1 && has(&gz::DISEASE_WORDS) {
        return Some((EntityKind::Misc, 2));
    }
    if n > 1
        && is_in(&gz::PLACE_HEADS, last_w)
        && !(last_w == "State" && n == 2 && is_in(&["Islamic", "Secretary"], first_w))
    {
        return Some((EntityKind::Place, 2));
    }
    if n > 1 && is_in(&gz::LAW_HEADS, last_w) {
        return Some((EntityKind::Law, 2));
    }
    if n > 1 && is_in(&gz::EVENT_HEADS, last_w) {
        return Some((EntityKind::Event, 2));
    }
    if n > 1 && is_in(&gz::WORK_HEADS, last_w) {
        return Some((EntityKind::Work, 2));
    }
    if n > 1 && has(&gz::ORG_HEADS) {
        return Some((EntityKind::Org, 2));
    }
    if n > 1
        && is_in(
            &[
                "Gulf", "Strait", "Sea", "Lake", "Mount", "Republic", "Isle", "Bay", "Cape",
            ],
            first_w,
        )
        && words.get(1) == Some(&"of")
    {
        return Some((EntityKind::Place, 2));
    }
    // Peoples and creeds: "Uzbek", "Central Asian Salafi-Jihadi".
    let group_word = |w: &str| {
        w.split(['-', '‑']).all(|p| {
            matches!(g.known.get(&key(p)), Some((EntityKind::Group, _))) || is_in(&gz::COMPASS, p)
        })
    };
    if words.iter().all(|w| group_word(w)) && words.iter().any(|w| !is_in(&gz::COMPASS, w)) {
        return Some((EntityKind::Group, 3));
    }
    if n > 1
        && matches!(g.known.get(&key(first_w)), Some((EntityKind::Group, _)))
        && words
            .iter()
            .skip(1)
            .all(|w| !g.known.contains_key(&key(w)) && !g.given.contains(*w))
        && !particle_in(words)
    {
        return Some((EntityKind::Group, 2));
    }
    if n > 1 && is_in(&gz::COMPASS, first_w) && !ev.is_common(words.get(1).copied().unwrap_or("")) {
        return Some((EntityKind::Place, 2));
    }
    let particle = particle_in(words);
    if n > 1 && matches!(first_w, "Los" | "Las" | "El" | "La" | "Les" | "Le") {
        return Some((EntityKind::Org, 1));
    }
    // "Électricité de France", "Banque de France": a particle before a country names a body.
    if n > 2
        && particle
        && g.known
            .get(&key(last_w))
            .is_some_and(|(k, _)| *k == EntityKind::Place)
        && !g.given.contains(first_w)
    {
        return Some((EntityKind::Org, 2));
    }
    if n > 1 && particle {
        // "Comandos de la Frontera": a plural first word names a body, not a person.
        if first_w.ends_with('s')
            && !g.given.contains(first_w)
            && !first_w.to_lowercase().starts_with("abu")
        {
            return Some((EntityKind::Org, 2));
        }
        return Some((EntityKind::Person, 2));
    }

    if n > 1 && g.given.contains(first_w) && !ev.is_common(last_w) {
        return Some((EntityKind::Person, 2));
    }
    let single = n == 1;
    let t = chunk.first()?;
    // Identifiers ("CVE-2023-4966") are not names.
    if words
        .iter()
        .any(|w| w.chars().filter(char::is_ascii_digit).count() >= 3)
    {
        return None;
    }
    // "NetScaler", "LockBit", "SolarWinds": brand-style capitals inside a word.
    let camel = words.iter().any(|w| {
        let cs: Vec<char> = w.chars().collect();
        cs.windows(2)
            .any(|p| matches!(p, [a, b] if a.is_lowercase() && b.is_uppercase()))
            && !w.starts_with("al")
            && !w.starts_with("Mc")
            && !w.starts_with("Mac")
    });
    if single {
        if t.acro {
            let bare = first_w.trim_end_matches('s');
            // "WAR", "NEWS", "MORE" in an all-capitals heading are words, not acronyms.
            if ev.is_common(&first_w.to_lowercase()) {
                return None;
            }
            if is_in(&gz::NOT_ACRONYMS, first_w)
                || is_in(&gz::NOT_ACRONYMS, bare)
                || first_w.chars().filter(|c| c.is_alphabetic()).count() < 2
            {
                return None;
            }
            return Some((EntityKind::Org, 2));
        }
        if g.given.contains(first_w) {
            return Some((EntityKind::Person, 2));
        }
        // "Cov2", "Russia1": letters run into digits, a glitch or a code, not a name.
        if first_w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if ev.is_common(first_w) || is_in(&gz::COMPASS, first_w) {
            return None;
        }
        if let Some(h) = hint {
            return Some((h, 2));
        }
        // Capitalised at a sentence start and nowhere else: an ordinary word.
        if t.sent_start && !ev.cap_mid.contains(first_w) {
            return None;
        }
        if camel {
            return Some((EntityKind::Org, 1));
        }
        if is_in(PERSON_VERBS, next) {
            return Some((EntityKind::Person, 1));
        }
        if prev == "the" || prev == "The" {
            return Some((EntityKind::Org, 1));
        }
        if is_in(PLACE_PREPS, &prev.to_lowercase()) {
            return Some((EntityKind::Place, 1));
        }
        return Some((EntityKind::Org, 1));
    }
    // Several capitalised words without a cue.
    let common = words.iter().filter(|w| ev.is_common(w)).count();
    let known = words
        .iter()
        .filter(|w| g.known.contains_key(&key(w)))
        .count();
    if common == n || n >= 3 && common * 2 > n {
        return None;
    }
    if let Some(h) = hint {
        return Some((h, 2));
    }
    if camel {
        return Some((EntityKind::Org, 1));
    }
    // "said Dina Esfandiary".
    if common + known == 0
        && matches!(
            prev,
            "said" | "says" | "told" | "asked" | "thanked" | "quoted"
        )
    {
        return Some((EntityKind::Person, 1));
    }
    if common + known == 0
        && matches!(
            prev.to_lowercase().as_str(),
            "in" | "near" | "across" | "throughout" | "outside" | "into"
        )
    {
        return Some((EntityKind::Place, 1));
    }
    if common + known == 0
        && n <= 4
        && chunk.iter().all(|t| !t.acro)
        && (is_in(PERSON_VERBS, next) || n >= 2)
    {
        return Some((EntityKind::Person, 1));
    }
    if chunk.iter().any(|t| t.sent_start) && common > 0 && known == 0 {
        return None;
    }
    Some((EntityKind::Org, 1))
}

/// Words that only qualify a title ("Foreign" Minister, "Senior" Adviser),
/// not the office or the name itself.
fn title_modifier(w: &str) -> bool {
    matches!(
        w,
        "Health"
            | "Energy"
            | "Foreign"
            | "Defence"
            | "Defense"
            | "Interior"
            | "Finance"
            | "Economy"
            | "Senior"
            | "Former"
            | "Acting"
            | "Head"
            | "Leader"
            | "Special"
            | "Permanent"
            | "Executive"
            | "Crown"
    )
}
