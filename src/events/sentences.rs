//! Sentence spans of a field's text: UAX #29 bounds, then rejoined where
//! the standard breaks too eagerly (after "U.S." or "para." before a capital
//! or a number, or where a lowercase word follows).

use crate::span::Span;
use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "u.s.", "u.k.", "u.n.", "e.u.", "para.", "paras.", "no.", "nos.", "mr.", "mrs.", "ms.", "dr.",
    "prof.", "gen.", "col.", "lt.", "sgt.", "capt.", "maj.", "gov.", "sen.", "rep.", "st.", "jr.",
    "sr.", "vs.", "v.", "e.g.", "i.e.", "etc.", "cf.", "art.", "sec.", "ch.", "vol.", "pp.", "p.",
    "fig.", "approx.", "est.", "inc.", "ltd.", "co.", "corp.", "jan.", "feb.", "mar.", "apr.",
    "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "a.m.", "p.m.", "mt.", "ft.",
    "ave.", "dept.", "univ.", "assn.", "bros.", "op.", "ed.",
];

/// Whether a segment ends with an abbreviation (or a lone initial, "J.").
fn ends_with_abbreviation(seg: &str) -> bool {
    let t = seg.trim_end();
    let last = t
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .next()
        .unwrap_or("");
    let lower = last.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // A lone capital initial ("John F. Kennedy").
    let mut cs = last.chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// The sentences of `text`, in order, each trimmed of surrounding whitespace
/// and never empty. Every span lies on character boundaries of `text`.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut joinable = false;
    for (start, seg) in text.split_sentence_bound_indices() {
        let lead = seg.len() - seg.trim_start().len();
        let trimmed = seg.trim();
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(start + lead, start + lead + trimmed.len());
        let first = trimmed.chars().next().unwrap_or(' ');
        let join = match out.last() {
            Some(_) if joinable => true,
            // A sentence never starts with a lowercase word or closing punctuation.
            Some(_) => first.is_lowercase() || matches!(first, ',' | ';' | ')' | ']'),
            None => false,
        };
        joinable = ends_with_abbreviation(trimmed);
        match out.last_mut() {
            Some(prev) if join => prev.end = span.end,
            _ => out.push(span),
        }
    }
    out.into_iter()
        .flat_map(|s| split_before_numbers(text, s))
        .collect()
}

/// UAX #29 keeps "economy. 80% of world trade" together (a lowercase word
/// follows the number); a full stop after a word, then a number, ends a
/// sentence unless the word is an abbreviation ("para. 85").
fn split_before_numbers(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    let s = span.slice(text);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let (Some(sp), Some(digit)) = (chars.get(k + 1), chars.get(k + 2)) else {
            continue;
        };
        if !prev.is_some_and(char::is_lowercase) || sp.1 != ' ' || !digit.1.is_ascii_digit() {
            continue;
        }
        let end = span.start + i + c.len_utf8();
        let head = text.get(start..end).unwrap_or("");
        if ends_with_abbreviation(head) {
            continue;
        }
        out.push(Span::new(start, end));
        start = span.start + digit.0;
    }
    out.push(Span::new(start, span.end));
    out
}

/// The sentence of `spans` holding byte `at`, else the whole text.
/// `spans` are in order and disjoint (as [`sentences`] gives them), so a
/// binary search finds it: a long field has many sentences.
pub(crate) fn sentence_at(spans: &[Span], at: usize, text_len: usize) -> Span {
    let i = spans.partition_point(|s| s.end.max(s.start + 1) <= at);
    spans
        .get(i)
        .copied()
        .filter(|s| s.start <= at)
        .unwrap_or(Span::new(0, text_len))
}

/// The last of `spans` (in order, disjoint) that ends at or before `at`.
pub(crate) fn sentence_before(spans: &[Span], at: usize) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= at);
    i.checked_sub(1).and_then(|i| spans.get(i)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.slice(t)).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Tahir was killed by a U.S. drone. He died."),
            ["Tahir was killed by a U.S. drone.", "He died."]
        );
        assert_eq!(
            split("(see UN report, para. 85).Abdulaziz rose."),
            ["(see UN report, para. 85).", "Abdulaziz rose."]
        );
        assert_eq!(split("  "), Vec::<&str>::new());
        assert_eq!(
            split("It is one-fourth of it. 80% of trade is in USD."),
            ["It is one-fourth of it.", "80% of trade is in USD."]
        );
        assert_eq!(split("See para. 85 of it."), ["See para. 85 of it."]);
    }
}
