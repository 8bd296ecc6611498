//! Scoring against gold annotations: entity-level precision, recall and F1
//! per kind, mention recall, and acronym-pair precision and recall.
//!
//! Gold format (UTF-8 text, one item per line, fields separated by TABs,
//! `#` comments):
//!
//! ```text
//! ignore-after<TAB>Latest              # text from here on is out of scope (teasers)
//! person<TAB>Tahir Yuldash
//! person<TAB>Abdulaziz Yuldash<TAB>Abdulaziz|Abdulaziz Yuldash’s
//! org<TAB>Islamic Movement of Uzbekistan<TAB>IMU
//! date<TAB>November 2020
//! quantity<TAB>up to 700 people
//! acronym<TAB>IMU<TAB>Islamic Movement of Uzbekistan
//! ```
//!
//! A predicted entity matches a gold one of the same kind when its name or
//! an alias has the key of the gold name or an alias (case, accents,
//! punctuation and a leading "the" aside; quantities compare their numbers
//! and units only). Each gold entity matches at most one predicted entity,
//! so a thing split in two costs precision. Only the five main kinds are
//! scored; other kinds are kept apart and neither help nor hurt.
//!
//! What counts (the annotation guide): article text only, not chrome, labels
//! or teasers; a name inside a longer name is not an entity of its own;
//! titles are not part of a person's name; quantities are numerals with what
//! they count, money, percentages, measures and fractions, and spelled-out
//! numbers only with a qualifier, a scale word or a unit ("almost half",
//! "two percentage points", but not "two sons"); durations are not quantities.

use super::gazetteer::key;
use super::{EntityKind, EntitySet};
use crate::corpus::Corpus;
use crate::span::Span;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Debug)]
pub struct GoldEntity {
    pub kind: EntityKind,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Gold {
    pub entities: Vec<GoldEntity>,
    pub acronyms: Vec<(String, String)>,
    pub ignore_after: Option<String>,
    /// Lines that could not be read.
    pub problems: Vec<String>,
}

impl Gold {
    pub fn parse(text: &str) -> Gold {
        let mut g = Gold::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["ignore-after", marker, ..] => g.ignore_after = Some((*marker).to_string()),
                ["acronym", short, long, ..] => {
                    g.acronyms.push(((*short).to_string(), (*long).to_string()))
                }
                [kind, name, rest @ ..] => match EntityKind::parse(kind) {
                    Some(kind) => g.entities.push(GoldEntity {
                        kind,
                        name: (*name).to_string(),
                        aliases: rest
                            .iter()
                            .flat_map(|r| r.split('|'))
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .map(str::to_string)
                            .collect(),
                    }),
                    None => g
                        .problems
                        .push(format!("line {}: unknown kind {kind:?}", i + 1)),
                },
                _ => g
                    .problems
                    .push(format!("line {}: expected KIND<TAB>NAME", i + 1)),
            }
        }
        g
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub mentions_expected: usize,
    pub mentions_found: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn mention_recall(&self) -> f64 {
        ratio(self.mentions_found, self.mentions_expected)
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.mentions_expected += o.mentions_expected;
        self.mentions_found += o.mentions_found;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub per_kind: BTreeMap<EntityKind, Counts>,
    pub acronyms: Counts,
    /// "kind name" of predicted entities that match no gold entity.
    pub false_positives: Vec<String>,
    /// "kind name" of gold entities nothing matched.
    pub misses: Vec<String>,
    pub false_pairs: Vec<String>,
    pub missed_pairs: Vec<String>,
}

impl Report {
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_kind.values() {
            c.add(v);
        }
        c
    }

    pub fn kind(&self, k: EntityKind) -> Counts {
        self.per_kind.get(&k).copied().unwrap_or_default()
    }

    /// Add another page's counts (for a total over pages).
    pub fn absorb(&mut self, o: &Report) {
        for (k, v) in &o.per_kind {
            self.per_kind.entry(*k).or_default().add(v);
        }
        self.acronyms.add(&o.acronyms);
        self.false_positives
            .extend(o.false_positives.iter().cloned());
        self.misses.extend(o.misses.iter().cloned());
        self.false_pairs.extend(o.false_pairs.iter().cloned());
        self.missed_pairs.extend(o.missed_pairs.iter().cloned());
    }

    /// The per-kind table.
    pub fn table(&self, title: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "== {title}");
        let _ = writeln!(
            s,
            "{:<10} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>8}",
            "kind", "tp", "fp", "fn", "P", "R", "F1", "mentR"
        );
        let mut row = |name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{:<10} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3} {:>8.3}",
                name,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1(),
                c.mention_recall()
            );
        };
        for k in EntityKind::MAIN {
            row(k.name(), &self.kind(k));
        }
        row("overall", &self.overall());
        let a = &self.acronyms;
        let _ = writeln!(
            s,
            "acronym pairs: {} found, {} false, {} missed; P {:.3} R {:.3}",
            a.tp,
            a.fp,
            a.fn_,
            a.precision(),
            a.recall()
        );
        s
    }

    /// The errors, for tuning.
    pub fn errors(&self) -> String {
        let mut s = String::new();
        for f in &self.false_positives {
            let _ = writeln!(s, "  FP {f}");
        }
        for m in &self.misses {
            let _ = writeln!(s, "  FN {m}");
        }
        for f in &self.false_pairs {
            let _ = writeln!(s, "  false pair {f}");
        }
        for m in &self.missed_pairs {
            let _ = writeln!(s, "  missed pair {m}");
        }
        s
    }
}

/// The matching key of a name of `kind`.
fn match_key(kind: EntityKind, name: &str) -> String {
    let n = name.trim();
    let n = n
        .strip_prefix("the ")
        .or_else(|| n.strip_prefix("The "))
        .unwrap_or(n);
    if kind == EntityKind::Quantity {
        // Numbers, scale words and unit symbols only.
        let mut out = String::new();
        for w in n.split(|c: char| c.is_whitespace() || c == '-') {
            let lw = w.to_lowercase();
            let numeric = lw
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£'));
            let word = matches!(
                lw.as_str(),
                "one"
                    | "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "half"
                    | "third"
                    | "thirds"
                    | "quarter"
                    | "fourth"
                    | "fifth"
                    | "hundred"
                    | "thousand"
                    | "million"
                    | "billion"
                    | "trillion"
                    | "percent"
            );
            if numeric || word {
                out.push_str(&lw.replace(',', ""));
                out.push(' ');
            }
        }
        return out.trim().to_string();
    }
    let k = key(n);
    // Acronym plurals: "GGEs" = "GGE".
    k.strip_suffix('s')
        .filter(|_| k.starts_with('^'))
        .map(str::to_string)
        .unwrap_or(k)
}

/// Score `set` against `gold` for a corpus made of the one page `source`.
pub fn score(corpus: &Corpus, set: &EntitySet, gold: &Gold, source: &str) -> Report {
    let cutoff = gold
        .ignore_after
        .as_deref()
        .and_then(|m| source.find(m))
        .unwrap_or(usize::MAX);
    let orig = |doc: usize, field: usize, span: Span| -> Option<Span> {
        let f = corpus.documents.get(doc)?.fields.get(field)?;
        Some(f.original(span))
    };
    let in_scope = |e: &super::Entity| {
        e.mentions
            .iter()
            .any(|m| orig(m.doc, m.field, m.span).is_some_and(|s| s.start < cutoff))
    };
    let mut report = Report::default();
    let preds: Vec<(usize, &super::Entity)> = set
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| EntityKind::MAIN.contains(&e.kind) && in_scope(e))
        .collect();
    let mut used = vec![false; set.entities.len()];
    let mut matched: Vec<Option<usize>> = Vec::new();
    for g in &gold.entities {
        let gkeys: Vec<String> = std::iter::once(&g.name)
            .chain(g.aliases.iter())
            .map(|n| match_key(g.kind, n))
            .collect();
        let hit = preds.iter().find(|(i, e)| {
            e.kind == g.kind
                && !used.get(*i).copied().unwrap_or(true)
                && std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .any(|n| gkeys.contains(&match_key(g.kind, n)))
        });
        let c = report.per_kind.entry(g.kind).or_default();
        match hit {
            Some((i, _)) => {
                c.tp += 1;
                if let Some(u) = used.get_mut(*i) {
                    *u = true;
                }
                matched.push(Some(*i));
            }
            None => {
                c.fn_ += 1;
                report.misses.push(format!("{} {}", g.kind.name(), g.name));
                matched.push(None);
            }
        }
    }
    for (i, e) in &preds {
        if !used.get(*i).copied().unwrap_or(false) {
            report.per_kind.entry(e.kind).or_default().fp += 1;
            report
                .false_positives
                .push(format!("{} {} {:?}", e.kind.name(), e.name, e.aliases));
        }
    }

    // Mention recall: every whole-word occurrence of a gold form in scope,
    // longest forms first, each place claimed once.
    let mut forms: Vec<(usize, &str)> = Vec::new();
    for (gi, g) in gold.entities.iter().enumerate() {
        forms.push((gi, g.name.as_str()));
        for a in &g.aliases {
            forms.push((gi, a.as_str()));
        }
    }
    forms.sort_by_key(|(_, f)| std::cmp::Reverse(f.len()));
    for (di, d) in corpus.documents.iter().enumerate() {
        for (fi, f) in d.fields.iter().enumerate() {
            if f.kind == crate::corpus::FieldKind::Section {
                continue;
            }
            let mut claimed: Vec<Span> = Vec::new();
            for &(gi, form) in &forms {
                if form.is_empty() {
                    continue;
                }
                for (s, m) in f.text.match_indices(form) {
                    let span = Span::new(s, s + m.len());
                    let before = f.text.get(..s).and_then(|t| t.chars().next_back());
                    let after = f.text.get(span.end..).and_then(|t| t.chars().next());
                    if before.is_some_and(char::is_alphanumeric)
                        || after.is_some_and(char::is_alphanumeric)
                    {
                        continue;
                    }
                    if claimed.iter().any(|c| c.overlaps(span)) {
                        continue;
                    }
                    if f.original(span).start >= cutoff {
                        continue;
                    }
                    claimed.push(span);
                    let Some(g) = gold.entities.get(gi) else {
                        continue;
                    };
                    let c = report.per_kind.entry(g.kind).or_default();
                    c.mentions_expected += 1;
                    let found = matched
                        .get(gi)
                        .copied()
                        .flatten()
                        .and_then(|pi| set.entities.get(pi))
                        .is_some_and(|e| {
                            e.mentions
                                .iter()
                                .any(|m| m.doc == di && m.field == fi && m.span.overlaps(span))
                        });
                    if found {
                        c.mentions_found += 1;
                    }
                }
            }
        }
    }

    // Acronym pairs.
    let pk = |s: &str, l: &str| {
        // "GGEs" = "GGE".
        let s = s
            .strip_suffix('s')
            .filter(|b| b.chars().last().is_some_and(char::is_uppercase))
            .unwrap_or(s);
        (match_key(EntityKind::Org, s), match_key(EntityKind::Org, l))
    };
    let gold_pairs: Vec<(String, String)> = gold.acronyms.iter().map(|(s, l)| pk(s, l)).collect();
    let mut pair_used = vec![false; gold_pairs.len()];
    for a in &set.acronyms {
        let k = pk(&a.short, &a.long);
        match gold_pairs.iter().position(|g| *g == k) {
            Some(i) if !pair_used.get(i).copied().unwrap_or(true) => {
                report.acronyms.tp += 1;
                if let Some(u) = pair_used.get_mut(i) {
                    *u = true;
                }
            }
            Some(_) => {}
            None => {
                report.acronyms.fp += 1;
                report.false_pairs.push(format!("{} = {}", a.short, a.long));
            }
        }
    }
    for (i, u) in pair_used.iter().enumerate() {
        if !u {
            report.acronyms.fn_ += 1;
            if let Some((s, l)) = gold.acronyms.get(i) {
                report.missed_pairs.push(format!("{s} = {l}"));
            }
        }
    }
    report
}
