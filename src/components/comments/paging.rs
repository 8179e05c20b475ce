//! A long thread a screen at a time: more top-level threads on each "show more", and the
//! next page of a paginated endpoint fetched when the loaded ones run out.

use crate::api::{ApiError, MorePages};
use crate::components::app::LangContext;
use crate::i18n::{fill, plural};
use crate::thread::Comment;
use leptos::prelude::*;

/// Top-level threads shown at first and added by each "show more".
pub(super) const PAGE_SIZE: usize = 50;

/// The pages fetched with "show more" after the first screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct LaterPages {
    pub comments: Vec<Comment>,
    pub next: Option<MorePages>,
}

/// How much of the thread is shown, and what was fetched beyond the first screen.
#[derive(Clone, Copy)]
pub(super) struct Paging {
    /// Top-level threads shown.
    pub shown: RwSignal<usize>,
    /// `None` until a later page has arrived.
    pub later: RwSignal<Option<LaterPages>>,
    fetch: Action<MorePages, Result<(), ApiError>>,
}

impl Paging {
    pub fn new() -> Self {
        let shown = RwSignal::new(PAGE_SIZE);
        let later = RwSignal::new(None::<LaterPages>);
        let fetch = Action::new_local(move |more: &MorePages| {
            let more = more.clone();
            async move {
                // On failure nothing changes, so the same cursor is tried on the next click.
                let (comments, next) = crate::api::load_more_comments(more).await?;
                later.update(|pages| {
                    let pages = pages.get_or_insert_with(LaterPages::default);
                    pages.comments.extend(comments);
                    pages.next = next;
                });
                shown.update(|n| *n += PAGE_SIZE);
                Ok(())
            }
        });
        Paging {
            shown,
            later,
            fetch,
        }
    }
}

/// The "show more" button: reveals loaded threads, or fetches the next page when fewer
/// than a screen of them is left. `remaining` is the number of comments not shown yet
/// (`None` when the backend does not say how many it has).
#[component]
pub(super) fn MoreComments(
    paging: Paging,
    hidden: impl Fn() -> usize + Copy + Send + 'static,
    next: impl Fn() -> Option<MorePages> + Copy + Send + 'static,
    remaining: impl Fn() -> Option<u64> + Copy + Send + 'static,
) -> impl IntoView {
    let LangContext { lang, .. } = expect_context();
    let Paging { shown, fetch, .. } = paging;
    let on_click = move |_| {
        let hidden = untrack(hidden);
        match untrack(next) {
            Some(more) if hidden < PAGE_SIZE => {
                fetch.dispatch(more);
            }
            _ => shown.update(|n| *n += PAGE_SIZE),
        }
    };
    let label = move || {
        let strings = lang.get().strings();
        if fetch.pending().get() {
            return strings.loading.to_owned();
        }
        match remaining() {
            Some(n) => plural(lang.get(), &strings.more_comments, n),
            None => strings.more_comments_unknown.to_owned(),
        }
    };
    let failure = move || match fetch.value().get() {
        Some(Err(error)) => Some(view! {
            <p class="solidarity-error" role="alert">
                {fill(lang.get().strings().comments_load_failed, &[("reason", &error.load_reason(lang.get()))])}
            </p>
        }),
        _ => None,
    };
    move || {
        (hidden() > 0 || next().is_some()).then(|| {
            view! {
                {failure}
                <button type="button" class="solidarity-more solidarity-needs-js" data-testid="more-comments"
                    disabled=move || fetch.pending().get() on:click=on_click>
                    {label}
                </button>
            }
        })
    }
}
