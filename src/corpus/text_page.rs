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
    s.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// Length of a bullet mark ("• ", "- ", "* ") after leading space.
fn bullet(s: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start().len();
    let rest = s.get(lead..)?;
    let mut it = rest.char_indices();
    let (_, c) = it.next()?;
    let (sp, d) = it.next()?;
    if matches!(c, '•' | '◦' | '▪' | '▸' | '►' | '‣' | '·' | '*' | '-' | '–' | '○' | '■' | '●') && d.is_whitespace() {
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
    let mut i = 0;
    while let Some(r) = chunk.get(i) {
        let l = line(r);
        let mark = bullet(l).or(if numbered { number(l) } else { None });
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
            if bullet(nx).is_some() || c.chars().count() < 40 {
                break;
            }
            if super::shape::ends_sentence(c) && nx.trim().chars().count() < 40 {
                break;
            }
            if quote != (nx.trim_start().starts_with('>')) {
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
        out.push(Unit::new(Run::join(&refs, " "), hint));
        i = j + 1;
    }
}
