//! The entity screens: the list of entities, an entity's page, and the
//! co-occurrence network. Everything shown is computed by `crate::explore`.

use super::dom::{append, button, clear, el, el_text, Res};
use super::view::{kind_label, View};
use super::State;
use crate::entities::{EntityKind, EntitySet};
use crate::explore;
use crate::explore::network;
use crate::route::Route;
use wasm_bindgen::JsCast;
use web_sys::Element;

const SVG: &str = "http://www.w3.org/2000/svg";
/// Neighbours drawn on an entity's page.
const NEIGHBOURS: usize = 12;
/// Rows of the network's links list per page.
const LINKS_PAGE: usize = 30;
/// How far the network zooms in, at most (times the whole picture).
const MOST_ZOOM: f64 = 8.0;

/// Kinds in the order the page lists them.
pub const KINDS: [EntityKind; 10] = EntityKind::ALL;

pub fn entity_href(name: &str) -> String {
    Route {
        entity: Some(name.to_string()),
        ..Route::default()
    }
    .to_hash()
}

impl View {
    /// A table of class `class` with a head row of column headers.
    fn table_with_head(&self, class: &str, cols: &[&str]) -> Res<Element> {
        let table = el(&self.doc, "table", class)?;
        let head = el(&self.doc, "thead", "")?;
        let tr = el(&self.doc, "tr", "")?;
        for col in cols {
            let th = el_text(&self.doc, "th", "", col)?;
            th.set_attribute("scope", "col")?;
            append(&tr, &th)?;
        }
        append(&head, &tr)?;
        append(&table, &head)?;
        Ok(table)
    }

    fn entity_link(&self, name: &str, text: &str) -> Res<Element> {
        let a = el_text(&self.doc, "a", "dz-link", text)?;
        a.set_attribute("href", &entity_href(name))?;
        a.set_attribute("data-entity-name", name)?;
        Ok(a)
    }

    /// Append a visible label and its control to `parent`; the control's
    /// id is this explorer's prefix and `key`.
    pub(super) fn labelled(
        &self,
        parent: &Element,
        text: &str,
        key: &str,
        control: &Element,
    ) -> Res {
        let id = format!("{}-{key}", self.id_prefix);
        let label = el_text(&self.doc, "label", "dz-label-inline", text)?;
        label.set_attribute("for", &id)?;
        control.set_id(&id);
        append(parent, &label)?;
        append(parent, control)
    }

    /// A filter box that sends `data-input` `key` as the reader types.
    pub(super) fn filter_box(&self, key: &str, value: &str) -> Res<Element> {
        let input = el(&self.doc, "input", "dz-filter")?;
        input.set_attribute("type", "search")?;
        input.set_attribute("data-input", key)?;
        input.set_attribute("value", value)?;
        input.set_attribute("autocomplete", "off")?;
        Ok(input)
    }

    pub(super) fn heading(&self, level: &str, text: &str) -> Res<Element> {
        let h = el_text(&self.doc, level, "dz-pane-title", text)?;
        h.set_attribute("tabindex", "-1")?;
        Ok(h)
    }

    /// Every entity grouped by kind, with mention and article counts; a
    /// filter box and an order.
    pub fn render_entities(&self, s: &State) -> Res {
        let set = &s.ws.entities;
        // The controls stay while they are used (typing in the filter must
        // not lose focus); only the list below them is redrawn.
        let Some(pane) = self.pane_body("entities")? else {
            self.refresh_entities_controls(s)?;
            return self.render_entities_list(s);
        };
        append(
            pane,
            &self.heading("h1", &format!("Entities ({})", set.entities.len()))?,
        )?;

        let tools = el(&self.doc, "div", "dz-tools")?;
        let filter = self.filter_box("entity-filter", &s.entity_filter)?;
        self.labelled(&tools, "Filter entities", "entity-filter", &filter)?;
        let sort = el(&self.doc, "select", "dz-select")?;
        sort.set_attribute("data-input", "entity-sort")?;
        for (value, text) in [("count", "Most mentioned"), ("name", "By name")] {
            let o = el_text(&self.doc, "option", "", text)?;
            o.set_attribute("value", value)?;
            if (value == "name") == s.entity_by_name {
                o.set_attribute("selected", "")?;
            }
            append(&sort, &o)?;
        }
        self.labelled(&tools, "Order", "entity-sort", &sort)?;
        append(
            &tools,
            &button(&self.doc, "dz-btn", "Download CSV", "download-entities-csv")?,
        )?;
        append(
            &tools,
            &button(
                &self.doc,
                "dz-btn",
                "Download JSON",
                "download-entities-json",
            )?,
        )?;
        append(pane, &tools)?;
        if self.layout.user_documents {
            append(pane, &self.corrections_panel(s)?)?;
        }
        let body = el(&self.doc, "div", "dz-pane-body")?;
        append(pane, &body)?;
        self.render_entities_list(s)
    }

    /// The parts of the kept controls that tell of the data: the heading's
    /// count and the corrections panel (its count and the lines it could
    /// not read), so that after "Apply corrections" all three agree with
    /// the list at once.
    fn refresh_entities_controls(&self, s: &State) -> Res {
        if let Some(h) = self.pane.query_selector("h1")? {
            h.set_text_content(Some(&format!(
                "Entities ({})",
                s.ws.entities.entities.len()
            )));
        }
        if !self.layout.user_documents {
            return Ok(());
        }
        if let Some(old) = self.pane.query_selector(".dz-corrections")? {
            let fresh = self.corrections_panel(s)?;
            if old.has_attribute("open") {
                fresh.set_attribute("open", "")?;
            }
            old.replace_with_with_node_1(&fresh)?;
        }
        Ok(())
    }

    /// The current pane's redrawable part.
    pub(super) fn body(&self) -> Res<Element> {
        match self.pane.query_selector(".dz-pane-body")? {
            Some(b) => Ok(b),
            None => Ok(self.pane.clone()),
        }
    }

    /// The pane, cleared for `view` if it shows something else (then
    /// `Some(pane)`: build the controls), or `None` when it already shows
    /// `view` (redraw only the body).
    pub(super) fn pane_body(&self, view: &str) -> Res<Option<&Element>> {
        if self.pane.get_attribute("data-view").as_deref() == Some(view) {
            return Ok(None);
        }
        clear(&self.pane);
        self.pane.set_attribute("data-view", view)?;
        Ok(Some(&self.pane))
    }

    fn render_entities_list(&self, s: &State) -> Res {
        let set = &s.ws.entities;
        let pane = &self.body()?;
        clear(pane);
        let list =
            s.ws.entity_list(&s.entity_filter, s.entity_by_name, s.listed);
        let total = list.total;
        let listed = list.rows.len();
        let shown = el_text(&self.doc, "p", "dz-meta", &shown_count(listed, total))?;
        shown.set_attribute("aria-live", "polite")?;
        append(pane, &shown)?;
        // The first `listed` rows in the chosen order, grouped by kind;
        // each kind's heading counts all of it.
        for kind in KINDS {
            let all_of_kind = list
                .kinds
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, n)| *n);
            let of_kind: Vec<&explore::EntityRow> = list
                .rows
                .iter()
                .filter(|r| set.entities.get(r.entity).is_some_and(|e| e.kind == kind))
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            let section = el(&self.doc, "section", "dz-kind-group")?;
            let h = el_text(
                &self.doc,
                "h2",
                &format!("dz-kind-heading dz-ent-{}", kind.name()),
                &format!("{} ({})", kind_label(kind), all_of_kind),
            )?;
            append(&section, &h)?;
            let table = self.table_with_head("dz-table", &["Name", "Mentions", "Articles"])?;
            let body = el(&self.doc, "tbody", "")?;
            for r in of_kind {
                let e = &set.entities[r.entity];
                let tr = el(&self.doc, "tr", "")?;
                let th = el(&self.doc, "th", "")?;
                th.set_attribute("scope", "row")?;
                append(&th, &self.entity_link(&e.name, &e.name)?)?;
                if let Some(a) = &e.acronym {
                    append(
                        &th,
                        &el_text(&self.doc, "span", "dz-acronym", &format!(" ({a})"))?,
                    )?;
                }
                append(&tr, &th)?;
                append(
                    &tr,
                    &el_text(&self.doc, "td", "dz-num", &r.mentions.to_string())?,
                )?;
                append(
                    &tr,
                    &el_text(&self.doc, "td", "dz-num", &r.articles.to_string())?,
                )?;
                append(&body, &tr)?;
            }
            append(&table, &body)?;
            append(&section, &table)?;
            append(pane, &section)?;
        }
        if let Some(more) = self.more_listed(listed, total, "entities")? {
            append(pane, &more)?;
        }
        Ok(())
    }

    /// One entity: what it is, every mention in context, its articles, and
    /// who and what it is named with.
    pub fn render_entity(&self, s: &State, i: usize) -> Res {
        let pane = &self.pane;
        clear(pane);
        self.pane.set_attribute("data-view", "entity")?;
        let set = &s.ws.entities;
        let Some(e) = set.entities.get(i) else {
            return Ok(());
        };
        let corpus = &s.ws.corpus;
        append(pane, &button(&self.doc, "dz-back", "← Back", "back")?)?;
        let kind = el_text(
            &self.doc,
            "p",
            &format!("dz-section dz-kind-badge dz-ent-{}", e.kind.name()),
            kind_label(e.kind),
        )?;
        append(pane, &kind)?;
        append(pane, &self.heading("h1", &e.name)?)?;
        let articles = explore::articles(set, i);
        let facts = el(&self.doc, "dl", "dz-facts")?;
        let fact = |k: &str, v: &str| -> Res {
            append(&facts, &el_text(&self.doc, "dt", "", k)?)?;
            append(&facts, &el_text(&self.doc, "dd", "", v)?)
        };
        fact(
            "Mentions",
            &format!(
                "{} in {}",
                e.mentions.len(),
                explore::counted(articles.len(), "article", "articles")
            ),
        )?;
        if let Some(a) = &e.acronym {
            fact("Acronym", a)?;
        }
        if !e.aliases.is_empty() {
            fact("Also written", &e.aliases.join(", "))?;
        }
        if let Some(v) = &e.value {
            fact("Value", v)?;
        }
        append(pane, &facts)?;
        if self.layout.user_documents {
            append(pane, &self.entity_actions(&e.name)?)?;
        }

        self.entity_events(s, i, pane)?;
        // Only the mentions shown are read: a page over a prebuilt index
        // fetches their documents' text, not every document naming it.
        let firsts = explore::first_mentions(set, i, s.listed);
        let said = s.ws.descriptions(i, &firsts);
        if !said.is_empty() {
            append(
                pane,
                &el_text(&self.doc, "h2", "dz-h", "What the text says it is")?,
            )?;
            let ul = el(&self.doc, "ul", "dz-said")?;
            for d in said {
                let li = el(&self.doc, "li", "")?;
                append(&li, &el_text(&self.doc, "q", "", &d.text)?)?;
                append(&li, &self.doc.create_text_node(" — "))?;
                append(
                    &li,
                    &self.place_link(s, d.mention.doc, d.mention.field, d.mention.span.start)?,
                )?;
                append(&ul, &li)?;
            }
            append(pane, &ul)?;
        }

        let related = explore::related(set, &s.ws.pairs, i);
        if !related.is_empty() {
            append(pane, &el_text(&self.doc, "h2", "dz-h", "Named with")?)?;
            if let Some(svg) = self.neighbourhood(s, i)? {
                append(pane, &svg)?;
            }
            let ul = el(&self.doc, "ul", "dz-related")?;
            for (other, t) in related.iter().take(15) {
                let o = &set.entities[*other];
                let li = el(&self.doc, "li", "")?;
                append(&li, &self.entity_link(&o.name, &o.name)?)?;
                let how = match (t.sentences, t.paragraphs) {
                    (0, p) => format!(" · {}", explore::counted(p, "paragraph", "paragraphs")),
                    (n, p) => format!(
                        " · {}, {}",
                        explore::counted(n, "sentence", "sentences"),
                        explore::counted(p, "paragraph", "paragraphs")
                    ),
                };
                append(
                    &li,
                    &el_text(
                        &self.doc,
                        "span",
                        "dz-meta-inline",
                        &format!(" ({}){how}", o.kind.name()),
                    )?,
                )?;
                append(&ul, &li)?;
            }
            append(pane, &ul)?;
        }

        append(
            pane,
            &el_text(&self.doc, "h2", "dz-h", "Mentions in context")?,
        )?;
        let contexts = explore::contexts_of(corpus, &firsts);
        let total = e.mentions.len();
        let mut current: Option<usize> = None;
        let mut list: Option<Element> = None;
        for c in contexts.into_iter().take(s.listed) {
            if current != Some(c.mention.doc) {
                current = Some(c.mention.doc);
                let title = corpus
                    .documents
                    .get(c.mention.doc)
                    .and_then(|d| d.title())
                    .unwrap_or("(untitled)");
                let n = articles
                    .iter()
                    .find(|(d, _)| *d == c.mention.doc)
                    .map_or(0, |(_, n)| *n);
                append(
                    pane,
                    &el_text(&self.doc, "h3", "dz-kwic-title", &format!("{title} ({n})"))?,
                )?;
                let ol = el(&self.doc, "ol", "dz-kwic")?;
                append(pane, &ol)?;
                list = Some(ol);
            }
            let Some(ol) = &list else {
                continue;
            };
            let li = el(&self.doc, "li", "")?;
            append(&li, &el_text(&self.doc, "span", "dz-kwic-left", &c.left)?)?;
            let a = el_text(&self.doc, "a", "dz-kwic-hit", &c.text)?;
            a.set_attribute("href", &self.place_href(s, c.mention.doc))?;
            a.set_attribute("data-action", "open-at")?;
            a.set_attribute("data-doc", &c.mention.doc.to_string())?;
            a.set_attribute("data-field", &c.mention.field.to_string())?;
            a.set_attribute("data-start", &c.mention.span.start.to_string())?;
            append(&li, &a)?;
            append(&li, &el_text(&self.doc, "span", "dz-kwic-right", &c.right)?)?;
            append(ol, &li)?;
        }
        if let Some(more) = self.more_listed(total.min(s.listed), total, "mentions")? {
            append(pane, &more)?;
        }
        Ok(())
    }

    /// The reader's corrections, editable as text (kept in the browser).
    fn corrections_panel(&self, s: &State) -> Res<Element> {
        let details = el(&self.doc, "details", "dz-docs dz-corrections")?;
        if !s.corrections.is_empty() || !s.correction_notes.is_empty() {
            details.set_attribute("open", "")?;
        }
        let lines = s
            .corrections
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        append(
            &details,
            &el_text(
                &self.doc,
                "summary",
                "dz-docs-summary",
                &format!("Corrections ({lines})"),
            )?,
        )?;
        append(
            &details,
            &el_text(
                &self.doc,
                "p",
                "dz-help",
                "One per line: rename \"A\" => \"B\" · merge \"A\" + \"B\" · kind \"A\" = place · suppress \"A\" · add \"Term\" as org · split \"Alias\" from \"Entity\". Kept in this browser.",
            )?,
        )?;
        let id = format!("{}-corrections", self.id_prefix);
        let label = el_text(
            &self.doc,
            "label",
            "dz-label",
            "Corrections to the entities",
        )?;
        label.set_attribute("for", &id)?;
        let area = el(&self.doc, "textarea", "dz-paste")?;
        area.set_id(&id);
        area.set_attribute("rows", "4")?;
        area.set_attribute("data-corrections", "")?;
        area.set_attribute("spellcheck", "false")?;
        area.set_text_content(Some(&s.corrections));
        append(&details, &label)?;
        append(&details, &area)?;
        append(
            &details,
            &button(
                &self.doc,
                "dz-btn",
                "Apply corrections",
                "apply-corrections",
            )?,
        )?;
        if !s.correction_notes.is_empty() {
            let ul = el(&self.doc, "ul", "dz-diagnostics")?;
            ul.set_attribute("aria-label", "Corrections not understood")?;
            for n in &s.correction_notes {
                append(&ul, &el_text(&self.doc, "li", "", n)?)?;
            }
            append(&details, &ul)?;
        }
        Ok(details)
    }

    /// Quick corrections on an entity page: rename, change kind, merge,
    /// hide.
    fn entity_actions(&self, name: &str) -> Res<Element> {
        let details = el(&self.doc, "details", "dz-docs dz-actions")?;
        append(
            &details,
            &el_text(
                &self.doc,
                "summary",
                "dz-docs-summary",
                "Correct this entity",
            )?,
        )?;
        let row = |label_text: &str,
                   key: &str,
                   control: Element,
                   op: &str,
                   button_text: &str|
         -> Res<Element> {
            let wrap = el(&self.doc, "div", "dz-tools")?;
            let key = format!("fix-{key}");
            self.labelled(&wrap, label_text, &key, &control)?;
            let b = button(&self.doc, "dz-btn", button_text, "correct")?;
            b.set_attribute("data-op", op)?;
            b.set_attribute("data-name", name)?;
            b.set_attribute("data-field", &format!("#{}-{key}", self.id_prefix))?;
            append(&wrap, &b)?;
            Ok(wrap)
        };
        let rename = el(&self.doc, "input", "dz-filter")?;
        rename.set_attribute("type", "text")?;
        rename.set_attribute("value", name)?;
        append(
            &details,
            &row("New name", "rename", rename, "rename", "Rename")?,
        )?;
        let kind = el(&self.doc, "select", "dz-select")?;
        for k in KINDS {
            let o = el_text(&self.doc, "option", "", kind_label(k))?;
            o.set_attribute("value", k.name())?;
            append(&kind, &o)?;
        }
        append(&details, &row("Kind", "kind", kind, "kind", "Change kind")?)?;
        let merge = el(&self.doc, "input", "dz-filter")?;
        merge.set_attribute("type", "text")?;
        merge.set_attribute("placeholder", "another entity's name")?;
        append(
            &details,
            &row("Same thing as", "merge", merge, "merge", "Merge")?,
        )?;
        let hide = button(&self.doc, "dz-btn", "Not an entity: hide it", "correct")?;
        hide.set_attribute("data-op", "suppress")?;
        hide.set_attribute("data-name", name)?;
        append(&details, &hide)?;
        Ok(details)
    }

    fn place_href(&self, s: &State, doc: usize) -> String {
        Route {
            doc: s.ws.corpus.documents.get(doc).map(|d| d.id.clone()),
            ..Route::default()
        }
        .to_hash()
    }

    /// "in <article title>", opening the article at that place.
    fn place_link(&self, s: &State, doc: usize, field: usize, start: usize) -> Res<Element> {
        let title =
            s.ws.corpus
                .documents
                .get(doc)
                .and_then(|d| d.title())
                .unwrap_or("(untitled)");
        let a = el_text(&self.doc, "a", "dz-link", &format!("in “{title}”"))?;
        a.set_attribute("href", &self.place_href(s, doc))?;
        a.set_attribute("data-action", "open-at")?;
        a.set_attribute("data-doc", &doc.to_string())?;
        a.set_attribute("data-field", &field.to_string())?;
        a.set_attribute("data-start", &start.to_string())?;
        Ok(a)
    }

    /// The co-occurrence network as SVG: the top N entities (coloured by
    /// kind, sized by mentions) and their strongest links, each node a link
    /// to its entity; zoom and pan by pointer and keyboard; below it (first
    /// on a phone) the same links as a list.
    pub fn render_network(&self, s: &State) -> Res {
        // Controls stay while they are used; the picture is redrawn.
        if let Some(pane) = self.pane_body("network")? {
            append(
                pane,
                &self.heading("h1", "Network of entities named together")?,
            )?;
            append(pane, &self.network_tools(s)?)?;
            append(pane, &el(&self.doc, "div", "dz-pane-body")?)?;
        }
        let pane = &self.body()?;
        clear(pane);
        let set = &s.ws.entities;
        let filter = network::Filter {
            kinds: network::KINDS
                .into_iter()
                .filter(|k| !s.net_hidden.contains(k))
                .collect(),
            min_weight: s.net_min_weight,
            max_nodes: s.net_top,
        };
        let (width, height) = (960.0, 640.0);
        let net = network::layout(set, &s.ws.pairs, &filter, width, height);
        self.draw_network(s, &net, pane)
    }

    fn network_tools(&self, s: &State) -> Res<Element> {
        let tools = el(&self.doc, "div", "dz-tools")?;
        let group = el(&self.doc, "fieldset", "dz-kinds")?;
        append(&group, &el_text(&self.doc, "legend", "", "Kinds")?)?;
        for kind in network::KINDS {
            let label = el(
                &self.doc,
                "label",
                &format!("dz-check-inline dz-ent-{}", kind.name()),
            )?;
            let cb = el(&self.doc, "input", "")?;
            cb.set_attribute("type", "checkbox")?;
            cb.set_attribute("data-input", "net-kind")?;
            cb.set_attribute("data-kind", kind.name())?;
            if !s.net_hidden.contains(&kind) {
                cb.set_attribute("checked", "")?;
            }
            append(&label, &cb)?;
            append(
                &label,
                &self.doc.create_text_node(&format!(" {}", kind_label(kind))),
            )?;
            append(&group, &label)?;
        }
        append(&tools, &group)?;
        let w = el(&self.doc, "input", "dz-range")?;
        w.set_attribute("type", "number")?;
        w.set_attribute("min", "1")?;
        w.set_attribute("max", "50")?;
        w.set_attribute("value", &s.net_min_weight.to_string())?;
        w.set_attribute("data-input", "net-weight")?;
        self.labelled(&tools, "Fewest times named together", "net-weight", &w)?;
        let top = el(&self.doc, "select", "dz-select")?;
        top.set_attribute("data-input", "net-top")?;
        for n in network::NODE_CHOICES {
            let o = el_text(&self.doc, "option", "", &format!("Top {n}"))?;
            o.set_attribute("value", &n.to_string())?;
            if n == s.net_top {
                o.set_attribute("selected", "")?;
            }
            append(&top, &o)?;
        }
        self.labelled(&tools, "Entities shown", "net-top", &top)?;
        Ok(tools)
    }

    /// An SVG element of this page.
    fn svg(&self, tag: &str) -> Res<Element> {
        self.doc.create_element_ns(Some(SVG), tag)
    }

    /// A node of a network picture: a link to its entity, its circle, its
    /// label when it fits (else it shows on hover and focus).
    fn network_node(
        &self,
        set: &EntitySet,
        n: &network::Node,
        about: &str,
    ) -> Res<Option<Element>> {
        let Some(ent) = set.entities.get(n.entity) else {
            return Ok(None);
        };
        let (name, kind) = (&ent.name, ent.kind);
        let a = self.svg("a")?;
        a.set_attribute("href", &entity_href(name))?;
        a.set_attribute("data-entity-name", name)?;
        a.set_attribute("class", &format!("dz-node dz-ent-{}", kind.name()))?;
        let full = format!("{name} ({}, {about})", kind.name());
        a.set_attribute("aria-label", &full)?;
        let label = network::label_text(name);
        a.set_attribute("data-label", &label)?;
        a.set_attribute("data-lx", &format!("{:.1}", n.hover.0))?;
        a.set_attribute("data-ly", &format!("{:.1}", n.hover.1))?;
        a.set_attribute("data-x", &format!("{:.1}", n.x))?;
        a.set_attribute("data-y", &format!("{:.1}", n.y))?;
        let title = self.svg("title")?;
        title.set_text_content(Some(&full));
        append(&a, &title)?;
        let c = self.svg("circle")?;
        c.set_attribute("cx", &format!("{:.1}", n.x))?;
        c.set_attribute("cy", &format!("{:.1}", n.y))?;
        c.set_attribute("r", &format!("{:.1}", n.radius))?;
        append(&a, &c)?;
        if let Some((x, y)) = n.label {
            let t = self.svg("text")?;
            t.set_attribute("x", &format!("{x:.1}"))?;
            t.set_attribute("y", &format!("{y:.1}"))?;
            t.set_text_content(Some(&label));
            append(&a, &t)?;
        } else {
            a.set_attribute("data-hover-only", "")?;
        }
        Ok(Some(a))
    }

    /// The lines of a picture's links, under its nodes.
    fn network_edges(&self, net: &network::Layout, centred: bool) -> Res<Element> {
        let g = self.svg("g")?;
        g.set_attribute("class", "dz-edges")?;
        g.set_attribute("aria-hidden", "true")?;
        for e in &net.edges {
            let (Some(a), Some(b)) = (net.nodes.get(e.a), net.nodes.get(e.b)) else {
                continue;
            };
            let line = self.svg("line")?;
            // On an entity's page, its own links stand out from those
            // among its neighbours.
            if centred && e.a == 0 {
                line.set_attribute("class", "dz-edge-centre")?;
            }
            for (k, v) in [("x1", a.x), ("y1", a.y), ("x2", b.x), ("y2", b.y)] {
                line.set_attribute(k, &format!("{v:.1}"))?;
            }
            line.set_attribute(
                "stroke-width",
                &format!("{:.1}", 0.6 + (e.weight as f64).sqrt().min(6.0)),
            )?;
            append(&g, &line)?;
        }
        Ok(g)
    }

    /// The label shown over everything for the node under the pointer or
    /// with focus (filled in by [`View::network_hover`]).
    fn hover_label(&self) -> Res<Element> {
        let g = self.svg("g")?;
        g.set_attribute("class", "dz-hover-label")?;
        g.set_attribute("aria-hidden", "true")?;
        g.set_attribute("visibility", "hidden")?;
        append(&g, &self.svg("rect")?)?;
        append(&g, &self.svg("text")?)?;
        Ok(g)
    }

    /// An SVG picture of `net` with its nodes; `about(entity)` says what
    /// each node's accessible name adds to its name and kind.
    fn network_svg(
        &self,
        set: &EntitySet,
        net: &network::Layout,
        class: &str,
        label: &str,
        about: &dyn Fn(usize) -> String,
    ) -> Res<Element> {
        let (width, height) = (net.width, net.height);
        let svg = self.svg("svg")?;
        svg.set_attribute("viewBox", &format!("0 0 {width} {height}"))?;
        svg.set_attribute("data-w", &width.to_string())?;
        svg.set_attribute("data-h", &height.to_string())?;
        svg.set_attribute("class", class)?;
        svg.set_attribute("role", "group")?;
        svg.set_attribute("aria-label", label)?;
        append(
            &svg,
            &self.network_edges(net, class.contains("dz-neighbourhood"))?,
        )?;
        for n in &net.nodes {
            if let Some(a) = self.network_node(set, n, &about(n.entity))? {
                append(&svg, &a)?;
            }
        }
        append(&svg, &self.hover_label()?)?;
        Ok(svg)
    }

    fn draw_network(&self, s: &State, net: &network::Layout, pane: &Element) -> Res {
        let set = &s.ws.entities;
        let (shown, of) = (net.nodes.len(), net.candidates);
        let summary = format!(
            "{} and {}",
            if shown < of {
                format!("The {shown} most mentioned of {of} linked entities")
            } else {
                explore::counted(shown, "entity", "entities")
            },
            explore::counted(net.edges.len(), "link", "links")
        );
        let note = el_text(&self.doc, "p", "dz-meta", &format!("{summary}."))?;
        note.set_attribute("aria-live", "polite")?;
        append(pane, &note)?;
        let layout = el(&self.doc, "div", "dz-net")?;
        let frame = el(&self.doc, "div", "dz-net-frame")?;
        let bar = el(&self.doc, "div", "dz-net-bar")?;
        bar.set_attribute("role", "toolbar")?;
        bar.set_attribute("aria-label", "View of the network")?;
        for (text, action, name) in [
            ("+", "net-zoom-in", "Zoom in (+)"),
            ("−", "net-zoom-out", "Zoom out (−)"),
            ("Reset", "net-reset", "Reset the view (0)"),
        ] {
            let b = button(&self.doc, "dz-btn dz-net-btn", text, action)?;
            b.set_attribute("aria-label", name)?;
            b.set_attribute("title", name)?;
            append(&bar, &b)?;
        }
        append(
            &bar,
            &el_text(
                &self.doc,
                "p",
                "dz-help dz-net-help",
                "Tab to an entity, Enter opens it. + and − zoom, arrow keys pan, 0 resets; or drag and scroll.",
            )?,
        )?;
        append(&frame, &bar)?;
        let svg = self.network_svg(
            set,
            net,
            "dz-network",
            &format!("Network: {summary}"),
            &|e| {
                explore::counted(
                    set.entities.get(e).map_or(0, |x| x.mentions.len()),
                    "mention",
                    "mentions",
                )
            },
        )?;
        append(&frame, &svg)?;
        append(&layout, &frame)?;
        append(&layout, &self.network_links(s, net)?)?;
        append(pane, &layout)?;
        Ok(())
    }

    /// The drawn links as a table, strongest first, each entity a link
    /// (paged like every list): what a phone shows first, and what a
    /// screen reader reads.
    fn network_links(&self, s: &State, net: &network::Layout) -> Res<Element> {
        let set = &s.ws.entities;
        let section = el(&self.doc, "section", "dz-net-links")?;
        let id = format!("{}-net-links", self.id_prefix);
        let h = el_text(
            &self.doc,
            "h2",
            "dz-h",
            &format!("Links, strongest first ({})", net.edges.len()),
        )?;
        h.set_id(&id);
        append(&section, &h)?;
        section.set_attribute("aria-labelledby", &id)?;
        let list = net.strongest();
        let total = list.len();
        // A page is shorter than other lists': the strongest links are the
        // point, and a phone shows them before the drawing.
        let listed = total.min(LINKS_PAGE * (s.listed / super::view::LIST_PAGE).max(1));
        let table = self.table_with_head(
            "dz-table dz-net-table",
            &["Entity", "Named with", "Times together"],
        )?;
        let body = el(&self.doc, "tbody", "")?;
        let name = |k: usize| {
            net.nodes
                .get(k)
                .and_then(|n| set.entities.get(n.entity))
                .map(|e| e.name.as_str())
        };
        for e in list.into_iter().take(listed) {
            let (Some(a), Some(b)) = (name(e.a), name(e.b)) else {
                continue;
            };
            let tr = el(&self.doc, "tr", "")?;
            let th = el(&self.doc, "th", "")?;
            th.set_attribute("scope", "row")?;
            append(&th, &self.entity_link(a, a)?)?;
            append(&tr, &th)?;
            let td = el(&self.doc, "td", "")?;
            append(&td, &self.entity_link(b, b)?)?;
            append(&tr, &td)?;
            append(
                &tr,
                &el_text(&self.doc, "td", "dz-num", &e.weight.to_string())?,
            )?;
            append(&body, &tr)?;
        }
        append(&table, &body)?;
        append(&section, &table)?;
        if let Some(more) = self.more_listed(listed, total, "links")? {
            append(&section, &more)?;
        }
        Ok(section)
    }

    /// On an entity's page: a small picture of its strongest links.
    pub(super) fn neighbourhood(&self, s: &State, i: usize) -> Res<Option<Element>> {
        let set = &s.ws.entities;
        let net = network::neighbourhood(set, &s.ws.pairs, i, NEIGHBOURS, 640.0, 400.0);
        if net.nodes.len() < 2 {
            return Ok(None);
        }
        let centre = set.entities.get(i).map_or("", |e| e.name.as_str());
        let weights: std::collections::HashMap<usize, usize> = net
            .edges
            .iter()
            .filter(|e| e.a == 0)
            .filter_map(|e| Some((net.nodes.get(e.b)?.entity, e.weight)))
            .collect();
        let svg = self.network_svg(
            set,
            &net,
            "dz-network dz-neighbourhood",
            &format!(
                "{centre} and the {} entities named most often with it",
                net.nodes.len() - 1
            ),
            &|e| match weights.get(&e) {
                Some(w) => format!(
                    "named with {centre} {}",
                    explore::counted(*w, "time", "times")
                ),
                None => explore::counted(
                    set.entities.get(e).map_or(0, |x| x.mentions.len()),
                    "mention",
                    "mentions",
                ),
            },
        )?;
        Ok(Some(svg))
    }

    /// The drawn network `target` is in, or a control of (zoom buttons).
    pub fn network_of(&self, target: &Element) -> Option<Element> {
        let frame = target.closest(".dz-net-frame").ok()??;
        frame.query_selector("svg.dz-network").ok()?
    }

    /// A key pressed inside the network's frame: `+`/`-` zoom, arrows pan,
    /// `0` resets. Returns whether the key was the network's.
    pub fn network_key(&self, target: &Element, key: &str) -> bool {
        let Some(svg) = self.network_of(target) else {
            return false;
        };
        match key {
            "+" | "=" => zoom(&svg, 1.5, None),
            "-" | "_" | "−" => zoom(&svg, 1.0 / 1.5, None),
            "0" => reset(&svg),
            "ArrowLeft" => pan(&svg, -0.15, 0.0),
            "ArrowRight" => pan(&svg, 0.15, 0.0),
            "ArrowUp" => pan(&svg, 0.0, -0.15),
            "ArrowDown" => pan(&svg, 0.0, 0.15),
            _ => return false,
        }
        true
    }

    /// A zoom or reset button of the network's bar.
    pub fn network_button(&self, button: &Element, action: &str) {
        if let Some(svg) = self.network_of(button) {
            match action {
                "net-zoom-in" => zoom(&svg, 1.5, None),
                "net-zoom-out" => zoom(&svg, 1.0 / 1.5, None),
                _ => reset(&svg),
            }
        }
    }

    /// The wheel over the network zooms around the pointer. Returns
    /// whether it did (then the page does not scroll).
    pub fn network_wheel(&self, target: &Element, e: &web_sys::WheelEvent) -> bool {
        let Some(svg) = self.network_of(target) else {
            return false;
        };
        if e.delta_y() == 0.0 {
            return false;
        }
        let at = to_picture(&svg, f64::from(e.client_x()), f64::from(e.client_y()));
        let factor = if e.delta_y() < 0.0 { 1.25 } else { 1.0 / 1.25 };
        zoom(&svg, factor, at);
        true
    }

    /// Dragging the picture pans it: `down`, `move` and `up` of a pointer.
    pub fn network_drag(&self, target: &Element, e: &web_sys::PointerEvent, phase: &str) {
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        match phase {
            "pointerdown" if e.button() == 0 => {
                if let Some(svg) = self.network_of(target) {
                    let (vx, vy, _, _) = view_box(&svg);
                    let _ = svg.remove_attribute("data-moved");
                    let _ = svg.set_attribute("data-drag", &format!("{x} {y} {vx} {vy}"));
                }
            }
            "pointermove" => {
                let Ok(Some(svg)) = self.pane.query_selector("svg.dz-network[data-drag]") else {
                    return;
                };
                if e.buttons() & 1 == 0 {
                    let _ = svg.remove_attribute("data-drag");
                    return;
                }
                let start: Vec<f64> = svg
                    .get_attribute("data-drag")
                    .unwrap_or_default()
                    .split(' ')
                    .filter_map(|v| v.parse().ok())
                    .collect();
                let [x0, y0, vx, vy] = start[..] else {
                    return;
                };
                if (x - x0).abs() + (y - y0).abs() > 4.0 {
                    let _ = svg.set_attribute("data-moved", "");
                }
                let scale = screen_scale(&svg);
                let (_, _, w, h) = view_box(&svg);
                set_view_box(&svg, (vx - (x - x0) / scale, vy - (y - y0) / scale, w, h));
            }
            _ => {
                if let Ok(Some(svg)) = self.pane.query_selector("svg.dz-network[data-drag]") {
                    let _ = svg.remove_attribute("data-drag");
                }
            }
        }
    }

    /// Whether a click ends a drag of the picture (and opens nothing).
    pub fn network_dragged(&self, target: &Element) -> bool {
        match target.closest("svg.dz-network[data-moved]") {
            Ok(Some(svg)) => {
                let _ = svg.remove_attribute("data-moved");
                true
            }
            _ => false,
        }
    }

    /// Show (or hide) the label of the node under the pointer or with
    /// focus, over everything else; a node given focus outside the zoomed
    /// view is brought to its centre.
    pub fn network_hover(&self, target: &Element, show: bool, focus: bool) {
        let Ok(Some(node)) = target.closest("a.dz-node") else {
            return;
        };
        let Ok(Some(svg)) = node.closest("svg.dz-network") else {
            return;
        };
        let Ok(Some(g)) = svg.query_selector(".dz-hover-label") else {
            return;
        };
        if !show {
            let _ = g.set_attribute("visibility", "hidden");
            return;
        }
        let num = |k: &str| -> f64 {
            node.get_attribute(k)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let text = node.get_attribute("data-label").unwrap_or_default();
        let (x, y) = (num("data-lx"), num("data-ly"));
        let z = zoom_of(&svg);
        if let (Ok(Some(t)), Ok(Some(r))) = (g.query_selector("text"), g.query_selector("rect")) {
            t.set_text_content(Some(&text));
            let _ = t.set_attribute("x", &format!("{x:.1}"));
            let _ = t.set_attribute("y", &format!("{y:.1}"));
            let w = network::label_width(&text) / z;
            let h = network::LABEL_SIZE / z;
            for (k, v) in [
                ("x", x - 3.0 / z),
                ("y", y - h),
                ("width", w + 6.0 / z),
                ("height", h + 5.0 / z),
                ("rx", 3.0 / z),
            ] {
                let _ = r.set_attribute(k, &format!("{v:.2}"));
            }
        }
        let _ = g.set_attribute("visibility", "visible");
        if focus {
            let (vx, vy, w, h) = view_box(&svg);
            let (nx, ny) = (num("data-x"), num("data-y"));
            if nx < vx || nx > vx + w || ny < vy || ny > vy + h {
                set_view_box(&svg, (nx - w / 2.0, ny - h / 2.0, w, h));
            }
        }
    }

    /// Focus the heading of the current pane.
    pub fn focus_pane(&self) -> Res {
        if let Some(h) = self.pane.query_selector(".dz-pane-title")? {
            if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                h.focus()?;
            }
        }
        Ok(())
    }
}

/// "208 shown", or "100 of 208 shown" while a list is cut.
pub(super) fn shown_count(listed: usize, total: usize) -> String {
    if listed < total {
        format!("{listed} of {total} shown")
    } else {
        format!("{total} shown")
    }
}

/// A picture's viewBox: x, y, width, height.
fn view_box(svg: &Element) -> (f64, f64, f64, f64) {
    let v: Vec<f64> = svg
        .get_attribute("viewBox")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    match v[..] {
        [x, y, w, h] if w > 0.0 && h > 0.0 => (x, y, w, h),
        _ => (0.0, 0.0, full_size(svg).0, full_size(svg).1),
    }
}

/// The whole picture's size, as drawn.
fn full_size(svg: &Element) -> (f64, f64) {
    let num = |k: &str, d: f64| {
        svg.get_attribute(k)
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    (num("data-w", 960.0), num("data-h", 640.0))
}

/// How many times the picture is magnified.
fn zoom_of(svg: &Element) -> f64 {
    let (_, _, w, _) = view_box(svg);
    (full_size(svg).0 / w).max(1.0)
}

/// Set the view, kept between the whole picture and [`MOST_ZOOM`] times
/// it, its centre on the picture. Labels keep their size on screen
/// (`--dz-zoom` divides it), so a zoom spreads them apart.
fn set_view_box(svg: &Element, (x, y, w, h): (f64, f64, f64, f64)) {
    let (fw, fh) = full_size(svg);
    let _ = h;
    let w = w.clamp(fw / MOST_ZOOM, fw);
    // The aspect stays the whole picture's, so the view maps straight
    // onto the drawn box.
    let h = w * fh / fw;
    let x = x.clamp(-w / 2.0, fw - w / 2.0);
    let y = y.clamp(-h / 2.0, fh - h / 2.0);
    let (x, y) = if w >= fw { (0.0, 0.0) } else { (x, y) };
    let _ = svg.set_attribute("viewBox", &format!("{x:.2} {y:.2} {w:.2} {h:.2}"));
    let z = fw / w;
    let _ = svg.set_attribute("style", &format!("--dz-zoom: {z:.3}"));
    if z > 1.001 {
        let _ = svg.set_attribute("data-zoomed", "");
    } else {
        let _ = svg.remove_attribute("data-zoomed");
    }
}

/// Zoom by `factor` around a point of the picture (its view's centre when
/// `None`).
fn zoom(svg: &Element, factor: f64, around: Option<(f64, f64)>) {
    let (x, y, w, h) = view_box(svg);
    let (fw, fh) = full_size(svg);
    let nw = (w / factor).clamp(fw / MOST_ZOOM, fw);
    let nh = nw * fh / fw;
    let (ax, ay) = around.unwrap_or((x + w / 2.0, y + h / 2.0));
    let k = nw / w;
    set_view_box(svg, (ax - (ax - x) * k, ay - (ay - y) * k, nw, nh));
}

/// Move the view by a share of its own size.
fn pan(svg: &Element, fx: f64, fy: f64) {
    let (x, y, w, h) = view_box(svg);
    set_view_box(svg, (x + fx * w, y + fy * h, w, h));
}

fn reset(svg: &Element) {
    let (fw, fh) = full_size(svg);
    set_view_box(svg, (0.0, 0.0, fw, fh));
}

/// Screen pixels per picture unit (the picture is drawn to fit its box,
/// centred: SVG's default `xMidYMid meet`).
fn screen_scale(svg: &Element) -> f64 {
    let r = svg.get_bounding_client_rect();
    let (_, _, w, h) = view_box(svg);
    (r.width() / w).min(r.height() / h).max(1e-6)
}

/// The picture's point under a pointer, if the picture has a size.
fn to_picture(svg: &Element, cx: f64, cy: f64) -> Option<(f64, f64)> {
    let r = svg.get_bounding_client_rect();
    let (x, y, w, h) = view_box(svg);
    let scale = (r.width() / w).min(r.height() / h);
    if scale <= 0.0 || !scale.is_finite() {
        return None;
    }
    let (ox, oy) = (
        (r.width() - w * scale) / 2.0,
        (r.height() - h * scale) / 2.0,
    );
    Some((
        x + (cx - r.left() - ox) / scale,
        y + (cy - r.top() - oy) / scale,
    ))
}
