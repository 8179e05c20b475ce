//! What every part of one widget reads from the widget: its language, its configuration,
//! its element ids and whether it is live in the browser.
//!
//! [`App`](super::app::App) provides one [`Widget`] and, on a prerendered page, the
//! [`PageSeed`]; components read them with [`Widget::get`] and [`PageSeed::get`]. One
//! context type for all of it rather than one per value: each type read from the context
//! is code of its own in the WebAssembly.

use crate::config::{Config, ConfigError};
use crate::i18n::Lang;
use crate::seed::Prepared;
use leptos::prelude::*;
use std::sync::Arc;

/// The configuration in use (or why it could not be loaded); `None` while loading.
pub type ConfigState = Memo<Option<Result<Config, ConfigError>>>;

/// One widget's shared state (see the module documentation).
#[derive(Clone, Copy)]
pub struct Widget {
    /// The reader's language for this widget.
    pub lang: Signal<Lang>,
    /// Changes the language (and remembers the choice on this device).
    pub choose: Callback<Lang>,
    /// The configuration in use: the live one, or the one the page was built with.
    pub config: ConfigState,
    /// The configuration once the configuration file has been read (or has failed): what
    /// loads depend on, so a prerendered page does not fetch with the configuration it
    /// was built with and then again with the current one.
    pub settled: ConfigState,
    /// Element ids of this widget.
    pub ids: IdPrefix,
    /// Whether the widget is live in the browser: false while a page is prerendered (the
    /// HTML must not depend on what only a device knows), true in the browser.
    pub hydrated: Signal<bool>,
}

impl Widget {
    /// The widget's state; every component is rendered inside an [`App`](super::app::App),
    /// which provides it.
    pub fn get() -> Self {
        expect_context()
    }

    /// A widget that only has a language: the article fragments rendered at build time.
    #[cfg(feature = "ssr")]
    pub fn of_language(lang: Lang) -> Self {
        let none = Memo::new(|_| None);
        Widget {
            lang: Signal::stored(lang),
            choose: Callback::new(|_: Lang| {}),
            config: none,
            settled: none,
            // The article has no element ids.
            ids: IdPrefix(0),
            hydrated: Signal::stored(false),
        }
    }
}

/// The prerendered page's build-time data, for the components that render it.
#[derive(Clone)]
pub struct PageSeed(pub Arc<Prepared>);

impl PageSeed {
    /// The data the page was built from, if this widget took over a prerendered page.
    pub fn get() -> Option<Arc<Prepared>> {
        use_context::<PageSeed>().map(|PageSeed(seed)| seed)
    }
}

/// Prefix for element ids, unique per instance.
#[derive(Clone, Copy)]
pub struct IdPrefix(pub usize);

impl IdPrefix {
    /// The id of this widget's element `name`.
    pub fn id(self, name: &str) -> String {
        format!("solidarity-{}-{name}", self.0)
    }
}
