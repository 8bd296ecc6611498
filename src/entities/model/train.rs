//! Training the tagger from CoNLL-format files, and reading them for the
//! benchmark. Each sentence becomes a line of text (tokens joined by
//! spaces); gold names become byte spans of it, and the crate's own
//! tokenizer cuts the line again, so training sees exactly what extraction
//! will see (a gold name whose edges fall inside a token is lost, and
//! counted so).

use super::{begin, features, spans, viterbi, DocWords, Label, ModelFile, TAGS};
use crate::entities::tokens::{tokenize, Tok};
use crate::span::Span;
use std::collections::HashMap;
use std::path::Path;

/// One sentence: its text and gold names.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub text: String,
    pub gold: Vec<(Span, Label)>,
}

/// A document: its sentences, in order.
pub type Doc = Vec<Sentence>;

/// Whether a file name looks like a test split: those are never read.
pub fn is_test_name(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .is_some_and(|n| n.contains("test"))
}

/// Read a CoNLL file (token first, tag last on each line; IOB1 or IOB2;
/// `-DOCSTART-` between documents). Refuses test splits by name.
pub fn read_conll(path: &Path) -> Result<Vec<Doc>, String> {
    if is_test_name(path) {
        return Err(format!(
            "{}: a test split is the blind check and is never read",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parse_conll(&text))
}

pub fn parse_conll(text: &str) -> Vec<Doc> {
    let mut docs: Vec<Doc> = vec![Vec::new()];
    let mut toks: Vec<(String, String)> = Vec::new();
    let flush = |toks: &mut Vec<(String, String)>, docs: &mut Vec<Doc>| {
        if toks.is_empty() {
            return;
        }
        let mut s = Sentence {
            text: String::new(),
            gold: Vec::new(),
        };
        let mut open: Option<(usize, usize, Label)> = None;
        for (w, tag) in toks.drain(..) {
            if !s.text.is_empty() {
                s.text.push(' ');
            }
            let start = s.text.len();
            s.text.push_str(&w);
            let end = s.text.len();
            let (pos, ty) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            let label = Label::conll(ty);
            let cont = pos == "I" && open.is_some_and(|o| Some(o.2) == label);
            if cont {
                if let Some(o) = open.as_mut() {
                    o.1 = end;
                }
                continue;
            }
            if let Some((a, b, l)) = open.take() {
                s.gold.push((Span::new(a, b), l));
            }
            if let Some(l) = label {
                open = Some((start, end, l));
            }
        }
        if let Some((a, b, l)) = open {
            s.gold.push((Span::new(a, b), l));
        }
        if let Some(d) = docs.last_mut() {
            d.push(s);
        }
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match cols.as_slice() {
            [] => flush(&mut toks, &mut docs),
            [first, ..] if *first == "-DOCSTART-" => {
                flush(&mut toks, &mut docs);
                if docs.last().is_some_and(|d| !d.is_empty()) {
                    docs.push(Vec::new());
                }
            }
            [w, .., tag] => toks.push(((*w).to_string(), (*tag).to_string())),
            [w] => toks.push(((*w).to_string(), "O".to_string())),
        }
    }
    flush(&mut toks, &mut docs);
    docs.retain(|d| !d.is_empty());
    docs
}

/// Gold tags on the crate's tokens; names that do not fall on token edges are counted.
fn gold_tags(toks: &[Tok], gold: &[(Span, Label)], lost: &mut usize) -> Vec<usize> {
    let mut tags = vec![0usize; toks.len()];
    for (span, label) in gold {
        let first = toks.iter().position(|t| t.span.start == span.start);
        let last = toks.iter().position(|t| t.span.end == span.end);
        match (first, last) {
            (Some(a), Some(b)) if a <= b => {
                for (k, tag) in tags.iter_mut().enumerate().take(b + 1).skip(a) {
                    *tag = begin(*label) + usize::from(k > a);
                }
            }
            _ => *lost += 1,
        }
    }
    tags
}

/// A sentence ready for training: feature rows per token and gold tags.
struct Example {
    feats: Vec<u32>,
    starts: Vec<usize>,
    gold: Vec<usize>,
}

fn examples(docs: &[Doc], lost: &mut usize) -> Vec<(Example, Vec<Tok>, usize, usize)> {
    let mut out = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        let toks: Vec<Vec<Tok>> = d.iter().map(|s| tokenize(&s.text)).collect();
        let mut words = DocWords::default();
        for (s, t) in d.iter().zip(&toks) {
            words.add(&s.text, t);
        }
        for (si, (s, t)) in d.iter().zip(toks).enumerate() {
            let mut feats = Vec::new();
            let mut starts = Vec::new();
            features(&s.text, &t, &words, &mut feats, &mut starts);
            let gold = gold_tags(&t, &s.gold, lost);
            out.push((
                Example {
                    feats,
                    starts,
                    gold,
                },
                t,
                di,
                si,
            ));
        }
    }
    out
}

/// Precision, recall and F1 counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn p(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn r(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Options of a training run.
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 12,
            seed: 14,
            min_count: 1,
        }
    }
}

struct Dense {
    index: HashMap<u32, usize>,
    w: Vec<f32>,
    /// Sum of updates times their timestamp, for averaging.
    u: Vec<f32>,
    trans: Vec<f32>,
    trans_u: Vec<f32>,
    start: Vec<f32>,
    start_u: Vec<f32>,
    c: f32,
}

impl Dense {
    fn averaged(&self) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], u: &[f32]| -> Vec<f32> {
            w.iter().zip(u).map(|(w, u)| w - u / self.c).collect()
        };
        (
            avg(&self.w, &self.u),
            avg(&self.trans, &self.trans_u),
            avg(&self.start, &self.start_u),
        )
    }
}

fn emissions(index: &HashMap<u32, usize>, w: &[f32], ex: &Example) -> Vec<f32> {
    let n = ex.starts.len().saturating_sub(1);
    let mut out = vec![0f32; n * TAGS];
    for i in 0..n {
        for h in &ex.feats[ex.starts[i]..ex.starts[i + 1]] {
            if let Some(&r) = index.get(h) {
                for t in 0..TAGS {
                    out[i * TAGS + t] += w[r * TAGS + t];
                }
            }
        }
    }
    out
}

/// Strict scores of tag sequences against gold names, per label and overall
/// over person, org and place.
pub fn score_sentences(
    pred: &[Vec<(Span, Label)>],
    gold: &[Vec<(Span, Label)>],
) -> (HashMap<&'static str, Counts>, Counts) {
    let mut per: HashMap<&'static str, Counts> = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        for x in p {
            let c = per.entry(x.1.name()).or_default();
            if g.contains(x) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for x in g {
            if !p.contains(x) {
                per.entry(x.1.name()).or_default().fn_ += 1;
            }
        }
    }
    let mut all = Counts::default();
    for k in ["person", "org", "place"] {
        if let Some(c) = per.get(k) {
            all.tp += c.tp;
            all.fp += c.fp;
            all.fn_ += c.fn_;
        }
    }
    (per, all)
}

/// Tiny deterministic generator for the shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Quantise averaged weights, keeping features with a non-zero weight.
fn quantise(index: &HashMap<u32, usize>, w: &[f32], trans: Vec<f32>, start: Vec<f32>) -> ModelFile {
    let mut mags: Vec<f32> = w.iter().map(|x| x.abs()).filter(|x| *x > 0.0).collect();
    mags.sort_by(f32::total_cmp);
    // Clip the rare largest weights so the rest keep their resolution.
    let top = mags
        .get((mags.len() as f64 * 0.9995) as usize)
        .or(mags.last())
        .copied()
        .unwrap_or(1.0)
        .max(1e-6);
    let scale = top / 127.0;
    let mut keys: Vec<(u32, usize)> = index.iter().map(|(k, r)| (*k, *r)).collect();
    keys.sort_unstable();
    let mut key_deltas = Vec::new();
    let mut weights = Vec::new();
    let mut last = 0u32;
    for (k, r) in keys {
        let row: Vec<i8> = (0..TAGS)
            .map(|t| (w[r * TAGS + t] / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        if row.iter().all(|x| *x == 0) {
            continue;
        }
        key_deltas.push(k.wrapping_sub(last));
        last = k;
        weights.extend(row);
    }
    ModelFile {
        version: 1,
        key_deltas,
        weights,
        scale,
        trans,
        start,
    }
}

/// Train on `train`, report strict dev F1 after each epoch through `log`,
/// and return the quantised model of the best epoch on dev.
pub fn train(train: &[Doc], dev: &[Doc], opts: &Options, log: &mut dyn FnMut(&str)) -> ModelFile {
    let mut lost = 0;
    let train_ex = examples(train, &mut lost);
    log(&format!(
        "train: {} sentences, {} gold names off token edges",
        train_ex.len(),
        lost
    ));
    let mut lost_dev = 0;
    let dev_ex = examples(dev, &mut lost_dev);
    log(&format!(
        "dev: {} sentences, {} gold names off token edges (counted as missed)",
        dev_ex.len(),
        lost_dev
    ));
    let dev_gold: Vec<Vec<(Span, Label)>> = dev
        .iter()
        .flat_map(|d| d.iter().map(|s| s.gold.clone()))
        .collect();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for (ex, ..) in &train_ex {
        for h in &ex.feats {
            *counts.entry(*h).or_default() += 1;
        }
    }
    let mut index = HashMap::new();
    let mut ks: Vec<u32> = counts
        .iter()
        .filter(|(_, c)| **c >= opts.min_count)
        .map(|(k, _)| *k)
        .collect();
    ks.sort_unstable();
    for k in ks {
        let r = index.len();
        index.insert(k, r);
    }
    log(&format!("features: {}", index.len()));
    let n = index.len();
    let mut m = Dense {
        index,
        w: vec![0.0; n * TAGS],
        u: vec![0.0; n * TAGS],
        trans: vec![0.0; TAGS * TAGS],
        trans_u: vec![0.0; TAGS * TAGS],
        start: vec![0.0; TAGS],
        start_u: vec![0.0; TAGS],
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..train_ex.len()).collect();
    let mut rng = Rng(opts.seed.max(1));
    let mut best: Option<(f64, ModelFile)> = None;
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &oi in &order {
            let ex = &train_ex[oi].0;
            let em = emissions(&m.index, &m.w, ex);
            let pred = viterbi(&em, &m.trans, &m.start);
            if pred != ex.gold {
                errors += 1;
                let c = m.c;
                let bump = |w: &mut [f32], u: &mut [f32], i: usize, d: f32| {
                    w[i] += d;
                    u[i] += c * d;
                };
                for (i, (&g, &p)) in ex.gold.iter().zip(&pred).enumerate() {
                    if g != p {
                        for h in &ex.feats[ex.starts[i]..ex.starts[i + 1]] {
                            if let Some(&r) = m.index.get(h) {
                                bump(&mut m.w, &mut m.u, r * TAGS + g, 1.0);
                                bump(&mut m.w, &mut m.u, r * TAGS + p, -1.0);
                            }
                        }
                    }
                    let (gp, pp) = if i == 0 {
                        (None, None)
                    } else {
                        (Some(ex.gold[i - 1]), Some(pred[i - 1]))
                    };
                    if gp != pp || g != p {
                        match (gp, pp) {
                            (Some(a), Some(b)) => {
                                bump(&mut m.trans, &mut m.trans_u, a * TAGS + g, 1.0);
                                bump(&mut m.trans, &mut m.trans_u, b * TAGS + p, -1.0);
                            }
                            _ => {
                                bump(&mut m.start, &mut m.start_u, g, 1.0);
                                bump(&mut m.start, &mut m.start_u, p, -1.0);
                            }
                        }
                    }
                }
            }
            m.c += 1.0;
        }
        let (w, trans, start) = m.averaged();
        let file = quantise(&m.index, &w, trans, start);
        let model = super::Model::from_file(file.clone());
        let pred: Vec<Vec<(Span, Label)>> = dev_ex
            .iter()
            .map(|(ex, toks, ..)| {
                let em = model.scores(&ex.feats, &ex.starts, &mut super::Work::default());
                let tags = viterbi(&em, &model.trans, &model.start);
                spans(toks, &tags)
                    .into_iter()
                    .map(|t| (t.span, t.label))
                    .collect()
            })
            .collect();
        let (per, all) = score_sentences(&pred, &dev_gold);
        let pk = |k: &str| per.get(k).map_or(0.0, Counts::f1);
        log(&format!(
            "epoch {epoch:2}: train errors {errors:5}  dev strict F1 {:.4} (P {:.4} R {:.4})  person {:.3} org {:.3} place {:.3} misc {:.3}  kept {} features",
            all.f1(),
            all.p(),
            all.r(),
            pk("person"),
            pk("org"),
            pk("place"),
            pk("misc"),
            file.key_deltas.len()
        ));
        if best.as_ref().is_none_or(|(f, _)| all.f1() > *f) {
            best = Some((all.f1(), file));
        }
    }
    best.map(|(_, f)| f).unwrap_or_default()
}
