//! Shape tests on repaired text: what a short line is (chrome, byline,
//! date, teaser header, attribution, caption), judged by its form. Word
//! lists here only support the shape and position rules in `segment`.

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A compiled regex, built once; `None` only if a pattern is broken (a test
/// compiles them all), so a bad pattern degrades a heuristic, never panics.
pub(crate) fn lazy(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        fn $name() -> Option<&'static Regex> {
            static RE: OnceLock<Option<Regex>> = OnceLock::new();
            lazy(&RE, $pat)
        }
    };
}

const MONTH: &str = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
const AGE: &str = r"(?:\d{1,3}\s*|(?:an?|one)\s+)(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago";

const DATE_PAT: &str = concat!(
    r"(?i)^(?:(?:published|updated|posted|last updated|date)\s*(?:on|:)?\s*)?",
    // Weekdays whole or cut short, not any word that starts like one ("Sunrise").
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?",
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+MONTH,?\s+\d{4}|MONTH\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|MONTH\s+\d{4}",
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|AGE|\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?)",
    r"(?:,?\s*(?:at\s*|[|·•-]\s*)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*\(?[A-Z]{2,4}\)?)?)?$",
);

fn date_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    static PAT: OnceLock<String> = OnceLock::new();
    let pat = PAT.get_or_init(|| DATE_PAT.replace("MONTH", MONTH).replace("AGE", AGE));
    lazy(&RE, pat)
}

fn teaser_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    static PAT: OnceLock<String> = OnceLock::new();
    let pat = PAT.get_or_init(|| format!(r"(?i)^(.*?)\s*({AGE})$"));
    lazy(&RE, pat)
}

re!(
    byline_re,
    r"(?i)^(?:by|written by|words by|reported by|text by|story by|authors?\s*:|author\(s\)\s*:|posted by|(?:published|posted|updated)\b[^|]{0,60}?\bby)\s*:?\s*"
);
re!(
    attribution_re,
    concat!(
        r"(?i)^(?:from our partner|originally published|first published|republished|reprinted|",
        r"this (?:article|piece|post|story|commentary|op-ed|essay|analysis) (?:was |is |has been |first )*",
        r"(?:originally )?(?:published|appeared|posted|republished|reprinted|distributed|adapted)|",
        r"source\s*:|courtesy of|distributed by|©|\(c\)\s*\d{4}|copyright\b|all rights reserved)"
    )
);
re!(
    caption_prefix_re,
    r"(?i)^(?:image|photo|picture|photograph|credit|illustration|file photo|pictured|graphic|video|photo illustration)\s*(?:source|credit|courtesy)?\s*(?::|by\b|credit\b|courtesy\b)|\((?:[^()]*(?:photo|image|credit|reuters|afp|getty|/ap\b|ap photo)[^()]*)\)$|\b[A-Z][\w.]*/(?:[A-Z][\w.]*|AP|AFP)\b"
);
re!(
    chrome_pattern_re,
    r"(?i)^(?:\d+\s+comments?|\d+\s+min(?:ute)?s?\s+read|[\d.,]+k?\s+(?:shares?|views?|likes?|reads?)|follow\b.{0,40}|click to \w+.*|your email address will not be published.*|required fields are marked.*|sign up\b.{0,40}|subscribe to\b.{0,40}|(?:https?://|www\.)\S+|(?:share|tweet|pin|email|print)(?:\s+(?:on|via|this)\s+\S+)?|(?:tag(?:ged)?|tags|category|categories|filed under|topics?)\s*:.*|posts? tagged .*|page \d+ of \d+|(?:prev|previous|next)(?:\s+(?:article|post|story|page))?)$"
);
re!(
    dateline_re,
    concat!(
        // "LONDON (TCA) —", "KABUL, Afghanistan —", or "(FPRI) —",
        // "Moscow, 3 April (TASS) –": a capitalised place, an agency in
        // parentheses, or both, then a dash.
        r"^((?:[A-Z][A-Z'’.\-]{2,}(?:\s+[A-Z][A-Z'’.\-]+)*(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Za-z0-9.]+){0,2})?\s*)?(?:\([A-Z][A-Za-z0-9 .&/’'\-]{0,30}\))?",
        r"|(?:[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,2},?\s*(?:[\w.]+\s*){0,3})?\([A-Z][A-Za-z0-9 .&/’'\-]{0,30}\))",
        // A bare hyphen only with spaces round it: "COVID-19 vaccine" is a
        // word, not a dateline.
        r"(?:\s*(?:—|–|--)\s*|\s+-\s+)\S"
    )
);

fn place_date_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    static PAT: OnceLock<String> = OnceLock::new();
    let pat = PAT.get_or_init(|| {
        let month = format!("(?i:{MONTH})");
        format!(
            concat!(
                r"^([A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){{0,3}})",
                r"(,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){{0,2}})?(,)?\s+",
                r"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{m}(?:,?\s+\d{{4}})?|{m}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)$"
            ),
            m = month
        )
    });
    lazy(&RE, pat)
}

/// A wire dateline on a line of its own: a place, then a date
/// ("LISBON 1996-12-05", "HELSINKI, 9 November 2021", "New York, 18 July
/// 2023"). The place is in capitals or set off by a comma.
pub(crate) fn place_date(s: &str) -> bool {
    let Some(c) = place_date_re().and_then(|r| r.captures(s.trim())) else {
        return false;
    };
    let place = c.get(1).map_or("", |m| m.as_str());
    let first = place.split_whitespace().next().unwrap_or("");
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !first.chars().any(char::is_lowercase);
    let comma = c.get(2).is_some() || c.get(3).is_some();
    (caps || comma) && !is_meta_word(first)
}

/// Site notices that are chrome whatever their length: cookie consent,
/// language switchers ("en-GB1 ru-RU1").
pub(crate) fn is_notice(s: &str) -> bool {
    let n = s.to_lowercase();
    let cookie = n.contains("cookie")
        && [
            "we use",
            "this site uses",
            "this website uses",
            "accept",
            "consent",
            "by continuing",
            "manage",
            "settings",
            "reject",
        ]
        .iter()
        .any(|w| n.contains(w))
        && words(s) <= 60;
    let langs = {
        let toks: Vec<&str> = s.split_whitespace().collect();
        toks.len() >= 2
            && toks.iter().all(|t| {
                let t = t.trim_end_matches(|c: char| c.is_ascii_digit());
                let (a, b) = t.split_once(['-', '_']).unwrap_or((t, ""));
                a.len() == 2
                    && a.chars().all(|c| c.is_ascii_lowercase())
                    && (b.is_empty() || b.len() == 2 && b.chars().all(|c| c.is_ascii_uppercase()))
            })
            && toks
                .iter()
                .any(|t| t.contains(['-', '_']) || t.ends_with(|c: char| c.is_ascii_digit()))
    };
    cookie || langs
}

/// Chrome a reader never wants: not a date, which is the article's
/// (a line of chrome shape that holds a figure is content).
pub(crate) fn is_real_chrome(s: &str, c: Option<Chrome>) -> bool {
    match c {
        None => false,
        Some(Chrome::Meta) => !s.chars().any(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Where a short chrome line sits in a page's grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chrome {
    /// Closes an article ("Continue Reading", "Comments", "Share").
    End,
    /// Describes an article next to its title ("Published", "on", a date).
    Meta,
    /// Belongs to the site, anywhere ("Connect with us", "Trending").
    Page,
}

const END: &[&str] = &[
    "continue reading",
    "read more",
    "read full article",
    "read the full article",
    "read full story",
    "read the rest",
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "add comment",
    "show comments",
    "view comments",
    "join the discussion",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "related content",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "more stories",
    "more from",
    "more in",
    "more on this",
    "also read",
    "read also",
    "see also",
    "read next",
    "up next",
    "back to top",
    "load more",
    "like this",
    "tags",
];
const META: &[&str] = &[
    "yesterday",
    "today",
    "just now",
    "published",
    "on",
    "by",
    "updated",
    "posted",
    "posted on",
    "published on",
    "last updated",
    "min read",
    "and",
];
const PAGE: &[&str] = &[
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "tumblr",
    "pocket",
    "email",
    "print",
    "copy link",
    "share on x",
    "listen",
    "listen to this article",
    "image",
    "photo",
    "video",
    "story continues below",
    "article continues below",
    "scroll to continue",
    "scroll to continue with content",
    "opens in new window",
    "like loading",
    "(opens in new window)",
    "connect with us",
    "follow us",
    "publications",
    "latest",
    "latest news",
    "latest posts",
    "latest articles",
    "trending",
    "trending now",
    "popular",
    "most popular",
    "most read",
    "editor's picks",
    "editors' picks",
    "menu",
    "search",
    "home",
    "skip to content",
    "skip to main content",
    "subscribe",
    "newsletter",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "advertisement",
    "advertisements",
    "sponsored",
    "sponsored content",
    "close",
    "toggle navigation",
    "about us",
    "contact",
    "contact us",
    "privacy policy",
    "terms of use",
    "terms of service",
    "follow",
    "like",
    "archives",
    "loading",
    "loading...",
    "top stories",
    "more",
    "x",
    "reply",
    "place an ad",
    "proudly powered by wordpress",
    "powered by wordpress",
    "accept",
    "accept all",
    "reject all",
];

/// Lowercase, with surrounding punctuation and space trimmed.
pub(crate) fn norm(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '|' | '.' | '»' | '›' | '>' | '•' | '-' | '…')
    })
    .to_lowercase()
}

/// Words in `s`, counted up to 41: every caller compares with a threshold
/// of 40 or less, and a long paragraph is asked many times.
pub(crate) fn words(s: &str) -> usize {
    s.split_whitespace().take(41).count()
}

pub(crate) fn chrome(s: &str) -> Option<Chrome> {
    if words(s) > 14 {
        return None;
    }
    // "April 12, 2021 · 6 min read": chrome when every part is.
    for sep in [" · ", " | ", " • ", " / "] {
        if s.contains(sep) {
            let parts: Vec<Option<Chrome>> = s.split(sep).map(|p| chrome_one(p.trim())).collect();
            if parts.iter().all(Option::is_some) {
                return parts
                    .into_iter()
                    .flatten()
                    .min_by_key(|c| *c != Chrome::Meta);
            }
        }
    }
    chrome_one(s)
}

fn chrome_one(s: &str) -> Option<Chrome> {
    let n = norm(s);
    // "Home » World » Europe": a breadcrumb trail.
    if ["»", "›", " > ", " / ", " | "]
        .iter()
        .any(|sep| s.matches(sep).count() >= 2)
        || ["home »", "home ›", "home >", "home /"]
            .iter()
            .any(|p| n.starts_with(p))
    {
        return Some(Chrome::Page);
    }
    // Multi-word chrome phrases also lead longer lines ("Leave a Reply
    // Cancel reply", "Share this article on Facebook").
    let led = |list: &[&str]| {
        list.iter().any(|p| {
            p.contains(' ') && n.starts_with(p) && n.get(p.len()..p.len() + 1) == Some(" ")
        })
    };
    if END.contains(&n.as_str()) || words(s) <= 6 && led(END) {
        return Some(Chrome::End);
    }
    if META.contains(&n.as_str()) || is_date(s) {
        return Some(Chrome::Meta);
    }
    if PAGE.contains(&n.as_str()) || words(s) <= 6 && led(PAGE) {
        return Some(Chrome::Page);
    }
    // "Published 2 hours ago on April 3, 2021": metadata whatever follows.
    if words(s) <= 14
        && [
            "published",
            "updated",
            "posted",
            "issued",
            "last updated",
            "last modified",
        ]
        .iter()
        .any(|p| {
            n.starts_with(p)
                && n.get(p.len()..p.len() + 1)
                    .is_none_or(|c| c == " " || c == ":")
        })
    {
        return Some(Chrome::Meta);
    }
    if chrome_pattern_re().is_some_and(|r| r.is_match(&n)) {
        return Some(if n.contains("read") {
            Chrome::Meta
        } else {
            Chrome::End
        });
    }
    None
}

/// A line that is only a date or time ("March 12, 2021", "Updated 3 hours ago").
pub(crate) fn is_date(s: &str) -> bool {
    words(s) <= 10 && date_re().is_some_and(|r| r.is_match(s.trim()))
}

/// Words that make "X 2 hours ago" a date line, not a teaser header.
pub(crate) fn is_meta_word(s: &str) -> bool {
    let n = norm(s);
    n.is_empty() || META.contains(&n.as_str()) || chrome(s).is_some()
}

/// "Russia1 hour ago" -> (section range, age range).
pub(crate) fn teaser_header(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    if words(s) > 8 {
        return None;
    }
    let c = teaser_re()?.captures(s)?;
    let sec = c.get(1)?;
    let age = c.get(2)?;
    // "a day ago" glued to a section is ambiguous ("Russiaa day ago").
    let worded = !age.as_str().starts_with(|c: char| c.is_ascii_digit());
    let spaced = s
        .get(..age.start())
        .is_some_and(|b| b.is_empty() || b.ends_with(char::is_whitespace));
    if worded && !spaced {
        return None;
    }
    // "Russia | 1 hour ago": the separator is not part of the section.
    let section = sec
        .as_str()
        .trim_end_matches([' ', '|', '·', '•', '-', '–', '—', '/', '\u{a0}']);
    if words(section) > 5 || section.ends_with(['.', ',', ';', ':', '!', '?']) {
        return None;
    }
    Some((sec.start()..sec.start() + section.len(), age.range()))
}

/// "By Jane Doe", "Authors: A and B" -> the range of the names.
pub(crate) fn byline(s: &str) -> Option<Range<usize>> {
    let m = byline_re()?.find(s)?;
    let rest = s.get(m.end()..)?;
    // Cut trailing metadata: "By X | March 3", "By X - Reuters", "By X, published ...".
    let mut end = rest.len();
    for sep in [
        " | ",
        " • ",
        " · ",
        " — ",
        " – ",
        " - ",
        ", published",
        ", updated",
        " on ",
    ] {
        if let Some(i) = rest.find(sep) {
            end = end.min(i);
        }
    }
    // "By Sarah Kim, legal correspondent": a role after the name stays in
    // the byline, but only the name must be capitalised.
    let mut checked = end;
    if let Some(i) = rest.find(", ") {
        if rest
            .get(i + 2..end)
            .is_some_and(|r| r.starts_with(char::is_lowercase))
        {
            checked = i;
        }
    }
    let whole = rest.get(..end)?.trim_end_matches([',', '.', ';', ' ']);
    let name = rest.get(..checked)?.trim_end_matches([',', '.', ';', ' ']);
    let n = words(name);
    if n == 0 || n > 14 {
        return None;
    }
    // Names are capitalised words joined by a few small words.
    let ok = name.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '"' | '“' | '”'));
        w.is_empty()
            || w.chars().next().is_some_and(|c| c.is_uppercase())
            || matches!(
                w,
                "and"
                    | "&"
                    | "de"
                    | "van"
                    | "von"
                    | "der"
                    | "den"
                    | "la"
                    | "le"
                    | "al"
                    | "bin"
                    | "y"
                    | "da"
                    | "di"
                    | "du"
                    | "del"
                    | "dos"
                    | "el"
                    | "ibn"
                    | "et"
                    | "al."
            )
    });
    if !ok || words(whole) > 14 {
        return None;
    }
    Some(m.end()..m.end() + whole.len())
}

pub(crate) fn is_attribution(s: &str) -> bool {
    words(s) <= 40 && attribution_re().is_some_and(|r| r.is_match(s))
}

/// Looks like a photo caption or credit by its form.
pub(crate) fn captionish(s: &str) -> bool {
    caption_prefix_re().is_some_and(|r| r.is_match(s))
}

/// Short lowercase text with no capital or digit: alt text and credit junk
/// ("people art"), a stray "on".
pub(crate) fn is_junk(s: &str) -> bool {
    words(s) <= 4
        // Scripts without case (Arabic, Chinese, Telugu...) are not "lowercase".
        && s.chars().any(char::is_lowercase)
        && !s.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
        && !s.ends_with(['.', '?', '!'])
}

fn trim_closers(s: &str) -> &str {
    s.trim_end_matches(['”', '’', '"', '\'', ')', ']', '»', '*'])
}

/// Ends like a sentence.
pub(crate) fn ends_sentence(s: &str) -> bool {
    trim_closers(s).ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Running prose, as opposed to a title, heading, caption or chrome line.
pub(crate) fn is_prose(s: &str) -> bool {
    let n = words(s);
    // A short question or exclamation is more often a subheading.
    let end = trim_closers(s).chars().last();
    let needs = if matches!(end, Some('?' | '!')) {
        12
    } else {
        4
    };
    // A headline in capitals ("SOCCER - JAPANESE RESULTS.") is no sentence.
    let shouting = !s.chars().any(char::is_lowercase) && s.chars().any(char::is_uppercase);
    n >= 25 || n >= needs && ends_sentence(s) && !shouting
}

/// Could be a section label: a few capitalised words, no sentence end.
pub(crate) fn label_like(s: &str) -> bool {
    words(s) <= 4
        && s.chars().nth(40).is_none()
        && !ends_sentence(s)
        && s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Could be a lead caption under a title: a credit, or a description
/// rather than a short capitalised label (a source or site name).
pub(crate) fn lead_caption_like(s: &str) -> bool {
    captionish(s)
        || !label_like(s)
        || s.split_whitespace()
            .skip(1)
            .any(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// Headline capitalisation: most longer words start with a capital.
pub(crate) fn title_case(s: &str) -> bool {
    let long: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    let caps = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !long.is_empty() && caps * 4 >= long.len() * 3
}

/// A caption rather than a heading, for a short line inside a body: a
/// credit, a comma appositive ("X, the emir of Y"), or a long description.
/// Headings are short title-like phrases.
pub(crate) fn caption_not_heading(s: &str) -> bool {
    let n = words(s);
    captionish(s) || (n >= 6 && s.contains(", ")) || n >= 10
}

/// "Label: text": a speaker's turn ("Q:", "HOST:", "Mr Eustice:") or a
/// label and its value ("Distance: 4 miles"). The label is a few words
/// opening with a capital or a figure; there is text after it.
pub(crate) fn labelled(s: &str) -> bool {
    let Some((label, rest)) = s.split_once(": ") else {
        return false;
    };
    let rest = rest.trim();
    !rest.is_empty()
        && words(label) <= 5
        && label.chars().nth(40).is_none()
        && label
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !label.ends_with(['.', '!', '?'])
}

/// A whole paragraph in quotation marks.
pub(crate) fn is_quoted(s: &str) -> bool {
    let t = trim_closers(s);
    let curly = s.starts_with('“') && s.ends_with('”') && t.matches('”').count() == 0;
    let straight = s.starts_with('"') && s.ends_with('"') && s.matches('"').count() == 2;
    (curly || straight) && words(s) >= 6
}

/// "LONDON (TCA) — ..." -> range of "LONDON (TCA)" and where the text resumes.
pub(crate) fn dateline(s: &str) -> Option<(Range<usize>, usize)> {
    let c = dateline_re()?.captures(s)?;
    let d = c.get(1)?;
    let head = d.as_str().trim_end();
    if head.is_empty() {
        return None;
    }
    let first = head.split_whitespace().next().unwrap_or("");
    let caps = first
        .trim_end_matches(',')
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        >= 3
        && !first.chars().any(|c| c.is_lowercase());
    if !head.contains('(') && !caps {
        return None;
    }
    let whole = c.get(0)?;
    // The match ends one character into the text that follows.
    let resume = whole.end() - whole.as_str().chars().last().map_or(0, char::len_utf8);
    Some((d.start()..d.start() + head.len(), resume))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_word_is_not_a_dateline() {
        assert!(dateline("COVID-19 vaccine nationalism limits access.").is_none());
        assert!(dateline("ISIS-K claimed the attack.").is_none());
        assert!(dateline("LONDON - The talks ended.").is_some());
        assert!(dateline("LONDON (TCA) — The talks ended.").is_some());
    }

    #[test]
    fn all_patterns_compile() {
        assert!(date_re().is_some());
        assert!(teaser_re().is_some());
        assert!(byline_re().is_some());
        assert!(attribution_re().is_some());
        assert!(caption_prefix_re().is_some());
        assert!(chrome_pattern_re().is_some());
        assert!(dateline_re().is_some());
        assert!(place_date_re().is_some());
        assert!(Regex::new(super::super::repair::MARKERS).is_ok());
    }

    #[test]
    fn patterns_need_no_unicode_class_tables() {
        // The library builds regex without unicode-gencat/script tables;
        // tests get them through dev-dependencies, so a Unicode class
        // would compile here and fail (silently) in the shipped binary.
        let bad = format!("{}p{{", '\\');
        for src in [
            include_str!("shape.rs"),
            include_str!("repair.rs"),
            include_str!("markdown.rs"),
        ] {
            assert!(!src.contains(&bad));
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(teaser_header("Russia1 hour ago"), Some((0..6, 6..16)));
        assert_eq!(
            teaser_header("New Social Compact1 day ago"),
            Some((0..18, 18..27))
        );
        assert!(teaser_header("He said so 2 days ago.").is_none());
        assert_eq!(byline("By Jane Doe | March 3, 2021"), Some(3..11));
        assert_eq!(byline("Authors: Ann Lee and Bo Chen"), Some(9..28));
        assert!(byline("By all indication, the latest sabotage").is_none());
        assert!(is_date("March 12, 2021"));
        assert!(is_date("Published 3 hours ago"));
        assert!(is_date("2021-03-12"));
        assert!(is_date("12 April 2021 | 14:00"));
        assert!(is_date("2021-03-12T10:00:00Z"));
        assert!(is_date("April 2021"));
        assert!(!is_date("April showers bring"));
        assert!(!is_date("Sunrise 06:41"));
        assert!(is_date("Sunday, March 12, 2021"));
        assert!(is_date("Thurs. 12 March 2021"));
        assert_eq!(chrome("Continue Reading"), Some(Chrome::End));
        assert_eq!(chrome("on"), Some(Chrome::Meta));
        assert_eq!(chrome("Connect with us"), Some(Chrome::Page));
        assert_eq!(chrome("Intelligence"), None);
        assert!(is_attribution("From our partner RIAC"));
        assert!(captionish("Image: Alexandra Nicolae/Unsplash"));
        assert!(caption_not_heading(
            "Mullah Haibatullah Akhunzada, the emir of Taliban"
        ));
        assert!(!caption_not_heading("Health as element of national power"));
        assert!(is_junk("people art"));
        let s = "LONDON (TCA) — The talks";
        let (d, r) = dateline(s).unwrap_or((0..0, 0));
        assert_eq!((&s[d], &s[r..]), ("LONDON (TCA)", "The talks"));
        let s = "(FPRI) — When";
        let (d, r) = dateline(s).unwrap_or((0..0, 0));
        assert_eq!((&s[d], &s[r..]), ("(FPRI)", "When"));
        assert!(dateline("The war — again").is_none());
        assert_eq!(
            dateline("ASTANA — Kazakhstan wants").map(|d| d.0),
            Some(0..6)
        );
        let s = "Moscow, 3 April (TASS) – Talks";
        let (d, r) = dateline(s).unwrap_or((0..0, 0));
        assert_eq!((&s[d], &s[r..]), ("Moscow, 3 April (TASS)", "Talks"));
        let s = "KABUL, Afghanistan (AP) — Talks";
        let (d, _) = dateline(s).unwrap_or((0..0, 0));
        assert_eq!(&s[d], "KABUL, Afghanistan (AP)");
        assert_eq!(teaser_header("Russia | 1 hour ago"), Some((0..6, 9..19)));
        assert_eq!(teaser_header("Russia an hour ago"), Some((0..6, 7..18)));
        assert_eq!(teaser_header("Russiaa day ago"), None);
        assert_eq!(
            byline("Published 2 hours ago on April 3 by Jane Doe"),
            Some(36..44)
        );
        assert_eq!(
            chrome("Published 2 hours ago on April 3, 2021"),
            Some(Chrome::Meta)
        );
        assert_eq!(chrome("Home » Analysis » Europe"), Some(Chrome::Page));
        assert!(place_date("LISBON 1996-12-05"));
        assert!(place_date("HELSINKI, 9 November 2021"));
        assert!(place_date("STOCKHOLM, Oct 30"));
        assert!(place_date("New York, 18 July 2023"));
        assert!(!place_date("Broadcast 9 May 2021"));
        assert!(!place_date("Published 9 May 2021"));
        assert!(is_notice("en-GB1 ru-RU1"));
        assert!(is_notice("We use cookies to improve the site. Accept"));
        assert!(!is_notice("an old map"));
        assert!(!is_notice("Cookies and biscuits sold out"));
    }
}
