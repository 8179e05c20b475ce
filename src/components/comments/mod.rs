mod actions;
#[cfg(feature = "hydrate")]
mod dom;
mod form;
mod item;
mod labels;
mod own;
mod paging;
mod report;

use super::context::{PageSeed, Widget};
use crate::api::{ApiError, LoadedThread};
use crate::delivery::Kind;
use crate::i18n::plural;
use crate::thread::{build_thread, count, Comment};
use form::{CommentFields, CommentForm};
use leptos::prelude::*;
use own::OwnComments;
use paging::{MoreComments, Paging};

/// The comments endpoint of the configuration in use: `None` while no configuration is
/// usable, `Some(None)` when comments are closed. One memo for the form and every
/// comment's "Report" and "Delete my comment".
#[derive(Clone, Copy)]
pub(super) struct CommentsEndpoint(pub Memo<Option<Option<String>>>);

impl CommentsEndpoint {
    /// The endpoint, if comments are open (not tracked: the thread tracks it).
    pub fn get_untracked(self) -> Option<String> {
        self.0.get_untracked().flatten()
    }
}

/// Who the reader is replying to, if anyone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReplyTarget {
    pub id: String,
    pub author: String,
}

/// The comment thread: loaded comments plus those posted in this visit, replies nested,
/// a count, and the form to post a comment or a reply. All text is rendered as text.
#[component]
pub fn Comments() -> impl IntoView {
    let Widget {
        lang,
        config,
        settled,
        ids,
        hydrated,
        ..
    } = Widget::get();
    let heading_id = ids.id("comments-heading");
    // Loaded once the config has arrived (`None` until the first answer; a configuration
    // that cannot be used has no comments to load).
    let loaded = RwSignal::new(None::<Result<LoadedThread, ApiError>>);
    super::task::load_on(loaded, move || {
        let settings = settled.get()?.map(|c| c.comments);
        Some(async move {
            match settings {
                Ok(comments) => crate::api::load_comments(comments, paging::PAGE_SIZE).await,
                Err(_) => Ok(Default::default()),
            }
        })
    });
    // On a prerendered page, the thread as built shows until the live one arrives (and
    // stays if it cannot be loaded).
    let seeded = PageSeed::get();
    let has_seed = seeded.is_some();
    // What the view needs to know about the load, without copying the comments.
    let load_state = Memo::new(move |_| {
        loaded.with(|state| match state {
            Some(Ok(_)) => Some(Ok(())),
            _ if has_seed => Some(Ok(())),
            None => None,
            Some(Err(error)) => Some(Err(error.clone())),
        })
    });
    // Comments accepted during this visit, derived from what the courier delivered.
    let posted = move || {
        crate::courier::Courier::get().delivered.with(|list| {
            list.iter()
                .filter_map(|delivery| match &delivery.kind {
                    Kind::Comment(new) => Some(crate::api::accepted_comment(
                        new,
                        delivery.status,
                        &delivery.body,
                    )),
                    Kind::Message => None,
                })
                .collect::<Vec<Comment>>()
        })
    };
    // This device's delete tokens (read once the page is live; the build has none), and
    // the token of every comment delivered in this visit.
    let own = OwnComments::new();
    crate::components::reactive::effect(move || {
        if hydrated.get() {
            own.load();
        }
    });
    crate::components::reactive::effect(move || {
        crate::courier::Courier::get().delivered.with(|list| {
            for delivery in list {
                if let (Kind::Comment(new), Some(token)) =
                    (&delivery.kind, crate::api::delete_token(&delivery.body))
                {
                    own.keep(&new.id, token);
                }
            }
        })
    });
    // A memo, so the form (and what the reader typed in it) and each comment's controls
    // are made again only when the endpoint itself changes, not each time the
    // configuration does (the live file replacing the prerendered copy right after the
    // take-over).
    let endpoint = CommentsEndpoint(Memo::new(move |_| {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.comments.endpoint)
    }));
    let reply_to = RwSignal::new(None::<ReplyTarget>);
    // Threads are shown (and fetched) a screen at a time, so a huge thread costs about
    // what a small one does.
    let paging = Paging::new();
    let shown = paging.shown;
    let actions = actions::Thread {
        endpoint,
        own,
        reply_to,
        lang,
    };
    // What the first load says besides its comments: how many it fetched, the backend's
    // total, and where the thread continues (cheap to read again, so not memos).
    let fetched_first =
        move || loaded.with(|state| first_load(state).map_or(0, |t| t.comments.len()));
    let backend_total = move || loaded.with(|state| first_load(state).and_then(|t| t.total));
    let next = move || match paging
        .later
        .with(|later| later.as_ref().map(|l| l.next.clone()))
    {
        Some(next) => next,
        None => loaded.with(|state| first_load(state).and_then(|t| t.more.clone())),
    };

    let thread = Memo::new(move |_| {
        let posted = posted();
        loaded.with(|state| {
            let base = match (state, &seeded) {
                (Some(Ok(thread)), _) => thread.comments.as_slice(),
                (_, Some(seed)) => seed.comments.as_slice(),
                _ => &[],
            };
            paging.later.with(|later| {
                let later = later
                    .as_ref()
                    .map(|l| l.comments.as_slice())
                    .unwrap_or_default();
                // A comment both loaded and posted in this visit keeps its loaded copy.
                own.deleted.with(|deleted| {
                    build_thread(
                        base.iter()
                            .chain(later)
                            .chain(&posted)
                            .filter(|c| !deleted.contains(&c.id)),
                    )
                })
            })
        })
    });
    // The backend's total counts comments not fetched yet too.
    let total = move || {
        let fetched = fetched_first()
            + paging
                .later
                .with(|l| l.as_ref().map_or(0, |l| l.comments.len()));
        let unfetched = backend_total().map_or(0, |total| total.saturating_sub(fetched as u64));
        thread.with(|nodes| count(nodes)) as u64 + unfetched
    };
    let hidden = move || thread.with(Vec::len).saturating_sub(shown.get());
    let remaining = move || {
        let in_view = thread.with(|nodes| count(&nodes[..shown.get().min(nodes.len())])) as u64;
        let known = backend_total().is_some() || next().is_none();
        known.then(|| total().saturating_sub(in_view))
    };
    // Where the shown thread comes from, for tests and tools: "built" (the prerendered
    // seed), "loading", "live" (the load finished) or "failed".
    let source = move || {
        loaded.with(|state| match state {
            Some(Ok(_)) => "live",
            Some(Err(_)) => "failed",
            None if has_seed => "built",
            None => "loading",
        })
    };
    let labelled_by = heading_id.clone();
    let fields = CommentFields::from_draft();
    let CommentsEndpoint(endpoint) = endpoint;
    // The comments shown (see item.rs), drawn in the language of the moment (the effect
    // below switches their labels), again when the thread, the number shown, the
    // endpoint (Report, Delete my comment) or the tokens held change.
    let draw = move |out: &mut dyn FnMut(&[crate::thread::ThreadNode], &item::Controls)| {
        let open = endpoint.with(|endpoint| matches!(endpoint, Some(Some(_))));
        let lang = lang.get_untracked();
        own.tokens.with(|tokens| {
            thread.with(|nodes| {
                let holds = |id: &str| tokens.contains_key(id);
                let controls = item::Controls {
                    lang,
                    open,
                    holds: &holds,
                    reported: &report::outcome,
                };
                out(&nodes[..shown.get().min(nodes.len())], &controls)
            })
        })
    };
    // The comments' labels follow the language through one effect (see labels.rs).
    let list = NodeRef::<leptos::html::Ol>::new();
    #[cfg(feature = "hydrate")]
    crate::components::reactive::effect(move || {
        let Some(mut dom) = list.get().and_then(|list| dom::Dom::into(list.into())) else {
            return;
        };
        draw(&mut |nodes, controls| item::thread(&mut dom, nodes, controls));
    });
    // At build time, the same as HTML.
    #[cfg(not(feature = "hydrate"))]
    let thread_html = move || {
        let mut html = item::Html::default();
        draw(&mut |nodes, controls| item::thread(&mut html, nodes, controls));
        html.html
    };
    #[cfg(feature = "hydrate")]
    let thread_html = "";
    crate::components::reactive::effect(move || {
        let lang = lang.get();
        if let Some(list) = list.get() {
            labels::relabel(&list, lang);
        }
    });

    view! {
        <section class="solidarity-comments" data-testid="comments" data-thread=source aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {move || lang.get().strings().comments_heading}
                " "
                <span class="solidarity-count" data-testid="comment-count">
                    {move || plural(lang.get(), &lang.get().strings().comment_count, total())}
                </span>
            </h2>
            {move || match load_state.get() {
                None => view! { <p class="solidarity-muted">{lang.get().strings().loading}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="solidarity-error" role="alert">
                        {crate::i18n::fill(lang.get().strings().comments_load_failed, &[("reason", &error.load_reason(lang.get()))])}
                    </p>
                }.into_any(),
                Some(Ok(_)) if thread.with(|t| t.is_empty()) => view! { <p class="solidarity-muted">{lang.get().strings().no_comments}</p> }.into_any(),
                Some(Ok(_)) => view! {
                    <ol class="solidarity-thread" node_ref=list inner_html=thread_html on:click=move |event| actions.click(&event)></ol>
                    <MoreComments paging hidden next remaining />
                }.into_any(),
            }}
            {move || match endpoint.get() {
                Some(Some(endpoint)) => view! {
                    <p class="solidarity-muted solidarity-without-js">{move || lang.get().strings().comments_need_js}</p>
                    <CommentForm endpoint fields reply_to />
                }.into_any(),
                Some(None) => view! {
                    <p class="solidarity-muted">{move || lang.get().strings().comments_closed}</p>
                }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// The first load's thread, once it has arrived (not when it failed).
fn first_load(state: &Option<Result<LoadedThread, ApiError>>) -> Option<&LoadedThread> {
    state.as_ref()?.as_ref().ok()
}
