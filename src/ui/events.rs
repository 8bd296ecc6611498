//! The timeline and quotes screens, and the figures and quotes shown on an
//! entity's page. Everything shown is computed by `crate::events`.

use super::dom::{append, button, clear, el, el_text, Res};
use super::explore::{entity_href, shown_count};
use super::view::View;
use super::State;
use crate::events::period::Axis;
use crate::events::{Event, Period, Quote};
use crate::explore::display_date;
use crate::span::Span;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// "1 statement", "12 statements".
fn explore_counted(n: usize) -> String {
    crate::explore::counted(n, "statement", "statements")
}

/// "1 dated statement", "12 dated statements".
fn statements(n: usize) -> String {
    crate::explore::counted(n, "dated statement", "dated statements")
}

use crate::explore::ON_ENTITY_PAGE;

impl View {
    /// Field `field` of document `doc` when its text holds `span`; else
    /// none, and (over a prebuilt index, whose text comes on demand) the
    /// document is noted to be read once this drawing is done.
    fn field_holding<'s>(
        &self,
        s: &'s State,
        doc: usize,
        field: usize,
        span: Span,
    ) -> Option<&'s crate::corpus::Field> {
        let found =
            s.ws.corpus
                .documents
                .get(doc)
                .and_then(|d| d.fields.get(field))
                .filter(|f| f.text.get(span.start..span.end).is_some());
        if found.is_none() {
            self.lacks_text(doc);
        }
        found
    }

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

    /// Every dated statement: an axis that counts them by period (years,
    /// or decades when they are many; a year's months; a month's days),
    /// each period a button that zooms the list to it, and the list of the
    /// period's events a page at a time, filterable by entity.
    pub fn render_timeline(&self, s: &State) -> Res {
        if let Some(pane) = self.pane_body("timeline")? {
            append(
                pane,
                &self.heading(
                    "h1",
                    &format!("Timeline ({} dated statements)", s.ws.timeline_len()),
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
        let period = s.timeline_period;
        let view = s.ws.timeline_view(&s.timeline_filter, period, s.listed);
        let (axis, total, listed) = (view.axis, view.total, view.listed);
        append(&body, &self.period_bar(period, axis.by_decades, total)?)?;
        append(&body, &self.time_axis(period, &axis)?)?;
        let shown = el_text(&self.doc, "p", "dz-meta", &shown_count(listed.len(), total))?;
        shown.set_attribute("aria-live", "polite")?;
        append(&body, &shown)?;

        let ol = el(&self.doc, "ol", "dz-timeline")?;
        for &n in &listed {
            let Some(e) = s.ws.event(n) else {
                continue;
            };
            if let Some(li) = self.event_item(s, n, e)? {
                append(&ol, &li)?;
            }
        }
        append(&body, &ol)?;
        if let Some(more) = self.more_listed(listed.len(), total, "events")? {
            append(&body, &more)?;
        }
        Ok(())
    }

    /// One dated statement: its date, its sentence, its entities, its article.
    fn event_item(&self, s: &State, n: usize, e: &Event) -> Res<Option<Element>> {
        let set = &s.ws.entities;
        let Some(field) = self.field_holding(s, e.doc, e.field, e.sentence) else {
            return Ok(None);
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
        Ok(Some(li))
    }

    /// Where the timeline is zoomed to: "All dates › 2020 › November 2020",
    /// each step back out a button, and the period's count as a heading.
    fn period_bar(&self, period: Option<Period>, by_decades: bool, total: usize) -> Res<Element> {
        let bar = el(&self.doc, "div", "dz-period-bar")?;
        let nav = el(&self.doc, "nav", "dz-crumbs")?;
        nav.set_attribute("aria-label", "Period")?;
        let ol = el(&self.doc, "ol", "")?;
        let mut steps = vec![None];
        let mut up = period;
        let mut chain = Vec::new();
        while let Some(p) = up {
            chain.push(Some(p));
            up = p.up(by_decades);
        }
        chain.reverse();
        steps.extend(chain);
        let last = steps.len() - 1;
        for (k, p) in steps.iter().enumerate() {
            let li = el(&self.doc, "li", "")?;
            let text = p.map_or_else(|| "All dates".to_string(), |p| p.label());
            if k == last {
                let cur = el_text(&self.doc, "span", "dz-crumb-current", &text)?;
                cur.set_attribute("aria-current", "true")?;
                append(&li, &cur)?;
            } else {
                append(&li, &self.period_button(*p, &text, "dz-link dz-crumb")?)?;
            }
            append(&ol, &li)?;
        }
        append(&nav, &ol)?;
        // The whole timeline needs no trail back.
        if period.is_some() {
            append(&bar, &nav)?;
        }
        let title = match period {
            Some(p) => format!("{}: {}", p.label(), statements(total)),
            None => format!("All dates: {}", statements(total)),
        };
        let h = el_text(&self.doc, "h2", "dz-h dz-period-title", &title)?;
        h.set_attribute("tabindex", "-1")?;
        append(&bar, &h)?;
        if let Some(p) = period {
            let out = p.up(by_decades);
            let text = format!(
                "Zoom out to {}",
                out.map_or_else(|| "all dates".to_string(), |o| o.label())
            );
            append(&bar, &self.period_button(out, &text, "dz-btn")?)?;
        }
        Ok(bar)
    }

    /// A button that zooms the timeline to `p`, with its link form for
    /// "open in a new tab" and sharing.
    fn period_button(&self, p: Option<Period>, text: &str, class: &str) -> Res<Element> {
        let b = button(&self.doc, class, text, "timeline-period")?;
        b.set_attribute("data-period", &p.map(|p| p.key()).unwrap_or_default())?;
        Ok(b)
    }

    /// The axis: a bar per period with its count, the periods the next
    /// zoom step offers (a day has no finer step: its bar is the day).
    /// One tab stop: arrow keys move between the bars, Enter zooms.
    fn time_axis(&self, period: Option<Period>, axis: &Axis) -> Res<Element> {
        let wrap = el(&self.doc, "div", "dz-periods-wrap")?;
        let most = axis.slots.iter().map(|s| s.count).max().unwrap_or(0).max(1);
        let what = match period {
            None if axis.by_decades => "decade".to_string(),
            None => "year".to_string(),
            Some(Period::Decade(_)) => format!(
                "year of the {}",
                period.map(|p| p.label()).unwrap_or_default()
            ),
            Some(Period::Year(y)) => format!("month of {y}"),
            Some(p) => format!("day of {}", p.label()),
        };
        let group = el(&self.doc, "div", "dz-periods")?;
        group.set_attribute("role", "group")?;
        group.set_attribute("aria-label", &format!("Dated statements by {what}"))?;
        let zoomable = !matches!(period, Some(Period::Day(..)));
        let mut first = true;
        for slot in &axis.slots {
            let b = self.period_button(
                Some(slot.period),
                "",
                if slot.count == 0 {
                    "dz-slot dz-slot-empty"
                } else {
                    "dz-slot"
                },
            )?;
            // Its name is its content, read in order ("1990s: 3 dated
            // statements"); the count shows above the bar, the label
            // under it (CSS order).
            let name = format!("{}: {}", slot.period.label(), statements(slot.count));
            b.set_attribute("title", &name)?;
            if slot.count == 0 || !zoomable {
                b.set_attribute("aria-disabled", "true")?;
            }
            // Roving focus: the first bar with events is the tab stop.
            if first && slot.count > 0 {
                b.set_attribute("tabindex", "0")?;
                first = false;
            } else {
                b.set_attribute("tabindex", "-1")?;
            }
            let hidden = |text: &str| el_text(&self.doc, "span", "dz-slot-hidden", text);
            append(
                &b,
                &el_text(
                    &self.doc,
                    "span",
                    "dz-slot-label",
                    &slot.period.short_label(),
                )?,
            )?;
            if slot.period.short_label() != slot.period.label() {
                append(&b, &hidden(&format!(" ({})", slot.period.label()))?)?;
            }
            append(&b, &hidden(": ")?)?;
            if slot.count > 0 {
                append(
                    &b,
                    &el_text(&self.doc, "span", "dz-slot-count", &slot.count.to_string())?,
                )?;
            } else {
                append(&b, &hidden("no")?)?;
            }
            append(
                &b,
                &hidden(if slot.count == 1 {
                    " dated statement"
                } else {
                    " dated statements"
                })?,
            )?;
            let bar = el(&self.doc, "span", "dz-slot-bar")?;
            bar.set_attribute("aria-hidden", "true")?;
            let h = if slot.count == 0 {
                0.0
            } else {
                8.0 + 92.0 * slot.count as f64 / most as f64
            };
            bar.set_attribute("style", &format!("height: {h:.0}%"))?;
            append(&b, &bar)?;
            append(&group, &b)?;
        }
        append(&wrap, &group)?;
        if axis.coarser > 0 {
            let within = period.map_or_else(|| "no year".to_string(), |p| p.label());
            append(
                &wrap,
                &el_text(
                    &self.doc,
                    "p",
                    "dz-help",
                    &format!(
                        "{} dated to {within} only, in no bar (listed first).",
                        explore_counted(axis.coarser)
                    ),
                )?,
            )?;
        }
        Ok(wrap)
    }

    /// Arrow keys, Home and End between the bars of the time axis (its
    /// one tab stop moves with focus). Returns whether the key was one.
    pub fn move_in_periods(&self, target: &Element, key: &str) -> bool {
        if !matches!(key, "ArrowLeft" | "ArrowRight" | "Home" | "End") {
            return false;
        }
        let Ok(Some(group)) = target.closest(".dz-periods") else {
            return false;
        };
        let Ok(all) = group.query_selector_all("button.dz-slot:not(.dz-slot-empty)") else {
            return false;
        };
        let bars: Vec<Element> = (0..all.length())
            .filter_map(|i| all.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .collect();
        let at = bars.iter().position(|b| b == target);
        let next = match (key, at) {
            ("Home", _) | (_, None) => 0,
            ("End", _) => bars.len().saturating_sub(1),
            ("ArrowLeft", Some(i)) => i.saturating_sub(1),
            (_, Some(i)) => (i + 1).min(bars.len().saturating_sub(1)),
        };
        let Some(to) = bars.get(next) else {
            return false;
        };
        for b in &bars {
            let _ = b.set_attribute("tabindex", "-1");
        }
        let _ = to.set_attribute("tabindex", "0");
        if let Some(h) = to.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
        true
    }

    /// Focus the timeline's period heading (after a zoom).
    pub fn focus_period(&self) -> Res {
        if let Some(h) = self.pane.query_selector(".dz-period-title")? {
            if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                h.focus()?;
            }
        }
        Ok(())
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
        let (figures, all_figures) = s.ws.entity_figures(i);
        if !figures.is_empty() {
            append(pane, &el_text(&self.doc, "h2", "dz-h", "Figures")?)?;
            if all_figures > ON_ENTITY_PAGE {
                append(
                    pane,
                    &el_text(
                        &self.doc,
                        "p",
                        "dz-meta",
                        &shown_count(ON_ENTITY_PAGE, all_figures),
                    )?,
                )?;
            }
            let ul = el(&self.doc, "ul", "dz-figures")?;
            for f in figures.iter().take(ON_ENTITY_PAGE) {
                let Some(field) = self.field_holding(s, f.doc, f.field, f.sentence) else {
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
        let (quoted, all_quoted) = s.ws.entity_quotes(i);
        if !quoted.is_empty() {
            append(pane, &el_text(&self.doc, "h2", "dz-h", "Quoted")?)?;
            if all_quoted > ON_ENTITY_PAGE {
                append(
                    pane,
                    &el_text(
                        &self.doc,
                        "p",
                        "dz-meta",
                        &shown_count(ON_ENTITY_PAGE, all_quoted),
                    )?,
                )?;
            }
            let ol = el(&self.doc, "ol", "dz-quotes")?;
            for q in quoted.iter().take(ON_ENTITY_PAGE) {
                append(&ol, &self.quote_item(s, q)?)?;
            }
            append(pane, &ol)?;
        }
        Ok(())
    }
}
