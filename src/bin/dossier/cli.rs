//! Argument handling in two steps (raw words, then a validated [`Command`]),
//! input gathering, and output formatting. No logic the core could hold.

use dossier::corpus::wire::ParseOutput;
use dossier::entities::wire::EntitiesOutput;
use dossier::explore::counted;
use dossier::search::wire::SearchJson;
use dossier::{corpus, entities, search, Corpus};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

#[path = "bench.rs"]
mod bench;
#[path = "build.rs"]
mod build;
#[path = "events.rs"]
mod events;

/// Write the tool's output. When the reader has gone (a closed pipe), stop
/// quietly with success: the output was wanted only so far.
pub(crate) fn emit(args: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("dossier: cannot write the output: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
}

const USAGE: &str = "\
dossier: explore news and intelligence text, offline

USAGE:
  dossier parse    [FILE|DIR...] [--json]
  dossier entities [FILE|DIR...] [--json | --csv] [--corrections FILE]
  dossier search   [FILE|DIR...] --query Q [--limit N] [--json] [--corrections FILE]
  dossier timeline|quotes|figures [FILE|DIR...] [--json | --csv] [--corrections FILE]
  dossier build    [FILE|DIR...] --out DIR [--assets DIR] [--document-limit MB]
  dossier bench    cranfield DIR | seed | import [MB | FILE...] | readability PAGES OUT

With no FILE, the bundled corpus is used. A DIR stands for its .txt, .html,
.htm, .md and .markdown files, recursively, in name order. Offsets in JSON
output are UTF-8 byte offsets into the input file as given, half-open.
`build` writes a static explorer of the files (index.html, the single file
dossier.html, and the custom element's files) into DIR.";

enum Action {
    Parse,
    Entities,
    Search {
        query: String,
        limit: usize,
    },
    Build {
        out: String,
        assets: Option<String>,
        /// Megabytes of text analysed per document.
        document_mb: Option<usize>,
    },
    Timeline,
    Quotes,
    Figures,
}

struct Command {
    action: Action,
    inputs: Vec<String>,
    json: bool,
    csv: bool,
    corrections: Option<String>,
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(("bench", rest)) = args.split_first().map(|(v, r)| (v.as_str(), r)) {
        return bench::main(rest);
    }
    let command = match parse_args(&args) {
        Ok(Some(c)) => c,
        Ok(None) => {
            outln!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("dossier: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("dossier: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: &[String]) -> Result<Option<Command>, String> {
    let Some(verb) = args.first() else {
        return Ok(None);
    };
    let mut inputs = Vec::new();
    let mut json = false;
    let mut csv = false;
    let mut corrections = None;
    let mut query = None;
    let mut limit = 10;
    let mut out = None;
    let mut assets = None;
    let mut document_mb = None;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--csv" => csv = true,
            "--corrections" => {
                corrections = Some(rest.next().ok_or("--corrections needs a file")?.clone());
            }
            "--query" | "-q" => {
                query = Some(rest.next().ok_or("--query needs a value")?.clone());
            }
            "--limit" | "-n" => {
                let v = rest.next().ok_or("--limit needs a value")?;
                limit = v
                    .parse()
                    .map_err(|_| format!("--limit wants a number, not {v:?}"))?;
            }
            "--out" | "-o" => out = Some(rest.next().ok_or("--out needs a folder")?.clone()),
            "--assets" => assets = Some(rest.next().ok_or("--assets needs a folder")?.clone()),
            "--document-limit" => {
                let v = rest.next().ok_or("--document-limit needs a number of MB")?;
                let mb: usize =
                    v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        format!("--document-limit wants a number of MB, not {v:?}")
                    })?;
                document_mb = Some(mb);
            }
            "-h" | "--help" => return Ok(None),
            s if s.starts_with("--out=") => out = Some(s["--out=".len()..].to_string()),
            s if s.starts_with("--query=") => query = Some(s["--query=".len()..].to_string()),
            s if s.starts_with("--limit=") => {
                let v = &s["--limit=".len()..];
                limit = v
                    .parse()
                    .map_err(|_| format!("--limit wants a number, not {v:?}"))?;
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => inputs.push(s.to_string()),
        }
    }
    let action = match verb.as_str() {
        "parse" => Action::Parse,
        "entities" => Action::Entities,
        "timeline" => Action::Timeline,
        "quotes" => Action::Quotes,
        "figures" => Action::Figures,
        "search" => Action::Search {
            query: query.ok_or("search needs --query Q")?,
            limit,
        },
        "build" => Action::Build {
            out: out.ok_or("build needs --out DIR")?,
            assets,
            document_mb,
        },
        "help" | "-h" | "--help" => return Ok(None),
        other => return Err(format!("unknown command {other:?}")),
    };
    if json && csv {
        return Err("choose one of --json and --csv".into());
    }
    Ok(Some(Command {
        action,
        inputs,
        json,
        csv,
        corrections,
    }))
}

/// The input files by name, as given, with their bytes.
struct Sources {
    files: BTreeMap<String, Vec<u8>>,
    /// What offsets index, where that is not the file's bytes (UTF-16).
    texts: BTreeMap<String, Vec<u8>>,
    order: Vec<String>,
}

impl Sources {
    fn gather(inputs: &[String]) -> Result<Sources, String> {
        let mut s = Sources {
            files: BTreeMap::new(),
            texts: BTreeMap::new(),
            order: Vec::new(),
        };
        if inputs.is_empty() {
            let (name, bytes) = corpus::bundled_file();
            s.push(name, bytes);
        }
        for input in inputs {
            let path = Path::new(input);
            if path.is_dir() {
                let mut found = Vec::new();
                walk(path, &mut found).map_err(|e| format!("{input}: {e}"))?;
                found.sort();
                for f in found {
                    let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                    s.push(f.to_string_lossy().into_owned(), bytes);
                }
            } else {
                let bytes = std::fs::read(path).map_err(|e| format!("{input}: {e}"))?;
                s.push(input.clone(), bytes);
            }
        }
        Ok(s)
    }

    fn push(&mut self, name: String, bytes: Vec<u8>) {
        if let Some(text) = corpus::offset_text(&bytes) {
            self.texts.insert(name.clone(), text.into_bytes());
        }
        if self.files.insert(name.clone(), bytes).is_none() {
            self.order.push(name);
        }
    }

    fn corpus(&mut self) -> Corpus {
        let corpus = Corpus::from_files(
            self.order
                .iter()
                .map(|n| (n.clone(), self.files[n].clone())),
        );
        // Spans of a PDF, Word file or mail index its extracted text: that
        // is the input every command's offsets are into from here on.
        for f in &corpus.files {
            if let (Some(text), Some(bytes)) = (&f.extracted, self.files.get_mut(&f.name)) {
                *bytes = text.clone().into_bytes();
            }
        }
        corpus
    }

    fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.texts
            .get(name)
            .or_else(|| self.files.get(name))
            .map(Vec::as_slice)
    }
}

pub(crate) fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    walk_all(dir, out, &mut Vec::new())
}

/// [`walk`], with the files it does not read put in `skipped`.
pub(crate) fn walk_all(
    dir: &Path,
    out: &mut Vec<std::path::PathBuf>,
    skipped: &mut Vec<std::path::PathBuf>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk_all(&path, out, skipped)?;
        } else if matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("txt" | "html" | "htm" | "md" | "markdown" | "pdf" | "docx" | "eml" | "mbox")
        ) {
            out.push(path);
        } else {
            skipped.push(path);
        }
    }
    Ok(())
}

fn run(command: Command) -> Result<(), String> {
    if let Action::Build {
        out,
        assets,
        document_mb,
    } = &command.action
    {
        let limit = document_mb.map_or(dossier::workspace::DOCUMENT_LIMIT, |mb| {
            mb.saturating_mul(1 << 20)
        });
        return build::run(&command.inputs, out, assets.as_deref(), limit);
    }
    let mut sources = Sources::gather(&command.inputs)?;
    let corpus = sources.corpus();
    let corrections = match &command.corrections {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            let c = entities::Corrections::parse(&text);
            for d in &c.diagnostics {
                eprintln!("note: {path}: {d}");
            }
            c
        }
        None => entities::Corrections::default(),
    };
    for d in corpus.diagnostics() {
        if !command.json {
            eprintln!("note: {d}");
        }
    }
    match command.action {
        Action::Parse => {
            let out = ParseOutput::new(&corpus);
            if command.json {
                return print_json(&out);
            }
            for d in &out.documents {
                outln!(
                    "{}\t{}\t{}\t{}",
                    d.id,
                    d.section.as_deref().unwrap_or("-"),
                    d.title.as_deref().unwrap_or("(untitled)"),
                    counted(d.blocks.len(), "block", "blocks")
                );
            }
            for t in &out.teasers {
                outln!(
                    "teaser\t{}\t{}\t{}",
                    t.section.as_deref().unwrap_or("-"),
                    t.age.as_deref().unwrap_or("-"),
                    t.title
                );
            }
        }
        Action::Entities => {
            let set = entities::extract_with(&corpus, &corrections);
            if command.csv {
                out!("{}", dossier::explore::export::entities_csv(&set));
                return Ok(());
            }
            let out = EntitiesOutput::new(&corpus, &set, |n| sources.bytes(n));
            if command.json {
                return print_json(&out);
            }
            for e in &out.entities {
                let mentions = counted(e.mentions.len(), "mention", "mentions");
                outln!("{}\t{}\t{mentions}", e.kind, e.name);
            }
        }
        Action::Build { .. } => {}
        Action::Timeline | Action::Quotes | Action::Figures => {
            let set = entities::extract_with(&corpus, &corrections);
            let format = match (command.json, command.csv) {
                (true, _) => events::Format::Json,
                (_, true) => events::Format::Csv,
                _ => events::Format::Table,
            };
            let source = |n: &str| sources.bytes(n);
            return match command.action {
                Action::Timeline => events::timeline(&corpus, &set, format, source),
                Action::Quotes => events::quotes(&corpus, &set, format, source),
                _ => events::figures(&corpus, &set, format, source),
            };
        }
        Action::Search { query, limit } => {
            let set = entities::extract_with(&corpus, &corrections);
            let index = search::Index::build(&corpus, &set);
            let found = index.search(&corpus, &query, limit);
            let out = SearchJson::new(&corpus, &found, |n| sources.bytes(n));
            if command.json {
                return print_json(&out);
            }
            for d in &out.diagnostics {
                eprintln!("note: {d}");
            }
            let matching = if out.total == 1 {
                "1 document matches".to_string()
            } else {
                format!("{} documents match", out.total)
            };
            outln!("{matching} {:?}", out.query);
            for (i, r) in out.results.iter().enumerate() {
                outln!(
                    "{:>3}. {:<50} {:>7.2}  {}",
                    i + 1,
                    r.title.as_deref().unwrap_or(&r.document),
                    r.score,
                    counted(r.hits.len(), "hit", "hits")
                );
                outln!("     {}", r.snippet);
            }
        }
    }
    Ok(())
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    let s = serde_json::to_string(value).map_err(|e| e.to_string())?;
    outln!("{s}");
    Ok(())
}
