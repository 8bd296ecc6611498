//! The timeline and quotes screens, and the figures and quotes shown on an
//! entity's page. Everything shown is computed by `crate::events`.

use super::dom::{append, button, clear, el, el_text, Res};
use super::explore::{entity_href, shown_count};
use super::view::View;
use super::State;
use crate::events::{Event, Quote};
use crate::explore::display_date;
use crate::span::Span;
use std::collections::BTreeMap;
use web_sys::Element;

const SVG: &str = "http://www.w3.org/2000/svg";

/// Figures and quotes an entity's page lists (the Quotes screen has all):
/// a common name has thousands.
const ON_ENTITY_PAGE: usize = 12;

impl View {
    /// An "open at" link to a place in an article.
    fn open_at(
        &self,
        s: &State,
        doc: usize,
        field: usize,
        start: usize,
        text: &str,
    ) -> Res<Element> {
        let a = el_text(&self.doc, "a", "dz-link", text)?;
        let route = crate::route::Route {
            doc: s.ws.corpus.documents.get(doc).map(|d| d.id.clone()),
            ..crate::route::Route::default()
        };
        a.set_attribute("href", &route.to_hash())?;
        a.set_attribute("data-action", "open-at")?;
        a.set_attribute("data-doc", &doc.to_string())?;
        a.set_attribute("data-field", &field.to_string())?;
        a.set_attribute("data-start", &start.to_string())?;
        Ok(a)
    }

    /// A sentence with one span of it emphasised.
    fn sentence(&self, text: &str, sentence: Span, strong: Span) -> Res<Element> {
        let p = el(&self.doc, "p", "dz-sentence")?;
        let (Some(before), Some(mid), Some(after)) = (
            text.get(sentence.start..strong.start.max(sentence.start)),
            text.get(strong.start.max(sentence.start)..strong.end.min(sentence.end)),
            text.get(strong.end.min(sentence.end)..sentence.end),
        ) else {
            p.set_text_content(Some(sentence.slice(text)));
            return Ok(p);
        };
        append(&p, &self.doc.create_text_node(before))?;
        append(&p, &el_text(&self.doc, "strong", "", mid)?)?;
        append(&p, &self.doc.create_text_node(after))?;
        Ok(p)
    }

    /// Every dated statement: a time axis (grouped where events crowd) and
    /// the list, filterable by entity.
    pub fn render_timeline(&self, s: &State) -> Res {
        if let Some(pane) = self.pane_body("timeline")? {
            append(
                pane,
                &self.heading(
                    "h1",
                    &format!("Timeline ({} dated statements)", s.ws.timeline.len()),
                )?,
            )?;
            let tools = el(&self.doc, "div", "dz-tools")?;
            let input = self.filter_box("timeline-filter", &s.timeline_filter)?;
            self.labelled(&tools, "Filter by entity", "timeline-filter", &input)?;
            let csv = button(&self.doc, "dz-btn", "Download CSV", "download-timeline-csv")?;
            append(&tools, &csv)?;
            append(pane, &tools)?;
            append(pane, &el(&self.doc, "div", "dz-pane-body")?)?;
        }
        let body = self.body()?;
        clear(&body);
        let needle = crate::text::fold(&s.timeline_filter);
        let set = &s.ws.entities;
        let events: Vec<(usize, &Event)> =
            s.ws.timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    needle.is_empty()
                        || e.entities.iter().any(|&i| {
                            set.entities.get(i).is_some_and(|x| {
                                crate::text::fold(&x.name).contains(&needle)
                                    || x.aliases
                                        .iter()
                                        .any(|a| crate::text::fold(a).contains(&needle))
                            })
                        })
                })
                .collect();
        let total = events.len();
        let listed = total.min(s.listed);
        let shown = el_text(&self.doc, "p", "dz-meta", &shown_count(listed, total))?;
        shown.set_attribute("aria-live", "polite")?;
        append(&body, &shown)?;
        // The axis summarises every event; the list holds the first pages.
        append(&body, &self.time_axis(&events)?)?;

        let ol = el(&self.doc, "ol", "dz-timeline")?;
        for (n, e) in events.iter().take(listed) {
            let Some(field) =
                s.ws.corpus
                    .documents
                    .get(e.doc)
                    .and_then(|d| d.fields.get(e.field))
                    .filter(|f| f.text.get(e.sentence.start..e.sentence.end).is_some())
            else {
                self.lacks_text(e.doc);
                continue;
            };
            let li = el(&self.doc, "li", "dz-event")?;
            li.set_id(&format!("{}-event-{n}", self.id_prefix));
            let mut when = display_date(&e.value);
            if e.approximate {
                when.push_str(" (approximate)");
            }
            append(&li, &el_text(&self.doc, "p", "dz-when", &when)?)?;
            append(&li, &self.sentence(&field.text, e.sentence, e.date)?)?;
            let meta = el(&self.doc, "p", "dz-meta")?;
            for (k, &i) in e.entities.iter().enumerate() {
                if let Some(x) = set.entities.get(i) {
                    if k > 0 {
                        append(&meta, &self.doc.create_text_node(" · "))?;
                    }
                    let a = el_text(
                        &self.doc,
                        "a",
                        &format!("dz-chip dz-ent-{}", x.kind.name()),
                        &x.name,
                    )?;
                    a.set_attribute("href", &entity_href(&x.name))?;
                    a.set_attribute("data-entity-name", &x.name)?;
                    append(&meta, &a)?;
                }
            }
            if !e.entities.is_empty() {
                append(&meta, &self.doc.create_text_node(" — "))?;
            }
            let title =
                s.ws.corpus
                    .documents
                    .get(e.doc)
                    .and_then(|d| d.title())
                    .unwrap_or("(untitled)");
            append(
                &meta,
                &self.open_at(s, e.doc, e.field, e.date.start, &format!("in “{title}”"))?,
            )?;
            append(&li, &meta)?;
            append(&ol, &li)?;
        }
        append(&body, &ol)?;
        if let Some(more) = self.more_listed(listed, total, "events")? {
            append(&body, &more)?;
        }
        Ok(())
    }

    /// The time axis: one mark per year (per decade when the years are
    /// many), sized by how many events it holds; each jumps to its first
    /// event in the list.
    fn time_axis(&self, events: &[(usize, &Event)]) -> Res<Element> {
        // (event number, its place in the list, year)
        let placed: Vec<(usize, usize, i32)> = events
            .iter()
            .enumerate()
            .filter(|(_, (_, e))| !e.approximate && e.sort_key.0 != i32::MAX)
            .map(|(pos, (n, e))| (*n, pos, e.sort_key.0))
            .collect();
        let svg = self.doc.create_element_ns(Some(SVG), "svg")?;
        svg.set_attribute("class", "dz-axis")?;
        let (width, height) = (960.0f64, 110.0f64);
        svg.set_attribute("viewBox", &format!("0 0 {width} {height}"))?;
        svg.set_attribute("role", "group")?;
        svg.set_attribute("aria-label", "Time axis of the events")?;
        let (Some(min), Some(max)) = (
            placed.iter().map(|p| p.2).min(),
            placed.iter().map(|p| p.2).max(),
        ) else {
            return Ok(svg);
        };
        // Group by year, or by decade when years would crowd the axis.
        let step = if max - min > 60 { 10 } else { 1 };
        let mut groups: BTreeMap<i32, (usize, usize, usize)> = BTreeMap::new();
        for &(n, pos, y) in &placed {
            let key = y - y.rem_euclid(step);
            let g = groups.entry(key).or_insert((n, pos, 0));
            g.2 += 1;
        }
        let lo = min - min.rem_euclid(step);
        let span = ((max - lo) as f64).max(1.0);
        let x_of = |y: i32| 40.0 + (y - lo) as f64 / span * (width - 80.0);
        let axis = self.doc.create_element_ns(Some(SVG), "line")?;
        for (k, v) in [
            ("x1", 30.0),
            ("y1", 60.0),
            ("x2", width - 30.0),
            ("y2", 60.0),
        ] {
            axis.set_attribute(k, &v.to_string())?;
        }
        axis.set_attribute("class", "dz-axis-line")?;
        axis.set_attribute("aria-hidden", "true")?;
        append(&svg, &axis)?;
        let mut last_label = f64::NEG_INFINITY;
        for (year, (first, pos, count)) in &groups {
            let x = x_of(*year);
            let label = if step == 10 {
                format!("{year}s")
            } else {
                year.to_string()
            };
            let a = self.doc.create_element_ns(Some(SVG), "a")?;
            a.set_attribute("href", &format!("#{}-event-{first}", self.id_prefix))?;
            a.set_attribute("data-action", "show-event")?;
            a.set_attribute("data-target", &format!("{}-event-{first}", self.id_prefix))?;
            a.set_attribute("data-pos", &pos.to_string())?;
            a.set_attribute("class", "dz-axis-mark")?;
            let what = if *count == 1 {
                "1 event".to_string()
            } else {
                format!("{count} events")
            };
            // Its <title> names it ("1990s: 6 events").
            let title = self.doc.create_element_ns(Some(SVG), "title")?;
            title.set_text_content(Some(&format!("{label}: {what}")));
            append(&a, &title)?;
            let c = self.doc.create_element_ns(Some(SVG), "circle")?;
            c.set_attribute("cx", &format!("{x:.1}"))?;
            c.set_attribute("cy", "60")?;
            c.set_attribute("r", &format!("{:.1}", 5.0 + 3.0 * (*count as f64).sqrt()))?;
            append(&a, &c)?;
            if *count > 1 {
                let t = self.doc.create_element_ns(Some(SVG), "text")?;
                t.set_attribute("x", &format!("{x:.1}"))?;
                t.set_attribute("y", "35")?;
                t.set_attribute("class", "dz-axis-count")?;
                t.set_text_content(Some(&count.to_string()));
                append(&a, &t)?;
            }
            // Year labels only where they do not collide.
            if x - last_label >= 44.0 {
                let t = self.doc.create_element_ns(Some(SVG), "text")?;
                t.set_attribute("x", &format!("{x:.1}"))?;
                t.set_attribute("y", "95")?;
                t.set_attribute("class", "dz-axis-year")?;
                t.set_text_content(Some(&label));
                append(&a, &t)?;
                last_label = x;
            }
            append(&svg, &a)?;
        }
        Ok(svg)
    }

    /// Every quote with who said it, filterable by speaker.
    pub fn render_quotes(&self, s: &State) -> Res {
        if let Some(pane) = self.pane_body("quotes")? {
            append(
                pane,
                &self.heading("h1", &format!("Quotes ({})", s.ws.quotes.len()))?,
            )?;
            let tools = el(&self.doc, "div", "dz-tools")?;
            let input = self.filter_box("quote-filter", &s.quote_filter)?;
            self.labelled(&tools, "Filter by speaker or words", "quote-filter", &input)?;
            for (text, action) in [
                ("Download CSV", "download-quotes-csv"),
                ("Download JSON", "download-quotes-json"),
            ] {
                let b = button(&self.doc, "dz-btn", text, action)?;
                append(&tools, &b)?;
            }
            append(pane, &tools)?;
            append(pane, &el(&self.doc, "div", "dz-pane-body")?)?;
        }
        let body = self.body()?;
        clear(&body);
        let needle = crate::text::fold(&s.quote_filter);
        let quotes: Vec<&Quote> =
            s.ws.quotes
                .iter()
                .filter(|q| {
                    needle.is_empty() || {
                        let said = self.quote_text(s, q).unwrap_or_default();
                        let who = q.speaker_text.clone().unwrap_or_default();
                        crate::text::fold(&said).contains(&needle)
                            || crate::text::fold(&who).contains(&needle)
                    }
                })
                .collect();
        let total = quotes.len();
        let listed = total.min(s.listed);
        let shown = el_text(&self.doc, "p", "dz-meta", &shown_count(listed, total))?;
        shown.set_attribute("aria-live", "polite")?;
        append(&body, &shown)?;
        let ol = el(&self.doc, "ol", "dz-quotes")?;
        for q in quotes.into_iter().take(listed) {
            append(&ol, &self.quote_item(s, q)?)?;
        }
        append(&body, &ol)?;
        if let Some(more) = self.more_listed(listed, total, "quotes")? {
            append(&body, &more)?;
        }
        Ok(())
    }

    fn quote_text(&self, s: &State, q: &Quote) -> Option<String> {
        let f = s.ws.corpus.documents.get(q.doc)?.fields.get(q.field)?;
        f.text.get(q.span.start..q.span.end).map(str::to_string)
    }

    /// One quote: the words, who said them, where.
    pub(super) fn quote_item(&self, s: &State, q: &Quote) -> Res<Element> {
        let li = el(&self.doc, "li", "dz-quote-item")?;
        let figure = el(&self.doc, "figure", "dz-quote-figure")?;
        let said = self.quote_text(s, q).unwrap_or_else(|| {
            // Over a prebuilt index: read once this is drawn.
            self.lacks_text(q.doc);
            String::new()
        });
        let bq = el_text(&self.doc, "blockquote", "dz-quote", &said)?;
        append(&figure, &bq)?;
        let cap = el(&self.doc, "figcaption", "dz-meta")?;
        append(&cap, &self.doc.create_text_node("— "))?;
        match (
            q.speaker.and_then(|i| s.ws.entities.entities.get(i)),
            &q.speaker_text,
        ) {
            (Some(e), _) => {
                let a = el_text(&self.doc, "a", "dz-link", &e.name)?;
                a.set_attribute("href", &entity_href(&e.name))?;
                a.set_attribute("data-entity-name", &e.name)?;
                append(&cap, &a)?;
                if let Some(t) = &q.speaker_text {
                    if crate::text::fold(t) != crate::text::fold(&e.name) {
                        append(&cap, &self.doc.create_text_node(&format!(" ({t})")))?;
                    }
                }
            }
            (None, Some(t)) => append(&cap, &self.doc.create_text_node(t))?,
            (None, None) => append(&cap, &el_text(&self.doc, "em", "", "unattributed")?)?,
        }
        let title =
            s.ws.corpus
                .documents
                .get(q.doc)
                .and_then(|d| d.title())
                .unwrap_or("(untitled)");
        append(&cap, &self.doc.create_text_node(", "))?;
        append(
            &cap,
            &self.open_at(s, q.doc, q.field, q.span.start, &format!("in “{title}”"))?,
        )?;
        append(&figure, &cap)?;
        append(&li, &figure)?;
        Ok(li)
    }

    /// On an entity's page: the figures the text gives for it and what it
    /// is quoted as saying.
    pub(super) fn entity_events(&self, s: &State, i: usize, pane: &Element) -> Res {
        let figures: Vec<_> =
            s.ws.figures
                .iter()
                .filter(|f| f.entity == Some(i))
                .collect();
        if !figures.is_empty() {
            append(pane, &el_text(&self.doc, "h2", "dz-h", "Figures")?)?;
            if figures.len() > ON_ENTITY_PAGE {
                append(
                    pane,
                    &el_text(
                        &self.doc,
                        "p",
                        "dz-meta",
                        &shown_count(ON_ENTITY_PAGE, figures.len()),
                    )?,
                )?;
            }
            let ul = el(&self.doc, "ul", "dz-figures")?;
            for f in figures.into_iter().take(ON_ENTITY_PAGE) {
                let Some(field) =
                    s.ws.corpus
                        .documents
                        .get(f.doc)
                        .and_then(|d| d.fields.get(f.field))
                        .filter(|d| d.text.get(f.sentence.start..f.sentence.end).is_some())
                else {
                    self.lacks_text(f.doc);
                    continue;
                };
                let li = el(&self.doc, "li", "")?;
                append(
                    &li,
                    &el_text(
                        &self.doc,
                        "strong",
                        "dz-figure",
                        f.quantity.slice(&field.text),
                    )?,
                )?;
                append(&li, &self.doc.create_text_node(" — "))?;
                append(
                    &li,
                    &self.doc.create_text_node(f.sentence.slice(&field.text)),
                )?;
                append(&li, &self.doc.create_text_node(" "))?;
                append(
                    &li,
                    &self.open_at(s, f.doc, f.field, f.quantity.start, "(read)")?,
                )?;
                append(&ul, &li)?;
            }
            append(pane, &ul)?;
        }
        let quoted: Vec<&Quote> =
            s.ws.quotes
                .iter()
                .filter(|q| q.speaker == Some(i))
                .collect();
        if !quoted.is_empty() {
            append(pane, &el_text(&self.doc, "h2", "dz-h", "Quoted")?)?;
            if quoted.len() > ON_ENTITY_PAGE {
                append(
                    pane,
                    &el_text(
                        &self.doc,
                        "p",
                        "dz-meta",
                        &shown_count(ON_ENTITY_PAGE, quoted.len()),
                    )?,
                )?;
            }
            let ol = el(&self.doc, "ol", "dz-quotes")?;
            for q in quoted.into_iter().take(ON_ENTITY_PAGE) {
                append(&ol, &self.quote_item(s, q)?)?;
            }
            append(pane, &ol)?;
        }
        Ok(())
    }
}
