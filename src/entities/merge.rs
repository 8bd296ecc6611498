//! Mentions to entities: one entity per real thing. Keys fold spelling
//! ("alQaeda" = "al Qaeda"); gazetteer aliases ("U.S." = "United States")
//! and acronym pairs join forms; a partial personal name ("Lauber") joins
//! the one full name it can belong to, or, when several fit ("Yuldash"),
//! the one named last before it in the same document.

use super::acronyms::Pair;
use super::gazetteer::{self as gz, is_in, key, FastMap};
use super::{Cand, Entity, EntityKind, Mention};

/// The kind an acronym's expansion names.
pub fn expansion_kind(long: &str) -> EntityKind {
    let words: Vec<&str> = long.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if long.chars().next().is_some_and(char::is_lowercase) {
        return EntityKind::Misc;
    }
    if let Some((k, _)) = gz::get().known.get(&key(long)) {
        return *k;
    }
    // With a connector the head stands before it: "Convention on the Law of the Sea".
    if let Some(c) = words.iter().position(|w| matches!(*w, "of" | "on" | "for")) {
        let head = words.get(c.saturating_sub(1)).copied().unwrap_or("");
        if is_in(&gz::LAW_HEADS, head) {
            return EntityKind::Law;
        }
        if is_in(&gz::ORG_HEADS, head) {
            return EntityKind::Org;
        }
    }
    if words.iter().any(|w| is_in(&gz::ORG_HEADS, w)) {
        return EntityKind::Org;
    }
    if words.iter().any(|w| {
        gz::DISEASE_WORDS
            .words
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w))
    }) {
        return EntityKind::Misc;
    }
    // "Islamic State’s Khorasan Province": a possessive names a branch of an organisation.
    if long.contains("’s ") || long.contains("'s ") {
        return EntityKind::Org;
    }
    if words.iter().any(|w| is_in(&gz::ORG_HEADS, w)) {
        return EntityKind::Org;
    }
    let last = words.last().copied().unwrap_or("");
    if is_in(&gz::PLACE_HEADS, last) {
        return EntityKind::Place;
    }
    if is_in(&gz::LAW_HEADS, last) {
        return EntityKind::Law;
    }
    if is_in(&gz::EVENT_HEADS, last) && last != "Cold" {
        return EntityKind::Event;
    }
    EntityKind::Org
}

/// The merge key of a mention.
fn group_key(c: &Cand, alias: &FastMap<String, String>) -> String {
    match c.kind {
        EntityKind::Date => format!("date:{}", c.value.as_deref().unwrap_or(&c.text)),
        EntityKind::Quantity => format!("qty:{}", c.text.to_lowercase()),
        _ => {
            let k = key(&c.text);
            if let Some(a) = alias.get(&k) {
                return a.clone();
            }
            match gz::get().known.get(&k) {
                Some((_, canon)) => key(canon),
                None => k,
            }
        }
    }
}

struct Group {
    cands: Vec<usize>,
    /// Total weight per kind: each mention's strength squared.
    votes: FastMap<EntityKind, u32>,
    /// The same for mentions on lines in capitals, which count only for
    /// an entity named nowhere else ("NOVAK URGES ..." does not make
    /// President Novak an organisation).
    caps_votes: FastMap<EntityKind, u32>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while let Some(&p) = parent.get(x) {
        if p == x {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(x) {
            *slot = gp;
        }
        x = p;
    }
    x
}

fn union(parent: &mut [usize], into: usize, from: usize) {
    let a = find(parent, into);
    let b = find(parent, from);
    if a != b {
        if let Some(slot) = parent.get_mut(b) {
            *slot = a;
        }
    }
}

/// Sort mentions by place and drop those inside a longer mention of the
/// same field ("Uzbekistan" in "Islamic Movement of Uzbekistan", "2019" in
/// "Coronavirus Disease 2019"). Per document or for the whole corpus, the
/// same: nothing crosses a document.
pub(crate) fn drop_nested(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (
            a.doc,
            a.field,
            a.span.start,
            std::cmp::Reverse(a.span.end),
            std::cmp::Reverse(a.strength),
        )
            .cmp(&(
                b.doc,
                b.field,
                b.span.start,
                std::cmp::Reverse(b.span.end),
                std::cmp::Reverse(b.strength),
            ))
    });
    let mut kept: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(last) = kept.last() {
            if last.doc == c.doc && last.field == c.field && last.span.overlaps(c.span) {
                continue;
            }
        }
        if c.text.trim().is_empty() {
            continue;
        }
        kept.push(c);
    }
    kept
}

/// What the acronym pairs say, for grouping mentions.
pub(crate) struct Aliases {
    /// A short form's key (and its plural's) to its expansion's key.
    alias: FastMap<String, String>,
    /// An expansion's key to its kind and short form.
    pair_kind: FastMap<String, (EntityKind, String)>,
}

impl Aliases {
    pub(crate) fn new(pairs: &[(usize, Pair)]) -> Aliases {
        let mut alias: FastMap<String, String> = FastMap::default();
        let mut pair_kind: FastMap<String, (EntityKind, String)> = FastMap::default();
        for (_, p) in pairs {
            let long_key = {
                let k = key(&p.long);
                match gz::get().known.get(&k) {
                    Some((_, canon)) => key(canon),
                    None => k,
                }
            };
            alias
                .entry(key(&p.short))
                .or_insert_with(|| long_key.clone());
            alias
                .entry(key(&format!("{}s", p.short)))
                .or_insert_with(|| long_key.clone());
            if !p.alias {
                pair_kind
                    .entry(long_key)
                    .or_insert((expansion_kind(&p.long), p.short.clone()));
            }
        }
        Aliases { alias, pair_kind }
    }

    /// The merge key of a mention.
    pub(crate) fn key(&self, c: &Cand) -> String {
        group_key(c, &self.alias)
    }
}

/// Merge mentions sorted and cleared by [`drop_nested`], each with its
/// [`Aliases::key`], into entities.
pub(crate) fn merge_keyed(
    cands: Vec<Cand>,
    cand_keys: Vec<String>,
    aliases: &Aliases,
) -> Vec<Entity> {
    let pair_kind = &aliases.pair_kind;
    let mut index: FastMap<String, usize> = FastMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (i, (c, k)) in cands.iter().zip(cand_keys).enumerate() {
        let gi = *index.entry(k.clone()).or_insert_with(|| {
            groups.push(Group {
                cands: Vec::new(),
                votes: FastMap::default(),
                caps_votes: FastMap::default(),
            });
            keys.push(k);
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(gi) {
            g.cands.push(i);
            let votes = if c.caps {
                &mut g.caps_votes
            } else {
                &mut g.votes
            };
            *votes.entry(c.kind).or_insert(0) += u32::from(c.strength) * u32::from(c.strength);
        }
    }
    let kind_of = |g: &Group| {
        let votes = if g.votes.is_empty() {
            &g.caps_votes
        } else {
            &g.votes
        };
        votes
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .map(|(k, _)| *k)
            .unwrap_or(EntityKind::Org)
    };
    let longest = |g: &Group| {
        g.cands
            .iter()
            .filter_map(|&i| cands.get(i))
            .map(|c| c.text.as_str())
            .max_by_key(|t| t.len())
            .unwrap_or("")
            .to_string()
    };
    let mut parent: Vec<usize> = (0..groups.len()).collect();

    // A place and its "X Province" / "X district" form.
    for (gi, g) in groups.iter().enumerate() {
        if kind_of(g) != EntityKind::Place {
            continue;
        }
        let name = longest(g);
        if let Some((head, last)) = name.rsplit_once(' ') {
            // Administrative units only: "Fergana Valley" is not the city of Fergana,
            // nor the "Mekong Delta" the river.
            let admin = matches!(
                last.to_lowercase().as_str(),
                "province"
                    | "district"
                    | "region"
                    | "county"
                    | "oblast"
                    | "governorate"
                    | "prefecture"
                    | "municipality"
                    | "department"
                    | "state"
            );
            if admin {
                if let Some(&other) = index.get(&key(head)) {
                    if groups
                        .get(other)
                        .is_some_and(|o| matches!(kind_of(o), EntityKind::Place | EntityKind::Org))
                    {
                        union(&mut parent, gi, other);
                    }
                }
            }
        }
    }

    // Shorter forms of an organisation's name: "Monitoring Team" for
    // "Monitoring Team on Taliban Sanctions", "Working Group" for
    // "UN Open-Ended Working Group".
    let mut org_parts: FastMap<String, Vec<usize>> = FastMap::default();
    for (gi, g) in groups.iter().enumerate() {
        if kind_of(g) != EntityKind::Org {
            continue;
        }
        let name = longest(g);
        let words: Vec<&str> = name.split(' ').collect();
        if words.len() < 3 {
            continue;
        }
        let mut forms = Vec::new();
        for (p, w) in words.iter().enumerate() {
            if p >= 2 && matches!(*w, "of" | "on" | "for") {
                forms.push(words.get(..p).map(|w| w.join(" ")).unwrap_or_default());
            }
        }
        for n in 1..words.len().saturating_sub(1) {
            if words
                .get(n)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                forms.push(words.get(n..).map(|w| w.join(" ")).unwrap_or_default());
            }
        }
        for f in forms {
            let v = org_parts.entry(key(&f)).or_default();
            if !v.contains(&gi) {
                v.push(gi);
            }
        }
    }
    // "Ardent" for "Ardent Health Services": a weak single word that opens
    // exactly one organisation's name.
    let mut org_first: FastMap<String, Vec<usize>> = FastMap::default();
    for (gi, g) in groups.iter().enumerate() {
        if kind_of(g) != EntityKind::Org {
            continue;
        }
        let name = longest(g);
        let words: Vec<&str> = name.split(' ').collect();
        if words.len() >= 2 {
            if let Some(f) = words.first() {
                org_first.entry(key(f)).or_default().push(gi);
            }
        }
    }
    for (gi, g) in groups.iter().enumerate() {
        let weak = g
            .cands
            .iter()
            .filter_map(|&i| cands.get(i))
            .all(|c| c.strength <= 1);
        if !weak || longest(g).contains(' ') {
            continue;
        }
        if let Some([only]) = keys
            .get(gi)
            .and_then(|k| org_first.get(k))
            .map(Vec::as_slice)
        {
            if *only != gi {
                union(&mut parent, *only, gi);
            }
        }
    }
    for (gi, g) in groups.iter().enumerate() {
        if kind_of(g) != EntityKind::Org {
            continue;
        }
        if let Some([only]) = keys
            .get(gi)
            .and_then(|k| org_parts.get(k))
            .map(Vec::as_slice)
        {
            if *only != gi {
                union(&mut parent, *only, gi);
            }
        }
    }

    // Partial personal names.
    let mut parts: FastMap<String, Vec<usize>> = FastMap::default();
    for (gi, g) in groups.iter().enumerate() {
        if kind_of(g) != EntityKind::Person {
            continue;
        }
        let name = longest(g);
        let mut words: Vec<&str> = name.split(' ').collect();
        // "Ferdinand Marcos Jr.": the suffix is not the surname.
        while words.len() > 2
            && words.last().is_some_and(|w| {
                matches!(w.trim_end_matches('.'), "Jr" | "Sr" | "II" | "III" | "IV")
            })
        {
            words.pop();
        }
        if words.len() < 2 {
            continue;
        }
        let mut add = |s: String| {
            let v = parts.entry(key(&s)).or_default();
            if !v.contains(&gi) {
                v.push(gi);
            }
        };
        if let Some(last) = words.last() {
            add((*last).to_string());
            if let Some(stripped) = last.strip_prefix("al-") {
                add(stripped.to_string());
            }
        }
        if let Some(first) = words.first() {
            if !is_in(&gz::PARTICLES, &first.to_lowercase()) {
                add((*first).to_string());
            }
        }
        for n in 2..words.len() {
            add(words.get(..n).map(|w| w.join(" ")).unwrap_or_default());
        }
        for n in 1..words.len().saturating_sub(1) {
            add(words.get(n..).map(|w| w.join(" ")).unwrap_or_default());
        }
    }
    // Where each full name is mentioned, to settle ambiguous parts by context.
    let mut reassign: FastMap<usize, usize> = FastMap::default();
    let mut surname_only: Vec<usize> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let Some(candidates) = keys.get(gi).and_then(|k| parts.get(k)) else {
            continue;
        };
        let kind = kind_of(g);
        let weak = g
            .cands
            .iter()
            .filter_map(|&i| cands.get(i))
            .all(|c| c.strength <= 2);
        if candidates.contains(&gi)
            || !(kind == EntityKind::Person
                || weak && matches!(kind, EntityKind::Org | EntityKind::Place))
        {
            continue;
        }
        if let [only] = candidates.as_slice() {
            union(&mut parent, *only, gi);
            continue;
        }
        // Several people share it: the one named last before, in the same
        // document. What stays undecided is still a person.
        surname_only.push(gi);
        for &ci in &g.cands {
            let Some(c) = cands.get(ci) else { continue };
            let mut best: Option<(usize, usize, usize, usize)> = None;
            for &full in candidates {
                let Some(fg) = groups.get(full) else { continue };
                for &fi in &fg.cands {
                    let Some(f) = cands.get(fi) else { continue };
                    if f.doc == c.doc && (f.field, f.span.start) < (c.field, c.span.start) {
                        let pos = (f.field, f.span.start, full, 0);
                        if best.is_none_or(|b| (b.0, b.1) < (pos.0, pos.1)) {
                            best = Some(pos);
                        }
                    }
                }
            }
            if let Some((_, _, full, _)) = best {
                reassign.insert(ci, full);
            }
        }
    }

    // Build the entities.
    let mut members: FastMap<usize, Vec<usize>> = FastMap::default();
    for (gi, g) in groups.iter().enumerate() {
        let root = find(&mut parent, gi);
        for &ci in &g.cands {
            let target = match reassign.get(&ci) {
                Some(&full) => find(&mut parent, full),
                None => root,
            };
            members.entry(target).or_default().push(ci);
        }
    }
    let mut roots: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
    for (_, v) in roots.iter_mut() {
        v.sort_by_key(|&i| cands.get(i).map(|c| (c.doc, c.field, c.span.start)));
    }
    roots.sort_by_key(|(_, v)| {
        v.first()
            .and_then(|&i| cands.get(i))
            .map(|c| (c.doc, c.field, c.span.start))
    });

    let mut out = Vec::new();
    for (root, ms) in roots {
        // Headline mentions vote only when nothing else does.
        let mut votes: FastMap<EntityKind, u32> = FastMap::default();
        let all_caps = ms.iter().all(|&i| cands.get(i).is_none_or(|c| c.caps));
        for &i in &ms {
            if let Some(c) = cands.get(i).filter(|c| all_caps || !c.caps) {
                *votes.entry(c.kind).or_insert(0) += u32::from(c.strength) * u32::from(c.strength);
            }
        }
        let pk = keys.get(root).and_then(|k| pair_kind.get(k));
        let mut kind = votes
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .map(|(k, _)| *k)
            .unwrap_or(EntityKind::Org);
        if surname_only.contains(&root) {
            kind = EntityKind::Person;
        }
        let split = pk.is_none() && !surname_only.contains(&root);
        if let Some((k, _)) = pk {
            kind = *k;
        }
        // Each document votes too: where a document's mentions favour
        // another kind than the corpus's ("Chicago" the team in a sports
        // story, the city elsewhere), they are an entity of that kind. On
        // the development split as one corpus 0.877 became 0.886; a single
        // page is one document and reads the same.
        let mut parts: Vec<(EntityKind, Vec<usize>)> = vec![(kind, Vec::new())];
        // `ms` is in document order: one document's mentions are a run.
        let mut at = 0;
        while let Some(first) = ms.get(at).and_then(|&i| cands.get(i)) {
            let doc = first.doc;
            let run = ms
                .get(at..)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&i| cands.get(i).is_some_and(|c| c.doc == doc))
                .count()
                .max(1);
            let here = ms.get(at..at + run).unwrap_or(&[]);
            at += run;
            let dk = if split {
                let caps = here.iter().all(|&i| cands.get(i).is_none_or(|c| c.caps));
                let mut v: FastMap<EntityKind, u32> = FastMap::default();
                for c in here.iter().filter_map(|&i| cands.get(i)) {
                    if caps || !c.caps {
                        *v.entry(c.kind).or_insert(0) +=
                            u32::from(c.strength) * u32::from(c.strength);
                    }
                }
                v.into_iter()
                    .max_by_key(|(k, v)| (*v, std::cmp::Reverse(*k)))
                    .map_or(kind, |(k, _)| k)
            } else {
                kind
            };
            match parts.iter_mut().find(|p| p.0 == dk) {
                Some(p) => p.1.extend_from_slice(here),
                None => parts.push((dk, here.to_vec())),
            }
        }
        for (kind, ms) in parts {
            if ms.is_empty() {
                continue;
            }
            let texts: Vec<&str> = ms
                .iter()
                .filter_map(|&i| cands.get(i))
                .map(|c| c.text.as_str())
                .collect();
            // The distinct forms, in order of first appearance.
            let mut forms: Vec<&str> = Vec::new();
            for t in &texts {
                if !forms.contains(t) {
                    forms.push(t);
                }
            }
            let rank = |t: &str| (t.chars().count(), t.chars().any(char::is_lowercase));
            let name = forms
                .iter()
                .copied()
                // Longest; then a form not in capitals ("Washington" over
                // "WASHINGTON"); then the first in alphabetical order.
                .max_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| b.cmp(a)))
                .unwrap_or("")
                .to_string();
            let mut aliases: Vec<String> = Vec::new();
            for t in &forms {
                if *t != name {
                    aliases.push((*t).to_string());
                }
            }
            let value = ms
                .iter()
                .filter_map(|&i| cands.get(i))
                .find_map(|c| c.value.clone());
            let mentions = ms
                .iter()
                .filter_map(|&i| cands.get(i))
                .map(|c| Mention {
                    doc: c.doc,
                    field: c.field,
                    span: c.span,
                })
                .collect();
            out.push(Entity {
                name,
                kind,
                aliases,
                mentions,
                value,
                acronym: pk.map(|(_, s)| s.clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn cand(doc: usize, start: usize, text: &str, kind: EntityKind, strength: u8) -> Cand {
        Cand {
            doc,
            field: 0,
            span: Span::new(start, start + text.len()),
            kind,
            strength,
            text: text.to_string(),
            value: None,
            caps: false,
        }
    }

    fn merged(cands: Vec<Cand>) -> Vec<(String, EntityKind, usize)> {
        let aliases = Aliases::new(&[]);
        let cands = drop_nested(cands);
        let keys = cands.iter().map(|c| aliases.key(c)).collect();
        let mut out: Vec<(String, EntityKind, usize)> = merge_keyed(cands, keys, &aliases)
            .into_iter()
            .map(|e| (e.name, e.kind, e.mentions.len()))
            .collect();
        out.sort();
        out
    }

    /// A document whose mentions favour another kind than the corpus's
    /// keeps that kind: the team in a sports story, the city elsewhere.
    #[test]
    fn a_document_voting_another_kind_is_an_entity_of_that_kind() {
        let got = merged(vec![
            cand(0, 0, "Chicago", EntityKind::Place, 3),
            cand(0, 20, "Chicago", EntityKind::Place, 3),
            cand(1, 0, "Chicago", EntityKind::Org, 1),
            cand(1, 20, "Chicago", EntityKind::Org, 1),
            cand(2, 0, "Chicago", EntityKind::Place, 2),
        ]);
        assert_eq!(
            got,
            vec![
                ("Chicago".to_string(), EntityKind::Org, 2),
                ("Chicago".to_string(), EntityKind::Place, 3),
            ]
        );
    }

    /// Within one document the mentions still vote as one entity.
    #[test]
    fn one_document_gives_one_entity_per_name() {
        let got = merged(vec![
            cand(0, 0, "Chicago", EntityKind::Place, 3),
            cand(0, 20, "Chicago", EntityKind::Org, 1),
            cand(0, 40, "Chicago", EntityKind::Org, 1),
        ]);
        assert_eq!(got, vec![("Chicago".to_string(), EntityKind::Place, 3)]);
    }
}
