//! Drawing the state: the search box, the list of articles or results, and
//! the reading view. Structure only; look and feel live in `styles/`.

use super::dom::{append, append_marked, clear, el, el_text, Res};
use super::State;
use crate::corpus::{Document, FieldKind};
use crate::span::Span;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Results drawn at most; the status line says how many matched.
const RESULT_LIMIT: usize = 50;

pub struct View {
    pub root: Element,
    pub form: Element,
    pub input: HtmlInputElement,
    status: Element,
    diagnostics: Element,
    results: Element,
    results_heading: Element,
    list: Element,
    reader: Element,
    doc: web_sys::Document,
}

impl View {
    /// Build the page skeleton inside `root`. Ids carry the instance
    /// number so several explorers can share a page.
    pub fn new(root: Element, instance: usize) -> Res<View> {
        let doc = root
            .owner_document()
            .ok_or_else(|| wasm_bindgen::JsValue::from_str("root element has no document"))?;
        clear(&root);
        root.class_list().add_1("dz")?;
        let id = |name: &str| format!("dz{instance}-{name}");

        let header = el(&doc, "header", "dz-header")?;
        let brand = el_text(&doc, "p", "dz-brand", "dossier")?;
        let form = el(&doc, "form", "dz-search")?;
        form.set_attribute("role", "search")?;
        let label = el_text(&doc, "label", "dz-label", "Search the corpus")?;
        label.set_attribute("for", &id("q"))?;
        let input: HtmlInputElement = el(&doc, "input", "dz-input")?.dyn_into()?;
        input.set_type("search");
        input.set_id(&id("q"));
        input.set_attribute("autocomplete", "off")?;
        input.set_attribute("spellcheck", "false")?;
        input.set_attribute("placeholder", "Names, places, phrases… (press / to focus)")?;
        input.set_attribute(
            "aria-describedby",
            &format!("{} {}", id("status"), id("diag")),
        )?;
        append(&form, &label)?;
        append(&form, &input)?;
        let status = el(&doc, "p", "dz-status")?;
        status.set_id(&id("status"));
        status.set_attribute("role", "status")?;
        let diagnostics = el(&doc, "ul", "dz-diagnostics")?;
        diagnostics.set_id(&id("diag"));
        diagnostics.set_attribute("aria-label", "Query notes")?;
        append(&header, &brand)?;
        append(&header, &form)?;
        append(&header, &status)?;
        append(&header, &diagnostics)?;

        let main = el(&doc, "main", "dz-main")?;
        let results = el(&doc, "section", "dz-results")?;
        results.set_attribute("aria-labelledby", &id("results-h"))?;
        let results_heading = el(&doc, "h1", "dz-results-heading")?;
        results_heading.set_id(&id("results-h"));
        let list = el(&doc, "ol", "dz-list")?;
        append(&results, &results_heading)?;
        append(&results, &list)?;
        let reader = el(&doc, "article", "dz-reader")?;
        reader.set_attribute("hidden", "")?;
        reader.set_attribute("aria-labelledby", &id("reader-h"))?;
        reader.set_attribute("data-heading-id", &id("reader-h"))?;
        append(&main, &results)?;
        append(&main, &reader)?;

        append(&root, &header)?;
        append(&root, &main)?;
        Ok(View {
            root,
            form,
            input,
            status,
            diagnostics,
            results,
            results_heading,
            list,
            reader,
            doc,
        })
    }

    pub fn render(&self, s: &State) -> Res {
        match s.open {
            Some(doc) => {
                self.results.set_attribute("hidden", "")?;
                self.reader.remove_attribute("hidden")?;
                self.render_reader(s, doc)
            }
            None => {
                self.reader.set_attribute("hidden", "")?;
                clear(&self.reader);
                self.results.remove_attribute("hidden")?;
                self.render_results(s)
            }
        }
    }

    fn render_results(&self, s: &State) -> Res {
        clear(&self.list);
        clear(&self.diagnostics);
        let docs = &s.ws.corpus.documents;
        if s.query.trim().is_empty() {
            self.results_heading
                .set_text_content(Some(&format!("Articles ({})", docs.len())));
            self.status
                .set_text_content(Some(&format!("{} articles. Type to search.", docs.len())));
            for (i, d) in docs.iter().enumerate() {
                let li = el(&self.doc, "li", "dz-item")?;
                append(&li, &self.result_link(i, d)?)?;
                if let Some(section) = d.section() {
                    append(&li, &el_text(&self.doc, "p", "dz-meta", section)?)?;
                }
                append(&self.list, &li)?;
            }
            return Ok(());
        }
        let out = s.ws.search(&s.query, RESULT_LIMIT);
        for d in &out.diagnostics {
            append(&self.diagnostics, &el_text(&self.doc, "li", "", d)?)?;
        }
        self.results_heading.set_text_content(Some("Results"));
        let status = match out.total {
            0 => format!("No results for “{}”.", s.query.trim()),
            1 => format!("1 result for “{}”.", s.query.trim()),
            n => format!("{n} results for “{}”.", s.query.trim()),
        };
        self.status.set_text_content(Some(&status));
        for r in &out.results {
            let Some(d) = docs.get(r.doc) else {
                continue;
            };
            let li = el(&self.doc, "li", "dz-item")?;
            li.set_attribute("data-result", &r.doc.to_string())?;
            append(&li, &self.result_link(r.doc, d)?)?;
            let hits = match r.hits.len() {
                1 => "1 hit".to_string(),
                n => format!("{n} hits"),
            };
            let meta = match d.section() {
                Some(section) => format!("{section} · {hits}"),
                None => hits,
            };
            append(&li, &el_text(&self.doc, "p", "dz-meta", &meta)?)?;
            let snippet = el(&self.doc, "p", "dz-snippet")?;
            append_marked(
                &self.doc,
                &snippet,
                &r.snippet.text,
                &r.snippet.highlights,
                "dz-hit",
            )?;
            append(&li, &snippet)?;
            append(&self.list, &li)?;
        }
        Ok(())
    }

    fn result_link(&self, i: usize, d: &Document) -> Res<Element> {
        let h = el(&self.doc, "h2", "dz-item-title")?;
        let a = el_text(&self.doc, "a", "dz-link", d.title().unwrap_or("(untitled)"))?;
        a.set_attribute("href", &format!("#doc={}", i))?;
        a.set_attribute("data-doc", &i.to_string())?;
        append(&h, &a)?;
        Ok(h)
    }

    fn render_reader(&self, s: &State, doc: usize) -> Res {
        clear(&self.reader);
        let Some(d) = s.ws.corpus.documents.get(doc) else {
            return Ok(());
        };
        let hits = if s.query.trim().is_empty() {
            Vec::new()
        } else {
            s.ws.hits_in(doc, &s.query)
        };
        let spans_of = |field: usize| -> Vec<Span> {
            hits.iter()
                .filter(|h| h.field == field)
                .map(|h| h.span)
                .collect()
        };
        let back = el_text(&self.doc, "button", "dz-back", "← Back to results")?;
        back.set_attribute("type", "button")?;
        back.set_attribute("data-action", "back")?;
        append(&self.reader, &back)?;
        let status = match hits.len() {
            0 => String::new(),
            1 => "1 hit in this article.".to_string(),
            n => format!("{n} hits in this article."),
        };
        self.status.set_text_content(Some(&status));

        let mut list: Option<Element> = None;
        for (i, f) in d.fields.iter().enumerate() {
            let (tag, class) = match f.kind {
                FieldKind::Section => ("p", "dz-section"),
                FieldKind::Title => ("h1", "dz-title"),
                FieldKind::Byline => ("p", "dz-byline"),
                FieldKind::Dateline => ("p", "dz-dateline"),
                FieldKind::LeadCaption => ("p", "dz-lead-caption"),
                FieldKind::Paragraph => ("p", "dz-p"),
                FieldKind::Heading => ("h2", "dz-h"),
                FieldKind::Caption => ("p", "dz-caption"),
                FieldKind::ListItem => ("li", "dz-li"),
                FieldKind::Quote => ("blockquote", "dz-quote"),
                FieldKind::Attribution => ("p", "dz-attribution"),
            };
            let node = el(&self.doc, tag, class)?;
            if f.kind == FieldKind::Title {
                if let Some(id) = self.reader.get_attribute("data-heading-id") {
                    node.set_id(&id);
                }
                node.set_attribute("tabindex", "-1")?;
            }
            append_marked(&self.doc, &node, &f.text, &spans_of(i), "dz-hit")?;
            // Consecutive list items share one list.
            if f.kind == FieldKind::ListItem {
                let ul = match &list {
                    Some(ul) => ul.clone(),
                    None => {
                        let ul = el(&self.doc, "ul", "dz-ul")?;
                        append(&self.reader, &ul)?;
                        list = Some(ul.clone());
                        ul
                    }
                };
                append(&ul, &node)?;
            } else {
                list = None;
                append(&self.reader, &node)?;
            }
        }
        Ok(())
    }

    /// Move focus into the reader (its title), then to its first hit.
    pub fn focus_reader(&self) -> Res {
        if let Some(title) = self.reader.query_selector(".dz-title")? {
            if let Ok(h) = title.dyn_into::<HtmlElement>() {
                h.focus()?;
            }
        }
        if let Some(hit) = self.reader.query_selector("mark.dz-hit")? {
            hit.scroll_into_view();
        }
        Ok(())
    }

    /// Give focus back to the link of result `doc`.
    pub fn focus_result(&self, doc: usize) -> Res {
        let link = self.list.query_selector(&format!("[data-doc=\"{doc}\"]"))?;
        if let Some(h) = link.and_then(|l| l.dyn_into::<HtmlElement>().ok()) {
            h.focus()?;
        }
        Ok(())
    }
}
