//! Units to documents and teasers, by shape and position.
//!
//! A page is read as prose runs (paragraphs) separated by clusters of short
//! lines. A cluster between prose runs is either inside an article
//! (subheadings, photo captions, list items) or a boundary between articles
//! (end chrome of one, then the header of the next: section label, title,
//! byline, date chrome, lead caption). A cluster is a boundary when it holds
//! what only boundaries hold: a byline, a date or "Published"-like line, an
//! end marker ("Continue Reading"), markup saying a title or article starts,
//! or a short label repeated elsewhere on the page (the section label).
//! Teaser lists ("Russia1 hour ago" / title / snippet...) are taken out first.

use super::repair::repair;
use super::run::Run;
use super::shape::{self, Chrome};
use super::unit::{Hint, Unit};
use super::{Field, FieldKind};
use std::collections::HashMap;

pub(crate) struct RawTeaser {
    pub section: Option<String>,
    pub age: Option<String>,
    pub title: String,
    pub snippet: Option<String>,
}

#[derive(Default)]
pub(crate) struct Segmented {
    pub docs: Vec<Vec<Field>>,
    pub teasers: Vec<RawTeaser>,
}

/// A unit with its shape measured once.
pub(crate) struct U {
    run: Run,
    hint: Hint,
    starts_doc: bool,
    prose: bool,
    chrome: Option<Chrome>,
    byline: Option<std::ops::Range<usize>>,
    attribution: bool,
    junk: bool,
    repeated: bool,
    /// A dateline on a line of its own ("LISBON 1996-12-05").
    place_date: bool,
    /// Words, counted up to 41 (see `shape::words`).
    words: usize,
    /// The section and age ranges, when the unit reads as a teaser header.
    teaser: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

impl U {
    fn text(&self) -> &str {
        &self.run.text
    }
    fn words(&self) -> usize {
        self.words
    }
    /// Measure again what depends on the text, after a join.
    fn with_run(self, run: Run) -> U {
        let t = run.text.as_str();
        U {
            words: shape::words(t),
            teaser: shape::teaser_header(t),
            run,
            ..self
        }
    }
    /// Only boundaries between articles hold these.
    fn marks_boundary(&self) -> bool {
        self.starts_doc
            || self.hint == Hint::Title
            || self.byline.is_some()
            || self.place_date
            || matches!(self.chrome, Some(Chrome::End | Chrome::Meta))
    }
}

fn field(kind: FieldKind, run: &Run) -> Field {
    Field {
        kind,
        text: run.text.clone(),
        span: run.span(),
        map: run.map.clone(),
    }
}

/// A title field for a run found outside the units (an HTML `<title>`).
pub(crate) fn title_field(run: &Run) -> Field {
    field(FieldKind::Title, run)
}

/// The page as plain paragraphs (at blank lines), repaired: for text that
/// segmentation read as nothing but chrome, which a reader still wants.
pub(crate) fn plain_fields(page: &Run) -> Vec<Field> {
    let text = page.text.as_str();
    let mut fields = Vec::new();
    let mut start = 0;
    let mut push = |range: std::ops::Range<usize>| {
        let run = repair(&page.slice(range).trim());
        if !run.text.trim().is_empty() {
            fields.push(field(FieldKind::Paragraph, &run));
        }
    };
    let mut rest = text;
    while let Some(at) = rest.find("\n\n") {
        let end = text.len() - rest.len() + at;
        push(start..end);
        start = end + 2;
        rest = &text[start..];
    }
    push(start..text.len());
    fields
}

/// A unit repaired and measured, or `None` when nothing is left of it.
/// Units are measured one by one (a long page in slices); the rest of
/// segmentation needs them all.
pub(crate) fn measure(u: Unit) -> Option<U> {
    if matches!(u.hint, Hint::Table | Hint::Code) {
        // A table or code is body, whatever its shape, and stays as written.
        let words = shape::words(&u.run.text);
        return (!u.run.text.trim().is_empty()).then_some(U {
            prose: true,
            chrome: None,
            byline: None,
            attribution: false,
            junk: false,
            repeated: false,
            place_date: false,
            words,
            teaser: None,
            hint: u.hint,
            starts_doc: u.starts_doc,
            run: u.run,
        });
    }
    let run = repair(&u.run);
    if run.text.is_empty() {
        return None;
    }
    let t = run.text.as_str();
    let structured_body = matches!(u.hint, Hint::Paragraph | Hint::Quote | Hint::ListItem);
    let prose = match u.hint {
        Hint::None => shape::is_prose(t),
        Hint::Paragraph | Hint::Quote => shape::is_prose(t) || shape::words(t) >= 8,
        _ => false,
    };
    let chrome = if shape::is_notice(t) {
        Some(Chrome::Page)
    } else if prose && !structured_body || u.hint == Hint::Title {
        None
    } else {
        shape::chrome(t)
    };
    let place_date = !prose && shape::place_date(t);
    Some(U {
        prose: prose && chrome.is_none(),
        chrome,
        byline: if u.hint == Hint::Byline {
            shape::byline(t).or(Some(0..t.len()))
        } else if prose || u.hint == Hint::Title {
            None
        } else {
            shape::byline(t)
        },
        attribution: shape::is_attribution(t),
        junk: shape::is_junk(t) && u.hint != Hint::Title,
        repeated: false,
        place_date,
        words: shape::words(t),
        teaser: shape::teaser_header(t),
        hint: u.hint,
        starts_doc: u.starts_doc,
        run,
    })
}

/// Segment units measured with [`measure`], in page order.
pub(crate) fn segment_measured(mut us: Vec<U>) -> Segmented {
    us = join_dropcaps(us);
    mark_repeats(&mut us);

    let mut out = Segmented::default();
    let consumed = take_teasers(&us, &mut out.teasers);
    let kept: Vec<&U> = us
        .iter()
        .zip(consumed)
        .filter(|(_, c)| !c)
        .map(|(u, _)| u)
        .collect();
    build_docs(&kept, &mut out.docs);
    keep_the_rest(&kept, &mut out.docs);
    out.docs.retain(|d| !d.is_empty());
    out
}

/// The guarantee behind the rules above: a unit that is neither chrome by
/// what it is nor in a teaser ends up in a document. Whatever the shape
/// rules left out goes back where it stood in the page: into the document
/// it falls within (or the next one, when it stands before its first
/// field), after the body field before it.
fn keep_the_rest(us: &[&U], docs: &mut Vec<Vec<Field>>) {
    let mut spans: Vec<(usize, usize)> = docs
        .iter()
        .flat_map(|d| d.iter().map(|f| (f.span.start, f.span.end)))
        .collect();
    spans.sort_unstable();
    let covered = |s: crate::span::Span| {
        // Any field overlapping the unit holds it (fields are slices of units).
        let k = spans.partition_point(|&(a, _)| a < s.end.max(s.start + 1));
        spans
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take(64)
            .any(|&(a, b)| b > s.start && a < s.end.max(s.start + 1) || a == s.start)
    };
    let lost: Vec<&U> = us
        .iter()
        .copied()
        .filter(|u| !is_dropped(u) && !covered(u.run.span()))
        .collect();
    if lost.is_empty() {
        return;
    }
    if docs.is_empty() {
        docs.push(Vec::new());
    }
    // The last document (in page order) starting at or before a position:
    // documents sorted by their first byte, with the running highest index.
    let mut starts: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.iter().map(|f| f.span.start).min().map(|s| (s, i)))
        .collect();
    starts.sort_unstable();
    let mut best = 0;
    let running: Vec<usize> = starts
        .iter()
        .map(|&(_, i)| {
            best = best.max(i);
            best
        })
        .collect();
    let doc_of = |at: usize| {
        let k = starts.partition_point(|&(s, _)| s <= at);
        k.checked_sub(1)
            .and_then(|k| running.get(k))
            .copied()
            .unwrap_or(0)
    };
    // Each document's new fields with the place each goes in its old list.
    let mut adds: Vec<Vec<(usize, Field)>> = (0..docs.len()).map(|_| Vec::new()).collect();
    for u in lost {
        let at = u.run.span().start;
        let d = doc_of(at);
        let (Some(doc), Some(add)) = (docs.get(d), adds.get_mut(d)) else {
            continue;
        };
        let mut tmp = Doc::default();
        if u.byline.is_some() {
            // A second byline the document's fuller one replaced ("By
            // FPRI"): a credit, kept whole.
            tmp.fields.push(field(FieldKind::Attribution, &u.run));
        } else {
            body_short(&mut tmp, u);
        }
        if tmp.fields.is_empty() {
            tmp.fields.push(field(FieldKind::Paragraph, &u.run));
        }
        // After the last body field that starts before it; else first in the body.
        let pos = doc
            .iter()
            .rposition(|f| f.kind.is_body() && f.span.start <= at)
            .map(|p| p + 1)
            .unwrap_or_else(|| doc.iter().take_while(|f| !f.kind.is_body()).count());
        for f in tmp.fields {
            let f = if f.kind.is_body() {
                f
            } else {
                Field {
                    kind: FieldKind::Paragraph,
                    ..f
                }
            };
            add.push((pos, f));
        }
    }
    for (doc, mut add) in docs.iter_mut().zip(adds) {
        if add.is_empty() {
            continue;
        }
        // Stable: lost units keep their page order at one place.
        add.sort_by_key(|(pos, _)| *pos);
        let old = std::mem::take(doc);
        let mut add = add.into_iter().peekable();
        for (k, f) in old.into_iter().enumerate() {
            while let Some((_, a)) = add.next_if(|(pos, _)| *pos <= k) {
                doc.push(a);
            }
            doc.push(f);
        }
        doc.extend(add.map(|(_, a)| a));
    }
}

/// A lone capital letter followed by a unit starting in lowercase is a drop
/// cap the scrape split from its word ("T" / "he relationship"); a lone
/// label ("Source:") belongs to the short line after it.
fn join_dropcaps(us: Vec<U>) -> Vec<U> {
    let mut out: Vec<U> = Vec::with_capacity(us.len());
    for u in us {
        if let Some(prev) = out.last_mut() {
            let label = prev.hint == Hint::None
                && prev.words() <= 2
                && prev.text().ends_with(':')
                && prev.chrome.is_none();
            if label && u.hint == Hint::None && !u.prose && u.chrome.is_none() {
                let run = Run::join(&[&prev.run, &u.run], " ");
                let t = run.text.as_str();
                let (attribution, byline) = (shape::is_attribution(t), shape::byline(t));
                *prev = U {
                    attribution,
                    byline,
                    ..u
                }
                .with_run(run);
                continue;
            }
            let mut pc = prev.text().chars();
            let lone_cap = matches!((pc.next(), pc.next()), (Some(c), None) if c.is_uppercase());
            if lone_cap && u.text().chars().next().is_some_and(|c| c.is_lowercase()) {
                let run = Run::join(&[&prev.run, &u.run], "");
                *prev = u.with_run(run);
                prev.junk = false;
                continue;
            }
        }
        out.push(u);
    }
    out
}

/// Short lines seen more than once on the page (section labels, chrome).
fn mark_repeats(us: &mut [U]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for u in us.iter().filter(|u| !u.prose && u.words() <= 5) {
        *counts.entry(shape::norm(u.text())).or_default() += 1;
    }
    // A teaser header "Intelligence1 day ago" repeats its section label too.
    for u in us.iter() {
        if let Some((sec, _)) = u.teaser.clone() {
            if let Some(s) = u.text().get(sec) {
                if let Some(n) = counts.get_mut(&shape::norm(s)) {
                    *n += 1;
                }
            }
        }
    }
    for u in us.iter_mut() {
        if !u.prose && u.words() <= 5 {
            u.repeated = counts.get(&shape::norm(u.text())).is_some_and(|&n| n >= 2);
        }
    }
}

/// Find teaser items; returns which units they used up.
fn take_teasers(us: &[U], teasers: &mut Vec<RawTeaser>) -> Vec<bool> {
    let mut used = vec![false; us.len()];
    // "Updated 3 hours ago" under a title is a date, not a teaser; a bare
    // age starts a teaser only in a list of them.
    let headers = us.iter().filter(|u| u.teaser.is_some()).count();
    let real = |u: &U, sec: &std::ops::Range<usize>| {
        let s = u.text().get(sec.clone()).unwrap_or("");
        if shape::is_meta_word(s) {
            s.trim().is_empty() && headers >= 2
        } else {
            true
        }
    };
    let mut last_end: Option<usize> = None;
    let mut i = 0;
    while i < us.len() {
        let Some(u) = us.get(i) else { break };
        let header = if u.prose
            || matches!(u.hint, Hint::Title | Hint::Heading | Hint::Paragraph) && u.words() > 8
        {
            None
        } else {
            u.teaser.clone()
        };
        let Some((sec, age)) = header.filter(|(sec, _)| real(u, sec)) else {
            i += 1;
            continue;
        };
        let is_header = |k: usize| us.get(k).is_some_and(|x| x.teaser.is_some());
        // Skip junk between the header and the title ("people art").
        let mut j = i + 1;
        while us.get(j).is_some_and(|x| x.junk) {
            j += 1;
        }
        let Some(title) = us.get(j).filter(|t| {
            !t.prose && t.words() <= 30 && !is_header(j) && t.chrome.is_none() && t.byline.is_none()
        }) else {
            i += 1;
            continue;
        };
        let mut end = j;
        let snippet = us.get(j + 1).filter(|s| {
            !is_header(j + 1)
                && s.chrome.is_none()
                && (s.prose || s.text().ends_with("...") || s.text().ends_with('…'))
        });
        if snippet.is_some() {
            end = j + 1;
        }
        // Junk between two teasers of the same list belongs to the list.
        if let Some(prev_end) = last_end {
            if (prev_end + 1..i).all(|k| {
                us.get(k)
                    .is_some_and(|x| !x.prose && (x.junk || x.chrome.is_some()))
            }) {
                for k in prev_end + 1..i {
                    if let Some(f) = used.get_mut(k) {
                        *f = true;
                    }
                }
            }
        }
        for k in i..=end {
            if let Some(f) = used.get_mut(k) {
                *f = true;
            }
        }
        let section = u.text().get(sec).map(str::trim).filter(|s| !s.is_empty());
        teasers.push(RawTeaser {
            section: section.map(str::to_string),
            age: u.text().get(age).map(str::to_string),
            title: title.text().to_string(),
            snippet: snippet.map(|s| s.text().to_string()),
        });
        last_end = Some(end);
        i = end + 1;
    }
    used
}

/// The document being built.
#[derive(Default)]
struct Doc {
    fields: Vec<Field>,
    has_byline: bool,
    has_body: bool,
    has_paragraph: bool,
}

impl Doc {
    fn push(&mut self, kind: FieldKind, run: &Run) {
        if kind.is_body() {
            // The first paragraph may open with a dateline, even after
            // short lines kept from the header (a kicker, a site label).
            if !self.has_paragraph && kind == FieldKind::Paragraph {
                self.has_paragraph = true;
                self.has_body = true;
                if let Some((d, resume)) = shape::dateline(&run.text) {
                    self.fields.push(field(FieldKind::Dateline, &run.slice(d)));
                    self.fields
                        .push(field(kind, &run.slice(resume..run.text.len())));
                    return;
                }
            }
            self.has_body = true;
        }
        self.fields.push(field(kind, run));
    }

    fn has_title(&self) -> bool {
        self.fields.iter().any(|f| f.kind == FieldKind::Title)
    }

    /// Take a title-less header's fields into this article.
    fn absorb(&mut self, other: Doc) {
        let has = |d: &Doc, k: FieldKind| d.fields.iter().any(|f| f.kind == k);
        for f in other.fields {
            match f.kind {
                FieldKind::Byline if self.has_byline => {}
                FieldKind::Byline => {
                    self.has_byline = true;
                    self.fields.push(f);
                }
                FieldKind::Section if has(self, FieldKind::Section) => {}
                FieldKind::LeadCaption if has(self, FieldKind::LeadCaption) => {
                    self.fields.push(Field {
                        kind: FieldKind::Caption,
                        ..f
                    });
                }
                _ => self.fields.push(f),
            }
        }
    }

    /// Set the byline; a later, fuller one ("Authors: A and B" after "By
    /// A") replaces it.
    fn byline(&mut self, u: &U) {
        let Some(r) = u.byline.clone() else { return };
        // "Posted on 2 August 2020 by Tom Harper": the date is kept too.
        let before = u.text().get(..r.start).unwrap_or("");
        let date = before
            .trim_end()
            .trim_end_matches(':')
            .trim_end()
            .strip_suffix("by")
            .or_else(|| before.trim_end().strip_suffix("By"))
            .map(str::trim_end);
        if let Some(d) = date.filter(|d| d.chars().any(|c| c.is_ascii_digit())) {
            self.fields
                .push(field(FieldKind::Date, &u.run.slice(0..d.len())));
        }
        let run = u.run.slice(r).trim();
        if run.text.is_empty() {
            return;
        }
        if self.has_byline {
            if let Some(f) = self.fields.iter_mut().find(|f| f.kind == FieldKind::Byline) {
                // A source acronym ("By FPRI") yields to a person's name.
                let acronym = !f.text.contains(' ') && !f.text.chars().any(char::is_lowercase);
                let fuller = run.text.len() > f.text.len() && run.text.contains(f.text.as_str());
                if fuller || acronym && run.text.contains(' ') {
                    *f = field(FieldKind::Byline, &run);
                }
            }
            return;
        }
        self.has_byline = true;
        self.fields.push(field(FieldKind::Byline, &run));
    }
}

fn build_docs(us: &[&U], docs: &mut Vec<Vec<Field>>) {
    if !us.iter().any(|u| u.prose) {
        docs.push(no_prose(us));
        return;
    }
    let mut doc = Doc::default();
    let mut i = 0;
    let mut seen_prose = false;
    // After an article's end marker with no new title: site text (footer,
    // cookie notice) until the next titled header.
    let mut skipping = false;
    while i < us.len() {
        let Some(u) = us.get(i) else { break };
        if u.prose {
            if u.starts_doc && seen_prose {
                docs.push(std::mem::take(&mut doc).fields);
                skipping = false;
            }
            if !skipping {
                seen_prose = true;
                body_prose(&mut doc, u);
            }
            i += 1;
            continue;
        }
        let start = i;
        while us.get(i).is_some_and(|x| !x.prose) {
            i += 1;
        }
        let cluster = us.get(start..i).unwrap_or(&[]);
        let next_starts = us.get(i).is_some_and(|x| x.starts_doc);
        if !seen_prose {
            header(&mut doc, cluster);
        } else if skipping {
            let mut next = Doc::default();
            header(&mut next, cluster);
            if i < us.len() && (next_starts || next.has_title()) {
                docs.push(std::mem::take(&mut doc).fields);
                doc = next;
                skipping = false;
            }
        } else if i >= us.len() {
            trailer(&mut doc, cluster);
        } else if next_starts || is_boundary(cluster) {
            let had_end = cluster.iter().any(|u| u.chrome == Some(Chrome::End));
            let rest = trailer(&mut doc, cluster);
            let mut next = Doc::default();
            header(&mut next, rest);
            if next_starts || next.has_title() {
                docs.push(std::mem::take(&mut doc).fields);
                doc = next;
            } else if had_end {
                skipping = true;
            } else {
                // No title, no new article: a byline or caption under a
                // standfirst paragraph of the same one.
                doc.absorb(next);
            }
        } else {
            for u in cluster {
                body_short(&mut doc, u);
            }
        }
    }
    docs.push(doc.fields);
}

fn is_boundary(cluster: &[&U]) -> bool {
    // A repeated label over another line is a section label over a title;
    // a repeated line right before prose is a subheading ("Conclusion").
    let over_a_line = cluster.len().saturating_sub(1);
    cluster.iter().any(|u| u.marks_boundary())
        || cluster
            .get(..over_a_line)
            .unwrap_or(&[])
            .iter()
            .any(|u| u.repeated && u.hint != Hint::ListItem && shape::label_like(u.text()))
}

fn body_prose(doc: &mut Doc, u: &U) {
    let kind = match u.hint {
        Hint::Table => FieldKind::Table,
        Hint::Code => FieldKind::Code,
        Hint::ListItem => FieldKind::ListItem,
        Hint::Quote => FieldKind::Quote,
        _ if u.attribution => FieldKind::Attribution,
        _ if shape::is_quoted(u.text()) => FieldKind::Quote,
        _ => FieldKind::Paragraph,
    };
    doc.push(kind, &u.run);
}

/// A short unit inside an article.
fn body_short(doc: &mut Doc, u: &U) {
    if u.byline.is_some() {
        doc.byline(u);
        return;
    }
    let t = u.text();
    let kind = match u.hint {
        Hint::ListItem => FieldKind::ListItem,
        Hint::Quote => FieldKind::Quote,
        Hint::Caption => FieldKind::Caption,
        _ if u.attribution => FieldKind::Attribution,
        _ if is_dropped(u) => return,
        // A date inside a body ("Sunrise 06:41" is a table row, not this).
        _ if u.place_date || u.chrome.is_some() => FieldKind::Paragraph,
        Hint::Heading | Hint::Title | Hint::Section => FieldKind::Heading,
        // A short <p> without a sentence end is a bold subheading or a caption by shape.
        Hint::Paragraph if shape::ends_sentence(t) => FieldKind::Paragraph,
        // "Q: How late?", "Distance: 4 miles", "1955: joins the Institute":
        // a turn of a transcript or a label and its value, not a heading.
        _ if shape::labelled(t) && !shape::captionish(t) => FieldKind::Paragraph,
        // A short sentence in plain text ("Lovely walk, we did it on Sunday.").
        Hint::None if t.ends_with(['.', '!']) && u.words() >= 4 && !shape::captionish(t) => {
            FieldKind::Paragraph
        }
        _ if shape::caption_not_heading(t) => FieldKind::Caption,
        _ if t.ends_with(['.', '!']) => FieldKind::Paragraph,
        _ => FieldKind::Heading,
    };
    doc.push(kind, &u.run);
}

/// The end of an article: its last list items and attributions, then
/// chrome. Returns what is left for the next article's header.
fn trailer<'a, 'b>(doc: &mut Doc, cluster: &'a [&'b U]) -> &'a [&'b U] {
    let mut i = 0;
    // Body items that may close an article; a line over a list is its heading ("Notes").
    while let Some(u) = cluster.get(i) {
        let heads_list = role(u) == Role::Candidate
            && cluster.get(i + 1).is_some_and(|n| n.hint == Hint::ListItem);
        let kind = match u.hint {
            Hint::ListItem => FieldKind::ListItem,
            Hint::Quote => FieldKind::Quote,
            Hint::Caption => FieldKind::Caption,
            _ if u.attribution => FieldKind::Attribution,
            _ if heads_list => FieldKind::Heading,
            _ => break,
        };
        doc.push(kind, &u.run);
        i += 1;
    }
    // Up to the last end marker before the next header's first line,
    // everything is this article's tail.
    let first_cand = (i..cluster.len())
        .find(|&k| {
            cluster.get(k).is_some_and(|u| {
                !matches!(
                    role(u),
                    Role::Meta | Role::Drop | Role::Byline | Role::Dateline
                )
            })
        })
        .unwrap_or(cluster.len());
    let last_end = cluster
        .get(..first_cand)
        .unwrap_or(&[])
        .iter()
        .rposition(|u| u.chrome == Some(Chrome::End))
        .map_or(0, |p| p + 1);
    // Lines, then end chrome, then the next header ("... -- London
    // Newsroom / Share / Print / Markets / Headline / TOKYO 1996-12-06"):
    // the lines before the last end marker ahead of the next header's
    // date are this article's.
    let first_meta = (i..cluster.len())
        .find(|&k| {
            cluster
                .get(k)
                .is_some_and(|u| matches!(role(u), Role::Meta | Role::Byline | Role::Dateline))
        })
        .unwrap_or(cluster.len());
    let end_before_meta = cluster
        .get(..first_meta)
        .unwrap_or(&[])
        .iter()
        .rposition(|u| u.chrome == Some(Chrome::End))
        .map(|p| p + 1)
        .filter(|&e| {
            (e..first_meta).any(|k| cluster.get(k).is_some_and(|u| role(u) == Role::Candidate))
        });
    // Without an end marker, a wire header is the last line or two before
    // its dateline ("Sport / CRICKET - SCOREBOARD. / ADELAIDE 1996-12-06"):
    // the lines before them close this article.
    let wire_head = cluster
        .get(first_meta)
        .filter(|u| u.place_date)
        .and_then(|_| {
            let cands: Vec<usize> = (i..first_meta)
                .filter(|&k| cluster.get(k).is_some_and(|u| role(u) == Role::Candidate))
                .collect();
            let title = *cands.last()?;
            let label = cands
                .len()
                .checked_sub(2)
                .and_then(|p| cands.get(p))
                .copied()
                .filter(|&k| k + 1 == title)
                .filter(|&k| cluster.get(k).is_some_and(|u| shape::label_like(u.text())));
            Some(label.unwrap_or(title))
        })
        .unwrap_or(0);
    let stop = end_before_meta
        .unwrap_or(last_end)
        .max(last_end)
        .max(wire_head)
        .max(i);
    for u in cluster.get(i..stop).unwrap_or(&[]) {
        if u.attribution {
            doc.push(FieldKind::Attribution, &u.run);
        } else if u.byline.is_some() {
            doc.byline(u);
        } else if role(u) == Role::Candidate {
            body_short(doc, u);
        }
    }
    cluster.get(stop..).unwrap_or(&[])
}

/// Whether a unit is left out of every document: chrome by what it is
/// (not a date, which is content) or image alt-text junk.
fn is_dropped(u: &U) -> bool {
    !matches!(u.hint, Hint::Table | Hint::Code)
        && (u.junk || !u.place_date && shape::is_real_chrome(u.text(), u.chrome))
}

/// What a header line is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Section,
    Byline,
    /// A date or dateline: meta for finding the title, kept as a field.
    Dateline,
    Meta,
    Drop,
    Caption,
    Candidate,
}

fn role(u: &U) -> Role {
    match u.hint {
        Hint::Title => return Role::Title,
        Hint::Section => return Role::Section,
        Hint::Caption => return Role::Caption,
        _ => {}
    }
    if u.byline.is_some() {
        Role::Byline
    } else if u.place_date || u.chrome == Some(Chrome::Meta) && !is_dropped(u) {
        Role::Dateline
    } else if matches!(u.chrome, Some(Chrome::Meta)) {
        Role::Meta
    } else if u.chrome.is_some() || u.junk || u.attribution {
        Role::Drop
    } else {
        Role::Candidate
    }
}

/// The lines before an article's first paragraph: pick section label,
/// title, byline and lead caption; drop the rest as chrome.
fn header(doc: &mut Doc, cluster: &[&U]) {
    let mut roles: Vec<Role> = cluster.iter().map(|u| role(u)).collect();
    // "By" on a line of its own, the name on the next.
    let mut split_byline: Option<usize> = None;
    for k in 1..roles.len() {
        let lone_by = cluster
            .get(k - 1)
            .is_some_and(|u| shape::norm(u.text()) == "by");
        if lone_by && roles.get(k) == Some(&Role::Candidate) && split_byline.is_none() {
            let name = cluster.get(k).map_or("", |u| u.text());
            if shape::byline(&format!("By {name}")).is_some() {
                split_byline = Some(k);
                if let Some(r) = roles.get_mut(k) {
                    *r = Role::Byline;
                }
            }
        }
    }
    let at = |k: usize| cluster.get(k).copied();
    let cands: Vec<usize> = (0..roles.len())
        .filter(|&k| roles.get(k) == Some(&Role::Candidate))
        .collect();
    let mut title: Option<usize> = roles.iter().position(|r| *r == Role::Title);
    let mut section: Option<usize> = roles.iter().position(|r| *r == Role::Section);
    let mut caption: Option<usize> = roles.iter().position(|r| *r == Role::Caption);
    let mut dek: Option<usize> = None;
    let label = |k: usize| at(k).is_some_and(|u| shape::label_like(u.text()));
    if let Some(t) = title {
        if section.is_none() {
            section = cands
                .iter()
                .rev()
                .find(|&&k| k < t)
                .copied()
                .filter(|&k| label(k));
        }
        if caption.is_none() {
            caption = cands.iter().find(|&&k| k > t).copied();
        }
    } else {
        let first_meta = (0..roles.len()).find(|&m| {
            matches!(
                roles.get(m),
                Some(Role::Meta | Role::Byline | Role::Dateline)
            ) && cands.first().is_some_and(|&c| c < m)
        });
        // "Tagline / Posted on ... / Headline / Posted 3 hours ago": a
        // headline-cased line between two meta lines is the title; the
        // lines before the first meta were the site's.
        let second = first_meta.and_then(|m| {
            let b = cands.iter().copied().find(|&k| k > m)?;
            let meta_after = (b..roles.len()).any(|k| {
                matches!(
                    roles.get(k),
                    Some(Role::Meta | Role::Byline | Role::Dateline)
                )
            });
            let u = at(b)?;
            let headline = shape::title_case(u.text())
                && !shape::label_like(u.text())
                && !shape::captionish(u.text());
            (meta_after && headline && matches!(roles.get(m), Some(Role::Meta | Role::Dateline)))
                .then_some(b + 1)
        });
        if let Some(m) = second.or(first_meta) {
            let before: Vec<usize> = cands.iter().copied().filter(|&k| k < m).collect();
            title = before.last().copied();
            if section.is_none() {
                // Only a label right over the title (chrome between is fine).
                section = before.iter().rev().nth(1).copied().filter(|&k| {
                    label(k)
                        && title
                            .is_some_and(|t| (k + 1..t).all(|j| roles.get(j) == Some(&Role::Drop)))
                });
            }
            // "Title / Section / Published": a page-wide label read last.
            let prev = before.iter().rev().nth(1).copied();
            let repeated_label = |k: Option<usize>| {
                k.and_then(at)
                    .is_some_and(|u| u.repeated && shape::label_like(u.text()))
            };
            if repeated_label(title) && prev.is_some() && !repeated_label(prev) {
                section = title;
                title = prev;
            }
            // "Headline In Title Case / a longer sentence-case standfirst":
            // the standfirst is not the title; it leads the body.
            if let (Some(t), Some(p)) = (title.and_then(at), prev.and_then(at)) {
                let (tt, pt) = (t.text(), p.text());
                if !shape::label_like(pt)
                    && shape::title_case(pt)
                    && !shape::title_case(tt)
                    && t.words() > p.words()
                {
                    dek = title;
                    title = prev;
                    section = before.iter().rev().nth(2).copied().filter(|&k| label(k));
                }
            }
            if caption.is_none() {
                caption = cands.iter().copied().find(|&k| k > m);
            }
            caption = caption.filter(|&k| {
                at(k).is_some_and(|u| u.hint == Hint::Caption || shape::lead_caption_like(u.text()))
            });
        } else if roles
            .iter()
            .position(|r| matches!(r, Role::Meta | Role::Byline | Role::Dateline))
            .zip(cands.first())
            .is_some_and(|(m, &c)| m < c)
        {
            // Byline or date first, then lines: no title here, a caption.
            caption = caption.or(cands.first().copied());
            caption = caption.filter(|&k| {
                at(k).is_some_and(|u| u.hint == Hint::Caption || shape::lead_caption_like(u.text()))
            });
        } else {
            match cands.as_slice() {
                [] => {}
                // "Jane said:" over a comment introduces; it is no title.
                [only] if at(*only).is_some_and(|u| !u.text().ends_with(':')) => {
                    title = Some(*only)
                }
                [_] => {}
                [.., x, y] => {
                    let (x, y) = (*x, *y);
                    let (tx, ty) = match (at(x), at(y)) {
                        (Some(a), Some(b)) => (a, b),
                        _ => return,
                    };
                    // A credit under a title, else a label over a title
                    // (kicker, section, source), else a title and caption.
                    if shape::captionish(ty.text()) {
                        title = Some(x);
                        caption = caption.or(Some(y));
                        if section.is_none() {
                            section = cands.iter().rev().nth(2).copied().filter(|&k| label(k));
                        }
                    } else if shape::label_like(tx.text()) {
                        section = section.or(Some(x));
                        title = Some(y);
                    } else {
                        title = Some(x);
                        caption = caption.or(Some(y));
                    }
                }
            }
        }
    }
    let mut push = |k: Option<usize>, kind: FieldKind| {
        if let Some(u) = k.and_then(at) {
            doc.fields.push(field(kind, &u.run));
        }
    };
    // A section label that only repeats the title (a breadcrumb) is none.
    let same = |a: Option<usize>, b: Option<usize>| match (a.and_then(at), b.and_then(at)) {
        (Some(x), Some(y)) => shape::norm(x.text()) == shape::norm(y.text()),
        _ => false,
    };
    if same(section, title) {
        section = None;
    }
    push(section, FieldKind::Section);
    push(title, FieldKind::Title);
    if let Some(u) = split_byline.and_then(at) {
        let run = u.run.clone();
        if !doc.has_byline {
            doc.has_byline = true;
            doc.fields.push(field(FieldKind::Byline, &run));
        }
    }
    for u in cluster.iter().filter(|u| u.byline.is_some()) {
        doc.byline(u);
    }
    let mut push = |k: Option<usize>, kind: FieldKind| {
        if let Some(u) = k.and_then(at) {
            doc.fields.push(field(kind, &u.run));
        }
    };
    push(caption, FieldKind::LeadCaption);
    for (k, u) in cluster.iter().enumerate() {
        if roles.get(k) == Some(&Role::Dateline) {
            let kind = if u.place_date {
                FieldKind::Dateline
            } else {
                FieldKind::Date
            };
            doc.fields.push(field(kind, &u.run));
        }
    }
    if let Some(u) = dek.and_then(at) {
        doc.push(FieldKind::Paragraph, &u.run);
    }
    // Every other line of a header that is not chrome is the article's:
    // markup says what it is, else its shape (a line before the title
    // too: a kicker, a site label).
    for (k, u) in cluster.iter().enumerate() {
        let taken = [title, caption, section, dek, split_byline].contains(&Some(k))
            || u.byline.is_some()
            || roles.get(k) == Some(&Role::Dateline);
        if taken || is_dropped(u) {
            continue;
        }
        body_short(doc, u);
    }
}

/// A page of short lines only: one document, its first line the title if
/// it looks like one, the rest paragraphs.
fn no_prose(us: &[&U]) -> Vec<Field> {
    let mut doc = Doc::default();
    let mut rest = us;
    if let [first, tail @ ..] = us {
        if !tail.is_empty() && role(first) == Role::Candidate && !shape::ends_sentence(first.text())
            || first.hint == Hint::Title
        {
            doc.fields.push(field(FieldKind::Title, &first.run));
            rest = tail;
        }
    }
    for u in rest {
        if u.byline.is_some() {
            doc.byline(u);
        } else if u.chrome.is_none() && !u.junk {
            // Short lines only (a list of links, verse): markup decides,
            // else they are plain paragraphs.
            match u.hint {
                Hint::None | Hint::Paragraph => doc.push(FieldKind::Paragraph, &u.run),
                _ => body_short(&mut doc, u),
            }
        }
    }
    doc.fields
}
