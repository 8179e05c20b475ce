//! Comments as the backend sends them, and the nested thread built from `parent_id`.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One comment, as in the JSON contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    pub author: String,
    pub body: String,
    #[serde(default)]
    pub created_at: Option<String>,
    /// Set locally for a comment the backend accepted for moderation (202).
    #[serde(skip)]
    pub pending: bool,
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
/// comment in a `parent_id` cycle, is shown at the top level.
pub fn build_thread(comments: &[Comment]) -> Vec<ThreadNode> {
    let mut seen = HashSet::new();
    let unique: Vec<&Comment> = comments
        .iter()
        .filter(|comment| seen.insert(comment.id.as_str()))
        .collect();
    let by_id: HashMap<&str, &Comment> = unique.iter().map(|c| (c.id.as_str(), *c)).collect();

    let mut children: HashMap<Option<&str>, Vec<&Comment>> = HashMap::new();
    for comment in &unique {
        children
            .entry(display_parent(comment, &by_id))
            .or_default()
            .push(comment);
    }
    attach(None, &children)
}

/// The comment under which `comment` is shown: its parent, its ancestor at `MAX_DEPTH - 1`
/// for very deep replies, or `None` for the top level.
fn display_parent<'a>(
    comment: &'a Comment,
    by_id: &HashMap<&'a str, &'a Comment>,
) -> Option<&'a str> {
    let mut chain: Vec<&str> = Vec::new();
    let mut visited: HashSet<&str> = HashSet::from([comment.id.as_str()]);
    let mut current = comment;
    while let Some(parent_id) = current.parent_id.as_deref() {
        let Some(parent) = by_id.get(parent_id) else {
            break;
        };
        if !visited.insert(parent.id.as_str()) {
            return None;
        }
        chain.push(parent.id.as_str());
        current = parent;
    }
    // chain[0] is the parent, chain.last() the root.
    let depth = chain.len();
    if depth == 0 {
        None
    } else if depth < MAX_DEPTH {
        Some(chain[0])
    } else {
        Some(chain[depth - MAX_DEPTH + 1])
    }
}

fn attach(
    parent: Option<&str>,
    children: &HashMap<Option<&str>, Vec<&Comment>>,
) -> Vec<ThreadNode> {
    children
        .get(&parent)
        .map(|list| {
            list.iter()
                .map(|comment| ThreadNode {
                    comment: (*comment).clone(),
                    replies: attach(Some(comment.id.as_str()), children),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Counts every published comment in a thread, replies included (not those still
/// awaiting moderation, which only their author sees).
pub fn count(nodes: &[ThreadNode]) -> usize {
    nodes
        .iter()
        .map(|node| usize::from(!node.comment.pending) + count(&node.replies))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: &str, parent: Option<&str>) -> Comment {
        Comment {
            id: id.into(),
            parent_id: parent.map(Into::into),
            author: format!("author {id}"),
            body: format!("body {id}"),
            created_at: None,
            pending: false,
        }
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
