//! `dossier bench readability PAGES OUT`: how well saved HTML is read, on
//! Mozilla Readability's test pages, beside the peers whose output
//! `scripts/bench-readability.sh` wrote into OUT (one folder per peer, one
//! `<page>.json` per page: text, title, byline, seconds). OUT/gold holds
//! the text of each page's expected.html and its expected metadata.
//!
//! Content is scored as a bag of words (lower-cased alphanumeric tokens):
//! precision, recall and F1 per page, averaged over pages. Titles match
//! when equal after collapsing whitespace; bylines when equal after that,
//! lower-casing, and dropping a leading "by" and punctuation. Pages of at
//! least 10 kB are "real"; every fourth page in name order is held out of
//! tuning (`--list` never names a held-out page unless given `--held`).

use dossier::corpus::{self, FieldKind};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

const REAL_BYTES: usize = 10_000;

/// Which pages a row of the table counts.
type Keep = fn(&Page) -> bool;

#[derive(Default, Clone)]
struct Read {
    text: String,
    title: Option<String>,
    byline: Option<String>,
    seconds: f64,
}

struct Page {
    name: String,
    real: bool,
    held: bool,
    gold: Read,
    /// Each extractor's reading, in the order of `names`.
    reads: Vec<Read>,
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// (precision, recall, f1) of `got` against `gold`, as bags of words.
fn prf(got: &str, gold: &str) -> (f64, f64, f64) {
    let (g, e) = (words(got), words(gold));
    let n_got: usize = g.values().sum();
    let n_gold: usize = e.values().sum();
    let common: usize = g
        .iter()
        .map(|(w, n)| (*n).min(e.get(w).copied().unwrap_or(0)))
        .sum();
    if n_got == 0 || n_gold == 0 {
        let same = n_got == n_gold;
        return (
            f64::from(u8::from(same)),
            f64::from(u8::from(same)),
            f64::from(u8::from(same)),
        );
    }
    let p = common as f64 / n_got as f64;
    let r = common as f64 / n_gold as f64;
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn byline_key(s: &str) -> String {
    let s = squash(s).to_lowercase();
    let s = s.strip_prefix("by ").unwrap_or(&s);
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_json(path: &Path) -> Option<Read> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    Some(Read {
        text: s("text").unwrap_or_default(),
        title: s("title").filter(|t| !t.trim().is_empty()),
        byline: s("byline").filter(|t| !t.trim().is_empty()),
        seconds: v.get("seconds").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

/// Our reading: the body of every document (what a reader sees and
/// searches), the first document's title and byline.
fn ours(name: &str, bytes: &[u8]) -> Read {
    let start = Instant::now();
    let parsed = corpus::parse(&format!("{name}.html"), bytes);
    let seconds = start.elapsed().as_secs_f64();
    let mut text = String::new();
    for d in &parsed.documents {
        for f in &d.fields {
            if !matches!(
                f.kind,
                FieldKind::Title | FieldKind::Byline | FieldKind::Section | FieldKind::Dateline
            ) {
                text.push_str(&f.text);
                text.push('\n');
            }
        }
    }
    let first = parsed.documents.first();
    Read {
        text,
        title: first.and_then(|d| d.title()).map(str::to_string),
        byline: first.and_then(|d| d.byline()).map(str::to_string),
        seconds,
    }
}

#[derive(Default)]
struct Row {
    pages: usize,
    p: f64,
    r: f64,
    f: f64,
    titles: usize,
    title_hits: usize,
    bylines: usize,
    byline_hits: usize,
    empty: usize,
    seconds: f64,
}

fn row<'a>(pages: impl Iterator<Item = &'a Page>, k: usize) -> Row {
    let mut row = Row::default();
    for page in pages {
        let Some(got) = page.reads.get(k) else {
            continue;
        };
        let (p, r, f) = prf(&got.text, &page.gold.text);
        row.pages += 1;
        row.p += p;
        row.r += r;
        row.f += f;
        row.seconds += got.seconds;
        if words(&got.text).is_empty() {
            row.empty += 1;
        }
        if let Some(t) = &page.gold.title {
            row.titles += 1;
            if got.title.as_deref().map(squash) == Some(squash(t)) {
                row.title_hits += 1;
            }
        }
        if let Some(b) = &page.gold.byline {
            row.bylines += 1;
            if got.byline.as_deref().map(byline_key) == Some(byline_key(b)) {
                row.byline_hits += 1;
            }
        }
    }
    row
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "-".to_string()
    } else {
        format!("{:.3}", a as f64 / b as f64)
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (Some(pages_dir), Some(out_dir)) = (args.first(), args.get(1)) else {
        return Err(
            "bench readability needs PAGES (test/test-pages) and OUT (the script's output)".into(),
        );
    };
    let list = args.iter().any(|a| a == "--list");
    let held_too = args.iter().any(|a| a == "--held");
    let (pages_dir, out_dir) = (Path::new(pages_dir), Path::new(out_dir));
    let mut peers: Vec<String> = std::fs::read_dir(out_dir)
        .map_err(|e| format!("{}: {e}", out_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n != "gold")
        .collect();
    peers.sort();
    let mut names: Vec<String> = std::fs::read_dir(pages_dir)
        .map_err(|e| format!("{}: {e}", pages_dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Ok(bytes) = std::fs::read(pages_dir.join(name).join("source.html")) else {
            continue;
        };
        let Some(gold) = read_json(&out_dir.join("gold").join(format!("{name}.json"))) else {
            continue;
        };
        let mut reads = vec![ours(name, &bytes)];
        for p in &peers {
            reads
                .push(read_json(&out_dir.join(p).join(format!("{name}.json"))).unwrap_or_default());
        }
        pages.push(Page {
            name: name.clone(),
            real: bytes.len() >= REAL_BYTES,
            held: i % 4 == 3,
            gold,
            reads,
        });
    }
    let extractors: Vec<&str> = std::iter::once("dossier")
        .chain(peers.iter().map(String::as_str))
        .collect();
    println!(
        "{:<13} {:>5}  {:<12} {:>6} {:>6} {:>6}  {:>6} {:>6}  {:>5}  {:>8}",
        "set", "pages", "extractor", "P", "R", "F1", "title", "byline", "empty", "seconds"
    );
    let sets: [(&str, Keep); 6] = [
        ("real", |p| p.real),
        ("real tuned", |p| p.real && !p.held),
        ("real held", |p| p.real && p.held),
        ("rest", |p| !p.real),
        ("rest tuned", |p| !p.real && !p.held),
        ("rest held", |p| !p.real && p.held),
    ];
    for (set, keep) in sets {
        for (k, ex) in extractors.iter().enumerate() {
            let r = row(pages.iter().filter(|p| keep(p)), k);
            let n = r.pages.max(1) as f64;
            println!(
                "{:<13} {:>5}  {:<12} {:>6.3} {:>6.3} {:>6.3}  {:>6} {:>6}  {:>5}  {:>8.3}",
                set,
                r.pages,
                ex,
                r.p / n,
                r.r / n,
                r.f / n,
                ratio(r.title_hits, r.titles),
                ratio(r.byline_hits, r.bylines),
                r.empty,
                r.seconds
            );
        }
    }
    println!("title: exact after collapsing whitespace; byline: same words, case and a leading \"by\" aside");
    if list {
        println!(
            "\nworst pages (ours), {}:",
            if held_too { "all" } else { "tuned only" }
        );
        let mut worst: Vec<(&Page, f64)> = pages
            .iter()
            .filter(|p| held_too || !p.held)
            .map(|p| (p, prf(&p.reads[0].text, &p.gold.text).2))
            .collect();
        worst.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (p, f) in worst {
            let (pp, rr, _) = prf(&p.reads[0].text, &p.gold.text);
            let ours = &p.reads[0];
            let t_ok = p.gold.title.as_deref().map(squash) == ours.title.as_deref().map(squash);
            let b_ok =
                p.gold.byline.as_deref().map(byline_key) == ours.byline.as_deref().map(byline_key);
            println!(
                "{:<40} {} F1 {f:.3} P {pp:.3} R {rr:.3} title {} byline {}  | {:?} vs {:?} | {:?} vs {:?}",
                p.name,
                if p.real { "real" } else { "rest" },
                if t_ok { "ok" } else { "NO" },
                if b_ok { "ok" } else { "NO" },
                ours.title,
                p.gold.title,
                ours.byline,
                p.gold.byline
            );
        }
    }
    Ok(())
}
