//! The first screen: what dossier is, the corpus in numbers, the most
//! named people, organisations and places, and its dated statements per
//! period, each one click from its page. The figures come computed
//! (`explore::overview`); this only draws them.

use super::dom::{append, clear, el, el_text, Res};
use super::view::View;
use super::State;
use crate::explore::counted;
use crate::explore::overview::{Activity, Named, Overview};
use crate::route::{Route, Screen};
use web_sys::Element;

/// One line on what the tool is, for a first-time reader.
const WHAT: &str = "dossier is a private, offline explorer: search these articles, read them with every person, organisation, place and date marked, and follow the names across them. Nothing leaves this browser.";

fn href(route: Route) -> String {
    let h = route.to_hash();
    if h.is_empty() {
        "#".to_string()
    } else {
        h
    }
}

fn screen_href(screen: Screen) -> String {
    href(Route {
        screen,
        ..Route::default()
    })
}

impl View {
    pub(super) fn render_overview(&self, s: &State) -> Res {
        let o = s.ws.overview();
        let root = &self.overview;
        clear(root);
        append(root, &el_text(&self.doc, "p", "dz-ov-intro", WHAT)?)?;
        append(root, &self.ov_numbers(&o)?)?;
        if let Some(names) = self.ov_names(&o)? {
            append(root, &names)?;
        }
        if let Some(bars) = self.ov_activity(&o.activity)? {
            append(root, &bars)?;
        }
        Ok(())
    }

    /// A link with the class the overview's figures use.
    fn ov_link(&self, text: &str, href: &str) -> Res<Element> {
        let a = el_text(&self.doc, "a", "dz-ov-link", text)?;
        a.set_attribute("href", href)?;
        Ok(a)
    }

    /// The corpus in numbers: each figure opens what it counts.
    fn ov_numbers(&self, o: &Overview) -> Res<Element> {
        let ul = el(&self.doc, "ul", "dz-ov-stats")?;
        ul.set_attribute("aria-label", "The corpus in numbers")?;
        let stat = |figure: u32, label: &str, href: Option<String>| -> Res<Element> {
            let li = el(&self.doc, "li", "dz-ov-stat")?;
            let inner = match &href {
                Some(h) => self.ov_link("", h)?,
                None => el(&self.doc, "span", "")?,
            };
            append(
                &inner,
                &el_text(&self.doc, "span", "dz-ov-figure", &group_digits(figure))?,
            )?;
            append(
                &inner,
                &el_text(&self.doc, "span", "dz-ov-label", &format!(" {label}"))?,
            )?;
            append(&li, &inner)?;
            Ok(li)
        };
        let n = |v: u32, one: &str, many: &str| if v == 1 { one } else { many }.to_string();
        // The articles are listed below the overview.
        let articles = stat(
            o.documents,
            &n(o.documents, "article", "articles"),
            Some(format!("#{}-articles", self.id_prefix)),
        )?;
        articles
            .first_element_child()
            .map_or(Ok(()), |a| a.set_attribute("data-action", "to-articles"))?;
        append(&ul, &articles)?;
        if o.files > 1 {
            append(&ul, &stat(o.files, &n(o.files, "file", "files"), None)?)?;
        }
        append(
            &ul,
            &stat(
                o.entities,
                &n(o.entities, "named entity", "named entities"),
                Some(screen_href(Screen::Entities)),
            )?,
        )?;
        let events = stat(
            o.events,
            &n(o.events, "dated statement", "dated statements"),
            Some(screen_href(Screen::Timeline)),
        )?;
        append(&ul, &events)?;
        append(
            &ul,
            &stat(
                o.quotes,
                &n(o.quotes, "quote", "quotes"),
                Some(screen_href(Screen::Quotes)),
            )?,
        )?;
        let wrap = el(&self.doc, "div", "dz-ov-facts")?;
        append(&wrap, &ul)?;
        // Sections (each opens its articles) and the span of dates.
        let p = el(&self.doc, "p", "dz-ov-line")?;
        if o.section_count > 0 {
            let word = if o.section_count == 1 {
                "Section: "
            } else {
                "Sections: "
            };
            append(&p, &self.doc.create_text_node(word))?;
            for (k, (name, count)) in o.sections.iter().enumerate() {
                if k > 0 {
                    append(&p, &self.doc.create_text_node(", "))?;
                }
                let q = crate::search::filters::section_filter(name);
                let a = self.ov_link(
                    name,
                    &href(Route {
                        query: q,
                        ..Route::default()
                    }),
                )?;
                append(&p, &a)?;
                append(
                    &p,
                    &self
                        .doc
                        .create_text_node(&format!(" ({})", group_digits(*count))),
                )?;
            }
            let more = o.section_count as usize - o.sections.len().min(o.section_count as usize);
            if more > 0 {
                append(
                    &p,
                    &self.doc.create_text_node(&format!(
                        " and {} more",
                        counted(more, "section", "sections")
                    )),
                )?;
            }
            append(&p, &self.doc.create_text_node(". "))?;
        }
        if let Some((first, last)) = &o.dates {
            let (a, b) = (
                crate::explore::display_date(first),
                crate::explore::display_date(last),
            );
            let span = if a == b {
                format!("Dated statements: {a}.")
            } else {
                format!("Dated statements from {a} to {b}.")
            };
            append(&p, &self.doc.create_text_node(&span))?;
        }
        if p.has_child_nodes() {
            append(&wrap, &p)?;
        }
        Ok(wrap)
    }

    /// The most named people, organisations and places.
    fn ov_names(&self, o: &Overview) -> Res<Option<Element>> {
        let groups = [
            ("People", "person", &o.people),
            ("Organisations", "org", &o.organisations),
            ("Places", "place", &o.places),
        ];
        if groups.iter().all(|(_, _, l)| l.is_empty()) {
            return Ok(None);
        }
        let box_ = el(&self.doc, "div", "dz-ov-names")?;
        for (title, kind, list) in groups {
            if list.is_empty() {
                continue;
            }
            let sec = el(&self.doc, "section", &format!("dz-ov-kind dz-ent-{kind}"))?;
            let hid = format!("{}-ov-{kind}", self.id_prefix);
            sec.set_attribute("aria-labelledby", &hid)?;
            let h = el_text(
                &self.doc,
                "h2",
                "dz-ov-heading",
                &format!("Most named {}", title.to_lowercase()),
            )?;
            h.set_id(&hid);
            append(&sec, &h)?;
            let ol = el(&self.doc, "ol", "dz-ov-top")?;
            for named in list.iter() {
                append(&ol, &self.ov_named(named)?)?;
            }
            append(&sec, &ol)?;
            append(&box_, &sec)?;
        }
        Ok(Some(box_))
    }

    fn ov_named(&self, named: &Named) -> Res<Element> {
        let li = el(&self.doc, "li", "")?;
        let a = self.ov_link(
            &named.name,
            &href(Route {
                entity: Some(named.name.clone()),
                ..Route::default()
            }),
        )?;
        a.set_attribute("data-entity-name", &named.name)?;
        append(&li, &a)?;
        let meta = format!(
            " {} · {}",
            counted(named.mentions as usize, "mention", "mentions"),
            counted(named.articles as usize, "article", "articles")
        );
        append(&li, &el_text(&self.doc, "span", "dz-ov-count", &meta)?)?;
        Ok(li)
    }

    /// Dated statements per period, each bar opening the timeline there.
    fn ov_activity(&self, a: &Activity) -> Res<Option<Element>> {
        if a.bars.is_empty() {
            return Ok(None);
        }
        let sec = el(&self.doc, "section", "dz-ov-activity")?;
        let hid = format!("{}-ov-activity", self.id_prefix);
        sec.set_attribute("aria-labelledby", &hid)?;
        let per = match a.step {
            0 | 1 => "year",
            10 => "decade",
            100 => "century",
            _ => "period",
        };
        let h = el_text(
            &self.doc,
            "h2",
            "dz-ov-heading",
            &format!("Dated statements per {per}"),
        )?;
        h.set_id(&hid);
        append(&sec, &h)?;
        let most = a.most().max(1);
        let ol = el(&self.doc, "ol", "dz-ov-bars")?;
        // Labels under the first and last bars and every fifth between,
        // so they never crowd at phone width.
        let last = a.bars.len() - 1;
        for (i, bar) in a.bars.iter().enumerate() {
            let li = el(&self.doc, "li", "dz-ov-bar")?;
            let label = a.label(bar);
            let said = format!(
                "{label}: {}",
                counted(bar.count as usize, "dated statement", "dated statements")
            );
            // At least a sliver for a period that has any.
            let height = if bar.count == 0 {
                0.0
            } else {
                (f64::from(bar.count) / f64::from(most) * 100.0).max(6.0)
            };
            let inner = if bar.count > 0 {
                let link = self.ov_link(
                    "",
                    &href(Route {
                        screen: Screen::Timeline,
                        period: a.key(bar),
                        ..Route::default()
                    }),
                )?;
                link.set_attribute("aria-label", &said)?;
                link
            } else {
                let span = el(&self.doc, "span", "dz-ov-empty")?;
                span.set_attribute("aria-label", &said)?;
                span.set_attribute("role", "img")?;
                span
            };
            inner.set_attribute("title", &said)?;
            let fill = el(&self.doc, "span", "dz-ov-fill")?;
            fill.set_attribute("style", &format!("height: {height:.1}%"))?;
            fill.set_attribute("aria-hidden", "true")?;
            append(&inner, &fill)?;
            append(&li, &inner)?;
            if i == 0 || i == last || (i.is_multiple_of(5) && last - i >= 3) {
                let tick = el_text(&self.doc, "span", "dz-ov-tick", &label)?;
                tick.set_attribute("aria-hidden", "true")?;
                append(&li, &tick)?;
            }
            append(&ol, &li)?;
        }
        append(&sec, &ol)?;
        Ok(Some(sec))
    }
}

/// "12,345": digits grouped for reading.
fn group_digits(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
