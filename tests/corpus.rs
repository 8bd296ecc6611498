//! The corpus stage: golden outputs for test pages in many site styles,
//! facts of the bundled seed page, and properties over arbitrary bytes.
//!
//! Refresh goldens with `UPDATE_GOLDEN=1 cargo test --test corpus`, then
//! review every changed line by eye.

use dossier::corpus::wire::ParseOutput;
use dossier::corpus::{parse, Corpus, FieldKind, BUNDLED, BUNDLED_NAME};
use dossier::Span;
use proptest::prelude::*;
use std::path::Path;

fn parse_page(file: &str) -> Corpus {
    let path = format!("tests/pages/{file}");
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap_or_default();
    assert!(!bytes.is_empty(), "missing test page {path}");
    Corpus::from_files([(path, bytes)])
}

fn check_golden(name: &str, corpus: &Corpus) {
    let out = ParseOutput::new(corpus);
    let json = serde_json::to_string_pretty(&out).unwrap_or_default() + "\n";
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/corpus/{name}.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &json).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == json,
        "golden {name} differs (UPDATE_GOLDEN=1 to refresh, then review):\n{json}"
    );
}

macro_rules! golden {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let corpus = parse_page($file);
            check_spans(
                &std::fs::read(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join(concat!("tests/pages/", $file)),
                )
                .unwrap_or_default(),
                &corpus,
            );
            no_chrome(&corpus);
            check_golden(stringify!($test), &corpus);
        }
    };
}

golden!(listing, "listing.txt");
golden!(dateline, "dateline.txt");
golden!(byline_authors, "byline_authors.txt");
golden!(footnotes, "footnotes.txt");
golden!(article_html, "article.html");
golden!(post_md, "post.md");
golden!(dropcap, "dropcap.txt");
golden!(multi, "multi.txt");
golden!(plain, "plain.txt");
golden!(latin1, "latin1.txt");
golden!(binary_pdf, "scan.pdf");
golden!(eurasia_crlf, "eurasia_crlf.txt");
golden!(archive_html, "archive.html");
golden!(teasers, "teasers.txt");
golden!(dek, "dek.txt");
golden!(oldstyle_html, "oldstyle.htm");
golden!(logo_html, "logo.html");
golden!(wordpress, "wordpress.txt");
golden!(standfirst, "standfirst.txt");
golden!(sections, "sections.txt");
golden!(seedstyle_byline, "seedstyle_byline.txt");
golden!(wire_loss, "loss/wire.txt");
golden!(md_cases, "md/cases.md");
// Made from styles/court_ruling.txt (UTF-16 with a byte-order mark) and by
// hand: Latin-1 lines inside UTF-8, a decomposed (NFD) page, stray NULs.
golden!(utf16_le, "encodings/utf16le.txt");
golden!(utf16_be, "encodings/utf16be.txt");
golden!(mixed_latin1, "encodings/mixed.txt");
golden!(nfd, "encodings/nfd.txt");
golden!(stray_nul, "encodings/nul.txt");
golden!(style_press_release, "styles/press_release.txt");
golden!(
    style_transcript_interview,
    "styles/transcript_interview.txt"
);
golden!(style_classifieds, "styles/classifieds.txt");
golden!(style_election_table, "styles/election_table.txt");
golden!(style_court_ruling, "styles/court_ruling.txt");
golden!(style_weather, "styles/weather.txt");
golden!(style_obituary, "styles/obituary.txt");
golden!(style_market_report, "styles/market_report.txt");
golden!(style_blog_comments, "styles/blog_comments.txt");
golden!(style_event_calendar, "styles/event_calendar.txt");

#[test]
fn seed_golden() {
    let corpus = Corpus::bundled();
    check_spans(BUNDLED, &corpus);
    check_golden("seed", &corpus);
}

/// Every span inside the input, on character boundaries; sub-spans of a
/// field map inside the field's span.
fn check_spans(input: &[u8], corpus: &Corpus) {
    // UTF-16 input's offsets index its decoded text.
    let decoded = dossier::corpus::offset_text(input).map(String::into_bytes);
    let input = decoded.as_deref().unwrap_or(input);
    let text = std::str::from_utf8(input).ok();
    for doc in &corpus.documents {
        for f in &doc.fields {
            assert!(
                f.span.start <= f.span.end && f.span.end <= input.len(),
                "{:?} outside input",
                f.span
            );
            if let Some(t) = text {
                assert!(t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end));
                // A table's cells are the input's bytes, exactly.
                for cell in f.table_rows().into_iter().flatten() {
                    assert_eq!(f.original(cell).slice(t), cell.slice(&f.text));
                }
            }
            let bounds: Vec<usize> = f
                .text
                .char_indices()
                .map(|(i, _)| i)
                .chain([f.text.len()])
                .collect();
            for (k, &a) in bounds.iter().enumerate().step_by(7) {
                for &b in bounds.iter().skip(k).step_by(11) {
                    let o = f.original(Span::new(a, b));
                    assert!(
                        f.span.contains(o),
                        "{o:?} of {:?} outside {:?}",
                        (a, b),
                        f.span
                    );
                }
            }
        }
    }
}

const CHROME: &[&str] = &[
    "Connect with us",
    "Published",
    "on",
    "Continue Reading",
    "Comments",
    "Publications",
    "Latest",
    "Trending",
    "Share",
    "Tweet",
    "Email",
    "Read More",
    "Related Articles",
    "Leave a Reply",
    "Next",
    "Most Read",
    "Newsletter",
    "Sign in",
    "Subscribe",
    "Menu",
    "Home",
    "Skip to content",
    "people art",
];

fn no_chrome(corpus: &Corpus) {
    for doc in &corpus.documents {
        for f in &doc.fields {
            let t = f.text.trim();
            assert!(
                !CHROME.iter().any(|c| c.eq_ignore_ascii_case(t)),
                "chrome {t:?} kept as {:?} in {}",
                f.kind,
                doc.id
            );
        }
    }
}

#[test]
fn seed_articles_titles_and_sections() {
    let corpus = Corpus::bundled();
    let titles: Vec<_> = corpus.documents.iter().map(|d| d.title()).collect();
    assert_eq!(
        titles,
        [
            Some("UN Security Council: Taliban continues to patronize Central Asian Jihadists"),
            Some("Covid 19 and Human Security in Anthropocene era"),
            Some("COVID-19 As an Agent of Change in World Order"),
            Some("Broad Cyber-Consensus"),
        ]
    );
    for d in &corpus.documents {
        assert_eq!(d.section(), Some("Intelligence"));
        assert_eq!(d.file, BUNDLED_NAME);
    }
    no_chrome(&corpus);
}

#[test]
fn seed_teasers() {
    let corpus = Corpus::bundled();
    let got: Vec<_> = corpus
        .teasers
        .iter()
        .map(|t| (t.section.as_deref(), t.age.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Russia"), Some("1 hour ago")),
            (Some("Defense"), Some("3 hours ago")),
            (Some("Defense"), Some("4 hours ago")),
            (Some("Intelligence"), Some("1 day ago")),
            (Some("New Social Compact"), Some("1 day ago")),
            (Some("Americas"), Some("2 days ago")),
            (Some("South Asia"), Some("2 days ago")),
        ]
    );
    assert!(corpus
        .teasers
        .iter()
        .all(|t| t.snippet.as_deref().is_some_and(|s| s.ends_with("..."))));
    // The Covid teaser repeats article 2: linked, not a document of its own.
    let covid = corpus.teasers.get(3).and_then(|t| t.document.clone());
    assert_eq!(
        covid.as_deref(),
        corpus.documents.get(1).map(|d| d.id.as_str())
    );
    let linked = corpus
        .teasers
        .iter()
        .filter(|t| t.document.is_some())
        .count();
    assert_eq!(linked, 1);
    assert_eq!(corpus.documents.len(), 4);
}

#[test]
fn seed_captions_headings_lists_attribution() {
    let corpus = Corpus::bundled();
    let docs = &corpus.documents;
    let kinds = |i: usize, k: FieldKind| -> Vec<String> {
        docs.get(i)
            .map(|d| {
                d.fields
                    .iter()
                    .filter(|f| f.kind == k)
                    .map(|f| f.text.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let leads: Vec<_> = docs.iter().map(|d| d.lead_caption()).collect();
    // Article 2's "people art" is image alt-text junk: dropped, not a caption.
    assert_eq!(
        leads,
        [
            Some("Taliban militants in training at Mahmud Ghaznavi Military Camp"),
            None,
            Some("Image: Alexandra Nicolae/Unsplash"),
            None
        ]
    );
    assert_eq!(
        kinds(0, FieldKind::Caption),
        [
            "Mullah Haibatullah Akhunzada, the emir of Taliban",
            "Uzbek Jihadists of Katibat Imam al-Bukhari, the most loyal Taliban supporters from Central Asia"
        ]
    );
    assert_eq!(kinds(0, FieldKind::Heading), ["Conclusion"]);
    assert!(kinds(2, FieldKind::Heading).starts_with(&[
        "Cooperation".to_string(),
        "Security".into(),
        "Balance of Power".into(),
        "Vaccine Race".into(),
        "Financial World Order".into(),
    ]));
    assert_eq!(
        kinds(3, FieldKind::Heading),
        [
            "A Victory for Diplomacy",
            "Let the Talks Continue",
            "Negotiations after Negotiations"
        ]
    );
    assert_eq!(
        kinds(3, FieldKind::ListItem),
        [
            "Existing and Potential Threats",
            "Rules, Norms and Principles for Responsible State Behaviour",
            "International Law",
            "Confidence-Building Measures",
            "Capacity-Building in ICT",
            "Regular Institutional Dialogue on ICT"
        ]
    );
    assert_eq!(kinds(3, FieldKind::Attribution), ["From our partner RIAC"]);
    for i in 0..3 {
        assert!(kinds(i, FieldKind::Attribution).is_empty());
        assert!(kinds(i, FieldKind::ListItem).is_empty());
    }
}

#[test]
fn seed_repairs_keep_the_map() {
    let corpus = Corpus::bundled();
    let input = std::str::from_utf8(BUNDLED).unwrap_or("");
    let find = |needle: &str| {
        corpus
            .documents
            .iter()
            .flat_map(|d| d.fields.iter())
            .find_map(|f| {
                f.text
                    .find(needle)
                    .map(|i| (f, Span::new(i, i + needle.len())))
            })
    };
    for (fixed, raw) in [
        ("2020. After", "2020.After"),
        ("Badakhshan, Faryab", "Badakhshan,Faryab"),
        ("fold. In", "fold.In"),
    ] {
        let (f, span) = find(fixed).unwrap_or_else(|| panic!("{fixed:?} not repaired"));
        assert_eq!(f.original(span).slice(input), raw);
    }
    // The NBSP run after a heading is gone from the text, not from the input.
    let (f, _) = find("Financial World Order").unwrap_or_else(|| panic!("heading missing"));
    assert_eq!(f.text, "Financial World Order");
    assert_eq!(f.kind, FieldKind::Heading);
}

#[test]
fn search_sees_no_teaser_twice() {
    // The teaser list is not a document: only four documents are indexed.
    let corpus = Corpus::bundled();
    assert!(corpus
        .documents
        .iter()
        .all(|d| d.title() != Some("Athletes knock the legs from under global sports governance")));
}

#[test]
fn corpus_add_keeps_teaser_links_on_renamed_ids() {
    let seed = || (BUNDLED_NAME.to_string(), BUNDLED.to_vec());
    let corpus = Corpus::from_files([seed(), seed()]);
    assert_eq!(corpus.documents.len(), 8);
    let ids: std::collections::HashSet<_> = corpus.documents.iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids.len(), 8);
    for t in &corpus.teasers {
        if let Some(id) = &t.document {
            assert!(ids.contains(id));
        }
    }
    assert_eq!(
        corpus.teasers.get(10).and_then(|t| t.document.as_deref()),
        corpus.documents.get(5).map(|d| d.id.as_str())
    );
}

#[test]
fn empty_and_binary_give_diagnostics_only() {
    for bytes in [
        &b""[..],
        b"\x00\x01\x02binary\x00",
        b"%PDF-1.7\n",
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ] {
        let p = parse("x", bytes);
        assert!(p.documents.is_empty());
        assert!(!p.diagnostics.is_empty());
    }
}

fn check_any(bytes: &[u8]) {
    let p = parse("fuzz.txt", bytes);
    let corpus = Corpus::from_files([("fuzz".to_string(), bytes.to_vec())]);
    check_spans(bytes, &corpus);
    for d in &p.documents {
        assert!(!d.fields.is_empty());
    }
    let p = parse("fuzz.html", bytes);
    let c = Corpus {
        documents: p.documents,
        ..Corpus::default()
    };
    check_spans(bytes, &c);
    let p = parse("fuzz.md", bytes);
    let c = Corpus {
        documents: p.documents,
        ..Corpus::default()
    };
    check_spans(bytes, &c);
}

fn samples() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut out = vec![
        BUNDLED.get(..6000).unwrap_or(BUNDLED).to_vec(),
        BUNDLED
            .get(BUNDLED.len().saturating_sub(3000)..)
            .unwrap_or(BUNDLED)
            .to_vec(),
    ];
    for f in [
        "article.html",
        "post.md",
        "dateline.txt",
        "listing.txt",
        "footnotes.txt",
    ] {
        out.push(std::fs::read(dir.join(f)).unwrap_or_default());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_any(&bytes);
    }

    #[test]
    fn never_panics_on_strings(s in "(?s).{0,400}") {
        check_any(s.as_bytes());
    }

    #[test]
    fn never_panics_on_page_like_text(s in "([A-Za-z]{1,8}[ .,\\[\\]<>&;#/=\"'\u{a0}•—\n]{1,3}){0,80}") {
        check_any(s.as_bytes());
    }

    #[test]
    fn never_panics_on_mutated_pages(
        which in 0usize..7,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..12),
    ) {
        let all = samples();
        let mut page = all.get(which).cloned().unwrap_or_default();
        for (at, byte, op) in edits {
            if page.is_empty() {
                page.push(byte);
                continue;
            }
            let i = at.index(page.len());
            match op {
                0 => page.insert(i, byte),
                1 => { page.remove(i); }
                _ => if let Some(b) = page.get_mut(i) { *b = byte },
            }
        }
        check_any(&page);
    }
}

/// Text that segmentation reads as nothing but chrome is still the reader's
/// text: a one-line Arabic or Telugu note, or two lowercase words, become
/// one plain document rather than "no text found".
#[test]
fn caseless_scripts_and_lone_short_lines_are_kept() {
    for text in ["القاعدة في أفغانستان", "𑦪పஜ", "people art", "Кабул сегодня"]
    {
        let parsed = dossier::corpus::parse("note.txt", text.as_bytes());
        assert_eq!(parsed.documents.len(), 1, "{text}");
        let body: Vec<&str> = parsed.documents[0]
            .body()
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(body, [text], "{text}");
    }
}

/// Letters and digits only, lower case.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whitespace runs to one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a page with a `.chrome` list beside it lost: (content lines kept,
/// content lines not found in the corpus, chrome lines kept as a field).
fn line_loss(page: &str) -> (usize, Vec<String>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let bytes = std::fs::read(root.join(page)).unwrap_or_default();
    let chrome_file = root.join(page).with_extension("chrome");
    let chrome: Vec<String> = std::fs::read_to_string(chrome_file)
        .unwrap_or_default()
        .lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(!bytes.is_empty(), "missing {page}");
    let corpus = Corpus::from_files([(page.to_string(), bytes.clone())]);
    let mut fields: Vec<String> = Vec::new();
    for d in &corpus.documents {
        fields.extend(d.fields.iter().map(|f| squash(&f.text)));
    }
    for t in &corpus.teasers {
        let head = format!(
            "{}{}",
            t.section.as_deref().unwrap_or(""),
            t.age.as_deref().unwrap_or("")
        );
        fields.push(squash(&head));
        fields.push(squash(&t.title));
        fields.extend(t.snippet.as_deref().map(squash));
    }
    let all = key(&fields.join("\n"));
    let (mut kept, mut lost, mut chrome_kept) = (0, Vec::new(), Vec::new());
    for line in String::from_utf8_lossy(&bytes).lines().map(squash) {
        if line.is_empty() {
            continue;
        }
        if chrome.contains(&line) {
            let long = line.split(' ').count() >= 4;
            if fields
                .iter()
                .any(|f| *f == line || long && f.contains(&line))
            {
                chrome_kept.push(line);
            }
            continue;
        }
        // Letters and digits decide: a bullet mark or the dash after a
        // dateline split off its paragraph is not content; "By" before a
        // byline is a label, and a date before "by" is the dateline.
        let k = key(&line);
        let parts: Vec<String> = line
            .strip_prefix("By ")
            .unwrap_or(&line)
            .split(" by ")
            .map(key)
            .collect();
        if k.is_empty() {
            continue;
        }
        if all.contains(&k) || parts.iter().all(|p| all.contains(p.as_str())) {
            kept += 1;
        } else {
            lost.push(line);
        }
    }
    (kept, lost, chrome_kept)
}

fn pages_in(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut out: Vec<String> = std::fs::read_dir(root.join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.ends_with(".chrome"))
                .map(|n| format!("{dir}/{n}"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Every content line of the wire-style text and of the tuning pages is in
/// the parsed corpus; no chrome line is.
#[test]
fn no_content_line_is_dropped() {
    let mut pages = vec!["loss/wire.txt".to_string()];
    pages.extend(pages_in("styles"));
    let mut failures = Vec::new();
    let (mut kept, mut lost_n) = (0, 0);
    for p in &pages {
        let (k, lost, chrome) = line_loss(p);
        kept += k;
        lost_n += lost.len();
        for l in lost {
            failures.push(format!("{p}: lost {l:?}"));
        }
        for l in chrome {
            failures.push(format!("{p}: chrome kept {l:?}"));
        }
    }
    println!("content lines kept {kept}, lost {lost_n}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The held-out pages' figures (not tuned on): `cargo test --test corpus
/// held_out -- --ignored --nocapture` prints them.
#[test]
#[ignore]
fn held_out_line_loss() {
    let (mut kept, mut lost_n, mut chrome_n) = (0, 0, 0);
    for p in pages_in("heldout") {
        let (k, lost, chrome) = line_loss(&p);
        println!(
            "{p}: kept {k}, lost {}, chrome kept {}",
            lost.len(),
            chrome.len()
        );
        for l in &lost {
            println!("  lost {l:?}");
        }
        for l in &chrome {
            println!("  chrome {l:?}");
        }
        kept += k;
        lost_n += lost.len();
        chrome_n += chrome.len();
    }
    println!("held out: content lines kept {kept}, lost {lost_n}; chrome lines kept {chrome_n}");
}

/// UTF-16 reads as the same page as UTF-8, offsets into its decoded text.
#[test]
fn utf16_reads_like_its_utf8_twin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let utf8 = std::fs::read(root.join("styles/court_ruling.txt")).unwrap_or_default();
    let want = ParseOutput::new(&Corpus::from_files([("a.txt".to_string(), utf8.clone())]));
    for f in ["encodings/utf16le.txt", "encodings/utf16be.txt"] {
        let bytes = std::fs::read(root.join(f)).unwrap_or_default();
        let got = ParseOutput::new(&Corpus::from_files([("a.txt".to_string(), bytes)]));
        let blocks = |o: &ParseOutput| -> Vec<(String, usize, usize)> {
            o.documents
                .iter()
                .flat_map(|d| d.blocks.iter().map(|b| (b.text.clone(), b.start, b.end)))
                .collect()
        };
        // The decoded text is the UTF-8 file's: the same blocks at the same offsets.
        assert_eq!(blocks(&got), blocks(&want), "{f}");
        assert!(got.documents.iter().all(|d| d.offsets == Some("text")));
        assert!(want.documents.iter().all(|d| d.offsets.is_none()));
        assert!(got.diagnostics.iter().any(|n| n.contains("UTF-16")));
    }
}

fn entity_names(file: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let bytes = std::fs::read(root.join(file)).unwrap_or_default();
    let corpus = Corpus::from_files([(file.to_string(), bytes)]);
    let set = dossier::entities::extract(&corpus);
    set.entities.iter().map(|e| e.name.clone()).collect()
}

/// "Jürg" in a Latin-1 line of a UTF-8 file, or decomposed (NFD), is one
/// entity "Jürg Kaufmann", as if the page had been clean.
#[test]
fn mixed_and_decomposed_names_are_one_entity() {
    for f in ["encodings/mixed.txt", "encodings/nfd.txt"] {
        let names = entity_names(f);
        assert!(names.iter().any(|n| n == "Jürg Kaufmann"), "{f}: {names:?}");
        assert!(names.iter().any(|n| n == "René Müller"), "{f}: {names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.contains('\u{FFFD}') || n == "J" || n == "Ju"),
            "{f}: {names:?}"
        );
    }
    let p = parse(
        "mixed.txt",
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/encodings/mixed.txt"),
        )
        .unwrap_or_default(),
    );
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.contains("2 line(s) not UTF-8")),
        "{:?}",
        p.diagnostics
    );
}

fn utf16(s: &str, be: bool) -> Vec<u8> {
    let mut out = if be {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in s.encode_utf16() {
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn utf16_spans_stay_in_the_decoded_text(s in "(?s).{0,300}", be in any::<bool>()) {
        check_any(&utf16(&s, be));
    }

    #[test]
    fn mixed_encoding_spans_stay_on_input_characters(
        s in "([A-Za-zäöüé]{1,8}[ .,\n]{1,2}){0,60}",
        latin in proptest::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 0..8),
    ) {
        let mut bytes = s.into_bytes();
        for (at, b) in latin {
            let i = at.index(bytes.len() + 1);
            // Only between characters: a Latin-1 byte inside a UTF-8 one is noise.
            if i == bytes.len() || bytes.get(i).is_some_and(|&x| !(0x80..0xC0).contains(&x)) {
                bytes.insert(i, b);
            }
        }
        let corpus = Corpus::from_files([("m.txt".to_string(), bytes.clone())]);
        check_spans(&bytes, &corpus);
        for d in &corpus.documents {
            for f in &d.fields {
                let clean = !f.text.contains('\u{FFFD}');
                prop_assert!(clean, "{:?}", f.text);
            }
        }
    }

    #[test]
    fn table_like_text_keeps_exact_cells(s in "([A-Z][a-z]{0,7}( [A-Z][a-z]{1,6})?( {1,4}[+-]?[0-9]{1,4}([.,][0-9]{1,2})?){1,4}\n){0,12}") {
        let corpus = Corpus::from_files([("t.txt".to_string(), s.clone().into_bytes())]);
        // check_spans holds every cell to its input bytes.
        check_spans(s.as_bytes(), &corpus);
    }

    #[test]
    fn nfc_spans_cover_whole_decomposed_characters(s in "([A-Za-z]{1,6}[\u{300}-\u{36f}]{0,2}[ .\n]{1,2}){0,60}") {
        let corpus = Corpus::from_files([("n.txt".to_string(), s.clone().into_bytes())]);
        check_spans(s.as_bytes(), &corpus);
        for d in &corpus.documents {
            for f in &d.fields {
                // Every mark the text keeps (NFC leaves some) starts no span.
                let o = f.original(Span::new(0, f.text.len()));
                prop_assert!(s.is_char_boundary(o.start) && s.is_char_boundary(o.end));
                let mark = o.slice(&s).chars().next().is_some_and(|c| ('\u{300}'..='\u{36f}').contains(&c));
                prop_assert!(!mark, "{:?}", o);
            }
        }
    }
}

/// The Markdown cases a hand-written reader got wrong: code spans keep
/// every character, a pipe table is a table block, a URL with brackets
/// leaves nothing behind, inline HTML tags go and their text stays, code
/// blocks and footnotes are kept.
#[test]
fn markdown_cases() {
    let corpus = parse_page("md/cases.md");
    let doc = corpus.documents.first().cloned();
    let Some(doc) = doc else {
        panic!("no document")
    };
    let body: Vec<(FieldKind, &str)> = doc.body().map(|f| (f.kind, f.text.as_str())).collect();
    let has = |k: FieldKind, s: &str| body.iter().any(|(kind, t)| *kind == k && t.contains(s));
    assert!(has(
        FieldKind::Paragraph,
        "with rm *.txt and keep the logs (*.log, _build/)."
    ));
    assert!(has(
        FieldKind::Paragraph,
        "A literal backtick: a`b, and an escaped star: 2 * 3 = 6."
    ));
    assert!(has(
        FieldKind::Paragraph,
        "on the team wiki and the old page [archived] still works."
    ));
    assert!(has(
        FieldKind::Paragraph,
        "Prices went up sharply in March, see the table."
    ));
    assert!(!body.iter().any(|(_, t)| t.contains("](")
        || t.contains(")") && t.contains("wiki)")
        || t.contains('<')));
    let table = doc
        .body()
        .find(|f| f.kind == FieldKind::Table)
        .unwrap_or_else(|| panic!("no table in {body:?}"));
    let rows: Vec<Vec<&str>> = table
        .table_rows()
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.slice(&table.text)).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["Item", "Price (EUR)", "Change"],
            ["Bread", "2.40", "+0.10"],
            ["Milk, 1 l", "1.15", "-0.05"],
            ["coffee", "8.90", "+1.20"],
        ]
    );
    let input = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/md/cases.md"),
    )
    .unwrap_or_default();
    // Each cell maps to its own text in the input, markup outside it.
    for cell in table.table_rows().into_iter().flatten() {
        let o = table.original(cell);
        assert!(o.slice(&input).contains(cell.slice(&table.text)));
    }
    assert!(has(FieldKind::Code, "echo \"done\"   # two spaces kept"));
    assert!(has(FieldKind::ListItem, "on the old disk"));
    assert!(has(
        FieldKind::ListItem,
        "Said by Kari Nord, chief archivist."
    ));
    assert!(has(
        FieldKind::Quote,
        "The archive is the memory of the newsroom."
    ));
    assert!(has(FieldKind::Paragraph, "Archivists met in Oslo in 2019."));
}

/// A file of one 2 MB line is split into blocks of at most 64 KB, with a
/// note, and every word of it is still there.
#[test]
fn one_huge_line_is_split_not_cut() {
    let sentence = "The minister said on Tuesday that talks in Vienna would resume. ";
    let line = sentence.repeat(2 * 1024 * 1024 / sentence.len());
    let p = parse("huge.txt", line.as_bytes());
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.contains("split into paragraphs")),
        "{:?}",
        p.diagnostics
    );
    let fields: Vec<&dossier::corpus::Field> =
        p.documents.iter().flat_map(|d| d.fields.iter()).collect();
    assert!(fields.len() >= 32);
    assert!(fields.iter().all(|f| f.text.len() <= 64 * 1024));
    let words: usize = fields
        .iter()
        .map(|f| f.text.split_whitespace().count())
        .sum();
    assert_eq!(words, line.split_whitespace().count());
}
