//! The tool lives in `run.rs`: it reads training files from disk, so it is
//! built natively only (a wasm32 test build compiles every binary).

#[cfg(not(target_arch = "wasm32"))]
mod run;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    run::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
