//! A signed request captured on the way cannot be replayed later: a signature timestamp
//! further than the replay window from now is refused with 401, as a bad signature is.

use dustpan::frontends::discord::interactions::REPLAY_WINDOW;

use super::fake_api::Route;
use super::{Place, command};
use crate::app::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correctly_signed_request_with_a_timestamp_outside_the_replay_window_is_refused_with_401()
{
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    let body = command("300000000000000401", Place::Dm, "help", &[]).to_string();
    let now = chrono::Utc::now().timestamp();
    let window = REPLAY_WINDOW.as_secs() as i64;
    // Generous margins either side of the window: the test's and the app's clocks are the
    // same, but the request takes a moment.
    for (what, ts) in [
        ("an hour old", (now - 3600).to_string()),
        ("just past the window", (now - window - 30).to_string()),
        ("from the future", (now + window + 30).to_string()),
        ("not a number", "yesterday".to_owned()),
        ("empty", String::new()),
    ] {
        let signature = d.sign(&ts, body.as_bytes());
        let (status, _) = d.post_raw(body.as_bytes(), Some((&signature, &ts))).await;
        assert_eq!(status, 401, "{what}");
    }
    assert!(d.fake.calls_to(Route::FollowUp).is_empty());
    // Within the window, a little behind or ahead: accepted.
    for ts in [now - window + 30, now + 20] {
        let ts = ts.to_string();
        let signature = d.sign(&ts, body.as_bytes());
        let (status, response) = d.post_raw(body.as_bytes(), Some((&signature, &ts))).await;
        assert_eq!(status, 200, "{ts}");
        assert_eq!(response["type"], 4, "{response}");
    }
    t.stop().await;
}
