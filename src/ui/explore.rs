//! The entity screens: the list of entities, an entity's page, and the
//! co-occurrence network. Everything shown is computed by `crate::explore`.

use super::dom::{append, button, clear, el, el_text, Res};
use super::view::{kind_label, View};
use super::State;
use crate::entities::EntityKind;
use crate::explore;
use crate::route::Route;
use wasm_bindgen::JsCast;
use web_sys::Element;

const SVG: &str = "http://www.w3.org/2000/svg";

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
        let needle = crate::text::fold(&s.entity_filter);
        let mut rows = explore::table(set);
        rows.retain(|r| {
            let e = &set.entities[r.entity];
            needle.is_empty()
                || crate::text::fold(&e.name).contains(&needle)
                || e.aliases
                    .iter()
                    .any(|a| crate::text::fold(a).contains(&needle))
        });
        if s.entity_by_name {
            rows.sort_by(|a, b| {
                crate::text::fold(&set.entities[a.entity].name)
                    .cmp(&crate::text::fold(&set.entities[b.entity].name))
            });
        }
        let total = rows.len();
        let listed = total.min(s.listed);
        let shown = el_text(&self.doc, "p", "dz-meta", &shown_count(listed, total))?;
        shown.set_attribute("aria-live", "polite")?;
        append(pane, &shown)?;
        // The first `listed` rows in the chosen order, grouped by kind;
        // each kind's heading counts all of it.
        for kind in KINDS {
            let all_of_kind = rows
                .iter()
                .filter(|r| set.entities[r.entity].kind == kind)
                .count();
            let of_kind: Vec<&explore::EntityRow> = rows[..listed]
                .iter()
                .filter(|r| set.entities[r.entity].kind == kind)
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
            let table = el(&self.doc, "table", "dz-table")?;
            let head = el(&self.doc, "thead", "")?;
            let tr = el(&self.doc, "tr", "")?;
            for col in ["Name", "Mentions", "Articles"] {
                let th = el_text(&self.doc, "th", "", col)?;
                th.set_attribute("scope", "col")?;
                append(&tr, &th)?;
            }
            append(&head, &tr)?;
            append(&table, &head)?;
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
        let said = explore::descriptions_of(corpus, set, i, &firsts);
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

    /// The co-occurrence network as SVG: nodes coloured by kind and sized
    /// by mentions, edges by weight; each node links to its entity.
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
        let kinds: Vec<EntityKind> = explore::network::Filter::default()
            .kinds
            .into_iter()
            .filter(|k| !s.net_hidden.contains(k))
            .collect();
        let filter = explore::network::Filter {
            kinds,
            min_weight: s.net_min_weight,
            ..explore::network::Filter::default()
        };

        let (width, height) = (960.0, 640.0);
        let net = explore::network::layout(set, &s.ws.pairs, &filter, width, height);
        self.draw_network(s, &net, pane)
    }

    fn network_tools(&self, s: &State) -> Res<Element> {
        let tools = el(&self.doc, "div", "dz-tools")?;
        let group = el(&self.doc, "fieldset", "dz-kinds")?;
        append(&group, &el_text(&self.doc, "legend", "", "Kinds")?)?;
        for kind in explore::network::Filter::default().kinds {
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
        w.set_attribute("max", "20")?;
        w.set_attribute("value", &s.net_min_weight.to_string())?;
        w.set_attribute("data-input", "net-weight")?;
        self.labelled(&tools, "Fewest times named together", "net-weight", &w)?;
        Ok(tools)
    }

    fn draw_network(&self, s: &State, net: &explore::network::Layout, pane: &Element) -> Res {
        let set = &s.ws.entities;
        let (width, height) = (net.width, net.height);
        let summary = format!("{} entities and {} links", net.nodes.len(), net.edges.len());
        let note = el_text(
            &self.doc,
            "p",
            "dz-meta",
            &format!("{summary}. Select an entity to open it."),
        )?;
        note.set_attribute("aria-live", "polite")?;
        append(pane, &note)?;
        let svg = self.doc.create_element_ns(Some(SVG), "svg")?;
        svg.set_attribute("viewBox", &format!("0 0 {width} {height}"))?;
        svg.set_attribute("class", "dz-network")?;
        svg.set_attribute("role", "group")?;
        svg.set_attribute("aria-label", &format!("Network: {summary}"))?;
        let edges = self.doc.create_element_ns(Some(SVG), "g")?;
        edges.set_attribute("class", "dz-edges")?;
        edges.set_attribute("aria-hidden", "true")?;
        for e in &net.edges {
            let (Some(a), Some(b)) = (net.nodes.get(e.a), net.nodes.get(e.b)) else {
                continue;
            };
            let line = self.doc.create_element_ns(Some(SVG), "line")?;
            for (k, v) in [("x1", a.x), ("y1", a.y), ("x2", b.x), ("y2", b.y)] {
                line.set_attribute(k, &format!("{v:.1}"))?;
            }
            line.set_attribute(
                "stroke-width",
                &format!("{:.1}", 0.6 + (e.weight as f64).sqrt()),
            )?;
            append(&edges, &line)?;
        }
        append(&svg, &edges)?;
        for n in &net.nodes {
            let Some(ent) = set.entities.get(n.entity) else {
                continue;
            };
            let a = self.doc.create_element_ns(Some(SVG), "a")?;
            a.set_attribute("href", &entity_href(&ent.name))?;
            a.set_attribute("data-entity-name", &ent.name)?;
            a.set_attribute("class", &format!("dz-node dz-ent-{}", ent.kind.name()))?;
            a.set_attribute(
                "aria-label",
                &format!(
                    "{} ({}, {})",
                    ent.name,
                    ent.kind.name(),
                    explore::counted(ent.mentions.len(), "mention", "mentions")
                ),
            )?;
            let title = self.doc.create_element_ns(Some(SVG), "title")?;
            title.set_text_content(Some(&format!(
                "{} ({}, {})",
                ent.name,
                ent.kind.name(),
                explore::counted(ent.mentions.len(), "mention", "mentions")
            )));
            append(&a, &title)?;
            let c = self.doc.create_element_ns(Some(SVG), "circle")?;
            c.set_attribute("cx", &format!("{:.1}", n.x))?;
            c.set_attribute("cy", &format!("{:.1}", n.y))?;
            c.set_attribute("r", &format!("{:.1}", n.radius))?;
            append(&a, &c)?;
            if let Some((x, y)) = n.label {
                let t = self.doc.create_element_ns(Some(SVG), "text")?;
                t.set_attribute("x", &format!("{x:.1}"))?;
                t.set_attribute("y", &format!("{y:.1}"))?;
                t.set_text_content(Some(&ent.name));
                append(&a, &t)?;
            }
            append(&svg, &a)?;
        }
        append(pane, &svg)?;
        Ok(())
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
