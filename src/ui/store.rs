//! Keeping the user's own documents across reloads, in IndexedDB (records
//! `{name, bytes}` in the store `files` of the database `dossier`), and one
//! setting in localStorage. Storage can be missing (private windows, some
//! file:// pages): callers get an error to show, and documents then last
//! until the page closes.

use super::dom::Res;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransactionMode};

const DB: &str = "dossier";
const STORE: &str = "files";
const HIDE_BUNDLED: &str = "dossier.hideBundled";
const THEME: &str = "dossier.theme";
const CORRECTIONS: &str = "dossier.corrections";

/// A promise settled by an IndexedDB request's success or error event.
fn settle(req: &IdbRequest) -> Promise {
    let req = req.clone();
    Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok_req.result().unwrap_or(JsValue::NULL));
        });
        let err_req = req.clone();
        let err = Closure::once_into_js(move || {
            let why = err_req
                .error()
                .ok()
                .flatten()
                .map(|e| JsValue::from(e.message()))
                .unwrap_or_else(|| "storage error".into());
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    })
}

async fn open() -> Res<IdbDatabase> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("IndexedDB is not available")?;
    let req = factory.open_with_u32(DB, 1)?;
    let upgrade_req = req.clone();
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrade_req
            .result()
            .and_then(|r| r.dyn_into::<IdbDatabase>())
        {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&"name".into());
            let _ = db.create_object_store_with_optional_parameters(STORE, &params);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = JsFuture::from(settle(&req)).await?;
    db.dyn_into::<IdbDatabase>()
}

async fn run(
    mode: IdbTransactionMode,
    op: impl FnOnce(&web_sys::IdbObjectStore) -> Res<IdbRequest>,
) -> Res<JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, mode)?;
    let store = tx.object_store(STORE)?;
    let req = op(&store)?;
    let out = JsFuture::from(settle(&req)).await;
    db.close();
    out
}

/// Every kept document, as `(name, bytes)`.
pub async fn load_all() -> Res<Vec<(String, Vec<u8>)>> {
    let all = run(IdbTransactionMode::Readonly, |s| s.get_all()).await?;
    let mut out = Vec::new();
    for rec in Array::from(&all).iter() {
        let name = Reflect::get(&rec, &"name".into())?.as_string();
        let bytes = Reflect::get(&rec, &"bytes".into())?;
        if let (Some(name), Ok(bytes)) = (name, bytes.dyn_into::<Uint8Array>()) {
            out.push((name, bytes.to_vec()));
        }
    }
    Ok(out)
}

pub async fn put(name: &str, bytes: &[u8]) -> Res {
    let rec = Object::new();
    Reflect::set(&rec, &"name".into(), &name.into())?;
    Reflect::set(&rec, &"bytes".into(), &Uint8Array::from(bytes))?;
    run(IdbTransactionMode::Readwrite, |s| s.put(&rec)).await?;
    Ok(())
}

pub async fn delete(name: &str) -> Res {
    let key = JsValue::from(name);
    run(IdbTransactionMode::Readwrite, |s| s.delete(&key)).await?;
    Ok(())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn bundled_hidden() -> bool {
    local_storage()
        .and_then(|s| s.get_item(HIDE_BUNDLED).ok().flatten())
        .is_some_and(|v| v == "1")
}

pub fn set_bundled_hidden(hidden: bool) {
    if let Some(s) = local_storage() {
        let _ = if hidden {
            s.set_item(HIDE_BUNDLED, "1")
        } else {
            s.remove_item(HIDE_BUNDLED)
        };
    }
}

/// The bytes of a picked or dropped file.
pub async fn read_file(file: &web_sys::File) -> Res<Vec<u8>> {
    let buf = JsFuture::from(file.array_buffer()).await?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// The reader's theme choice: "light", "dark", or "" to follow the system.
pub fn theme() -> String {
    local_storage()
        .and_then(|s| s.get_item(THEME).ok().flatten())
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_default()
}

pub fn set_theme(theme: &str) {
    if let Some(s) = local_storage() {
        let _ = match theme {
            "light" | "dark" => s.set_item(THEME, theme),
            _ => s.remove_item(THEME),
        };
    }
}

/// The reader's entity corrections (the text of the corrections format).
pub fn corrections() -> String {
    local_storage()
        .and_then(|s| s.get_item(CORRECTIONS).ok().flatten())
        .unwrap_or_default()
}

pub fn set_corrections(text: &str) {
    if let Some(s) = local_storage() {
        let _ = if text.trim().is_empty() {
            s.remove_item(CORRECTIONS)
        } else {
            s.set_item(CORRECTIONS, text)
        };
    }
}
