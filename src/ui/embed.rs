//! The iframe mode: a parent page whose origin the URL names
//! (`?origins=https://host.example`) may command the explorer with
//! `postMessage` and hears what the reader does. Messages from any other
//! origin, or from anything but the parent window, are ignored.
//!
//! Commands: `{type: "dossier:search", query}`, `{type: "dossier:open",
//! document}` (a document id), `{type: "dossier:entity", name}`.
//! Events: `{type: "dossier:ready"}`, `{type: "dossier:results", query,
//! total, results: [{document, title}]}` (the first ten), `{type: "dossier:opened", document, title}`,
//! `{type: "dossier:entity-opened", name}`.

use super::Message;
use crate::route::Route;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

/// The parent window, when the page is framed.
pub fn parent() -> Option<Window> {
    let w = web_sys::window()?;
    let parent = w.parent().ok().flatten()?;
    // A top-level page is its own parent.
    (!Object::is(&parent, &w)).then_some(parent)
}

/// Turn a message into a command, if it comes from an allowed origin of the
/// parent window and says something we understand.
pub fn command(e: &MessageEvent, origins: &[String], current: &Route) -> Option<Message> {
    if !origins.iter().any(|o| *o == e.origin()) {
        return None;
    }
    let parent = parent()?;
    let source = e.source()?;
    if !Object::is(&source, &parent) {
        return None;
    }
    let data = e.data();
    let text = |key: &str| {
        Reflect::get(&data, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let mut route = current.clone();
    match text("type")?.as_str() {
        "dossier:search" => {
            route.query = text("query")?;
            route.doc = None;
            route.entity = None;
        }
        "dossier:open" => route.doc = Some(text("document")?),
        "dossier:entity" => route.entity = Some(text("name")?),
        _ => return None,
    }
    Some(Message::Navigate(route))
}

/// The origin the parent is at, when the page can tell (the referrer, or
/// Chromium's and Safari's `location.ancestorOrigins`).
pub fn parent_origin() -> Option<String> {
    let w = web_sys::window()?;
    let from_referrer = w
        .document()
        .map(|d| d.referrer())
        .and_then(|r| web_sys::Url::new(&r).ok())
        .map(|u| u.origin());
    let from_ancestors = Reflect::get(&w.location(), &"ancestorOrigins".into())
        .ok()
        .and_then(|list| Reflect::get(&list, &"0".into()).ok())
        .and_then(|o| o.as_string());
    from_ancestors
        .or(from_referrer)
        .filter(|o| o != "null" && !o.is_empty())
}

/// Tell the parent window that something happened: at its origin when the
/// page knows it, else at each allowed origin (the browser delivers only to
/// the one the parent is at).
pub fn post(origins: &[String], kind: &str, fields: &[(&str, JsValue)]) {
    let origins: Vec<String> = match parent_origin() {
        // Known: tell it only if it is allowed.
        Some(o) if origins.contains(&o) => vec![o],
        Some(_) => return,
        None => origins.to_vec(),
    };
    let Some(parent) = parent() else {
        return;
    };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &(*k).into(), v);
    }
    for origin in origins {
        // The browser delivers only if the parent really is at `origin`.
        let _ = parent.post_message(msg.unchecked_ref(), &origin);
    }
}
