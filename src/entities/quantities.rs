//! Quantities: counts of things, amounts of money, percentages, measures and
//! fractions, with their qualifier ("up to 700 people", "$1 billion",
//! "5.2%", "one-fourth"). Durations ("two years") are not quantities.

use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

const QUAL: &str = r"(?:(?-u:\b)(?:up to|approximately|about|around|roughly|nearly|almost|more than|less than|fewer than|over|under|at least|at most|some|an estimated|close to|upwards of|as many as|as few as|just over|just under|well over|in excess of)\s+)?";
const NUM: &str = r"(?:[0-9]{1,3}(?:[.,][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";
const SCALE: &str = r"(?:\s?(?:million|billion|trillion|thousand|bn|mn|tn|m|k)(?-u:\b))?";
const WORDNUM: &str = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|thousands|tens of thousands|dozens|a dozen|several hundred|several thousand)";
const NOUN: &str =
    r"(?:\s(?:[A-Z]{2,}\s|[A-Z][a-z]+\s)?(?:[a-z][a-z-]{2,}\s){0,2}[a-z][a-z-]{2,})?";

/// All patterns as one alternation, in priority order: one pass finds every quantity.
fn pats() -> &'static Option<Regex> {
    static P: OnceLock<Option<Regex>> = OnceLock::new();
    P.get_or_init(|| {
        let list: Vec<String> = [
            format!(r"{QUAL}(?:US\$|A\$|R\$|\$|€|£|¥|₹|₦)\s?{NUM}{SCALE}"),
            format!(r"{QUAL}{NUM}{SCALE}\s?(?:dollars|euros|pounds|yuan|rupees|naira|pesos|reais|shillings|rand|cedis|ringgit|baht|USD|EUR)(?-u:\b)"),
            format!(r"{QUAL}{NUM}\s?(?:%|percent(?-u:\b)|per cent(?-u:\b)|percentage points(?-u:\b))"),
            format!(r"{QUAL}{NUM}{SCALE}[\s-]?(?:km|kilometres|kilometers|miles|metres|meters|kg|tonnes|tons|barrels|bpd|MW|GW|GWh|TWh|kWh|hectares|acres|square kilometres|sq km|nautical miles|cubic metres|bcm|mcm|litres|liters|doses|kilos|kilograms|grams|tons|feet|inches|degrees)(?-u:\b)"),
            format!(r"(?-u:\b)between\s+{NUM}\s+and\s+{NUM}{SCALE}{NOUN}"),
            format!(r"{QUAL}{NUM}{SCALE}{NOUN}"),
            format!(r"(?-u:\b)(?:up to|approximately|about|around|roughly|nearly|almost|more than|over|at least|some|an estimated)\s+{WORDNUM}(?:\s(?:hundred|thousand|million|billion))?{NOUN}"),
            format!(r"(?-u:\b){WORDNUM}\s(?:million|billion|thousand)\s[a-z]{{3,}}"),
            format!(r"(?-u:\b){WORDNUM}\s(?:percentage points|per cent|percent|km|kilometres|kilometers|miles|nautical miles|tonnes|tons|metres|meters|hectares|degrees)(?-u:\b)"),
            r"(?-u:\b)(?:(?:almost|nearly|roughly|about|more than|less than|over|under|just over|just under)\s+(?:a\s)?half|(?:one|two|three|four|a)[\s-](?:half|third|thirds|quarter|quarters|fourth|fourths|fifth|fifths|tenth|tenths))(?-u:\b)".to_string(),
        ]
        .iter()
        .filter(|p| Regex::new(p).is_ok())
        .map(|p| format!("(?:{p})"))
        .collect();
        (list.len() == 10).then(|| Regex::new(&list.join("|")).ok()).flatten()
    })
}

/// Words that may follow a number without being what it counts.
const NOT_COUNTED: &[&str] = &[
    "and",
    "the",
    "for",
    "with",
    "from",
    "that",
    "was",
    "were",
    "are",
    "has",
    "had",
    "have",
    "into",
    "per",
    "between",
    "after",
    "before",
    "since",
    "when",
    "which",
    "who",
    "its",
    "his",
    "her",
    "their",
    "this",
    "than",
    "out",
    "all",
    "but",
    "not",
    "nor",
    "yet",
    "also",
    "then",
    "there",
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "weeks",
    "week",
    "hours",
    "hour",
    "minutes",
    "minute",
    "seconds",
    "decades",
    "centuries",
    "times",
    "o'clock",
    "onwards",
    "report",
    "reports",
    "edition",
    "session",
    "version",
    "pages",
    "page",
    "para",
    "paragraph",
    "ago",
    "old",
    "still",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "did",
    "does",
    "is",
    "be",
    "been",
    "being",
    "while",
    "where",
    "because",
    "until",
    "over",
    "under",
    "more",
];

/// All quantities of `text`; `taken` spans (dates) are left alone.
pub fn find(text: &str, taken: &[Span]) -> Vec<Span> {
    let mut hits: Vec<Span> = Vec::new();
    let Some(re) = pats() else { return hits };
    let taken_set: crate::span::SpanSet = taken.iter().copied().collect();
    let mut hit_set = crate::span::SpanSet::new();
    {
        for m in re.find_iter(text) {
            let mut start = m.start();
            let mut end = m.end();
            let s = m.as_str();
            let after_m = text.get(end..).unwrap_or("");
            // "a third country" is an ordinal; "by a third" a fraction.
            if s.starts_with("a ") || s.starts_with("a-") {
                let nw: String = after_m
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                if after_m.starts_with(' ')
                    && nw.chars().next().is_some_and(char::is_lowercase)
                    && nw != "of"
                {
                    continue;
                }
            }
            // Counted words: the last must be plural or a collective ("polling
            // stations", "people"); otherwise drop them.
            let s = {
                let words: Vec<&str> = s.split(' ').collect();
                let is_counted = |w: &str| {
                    w.ends_with('s')
                        || matches!(
                            w,
                            "people"
                                | "staff"
                                | "personnel"
                                | "police"
                                | "children"
                                | "men"
                                | "women"
                                | "cattle"
                                | "livestock"
                                | "troops"
                                | "kilos"
                                | "tonnes"
                        )
                };
                let n = words.len();
                let last = words.last().copied().unwrap_or("");
                let lowerword =
                    |w: &str| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-');
                let fraction = ["half", "third", "quarter", "fourth", "fifth", "tenth"]
                    .iter()
                    .any(|f| s.contains(f));
                if n >= 2
                    && !fraction
                    && lowerword(last)
                    && !is_counted(last)
                    && !s.contains(['%', '$', '€', '£'])
                    && !is_unit_or_scale(last)
                {
                    // Drop trailing non-counted lower-case words.
                    let mut k = n;
                    while k > 1
                        && words.get(k - 1).is_some_and(|w| {
                            lowerword(w)
                                && !is_counted(w)
                                && !is_unit_or_scale(w)
                                && !is_qualifier(w)
                        })
                    {
                        k -= 1;
                    }
                    let kept = words.get(..k).map(|w| w.join(" ")).unwrap_or_default();
                    end = start + kept.len();
                    text.get(start..end).unwrap_or("")
                } else {
                    s
                }
            };
            // Cut a counted word that is no count noun ("100 years", "85 and").
            if let Some(last_space) = s.rfind(' ') {
                let last = s.get(last_space + 1..).unwrap_or("");
                if last.chars().all(|c| c.is_lowercase() || c == '-')
                    && !last.is_empty()
                    && (NOT_COUNTED.contains(&last) || is_time_unit(last))
                {
                    if is_time_unit(last) {
                        continue; // a duration
                    }
                    end = start + last_space;
                    let trimmed = text.get(start..end).unwrap_or("");
                    let t2 = trimmed.trim_end_matches(|c: char| c.is_uppercase() || c == ' ');
                    if t2.len() < trimmed.len() && t2.ends_with(|c: char| c.is_ascii_digit()) {
                        end = start + t2.len();
                    }
                }
            }
            let before = text.get(..start).unwrap_or("");
            let prev = before.chars().next_back().unwrap_or(' ');
            if prev.is_alphanumeric() || matches!(prev, '-' | '‑' | '.' | ',' | '/') {
                continue;
            }
            if before.ends_with("para. ") || before.ends_with("No. ") || before.ends_with("no. ") {
                continue;
            }
            let pw = word_before(before);
            if matches!(
                pw.as_str(),
                "level"
                    | "phase"
                    | "grade"
                    | "category"
                    | "article"
                    | "Article"
                    | "section"
                    | "chapter"
                    | "page"
                    | "paragraph"
                    | "Level"
                    | "Phase"
                    | "Category"
                    | "Section"
                    | "Chapter"
                    | "Resolution"
                    | "resolution"
                    | "room"
                    | "Room"
                    | "number"
            ) {
                continue;
            }
            // "Covid 19", "Shaheen 1A", "Windows 10": a number that belongs to a name.
            if prev == ' ' && s.starts_with(|c: char| c.is_ascii_digit()) {
                let pw: String = before
                    .trim_end()
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                if pw.chars().last().is_some_and(char::is_uppercase) {
                    continue;
                }
            }
            let after = text.get(end..).unwrap_or("");
            let next = after.chars().next().unwrap_or(' ');
            if next.is_alphanumeric() || next == ')' && !after.starts_with(")%") && s.len() < 3 {
                continue;
            }
            let body = text.get(start..end).unwrap_or("");
            if body.rsplit(' ').next().is_some_and(is_time_unit) && body.contains(' ') {
                continue; // a duration or a multiplier
            }
            let digits = body.chars().filter(char::is_ascii_digit).count();
            let has_word = body.chars().any(|c| c.is_alphabetic());
            let has_sym = body.contains(['$', '€', '£', '¥', '₹', '₦', '%']);
            // A bare small number ("in 85", "1)") says nothing measurable,
            // unless it counts part of a whole ("227 of the 252 people").
            let partitive = text
                .get(end..)
                .is_some_and(|a| a.starts_with(" of the ") || a.starts_with(" of them"));
            if !has_word && !has_sym && digits < 5 && !partitive {
                continue;
            }
            while text
                .get(start..end)
                .is_some_and(|t| t.ends_with([' ', '.', ',']))
            {
                end -= 1;
            }
            while text.get(start..end).is_some_and(|t| t.starts_with(' ')) {
                start += 1;
            }
            let span = Span::new(start, end);
            if span.is_empty() || text.get(start..end).is_none() {
                continue;
            }
            if taken_set.overlaps(span) || hit_set.overlaps(span) {
                continue;
            }
            hits.push(span);
            hit_set.insert(span);
        }
    }
    hits.sort();
    hits
}

fn is_unit_or_scale(w: &str) -> bool {
    matches!(
        w,
        "million"
            | "billion"
            | "trillion"
            | "thousand"
            | "hundred"
            | "percent"
            | "km"
            | "bn"
            | "mn"
    )
}

fn is_qualifier(w: &str) -> bool {
    matches!(
        w,
        "up" | "to"
            | "approximately"
            | "about"
            | "around"
            | "roughly"
            | "nearly"
            | "almost"
            | "more"
            | "than"
            | "less"
            | "fewer"
            | "over"
            | "under"
            | "at"
            | "least"
            | "most"
            | "some"
            | "an"
            | "estimated"
            | "a"
    )
}

fn is_time_unit(w: &str) -> bool {
    matches!(
        w,
        "times"
            | "years"
            | "year"
            | "months"
            | "month"
            | "days"
            | "day"
            | "weeks"
            | "week"
            | "hours"
            | "hour"
            | "minutes"
            | "minute"
            | "seconds"
            | "decades"
            | "centuries"
            | "ago"
            | "old"
    )
}

/// The alphabetic word that ends `before` (after trailing spaces).
pub(crate) fn word_before(before: &str) -> String {
    let t = before.trim_end();
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(t.len(), |(i, _)| i);
    t[start..].to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_pattern_compiles() {
        assert!(super::pats().is_some());
    }
}
