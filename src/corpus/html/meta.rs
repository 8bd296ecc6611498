//! A page's title, byline and date from what it says about itself, in
//! Readability's order: schema.org JSON-LD, then `<meta>` (Dublin Core,
//! OpenGraph, Twitter, Parse.ly), then `<title>` cut at a site separator.
//! Each value is a run mapped to its bytes in the page.

use super::dom::{attr, Kind};
use super::json::{self, Json};
use super::{push_text, Page};
use crate::corpus::run::Run;
use crate::span::Span;
use crate::text::MapBuilder;
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Meta {
    pub title: Option<Run>,
    pub byline: Option<Run>,
    pub date: Option<Run>,
    pub section: Option<Run>,
}

/// The run of `value`, a slice of the page's text (an attribute value).
fn value_run(page: &Page, value: &str) -> Option<Run> {
    let src = page.run.text.as_str();
    let start = (value.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    if start + value.len() > src.len() {
        return None;
    }
    let mut b = MapBuilder::new();
    let mut space = true;
    push_text(&mut b, page.run, start..start + value.len(), &mut space);
    let r = Run::from_builder(b).into_trimmed();
    (!r.text.is_empty()).then_some(r)
}

/// A JSON string's run: escapes decoded, then character references.
fn json_run(page: &Page, range: std::ops::Range<usize>) -> Option<Run> {
    let text = &page.run.text;
    let s = text.get(range.clone())?;
    let mut b = MapBuilder::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = s.get(i..).and_then(|r| r.find('\\')) {
        let at = i + p;
        let Some((c, len)) = s.get(at..).and_then(json::unescape) else {
            i = at + 1;
            continue;
        };
        b.append_from(text, &page.run.map, range.start + copied..range.start + at);
        let orig = page
            .run
            .map
            .to_original(Span::new(range.start + at, range.start + at + len));
        b.replace(c.encode_utf8(&mut [0; 4]), orig);
        i = at + len;
        copied = i;
    }
    b.append_from(text, &page.run.map, range.start + copied..range.end);
    let unescaped = Run::from_builder(b);
    let mut b = MapBuilder::new();
    let mut space = true;
    push_text(&mut b, &unescaped, 0..unescaped.text.len(), &mut space);
    let r = Run::from_builder(b).into_trimmed();
    (!r.text.is_empty()).then_some(r)
}

fn article_type(t: &str) -> bool {
    t.ends_with("Article")
        || t.ends_with("Posting")
        || matches!(t, "Report" | "APIReference" | "WebPage")
}

fn is_article(v: &Json, src: &str) -> bool {
    match v.get("@type", src) {
        Some(Json::Str(r)) => src.get(r.clone()).is_some_and(article_type),
        Some(Json::Arr(items)) => items.iter().any(|t| t.str(src).is_some_and(article_type)),
        _ => false,
    }
}

/// The article object of a JSON-LD value: itself, in an array, or in `@graph`.
fn find_article<'j>(v: &'j Json, src: &str, depth: usize) -> Option<&'j Json> {
    if depth > 4 {
        return None;
    }
    match v {
        Json::Obj(_) if is_article(v, src) => Some(v),
        Json::Obj(_) => v
            .get("@graph", src)
            .and_then(|g| find_article(g, src, depth + 1)),
        Json::Arr(items) => items.iter().find_map(|i| find_article(i, src, depth + 1)),
        _ => None,
    }
}

/// Share of `b`'s words not in `a`, subtracted from one (Readability's
/// similarity, used to choose between a JSON-LD name and headline).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (ta, tb) = (words(a), words(b));
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let uniq: Vec<&String> = tb.iter().filter(|w| !ta.contains(w)).collect();
    let joined =
        |v: &[&String]| v.iter().map(|s| s.len()).sum::<usize>() + v.len().saturating_sub(1);
    let all: Vec<&String> = tb.iter().collect();
    1.0 - joined(&uniq) as f64 / joined(&all).max(1) as f64
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];

/// The `<title>` as Readability cuts it: the part before the last " | "
/// (or after the first, when that leaves under three words), the part after
/// a colon unless a heading repeats the whole, a lone `<h1>` for titles too
/// long or short; and the whole again when the cut leaves four words or fewer.
fn page_title(page: &Page, headings: &[String]) -> Option<Run> {
    let h1s: Vec<usize> = (1..page.dom.nodes.len())
        .filter(|&i| page.dom.name(i) == "h1" && !page.out[i])
        .collect();
    let lone_h1 = match h1s.as_slice() {
        [h1] => Some(page.text_run(*h1)).filter(|r| !r.text.trim().is_empty()),
        _ => None,
    };
    let Some(id) = (1..page.dom.nodes.len()).find(|&i| {
        matches!(&page.dom.nodes[i].kind, Kind::Raw { name, .. } if name == "title")
            && !in_svg(page, i)
    }) else {
        // No <title>: the page's one headline names it.
        return lone_h1;
    };
    let range = page.dom.range(id)?;
    let mut b = MapBuilder::new();
    let mut space = true;
    push_text(&mut b, page.run, range, &mut space);
    let orig = Run::from_builder(b).into_trimmed();
    let t = orig.text.as_str();
    let spaced_sep = |s: &str| -> Vec<usize> {
        // Positions of a separator with a space on each side.
        s.char_indices()
            .filter(|&(i, c)| {
                SEPARATORS.contains(&c)
                    && s.get(..i).is_some_and(|p| p.ends_with(' '))
                    && s.get(i + c.len_utf8()..)
                        .is_some_and(|r| r.starts_with(' '))
            })
            .map(|(i, _)| i)
            .collect()
    };
    let seps = spaced_sep(t);
    let mut hierarchical = false;
    let mut cur = orig.clone();
    if let Some(&last) = seps.last() {
        hierarchical = seps.iter().any(|&i| {
            t.get(i..)
                .is_some_and(|r| r.starts_with(['\\', '/', '>', '»']))
        });
        cur = orig.slice(0..last).trim();
        if word_count(&cur.text) < 3 {
            // After the first separator character anywhere.
            if let Some((i, c)) = t.char_indices().find(|(_, c)| SEPARATORS.contains(c)) {
                cur = orig.slice(i + c.len_utf8()..t.len()).trim();
            }
        }
    } else if t.contains(": ") {
        let whole = key(t);
        if !headings.iter().any(|h| key(h) == whole) {
            let last = t.rfind(':').unwrap_or(0);
            cur = orig.slice(last + 1..t.len()).trim();
            if word_count(&cur.text) < 3 {
                let first = t.find(':').unwrap_or(0);
                cur = orig.slice(first + 1..t.len()).trim();
            } else if word_count(t.get(..t.find(':').unwrap_or(0)).unwrap_or("")) > 5 {
                cur = orig.clone();
            }
        }
    } else if t.chars().count() > 150 || t.chars().count() < 15 {
        if let Some(h1) = &lone_h1 {
            cur = h1.clone();
        }
    }
    let n = word_count(&cur.text);
    // A short cut the page's one headline says in full ("Border crossing
    // reopens | Steppe Wire" over "Kyrgyz–Tajik border crossing reopens at
    // Isfara"): the headline is the title.
    if let Some(h1) = lone_h1.as_ref().filter(|h| {
        n <= 4 && !seps.is_empty() && key(&h.text).contains(&key(&cur.text)) && !cur.text.is_empty()
    }) {
        return Some(h1.clone());
    }
    let stripped: String = t.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    if n <= 4 && (!hierarchical || n + 1 != word_count(&stripped)) {
        cur = orig;
    }
    (!cur.text.is_empty()).then_some(cur)
}

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn in_svg(page: &Page, mut id: usize) -> bool {
    while id != 0 {
        id = page.dom.nodes[id].parent;
        if page.dom.name(id) == "svg" {
            return true;
        }
    }
    false
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

pub(super) fn read(page: &Page) -> Meta {
    let src = page.run.text.as_str();
    let mut values: HashMap<String, Run> = HashMap::new();
    let mut ld_title: Option<Run> = None;
    let mut ld_byline: Option<Run> = None;
    let mut ld_date: Option<Run> = None;
    let mut ld_names: Option<(Run, Run)> = None;
    let mut headings = Vec::new();
    for id in 1..page.dom.nodes.len() {
        match &page.dom.nodes[id].kind {
            Kind::Element { name, .. } if name == "meta" => {
                let attrs = page.dom.attrs(id);
                let Some(content) = attr(attrs, "content") else {
                    continue;
                };
                let keys = [
                    attr(attrs, "property"),
                    attr(attrs, "name"),
                    attr(attrs, "itemprop"),
                ];
                for k in keys.into_iter().flatten() {
                    for k in k.split_whitespace() {
                        let k = k.to_ascii_lowercase().replace('.', ":");
                        if let Some(r) = value_run(page, content) {
                            values.insert(k, r);
                        }
                    }
                }
            }
            Kind::Element { name, .. } if matches!(name.as_str(), "h1" | "h2") => {
                headings.push(page.text_run(id).text);
            }
            Kind::Raw { name, content, .. }
                if name == "script" && ld_title.is_none() && ld_byline.is_none() =>
            {
                let ty = attr(page.dom.attrs(id), "type").unwrap_or("");
                if !ty.trim().eq_ignore_ascii_case("application/ld+json") {
                    continue;
                }
                let Some(v) = json::parse(src, content.clone()) else {
                    continue;
                };
                let Some(a) = find_article(&v, src, 0) else {
                    continue;
                };
                let s = |k: &str| match a.get(k, src) {
                    Some(Json::Str(r)) => json_run(page, r.clone()),
                    _ => None,
                };
                match (s("name"), s("headline")) {
                    (Some(n), Some(h)) if n.text.trim() != h.text.trim() => ld_names = Some((n, h)),
                    (Some(n), _) => ld_title = Some(n),
                    (None, Some(h)) => ld_title = Some(h),
                    _ => {}
                }
                let name_of = |v: &Json| match v {
                    Json::Obj(_) => v.get("name", src).and_then(|n| match n {
                        Json::Str(r) => json_run(page, r.clone()),
                        _ => None,
                    }),
                    Json::Str(r) => json_run(page, r.clone()).filter(|r| !looks_like_url(&r.text)),
                    _ => None,
                };
                ld_byline = match a.get("author", src) {
                    Some(Json::Arr(items)) => {
                        let names: Vec<Run> = items.iter().filter_map(name_of).collect();
                        let refs: Vec<&Run> = names.iter().collect();
                        (!refs.is_empty()).then(|| Run::join(&refs, ", "))
                    }
                    Some(v) => name_of(v),
                    None => None,
                };
                ld_date = s("datePublished");
            }
            _ => {}
        }
    }
    let doc_title = page_title(page, &headings);
    if let Some((name, headline)) = ld_names {
        // Readability keeps the name unless only the headline is like the page title.
        let t = doc_title.as_ref().map_or("", |r| r.text.as_str());
        let name_ok = similarity(&name.text, t) > 0.75;
        let head_ok = similarity(&headline.text, t) > 0.75;
        ld_title = Some(if head_ok && !name_ok { headline } else { name });
    }
    let pick = |keys: &[&str]| keys.iter().find_map(|k| values.get(*k).cloned());
    let title = ld_title
        .or_else(|| {
            pick(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or(doc_title);
    let byline = ld_byline
        .or_else(|| pick(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
        .or_else(|| pick(&["article:author"]).filter(|r| !looks_like_url(&r.text)));
    let date = ld_date.or_else(|| {
        pick(&[
            "article:published_time",
            "parsely-pub-date",
            "datepublished",
        ])
    });
    let section = pick(&["article:section", "parsely-section"]);
    Meta {
        title,
        byline,
        date,
        section,
    }
}
