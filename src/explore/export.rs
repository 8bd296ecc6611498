//! CSV and JSON exports of the entity table and of search results, the same
//! for the page's downloads and the command line.

use super::table;
use crate::corpus::Corpus;
use crate::entities::EntitySet;
use crate::search::SearchOutput;

/// One CSV field, quoted when it needs to be (RFC 4180). A leading `=`,
/// `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs corpus
/// text as a formula.
pub(crate) fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// `name,kind,mentions,articles,aliases,acronym,value`, most mentioned first.
pub fn entities_csv(set: &EntitySet) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "name", "kind", "mentions", "articles", "aliases", "acronym", "value",
        ],
    );
    for r in table(set) {
        let e = &set.entities[r.entity];
        row(
            &mut out,
            &[
                &e.name,
                e.kind.name(),
                &r.mentions.to_string(),
                &r.articles.to_string(),
                &e.aliases.join("; "),
                e.acronym.as_deref().unwrap_or(""),
                e.value.as_deref().unwrap_or(""),
            ],
        );
    }
    out
}

/// `rank,document,title,section,score,hits,snippet` for the results.
pub fn results_csv(corpus: &Corpus, found: &SearchOutput) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "rank", "document", "title", "section", "score", "hits", "snippet",
        ],
    );
    for (n, r) in found.results.iter().enumerate() {
        let Some(d) = corpus.documents.get(r.doc) else {
            continue;
        };
        row(
            &mut out,
            &[
                &(n + 1).to_string(),
                &d.id,
                d.title().unwrap_or(""),
                d.section().unwrap_or(""),
                &format!("{:.3}", r.score),
                &r.hits.len().to_string(),
                &r.snippet.text,
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-1, 2"), "\"'-1, 2\"");
    }

    #[test]
    fn the_seed_table_exports_one_row_per_entity() {
        let c = Corpus::bundled();
        let set = crate::entities::extract(&c);
        let csv = entities_csv(&set);
        assert_eq!(csv.lines().count(), set.entities.len() + 1);
        assert!(csv.starts_with("name,kind,mentions,articles,aliases,acronym,value\r\n"));
        assert!(csv.contains("Taliban,org,"));
    }
}
