//! The article rendered from the content files (the prerender and native tests).

use crate::components::context::Widget;
use crate::content::{self, Block, Segment};
use crate::i18n::format_iso_date;
use crate::links::safe_href;
use leptos::prelude::*;

/// The article in the reader's language, rendered from the content files: title, date,
/// body, quotations and calls to action.
#[component]
pub fn Article() -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    move || {
        let lang = lang.get();
        let strings = lang.strings();
        let article = content::article(lang)?;
        Some(view! {
            <article class="solidarity-article" data-testid="article" lang=lang.code()>
                <header>
                    <h1>{article.title.clone()}</h1>
                    <p class="solidarity-tagline" lang=article.tagline_lang.code()>
                        {article.tagline.clone()}
                    </p>
                    <p class="solidarity-published">
                        {strings.published} " "
                        <time datetime=article.published.clone()>
                            {format_iso_date(lang, &article.published)}
                        </time>
                    </p>
                </header>
                {article.safety_note.as_ref().map(|note| view! {
                    <div class="solidarity-safety-note" role="note" data-testid="safety-note" aria-label=note.title.clone()>
                        <p class="solidarity-safety-note-title">
                            <strong>{note.title.clone()}</strong> " · "
                            <time datetime=note.date.clone()>{format_iso_date(lang, &note.date)}</time>
                        </p>
                        {note.text.iter().map(|text| view! { <p>{rich_text(text)}</p> }).collect_view()}
                    </div>
                })}
                {article.body.iter().map(block).collect_view()}
                <section class="solidarity-actions" aria-label=strings.take_action>
                    <h2>{strings.take_action}</h2>
                    <ul>
                        {article
                            .actions
                            .iter()
                            .map(|action| view! { <li>{rich_text(action)}</li> })
                            .collect_view()}
                    </ul>
                </section>
            </article>
        })
    }
}

fn block(block: &Block) -> AnyView {
    match block {
        Block::Paragraph { text } => view! { <p>{rich_text(text)}</p> }.into_any(),
        Block::Quote {
            text,
            speaker,
            speaker_role,
        } => view! {
            <figure class="solidarity-quote">
                <blockquote>
                    <p>{rich_text(text)}</p>
                </blockquote>
                <figcaption>
                    "— " <cite>{speaker.clone()}</cite> ", " {speaker_role.clone()}
                </figcaption>
            </figure>
        }
        .into_any(),
    }
}

/// Text segments; a link only when its URL passes the safety check, else plain text.
fn rich_text(segments: &[Segment]) -> Vec<AnyView> {
    segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.clone().into_any(),
            Segment::Link { text, href } => match safe_href(href) {
                Some(href) => view! {
                    <a href=href.to_owned() rel="noopener noreferrer external" target="_blank">
                        {text.clone()}
                    </a>
                }
                .into_any(),
                None => text.clone().into_any(),
            },
        })
        .collect()
}
