//! Dates in the common written forms, each normalised to a day, month, year,
//! decade, century or range ("2021-03-12", "2020-11", "2015 (late)",
//! "1990s (mid)", "1999/2000").

use crate::span::Span;
use regex::{Captures, Regex};
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateHit {
    pub span: Span,
    pub value: String,
}

const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const WEEKDAY: &str = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?";
const YEAR: &str = r"((?:1[5-9]|20)[0-9][0-9])";
const DAY: &str = r"([0-3]?[0-9])(?:st|nd|rd|th)?";
const QUAL: &str = r"(?:(early|mid|late|end of|beginning of|the end of|the beginning of)[\s-])?";

type Norm = fn(&Captures) -> Option<String>;

struct Pats {
    /// Each pattern anchored to a whole match, with its normaliser, in priority order.
    list: Vec<(Regex, Norm)>,
    /// All patterns as one alternation: one pass over the text finds every date.
    all: Option<Regex>,
    named: Option<Regex>,
}

fn pats() -> &'static Pats {
    static P: OnceLock<Pats> = OnceLock::new();
    P.get_or_init(|| {
        let mut list: Vec<(Regex, Norm)> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut add = |p: String, f: Norm| {
            if let Ok(r) = Regex::new(&format!("^(?:{p})$")) {
                list.push((r, f));
                sources.push(format!("(?:{p})"));
            }
        };
        // February 3, 2021 / Friday March 12, 2021
        add(format!(r"(?-u:\b){WEEKDAY}{MONTH}\s+{DAY},?\s+{YEAR}(?-u:\b)"), |c| {
            day(cap(c, 3)?, month(cap(c, 1)?)?, cap(c, 2)?)
        });
        // 26th March 2021 / 23 June 2021 / 3rd of May, 2020
        add(format!(r"(?-u:\b){WEEKDAY}{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}(?-u:\b)"), |c| {
            day(cap(c, 3)?, month(cap(c, 2)?)?, cap(c, 1)?)
        });
        // 2021-03-12
        add(r"(?-u:\b)((?:19|20)[0-9][0-9])-([01][0-9])-([0-3][0-9])(?-u:\b)".to_string(), |c| {
            day(cap(c, 1)?, cap(c, 2)?.parse().ok()?, cap(c, 3)?)
        });
        // 12/03/2021 (day first, the international reading)
        add(r"(?-u:\b)([0-3]?[0-9])/([01]?[0-9])/((?:19|20)[0-9][0-9])(?-u:\b)".to_string(), |c| {
            day(cap(c, 3)?, cap(c, 2)?.parse().ok()?, cap(c, 1)?)
        });
        // late November 2020 / July, 2020
        add(format!(r"(?-u:\b){QUAL}{MONTH},?\s+{YEAR}(?-u:\b)"), |c| {
            let m = month(cap(c, 2)?)?;
            qualify(format!("{}-{:02}", cap(c, 3)?, m), c.get(1).map(|q| q.as_str()))
        });
        // summer of 2020
        add(format!(r"(?-u:\b)(?:(early|late|mid)[\s-])?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{YEAR}(?-u:\b)"), |c| {
            Some(format!("{} ({})", cap(c, 3)?, cap(c, 2)?.replace("fall", "autumn")))
        });
        // the 20th century / early 21st century
        add(r"(?-u:\b)(?:(early|mid|late)[\s-])?([0-9]{1,2})(?:st|nd|rd|th)\s+[Cc]entury(?-u:\b)".to_string(), |c| {
            let n = cap(c, 2)?;
            qualify(format!("{n}{} century", ordinal_suffix(n)), c.get(1).map(|q| q.as_str()))
        });
        // 1999-2000 / 2021–2025 / 1996-2001 / 2016-17
        add(format!(r"(?-u:\b){YEAR}\s?[-–—]\s?((?:1[5-9]|20)?[0-9][0-9])(?-u:\b)"), |c| {
            let a = cap(c, 1)?;
            let b = cap(c, 2)?;
            let b = if b.len() == 2 { format!("{}{}", a.get(..2)?, b) } else { b.to_string() };
            let (ai, bi): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            (bi > ai && bi - ai < 100).then(|| format!("{a}/{b}"))
        });
        // mid-1990s / early 2010s / late 90s (a bare "90s" needs a qualifier)
        add(r"(?-u:\b)(?:(early|mid|late)[\s-])?((?:1[5-9]|20)[0-9]0)'?s(?-u:\b)".to_string(), |c| {
            qualify(format!("{}s", cap(c, 2)?), c.get(1).map(|q| q.as_str()))
        });
        add(r"(?-u:\b)(early|mid|late)[\s-]'?([2-9]0)'?s(?-u:\b)".to_string(), |c| {
            qualify(format!("19{}s", cap(c, 2)?), c.get(1).map(|q| q.as_str()))
        });
        // late 2015 / mid-2019
        add(format!(r"(?-u:\b)(early|mid|late|end of|beginning of)[\s-]{YEAR}(?-u:\b)"), |c| {
            qualify(cap(c, 2)?.to_string(), Some(cap(c, 1)?))
        });
        // March 12 / 12 March (no year)
        add(format!(r"(?-u:\b){WEEKDAY}{MONTH}\s+{DAY}(?-u:\b)"), |c| {
            let d: u32 = cap(c, 2)?.parse().ok()?;
            let m = month(cap(c, 1)?)?;
            (1..=31).contains(&d).then(|| format!("--{m:02}-{d:02}"))
        });
        add(format!(r"(?-u:\b){WEEKDAY}{DAY}\s+(?:of\s+)?{MONTH}(?-u:\b)"), |c| {
            let d: u32 = cap(c, 1)?.parse().ok()?;
            let m = month(cap(c, 2)?)?;
            (1..=31).contains(&d).then(|| format!("--{m:02}-{d:02}"))
        });
        // in July / since March (a bare month needs a preposition: "May" is a verb too)
        add(format!(r"(?-u:\b)(?:(early|mid|late)[\s-])?{MONTH}(?-u:\b)"), |c| {
            qualify(format!("--{:02}", month(cap(c, 2)?)?), c.get(1).map(|q| q.as_str()))
        });
        // Holidays and weekdays on their own.
        add(r"(?-u:\b)((?:Christmas|Thanksgiving|New Year(?:’|')s|Independence|Boxing|Labou?r|Victory|Memorial) (?:Day|Eve)|Christmas|Thanksgiving|Ramadan|Eid al-Fitr|Eid al-Adha)(?-u:\b)".to_string(), |c| {
            Some(format!("holiday:{}", cap(c, 1)?.to_lowercase()))
        });
        add(r"(?-u:\b)((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?-u:\b)".to_string(), |c| {
            Some(format!("weekday:{}", cap(c, 1)?.to_lowercase()))
        });
        // a bare year
        add(format!(r"(?-u:\b){YEAR}(?-u:\b)"), |c| Some(cap(c, 1)?.to_string()));
        let named = Regex::new(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day|Christmas|Thanksgiving|Ramadan|Eid|[Cc]entury)")
            .ok();
        let all = Regex::new(&sources.join("|")).ok();
        Pats { list, all, named }
    })
}

fn cap<'a>(c: &Captures<'a>, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn month(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn day(y: &str, m: u32, d: &str) -> Option<String> {
    let d: u32 = d.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

fn qualify(v: String, q: Option<&str>) -> Option<String> {
    Some(match q {
        Some(q) => {
            let q = q.trim_start_matches("the ");
            let q = q.split(' ').next().unwrap_or(q);
            let q = if q == "beginning" {
                "early"
            } else if q == "end" {
                "late"
            } else {
                q
            };
            format!("{v} ({q})")
        }
        None => v,
    })
}

/// Count nouns after a number: "2015 fighters" is a quantity, not a year.
fn counted(after: &str) -> bool {
    let w: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    w.len() > 3
        && w.chars().next().is_some_and(char::is_lowercase)
        && w.ends_with('s')
        && !matches!(
            w.as_str(),
            "was" | "has" | "this" | "its" | "as" | "thus" | "plus" | "onwards" | "levels"
        )
        || matches!(w.as_str(), "people" | "km" | "per" | "percent")
}

/// All dates of `text`, longest first at each place, never overlapping.
pub fn find(text: &str) -> Vec<DateHit> {
    let mut hits: Vec<DateHit> = Vec::new();
    // Most patterns need a digit; the rest a month, weekday or holiday name.
    let digit = text.bytes().any(|b| b.is_ascii_digit());
    let named = pats().named.as_ref().is_none_or(|r| r.is_match(text));
    if !digit && !named {
        return hits;
    }
    let p = pats();
    let Some(all) = &p.all else { return hits };
    {
        for m in all.find_iter(text) {
            let Some((c, norm)) = p
                .list
                .iter()
                .find_map(|(re, norm)| re.captures(m.as_str()).map(|c| (c, norm)))
            else {
                continue;
            };
            let span = Span::new(m.start(), m.end());
            if hits.iter().any(|h| h.span.overlaps(span)) {
                continue;
            }
            let before = text.get(..m.start()).unwrap_or("");
            let after = text.get(m.end()..).unwrap_or("");
            let prev = before.chars().next_back().unwrap_or(' ');
            let next = after.chars().next().unwrap_or(' ');
            // Part of a larger number, an amount, a code ("COVID-19") or a reference.
            if prev.is_alphanumeric()
                || matches!(prev, '$' | '€' | '£' | '-' | '‑' | '/')
                || (matches!(prev, '.' | ',')
                    && before
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(|c| c.is_ascii_digit()))
                || matches!(next, '%')
                || (matches!(next, '.' | ',')
                    && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
                || (next.is_alphanumeric())
            {
                continue;
            }
            let text_m = m.as_str();
            if text_m.chars().all(|c| c.is_ascii_digit())
                && (counted(after) || before.ends_with("para. ") || before.ends_with("No. "))
            {
                continue;
            }
            let Some(value) = norm(&c) else { continue };
            // A month alone needs a preposition or qualifier ("May" is a verb too).
            if value.starts_with("--") && value.len() <= 4 + 2 && !value.contains('(') {
                let pw = super::quantities::word_before(before);
                if !matches!(
                    pw.as_str(),
                    "in" | "In"
                        | "since"
                        | "Since"
                        | "until"
                        | "till"
                        | "by"
                        | "from"
                        | "last"
                        | "next"
                        | "of"
                        | "during"
                        | "through"
                        | "By"
                        | "From"
                        | "Until"
                        | "During"
                ) {
                    continue;
                }
            }
            let mut span = span;
            // A trailing abbreviation dot of "Dec." is kept; a leading "the" never is.
            if let Some(stripped) = text_m.strip_prefix("the ") {
                span = Span::new(span.end - stripped.len(), span.end);
            }
            hits.push(DateHit { span, value });
        }
    }
    hits.sort_by_key(|h| h.span.start);
    hits
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_pattern_compiles() {
        assert_eq!(super::pats().list.len(), 17);
        assert!(super::pats().all.is_some());
    }
}

/// "1" is "1st", "2" "2nd", "3" "3rd", "11" "11th", "21" "21st".
fn ordinal_suffix(n: &str) -> &'static str {
    let v: u32 = n.parse().unwrap_or(0);
    match (v % 10, v % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod ordinal_tests {
    #[test]
    fn centuries_are_spelled_right() {
        for (n, s) in [
            ("1", "st"),
            ("2", "nd"),
            ("3", "rd"),
            ("4", "th"),
            ("11", "th"),
            ("12", "th"),
            ("20", "th"),
            ("21", "st"),
            ("22", "nd"),
        ] {
            assert_eq!(super::ordinal_suffix(n), s, "{n}");
        }
    }
}
