//! Word `.docx` through [`super::unzip`] and `quick-xml`: paragraphs in order, their
//! kind from the paragraph style (`styles.xml`: Title, Heading N or an
//! outline level, list, quote and caption styles) or direct numbering
//! (a list item), table rows (cells joined by ` | `), text boxes once (the
//! fallback copy Word keeps for old readers is skipped), footnotes and
//! endnotes after the body; deleted text of tracked changes and field
//! codes are left out. Title, author and creation date from
//! `docProps/core.xml`.
//!
//! Bounds, against zip bombs: at most [`MAX_ENTRIES`] entries, each part
//! inflated to at most [`MAX_PART`] bytes and all parts read together to
//! at most [`MAX_TOTAL`]; past any of them the file is refused with a note.

use super::unzip::{Archive, Error};
use super::{Doc, Extract};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

pub(super) const MAX_ENTRIES: usize = 10_000;
pub(super) const MAX_PART: u64 = 64 << 20;
pub(super) const MAX_TOTAL: u64 = 160 << 20;

enum Part {
    Missing,
    Text(String),
}

/// One part's text, bounded; `Err` says why it was refused.
fn part(archive: &Archive, name: &str, budget: &mut u64) -> Result<Part, String> {
    let cap = MAX_PART.min(*budget);
    let bytes = match archive.read(name, cap) {
        Ok(b) => b,
        Err(Error::Missing) => return Ok(Part::Missing),
        Err(Error::TooBig(Some(n))) => {
            return Err(format!(
                "{name} would inflate to {n} bytes, over the {} MiB bound (a zip bomb?)",
                cap >> 20
            ))
        }
        Err(Error::TooBig(None)) => {
            return Err(format!(
                "{name} inflates past the {} MiB bound (a zip bomb?)",
                cap >> 20
            ))
        }
        Err(e) => return Err(format!("{name} cannot be read ({e})")),
    };
    *budget -= bytes.len() as u64;
    Ok(Part::Text(String::from_utf8_lossy(&bytes).into_owned()))
}

pub(super) fn read(label: &str, bytes: &[u8], ex: &mut Extract) {
    let archive = match Archive::new(bytes, MAX_ENTRIES as u64) {
        Ok(a) => a,
        Err(Error::TooMany(n)) => {
            ex.note(format!(
                "{label}: {n} entries in the archive, over the {MAX_ENTRIES} bound (a zip bomb?); skipped"
            ));
            return;
        }
        Err(e) => {
            ex.note(format!("{label}: not a readable Word file ({e}); skipped"));
            return;
        }
    };
    let mut budget = MAX_TOTAL;
    let mut get = |name: &str, ex: &mut Extract| match part(&archive, name, &mut budget) {
        Ok(Part::Text(t)) => Some(Ok(t)),
        Ok(Part::Missing) => None,
        Err(e) => {
            ex.note(format!("{label}: {e}; skipped"));
            Some(Err(()))
        }
    };
    let body = match get("word/document.xml", ex) {
        Some(Ok(t)) => t,
        Some(Err(())) => return,
        None => {
            ex.note(format!(
                "{label}: no word/document.xml: not a Word document; skipped"
            ));
            return;
        }
    };
    let mut parts = Vec::new();
    for name in [
        "word/styles.xml",
        "docProps/core.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
    ] {
        match get(name, ex) {
            Some(Ok(t)) => parts.push(t),
            Some(Err(())) => return,
            None => parts.push(String::new()),
        }
    }
    let [styles, core, footnotes, endnotes] = <[String; 4]>::try_from(parts).unwrap_or_default();
    let styles = read_styles(&styles);
    let mut d = Doc::new(label);
    let mut out = Paragraphs::new(&styles);
    out.read(&body);
    out.read(&footnotes);
    out.read(&endnotes);
    if let Some(e) = &out.error {
        ex.note(format!(
            "{label}: the XML is damaged ({e}); read up to there"
        ));
    }
    d.blocks = out.blocks;
    let core = read_core(&core);
    if !d.has("title") {
        match core.get("title") {
            Some(t) => d.put_first("title", t),
            None => {
                if let Some(b) = d.blocks.iter_mut().find(|(t, _)| *t == "heading") {
                    b.0 = "title";
                }
            }
        }
    }
    if let Some(a) = core.get("creator") {
        d.put_first("byline", a);
    }
    if let Some(date) = core.get("created").and_then(|c| c.get(..10)) {
        d.put_first("date", date);
    }
    if d.has_text() {
        ex.docs.push(d);
    } else {
        ex.note(format!("{label}: no text in the document"));
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `&amp;`, `&#8212;`... as the character.
fn resolve(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// What a paragraph style makes of its paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Title,
    Heading,
    List,
    Quote,
    Caption,
    Body,
}

/// Style id to role, from the names Word gives its built-in styles (any
/// language's file keeps the English names) and outline levels, following
/// `basedOn` for custom styles.
fn read_styles(xml: &str) -> HashMap<String, Role> {
    let mut raw: HashMap<String, (Role, Option<String>)> = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut cur: Option<(String, Role, Option<String>)> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.name();
                match local(name.as_ref()) {
                    "style" => {
                        if let Some((id, role, base)) = cur.take() {
                            raw.insert(id, (role, base));
                        }
                        cur = attr(&e, "styleId").map(|id| (id, Role::Body, None));
                    }
                    "name" => {
                        if let (Some(c), Some(v)) = (cur.as_mut(), attr(&e, "val")) {
                            c.1 = role_of_name(&v.to_lowercase());
                        }
                    }
                    "basedOn" => {
                        if let Some(c) = cur.as_mut() {
                            c.2 = attr(&e, "val");
                        }
                    }
                    "outlineLvl" => {
                        if let Some(c) = cur.as_mut() {
                            if c.1 == Role::Body && attr(&e, "val").is_some_and(|v| v != "9") {
                                c.1 = Role::Heading;
                            }
                        }
                    }
                    "numPr" => {
                        if let Some(c) = cur.as_mut() {
                            if c.1 == Role::Body {
                                c.1 = Role::List;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    if let Some((id, role, base)) = cur.take() {
        raw.insert(id, (role, base));
    }
    let mut out = HashMap::new();
    for id in raw.keys() {
        let mut at = id;
        let mut role = Role::Body;
        // A bounded walk: a style cycle cannot loop.
        for _ in 0..16 {
            let Some((r, base)) = raw.get(at) else { break };
            if *r != Role::Body {
                role = *r;
                break;
            }
            match base {
                Some(b) => at = b,
                None => break,
            }
        }
        out.insert(id.clone(), role);
    }
    out
}

fn role_of_name(n: &str) -> Role {
    if n == "title" {
        Role::Title
    } else if n.starts_with("heading") {
        Role::Heading
    } else if n.starts_with("list") && n != "list paragraph" || n.contains("bullet") {
        Role::List
    } else if n == "list paragraph" {
        // Word's style for numbered and bulleted paragraphs; plain ones
        // carry it too, so only with numbering (numPr) is it a list.
        Role::Body
    } else if n.contains("quote") {
        Role::Quote
    } else if n == "caption" {
        Role::Caption
    } else {
        Role::Body
    }
}

/// `docProps/core.xml`: title, creator, created.
fn read_core(xml: &str) -> HashMap<&'static str, String> {
    let mut out = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut field: Option<&'static str> = None;
    let mut text = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.name();
                field = match local(name.as_ref()) {
                    "title" => Some("title"),
                    "creator" => Some("creator"),
                    "created" => Some("created"),
                    _ => None,
                };
                text.clear();
            }
            Ok(Event::Text(t)) if field.is_some() => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(g)) if field.is_some() => {
                text.extend(resolve(&g.xml10_content()));
            }
            Ok(Event::End(_)) => {
                if let Some(f) = field.take() {
                    let t = super::one_line(&text);
                    if !t.is_empty() {
                        out.insert(f, t);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[derive(Default)]
struct Para {
    style: Option<String>,
    numbered: bool,
    outline: bool,
    text: String,
}

#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: Option<String>,
}

/// The paragraph walk over one part.
struct Paragraphs<'a> {
    styles: &'a HashMap<String, Role>,
    blocks: Vec<(&'static str, String)>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    error: Option<String>,
}

impl<'a> Paragraphs<'a> {
    fn new(styles: &'a HashMap<String, Role>) -> Paragraphs<'a> {
        Paragraphs {
            styles,
            blocks: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            error: None,
        }
    }

    fn read(&mut self, xml: &str) {
        let mut r = Reader::from_str(xml);
        // Elements whose text is not the document's: deleted text, field
        // codes, the fallback copy of a text box, separator footnotes.
        let mut skip = 0usize;
        let mut in_text = false;
        loop {
            let ev = match r.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    self.error.get_or_insert(e.to_string());
                    break;
                }
            };
            match ev {
                Event::Start(e) => {
                    let name = e.name();
                    let l = local(name.as_ref());
                    if skip > 0 || matches!(l, "delText" | "instrText" | "Fallback") {
                        skip += 1;
                        continue;
                    }
                    self.open(l, &e);
                    in_text = l == "t";
                }
                Event::Empty(e) => {
                    let name = e.name();
                    if skip == 0 {
                        self.open(local(name.as_ref()), &e);
                        self.close(local(name.as_ref()));
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let name = e.name();
                    self.close(local(name.as_ref()));
                    in_text = false;
                }
                Event::Text(t) if in_text && skip == 0 => {
                    if let Some(p) = self.paras.last_mut() {
                        p.text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(g) if in_text && skip == 0 => {
                    if let Some(p) = self.paras.last_mut() {
                        p.text.extend(resolve(&g.xml10_content()));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A damaged file may leave paragraphs open: what they hold is kept.
        while !self.paras.is_empty() {
            self.close("p");
        }
        while !self.tables.is_empty() {
            self.close("tr");
            self.tables.pop();
        }
    }

    fn open(&mut self, l: &str, e: &BytesStart) {
        match l {
            "p" => self.paras.push(Para::default()),
            "pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "numPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.numbered = true;
                }
            }
            "outlineLvl" => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(e, "val").is_some_and(|v| v != "9");
                }
            }
            "tab" | "br" | "cr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push(' ');
                }
            }
            "noBreakHyphen" => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push('-');
                }
            }
            "tbl" => self.tables.push(Table::default()),
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, l: &str) {
        match l {
            "p" => {
                let Some(p) = self.paras.pop() else { return };
                let text = super::one_line(&p.text);
                if text.is_empty() {
                    return;
                }
                // A paragraph in a table cell is part of that cell; one in a
                // text box inside a paragraph is a block of its own.
                if self.paras.is_empty() {
                    if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&text);
                        return;
                    }
                }
                let role = p
                    .style
                    .as_ref()
                    .and_then(|s| self.styles.get(s).copied())
                    .unwrap_or(Role::Body);
                let tag = match role {
                    Role::Title if !self.blocks.iter().any(|(t, _)| *t == "title") => "title",
                    Role::Title | Role::Heading => "heading",
                    _ if p.outline => "heading",
                    Role::List => "list-item",
                    _ if p.numbered => "list-item",
                    Role::Quote => "quote",
                    Role::Caption => "caption",
                    Role::Body => "paragraph",
                };
                self.blocks.push((tag, text));
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(c) = t.cell.take() {
                        t.row.push(c);
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    if row.iter().any(|c| !c.is_empty()) {
                        self.blocks.push(("row", row.join(" | ")));
                    }
                }
            }
            "tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }
}
