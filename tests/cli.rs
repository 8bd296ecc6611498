//! The command-line contracts other tools rely on: field names, offset
//! conventions (UTF-8 byte offsets into the input file as given, half-open,
//! `input[start..end] == text`), and clear errors.

use serde_json::Value;
use std::process::Command;

fn dossier(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = dossier(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).expect("valid JSON")
}

const SEED: &str = "seeds/000_305abcc8f379b296.txt";

fn seed() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_305abcc8f379b296.txt"
    ))
    .unwrap_or_default()
}

fn slice(bytes: &[u8], start: &Value, end: &Value) -> String {
    let (s, e) = (
        start.as_u64().unwrap_or(0) as usize,
        end.as_u64().unwrap_or(0) as usize,
    );
    String::from_utf8_lossy(bytes.get(s..e).unwrap_or(b"?")).into_owned()
}

#[test]
fn search_json_keeps_its_contract_and_offsets() {
    let v = json(&["search", "--query", "Yuldash", "--json"]);
    for key in ["query", "diagnostics", "total", "results"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let r = &v["results"][0];
    for key in [
        "document",
        "title",
        "score",
        "snippet",
        "highlights",
        "hits",
    ] {
        assert!(r.get(key).is_some(), "{key}");
    }
    assert_eq!(
        r["title"],
        "UN Security Council: Taliban continues to patronize Central Asian Jihadists"
    );
    let snippet = r["snippet"].as_str().unwrap_or("");
    for h in r["highlights"].as_array().into_iter().flatten() {
        let (s, e) = (
            h[0].as_u64().unwrap_or(0) as usize,
            h[1].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            snippet.get(s..e).map(str::to_lowercase).as_deref(),
            Some("yuldash")
        );
    }
    let bytes = seed();
    let hits = r["hits"].as_array().cloned().unwrap_or_default();
    assert!(hits.len() >= 7);
    for h in hits {
        assert_eq!(h["file"], SEED);
        assert_eq!(
            slice(&bytes, &h["start"], &h["end"]),
            h["text"].as_str().unwrap_or("")
        );
        assert_eq!(h["text"], "Yuldash");
    }
}

#[test]
fn parse_json_blocks_point_into_the_input() {
    let v = json(&["parse", "--json"]);
    let docs = v["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 4);
    assert_eq!(v["teasers"].as_array().map(Vec::len), Some(7));
    let bytes = seed();
    for d in &docs {
        for key in [
            "id", "file", "title", "section", "byline", "caption", "blocks",
        ] {
            assert!(d.get(key).is_some(), "{key}");
        }
        for b in d["blocks"].as_array().into_iter().flatten() {
            let original = slice(&bytes, &b["start"], &b["end"]);
            // The block's text may be repaired, but its words are the input's.
            let first = b["text"]
                .as_str()
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or("");
            assert!(original.contains(first), "{first:?} in {original:?}");
        }
    }
}

#[test]
fn entities_json_mentions_are_exact_and_csv_and_corrections_work() {
    let v = json(&["entities", "--json"]);
    let bytes = seed();
    let entities = v["entities"].as_array().cloned().unwrap_or_default();
    assert!(entities.len() > 50);
    for e in &entities {
        for m in e["mentions"].as_array().into_iter().flatten() {
            assert_eq!(
                slice(&bytes, &m["start"], &m["end"]),
                m["text"].as_str().unwrap_or("")
            );
        }
    }
    assert!(v["acronyms"].as_array().is_some_and(|a| a
        .iter()
        .any(|p| p["short"] == "IMU" && p["long"] == "Islamic Movement of Uzbekistan")));

    let (code, csv, _) = dossier(&["entities", "--csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("name,kind,mentions,articles,aliases,acronym,value\r\n"));
    assert_eq!(csv.lines().count(), entities.len() + 1);

    let dir = std::env::temp_dir().join(format!("dossier-cli-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("fix.txt");
    let _ = std::fs::write(
        &file,
        "rename \"Taliban\" => \"The Taliban movement\"\nnonsense here\n",
    );
    let (code, out, err) = dossier(&[
        "entities",
        "--json",
        "--corrections",
        file.to_str().unwrap_or(""),
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("line 2"), "a bad line is reported: {err}");
    assert!(out.contains("\"name\":\"The Taliban movement\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn table_output_counts_in_words() {
    // One article names Krutskikh: the count line reads as English.
    let (code, out, err) = dossier(&["search", "--query", "Krutskikh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 document matches \"Krutskikh\""), "{out}");
    let (_, out, _) = dossier(&["search", "--query", "security"]);
    assert!(out.contains(" documents match \"security\""), "{out}");
    assert!(out.contains(" hits\n"), "{out}");
    let (_, out, _) = dossier(&["entities"]);
    assert!(out.contains("\t1 mention\n"), "{out}");
    assert!(!out.contains("\t1 mentions"), "{out}");
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let (code, _, err) = dossier(&["search"]);
    assert_eq!(code, 2);
    assert!(err.contains("search needs --query"));
    let (code, _, err) = dossier(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command"));
    let (code, _, err) = dossier(&["parse", "/no/such/file.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("/no/such/file.txt"));
    let (code, _, err) = dossier(&[
        "build",
        "seeds",
        "--out",
        "/tmp/x",
        "--assets",
        "/no/such/dir",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--assets"), "{err}");
}

#[test]
fn a_reader_that_stops_reading_ends_the_run_quietly() {
    use std::io::Read;
    // More output than a pipe holds, so the tool is still writing when
    // the reader goes (as with `| head`).
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["parse", "seeds", "tests/pages", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = [0u8; 16];
    if let Some(out) = child.stdout.as_mut() {
        out.read_exact(&mut first).expect("some output");
    }
    drop(child.stdout.take());
    let done = child.wait_with_output().expect("it ends");
    let err = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{:?}: {err}", done.status);
    assert!(!err.contains("panicked"), "{err}");
    assert!(first.starts_with(b"{"));
}

/// A corpus folder as archives come: a file of another kind, a binary
/// file named `.txt`, an empty file, a copy, and one line longer than a
/// document is analysed for (the same cut as a 200 MB line, at the 1 MB
/// limit `--document-limit` sets). The build completes, with one note
/// for each file it skipped or cut.
#[test]
fn a_folder_of_bad_input_builds_with_a_note_for_each_file_skipped_or_cut() {
    let root = std::env::temp_dir().join(format!("dossier-bad-input-{}", std::process::id()));
    let (dir, assets, out) = (root.join("pages"), root.join("assets"), root.join("out"));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::create_dir_all(&assets).expect("temp dir");
    for name in [
        "index.html",
        "dossier.html",
        "main.css",
        "dossier.js",
        "dossier_bg.wasm",
        "dossier-embed.js",
        "sw.js",
    ] {
        std::fs::write(assets.join(name), "<html><body></body></html>").expect("asset");
    }
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("page");
    write("a.txt", &seed());
    write("copy of a.txt", &seed());
    write("empty.txt", b"");
    write(
        "image.jpg",
        &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'],
    );
    let blob: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    write("blob.txt", &blob);
    // 1.5 MB of prose on one line, no line break anywhere.
    let sentence = "The convoy reached Kabul on Tuesday, officials said, after a long delay. ";
    let long = sentence.repeat(1_500_000 / sentence.len());
    write("long.txt", long.as_bytes());

    let arg = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let (d, a, o) = (arg(&dir), arg(&assets), arg(&out));
    let (code, stdout, err) = dossier(&[
        "build",
        &d,
        "--out",
        &o,
        "--assets",
        &a,
        "--document-limit",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    // The seed's four articles and the long line's one, from the seed, the
    // long line and the empty file (the copy and the blobs not counted).
    assert!(
        stdout.contains("Built an explorer of 5 documents from 3 files"),
        "{stdout}"
    );
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note: ")).collect();
    for (file, says) in [
        ("image.jpg", "skipped"),
        ("copy of a.txt", "the same bytes as a.txt"),
        ("empty.txt", "empty"),
        ("blob.txt", "not a text"),
        ("long.txt", "left out"),
    ] {
        let about: Vec<&&str> = notes
            .iter()
            .filter(|n| n.starts_with(&format!("note: {file}: ")))
            .collect();
        // The long line also says it was split into paragraphs.
        let expected = if file == "long.txt" { 2 } else { 1 };
        assert_eq!(about.len(), expected, "notes for {file}:\n{err}");
        assert_eq!(
            about.iter().filter(|n| n.contains(says)).count(),
            1,
            "{file}:\n{err}"
        );
    }
    // The long line is one document, cut near the limit, and searchable.
    let cut = notes
        .iter()
        .find(|n| n.contains("left out"))
        .copied()
        .unwrap_or("");
    assert!(cut.contains("first 1.0 MB are searchable"), "{cut}");
    assert!(out.join("index").join("manifest.bin").is_file());
    let _ = std::fs::remove_dir_all(&root);
}
