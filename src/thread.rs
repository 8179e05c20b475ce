//! Comments as the backend sends them, and the nested thread built from `parent_id`.

use crate::json::{field, FromJson, Value};
use std::collections::HashMap;

/// One comment, as in the JSON contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: String,
    pub body: String,
    pub created_at: Option<String>,
    /// The language the comment is written in (`en`, `ru`...), rendered as its `lang` so
    /// screen readers switch voice; `None` when the backend does not say.
    pub lang: Option<String>,
    /// Set locally for a comment the backend accepted for moderation (202).
    pub pending: bool,
    /// The organisation's name on a staff reply; set only from a comment list entry
    /// with `"staff": true`, never from the answer to a reader's own post.
    pub badge: Option<String>,
}

impl Comment {
    /// `lang` when it looks like a BCP 47 tag (letters, digits and `-`, starting with a
    /// letter, at most 35 characters); anything else is not rendered.
    pub fn lang_tag(&self) -> Option<&str> {
        self.lang.as_deref().filter(|tag| {
            tag.len() <= 35
                && tag.starts_with(|c: char| c.is_ascii_alphabetic())
                && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    }
}

/// A comment as a backend returns it after a post: string `id`, `author` and `body`,
/// optional `parent_id`, `created_at` and `lang`; other members are ignored. Never pending and
/// never badged (a reader's own post is not staff's).
impl FromJson for Comment {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        Some(Comment {
            id: field(map, "id")?,
            parent_id: field(map, "parent_id")?,
            author: field(map, "author")?,
            body: field(map, "body")?,
            created_at: field(map, "created_at")?,
            lang: field(map, "lang")?,
            pending: false,
            badge: None,
        })
    }
}

/// A comment with its replies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadNode {
    pub comment: Comment,
    pub replies: Vec<ThreadNode>,
}

/// Replies deeper than this are shown at this depth, so a hostile chain cannot nest forever.
pub const MAX_DEPTH: usize = 6;

/// Nests replies under their parents, keeping the given order among siblings.
/// Duplicated ids keep their first occurrence; a reply to an unknown parent, or a
/// comment in a `parent_id` cycle, is shown at the top level. Linear in the number of
/// comments (each comment's place is worked out once and remembered).
pub fn build_thread<'a>(comments: impl IntoIterator<Item = &'a Comment>) -> Vec<ThreadNode> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let unique: Vec<&Comment> = comments
        .into_iter()
        .filter(|comment| {
            let next = index.len();
            let fresh = !index.contains_key(comment.id.as_str());
            if fresh {
                index.insert(comment.id.as_str(), next);
            }
            fresh
        })
        .collect();
    let places = place_all(&unique, &index);
    // Who is shown under whom: slot 0 for the top level, slot i + 1 under comment i.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); unique.len() + 1];
    for (position, place) in places.iter().enumerate() {
        children[place.shown_under.map_or(0, |parent| parent + 1)].push(position);
    }
    attach(0, &unique, &children)
}

/// Where a comment is shown: its depth and the comment it is shown under.
#[derive(Clone, Copy)]
struct Place {
    depth: usize,
    shown_under: Option<usize>,
}

#[derive(Clone, Copy)]
enum Visit {
    New,
    InProgress,
    Done(Place),
}

fn place_all(unique: &[&Comment], index: &HashMap<&str, usize>) -> Vec<Place> {
    let parent_of = |i: usize| {
        unique[i]
            .parent_id
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    let mut visits = vec![Visit::New; unique.len()];
    let mut path = Vec::new();
    for start in 0..unique.len() {
        // Walk up until a placed comment, a root or a cycle; then place the walked path top-down.
        path.clear();
        let mut current = Some(start);
        let mut base: Option<(Place, usize)> = None; // the placed ancestor and its index
        while let Some(i) = current {
            match visits[i] {
                Visit::Done(place) => {
                    base = Some((place, i));
                    break;
                }
                Visit::InProgress => {
                    // A cycle: the comment that closed it becomes a root.
                    path.retain(|&p| p != i);
                    path.push(i);
                    break;
                }
                Visit::New => {
                    visits[i] = Visit::InProgress;
                    path.push(i);
                    current = parent_of(i);
                }
            }
        }
        let mut above = base;
        for &i in path.iter().rev() {
            let place = match above {
                None => Place {
                    depth: 0,
                    shown_under: None,
                },
                Some((parent_place, parent)) if parent_place.depth + 1 < MAX_DEPTH => Place {
                    depth: parent_place.depth + 1,
                    shown_under: Some(parent),
                },
                // Too deep: shown beside its parent, under the same comment.
                Some((parent_place, _)) => parent_place,
            };
            visits[i] = Visit::Done(place);
            above = Some((place, i));
        }
    }
    visits
        .into_iter()
        .map(|visit| match visit {
            Visit::Done(place) => place,
            _ => Place {
                depth: 0,
                shown_under: None,
            },
        })
        .collect()
}

/// The nodes in `slot` of `children` (see [`build_thread`]), with their replies.
fn attach(slot: usize, unique: &[&Comment], children: &[Vec<usize>]) -> Vec<ThreadNode> {
    children[slot]
        .iter()
        .map(|&i| ThreadNode {
            comment: unique[i].clone(),
            replies: attach(i + 1, unique, children),
        })
        .collect()
}

/// Counts every published comment in a thread, replies included (not those still
/// awaiting moderation, which only their author sees).
pub fn count(nodes: &[ThreadNode]) -> usize {
    nodes
        .iter()
        .map(|node| usize::from(!node.comment.pending) + count(&node.replies))
        .sum()
}

/// A comment for tests: `id`, under `parent`, with an author and a body made from the id.
#[cfg(test)]
pub fn sample_comment(id: &str, parent: Option<&str>) -> Comment {
    Comment {
        id: id.into(),
        parent_id: parent.map(Into::into),
        author: format!("author {id}"),
        body: format!("body {id}"),
        created_at: None,
        lang: None,
        pending: false,
        badge: None,
    }
}

#[cfg(test)]
mod tests {
    use super::sample_comment as comment;
    use super::*;

    #[test]
    fn only_plausible_language_tags_are_rendered() {
        let with = |lang: &str| Comment {
            lang: Some(lang.into()),
            ..comment("a", None)
        };
        assert_eq!(with("en").lang_tag(), Some("en"));
        assert_eq!(with("ru-RU").lang_tag(), Some("ru-RU"));
        assert_eq!(with("\"><x").lang_tag(), None);
        assert_eq!(with("").lang_tag(), None);
        assert_eq!(comment("a", None).lang_tag(), None);
    }

    fn depth_of(nodes: &[ThreadNode], id: &str, depth: usize) -> Option<usize> {
        nodes.iter().find_map(|node| {
            if node.comment.id == id {
                Some(depth)
            } else {
                depth_of(&node.replies, id, depth + 1)
            }
        })
    }

    #[test]
    fn replies_nest_under_their_parents_in_order() {
        let thread = build_thread(&[
            comment("a", None),
            comment("b", None),
            comment("a1", Some("a")),
            comment("a2", Some("a")),
            comment("a1x", Some("a1")),
        ]);
        assert_eq!(thread.len(), 2);
        let replies: Vec<&str> = thread[0]
            .replies
            .iter()
            .map(|n| n.comment.id.as_str())
            .collect();
        assert_eq!(replies, ["a1", "a2"]);
        assert_eq!(thread[0].replies[0].replies[0].comment.id, "a1x");
        assert_eq!(count(&thread), 5);
    }

    #[test]
    fn orphans_cycles_and_duplicates_stay_visible_once() {
        let thread = build_thread(&[
            comment("x", Some("missing")),
            comment("c1", Some("c2")),
            comment("c2", Some("c1")),
            comment("self", Some("self")),
            comment("x", None),
        ]);
        assert_eq!(count(&thread), 4);
        assert_eq!(depth_of(&thread, "x", 0), Some(0));
        assert_eq!(depth_of(&thread, "self", 0), Some(0));
        assert!(depth_of(&thread, "c1", 0).is_some());
        assert!(depth_of(&thread, "c2", 0).is_some());
    }

    #[test]
    fn comments_awaiting_moderation_are_not_counted() {
        let mut pending = comment("p", Some("a"));
        pending.pending = true;
        let thread = build_thread(&[comment("a", None), pending]);
        assert_eq!(count(&thread), 1);
        assert_eq!(thread[0].replies.len(), 1, "still shown to its author");
    }

    #[test]
    fn very_deep_chains_are_capped() {
        let mut chain = vec![comment("0", None)];
        for i in 1..2000 {
            chain.push(comment(&i.to_string(), Some(&(i - 1).to_string())));
        }
        let thread = build_thread(&chain);
        assert_eq!(count(&thread), 2000);
        assert_eq!(depth_of(&thread, "3", 0), Some(3));
        assert_eq!(depth_of(&thread, "1999", 0), Some(MAX_DEPTH - 1));
    }
}
