//! Snippets: the densest window of hits in one field, cut at word
//! boundaries, with highlight spans relative to the snippet text.

use super::Hit;
use crate::corpus::Document;
use crate::span::Span;

/// Words of context a snippet aims for.
const WINDOW_BYTES: usize = 220;
/// Hits of one field considered for the window (the window search is
/// quadratic in them).
const MAX_SPANS: usize = 256;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The field the snippet was cut from.
    pub field: usize,
    pub text: String,
    /// Spans in `text`, sorted and disjoint.
    pub highlights: Vec<Span>,
}

impl Snippet {
    /// The window of `WINDOW_BYTES` holding the most distinct matched
    /// words (then the most hits), over every field with hits; a body
    /// field wins a tie with the title.
    pub fn best(doc: &Document, hits: &[Hit]) -> Snippet {
        let mut best: Option<((usize, usize, bool), usize, usize)> = None;
        for (field, f) in doc.fields.iter().enumerate() {
            let mut spans: Vec<Span> = hits
                .iter()
                .filter(|h| h.field == field)
                .map(|h| h.span)
                .collect();
            spans.truncate(MAX_SPANS);
            for (i, s) in spans.iter().enumerate() {
                let window: Vec<&str> = spans
                    .get(i..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|t| t.end <= s.start + WINDOW_BYTES)
                    .map(|t| t.slice(&f.text))
                    .collect();
                let mut words: Vec<String> = window.iter().map(|w| w.to_lowercase()).collect();
                words.sort();
                words.dedup();
                let key = (words.len(), window.len(), f.kind.is_body());
                if best.as_ref().is_none_or(|(k, _, _)| key > *k) {
                    best = Some((key, field, s.start));
                }
            }
        }
        let Some((_, field, best_start)) = best else {
            return Snippet::default();
        };
        let Some(text) = doc.fields.get(field).map(|f| f.text.as_str()) else {
            return Snippet::default();
        };
        let spans: Vec<Span> = hits
            .iter()
            .filter(|h| h.field == field)
            .map(|h| h.span)
            .collect();
        // Centre a little context before the first hit, at word boundaries.
        let lead = WINDOW_BYTES / 4;
        let mut start = floor_word(text, best_start.saturating_sub(lead));
        if best_start.saturating_sub(lead) == 0 {
            start = 0;
        }
        let end = ceil_word(text, (start + WINDOW_BYTES).min(text.len()));
        let body = text.get(start..end).unwrap_or("");
        let mut out = String::new();
        let mut offset = 0;
        if start > 0 {
            out.push_str("… ");
            offset = out.len();
        }
        let trimmed = body.trim_end();
        out.push_str(trimmed);
        let highlights = spans
            .iter()
            .filter(|s| s.start >= start && s.end <= start + trimmed.len())
            .map(|s| Span::new(s.start - start + offset, s.end - start + offset))
            .collect();
        if end < text.len() {
            out.push_str(" …");
        }
        Snippet {
            field,
            text: out,
            highlights,
        }
    }
}

/// The start of the word at or before `pos` (a char boundary).
fn floor_word(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    match text.get(..p).and_then(|t| t.rfind(char::is_whitespace)) {
        Some(ws) => {
            ws + text
                .get(ws..)
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8)
        }
        None => 0,
    }
}

/// The end of the word at or after `pos` (a char boundary).
fn ceil_word(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p += 1;
    }
    match text.get(p..).and_then(|t| t.find(char::is_whitespace)) {
        Some(ws) => p + ws,
        None => text.len(),
    }
}
