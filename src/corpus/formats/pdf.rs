//! Text-layer PDF (no OCR) through `lopdf`: the content stream of each
//! page is walked for its text operators, keeping where each piece of text
//! is and at what size, so lines, paragraphs, list items and headings can be
//! told apart; the outline (bookmarks) marks headings too. One document per
//! PDF: title from the metadata or the first large heading, author as
//! byline, creation date as date, `page N` marks in the extracted text.
//!
//! Bounds: any one stream inflates to at most [`MAX_STREAM`] bytes, the
//! first [`MAX_PAGES`] pages are read (the rest noted). `lopdf` reports
//! damage as errors (a truncated file is rebuilt from the objects it still
//! has); nothing here indexes without a check.

use super::{Doc, Extract};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object};
use std::collections::{BTreeMap, HashMap};

const MAX_STREAM: usize = 64 << 20;
const MAX_PAGES: usize = 5000;

/// A font as far as text placement needs it.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Glyph widths (thousandths of the size) by code, for simple fonts.
    widths: HashMap<u32, f32>,
    two_byte: bool,
}

/// One string shown, in user space.
#[derive(Debug)]
struct Piece {
    x: f32,
    y: f32,
    end: f32,
    size: f32,
    text: String,
}

#[derive(Debug, Default)]
struct Line {
    x: f32,
    y: f32,
    end: f32,
    size: f32,
    text: String,
}

type M = [f32; 6];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f32; N]> {
    let mut out = [0.0; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = num(ops.get(i)?)?;
    }
    Some(out)
}

pub(super) fn read(label: &str, bytes: &[u8], ex: &mut Extract) {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(e) => {
            ex.note(format!("{label}: not a readable PDF ({e}); skipped"));
            return;
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        ex.note(format!(
            "{label}: the PDF is encrypted and needs a password; skipped"
        ));
        return;
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        ex.note(format!("{label}: a PDF with no pages (damaged?); skipped"));
        return;
    }
    if pages.len() > MAX_PAGES {
        ex.note(format!(
            "{label}: {} pages; the first {MAX_PAGES} are read",
            pages.len()
        ));
    }
    let mut by_page: Vec<(u32, Vec<Line>)> = Vec::new();
    let mut garbled = Vec::new();
    for (&n, &id) in pages.iter().take(MAX_PAGES) {
        match page_lines(&doc, id) {
            Ok(lines) => {
                let chars: usize = lines.iter().map(|l| l.text.chars().count()).sum();
                let bad: usize = lines
                    .iter()
                    .flat_map(|l| l.text.chars())
                    .filter(|&c| c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c))
                    .count();
                if chars > 0 && bad * 3 > chars {
                    garbled.push(n);
                }
                by_page.push((n, lines));
            }
            Err(e) => ex.note(format!("{label}: page {n} could not be read ({e})")),
        }
    }
    if !garbled.is_empty() {
        ex.note(format!(
            "{label}: page(s) {} use fonts without a Unicode map; their text may be garbled",
            list(&garbled)
        ));
    }
    drop_running_lines(&mut by_page);
    let total: usize = by_page
        .iter()
        .flat_map(|(_, ls)| ls)
        .map(|l| l.text.len())
        .sum();
    if total == 0 {
        ex.note(format!(
            "{label}: no text layer (a scan or images only?); text is not recognised from images (no OCR), so nothing was read"
        ));
        return;
    }
    let outline: Vec<(usize, String)> = doc
        .get_toc()
        .map(|t| t.toc.into_iter().map(|e| (e.page, key(&e.title))).collect())
        .unwrap_or_default();
    let body = body_size(&by_page);
    let mut d = Doc::new(label);
    let mut largest_first: Option<(f32, usize)> = None;
    for (n, lines) in &by_page {
        d.push("page", &n.to_string());
        for (tag, text, size) in blocks(lines, body) {
            let tag = if tag == "paragraph"
                && outline
                    .iter()
                    .any(|(p, t)| *p == *n as usize && *t == key(&text))
            {
                "heading"
            } else {
                tag
            };
            if tag == "heading" && *n == first_page(&by_page) {
                let at = d.blocks.len();
                if largest_first.is_none_or(|(s, _)| size > s + 0.1) {
                    largest_first = Some((size, at));
                }
            }
            d.push(tag, &text);
        }
    }
    let info = |k: &[u8]| -> Option<String> {
        let dict = doc.trailer.get_deref(b"Info", &doc).ok()?.as_dict().ok()?;
        let v = dict.get_deref(k, &doc).ok()?;
        let s = lopdf::decode_text_string(v).ok()?;
        let s = super::one_line(&s);
        (!s.is_empty()).then_some(s)
    };
    let meta_title = info(b"Title").map(clean_title).filter(|t| !t.is_empty());
    // The title: the metadata's, else the first page's largest heading.
    // A heading that repeats the title becomes it.
    let first_heading = largest_first.map(|(_, at)| at);
    match meta_title {
        Some(t) => {
            let same = d
                .blocks
                .iter()
                .position(|(tag, x)| *tag == "heading" && key(x) == key(&t));
            match same {
                Some(at) => d.blocks[at].0 = "title",
                None => d.put_first("title", &t),
            }
        }
        None => {
            if let Some(at) = first_heading {
                if let Some(b) = d.blocks.get_mut(at) {
                    b.0 = "title";
                }
            }
        }
    }
    if let Some(a) = info(b"Author") {
        d.put_first("byline", &a);
    }
    if let Some(date) = info(b"CreationDate").and_then(|s| pdf_date(&s)) {
        d.put_first("date", &date);
    }
    ex.docs.push(d);
}

fn first_page(by_page: &[(u32, Vec<Line>)]) -> u32 {
    by_page
        .iter()
        .find(|(_, l)| !l.is_empty())
        .map_or(1, |(n, _)| *n)
}

fn list(pages: &[u32]) -> String {
    let mut s: Vec<String> = pages.iter().take(10).map(u32::to_string).collect();
    if pages.len() > 10 {
        s.push(format!("and {} more", pages.len() - 10));
    }
    s.join(", ")
}

/// "Microsoft Word - report.docx" is a file name, not a title.
fn clean_title(t: String) -> String {
    let t = t
        .strip_prefix("Microsoft Word - ")
        .map(|s| {
            s.trim_end_matches(".docx")
                .trim_end_matches(".doc")
                .to_string()
        })
        .unwrap_or(t);
    if t.eq_ignore_ascii_case("untitled") {
        String::new()
    } else {
        t
    }
}

/// `D:20250103...` to `2025-01-03`.
fn pdf_date(s: &str) -> Option<String> {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = d.chars().take(8).collect();
    if digits.len() < 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8]
    ))
}

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn fonts<'a>(doc: &'a Document, page: lopdf::ObjectId) -> BTreeMap<Vec<u8>, Font<'a>> {
    let mut out = BTreeMap::new();
    let Ok(fonts) = doc.get_page_fonts(page) else {
        return out;
    };
    for (name, dict) in fonts {
        let encoding = dict.get_font_encoding_with_limit(doc, MAX_STREAM).ok();
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        out.insert(
            name,
            Font {
                encoding,
                widths: widths(doc, dict),
                two_byte,
            },
        );
    }
    out
}

fn widths(doc: &Document, font: &Dictionary) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let first = font
        .get(b"FirstChar")
        .ok()
        .and_then(num)
        .map_or(0, |f| f.max(0.0) as u32);
    if let Ok(Object::Array(ws)) = font.get_deref(b"Widths", doc) {
        for (i, w) in ws.iter().take(65536).enumerate() {
            if let Some(w) = doc.dereference(w).ok().and_then(|(_, o)| num(o)) {
                out.insert(first + i as u32, w);
            }
        }
    }
    out
}

/// The text pieces of one page, joined into lines in content order.
fn page_lines(doc: &Document, page: lopdf::ObjectId) -> lopdf::Result<Vec<Line>> {
    let fonts = fonts(doc, page);
    let data = doc.get_page_content_with_limit(page, MAX_STREAM)?;
    let content = Content::decode(&data)?;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut ctm = ID;
    let mut stack: Vec<M> = Vec::new();
    let (mut tm, mut tlm) = (ID, ID);
    let (mut size, mut leading) = (0.0f32, 0.0f32);
    let mut font: Option<&Font> = None;
    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "q" if stack.len() < 64 => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ID),
            "cm" => {
                if let Some(m) = nums::<6>(args) {
                    ctm = mul(&m, &ctm);
                }
            }
            "BT" => (tm, tlm) = (ID, ID),
            "Tf" => {
                font = args
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| fonts.get(n));
                size = args.get(1).and_then(num).unwrap_or(size);
            }
            "TL" => leading = args.first().and_then(num).unwrap_or(leading),
            "Td" | "TD" => {
                if let Some([tx, ty]) = nums::<2>(args) {
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
            }
            "Tm" => {
                if let Some(m) = nums::<6>(args) {
                    (tm, tlm) = (m, m);
                }
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                    tm = tlm;
                }
                let shown: &[Object] = match op.operator.as_str() {
                    "TJ" => match args.first() {
                        Some(Object::Array(a)) => a,
                        _ => &[],
                    },
                    "\"" => args.get(2).map(std::slice::from_ref).unwrap_or(&[]),
                    _ => args.first().map(std::slice::from_ref).unwrap_or(&[]),
                };
                show(shown, font, size, &mut tm, &ctm, &mut pieces);
            }
            _ => {}
        }
    }
    Ok(lines(pieces))
}

/// Decode and place the strings of one text operator; move the text
/// matrix past them.
fn show(
    shown: &[Object],
    font: Option<&Font>,
    size: f32,
    tm: &mut M,
    ctm: &M,
    out: &mut Vec<Piece>,
) {
    let mut text = String::new();
    let m = mul(tm, ctm);
    let scale = (m[2] * m[2] + m[3] * m[3]).sqrt().max(0.01);
    let (x0, y0) = (m[4], m[5]);
    let mut advance = 0.0f32; // in text space units
    for o in shown {
        match o {
            Object::String(bytes, _) => {
                let decoded = font
                    .and_then(|f| f.encoding.as_ref())
                    .and_then(|e| Document::decode_text(e, bytes).ok())
                    .unwrap_or_else(|| bytes.iter().map(|&b| b as char).collect());
                advance += width(font, bytes, &decoded) * size;
                text.push_str(&decoded);
            }
            o => {
                if let Some(n) = num(o) {
                    // A gap of a quarter em or more is a word space.
                    if n < -250.0 && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    advance -= n / 1000.0 * size;
                }
            }
        }
    }
    *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
    let end = mul(tm, ctm)[4];
    if !text.trim().is_empty() {
        out.push(Piece {
            x: x0,
            y: y0,
            end,
            size: size * scale,
            text,
        });
    }
}

/// Width of a shown string, in ems.
fn width(font: Option<&Font>, bytes: &[u8], decoded: &str) -> f32 {
    match font {
        Some(f) if !f.two_byte && !f.widths.is_empty() => bytes
            .iter()
            .map(|&b| f.widths.get(&(b as u32)).copied().unwrap_or(500.0) / 1000.0)
            .sum(),
        // No widths to hand: half an em a character is a fair mean.
        _ => decoded.chars().count() as f32 * 0.5,
    }
}

fn lines(pieces: Vec<Piece>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for p in pieces {
        let tol = p.size.max(1.0) * 0.4;
        match out.last_mut() {
            Some(l) if (l.y - p.y).abs() <= tol && p.x >= l.x - tol => {
                let gap = p.x - l.end;
                if gap > p.size * 0.15 && !l.text.ends_with(' ') && !p.text.starts_with(' ') {
                    l.text.push(' ');
                }
                l.text.push_str(&p.text);
                l.end = l.end.max(p.end);
                l.size = l.size.max(p.size);
            }
            _ => out.push(Line {
                x: p.x,
                y: p.y,
                end: p.end,
                size: p.size,
                text: p.text,
            }),
        }
    }
    for l in &mut out {
        l.text = super::one_line(&l.text);
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// Running heads and feet: a page's first or last line that recurs (digits
/// aside) on at least three pages and half of them, and bare page numbers.
fn drop_running_lines(pages: &mut [(u32, Vec<Line>)]) {
    let shape = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, ls) in pages.iter() {
        let ends: Vec<&Line> = ls.first().into_iter().chain(ls.last()).collect();
        let mut seen: Vec<String> = ends.iter().map(|l| shape(&l.text)).collect();
        seen.dedup();
        for s in seen {
            *count.entry(s).or_default() += 1;
        }
    }
    let n = pages.len();
    for (num, ls) in pages.iter_mut() {
        let running = |l: &Line| {
            let c = count.get(&shape(&l.text)).copied().unwrap_or(0);
            (c >= 3 && c * 2 >= n) || l.text == num.to_string()
        };
        if ls.len() > 1 && ls.last().is_some_and(running) {
            ls.pop();
        }
        if ls.len() > 1 && ls.first().is_some_and(running) {
            ls.remove(0);
        }
    }
}

/// The size most of the text is set in.
fn body_size(pages: &[(u32, Vec<Line>)]) -> f32 {
    let mut by: HashMap<i32, usize> = HashMap::new();
    for l in pages.iter().flat_map(|(_, ls)| ls) {
        *by.entry((l.size * 2.0).round() as i32).or_default() += l.text.len();
    }
    by.into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map_or(10.0, |(s, _)| s as f32 / 2.0)
}

fn bullet(s: &str) -> Option<&str> {
    for b in ["•", "●", "▪", "◦", "‣", "–", "-", "*", "\u{f0b7}"] {
        if let Some(rest) = s.strip_prefix(b) {
            if rest.starts_with(' ') {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// "1. ", "2) ", "(a) ", "b. " start a numbered item.
fn numbered(s: &str) -> bool {
    let t = s.strip_prefix('(').unwrap_or(s);
    let n = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let n = if n == 0 && t.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        1
    } else {
        n
    };
    (1..=3).contains(&n)
        && (t[n..].starts_with(". ") || t[n..].starts_with(") "))
        && t.is_char_boundary(n)
}

/// A page's lines as blocks: (tag, text, size). Lines join into a
/// paragraph until a wider gap, a change of size, an item mark, or a short
/// line ending a sentence.
fn blocks(lines: &[Line], body: f32) -> Vec<(&'static str, String, f32)> {
    let mut out: Vec<(&'static str, String, f32)> = Vec::new();
    let right = lines
        .iter()
        .filter(|l| (l.size - body).abs() < 0.6)
        .map(|l| l.end)
        .fold(0.0f32, f32::max);
    let mut prev: Option<&Line> = None;
    for l in lines {
        let heading = l.size >= body * 1.15 && l.text.chars().count() <= 200;
        let item = bullet(&l.text).is_some() || numbered(&l.text);
        let tag = if heading {
            "heading"
        } else if item {
            "list-item"
        } else {
            "paragraph"
        };
        let joins = prev.is_some_and(|p| {
            let gap = p.y - l.y;
            let same_size = (p.size - l.size).abs() < 0.6;
            let short_end =
                p.end < right * 0.8 && p.text.ends_with(['.', '!', '?', ':', '"', '”']) && !heading;
            same_size && gap > 0.0 && gap < p.size * 1.6 && !item && !short_end
        });
        match out.last_mut() {
            Some(last) if joins && (last.0 != "list-item" || l.x > prev.map_or(0.0, |p| p.x)) => {
                if last.1.ends_with('-') {
                    last.1.push_str(&l.text);
                } else {
                    last.1.push(' ');
                    last.1.push_str(&l.text);
                }
            }
            _ => {
                let text = bullet(&l.text).unwrap_or(&l.text).to_string();
                out.push((tag, text, l.size));
            }
        }
        prev = Some(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_marks() {
        assert!(numbered("1. First"));
        assert!(numbered("(a) first"));
        assert!(numbered("12) x"));
        assert!(!numbered("1996. The year"));
        assert!(!numbered("In 1996."));
        assert_eq!(bullet("• Item"), Some("Item"));
        assert_eq!(bullet("-5 degrees"), None);
    }

    #[test]
    fn dates_and_titles() {
        assert_eq!(pdf_date("D:20250103120000Z").as_deref(), Some("2025-01-03"));
        assert_eq!(pdf_date("yesterday"), None);
        assert_eq!(clean_title("Microsoft Word - report.docx".into()), "report");
    }
}
