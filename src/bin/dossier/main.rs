//! The command-line tool: the same core as the page, with JSON output.

/// `println!` for the tool's output: a reader that stops reading (`| head`)
/// ends the run quietly instead of a panic.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` the same way.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!($($arg)*))
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
