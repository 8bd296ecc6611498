//! Segmentation of scraped pages into documents.
//!
//! A page's bytes become [`Document`]s, each an ordered list of typed
//! [`Field`]s (section label, title, byline, body paragraphs, captions, ...).
//! A field's text may be repaired (spaces restored, entities decoded); its
//! [`OffsetMap`] maps every position back to the input bytes. Parsing never
//! fails: any bytes give documents plus diagnostics.
//!
//! Pipeline (`parse`): `decode` (binary refused, invalid UTF-8 decoded
//! lossily or as Windows-1252) -> a format reader (`text_page`, `html`,
//! `markdown`) turning the page into units with markup hints -> `segment`
//! (repairs each unit via `repair`, takes teaser lists out, then splits
//! prose runs and short-line clusters into documents by shape and
//! position, see its docs) -> ids and teaser links. Every derived string is
//! a `run::Run` built with [`crate::text::MapBuilder::append_from`] or edit
//! lists, so maps compose from the input to the final field.
//!
//! Document ids are `<file name>#<n>` (last path component, 1-based order
//! in the file); [`Corpus::add`] suffixes `~2`... on clashes and keeps
//! teaser links right. Image alt-text junk such as the seed's "people art"
//! (short, all lowercase) is dropped, never a caption.

mod decode;
mod formats;
mod html;
mod markdown;
mod parse;
mod repair;
mod run;
mod segment;
mod shape;
mod text_page;
mod unit;
pub mod wire;

use crate::span::Span;
use crate::text::OffsetMap;

pub use parse::{parse, Parsing};

/// The text of a page's bytes, decoded as [`parse`] decodes them (UTF-8,
/// else Windows-1252 or lossy UTF-8); `None` for a binary file.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    if decode::binary_kind(bytes).is_some() {
        return None;
    }
    Some(decode::decode(bytes).0.text)
}

/// What a built explorer carries for a file: the extracted text of a PDF,
/// Word file or mail (natively; see `formats`), else [`decode_text`].
pub fn packed_text(name: &str, bytes: &[u8]) -> Option<String> {
    formats::extracted_text(name, bytes).or_else(|| decode_text(bytes))
}

/// The page bundled into the explorer, byte for byte as scraped.
pub const BUNDLED_NAME: &str = "seeds/000_305abcc8f379b296.txt";
pub const BUNDLED: &[u8] = include_bytes!("../../seeds/000_305abcc8f379b296.txt");

/// What a field of a document is. Body kinds are listed in reading order
/// in [`Document::fields`]; the others describe the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Section,
    Title,
    Byline,
    Dateline,
    /// The lead image caption, shown under the title.
    LeadCaption,
    Paragraph,
    Heading,
    /// A photo caption inside the body.
    Caption,
    ListItem,
    Quote,
    Attribution,
}

impl FieldKind {
    /// Whether the field belongs to the body (the contract's `blocks`).
    pub fn is_body(self) -> bool {
        !matches!(
            self,
            FieldKind::Section
                | FieldKind::Title
                | FieldKind::Byline
                | FieldKind::Dateline
                | FieldKind::LeadCaption
        )
    }

    /// The name used on the wire and in the page.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Section => "section",
            FieldKind::Title => "title",
            FieldKind::Byline => "byline",
            FieldKind::Dateline => "dateline",
            FieldKind::LeadCaption => "lead-caption",
            FieldKind::Paragraph => "paragraph",
            FieldKind::Heading => "heading",
            FieldKind::Caption => "caption",
            FieldKind::ListItem => "list-item",
            FieldKind::Quote => "quote",
            FieldKind::Attribution => "attribution",
        }
    }
}

/// One typed run of text of a document.
#[derive(Clone, Debug)]
pub struct Field {
    pub kind: FieldKind,
    /// The text as shown and indexed (repaired).
    pub text: String,
    /// Where it came from in the input file.
    pub span: Span,
    /// Positions of `text` to input bytes.
    pub map: OffsetMap,
}

impl Field {
    /// The input bytes `span` of this field's text came from.
    pub fn original(&self, span: Span) -> Span {
        self.map.to_original(span)
    }
}

/// An article, or an item of a listing page.
#[derive(Clone, Debug)]
pub struct Document {
    /// Unique within a corpus and stable across runs for the same input.
    pub id: String,
    /// The file as given (its path on the command line, or its name in the page).
    pub file: String,
    pub fields: Vec<Field>,
}

impl Document {
    fn first(&self, kind: FieldKind) -> Option<&Field> {
        self.fields.iter().find(|f| f.kind == kind)
    }

    pub fn title(&self) -> Option<&str> {
        self.first(FieldKind::Title).map(|f| f.text.as_str())
    }

    pub fn section(&self) -> Option<&str> {
        self.first(FieldKind::Section).map(|f| f.text.as_str())
    }

    pub fn byline(&self) -> Option<&str> {
        self.first(FieldKind::Byline).map(|f| f.text.as_str())
    }

    pub fn dateline(&self) -> Option<&str> {
        self.first(FieldKind::Dateline).map(|f| f.text.as_str())
    }

    pub fn lead_caption(&self) -> Option<&str> {
        self.first(FieldKind::LeadCaption).map(|f| f.text.as_str())
    }

    pub fn body(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.kind.is_body())
    }
}

/// An item of a teaser list ("Latest"): a pointer to an article, not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teaser {
    pub file: String,
    pub section: Option<String>,
    pub age: Option<String>,
    pub title: String,
    pub snippet: Option<String>,
    /// The id of the document of the same corpus this teaser repeats.
    pub document: Option<String>,
}

/// What one input file gave.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    pub name: String,
    pub documents: Vec<Document>,
    pub teasers: Vec<Teaser>,
    /// Problems met and repaired, for the user: never a reason to fail.
    pub diagnostics: Vec<String>,
    /// For a file that is not text (PDF, Word, mail): the text extracted
    /// from it, which every span of its documents indexes instead of the
    /// file's bytes. `None`: spans index the file's bytes.
    pub extracted: Option<String>,
}

/// Every document of every file, in input order.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub files: Vec<ParsedFile>,
    /// All documents, flattened; the index of a document here is its number
    /// everywhere else in the core.
    pub documents: Vec<Document>,
    pub teasers: Vec<Teaser>,
}

/// The bundled seed page as a `(name, bytes)` file.
pub fn bundled_file() -> (String, Vec<u8>) {
    (BUNDLED_NAME.to_string(), BUNDLED.to_vec())
}

impl Corpus {
    /// The bundled seed page, parsed.
    pub fn bundled() -> Corpus {
        Corpus::from_files([bundled_file()])
    }

    /// Parse each `(name, bytes)` pair and gather the documents.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Corpus {
        let mut corpus = Corpus::default();
        for (name, bytes) in files {
            corpus.add(parse(&name, &bytes));
        }
        corpus
    }

    /// Add a parsed file, keeping document ids unique (a clash gets `~2`,
    /// `~3`...) and teaser links pointing at the right documents, across
    /// files too: a teaser on one page links to the article on another.
    pub fn add(&mut self, mut file: ParsedFile) {
        let mut ids: std::collections::HashSet<String> =
            self.documents.iter().map(|d| d.id.clone()).collect();
        for doc in &mut file.documents {
            let base = doc.id.clone();
            let mut n = 2;
            while ids.contains(&doc.id) {
                doc.id = format!("{base}~{n}");
                n += 1;
            }
            if doc.id != base {
                for t in &mut file.teasers {
                    if t.document.as_deref() == Some(base.as_str()) {
                        t.document = Some(doc.id.clone());
                    }
                }
            }
            ids.insert(doc.id.clone());
        }
        // Each title map is built once, and the corpus's only when a new
        // teaser needs it.
        if file.teasers.iter().any(|t| t.document.is_none()) {
            parse::link_teasers(&mut file.teasers, &parse::titles(&self.documents));
        }
        let new = parse::titles(&file.documents);
        parse::link_teasers(&mut self.teasers, &new);
        for f in &mut self.files {
            parse::link_teasers(&mut f.teasers, &new);
        }
        self.documents.extend(file.documents.iter().cloned());
        self.teasers.extend(file.teasers.iter().cloned());
        self.files.push(file);
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &String> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }
}
