//! The first screen's overview: on the seed (a golden file a person can
//! read), and from a prebuilt index the same as from the build, read with
//! the manifest and the chunks every view opens with, nothing more.
//!
//! Refresh the golden with `UPDATE_GOLDEN=1 cargo test --test overview`,
//! then read the diff.

use dossier::explore::overview::Overview;
use dossier::pack::{self, MANIFEST};
use dossier::workspace::Workspace;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

fn seed() -> Workspace {
    let mut ws = Workspace::new(vec![dossier::corpus::bundled_file()]);
    ws.commit();
    ws
}

fn golden(name: &str, value: &Overview) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/overview/{name}.json"));
    let json = serde_json::to_string_pretty(value).expect("serialises") + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("golden folder");
        std::fs::write(&path, &json).expect("golden written");
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == json,
        "golden {name} differs (UPDATE_GOLDEN=1 to refresh, then review):\n{json}"
    );
}

#[test]
fn the_seed_in_numbers_and_names() {
    let ws = seed();
    let o = ws.overview();
    golden("seed", &o);
    // What a reader checks on the first screen, said plainly.
    assert_eq!(o.documents, 4);
    assert_eq!(o.section_count, o.sections.len() as u32);
    let names = |l: &[dossier::explore::overview::Named]| {
        l.iter().map(|n| n.name.clone()).collect::<Vec<_>>()
    };
    assert!(
        names(&o.organisations).contains(&"Taliban".to_string()),
        "{:?}",
        o.organisations
    );
    assert!(
        names(&o.people).iter().any(|n| n.contains("Yuldash")),
        "{:?}",
        o.people
    );
    for list in [&o.people, &o.organisations, &o.places] {
        assert!(!list.is_empty() && list.len() <= dossier::explore::overview::TOP);
        assert!(
            list.windows(2).all(|w| w[0].mentions >= w[1].mentions),
            "most named first: {list:?}"
        );
        assert!(list
            .iter()
            .all(|n| n.articles >= 1 && n.articles <= n.mentions));
    }
    // Every statement dated to a year or closer is in one bar.
    let placed = ws
        .timeline
        .iter()
        .filter(|e| dossier::explore::overview::dated(e))
        .count();
    assert!(
        placed > 0 && placed < ws.timeline.len(),
        "decades and centuries are left out"
    );
    assert_eq!(o.activity.step, 1, "the seed's years fit one bar each");
    assert_eq!(
        o.activity
            .bars
            .iter()
            .map(|b| b.count as usize)
            .sum::<usize>(),
        placed
    );
    assert_eq!(o.events as usize, ws.timeline.len());
}

#[test]
fn a_prebuilt_index_shows_the_builds_overview_having_read_only_its_opening_chunks() {
    let built = seed();
    let files: HashMap<String, Vec<u8>> =
        pack::write(&pack::Built::of(&built)).into_iter().collect();
    let manifest = files.get(MANIFEST).cloned().unwrap_or_default();
    let asked = RefCell::new(Vec::new());
    let (ws, problems) = Workspace::on_demand(&manifest, &mut |n| {
        asked.borrow_mut().push(n.to_string());
        files.get(n).cloned()
    })
    .expect("opens");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(*ws.overview(), *built.overview());
    let asked = asked.into_inner();
    for kind in ["ment-", "time-", "store-", "docs-", "pos-", "quote-"] {
        assert!(
            !asked.iter().any(|n| n.starts_with(kind)),
            "the overview needs no {kind} chunk: {asked:?}"
        );
    }
    assert!(
        ws.entities.entities.iter().all(|e| e.mentions.is_empty()),
        "no mention was read, yet the names come with their counts"
    );
}

#[test]
fn a_readers_own_document_joins_the_overview() {
    let mut ws = seed();
    let before = ws.overview();
    ws.add_file(
        "notes.txt",
        b"Notes from Osh\n\nZarina Tokhtasinova met Zarina Tokhtasinova's deputy in Osh in 2007."
            .to_vec(),
    );
    let after = ws.overview();
    assert_eq!(after.documents, before.documents + 1);
    assert_eq!(after.files, before.files + 1);
    let first = after.activity.bars.first().map(|b| b.from).unwrap_or(0);
    assert!(first <= 2007);
    assert!(
        after.activity.bars.iter().map(|b| b.count).sum::<u32>()
            > before.activity.bars.iter().map(|b| b.count).sum::<u32>()
    );
}
