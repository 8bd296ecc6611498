//! `dossier bench`: ranking quality on the Cranfield collection, and build
//! time and query latency on Cranfield and the bundled seed. Measurements,
//! not tests: nothing here fails on a low figure.

use dossier::corpus::{Corpus, Document, Field, FieldKind};
use dossier::search::{Index, SearchOptions};
use dossier::span::Span;
use dossier::text::OffsetMap;
use dossier::{corpus, entities};
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[path = "readability.rs"]
mod readability;

const USAGE: &str = "\
USAGE:
  dossier bench cranfield DIR   nDCG@10 and MAP over the 225 queries, with timings
  dossier bench seed            build time and as-you-type latency on the bundled seed
  dossier bench index DIR [QUERIES]
                                a built explorer's index/ read on demand as the page reads
                                it: per query (a file of one a line, or DIR's commonest
                                words), the rounds of chunks, their bytes and the CPU time
  dossier bench import [MB]     a large import in the page's steps: unit times (default 2 MB)
  dossier bench import FILE...  the same for files of your own
  dossier bench readability PAGES OUT [--list [--held]]
                                saved HTML read against Readability's test pages, beside
                                the peers scripts/bench-readability.sh wrote into OUT
  dossier bench import --one [MB...]  one plain-text document of each size: time per stage
                                (default 2 5 10 20)
  dossier bench build DIR... [--pagefind BIN]
                                `dossier build`'s analysis and index of each folder: MB/s
                                per stage, beside Pagefind's indexing of the same articles
                                (one HTML page each) when BIN is given
  dossier bench files [N...]    many small generated files: read and build times per count
                                (default 2000 4000 8000 16000; --full: the whole analysis too)";

pub fn main(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        Some("cranfield") => match args.get(1) {
            Some(dir) => cranfield(Path::new(dir)),
            None => Err("bench cranfield needs DIR".to_string()),
        },
        Some("seed") => seed(),
        Some("index") => index_queries(&args[1..]),
        Some("readability") => readability::run(&args[1..]),
        Some("files") => files(&args[1..]),
        Some("build") => build(&args[1..]),
        Some("import") => match args.get(1).map(String::as_str) {
            Some("--one") => import_one_document(&args[2..]),
            // A size: the seed's text made that large; else the files named.
            Some(a) if a.parse::<f64>().is_err() => import_files(&args[1..]),
            a => import(a.and_then(|s| s.parse().ok()).unwrap_or(2.0)),
        },
        _ => Err(format!("unknown bench\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `.X` records of the Cranfield files: (id, [(marker, text)]).
fn records(text: &str) -> Vec<(String, Vec<(char, String)>)> {
    let mut out: Vec<(String, Vec<(char, String)>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(id) = line.strip_prefix(".I") {
            out.push((id.trim().to_string(), Vec::new()));
            continue;
        }
        let Some((_, fields)) = out.last_mut() else {
            continue;
        };
        let mut chars = line.chars();
        if let (Some('.'), Some(m), None) = (chars.next(), chars.next(), chars.next()) {
            fields.push((m, String::new()));
            continue;
        }
        if let Some((_, t)) = fields.last_mut() {
            if !t.is_empty() {
                t.push('\n');
            }
            t.push_str(line);
        }
    }
    // A trailing bare `.I` holds nothing.
    out.retain(|(_, f)| !f.is_empty());
    out
}

fn field(kind: FieldKind, text: &str) -> Field {
    let text = text.trim().to_string();
    Field {
        kind,
        span: Span::new(0, text.len()),
        map: OffsetMap::identity(0, text.len()),
        text,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn cranfield(dir: &Path) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let docs_text = read("cran.all.1400")?;
    let queries_text = read("cran.qry")?;
    let qrels_text = read("cranqrel")?;

    let mut corpus = Corpus::default();
    for (id, fields) in records(&docs_text) {
        let mut doc = Document {
            id: id.clone(),
            file: "cran.all.1400".to_string(),
            fields: Vec::new(),
        };
        for (m, t) in fields {
            match m {
                'T' => doc.fields.push(field(FieldKind::Title, &t)),
                'W' => doc.fields.push(field(FieldKind::Paragraph, &t)),
                _ => {}
            }
        }
        corpus.documents.push(doc);
    }
    let doc_ids: Vec<String> = corpus.documents.iter().map(|d| d.id.clone()).collect();

    // Query ids in cranqrel are positions 1..=225, not the `.I` numbers.
    let queries: Vec<String> = records(&queries_text)
        .into_iter()
        .map(|(_, f)| f.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" "))
        .collect();
    let mut qrels: HashMap<usize, HashMap<String, f64>> = HashMap::new();
    for line in qrels_text.lines() {
        let mut parts = line.split_whitespace();
        let (Some(q), Some(d), Some(g)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(q), Ok(g)) = (q.parse::<usize>(), g.parse::<i32>()) else {
            continue;
        };
        let gain = match g {
            1 => 4.0,
            2 => 3.0,
            3 => 2.0,
            4 => 1.0,
            _ => 0.0,
        };
        qrels.entry(q).or_default().insert(d.to_string(), gain);
    }

    let t = Instant::now();
    let set = entities::EntitySet::default();
    let index = Index::build(&corpus, &set);
    let build = t.elapsed();

    let mut opts = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    // For comparison with peers' figures without typo tolerance.
    if std::env::var_os("DOSSIER_BENCH_EXACT").is_some() {
        opts.matching.fuzzy = false;
        opts.matching.prefix = false;
    }
    let (mut ndcg_sum, mut ap_sum, mut n) = (0.0, 0.0, 0usize);
    // nDCG@10 summed over odd- and even-numbered queries apart: tuning
    // looks at the odd ones only, the even ones stay held out.
    let mut halves = [(0.0f64, 0usize); 2];
    let mut lat = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        let t = Instant::now();
        let out = index.search_with(&corpus, q, &opts);
        lat.push(t.elapsed());
        let judged = qrels.get(&(i + 1));
        let ranked: Vec<&str> = out
            .results
            .iter()
            .filter_map(|r| doc_ids.get(r.doc).map(String::as_str))
            .collect();
        let gain = |d: &str| judged.and_then(|j| j.get(d)).copied().unwrap_or(0.0);
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(k, d)| gain(d) / ((k + 2) as f64).log2())
            .sum();
        let mut ideal: Vec<f64> = judged
            .map(|j| j.values().copied().collect())
            .unwrap_or_default();
        ideal.sort_by(|a, b| b.total_cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(k, g)| g / ((k + 2) as f64).log2())
            .sum();
        let relevant = ideal.iter().filter(|g| **g > 0.0).count();
        let (mut found, mut ap) = (0usize, 0.0);
        for (k, d) in ranked.iter().enumerate() {
            if gain(d) > 0.0 {
                found += 1;
                ap += found as f64 / (k + 1) as f64;
            }
        }
        if relevant > 0 {
            ap_sum += ap / relevant as f64;
            let ndcg = if idcg > 0.0 { dcg / idcg } else { 0.0 };
            ndcg_sum += ndcg;
            n += 1;
            // Query numbers count from 1: i = 0 is query 1, odd.
            if let Some(h) = halves.get_mut(i % 2) {
                h.0 += ndcg;
                h.1 += 1;
            }
        }
    }
    lat.sort();
    let n = n.max(1) as f64;
    outln!(
        "cranfield: {} documents, {} queries",
        corpus.documents.len(),
        queries.len()
    );
    outln!("nDCG@10  {:.5}", ndcg_sum / n);
    let [(odd, n_odd), (even, n_even)] = halves;
    outln!(
        "         odd queries {:.5}, even queries {:.5}",
        odd / n_odd.max(1) as f64,
        even / n_even.max(1) as f64
    );
    outln!("MAP@100  {:.4}", ap_sum / n);
    outln!("build    {:.1} ms", ms(build));
    outln!(
        "query    p50 {:.3} ms  p99 {:.3} ms  (prefix and typos {}, top 100)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        if opts.matching.fuzzy { "on" } else { "off" }
    );
    Ok(())
}

fn seed() -> Result<(), String> {
    let corpus = Corpus::bundled();
    let set = entities::extract(&corpus);
    let t = Instant::now();
    let mut index = Index::build(&corpus, &set);
    let mut build = t.elapsed();
    for _ in 0..9 {
        let t = Instant::now();
        index = Index::build(&corpus, &set);
        build = build.min(t.elapsed());
    }
    // Every keystroke of these queries, as the page re-runs them.
    let typed = [
        "Talibn",
        "Jurg Lauber",
        "Kirgyzstan",
        "IMU",
        "\"Doha accord\"",
        "covid -vaccine",
        "Abdulaziz Yuldash",
        "136609182",
        "title:taliban OR section:intelligence",
        "/yuld[a-z]+/",
        "cyber consensus (OEWG OR GGE) NOT vaccine",
    ];
    let mut lat = Vec::new();
    for _ in 0..20 {
        for q in typed {
            for (i, _) in q.char_indices().skip(1) {
                let prefix = q.get(..i).unwrap_or(q);
                let t = Instant::now();
                let out = index.search(&corpus, prefix, 10);
                lat.push(t.elapsed());
                std::hint::black_box(out);
            }
        }
    }
    lat.sort();
    outln!(
        "seed: {} documents, {} bytes",
        corpus.documents.len(),
        corpus::BUNDLED.len()
    );
    outln!("build    {:.3} ms", ms(build));
    outln!(
        "query    p50 {:.3} ms  p99 {:.3} ms  ({} keystrokes)",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        lat.len()
    );
    Ok(())
}

/// The page's work per query over a prebuilt index read on demand (the
/// fetching aside): what it asks for, decodes and computes, in the order a
/// reader types the queries, chunks kept between queries as the page keeps
/// them.
fn index_queries(args: &[String]) -> Result<(), String> {
    let dir = Path::new(
        args.first()
            .ok_or("bench index needs DIR (a built explorer or its index/)")?,
    );
    let dir = if dir.join("index").is_dir() {
        dir.join("index")
    } else {
        dir.to_path_buf()
    };
    let read = |name: &str| std::fs::read(dir.join(name)).ok();
    let manifest = read(dossier::pack::MANIFEST)
        .ok_or_else(|| format!("{}: no manifest.bin", dir.display()))?;
    let queries: Vec<String> = match args.get(1) {
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| format!("{f}: {e}"))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        None => [
            "said",
            "year",
            "government",
            "people",
            "\"last week\"",
            "music awards",
        ]
        .map(str::to_string)
        .to_vec(),
    };
    let t = Instant::now();
    let mut fetched = 0usize;
    let (mut ws, _) = dossier::workspace::Workspace::on_demand(&manifest, &mut |n| {
        let b = read(n);
        fetched += b.as_ref().map_or(0, Vec::len);
        b
    })
    .map_err(|e| e.to_string())?;
    outln!("open     {:.1} ms, {} bytes", ms(t.elapsed()), fetched);
    let (mut cpu, mut rounds_all) = (Vec::new(), Vec::new());
    for q in &queries {
        let (mut rounds, mut chunks, mut bytes) = (0, 0, 0usize);
        let (mut ask, mut decode) = (Duration::ZERO, Duration::ZERO);
        let t = Instant::now();
        let out = loop {
            let a = Instant::now();
            let (want, out) = ws.answer(q, 20);
            ask += a.elapsed();
            if want.is_empty() {
                break out;
            }
            rounds += 1;
            let d = Instant::now();
            for name in want {
                let b = read(&name);
                bytes += b.as_ref().map_or(0, Vec::len);
                chunks += 1;
                ws.supply(&name, b);
            }
            decode += d.elapsed();
        };
        let all = t.elapsed();
        outln!(
            "{q:<32} {:>7.2} ms (search {:>6.2}, decode {:>6.2})  {rounds} rounds {chunks:>3} chunks {:>5} KB  {} results",
            ms(all),
            ms(ask),
            ms(decode),
            bytes / 1000,
            out.total
        );
        cpu.push(all);
        rounds_all.push(rounds);
    }
    cpu.sort();
    outln!(
        "{} queries: p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms  rounds {}",
        cpu.len(),
        ms(percentile(&cpu, 0.5)),
        ms(percentile(&cpu, 0.95)),
        ms(cpu.last().copied().unwrap_or_default()),
        rounds_all.iter().sum::<usize>()
    );
    Ok(())
}

/// A reader's large file made of the seed's own paragraphs: `.txt` is one
/// long document, `.md` one document per copy of each article.
fn synthetic(bytes: usize, one_doc: bool) -> (String, Vec<u8>) {
    let corpus = Corpus::bundled();
    let mut out = String::new();
    let mut copy = 0;
    while out.len() < bytes {
        copy += 1;
        for doc in &corpus.documents {
            if !one_doc {
                out.push_str(&format!(
                    "# {} ({copy})\n\n",
                    doc.title().unwrap_or("Untitled")
                ));
            }
            for f in doc.body() {
                out.push_str(&f.text);
                out.push_str("\n\n");
            }
        }
    }
    let name = if one_doc { "large.txt" } else { "large.md" };
    (name.to_string(), out.into_bytes())
}

/// A large import as the page runs it: in units (a file, or a document),
/// timing each; the page yields to the browser between slices of units.
fn import(size_mb: f64) -> Result<(), String> {
    for one_doc in [true, false] {
        let (name, bytes) = synthetic((size_mb * 1_048_576.0) as usize, one_doc);
        if let Ok(dir) = std::env::var("DOSSIER_BENCH_KEEP") {
            let _ = std::fs::write(Path::new(&dir).join(&name), &bytes);
        }
        import_one(&name, bytes);
    }
    Ok(())
}

/// The same for files of one's own, each imported alone.
fn import_files(paths: &[String]) -> Result<(), String> {
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        import_one(path, bytes);
    }
    Ok(())
}

fn import_one(name: &str, bytes: Vec<u8>) {
    let size = bytes.len();
    let mut ws = dossier::workspace::Workspace::new(Vec::new());
    ws.stage(name, bytes);
    let mut job = ws.begin();
    let mut units: Vec<(Duration, String)> = Vec::new();
    let all = Instant::now();
    loop {
        let doing = job.progress().doing;
        let t = Instant::now();
        let p = ws.advance(&mut job, &mut || true);
        units.push((t.elapsed(), doing));
        if p.finished {
            break;
        }
    }
    let total = all.elapsed();
    let mut times: Vec<Duration> = units.iter().map(|u| u.0).collect();
    times.sort();
    outln!(
        "{name}: {:.1} MB, {} documents, {} units in {:.0} ms; unit p50 {:.2} ms, p99 {:.1} ms",
        size as f64 / 1_048_576.0,
        ws.corpus.documents.len(),
        units.len(),
        ms(total),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
    );
    // The longest unit of each stage (the last one also installs the build).
    let mut stages: Vec<(String, Duration)> = Vec::new();
    for (t, doing) in &units {
        match stages.iter_mut().find(|(d, _)| d == doing) {
            Some(s) => s.1 = s.1.max(*t),
            None => stages.push((doing.clone(), *t)),
        }
    }
    for (doing, t) in stages {
        outln!("  longest unit {:>7.1} ms  {doing}", ms(t));
    }
}

/// `n` small articles as files: titles, bylines, paragraphs drawn from the
/// seed, a "Latest" list whose teasers name articles before and after
/// them (and one that names none), and names that clash (a base name
/// shared by four folders, and every 50th file an `index.txt`).
pub(crate) fn many_files(n: usize) -> Vec<(String, Vec<u8>)> {
    let seed = Corpus::bundled();
    let paras: Vec<&str> = seed
        .documents
        .iter()
        .flat_map(|d| d.body())
        .filter(|f| f.kind == FieldKind::Paragraph && f.text.len() > 120)
        .map(|f| f.text.as_str())
        .collect();
    let title = |k: usize| {
        format!(
            "Report number {k} on the {} region",
            ["northern", "coastal", "border", "central"][k % 4]
        )
    };
    (0..n)
        .map(|k| {
            let name = if k % 50 == 0 {
                format!("d{}/index.txt", k % 7)
            } else {
                format!("d{}/story{}.txt", k % 4, k / 4)
            };
            let mut t = format!("{}\n\nBy Staff Writer {}\n\n", title(k), k % 13);
            for j in 0..2 {
                if let Some(p) = paras.get((k * 3 + j) % paras.len().max(1)) {
                    t.push_str(p);
                    t.push_str("\n\n");
                }
            }
            t.push_str("Latest\n\n");
            for (age, other) in [(1, k.saturating_sub(5)), (3, k + 7), (5, n + k)] {
                t.push_str(&format!(
                    "Analysis{age} hours ago\n\n{}\n\nWhat the latest figures say about the region and its people...\n\n",
                    title(other)
                ));
            }
            (name, t.into_bytes())
        })
        .collect()
}

/// Reading (parse and `Corpus::add`) and building many small files: the
/// time per file should not grow with their number.
fn files(args: &[String]) -> Result<(), String> {
    let full = args.iter().any(|a| a == "--full");
    let mut counts: Vec<usize> = Vec::new();
    for a in args.iter().filter(|a| *a != "--full") {
        counts.push(
            a.parse()
                .map_err(|_| format!("bench files: {a:?} is not a count"))?,
        );
    }
    if counts.is_empty() {
        counts = vec![2000, 4000, 8000, 16000];
    }
    for n in counts {
        let files = many_files(n);
        if let Ok(dir) = std::env::var("DOSSIER_BENCH_KEEP") {
            let dir = Path::new(&dir).join(format!("files-{n}"));
            for (name, b) in &files {
                let path = dir.join(name);
                let _ = path.parent().map(std::fs::create_dir_all);
                let _ = std::fs::write(path, b);
            }
        }
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let t = Instant::now();
        let corpus = Corpus::from_files(files.iter().cloned());
        let read = t.elapsed();
        let linked = corpus
            .teasers
            .iter()
            .filter(|t| t.document.is_some())
            .count();
        let mut line = format!(
            "{n:>6} files, {:.1} MB, {} documents, {linked}/{} teasers linked: read {:>8.1} ms ({:.1} µs a file)",
            bytes as f64 / 1_048_576.0,
            corpus.documents.len(),
            corpus.teasers.len(),
            ms(read),
            read.as_secs_f64() * 1e6 / n.max(1) as f64,
        );
        if full {
            let t = Instant::now();
            let ws = dossier::workspace::Workspace::new(files);
            let all = t.elapsed();
            std::hint::black_box(&ws);
            line.push_str(&format!(
                "; whole build {:>8.1} ms ({:.2} MB/s)",
                ms(all),
                bytes as f64 / 1_048_576.0 / all.as_secs_f64()
            ));
        }
        outln!("{line}");
    }
    Ok(())
}

/// One plain-text document of about `bytes`: a title, then the seed's
/// prose paragraphs over and over (no short lines, so nothing splits it).
fn one_document(bytes: usize) -> Vec<u8> {
    let seed = Corpus::bundled();
    let paras: Vec<&str> = seed
        .documents
        .iter()
        .flat_map(|d| d.body())
        .filter(|f| f.kind == FieldKind::Paragraph && f.text.len() > 200)
        .map(|f| f.text.as_str())
        .collect();
    let mut out = String::from("Field notes from the archive\n\n");
    while out.len() < bytes && !paras.is_empty() {
        for p in &paras {
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    out.into_bytes()
}

/// The page's stages on one large document, each timed in all (the stage
/// times should grow with the size, not its square).
fn import_one_document(args: &[String]) -> Result<(), String> {
    let mut sizes: Vec<f64> = Vec::new();
    for a in args {
        sizes.push(
            a.parse()
                .map_err(|_| format!("bench import --one: {a:?} is not a size in MB"))?,
        );
    }
    if sizes.is_empty() {
        sizes = vec![2.0, 5.0, 10.0, 20.0];
    }
    for mb in sizes {
        let bytes = one_document((mb * 1_048_576.0) as usize);
        if let Ok(dir) = std::env::var("DOSSIER_BENCH_KEEP") {
            let _ = std::fs::write(Path::new(&dir).join(format!("one-{mb}.txt")), &bytes);
        }
        let size = bytes.len();
        let mut ws = dossier::workspace::Workspace::new(Vec::new());
        ws.stage("one.txt", bytes);
        let mut job = ws.begin();
        let mut stages: Vec<(String, Duration)> = Vec::new();
        let all = Instant::now();
        loop {
            let doing = job.progress().doing;
            let t = Instant::now();
            let p = ws.advance(&mut job, &mut || true);
            let took = t.elapsed();
            // The last unit installs the build: its own line.
            let doing = if p.finished {
                "Installing".to_string()
            } else {
                doing
            };
            match stages.iter_mut().find(|(d, _)| *d == doing) {
                Some(s) => s.1 += took,
                None => stages.push((doing, took)),
            }
            if p.finished {
                break;
            }
        }
        let total = all.elapsed();
        outln!(
            "one document of {:.1} MB: {} document(s), {} entities, {} events, {} quotes, {} figures; {:.0} ms ({:.2} MB/s)",
            size as f64 / 1_048_576.0,
            ws.corpus.documents.len(),
            ws.entities.entities.len(),
            ws.timeline.len(),
            ws.quotes.len(),
            ws.figures.len(),
            ms(total),
            size as f64 / 1_048_576.0 / total.as_secs_f64(),
        );
        for (doing, t) in stages {
            outln!("  {:>9.1} ms  {doing}", ms(t));
        }
    }
    Ok(())
}

/// `dossier bench build DIR... [--pagefind BIN]`: for each folder, what
/// `dossier build` does before it writes the files (read, analyse on every
/// core, write the index, deflate the single file's copy), timed by stage,
/// and Pagefind's indexing of the same articles as HTML pages.
fn build(args: &[String]) -> Result<(), String> {
    let mut dirs = Vec::new();
    let mut pagefind = None;
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--pagefind" => {
                pagefind = Some(rest.next().ok_or("--pagefind needs the binary")?.clone())
            }
            d => dirs.push(d.to_string()),
        }
    }
    if dirs.is_empty() {
        return Err("bench build needs a folder".into());
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    outln!(
        "dossier build on {} core(s), load average {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    outln!(
        "{:<28} {:>9} {:>8} {:>8}  {:<}",
        "corpus",
        "MB",
        "s",
        "MB/s",
        "stages (s) / peer"
    );
    for dir in &dirs {
        let started = Instant::now();
        let mut notes = Vec::new();
        let files = super::build::gather(std::slice::from_ref(dir), &mut notes)?;
        let mb = files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
        let read = started.elapsed().as_secs_f64();
        let pages = pagefind.as_ref().map(|_| article_pages(&files));
        let ws = dossier::workspace::Workspace::new(files);
        let t = Instant::now();
        let index = dossier::pack::write(&dossier::pack::Built::of(&ws));
        let write = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let packed = dossier::pack::bundle(&index);
        let deflate = t.elapsed().as_secs_f64();
        let secs = started.elapsed().as_secs_f64();
        let mut stages = vec![format!("read {read:.2}")];
        stages.extend(ws.stage_secs.iter().map(|(s, t)| format!("{s} {t:.2}")));
        stages.push(format!("write {write:.2}"));
        stages.push(format!(
            "deflate {deflate:.2} ({:.1} MB)",
            packed.len() as f64 / 1e6
        ));
        let name = Path::new(dir)
            .file_name()
            .map_or(dir.clone(), |n| n.to_string_lossy().into_owned());
        outln!(
            "{:<28} {mb:>9.1} {secs:>8.2} {:>8.2}  {} documents; {}",
            format!("{name} (dossier)"),
            mb / secs.max(1e-9),
            ws.corpus.documents.len(),
            stages.join(", ")
        );
        if let (Some(bin), Some(pages)) = (&pagefind, pages) {
            match run_pagefind(bin, &pages) {
                Ok(s) => outln!(
                    "{:<28} {mb:>9.1} {s:>8.2} {:>8.2}  {} pages; dossier / pagefind: {:.2}x the time",
                    format!("{name} (pagefind)"),
                    mb / s.max(1e-9),
                    pages.len(),
                    secs / s.max(1e-9)
                ),
                Err(e) => outln!("{:<28} not run: {e}", format!("{name} (pagefind)")),
            }
        }
    }
    Ok(())
}

/// One HTML page per file: its first line the title, its blank-line
/// separated blocks paragraphs (what scripts/bench-adapters.mjs gives
/// Pagefind in the scale benchmark).
fn article_pages(files: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    files
        .iter()
        .enumerate()
        .map(|(i, (_, bytes))| {
            let text = String::from_utf8_lossy(bytes);
            let mut blocks = text.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
            let title = blocks.next().unwrap_or("");
            let mut html = format!(
                "<!doctype html><html><head><title>{0}</title></head><body><main><h1>{0}</h1>",
                esc(title)
            );
            for b in blocks {
                html.push_str(&format!("<p>{}</p>", esc(b)));
            }
            html.push_str("</main></body></html>");
            (format!("a{i}.html"), html)
        })
        .collect()
}

/// Seconds Pagefind takes to index `pages` (written to a temporary folder first, untimed).
fn run_pagefind(bin: &str, pages: &[(String, String)]) -> Result<f64, String> {
    let root = std::env::temp_dir().join(format!("dossier-bench-pagefind-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let site = root.join("site");
    std::fs::create_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
    for (name, html) in pages {
        std::fs::write(site.join(name), html).map_err(|e| format!("{name}: {e}"))?;
    }
    let t = Instant::now();
    let status = std::process::Command::new(bin)
        .arg("--site")
        .arg(&site)
        .arg("--output-path")
        .arg(root.join("pagefind"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("{bin}: {e}"))?;
    let secs = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&root);
    if status.success() {
        Ok(secs)
    } else {
        Err(format!("{bin} exited with {status}"))
    }
}
