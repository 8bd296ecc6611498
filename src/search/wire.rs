//! The `dossier search --json` contract.

use super::SearchOutput;
use crate::corpus::Corpus;
use serde::Serialize;

#[derive(Serialize)]
pub struct SearchJson {
    pub query: String,
    pub diagnostics: Vec<String>,
    pub total: usize,
    pub results: Vec<ResultJson>,
    /// Counts over every matching document; each value is a filter
    /// (`section:"value"`, `kind:value`).
    pub facets: FacetsJson,
}

#[derive(Serialize)]
pub struct FacetsJson {
    pub sections: Vec<FacetJson>,
    pub kinds: Vec<FacetJson>,
}

#[derive(Serialize)]
pub struct FacetJson {
    pub value: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ResultJson {
    pub document: String,
    pub title: Option<String>,
    pub score: f32,
    pub snippet: String,
    /// Byte ranges into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    pub hits: Vec<HitJson>,
    /// The distinct words matched, as written in the document.
    pub matched: Vec<String>,
}

#[derive(Serialize)]
pub struct HitJson {
    pub file: String,
    /// UTF-8 byte offsets into the input file, half-open.
    pub start: usize,
    pub end: usize,
    /// The input file's bytes from `start` to `end`.
    pub text: String,
}

impl SearchJson {
    /// `source` gives each input file's bytes by name.
    pub fn new<'a>(
        corpus: &Corpus,
        out: &SearchOutput,
        source: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> SearchJson {
        let results = out
            .results
            .iter()
            .filter_map(|r| {
                let doc = corpus.documents.get(r.doc)?;
                let bytes = source(&doc.file);
                let hits = r
                    .hits
                    .iter()
                    .filter_map(|h| {
                        let span = doc.fields.get(h.field)?.original(h.span);
                        let text = bytes?.get(span.start..span.end)?;
                        Some(HitJson {
                            file: doc.file.clone(),
                            start: span.start,
                            end: span.end,
                            text: String::from_utf8_lossy(text).into_owned(),
                        })
                    })
                    .collect();
                Some(ResultJson {
                    document: doc.id.clone(),
                    title: doc.title().map(str::to_string),
                    score: r.score,
                    snippet: r.snippet.text.clone(),
                    highlights: r
                        .snippet
                        .highlights
                        .iter()
                        .map(|s| [s.start, s.end])
                        .collect(),
                    hits,
                    matched: r.matched_terms.clone(),
                })
            })
            .collect();
        SearchJson {
            query: out.query.clone(),
            diagnostics: out.diagnostics.clone(),
            total: out.total,
            results,
            facets: FacetsJson {
                sections: facet(&out.facets.sections),
                kinds: facet(&out.facets.kinds),
            },
        }
    }
}

fn facet(list: &[super::FacetCount]) -> Vec<FacetJson> {
    list.iter()
        .map(|f| FacetJson {
            value: f.value.clone(),
            count: f.count,
        })
        .collect()
}
