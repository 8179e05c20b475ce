//! "Messages of support": the latest published messages, the count of every message
//! received, and "show more". Prerendered from the wall's static file, then replaced by
//! the live list from `wall.endpoint`. A wall that cannot be reached is not the reader's
//! problem: the page keeps the entries it was built with, and a widget (built with none)
//! shows no wall at all. Published text is rendered as text, in its own language.

use super::context::{PageSeed, Widget};
use crate::wall::{count_text, WallMessage, WallPage};
use leptos::prelude::*;

/// The wall of support, or nothing when no wall is configured or nothing can be shown.
#[component]
pub fn Wall() -> impl IntoView {
    let Widget {
        lang,
        config,
        settled,
        ids,
        ..
    } = Widget::get();
    let heading_id = ids.id("wall-heading");
    let wall_config = move || config.get().and_then(Result::ok).and_then(|c| c.wall);
    // A built wall with nothing in it (the repository's empty `wall.json`) shows nothing.
    let seeded = PageSeed::get()
        .and_then(|seed| seed.wall.clone())
        .filter(|page| !page.messages.is_empty() || page.total_received.is_some());
    // `None` until the first answer (asked once the configuration has been read), then
    // the page (`Some(None)`: no wall, or it failed).
    let live = RwSignal::new(None::<Option<WallPage>>);
    super::task::load_on(live, move || {
        let wall = settled.get()?.ok().and_then(|c| c.wall);
        let url = wall.and_then(|wall| wall.endpoint.or(wall.static_url));
        Some(async move {
            match url {
                Some(url) => crate::api::load_wall_page(&url, None).await.ok(),
                None => None,
            }
        })
    });
    // The pages fetched with "show more" (their messages, and where the wall continues
    // after them), `None` until one has arrived.
    let later = RwSignal::new(None::<WallPage>);
    let first = Memo::new(move |_| live.get().flatten().or_else(|| seeded.clone()));
    let next = move || match later.with(|later| later.as_ref().map(|page| page.next.clone())) {
        Some(next) => next,
        None => first.with(|page| page.as_ref().and_then(|p| p.next.clone())),
    };
    // "Show more" (see `task::busy`).
    let fetching = RwSignal::new(false);
    let fetch_more = move |cursor: String| {
        let endpoint = wall_config().and_then(|w| w.endpoint);
        super::task::busy(fetching, async move {
            // On failure nothing changes, so the same cursor is tried on the next click.
            if let Some(endpoint) = endpoint {
                if let Ok(page) = crate::api::load_wall_page(&endpoint, Some(&cursor)).await {
                    later.update(|later| {
                        let later = later.get_or_insert_with(WallPage::default);
                        later.messages.extend(page.messages);
                        later.next = page.next;
                    });
                }
            }
        });
    };
    let can_fetch = move || wall_config().is_some_and(|w| w.endpoint.is_some());
    let source = move || match live.get() {
        Some(Some(_)) => "live",
        Some(None) => "failed",
        None => "built",
    };

    move || {
        let page: WallPage = first.get().filter(|_| wall_config().is_some())?;
        let (heading, labelled_by) = (heading_id.clone(), heading_id.clone());
        let count = page
            .total_received
            .map(|n| move || count_text(lang.get(), &lang.get().strings().wall_count, n));
        let empty = page.messages.is_empty();
        Some(view! {
            <section class="solidarity-wall" data-testid="wall" data-wall=source aria-labelledby=labelled_by>
                <h2 id=heading>{move || lang.get().strings().wall_heading}</h2>
                {count.map(|count| view! { <p class="solidarity-wall-count" data-testid="wall-count">{count}</p> })}
                {empty.then(|| view! { <p class="solidarity-muted">{move || lang.get().strings().wall_empty}</p> })}
                <ul class="solidarity-wall-list">
                    {page.messages.into_iter().map(|message| view! { <WallEntry message /> }).collect_view()}
                    {move || later.get().into_iter().flat_map(|page| page.messages).map(|message| view! { <WallEntry message /> }).collect_view()}
                </ul>
                {move || (can_fetch() && next().is_some()).then(|| view! {
                    <button type="button" class="solidarity-more solidarity-needs-js" data-testid="wall-more"
                        disabled=move || fetching.get()
                        on:click=move |_| { if let Some(cursor) = untrack(next) { fetch_more(cursor); } }>
                        {move || if fetching.get() { lang.get().strings().loading } else { lang.get().strings().wall_more }}
                    </button>
                })}
            </section>
        })
    }
}

/// One message: its text, then who sent it and from where, in the message's language.
#[component]
fn WallEntry(message: WallMessage) -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    let WallMessage {
        id,
        name,
        location,
        message,
        lang: own,
        ..
    } = message;
    let anonymous = name.is_empty();
    let signed = (!anonymous).then_some(name);
    view! {
        <li class="solidarity-wall-message" data-testid="wall-message" data-message-id=id>
            <blockquote>
                <p class="solidarity-wall-text" lang=own.clone() data-testid="wall-text">{message}</p>
                <footer class="solidarity-wall-by">
                    {match signed {
                        Some(name) => view! { <span lang=own.clone() data-testid="wall-name">{name}</span> }.into_any(),
                        None => view! { <span data-testid="wall-name">{move || lang.get().strings().wall_anonymous}</span> }.into_any(),
                    }}
                    {location.map(|place| view! { ", " <span lang=own>{place}</span> })}
                </footer>
            </blockquote>
        </li>
    }
}
