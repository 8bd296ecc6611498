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
    Some(decode::decode(bytes).run.text)
}

/// The text a file's offsets index when that is not its bytes: the
/// decoded text (as UTF-8) of a UTF-16 file. `None` for 8-bit input,
/// whose offsets are into the bytes as given.
pub fn offset_text(bytes: &[u8]) -> Option<String> {
    decode::utf16_base(bytes)
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
    /// The date the page gives the article ("March 9, 2021", "2 hours ago").
    Date,
    /// The lead image caption, shown under the title.
    LeadCaption,
    Paragraph,
    Heading,
    /// A photo caption inside the body.
    Caption,
    ListItem,
    Quote,
    Attribution,
    /// Rows of cells: the text is the cells joined by tabs, rows by line
    /// ends (see [`Field::table_rows`]); never repaired, so each cell maps
    /// to its input bytes exactly.
    Table,
    /// Preformatted code, every character as written (Markdown code blocks).
    Code,
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
                | FieldKind::Date
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
            FieldKind::Date => "date",
            FieldKind::LeadCaption => "lead-caption",
            FieldKind::Paragraph => "paragraph",
            FieldKind::Heading => "heading",
            FieldKind::Caption => "caption",
            FieldKind::ListItem => "list-item",
            FieldKind::Quote => "quote",
            FieldKind::Attribution => "attribution",
            FieldKind::Table => "table",
            FieldKind::Code => "code",
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

    /// A table's cells as spans of `text`, row by row (empty for other
    /// kinds). Map a cell through [`Field::original`] for its input bytes.
    pub fn table_rows(&self) -> Vec<Vec<Span>> {
        if self.kind != FieldKind::Table {
            return Vec::new();
        }
        let mut rows = Vec::new();
        let mut at = 0;
        for row in self.text.split('\n') {
            let mut cells = Vec::new();
            let mut c = at;
            for cell in row.split('\t') {
                cells.push(Span::new(c, c + cell.len()));
                c += cell.len() + 1;
            }
            rows.push(cells);
            at += row.len() + 1;
        }
        rows
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

    pub fn date(&self) -> Option<&str> {
        self.first(FieldKind::Date).map(|f| f.text.as_str())
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
    /// Spans point into the decoded text (as UTF-8), not the input bytes:
    /// for input that is not 8-bit text (UTF-16).
    pub offsets_in_text: bool,
}

/// Every document of every file, in input order.
#[derive(Clone, Default)]
pub struct Corpus {
    pub files: Vec<ParsedFile>,
    /// All documents, flattened; the index of a document here is its number
    /// everywhere else in the core.
    pub documents: Vec<Document>,
    pub teasers: Vec<Teaser>,
    /// What [`Corpus::add`] remembers between files so that adding n files
    /// costs O(n): the ids taken, the first document of each title, the
    /// teasers still waiting for their article. Derived from the fields
    /// above (and caught up if they were filled directly).
    pub links: Links,
}

// The links are a cache: a corpus prints as its files, documents and teasers.
impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field("files", &self.files)
            .field("documents", &self.documents)
            .field("teasers", &self.teasers)
            .finish()
    }
}

/// The bookkeeping of [`Corpus::add`]; opaque.
#[derive(Clone, Default)]
pub struct Links {
    /// Every document id of the corpus.
    ids: std::collections::HashSet<String>,
    /// The next `~n` suffix to try for a base id that clashed before: ids
    /// are never taken back, so a suffix once taken stays taken.
    next_suffix: std::collections::HashMap<String, usize>,
    /// Title key to the id of the first document with that title.
    titles: std::collections::HashMap<String, String>,
    /// Title key to the unlinked teasers with it: (file, teaser in the
    /// file, teaser in `Corpus::teasers`).
    waiting: std::collections::HashMap<String, Vec<(usize, usize, usize)>>,
    /// How many of `Corpus::documents` and `Corpus::teasers` are counted.
    documents: usize,
    teasers: usize,
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

    /// Count documents and teasers pushed without [`Corpus::add`] (a caller
    /// may fill the public fields directly), as `add` would have.
    fn catch_up(&mut self) {
        let l = &mut self.links;
        for d in self.documents.get(l.documents..).unwrap_or(&[]) {
            l.ids.insert(d.id.clone());
            if let Some(k) = d.title().map(parse::title_key).filter(|k| !k.is_empty()) {
                l.titles.entry(k).or_insert_with(|| d.id.clone());
            }
        }
        for (ci, t) in self.teasers.iter().enumerate().skip(l.teasers) {
            let key = parse::title_key(&t.title);
            if t.document.is_none() && !key.is_empty() {
                l.waiting.entry(key).or_default().push((usize::MAX, 0, ci));
            }
        }
        l.documents = self.documents.len();
        l.teasers = self.teasers.len();
    }

    /// Add a parsed file, keeping document ids unique (a clash gets `~2`,
    /// `~3`...) and teaser links pointing at the right documents, across
    /// files too: a teaser on one page links to the article on another.
    /// A teaser links to the first article of its title in its own file,
    /// else in the files before it, else in the first file after it that
    /// has one. Costs the size of `file`, whatever the corpus holds.
    pub fn add(&mut self, mut file: ParsedFile) {
        self.catch_up();
        let l = &mut self.links;
        let mut renamed: std::collections::HashMap<String, String> = Default::default();
        for doc in &mut file.documents {
            if l.ids.contains(&doc.id) {
                let base = doc.id.clone();
                let mut n = l.next_suffix.get(&base).copied().unwrap_or(2);
                while l.ids.contains(&format!("{base}~{n}")) {
                    n += 1;
                }
                doc.id = format!("{base}~{n}");
                l.next_suffix.insert(base.clone(), n + 1);
                renamed.insert(base, doc.id.clone());
            }
            l.ids.insert(doc.id.clone());
        }
        // A renamed id never looks like a base one (it ends in `~n`, a
        // base in `#n`), so one pass moves every teaser.
        if !renamed.is_empty() {
            for t in &mut file.teasers {
                if let Some(new) = t.document.as_ref().and_then(|d| renamed.get(d)) {
                    t.document = Some(new.clone());
                }
            }
        }
        // The file's own teasers were linked to its own articles by the
        // parse; what is left looks among the files before it.
        for t in file.teasers.iter_mut().filter(|t| t.document.is_none()) {
            t.document = l.titles.get(&parse::title_key(&t.title)).cloned();
        }
        // Earlier teasers waiting for one of this file's titles get its
        // first article of that title.
        let new = parse::titles(&file.documents);
        for (key, id) in &new {
            for (fi, ti, ci) in l.waiting.remove(key).unwrap_or_default() {
                if let Some(t) = self.files.get_mut(fi).and_then(|f| f.teasers.get_mut(ti)) {
                    t.document = Some(id.to_string());
                }
                if let Some(t) = self.teasers.get_mut(ci) {
                    t.document = Some(id.to_string());
                }
            }
            l.titles
                .entry(key.clone())
                .or_insert_with(|| id.to_string());
        }
        let (fi, first) = (self.files.len(), self.teasers.len());
        for (ti, t) in file.teasers.iter().enumerate() {
            let key = parse::title_key(&t.title);
            if t.document.is_none() && !key.is_empty() {
                l.waiting.entry(key).or_default().push((fi, ti, first + ti));
            }
        }
        self.documents.extend(file.documents.iter().cloned());
        self.teasers.extend(file.teasers.iter().cloned());
        self.files.push(file);
        self.links.documents = self.documents.len();
        self.links.teasers = self.teasers.len();
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &String> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Corpus::add` as it was written first (quadratic: every id and every
    /// earlier teaser looked at again for each file), kept as the model
    /// the linear one must agree with.
    fn add_by_model(c: &mut Corpus, mut file: ParsedFile) {
        let mut ids: std::collections::HashSet<String> =
            c.documents.iter().map(|d| d.id.clone()).collect();
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
        parse::link_teasers(&mut file.teasers, &parse::titles(&c.documents));
        let new = parse::titles(&file.documents);
        parse::link_teasers(&mut c.teasers, &new);
        for f in &mut c.files {
            parse::link_teasers(&mut f.teasers, &new);
        }
        c.documents.extend(file.documents.iter().cloned());
        c.teasers.extend(file.teasers.iter().cloned());
        c.files.push(file);
    }

    /// An article titled `title`, with a "Latest" list naming `teasers`.
    fn page(title: &str, teasers: &[&str]) -> Vec<u8> {
        let mut t = format!(
            "{title}\n\nBy Staff Writer\n\nFarmers in the valley met the governor on Monday to ask for water.\n\n"
        );
        if !teasers.is_empty() {
            t.push_str("Latest\n\n");
        }
        for (k, other) in teasers.iter().enumerate() {
            t.push_str(&format!(
                "Analysis{} hours ago\n\n{other}\n\nWhat the latest figures say about the region...\n\n",
                k + 1
            ));
        }
        t.into_bytes()
    }

    #[test]
    fn adding_files_one_by_one_links_ids_and_teasers_as_the_model_does() {
        // Clashing names (the same base name in several folders, one name
        // many times), teasers naming articles before, after, in the same
        // file, twice, and nowhere; the seed and its own teaser list.
        let mut files = vec![bundled_file()];
        let titles = [
            "Water talks stall",
            "Dam opens",
            "Governor resigns",
            "Rains return",
        ];
        for k in 0..40 {
            let name = match k % 5 {
                0 => "index.txt".to_string(),
                1 => format!("a/story{}.txt", k / 10),
                2 => format!("b/story{}.txt", k / 10),
                _ => format!("c/page{k}.txt"),
            };
            let own = titles[k % titles.len()];
            let others = [
                titles[(k + 1) % 4],
                titles[(k + 3) % 4],
                "A story nobody wrote",
            ];
            let teasers: Vec<&str> = others.iter().copied().take(k % 4).collect();
            files.push((name, page(own, &teasers)));
        }
        files.push(bundled_file());
        let (mut fast, mut model) = (Corpus::default(), Corpus::default());
        for (name, bytes) in &files {
            fast.add(parse(name, bytes));
            add_by_model(&mut model, parse(name, bytes));
        }
        assert_eq!(format!("{fast:?}"), format!("{model:?}"));
        // The case is not empty: clashes and links of every kind happened.
        assert!(fast.documents.iter().any(|d| d.id == "index.txt#1~8"));
        let linked = fast.teasers.iter().filter(|t| t.document.is_some()).count();
        assert!(linked > 20 && linked < fast.teasers.len(), "{linked}");
        let ids: std::collections::HashSet<&str> =
            fast.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), fast.documents.len());
    }

    #[test]
    fn documents_pushed_directly_still_count_for_ids_and_teasers() {
        let mut c = Corpus::default();
        let first = parse("index.txt", &page("Dam opens", &[]));
        c.documents.extend(first.documents);
        c.add(parse("x/index.txt", &page("Rains return", &["Dam opens"])));
        assert_eq!(c.documents[1].id, "index.txt#1~2");
        assert_eq!(c.teasers[0].document.as_deref(), Some("index.txt#1"));
    }
}
