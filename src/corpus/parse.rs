//! One file's bytes to a [`ParsedFile`]: decode, pick the format, read
//! units, segment, number the documents, link teasers.
//!
//! Document ids are `<file name>#<n>`: the file's last path component and
//! the 1-based position of the document in it. Stable for the same input;
//! [`super::Corpus::add`] suffixes `~2`, `~3` when two files share a name.

use super::decode::{binary_kind, decode};
use super::run::Run;
use super::segment::segment_measured;
use super::unit::Unit;
use super::{html, markdown, text_page, Document, FieldKind, ParsedFile, Teaser};

/// The most of one file that is read: 256 MB (about 1.5 GB of memory
/// while it is parsed; see the README's bounds).
pub(crate) const MAX_FILE: usize = 256 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Markdown,
}

fn sniff(name: &str, text: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let trimmed = head.trim_start();
    let tags = [
        "<p>", "<p ", "</p>", "<div", "</div>", "<br", "<article", "<body", "<h1", "<h2", "<li>",
    ]
    .iter()
    .map(|t| head.matches(t).count())
    .sum::<usize>();
    if lower.ends_with(".html")
        || lower.ends_with(".htm")
        || trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || tags >= 4
    {
        return Format::Html;
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return Format::Markdown;
    }
    let atx = head
        .lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        .count();
    let links = head.matches("](").count();
    if head.starts_with("---\n") && head.contains("\ntitle:") || atx >= 2 || atx >= 1 && links >= 1
    {
        return Format::Markdown;
    }
    Format::Text
}

/// Normalised title for matching a teaser to a document.
pub(crate) fn title_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Documents by title key (the first with each title), for linking teasers.
pub(crate) type Titles<'a> = std::collections::HashMap<String, &'a str>;

pub(crate) fn titles(docs: &[Document]) -> Titles<'_> {
    let mut by_title = Titles::default();
    for d in docs {
        if let Some(k) = d.title().map(title_key).filter(|k| !k.is_empty()) {
            by_title.entry(k).or_insert(&d.id);
        }
    }
    by_title
}

/// Point each unlinked teaser at the document with its title, if any.
pub(crate) fn link_teasers(teasers: &mut [Teaser], by_title: &Titles) {
    for t in teasers.iter_mut().filter(|t| t.document.is_none()) {
        t.document = by_title.get(&title_key(&t.title)).map(|id| id.to_string());
    }
}

/// Parse one input file. Never fails: problems become diagnostics.
pub fn parse(name: &str, bytes: &[u8]) -> ParsedFile {
    Parsing::new(name, bytes).finish()
}

/// A parse in steps, so a long file does not hold the page: read the page
/// into blocks ([`Parsing::new`]), measure the blocks a slice at a time
/// ([`Parsing::step`]), then segment them into documents
/// ([`Parsing::finish`]), which needs them all.
pub struct Parsing {
    out: ParsedFile,
    /// `None` when there is nothing to read (an empty or binary file).
    page: Option<(Run, Format)>,
    page_title: Option<Unit>,
    /// An HTML page is read into documents at once, from its tree.
    html: Option<Vec<Vec<super::Field>>>,
    units: std::vec::IntoIter<Unit>,
    total: usize,
    measured: Vec<super::segment::U>,
}

impl Parsing {
    pub fn new(name: &str, bytes: &[u8]) -> Parsing {
        let mut p = Parsing {
            out: ParsedFile {
                name: name.to_string(),
                ..ParsedFile::default()
            },
            page: None,
            page_title: None,
            html: None,
            units: Vec::new().into_iter(),
            total: 0,
            measured: Vec::new(),
        };
        if bytes.is_empty() {
            p.out.diagnostics.push(format!("{name}: empty file"));
            return p;
        }
        if let Some(what) = binary_kind(bytes) {
            p.out.diagnostics.push(format!(
                "{name}: looks like {what}, not a text, HTML or Markdown page; skipped"
            ));
            return p;
        }
        // Bounded work per file: past MAX_FILE the rest is not read (said).
        let bytes = match bytes.get(..MAX_FILE) {
            Some(head) if bytes.len() > MAX_FILE => {
                // At the last line end, so no character or line is cut in two.
                let cut = head.iter().rposition(|&b| b == b'\n').map_or_else(
                    || {
                        // No line end: at a character start.
                        (0..=MAX_FILE)
                            .rev()
                            .take(4)
                            .find(|&i| bytes.get(i).is_none_or(|&b| !(0x80..0xC0).contains(&b)))
                            .unwrap_or(MAX_FILE)
                    },
                    |i| i + 1,
                );
                p.out.diagnostics.push(format!(
                    "{name}: {} MB; only the first {} MB were read (the limit per file)",
                    bytes.len() >> 20,
                    cut >> 20
                ));
                bytes.get(..cut).unwrap_or(head)
            }
            _ => bytes,
        };
        let decoded = decode(bytes);
        for note in &decoded.notes {
            p.out.diagnostics.push(format!("{name}: {note}"));
        }
        p.out.offsets_in_text = decoded.utf16.is_some();
        let page = decoded.run;
        let format = sniff(name, &page.text);
        let units: Vec<Unit> = match format {
            Format::Text => text_page::units(&page),
            Format::Markdown => markdown::units(&page),
            Format::Html => {
                let read = html::read(&page);
                p.out
                    .diagnostics
                    .extend(read.notes.into_iter().map(|n| format!("{name}: {n}")));
                p.html = Some(read.docs);
                Vec::new()
            }
        };
        let (units, split) = super::unit::split_long(units, super::unit::MAX_UNIT);
        if split > 0 {
            p.out.diagnostics.push(format!(
                "{name}: {split} block(s) longer than {} KB split into paragraphs of at most that size",
                super::unit::MAX_UNIT / 1024
            ));
        }
        p.total = units.len();
        p.measured.reserve(units.len());
        p.units = units.into_iter();
        p.page = Some((page, format));
        p
    }

    /// Measure up to `n` more blocks; returns (blocks measured, blocks in
    /// all), or `None` when only [`Parsing::finish`] is left.
    pub fn step(&mut self, n: usize) -> Option<(usize, usize)> {
        let before = self.units.len();
        if before == 0 {
            return None;
        }
        for u in self.units.by_ref().take(n) {
            if let Some(m) = super::segment::measure(u) {
                self.measured.push(m);
            }
        }
        Some((self.total - self.units.len(), self.total))
    }

    /// Segment what was measured (and any blocks left) into documents.
    pub fn finish(mut self) -> ParsedFile {
        while self.step(usize::MAX).is_some() {}
        let Some((page, format)) = self.page else {
            return self.out;
        };
        let mut out = self.out;
        let name = out.name.clone();
        let name = name.as_str();
        let page_title = self.page_title;
        let mut seg = match self.html {
            Some(docs) => super::segment::Segmented {
                docs,
                teasers: Vec::new(),
            },
            None => segment_measured(self.measured),
        };
        // An HTML page's <title> stands in for the title of its one article
        // when the content has none of its own (not on listings: it names the list).
        if let (Some(t), [doc]) = (page_title, seg.docs.as_mut_slice()) {
            if !doc.iter().any(|f| f.kind == FieldKind::Title) {
                let at = doc
                    .iter()
                    .take_while(|f| f.kind == FieldKind::Section)
                    .count();
                doc.insert(at, super::segment::title_field(&t.run));
            }
        }
        let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
        for (n, fields) in seg.docs.into_iter().enumerate() {
            out.documents.push(Document {
                id: format!("{stem}#{}", n + 1),
                file: name.to_string(),
                fields,
            });
        }
        for t in seg.teasers {
            out.teasers.push(Teaser {
                file: name.to_string(),
                section: t.section,
                age: t.age,
                title: t.title,
                snippet: t.snippet,
                document: None,
            });
        }
        link_teasers(&mut out.teasers, &titles(&out.documents));
        if out.documents.is_empty() && out.teasers.is_empty() {
            // Nothing but what looked like chrome: a reader who gave us this
            // text still wants it, as plain paragraphs.
            let fields = if format == Format::Html {
                Vec::new()
            } else {
                super::segment::plain_fields(&page)
            };
            if fields.is_empty() {
                out.diagnostics.push(format!("{name}: no text found"));
            } else {
                out.documents.push(Document {
                    id: format!("{stem}#1"),
                    file: name.to_string(),
                    fields,
                });
            }
        }
        let untitled = out
            .documents
            .iter()
            .filter(|d| !d.fields.iter().any(|f| f.kind == FieldKind::Title))
            .count();
        if untitled > 0 && out.documents.len() > 1 {
            out.diagnostics
                .push(format!("{name}: {untitled} document(s) without a title"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_in_small_steps_equals_one_in_one_go() {
        let seed = super::super::BUNDLED;
        let mut page = Vec::new();
        for n in 0..3 {
            page.extend_from_slice(format!("Field notes {n}\n\nFarmers met.\n\n").as_bytes());
            page.extend_from_slice(seed);
        }
        let mut p = Parsing::new("notes.txt", &page);
        let mut last = 0;
        while let Some((done, all)) = p.step(7) {
            assert!(done > last && done <= all);
            last = done;
        }
        assert!(last > 100, "{last} blocks");
        let stepped = p.finish();
        assert_eq!(
            format!("{stepped:?}"),
            format!("{:?}", parse("notes.txt", &page))
        );
        assert!(stepped.documents.len() >= 12);
    }
}
