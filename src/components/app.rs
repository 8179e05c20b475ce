use super::article::Article;
use super::comments::Comments;
use super::context::{ConfigState, IdPrefix, PageSeed, Widget};
use super::lang_toggle::LangToggle;
use super::outbox::OutboxPanel;
use super::quick_exit::QuickExit;
use super::safety_panel::SafetyPanel;
use super::support_form::SupportForm;
use super::wall::Wall;
use crate::config::{Config, ConfigError, Overrides};
use crate::i18n::Lang;
use crate::seed::Prepared;
use leptos::prelude::*;
use std::sync::Arc;

/// What the host element asked for.
#[derive(Clone, Debug)]
pub struct HostSettings {
    pub overrides: Overrides,
    /// The host is the standalone page: the app also owns `<html lang>` and the title.
    pub standalone: bool,
    /// Distinguishes element ids between instances on one page.
    pub instance: usize,
    /// Set when this instance takes over a prerendered page (or renders one at build time).
    pub prerendered: Option<Prerendered>,
}

/// A prerendered page: what it was rendered from, and whether the app has taken it over.
#[derive(Clone, Debug)]
pub struct Prerendered {
    pub seed: Arc<Prepared>,
    /// False at build time: the HTML must not depend on what only a device knows (drafts'
    /// counters, the outbox, the canonical field names). True in the browser, which renders
    /// the page from the same seed (src/mount/takeover.rs), live from the start.
    pub hydrated: ArcRwSignal<bool>,
}

/// One campaign widget: the article, the language toggle, comments and the support form.
#[component]
pub fn App(settings: HostSettings) -> impl IntoView {
    let HostSettings {
        overrides,
        standalone,
        instance,
        prerendered,
    } = settings;
    let seed = prerendered.as_ref().map(|page| page.seed.clone());
    let hydrated = match &prerendered {
        Some(page) => Signal::from(page.hydrated.clone()),
        None => Signal::stored(true),
    };
    let from_host = overrides.lang.as_deref().and_then(Lang::from_tag);
    // The configuration file, read once; `None` until it has been read, and always at
    // build time.
    let live = RwSignal::new(None::<Result<Config, ConfigError>>);
    if crate::browser::window().is_some() {
        super::task::load(live, async move {
            let loaded = crate::api::load_config(overrides).await;
            if let Err(error) = &loaded {
                crate::browser::console_error(&error.message(Lang::En));
            }
            loaded
        });
    }
    let seeded_config = seed.as_ref().map(|seed| seed.config.clone());
    let has_seed = seed.is_some();
    // A configuration file that cannot be used shows its error, as without prerendering.
    let settled: ConfigState = Memo::new(move |_| live.get());
    let config: ConfigState =
        Memo::new(move |_| settled.get().or_else(|| seeded_config.clone().map(Ok)));
    let config_state = move || match settled.with(|settled| settled.as_ref().map(Result::is_ok)) {
        Some(true) => "ready",
        Some(false) => "error",
        None if has_seed => "built",
        None => "loading",
    };

    // A prerendered page is in the language of its address; a widget follows the choice
    // stored on this device, then the browser's languages.
    let page_lang = seed.as_ref().map(|seed| seed.lang);
    let chosen = RwSignal::new(match page_lang {
        Some(_) => None,
        None => crate::browser::stored_lang(from_host),
    });
    let from_browser = match page_lang {
        Some(_) => None,
        None => crate::browser::preferred_lang(),
    };
    let lang = Signal::derive(move || {
        chosen
            .get()
            .or(page_lang)
            .or(from_host)
            .or(from_browser)
            .or_else(|| config.get().and_then(|loaded| loaded.ok()?.default_lang))
            .unwrap_or(Lang::En)
    });
    let choose = Callback::new(move |picked: Lang| {
        crate::browser::store_lang(from_host, picked);
        chosen.set(Some(picked));
    });
    provide_context(Widget {
        lang,
        choose,
        config,
        settled,
        ids: IdPrefix(instance),
        hydrated,
    });
    if let Some(seed) = seed {
        provide_context(PageSeed(seed));
    }

    // On a page taken over, the prerendered root stays (see `kept`): its attributes follow.
    #[cfg(feature = "hydrate")]
    if let Some(root) = super::kept::root() {
        crate::components::reactive::effect(move || {
            let _ = root.set_attribute("lang", lang.get().code());
            let _ = root.set_attribute("data-config-state", config_state());
        });
    }
    if standalone {
        crate::components::reactive::effect(move || {
            let lang = lang.get();
            let title = super::article::title(lang).unwrap_or_default();
            crate::browser::set_document_language(lang, &title);
        });
    }

    view! {
        <div class="solidarity" lang=move || lang.get().code() data-config-state=config_state>
            <QuickExit />
            <LangToggle />
            <Article />
            <ConfigProblem />
            <Comments />
            <SafetyPanel />
            <SupportForm />
            <Wall />
            <OutboxPanel />
        </div>
    }
}

/// Shows, inside the widget, why the configuration could not be used.
#[component]
fn ConfigProblem() -> impl IntoView {
    let Widget { config, lang, .. } = Widget::get();
    move || {
        config.get().and_then(Result::err).map(|error| {
            view! {
                <p class="solidarity-config-error" role="alert" data-testid="config-error">
                    {move || error.message(lang.get())}
                </p>
            }
        })
    }
}
