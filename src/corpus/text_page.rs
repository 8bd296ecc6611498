//! Plain-text pages to units: blank lines separate chunks; a chunk is one
//! paragraph when its lines look hard-wrapped, else one unit per line
//! (bullets, "Continue Reading" / "Comments" pairs). Bullets and "> "
//! quote marks are stripped into hints.

use super::run::Run;
use super::unit::{Hint, Unit};
use std::ops::Range;

/// Lines of `text` as byte ranges without their line ends.
pub(crate) fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

pub(crate) fn is_blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// Length of a bullet mark ("• ", "- ", "* ") after leading space.
fn bullet(s: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start().len();
    let rest = s.get(lead..)?;
    let mut it = rest.char_indices();
    let (_, c) = it.next()?;
    let (sp, d) = it.next()?;
    if matches!(
        c,
        '•' | '◦' | '▪' | '▸' | '►' | '‣' | '·' | '*' | '-' | '–' | '○' | '■' | '●'
    ) && d.is_whitespace()
    {
        return Some(lead + sp + d.len_utf8());
    }
    None
}

/// Length of a "1. " / "2) " numbering.
fn number(s: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start().len();
    let rest = s.get(lead..)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let after = rest.get(digits..)?;
    if (after.starts_with(". ") || after.starts_with(") ")) && after.len() > 2 {
        return Some(lead + digits + 2);
    }
    None
}

/// A line that stands alone whatever the wrapping: byline, date, chrome.
fn own_line(s: &str) -> bool {
    use super::shape;
    shape::byline(s).is_some()
        || shape::chrome(s).is_some()
        || shape::teaser_header(s).is_some()
        || shape::captionish(s)
}

/// A footnote line: "[1] ...".
fn note(s: &str) -> bool {
    let t = s.trim_start();
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && rest.get(digits..).is_some_and(|r| r.starts_with("] "))
}

pub(crate) fn units(page: &Run) -> Vec<Unit> {
    let text = page.text.as_str();
    let mut out = Vec::new();
    let mut chunk: Vec<Range<usize>> = Vec::new();
    let all = lines(text);
    for (n, r) in all.iter().enumerate() {
        let line = text.get(r.clone()).unwrap_or("");
        if !is_blank(line) {
            chunk.push(r.clone());
        }
        if is_blank(line) || n + 1 == all.len() {
            chunk_units(page, &chunk, &mut out);
            chunk.clear();
        }
    }
    out
}

fn chunk_units(page: &Run, chunk: &[Range<usize>], out: &mut Vec<Unit>) {
    let text = page.text.as_str();
    let line = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
    let numbered = chunk.len() >= 2 && chunk.iter().all(|r| number(line(r)).is_some());
    // Hard-wrapped text has lines of a fixed width; pages scraped with one
    // line per paragraph have lines far longer than any wrap width.
    let width = chunk
        .iter()
        .map(|r| line(r).trim().chars().count())
        .max()
        .unwrap_or(0);
    let wrapped = chunk.len() >= 2 && (50..=120).contains(&width);
    let mut i = 0;
    while let Some(r) = chunk.get(i) {
        let l = line(r);
        let mark = bullet(l).or(if numbered { number(l) } else { None });
        if note(l) {
            // "[1] Source..." is a note of its own; repair drops its marker.
            out.push(Unit::new(page.slice(r.clone()), Hint::ListItem));
            i += 1;
            continue;
        }
        if let Some(m) = mark {
            out.push(Unit::new(page.slice(r.start + m..r.end), Hint::ListItem));
            i += 1;
            continue;
        }
        let quote = l.trim_start().starts_with("> ") || l.trim_start() == ">";
        // Extend over hard-wrapped lines: a long line continues unless it
        // ends a sentence and the next line is short (a separate item).
        let mut j = i;
        while let (Some(cur), Some(next)) = (chunk.get(j), chunk.get(j + 1)) {
            let (c, nx) = (line(cur).trim(), line(next));
            let first_word = nx
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count());
            // A wrapped line is full: the next word would not have fitted.
            let full = c.chars().count() + 1 + first_word > width * 4 / 5;
            if bullet(nx).is_some()
                || note(nx)
                || !wrapped
                || !full
                || c.chars().count() < 40
                || own_line(nx.trim())
            {
                break;
            }
            if quote != (nx.trim_start().starts_with('>')) {
                break;
            }
            // A wrapped paragraph ends a sentence; a short label closing the
            // chunk is a line of its own (a subheading under a caption).
            let last = j + 2 == chunk.len();
            if last && super::shape::label_like(nx.trim()) {
                break;
            }
            j += 1;
        }
        let parts: Vec<Run> = chunk
            .get(i..=j)
            .unwrap_or(&[])
            .iter()
            .map(|r| {
                let l = line(r);
                let skip = if quote {
                    let lead = l.len() - l.trim_start().len();
                    lead + 1
                } else {
                    0
                };
                page.slice(r.start + skip..r.end).trim()
            })
            .collect();
        let refs: Vec<&Run> = parts.iter().collect();
        let hint = if quote { Hint::Quote } else { Hint::None };
        // A word hyphenated across a wrap ("inter-" / "national") is rejoined.
        let joined = Run::join_with(&refs, |a, b| {
            let mut end = a.text.chars().rev();
            let hyphen = end.next() == Some('-') && end.next().is_some_and(char::is_alphabetic);
            if hyphen && b.text.chars().next().is_some_and(char::is_lowercase) {
                ""
            } else {
                " "
            }
        });
        out.push(Unit::new(joined, hint));
        i = j + 1;
    }
}
