//! Markdown to units through a CommonMark parser (`pulldown-cmark`, with
//! tables, footnotes, strikethrough and task lists), its source offsets
//! composed with the page's map so every unit maps to the input bytes.
//!
//! Front matter (title, author, category) is read here, before the parser.
//! Headings (the first level-1 heading is the title), paragraphs, list
//! items (a nested list's items are units of their own), block quotes,
//! code (kept character for character), pipe tables (table units), HTML
//! blocks (their text, tags dropped), footnote definitions (as notes). An
//! image opening a paragraph makes the rest of it a caption. Inline
//! markup (emphasis, links, inline HTML tags, footnote references) goes;
//! link URLs are not text.

use super::run::Run;
use super::text_page::lines;
use super::unit::{Hint, Unit};
use crate::span::Span;
use crate::text::MapBuilder;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What a frame of open blocks gathers text for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Paragraph,
    Heading(HeadingLevel),
    Item,
    Cell,
    Code,
    Html,
}

struct Open {
    frame: Frame,
    b: MapBuilder,
    /// The paragraph opened with an image: the rest is its caption.
    image_first: bool,
    /// Alt text of images, used when nothing else is said.
    alt: MapBuilder,
}

impl Open {
    fn new(frame: Frame) -> Open {
        Open {
            frame,
            b: MapBuilder::new(),
            image_first: false,
            alt: MapBuilder::new(),
        }
    }
}

/// Events to units, with `page` the whole decoded page and `base` where
/// the parsed body starts in it.
struct Reader<'a> {
    page: &'a Run,
    out: Vec<Unit>,
    stack: Vec<Open>,
    have_title: bool,
    quote: usize,
    footnote: usize,
    image: usize,
    rows: Vec<Vec<Run>>,
}

impl Reader<'_> {
    fn span(&self, r: &Range<usize>) -> Span {
        self.page.map.to_original(Span::new(r.start, r.end))
    }

    /// The builder text goes to: the innermost open frame (alt text while
    /// inside an image).
    fn target(&mut self) -> Option<&mut MapBuilder> {
        let image = self.image > 0;
        let top = self.stack.last_mut()?;
        Some(if image { &mut top.alt } else { &mut top.b })
    }

    /// `text` as the parser gives it for source `r`: copied with its map
    /// where it is the source's own bytes, else standing for them whole
    /// (an entity or escape decoded).
    fn text(&mut self, text: &str, r: Range<usize>) {
        let src = self.page.text.get(r.clone()).unwrap_or("");
        let at = if src == text {
            Some(r.start)
        } else {
            src.find(text).map(|i| r.start + i)
        };
        let span = self.span(&r);
        let (page_text, page_map) = (&self.page.text, &self.page.map);
        let image = self.image > 0;
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        let b = if image { &mut top.alt } else { &mut top.b };
        match at {
            Some(s) if !text.is_empty() => b.append_from(page_text, page_map, s..s + text.len()),
            _ => b.replace(text, span),
        }
    }

    /// A space standing for a line break or a gap between parts.
    fn space(&mut self, at: usize) {
        let o = self.span(&(at..at));
        if let Some(b) = self.target() {
            if !b.text().is_empty() && !b.text().ends_with(' ') {
                b.replace(" ", o);
            }
        }
    }

    fn emit(&mut self, b: MapBuilder, hint: Hint) {
        let run = Run::from_builder(b).into_trimmed();
        if !run.text.is_empty() {
            self.out.push(Unit::new(run, hint));
        }
    }

    fn body_hint(&self) -> Hint {
        if self.quote > 0 {
            Hint::Quote
        } else if self.footnote > 0 {
            Hint::ListItem
        } else {
            Hint::None
        }
    }

    fn event(&mut self, ev: Event, r: Range<usize>) {
        match ev {
            Event::Start(tag) => self.start(tag, r),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let code = self.stack.last().is_some_and(|o| o.frame == Frame::Code);
                if code {
                    // Code keeps every character, line ends included.
                    let span = self.span(&r);
                    let src = self.page.text.get(r.clone()).unwrap_or("");
                    if let Some(top) = self.stack.last_mut() {
                        if src == t.as_ref() {
                            top.b.append_from(&self.page.text, &self.page.map, r);
                        } else {
                            top.b.replace(&t, span);
                        }
                    }
                } else {
                    self.text(&t, r);
                }
            }
            Event::Code(t) => self.text(&t, r),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, r),
            Event::SoftBreak | Event::HardBreak => self.space(r.start),
            Event::Html(t) | Event::InlineHtml(t) => self.html(&t, r),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    /// The text between tags of raw HTML; a `<br>` or block tag is a space.
    fn html(&mut self, t: &str, r: Range<usize>) {
        let src = self.page.text.get(r.clone()).unwrap_or("");
        if src != t || t.trim_start().starts_with("<!--") {
            return;
        }
        let mut at = 0;
        let mut rest = t;
        while let Some(open) = rest.find('<') {
            let before = rest.get(..open).unwrap_or("");
            if !before.trim().is_empty() {
                let s = r.start + at;
                self.text(before, s..s + before.len());
            }
            let close = rest
                .get(open..)
                .and_then(|x| x.find('>'))
                .map(|c| open + c + 1);
            let Some(close) = close else {
                rest = "";
                break;
            };
            if breaks(rest.get(open..close).unwrap_or("")) {
                self.space(r.start + at + open);
            }
            at += close;
            rest = rest.get(close..).unwrap_or("");
        }
        if !rest.trim().is_empty() {
            let s = r.start + at;
            self.text(rest, s..s + rest.len());
        }
    }

    fn start(&mut self, tag: Tag, r: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                // A loose list item's paragraphs are the item's text.
                if self.stack.last().is_some_and(|o| o.frame == Frame::Item) {
                    self.space(r.start);
                } else {
                    let mut o = Open::new(Frame::Paragraph);
                    o.image_first = self.page.text.get(r).is_some_and(|s| s.starts_with("!["));
                    self.stack.push(o);
                }
            }
            Tag::Heading { level, .. } => self.stack.push(Open::new(Frame::Heading(level))),
            Tag::Item => {
                // A nested list: the outer item's text so far is its own unit.
                if let Some(top) = self.stack.last_mut().filter(|o| o.frame == Frame::Item) {
                    let b = std::mem::take(&mut top.b);
                    self.emit(b, Hint::ListItem);
                }
                self.stack.push(Open::new(Frame::Item));
            }
            Tag::List(_) => {
                if let Some(top) = self.stack.last_mut().filter(|o| o.frame == Frame::Item) {
                    let b = std::mem::take(&mut top.b);
                    self.emit(b, Hint::ListItem);
                }
            }
            Tag::CodeBlock(_) => self.stack.push(Open::new(Frame::Code)),
            Tag::HtmlBlock => self.stack.push(Open::new(Frame::Html)),
            Tag::BlockQuote(_) => self.quote += 1,
            Tag::FootnoteDefinition(_) => self.footnote += 1,
            Tag::Table(_) => self.rows.clear(),
            Tag::TableHead | Tag::TableRow => self.rows.push(Vec::new()),
            Tag::TableCell => self.stack.push(Open::new(Frame::Cell)),
            Tag::Image { .. } => self.image += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
                if self
                    .stack
                    .last()
                    .is_some_and(|o| o.frame == Frame::Paragraph) =>
            {
                if let Some(o) = self.stack.pop() {
                    let hint = self.body_hint();
                    if o.image_first {
                        // "![alt](src)" then "*caption*": the caption, or the alt text alone.
                        let caption = if o.b.text().trim().is_empty() {
                            o.alt
                        } else {
                            o.b
                        };
                        self.emit(caption, Hint::Caption);
                    } else {
                        self.emit(o.b, hint);
                    }
                }
            }
            TagEnd::Heading(_) => {
                if let Some(o) = self.stack.pop() {
                    let hint = match o.frame {
                        Frame::Heading(HeadingLevel::H1) if !self.have_title => {
                            self.have_title = true;
                            Hint::Title
                        }
                        _ => Hint::Heading,
                    };
                    self.emit(o.b, hint);
                }
            }
            TagEnd::Item => {
                if let Some(o) = self.stack.pop() {
                    self.emit(o.b, Hint::ListItem);
                }
            }
            TagEnd::CodeBlock => {
                if let Some(o) = self.stack.pop() {
                    let mut b = o.b;
                    b.trim_end();
                    let run = Run::from_builder(b);
                    if !run.text.trim().is_empty() {
                        self.out.push(Unit::new(run, Hint::Code));
                    }
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(o) = self.stack.pop() {
                    let hint = self.body_hint();
                    self.emit(o.b, hint);
                }
            }
            TagEnd::BlockQuote(_) => self.quote = self.quote.saturating_sub(1),
            TagEnd::FootnoteDefinition => self.footnote = self.footnote.saturating_sub(1),
            TagEnd::TableCell => {
                if let Some(o) = self.stack.pop() {
                    let cell = Run::from_builder(o.b).into_trimmed();
                    if let Some(row) = self.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::Table => {
                let rows = std::mem::take(&mut self.rows);
                if let Some(u) = table_unit(&rows) {
                    self.out.push(u);
                }
            }
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            _ => {}
        }
    }
}

/// A tag that breaks the line (`<br>`, a block's start or end); inline
/// tags (`<b>`, `</span>`) join their text.
fn breaks(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    matches!(
        name.as_str(),
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "section"
            | "article"
            | "table"
    )
}

/// Rows of cell runs to one table unit: tabs between cells, line ends
/// between rows (a tab or line end inside a cell becomes a space).
fn table_unit(rows: &[Vec<Run>]) -> Option<Unit> {
    let mut b = MapBuilder::new();
    for (k, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let at = cell.span().start;
            if k > 0 || c > 0 {
                b.replace(if c == 0 { "\n" } else { "\t" }, Span::new(at, at));
            }
            let mut from = 0;
            for (i, ch) in cell
                .text
                .char_indices()
                .filter(|(_, ch)| matches!(ch, '\t' | '\n'))
            {
                b.append_from(&cell.text, &cell.map, from..i);
                b.replace(" ", cell.map.to_original(Span::new(i, i + ch.len_utf8())));
                from = i + ch.len_utf8();
            }
            b.append_from(&cell.text, &cell.map, from..cell.text.len());
        }
    }
    let run = Run::from_builder(b);
    (!run.text.trim().is_empty()).then(|| Unit::new(run, Hint::Table))
}

/// Front matter units and where the body starts.
fn front_matter(page: &Run, out: &mut Vec<Unit>) -> usize {
    let text = page.text.as_str();
    let all = lines(text);
    let line = |k: usize| all.get(k).and_then(|r| text.get(r.clone())).unwrap_or("");
    if line(0).trim() != "---" {
        return 0;
    }
    let Some(end) = (1..all.len()).find(|&j| matches!(line(j).trim(), "---" | "...")) else {
        return 0;
    };
    for j in 1..end {
        let l = line(j);
        let Some(colon) = l.find(':') else { continue };
        let key = l.get(..colon).unwrap_or("").trim().to_lowercase();
        let hint = match key.as_str() {
            "title" => Hint::Title,
            "author" | "authors" | "byline" => Hint::Byline,
            "category" | "categories" | "section" => Hint::Section,
            _ => continue,
        };
        let Some(r) = all.get(j) else { continue };
        let v = page.slice(r.start + colon + 1..r.end).trim();
        let v = v.slice(strip_quotes(&v.text));
        // "[Conflict, War]": the first item of an inline list.
        let v = match v.text.strip_prefix('[') {
            Some(inner) => {
                let end = inner.find([',', ']']).unwrap_or(inner.len());
                v.slice(1..1 + end).trim()
            }
            None => v,
        };
        if !v.text.is_empty() {
            out.push(Unit::new(v, hint));
        }
    }
    all.get(end)
        .map_or(text.len(), |r| (r.end + 1).min(text.len()))
}

pub(crate) fn units(page: &Run) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let body = front_matter(page, &mut out);
    let have_title = out.iter().any(|u| u.hint == Hint::Title);
    let text = page.text.get(body..).unwrap_or("");
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut reader = Reader {
        page,
        out,
        stack: Vec::new(),
        have_title,
        quote: 0,
        footnote: 0,
        image: 0,
        rows: Vec::new(),
    };
    for (ev, r) in Parser::new_ext(text, opts).into_offset_iter() {
        reader.event(ev, r.start + body..r.end + body);
    }
    let mut out = reader.out;
    // A "# Title" repeating the front matter's title is not a subheading.
    let fm_title = out
        .iter()
        .find(|u| u.hint == Hint::Title)
        .map(|u| u.run.text.trim().to_lowercase());
    if let Some(t) = fm_title {
        let mut first = true;
        out.retain(|u| {
            let dup = u.hint == Hint::Heading && u.run.text.trim().to_lowercase() == t;
            let keep = !(dup && first);
            first &= !dup;
            keep
        });
    }
    out
}

fn strip_quotes(s: &str) -> Range<usize> {
    let b = s.as_bytes();
    if b.len() >= 2
        && (b.first() == Some(&b'"') && b.last() == Some(&b'"')
            || b.first() == Some(&b'\'') && b.last() == Some(&b'\''))
    {
        return 1..s.len() - 1;
    }
    0..s.len()
}
