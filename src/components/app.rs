use super::article::Article;
use super::comments::Comments;
use super::lang_toggle::LangToggle;
use super::outbox::OutboxPanel;
use super::support_form::SupportForm;
use crate::config::{Config, ConfigError, Overrides};
use crate::i18n::Lang;
use leptos::prelude::*;

/// What the host element asked for.
#[derive(Clone, Debug)]
pub struct HostSettings {
    pub overrides: Overrides,
    /// The host is the standalone page: the app also owns `<html lang>` and the title.
    pub standalone: bool,
    /// Distinguishes element ids between instances on one page.
    pub instance: usize,
}

/// The reader's language for this instance, and how to change it.
#[derive(Clone, Copy)]
pub struct LangContext {
    pub lang: Signal<Lang>,
    pub choose: Callback<Lang>,
}

/// The loaded configuration (or why it could not be loaded).
pub type ConfigResource = LocalResource<Result<Config, ConfigError>>;

/// Prefix for element ids, unique per instance.
#[derive(Clone, Copy)]
pub struct IdPrefix(pub usize);

impl IdPrefix {
    pub fn id(self, name: &str) -> String {
        format!("solidarity-{}-{name}", self.0)
    }
}

/// One campaign widget: the article, the language toggle, comments and the support form.
#[component]
pub fn App(settings: HostSettings) -> impl IntoView {
    let overrides = settings.overrides.clone();
    let config: ConfigResource =
        LocalResource::new(move || crate::api::load_config(overrides.clone()));

    let from_host = settings.overrides.lang.as_deref().and_then(Lang::from_tag);
    let chosen = RwSignal::new(crate::browser::stored_lang(from_host));
    let from_browser = crate::browser::preferred_lang();
    let lang = Signal::derive(move || {
        chosen
            .get()
            .or(from_host)
            .or(from_browser)
            .or_else(|| config.get().and_then(|loaded| loaded.ok()?.default_lang))
            .unwrap_or(Lang::En)
    });
    let choose = Callback::new(move |picked: Lang| {
        crate::browser::store_lang(from_host, picked);
        chosen.set(Some(picked));
    });
    provide_context(LangContext { lang, choose });
    provide_context(config);
    provide_context(IdPrefix(settings.instance));

    if settings.standalone {
        Effect::new(move || {
            let lang = lang.get();
            let title = crate::content::article(lang)
                .map(|a| a.title.as_str())
                .unwrap_or_default();
            crate::browser::set_document_language(lang, title);
        });
    }
    Effect::new(move || {
        if let Some(Err(error)) = config.get() {
            crate::browser::console_error(&error.message(Lang::En));
        }
    });

    view! {
        <div class="solidarity" lang=move || lang.get().code()>
            <LangToggle />
            <Article />
            <ConfigProblem />
            <Comments />
            <SupportForm />
            <OutboxPanel />
        </div>
    }
}

/// Shows, inside the widget, why the configuration could not be used.
#[component]
fn ConfigProblem() -> impl IntoView {
    let config = expect_context::<ConfigResource>();
    let LangContext { lang, .. } = expect_context();
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
