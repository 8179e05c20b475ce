//! Proof of work (`--pow-difficulty`): a post without a valid solution gets 428 with a
//! challenge and how to solve it; the test solves it as the page's worker does.

mod common;

use common::form::{exported, page, post_form, valid_form};
use common::{body, client, message, post_json, Server};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const DIFFICULTY: u32 = 12;

fn zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// The first counter whose `SHA-256(challenge:key:counter)` has enough zero bits.
fn solve(challenge: &str, key: &str, difficulty: u32) -> String {
    (0u64..1 << 30)
        .map(|n| n.to_string())
        .find(|s| zero_bits(&Sha256::digest(format!("{challenge}:{key}:{s}"))) >= difficulty)
        .expect("a solution within 2^30 tries")
}

#[tokio::test]
async fn posts_need_a_solved_challenge() {
    let dir = common::temp();
    let server = Server::start(
        dir.path(),
        &["--pow-difficulty", "12", "--moderation", "post"],
    );
    let client = client();
    let url = server.at("/api/messages");
    // Without a solution: 428, a fresh challenge, and how to solve it.
    let response = post_json(&client, &url, "w-1", &message("w-1")).await;
    assert_eq!(response.status(), 428);
    let refused = body(response).await;
    assert_eq!(refused["field"], "pow");
    assert!(
        refused["error_en"]
            .as_str()
            .unwrap_or_default()
            .contains("SHA-256"),
        "{refused}"
    );
    assert_eq!(refused["pow"]["difficulty"], DIFFICULTY);

    // GET /api/pow, solve for this message's key, post.
    let issued = body(client.get(server.at("/api/pow")).send().await.expect("get")).await;
    assert_eq!(issued["difficulty"], DIFFICULTY);
    assert!(issued["expires"].as_u64().is_some());
    let challenge = issued["challenge"].as_str().expect("challenge").to_owned();
    let solution = solve(&challenge, "w-1", DIFFICULTY);
    let mut solved = message("w-1");
    solved["pow"] = json!({"challenge": challenge, "solution": solution});
    assert_eq!(post_json(&client, &url, "w-1", &solved).await.status(), 201);
    // A retry of the same message with the same solution is the same message.
    assert_eq!(post_json(&client, &url, "w-1", &solved).await.status(), 201);

    // The solution is bound to its key: another message cannot reuse it.
    let mut other: Value = message("w-2");
    other["pow"] = solved["pow"].clone();
    let response = post_json(&client, &url, "w-2", &other).await;
    assert_eq!(response.status(), 428);
    // The message says `lang: ru`: the reader's sentence is Russian, the how-to English.
    let refused = body(response).await;
    assert_eq!(refused["lang"], "ru");
    assert!(refused["error_en"]
        .as_str()
        .unwrap_or_default()
        .contains("wrong"));
    // A forged challenge is refused.
    other["pow"] = json!({"challenge": "9999999999.00.00", "solution": "1"});
    assert_eq!(post_json(&client, &url, "w-2", &other).await.status(), 428);

    // Comments need it too.
    let comment_url = server.at("/api/comments");
    let mut comment =
        json!({"id": "c-1", "parent_id": null, "author": "A", "body": "B", "lang": "en"});
    assert_eq!(
        post_json(&client, &comment_url, "c-1", &comment)
            .await
            .status(),
        428
    );
    comment["pow"] =
        json!({"challenge": challenge, "solution": solve(&challenge, "c-1", DIFFICULTY)});
    assert_eq!(
        post_json(&client, &comment_url, "c-1", &comment)
            .await
            .status(),
        201
    );

    // A plain form post cannot solve it: a page in its language says JavaScript is needed.
    let (status, text) = page(post_form(&server, &valid_form("ru", "/ru/")).await).await;
    assert_eq!(status, 428);
    assert!(text.contains("нужен JavaScript"), "{text}");

    let ids: Vec<_> = exported(&server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids, vec!["w-1"]);
}

#[tokio::test]
async fn without_pow_the_challenge_says_difficulty_zero() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let issued = body(
        client()
            .get(server.at("/api/pow"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(issued["difficulty"], 0);
    assert_eq!(
        post_json(
            &client(),
            &server.at("/api/messages"),
            "n-1",
            &message("n-1")
        )
        .await
        .status(),
        201
    );
}
