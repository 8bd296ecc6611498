//! User corrections, applied after extraction, in file order.
//!
//! One command per line; `#` starts a comment; names are in double quotes
//! (a name without spaces may go bare). A name designates the entity whose
//! name or alias has the same key (case, accents and punctuation aside).
//!
//! ```text
//! rename "Haibatullah Akhunzada" => "Hibatullah Akhundzada"
//! merge "Islamic State" + "ISIS" + "Daesh"     # the others join the first
//! kind "Telegram" = org                        # person org place date quantity group event law work misc
//! suppress "Holocene"
//! add "Anthropocene" as misc                   # every whole-word occurrence
//! split "Yuldash" from "Tahir Yuldash"         # mentions written so form their own entity
//! ```
//!
//! A line that cannot be read becomes a diagnostic with its line number;
//! parsing never fails and the other lines still apply.

use super::gazetteer::key;
use super::{Entity, EntityKind, EntitySet, Mention};
use crate::corpus::{Corpus, FieldKind};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Rename { from: String, to: String },
    Merge { into: String, from: Vec<String> },
    Kind { name: String, kind: EntityKind },
    Suppress { name: String },
    Add { term: String, kind: EntityKind },
    Split { alias: String, from: String },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corrections {
    pub ops: Vec<Op>,
    /// "line 3: ..." for every line that could not be read.
    pub diagnostics: Vec<String>,
}

/// Split a line into quoted strings and bare words.
fn lex(line: &str) -> Result<Vec<(bool, String)>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '“' {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' || c == '”' {
                    closed = true;
                    break;
                }
                s.push(c);
            }
            if !closed {
                return Err("a quoted name is not closed".to_string());
            }
            out.push((true, s));
        } else if c == '#' {
            break;
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push((false, s));
        }
    }
    Ok(out)
}

fn parse_line(line: &str) -> Result<Option<Op>, String> {
    let toks = lex(line)?;
    let Some((_, cmd)) = toks.first() else {
        return Ok(None);
    };
    let args: Vec<&(bool, String)> = toks.iter().skip(1).collect();
    let word = |i: usize| args.get(i).map(|(_, s)| s.as_str());
    let name = |i: usize| -> Result<String, String> {
        match args.get(i) {
            Some((_, s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            _ => Err(format!("`{cmd}` needs a name here (in double quotes)")),
        }
    };
    let kind = |i: usize| -> Result<EntityKind, String> {
        let k = word(i).unwrap_or("");
        EntityKind::parse(k).ok_or_else(|| {
            format!("unknown kind {k:?} (person, org, place, date, quantity, group, event, law, work, misc)")
        })
    };
    let expect = |i: usize, w: &str| -> Result<(), String> {
        match args.get(i) {
            Some((false, s)) if s == w => Ok(()),
            _ => Err(format!("`{cmd}` expects `{w}` here")),
        }
    };
    let end = |n: usize| -> Result<(), String> {
        if args.len() > n {
            Err(format!("unexpected text after the `{cmd}` command"))
        } else {
            Ok(())
        }
    };
    let op = match cmd.to_lowercase().as_str() {
        "rename" => {
            expect(1, "=>")?;
            end(3)?;
            Op::Rename {
                from: name(0)?,
                to: name(2)?,
            }
        }
        "merge" => {
            let into = name(0)?;
            let mut from = Vec::new();
            let mut i = 1;
            while i < args.len() {
                expect(i, "+")?;
                from.push(name(i + 1)?);
                i += 2;
            }
            if from.is_empty() {
                return Err("`merge` needs at least two names: merge \"A\" + \"B\"".to_string());
            }
            Op::Merge { into, from }
        }
        "kind" => {
            expect(1, "=")?;
            end(3)?;
            Op::Kind {
                name: name(0)?,
                kind: kind(2)?,
            }
        }
        "suppress" => {
            end(1)?;
            Op::Suppress { name: name(0)? }
        }
        "add" => {
            expect(1, "as")?;
            end(3)?;
            Op::Add {
                term: name(0)?,
                kind: kind(2)?,
            }
        }
        "split" => {
            expect(1, "from")?;
            end(3)?;
            Op::Split {
                alias: name(0)?,
                from: name(2)?,
            }
        }
        other => {
            return Err(format!(
                "unknown command {other:?} (rename, merge, kind, suppress, add, split)"
            ))
        }
    };
    Ok(Some(op))
}

impl Corrections {
    /// Read the line format; bad lines become diagnostics.
    pub fn parse(text: &str) -> Corrections {
        let mut c = Corrections::default();
        for (i, line) in text.lines().enumerate() {
            match parse_line(line) {
                Ok(Some(op)) => c.ops.push(op),
                Ok(None) => {}
                Err(e) => c.diagnostics.push(format!("line {}: {e}", i + 1)),
            }
        }
        c
    }

    /// Write them back in the same format (what the page keeps across reloads).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for op in &self.ops {
            let line = match op {
                Op::Rename { from, to } => format!("rename \"{from}\" => \"{to}\""),
                Op::Merge { into, from } => {
                    let rest: Vec<String> = from.iter().map(|f| format!(" + \"{f}\"")).collect();
                    format!("merge \"{into}\"{}", rest.concat())
                }
                Op::Kind { name, kind } => format!("kind \"{name}\" = {}", kind.name()),
                Op::Suppress { name } => format!("suppress \"{name}\""),
                Op::Add { term, kind } => format!("add \"{term}\" as {}", kind.name()),
                Op::Split { alias, from } => format!("split \"{alias}\" from \"{from}\""),
            };
            s.push_str(&line);
            s.push('\n');
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Apply every correction to `set`. Names that match nothing are skipped.
    pub fn apply(&self, corpus: &Corpus, set: &mut EntitySet) {
        for op in &self.ops {
            apply_op(op, corpus, set);
        }
    }
}

fn find_entity(set: &EntitySet, name: &str) -> Option<usize> {
    let k = key(name);
    set.entities
        .iter()
        .position(|e| key(&e.name) == k)
        .or_else(|| {
            set.entities
                .iter()
                .position(|e| e.aliases.iter().any(|a| key(a) == k))
        })
}

fn mention_text<'a>(corpus: &'a Corpus, m: &Mention) -> &'a str {
    corpus
        .documents
        .get(m.doc)
        .and_then(|d| d.fields.get(m.field))
        .map(|f| m.span.slice(&f.text))
        .unwrap_or("")
}

fn apply_op(op: &Op, corpus: &Corpus, set: &mut EntitySet) {
    match op {
        Op::Rename { from, to } => {
            if let Some(i) = find_entity(set, from) {
                if let Some(e) = set.entities.get_mut(i) {
                    let old = std::mem::replace(&mut e.name, to.clone());
                    e.aliases.retain(|a| a != to);
                    if !e.aliases.contains(&old) && old != *to {
                        e.aliases.push(old);
                    }
                }
            }
        }
        Op::Merge { into, from } => {
            for f in from {
                let (Some(a), Some(b)) = (find_entity(set, into), find_entity(set, f)) else {
                    continue;
                };
                if a == b {
                    continue;
                }
                let other = set.entities.remove(b);
                let a = if b < a { a - 1 } else { a };
                if let Some(e) = set.entities.get_mut(a) {
                    for n in std::iter::once(other.name).chain(other.aliases) {
                        if n != e.name && !e.aliases.contains(&n) {
                            e.aliases.push(n);
                        }
                    }
                    e.mentions.extend(other.mentions);
                    e.mentions.sort_by_key(|m| (m.doc, m.field, m.span.start));
                    e.mentions.dedup();
                }
            }
        }
        Op::Kind { name, kind } => {
            if let Some(e) = find_entity(set, name).and_then(|i| set.entities.get_mut(i)) {
                e.kind = *kind;
            }
        }
        Op::Suppress { name } => {
            if let Some(i) = find_entity(set, name) {
                set.entities.remove(i);
            }
        }
        Op::Split { alias, from } => {
            let Some(i) = find_entity(set, from) else {
                return;
            };
            let k = key(alias);
            let Some(e) = set.entities.get_mut(i) else {
                return;
            };
            let (moved, stay): (Vec<Mention>, Vec<Mention>) = e
                .mentions
                .drain(..)
                .partition(|m| key(mention_text(corpus, m)) == k);
            e.mentions = stay;
            e.aliases.retain(|a| key(a) != k);
            if moved.is_empty() {
                return;
            }
            let kind = e.kind;
            set.entities.push(Entity {
                name: alias.clone(),
                kind,
                aliases: Vec::new(),
                mentions: moved,
                value: None,
                acronym: None,
            });
        }
        Op::Add { term, kind } => {
            let mut mentions = Vec::new();
            for (di, d) in corpus.documents.iter().enumerate() {
                for (fi, f) in d.fields.iter().enumerate() {
                    if f.kind == FieldKind::Section {
                        continue;
                    }
                    for (s, m) in f.text.match_indices(term.as_str()) {
                        let before = f.text.get(..s).and_then(|t| t.chars().next_back());
                        let after = f.text.get(s + m.len()..).and_then(|t| t.chars().next());
                        if before.is_some_and(char::is_alphanumeric)
                            || after.is_some_and(char::is_alphanumeric)
                        {
                            continue;
                        }
                        mentions.push(Mention {
                            doc: di,
                            field: fi,
                            span: Span::new(s, s + m.len()),
                        });
                    }
                }
            }
            if mentions.is_empty() || term.trim().is_empty() {
                return;
            }
            // The new term wins over anything it overlaps.
            for e in &mut set.entities {
                e.mentions.retain(|m| {
                    !mentions
                        .iter()
                        .any(|n| n.doc == m.doc && n.field == m.field && n.span.overlaps(m.span))
                });
            }
            set.entities.retain(|e| !e.mentions.is_empty());
            match find_entity(set, term).and_then(|i| set.entities.get_mut(i)) {
                Some(e) => {
                    e.kind = *kind;
                    e.mentions.extend(mentions);
                    e.mentions.sort_by_key(|m| (m.doc, m.field, m.span.start));
                }
                None => set.entities.push(Entity {
                    name: term.clone(),
                    kind: *kind,
                    aliases: Vec::new(),
                    mentions,
                    value: None,
                    acronym: None,
                }),
            }
        }
    }
}
