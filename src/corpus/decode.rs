//! Bytes to text: binary detection, then decoding with a map to the input.
//!
//! UTF-8 (a BOM dropped); UTF-16 with a byte-order mark, or without one
//! when every other byte is NUL; a legacy 8-bit page as Windows-1252; and
//! UTF-8 with some lines in Latin-1 (two files pasted together) repaired
//! byte by byte where UTF-8 fails, so "Jürg" stays "Jürg". Stray NULs are
//! dropped. The text is then put in NFC, so a decomposed "Jürg" is the
//! same word as a composed one for entities and search; a composed
//! character maps to the input bytes of its decomposed sequence.
//!
//! Offsets: for every 8-bit input, the map points into the input bytes.
//! For UTF-16 input it points into the decoded text (as UTF-8): the input
//! bytes are not UTF-8, so no UTF-8 span of them could equal the text.
//! [`Decoded::utf16`] says which; the parse JSON marks it per file.

use super::run::{Edit, Run};
use crate::span::Span;
use crate::text::MapBuilder;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Which UTF-16 byte order, when the input is UTF-16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Utf16 {
    Le,
    Be,
}

/// UTF-16 by its byte-order mark, or by NULs in every other byte of the
/// head (ASCII-range text saved as UTF-16 without a mark).
pub(crate) fn utf16(bytes: &[u8]) -> Option<(Utf16, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some((Utf16::Le, 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some((Utf16::Be, 2));
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let nul_at = |odd: usize| {
        head.iter()
            .skip(odd)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    // Text in the Latin range: one byte of each pair is NUL, the other not.
    if odd * 10 >= pairs * 9 && even * 10 <= pairs {
        return Some((Utf16::Le, 0));
    }
    if even * 10 >= pairs * 9 && odd * 10 <= pairs {
        return Some((Utf16::Be, 0));
    }
    None
}

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
    if utf16(bytes).is_some() {
        return None;
    }
    // Control bytes (NUL among them) in more than 1 in 20 bytes: not text.
    // A stray NUL or two in a text file is not enough.
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

/// A decoded page and what decoding it took.
pub(crate) struct Decoded {
    pub run: Run,
    /// For the user: what was repaired (never a reason to fail).
    pub notes: Vec<String>,
    /// The map points into the decoded text, not the input bytes.
    pub utf16: Option<Utf16>,
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

fn push_cp1252(b: &mut MapBuilder, x: u8, at: usize) {
    let c = cp1252(x);
    b.replace(c.encode_utf8(&mut [0; 4]), Span::new(at, at + 1));
}

/// The text UTF-16 input's offsets index: its code units decoded, before
/// NULs are dropped and NFC composes (those map back onto this text).
pub(crate) fn utf16_base(bytes: &[u8]) -> Option<String> {
    let (order, skip) = utf16(bytes)?;
    Some(decode_utf16(bytes, order, skip, &mut Vec::new()).text)
}

/// Decode a page. Never fails.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let mut notes = Vec::new();
    let (run, utf16) = if let Some((order, skip)) = utf16(bytes) {
        (decode_utf16(bytes, order, skip, &mut notes), Some(order))
    } else {
        (decode_8bit(bytes, &mut notes), None)
    };
    let run = drop_nuls(run, &mut notes);
    let run = nfc(run, &mut notes);
    Decoded { run, notes, utf16 }
}

fn decode_utf16(bytes: &[u8], order: Utf16, skip: usize, notes: &mut Vec<String>) -> Run {
    let body = bytes.get(skip..).unwrap_or(&[]);
    let units = body.chunks_exact(2).map(|p| match (order, p) {
        (Utf16::Le, [a, b]) => u16::from_le_bytes([*a, *b]),
        (Utf16::Be, [a, b]) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut bad = 0;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    let name = match order {
        Utf16::Le => "UTF-16 LE",
        Utf16::Be => "UTF-16 BE",
    };
    notes.push(format!(
        "decoded as {name}; offsets are UTF-8 byte offsets into the decoded text"
    ));
    if bad > 0 {
        notes.push(format!(
            "{bad} unpaired UTF-16 surrogate(s) replaced with U+FFFD"
        ));
    }
    if body.len() % 2 == 1 {
        notes.push("an odd last byte of UTF-16 was ignored".to_string());
    }
    let mut b = MapBuilder::new();
    b.copy(&text, 0);
    Run::from_builder(b)
}

fn decode_8bit(bytes: &[u8], notes: &mut Vec<String>) -> Run {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or(&[]);
    let mut b = MapBuilder::new();
    if let Ok(s) = std::str::from_utf8(body) {
        b.copy(s, bom);
        return Run::from_builder(b);
    }
    // No valid multi-byte sequence at all: a legacy 8-bit page, far more
    // likely Windows-1252 than broken UTF-8.
    if !body
        .utf8_chunks()
        .any(|c| c.valid().bytes().any(|x| x >= 0x80))
    {
        let mut at = bom;
        for chunk in body.utf8_chunks() {
            b.copy(chunk.valid(), at);
            at += chunk.valid().len();
            for &x in chunk.invalid() {
                push_cp1252(&mut b, x, at);
                at += 1;
            }
        }
        notes.push("not UTF-8; decoded as Windows-1252 (Latin-1)".to_string());
        return Run::from_builder(b);
    }
    // UTF-8 with bytes that are not: each such byte is read as
    // Windows-1252, the line it is on counted for the note.
    let mut at = bom;
    let mut lines = 0;
    let mut first_line: Option<usize> = None;
    let mut line_no = 1;
    let mut last_bad_line = 0;
    for chunk in body.utf8_chunks() {
        let valid = chunk.valid();
        b.copy(valid, at);
        at += valid.len();
        line_no += valid.bytes().filter(|&x| x == b'\n').count();
        if !chunk.invalid().is_empty() && last_bad_line != line_no {
            lines += 1;
            last_bad_line = line_no;
            first_line.get_or_insert(line_no);
        }
        for &x in chunk.invalid() {
            push_cp1252(&mut b, x, at);
            at += 1;
        }
    }
    notes.push(format!(
        "{lines} line(s) not UTF-8 (the first is line {}); their odd bytes were read as Windows-1252 (Latin-1)",
        first_line.unwrap_or(1)
    ));
    Run::from_builder(b)
}

/// NUL characters go (a stray one is a scraping slip, never content).
fn drop_nuls(run: Run, notes: &mut Vec<String>) -> Run {
    if !run.text.contains('\0') {
        return run;
    }
    let edits: Vec<Edit> = run
        .text
        .match_indices('\0')
        .map(|(i, _)| Edit::delete(i..i + 1))
        .collect();
    notes.push(format!("{} NUL byte(s) ignored", edits.len()));
    run.edit(edits)
}

/// The run in NFC. Each starter with the marks after it is normalised on
/// its own; a sequence that changes maps as a whole to the bytes it came
/// from, so spans still cover whole input characters.
fn nfc(run: Run, notes: &mut Vec<String>) -> Run {
    if is_nfc_quick(run.text.chars()) == IsNormalized::Yes {
        return run;
    }
    let text = run.text.as_str();
    let mut b = MapBuilder::new();
    let mut changed = 0;
    // Text that needs nothing is copied in long stretches.
    let mut clean = 0;
    let mut seg_start = 0;
    let mut segment = |b: &mut MapBuilder, clean: &mut usize, range: std::ops::Range<usize>| {
        let Some(seg) = text.get(range.clone()) else {
            return;
        };
        if seg.is_ascii() || is_nfc_quick(seg.chars()) == IsNormalized::Yes {
            return;
        }
        let composed: String = seg.nfc().collect();
        if composed == seg {
            return;
        }
        changed += 1;
        b.append_from(text, &run.map, *clean..range.start);
        let o = run.map.to_original(Span::new(range.start, range.end));
        b.replace(&composed, o);
        *clean = range.end;
    };
    for (i, c) in text.char_indices() {
        if i > seg_start && canonical_combining_class(c) == 0 {
            segment(&mut b, &mut clean, seg_start..i);
            seg_start = i;
        }
    }
    segment(&mut b, &mut clean, seg_start..text.len());
    b.append_from(text, &run.map, clean..text.len());
    if changed > 0 {
        notes.push(format!("{changed} decomposed character(s) composed (NFC)"));
    }
    Run::from_builder(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_and_without_a_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Jürg Kaufmann".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Jürg Kaufmann".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bare: Vec<u8> = "Plain words in a file"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        for (bytes, want) in [
            (le, "Jürg Kaufmann"),
            (be, "Jürg Kaufmann"),
            (bare, "Plain words in a file"),
        ] {
            assert_eq!(binary_kind(&bytes), None);
            let d = decode(&bytes);
            assert_eq!(d.run.text, want);
            assert!(d.utf16.is_some());
        }
    }

    #[test]
    fn mixed_latin1_lines_are_repaired_in_place() {
        let bytes = b"Caf\xc3\xa9 first.\nJ\xfcrg second.\nM\xfcller third.\n";
        let d = decode(bytes);
        assert_eq!(d.run.text, "Café first.\nJürg second.\nMüller third.\n");
        assert!(
            d.notes.iter().any(|n| n.starts_with("2 line(s)")),
            "{:?}",
            d.notes
        );
        // "ü" maps to its one input byte.
        let at = d.run.text.find('ü').unwrap_or(0);
        assert_eq!(
            d.run.map.to_original(Span::new(at, at + 2)),
            Span::new(14, 15)
        );
    }

    #[test]
    fn a_stray_nul_is_dropped_but_binary_stays_binary() {
        let bytes = b"A report\x00 on the talks.\n";
        assert_eq!(binary_kind(bytes), None);
        assert_eq!(decode(bytes).run.text, "A report on the talks.\n");
        assert!(binary_kind(b"\x00\x01\x02binary\x00\x03\x04\x05").is_some());
    }

    #[test]
    fn nfc_composes_and_maps_to_the_decomposed_bytes() {
        let input = "Ju\u{308}rg Kaufmann";
        let d = decode(input.as_bytes());
        assert_eq!(d.run.text, "Jürg Kaufmann");
        let at = d.run.text.find('ü').unwrap_or(0);
        let o = d.run.map.to_original(Span::new(at, at + 'ü'.len_utf8()));
        assert_eq!(o.slice(input), "u\u{308}");
        let all = d.run.map.to_original(Span::new(0, d.run.text.len()));
        assert_eq!(all, Span::new(0, input.len()));
    }
}
