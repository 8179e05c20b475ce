use super::{thread, Controls, Html};
use crate::i18n::Lang;
use crate::thread::{build_thread, sample_comment as comment, Comment};

fn html(comments: &[Comment], lang: Lang, open: bool, held: &[&str]) -> String {
    let holds = |id: &str| held.contains(&id);
    let controls = Controls {
        lang,
        open,
        holds: &holds,
        reported: &|id| (id == "reported").then_some(super::Label::ReportThanks),
    };
    let mut out = Html::default();
    thread(&mut out, &build_thread(comments), &controls);
    out.html
}

#[test]
fn hostile_text_stays_text() {
    let mut hostile = comment("x\"><script>alert(1)</script>", None);
    hostile.author = "<img src=x onerror=window.__xss=1>".into();
    hostile.body = "</p><a href='javascript:alert(1)'>&amp;".into();
    hostile.badge = Some("<b>staff</b>".into());
    hostile.created_at = Some("\" onmouseover=\"x".into());
    let out = html(&[hostile], Lang::En, true, &[]);
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("<b>"), "{out}");
    assert!(!out.contains("<a "), "{out}");
    assert!(!out.contains("\" onmouseover"), "{out}");
    assert!(
        out.contains("&lt;img src=x onerror=window.__xss=1&gt;"),
        "{out}"
    );
    assert!(
        out.contains("&lt;/p&gt;&lt;a href=&#39;javascript:alert(1)&#39;&gt;&amp;amp;"),
        "{out}"
    );
    assert!(
        out.contains(r#"data-comment-id="x&quot;&gt;&lt;script&gt;"#),
        "{out}"
    );
}

#[test]
fn replies_nest_inside_their_parent_and_only_top_orphans_say_so() {
    let out = html(
        &[
            comment("a", None),
            comment("b", Some("a")),
            comment("c", Some("gone")),
        ],
        Lang::En,
        false,
        &[],
    );
    let a = out.find(r#"data-comment-id="a""#).unwrap_or(usize::MAX);
    let replies = out.find(r#"<ol class="solidarity-replies"><li class="solidarity-comment" data-testid="comment" data-comment-id="b""#);
    let c = out.find(r#"data-comment-id="c""#).unwrap_or(0);
    assert!(replies.is_some_and(|at| at > a && at < c), "{out}");
    assert_eq!(
        out.matches(r#"data-testid="parent-deleted""#).count(),
        1,
        "{out}"
    );
    assert!(
        out[c..].contains("In reply to a comment that was deleted"),
        "{out}"
    );
    // Every element is closed.
    assert_eq!(out.matches("<li ").count(), out.matches("</li>").count());
    assert_eq!(out.matches("<ol ").count(), out.matches("</ol>").count());
}

#[test]
fn report_and_delete_follow_open_comments_staff_and_tokens() {
    let mut staff = comment("staff", None);
    staff.badge = Some("LGF".into());
    let mut pending = comment("pending", None);
    pending.pending = true;
    let comments = [
        comment("mine", None),
        comment("theirs", None),
        staff,
        pending,
    ];
    let open = html(&comments, Lang::En, true, &["mine", "staff", "pending"]);
    let part = |id: &str| {
        let start = open
            .find(&format!(r#"data-comment-id="{id}""#))
            .unwrap_or(0);
        let end = open[start..]
            .find("</li>")
            .map_or(open.len(), |e| start + e);
        open[start..end].to_owned()
    };
    assert!(part("mine").contains(r#"data-action="report""#));
    assert!(part("mine").contains(r#"data-action="delete""#));
    assert!(part("theirs").contains(r#"data-action="report""#));
    assert!(!part("theirs").contains(r#"data-action="delete""#));
    assert!(!part("staff").contains(r#"data-action="report""#));
    assert!(!part("staff").contains(r#"data-action="delete""#));
    assert!(part("staff")
        .contains(r#"<span class="solidarity-staff-badge" data-testid="staff-badge">LGF</span>"#));
    // Awaiting moderation: no reply, no report; its writer may still delete it.
    assert!(!part("pending").contains(r#"data-action="reply""#));
    assert!(!part("pending").contains(r#"data-action="report""#));
    assert!(part("pending").contains(r#"data-action="delete""#));
    assert!(part("pending").contains("Awaiting moderation"));
    let closed = html(&comments, Lang::En, false, &["mine"]);
    assert!(!closed.contains(r#"data-action="report""#));
    assert!(!closed.contains(r#"data-action="delete""#));
    assert_eq!(closed.matches(r#"data-action="reply""#).count(), 3);
}

#[test]
fn labels_are_drawn_in_the_language_given_and_marked() {
    let mut dated = comment("d", None);
    dated.created_at = Some("2013-07-30T10:00:00Z".into());
    dated.lang = Some("ru".into());
    let ru = html(&[dated.clone()], Lang::Ru, true, &[]);
    assert!(
        ru.contains(r#"data-label="reply">Ответить</button>"#),
        "{ru}"
    );
    assert!(
        ru.contains(r#"<time data-label="date" datetime="2013-07-30T10:00:00Z">"#),
        "{ru}"
    );
    assert!(
        ru.contains(r#"data-testid="comment-body" lang="ru">"#),
        "{ru}"
    );
    let en = html(&[dated], Lang::En, true, &[]);
    assert!(en.contains(r#"aria-label="Report this comment to the moderators" data-label="report">Report</button>"#), "{en}");
    // A language that is not a tag is not rendered.
    let mut odd = comment("o", None);
    odd.lang = Some("en\" onclick=\"x".into());
    assert!(!html(&[odd], Lang::En, false, &[]).contains(" lang="));
}

#[test]
fn a_report_made_in_this_visit_is_drawn_again_with_its_outcome() {
    let out = html(
        &[comment("reported", None), comment("other", None)],
        Lang::Ru,
        true,
        &[],
    );
    assert!(
        out.contains(r#"data-testid="report-status" data-label="report-thanks">Спасибо, модератор посмотрит этот комментарий.</span>"#),
        "{out}"
    );
    assert_eq!(
        out.matches(r#"data-testid="report-status"></span>"#)
            .count(),
        1,
        "{out}"
    );
}
