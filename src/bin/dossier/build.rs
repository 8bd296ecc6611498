//! `dossier build`: a static explorer for the user's own files. The web
//! files come from inside this binary (built with the `web-assets` feature
//! after the page is built) or from a folder given with `--assets`, so no
//! Rust toolchain is needed to run it.

use dossier::bundle;
use std::path::{Path, PathBuf};

/// What a built explorer is made of, by name.
const NAMES: [&str; 7] = [
    "index.html",
    "dossier.html",
    "main.css",
    "dossier.js",
    "dossier_bg.wasm",
    "dossier-embed.js",
    "sw.js",
];

#[cfg(feature = "web-assets")]
macro_rules! asset {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/dist/", $name)).as_slice(),
        )
    };
}

#[cfg(feature = "web-assets")]
const EMBEDDED: &[(&str, &[u8])] = &[
    asset!("index.html"),
    asset!("dossier.html"),
    asset!("main.css"),
    asset!("dossier.js"),
    asset!("dossier_bg.wasm"),
    asset!("dossier-embed.js"),
    asset!("sw.js"),
];

#[cfg(not(feature = "web-assets"))]
const EMBEDDED: &[(&str, &[u8])] = &[];

fn load_assets(dir: Option<&str>) -> Result<Vec<(String, Vec<u8>)>, String> {
    match dir {
        Some(dir) => NAMES
            .iter()
            .map(|n| {
                let path = Path::new(dir).join(n);
                std::fs::read(&path)
                    .map(|b| (n.to_string(), b))
                    .map_err(|e| format!("{}: {e} (is --assets a built dist/ folder?)", path.display()))
            })
            .collect(),
        None if EMBEDDED.is_empty() => Err(
            "this dossier binary carries no web files: pass --assets DIR (a built dist/ folder), \
             or build it with `cargo build --release --features web-assets` after `trunk build --release`"
                .into(),
        ),
        None => Ok(EMBEDDED.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect()),
    }
}

/// The files to pack, named as the page will show them: relative to the
/// folder given, or by file name (never a full path of the user's disk).
fn gather(inputs: &[String]) -> Result<Vec<(String, Vec<u8>)>, String> {
    if inputs.is_empty() {
        return Err("build needs the files or folders to build an explorer for".into());
    }
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            super::walk(path, &mut found).map_err(|e| format!("{input}: {e}"))?;
            found.sort();
            for f in found {
                let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                let name = f
                    .strip_prefix(path)
                    .unwrap_or(&f)
                    .to_string_lossy()
                    .into_owned();
                files.push((name, bytes));
            }
        } else {
            let bytes = std::fs::read(path).map_err(|e| format!("{input}: {e}"))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.clone());
            files.push((name, bytes));
        }
    }
    Ok(files)
}

pub fn run(inputs: &[String], out: &str, assets: Option<&str>) -> Result<(), String> {
    let files = gather(inputs)?;
    let assets = load_assets(assets)?;
    let (json, notes) = bundle::to_json(&files);
    for n in &notes {
        eprintln!("note: {n}");
    }
    let corpus = dossier::Corpus::from_files(files.iter().cloned());
    if corpus.documents.is_empty() {
        return Err("no documents found in the given files: nothing to build".into());
    }
    let out_dir = Path::new(out);
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{out}: {e}"))?;
    for (name, bytes) in &assets {
        let bytes = if name.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            bundle::inject(&html, &json)
                .ok_or_else(|| format!("{name}: the page has no </body> to put the corpus before"))?
                .into_bytes()
        } else {
            bytes.clone()
        };
        let path = out_dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let corpus_path = out_dir.join("corpus.json");
    std::fs::write(&corpus_path, &json).map_err(|e| format!("{}: {e}", corpus_path.display()))?;

    outln!(
        "Built an explorer of {} documents from {} files in {}",
        corpus.documents.len(),
        files.len() - notes.len(),
        out_dir.display()
    );
    outln!("  served:      {}", out_dir.join("index.html").display());
    outln!(
        "  single file: {} (works from file://)",
        out_dir.join("dossier.html").display()
    );
    outln!("  embed:       <script type=\"module\" src=\"…/dossier-embed.js\"></script>");
    outln!("               <dossier-explorer corpus=\"…/corpus.json\"></dossier-explorer>");
    Ok(())
}
