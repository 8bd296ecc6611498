//! The query-case table (`search_cases.toml`), run against the bundled seed
//! or a small corpus the table defines. Expected documents are named by a
//! distinctive phrase of their text, not by id, so the table survives
//! changes of segmentation.

use dossier::corpus::{Corpus, Field, FieldKind};
use dossier::entities::{Acronym, Entity, EntityKind, EntitySet, Mention};
use dossier::search::{Index, SearchOptions, SearchOutput};
use dossier::span::Span;
use dossier::text::OffsetMap;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Table {
    #[serde(default)]
    corpora: BTreeMap<String, CorpusSpec>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct CorpusSpec {
    /// (name, text) pairs, one document each.
    files: Vec<(String, String)>,
    /// A section label per file, put in front of its document.
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    entities: Vec<EntitySpec>,
    /// (short, long) acronym pairs the entity set gives.
    #[serde(default)]
    acronyms: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct EntitySpec {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// Texts whose every occurrence is a mention.
    mentions: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Case {
    name: String,
    corpus: Option<String>,
    query: String,
    /// Turn prefix and typo matching off.
    exact: bool,
    /// The first result's text contains this.
    first_contains: Option<String>,
    /// Texts highlighted in the first result's snippet.
    highlight: Vec<String>,
    /// Texts among the first result's hits.
    hits: Vec<String>,
    /// The first result's matched words, exactly.
    matched: Vec<String>,
    /// Texts that must not be among any result's hits.
    no_hits: Vec<String>,
    /// (phrase, text) pairs: the result whose text contains the phrase has
    /// the text among its hits, exactly as the page marks it.
    marks: Vec<(String, String)>,
    /// Results in this order, each named by a phrase of its text.
    order: Vec<String>,
    /// No result contains this text.
    none_contains: Vec<String>,
    /// Each is a substring of one diagnostic, and there are no others.
    diagnostics: Vec<String>,
    /// The query as run.
    ran: Option<String>,
    total: Option<usize>,
    min_total: Option<usize>,
    /// "value=count" facet entries.
    sections: Vec<String>,
    kinds: Vec<String>,
}

fn kind_of(s: &str) -> EntityKind {
    match s {
        "person" => EntityKind::Person,
        "org" => EntityKind::Org,
        "place" => EntityKind::Place,
        "date" => EntityKind::Date,
        _ => EntityKind::Quantity,
    }
}

fn build(spec: &CorpusSpec) -> (Corpus, EntitySet) {
    let mut corpus = Corpus::from_files(
        spec.files
            .iter()
            .map(|(n, t)| (n.clone(), t.as_bytes().to_vec())),
    );
    for (doc, section) in corpus.documents.iter_mut().zip(&spec.sections) {
        doc.fields.insert(
            0,
            Field {
                kind: FieldKind::Section,
                text: section.clone(),
                span: Span::new(0, 0),
                map: OffsetMap::identity(0, section.len()),
            },
        );
    }
    let mut set = EntitySet::default();
    for e in &spec.entities {
        let mut mentions = Vec::new();
        for (d, doc) in corpus.documents.iter().enumerate() {
            for (f, field) in doc.fields.iter().enumerate() {
                for m in &e.mentions {
                    for (at, _) in field.text.match_indices(m.as_str()) {
                        mentions.push(Mention {
                            doc: d,
                            field: f,
                            span: Span::new(at, at + m.len()),
                        });
                    }
                }
            }
        }
        set.entities.push(Entity {
            name: e.name.clone(),
            kind: kind_of(&e.kind),
            aliases: e.aliases.clone(),
            mentions,
            value: None,
            acronym: None,
        });
    }
    for (short, long) in &spec.acronyms {
        set.acronyms.push(Acronym {
            short: short.clone(),
            long: long.clone(),
            file: String::new(),
        });
    }
    (corpus, set)
}

fn doc_text(corpus: &Corpus, doc: usize) -> String {
    corpus
        .documents
        .get(doc)
        .map(|d| {
            d.fields
                .iter()
                .map(|f| f.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

fn hit_texts(corpus: &Corpus, out: &SearchOutput, which: Option<usize>) -> Vec<String> {
    out.results
        .iter()
        .enumerate()
        .filter(|(i, _)| which.is_none_or(|w| w == *i))
        .flat_map(|(_, r)| {
            let doc = corpus.documents.get(r.doc);
            r.hits.iter().filter_map(move |h| {
                let f = doc?.fields.get(h.field)?;
                Some(h.span.slice(&f.text).to_string())
            })
        })
        .collect()
}

fn check(case: &Case, corpus: &Corpus, out: &SearchOutput) -> Vec<String> {
    let mut errs = Vec::new();
    let first = out.results.first();
    if let Some(want) = &case.first_contains {
        match first {
            Some(r) if doc_text(corpus, r.doc).contains(want.as_str()) => {}
            Some(r) => errs.push(format!(
                "first result does not contain {want:?}; its snippet: {:?}",
                r.snippet.text
            )),
            None => errs.push(format!("no result; wanted one containing {want:?}")),
        }
    }
    let shown: Vec<&str> = first
        .map(|r| {
            r.snippet
                .highlights
                .iter()
                .map(|s| s.slice(&r.snippet.text))
                .collect()
        })
        .unwrap_or_default();
    for want in &case.highlight {
        if !shown.contains(&want.as_str()) {
            errs.push(format!("{want:?} not highlighted; highlights: {shown:?}"));
        }
    }
    let first_hits = hit_texts(corpus, out, Some(0));
    for want in &case.hits {
        if !first_hits.contains(want) {
            errs.push(format!("{want:?} not a hit; hits: {first_hits:?}"));
        }
    }
    if !case.matched.is_empty() {
        let got = first.map(|r| r.matched_terms.clone()).unwrap_or_default();
        if got != case.matched {
            errs.push(format!("matched {got:?}, wanted {:?}", case.matched));
        }
    }
    let all_hits = hit_texts(corpus, out, None);
    for not in &case.no_hits {
        if all_hits.contains(not) {
            errs.push(format!("{not:?} is a hit but must not be"));
        }
    }
    for (phrase, want) in &case.marks {
        let at = out
            .results
            .iter()
            .position(|r| doc_text(corpus, r.doc).contains(phrase.as_str()));
        match at {
            None => errs.push(format!("no result contains {phrase:?}")),
            Some(at) => {
                let hits = hit_texts(corpus, out, Some(at));
                if !hits.contains(want) {
                    errs.push(format!("{want:?} not marked in {phrase:?}; hits: {hits:?}"));
                }
            }
        }
    }
    let mut last = None;
    for want in &case.order {
        let at = out
            .results
            .iter()
            .position(|r| doc_text(corpus, r.doc).contains(want.as_str()));
        match (at, last) {
            (None, _) => errs.push(format!("no result contains {want:?}")),
            (Some(a), Some(l)) if a <= l => errs.push(format!("{want:?} ranks too high ({a})")),
            (Some(a), _) => last = Some(a),
        }
    }
    for not in &case.none_contains {
        if out
            .results
            .iter()
            .any(|r| doc_text(corpus, r.doc).contains(not.as_str()))
        {
            errs.push(format!("a result contains {not:?}"));
        }
    }
    let diags_ok = out.diagnostics.len() == case.diagnostics.len()
        && case
            .diagnostics
            .iter()
            .all(|w| out.diagnostics.iter().any(|d| d.contains(w.as_str())));
    if !diags_ok {
        errs.push(format!(
            "diagnostics {:?}, wanted {:?}",
            out.diagnostics, case.diagnostics
        ));
    }
    if let Some(ran) = &case.ran {
        if &out.query != ran {
            errs.push(format!("ran {:?}, wanted {ran:?}", out.query));
        }
    }
    if let Some(t) = case.total {
        if out.total != t {
            errs.push(format!("total {}, wanted {t}", out.total));
        }
    }
    if let Some(t) = case.min_total {
        if out.total < t {
            errs.push(format!("total {}, wanted at least {t}", out.total));
        }
    }
    let facet = |list: &[dossier::search::FacetCount]| -> Vec<String> {
        list.iter()
            .map(|f| format!("{}={}", f.value, f.count))
            .collect()
    };
    if !case.sections.is_empty() && facet(&out.facets.sections) != case.sections {
        errs.push(format!("section facets {:?}", facet(&out.facets.sections)));
    }
    if !case.kinds.is_empty() && facet(&out.facets.kinds) != case.kinds {
        errs.push(format!("kind facets {:?}", facet(&out.facets.kinds)));
    }
    errs
}

#[test]
fn query_cases() {
    let src = include_str!("search_cases.toml");
    let table: Table = match toml::from_str(src) {
        Ok(t) => t,
        Err(e) => panic!("search_cases.toml: {e}"),
    };
    let seed = Corpus::bundled();
    // The seed runs with no entities: cases must not depend on extraction.
    let seed_index = Index::build(&seed, &EntitySet::default());
    let built: BTreeMap<&str, (Corpus, Index)> = table
        .corpora
        .iter()
        .map(|(name, spec)| {
            let (c, set) = build(spec);
            let ix = Index::build(&c, &set);
            (name.as_str(), (c, ix))
        })
        .collect();
    let mut failures = Vec::new();
    for case in &table.case {
        let (corpus, index) = match case.corpus.as_deref() {
            None | Some("seed") => (&seed, &seed_index),
            Some(name) => match built.get(name) {
                Some((c, i)) => (c, i),
                None => {
                    failures.push(format!("{}: no corpus {name}", case.name));
                    continue;
                }
            },
        };
        let mut opts = SearchOptions {
            limit: 20,
            ..SearchOptions::default()
        };
        if case.exact {
            opts.matching.prefix = false;
            opts.matching.fuzzy = false;
        }
        let out = index.search_with(corpus, &case.query, &opts);
        for e in check(case, corpus, &out) {
            failures.push(format!("{} ({:?}): {e}", case.name, case.query));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
