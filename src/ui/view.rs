//! Drawing the state: the search box, the list of articles or results, and
//! the reading view. Structure only; look and feel live in `styles/`.

use super::dom::{
    append, append_layered, append_layered_in, append_marked, button, clear, el, el_text,
    EntityMark, Res,
};
use super::State;
use crate::corpus::{Document, FieldKind};
use crate::span::Span;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlDialogElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

/// Results drawn at most; the status line says how many matched.
/// Results shown at first, and added by each "Show more results": each
/// shown result needs its document's text, which a large prebuilt index
/// fetches, so a page starts small.
pub(crate) const RESULT_PAGE: usize = 20;
/// How many rows a view's list (entities, mentions, timeline, quotes)
/// draws at first and per "Show more": an archive's lists run to tens of
/// thousands, and the page stays light.
pub(crate) const LIST_PAGE: usize = 100;

/// The "Your documents" panel: add, paste, remove, hide the own corpus.
pub struct DocsPanel {
    pub picker: HtmlInputElement,
    pub paste: HtmlTextAreaElement,
    pub bundled: HtmlInputElement,
    summary: Element,
    list: Element,
    note: Element,
}

/// Which kind of explorer to draw.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// The whole page (landmarks, a top-level heading) or a part of a host.
    pub page: bool,
    pub compact: bool,
    pub user_documents: bool,
}

pub struct View {
    pub layout: Layout,
    // (Entity screens live in `explore.rs`, drawing into `pane`.)
    /// The dialog the reader opens in, in compact mode.
    pub dialog: Option<HtmlDialogElement>,
    pub root: Element,
    pub theme: HtmlSelectElement,
    /// Present when the reader may add documents.
    pub docs: Option<DocsPanel>,
    pub form: Element,
    pub input: HtmlInputElement,
    status: Element,
    /// What went wrong opening the corpus (a damaged index file), shown
    /// until the page closes; hidden when nothing did.
    alert: Element,
    /// Progress of long work (a large import), hidden otherwise.
    work: Element,
    work_label: Element,
    work_bar: Element,
    /// Stops an import (only while files are being added).
    work_stop: Element,
    diagnostics: Element,
    results: Element,
    results_heading: Element,
    /// The first screen's overview of the corpus (no query).
    pub(super) overview: Element,
    /// "Articles (N)" above the article list on the first screen.
    articles_heading: Element,
    facets: Element,
    list: Element,
    /// "Show more results", below the list while more match.
    more: Element,
    teasers: Element,
    reader: Element,
    /// The entity list, an entity's page, or the network.
    pub(super) pane: Element,
    pub(super) nav: Element,
    /// Prefix of this explorer's element ids.
    pub(super) id_prefix: String,
    pub(super) doc: web_sys::Document,
    /// Documents whose text a drawing needed and a prebuilt index had not
    /// read yet: fetched after the drawing, which is then drawn again.
    lacking: std::cell::RefCell<Vec<usize>>,
}

impl View {
    /// Build the page skeleton inside `root`. Ids carry the instance
    /// number so several explorers can share a page.
    /// `label`: the region's name an embedding host gave, if any.
    pub fn new(root: Element, instance: usize, layout: Layout, label: Option<&str>) -> Res<View> {
        let doc = root
            .owner_document()
            .ok_or_else(|| wasm_bindgen::JsValue::from_str("root element has no document"))?;
        clear(&root);
        root.class_list().add_1("dz")?;
        if layout.compact {
            root.class_list().add_1("dz-compact")?;
        }
        let id = |name: &str| format!("dz{instance}-{name}");
        // Landmarks belong to the page: an embedded explorer is a region.
        let (header_tag, main_tag) = if layout.page {
            ("header", "main")
        } else {
            ("div", "div")
        };
        // Two explorers on one host page need two landmark names.
        let name = match (label, instance) {
            (Some(l), _) if !l.trim().is_empty() => l.trim().to_string(),
            (_, 0) => "dossier explorer".to_string(),
            (_, n) => format!("dossier explorer {}", n + 1),
        };
        if !layout.page {
            root.set_attribute("role", "region")?;
            root.set_attribute("aria-label", &name)?;
        }

        let header = el(&doc, header_tag, "dz-header")?;
        let bar = el(&doc, "div", "dz-bar")?;
        let brand = el_text(&doc, "p", "dz-brand", "dossier")?;
        let theme_label = el_text(&doc, "label", "dz-theme", "Theme")?;
        let theme: HtmlSelectElement = el(&doc, "select", "")?.dyn_into()?;
        for (value, text) in [("", "System"), ("light", "Light"), ("dark", "Dark")] {
            let o = el_text(&doc, "option", "", text)?;
            o.set_attribute("value", value)?;
            append(&theme, &o)?;
        }
        append(&theme_label, &theme)?;
        append(&bar, &brand)?;
        let tools = el(&doc, "div", "dz-bar-tools")?;
        if layout.page {
            // The URL holds the view; this puts it on the clipboard.
            let copy = button(&doc, "dz-btn dz-copy", "Copy link", "copy-link")?;
            append(&tools, &copy)?;
        }
        append(&tools, &theme_label)?;
        append(&bar, &tools)?;
        let form = el(&doc, "form", "dz-search")?;
        form.set_attribute("role", "search")?;
        if !layout.page {
            form.set_attribute("aria-label", &format!("Search {name}"))?;
        }
        let label = el_text(&doc, "label", "dz-label", "Search the corpus")?;
        label.set_attribute("for", &id("q"))?;
        let input: HtmlInputElement = el(&doc, "input", "dz-input")?.dyn_into()?;
        input.set_type("search");
        input.set_id(&id("q"));
        input.set_attribute("autocomplete", "off")?;
        input.set_attribute("spellcheck", "false")?;
        // Only a full page takes "/" from anywhere; an embed leaves the
        // host's keys alone.
        let hint = if layout.page {
            "Names, places, phrases… (press / to focus)"
        } else {
            "Names, places, phrases…"
        };
        input.set_attribute("placeholder", hint)?;
        input.set_attribute(
            "aria-describedby",
            &format!("{} {}", id("status"), id("diag")),
        )?;
        append(&form, &label)?;
        append(&form, &input)?;
        let status = el(&doc, "p", "dz-status")?;
        status.set_id(&id("status"));
        status.set_attribute("role", "status")?;
        let alert = el(&doc, "p", "dz-alert")?;
        alert.set_attribute("role", "alert")?;
        alert.set_attribute("hidden", "")?;
        // A label and a bar, not a live region: a screen reader hears the
        // start and the end of an import in the documents panel's note,
        // not every step.
        let work = el(&doc, "div", "dz-work")?;
        work.set_attribute("hidden", "")?;
        let work_label = el(&doc, "span", "dz-work-label")?;
        work_label.set_id(&id("work"));
        let work_bar = el(&doc, "progress", "dz-work-bar")?;
        work_bar.set_attribute("max", "100")?;
        work_bar.set_attribute("aria-labelledby", &id("work"))?;
        let work_stop = button(&doc, "dz-btn", "Stop adding", "cancel-import")?;
        append(&work, &work_label)?;
        append(&work, &work_bar)?;
        append(&work, &work_stop)?;
        let diagnostics = el(&doc, "ul", "dz-diagnostics")?;
        diagnostics.set_id(&id("diag"));
        diagnostics.set_attribute("aria-label", "Query notes")?;
        if !layout.compact {
            append(&header, &bar)?;
        }
        append(&header, &form)?;
        let nav = el(&doc, "nav", "dz-views")?;
        // Embedded, landmarks inside the explorer's region carry its name
        // (two explorers on a page, two names).
        let views = if layout.page {
            "Views".to_string()
        } else {
            format!("Views of {name}")
        };
        nav.set_attribute("aria-label", &views)?;
        for (screen, text) in [
            (crate::route::Screen::Results, "Articles"),
            (crate::route::Screen::Entities, "Entities"),
            (crate::route::Screen::Network, "Network"),
            (crate::route::Screen::Timeline, "Timeline"),
            (crate::route::Screen::Quotes, "Quotes"),
        ] {
            let a = el_text(&doc, "a", "dz-view-link", text)?;
            let route = crate::route::Route {
                screen,
                ..crate::route::Route::default()
            };
            a.set_attribute(
                "href",
                &if route.to_hash().is_empty() {
                    "#".to_string()
                } else {
                    route.to_hash()
                },
            )?;
            a.set_attribute("data-action", "screen")?;
            a.set_attribute("data-screen", screen.name())?;
            append(&nav, &a)?;
        }
        if !layout.compact {
            append(&header, &nav)?;
        }
        append(&header, &status)?;
        append(&header, &alert)?;
        append(&header, &work)?;
        append(&header, &diagnostics)?;
        let docs = if layout.user_documents {
            let (panel, docs) = docs_panel(&doc, &id)?;
            append(&header, &panel)?;
            Some(docs)
        } else {
            None
        };

        let main = el(&doc, main_tag, "dz-main")?;
        // On a page the results are a region named by their heading; in
        // an embed, the explorer itself is the region.
        let results = el(
            &doc,
            if layout.page { "section" } else { "div" },
            "dz-results",
        )?;
        if layout.page {
            results.set_attribute("aria-labelledby", &id("results-h"))?;
        }
        let results_heading = el(
            &doc,
            if layout.page { "h1" } else { "h2" },
            "dz-results-heading",
        )?;
        results_heading.set_id(&id("results-h"));
        let list = el(&doc, "ol", "dz-list")?;
        let facets = el(&doc, "div", "dz-facets")?;
        append(&results, &results_heading)?;
        let overview = el(&doc, "div", "dz-overview")?;
        overview.set_attribute("hidden", "")?;
        append(&results, &overview)?;
        let articles_heading = el(&doc, "h2", "dz-articles-heading")?;
        articles_heading.set_id(&id("articles"));
        articles_heading.set_attribute("tabindex", "-1")?;
        articles_heading.set_attribute("hidden", "")?;
        append(&results, &articles_heading)?;
        append(&results, &facets)?;
        append(&results, &list)?;
        let more = el(&doc, "p", "dz-more")?;
        more.set_attribute("hidden", "")?;
        let more_button = button(&doc, "dz-btn", "Show more results", "more")?;
        append(&more, &more_button)?;
        append(&results, &more)?;
        let teasers = el(&doc, "div", "dz-teasers")?;
        append(&results, &teasers)?;
        let reader = el(&doc, "article", "dz-reader")?;
        reader.set_attribute("hidden", "")?;
        reader.set_attribute("aria-labelledby", &id("reader-h"))?;
        reader.set_attribute("data-heading-id", &id("reader-h"))?;
        append(&main, &results)?;
        // Compact: the article opens in a modal dialog over the host page.
        let dialog = if layout.compact {
            let dialog: HtmlDialogElement = el(&doc, "dialog", "dz-dialog")?.dyn_into()?;
            dialog.set_attribute("aria-labelledby", &id("reader-h"))?;
            append(&dialog, &reader)?;
            append(&main, &dialog)?;
            Some(dialog)
        } else {
            append(&main, &reader)?;
            None
        };

        let pane = el(&doc, "section", "dz-pane")?;
        pane.set_attribute("hidden", "")?;
        append(&main, &pane)?;
        append(&root, &header)?;
        append(&root, &main)?;
        Ok(View {
            pane,
            nav,
            id_prefix: format!("dz{instance}"),
            layout,
            dialog,
            root,
            theme,
            docs,
            form,
            input,
            status,
            alert,
            work,
            work_label,
            work_bar,
            work_stop,
            diagnostics,
            results,
            results_heading,
            overview,
            articles_heading,
            facets,
            list,
            more,
            teasers,
            reader,
            doc,
            lacking: std::cell::RefCell::new(Vec::new()),
        })
    }

    /// Note that document `doc`'s text was needed and not there.
    pub(super) fn lacks_text(&self, doc: usize) {
        let mut lacking = self.lacking.borrow_mut();
        if !lacking.contains(&doc) {
            lacking.push(doc);
        }
    }

    /// The documents noted by [`View::lacks_text`] since the last call.
    pub fn take_lacking(&self) -> Vec<usize> {
        std::mem::take(&mut self.lacking.borrow_mut())
    }

    /// Show a lasting warning above the results, or none.
    pub fn show_alert(&self, text: &str) -> Res {
        self.alert.set_text_content(Some(text));
        if text.is_empty() {
            self.alert.set_attribute("hidden", "")
        } else {
            self.alert.remove_attribute("hidden")
        }
    }

    /// While the index's chunks for what is asked are fetched: the status
    /// line says what is coming; the rest stays as it was.
    pub fn show_waiting(&self, s: &State) -> Res {
        let q = s.query.trim();
        if s.open.is_none() && s.entity.is_none() && !q.is_empty() {
            self.say("Searching…");
        } else {
            self.say("Loading…");
        }
        Ok(())
    }

    /// Say something in the status line (for the screen reader too).
    pub fn say(&self, text: &str) {
        self.status.set_text_content(Some(text));
    }

    /// Show how far long work has got, or hide the bar when it is done;
    /// `stoppable` when the work is adding files (they can be dropped).
    pub fn show_work(&self, progress: Option<&crate::workspace::Progress>, stoppable: bool) -> Res {
        let Some(p) = progress else {
            return self.work.set_attribute("hidden", "");
        };
        set_hidden(&self.work_stop, !stoppable)?;
        let percent = (p.done * 100.0).round().clamp(0.0, 100.0);
        self.work_label
            .set_text_content(Some(&format!("{}… {percent:.0}%", p.doing)));
        self.work_bar
            .set_attribute("value", &format!("{percent:.0}"))?;
        self.work.remove_attribute("hidden")
    }

    /// Apply a theme ("light", "dark", or "" for the system's).
    pub fn set_theme(&self, theme: &str) -> Res {
        self.theme.set_value(theme);
        match theme {
            "light" | "dark" => self.root.set_attribute("data-theme", theme),
            _ => self.root.remove_attribute("data-theme"),
        }
    }

    pub fn render(&self, s: &State) -> Res {
        self.render_docs(s)?;
        let open = s.open.as_deref().and_then(|id| s.ws.document_number(id));
        if let Some(dialog) = &self.dialog {
            // Compact: results drop down while there is a query; the
            // article opens over them.
            let dropped = !s.query.trim().is_empty() && !s.folded;
            set_hidden(&self.results, !dropped)?;
            self.render_results(s)?;
            match open {
                Some(doc) => {
                    self.reader.remove_attribute("hidden")?;
                    self.render_reader(s, doc)?;
                    if !dialog.open() {
                        dialog.show_modal()?;
                    }
                }
                None => {
                    if dialog.open() {
                        dialog.close();
                    }
                    clear(&self.reader);
                }
            }
            return Ok(());
        }
        let entity = s
            .entity
            .as_deref()
            .and_then(|n| crate::explore::find(&s.ws.entities, n));
        let screen = match (open, entity) {
            (Some(_), _) | (None, Some(_)) => None,
            _ => Some(s.screen),
        };
        self.mark_nav(screen)?;
        set_hidden(
            &self.results,
            !(open.is_none() && entity.is_none() && s.screen == crate::route::Screen::Results),
        )?;
        set_hidden(&self.reader, open.is_none())?;
        set_hidden(
            &self.pane,
            open.is_some()
                || (entity.is_none() && matches!(s.screen, crate::route::Screen::Results)),
        )?;
        if open.is_none() {
            clear(&self.reader);
        }
        match (open, entity, s.screen) {
            (Some(doc), _, _) => {
                self.pane.remove_attribute("data-view")?;
                self.render_reader(s, doc)
            }
            (None, Some(i), _) => {
                // The status speaks of results and hits: views without
                // them say nothing there (each has its own heading).
                self.status.set_text_content(None);
                self.render_entity(s, i)
            }
            (None, None, screen) if screen != crate::route::Screen::Results => {
                self.status.set_text_content(None);
                self.render_screen(s, screen)
            }
            _ => {
                clear(&self.pane);
                self.pane.remove_attribute("data-view")?;
                self.render_results(s)
            }
        }
    }

    fn render_screen(&self, s: &State, screen: crate::route::Screen) -> Res {
        match screen {
            crate::route::Screen::Entities => self.render_entities(s),
            crate::route::Screen::Network => self.render_network(s),
            crate::route::Screen::Timeline => self.render_timeline(s),
            crate::route::Screen::Quotes => self.render_quotes(s),
            crate::route::Screen::Results => self.render_results(s),
        }
    }

    pub fn render_docs(&self, s: &State) -> Res {
        let Some(p) = &self.docs else {
            return Ok(());
        };
        let names: Vec<&str> = s.ws.file_names().collect();
        p.summary.set_text_content(Some(&match names.len() {
            0 => "Your documents".to_string(),
            n => format!("Your documents ({n})"),
        }));
        p.bundled.set_checked(s.ws.has_bundled());
        p.note.set_text_content(Some(&s.note));
        clear(&p.list);
        for name in names {
            let li = el(&self.doc, "li", "dz-file")?;
            let n = s.ws.document_count(name);
            let label = match n {
                0 if s.job.is_some() => format!("{name} · reading…"),
                // Kept in the list (so it can be removed), said for what it is.
                0 => format!("{name} · skipped, nothing read"),
                n => format!(
                    "{name} · {}",
                    crate::explore::counted(n, "document", "documents")
                ),
            };
            append(&li, &el_text(&self.doc, "span", "dz-file-name", &label)?)?;
            let remove = button(&self.doc, "dz-btn dz-remove", "Remove", "remove-file")?;
            remove.set_attribute("data-file", name)?;
            remove.set_attribute("aria-label", &format!("Remove {name}"))?;
            append(&li, &remove)?;
            append(&p.list, &li)?;
        }
        Ok(())
    }

    fn render_results(&self, s: &State) -> Res {
        clear(&self.list);
        set_hidden(&self.more, true)?;
        clear(&self.diagnostics);
        let docs = &s.ws.corpus.documents;
        clear(&self.facets);
        clear(&self.teasers);
        set_hidden(&self.overview, true)?;
        set_hidden(&self.articles_heading, true)?;
        if docs.is_empty() {
            clear(&self.overview);
            self.results_heading.set_text_content(Some("No documents"));
            self.status.set_text_content(Some(
                "No documents to search: add files or paste text under “Your documents”, or show the explorer’s own articles.",
            ));
            return Ok(());
        }
        if s.query.trim().is_empty() {
            set_hidden(&self.overview, false)?;
            set_hidden(&self.articles_heading, false)?;
            self.results_heading
                .set_text_content(Some("The corpus at a glance"));
            self.status.set_text_content(Some(&format!(
                "{}. Type to search.",
                crate::explore::counted(docs.len(), "article", "articles")
            )));
            // Compact: the results drop down only for a query.
            if !self.layout.compact {
                self.render_overview(s)?;
            }
            self.articles_heading
                .set_text_content(Some(&format!("Articles ({})", docs.len())));
            // A page at a time: an archive's first screen stays light.
            let shown = s.shown.min(docs.len());
            set_hidden(&self.more, shown >= docs.len())?;
            if let Some(b) = self.more.first_element_child() {
                b.set_text_content(Some(&format!(
                    "Show more articles ({shown} of {} shown)",
                    docs.len()
                )));
            }
            for (i, d) in docs.iter().enumerate().take(shown) {
                let li = el(&self.doc, "li", "dz-item")?;
                append(&li, &self.result_link(i, d)?)?;
                let meta: Vec<String> = [
                    d.section().map(str::to_string),
                    d.byline().map(|b| format!("By {b}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !meta.is_empty() {
                    append(&li, &el_text(&self.doc, "p", "dz-meta", &meta.join(" · "))?)?;
                }
                append(&self.list, &li)?;
            }
            self.render_teasers(s)?;
            return Ok(());
        }
        clear(&self.overview);
        // The answer `App::fill` asked for: not searched again.
        let out = s.ws.answer(&s.query, s.shown).1;
        let left = out.total.saturating_sub(out.results.len());
        set_hidden(&self.more, left == 0)?;
        if let Some(b) = self.more.first_element_child() {
            b.set_text_content(Some(&format!(
                "Show more results ({} of {} shown)",
                out.results.len(),
                out.total
            )));
        }
        self.render_facets(s, &out.facets)?;
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

    /// The page's teaser lists ("Latest"), apart from the articles: a teaser
    /// that repeats an article opens it.
    fn render_teasers(&self, s: &State) -> Res {
        let teasers = &s.ws.corpus.teasers;
        if teasers.is_empty() {
            return Ok(());
        }
        let h = el_text(
            &self.doc,
            "h2",
            "dz-teasers-heading",
            "Also listed on the pages",
        )?;
        append(&self.teasers, &h)?;
        append(
            &self.teasers,
            &el_text(
                &self.doc,
                "p",
                "dz-help",
                "Headlines from the pages’ “Latest” lists: teasers, not articles of this corpus, except those that open one.",
            )?,
        )?;
        let ul = el(&self.doc, "ul", "dz-teaser-list")?;
        for t in teasers {
            let li = el(&self.doc, "li", "dz-teaser")?;
            let meta: Vec<&str> = [t.section.as_deref(), t.age.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !meta.is_empty() {
                append(&li, &el_text(&self.doc, "p", "dz-meta", &meta.join(" · "))?)?;
            }
            let linked = t
                .document
                .as_deref()
                .and_then(|id| s.ws.document_number(id));
            let title = el(&self.doc, "p", "dz-teaser-title")?;
            match linked {
                Some(i) => {
                    let a = el_text(&self.doc, "a", "dz-link", &t.title)?;
                    let route = crate::route::Route {
                        doc: Some(s.ws.corpus.documents[i].id.clone()),
                        ..crate::route::Route::default()
                    };
                    a.set_attribute("href", &route.to_hash())?;
                    a.set_attribute("data-doc", &i.to_string())?;
                    append(&title, &a)?;
                    append(
                        &title,
                        &el_text(&self.doc, "span", "dz-teaser-note", " (an article here)")?,
                    )?;
                }
                None => title.set_text_content(Some(&t.title)),
            }
            append(&li, &title)?;
            if let Some(snippet) = &t.snippet {
                append(&li, &el_text(&self.doc, "p", "dz-snippet", snippet)?)?;
            }
            append(&ul, &li)?;
        }
        append(&self.teasers, &ul)?;
        Ok(())
    }

    /// Filters for the current results: sections and entity kinds with
    /// their counts. Each toggles its filter in the query text, so the
    /// filter is visible, editable and part of the URL.
    fn render_facets(&self, s: &State, facets: &crate::search::Facets) -> Res {
        clear(&self.facets);
        let groups = [
            (
                "Section",
                facets
                    .sections
                    .iter()
                    .map(|f| (crate::search::filters::section_filter(&f.value), f))
                    .collect::<Vec<_>>(),
            ),
            (
                "Kind",
                facets
                    .kinds
                    .iter()
                    .map(|f| (format!("kind:{}", f.value), f))
                    .collect(),
            ),
        ];
        for (name, items) in groups {
            if items.is_empty() {
                continue;
            }
            let group = el(&self.doc, "div", "dz-facet-group")?;
            group.set_attribute("role", "group")?;
            group.set_attribute("aria-label", &format!("Filter by {}", name.to_lowercase()))?;
            append(&group, &el_text(&self.doc, "span", "dz-facet-name", name)?)?;
            for (filter, f) in items {
                let on = crate::search::filters::has_filter(&s.query, &filter);
                let b = el_text(
                    &self.doc,
                    "button",
                    "dz-facet",
                    &format!("{} ({})", f.value, f.count),
                )?;
                b.set_attribute("type", "button")?;
                b.set_attribute("data-action", "facet")?;
                b.set_attribute("data-filter", &filter)?;
                b.set_attribute("aria-pressed", if on { "true" } else { "false" })?;
                append(&group, &b)?;
            }
            append(&self.facets, &group)?;
        }
        Ok(())
    }

    fn result_link(&self, i: usize, d: &Document) -> Res<Element> {
        let h = el(&self.doc, "h2", "dz-item-title")?;
        let a = el_text(&self.doc, "a", "dz-link", d.title().unwrap_or("(untitled)"))?;
        let route = crate::route::Route {
            doc: Some(d.id.clone()),
            ..crate::route::Route::default()
        };
        a.set_attribute("href", &route.to_hash())?;
        a.set_attribute("data-doc", &i.to_string())?;
        a.set_attribute("data-doc-id", &d.id)?;
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
        // Hits are numbered in reading order, for n / N.
        let numbered: Vec<(usize, crate::search::Hit)> = hits.iter().copied().enumerate().collect();
        let hits_of = |field: usize| -> Vec<(usize, Span)> {
            numbered
                .iter()
                .filter(|(_, h)| h.field == field)
                .map(|(n, h)| (*n, h.span))
                .collect()
        };
        let marks = s.ws.marks(doc);
        let entities = &s.ws.entities.entities;
        let ents_of = |field: usize| -> Vec<EntityMark> {
            marks
                .iter()
                .filter(|(f, _, _)| *f == field)
                .filter_map(|&(_, span, e)| {
                    let ent = entities.get(e)?;
                    if s.hidden_kinds.contains(&ent.kind) {
                        return None;
                    }
                    Some(EntityMark {
                        span,
                        kind: ent.kind.name(),
                        name: &ent.name,
                        href: crate::route::Route {
                            entity: Some(ent.name.clone()),
                            ..crate::route::Route::default()
                        }
                        .to_hash(),
                    })
                })
                .collect()
        };
        let back_text = if self.dialog.is_some() {
            "Close"
        } else {
            "← Back to results"
        };
        let tools = el(&self.doc, "div", "dz-reader-tools")?;
        let back = button(&self.doc, "dz-back", back_text, "back")?;
        append(&tools, &back)?;
        // The names are one tab stop (arrow keys walk them), and this
        // passes the whole article at once.
        let skip = button(
            &self.doc,
            "dz-back dz-skip",
            "Skip to the end of the article",
            "skip-marks",
        )?;
        append(&tools, &skip)?;
        append(&self.reader, &tools)?;
        let status = match hits.len() {
            0 => String::new(),
            1 => "1 hit in this article.".to_string(),
            n => format!("{n} hits in this article. Keys n and N walk them."),
        };
        self.status.set_text_content(Some(&status));
        self.reader
            .set_attribute("data-hits", &hits.len().to_string())?;
        if !hits.is_empty() {
            append(&self.reader, &self.hit_nav(hits.len())?)?;
        }
        append(&self.reader, &self.legend(s, doc)?)?;

        let mut list: Option<Element> = None;
        for (i, f) in d.fields.iter().enumerate() {
            let (tag, class) = match f.kind {
                FieldKind::Section => ("p", "dz-section"),
                FieldKind::Title => ("h1", "dz-title"),
                FieldKind::Byline => ("p", "dz-byline"),
                FieldKind::Dateline => ("p", "dz-dateline"),
                FieldKind::Date => ("p", "dz-date"),
                FieldKind::LeadCaption => ("p", "dz-lead-caption"),
                FieldKind::Paragraph => ("p", "dz-p"),
                FieldKind::Heading => ("h2", "dz-h"),
                FieldKind::Caption => ("p", "dz-caption"),
                FieldKind::ListItem => ("li", "dz-li"),
                FieldKind::Quote => ("blockquote", "dz-quote"),
                FieldKind::Attribution => ("p", "dz-attribution"),
                FieldKind::Table => ("table", "dz-table"),
                FieldKind::Code => ("pre", "dz-code"),
            };
            let node = el(&self.doc, tag, class)?;
            node.set_attribute("data-field", &i.to_string())?;
            if f.kind == FieldKind::Title {
                if let Some(id) = self.reader.get_attribute("data-heading-id") {
                    node.set_id(&id);
                }
                node.set_attribute("tabindex", "-1")?;
            }
            if f.kind == FieldKind::Table {
                // Rows of cells, each cell's text with its marks; a header
                // row is not guessed (a results table has none).
                let (ents, hits) = (ents_of(i), hits_of(i));
                let body = el(&self.doc, "tbody", "")?;
                for row in f.table_rows() {
                    let tr = el(&self.doc, "tr", "")?;
                    for cell in row {
                        let td = el(&self.doc, "td", "")?;
                        append_layered_in(&self.doc, &td, &f.text, cell, &ents, &hits)?;
                        append(&tr, &td)?;
                    }
                    append(&body, &tr)?;
                }
                append(&node, &body)?;
            } else {
                append_layered(&self.doc, &node, &f.text, &ents_of(i), &hits_of(i))?;
            }
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
        // Where the skip lands, and the next tab stop after the names.
        let end = el_text(&self.doc, "p", "dz-reader-end", "End of the article. ")?;
        end.set_id(&format!("{}-reader-end", self.id_prefix));
        end.set_attribute("tabindex", "-1")?;
        append(&end, &button(&self.doc, "dz-back", back_text, "back")?)?;
        append(&self.reader, &end)?;
        // One tab stop for every marked name: the first, until the arrow
        // keys move it (`move_in_marks`).
        let names = self.reader.query_selector_all("a.dz-ent")?;
        for i in 0..names.length() {
            if let Some(a) = names.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                a.set_attribute("tabindex", if i == 0 { "0" } else { "-1" })?;
            }
        }
        Ok(())
    }

    /// Arrow keys on a marked name in the article: → and ← to the next
    /// and previous name, Home and End to the first and last. Returns
    /// whether focus moved.
    pub fn move_in_marks(&self, from: &Element, key: &str) -> Res<bool> {
        if !from.matches("a.dz-ent")? || !self.reader.contains(Some(from)) {
            return Ok(false);
        }
        let names = self.reader.query_selector_all("a.dz-ent")?;
        let all: Vec<HtmlElement> = (0..names.length())
            .filter_map(|i| names.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()))
            .collect();
        let Some(at) = all.iter().position(|a| a.is_same_node(Some(from))) else {
            return Ok(false);
        };
        let to = match key {
            "ArrowRight" => (at + 1).min(all.len() - 1),
            "ArrowLeft" => at.saturating_sub(1),
            "Home" => 0,
            "End" => all.len() - 1,
            _ => return Ok(false),
        };
        if let (Some(old), Some(new)) = (all.get(at), all.get(to)) {
            old.set_attribute("tabindex", "-1")?;
            new.set_attribute("tabindex", "0")?;
            new.focus()?;
        }
        Ok(true)
    }

    /// "Skip to the end of the article": focus its last line.
    pub fn skip_marks(&self) -> Res {
        if let Some(end) = self.reader.query_selector(".dz-reader-end")? {
            if let Ok(h) = end.dyn_into::<HtmlElement>() {
                h.focus()?;
            }
        }
        Ok(())
    }

    /// The overview's article count: focus the list's heading.
    pub fn to_articles(&self) -> Res {
        if let Ok(h) = self.articles_heading.clone().dyn_into::<HtmlElement>() {
            h.focus()?;
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Start);
            h.scroll_into_view_with_scroll_into_view_options(&opts);
        }
        Ok(())
    }

    /// "Previous hit · 1 of 12 · Next hit", sticky above the article.
    fn hit_nav(&self, count: usize) -> Res<Element> {
        let nav = el(&self.doc, "nav", "dz-hitnav")?;
        nav.set_attribute("aria-label", "Hits in this article")?;
        let prev = button(&self.doc, "dz-hitbtn", "↑ Previous hit", "prev-hit")?;
        prev.set_attribute("aria-keyshortcuts", "Shift+N")?;
        let counter = el_text(&self.doc, "span", "dz-hitcount", &format!("1 of {count}"))?;
        counter.set_attribute("aria-live", "polite")?;
        let next = button(&self.doc, "dz-hitbtn", "↓ Next hit", "next-hit")?;
        next.set_attribute("aria-keyshortcuts", "N")?;
        append(&nav, &prev)?;
        append(&nav, &counter)?;
        append(&nav, &next)?;
        Ok(nav)
    }

    /// The legend of entity kinds in this article: each item shows or
    /// hides the marks of its kind.
    fn legend(&self, s: &State, doc: usize) -> Res<Element> {
        let box_ = el(&self.doc, "div", "dz-legend")?;
        box_.set_attribute("role", "group")?;
        box_.set_attribute("aria-label", "Entity kinds marked in this article")?;
        let mut counts: Vec<(crate::entities::EntityKind, usize)> = Vec::new();
        for &(_, _, e) in s.ws.marks(doc) {
            if let Some(ent) = s.ws.entities.entities.get(e) {
                match counts.iter_mut().find(|(k, _)| *k == ent.kind) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((ent.kind, 1)),
                }
            }
        }
        counts.sort();
        if counts.is_empty() {
            return Ok(box_);
        }
        append(
            &box_,
            &el_text(&self.doc, "span", "dz-legend-name", "Entities")?,
        )?;
        for (kind, n) in counts {
            let shown = !s.hidden_kinds.contains(&kind);
            let b = el(
                &self.doc,
                "button",
                &format!("dz-legend-item dz-ent-{}", kind.name()),
            )?;
            b.set_attribute("type", "button")?;
            b.set_attribute("data-action", "toggle-kind")?;
            b.set_attribute("data-kind", kind.name())?;
            b.set_attribute("aria-pressed", if shown { "true" } else { "false" })?;
            b.set_text_content(Some(&format!("{} ({n})", kind_label(kind))));
            append(&box_, &b)?;
        }
        append(
            &box_,
            &el_text(
                &self.doc,
                "span",
                "dz-legend-hint",
                "Tab reaches the names, ← → move between them.",
            )?,
        )?;
        Ok(box_)
    }

    /// Move the current-hit marker by `step` (wrapping), update the
    /// counter and bring the hit into view.
    pub fn step_hit(&self, s: &mut State, step: isize) -> Res {
        let count: usize = self
            .reader
            .get_attribute("data-hits")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if count == 0 || s.open.is_none() {
            return Ok(());
        }
        let next = (s.current_hit as isize + step).rem_euclid(count as isize) as usize;
        s.current_hit = next;
        self.show_hit(next, true)
    }

    /// Mark hit `i` as the current one; optionally scroll to it.
    fn show_hit(&self, i: usize, scroll: bool) -> Res {
        let marks = self.reader.query_selector_all("mark.dz-hit")?;
        let count: usize = self
            .reader
            .get_attribute("data-hits")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let mut first = None;
        for j in 0..marks.length() {
            if let Some(m) = marks.item(j).and_then(|n| n.dyn_into::<Element>().ok()) {
                let n: Option<usize> = m.get_attribute("data-hit").and_then(|n| n.parse().ok());
                if n == Some(i) {
                    m.class_list().add_1("dz-current")?;
                    first.get_or_insert(m);
                } else {
                    m.class_list().remove_1("dz-current")?;
                }
            }
        }
        if let (true, Some(m)) = (scroll, first) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            m.scroll_into_view_with_scroll_into_view_options(&opts);
        }
        if let Some(counter) = self.reader.query_selector(".dz-hitcount")? {
            counter.set_text_content(Some(&format!("{} of {count}", i + 1)));
        }
        Ok(())
    }

    /// Focus the next or previous result link from `from` (a link in the
    /// list, or the search box). Returns whether focus moved.
    pub fn move_in_results(&self, from: &Element, down: bool, from_box: bool) -> Res<bool> {
        if self.results.has_attribute("hidden") {
            return Ok(false);
        }
        let links = self.list.query_selector_all("a.dz-link")?;
        let all: Vec<HtmlElement> = (0..links.length())
            .filter_map(|i| links.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()))
            .collect();
        let next = if from_box {
            all.first()
        } else {
            let at = all.iter().position(|a| a.is_same_node(Some(from)));
            match (at, down) {
                (Some(i), true) => all.get(i + 1),
                (Some(0), false) => {
                    self.input.focus()?;
                    return Ok(true);
                }
                (Some(i), false) => all.get(i - 1),
                (None, _) => None,
            }
        };
        match next {
            Some(a) => {
                a.focus()?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Say which view is current in the views menu.
    fn mark_nav(&self, screen: Option<crate::route::Screen>) -> Res {
        let links = self.nav.query_selector_all("a")?;
        for i in 0..links.length() {
            if let Some(a) = links.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let this = a.get_attribute("data-screen");
                if screen.is_some_and(|s| Some(s.name()) == this.as_deref()) {
                    a.set_attribute("aria-current", "page")?;
                } else {
                    a.remove_attribute("aria-current")?;
                }
            }
        }
        Ok(())
    }

    /// Bring a place of the open article into view: the entity mention or
    /// hit that starts there, else its paragraph.
    pub fn show_place(&self, field: usize, start: usize) -> Res {
        let blocks = self.reader.query_selector_all("[data-field]")?;
        for i in 0..blocks.length() {
            let Some(b) = blocks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if b.get_attribute("data-field").and_then(|f| f.parse().ok()) == Some(field) {
                let target = b
                    .query_selector(&format!("[data-start=\"{start}\"]"))?
                    .unwrap_or(b);
                target.class_list().add_1("dz-target")?;
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Center);
                target.scroll_into_view_with_scroll_into_view_options(&opts);
                break;
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
        if self.reader.query_selector("mark.dz-hit")?.is_some() {
            self.show_hit(0, true)?;
        }
        Ok(())
    }

    /// "Show more entities (100 of 208 shown)" under a list cut at
    /// `shown` of `total`; nothing when all are shown.
    pub(super) fn more_listed(
        &self,
        shown: usize,
        total: usize,
        what: &str,
    ) -> Res<Option<Element>> {
        if shown >= total {
            return Ok(None);
        }
        let p = el(&self.doc, "p", "dz-more")?;
        let b = button(
            &self.doc,
            "dz-btn",
            &format!("Show more {what} ({shown} of {total} shown)"),
            "more-listed",
        )?;
        append(&p, &b)?;
        Ok(Some(p))
    }

    /// What identifies the focused control inside this explorer (its tag
    /// and the attributes a redraw gives it again), so that focus can
    /// return to its redrawn copy: a facet or legend toggle redraws the
    /// list it sits in, and focus must not fall to the page's body.
    pub fn focus_key(&self) -> Option<FocusKey> {
        let active = js_sys::Reflect::get(&self.root.get_root_node(), &"activeElement".into())
            .ok()?
            .dyn_into::<Element>()
            .ok()?;
        if !self.root.contains(Some(&active)) {
            return None;
        }
        let attrs = FOCUS_ATTRS
            .iter()
            .filter_map(|a| active.get_attribute(a).map(|v| (*a, v)))
            .collect::<Vec<_>>();
        (!attrs.is_empty()).then(|| FocusKey {
            element: active.clone(),
            tag: active.tag_name(),
            attrs,
        })
    }

    /// After a redraw: if the focused control was replaced, focus its copy.
    pub fn restore_focus(&self, key: Option<FocusKey>) -> Res {
        let Some(key) = key else {
            return Ok(());
        };
        if key.element.is_connected() {
            return Ok(());
        }
        let same = self.root.query_selector_all(&key.tag.to_lowercase())?;
        let copy = (0..same.length())
            .filter_map(|i| same.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .find(|e| {
                key.attrs
                    .iter()
                    .all(|(a, v)| e.get_attribute(a).as_deref() == Some(v.as_str()))
            });
        if let Some(h) = copy.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            h.focus()?;
        }
        Ok(())
    }

    /// Give focus back to the link of the document with id `id`.
    pub fn focus_result(&self, id: &str) -> Res {
        let links = self.list.query_selector_all("[data-doc-id]")?;
        let link = (0..links.length())
            .filter_map(|i| links.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .find(|l| l.get_attribute("data-doc-id").as_deref() == Some(id));
        if let Some(h) = link.and_then(|l| l.dyn_into::<HtmlElement>().ok()) {
            h.focus()?;
        }
        Ok(())
    }
}

/// The attributes that tell redrawn controls apart.
const FOCUS_ATTRS: &[&str] = &[
    "id",
    "data-action",
    "data-kind",
    "data-filter",
    "data-screen",
    "data-entity-name",
    "data-doc-id",
    "href",
];

/// The focused control before a redraw (see `View::focus_key`).
pub struct FocusKey {
    element: Element,
    tag: String,
    attrs: Vec<(&'static str, String)>,
}

/// Build the documents panel inside a `<details>`.
fn docs_panel(doc: &web_sys::Document, id: &dyn Fn(&str) -> String) -> Res<(Element, DocsPanel)> {
    let details = el(doc, "details", "dz-docs")?;
    let summary = el_text(doc, "summary", "dz-docs-summary", "Your documents")?;
    append(&details, &summary)?;
    append(
        &details,
        &el_text(
            doc,
            "p",
            "dz-help",
            "Add text, HTML, Markdown, Word (.docx) or mail (.eml, .mbox) files (or drop them on the page), or paste text. They stay in this browser only. PDFs are read by `dossier build` on the command line, not in this page.",
        )?,
    )?;

    let pick_label = el_text(doc, "label", "dz-label", "Add files")?;
    pick_label.set_attribute("for", &id("files"))?;
    let picker: HtmlInputElement = el(doc, "input", "dz-picker")?.dyn_into()?;
    picker.set_type("file");
    picker.set_id(&id("files"));
    picker.set_multiple(true);
    // The picker offers what `corpus::parse` reads in the page (PDF is
    // read natively only); a drop takes any file and says why one is left
    // out.
    picker.set_accept(
        ".txt,.text,.html,.htm,.md,.markdown,.docx,.eml,.mbox,text/plain,text/html,text/markdown,message/rfc822,application/mbox,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    append(&details, &pick_label)?;
    append(&details, &picker)?;

    let paste_label = el_text(doc, "label", "dz-label", "Paste text")?;
    paste_label.set_attribute("for", &id("paste"))?;
    let paste: HtmlTextAreaElement = el(doc, "textarea", "dz-paste")?.dyn_into()?;
    paste.set_id(&id("paste"));
    paste.set_rows(4);
    let add = button(doc, "dz-btn", "Add pasted text", "paste")?;
    append(&details, &paste_label)?;
    append(&details, &paste)?;
    append(&details, &add)?;

    let list = el(doc, "ul", "dz-files")?;
    list.set_attribute("aria-label", "Your documents")?;
    append(&details, &list)?;

    let bundled_label = el(doc, "label", "dz-check")?;
    let bundled: HtmlInputElement = el(doc, "input", "")?.dyn_into()?;
    bundled.set_type("checkbox");
    bundled.set_checked(true);
    append(&bundled_label, &bundled)?;
    append(
        &bundled_label,
        &doc.create_text_node(" Show the explorer’s own articles"),
    )?;
    append(&details, &bundled_label)?;

    let note = el(doc, "p", "dz-note")?;
    note.set_attribute("aria-live", "polite")?;
    append(&details, &note)?;
    Ok((
        details,
        DocsPanel {
            picker,
            paste,
            bundled,
            summary,
            list,
            note,
        },
    ))
}

fn set_hidden(e: &Element, hidden: bool) -> Res {
    if hidden {
        e.set_attribute("hidden", "")
    } else {
        e.remove_attribute("hidden")
    }
}

/// A kind's name for people.
pub fn kind_label(kind: crate::entities::EntityKind) -> &'static str {
    use crate::entities::EntityKind as K;
    match kind {
        K::Person => "People",
        K::Org => "Organisations",
        K::Place => "Places",
        K::Date => "Dates",
        K::Quantity => "Figures",
        K::Group => "Groups",
        K::Event => "Events",
        K::Law => "Agreements and laws",
        K::Work => "Works",
        K::Misc => "Other",
    }
}
