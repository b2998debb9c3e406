//! Errors at the edge: a failure is logged once, where the facade turns it into a reply,
//! with its whole cause chain; the user sees a sentence, never the cause.

use dustpan::sim::{self, Fault};

use crate::app::spawn_app;
use crate::helpers::capture_logs;
use crate::replies::keys;

#[tokio::test(flavor = "current_thread")]
async fn a_storage_failure_during_a_command_is_logged_once_with_its_cause_and_the_user_sees_the_generic_sentence()
 {
    let t = spawn_app().await;
    let who = t.connected_user("801").await;
    // Every connection closed under the running service: its next read fails.
    t.app.db.close().await;

    let (captured, guard) = capture_logs();
    let reply = t.send(&who, "/dust").await;
    drop(guard);

    assert_eq!(keys(&reply), vec!["error-internal"]);
    let log = captured.text();
    let failures: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("storage failure"))
        .collect();
    assert_eq!(failures.len(), 1, "logged once, at the edge:\n{log}");
    assert!(failures[0].contains("ERROR"), "{log}");
    // What was being done, then the cause below it: sqlx's closed pool.
    assert!(
        failures[0].contains("error=storage failure: find user: ")
            && failures[0].contains("closed pool"),
        "{log}"
    );
    assert_eq!(log.matches("closed pool").count(), 1, "{log}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_exchange_failure_during_a_command_is_logged_once_with_its_transport_cause_and_no_secret()
 {
    let t = spawn_app().await;
    let who = t.connected_user("802").await;
    // The exchange drops the connection without answering the dust report's signed read.
    t.sim.inject_fault(
        "/sapi/v1/asset/dust-btc",
        Fault::DropConnectionAfterApply,
        10,
    );

    let (captured, guard) = capture_logs();
    let reply = t.send(&who, "/dust").await;
    drop(guard);

    assert_eq!(keys(&reply), vec!["error-exchange-unavailable"]);
    let log = captured.text();
    let failures: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("exchange error"))
        .collect();
    assert_eq!(failures.len(), 1, "logged once, at the edge:\n{log}");
    assert!(failures[0].contains("WARN"), "{log}");
    // The transport error below it, kept as its source, without its URL.
    assert!(
        failures[0].contains("error=the exchange is unavailable: ")
            && failures[0].contains("error sending request")
            && failures[0].contains("connection closed"),
        "{log}"
    );
    assert!(!log.contains(sim::DEMO_API_KEY), "the API key was logged");
    assert!(
        !log.contains(sim::DEMO_API_SECRET),
        "the API secret was logged"
    );
    assert!(!log.contains("signature="), "a signed query was logged");
}
