//! What the explorer shows about entities, computed as data: the entity
//! table, mentions in context (keyword in context), co-occurrence, what the
//! text says an entity is, a network layout, and CSV exports. The page only
//! draws these.

mod describe;
pub mod export;
pub mod network;
pub mod overview;

pub use describe::{descriptions, descriptions_among, descriptions_of, Description};

use crate::corpus::Corpus;
use crate::entities::{EntitySet, Mention};
use crate::span::Span;
use std::collections::{BTreeSet, HashMap};
use unicode_segmentation::UnicodeSegmentation;

/// One row of the entity table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow {
    /// Index into [`EntitySet::entities`].
    pub entity: usize,
    pub mentions: usize,
    /// How many documents mention it.
    pub articles: usize,
}

/// Every entity with its counts, most mentioned first (then by name).
pub fn table(set: &EntitySet) -> Vec<EntityRow> {
    table_by(set, |i| {
        set.entities
            .get(i)
            .map_or((0, 0), |e| (e.mentions.len(), distinct_docs(&e.mentions)))
    })
}

/// [`table`] with each entity's (mentions, articles) from `counts`: a
/// prebuilt index has them without its mentions.
pub fn table_by(set: &EntitySet, counts: impl Fn(usize) -> (usize, usize)) -> Vec<EntityRow> {
    let mut rows: Vec<EntityRow> = (0..set.entities.len())
        .map(|i| {
            let (mentions, articles) = counts(i);
            EntityRow {
                entity: i,
                mentions,
                articles,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.mentions.cmp(&a.mentions).then_with(|| {
            set.entities[a.entity]
                .name
                .cmp(&set.entities[b.entity].name)
        })
    });
    rows
}

/// An entity's (mentions, articles), from its mentions.
pub fn counts_of(e: &crate::entities::Entity) -> (usize, usize) {
    (e.mentions.len(), distinct_docs(&e.mentions))
}

/// Figures and quotes an entity's page lists (the Quotes screen has all):
/// a common name has thousands.
pub const ON_ENTITY_PAGE: usize = 12;

/// How many documents `mentions` are in. They come in document order
/// from extraction and from an index, and then this is one pass with no
/// set (the entity table of 100k articles counts millions of mentions
/// each time it is drawn).
fn distinct_docs(mentions: &[Mention]) -> usize {
    if mentions.windows(2).all(|w| w[0].doc <= w[1].doc) {
        let mut n = 0;
        let mut last = None;
        for m in mentions {
            if last != Some(m.doc) {
                n += 1;
                last = Some(m.doc);
            }
        }
        n
    } else {
        mentions
            .iter()
            .map(|m| m.doc)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// The entity named `name` (its name, or failing that an alias or acronym).
pub fn find(set: &EntitySet, name: &str) -> Option<usize> {
    let folded = crate::text::fold(name);
    set.entities
        .iter()
        .position(|e| e.name == name)
        .or_else(|| {
            set.entities
                .iter()
                .position(|e| crate::text::fold(&e.name) == folded)
        })
        .or_else(|| {
            set.entities.iter().position(|e| {
                e.aliases.iter().any(|a| crate::text::fold(a) == folded)
                    || e.acronym
                        .as_deref()
                        .is_some_and(|a| crate::text::fold(a) == folded)
            })
        })
}

/// A mention with the words around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub mention: Mention,
    pub left: String,
    pub text: String,
    pub right: String,
}

/// Characters of context each side of a mention.
const CONTEXT_CHARS: usize = 70;

/// Every mention of entity `i` in context, in reading order.
pub fn contexts(corpus: &Corpus, set: &EntitySet, i: usize) -> Vec<Context> {
    contexts_of(corpus, &first_mentions(set, i, usize::MAX))
}

/// The first `limit` mentions of entity `i` in reading order (document,
/// field, place): what its page shows before "Show more", and so the only
/// documents whose text a page over a prebuilt index reads for it.
pub fn first_mentions(set: &EntitySet, i: usize, limit: usize) -> Vec<Mention> {
    let Some(e) = set.entities.get(i) else {
        return Vec::new();
    };
    let key = |m: &Mention| (m.doc, m.field, m.span.start);
    let mut mentions = e.mentions.clone();
    if limit < mentions.len() {
        // A common name has tens of thousands of mentions: order only the
        // ones shown.
        mentions.select_nth_unstable_by_key(limit, key);
        mentions.truncate(limit);
    }
    mentions.sort_by_key(key);
    mentions
}

/// `mentions` in context; one whose text is not read (yet) is left out.
pub fn contexts_of(corpus: &Corpus, mentions: &[Mention]) -> Vec<Context> {
    mentions
        .iter()
        .filter_map(|m| {
            let text = &corpus.documents.get(m.doc)?.fields.get(m.field)?.text;
            let hit = text.get(m.span.start..m.span.end)?.to_string();
            let left = left_context(text, m.span.start);
            let right = right_context(text, m.span.end);
            Some(Context {
                mention: m.clone(),
                left,
                text: hit,
                right,
            })
        })
        .collect()
}

fn left_context(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or("");
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    if chars.len() <= CONTEXT_CHARS {
        return before.to_string();
    }
    let from = chars[chars.len() - CONTEXT_CHARS].0;
    // Start at a word boundary.
    let cut = before[from..]
        .find(char::is_whitespace)
        .map_or(from, |w| from + w + 1);
    format!("…{}", &before[cut.min(before.len())..])
}

fn right_context(text: &str, at: usize) -> String {
    let after = text.get(at..).unwrap_or("");
    match after.char_indices().nth(CONTEXT_CHARS) {
        None => after.to_string(),
        Some((end, _)) => {
            let cut = after[..end].rfind(char::is_whitespace).unwrap_or(end);
            format!("{}…", &after[..cut])
        }
    }
}

/// How often two entities are named together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Together {
    /// Sentences naming both.
    pub sentences: usize,
    /// Paragraphs (fields) naming both.
    pub paragraphs: usize,
}

/// Co-occurrence of every pair of entities, keyed `(low, high)` index.
/// Dates and quantities are left out: they pair with everything.
pub fn cooccurrence(corpus: &Corpus, set: &EntitySet) -> HashMap<(usize, usize), Together> {
    let by_field = crate::events::mentions_by_field(set);
    let mut out: HashMap<(usize, usize), Together> = HashMap::new();
    for d in 0..corpus.documents.len() {
        cooccurrence_of(corpus, &by_field, d, &mut out);
    }
    out
}

/// Add the pairs named together in document `doc` to `out`.
pub(crate) fn cooccurrence_of(
    corpus: &Corpus,
    by_field: &crate::events::FieldMentions,
    doc: usize,
    out: &mut HashMap<(usize, usize), Together>,
) {
    let fields = corpus.documents.get(doc).map_or(&[][..], |d| &d.fields[..]);
    for (field, f) in fields.iter().enumerate() {
        let mentions: Vec<(usize, Span)> = by_field
            .get(&(doc, field))
            .into_iter()
            .flatten()
            .filter(|l| crate::events::is_named(l.kind))
            .map(|l| (l.entity, l.span))
            .collect();
        if mentions.is_empty() {
            continue;
        }
        let ids: BTreeSet<usize> = mentions.iter().map(|(i, _)| *i).collect();
        let ids: Vec<usize> = ids.into_iter().collect();
        for (a, &x) in ids.iter().enumerate() {
            for &y in &ids[a + 1..] {
                out.entry((x, y)).or_default().paragraphs += 1;
            }
        }
        let text = f.text.as_str();
        for (start, sentence) in text.split_sentence_bound_indices() {
            let s = Span::new(start, start + sentence.len());
            // Mentions are in order of position: those starting in the
            // sentence are found by binary search, not by a walk per sentence.
            let from = mentions.partition_point(|(_, m)| m.start < s.start);
            let to = mentions.partition_point(|(_, m)| m.start <= s.end);
            let inside: BTreeSet<usize> = mentions
                .get(from..to.max(from))
                .unwrap_or(&[])
                .iter()
                .filter(|(_, m)| s.contains(*m))
                .map(|(i, _)| *i)
                .collect();
            let inside: Vec<usize> = inside.into_iter().collect();
            for (a, &x) in inside.iter().enumerate() {
                for &y in &inside[a + 1..] {
                    out.entry((x, y)).or_default().sentences += 1;
                }
            }
        }
    }
}

/// The entities named most often with entity `i`: `(other, together)`,
/// by sentences, then paragraphs, then name.
pub fn related(
    set: &EntitySet,
    pairs: &HashMap<(usize, usize), Together>,
    i: usize,
) -> Vec<(usize, Together)> {
    let mut out: Vec<(usize, Together)> = pairs
        .iter()
        .filter_map(|(&(a, b), t)| match (a == i, b == i) {
            (true, _) => Some((b, *t)),
            (_, true) => Some((a, *t)),
            _ => None,
        })
        .collect();
    out.sort_by(|(a, ta), (b, tb)| {
        (tb.sentences, tb.paragraphs)
            .cmp(&(ta.sentences, ta.paragraphs))
            .then_with(|| set.entities[*a].name.cmp(&set.entities[*b].name))
    });
    out
}

/// The documents that mention entity `i`, with how many times, in corpus order.
pub fn articles(set: &EntitySet, i: usize) -> Vec<(usize, usize)> {
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    if let Some(e) = set.entities.get(i) {
        for m in &e.mentions {
            *counts.entry(m.doc).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities;

    fn seed() -> (Corpus, EntitySet) {
        let c = Corpus::bundled();
        let s = entities::extract(&c);
        (c, s)
    }

    #[test]
    fn the_table_counts_mentions_and_articles() {
        let (_, set) = seed();
        let rows = table(&set);
        let taliban = rows
            .iter()
            .find(|r| set.entities[r.entity].name == "Taliban")
            .expect("Taliban is an entity");
        assert!(taliban.mentions >= 40);
        assert_eq!(taliban.articles, 1);
        assert!(rows.windows(2).all(|w| w[0].mentions >= w[1].mentions));
    }

    #[test]
    fn documents_are_counted_in_any_order() {
        let m = |doc| Mention {
            doc,
            field: 0,
            span: Span::new(0, 1),
        };
        assert_eq!(distinct_docs(&[]), 0);
        assert_eq!(distinct_docs(&[m(1), m(1), m(4), m(9), m(9)]), 3);
        assert_eq!(distinct_docs(&[m(9), m(1), m(9), m(4), m(1)]), 3);
    }

    #[test]
    fn first_mentions_are_the_first_in_reading_order() {
        let (c, set) = seed();
        let i = find(&set, "Taliban").expect("found");
        let all = first_mentions(&set, i, usize::MAX);
        assert_eq!(all.len(), set.entities[i].mentions.len());
        assert!(all
            .windows(2)
            .all(|w| (w[0].doc, w[0].field, w[0].span.start)
                <= (w[1].doc, w[1].field, w[1].span.start)));
        for limit in [0, 1, 7, all.len() - 1, all.len(), all.len() + 5] {
            assert_eq!(first_mentions(&set, i, limit), all[..limit.min(all.len())]);
        }
        let shown = contexts_of(&c, &first_mentions(&set, i, 5));
        assert_eq!(shown, contexts(&c, &set, i)[..5]);
    }

    #[test]
    fn contexts_show_each_mention_with_its_words() {
        let (c, set) = seed();
        let i = find(&set, "Abdulaziz Yuldash").expect("found");
        let ctx = contexts(&c, &set, i);
        assert_eq!(ctx.len(), set.entities[i].mentions.len());
        for k in &ctx {
            assert!(k.text.contains("Abdulaziz") || k.text.contains("Yuldash"));
        }
        assert!(ctx
            .iter()
            .any(|k| k.left.contains("killing of the IMU leader")));
    }

    #[test]
    fn co_occurrence_pairs_the_imu_with_its_leaders() {
        let (c, set) = seed();
        let pairs = cooccurrence(&c, &set);
        let imu = find(&set, "IMU").expect("IMU");
        let near = related(&set, &pairs, imu);
        let names: Vec<&str> = near
            .iter()
            .take(12)
            .map(|(o, _)| set.entities[*o].name.as_str())
            .collect();
        assert!(names.contains(&"Taliban"), "{names:?}");
        assert!(names.iter().any(|n| n.contains("Yuldash")), "{names:?}");
        assert!(near.iter().all(|(o, t)| *o != imu && t.paragraphs >= 1));
    }
}

/// "1 document", "2 documents": a count with its noun, for every line a
/// person reads (the page and the CLI's table output).
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A normalised date value as a person writes it: "2021-02-03" is
/// "3 February 2021", "2020-11" is "November 2020", "2015 (late)" is
/// "late 2015", "1990s (mid)" is "mid-1990s", "1999/2000" is "1999–2000".
/// Anything else is shown as it is.
pub fn display_date(value: &str) -> String {
    let month = |m: &str| -> Option<&str> {
        let n: usize = m.parse().ok()?;
        crate::entities::MONTHS.get(n.checked_sub(1)?).copied()
    };
    if let Some((base, part)) = value.split_once(" (") {
        let part = part.trim_end_matches(')');
        return if part == "mid" {
            format!("{part}-{base}")
        } else {
            format!("{part} {base}")
        };
    }
    if let Some((a, b)) = value.split_once('/') {
        return format!("{}–{}", display_date(a), display_date(b));
    }
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && !y.is_empty() => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => value.to_string(),
        },
        [y, m] if y.len() == 4 => match month(m) {
            Some(m) => format!("{m} {y}"),
            None => value.to_string(),
        },
        // "--05-01": a day with no year.
        ["", "", m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m}"),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod date_tests {
    use super::display_date;

    #[test]
    fn dates_read_as_people_write_them() {
        for (v, shown) in [
            ("2021-02-03", "3 February 2021"),
            ("2020-11", "November 2020"),
            ("2015 (late)", "late 2015"),
            ("1990s (mid)", "mid-1990s"),
            ("1990s (late)", "late 1990s"),
            ("1999/2000", "1999–2000"),
            ("2021/2025", "2021–2025"),
            ("--05-01", "1 May"),
            ("2009-08-27", "27 August 2009"),
            ("last year", "last year"),
            ("2020-13", "2020-13"),
        ] {
            assert_eq!(display_date(v), shown, "{v}");
        }
    }
}
