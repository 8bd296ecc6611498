//! Files that are not text: PDF, Word (`.docx`) and mail (`.eml`, `.mbox`).
//!
//! A reader turns such a file into [`Doc`]s of tagged blocks. They are
//! written out as the file's *extracted text*, one block a line, its kind
//! first (`title Annual report`, `paragraph The board met ...`), and the
//! documents are read back from that text by [`read_extracted`]: every span
//! then indexes the extracted text, never the file's bytes (the JSON says
//! `"offsets": "extracted"` and carries the text). The same text is what
//! `dossier build` packs for the page (a built explorer reads it back
//! without reading the PDF again); the page reads these formats too, with
//! the same crates (their wasm cost is in the README, "Formats").
//!
//! Line tags: the field kinds' wire names, `row` (a table row, cells joined
//! by ` | `; read as a paragraph), `doc ORIGIN` (a new document: the
//! message or attachment it came from), `page N` (where page N of a PDF
//! starts) and `note TEXT` (a diagnostic).

mod docx;
mod mail;
mod unzip;
// lopdf (with its font tables, crypto and encodings) would double the
// page's wasm: PDFs are read natively, by `dossier build` and `parse`, and
// a built explorer carries their extracted text.
#[cfg(not(target_arch = "wasm32"))]
mod pdf;

use super::{Document, Field, FieldKind, ParsedFile};
use crate::span::Span;
use crate::text::OffsetMap;

/// The first bytes of an extracted text.
pub(crate) const MAGIC: &str = "%dossier-extracted ";

/// How deep attachments of attachments are read (a message in a message
/// in a message is read; one level more is noted and left out).
const MAX_DEPTH: usize = 3;

/// What the page says of a PDF picked there (`{}`: the file).
#[cfg(target_arch = "wasm32")]
pub(crate) const PDF_IN_PAGE: &str = "{}: PDF files are read by `dossier build` (the command line), not in this page; build an explorer with it to read this file here. Left out.";

/// A format read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Pdf,
    Docx,
    Mail,
}

impl Kind {
    /// By magic bytes first, then by name (mail has no magic).
    pub(crate) fn of(name: &str, bytes: &[u8]) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        // A PDF may have junk before its header (the spec allows 1024 bytes).
        let head = bytes.get(..1024).unwrap_or(bytes);
        if head.windows(5).any(|w| w == b"%PDF-") && (bytes.starts_with(b"%PDF") || ext == "pdf") {
            return Some(Kind::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") && (ext == "docx" || ext == "docm" || is_docx(bytes)) {
            return Some(Kind::Docx);
        }
        if matches!(ext, "eml" | "mbox" | "mbx") || looks_like_mail(bytes) {
            return Some(Kind::Mail);
        }
        None
    }
}

/// A ZIP whose first entry names a Word part (Word writes `[Content_Types].xml`
/// first and `word/` soon after; the local headers sit at the front).
fn is_docx(bytes: &[u8]) -> bool {
    let head = bytes.get(..4096).unwrap_or(bytes);
    head.windows(9).any(|w| w == b"word/docu") || head.windows(10).any(|w| w == b"word/_rels")
}

/// An mbox (`From ` then headers) or a message: a header block whose every
/// line is a header or a continuation, with From and one of Date, Subject
/// or Message-ID, and at least three headers in all.
fn looks_like_mail(bytes: &[u8]) -> bool {
    let head = bytes.get(..16384).unwrap_or(bytes);
    let Ok(head) = std::str::from_utf8(
        head.utf8_chunks()
            .next()
            .map_or(&[][..], |c| &head[..c.valid().len()]),
    ) else {
        return false;
    };
    let mut lines = head.lines();
    let mut first = lines.next().unwrap_or("");
    if first.starts_with("From ") {
        first = lines.next().unwrap_or("");
    }
    let mut names = Vec::new();
    for line in std::iter::once(first).chain(lines) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if names.is_empty() {
                return false;
            }
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        names.push(name.to_ascii_lowercase());
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    names.len() >= 3 && has("from") && (has("date") || has("subject") || has("message-id"))
}

/// What a reader found: documents, and notes for the user.
#[derive(Debug, Default)]
pub(crate) struct Extract {
    pub docs: Vec<Doc>,
    pub notes: Vec<String>,
}

/// One document: where it came from, and its blocks in reading order.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub origin: String,
    pub blocks: Vec<(&'static str, String)>,
}

impl Doc {
    pub fn new(origin: impl Into<String>) -> Doc {
        Doc {
            origin: origin.into(),
            blocks: Vec::new(),
        }
    }

    /// Add a block; blank text adds nothing.
    pub fn push(&mut self, tag: &'static str, text: &str) {
        let text = one_line(text);
        if !text.is_empty() {
            self.blocks.push((tag, text));
        }
    }

    pub fn has(&self, tag: &str) -> bool {
        self.blocks.iter().any(|(t, _)| *t == tag)
    }

    /// Whether any block holds text (page markers do not).
    pub fn has_text(&self) -> bool {
        self.blocks.iter().any(|(t, _)| *t != "page")
    }

    /// Put a describing block (title, byline, ...) before the body.
    pub fn put_first(&mut self, tag: &'static str, text: &str) {
        let text = one_line(text);
        if !text.is_empty() {
            let at = self
                .blocks
                .iter()
                .take_while(|(t, _)| {
                    matches!(*t, "section" | "title" | "byline" | "dateline" | "date")
                })
                .count();
            self.blocks.insert(at, (tag, text));
        }
    }
}

/// Whitespace runs (newlines too) to one space; control characters to
/// spaces; trimmed. A block is one line of the extracted text.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{feff}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

impl Extract {
    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// The extracted text: the magic line, the notes, then every document.
    pub fn render(&self, kind: Kind) -> String {
        let mut out = String::new();
        out.push_str(MAGIC);
        out.push_str(match kind {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Mail => "mail",
        });
        out.push('\n');
        for n in &self.notes {
            line(&mut out, "note", n);
        }
        for d in &self.docs {
            line(&mut out, "doc", &d.origin);
            for (tag, text) in &d.blocks {
                line(&mut out, tag, text);
            }
        }
        out
    }
}

fn line(out: &mut String, tag: &str, text: &str) {
    out.push_str(tag);
    out.push(' ');
    out.push_str(&one_line(text));
    out.push('\n');
}

fn kind_of(tag: &str) -> Option<FieldKind> {
    Some(match tag {
        "section" => FieldKind::Section,
        "title" => FieldKind::Title,
        "byline" => FieldKind::Byline,
        "dateline" => FieldKind::Dateline,
        "date" => FieldKind::Date,
        "lead-caption" => FieldKind::LeadCaption,
        "paragraph" | "row" => FieldKind::Paragraph,
        "heading" => FieldKind::Heading,
        "caption" => FieldKind::Caption,
        "list-item" => FieldKind::ListItem,
        "quote" => FieldKind::Quote,
        "attribution" => FieldKind::Attribution,
        _ => return None,
    })
}

/// The documents of an extracted text; spans index `text`. A line with a
/// tag it does not know is read whole as a paragraph, so a hand-edited
/// text loses nothing.
pub(crate) fn read_extracted(name: &str, text: &str) -> ParsedFile {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut out = ParsedFile {
        name: name.to_string(),
        extracted: Some(text.to_string()),
        ..ParsedFile::default()
    };
    let mut docs: Vec<Vec<Field>> = Vec::new();
    let mut fresh = true;
    let mut at = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = at;
        at += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if n == 0 && line.starts_with(MAGIC) {
            continue;
        }
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        let field = |kind, from: usize| {
            let s = Span::new(start + from, start + line.len());
            Field {
                kind,
                text: text[s.start..s.end].to_string(),
                span: s,
                map: OffsetMap::identity(s.start, s.len()),
            }
        };
        match tag {
            "doc" => fresh = true,
            "page" => {}
            // Notes name what they are about from the file's last path
            // component on ("box.mbox message 3: ..."): put the path back.
            "note" => out.diagnostics.push(match rest.strip_prefix(stem) {
                Some(tail) if tail.starts_with([':', ' ', ',']) => format!("{name}{tail}"),
                _ => format!("{name}: {rest}"),
            }),
            _ if line.trim().is_empty() => {}
            _ => {
                let f = match kind_of(tag) {
                    Some(kind) if !rest.trim().is_empty() => field(kind, tag.len() + 1),
                    Some(_) => continue,
                    None => field(FieldKind::Paragraph, 0),
                };
                if fresh || docs.is_empty() {
                    docs.push(Vec::new());
                    fresh = false;
                }
                if let Some(d) = docs.last_mut() {
                    d.push(f);
                }
            }
        }
    }
    for (n, fields) in docs.into_iter().enumerate() {
        out.documents.push(Document {
            id: format!("{stem}#{}", n + 1),
            file: name.to_string(),
            fields,
        });
    }
    if out.documents.is_empty() && out.diagnostics.is_empty() {
        out.diagnostics.push(format!("{name}: no text found"));
    }
    out
}

/// Read `bytes` here if they are an extracted text or a format of this
/// module; `None` leaves them to the text readers.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Option<ParsedFile> {
    extracted_text(name, bytes).map(|text| read_extracted(name, &text))
}

/// The extracted text of a file of a format read here (what `dossier
/// build` packs for the page); `None` for any other file.
pub(crate) fn extracted_text(name: &str, bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(MAGIC.as_bytes()) {
        return Some(String::from_utf8_lossy(bytes).into_owned());
    }
    let kind = Kind::of(name, bytes)?;
    let mut ex = Extract::default();
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    read_into(kind, stem, bytes, 0, &mut ex);
    Some(ex.render(kind))
}

/// Read one file (or attachment) of a known kind into `ex`. `label` names
/// it in notes.
pub(crate) fn read_into(kind: Kind, label: &str, bytes: &[u8], depth: usize, ex: &mut Extract) {
    match kind {
        #[cfg(not(target_arch = "wasm32"))]
        Kind::Pdf => pdf::read(label, bytes, ex),
        #[cfg(target_arch = "wasm32")]
        Kind::Pdf => ex.note(PDF_IN_PAGE.replace("{}", label)),
        Kind::Docx => docx::read(label, bytes, ex),
        Kind::Mail => mail::read(label, bytes, depth, ex),
    }
}

/// Read a text, HTML or Markdown file through the ordinary parse path into
/// documents of `ex` (an attachment, or an HTML mail body's blocks).
pub(crate) fn parse_text_into(label: &str, bytes: &[u8], ex: &mut Extract) -> Vec<Doc> {
    let parsed = super::parse(label, bytes);
    for d in &parsed.diagnostics {
        ex.note(d.clone());
    }
    let mut docs: Vec<Doc> = parsed
        .documents
        .iter()
        .map(|d| {
            let mut doc = Doc::new(label);
            for f in &d.fields {
                doc.push(f.kind.name(), &f.text);
            }
            doc
        })
        .collect();
    // Teasers are pointers, not articles, but they are text the reader
    // gave: kept as list items of the last document.
    if !parsed.teasers.is_empty() {
        if docs.is_empty() {
            docs.push(Doc::new(label));
        }
        if let Some(last) = docs.last_mut() {
            for t in &parsed.teasers {
                let text = match &t.snippet {
                    Some(s) => format!("{} — {s}", t.title),
                    None => t.title.clone(),
                };
                last.push("list-item", &text);
            }
        }
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracted_text_reads_back_with_exact_spans() {
        let mut ex = Extract::default();
        ex.note("one note");
        ex.note("box.mbox message 2: empty");
        let mut d = Doc::new("message 1");
        d.push("paragraph", "Body  text\nover lines");
        d.put_first("title", "A title");
        d.push("row", "a | b");
        ex.docs.push(d);
        let mut e = Doc::new("attachment");
        e.push("heading", "Only heading");
        e.push("page", "2");
        ex.docs.push(e);
        let text = ex.render(Kind::Mail);
        let p = read_extracted("x/box.mbox", &text);
        assert_eq!(p.documents.len(), 2);
        assert_eq!(p.documents[0].id, "box.mbox#1");
        assert_eq!(p.documents[0].title(), Some("A title"));
        let kinds: Vec<&str> = p.documents[0]
            .fields
            .iter()
            .map(|f| f.kind.name())
            .collect();
        assert_eq!(kinds, ["title", "paragraph", "paragraph"]);
        assert_eq!(p.documents[0].fields[1].text, "Body text over lines");
        for f in p.documents.iter().flat_map(|d| &d.fields) {
            assert_eq!(&text[f.span.start..f.span.end], f.text);
        }
        assert_eq!(
            p.diagnostics,
            ["x/box.mbox: one note", "x/box.mbox message 2: empty"]
        );
    }

    #[test]
    fn mail_is_sniffed_by_its_headers_not_by_a_from_line() {
        let mail = b"From: a@b.c\nTo: d@e.f\nSubject: Hi\n\nBody\n";
        assert_eq!(Kind::of("x", mail), Some(Kind::Mail));
        let news = b"From: our correspondent\nKABUL, May 3\n\nText\n";
        assert_eq!(Kind::of("x.txt", news), None);
        assert_eq!(Kind::of("x.txt", b"%PDF-1.4\n"), Some(Kind::Pdf));
        assert_eq!(Kind::of("x.zip", b"PK\x03\x04rest"), None);
    }
}
