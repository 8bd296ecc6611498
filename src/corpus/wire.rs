//! The `dossier parse --json` contract.

use super::{Corpus, Field, FieldKind};
use serde::Serialize;

#[derive(Serialize)]
pub struct ParseOutput {
    pub documents: Vec<DocumentOut>,
    pub teasers: Vec<TeaserOut>,
    pub diagnostics: Vec<String>,
}

#[derive(Serialize)]
pub struct DocumentOut {
    pub id: String,
    pub file: String,
    pub title: Option<String>,
    pub section: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// The article's date as the page gives it, when on a line of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub caption: Option<String>,
    pub blocks: Vec<BlockOut>,
    /// "text" when offsets index the file's decoded text as UTF-8 (UTF-16
    /// input), not its bytes; absent for bytes, the usual case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offsets: Option<&'static str>,
}

#[derive(Serialize)]
pub struct BlockOut {
    pub kind: &'static str,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// A table block's cells, row by row, each with its input offsets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Vec<CellOut>>>,
}

#[derive(Serialize)]
pub struct CellOut {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub struct TeaserOut {
    pub file: String,
    pub section: Option<String>,
    pub age: Option<String>,
    pub title: String,
    pub snippet: Option<String>,
    pub document: Option<String>,
}

impl ParseOutput {
    pub fn new(corpus: &Corpus) -> ParseOutput {
        let own = |s: Option<&str>| s.map(str::to_string);
        let in_text: std::collections::HashSet<&str> = corpus
            .files
            .iter()
            .filter(|f| f.offsets_in_text)
            .map(|f| f.name.as_str())
            .collect();
        ParseOutput {
            documents: corpus
                .documents
                .iter()
                .map(|d| DocumentOut {
                    id: d.id.clone(),
                    file: d.file.clone(),
                    title: own(d.title()),
                    section: own(d.section()),
                    byline: own(d.byline()),
                    dateline: own(d.dateline()),
                    date: own(d.date()),
                    caption: own(d.lead_caption()),
                    blocks: d
                        .body()
                        .map(|f| BlockOut {
                            kind: f.kind.name(),
                            text: f.text.clone(),
                            start: f.span.start,
                            end: f.span.end,
                            rows: (f.kind == FieldKind::Table).then(|| cells(f)),
                        })
                        .collect(),
                    offsets: in_text.contains(d.file.as_str()).then_some("text"),
                })
                .collect(),
            teasers: corpus
                .teasers
                .iter()
                .map(|t| TeaserOut {
                    file: t.file.clone(),
                    section: t.section.clone(),
                    age: t.age.clone(),
                    title: t.title.clone(),
                    snippet: t.snippet.clone(),
                    document: t.document.clone(),
                })
                .collect(),
            diagnostics: corpus.diagnostics().cloned().collect(),
        }
    }
}

fn cells(f: &Field) -> Vec<Vec<CellOut>> {
    f.table_rows()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| {
                    let o = f.original(c);
                    CellOut {
                        text: c.slice(&f.text).to_string(),
                        start: o.start,
                        end: o.end,
                    }
                })
                .collect()
        })
        .collect()
}
