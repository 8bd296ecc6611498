//! Figures: quantities the text gives for an entity ("IMU’s Afghan wing
//! consists of up to 700 people"), each with its qualifier, number, unit
//! and sentence.
//!
//! The quantity is a Quantity entity mention. The entity it is given for is
//! the named entity in its unit ("100 IMU members"), else the nearest one
//! before it in the sentence (the subject of "has", "consists of"), else the
//! first one after it; nationalities ("Afghan wing") count only when
//! nothing else is named, as they are mostly adjectives.

use super::sentences::{sentence_at, sentence_before, sentences};
use super::{is_named, longest, mentions_by_field, near, starting_in, FieldMentions, Located};
use crate::corpus::Corpus;
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub doc: usize,
    pub field: usize,
    pub sentence: Span,
    /// The quantity mention ("up to 700 people"), in the field's text.
    pub quantity: Span,
    /// The Quantity entity of the mention (none for a percentage the
    /// entities stage missed).
    pub quantity_entity: Option<usize>,
    /// The entity the figure is given for.
    pub entity: Option<usize>,
    /// "up to", "approximately", "more than", "between"...
    pub qualifier: Option<String>,
    /// The number, scaled ("$1 billion" is 1e9, "one-fourth" 0.25).
    pub number: Option<f64>,
    /// The top of a range ("between 15 and 25 states").
    pub upper: Option<f64>,
    /// What is counted: "people", "IMU members", "%", "USD".
    pub unit: Option<String>,
}

const QUALIFIERS: &[&str] = &[
    "up to",
    "approximately",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "at least",
    "at most",
    "some",
    "an estimated",
    "close to",
    "upwards of",
    "as many as",
    "as few as",
    "just over",
    "just under",
    "well over",
    "in excess of",
    "between",
];

fn number_re() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(US\$|A\$|R\$|\$|€|£|¥|₹|₦)?\s?([0-9]{1,3}(?:[.,][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?:\s?(million|billion|trillion|thousand|bn|mn|tn|m|k)\b)?\s*(.*)$").ok()
    })
    .as_ref()
}

fn missed_re() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        let qual = r"(?:(?:[Ss]ome|[Aa]bout|[Aa]round|[Nn]early|[Aa]lmost|[Aa]pproximately|[Rr]oughly|[Mm]ore than|[Oo]ver|[Aa]t least|[Uu]p to)\s+)";
        Regex::new(&format!(
            r"\b(?P<pct>{qual}?[0-9]+(?:\.[0-9]+)?\s?(?:%|percent\b|per cent\b))|\b(?P<count>(?P<q>{qual})?(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?)(?:\s(?:million|billion|thousand))?\s+(?P<noun>[a-z][a-z-]{{2,}}))\b|\b(?P<frac>(?:[Aa]|[Oo]ne|[Tt]wo)[\s-](?:half|third|quarter|fifth))(?:\s+of\b|\s+[a-z]+ed\b|[.,;])"
        ))
        .ok()
    })
    .as_ref()
}

/// Words after a number that are not what it counts ("two years", "2015 and").
const NOT_COUNTED: &[&str] = &[
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "weeks",
    "week",
    "hours",
    "minutes",
    "decades",
    "times",
    "and",
    "the",
    "for",
    "from",
    "with",
    "that",
    "was",
    "were",
    "are",
    "has",
    "had",
    "have",
    "per",
    "into",
    "than",
    "when",
    "which",
    "who",
    "its",
    "his",
    "her",
    "their",
    "this",
    "but",
    "not",
    "also",
    "then",
    "there",
    "old",
    "ago",
    "will",
    "would",
    "could",
    "can",
    "may",
    "did",
    "does",
    "been",
    "edition",
    "session",
    "report",
    "page",
    "pages",
    "para",
    "paragraph",
    "century",
    "percentage",
    "out",
    "all",
    "onwards",
];

/// Counts the entities stage missed, in `text`.
fn missed_counts(text: &str) -> Vec<Span> {
    let Some(re) = missed_re() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            if let Some(m) = c.name("pct").or_else(|| c.name("frac")) {
                return Some(Span::new(m.start(), m.end()));
            }
            let m = c.name("count")?;
            let noun = c.name("noun")?.as_str();
            let n = c.name("n")?.as_str();
            let year_like = n.len() == 4 && (n.starts_with('1') || n.starts_with("20"));
            // "Covid 19 still", "Article 5 states": a name's number.
            let prev_word = text
                .get(..m.start())
                .and_then(|t| t.strip_suffix(' '))
                .and_then(|t| t.rsplit(|ch: char| !ch.is_alphanumeric()).next())
                .unwrap_or("");
            let named = prev_word.chars().next().is_some_and(char::is_uppercase)
                && !matches!(
                    prev_word,
                    "The" | "Only" | "All" | "Another" | "Just" | "With" | "Of" | "In" | "For"
                );
            // "level 3 travel notice", "article 5 powers": a label's number.
            let label = matches!(
                prev_word.to_lowercase().as_str(),
                "level"
                    | "phase"
                    | "stage"
                    | "article"
                    | "section"
                    | "chapter"
                    | "category"
                    | "grade"
                    | "tier"
                    | "number"
                    | "no"
                    | "page"
                    | "para"
                    | "paragraph"
                    | "item"
                    | "rule"
                    | "point"
                    | "step"
                    | "round"
                    | "version"
                    | "class"
                    | "type"
                    | "code"
                    | "room"
                    | "gate"
                    | "route"
                    | "line"
                    | "group"
                    | "unit"
            );
            if (named || label) && c.name("q").is_none() {
                return None;
            }
            (!NOT_COUNTED.contains(&noun) && (c.name("q").is_some() || !year_like))
                .then(|| Span::new(m.start(), m.end()))
        })
        .collect()
}

fn pronoun_re() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\b(?:he|she|it|they|the\s+(?:organi[sz]ation|company|group|agency|ministry|authority|firm))\b").ok()
    })
    .as_ref()
}

fn currency(sym: &str) -> &'static str {
    match sym {
        "US$" | "$" => "USD",
        "A$" => "AUD",
        "R$" => "BRL",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "JPY",
        "₹" => "INR",
        "₦" => "NGN",
        _ => "",
    }
}

fn scale(word: &str) -> f64 {
    match word.to_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => 1.0,
    }
}

/// "136.609.182" and "1,500" are grouped thousands; "5.2" is a decimal.
fn parse_number(s: &str) -> Option<f64> {
    let grouped =
        s.len() > 4 && s.split(['.', ',']).skip(1).all(|g| g.len() == 3) && s.contains(['.', ',']);
    let clean: String = if grouped {
        s.chars().filter(char::is_ascii_digit).collect()
    } else {
        s.replace(',', "")
    };
    clean.parse().ok()
}

fn word_number(w: &str) -> Option<f64> {
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let w = w.to_lowercase();
    if let Some(i) = words.iter().position(|x| *x == w) {
        return Some((i + 1) as f64);
    }
    Some(match w.as_str() {
        "a" | "an" => 1.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" | "dozens" => 12.0,
        "hundred" | "hundreds" => 100.0,
        "thousand" | "thousands" => 1e3,
        "million" | "millions" => 1e6,
        "billion" => 1e9,
        _ => return None,
    })
}

fn fraction(w: &str) -> Option<f64> {
    let w = w.trim_end_matches('s').to_lowercase();
    Some(match w.as_str() {
        "half" => 2.0,
        "third" => 3.0,
        "quarter" | "fourth" => 4.0,
        "fifth" => 5.0,
        "tenth" => 10.0,
        _ => return None,
    })
}

/// Qualifier, number, upper bound and unit of a quantity's text.
fn read(text: &str) -> (Option<String>, Option<f64>, Option<f64>, Option<String>) {
    let lower = text.to_lowercase();
    let qualifier = QUALIFIERS
        .iter()
        .filter(|q| lower.starts_with(*q) && lower.get(q.len()..q.len() + 1) == Some(" "))
        .max_by_key(|q| q.len())
        .copied();
    let rest = text
        .get(qualifier.map_or(0, |q| q.len() + 1)..)
        .unwrap_or("");
    let rest = rest.trim();
    if qualifier == Some("between") {
        // "15 and 25 states"
        let mut it = rest.splitn(3, ' ');
        let (a, _, tail) = (it.next(), it.next(), it.next().unwrap_or(""));
        let (_, hi, _, unit) = read(tail);
        let lo = a.and_then(parse_number);
        return (Some("between".into()), lo, hi, unit);
    }
    if let Some(c) = number_re().and_then(|r| r.captures(rest)) {
        let n = c.get(2).and_then(|m| parse_number(m.as_str()));
        let s = c.get(3).map_or(1.0, |m| scale(m.as_str()));
        let tail = c.get(4).map_or("", |m| m.as_str()).trim();
        let tail_l = tail.to_lowercase();
        let unit = if let Some(sym) = c.get(1) {
            Some(currency(sym.as_str()).to_string())
        } else if tail.starts_with('%')
            || tail_l.starts_with("percent")
            || tail_l.starts_with("per cent")
        {
            Some("%".to_string())
        } else if tail.is_empty() {
            None
        } else {
            Some(tail.to_string())
        };
        return (qualifier.map(str::to_string), n.map(|n| n * s), None, unit);
    }
    // Words: "one-fourth", "one third", "several hundred fighters".
    let words: Vec<&str> = rest.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if let (Some(a), Some(b)) = (words.first(), words.get(1)) {
        if let (Some(n), Some(d)) = (word_number(a), fraction(b)) {
            return (qualifier.map(str::to_string), Some(n / d), None, None);
        }
    }
    let mut n: Option<f64> = None;
    let mut used = 0;
    for w in &words {
        match word_number(w) {
            Some(v) => {
                n = Some(match n {
                    Some(prev) if v >= 100.0 => prev * v,
                    Some(prev) => prev + v,
                    None => v,
                });
                used += 1;
            }
            None => break,
        }
    }
    let unit = words
        .get(used..)
        .map(|u| u.join(" "))
        .filter(|u| !u.is_empty());
    (qualifier.map(str::to_string), n, None, unit)
}

/// The entity whose mention text in document `doc` appears in `unit` as whole words.
/// The distinct names of a document with their entities, longest first:
/// what a unit may contain. Built once per document, not once per figure.
fn doc_names(doc: usize, corpus: &Corpus, by_field: &super::FieldMentions) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let Some(d) = corpus.documents.get(doc) else {
        return out;
    };
    let mut seen = std::collections::HashSet::new();
    for (fi, f) in d.fields.iter().enumerate() {
        for l in by_field.get(&(doc, fi)).map(Vec::as_slice).unwrap_or(&[]) {
            if !is_named(l.kind) || l.kind == EntityKind::Group {
                continue;
            }
            let name = l.span.slice(&f.text);
            if name.chars().count() >= 2 && seen.insert(name.to_string()) {
                out.push((name.to_string(), l.entity));
            }
        }
    }
    // Longest first; among equals, the first seen wins (a stable sort).
    out.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    out
}

/// The entity of the longest document name that stands as a whole word in
/// `unit` ("IMU members").
fn named_in(unit: &str, names: &[(String, usize)]) -> Option<usize> {
    names.iter().find_map(|(name, e)| {
        let whole = unit.match_indices(name.as_str()).any(|(i, _)| {
            let before = unit.get(..i).and_then(|s| s.chars().next_back());
            let after = unit.get(i + name.len()..).and_then(|s| s.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        whole.then_some(*e)
    })
}

/// Every quantity of the corpus as a figure, in reading order.
pub fn figures(corpus: &Corpus, set: &EntitySet) -> Vec<Figure> {
    let by_field = mentions_by_field(set);
    let mut out = Vec::new();
    for d in 0..corpus.documents.len() {
        figures_of(corpus, &by_field, d, &mut out);
    }
    out
}

fn number_of_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\bnumber\s+of\s+([a-z][a-z-]+)\s*$").ok())
        .as_ref()
}

/// The figures of document `di`, in reading order, added to `out`.
pub(crate) fn figures_of(
    corpus: &Corpus,
    by_field: &FieldMentions,
    di: usize,
    out: &mut Vec<Figure>,
) {
    let number_of = number_of_re();
    let fields = corpus.documents.get(di).map_or(0, |d| d.fields.len());
    let mut names_cache: std::collections::HashMap<usize, Vec<(String, usize)>> =
        std::collections::HashMap::new();
    // The (field, quantity) of the figures of this document so far.
    let mut counted: std::collections::HashSet<(usize, Span)> = Default::default();
    for fi in 0..fields {
        let Some(text) = corpus
            .documents
            .get(di)
            .and_then(|d| d.fields.get(fi))
            .map(|f| f.text.as_str())
        else {
            continue;
        };
        let Some(ms) = by_field.get(&(di, fi)) else {
            continue;
        };
        let spans = sentences(text);
        let longest_ms = longest(ms);
        let mut quantities: Vec<Located> = ms
            .iter()
            .filter(|l| l.kind == EntityKind::Quantity)
            .copied()
            .collect();
        // Counts the entities stage missed ("Only 71 percent", "Some 300
        // soldiers", "a third funded").
        for span in missed_counts(text) {
            let glued = text
                .get(..span.start)
                .and_then(|s| s.chars().next_back())
                .is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '.' | ',' | '$' | '€' | '£' | '-')
                });
            if !glued
                && !near(ms, span, longest_ms)
                    .iter()
                    .any(|l| l.span.overlaps(span))
            {
                quantities.push(Located {
                    span,
                    entity: usize::MAX,
                    kind: EntityKind::Misc,
                });
            }
        }
        quantities.sort_by_key(|l| l.span.start);
        for q in &quantities {
            let sentence = sentence_at(&spans, q.span.start, text.len());
            let (qualifier, number, upper, mut unit) = read(q.span.slice(text));
            let named: Vec<&Located> = starting_in(ms, sentence)
                .iter()
                .filter(|l| is_named(l.kind) && sentence.contains(l.span))
                .collect();
            let after_q = text.get(q.span.end..).unwrap_or("");
            // "approximately 70 Central Asians": the unit is a name right after.
            if unit.is_none() {
                if let Some(l) = named.iter().find(|l| {
                    l.span.start >= q.span.end
                        && after_q
                            .get(..l.span.start - q.span.end)
                            .is_some_and(|g| g.trim().is_empty())
                }) {
                    unit = Some(l.span.slice(text).to_string());
                }
            }
            // "2.3 billion koruna": a plain word right after.
            if unit.is_none() {
                let w: String = after_q
                    .strip_prefix(' ')
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                let stop = [
                    "of", "and", "in", "to", "the", "a", "an", "for", "from", "with", "by", "on",
                    "at", "than", "or", "is", "was", "were", "are", "have", "has", "had", "that",
                    "which", "who", "there", "as", "but",
                ];
                if w.chars().next().is_some_and(char::is_lowercase) && !stop.contains(&w.as_str()) {
                    unit = Some(w);
                }
            }
            // "the number of deaths 2948567"
            if unit.is_none() {
                let before = Span::new(sentence.start.min(q.span.start), q.span.start).slice(text);
                unit = number_of
                    .and_then(|r| r.captures(before))
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_string());
            }
            // "100 IMU members": a name the document uses, inside the unit
            // (the entities stage does not look for names inside quantities).
            let in_unit = named
                .iter()
                .find(|l| q.span.contains(l.span) && l.kind != EntityKind::Group)
                .map(|l| l.entity)
                .or_else(|| {
                    // Only as a modifier ("IMU members"); "70 Central Asians"
                    // counts Central Asians for whoever the sentence is about.
                    unit.as_deref()
                        .and_then(|u| {
                            let names = names_cache
                                .entry(di)
                                .or_insert_with(|| doc_names(di, corpus, by_field));
                            named_in(u, names)
                        })
                        .filter(|_| {
                            !named
                                .iter()
                                .any(|l| unit.as_deref() == Some(l.span.slice(text)))
                        })
                });
            let not_group = |l: &&&Located| l.kind != EntityKind::Group;
            let before = named.iter().filter(|l| l.span.end <= q.span.start);
            // After the quantity only within its clause ("91 states spoke at OEWG").
            let after = named.iter().filter(|l| {
                l.span.start >= q.span.end
                    && text
                        .get(q.span.end..l.span.start)
                        .is_some_and(|g| !g.contains([',', ';', '(', ')']))
            });
            // "It is one-fourth of...", "he was charged with ... 2.3 billion":
            // the subject named in the sentence before.
            let lead = Span::new(sentence.start.min(q.span.start), q.span.start).slice(text);
            let referred = || {
                let prev = sentence_before(&spans, sentence.start)?;
                pronoun_re()?.is_match(lead).then_some(())?;
                starting_in(ms, prev)
                    .iter()
                    .find(|l| {
                        is_named(l.kind) && l.kind != EntityKind::Group && prev.contains(l.span)
                    })
                    .map(|l| l.entity)
            };
            let entity = in_unit
                .or_else(|| before.clone().rev().find(not_group).map(|l| l.entity))
                .or_else(referred)
                .or_else(|| after.clone().find(not_group).map(|l| l.entity));
            // The entities stage may give one span to two entities.
            if !counted.insert((fi, q.span)) {
                continue;
            }
            out.push(Figure {
                doc: di,
                field: fi,
                sentence,
                quantity: q.span,
                quantity_entity: (q.kind == EntityKind::Quantity).then_some(q.entity),
                entity,
                qualifier,
                number,
                upper,
                unit,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(number_re().is_some() && missed_re().is_some() && pronoun_re().is_some());
    }

    #[test]
    fn quantities_read_into_parts() {
        let r = read("up to 700 people");
        assert_eq!(
            r,
            (
                Some("up to".into()),
                Some(700.0),
                None,
                Some("people".into())
            )
        );
        assert_eq!(read("136.609.182 cases").1, Some(136_609_182.0));
        assert_eq!(read("$1 billion").1, Some(1e9));
        assert_eq!(read("$1 billion").3.as_deref(), Some("USD"));
        assert_eq!(read("5.2%").3.as_deref(), Some("%"));
        assert_eq!(read("one-fourth").1, Some(0.25));
        let b = read("between 15 and 25 states");
        assert_eq!(
            (b.1, b.2, b.3.as_deref()),
            (Some(15.0), Some(25.0), Some("states"))
        );
    }
}
