//! A panic in WebAssembly stops every instance on the page. Before it does, say so inside
//! each widget, in its language, instead of leaving a frozen form behind.
//!
//! The hook formats nothing itself: the message, file and line go to the console as
//! separate values (`console_error_panic_hook` formats the whole report, and its
//! formatting code is a share of a small WebAssembly file).

use crate::i18n::Lang;
use wasm_bindgen::JsCast;

/// Installs the hook: the panic goes to the console, and each mounted widget gets a
/// visible alert.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        to_console(info);
        show_in_every_widget();
    }));
}

/// "Solidarity panicked:", the message if it needs no formatting, the file and the line.
fn to_console(info: &std::panic::PanicHookInfo) {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    let (file, line) = info
        .location()
        .map_or(("?", 0), |place| (place.file(), place.line()));
    web_sys::console::error_4(
        &"Solidarity panicked:".into(),
        &message.into(),
        &file.into(),
        &line.into(),
    );
}

fn show_in_every_widget() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("[data-solidarity]") else {
        return;
    };
    for host in crate::browser::elements(hosts) {
        let root: web_sys::Node = match host.shadow_root() {
            Some(shadow) => shadow.into(),
            None => host.clone().into(),
        };
        let widget = root
            .dyn_ref::<web_sys::Element>()
            .and_then(|element| element.query_selector(".solidarity").ok().flatten())
            .or_else(|| {
                root.dyn_ref::<web_sys::ShadowRoot>()
                    .and_then(|shadow| shadow.query_selector(".solidarity").ok().flatten())
            });
        let lang = widget
            .as_ref()
            .and_then(|w| w.get_attribute("lang"))
            .and_then(|code| Lang::from_tag(&code))
            .unwrap_or(Lang::En);
        let Ok(alert) = document.create_element("p") else {
            continue;
        };
        let _ = alert.set_attribute("role", "alert");
        let _ = alert.set_attribute("class", "solidarity-crash");
        let _ = alert.set_attribute("data-testid", "crash");
        alert.set_text_content(Some(lang.strings().crashed));
        let parent: &web_sys::Node = match &widget {
            Some(widget) => widget,
            None => &root,
        };
        let _ = parent.insert_before(&alert, parent.first_child().as_ref());
    }
}
