mod form;
mod labels;
mod own;
mod paging;
mod report;

use super::app::{ConfigState, Hydrated, IdPrefix, LangContext, PageSeed, SettledConfig};
use crate::api::{ApiError, LoadedThread};
use crate::delivery::Kind;
use crate::i18n::{format_iso_date, plural};
use crate::thread::{build_thread, count, Comment, ThreadNode};
use form::{CommentFields, CommentForm};
use labels::Label;
use leptos::prelude::*;
use own::{DeleteOwn, OwnComments};
use paging::{MoreComments, Paging};
use report::ReportButton;

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
    let LangContext { lang, .. } = expect_context();
    let config = expect_context::<ConfigState>();
    let SettledConfig(settled) = expect_context();
    let heading_id = expect_context::<IdPrefix>().id("comments-heading");
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
    let seeded = use_context::<PageSeed>().map(|PageSeed(seed)| seed);
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
    provide_context(own);
    let Hydrated(hydrated) = expect_context();
    Effect::new(move || {
        if hydrated.get() {
            own.load();
        }
    });
    Effect::new(move || {
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
    provide_context(endpoint);
    let reply_to = RwSignal::new(None::<ReplyTarget>);
    // Threads are shown (and fetched) a screen at a time, so a huge thread costs about
    // what a small one does.
    let paging = Paging::new();
    let shown = paging.shown;
    provide_context(reply_to);
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
    // The comments' labels follow the language through one effect (see labels.rs).
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move || {
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
                    <ol class="solidarity-thread" node_ref=list>
                        {move || {
                            // Each comment's Report and Delete my comment follow these.
                            endpoint.track();
                            own.tokens.track();
                            thread.with(|nodes| {
                                nodes.iter().take(shown.get()).cloned().map(|node| view! { <CommentItem node top=true /> }).collect_view()
                            })
                        }}
                    </ol>
                    <MoreComments paging hidden next remaining />
                }.into_any(),
            }}
            {move || match endpoint.get() {
                Some(Some(endpoint)) => view! {
                    <p class="solidarity-muted solidarity-without-js">{move || lang.get().strings().comments_need_js}</p>
                    <CommentForm endpoint fields />
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

/// One comment with its replies nested inside its element. A `top` comment with a
/// parent answers a comment that is gone (deleted or rejected), and says so. Its labels
/// are drawn in the language of the moment; the thread's effect switches them.
#[component]
fn CommentItem(node: ThreadNode, #[prop(optional)] top: bool) -> impl IntoView {
    let LangContext { lang, .. } = expect_context();
    let lang = lang.get_untracked();
    let strings = lang.strings();
    let reply_to = expect_context::<RwSignal<Option<ReplyTarget>>>();
    let ThreadNode { comment, replies } = node;
    let target = ReplyTarget {
        id: comment.id.clone(),
        author: comment.author.clone(),
    };
    // A comment without a date (the seed's have none) shows none, rather than an invented one.
    let created_at = comment
        .created_at
        .clone()
        .filter(|at| !at.trim().is_empty());
    let comment_lang = comment.lang_tag().map(str::to_owned);
    let pending = comment.pending;
    let orphan = top && comment.parent_id.is_some();
    // Report and Delete my comment while comments are open (the thread list tracks
    // the endpoint and the tokens held, so it draws these again when they change).
    let open = expect_context::<CommentsEndpoint>()
        .get_untracked()
        .is_some();
    let reportable = open && !pending && comment.badge.is_none();
    let deletable =
        open && comment.badge.is_none() && expect_context::<OwnComments>().holds(&comment.id);
    view! {
        <li class="solidarity-comment" data-testid="comment" data-comment-id=comment.id.clone()>
            <article>
                {orphan.then(|| view! { <p class="solidarity-muted" data-testid="parent-deleted" data-label=Label::ParentDeleted.key()>{strings.parent_deleted}</p> })}
                <header>
                    <span class="solidarity-author" data-testid="comment-author">{comment.author.clone()}</span>
                    {comment.badge.clone().map(|badge| view! { " " <span class="solidarity-staff-badge" data-testid="staff-badge">{badge}</span> })}
                    {created_at.map(|created_at| view! {
                        " "
                        <time datetime=created_at.clone() data-label=Label::Date.key()>{format_iso_date(lang, &created_at)}</time>
                    })}
                    {pending.then(|| view! { " " <em class="solidarity-pending" data-label=Label::Pending.key()>{strings.awaiting_moderation}</em> })}
                </header>
                <p class="solidarity-body" data-testid="comment-body" lang=comment_lang>{comment.body.clone()}</p>
                {(!pending).then(|| view! {
                    <button type="button" class="solidarity-link-button solidarity-needs-js" data-label=Label::Reply.key() on:click=move |_| reply_to.set(Some(target.clone()))>
                        {strings.reply}
                    </button>
                })}
                {reportable.then(|| view! { <ReportButton comment_id=comment.id.clone() /> })}
                {deletable.then(|| view! { <DeleteOwn comment_id=comment.id.clone() /> })}
            </article>
            {(!replies.is_empty()).then(|| view! {
                <ol class="solidarity-replies">
                    {replies.into_iter().map(|node| view! { <CommentItem node /> }.into_any()).collect_view()}
                </ol>
            })}
        </li>
    }
}
