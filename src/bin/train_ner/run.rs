//! `train-ner DATA_DIR [--out FILE] [--epochs N] [--seed S]`: train the name
//! tagger on CoNLL-format files and write the model the crate embeds.
//!
//! DATA_DIR holds a training split (`train.txt` or `eng.train`) and a
//! development split (`valid.txt`, `dev.txt` or `eng.testa`); dev F1 is
//! printed after every epoch and the best epoch is kept. Files named like a
//! test split are refused: that split is the project's blind check.

use dossier::entities::model::train::{read_conll, train, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn pick(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

fn run(args: &[String]) -> Result<(), String> {
    let mut dir = None;
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/entities/model/ner.bin"
    ));
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--out" => out = PathBuf::from(val("--out")?),
            "--epochs" => {
                opts.epochs = val("--epochs")?
                    .parse()
                    .map_err(|e| format!("--epochs: {e}"))?
            }
            "--seed" => opts.seed = val("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--min-count" => {
                opts.min_count = val("--min-count")?
                    .parse()
                    .map_err(|e| format!("--min-count: {e}"))?
            }
            _ if dir.is_none() && !a.starts_with("--") => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    let dir = dir
        .ok_or("usage: train-ner DATA_DIR [--out FILE] [--epochs N] [--seed S] [--min-count N]")?;
    let train_path = pick(&dir, &["train.txt", "eng.train"])
        .ok_or(format!("{}: no train.txt or eng.train", dir.display()))?;
    let dev_path = pick(&dir, &["valid.txt", "dev.txt", "eng.testa"]).ok_or(format!(
        "{}: no valid.txt, dev.txt or eng.testa",
        dir.display()
    ))?;
    let train_docs = read_conll(&train_path)?;
    let dev_docs = read_conll(&dev_path)?;
    eprintln!(
        "train {} ({} documents), dev {} ({} documents)",
        train_path.display(),
        train_docs.len(),
        dev_path.display(),
        dev_docs.len()
    );
    let model = train(&train_docs, &dev_docs, &opts, &mut |l| eprintln!("{l}"));
    let bytes = postcard::to_allocvec(&model).map_err(|e| format!("serialise: {e}"))?;
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} features)",
        out.display(),
        bytes.len(),
        model.key_deltas.len()
    );
    Ok(())
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-ner: {e}");
            ExitCode::FAILURE
        }
    }
}
