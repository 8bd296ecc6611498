//! The main content of a page and its blocks: Readability's scoring over
//! the tree (see the module docs), then the blocks as typed fields.

use super::dom::{attr, Kind};
use super::meta::Meta;
use super::{field, is_heading, key, Page, BLOCK};
use crate::corpus::repair::repair;
use crate::corpus::run::Run;
use crate::corpus::shape;
use crate::corpus::{Field, FieldKind};
use crate::text::MapBuilder;
use std::collections::HashMap;

/// Under this many characters a paragraph says nothing about its container.
const MIN_PARAGRAPH: usize = 25;
/// Content shorter than this is retried with less cleaning.
const ENOUGH: usize = 500;

fn base_score(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "th" => -5.0,
        n if is_heading(n) => -5.0,
        _ => 0.0,
    }
}

/// Structure that says "this is the article": schema.org's articleBody.
fn structural_weight(attrs: &str) -> f64 {
    let prop = attr(attrs, "itemprop").unwrap_or("");
    if prop
        .split_whitespace()
        .any(|p| p == "articleBody" || p == "text")
    {
        25.0
    } else {
        0.0
    }
}

fn score_candidates(page: &Page) -> HashMap<usize, f64> {
    let mut scores: HashMap<usize, f64> = HashMap::new();
    let dom = &page.dom;
    let add = |scores: &mut HashMap<usize, f64>, id: usize, s: f64| {
        let e = scores
            .entry(id)
            .or_insert_with(|| base_score(dom.name(id)) + structural_weight(dom.attrs(id)));
        *e += s;
    };
    // Paragraphs inside a list of cards speak for their card, not for the
    // page around the list.
    let mut in_cards = vec![false; dom.nodes.len()];
    // Parents come before their children, so one forward pass settles it.
    for (id, node) in dom.nodes.iter().enumerate().skip(1) {
        let parent = node.parent;
        let inside = parent != 0 && (in_cards[parent] || card_list(page, parent));
        in_cards[id] = inside;
    }
    for (id, &carded) in in_cards.iter().enumerate().skip(1) {
        if page.out[id] || carded || !matches!(dom.nodes[id].kind, Kind::Element { .. }) {
            continue;
        }
        let name = dom.name(id);
        let st = page.stats[id];
        // A paragraph: the scored tags, or a container's own running text
        // (a <div> of text and <br>s reads as paragraphs inside it).
        let (len, commas, first) = if matches!(name, "p" | "pre" | "td") {
            (st.text, st.commas, dom.nodes[id].parent)
        } else if matches!(name, "li" | "dd") && page.link_density(id) < 0.5 {
            // A list item of running text is a paragraph (posts written as
            // bullet lists); a list of links is not.
            (st.own, own_commas(page, id), dom.nodes[id].parent)
        } else if matches!(
            name,
            "div" | "section" | "article" | "main" | "form" | "center" | "body"
        ) && st.own >= MIN_PARAGRAPH
        {
            (st.own, own_commas(page, id), id)
        } else {
            continue;
        };
        if len < MIN_PARAGRAPH {
            continue;
        }
        let score = 1.0 + commas as f64 + (len / 100).min(3) as f64;
        let mut at = first;
        for level in 0..5 {
            if at == 0 {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            add(&mut scores, at, score / divider);
            at = dom.nodes[at].parent;
        }
    }
    for (id, s) in scores.iter_mut() {
        *s *= 1.0 - page.link_density(*id);
    }
    scores
}

/// A list of cards: three or more items, most of them with a heading of
/// their own (a gallery of other stories, a teaser list).
fn card_list(page: &Page, id: usize) -> bool {
    if !matches!(page.dom.name(id), "ul" | "ol") {
        return false;
    }
    let (mut items, mut headed) = (0, 0);
    for c in page.elements(id) {
        items += 1;
        headed += usize::from(page.stats[c].heading > 0);
    }
    items >= 3 && headed * 3 >= items * 2
}

fn own_commas(page: &Page, id: usize) -> usize {
    page.kids(id)
        .filter(|&c| !BLOCK.contains(&page.dom.name(c)))
        .map(|c| page.stats[c].commas)
        .sum()
}

fn ancestors(page: &Page, mut id: usize) -> Vec<usize> {
    let mut out = Vec::new();
    while id != 0 {
        id = page.dom.nodes[id].parent;
        out.push(id);
    }
    out
}

/// The best container and the siblings that go with it.
fn main_content(page: &Page, scores: &HashMap<usize, f64>) -> Vec<usize> {
    let body = page.find("body").filter(|&b| !page.out[b]).unwrap_or(0);
    let mut ranked: Vec<(usize, f64)> = scores.iter().map(|(&i, &s)| (i, s)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return vec![body];
    };
    if matches!(page.dom.name(top), "body" | "html") {
        return vec![top];
    }
    // Several near-best candidates under one ancestor: the ancestor.
    let alternatives: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(5)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(i, _)| *i)
        .collect();
    if alternatives.len() >= 3 {
        let lists: Vec<Vec<usize>> = alternatives.iter().map(|&a| ancestors(page, a)).collect();
        for anc in ancestors(page, top) {
            if anc == 0 || matches!(page.dom.name(anc), "body" | "html") {
                break;
            }
            if lists.iter().filter(|l| l.contains(&anc)).count() >= 3 {
                top = anc;
                break;
            }
        }
    }
    // Climb while the parent scores higher still.
    let mut last = scores.get(&top).copied().unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut parent = page.dom.nodes[top].parent;
    while parent != 0 && !matches!(page.dom.name(parent), "body" | "html") {
        if let Some(&ps) = scores.get(&parent) {
            if ps < threshold {
                break;
            }
            if ps > last {
                top = parent;
                break;
            }
            last = ps;
        }
        parent = page.dom.nodes[parent].parent;
    }
    // An only child stands for its parent.
    loop {
        let parent = page.dom.nodes[top].parent;
        if parent == 0 || matches!(page.dom.name(parent), "body" | "html") {
            break;
        }
        if page.elements(parent).count() != 1 {
            break;
        }
        top = parent;
    }
    let top_score = scores.get(&top).copied().unwrap_or(0.0);
    let parent = page.dom.nodes[top].parent;
    if parent == 0 {
        return vec![top];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = attr(page.dom.attrs(top), "class").unwrap_or("");
    let mut out = Vec::new();
    for s in page.kids(parent) {
        if s == top {
            out.push(s);
            continue;
        }
        if !matches!(page.dom.nodes[s].kind, Kind::Element { .. }) {
            continue;
        }
        let class = attr(page.dom.attrs(s), "class").unwrap_or("");
        let bonus = if !class.is_empty() && class == top_class {
            top_score * 0.2
        } else {
            0.0
        };
        if scores.get(&s).is_some_and(|&sc| sc + bonus >= threshold) {
            out.push(s);
        } else if page.dom.name(s) == "p" {
            let len = page.stats[s].text;
            let ld = page.link_density(s);
            let t = page.text_run(s).text;
            if len > 80 && ld < 0.25
                || len > 0 && len <= 80 && ld == 0.0 && (t.contains(". ") || t.ends_with('.'))
            {
                out.push(s);
            }
        }
    }
    out
}

/// Whether a table holds data (rows and columns of it), not layout.
fn data_table(page: &Page, id: usize) -> bool {
    let attrs = page.dom.attrs(id);
    if attr(attrs, "role").is_some_and(|r| r == "presentation") {
        return false;
    }
    if attr(attrs, "summary").is_some() {
        return true;
    }
    let mut rows = 0;
    let mut cols = 0;
    let mut stack = vec![id];
    let mut has_header = false;
    let mut nested = false;
    while let Some(n) = stack.pop() {
        for c in page.elements(n) {
            match page.dom.name(c) {
                "caption" | "thead" | "tfoot" | "colgroup" | "th" => has_header = true,
                "table" => nested = true,
                "tr" => {
                    rows += 1;
                    cols = cols.max(page.elements(c).count());
                }
                _ => {}
            }
            if page.dom.name(c) != "table" {
                stack.push(c);
            }
        }
    }
    if nested {
        return false;
    }
    has_header || rows >= 10 || cols > 4 || rows * cols > 10
}

/// Whether a block inside the content is chrome by its make-up: mostly
/// links (teaser lists, tag clouds), inputs, images or embeds.
fn clutter(page: &Page, id: usize, scores: &HashMap<usize, f64>) -> bool {
    let name = page.dom.name(id);
    if !matches!(
        name,
        "div" | "section" | "ul" | "ol" | "table" | "form" | "fieldset" | "header" | "dl"
    ) {
        return false;
    }
    if name == "table" && data_table(page, id) {
        return false;
    }
    let st = page.stats[id];
    let score = scores.get(&id).copied().unwrap_or(0.0);
    let list = matches!(name, "ul" | "ol");
    if score < 0.0 && !list {
        return true;
    }
    if st.commas >= 10 {
        return false;
    }
    let ld = page.link_density(id);
    let p = st.p as f64;
    let in_figure = ancestors(page, id)
        .iter()
        .any(|&a| page.dom.name(a) == "figure");
    let heading_density = if st.text == 0 {
        0.0
    } else {
        st.heading as f64 / st.text as f64
    };
    (st.img > 1 && p / (st.img as f64) < 0.5 && !in_figure)
        || (!list && st.li > st.p + 100)
        || (st.input as f64 > (p / 3.0).floor())
        || (!list
            && heading_density < 0.9
            && st.text < MIN_PARAGRAPH
            && (st.img == 0 || st.img > 2)
            && ld > 0.0)
        || (!list && ld > 0.2 && st.text < 1000 && score < 25.0)
        || (list && ld > 0.5)
        || ((st.embed == 1 && st.text < 75) || st.embed > 1)
}

/// Readability's byline test: a short element whose rel, itemprop or
/// class/id says author or byline.
fn byline_like(page: &Page, id: usize) -> bool {
    let attrs = page.dom.attrs(id);
    let rel = attr(attrs, "rel").unwrap_or("");
    let prop = attr(attrs, "itemprop").unwrap_or("");
    let words = format!(
        "{} {}",
        attr(attrs, "class").unwrap_or(""),
        attr(attrs, "id").unwrap_or("")
    )
    .to_ascii_lowercase();
    let says = rel == "author"
        || prop.contains("author")
        || ["byline", "author", "dateline", "writtenby", "p-author"]
            .iter()
            .any(|k| words.contains(k));
    let len = page.stats[id].text;
    says && len > 0 && len < 100
}

fn find_byline(page: &Page, within: &[usize]) -> Option<usize> {
    let mut stack: Vec<usize> = within.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        if page.out[id] || !matches!(page.dom.nodes[id].kind, Kind::Element { .. }) {
            continue;
        }
        if byline_like(page, id) {
            return Some(id);
        }
        let kids: Vec<usize> = page.kids(id).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// Footnote numbers in `<sup>` are markers, not words.
fn footnote_marker(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || "[]()*†‡,".contains(c))
}

/// The blocks of a subtree, in order, with their field kinds.
struct Blocks<'p, 'a> {
    page: &'p Page<'a>,
    scores: &'p HashMap<usize, f64>,
    clean: bool,
    skip: Vec<usize>,
    out: Vec<(FieldKind, Run)>,
    cur: MapBuilder,
    space: bool,
    kinds: Vec<FieldKind>,
    /// Characters of the unit being read, and of those inside links.
    unit_text: usize,
    unit_link: usize,
    in_link: usize,
    /// Characters of the unit inside `<b>`/`<strong>`.
    unit_bold: usize,
    in_bold: usize,
}

impl Blocks<'_, '_> {
    fn kind(&self) -> FieldKind {
        // A list item or quote holds its paragraphs.
        let mut k = FieldKind::Paragraph;
        for &x in &self.kinds {
            if !(matches!(
                k,
                FieldKind::ListItem | FieldKind::Quote | FieldKind::Caption
            ) && x == FieldKind::Paragraph)
            {
                k = x;
            }
        }
        k
    }

    fn flush(&mut self) {
        let b = std::mem::take(&mut self.cur);
        self.space = true;
        // A block that is nothing but a short link ("Read more") is a way
        // elsewhere, not content.
        let link_only = self.unit_text > 0 && self.unit_link == self.unit_text;
        let bold_only = self.unit_text > 0 && self.unit_bold == self.unit_text;
        self.unit_text = 0;
        self.unit_link = 0;
        self.unit_bold = 0;
        let run = repair(&Run::from_builder(b));
        if link_only && run.text.split_whitespace().count() <= 3 {
            return;
        }
        if run.text.trim().is_empty() {
            return;
        }
        let mut kind = self.kind();
        // A short bold line standing alone between breaks is an old-style
        // subheading ("<b>Bottlenecks</b><br><br>").
        if kind == FieldKind::Paragraph
            && bold_only
            && shape::words(&run.text) <= 12
            && !shape::ends_sentence(&run.text)
        {
            kind = FieldKind::Heading;
        }
        self.out.push((kind, run));
    }

    fn walk(&mut self, id: usize) {
        let page = self.page;
        if page.out[id] || self.skip.contains(&id) {
            return;
        }
        match &page.dom.nodes[id].kind {
            Kind::Text(r) => {
                super::push_text(&mut self.cur, page.run, r.clone(), &mut self.space);
                let n = page.stats[id].text;
                let blank = page
                    .dom
                    .src
                    .get(r.clone())
                    .is_some_and(|t| t.trim().is_empty());
                if !blank {
                    self.unit_text += n;
                    if self.in_link > 0 {
                        self.unit_link += n;
                    }
                    if self.in_bold > 0 {
                        self.unit_bold += n;
                    }
                }
            }
            Kind::Raw { .. } | Kind::Document => {}
            Kind::Element { name, .. } => {
                let name = name.as_str();
                if self.clean && clutter(page, id, self.scores) {
                    return;
                }
                if name == "br" || name == "hr" {
                    self.flush();
                    return;
                }
                if name == "tr" {
                    self.row(id);
                    return;
                }
                if name == "sup" && footnote_marker(&page.text_run(id).text) {
                    return;
                }
                let block = BLOCK.contains(&name);
                if block {
                    self.flush();
                    self.kinds.push(match name {
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => FieldKind::Heading,
                        "li" | "dd" => FieldKind::ListItem,
                        "blockquote" => FieldKind::Quote,
                        "figcaption" | "caption" => FieldKind::Caption,
                        _ => FieldKind::Paragraph,
                    });
                }
                let link = name == "a";
                let bold = matches!(name, "b" | "strong");
                self.in_link += usize::from(link);
                self.in_bold += usize::from(bold);
                let kids: Vec<usize> = page.kids(id).collect();
                for c in kids {
                    self.walk(c);
                }
                self.in_link -= usize::from(link);
                self.in_bold -= usize::from(bold);
                if block {
                    self.flush();
                    self.kinds.pop();
                }
            }
        }
    }

    /// A table row: one block, its cells joined by " | ".
    fn row(&mut self, id: usize) {
        self.flush();
        let cells: Vec<Run> = self
            .page
            .elements(id)
            .filter(|&c| !self.skip.contains(&c))
            .map(|c| repair(&self.page.text_run(c)))
            .filter(|r| !r.text.trim().is_empty())
            .collect();
        let refs: Vec<&Run> = cells.iter().collect();
        if !refs.is_empty() {
            self.out.push((self.kind(), Run::join(&refs, " | ")));
        }
    }
}

fn blocks(
    page: &Page,
    roots: &[usize],
    scores: &HashMap<usize, f64>,
    clean: bool,
    skip: &[usize],
) -> Vec<(FieldKind, Run)> {
    let mut b = Blocks {
        page,
        scores,
        clean,
        skip: skip.to_vec(),
        out: Vec::new(),
        cur: MapBuilder::new(),
        space: true,
        kinds: Vec::new(),
        unit_text: 0,
        unit_link: 0,
        in_link: 0,
        unit_bold: 0,
        in_bold: 0,
    };
    for &r in roots {
        b.walk(r);
        b.flush();
    }
    b.out
}

fn size(blocks: &[(FieldKind, Run)]) -> usize {
    blocks.iter().map(|(_, r)| r.text.len()).sum()
}

/// What a document says about itself, before its body.
#[derive(Default)]
struct Head {
    section: Option<Run>,
    title: Option<Run>,
    byline: Option<Run>,
    date: Option<Run>,
}

/// One document's fields: section, title, byline, date, then the body, with
/// a body heading that repeats the title taken up as the title itself and
/// a place opening the first paragraph ("ASTANA — ...") as its dateline.
fn assemble(head: Head, mut body: Vec<(FieldKind, Run)>) -> Vec<Field> {
    let Head {
        section,
        title,
        byline,
        mut date,
    } = head;
    let mut fields = Vec::new();
    if let Some(s) = section.map(|s| repair(&s)).filter(|s| !s.text.is_empty()) {
        fields.push(field(FieldKind::Section, &s));
    }
    let mut title = title.map(|t| repair(&t));
    if let Some(t) = title.clone() {
        let k = key(&t.text);
        if let Some(i) = body
            .iter()
            .take(8)
            .position(|(kind, r)| *kind == FieldKind::Heading && key(&r.text) == k)
        {
            let (_, r) = body.remove(i);
            title = Some(r);
        }
    }
    if let Some(t) = title.filter(|t| !t.text.is_empty()) {
        fields.push(field(FieldKind::Title, &t));
    }
    if let Some(b) = byline.map(|b| repair(&b)).filter(|b| !b.text.is_empty()) {
        // "By Ion Popescu" names Ion Popescu.
        let b = match shape::byline(&b.text) {
            Some(r) if !r.is_empty() => b.slice(r).trim(),
            _ => b,
        };
        fields.push(field(FieldKind::Byline, &b));
    }
    if let Some(i) = body.iter().position(|(k, _)| *k == FieldKind::Paragraph) {
        let run = &body[i].1;
        if let Some((d, resume)) = shape::dateline(&run.text) {
            date = Some(run.slice(d));
            body[i].1 = run.slice(resume..run.text.len());
        }
    }
    if let Some(d) = date.map(|d| repair(&d)).filter(|d| !d.text.is_empty()) {
        fields.push(field(FieldKind::Dateline, &d));
    }
    let mut before_text = true;
    for (kind, run) in body {
        // A caption before any paragraph is the lead image's.
        let kind = if kind == FieldKind::Caption && before_text {
            FieldKind::LeadCaption
        } else {
            kind
        };
        before_text &= !matches!(
            kind,
            FieldKind::Paragraph | FieldKind::Quote | FieldKind::ListItem
        );
        fields.push(field(kind, &run));
    }
    fields
}

/// A few words of links just above the title heading: the section the
/// story is filed under ("Defense").
fn kicker(page: &Page, heading: usize) -> Option<usize> {
    let parent = page.dom.nodes[heading].parent;
    let before: Vec<usize> = page
        .elements(parent)
        .take_while(|&c| c != heading)
        .collect();
    before.into_iter().rev().take(2).find(|&s| {
        let st = page.stats[s];
        st.text > 0 && st.text <= 40 && st.link == st.text && st.heading == 0 && {
            let t = page.text_run(s).text;
            shape::words(&t) <= 4
        }
    })
}

/// The line a byline sits in ("Posted on May 5, 2021 by Lena Sorensen"):
/// its largest short block ancestor without a heading, below `within`.
fn byline_block(page: &Page, node: usize, within: &[usize]) -> usize {
    let mut at = node;
    loop {
        let parent = page.dom.nodes[at].parent;
        if parent == 0 || within.contains(&at) || within.contains(&parent) {
            return at;
        }
        let st = page.stats[parent];
        if st.heading > 0 || st.p > 1 || st.text > 120 || page.dom.name(parent) == "body" {
            return at;
        }
        at = parent;
    }
}

/// The first `<time>` under `id` that says something.
fn time_in(page: &Page, id: usize) -> Option<usize> {
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        if page.dom.name(n) == "time" && page.stats[n].text > 0 {
            return Some(n);
        }
        let kids: Vec<usize> = page.elements(n).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// `<article>`s side by side in the content, each with a heading: an archive.
fn archive_items(page: &Page, roots: &[usize]) -> Vec<usize> {
    let mut items = Vec::new();
    let mut stack: Vec<usize> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if page.dom.name(id) == "article" {
            items.push(id);
            continue;
        }
        stack.extend(page.elements(id));
    }
    items.sort_unstable();
    let with_heading = |id: usize| first_heading(page, id).is_some();
    if items.len() >= 2 && items.iter().all(|&i| with_heading(i)) {
        items
    } else {
        Vec::new()
    }
}

fn first_heading(page: &Page, id: usize) -> Option<usize> {
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        if is_heading(page.dom.name(n)) && page.stats[n].text > 0 {
            return Some(n);
        }
        let kids: Vec<usize> = page.elements(n).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// The title heading of the content: an `<h1>` saying the title, else the
/// content's first heading.
fn title_heading(page: &Page, roots: &[usize], title: Option<&Run>) -> Option<usize> {
    let want = title.map(|t| key(&t.text)).filter(|k| !k.is_empty());
    let said = want.and_then(|k| {
        (1..page.dom.nodes.len()).find(|&i| {
            !page.out[i] && is_heading(page.dom.name(i)) && key(&page.text_run(i).text) == k
        })
    });
    said.or_else(|| roots.iter().find_map(|&r| first_heading(page, r)))
}

pub(super) fn documents(page: &Page, meta: &Meta) -> Vec<Vec<Field>> {
    let scores = score_candidates(page);
    let roots = main_content(page, &scores);
    let body = page.find("body").filter(|&b| !page.out[b]).unwrap_or(0);
    let items = archive_items(page, &roots);
    if !items.is_empty() {
        let mut docs = Vec::new();
        for item in items {
            let heading = first_heading(page, item);
            let byline = find_byline(page, &[item]);
            let line = byline.map(|b| byline_block(page, b, &[item]));
            let time = line.and_then(|l| time_in(page, l));
            let section = heading.and_then(|h| kicker(page, h));
            let skip: Vec<usize> = heading.into_iter().chain(line).chain(section).collect();
            let body = blocks(page, &[item], &scores, true, &skip);
            let head = Head {
                section: section.map(|s| page.text_run(s)),
                title: heading.map(|h| page.text_run(h)),
                byline: byline.map(|b| page.text_run(b)),
                date: time.map(|t| page.text_run(t)),
            };
            let fields = assemble(head, body);
            if fields.iter().any(|f| f.kind.is_body()) {
                docs.push(fields);
            }
        }
        if !docs.is_empty() {
            return docs;
        }
    }
    let byline_node = if meta.byline.is_none() {
        find_byline(page, &[body])
    } else {
        None
    };
    let line = byline_node.map(|b| byline_block(page, b, &roots));
    let heading = title_heading(page, &roots, meta.title.as_ref());
    let section = heading.and_then(|h| kicker(page, h));
    // The visible date: beside the byline, else in the title's header.
    let time = line
        .and_then(|l| time_in(page, l))
        .or_else(|| heading.and_then(|h| time_in(page, page.dom.nodes[h].parent)));
    let skip: Vec<usize> = line.into_iter().chain(section).chain(time).collect();
    let mut got = blocks(page, &roots, &scores, true, &skip);
    if size(&got) < ENOUGH {
        // Too little: the same without cleaning, then the whole body.
        let loose = blocks(page, &roots, &scores, false, &skip);
        if size(&loose) > size(&got) {
            got = loose;
        }
        if size(&got) < ENOUGH {
            let all = blocks(page, &[body], &scores, true, &skip);
            if size(&all) > size(&got) * 2 {
                got = all;
            }
        }
        if got.is_empty() {
            got = blocks(page, &[body], &scores, false, &[]);
        }
    }
    let head = Head {
        section: section
            .map(|s| page.text_run(s))
            .or_else(|| meta.section.clone()),
        title: meta.title.clone(),
        byline: meta
            .byline
            .clone()
            .or_else(|| byline_node.map(|b| page.text_run(b))),
        date: meta.date.clone().or_else(|| time.map(|t| page.text_run(t))),
    };
    let fields = assemble(head, got);
    if fields.is_empty() {
        return Vec::new();
    }
    vec![fields]
}
