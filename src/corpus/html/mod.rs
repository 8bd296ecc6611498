//! Saved HTML pages to documents, from the page's own structure.
//!
//! The page is read into a tree (`dom`), hidden copies (`hidden`,
//! `aria-hidden`, `display:none`) and what is never content (scripts,
//! embeds, navigation, asides, footers, form controls) are set aside, and
//! the main content is found the way Readability finds it: paragraphs score
//! their ancestors by length and commas, scores are discounted by link
//! density, the best container wins and takes along the siblings that score
//! near it. Inside it, blocks that are mostly links, inputs or images (teaser
//! lists, share bars) are left out, data tables kept. Several `<article>`s
//! each with a heading inside the content are an archive: one document each.
//!
//! Title, byline and date come from schema.org JSON-LD, then `<meta>`
//! (Dublin Core, OpenGraph, Twitter, Parse.ly), then the page (`<title>`
//! cut at its site separator, a byline element); a content heading that is
//! the title becomes the title field. Every field maps to the input bytes:
//! character references and JSON escapes are mapped replacements, collapsed
//! whitespace mapped deletions.

mod dom;
mod entity;
mod json;
mod meta;

use super::run::Run;
use super::{Field, FieldKind};
use crate::span::Span;
use crate::text::MapBuilder;
use dom::{attr, Dom, Kind};

/// What reading a page gave.
pub(crate) struct Read {
    pub docs: Vec<Vec<Field>>,
    pub notes: Vec<String>,
}

/// Never content, whatever their class says: what a reader of the page
/// never reads as the article (ARIA roles count the same).
const DROP: &[&str] = &[
    "head", "nav", "aside", "footer", "button", "select", "input", "option", "svg", "canvas",
    "video", "audio", "object", "embed", "map", "dialog", "menu", "math", "picture", "source",
];
const DROP_ROLES: &[&str] = &[
    "navigation",
    "menu",
    "menubar",
    "complementary",
    "dialog",
    "alertdialog",
    "alert",
    "search",
    "contentinfo",
    "banner",
];
/// Block elements: they end the unit before them.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figcaption",
    "figure",
    "section",
    "article",
    "main",
    "header",
    "table",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "dl",
    "pre",
    "address",
    "body",
    "html",
    "br",
    "hr",
    "center",
    "form",
    "fieldset",
    "details",
    "summary",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "hgroup",
    "legend",
];
#[derive(Clone, Copy, Default)]
struct Stats {
    /// Characters of text (whitespace runs count one).
    text: usize,
    link: usize,
    commas: usize,
    p: usize,
    li: usize,
    img: usize,
    input: usize,
    embed: usize,
    heading: usize,
    /// Text directly inside, or inside its inline children.
    own: usize,
}

struct Page<'a> {
    run: &'a Run,
    dom: Dom<'a>,
    /// Hidden or never content: left out with everything inside.
    out: Vec<bool>,
    stats: Vec<Stats>,
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn hidden(attrs: &str) -> bool {
    if attr(attrs, "hidden").is_some() {
        return true;
    }
    if attr(attrs, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    attr(attrs, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn text_len(s: &str) -> usize {
    let mut n = 0;
    let mut space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                n += 1;
            }
            space = true;
        } else {
            n += 1;
            space = false;
        }
    }
    n
}

impl<'a> Page<'a> {
    fn new(run: &'a Run) -> Page<'a> {
        let dom = Dom::parse(&run.text);
        let n = dom.nodes.len();
        let mut out = vec![false; n];
        // Parents come before their children, so one forward pass settles it.
        for id in 1..n {
            let parent = dom.nodes[id].parent;
            let gone = match &dom.nodes[id].kind {
                Kind::Element { name, .. } => {
                    let attrs = dom.attrs(id);
                    DROP.contains(&name.as_str())
                        || hidden(attrs)
                        || attr(attrs, "role").is_some_and(|r| {
                            DROP_ROLES.contains(&r.trim().to_ascii_lowercase().as_str())
                        })
                }
                _ => false,
            };
            out[id] = gone || (parent != 0 && out[parent]);
        }
        let mut stats = vec![Stats::default(); n];
        for id in (1..n).rev() {
            if out[id] {
                continue;
            }
            let node = &dom.nodes[id];
            let mut s = stats[id];
            match &node.kind {
                Kind::Text(r) => {
                    let t = dom.src.get(r.clone()).unwrap_or("");
                    s.text = text_len(t);
                    s.own = s.text;
                    s.commas = t.matches([',', '，', '、', '،']).count();
                }
                Kind::Element { name, .. } => {
                    match name.as_str() {
                        "a" => s.link = s.text,
                        "p" => s.p += 1,
                        "li" => s.li += 1,
                        "img" => s.img += 1,
                        "input" | "textarea" | "select" => s.input += 1,
                        n if is_heading(n) => s.heading = s.text,
                        _ => {}
                    }
                    if !BLOCK.contains(&name.as_str()) {
                        s.own = s.text;
                    }
                }
                Kind::Raw { name, .. } => {
                    if matches!(name.as_str(), "iframe" | "noembed") {
                        s.embed += 1;
                    }
                    if name == "textarea" {
                        s.input += 1;
                    }
                }
                Kind::Document => {}
            }
            stats[id] = s;
            let p = node.parent;
            if p != 0 || id != 0 {
                let own = if BLOCK.contains(&dom.name(id)) {
                    0
                } else {
                    s.own
                };
                let ps = &mut stats[p];
                ps.text += s.text;
                ps.link += s.link;
                ps.commas += s.commas;
                ps.p += s.p;
                ps.li += s.li;
                ps.img += s.img;
                ps.input += s.input;
                ps.embed += s.embed;
                ps.heading += s.heading;
                ps.own += own;
            }
        }
        Page {
            run,
            dom,
            out,
            stats,
        }
    }

    fn kids(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        self.dom
            .nodes
            .get(id)
            .map(|n| n.children.as_slice())
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|&c| !self.out[c])
    }

    fn elements(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids(id)
            .filter(|&c| matches!(self.dom.nodes[c].kind, Kind::Element { .. }))
    }

    fn link_density(&self, id: usize) -> f64 {
        let s = self.stats[id];
        if s.text == 0 {
            0.0
        } else {
            s.link as f64 / s.text as f64
        }
    }

    /// The element named `name`, first in document order.
    fn find(&self, name: &str) -> Option<usize> {
        (1..self.dom.nodes.len()).find(|&i| self.dom.name(i) == name)
    }

    /// The text of a subtree as a mapped, whitespace-collapsed run.
    fn text_run(&self, id: usize) -> Run {
        let mut b = MapBuilder::new();
        let mut space = true;
        self.collect(id, &mut b, &mut space);
        Run::from_builder(b).into_trimmed()
    }

    fn collect(&self, id: usize, b: &mut MapBuilder, space: &mut bool) {
        match &self.dom.nodes[id].kind {
            Kind::Text(r) => push_text(b, self.run, r.clone(), space),
            Kind::Element { .. } | Kind::Document => {
                for c in self.kids(id) {
                    self.collect(c, b, space);
                }
            }
            Kind::Raw { .. } => {}
        }
    }
}

/// Copy `range` of the page, decoding character references as mapped
/// replacements and collapsing whitespace runs to one space.
pub(super) fn push_text(
    b: &mut MapBuilder,
    page: &Run,
    range: std::ops::Range<usize>,
    space: &mut bool,
) {
    let s = page.text.get(range.clone()).unwrap_or("");
    let base = range.start;
    let mut copied = 0;
    let mut chars = s.char_indices().peekable();
    let flush = |b: &mut MapBuilder, from: usize, to: usize| {
        if from < to {
            b.append_from(&page.text, &page.map, base + from..base + to);
        }
    };
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() && c != '\u{a0}' {
            flush(b, copied, i);
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() && d != '\u{a0}' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // Whitespace with nothing to separate is left out, not mapped,
            // so a block's span starts at its first character.
            if !*space {
                let orig = page.map.to_original(Span::new(base + i, base + end));
                b.replace(" ", orig);
            }
            *space = true;
            copied = end;
        } else if c == '&' {
            if let Some((rep, len)) = s.get(i..).and_then(entity::decode) {
                flush(b, copied, i);
                let orig = page.map.to_original(Span::new(base + i, base + i + len));
                b.replace(&rep, orig);
                *space = rep.chars().all(char::is_whitespace) && *space;
                copied = i + len;
                while chars.peek().is_some_and(|&(j, _)| j < copied) {
                    chars.next();
                }
            } else {
                *space = false;
            }
        } else {
            *space = false;
        }
    }
    flush(b, copied, s.len());
}

fn field(kind: FieldKind, run: &Run) -> Field {
    Field {
        kind,
        text: run.text.clone(),
        span: run.span(),
        map: run.map.clone(),
    }
}

/// Key for comparing a heading with a title.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

mod content;

pub(crate) fn read(run: &Run) -> Read {
    let page = Page::new(run);
    let mut notes = Vec::new();
    if page.dom.flattened {
        notes.push(format!(
            "elements nested deeper than {} levels were read as if flat",
            dom::MAX_DEPTH
        ));
    }
    let meta = meta::read(&page);
    let docs = content::documents(&page, &meta);
    Read { docs, notes }
}
