//! Repairs of what scraping broke, each an edit list over a [`Run`] so the
//! map back to the input survives: shortcodes and footnote markers dropped,
//! odd spaces normalised, missing spaces after "." and "," restored, a
//! drop-cap letter rejoined to its word.

use super::run::{Edit, Run};
use regex::Regex;
use std::sync::OnceLock;

// Shortcodes are "[name attrs]" / "[/name]" with a snake_case name or a
// well-known plain one; footnote markers are "[3]", "[3, 4]", "[3-5]".
pub(crate) const MARKERS: &str = concat!(
    r"\[/?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?:\s[^\[\]\n]*)?\]",
    r"|\[/?(?:caption|embed|dropcap|gallery|audio|video|playlist|pullquote|tweet|quote)(?:\s[^\[\]\n]*)?\]",
    r"|[ \t\u{a0}]*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]",
    // Superscript digits after a stop or a word ("war.³", "report²") are
    // note markers too; after a short unit ("km²") they are not.
    r#"|(?:[.,;:”"’)\]]|[A-Za-z]{3})(?P<sup>[¹²³⁰⁴⁵⁶⁷⁸⁹]+)"#,
);

fn markers() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    super::shape::lazy(&RE, MARKERS)
}

/// Every repair, in order. The result is trimmed.
pub(crate) fn repair(run: &Run) -> Run {
    // Most runs need no edit: each step hands its run on untouched then,
    // so a long page is not copied once per step.
    let then = |r: Run, edits: Vec<Edit>| if edits.is_empty() { r } else { r.edit(edits) };
    let r = run.clone();
    let e = drop_markers(&r);
    let r = then(r, e);
    let e = normalize_space(&r);
    let r = then(r, e).into_trimmed();
    let e = restore_spaces(&r);
    let r = then(r, e);
    let e = join_split_dropcap(&r);
    then(r, e)
}

fn drop_markers(run: &Run) -> Vec<Edit> {
    let Some(re) = markers() else {
        return Vec::new();
    };
    re.captures_iter(&run.text)
        .filter_map(|c| c.name("sup").or(c.get(0)))
        .map(|m| Edit::delete(m.range()))
        .collect()
}

/// Characters that are invisible junk in scraped text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whitespace runs (NBSP included) become one plain space; invisible
/// characters go; leading and trailing space goes.
fn normalize_space(run: &Run) -> Vec<Edit> {
    let text = &run.text;
    let mut edits = Vec::new();
    let mut ws_start: Option<usize> = None;
    let mut only_plain = true;
    let mut count = 0;
    let flush = |start: usize, end: usize, plain: bool, n: usize, edits: &mut Vec<Edit>| {
        // Leading and trailing space is trimmed after, by slicing, so the
        // run's span does not reach over it.
        if start > 0 && end < text.len() && !(plain && n == 1) {
            edits.push(Edit::replace(start..end, " "));
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if ws_start.is_none() {
                ws_start = Some(i);
                only_plain = true;
                count = 0;
            }
            only_plain &= c == ' ';
            count += 1;
            continue;
        }
        if let Some(s) = ws_start.take() {
            flush(s, i, only_plain, count, &mut edits);
        }
        if is_invisible(c) {
            edits.push(Edit::delete(i..i + c.len_utf8()));
        }
    }
    if let Some(s) = ws_start {
        flush(s, text.len(), only_plain, count, &mut edits);
    }
    edits
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '»' | '\'')
}

/// "2020.After" -> "2020. After", "Badakhshan,Faryab" -> "Badakhshan, Faryab",
/// "agreement.”The" -> "agreement.” The". Abbreviations ("U.S.A"), decimals
/// and thousands ("1,000") are left alone: the next word must be a
/// capitalised word (or, after a comma, any word of two letters or more).
fn restore_spaces(run: &Run) -> Vec<Edit> {
    // Only a mark glued to the next character can need a space: most
    // paragraphs have none, and are not walked char by char.
    let glued = run.text.as_bytes().windows(2).any(|w| {
        matches!(
            w[0],
            b'.' | b',' | b';' | b'?' | b'!' | b'"' | 0x99 | 0x9D | 0xBB
        ) && !w[1].is_ascii_whitespace()
    });
    if !glued {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = run.text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut edits = Vec::new();
    for (k, &(_, c)) in chars.iter().enumerate() {
        let (Some(prev), Some(next), Some(next2)) =
            (k.checked_sub(1).and_then(at), at(k + 1), at(k + 2))
        else {
            continue;
        };
        let prev2 = k.checked_sub(2).and_then(at);
        let word_follows = next.is_uppercase() && next2.is_lowercase();
        let insert = match c {
            '.' | '?' | '!' => {
                word_follows
                    && (prev.is_ascii_digit()
                        || prev == ')'
                        || prev == ']'
                        || is_close_quote(prev) && c == '.'
                        || prev.is_lowercase() && prev2.is_some_and(|p| p.is_alphabetic()))
            }
            ',' | ';' => {
                next.is_alphabetic()
                    && next2.is_alphabetic()
                    && (prev.is_alphabetic() || is_close_quote(prev))
                    && prev2.is_some_and(|p| p.is_alphabetic())
            }
            c if is_close_quote(c) && c != '\'' => {
                matches!(prev, '.' | ',' | '!' | '?') && word_follows
            }
            _ => false,
        };
        if insert {
            if let Some(&(pos, _)) = chars.get(k + 1) {
                edits.push(Edit::insert(pos, " "));
            }
        }
    }
    edits
}

/// "T he relationship" (a drop cap set apart by the scrape) -> "The
/// relationship". Only a capital that is not itself a word ("A", "I", "O")
/// followed by a lowercase word at the start of the text.
fn join_split_dropcap(run: &Run) -> Vec<Edit> {
    let mut it = run.text.char_indices();
    let (Some((_, first)), Some((sp, ' ')), Some((_, third)), Some((_, fourth))) =
        (it.next(), it.next(), it.next(), it.next())
    else {
        return Vec::new();
    };
    if first.is_uppercase()
        && !matches!(first, 'A' | 'I' | 'O')
        && third.is_lowercase()
        && fourth.is_lowercase()
    {
        return vec![Edit::delete(sp..sp + 1)];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn fix(s: &str) -> String {
        let run = Run::from_builder({
            let mut b = crate::text::MapBuilder::new();
            b.copy(s, 0);
            b
        });
        repair(&run).text
    }

    #[test]
    fn repairs() {
        assert_eq!(
            fix("in November 2020.After that"),
            "in November 2020. After that"
        );
        assert_eq!(
            fix("Badakhshan,Faryab, Jowzjan"),
            "Badakhshan, Faryab, Jowzjan"
        );
        assert_eq!(
            fix("the U.S. and U.N. met; 1,000 and 5.2%"),
            "the U.S. and U.N. met; 1,000 and 5.2%"
        );
        assert_eq!(fix("agreement.”The Taliban"), "agreement.” The Taliban");
        assert_eq!(fix("a claim [3]. Next [12] word"), "a claim. Next word");
        assert_eq!(fix("the war.² Then"), "the war. Then");
        assert_eq!(fix("the report³ says 10 km²"), "the report says 10 km²");
        assert_eq!(
            fix("[yt_dropcap type=\"square\"]T[/yt_dropcap]he end"),
            "The end"
        );
        assert_eq!(fix("Order\u{a0}\u{a0} \u{a0}"), "Order");
        assert_eq!(fix("T he relationship"), "The relationship");
        assert_eq!(fix("A man"), "A man");
        assert_eq!(
            fix("these [Uzbek and Tajik] groups"),
            "these [Uzbek and Tajik] groups"
        );
    }

    #[test]
    fn repaired_text_maps_back() {
        let input = "x 2020.After";
        let run = Run::from_builder({
            let mut b = crate::text::MapBuilder::new();
            b.copy(input, 0);
            b
        });
        let r = repair(&run);
        assert_eq!(r.text, "x 2020. After");
        assert_eq!(r.map.to_original(Span::new(8, 13)), Span::new(7, 12));
    }
}
