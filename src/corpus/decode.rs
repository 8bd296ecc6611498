//! Bytes to text: binary detection and lossy UTF-8 decoding with a map.

use super::run::Run;
use crate::span::Span;
use crate::text::MapBuilder;

/// Why a file is not text, when it is not.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let magic: [(&[u8], &str); 9] = [
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or an office document)"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"RIFF", "a RIFF media file"),
        (b"\x7fELF", "an executable"),
        (b"\xd0\xcf\x11\xe0", "an old office document"),
    ];
    for (m, what) in magic {
        if head.starts_with(m) {
            return Some(what);
        }
    }
    // UTF-16 text has NULs too, but is rare in scrapes; treat as binary.
    if head.contains(&0) {
        return Some("binary data");
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // Many invalid UTF-8 sequences mean this is not text in any encoding we read.
    let invalid: usize = head.utf8_chunks().map(|c| c.invalid().len()).sum();
    if !head.is_empty() && (controls * 20 > head.len() || invalid * 4 > head.len()) {
        return Some("binary data");
    }
    None
}

/// How the decoding went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lossy {
    No,
    /// Invalid sequences became U+FFFD.
    Utf8,
    /// Read as Windows-1252.
    Legacy,
}

/// Windows-1252 byte to char (0x80-0x9F differ from Latin-1).
fn cp1252(x: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match x {
        0x80..=0x9f => HIGH
            .get(usize::from(x - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(x),
    }
}

/// Decode UTF-8, lossily when needed (the flag says how). A BOM is dropped.
pub(crate) fn decode(bytes: &[u8]) -> (Run, Lossy) {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or(&[]);
    if let Ok(s) = std::str::from_utf8(body) {
        let mut b = MapBuilder::new();
        b.copy(s, bom);
        return (Run::from_builder(b), Lossy::No);
    }
    let mut b = MapBuilder::new();
    let mut at = bom;
    // No valid multi-byte sequence at all: a legacy 8-bit page, far more
    // likely Windows-1252 than broken UTF-8.
    if !body
        .utf8_chunks()
        .any(|c| c.valid().bytes().any(|x| x >= 0x80))
    {
        for (i, &x) in body.iter().enumerate() {
            let at = bom + i;
            if x < 0x80 {
                let s = [x];
                b.copy(std::str::from_utf8(&s).unwrap_or("\u{FFFD}"), at);
            } else {
                let c = cp1252(x);
                b.replace(c.encode_utf8(&mut [0; 4]), Span::new(at, at + 1));
            }
        }
        return (Run::from_builder(b), Lossy::Legacy);
    }
    for chunk in body.utf8_chunks() {
        b.copy(chunk.valid(), at);
        at += chunk.valid().len();
        let bad = chunk.invalid().len();
        if bad > 0 {
            b.replace("\u{FFFD}", Span::new(at, at + bad));
            at += bad;
        }
    }
    (Run::from_builder(b), Lossy::Utf8)
}
