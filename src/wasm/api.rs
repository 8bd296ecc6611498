//! `Explorer`: the exported handle. Every method returns a value (never
//! throws for bad input) and never panics.

use super::utf16::spans_to_utf16;
use crate::span::Span;
use crate::workspace::{Rebuild, Workspace};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Results a page asks for at most, whatever it passes.
const MAX_LIMIT: usize = 1000;

#[derive(Serialize)]
struct DocumentSummary<'a> {
    doc: usize,
    id: &'a str,
    file: &'a str,
    title: Option<&'a str>,
    section: Option<&'a str>,
}

#[derive(Serialize)]
struct SearchDto<'a> {
    query: &'a str,
    diagnostics: &'a [String],
    total: usize,
    results: Vec<ResultDto<'a>>,
}

#[derive(Serialize)]
struct ResultDto<'a> {
    doc: usize,
    id: &'a str,
    title: Option<&'a str>,
    section: Option<&'a str>,
    score: f32,
    snippet: &'a str,
    /// UTF-16 `[start, end]` into `snippet`.
    highlights: Vec<[u32; 2]>,
    hits: usize,
}

#[derive(Serialize)]
struct ProgressDto {
    doing: String,
    /// The share done, from 0 to 1.
    done: f64,
    finished: bool,
}

#[derive(Serialize)]
struct FieldDto<'a> {
    kind: &'static str,
    text: &'a str,
    /// UTF-16 `[start, end]` into `text`.
    highlights: Vec<[u32; 2]>,
}

#[derive(Serialize)]
struct DocumentDto<'a> {
    doc: usize,
    id: &'a str,
    file: &'a str,
    title: Option<&'a str>,
    section: Option<&'a str>,
    fields: Vec<FieldDto<'a>>,
}

fn to_js(value: &impl Serialize) -> JsValue {
    // Serialising plain structs of strings and numbers cannot fail; if it
    // ever did, the caller gets `undefined` rather than a dead page.
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::UNDEFINED)
}

/// The explorer's core, for scripts: search, read, add files.
#[wasm_bindgen]
pub struct Explorer {
    ws: Workspace,
    /// The rebuild `step` is working on, if any.
    job: Option<Rebuild>,
}

#[wasm_bindgen]
impl Explorer {
    /// An explorer over the bundled corpus.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Explorer {
        Explorer {
            ws: Workspace::bundled(),
            job: None,
        }
    }

    /// An explorer with no documents.
    pub fn empty() -> Explorer {
        Explorer {
            ws: Workspace::new(Vec::new()),
            job: None,
        }
    }

    /// Add (or replace) a file and build at once; returns its diagnostics
    /// as strings. For large files, `stageFile` and `step` keep a page
    /// responsive.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> JsValue {
        self.job = None;
        to_js(&self.ws.add_file(name, bytes.to_vec()))
    }

    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, name: &str) -> bool {
        self.job = None;
        self.ws.remove_file(name)
    }

    /// Hold a file to add (or replace) without building yet: `step` builds
    /// it, a slice at a time.
    #[wasm_bindgen(js_name = stageFile)]
    pub fn stage_file(&mut self, name: &str, bytes: &[u8]) {
        // A build under way starts over (files it read are not read again).
        self.job = None;
        self.ws.stage(name, bytes.to_vec());
    }

    /// Build what was staged for about `budget_ms` milliseconds, then
    /// return `{doing, done, finished}` (`done` from 0 to 1). Call again,
    /// after yielding to the browser, until `finished`. Until then every
    /// other method answers from the last complete build.
    pub fn step(&mut self, budget_ms: f64) -> JsValue {
        let end = js_sys::Date::now() + budget_ms.max(0.0);
        let p = self
            .ws
            .step(&mut self.job, &mut || js_sys::Date::now() >= end);
        to_js(&ProgressDto {
            doing: p.doing,
            done: p.done,
            finished: p.finished,
        })
    }

    /// What reading file `name` reported (once it has been read).
    pub fn diagnostics(&self, name: &str) -> JsValue {
        to_js(&self.ws.diagnostics(name))
    }

    /// `[{doc, id, file, title, section}]` in corpus order.
    pub fn documents(&self) -> JsValue {
        let docs: Vec<DocumentSummary> = self
            .ws
            .corpus
            .documents
            .iter()
            .enumerate()
            .map(|(doc, d)| DocumentSummary {
                doc,
                id: &d.id,
                file: &d.file,
                title: d.title(),
                section: d.section(),
            })
            .collect();
        to_js(&docs)
    }

    /// Ranked results with snippets; highlight offsets are UTF-16.
    pub fn search(&self, query: &str, limit: usize) -> JsValue {
        let out = self.ws.search(query, limit.min(MAX_LIMIT));
        let corpus = &self.ws.corpus;
        let results = out
            .results
            .iter()
            .filter_map(|r| {
                let d = corpus.documents.get(r.doc)?;
                Some(ResultDto {
                    doc: r.doc,
                    id: &d.id,
                    title: d.title(),
                    section: d.section(),
                    score: r.score,
                    snippet: &r.snippet.text,
                    highlights: spans_to_utf16(&r.snippet.text, &r.snippet.highlights),
                    hits: r.hits.len(),
                })
            })
            .collect();
        to_js(&SearchDto {
            query: &out.query,
            diagnostics: &out.diagnostics,
            total: out.total,
            results,
        })
    }

    /// A document's fields with the hits of `query` in each (UTF-16);
    /// `null` for an unknown document.
    pub fn document(&self, doc: usize, query: &str) -> JsValue {
        let Some(d) = self.ws.corpus.documents.get(doc) else {
            return JsValue::NULL;
        };
        let hits = self.ws.hits_in(doc, query);
        let fields = d
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let spans: Vec<Span> = hits
                    .iter()
                    .filter(|h| h.field == i)
                    .map(|h| h.span)
                    .collect();
                FieldDto {
                    kind: f.kind.name(),
                    text: &f.text,
                    highlights: spans_to_utf16(&f.text, &spans),
                }
            })
            .collect();
        to_js(&DocumentDto {
            doc,
            id: &d.id,
            file: &d.file,
            title: d.title(),
            section: d.section(),
            fields,
        })
    }
}

impl Default for Explorer {
    fn default() -> Self {
        Explorer::new()
    }
}

/// Mount an explorer inside `host` (an element or a shadow root).
/// `options`: `{ index?: string, files?: [{name, text}], bundled?: bool,
/// query?: string, compact?: bool, routing?: bool, userDocuments?: bool,
/// styles?: bool, label?: string }`. `index` is the URL of a prebuilt
/// index's `manifest.bin`: the explorer mounts once it is fetched, saying
/// in the page what could not be read. Returns a handle that searches
/// (`search(query)`), or an error value (never throws a panic) when the
/// host is unusable.
#[wasm_bindgen(js_name = mount)]
pub fn mount(host: web_sys::Node, options: JsValue) -> Result<Mounted, JsValue> {
    let flag = |key: &str, default: bool| {
        js_sys::Reflect::get(&options, &key.into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(default)
    };
    let text = |key: &str| {
        js_sys::Reflect::get(&options, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let files = crate::ui::files_from_js(&options);
    let index = text("index");
    let opts = crate::ui::Options {
        routing: flag("routing", false),
        bundled: flag("bundled", files.is_empty() && index.is_none()),
        files,
        user_documents: flag("userDocuments", false),
        query: text("query").unwrap_or_default(),
        styles: flag("styles", true),
        compact: flag("compact", false),
        prebuilt: None,
        alert: String::new(),
        label: text("label"),
    };
    let Some(url) = index else {
        let handle = crate::ui::mount_in(&host, opts)?;
        return Ok(Mounted(Rc::new(RefCell::new(Mount::Ready(handle)))));
    };
    let slot = Rc::new(RefCell::new(Mount::Waiting(None)));
    let later = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let (prebuilt, alert) = crate::ui::fetch_pack(&url).await;
        // A query given while the index was on its way wins.
        let query = match &*later.borrow() {
            Mount::Waiting(Some(q)) => q.clone(),
            _ => opts.query.clone(),
        };
        let opts = crate::ui::Options {
            prebuilt,
            alert,
            bundled: false,
            query,
            ..opts
        };
        match crate::ui::mount_in(&host, opts) {
            Ok(handle) => *later.borrow_mut() = Mount::Ready(handle),
            Err(e) => web_sys::console::error_2(&"dossier: could not mount".into(), &e),
        }
    });
    Ok(Mounted(slot))
}

enum Mount {
    /// The prebuilt index is on its way; the last query asked for.
    Waiting(Option<String>),
    Ready(crate::ui::Handle),
}

/// A mounted explorer, as `mount` returns it.
#[wasm_bindgen]
pub struct Mounted(Rc<RefCell<Mount>>);

#[wasm_bindgen]
impl Mounted {
    /// Search as if the reader had typed `query`.
    pub fn search(&self, query: &str) {
        let mut slot = self.0.borrow_mut();
        if let Mount::Ready(handle) = &*slot {
            handle.search(query);
            return;
        }
        *slot = Mount::Waiting(Some(query.to_string()));
    }
}
