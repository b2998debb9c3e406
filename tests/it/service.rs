//! The shared dust service through the real Binance client against the simulator:
//! `/dust`, `/convert`, confirmations, cooldown, reconcile, accounts.

use std::time::Duration;

use dustpan::domain::Credentials;
use dustpan::ports::{Clock, Exchange};
use dustpan::sim::{self, AccountSpec, Fault, Permissions, SimConfig};
use rust_decimal::Decimal;
use secrecy::SecretString;

use crate::app::{TestApp, group_user, private_user, spawn_app, text};
use crate::replies::{
    all, arg, arg_shown, assert_asks, assert_key, assert_no_key, has_key, keys, press_token,
    press_token_with,
};
use dustpan::service::reply::CredentialField;

fn demo_creds() -> Credentials {
    Credentials::new(
        SecretString::from(sim::DEMO_API_KEY),
        SecretString::from(sim::DEMO_API_SECRET),
    )
}

/// A rendering test: the /dust report in English (its lines choose wording by currency and
/// by minimum order), besides what it costs at the exchange.
#[tokio::test]
async fn dust_report_shows_every_class_with_two_signed_requests_and_one_more_for_the_batch_to_the_target()
 {
    let t = spawn_app().await;
    let who = t.connected_user("100").await;
    t.sim.clear_request_log();
    let out = text(&t.send(&who, "/dust").await);
    // (a) convertible, with BTC, USDT, BNB before fee, fee and net; the seed case below the minimum order.
    assert!(out.contains("Convertible to BNB"), "{out}");
    let act = out
        .lines()
        .find(|l| l.contains("• ACT 0.005"))
        .expect("ACT line");
    assert!(
        act.contains("BTC") && act.contains("BNB − fee") && act.contains("below the minimum order"),
        "{act}"
    );
    // (b) below the minimum order, not convertible.
    assert!(out.contains("Below the spot market's minimum order"));
    assert!(
        out.contains("• FDUSD 0.37") && out.contains("minimum order 1 FDUSD or 5 USDT"),
        "{out}"
    );
    // (c) ineligible with advice.
    for asset in ["MATIC", "NEWT"] {
        assert!(
            out.lines()
                .any(|l| l.contains(asset) && l.contains("delisted or not open yet")),
            "{out}"
        );
    }
    // Balances large enough to trade are not dust.
    assert!(!out.contains("• ETH") && !out.contains("• USDT"), "{out}");
    assert!(out.contains("Total convertible"));
    assert!(out.contains("Small Asset Convert is available now."));
    assert!(
        out.contains("Recommended: 1 asset(s) via Small Asset Convert, 10 via Spot Convert"),
        "{out}"
    );
    // Cost: two signed requests, and a third for the small-asset batch to the user's target
    // (USDT by default) weighed beside the BNB one; nothing else signed.
    let signed: Vec<_> = t
        .sim
        .requests()
        .into_iter()
        // convert/exchangeInfo (the planner's pairs) is public, cached and shared.
        .filter(|r| r.path.starts_with("/sapi") || r.path == "/api/v3/account")
        .filter(|r| r.path != "/sapi/v1/convert/exchangeInfo")
        .map(|r| r.path)
        .collect();
    assert_eq!(signed.len(), 3, "{signed:?}");
    assert!(signed.contains(&"/sapi/v1/asset/dust-convert/query-convertible-assets".to_owned()));
    assert!(signed.contains(&"/sapi/v1/asset/dust-btc".to_owned()));
    assert!(signed.contains(&"/sapi/v3/asset/getUserAsset".to_owned()));
    // A second /dust reuses the cached public data.
    t.send(&who, "/dust").await;
    assert_eq!(t.sim.path_count("/api/v3/exchangeInfo"), 1);
    assert_eq!(t.sim.path_count("/api/v3/ticker/price"), 1);
    assert_eq!(t.sim.path_count("/sapi/v1/convert/exchangeInfo"), 1);
}

#[tokio::test]
async fn dust_under_the_users_minimum_is_called_not_worth_it() {
    let mut config = SimConfig::demo();
    let demo = &mut config.accounts[0];
    demo.balances.retain(|a, _| a == "ADA" || a == "BNB");
    let t = TestApp::builder().sim(config).build().await;
    let who = t.connected_user("101").await;
    let r = t.send(&who, "/dust").await;
    assert_eq!(
        arg(&r, "advice-not-worth-it", "min"),
        "1.00",
        "{}",
        text(&r)
    );
    assert_eq!(arg(&r, "advice-not-worth-it", "currency"), "USDT");
}

#[tokio::test]
async fn a_chosen_subset_converts_and_balances_move_exactly_as_the_fee_says() {
    let t = spawn_app().await;
    let who = t.connected_user("102").await;
    let candidates = t.app.exchange.dust_candidates(&demo_creds()).await.unwrap();
    let expected_net: Decimal = candidates
        .details
        .iter()
        .filter(|c| ["ADA", "XRP"].contains(&c.asset.as_str()))
        .map(|c| c.received)
        .sum();
    let bnb_before = t.sim.balance(sim::DEMO_API_KEY, "BNB").unwrap();
    let doge_before = t.sim.balance(sim::DEMO_API_KEY, "DOGE").unwrap();
    let confirm = t.send(&who, "/convert ada XRP").await;
    assert_eq!(arg(&confirm, "confirm-title", "count"), "2");
    let lines: Vec<(String, String)> = all(&confirm, "confirm-line")
        .iter()
        .map(|l| {
            (
                crate::replies::arg_value(l, "asset").unwrap(),
                crate::replies::arg_value(l, "amount").unwrap(),
            )
        })
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|(a, n)| a == "ADA" && n.starts_with("1.8")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|(a, n)| a == "XRP" && n.starts_with("0.9")),
        "{lines:?}"
    );
    assert_eq!(
        arg_shown(&confirm, "confirm-cooldown-warning", "cooldown"),
        "span-h(h=6)"
    );
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert!(done.replaces_pressed);
    assert_eq!(arg(&done, "convert-done", "count"), "2", "{}", text(&done));
    assert!(!arg(&done, "convert-done", "tran_id").is_empty());
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "ADA").unwrap(),
        Decimal::ZERO
    );
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "XRP").unwrap(),
        Decimal::ZERO
    );
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "DOGE").unwrap(),
        doge_before
    );
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "BNB").unwrap() - bnb_before,
        expected_net
    );
    assert_eq!(
        arg(&done, "convert-done", "received"),
        expected_net.normalize().to_string()
    );
}

#[tokio::test]
async fn the_selection_toggles_assets_before_the_confirm_screen() {
    let t = spawn_app().await;
    let who = t.connected_user("103").await;
    let selected = |r: &dustpan::service::reply::Reply| {
        let b = r.messages[0]
            .buttons
            .iter()
            .find(|b| b.label.key == "button-convert-selected")
            .expect("the convert-selected button");
        crate::replies::arg_value(&b.label, "count").unwrap()
    };
    let sel = t.send(&who, "/convert").await;
    assert_eq!(selected(&sel), "10", "{}", text(&sel));
    let sel = t
        .press(
            &who,
            &press_token_with(&sel, "button-asset-on", "asset", "ADA"),
        )
        .await;
    assert!(sel.replaces_pressed);
    press_token_with(&sel, "button-asset-off", "asset", "ADA");
    assert_eq!(selected(&sel), "9", "{}", text(&sel));
    let confirm = t
        .press(&who, &press_token(&sel, "button-convert-selected"))
        .await;
    assert_eq!(arg(&confirm, "confirm-title", "count"), "9");
    assert!(
        all(&confirm, "confirm-line")
            .iter()
            .all(|l| crate::replies::arg_value(l, "asset").as_deref() != Some("ADA"))
    );
    let before = t.sim.balance(sim::DEMO_API_KEY, "ADA").unwrap();
    t.press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_eq!(t.sim.balance(sim::DEMO_API_KEY, "ADA").unwrap(), before);
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "XRP").unwrap(),
        Decimal::ZERO
    );
}

#[tokio::test]
async fn a_double_press_and_fifty_concurrent_presses_convert_once() {
    let t = spawn_app().await;
    let who = t.connected_user("104").await;
    let confirm = t.send(&who, "/convert all").await;
    let token = press_token(&confirm, "button-confirm");
    let presses = (0..50).map(|_| t.press(&who, &token));
    let replies = futures_join_all(presses).await;
    assert_eq!(t.dust_posts(), 1);
    let converted = replies
        .iter()
        .filter(|r| has_key(*r, "convert-done"))
        .count();
    assert_eq!(converted, 1);
    // No other press said anything over the result (a cooldown, a failure).
    for r in &replies {
        assert!(
            has_key(r, "convert-done") || r.messages.is_empty(),
            "{:?}",
            keys(r)
        );
    }
    let status: String = sqlx::query_scalar("SELECT status FROM operations WHERE id = ?")
        .bind(token.split('.').nth(1).unwrap())
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "succeeded");
    // And a later press of the same token (once the user may press again) does nothing.
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(60)).await;
    tokio::time::resume();
    let again = t.press(&who, &token).await;
    assert_key(&again, "button-used");
    assert_eq!(t.dust_posts(), 1);
}

async fn futures_join_all<F: std::future::Future>(futs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futs {
        set.push(f);
    }
    let mut out = Vec::new();
    // Poll all concurrently on this task.
    let mut pinned: Vec<_> = set.into_iter().map(Box::pin).collect();
    let results = std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out.iter().any(|(j, _)| *j == i) {
                continue;
            }
            match f.as_mut().poll(cx) {
                std::task::Poll::Ready(v) => out.push((i, v)),
                std::task::Poll::Pending => pending = true,
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(std::mem::take(&mut out))
        }
    })
    .await;
    results.into_iter().map(|(_, v)| v).collect()
}

#[tokio::test]
async fn another_users_press_a_replayed_and_an_expired_token_are_refused() {
    let t = spawn_app().await;
    let owner = t.connected_user("105").await;
    let stranger = t.connected_user("106").await;
    let confirm = t.send(&owner, "/convert all").await;
    let token = press_token(&confirm, "button-confirm");
    let r = t.press(&stranger, &token).await;
    assert_key(&r, "button-not-yours");
    let r = t.press(&private_user("999"), &token).await;
    assert_key(&r, "button-not-yours");
    for junk in [
        "",
        "c.",
        "garbage",
        "c.AAAAAAAAAAAAAAAAAAAAAA",
        "x.AAAAAAAAAAAAAAAAAAAAAA",
        &"c".repeat(500),
    ] {
        let r = t.press(&owner, junk).await;
        assert!(has_key(&r, "button-stale"), "{junk}: {:?}", keys(&r));
    }
    assert_eq!(t.dust_posts(), 0);
    // Expired: the bot's clock passes the confirm window.
    t.clock
        .advance(dustpan::service::CONFIRM_TTL + Duration::from_secs(1));
    let r = t.press(&owner, &token).await;
    assert_key(&r, "button-expired");
    assert_eq!(t.dust_posts(), 0);
    // A fresh one works; replaying it afterwards does nothing.
    let confirm = t.send(&owner, "/convert all").await;
    let token = press_token(&confirm, "button-confirm");
    assert_key(&t.press(&owner, &token).await, "convert-done");
    assert_key(&t.press(&owner, &token).await, "button-used");
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn during_the_cooldown_convert_says_the_time_left_and_sends_nothing() {
    let t = spawn_app().await;
    let who = t.connected_user("107").await;
    let confirm = t.send(&who, "/convert ADA").await;
    t.press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_eq!(t.dust_posts(), 1);
    t.advance(Duration::from_secs(3600));
    let r = t.send(&who, "/convert all").await;
    // "next in 5 h … Nothing was sent to the exchange."
    assert_eq!(arg_shown(&r, "convert-cooldown", "left"), "span-h(h=5)");
    let cd = t.send(&who, "/cooldown").await;
    assert_eq!(arg_shown(&cd, "cooldown-wait", "left"), "span-h(h=5)");
    assert_eq!(t.dust_posts(), 1);
    t.advance(t.cooldown);
    let confirm = t.send(&who, "/convert all").await;
    assert_key(
        &t.press(&who, &press_token(&confirm, "button-confirm"))
            .await,
        "convert-done",
    );
    assert_eq!(t.dust_posts(), 2);
    let hist = t.send(&who, "/history").await;
    assert_eq!(all(&hist, "history-line").len(), 2, "{:?}", keys(&hist));
    assert_eq!(
        keys(&hist).len(),
        3,
        "a title and two lines: {:?}",
        keys(&hist)
    );
}

#[tokio::test]
async fn a_conversion_made_in_the_exchanges_app_counts_for_the_cooldown() {
    let t = spawn_app().await;
    let who = t.connected_user("108").await;
    // Converted "elsewhere": straight through the client, not through dustpan.
    let ada = dustpan::domain::Asset::parse("ADA").unwrap();
    t.app
        .exchange
        .convert_dust(&demo_creds(), &[ada])
        .await
        .unwrap();
    let cd = t.send(&who, "/cooldown").await;
    let left = arg_shown(&cd, "cooldown-wait", "left");
    assert!(
        left == "span-h-min(h=5, m=59)" || left == "span-h(h=6)",
        "{left}"
    );
    assert_key(&t.send(&who, "/convert all").await, "convert-cooldown");
    assert_eq!(t.dust_posts(), 1);
    assert_key(&t.send(&who, "/history").await, "history-line-elsewhere");
}

#[tokio::test]
async fn a_dropped_connection_after_apply_is_reconciled_as_succeeded_with_one_post() {
    let t = spawn_app().await;
    let who = t.connected_user("109").await;
    let confirm = t.send(&who, "/convert all").await;
    t.sim
        .inject_fault("/sapi/v1/asset/dust", Fault::DropConnectionAfterApply, 1);
    let r = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_eq!(arg(&r, "convert-done", "count"), "10");
    assert_eq!(t.dust_posts(), 1);
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "ADA").unwrap(),
        Decimal::ZERO
    );
}

/// The confirm screen behind `token` passed the gate (its operation is `submitting`) and
/// the exchange converted `assets`, but the answer never reached dustpan. Returns the
/// operation id.
async fn sent_and_answer_lost(t: &crate::app::TestApp, token: &str, assets: &[&str]) -> String {
    let op_id = token.split('.').nth(1).unwrap().to_owned();
    sqlx::query("UPDATE operations SET status = 'submitting', submitted_at = ? WHERE id = ?")
        .bind(t.clock.now_ms())
        .bind(&op_id)
        .execute(t.app.db.pool())
        .await
        .unwrap();
    let assets: Vec<_> = assets
        .iter()
        .map(|a| dustpan::domain::Asset::parse(a).unwrap())
        .collect();
    t.app
        .exchange
        .convert_dust(&demo_creds(), &assets)
        .await
        .unwrap();
    op_id
}

#[tokio::test]
async fn a_crash_between_submit_and_result_is_reconciled_after_restart_with_one_post() {
    let mut t = spawn_app().await;
    let who = t.connected_user("110").await;
    let confirm = t.send(&who, "/convert ADA XRP").await;
    let token = press_token(&confirm, "button-confirm");
    // The process passed the gate (the intent is committed) and sent the POST, then died
    // before it could record the answer.
    let op_id = sent_and_answer_lost(&t, &token, &["ADA", "XRP"]).await;
    // Until it is settled nothing else happens for that user: the press is refused.
    assert_key(&t.press(&who, &token).await, "button-in-progress");
    t.restart().await;
    let status: String = sqlx::query_scalar("SELECT status FROM operations WHERE id = ?")
        .bind(&op_id)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "succeeded");
    assert_eq!(t.dust_posts(), 1);
    let hist = t.send(&who, "/history").await;
    assert_eq!(arg(&hist, "history-line", "assets"), "ADA, XRP");
    assert_no_key(&hist, "history-line-elsewhere");
    assert_key(&t.send(&who, "/convert all").await, "convert-cooldown");
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn a_5xx_after_apply_is_reconciled_from_the_dust_log_with_one_post() {
    let t = spawn_app().await;
    let who = t.connected_user("115").await;
    let confirm = t.send(&who, "/convert all").await;
    t.sim
        .inject_fault("/sapi/v1/asset/dust", Fault::UnavailableAfterApply, 1);
    let r = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    // Reconciled at once from the dust log.
    assert_eq!(arg(&r, "convert-done", "count"), "10");
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn a_key_with_withdrawals_enabled_is_refused_and_not_stored() {
    let mut config = SimConfig::demo();
    config.accounts.push(AccountSpec {
        api_key: "FAKEwithdrawKEY000000000000000000000000000000000000000000000000".into(),
        api_secret: "FAKEwithdrawSECRET000000000000000000000000000000000000000000000".into(),
        balances: Default::default(),
        permissions: Permissions {
            reading: true,
            spot_trading: true,
            withdrawals: true,
        },
        convert_approved: true,
        ip_whitelist: vec![],
        uid: 77,
    });
    let t = TestApp::builder().sim(config).build().await;
    let who = private_user("111");
    let r = t
        .send(
            &who,
            "/connect FAKEwithdrawKEY000000000000000000000000000000000000000000000000 FAKEwithdrawSECRET000000000000000000000000000000000000000000000",
        )
        .await;
    assert!(r.delete_incoming);
    assert_eq!(keys(&r), ["connect-withdrawals-enabled"]);
    assert!(!text(&r).contains("FAKEwithdraw"));
    assert_key(&t.send(&who, "/dust").await, "error-not-connected");
}

#[tokio::test]
async fn connect_refuses_groups_and_guides_in_two_steps() {
    let t = spawn_app().await;
    let group = group_user("112");
    let r = t
        .send(
            &group,
            &format!("/connect {} {}", sim::DEMO_API_KEY, sim::DEMO_API_SECRET),
        )
        .await;
    assert!(r.delete_incoming);
    assert_key(&r, "connect-private-only");
    let who = private_user("112");
    assert_key(&t.send(&who, "/dust").await, "error-not-connected");
    let r = t.send(&who, "/connect binance").await;
    assert_asks(&r, &[CredentialField::Key, CredentialField::Secret]);
    let r = t.send(&who, sim::DEMO_API_KEY).await;
    assert!(r.delete_incoming);
    assert_asks(&r, &[CredentialField::Secret]);
    let r = t.send(&who, sim::DEMO_API_SECRET).await;
    assert!(r.delete_incoming);
    assert_eq!(arg(&r, "connect-done", "fingerprint"), "dust…0000");
    let out = text(&r);
    assert!(!out.contains(sim::DEMO_API_KEY) && !out.contains(sim::DEMO_API_SECRET));
    assert_key(&t.send(&who, "/disconnect").await, "disconnect-done");
}

#[tokio::test]
async fn forget_deletes_everything_after_a_confirm() {
    let t = spawn_app().await;
    let who = t.connected_user("113").await;
    let c = t.send(&who, "/convert ADA").await;
    t.press(&who, &press_token(&c, "button-confirm")).await;
    let r = t.send(&who, "/forget").await;
    let stranger = t.connected_user("114").await;
    assert_key(
        &t.press(&stranger, &press_token(&r, "button-forget")).await,
        "button-not-yours",
    );
    let done = t.press(&who, &press_token(&r, "button-forget")).await;
    assert_eq!(arg(&done, "forget-done", "keys"), "1");
    assert_eq!(arg(&done, "forget-done", "conversions"), "1");
    assert_key(&t.send(&who, "/dust").await, "error-not-connected");
    assert_key(&t.send(&who, "/history").await, "history-empty");
}

#[tokio::test]
async fn expired_selections_are_purged_but_confirmed_operations_are_kept() {
    let t = spawn_app().await;
    let who = t.connected_user("116").await;
    let done = t.send(&who, "/convert ADA").await;
    t.press(&who, &press_token(&done, "button-confirm")).await;
    t.send(&who, "/convert").await;
    t.send(&who, "/dust").await;
    let count = |status: &'static str| {
        let pool = t.app.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM operations WHERE status = ?")
                .bind(status)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert!(count("selecting").await >= 1);
    t.app.service.purge_expired(t.clock.now()).await;
    assert!(count("selecting").await >= 1, "not expired yet");
    t.app
        .service
        .purge_expired(t.clock.now() + chrono::Duration::days(2))
        .await;
    assert_eq!(count("selecting").await, 0);
    assert_eq!(count("succeeded").await, 1);
}

async fn op_status(t: &crate::app::TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM operations WHERE id = ?")
        .bind(id)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap()
}

/// An operation that passed the gate but whose request never reached the exchange.
async fn lost_before_sending(t: &crate::app::TestApp, who: &dustpan::service::Caller) -> String {
    let confirm = t.send(who, "/convert ADA XRP").await;
    let id = press_token(&confirm, "button-confirm")
        .split('.')
        .nth(1)
        .unwrap()
        .to_owned();
    sqlx::query("UPDATE operations SET status = 'submitting', submitted_at = ? WHERE id = ?")
        .bind(t.clock.now_ms())
        .bind(&id)
        .execute(t.app.db.pool())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn an_unknown_conversion_absent_from_the_log_is_not_executed_while_its_assets_remain() {
    let t = spawn_app().await;
    let who = t.connected_user("117").await;
    let id = lost_before_sending(&t, &who).await;
    t.app.service.recover().await;
    assert_eq!(
        op_status(&t, &id).await,
        "unknown",
        "inside the grace period"
    );
    t.clock
        .advance(dustpan::service::RECONCILE_GRACE + Duration::from_secs(1));
    t.app.service.recover().await;
    assert_eq!(op_status(&t, &id).await, "failed");
    assert_eq!(t.dust_posts(), 0);
}

#[tokio::test]
async fn an_unknown_conversion_whose_assets_vanished_stays_unknown_then_unresolved_never_not_executed()
 {
    let t = spawn_app().await;
    let who = t.connected_user("118").await;
    let id = lost_before_sending(&t, &who).await;
    // The assets left the account some other way, with no dust-log record.
    t.sim.set_balance(sim::DEMO_API_KEY, "ADA", Decimal::ZERO);
    t.sim.set_balance(sim::DEMO_API_KEY, "XRP", Decimal::ZERO);
    t.clock
        .advance(dustpan::service::RECONCILE_GRACE + Duration::from_secs(1));
    t.app.service.recover().await;
    assert_eq!(op_status(&t, &id).await, "unknown");
    assert_key(
        &t.send(&who, "/convert all").await,
        "convert-still-confirming",
    );
    t.clock.advance(dustpan::service::RECONCILE_GIVE_UP);
    t.app.service.recover().await;
    // Gone without a record: maybe converted, maybe not. Never "not executed".
    assert_eq!(op_status(&t, &id).await, "unresolved");
}

#[tokio::test]
async fn confirm_rereads_the_dust_log_only_when_the_screens_read_is_stale() {
    let t = spawn_app().await;
    let who = t.connected_user("119").await;
    let dribblet = || t.sim.path_count("/sapi/v1/asset/dribblet");
    let c = t.send(&who, "/convert ADA").await;
    let before = dribblet();
    t.press(&who, &press_token(&c, "button-confirm")).await;
    assert_eq!(dribblet(), before, "the screen's read seconds ago counts");
    assert_eq!(t.dust_posts(), 1);
    // A stale screen: the dust log is read again before the conversion, and a conversion
    // made elsewhere in the meantime stops it here, not at the exchange.
    t.advance(t.cooldown + Duration::from_secs(1));
    let c = t.send(&who, "/convert XRP").await;
    t.clock
        .advance(dustpan::service::DUST_LOG_FRESH + Duration::from_secs(1));
    let doge = dustpan::domain::Asset::parse("DOGE").unwrap();
    t.app
        .exchange
        .convert_dust(&demo_creds(), &[doge])
        .await
        .unwrap();
    let before = dribblet();
    let r = t.press(&who, &press_token(&c, "button-confirm")).await;
    assert_eq!(dribblet(), before + 1);
    assert_key(&r, "convert-cooldown");
    assert_eq!(t.dust_posts(), 2, "only the conversion made elsewhere");
}

#[tokio::test]
async fn confirm_after_settling_a_conversion_in_flight_sees_its_cooldown() {
    let t = spawn_app().await;
    let who = t.connected_user("120").await;
    // Two confirm screens, both within the dust log's freshness.
    let first = t.send(&who, "/convert ADA XRP").await;
    let second = t.send(&who, "/convert all").await;
    // The first one passed the gate and reached the exchange; its answer was lost.
    let first_id =
        sent_and_answer_lost(&t, &press_token(&first, "button-confirm"), &["ADA", "XRP"]).await;
    // Confirming the second settles the first (succeeded), and the cooldown it started
    // stops the second here: no second POST.
    let second_token = press_token(&second, "button-confirm");
    let r = t.press(&who, &second_token).await;
    assert_eq!(op_status(&t, &first_id).await, "succeeded");
    assert_key(&r, "convert-cooldown");
    assert_eq!(t.dust_posts(), 1);
    // The stopped operation is closed, not left in flight: the user is not blocked, and a
    // second press changes nothing.
    let second_id = second_token.split('.').nth(1).unwrap();
    assert_eq!(op_status(&t, second_id).await, "failed");
    assert_key(&t.send(&who, "/convert all").await, "convert-cooldown");
    t.press(&who, &second_token).await;
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn a_conversion_syncs_one_commit_the_intent_before_the_request() {
    let t = spawn_app().await;
    let who = t.connected_user("121").await;
    let before = t.app.db.write_stats();
    t.send(&who, "/dust").await;
    let c = t.send(&who, "/convert all").await;
    let screens = t.app.db.write_stats();
    // Screens waiting for a press may wait for the next synced commit.
    assert_eq!(screens.synced_commits, before.synced_commits);
    assert!(screens.commits >= before.commits + 2);
    assert_key(
        &t.press(&who, &press_token(&c, "button-confirm")).await,
        "convert-done",
    );
    let after = t.app.db.write_stats();
    // The `submitting` row is on disk before the POST; the outcome is derived again from
    // the dust log if an OS crash loses it.
    assert_eq!(after.synced_commits, screens.synced_commits + 1);
    assert_eq!(after.commits, screens.commits + 2);
}

#[tokio::test]
async fn key_material_sent_outside_the_form_is_deleted_all_the_same() {
    let t = spawn_app().await;
    let who = t.connected_user("122").await;
    // No form is open (it expired, or was lost): a pasted secret is still deleted.
    let secret = "dustpanFAKEsecretXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    let r = t.send(&who, secret).await;
    assert!(r.delete_incoming);
    assert_eq!(keys(&r), ["not-a-command"]);
    assert!(!text(&r).contains(secret));
    // Ordinary words stay.
    let r = t.send(&who, "hello there").await;
    assert!(!r.delete_incoming);
    assert_eq!(keys(&r), ["not-a-command"]);
}

#[tokio::test]
async fn a_crash_after_recording_the_conversion_but_before_the_outcome_is_completed_by_reconcile() {
    let t = spawn_app().await;
    let who = t.connected_user("123").await;
    let confirm = t.send(&who, "/convert ADA XRP").await;
    let op_id = sent_and_answer_lost(
        &t,
        &press_token(&confirm, "button-confirm"),
        &["ADA", "XRP"],
    )
    .await;
    // The first of the outcome's steps landed (the conversion row, with its operation);
    // the reminder and the operation's success did not.
    let entry = t
        .app
        .exchange
        .dust_log(&demo_creds(), None)
        .await
        .unwrap()
        .remove(0);
    let user_id: i64 = sqlx::query_scalar("SELECT user_id FROM operations WHERE id = ?")
        .bind(&op_id)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO dust_conversions
           (user_id, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id)
         VALUES (?, ?, ?, ?, ?, '[]', 'dustpan', ?)",
    )
    .bind(user_id)
    .bind(&entry.batch_id)
    .bind(entry.operate_time.timestamp_millis())
    .bind(entry.total_gross.to_string())
    .bind(entry.total_fee.to_string())
    .bind(&op_id)
    .execute(t.app.db.pool())
    .await
    .unwrap();
    assert_eq!(t.app.service.recover().await, 1);
    assert_eq!(op_status(&t, &op_id).await, "succeeded");
    let (rows, reminders): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM dust_conversions WHERE user_id = ?1),
                (SELECT COUNT(*) FROM reminders WHERE user_id = ?1 AND status = 'pending')",
    )
    .bind(user_id)
    .fetch_one(t.app.db.pool())
    .await
    .unwrap();
    assert_eq!((rows, reminders), (1, 1));
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn replies_showing_account_data_are_private_and_help_is_for_the_whole_chat() {
    use dustpan::service::reply::Visibility;
    let t = spawn_app().await;
    let who = t.connected_user("120").await;
    for command in ["/dust", "/history", "/settings", "/cooldown", "/convert"] {
        let reply = t.send(&who, command).await;
        assert_eq!(
            reply.visibility,
            Visibility::Private,
            "{command}: {}",
            text(&reply)
        );
    }
    let confirm = t.send(&who, "/convert all").await;
    assert_eq!(confirm.visibility, Visibility::Private);
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_eq!(done.visibility, Visibility::Private, "{}", text(&done));
    // The first step of the key form.
    let prompt = t.send(&private_user("121"), "/connect").await;
    assert_eq!(prompt.visibility, Visibility::Private, "{}", text(&prompt));
    for command in ["/help", "/privacy"] {
        let reply = t.send(&who, command).await;
        assert_eq!(reply.visibility, Visibility::Chat, "{command}");
    }
}

#[tokio::test]
async fn the_demo_selection_keeps_six_telegram_rows_and_fits_five_rows_of_five() {
    use dustpan::frontends::telegram::render::{KEYBOARD, keyboard};
    use dustpan::service::reply::{Limits, Role, layout};
    let t = spawn_app().await;
    let who = t.connected_user("122").await;
    let sel = t.send(&who, "/convert").await;
    let message = &sel.messages[0];
    let roles: Vec<Role> = message.buttons.iter().map(|b| b.role).collect();
    assert_eq!(roles.len(), 12, "{}", text(&sel));
    assert!(roles[..10].iter().all(|r| *r == Role::Toggle));
    assert_eq!(roles[10..], [Role::Navigate, Role::Cancel]);
    // Telegram as before: toggles in threes, then "convert selected", then cancel.
    let rows: Vec<usize> = keyboard("en", message)
        .unwrap()
        .inline_keyboard
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(rows, [3, 3, 3, 1, 1, 1]);
    assert_eq!(layout(&message.buttons, KEYBOARD).unwrap().len(), 6);
    // Discord's five rows of five.
    let discord = Limits {
        max_rows: 5,
        per_row: 5,
    };
    let rows = layout(&message.buttons, discord).unwrap();
    let lens: Vec<usize> = rows.iter().map(Vec::len).collect();
    assert_eq!(lens, [5, 5, 1, 1]);
    assert_eq!(rows[3][0].role, Role::Cancel);
}

#[tokio::test]
async fn settings_keep_a_telegram_row_each_and_a_confirm_screen_one_row() {
    use dustpan::frontends::telegram::render::keyboard;
    let t = spawn_app().await;
    let who = t.connected_user("123").await;
    let rows = |reply: &dustpan::service::reply::Reply| -> Vec<usize> {
        keyboard("en", &reply.messages[0])
            .unwrap()
            .inline_keyboard
            .iter()
            .map(Vec::len)
            .collect()
    };
    assert_eq!(rows(&t.send(&who, "/settings").await), [1, 1, 1]);
    let confirm = t.send(&who, "/convert all").await;
    assert_eq!(rows(&confirm), [2]);
}

#[tokio::test]
async fn a_command_parsed_by_a_frontend_is_handled_as_its_text() {
    use dustpan::service::command::{Command, ConvertArgs};
    let t = spawn_app().await;
    let who = t.connected_user("140").await;
    let by_text = t.send(&who, "/cooldown").await;
    let by_command = t.app.service.handle_command(&who, Command::Cooldown).await;
    assert_eq!(by_text, by_command);
    let confirm = t
        .app
        .service
        .handle_command(&who, Command::Convert(ConvertArgs::All))
        .await;
    assert_key(&confirm, "confirm-title");
    t.press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "XRP").unwrap(),
        Decimal::ZERO
    );
}
