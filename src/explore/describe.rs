//! What the text says an entity is: appositions after a mention ("Jürg
//! Lauber, Chairman of the OEWG, …", "Mullah Haibatullah Akhunzada, the emir
//! of Taliban") and role phrases before one ("IMU founder Tahir Yuldash",
//! "the then-leader of IMU Usman Ghazi"), each with where it was said.

use crate::corpus::Corpus;
use crate::entities::{EntityKind, EntitySet, Mention};
use crate::span::Span;
use std::collections::HashMap;

/// A phrase the text uses for an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    pub text: String,
    /// The mention it describes.
    pub mention: Mention,
    /// The phrase's span in the same field.
    pub span: Span,
}

/// Words naming a role: a phrase ending (before a name) or containing
/// (after a name) one of them describes the name.
const ROLES: &[&str] = &[
    "activist",
    "adviser",
    "advisor",
    "advocate",
    "agency",
    "alliance",
    "ally",
    "allies",
    "ambassador",
    "analyst",
    "author",
    "body",
    "branch",
    "chairman",
    "chair",
    "chairwoman",
    "chief",
    "coalition",
    "commander",
    "commissioner",
    "correspondent",
    "councillor",
    "deputy",
    "diplomat",
    "director",
    "editor",
    "emir",
    "envoy",
    "expert",
    "faction",
    "founder",
    "general",
    "governor",
    "group",
    "head",
    "ideologue",
    "journalist",
    "judge",
    "king",
    "leader",
    "member",
    "militant",
    "minister",
    "movement",
    "negotiator",
    "offshoot",
    "organisation",
    "organization",
    "party",
    "premier",
    "president",
    "professor",
    "prosecutor",
    "queen",
    "representative",
    "researcher",
    "ruler",
    "scholar",
    "secretary",
    "senator",
    "son",
    "daughter",
    "father",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "splinter",
    "successor",
    "veteran",
    "veterans",
    "virologist",
    "wing",
    "islamist",
    "jihadist",
    "commander-in-chief",
    "then-leader",
    "co-founder",
    "son-in-law",
];

/// Words that end a role phrase read backwards from a name.
const STOPS: &[&str] = &[
    "by", "and", "or", "with", "against", "to", "from", "for", "in", "on", "at", "after", "before",
    "when", "while", "that", "which", "who", "whom", "is", "was", "are", "were", "said", "says",
    "told", "as", "than", "but", "because", "if", "into", "over", "under",
];

const MAX_WORDS: usize = 14;

fn is_role(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase();
    let w = w
        .strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(&w)
        .to_string();
    ROLES.contains(&w.as_str())
}

/// Articles and possessives that open a description, and "former".
fn is_opener(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "former" | "its" | "his" | "her" | "their"
    )
}

/// Descriptions of entity `i` (people, organisations and groups only),
/// without repeats.
pub fn descriptions(corpus: &Corpus, set: &EntitySet, i: usize) -> Vec<Description> {
    let Some(e) = set.entities.get(i) else {
        return Vec::new();
    };
    descriptions_of(corpus, set, i, &e.mentions)
}

/// The descriptions that `mentions` of entity `i` carry: the page reads
/// only the mentions it shows, and a mention whose text is not read is
/// passed over.
pub fn descriptions_of(
    corpus: &Corpus,
    set: &EntitySet,
    i: usize,
    mentions: &[Mention],
) -> Vec<Description> {
    // Spans of all mentions per field, to reject phrases that are just
    // another name in a list ("Badakhshan, Faryab, Jowzjan"): gathered in
    // one pass over the fields these mentions are in, not once per mention.
    let mut others: HashMap<(usize, usize), Vec<Span>> = mentions
        .iter()
        .map(|m| ((m.doc, m.field), Vec::new()))
        .collect();
    if set.entities.get(i).is_some_and(|e| describable(e.kind)) {
        for o in set.entities.iter().flat_map(|o| o.mentions.iter()) {
            if let Some(spans) = others.get_mut(&(o.doc, o.field)) {
                spans.push(o.span);
            }
        }
    }
    descriptions_among(corpus, set, i, mentions, &|doc, field| {
        others.get(&(doc, field)).cloned().unwrap_or_default()
    })
}

fn describable(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Person | EntityKind::Org | EntityKind::Group | EntityKind::Misc
    )
}

/// [`descriptions_of`] with the spans of every mention in a field given
/// by `around(doc, field)`: a document's own marks hold them, so a page
/// over a prebuilt index needs no other entity's mentions.
pub fn descriptions_among(
    corpus: &Corpus,
    set: &EntitySet,
    i: usize,
    mentions: &[Mention],
    around: &dyn Fn(usize, usize) -> Vec<Span>,
) -> Vec<Description> {
    let Some(e) = set.entities.get(i) else {
        return Vec::new();
    };
    if !describable(e.kind) {
        return Vec::new();
    }
    let mut out: Vec<Description> = Vec::new();
    for m in mentions {
        let Some(text) = corpus
            .documents
            .get(m.doc)
            .and_then(|d| d.fields.get(m.field))
            .map(|f| f.text.as_str())
        else {
            continue;
        };
        let others: Vec<Span> = around(m.doc, m.field)
            .into_iter()
            .filter(|s| *s != m.span)
            .collect();
        for d in [after(text, m.span, &others), before(text, m.span)]
            .into_iter()
            .flatten()
        {
            let key = crate::text::fold(&d.1);
            if !out.iter().any(|o| crate::text::fold(&o.text) == key) {
                out.push(Description {
                    text: d.1,
                    mention: m.clone(),
                    span: d.0,
                });
            }
        }
    }
    out
}

/// ", the emir of Taliban," after a name (an acronym in parentheses may
/// sit between).
fn after(text: &str, name: Span, others: &[Span]) -> Option<(Span, String)> {
    let mut at = name.end;
    let rest = text.get(at..)?;
    // Skip "(IMU)" and a possessive-free close quote.
    let skip = rest
        .strip_prefix(" (")
        .and_then(|r| r.find(')').map(|close| close + 3))
        .unwrap_or(0);
    at += skip;
    let rest = text.get(at..)?;
    let body = rest.strip_prefix(", ")?;
    let start = at + 2;
    let end_rel = body
        .find([',', '.', ';', ':', '(', ')', '“', '”', '"', '—', '–'])
        .unwrap_or(body.len());
    // A phrase running into a quotation is the subject of what follows
    // ("Krutskikh, the successful completion of … “opens up …"), not an
    // apposition.
    if body[end_rel..].starts_with(['“', '"']) {
        return None;
    }
    let mut phrase = body.get(..end_rel)?.trim_end();
    // Cut a long phrase at a clause ("… groups created in …").
    for clause in [
        " created ",
        " which ",
        " who ",
        " that ",
        " based ",
        " founded ",
    ] {
        if let Some(c) = phrase.find(clause) {
            phrase = &phrase[..c];
        }
    }
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_WORDS {
        return None;
    }
    let span = Span::new(start, start + phrase.len());
    let first = words[0].to_lowercase();
    let opener = is_opener(&first) || matches!(first.as_str(), "one" | "then");
    // Another name at the phrase's start, or right after its article, is
    // a list ("the Maya, the Anasazi, the Greek Mikene") unless a role
    // word stands outside every name ("Tahir Yuldash’s successor").
    let lead = if opener {
        start + words[0].len() + 1
    } else {
        start
    };
    let named = |at: usize| others.iter().any(|o| o.start <= at && at < o.end);
    if others
        .iter()
        .any(|o| o.start == span.start || o.start == lead)
    {
        let mut at = start;
        let role_outside = phrase.split(' ').any(|w| {
            let here = at;
            at += w.len() + 1;
            is_role(w) && !named(here)
        });
        if !role_outside {
            return None;
        }
    }
    // The head of "the emir of Taliban" names the role; "the completion of
    // the group’s work" has none ("one of the veterans of …" skips "one of").
    let head_words: Vec<&str> = words
        .iter()
        .skip(if first == "one" && words.get(1) == Some(&"of") {
            2
        } else {
            0
        })
        .take_while(|w| **w != "of")
        .copied()
        .collect();
    let has_of = head_words.len()
        < words
            .len()
            .saturating_sub(if first == "one" { 2 } else { 0 });
    if has_of && !head_words.iter().any(|w| is_role(w)) {
        return None;
    }
    // A lower-case word that is neither an article nor a role starts a
    // clause ("Yuldash, continued their father’s …").
    let lower = words[0].chars().next().is_some_and(char::is_lowercase);
    if lower && !opener && !is_role(words[0]) {
        return None;
    }
    if !(opener || words.iter().any(|w| is_role(w))) {
        return None;
    }
    // A verb right after the comma is a clause, not an apposition.
    if words
        .iter()
        .take(2)
        .any(|w| STOPS.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    Some((span, phrase.to_string()))
}

/// "IMU founder" or "the then-leader of IMU" right before a name.
fn before(text: &str, name: Span) -> Option<(Span, String)> {
    let head = text.get(..name.start)?;
    // "the IMU leader, Abdulaziz Yuldash": a comma may sit between.
    let head = head.strip_suffix(", ").unwrap_or(head.strip_suffix(' ')?);
    // Words back to a clause boundary, at most MAX_WORDS.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let all: Vec<(usize, &str)> = head
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty())
        .collect();
    for (k, &(i, w)) in all.iter().enumerate().rev() {
        if w.chars().any(|c| {
            matches!(
                c,
                ',' | '.' | ';' | ':' | '(' | ')' | '“' | '”' | '"' | '—' | '–'
            )
        }) {
            break;
        }
        // "IMU founder and fabled … commander": roles joined by "and".
        let joins_roles = w == "and" && k > 0 && all.get(k - 1).is_some_and(|(_, p)| is_role(p));
        if (STOPS.contains(&w.to_lowercase().as_str()) && !joins_roles) || words.len() >= MAX_WORDS
        {
            break;
        }
        words.push((i, w));
    }
    words.reverse();
    let (_, last) = words.last()?;
    // "their father’s Jihadi legacy": a possessive role qualifies the
    // words after it, not the name.
    if !is_role(last) || last.ends_with("’s") || last.ends_with("'s") {
        return None;
    }
    // "the killing of the IMU leader": words before an "of" that hold no
    // role are the sentence around the phrase, not part of it.
    if let Some(of) = words.iter().rposition(|(_, w)| *w == "of") {
        if !words[..of].iter().any(|(_, w)| is_role(w)) {
            words.drain(..=of);
        }
    }
    // Start at a determiner, a "former"/"then", or the first word kept.
    let start = words
        .iter()
        .position(|(_, w)| is_opener(&w.to_lowercase()))
        .unwrap_or(0);
    let from = words.get(start)?.0;
    let phrase = head.get(from..)?.trim();
    // A bare title ("President") is part of the name, not a description.
    if phrase.split_whitespace().count() < 2 {
        return None;
    }
    Some((Span::new(from, from + phrase.len()), phrase.to_string()))
}

use unicode_segmentation::UnicodeSegmentation;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities;
    use crate::explore::find;

    fn said(name: &str) -> Vec<String> {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let i = find(&set, name).unwrap_or(usize::MAX);
        descriptions(&c, &set, i)
            .into_iter()
            .map(|d| d.text)
            .collect()
    }

    #[test]
    fn the_text_says_who_people_are() {
        assert!(
            said("Haibatullah Akhunzada")
                .iter()
                .any(|d| d == "the emir of Taliban"),
            "{:?}",
            said("Haibatullah Akhunzada")
        );
        assert!(
            said("Tahir Yuldash")
                .iter()
                .any(|d| d.contains("IMU founder")),
            "{:?}",
            said("Tahir Yuldash")
        );
        assert!(
            said("Jürg Lauber")
                .iter()
                .any(|d| d.starts_with("Chairman of the OEWG")),
            "{:?}",
            said("Jürg Lauber")
        );
        assert!(
            said("Henry Kissinger")
                .iter()
                .any(|d| d == "former US Secretary of State"),
            "{:?}",
            said("Henry Kissinger")
        );
    }

    #[test]
    fn the_sentence_around_a_role_is_not_part_of_it() {
        let yuldash = said("Abdulaziz Yuldash");
        assert!(yuldash.iter().any(|d| d == "the IMU leader"), "{yuldash:?}");
        assert!(
            !yuldash
                .iter()
                .any(|d| d.contains("killing") || d.contains("continued")),
            "{yuldash:?}"
        );
        // "the killing of the IMU leader" speaks of Yuldash, not the IMU.
        for name in ["IMU", "Islamic Movement of Uzbekistan"] {
            let imu = said(name);
            assert!(
                !imu.iter()
                    .any(|d| d.contains("killing") || d.contains("leader")),
                "{name}: {imu:?}"
            );
        }
        let trump = said("Donald Trump");
        assert_eq!(trump, ["former US President"], "{trump:?}");
    }

    #[test]
    fn clauses_and_lists_after_a_name_are_not_descriptions() {
        // "with the Taliban, the Central Asian jihadists … “threaten”",
        // "Krutskikh, the successful completion of the group’s work “opens",
        // "the Maya, the Anasazi, the Greek Mikene",
        // "the Groups of Government Experts, the Expert Group on Cybercrime",
        // "continued their father’s Jihadi legacy".
        for name in [
            "Taliban",
            "Andrey Krutskikh",
            "Maya",
            "Anasazi",
            "Groups of Government Experts",
            "Jihadi",
        ] {
            assert!(said(name).is_empty(), "{name}: {:?}", said(name));
        }
    }

    #[test]
    fn lists_of_names_are_not_descriptions() {
        for name in ["Badakhshan", "Kyrgyzstan", "Faryab"] {
            assert!(said(name).is_empty(), "{name}: {:?}", said(name));
        }
    }
}
