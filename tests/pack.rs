//! The prebuilt index: a build written and read back answers exactly as
//! the build it came from; damaged, missing and old files are refused
//! with a clear reason while the rest keeps working; the committed golden
//! index of the seed loads with this version's reader.

use dossier::events::period::{Days, Period};
use dossier::pack::{self, ChunkKind, Loaded, Pack, PackError, FORMAT, MANIFEST};
use dossier::workspace::Workspace;
use std::collections::HashMap;
use std::path::Path;

/// The seed and every test page: several chunks of each kind.
fn files() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![dossier::corpus::bundled_file()];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    for p in names {
        if let Ok(bytes) = std::fs::read(&p) {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            files.push((name.unwrap_or_default(), bytes));
        }
    }
    files
}

fn workspace(files: Vec<(String, Vec<u8>)>) -> Workspace {
    let mut ws = Workspace::new(files);
    ws.commit();
    ws
}

fn written(ws: &Workspace) -> HashMap<String, Vec<u8>> {
    written_with(ws, pack::Sizes::default())
}

/// Chunks so small that every kind spans many, each boundary crossed.
fn tiny() -> pack::Sizes {
    pack::Sizes {
        chunk_bytes: 512,
        dict_terms: 97,
        page_items: 7,
        info_docs: 3,
        store_bytes: 300,
    }
}

fn written_with(ws: &Workspace, sizes: pack::Sizes) -> HashMap<String, Vec<u8>> {
    pack::write_with(&pack::Built::of(ws), sizes)
        .into_iter()
        .collect()
}

fn load(files: &HashMap<String, Vec<u8>>) -> Result<Loaded, PackError> {
    let manifest = files.get(MANIFEST).cloned().unwrap_or_default();
    pack::load(&manifest, &mut |name| files.get(name).cloned())
}

const QUERIES: &[&str] = &[
    "Taliban",
    "IMU",
    "Islamic Movement of Uzbekistan",
    "\"Central Asia\"",
    "jihad -Syria",
    "title:Uzbekistan",
    "kind:person Faryab",
    "entity:\"Abdulaziz Yuldash\"",
    "/Mazar-[ie]-Sharif/",
    "talib",
    "uzbekistn",
    "covid OR vaccine",
    "the",
    "2020",
];

fn search_dump(corpus: &dossier::Corpus, index: &dossier::search::Index, q: &str) -> String {
    format!("{:?}", index.search(corpus, q, 20))
}

#[test]
fn a_build_read_back_answers_exactly_as_the_build() {
    let ws = workspace(files());
    read_back_equals(&ws, &written(&ws));
    read_back_equals(&ws, &written_with(&ws, tiny()));
}

fn read_back_equals(ws: &Workspace, out: &HashMap<String, Vec<u8>>) {
    let loaded = load(out).expect("the manifest loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);

    let (a, b) = (&ws.corpus, &loaded.corpus);
    assert_eq!(a.documents.len(), b.documents.len());
    for (x, y) in a.documents.iter().zip(&b.documents) {
        assert_eq!((&x.id, &x.file), (&y.id, &y.file));
        let fx: Vec<_> = x.fields.iter().map(|f| (f.kind, &f.text, f.span)).collect();
        let fy: Vec<_> = y.fields.iter().map(|f| (f.kind, &f.text, f.span)).collect();
        assert_eq!(fx, fy, "fields of {}", x.id);
    }
    assert_eq!(a.teasers, b.teasers);
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!((&x.name, &x.diagnostics), (&y.name, &y.diagnostics));
        assert_eq!(x.documents.len(), y.documents.len());
        assert_eq!(x.teasers, y.teasers);
    }
    assert_eq!(
        format!("{:?}", ws.entities),
        format!("{:?}", loaded.entities)
    );
    assert_eq!(ws.timeline, loaded.timeline);
    assert_eq!(ws.quotes, loaded.quotes);
    assert_eq!(ws.figures, loaded.figures);
    assert_eq!(ws.pairs, loaded.pairs);
    // The views' own chunks: the timeline by date, the list by rank, the
    // counts, each entity's quotes and figures, as the full lists give them.
    assert_eq!(
        loaded.days,
        Some(Days::of(&ws.timeline, |e| e.sort_key)),
        "counts by date"
    );
    let ranked: Vec<usize> = loaded
        .ranked
        .values()
        .flatten()
        .map(|&e| e as usize)
        .collect();
    let table = dossier::explore::table(&ws.entities);
    assert_eq!(ranked, table.iter().map(|r| r.entity).collect::<Vec<_>>());
    for r in &table {
        let (m, a) = loaded.counts[r.entity];
        assert_eq!((m as usize, a as usize), (r.mentions, r.articles));
    }
    let shown = dossier::explore::ON_ENTITY_PAGE;
    assert_eq!(loaded.own.len(), ws.entities.entities.len());
    for (i, own) in &loaded.own {
        let quotes: Vec<_> = ws.quotes.iter().filter(|q| q.speaker == Some(*i)).collect();
        let figures: Vec<_> = ws.figures.iter().filter(|f| f.entity == Some(*i)).collect();
        assert_eq!(own.quotes, quotes.len());
        assert_eq!(own.figures, figures.len());
        assert_eq!(
            own.quote_rows.iter().collect::<Vec<_>>(),
            quotes[..quotes.len().min(shown)]
        );
        assert_eq!(
            own.figure_rows.iter().collect::<Vec<_>>(),
            figures[..figures.len().min(shown)]
        );
    }
    assert!(loaded.own.values().any(|o| o.quotes > 1));
    assert!(loaded.own.values().any(|o| o.figures > 0));
    for q in QUERIES {
        assert_eq!(
            search_dump(a, &ws.index, q),
            search_dump(b, &loaded.index, q),
            "query {q}"
        );
    }
    let m = &loaded.manifest;
    assert_eq!(m.format, FORMAT);
    assert_eq!(m.stats.documents as usize, a.documents.len());
    assert_eq!(m.stats.entities as usize, ws.entities.entities.len());
    assert!(m.stats.sections.iter().any(|(s, _)| s == "Intelligence"));
    // Every file the manifest names was written, and nothing else.
    let named: Vec<&str> = m.chunks().iter().map(|(_, c)| c.name.as_str()).collect();
    assert_eq!(named.len() + 1, out.len());
    assert!(named.iter().all(|n| out.contains_key(*n)));
}

#[test]
fn the_same_build_writes_the_same_bytes() {
    let a = written(&workspace(files()));
    let b = written(&workspace(files()));
    assert_eq!(a, b);
}

#[test]
fn manifest_finds_the_chunk_of_a_term_document_and_prefix() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let p = Pack::open(&out[MANIFEST]).expect("opens");
    let m = &p.manifest;
    // The chunk the manifest names for a term holds it, with the right id.
    for term in ["taliban", "uzbekistan", "imu", "a"] {
        let want = ws.index.term_id(term).expect("indexed");
        let d = m.dict_for(term).expect("a chunk for the term");
        let chunk: pack::DictChunk = p
            .decode(&d.chunk, ChunkKind::Dict, &out[&d.chunk.name])
            .expect("decodes");
        assert_eq!(chunk.get(term), Some(want), "{term}");
    }
    assert!(m.dict_for("\u{10FFFF}zzz").is_none());
    let pre: Vec<(String, u32)> = m
        .dicts_with_prefix("uzbek")
        .iter()
        .flat_map(|d| {
            let c: pack::DictChunk = p
                .decode(&d.chunk, ChunkKind::Dict, &out[&d.chunk.name])
                .unwrap_or_default();
            c.prefixed("uzbek")
        })
        .collect();
    let want: Vec<String> = ws
        .index
        .terms()
        .iter()
        .filter(|t| t.starts_with("uzbek"))
        .cloned()
        .collect();
    assert_eq!(pre.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>(), want);
    let last = ws.corpus.documents.len() as u32 - 1;
    let r = pack::Manifest::range_for(&m.store, last).expect("last document's chunk");
    assert!(r.first <= last && last < r.first + r.count);
    assert!(pack::Manifest::range_for(&m.store, last + 1).is_none());
}

fn store_chunk_names(out: &HashMap<String, Vec<u8>>) -> Vec<String> {
    let p = Pack::open(&out[MANIFEST]).expect("opens");
    p.manifest
        .store
        .iter()
        .map(|r| r.chunk.name.clone())
        .collect()
}

#[test]
fn a_damaged_chunk_is_named_and_the_rest_still_answers() {
    let ws = workspace(files());
    let mut out = written_with(&ws, tiny());
    let stores = store_chunk_names(&out);
    assert!(
        stores.len() > 1,
        "the test corpus spans several store chunks"
    );
    let bad = stores.last().cloned().unwrap_or_default();
    if let Some(bytes) = out.get_mut(&bad) {
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x55;
    }
    let loaded = load(&out).expect("the manifest still loads");
    assert_eq!(
        loaded.problems,
        vec![PackError::Corrupt { name: bad.clone() }]
    );
    assert!(loaded.problems[0].to_string().contains("damaged"));
    // Documents of the good chunks read and search as before.
    assert_eq!(loaded.corpus.documents.len(), ws.corpus.documents.len());
    let first = &loaded.corpus.documents[0];
    assert_eq!(first.fields.len(), ws.corpus.documents[0].fields.len());
    let out = loaded.index.search(&loaded.corpus, "Taliban", 5);
    assert!(out.total > 0);
}

#[test]
fn a_missing_or_cut_chunk_is_named() {
    let ws = workspace(files());
    let mut out = written_with(&ws, tiny());
    let p = Pack::open(&out[MANIFEST]).expect("opens");
    let timeline = p.manifest.timeline[0].chunk.name.clone();
    let dict = p.manifest.dict[0].chunk.name.clone();
    out.remove(&timeline);
    if let Some(b) = out.get_mut(&dict) {
        b.truncate(b.len() / 2);
    }
    let loaded = load(&out).expect("loads");
    assert!(loaded
        .problems
        .contains(&PackError::Missing { name: timeline }));
    assert!(loaded
        .problems
        .contains(&PackError::Truncated { name: dict }));
    // The lost page's events are gone, the other pages' are there.
    assert_eq!(loaded.timeline, ws.timeline[tiny().page_items..]);
    // The lost dictionary chunk's words are not found; the others are.
    let first_term = p.manifest.dict[0].first.clone();
    assert_eq!(loaded.index.term_id(&first_term), None);
    let found = loaded.index.search(&loaded.corpus, "Taliban", 5);
    assert!(found.total > 0);
    // Entities still load, and the network's pairs.
    assert_eq!(loaded.entities.entities.len(), ws.entities.entities.len());
    assert_eq!(loaded.pairs, ws.pairs);
}

#[test]
fn another_version_or_another_file_is_refused_clearly() {
    let ws = workspace(vec![dossier::corpus::bundled_file()]);
    let out = written(&ws);
    let mut old = out[MANIFEST].clone();
    old[4..8].copy_from_slice(&(FORMAT + 1).to_le_bytes());
    let err = Pack::open(&old).expect_err("refused");
    assert_eq!(
        err,
        PackError::Version {
            name: MANIFEST.into(),
            found: FORMAT + 1
        }
    );
    assert!(err.to_string().contains("rebuild it"));
    for junk in [&b""[..], b"<!doctype html>", b"DS", &[0u8; 64]] {
        assert!(Pack::open(junk).is_err());
        assert!(pack::load(junk, &mut |_| None).is_err());
    }
    // A manifest cut anywhere never panics and never loads wrong data.
    let m = &out[MANIFEST];
    for cut in 0..m.len() {
        let _ = Pack::open(&m[..cut]);
    }
}

fn golden_dir(version: u32) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/pack/v{version}"))
}

/// The seed's index as this version writes it, committed; refresh with
/// `UPDATE_GOLDEN=1` only together with a new `FORMAT` when the layout
/// changed (the old folder stays, to show old indexes are refused).
#[test]
fn the_golden_index_of_this_version_loads() {
    let dir = golden_dir(FORMAT);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("golden dir");
        for (name, bytes) in written(&workspace(vec![dossier::corpus::bundled_file()])) {
            std::fs::write(dir.join(name), bytes).expect("golden file");
        }
    }
    let mut files = HashMap::new();
    for e in std::fs::read_dir(&dir)
        .expect("tests/golden/pack/v<FORMAT> exists")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        files.insert(name, std::fs::read(e.path()).expect("readable"));
    }
    let loaded = load(&files).expect("the golden manifest loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let titles: Vec<&str> = loaded
        .corpus
        .documents
        .iter()
        .filter_map(|d| d.title())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(
        loaded
            .entities
            .entities
            .iter()
            .any(|e| e.name == "Islamic Movement of Uzbekistan"
                && e.acronym.as_deref() == Some("IMU"))
    );
    let out = loaded.index.search(&loaded.corpus, "Faryab", 10);
    assert!(out.total >= 1);
    assert!(!loaded.timeline.is_empty() && !loaded.quotes.is_empty());
    // Older folders, if any, are refused by version, never misread.
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/pack");
    for e in std::fs::read_dir(all).expect("golden folder").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(v) = name.strip_prefix('v').and_then(|v| v.parse::<u32>().ok()) else {
            continue;
        };
        if v != FORMAT {
            let m = std::fs::read(e.path().join(MANIFEST)).expect("old manifest kept");
            assert!(matches!(Pack::open(&m), Err(PackError::Version { found, .. }) if found == v));
        }
    }
}

/// A built explorer opens its prebuilt corpus without analysis, and the
/// reader's own documents join it as if everything had been built at once.
#[test]
fn a_prebuilt_workspace_takes_the_readers_documents() {
    let base = files();
    let ws = workspace(base.clone());
    let mut pre = Workspace::prebuilt(load(&written(&ws)).expect("loads"));
    assert!(pre.is_prebuilt());
    for q in QUERIES {
        assert_eq!(
            search_dump(&ws.corpus, &ws.index, q),
            search_dump(&pre.corpus, &pre.index, q)
        );
    }
    let doc = ws.corpus.documents.len() - 1;
    assert_eq!(ws.marks(doc), pre.marks(doc));

    let mine = (
        "field-notes.txt".to_string(),
        b"Field notes\n\nThe Taliban met IMU envoys in Faryab in November 2020, \
           said Jurg Kaufmann of the Zarafshan Institute."
            .to_vec(),
    );
    pre.add_file(&mine.0, mine.1.clone());
    let mut all = base;
    all.push(mine);
    let whole = workspace(all);
    assert_eq!(pre.corpus.documents.len(), whole.corpus.documents.len());
    assert_eq!(pre.document_count("field-notes.txt"), 1);
    for q in ["Zarafshan", "Taliban", "IMU", "kind:person Kaufmann"] {
        assert_eq!(
            search_dump(&whole.corpus, &whole.index, q),
            search_dump(&pre.corpus, &pre.index, q),
            "{q}"
        );
    }
    assert_eq!(
        format!("{:?}", whole.entities),
        format!("{:?}", pre.entities)
    );
    // Hiding the explorer's own corpus leaves the reader's file alone.
    pre.set_bundled(false);
    assert_eq!(pre.corpus.documents.len(), 1);
}

/// Answer `q` from a workspace read on demand: ask, fetch what it names,
/// until it names nothing. Returns the rounds it took.
fn fill_for(ws: &mut Workspace, files: &HashMap<String, Vec<u8>>, q: &str) -> usize {
    for round in 0..8 {
        let want = ws.wants_search(q, 20);
        if want.is_empty() {
            return round;
        }
        for name in want {
            assert!(
                ws.supply(&name, files.get(&name).cloned()),
                "{name} not wanted"
            );
        }
    }
    panic!("query {q} still wants chunks after 8 rounds");
}

fn on_demand(files: &HashMap<String, Vec<u8>>) -> Workspace {
    let manifest = files.get(MANIFEST).cloned().unwrap_or_default();
    let (ws, problems) =
        Workspace::on_demand(&manifest, &mut |n| files.get(n).cloned()).expect("opens");
    assert!(problems.is_empty(), "{problems:?}");
    ws
}

#[test]
fn read_on_demand_a_query_reads_few_chunks_and_answers_as_the_build() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let all = out.len() - 1;
    for q in QUERIES {
        let mut lazy = on_demand(&out);
        fill_for(&mut lazy, &out, q);
        assert_eq!(
            format!("{:?}", ws.search(q, 20)),
            format!("{:?}", lazy.search(q, 20)),
            "query {q}"
        );
        // What the reader sees of the first result, opened.
        if let Some(r) = ws.search(q, 20).results.first() {
            for name in lazy.wants_document(r.doc, q) {
                lazy.supply(&name, out.get(&name).cloned());
            }
            assert!(lazy.wants_document(r.doc, q).is_empty());
            assert_eq!(ws.hits_in(r.doc, q), lazy.hits_in(r.doc, q), "{q}");
            assert_eq!(ws.marks(r.doc), lazy.marks(r.doc), "{q}");
            // The pack keeps fields' text and extent, not their inner maps.
            let text = |w: &Workspace| {
                let d = &w.corpus.documents[r.doc];
                let f: Vec<_> = d
                    .fields
                    .iter()
                    .map(|f| (f.kind, f.text.clone(), f.span))
                    .collect();
                (d.id.clone(), f)
            };
            assert!(text(&ws) == text(&lazy), "the text of {}", r.doc);
        }
    }
    // A name reads its own postings and its results' text, not the index.
    let mut lazy = on_demand(&out);
    let opened = all - lazy.wants_all().len();
    let rounds = fill_for(&mut lazy, &out, "Yuldash");
    let read = all - lazy.wants_all().len() - opened;
    assert!(rounds <= 3, "{rounds} rounds");
    assert!(read > 0 && read * 4 < all, "read {read} of {all} chunks");
    // Everything read: what a full load gives.
    for name in lazy.wants_all() {
        lazy.supply(&name, out.get(&name).cloned());
    }
    assert!(lazy.wants_all().is_empty() && !lazy.index.is_partial());
    for q in QUERIES {
        assert_eq!(
            format!("{:?}", ws.search(q, 20)),
            format!("{:?}", lazy.search(q, 20))
        );
    }
    assert_eq!(ws.timeline, lazy.timeline);
    assert_eq!(ws.quotes, lazy.quotes);
    assert_eq!(ws.pairs, lazy.pairs);
}

#[test]
fn read_on_demand_a_chunk_that_cannot_be_fetched_is_named_once_and_the_query_still_ends() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let mut lazy = on_demand(&out);
    let first = lazy.wants_search("Taliban", 20);
    assert!(!first.is_empty());
    let lost = first[0].clone();
    for name in &first {
        let bytes = if *name == lost {
            None
        } else {
            out.get(name).cloned()
        };
        lazy.supply(name, bytes);
    }
    fill_for(&mut lazy, &out, "Taliban");
    assert_eq!(
        lazy.problems(),
        &[PackError::Missing { name: lost.clone() }]
    );
    assert!(!lazy.wants_all().contains(&lost));
    assert!(lazy.search("Taliban", 20).total > 0 || lost.starts_with("post"));
}

/// Chunk names of one kind that a workspace read on demand has not read.
fn unread_kind(ws: &Workspace, prefix: &str) -> usize {
    ws.wants_all()
        .iter()
        .filter(|n| n.starts_with(&format!("{prefix}-")))
        .count()
}

#[test]
fn read_on_demand_the_entity_table_waits_for_what_names_entities() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let ent = out.keys().filter(|n| n.starts_with("ent-")).count();
    assert!(ent > 3, "{ent} entity chunks");
    let manifest = Pack::open(&out[MANIFEST]).expect("opens").manifest;
    assert!(pack::Shelf::first_chunks(&manifest)
        .iter()
        .all(|n| !n.starts_with("ent-")));

    // A query of words reads none of it; its results' rows are as built.
    let mut lazy = on_demand(&out);
    assert_eq!(unread_kind(&lazy, "ent"), ent);
    fill_for(&mut lazy, &out, "Taliban");
    assert_eq!(unread_kind(&lazy, "ent"), ent);
    assert_eq!(
        format!("{:?}", ws.search("Taliban", 20)),
        format!("{:?}", lazy.search("Taliban", 20))
    );

    // An article reads the rows of the entities it marks, and only those.
    let doc = ws.search("Taliban", 20).results[0].doc;
    for _ in 0..3 {
        for name in lazy.wants_document(doc, "Taliban") {
            lazy.supply(&name, out.get(&name).cloned());
        }
    }
    assert!(lazy.wants_document(doc, "Taliban").is_empty());
    let marked: Vec<usize> = ws.marks(doc).iter().map(|&(_, _, e)| e).collect();
    assert!(!marked.is_empty());
    for &e in &marked {
        let (a, b) = (&ws.entities.entities[e], &lazy.entities.entities[e]);
        assert_eq!((&a.name, a.kind), (&b.name, b.kind), "entity {e}");
    }
    let read = ent - unread_kind(&lazy, "ent");
    assert!(read > 0 && read < ent, "read {read} of {ent}");

    // `kind:` and `entity:` look through every entity: the table comes in
    // first, and they answer as the build.
    for q in ["kind:person Faryab", "entity:\"Abdulaziz Yuldash\""] {
        let mut lazy = on_demand(&out);
        fill_for(&mut lazy, &out, q);
        assert_eq!(unread_kind(&lazy, "ent"), 0, "{q}");
        assert_eq!(
            format!("{:?}", ws.search(q, 20)),
            format!("{:?}", lazy.search(q, 20)),
            "{q}"
        );
    }
    // The entity list's call: the table, and nothing else.
    let lazy = on_demand(&out);
    let want = lazy.wants_entities();
    assert_eq!(want.len(), ent);
    assert!(want.iter().all(|n| n.starts_with("ent-")));
    assert!(workspace(files()).wants_entities().is_empty());
}

/// The kind of a chunk, from its name ("time-3-….bin").
fn kind_of(name: &str) -> &str {
    name.split('-').next().unwrap_or("")
}

#[test]
fn read_on_demand_a_view_reads_its_own_pages_in_any_order() {
    use dossier::route::Screen;
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    for (screen, kinds) in [
        (Screen::Results, &[][..]),
        (Screen::Entities, &["ent"][..]),
        (Screen::Network, &["ent", "ment", "pair"][..]),
        (Screen::Timeline, &["ent", "time"][..]),
        (Screen::Quotes, &["ent", "quote"][..]),
    ] {
        let mut lazy = on_demand(&out);
        let mut want = lazy.wants_screen(screen);
        assert_eq!(want.is_empty(), kinds.is_empty(), "{screen:?}");
        for name in &want {
            assert!(kinds.contains(&kind_of(name)), "{screen:?} reads {name}");
        }
        // Pages that come out of order still join in order.
        want.reverse();
        for name in want {
            assert!(lazy.supply(&name, out.get(&name).cloned()), "{name}");
        }
        assert!(lazy.wants_screen(screen).is_empty(), "{screen:?}");
        match screen {
            Screen::Timeline => assert_eq!(ws.timeline, lazy.timeline),
            Screen::Quotes => assert_eq!(ws.quotes, lazy.quotes),
            Screen::Network => assert_eq!(ws.pairs, lazy.pairs),
            // The rows and their counts; the mentions come apart.
            Screen::Entities => {
                for (i, (a, b)) in ws
                    .entities
                    .entities
                    .iter()
                    .zip(&lazy.entities.entities)
                    .enumerate()
                {
                    assert_eq!(
                        (&a.name, a.kind, &a.aliases, &a.value, &a.acronym),
                        (&b.name, b.kind, &b.aliases, &b.value, &b.acronym)
                    );
                    assert_eq!(ws.entity_counts(i), lazy.entity_counts(i), "{}", a.name);
                }
                assert_eq!(
                    unread_kind(&lazy, "ment"),
                    out.keys().filter(|n| kind_of(n) == "ment").count()
                );
            }
            Screen::Results => {}
        }
    }
}

#[test]
fn read_on_demand_an_entity_page_reads_the_text_of_the_mentions_it_shows_only() {
    use dossier::explore;
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let mut described = 0;
    let id = |name: &str| explore::find(&ws.entities, name).expect("an entity of the seed");
    let n = ws.entities.entities.len();
    let most_quoted = (0..n).max_by_key(|&i| ws.entity_quotes(i).1).unwrap_or(0);
    let most_figures = (0..n).max_by_key(|&i| ws.entity_figures(i).1).unwrap_or(0);
    assert!(ws.entity_quotes(most_quoted).1 > 1 && ws.entity_figures(most_figures).1 > 1);
    for (i, shown) in [
        (id("Taliban"), 5),
        (id("Abdulaziz Yuldash"), 100),
        (id("IMU"), 100),
        (most_quoted, 3),
        (most_figures, 100),
    ] {
        let name = &ws.entities.entities[i].name;
        let mut lazy = on_demand(&out);
        let mut texts_read = 0;
        for round in 0.. {
            let want = lazy.wants_entity(i, shown);
            if want.is_empty() {
                break;
            }
            assert!(
                round < 2,
                "{name}: still wanting after two rounds: {want:?}"
            );
            for n in want {
                texts_read += usize::from(kind_of(&n) == "store");
                assert!(lazy.supply(&n, out.get(&n).cloned()), "{n}");
            }
        }
        let firsts = explore::first_mentions(&ws.entities, i, shown);
        assert_eq!(firsts, explore::first_mentions(&lazy.entities, i, shown));
        assert_eq!(
            explore::contexts_of(&ws.corpus, &firsts),
            explore::contexts_of(&lazy.corpus, &firsts)
        );
        // What the text says it is, from its documents' marks, as from
        // every entity's mentions.
        let said = explore::descriptions_of(&ws.corpus, &ws.entities, i, &firsts);
        described += said.len();
        assert_eq!(said, ws.descriptions(i, &firsts), "{name}");
        assert_eq!(said, lazy.descriptions(i, &firsts), "{name}");
        assert_eq!(ws.entity_quotes(i), lazy.entity_quotes(i), "{name}");
        assert_eq!(ws.entity_figures(i), lazy.entity_figures(i), "{name}");
        assert_eq!(ws.entity_counts(i), lazy.entity_counts(i), "{name}");
        // Its own quotes and figures, its own mentions: no page of the
        // quotes, figures or other entities' mentions.
        for kind in ["quote", "fig"] {
            assert_eq!(
                unread_kind(&lazy, kind),
                out.keys().filter(|n| kind_of(n) == kind).count(),
                "{kind}"
            );
        }
        let fresh = on_demand(&out);
        assert_eq!(unread_kind(&lazy, "own"), unread_kind(&fresh, "own") - 1);
        assert_eq!(unread_kind(&lazy, "ment"), unread_kind(&fresh, "ment") - 1);
        // The text of the documents it shows, not of the corpus.
        let mut docs: std::collections::BTreeSet<usize> = firsts.iter().map(|m| m.doc).collect();
        docs.extend(ws.entity_quotes(i).0.iter().map(|q| q.doc));
        docs.extend(ws.entity_figures(i).0.iter().map(|f| f.doc));
        assert!(
            texts_read >= 1 && texts_read <= docs.len() * 3,
            "{name}: {texts_read} store chunks for {} documents",
            docs.len()
        );
        assert!(lazy.wants_all().iter().any(|n| kind_of(n) == "store"));
    }
    assert!(described > 0, "the seed says what someone is");
}

#[test]
fn read_on_demand_the_entity_list_reads_its_first_page_by_rank_only() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let ranked = out.keys().filter(|n| kind_of(n) == "rank").count();
    assert!(ranked > 3, "{ranked} pages by rank");
    for listed in [1, 7, 8, 20, 100_000] {
        let mut lazy = on_demand(&out);
        let want = lazy.wants_entity_list("", false, listed);
        assert!(want.iter().all(|n| kind_of(n) == "rank"), "{want:?}");
        // Pages of seven rows: the first screen reads what it shows.
        assert_eq!(
            want.len(),
            listed.min(ws.entities.entities.len()).div_ceil(7)
        );
        for name in want {
            assert!(lazy.supply(&name, out.get(&name).cloned()), "{name}");
        }
        assert!(lazy.wants_entity_list("", false, listed).is_empty());
        assert_eq!(
            unread_kind(&lazy, "ent"),
            out.keys().filter(|n| kind_of(n) == "ent").count()
        );
        assert_eq!(
            unread_kind(&lazy, "ment"),
            out.keys().filter(|n| kind_of(n) == "ment").count()
        );
        let list = lazy.entity_list("", false, listed);
        assert_eq!(list, ws.entity_list("", false, listed), "{listed}");
        assert_eq!(list.rows.len(), listed.min(ws.entities.entities.len()));
        for r in &list.rows {
            let (a, b) = (
                &ws.entities.entities[r.entity],
                &lazy.entities.entities[r.entity],
            );
            assert_eq!((&a.name, a.kind, &a.acronym), (&b.name, b.kind, &b.acronym));
        }
    }
    // A filter or another order reads the whole table, and no mentions.
    for (filter, by_name) in [("ta", false), ("", true), ("uzbek", true)] {
        let mut lazy = on_demand(&out);
        let want = lazy.wants_entity_list(filter, by_name, 20);
        assert!(want.iter().all(|n| kind_of(n) == "ent"), "{want:?}");
        for name in want {
            lazy.supply(&name, out.get(&name).cloned());
        }
        assert!(lazy.wants_entity_list(filter, by_name, 20).is_empty());
        let list = lazy.entity_list(filter, by_name, 20);
        assert!(list.total > 0, "{filter}");
        assert_eq!(
            list,
            ws.entity_list(filter, by_name, 20),
            "{filter} {by_name}"
        );
    }
    // The in-page build's list is the entity table's.
    let full = ws.entity_list("", false, usize::MAX);
    assert_eq!(full.rows, dossier::explore::table(&ws.entities));
    assert_eq!(
        full.kinds.iter().map(|(_, n)| n).sum::<usize>(),
        ws.entities.entities.len()
    );
    // A page by rank that cannot be read: the whole table instead.
    let mut lazy = on_demand(&out);
    let first = lazy.wants_entity_list("", false, 5);
    lazy.supply(&first[0], None);
    let want = lazy.wants_entity_list("", false, 5);
    assert!(
        !want.is_empty() && want.iter().all(|n| kind_of(n) == "ent"),
        "{want:?}"
    );
    for name in want {
        lazy.supply(&name, out.get(&name).cloned());
    }
    assert_eq!(lazy.entity_list("", false, 5), ws.entity_list("", false, 5));
}

#[test]
fn read_on_demand_an_entity_page_lists_its_own_quotes_and_figures_as_the_full_lists_do() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let mut lazy = on_demand(&out);
    for name in lazy.wants_all() {
        if kind_of(&name) == "own" {
            lazy.supply(&name, out.get(&name).cloned());
        }
    }
    let (mut quoted, mut counted) = (0, 0);
    for i in 0..ws.entities.entities.len() {
        let (q, n) = lazy.entity_quotes(i);
        let all: Vec<_> = ws
            .quotes
            .iter()
            .filter(|x| x.speaker == Some(i))
            .cloned()
            .collect();
        assert_eq!(n, all.len(), "entity {i}");
        assert_eq!(
            q,
            all[..n.min(dossier::explore::ON_ENTITY_PAGE)],
            "entity {i}"
        );
        let (f, m) = lazy.entity_figures(i);
        let all: Vec<_> = ws
            .figures
            .iter()
            .filter(|x| x.entity == Some(i))
            .cloned()
            .collect();
        assert_eq!(m, all.len(), "entity {i}");
        assert_eq!(
            f,
            all[..m.min(dossier::explore::ON_ENTITY_PAGE)],
            "entity {i}"
        );
        assert_eq!((q, n, f, m), {
            let (a, b) = ws.entity_quotes(i);
            let (c, d) = ws.entity_figures(i);
            (a, b, c, d)
        });
        quoted += usize::from(n > 0);
        counted += usize::from(m > 0);
    }
    assert!(
        quoted > 2 && counted > 2,
        "{quoted} quoted, {counted} with figures"
    );
}

#[test]
fn read_on_demand_the_timeline_reads_its_counts_and_the_page_on_screen() {
    let ws = workspace(files());
    let out = written_with(&ws, tiny());
    let time = out.keys().filter(|n| kind_of(n) == "time").count();
    assert!(time > 5, "{time} pages of events");
    let k = |e: &dossier::events::Event| e.sort_key;
    let full = Days::of(&ws.timeline, k);
    let busiest = full
        .counts()
        .iter()
        .filter(|(key, _)| key.1 > 0 && key.0 != i32::MAX)
        .max_by_key(|(_, n)| *n)
        .map(|(key, _)| *key)
        .expect("a dated month");
    let periods = [
        None,
        Some(Period::Year(busiest.0)),
        Some(Period::Month(busiest.0, busiest.1)),
        Some(Period::Decade(busiest.0 - busiest.0.rem_euclid(10))),
        Some(Period::Year(1800)),
    ];
    for period in periods {
        for listed in [3, 100] {
            let mut lazy = on_demand(&out);
            let first = lazy.wants_timeline("", period, listed);
            assert_eq!(
                first.iter().map(|n| kind_of(n)).collect::<Vec<_>>(),
                ["days"]
            );
            for round in 0.. {
                let want = lazy.wants_timeline("", period, listed);
                if want.is_empty() {
                    break;
                }
                assert!(round < 4, "{period:?}: still wanting {want:?}");
                for name in want {
                    assert!(
                        ["days", "time", "ent", "store"].contains(&kind_of(&name)),
                        "{name}"
                    );
                    assert!(lazy.supply(&name, out.get(&name).cloned()), "{name}");
                }
            }
            let (a, b) = (
                ws.timeline_view("", period, listed),
                lazy.timeline_view("", period, listed),
            );
            assert_eq!(a, b, "{period:?}");
            assert_eq!(lazy.timeline_len(), ws.timeline.len());
            for &n in &b.listed {
                assert_eq!(lazy.event(n), Some(&ws.timeline[n]), "event {n}");
                let e = &ws.timeline[n];
                for &x in &e.entities {
                    assert_eq!(lazy.entities.entities[x].name, ws.entities.entities[x].name);
                }
                let text = |w: &Workspace| {
                    w.corpus.documents[e.doc]
                        .fields
                        .get(e.field)
                        .map(|f| f.text.clone())
                };
                assert_eq!(text(&lazy), text(&ws), "the text of event {n}");
            }
            // The pages of the range on screen, not the timeline.
            let read = time - unread_kind(&lazy, "time");
            assert!(
                read <= listed.div_ceil(7) + 1,
                "{period:?}: read {read} of {time}"
            );
        }
    }
    // A filter reads the whole timeline and table, and matches as built.
    let mut lazy = on_demand(&out);
    let first = lazy.wants_timeline("taliban", None, 100);
    assert_eq!(first.iter().filter(|n| kind_of(n) == "time").count(), time);
    for _ in 0..3 {
        for name in lazy.wants_timeline("taliban", None, 100) {
            lazy.supply(&name, out.get(&name).cloned());
        }
    }
    assert!(lazy.wants_timeline("taliban", None, 100).is_empty());
    let view = lazy.timeline_view("taliban", None, 100);
    assert!(view.total > 0);
    assert_eq!(view, ws.timeline_view("taliban", None, 100));
    // Counts that cannot be read: the whole timeline instead.
    let mut lazy = on_demand(&out);
    let days = lazy.wants_timeline("", None, 5);
    lazy.supply(&days[0], None);
    let want = lazy.wants_timeline("", None, 5);
    assert_eq!(unread_kind(&lazy, "time"), time);
    assert!(
        want.iter().filter(|n| kind_of(n) == "time").count() == time,
        "{want:?}"
    );
    for _ in 0..3 {
        for name in lazy.wants_timeline("", None, 5) {
            lazy.supply(&name, out.get(&name).cloned());
        }
    }
    assert_eq!(
        lazy.timeline_view("", None, 5),
        ws.timeline_view("", None, 5)
    );
}
