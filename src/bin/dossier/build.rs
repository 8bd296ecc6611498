//! `dossier build`: a static explorer for the user's own files. The web
//! files come from inside this binary (built with the `web-assets` feature
//! after the page is built) or from a folder given with `--assets`, so no
//! Rust toolchain is needed to run it.

use base64::Engine;
use dossier::{bundle, pack};
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
/// A file of the same bytes as an earlier one is left out, and so is a
/// folder's file of another kind than the pages read; each with a note.
pub(super) fn gather(
    inputs: &[String],
    notes: &mut Vec<String>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    if inputs.is_empty() {
        return Err("build needs the files or folders to build an explorer for".into());
    }
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            let mut skipped: Vec<PathBuf> = Vec::new();
            super::walk_all(path, &mut found, &mut skipped).map_err(|e| format!("{input}: {e}"))?;
            found.sort();
            skipped.sort();
            let named = |f: &Path| {
                f.strip_prefix(path)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .into_owned()
            };
            for f in &skipped {
                notes.push(format!(
                    "{}: not a .txt, .html, .htm or .md file; skipped",
                    named(f)
                ));
            }
            for f in found {
                let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                files.push((named(&f), bytes));
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
    Ok(without_copies(files, notes))
}

/// `files` without those whose bytes an earlier file has (empty files
/// stay: the parse says they are empty).
fn without_copies(
    files: Vec<(String, Vec<u8>)>,
    notes: &mut Vec<String>,
) -> Vec<(String, Vec<u8>)> {
    use std::hash::{Hash, Hasher};
    let mut seen: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    let mut kept: Vec<(String, Vec<u8>)> = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        let same = seen.entry(h.finish()).or_default();
        let first = same
            .iter()
            .filter_map(|&i| kept.get(i))
            .find(|(_, b)| !bytes.is_empty() && *b == bytes);
        if let Some((earlier, _)) = first {
            notes.push(format!("{name}: the same bytes as {earlier}; skipped"));
            continue;
        }
        same.push(kept.len());
        kept.push((name, bytes));
    }
    kept
}

pub fn run(inputs: &[String], out: &str, assets: Option<&str>, limit: usize) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut skipped = Vec::new();
    let files = gather(inputs, &mut skipped)?;
    for n in &skipped {
        eprintln!("note: {n}");
    }
    let assets = load_assets(assets)?;
    // corpus.json stays for hosts whose `<dossier-explorer corpus=…>`
    // predates the prebuilt index; the pages themselves read the index.
    let (json, left_out) = bundle::to_json(&files);
    let input_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let file_count = files.len();
    let ws = dossier::workspace::Workspace::new_with_limit(files, limit);
    if ws.corpus.documents.is_empty() {
        return Err("no documents found in the given files: nothing to build".into());
    }
    // One note per problem: the parse's, then what only corpus.json left out.
    let mut noted = std::collections::HashSet::new();
    for f in &ws.corpus.files {
        for d in &f.diagnostics {
            noted.insert(f.name.as_str());
            if d.starts_with(&format!("{}: ", f.name)) {
                eprintln!("note: {d}");
            } else {
                eprintln!("note: {}: {d}", f.name);
            }
        }
    }
    for n in &left_out {
        if !noted.iter().any(|name| n.starts_with(&format!("{name}: "))) {
            eprintln!("note: {n}");
        }
    }
    let notes = left_out;
    let analysed = started.elapsed();
    let index = pack::write(&pack::Built::of(&ws));
    let build_id = pack::Pack::open(index.first().map_or(&[][..], |(_, b)| b.as_slice()))
        .map(|p| p.manifest.build)
        .map_err(|e| format!("the index just written does not read back: {e}"))?;
    let out_dir = Path::new(out);
    let index_dir = out_dir.join("index");
    // A rebuild into the same folder leaves no chunk of the old build.
    if index_dir.is_dir() {
        std::fs::remove_dir_all(&index_dir).map_err(|e| format!("{}: {e}", index_dir.display()))?;
    }
    std::fs::create_dir_all(&index_dir).map_err(|e| format!("{}: {e}", index_dir.display()))?;
    let mut index_bytes = 0usize;
    for (name, bytes) in &index {
        index_bytes += bytes.len();
        let path = index_dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let marker = format!(
        "<script type=\"application/json\" {}>{{\"manifest\":\"index/{}\",\"build\":\"{build_id}\"}}</script>\n",
        bundle::INDEX_MARKER,
        pack::MANIFEST
    );
    let packed = pack::bundle(&index);
    let inline = format!(
        "<script type=\"application/octet-stream\" {}>{}</script>\n",
        bundle::PACK_MARKER,
        base64::engine::general_purpose::STANDARD.encode(&packed)
    );
    for (name, bytes) in &assets {
        let bytes = match name.as_str() {
            "index.html" => with_before_body(name, bytes, &marker)?,
            "dossier.html" => with_before_body(name, bytes, &inline)?,
            // The offline copy is kept per build: a new build is a new cache.
            "sw.js" => String::from_utf8_lossy(bytes)
                .replace("'dossier-v1'", &format!("'dossier-{build_id}'"))
                .into_bytes(),
            _ => bytes.clone(),
        };
        let path = out_dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let corpus_path = out_dir.join("corpus.json");
    std::fs::write(&corpus_path, &json).map_err(|e| format!("{}: {e}", corpus_path.display()))?;

    let secs = started.elapsed().as_secs_f64();
    outln!(
        "Built an explorer of {} documents from {} files in {}",
        ws.corpus.documents.len(),
        file_count - notes.len(),
        out_dir.display()
    );
    outln!(
        "  analysed {:.1} MB in {:.1} s ({:.1} MB/s); index: {} files, {:.1} MB ({:.1} MB in the single file)",
        input_bytes as f64 / 1e6,
        analysed.as_secs_f64(),
        input_bytes as f64 / 1e6 / analysed.as_secs_f64().max(1e-9),
        index.len(),
        index_bytes as f64 / 1e6,
        packed.len() as f64 * 4.0 / 3.0 / 1e6
    );
    outln!("  served:      {}", out_dir.join("index.html").display());
    outln!(
        "  single file: {} (works from file://)",
        out_dir.join("dossier.html").display()
    );
    outln!("  embed:       <script type=\"module\" src=\"…/dossier-embed.js\"></script>");
    outln!("               <dossier-explorer index=\"…/index/manifest.bin\"></dossier-explorer>");
    outln!("  done in {secs:.1} s");
    Ok(())
}

fn with_before_body(name: &str, bytes: &[u8], what: &str) -> Result<Vec<u8>, String> {
    let html = String::from_utf8_lossy(bytes);
    bundle::inject_raw(&html, what)
        .map(String::into_bytes)
        .ok_or_else(|| format!("{name}: the page has no </body> to put the index before"))
}
