//! Properties of search over any input: no panic, and every highlight and
//! hit is a well-formed span of the text it indexes.

use dossier::corpus::Corpus;
use dossier::entities::EntitySet;
use dossier::search::{Index, SearchOutput};
use proptest::prelude::*;
use std::sync::OnceLock;

fn seed() -> &'static (Corpus, Index) {
    static SEED: OnceLock<(Corpus, Index)> = OnceLock::new();
    SEED.get_or_init(|| {
        let c = Corpus::bundled();
        let i = Index::build(&c, &EntitySet::default());
        (c, i)
    })
}

fn well_formed(corpus: &Corpus, out: &SearchOutput) -> Result<(), TestCaseError> {
    prop_assert!(out.results.len() <= out.total);
    for r in &out.results {
        let text = &r.snippet.text;
        let mut last_end = 0;
        for h in &r.snippet.highlights {
            prop_assert!(h.start < h.end, "empty highlight {h:?}");
            prop_assert!(h.end <= text.len(), "highlight {h:?} past {}", text.len());
            prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            prop_assert!(h.start >= last_end, "highlights overlap or are unsorted");
            last_end = h.end;
        }
        let doc = corpus.documents.get(r.doc);
        prop_assert!(doc.is_some());
        for hit in &r.hits {
            let field = doc.and_then(|d| d.fields.get(hit.field));
            prop_assert!(field.is_some(), "hit in a missing field");
            let ft = field.map_or("", |f| f.text.as_str());
            prop_assert!(hit.span.end <= ft.len());
            prop_assert!(ft.is_char_boundary(hit.span.start) && ft.is_char_boundary(hit.span.end));
        }
    }
    Ok(())
}

/// Query strings leaning on the syntax: operators, quotes, slashes,
/// parentheses, field prefixes, and words of the seed.
fn query_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "taliban",
        "Talibn",
        "jürg",
        "IMU",
        "\"",
        "“",
        "(",
        ")",
        "-",
        "/",
        "\\",
        "AND",
        "OR",
        "NOT",
        "title:",
        "section:",
        "kind:",
        "entity:",
        "kind:person",
        "*",
        "[",
        "]",
        "{",
        "}",
        "+",
        "?",
        "|",
        "^",
        "$",
        ".",
        "136.609.182",
        "’s",
        "—",
        " ",
        " ",
        "é",
        "🙂",
        "\u{301}",
        "a",
        "covid-19",
        "x{1000}",
        "(?i)",
        "doha",
        "accord",
    ]);
    prop::collection::vec(atoms, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_query_is_answered(q in any::<String>()) {
        let (c, i) = seed();
        let out = i.search(c, &q, 5);
        well_formed(c, &out)?;
    }

    #[test]
    fn syntax_heavy_queries_are_answered(q in query_like()) {
        let (c, i) = seed();
        let out = i.search(c, &q, 5);
        well_formed(c, &out)?;
    }

    #[test]
    fn any_text_any_query(text in "\\PC{0,400}", q in "\\PC{0,24}") {
        let c = Corpus::from_files([("p.txt".to_string(), text.clone().into_bytes())]);
        let i = Index::build(&c, &EntitySet::default());
        let out = i.search(&c, &q, 5);
        well_formed(&c, &out)?;
        // A word of the text, searched, is found and highlighted inside the snippet.
        if let Some(w) = text.split_whitespace().find(|w| w.chars().all(char::is_alphanumeric) && w.chars().count() >= 3) {
            let out = i.search(&c, w, 5);
            well_formed(&c, &out)?;
            prop_assert!(out.total >= 1, "{w:?} not found");
        }
    }
}

#[test]
fn hostile_queries_are_answered() {
    let (c, i) = seed();
    let long_words = "taliban doha ".repeat(5_000);
    let queries = [
        format!("{}taliban{}", "(".repeat(50_000), ")".repeat(50_000)),
        format!("{}taliban", "-NOT ".repeat(20_000)),
        "title:".repeat(5_000),
        long_words,
        "/(a+)+$/".to_string(),
        format!("/{}/", "a{1000}".repeat(50)),
        "/".repeat(1_000),
        "\"".repeat(1_001),
        "x".repeat(100_000),
    ];
    for q in &queries {
        let out = i.search(c, q, 5);
        if let Err(e) = well_formed(c, &out) {
            panic!("{e}");
        }
    }
}
