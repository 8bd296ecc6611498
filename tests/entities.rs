//! The entities stage held to its gold annotations: per-kind F1 on the seed
//! and on our own pages, acronym pairs, exact spans, corrections, and a
//! property test that extraction never panics.

use dossier::corpus::{Corpus, FieldKind};
use dossier::entities::model::{DocWords, Model, Work};
use dossier::entities::score::{score, Gold, Report};
use dossier::entities::tokens::tokenize;
use dossier::entities::wire::EntitiesOutput;
use dossier::entities::{extract, extract_with, Corrections, EntityKind};
use proptest::prelude::*;
use std::path::Path;

const SEED: &str = "seeds/000_305abcc8f379b296.txt";

/// The gold file of each of our own pages, by page name.
const PAGES: &[&str] = &[
    "sahel_election",
    "eu_energy",
    "andes_cocaine",
    "reef_standoff",
    "ransomware",
    "outbreak",
    "kashgar_trade",
    "court_ruling",
    "gulf_tensions",
    "westminster_budget",
    "frontline_report",
    "mekong_dams",
    "kashmir_attack",
    "chip_controls",
];

fn corpus_of(path: &str) -> (Corpus, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(path)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (Corpus::from_files([(path.to_string(), bytes)]), text)
}

fn gold_of(name: &str) -> Gold {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(format!("tests/gold/entities/{name}.tsv")))
        .unwrap_or_default();
    let gold = Gold::parse(&text);
    assert!(gold.problems.is_empty(), "{name}: {:?}", gold.problems);
    assert!(!gold.entities.is_empty(), "{name}: no gold");
    gold
}

fn run(page: &str, gold: &str) -> Report {
    let (corpus, text) = corpus_of(page);
    let set = extract(&corpus);
    let report = score(&corpus, &set, &gold_of(gold), &text);
    println!("{}", report.table(page));
    if std::env::var_os("ENTITY_ERRORS").is_some() {
        println!("{}", report.errors());
    }
    report
}

#[test]
fn seed_scores_at_least_090_per_kind_and_all_acronym_pairs() {
    let r = run(SEED, "seed");
    for k in EntityKind::MAIN {
        let f1 = r.kind(k).f1();
        assert!(f1 >= 0.90, "seed {}: F1 {f1:.3}\n{}", k.name(), r.errors());
    }
    assert_eq!(r.acronyms.tp, 18, "{}", r.errors());
    assert_eq!(r.acronyms.fp, 0, "{}", r.errors());
}

#[test]
fn own_pages_score_at_least_085() {
    let mut total = Report::default();
    let mut low = Vec::new();
    for p in PAGES {
        let r = run(&format!("tests/pages/entities/{p}.txt"), p);
        let f1 = r.overall().f1();
        if f1 < 0.85 {
            low.push(format!("{p}: overall F1 {f1:.3}\n{}", r.errors()));
        }
        total.absorb(&r);
    }
    println!("{}", total.table("all own pages"));
    assert!(low.is_empty(), "{}", low.join("\n"));
    for k in EntityKind::MAIN {
        let f1 = total.kind(k).f1();
        assert!(f1 >= 0.85, "own pages {}: F1 {f1:.3}", k.name());
    }
    let a = total.acronyms;
    assert!(
        a.precision() >= 0.95 && a.recall() >= 0.95,
        "acronyms P {:.3} R {:.3}\n{}",
        a.precision(),
        a.recall(),
        total.errors()
    );
}

/// Every mention's text is exactly its input bytes, with no leading "the",
/// trailing possessive or punctuation.
fn assert_exact(corpus: &Corpus, sources: &[(String, Vec<u8>)]) {
    let set = extract(corpus);
    for e in &set.entities {
        assert!(!e.mentions.is_empty(), "{} has no mention", e.name);
        for m in &e.mentions {
            let field = &corpus.documents[m.doc].fields[m.field];
            let t = field
                .text
                .get(m.span.start..m.span.end)
                .expect("span on char boundaries");
            assert!(!t.is_empty(), "empty mention of {}", e.name);
            assert!(!t.starts_with("the "), "leading article: {t:?}");
            assert!(
                !t.ends_with("’s") && !t.ends_with("'s"),
                "possessive: {t:?}"
            );
            assert!(
                !t.ends_with([',', ';', ':', ' ', '”', '"', '(', ')']),
                "trailing punctuation: {t:?}"
            );
            assert!(
                !t.starts_with([' ', ',', '(', '“', '"']),
                "leading punctuation: {t:?}"
            );
        }
    }
    let out = EntitiesOutput::new(corpus, &set, |n| {
        sources
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, b)| b.as_slice())
    });
    for e in &out.entities {
        for m in &e.mentions {
            let (_, bytes) = sources.iter().find(|(n, _)| *n == m.file).expect("file");
            assert_eq!(&bytes[m.start..m.end], m.text.as_bytes());
        }
    }
}

#[test]
fn spans_are_exact_on_every_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![SEED.to_string()];
    paths.extend(
        PAGES
            .iter()
            .map(|p| format!("tests/pages/entities/{p}.txt")),
    );
    for p in paths {
        let bytes = std::fs::read(root.join(&p)).unwrap_or_default();
        let sources = vec![(p.clone(), bytes.clone())];
        let corpus = Corpus::from_files(sources.clone());
        assert_exact(&corpus, &sources);
    }
}

#[test]
fn chrome_and_labels_are_never_entities() {
    let (corpus, _) = corpus_of(SEED);
    let set = extract(&corpus);
    let chrome = [
        "Connect with us",
        "Connect",
        "Published",
        "Continue Reading",
        "Continue",
        "Comments",
        "Latest",
        "Trending",
        "people art",
        "Intelligence",
        "Conclusion",
        "Resultantly",
        "Publications",
        "Image",
        "Cooperation",
        "Security",
        "Dependency",
        "Technology",
        "Vaccine Race",
        "Balance of Power",
        "Financial World Order",
        "World Order",
    ];
    for e in &set.entities {
        for c in chrome {
            assert!(
                e.name != c && !e.aliases.iter().any(|a| a == c),
                "chrome as entity: {} ({:?})",
                e.name,
                e.kind
            );
        }
    }
    // Nothing comes from a section label.
    for e in &set.entities {
        for m in &e.mentions {
            assert_ne!(
                corpus.documents[m.doc].fields[m.field].kind,
                FieldKind::Section
            );
        }
    }
}

#[test]
fn inner_names_are_not_separate_entities() {
    let (corpus, _) = corpus_of(SEED);
    let set = extract(&corpus);
    let find = |n: &str| {
        set.entities
            .iter()
            .find(|e| e.name == n || e.aliases.iter().any(|a| a == n))
    };
    let imu = find("Islamic Movement of Uzbekistan").expect("IMU");
    assert_eq!(imu.kind, EntityKind::Org);
    assert!(imu.aliases.iter().any(|a| a == "IMU"));
    // "Uzbekistan" is mentioned once on its own, not inside the IMU's name.
    let uz = find("Uzbekistan").expect("Uzbekistan");
    assert_eq!(uz.mentions.len(), 1);
    assert!(find("Doha").is_none(), "Doha in Doha accord");
    assert!(
        set.entities
            .iter()
            .all(|e| e.value.as_deref() != Some("2019")),
        "2019 inside Coronavirus Disease 2019"
    );
    let yuldash: Vec<_> = set
        .entities
        .iter()
        .filter(|e| e.name.contains("Yuldash"))
        .collect();
    assert_eq!(
        yuldash.len(),
        2,
        "Tahir and Abdulaziz Yuldash stay two people"
    );
    let al_qaeda = find("al Qaeda").expect("al Qaeda");
    assert!(al_qaeda.aliases.iter().any(|a| a == "alQaeda"));
    let lauber = find("Jürg Lauber").expect("Lauber");
    assert!(lauber.aliases.iter().any(|a| a == "Lauber"));
    let hts = find("Hayat Tahrir al-Sham").expect("HTS");
    assert_eq!(hts.kind, EntityKind::Org);
    let kib = find("Katibat Imam al-Bukhari").expect("KIB");
    assert_eq!(kib.kind, EntityKind::Org);
}

#[test]
fn dates_are_normalised() {
    let text =
        "On February 3, 2021 and 26th March 2021, on Friday March 12, 2021, in November 2020, \
                in late 2015, in the mid-1990s, in 1999-2000 and on 23 June 2021 they met.";
    let corpus = Corpus::from_files([("d.txt".to_string(), text.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let values: Vec<&str> = set
        .entities
        .iter()
        .filter_map(|e| e.value.as_deref())
        .collect();
    for v in [
        "2021-02-03",
        "2021-03-26",
        "2021-03-12",
        "2020-11",
        "2015 (late)",
        "1990s (mid)",
        "1999/2000",
        "2021-06-23",
    ] {
        assert!(values.contains(&v), "{v} not in {values:?}");
    }
}

#[test]
fn glosses_are_not_acronyms() {
    let text = "They swore allegiance (bayat) to him. Animals infect people (humans) and \
                Muhajireen (foreign fighters) joined. The Islamic Jihad Group (IJG) grew, \
                and HTS (Hayat Tahrir al-Sham) fought; the IJG later split.";
    let corpus = Corpus::from_files([("g.txt".to_string(), text.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let pairs: Vec<(&str, &str)> = set
        .acronyms
        .iter()
        .map(|a| (a.short.as_str(), a.long.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("IJG", "Islamic Jihad Group"),
            ("HTS", "Hayat Tahrir al-Sham")
        ]
    );
    let ijg = set
        .entities
        .iter()
        .find(|e| e.name == "Islamic Jihad Group")
        .expect("IJG");
    assert_eq!(ijg.mentions.len(), 3);
}

#[test]
fn corrections_apply_and_report_bad_lines() {
    let c = Corrections::parse(
        "# my fixes\n\
         rename \"Jürg Lauber\" => \"Juerg Lauber\"\n\
         merge \"Islamic State’s Khorasan Province\" + \"ISIS\"\n\
         kind \"Telegram\" = work\n\
         suppress \"KTJ\"\n\
         add \"Anthroposcene\" as misc\n\
         split \"Abdulaziz\" from \"Abdulaziz Yuldash\"\n\
         frobnicate \"x\"\n\
         kind \"Telegram\" = spaceship\n\
         rename \"unclosed => \"B\"\n",
    );
    assert_eq!(c.ops.len(), 6);
    assert_eq!(c.diagnostics.len(), 3, "{:?}", c.diagnostics);
    assert!(
        c.diagnostics[0].starts_with("line 8:"),
        "{:?}",
        c.diagnostics
    );
    assert_eq!(Corrections::parse(&c.to_text()).ops, c.ops);

    let (corpus, _) = corpus_of(SEED);
    let set = extract_with(&corpus, &c);
    let find = |n: &str| set.entities.iter().find(|e| e.name == n);
    assert!(find("Juerg Lauber").is_some_and(|e| e.aliases.iter().any(|a| a == "Jürg Lauber")));
    assert!(find("Islamic State’s Khorasan Province")
        .is_some_and(|e| e.aliases.iter().any(|a| a == "ISIS")));
    assert!(find("ISIS").is_none());
    assert_eq!(find("Telegram").map(|e| e.kind), Some(EntityKind::Work));
    assert!(find("KTJ").is_none());
    assert!(
        find("Anthroposcene").is_some_and(|e| e.kind == EntityKind::Misc && e.mentions.len() == 4)
    );
    assert!(find("Abdulaziz").is_some_and(|e| e.kind == EntityKind::Person));
    assert!(find("Abdulaziz Yuldash").is_some_and(|e| !e.aliases.iter().any(|a| a == "Abdulaziz")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_spans_are_exact(s in "\\PC{0,300}") {
        let sources = vec![("p.txt".to_string(), s.as_bytes().to_vec())];
        let corpus = Corpus::from_files(sources.clone());
        let set = extract(&corpus);
        for e in &set.entities {
            for m in &e.mentions {
                let f = &corpus.documents[m.doc].fields[m.field];
                prop_assert!(f.text.get(m.span.start..m.span.end).is_some());
            }
        }
        let out = EntitiesOutput::new(&corpus, &set, |_| Some(s.as_bytes()));
        for e in &out.entities {
            for m in &e.mentions {
                prop_assert_eq!(&s.as_bytes()[m.start..m.end], m.text.as_bytes());
            }
        }
    }

    #[test]
    fn never_panics_on_name_like_text(
        words in proptest::collection::vec(
            prop_oneof![
                Just("al-"), Just("Abu "), Just("(IMU)"), Just("IMU "), Just("the "), Just("Province "),
                Just("of "), Just("and "), Just("’s "), Just("2021"), Just("-"), Just("March "),
                Just("$1 billion "), Just("5.2% "), Just("("), Just(")"), Just("U.S. "), Just("Mr. "),
                Just("Lauber "), Just("Jürg "), Just("\n\n"), Just(". "), Just("🙂"), Just("é"),
                Just("late "), Just("mid-"), Just("1990s "), Just("up to 700 people "),
            ],
            0..40,
        )
    ) {
        let s: String = words.concat();
        let sources = vec![("n.txt".to_string(), s.as_bytes().to_vec())];
        let corpus = Corpus::from_files(sources.clone());
        let set = extract(&corpus);
        let out = EntitiesOutput::new(&corpus, &set, |_| Some(s.as_bytes()));
        for e in &out.entities {
            for m in &e.mentions {
                prop_assert_eq!(&s.as_bytes()[m.start..m.end], m.text.as_bytes());
            }
        }
    }
}

#[test]
fn share_bars_and_teaser_labels_give_no_entities() {
    let text = "Share on Facebook\n\nFollow us on Twitter and Telegram\n\nRussia1 hour ago\n\n\
                South Asia2 days ago\n\nEurope\n\nWorld | Middle East\n\nWASHINGTON (Reuters) — Officials met.";
    let corpus = Corpus::from_files([("c.txt".to_string(), text.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let names: Vec<&str> = set.entities.iter().map(|e| e.name.as_str()).collect();
    for bad in [
        "Facebook",
        "Twitter",
        "Telegram",
        "Russia1",
        "South Asia2",
        "Asia2",
    ] {
        assert!(!names.contains(&bad), "{bad} in {names:?}");
    }
    assert!(
        set.entities
            .iter()
            .any(|e| e.name == "WASHINGTON" && e.kind == EntityKind::Place),
        "{names:?}"
    );
    let text = "THE WAR IN UKRAINE\n\nREAD MORE\n\nThe WHO said the war goes on.";
    let corpus = Corpus::from_files([("h.txt".to_string(), text.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let names: Vec<&str> = set.entities.iter().map(|e| e.name.as_str()).collect();
    for bad in ["WAR", "THE", "READ", "MORE", "IN"] {
        assert!(!names.contains(&bad), "{bad} in {names:?}");
    }
    assert!(
        names.contains(&"UKRAINE") && names.contains(&"WHO"),
        "{names:?}"
    );
}

#[test]
fn a_bare_surname_joins_the_person_the_context_names() {
    let text = "Yuldash was feared long before. Tahir Yuldash founded the movement in 1998. \
                Years later his son Abdulaziz Yuldash took over. Yuldash was killed in 2020. \
                The BlackCat group (also known as ALPHV) struck again; ALPHV denied it.";
    let corpus = Corpus::from_files([("y.txt".to_string(), text.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let get = |n: &str| set.entities.iter().find(|e| e.name == n).expect(n);
    // The bare "Yuldash" after "Abdulaziz Yuldash" is his; the first, before
    // either is named, is left undecided.
    assert_eq!(get("Abdulaziz Yuldash").mentions.len(), 2);
    assert_eq!(get("Tahir Yuldash").mentions.len(), 1);
    assert_eq!(get("Yuldash").kind, EntityKind::Person);
    // Another name is not an acronym pair, but it is the same entity.
    assert!(set.acronyms.is_empty(), "{:?}", set.acronyms);
    let bc = get("BlackCat");
    assert!(bc.aliases.iter().any(|a| a == "ALPHV"), "{:?}", bc.aliases);
}

/// Bylines name people even without a "By": the segmenter keeps the name
/// only ("Sophal Chea and Pham Minh Duc, Phnom Penh and Can Tho").
#[test]
fn byline_authors_are_people() {
    let page = "Environment\n\nFishermen count the cost of dams\n\nBy Sophal Chea and Pham Minh Duc, Phnom Penh\n\nA new study finds that reservoirs held back water in 2019.\n";
    let corpus = dossier::Corpus::from_files([("p.txt".to_string(), page.as_bytes().to_vec())]);
    let set = dossier::entities::extract(&corpus);
    for name in ["Sophal Chea", "Pham Minh Duc"] {
        assert!(
            set.entities
                .iter()
                .any(|e| e.name == name && e.kind == dossier::entities::EntityKind::Person),
            "{name}"
        );
    }
}

/// Text the tagger was never trained on: nothing panics, every mention is
/// its input bytes and has a letter, and a 100,000-character sentence keeps its
/// names.
#[test]
fn bad_input_for_the_tagger() {
    let caps = "NOVAK URGES CALM AS KOWALCZYK MEETS OKAFOR IN LAGOS ".repeat(2_000);
    let run_on = "the minister Marta Kowalczyk met Juan Perez in Lagos and ".repeat(1_800);
    let letters = "a ".repeat(50_000);
    let mixed = "Владимир Путин met محمد بن سلمان and Olaf Scholz in Berlin. ".repeat(50);
    let cases = [
        "",
        " ",
        "\n\n",
        caps.as_str(),
        run_on.as_str(),
        letters.as_str(),
        mixed.as_str(),
    ];
    for text in cases {
        let corpus = Corpus::from_files([("bad.txt".to_string(), text.as_bytes().to_vec())]);
        let set = extract(&corpus);
        for e in &set.entities {
            for m in &e.mentions {
                let f = &corpus.documents[m.doc].fields[m.field].text;
                let t = f.get(m.span.start..m.span.end).unwrap_or_default();
                assert!(t.chars().any(char::is_alphabetic), "{:?} in bad input", t);
            }
        }
        if text.trim().is_empty() {
            assert!(set.entities.is_empty());
        }
    }
    // One 100,000-character sentence without punctuation still yields its names,
    // each person once however often named.
    let corpus = Corpus::from_files([("run.txt".to_string(), run_on.into_bytes())]);
    let set = extract(&corpus);
    let kowalczyk = set
        .entities
        .iter()
        .filter(|e| e.name.contains("Kowalczyk"))
        .collect::<Vec<_>>();
    assert_eq!(
        kowalczyk.len(),
        1,
        "{:?}",
        kowalczyk.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
    assert_eq!(kowalczyk[0].kind, EntityKind::Person);
    assert_eq!(kowalczyk[0].mentions.len(), 1_800);
}

/// The bad inputs of the issue as repeated units: one endless sentence,
/// one-letter tokens, mixed scripts, a page in capitals.
const BAD_UNITS: &[(&str, &str)] = &[
    (
        "one sentence",
        "the minister Marta Kowalczyk met Juan Perez in Lagos and ",
    ),
    ("one-letter tokens", "a "),
    (
        "mixed scripts",
        "Владимир Путин met محمد بن سلمان and Olaf Scholz in Berlin ",
    ),
    (
        "capitals",
        "NOVAK URGES CALM AS KOWALCZYK MEETS OKAFOR IN LAGOS ",
    ),
];

/// The tagger's work on bad input grows with the text and no faster:
/// features, table probes and Viterbi transitions per token stay bounded,
/// and a field four times longer (up to 100,000 characters) costs four
/// times the work. Counted, not timed.
#[test]
fn the_taggers_work_is_linear_on_bad_input() {
    let model = Model::embedded();
    assert!(
        model.features_len() > 10_000,
        "the embedded model is missing"
    );
    let work = |unit: &str, chars: usize| -> Work {
        let text = unit.repeat(chars / unit.chars().count());
        let toks = tokenize(&text);
        let mut words = DocWords::default();
        words.add(&text, &toks);
        model.tag_counted(&text, &toks, &words).2
    };
    for &(name, unit) in BAD_UNITS {
        let small = work(unit, 25_000);
        let large = work(unit, 100_000);
        assert!(
            large.tokens >= 4 * small.tokens - 4,
            "{name}: {small:?} {large:?}"
        );
        for w in [small, large] {
            assert!(w.tokens > 0, "{name}");
            assert!(w.features <= 40 * w.tokens, "{name}: {w:?}");
            assert!(w.probes <= 8 * w.features, "{name}: {w:?}");
            assert!(w.transitions <= 81 * w.tokens, "{name}: {w:?}");
        }
        let ratio = |a: usize, b: usize| b as f64 / a.max(1) as f64;
        for (what, r) in [
            ("features", ratio(small.features, large.features)),
            ("probes", ratio(small.probes, large.probes)),
            ("transitions", ratio(small.transitions, large.transitions)),
        ] {
            assert!(
                (3.9..=4.1).contains(&r),
                "{name}: {what} grew {r:.2}x for 4x the text"
            );
        }
    }
}

/// Every kind the extraction gives on our pages is a `kind:` filter that
/// finds the documents naming one, and a facet counting them, so the
/// page's legend, its queries and its facets agree.
#[test]
fn every_kind_found_is_a_query_and_a_facet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![(
        SEED.to_string(),
        std::fs::read(root.join(SEED)).unwrap_or_default(),
    )];
    for p in PAGES {
        let path = format!("tests/pages/entities/{p}.txt");
        files.push((
            path.clone(),
            std::fs::read(root.join(&path)).unwrap_or_default(),
        ));
    }
    let corpus = Corpus::from_files(files);
    let set = extract(&corpus);
    let index = dossier::search::Index::build(&corpus, &set);
    let mut kinds: Vec<EntityKind> = set.entities.iter().map(|e| e.kind).collect();
    kinds.sort_by_key(|k| k.name());
    kinds.dedup();
    for k in [
        EntityKind::Group,
        EntityKind::Event,
        EntityKind::Law,
        EntityKind::Misc,
    ] {
        assert!(
            kinds.contains(&k),
            "no {} on our pages: {kinds:?}",
            k.name()
        );
    }
    for k in kinds {
        let mut docs: Vec<usize> = set
            .entities
            .iter()
            .filter(|e| e.kind == k)
            .flat_map(|e| e.mentions.iter().map(|m| m.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let out = index.search(&corpus, &format!("kind:{}", k.name()), 100);
        assert!(
            out.diagnostics.is_empty(),
            "{}: {:?}",
            k.name(),
            out.diagnostics
        );
        assert_eq!(out.total, docs.len(), "kind:{}", k.name());
        let facet = index.search(&corpus, "the", 100);
        let named = facet.facets.kinds.iter().find(|f| f.value == k.name());
        assert!(
            named.is_some_and(|f| f.count > 0),
            "no {} facet: {:?}",
            k.name(),
            facet.facets.kinds
        );
    }
}

/// A headline in capitals does not decide a name's kind: the person the
/// story names stays a person, and the headline mention joins it.
#[test]
fn a_headline_in_capitals_does_not_type_the_name() {
    let page = "NOVAK URGES CALM AFTER LAGOS PORT CLASH\n\nPresident Anna Novak urged calm on Tuesday after a clash at the port of Lagos.\n\nNovak said the talks would go on. \"We will not stop,\" Novak told reporters.\n";
    let corpus = Corpus::from_files([("novak.txt".to_string(), page.as_bytes().to_vec())]);
    let set = extract(&corpus);
    let novak: Vec<_> = set
        .entities
        .iter()
        .filter(|e| e.name.contains("Novak"))
        .collect();
    assert_eq!(
        novak.len(),
        1,
        "{:?}",
        novak.iter().map(|e| (&e.name, e.kind)).collect::<Vec<_>>()
    );
    assert_eq!(novak[0].kind, EntityKind::Person, "{}", novak[0].name);
    let in_headline = novak[0].mentions.iter().any(|m| m.span.start == 0);
    assert!(
        in_headline,
        "the headline's NOVAK is a mention of the person"
    );
}

/// The news pages held out of all tuning (sport, business, court,
/// culture: unknown names, clubs, companies, a headline in capitals): a
/// floor under the figure they gave when first scored (0.79 overall), so a
/// change that loses ground on text unlike ours shows.
#[test]
fn held_out_news_pages_score_at_least_075() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = Report::default();
    for p in [
        "company_results",
        "court_case",
        "festival_review",
        "football_report",
    ] {
        let page = format!("tests/pages/news/{p}.txt");
        let (corpus, text) = corpus_of(&page);
        let gold = std::fs::read_to_string(root.join(format!("tests/gold/news/{p}.tsv")))
            .unwrap_or_default();
        let gold = Gold::parse(&gold);
        assert!(gold.problems.is_empty() && !gold.entities.is_empty(), "{p}");
        total.absorb(&score(&corpus, &extract(&corpus), &gold, &text));
    }
    println!("{}", total.table("held-out news pages"));
    let f1 = total.overall().f1();
    assert!(
        f1 >= 0.75,
        "held-out news pages: F1 {f1:.3}\n{}",
        total.errors()
    );
}
