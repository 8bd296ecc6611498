//! The boundary with JavaScript: one exported [`Explorer`] handle whose
//! methods take strings and bytes and return plain objects, with every span
//! converted to UTF-16 here and nowhere else. The conversion itself is
//! plain Rust, tested natively.

pub mod utf16;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
pub use api::Explorer;
