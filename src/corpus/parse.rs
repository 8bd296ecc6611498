//! A first segmentation: one document per file, paragraphs at blank lines,
//! the first short line as its title. (The corpus issue replaces this with
//! real page segmentation behind the same signature.)

use super::{Document, Field, FieldKind, ParsedFile};
use crate::span::Span;
use crate::text::{MapBuilder, OffsetMap};

/// Parse one input file. Never fails: problems become diagnostics.
pub fn parse(name: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile {
        name: name.to_string(),
        ..ParsedFile::default()
    };
    if looks_binary(bytes) {
        out.diagnostics.push(format!(
            "{name}: looks like a binary file (not text, HTML or Markdown); skipped"
        ));
        return out;
    }
    let (text, map) = decode(bytes);
    if map.is_some() {
        out.diagnostics.push(format!(
            "{name}: not valid UTF-8; undecodable bytes were replaced with U+FFFD"
        ));
    }
    let to_original = |span: Span| match &map {
        Some(m) => m.to_original(span),
        None => span,
    };

    let mut fields = Vec::new();
    let mut offset = 0;
    for chunk in text.split("\n\n") {
        let lead = chunk.len() - chunk.trim_start().len();
        let trimmed = chunk.trim();
        if !trimmed.is_empty() {
            let derived = Span::new(offset + lead, offset + lead + trimmed.len());
            let original = to_original(derived);
            let kind = if fields.is_empty() && trimmed.len() < 200 {
                FieldKind::Title
            } else {
                FieldKind::Paragraph
            };
            let field_map = match &map {
                None => OffsetMap::identity(original.start, trimmed.len()),
                Some(m) => {
                    let mut b = MapBuilder::new();
                    for (i, c) in trimmed.char_indices() {
                        let s = Span::new(derived.start + i, derived.start + i + c.len_utf8());
                        b.replace(c.encode_utf8(&mut [0; 4]), m.to_original(s));
                    }
                    b.finish().1
                }
            };
            fields.push(Field {
                kind,
                text: trimmed.to_string(),
                span: original,
                map: field_map,
            });
        }
        offset += chunk.len() + 2;
    }
    if !fields.is_empty() {
        let stem = name.rsplit('/').next().unwrap_or(name);
        out.documents.push(Document {
            id: format!("{stem}#1"),
            file: name.to_string(),
            fields,
        });
    } else {
        out.diagnostics.push(format!("{name}: no text found"));
    }
    out
}

/// NUL bytes, or many control characters, mean this is not a text page.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) || head.starts_with(b"%PDF") {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    !head.is_empty() && controls * 20 > head.len()
}

/// Decode UTF-8; on invalid input, decode lossily and return the map from
/// the decoded text back to the input bytes.
fn decode(bytes: &[u8]) -> (String, Option<OffsetMap>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    let mut b = MapBuilder::new();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        b.copy(chunk.valid(), at);
        at += chunk.valid().len();
        let bad = chunk.invalid().len();
        if bad > 0 {
            b.replace("\u{FFFD}", Span::new(at, at + bad));
            at += bad;
        }
    }
    let (text, map) = b.finish();
    (text, Some(map))
}
