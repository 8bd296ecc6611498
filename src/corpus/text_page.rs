//! Plain-text pages to units: blank lines separate chunks; a chunk is one
//! paragraph when its lines look hard-wrapped, else one unit per line
//! (bullets, "Continue Reading" / "Comments" pairs). Bullets and "> "
//! quote marks are stripped into hints.

use super::run::Run;
use super::unit::{Hint, Unit};
use crate::text::MapBuilder;
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
    // A numbered item is one of two or more in a row; its number stays
    // (a rank in results is content).
    let numbered: Vec<bool> = (0..chunk.len())
        .map(|k| {
            let is = |k: Option<usize>| {
                k.and_then(|k| chunk.get(k))
                    .is_some_and(|r| number(line(r)).is_some())
            };
            is(Some(k)) && (is(k.checked_sub(1)) || is(Some(k + 1)))
        })
        .collect();
    // Runs of two or more table rows, with a column header just above.
    let strong: Vec<Option<Vec<Range<usize>>>> = chunk.iter().map(|r| row_cells(line(r))).collect();
    // A weaker row ("Swiss franc 1.1720 marks") joins a run of strong ones.
    let rows: Vec<Option<Vec<Range<usize>>>> = (0..chunk.len())
        .map(|k| {
            let near = |d: isize| {
                k.checked_add_signed(d)
                    .and_then(|j| strong.get(j))
                    .is_some_and(Option::is_some)
            };
            strong.get(k).cloned().flatten().or_else(|| {
                (near(-1) && near(-2) || near(1) && near(2))
                    .then(|| chunk.get(k).and_then(|r| weak_row(line(r))))
                    .flatten()
            })
        })
        .collect();
    let mut table: Vec<Option<usize>> = vec![None; chunk.len()];
    let mut k = 0;
    while k < chunk.len() {
        let end = (k..chunk.len())
            .find(|&e| rows.get(e).is_none_or(Option::is_none))
            .unwrap_or(chunk.len());
        if end >= k + 2 {
            let head = k
                .checked_sub(1)
                .filter(|&h| table.get(h).is_some_and(Option::is_none))
                .filter(|&h| {
                    chunk.get(h).is_some_and(|r| {
                        header_cells(line(r)).is_some() && !own_line(line(r).trim())
                    })
                });
            if let Some(slot) = table.get_mut(head.unwrap_or(k)) {
                *slot = Some(end);
            }
            k = end;
        } else {
            k = end.max(k + 1);
        }
    }
    let mut covered = vec![false; chunk.len()];
    for (s, e) in table
        .iter()
        .enumerate()
        .filter_map(|(s, e)| e.map(|e| (s, e)))
    {
        for c in covered.get_mut(s..e).into_iter().flatten() {
            *c = true;
        }
    }
    let in_table = |k: usize| covered.get(k).copied().unwrap_or(false);
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
        if let Some(end) = table.get(i).copied().flatten() {
            let cells: Vec<Vec<Range<usize>>> = (i..end)
                .filter_map(|k| {
                    let r = chunk.get(k)?;
                    let l = line(r);
                    let cells = rows.get(k).cloned().flatten().or_else(|| header_cells(l))?;
                    Some(
                        cells
                            .into_iter()
                            .map(|c| r.start + c.start..r.start + c.end)
                            .collect(),
                    )
                })
                .collect();
            out.push(table_unit(page, &cells));
            i = end;
            continue;
        }
        if numbered.get(i) == Some(&true) {
            let lead = l.len() - l.trim_start().len();
            out.push(Unit::new(
                page.slice(r.start + lead..r.end).trim(),
                Hint::ListItem,
            ));
            i += 1;
            continue;
        }
        let mark = bullet(l);
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
        // A teaser's title stands alone ("World2 hours ago" / title / snippet).
        let teaser_title = i
            .checked_sub(1)
            .and_then(|p| chunk.get(p))
            .is_some_and(|p| super::shape::teaser_header(line(p).trim()).is_some());
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
                || teaser_title && j == i
                || in_table(j + 1)
                || numbered.get(j + 1) == Some(&true)
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

/// No table row is longer (a long line is prose, and is not split into
/// words to find out).
const MAX_ROW: usize = 400;

/// A token that reads as a figure: "2", "23.45", "+0.05", ".778", "1,350",
/// "6-4", "07:02", "(1.5480)", "-" (no change), "22.76".
fn figure(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '%' | '$' | '£' | '€'));
    if matches!(w, "-" | "unch" | "—" | "–") {
        return true;
    }
    let w = w.trim_start_matches(['+', '-']);
    w.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ':' | '/'))
}

/// Cell ranges of a line (relative to the line) split at runs of two or
/// more spaces or a tab: a column layout.
fn columns(l: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap = 0;
    let mut last_end = 0;
    for (i, c) in l.char_indices() {
        if c == ' ' || c == '\t' {
            gap += if c == '\t' { 2 } else { 1 };
            continue;
        }
        if gap >= 2 {
            if let Some(s) = start.take() {
                out.push(s..last_end);
            }
        }
        gap = 0;
        if start.is_none() {
            start = Some(i);
        }
        last_end = i + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(s..last_end);
    }
    out
}

/// Cell ranges of a single-spaced results line: each figure is a cell, the
/// words between figures one cell ("NEW YORK 103 Miami 94").
fn figure_cells(l: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut words: Option<Range<usize>> = None;
    let mut at = 0;
    for w in l.split(' ') {
        let r = at..at + w.len();
        at += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        if figure(w) {
            out.extend(words.take());
            out.push(r);
        } else {
            words = Some(words.map_or(r.clone(), |p| p.start..r.end));
        }
    }
    out.extend(words);
    out
}

/// A line of a table, with its cells (relative to the line): columns set
/// apart by wide spaces with a figure among them, or a short line of
/// figures and names ("Porto 2 Benfica 1", "M. Taylor lbw b Walsh 42").
/// Sentences, datelines, numbered items and "Label: value" lines are not.
fn row_cells(l: &str) -> Option<Vec<Range<usize>>> {
    let t = l.trim();
    if t.is_empty() || t.len() > MAX_ROW || number(l).is_some() || bullet(l).is_some() {
        return None;
    }
    let lead = l.len() - l.trim_start().len();
    let shift = |v: Vec<Range<usize>>| {
        v.into_iter()
            .map(|r| r.start + lead..r.end + lead)
            .collect()
    };
    let cols = columns(t);
    let has_figure = |r: &Range<usize>| t.get(r.clone()).is_some_and(|c| c.split(' ').any(figure));
    if cols.len() >= 2 && cols.iter().any(has_figure) {
        return Some(shift(cols));
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let figures = words.iter().filter(|w| figure(w)).count();
    if words.len() < 2
        || words.len() > 16
        || figures == 0
        || t.contains(": ")
        || super::shape::ends_sentence(t) && !t.ends_with(')')
        || super::shape::is_date(t)
        || super::shape::place_date(t)
    {
        return None;
    }
    let last_figure = words.last().is_some_and(|w| figure(w));
    if figures * 3 >= words.len() || last_figure {
        return Some(shift(figure_cells(t)));
    }
    None
}

/// A short line with a figure that is no sentence: a row only among rows.
fn weak_row(l: &str) -> Option<Vec<Range<usize>>> {
    let t = l.trim();
    if t.len() > MAX_ROW {
        return None;
    }
    let words = t.split_whitespace().count();
    let lead = l.len() - l.trim_start().len();
    if !(2..=8).contains(&words)
        || !t.split_whitespace().any(figure)
        || t.contains(": ")
        || super::shape::ends_sentence(t)
        || number(l).is_some()
        || bullet(l).is_some()
    {
        return None;
    }
    Some(
        figure_cells(t)
            .into_iter()
            .map(|r| r.start + lead..r.end + lead)
            .collect(),
    )
}

/// A column header over table rows: wide-spaced labels, or a few short
/// words ("W L PCT GB").
fn header_cells(l: &str) -> Option<Vec<Range<usize>>> {
    let t = l.trim();
    if t.len() > MAX_ROW {
        return None;
    }
    let lead = l.len() - l.trim_start().len();
    if super::shape::ends_sentence(t) || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let cols = columns(t);
    let cells = if cols.len() >= 2 {
        cols
    } else {
        let words: Vec<&str> = t.split(' ').collect();
        // "W L PCT GB": a few short capitalised words.
        let capital = |w: &&str| w.chars().next().is_some_and(|c| !c.is_lowercase());
        if words.len() < 3
            || words.len() > 10
            || words.iter().any(|w| w.chars().count() > 7 || !capital(w))
        {
            return None;
        }
        columns_single(t)
    };
    Some(
        cells
            .into_iter()
            .map(|r| r.start + lead..r.end + lead)
            .collect(),
    )
}

/// Every word its own cell.
fn columns_single(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in s.split(' ') {
        if !w.is_empty() {
            out.push(at..at + w.len());
        }
        at += w.len() + 1;
    }
    out
}

/// A table unit from rows of cell ranges (into `page.text`): cells joined
/// by tabs, rows by line ends, each cell copied with its map.
fn table_unit(page: &Run, rows: &[Vec<Range<usize>>]) -> Unit {
    let mut b = MapBuilder::new();
    for (k, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if k > 0 || c > 0 {
                let at = page
                    .map
                    .to_original(crate::span::Span::new(cell.start, cell.start))
                    .start;
                b.replace(
                    if c == 0 { "\n" } else { "\t" },
                    crate::span::Span::new(at, at),
                );
            }
            b.append_from(&page.text, &page.map, cell.clone());
        }
    }
    Unit::new(Run::from_builder(b), Hint::Table)
}
