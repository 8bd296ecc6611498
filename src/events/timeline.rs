//! The timeline: every dated statement, sorted by date.
//!
//! Absolute dates come from the entities stage (Date entities with a
//! normalised value). Relative expressions ("a year later", "last year",
//! "the following month") and dates without a year ("May 1") are resolved
//! only when the text gives the anchor: the latest dated statement in the
//! same or previous paragraph for narrative references ("later", "that
//! year", "May 1"), or the document's own date (its dateline) for
//! references to the time of writing ("last year", "ago", "Monday").
//! Anything unresolved is kept, marked approximate, and sorted last.

use super::sentences::{sentence_at, sentences};
use super::{entities_in, mentions_by_field, FieldMentions, Located};
use crate::corpus::{Corpus, FieldKind};
use crate::entities::{EntityKind, EntitySet};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

/// A sortable date: year, month (0 when unknown), day (0 when unknown).
pub type SortKey = (i32, u8, u8);

/// The key of dates that could not be placed: after every real date.
pub const UNPLACED: SortKey = (i32::MAX, 0, 0);

/// One dated statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub doc: usize,
    pub field: usize,
    /// The sentence the date dates, in the field's text.
    pub sentence: Span,
    /// The date expression itself, in the field's text.
    pub date: Span,
    /// Normalised: "2021-03-12", "2020-11", "2015 (late)", "1990s (mid)",
    /// "1999/2000", "20th century", or for an unresolved relative date the
    /// expression as written ("last year", "--05-01" for "May 1").
    pub value: String,
    pub sort_key: SortKey,
    /// Relative or partial and not resolved from the text.
    pub approximate: bool,
    /// Given relative to another date ("a year later", "last year", "May 1").
    pub relative: bool,
    /// The Date entity, when the entities stage found the expression.
    pub entity: Option<usize>,
    /// Named entities of the sentence, in order, once each.
    pub entities: Vec<usize>,
}

fn relative_re() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,3})[\s-]+(day|week|month|year|decade)s?\s+(later|earlier|ago)|(?:the\s+)?(following|next|previous|preceding|same)\s+(day|week|month|year)|(later|earlier)\s+(?:that|this|the\s+same)\s+(day|week|month|year)|(last|this|next|that)\s+(year|month|week)|the\s+end\s+of\s+the\s+(?:year|month)|(yesterday|tomorrow))\b",
        )
        .ok()
    })
    .as_ref()
}

fn number_word(w: &str) -> Option<i64> {
    let w = w.to_lowercase();
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    if w == "a" || w == "an" {
        return Some(1);
    }
    if let Some(i) = words.iter().position(|x| *x == w) {
        return i64::try_from(i + 1).ok();
    }
    w.parse().ok()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// A point in time a relative date can count from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    y: i64,
    m: i64,
    d: i64,
}

impl Point {
    fn value(self) -> String {
        match (self.m, self.d) {
            (0, _) => format!("{}", self.y),
            (m, 0) => format!("{}-{m:02}", self.y),
            (m, d) => format!("{}-{m:02}-{d:02}", self.y),
        }
    }

    fn key(self) -> SortKey {
        (
            i32::try_from(self.y).unwrap_or(i32::MAX),
            u8::try_from(self.m).unwrap_or(0),
            u8::try_from(self.d).unwrap_or(0),
        )
    }

    /// Moved by `n` units; `None` when the point is too coarse for the unit.
    fn shift(self, unit: &str, n: i64) -> Option<Point> {
        match unit {
            "year" => Some(Point {
                y: self.y + n,
                m: 0,
                d: 0,
            }),
            "decade" => Some(Point {
                y: self.y + 10 * n,
                m: 0,
                d: 0,
            }),
            "month" if self.m > 0 => {
                let total = self.y * 12 + self.m - 1 + n;
                Some(Point {
                    y: total.div_euclid(12),
                    m: total.rem_euclid(12) + 1,
                    d: 0,
                })
            }
            "week" | "day" if self.d > 0 => {
                let days = if unit == "week" { 7 * n } else { n };
                let (y, m, d) = civil_from_days(days_from_civil(self.y, self.m, self.d) + days);
                Some(Point { y, m, d })
            }
            _ => None,
        }
    }
}

/// The point a normalised value names, when it is one ("2020", "2020-11",
/// "2009-08-27"); ranges, decades and qualified dates are not anchors.
fn point(value: &str) -> Option<Point> {
    let parts: Vec<&str> = value.split('-').collect();
    let num = |i: usize| -> Option<i64> {
        let s = parts.get(i)?;
        (s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty())
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.len() {
        1 if value.len() == 4 => Some(Point {
            y: num(0)?,
            m: 0,
            d: 0,
        }),
        2 => Some(Point {
            y: num(0)?,
            m: num(1)?,
            d: 0,
        }),
        3 => Some(Point {
            y: num(0)?,
            m: num(1)?,
            d: num(2)?,
        }),
        _ => None,
    }
}

/// The sort key of a normalised value, `None` when it has no year.
pub fn sort_key(value: &str) -> Option<SortKey> {
    let (base, qual) = match value.split_once(" (") {
        Some((b, q)) => (b, q.trim_end_matches(')')),
        None => (value, ""),
    };
    let base = base.split('/').next().unwrap_or(base);
    if base.starts_with('-') {
        return None;
    }
    let q_month: u8 = match qual {
        "early" => 1,
        "mid" => 6,
        "late" => 10,
        "spring" => 3,
        "summer" => 6,
        "autumn" => 9,
        "winter" => 12,
        _ => 0,
    };
    if let Some(p) = point(base) {
        let (y, m, d) = p.key();
        return Some(match (m, qual.is_empty()) {
            (0, _) => (y, q_month, 0),
            (m, false) => (y, m, q_month.saturating_mul(2).min(28)),
            (m, true) => (y, m, d),
        });
    }
    if let Some(dec) = base.strip_suffix('s') {
        let y: i32 = dec.parse().ok()?;
        let off = match qual {
            "mid" => 4,
            "late" => 7,
            _ => 0,
        };
        return Some((y + off, 0, 0));
    }
    let century = base
        .strip_suffix(" century")
        .map(|c| c.trim_end_matches(|ch: char| ch.is_alphabetic()));
    if let Some(c) = century {
        let n: i32 = c.parse().ok()?;
        let off = match qual {
            "mid" => 40,
            "late" => 70,
            _ => 0,
        };
        return Some(((n - 1) * 100 + off, 0, 0));
    }
    None
}

/// The document's own date: a full date in its dateline or byline, or in
/// a wire dateline opening the first paragraph ("KABUL, March 3, 2021 -").
fn document_date(
    corpus: &Corpus,
    set: &EntitySet,
    doc: usize,
    dates: &[(usize, Span, usize)],
) -> Option<Point> {
    let d = corpus.documents.get(doc)?;
    let first_body = d.fields.iter().position(|f| f.kind == FieldKind::Paragraph);
    dates.iter().find_map(|&(field, span, entity)| {
        let f = d.fields.get(field)?;
        let opening = Some(field) == first_body && span.start < 60 && {
            let head = f.text.get(..span.start).unwrap_or("");
            let word: String = head.chars().take_while(|c| c.is_alphabetic()).collect();
            word.chars().count() >= 3 && word.chars().all(char::is_uppercase)
        };
        if matches!(
            f.kind,
            FieldKind::Dateline | FieldKind::Date | FieldKind::Byline
        ) || opening
        {
            point(set.entities.get(entity)?.value.as_deref()?)
        } else {
            None
        }
    })
}

/// Every dated statement of the corpus, sorted by date (stable: equal dates
/// keep their order in the text); unresolved relative dates come last.
pub fn timeline(corpus: &Corpus, set: &EntitySet) -> Vec<Event> {
    let by_field = mentions_by_field(set);
    let mut events: Vec<Event> = Vec::new();
    for d in 0..corpus.documents.len() {
        timeline_of(corpus, set, &by_field, d, &mut events);
    }
    sort_timeline(&mut events);
    events
}

/// Sort events gathered document by document with [`timeline_of`].
pub(crate) fn sort_timeline(events: &mut [Event]) {
    events.sort_by_key(|e| e.sort_key);
}

/// The dated statements of document `di`, unsorted, added to `events`.
pub(crate) fn timeline_of(
    corpus: &Corpus,
    set: &EntitySet,
    by_field: &FieldMentions,
    di: usize,
    events: &mut Vec<Event>,
) {
    if let Some(doc) = corpus.documents.get(di) {
        // The date mentions of this document, in reading order.
        let mut dates: Vec<(usize, Span, usize)> = Vec::new();
        for (fi, f) in doc.fields.iter().enumerate() {
            if f.kind == FieldKind::Section {
                continue;
            }
            if let Some(ms) = by_field.get(&(di, fi)) {
                for l in ms.iter().filter(|l| l.kind == EntityKind::Date) {
                    dates.push((fi, l.span, l.entity));
                }
            }
        }
        let anchor = document_date(corpus, set, di, &dates);
        // Items: (field, span, Some(entity) | None for a relative expression).
        let mut items: Vec<(usize, Span, Option<usize>)> =
            dates.iter().map(|&(f, s, e)| (f, s, Some(e))).collect();
        if let Some(re) = relative_re() {
            // `dates` is in field order, then in order within a field: the
            // dates a match may overlap are found by binary search.
            let longest = dates.iter().map(|d| d.1.len()).max().unwrap_or(0);
            for (fi, f) in doc.fields.iter().enumerate() {
                if f.kind == FieldKind::Section {
                    continue;
                }
                let lo = dates.partition_point(|d| d.0 < fi);
                let hi = dates.partition_point(|d| d.0 <= fi);
                let here = dates.get(lo..hi.max(lo)).unwrap_or(&[]);
                for m in re.find_iter(&f.text) {
                    let span = Span::new(m.start(), m.end());
                    let from = here.partition_point(|d| d.1.start + longest < span.start);
                    let to = here.partition_point(|d| d.1.start < span.end.max(span.start + 1));
                    if !here
                        .get(from..to.max(from))
                        .unwrap_or(&[])
                        .iter()
                        .any(|&(_, ds, _)| ds.overlaps(span))
                    {
                        items.push((fi, span, None));
                    }
                }
            }
        }
        items.sort_by_key(|&(f, s, _)| (f, s.start));
        // Sentences per field, computed once.
        let mut cache: std::collections::HashMap<usize, Vec<Span>> = Default::default();
        // The latest point the text dated, and the field it was in.
        let mut last: Option<(usize, Point)> = None;
        // The (field, date span) of the events of this document so far.
        let mut dated: std::collections::HashSet<(usize, Span)> = Default::default();
        for (fi, span, entity) in items {
            let Some(field) = doc.fields.get(fi) else {
                continue;
            };
            let text = field.text.as_str();
            // Narrative anchors: a bare "May 1" needs a date in its own
            // paragraph; "a year later" may lean on the paragraph before.
            let near_field = last.filter(|(lf, _)| *lf == fi).map(|(_, p)| p);
            let near = last
                .filter(|(lf, _)| fi.saturating_sub(*lf) <= 1)
                .map(|(_, p)| p);
            let (value, key, approximate, relative, new_point) = match entity {
                Some(e) => {
                    let v = set
                        .entities
                        .get(e)
                        .and_then(|x| x.value.as_deref())
                        .map(ordinal)
                        .unwrap_or_else(|| span.slice(text).to_string());
                    resolve_entity_value(&v, near_field, anchor)
                }
                None => resolve_relative(span.slice(text), near, anchor),
            };
            // A deadline or target ("by 2030") dates nothing that follows.
            let target = text
                .get(..span.start)
                .is_some_and(|t| t.ends_with("by ") || t.ends_with("By ") || t.ends_with("until "));
            if let Some(p) = new_point.filter(|_| !target) {
                last = Some((fi, p));
            }
            let spans = cache.entry(fi).or_insert_with(|| sentences(text));
            let sentence = sentence_at(spans, span.start, text.len());
            let empty: Vec<Located> = Vec::new();
            let ms = by_field.get(&(di, fi)).unwrap_or(&empty);
            // The entities stage may give one span to two entities.
            if !dated.insert((fi, span)) {
                continue;
            }
            events.push(Event {
                doc: di,
                field: fi,
                sentence,
                date: span,
                value,
                sort_key: key,
                approximate,
                relative,
                entity,
                entities: entities_in(ms, sentence),
            });
        }
    }
}

/// "21th century" as "21st century" (the entities stage writes "th" always).
fn ordinal(v: &str) -> String {
    let Some((n, rest)) = v.split_once("th century") else {
        return v.to_string();
    };
    let teen = n.len() >= 2 && n.get(n.len() - 2..n.len() - 1) == Some("1");
    let suffix = match (teen, n.chars().last()) {
        (false, Some('1')) => "st",
        (false, Some('2')) => "nd",
        (false, Some('3')) => "rd",
        _ => "th",
    };
    format!("{n}{suffix} century{rest}")
}

type Resolved = (String, SortKey, bool, bool, Option<Point>);

fn weekday_of(p: Point) -> i64 {
    // 1970-01-01 was a Thursday; Monday = 0.
    (days_from_civil(p.y, p.m, p.d) + 3).rem_euclid(7)
}

/// A Date entity's value, completed from an anchor when it lacks a year.
fn resolve_entity_value(v: &str, near: Option<Point>, anchor: Option<Point>) -> Resolved {
    if let Some(key) = sort_key(v) {
        return (v.to_string(), key, false, false, point(v));
    }
    // "--05-01" (May 1) or "--07" (in July): the year of the nearby date,
    // else of the document.
    if let Some(rest) = v.strip_prefix("--") {
        let (md, qual) = rest.split_once(' ').unwrap_or((rest, ""));
        let month: i64 = md.get(..2).and_then(|m| m.parse().ok()).unwrap_or(0);
        // The year that puts the month nearest its anchor: "November 2020
        // ... in January" is 2021, "8 October 2024 ... since 27 September"
        // is 2024, "in November" written in March 2021 is 2020.
        let year = near.or(anchor).map(|p| {
            if p.m == 0 || month == 0 {
                return p.y;
            }
            let at = p.y * 12 + p.m;
            [p.y, p.y - 1, p.y + 1]
                .into_iter()
                .min_by_key(|y| (y * 12 + month - at).abs())
                .unwrap_or(p.y)
        });
        if let Some(y) = year {
            let full = format!("{y}-{md}");
            let pt = point(&full);
            let full = if qual.is_empty() {
                full
            } else {
                format!("{full} {qual}")
            };
            if let (Some(key), Some(pt)) = (sort_key(&full), pt) {
                return (full, key, false, true, Some(pt));
            }
        }
        return (v.to_string(), UNPLACED, true, true, None);
    }
    // "weekday:monday": the last such day on or before the document's date.
    if let (Some(day), Some(a)) = (v.strip_prefix("weekday:"), anchor.filter(|a| a.d > 0)) {
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        if let Some(w) = days.iter().position(|d| *d == day) {
            let back = (weekday_of(a) - i64::try_from(w).unwrap_or(0)).rem_euclid(7);
            if let Some(p) = a.shift("day", -back) {
                return (p.value(), p.key(), false, true, Some(p));
            }
        }
    }
    (v.to_string(), UNPLACED, true, true, None)
}

/// A relative expression, resolved from the nearby date or the document's.
fn resolve_relative(expr: &str, near: Option<Point>, anchor: Option<Point>) -> Resolved {
    let lower = expr.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let unit_of = |w: &str| w.trim_end_matches('s').to_string();
    let resolved = (|| -> Option<Point> {
        let first = *words.first()?;
        let last = *words.last()?;
        if lower.starts_with("the end of") {
            // "by the end of the year" speaks from the time of writing.
            return anchor?.shift(last, 0);
        }
        match last {
            "later" | "earlier" | "ago" => {
                let n = number_word(first)?;
                let unit = unit_of(words.get(1)?);
                let (from, sign) = match last {
                    "later" => (near?, 1),
                    "earlier" => (near?, -1),
                    _ => (anchor?, -1),
                };
                from.shift(&unit, sign * n)
            }
            "yesterday" => anchor?.shift("day", -1),
            "tomorrow" => anchor?.shift("day", 1),
            _ => {
                let unit = unit_of(last);
                let rel = words.iter().rev().nth(1).copied()?;
                let (from, n) = match rel {
                    "following" | "next" if first == "the" => (near?, 1),
                    "previous" | "preceding" => (near?, -1),
                    "same" | "that" => (near?, 0),
                    "last" => (anchor?, -1),
                    "this" => (
                        if first == "later" || first == "earlier" {
                            near.or(anchor)?
                        } else {
                            anchor?
                        },
                        0,
                    ),
                    "next" => (anchor?, 1),
                    _ => return None,
                };
                let n = if first == "later" || first == "earlier" {
                    0
                } else {
                    n
                };
                // "that year" / "the same month": the anchor's own period.
                let p = from.shift(&unit, n)?;
                Some(match unit.as_str() {
                    "year" => Point { m: 0, d: 0, ..p },
                    "month" => Point { d: 0, ..p },
                    _ => p,
                })
            }
        }
    })();
    match resolved {
        Some(p) if lower.starts_with("the end of") => {
            let v = format!("{} (late)", p.value());
            (
                v.clone(),
                sort_key(&v).unwrap_or(p.key()),
                false,
                true,
                Some(p),
            )
        }
        Some(p) => (p.value(), p.key(), false, true, Some(p)),
        None => (lower, UNPLACED, true, true, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(relative_re().is_some());
    }

    #[test]
    fn keys_order_fuzzy_dates_sensibly() {
        let k = |v: &str| sort_key(v).unwrap_or(UNPLACED);
        assert!(k("1990s (mid)") < k("1999/2000"));
        assert!(k("1990s (late)") > k("1990s (mid)"));
        assert!(k("2015 (late)") > k("2015-03"));
        assert!(k("2009-08-27") < k("2020-11"));
        assert!(k("20th century") < k("1994"));
        assert!(k("21st century (early)") > k("1999/2000"));
        assert_eq!(ordinal("21th century (early)"), "21st century (early)");
        assert_eq!(ordinal("11th century"), "11th century");
        assert_eq!(sort_key("--05-01"), None);
    }

    #[test]
    fn relative_dates_need_an_anchor() {
        let p = Some(Point {
            y: 2018,
            m: 3,
            d: 3,
        });
        assert_eq!(resolve_relative("a year later", p, None).0, "2019");
        assert_eq!(resolve_relative("two weeks later", p, None).0, "2018-03-17");
        assert_eq!(
            resolve_relative("the following month", p, None).0,
            "2018-04"
        );
        let (v, k, approx, ..) = resolve_relative("last year", None, None);
        assert_eq!((v.as_str(), k, approx), ("last year", UNPLACED, true));
        assert_eq!(resolve_relative("last year", None, p).0, "2017");
        assert_eq!(resolve_entity_value("--05-01", None, None).1, UNPLACED);
        assert_eq!(resolve_entity_value("--05-01", p, None).0, "2018-05-01");
        let nov = Some(Point {
            y: 2020,
            m: 11,
            d: 0,
        });
        assert_eq!(resolve_entity_value("--01", nov, None).0, "2021-01");
        assert_eq!(resolve_entity_value("--11", None, p).0, "2017-11");
        assert_eq!(resolve_entity_value("--02", p, None).0, "2018-02");
        assert_eq!(resolve_entity_value("--04", None, p).0, "2018-04");
        assert_eq!(
            resolve_entity_value("--03 (late)", None, p).0,
            "2018-03 (late)"
        );
        assert_eq!(
            resolve_relative("the end of the year", None, p).0,
            "2018 (late)"
        );
        // 2018-03-03 was a Saturday; the Monday before is the 26th of February.
        assert_eq!(
            resolve_entity_value("weekday:monday", None, p).0,
            "2018-02-26"
        );
    }
}
