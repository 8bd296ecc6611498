//! Extraction throughput: the seed page replicated to 10 MB, parsed once,
//! then entities extracted natively. Run with
//! `cargo run --release --example bench_entities`.

use dossier::corpus::{Corpus, BUNDLED};
use dossier::entities::extract;
use std::time::Instant;

fn main() {
    let target = 10 * 1024 * 1024;
    let mut page = Vec::with_capacity(target + BUNDLED.len());
    while page.len() < target {
        page.extend_from_slice(BUNDLED);
        page.extend_from_slice(b"\n\n");
    }
    let mb = page.len() as f64 / (1024.0 * 1024.0);
    let corpus = Corpus::from_files([("bench.txt".to_string(), page)]);
    let start = Instant::now();
    let set = extract(&corpus);
    let secs = start.elapsed().as_secs_f64();
    let mentions: usize = set.entities.iter().map(|e| e.mentions.len()).sum();
    println!(
        "entities: {mb:.1} MB in {secs:.2} s = {:.1} MB/s ({} entities, {mentions} mentions, {} acronym pairs)",
        mb / secs,
        set.entities.len(),
        set.acronyms.len()
    );
}
