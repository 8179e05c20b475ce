//! Thin adapters over browser APIs. Everything here may fail quietly: storage can be
//! disabled, `navigator` can be odd; the page keeps working without them.

use crate::i18n::Lang;
use wasm_bindgen::JsCast;

const LANG_KEY: &str = "solidarity.lang";

/// The browser window, or `None` when this code runs outside a browser (the build-time
/// prerender renders the same components natively, where there is no window, storage or
/// navigator; calling a web-sys import there would abort).
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// Where the reader's choice is kept. Widgets a partner pinned to a language with
/// `data-lang` keep their own choice, so an English and a Russian widget on one page stay
/// independent across visits; all other widgets share one.
fn lang_key(pinned: Option<Lang>) -> String {
    match pinned {
        Some(lang) => format!("{LANG_KEY}.{}", lang.code()),
        None => LANG_KEY.to_owned(),
    }
}

/// The language the reader chose on an earlier visit.
pub fn stored_lang(pinned: Option<Lang>) -> Option<Lang> {
    Lang::from_tag(&crate::device::read(&lang_key(pinned))?)
}

/// Keeps the reader's language choice (in this tab only under "leave no trace").
pub fn store_lang(pinned: Option<Lang>, lang: Lang) {
    crate::device::write(&lang_key(pinned), crate::device::Place::Device, lang.code());
}

/// The first supported language in `navigator.languages` (or `navigator.language`).
pub fn preferred_lang() -> Option<Lang> {
    let navigator = window()?.navigator();
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    Lang::from_preferences(tags.iter().map(String::as_str))
}

/// Resolves `relative` against `base`, or against the document's base URL.
pub fn absolute_url(relative: &str, base: Option<&str>) -> String {
    let base = base
        .map(str::to_owned)
        .or_else(|| window()?.document()?.base_uri().ok().flatten());
    match base {
        Some(base) if cfg!(target_arch = "wasm32") => web_sys::Url::new_with_base(relative, &base)
            .map(|url| url.href())
            .unwrap_or_else(|_| relative.to_owned()),
        _ => relative.to_owned(),
    }
}

/// The current time as RFC 3339 (UTC, milliseconds).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Sets `<html lang>` and the document title, for the standalone page.
pub fn set_document_language(lang: Lang, title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document.set_title(title);
    }
}

/// Changes the address shown to `url` (same origin) without loading it: the prerendered
/// page of the language just chosen, so a reload or a shared link keeps the language.
pub fn replace_address(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Moves focus to the element with the id `id` inside `scope`.
pub fn focus_id(scope: &web_sys::Element, id: &str) {
    let focusable = scope
        .query_selector(&format!("[id=\"{id}\"]"))
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = focusable {
        let _ = element.focus();
    }
}

/// The elements in `list` (a `querySelectorAll` answer), in order.
pub fn elements(list: web_sys::NodeList) -> impl Iterator<Item = web_sys::Element> {
    (0..list.length()).filter_map(move |index| list.item(index)?.dyn_into().ok())
}

/// Logs to the browser console (for configuration errors partners need to see).
pub fn console_error(message: &str) {
    web_sys::console::error_1(&message.into());
}

/// A form draft saved in this tab or on this device, if any.
pub fn load_draft<T: crate::json::FromJson>(form: &str) -> Option<T> {
    let text = crate::device::read(&format!("solidarity.draft.{form}"))?;
    T::from_value(&crate::json::parse(&text).ok()?)
}

/// Saves a form draft (or removes it when `empty`): its text only, never the identity
/// fields (the draft types skip them), in this tab under "leave no trace".
pub fn save_draft<T: crate::json::ToJson>(form: &str, draft: &T, empty: bool) {
    let key = format!("solidarity.draft.{form}");
    if empty {
        crate::device::remove(&key);
    } else {
        crate::device::write(
            &key,
            crate::device::Place::Device,
            &draft.to_value().to_json(),
        );
    }
}

/// The random id this tab reports comments with (kept in `sessionStorage`, so it goes
/// with the tab); a fresh one each time when storage is unavailable.
pub fn reporter_id() -> String {
    const KEY: &str = "solidarity.reporter";
    let storage = window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
    {
        return id;
    }
    let id = crate::ids::random_id();
    if let Some(storage) = storage {
        let _ = storage.set_item(KEY, &id);
    }
    id
}
