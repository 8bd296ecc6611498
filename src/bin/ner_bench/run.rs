//! `ner-bench [DATA_DIR] [--python PY] [--no-spacy]`: names on a CoNLL
//! development split, scored strict (exact span and kind) and lenient
//! (overlapping span, same kind), per kind and overall, for the whole
//! extraction, the tagger alone and spaCy's `en_core_web_sm` on the same
//! text through the same scorer, with time per MB of each.
//!
//! Each CoNLL document becomes one document whose fields are its sentences
//! (tokens joined by spaces), so extraction sees what it sees on any page.
//! Kinds map to CoNLL's: group, event, law, work and misc are MISC; dates
//! and quantities are not scored. "overall" is person, org and place (the
//! kinds the target names); "all four" adds MISC. Test splits are
//! refused by name. The project's gold pages are scored first, rules only
//! and with the tagger.
//!
//! `ner-bench --speed DIR`: the entity stage's speed on every file under
//! DIR (one document at a time and on every core, without and with the
//! tagger), and the tagger's alone.

use dossier::corpus::{Corpus, Document, Field, FieldKind};
use dossier::entities::model::train::{read_conll, Doc};
use dossier::entities::model::{DocWords, Label, Model};
use dossier::entities::score::{score as score_gold, Gold, Report};
use dossier::entities::tokens::tokenize;
use dossier::entities::{extract, Corrections, EntityKind, EntitySet, Extraction};
use dossier::span::Span;
use dossier::text::OffsetMap;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// A name: document, sentence, span, kind.
type Name = (usize, usize, Span, Label);

fn label_of(k: EntityKind) -> Option<Label> {
    Some(match k {
        EntityKind::Person => Label::Person,
        EntityKind::Org => Label::Org,
        EntityKind::Place => Label::Place,
        EntityKind::Date | EntityKind::Quantity => return None,
        _ => Label::Misc,
    })
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Counts {
    fn f1(self) -> f64 {
        if self.pred + self.gold == 0 {
            return 0.0;
        }
        2.0 * self.tp as f64 / (self.pred + self.gold) as f64
    }
    fn p(self) -> f64 {
        self.tp as f64 / self.pred.max(1) as f64
    }
    fn r(self) -> f64 {
        self.tp as f64 / self.gold.max(1) as f64
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

/// Strict and lenient counts for one label. Lenient: each gold name
/// matches at most one overlapping prediction of its label.
fn score(pred: &BTreeSet<Name>, gold: &BTreeSet<Name>, l: Label) -> (Counts, Counts) {
    let p: Vec<&Name> = pred.iter().filter(|n| n.3 == l).collect();
    let g: Vec<&Name> = gold.iter().filter(|n| n.3 == l).collect();
    let strict = Counts {
        tp: p.iter().filter(|n| gold.contains(**n)).count(),
        pred: p.len(),
        gold: g.len(),
    };
    let mut taken = vec![false; p.len()];
    let mut tp = 0;
    for gn in &g {
        // Predictions are sorted by (doc, sentence, span): look near the gold.
        let from = p.partition_point(|x| (x.0, x.1) < (gn.0, gn.1));
        for (i, x) in p.iter().enumerate().skip(from) {
            if (x.0, x.1) != (gn.0, gn.1) {
                break;
            }
            if !taken[i] && x.2.overlaps(gn.2) {
                taken[i] = true;
                tp += 1;
                break;
            }
        }
    }
    let lenient = Counts {
        tp,
        pred: p.len(),
        gold: g.len(),
    };
    (strict, lenient)
}

fn table(name: &str, pred: &BTreeSet<Name>, gold: &BTreeSet<Name>, secs: f64, mb: f64) {
    println!("== {name}: {:.3} s per MB", secs / mb.max(1e-9));
    println!("kind        strict P     R    F1   lenient P     R    F1");
    let mut all3 = (Counts::default(), Counts::default());
    let mut all4 = all3;
    for l in Label::ALL {
        let (s, le) = score(pred, gold, l);
        println!(
            "{:<10} {:>9.3} {:.3} {:.3} {:>10.3} {:.3} {:.3}",
            l.name(),
            s.p(),
            s.r(),
            s.f1(),
            le.p(),
            le.r(),
            le.f1()
        );
        if l != Label::Misc {
            all3.0.add(s);
            all3.1.add(le);
        }
        all4.0.add(s);
        all4.1.add(le);
    }
    for (n, (s, le)) in [("overall", all3), ("all four", all4)] {
        println!(
            "{:<10} {:>9.3} {:.3} {:.3} {:>10.3} {:.3} {:.3}",
            n,
            s.p(),
            s.r(),
            s.f1(),
            le.p(),
            le.r(),
            le.f1()
        );
    }
}

fn corpus_of(docs: &[Doc]) -> Corpus {
    let mut c = Corpus::default();
    for (i, d) in docs.iter().enumerate() {
        let mut at = 0;
        let fields = d
            .iter()
            .map(|s| {
                let f = Field {
                    kind: FieldKind::Paragraph,
                    text: s.text.clone(),
                    span: Span::new(at, at + s.text.len()),
                    map: OffsetMap::identity(at, s.text.len()),
                };
                at += s.text.len() + 1;
                f
            })
            .collect();
        c.documents.push(Document {
            id: format!("dev-{i}"),
            file: format!("dev-{i}"),
            fields,
        });
    }
    c
}

/// spaCy on the same sentences: one JSON document per line in, one out.
fn spacy(python: &str, docs: &[Doc]) -> Result<(BTreeSet<Name>, f64), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spacy_ner.py");
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{python}: {e}"))?;
    let mut input = String::new();
    for d in docs {
        let sents: Vec<&str> = d.iter().map(|s| s.text.as_str()).collect();
        input.push_str(&serde_json::to_string(&sents).map_err(|e| e.to_string())?);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "writer failed".to_string())?
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{} exited with {}", script.display(), out.status));
    }
    let mut names = BTreeSet::new();
    let mut secs = f64::NAN;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?;
        if let Some(s) = v.get("seconds").and_then(serde_json::Value::as_f64) {
            secs = s;
            continue;
        }
        let get = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_u64)
                .map(|x| x as usize)
        };
        let (Some(d), Some(s), Some(a), Some(b)) =
            (get("doc"), get("sent"), get("start"), get("end"))
        else {
            continue;
        };
        if let Some(l) = v
            .get("label")
            .and_then(serde_json::Value::as_str)
            .and_then(Label::conll)
        {
            names.insert((d, s, Span::new(a, b), l));
        }
    }
    Ok((names, secs))
}

/// One extraction, single-threaded (per-MB times compare with spaCy's one
/// process).
fn run_extraction(corpus: &Corpus, rules_only: bool) -> EntitySet {
    let mut x = if rules_only {
        Extraction::rules_only()
    } else {
        Extraction::default()
    };
    while x.step(corpus).is_some() {}
    x.finish(corpus, &Corrections::default())
}

/// The project's own gold pages (tests/gold/entities): the seed, the pages
/// the rules were tuned on, and the held-out pages, rules only and with
/// the tagger.
fn gold_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sets: [(&str, Vec<(String, String)>); 3] = [
        (
            "seed",
            vec![(
                "seeds/000_305abcc8f379b296.txt".to_string(),
                "tests/gold/entities/seed.tsv".to_string(),
            )],
        ),
        (
            "own pages",
            pages_of(root, "tests/pages/entities", "tests/gold/entities"),
        ),
        (
            "held-out news pages",
            pages_of(root, "tests/pages/news", "tests/gold/news"),
        ),
    ];
    for (set_name, pages) in sets {
        if pages.is_empty() {
            continue;
        }
        for (mode, rules_only) in [("rules only", true), ("with the tagger", false)] {
            let mut total = Report::default();
            for (page, gold) in &pages {
                let bytes = std::fs::read(root.join(page)).unwrap_or_default();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let g = Gold::parse(&std::fs::read_to_string(root.join(gold)).unwrap_or_default());
                let corpus = Corpus::from_files([(page.clone(), bytes)]);
                let set = run_extraction(&corpus, rules_only);
                total.absorb(&score_gold(&corpus, &set, &g, &text));
            }
            let o = total.overall();
            let per: Vec<String> = [EntityKind::Person, EntityKind::Org, EntityKind::Place]
                .iter()
                .map(|k| format!("{} {:.3}", k.name(), total.kind(*k).f1()))
                .collect();
            println!(
                "gold {set_name} ({} pages), {mode}: entity F1 {:.3} (P {:.3} R {:.3}; {}); acronym pairs {} found, {} false, {} missed",
                pages.len(),
                o.f1(),
                o.precision(),
                o.recall(),
                per.join(", "),
                total.acronyms.tp,
                total.acronyms.fp,
                total.acronyms.fn_
            );
            if std::env::var_os("ENTITY_ERRORS").is_some() {
                print!("{}", total.errors());
            }
        }
    }
}

/// (page, gold) for every gold file in `gold_dir` with its page in `page_dir`.
fn pages_of(root: &Path, page_dir: &str, gold_dir: &str) -> Vec<(String, String)> {
    let Ok(rd) = std::fs::read_dir(root.join(gold_dir)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".tsv")?.to_string();
            let page = format!("{page_dir}/{stem}.txt");
            root.join(&page)
                .is_file()
                .then(|| (page, format!("{gold_dir}/{name}")))
        })
        .collect();
    out.sort();
    out
}

/// Every file under `dir`, recursively, in path order.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// CPU time of this process so far, user and system, from /proc (0 where
/// there is none); the kernel counts it in ticks of 1/100 s.
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses: utime and
    // stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// CPU time of the calling thread so far, in nanoseconds from /proc (0
/// where there is none).
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// The bad inputs, each as one field of 25,000, 100,000 and
/// 400,000 characters: the extraction's time per MB, rules only and with the
/// tagger (best of three). Work linear in the input keeps a row's
/// figures alike.
fn bad_input() -> Result<(), String> {
    let units = [
        (
            "one endless sentence",
            "the minister Marta Kowalczyk met Juan Perez in Lagos and ",
        ),
        ("one-letter tokens", "a "),
        (
            "mixed scripts",
            "Владимир Путин met محمد بن سلمان and Olaf Scholz in Berlin ",
        ),
        (
            "a page in capitals",
            "NOVAK URGES CALM AS KOWALCZYK MEETS OKAFOR IN LAGOS\n",
        ),
    ];
    println!(
        "bad input, one field each: s/MB at 25,000, 100,000 and 400,000 characters (cpu time, best of three)"
    );
    println!(
        "  {:<22} {:>10} {:>10} {:>10}   {:>10} {:>10} {:>10}",
        "", "rules 25k", "100k", "400k", "tagger 25k", "100k", "400k"
    );
    for (name, unit) in units {
        let mut row = Vec::new();
        for rules_only in [true, false] {
            for chars in [25_000usize, 100_000, 400_000] {
                let text = unit.repeat(chars / unit.chars().count());
                let mb = text.len() as f64 / 1e6;
                let corpus = Corpus::from_files([("bad.txt".to_string(), text.into_bytes())]);
                let mut secs = f64::INFINITY;
                for _ in 0..3 {
                    let c = thread_cpu_secs();
                    let t = Instant::now();
                    let set = run_extraction(&corpus, rules_only);
                    // The wall clock where /proc gives no CPU time.
                    let spent = match thread_cpu_secs() - c {
                        x if x > 0.0 => x,
                        _ => t.elapsed().as_secs_f64(),
                    };
                    secs = secs.min(spent);
                    if set
                        .entities
                        .iter()
                        .any(|e| !e.name.chars().any(char::is_alphabetic))
                    {
                        return Err(format!("{name}: an entity without a letter"));
                    }
                }
                row.push(secs / mb);
            }
        }
        println!(
            "  {name:<22} {:>10.3} {:>10.3} {:>10.3}   {:>10.3} {:>10.3} {:>10.3}",
            row[0], row[1], row[2], row[3], row[4], row[5]
        );
    }
    Ok(())
}

/// Speed on a corpus of files: the whole entity stage one document at a
/// time and on every core, without and with the tagger, and the tagger
/// alone (tokens, features, Viterbi) over the same fields.
fn speed(dir: &Path) -> Result<(), String> {
    let mut paths = Vec::new();
    files_under(dir, &mut paths);
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let corpus = Corpus::from_files(files);
    let bytes: usize = corpus
        .documents
        .iter()
        .flat_map(|d| &d.fields)
        .map(|f| f.text.len())
        .sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "speed on {}: {} documents, {:.2} MB of field text, {} threads",
        dir.display(),
        corpus.documents.len(),
        mb,
        rayon::current_num_threads()
    );
    let report = |name: &str, (secs, cpu): (f64, f64)| {
        println!(
            "  {name:<44} {secs:7.3} s  {:6.2} MB/s  {:.3} s/MB   cpu {cpu:7.3} s  {:6.2} MB/s per core",
            mb / secs.max(1e-9),
            secs / mb.max(1e-9),
            mb / cpu.max(1e-9),
        );
    };
    println!(
        "  (wall time, then the process's CPU time: on a shared machine the second is the cost)"
    );
    // The machine may be shared: each figure is the best of three runs.
    let best = |f: &mut dyn FnMut() -> usize| -> ((f64, f64), usize) {
        let mut out = ((f64::INFINITY, f64::INFINITY), 0);
        for _ in 0..3 {
            let (t, c) = (Instant::now(), cpu_secs());
            let n = f();
            let wall = t.elapsed().as_secs_f64();
            let cpu = cpu_secs() - c;
            out = ((out.0 .0.min(wall), out.0 .1.min(cpu)), n);
        }
        out
    };
    for (name, rules_only) in [("rules only", true), ("rules and tagger", false)] {
        let (secs, one) = best(&mut || run_extraction(&corpus, rules_only).entities.len());
        report(&format!("{name}, one document at a time"), secs);
        let (secs, par) = best(&mut || {
            let mut x = if rules_only {
                Extraction::rules_only()
            } else {
                Extraction::default()
            };
            x.run(&corpus);
            x.finish(&corpus, &Corrections::default()).entities.len()
        });
        report(&format!("{name}, every core"), secs);
        if par != one {
            return Err(format!(
                "{name}: {par} entities on every core, {one} one at a time"
            ));
        }
    }
    let model = Model::embedded();
    let (secs, found) = best(&mut || {
        let mut found = 0usize;
        for d in &corpus.documents {
            let toks: Vec<_> = d.fields.iter().map(|f| tokenize(&f.text)).collect();
            let mut words = DocWords::default();
            for (f, tk) in d.fields.iter().zip(&toks) {
                words.add(&f.text, tk);
            }
            for (f, tk) in d.fields.iter().zip(&toks) {
                found += model.tag(&f.text, tk, &words).len();
            }
        }
        found
    });
    report(&format!("tagger alone ({found} names), one thread"), secs);
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let mut dir = None;
    let mut heldout: Vec<PathBuf> = Vec::new();
    let mut python = std::env::var("DOSSIER_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut with_spacy = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--python" => python = it.next().cloned().ok_or("--python needs a value")?,
            "--no-spacy" => with_spacy = false,
            "--heldout" => heldout.push(PathBuf::from(
                it.next().ok_or("--heldout needs a CoNLL file")?,
            )),
            "--bad" => return bad_input(),
            "--speed" => {
                let d = it.next().ok_or("--speed needs a folder")?;
                return speed(Path::new(d));
            }
            _ if dir.is_none() && !a.starts_with("--") => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    gold_pages();
    let model = Model::embedded();
    println!(
        "model: {} bytes embedded ({} features)",
        dossier::entities::model::EMBEDDED_BYTES,
        model.features_len(),
    );
    if let Some(dir) = dir {
        let path = ["valid.txt", "dev.txt", "eng.testa"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
            .ok_or(format!(
                "{}: no valid.txt, dev.txt or eng.testa",
                dir.display()
            ))?;
        score_split("development split (tuned on)", &path, &python, with_spacy)?;
    } else {
        println!("(no DATA_DIR: the CoNLL development split is not scored)");
    }
    for path in &heldout {
        score_split("held out (never tuned on)", path, &python, with_spacy)?;
    }
    Ok(())
}

/// One CoNLL file scored: the extraction (rules only, with the tagger, as
/// one corpus and story by story), the tagger alone and spaCy.
fn score_split(what: &str, path: &Path, python: &str, with_spacy: bool) -> Result<(), String> {
    let docs = read_conll(path)?;
    let mut gold = BTreeSet::new();
    let mut bytes = 0usize;
    for (di, d) in docs.iter().enumerate() {
        for (si, s) in d.iter().enumerate() {
            bytes += s.text.len() + 1;
            for &(span, l) in &s.gold {
                gold.insert((di, si, span, l));
            }
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "\n# {what}: {}: {} documents, {} sentences, {:.2} MB, {} gold names",
        path.display(),
        docs.len(),
        docs.iter().map(Vec::len).sum::<usize>(),
        mb,
        gold.len()
    );
    let model = Model::embedded();

    // The split as one corpus (entities merge across stories, as in an
    // archive), and each story alone (as a single page reads).
    let corpus = corpus_of(&docs);
    let mut blended = BTreeSet::new();
    for (name, rules_only) in [
        (
            "dossier rules only (extraction without the tagger, one corpus)",
            true,
        ),
        ("dossier (extraction, one corpus)", false),
    ] {
        let t = Instant::now();
        let set = run_extraction(&corpus, rules_only);
        let secs = t.elapsed().as_secs_f64();
        let mut pred = BTreeSet::new();
        for e in &set.entities {
            let Some(l) = label_of(e.kind) else { continue };
            for m in &e.mentions {
                pred.insert((m.doc, m.field, m.span, l));
            }
        }
        table(name, &pred, &gold, secs, mb);
        blended = pred;
    }
    let t = Instant::now();
    let mut pred = BTreeSet::new();
    for (di, d) in docs.iter().enumerate() {
        let one = corpus_of(std::slice::from_ref(d));
        for e in &extract(&one).entities {
            let Some(l) = label_of(e.kind) else { continue };
            for m in &e.mentions {
                pred.insert((di, m.field, m.span, l));
            }
        }
    }
    table(
        "dossier (extraction, each story alone)",
        &pred,
        &gold,
        t.elapsed().as_secs_f64(),
        mb,
    );

    let t = Instant::now();
    let mut tagged = BTreeSet::new();
    for (di, d) in docs.iter().enumerate() {
        let toks: Vec<_> = d.iter().map(|s| tokenize(&s.text)).collect();
        let mut words = DocWords::default();
        for (s, tk) in d.iter().zip(&toks) {
            words.add(&s.text, tk);
        }
        for (si, (s, tk)) in d.iter().zip(&toks).enumerate() {
            for n in model.tag(&s.text, tk, &words) {
                tagged.insert((di, si, n.span, n.label));
            }
        }
    }
    table(
        "dossier (tagger alone)",
        &tagged,
        &gold,
        t.elapsed().as_secs_f64(),
        mb,
    );

    if std::env::var_os("NER_DIFF").is_some() {
        // Where the extraction loses what the tagger alone finds: each gold
        // name the tagger has and the extraction misses, with what the
        // extraction has over it.
        for g in gold
            .iter()
            .filter(|g| tagged.contains(*g) && !blended.contains(*g))
        {
            let Some(s) = docs.get(g.0).and_then(|d| d.get(g.1)) else {
                continue;
            };
            let over: Vec<String> = blended
                .iter()
                .filter(|p| (p.0, p.1) == (g.0, g.1) && p.2.overlaps(g.2))
                .map(|p| format!("{} {:?}", p.3.name(), p.2.slice(&s.text)))
                .collect();
            println!(
                "LOST {} {:?} got [{}] in: {}",
                g.3.name(),
                g.2.slice(&s.text),
                over.join(", "),
                s.text
            );
        }
        for p in blended
            .iter()
            .filter(|p| !gold.contains(*p) && !tagged.contains(*p))
        {
            let Some(s) = docs.get(p.0).and_then(|d| d.get(p.1)) else {
                continue;
            };
            println!(
                "ADDED {} {:?} in: {}",
                p.3.name(),
                p.2.slice(&s.text),
                s.text
            );
        }
    }

    if with_spacy {
        match spacy(python, &docs) {
            Ok((names, s)) => table("spaCy en_core_web_sm", &names, &gold, s, mb),
            Err(e) => println!("== spaCy en_core_web_sm: not run ({e}); see scripts/spacy_ner.py"),
        }
    }
    Ok(())
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ner-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
