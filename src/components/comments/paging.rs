//! A long thread a screen at a time: more top-level threads on each "show more", and the
//! next page of a paginated endpoint fetched when the loaded ones run out.

use crate::api::{ApiError, MorePages};
use crate::components::context::Widget;
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
    /// A later page is being fetched (see `task::busy`).
    fetching: RwSignal<bool>,
    /// Why the last fetch failed, until one succeeds.
    failed: RwSignal<Option<ApiError>>,
}

impl Paging {
    pub fn new() -> Self {
        Paging {
            shown: RwSignal::new(PAGE_SIZE),
            later: RwSignal::new(None::<LaterPages>),
            fetching: RwSignal::new(false),
            failed: RwSignal::new(None),
        }
    }

    /// Fetches the page at `more`, then shows another screen of threads.
    fn fetch(self, more: MorePages) {
        crate::components::task::busy(self.fetching, async move {
            // On failure nothing changes, so the same cursor is tried on the next click.
            let failure = match crate::api::load_more_comments(more).await {
                Ok((comments, next)) => {
                    self.later.update(|pages| {
                        let pages = pages.get_or_insert_with(LaterPages::default);
                        pages.comments.extend(comments);
                        pages.next = next;
                    });
                    self.shown.update(|n| *n += PAGE_SIZE);
                    None
                }
                Err(error) => Some(error),
            };
            self.failed.set(failure);
        });
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
    let Widget { lang, .. } = Widget::get();
    let Paging {
        shown,
        fetching,
        failed,
        ..
    } = paging;
    let on_click = move |_| {
        let hidden = untrack(hidden);
        match untrack(next) {
            Some(more) if hidden < PAGE_SIZE => {
                paging.fetch(more);
            }
            _ => shown.update(|n| *n += PAGE_SIZE),
        }
    };
    let label = move || {
        let strings = lang.get().strings();
        if fetching.get() {
            return strings.loading.to_owned();
        }
        match remaining() {
            Some(n) => plural(lang.get(), &strings.more_comments, n),
            None => strings.more_comments_unknown.to_owned(),
        }
    };
    let failure = move || {
        failed.get().map(|error| {
            view! {
                <p class="solidarity-error" role="alert">
                    {fill(lang.get().strings().comments_load_failed, &[("reason", &error.load_reason(lang.get()))])}
                </p>
            }
        })
    };
    move || {
        (hidden() > 0 || next().is_some()).then(|| {
            view! {
                {failure}
                <button type="button" class="solidarity-more solidarity-needs-js" data-testid="more-comments"
                    disabled=move || fetching.get() on:click=on_click>
                    {label}
                </button>
            }
        })
    }
}
