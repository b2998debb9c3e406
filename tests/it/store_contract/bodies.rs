//! The bodies of the store's contract tests, each run on SQLite and on PostgreSQL.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use dustpan::domain::{Asset, ExchangeId, Platform};
use dustpan::ports::{
    ExportItem, Finished, OperationKind, OperationStatus as Op, OutboxStatus, Preferences,
    ReminderSettings, ReminderStatus, SweepCount, Transition,
};
use rust_decimal_macros::dec;
use secrecy::ExposeSecret;
use tokio::task::JoinSet;

use super::{Under, at, conversion, op, user};
use crate::helpers::{creds, fake_creds};

fn now() -> chrono::DateTime<Utc> {
    at(Utc::now().timestamp_millis())
}

/// A swap `op-swap` of `user` that succeeded at `t` with `result`.
async fn succeeded_swap(s: &Under, user: i64, result: &str, t: chrono::DateTime<Utc>) {
    let mut swap = op("op-swap", user, Op::Pending, t);
    swap.kind = OperationKind::Swap;
    s.store.insert_operation(&swap).await.unwrap();
    let moved = s
        .store
        .transition("op-swap", user, Op::Pending, Op::Submitting, t)
        .await
        .unwrap();
    assert_eq!(moved, Transition::Done);
    assert!(
        s.store
            .finish_operation("op-swap", Op::Succeeded, Some(result), None, t)
            .await
            .unwrap()
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub async fn a_user_is_created_once_and_keeps_their_settings_language_and_token(s: Under) {
    let st = &s.store;
    let t = now();
    assert!(
        st.user(Platform::Telegram, "42", false)
            .await
            .unwrap()
            .is_none()
    );
    let a = st
        .user(Platform::Telegram, "42", true)
        .await
        .unwrap()
        .unwrap();
    let again = st
        .user(Platform::Telegram, "42", true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.id, again.id);
    assert_eq!(a.language, "en");
    assert!(!a.blocked);
    assert_eq!(a.reminders, ReminderSettings::default());
    assert_eq!(a.prefs, Preferences::default());
    let ru = st
        .user_or_create_in(Platform::Discord, "7", "ru")
        .await
        .unwrap();
    assert_eq!(ru.language, "ru");
    let still = st
        .user_or_create_in(Platform::Discord, "7", "es")
        .await
        .unwrap();
    assert_eq!((still.id, still.language.as_str()), (ru.id, "ru"));
    assert_ne!(ru.id, a.id);

    let settings = ReminderSettings {
        enabled: false,
        quiet: Some((22 * 60, 7 * 60)),
        quiet_silent: true,
        auto_sweep: true,
        auto_sweep_cap_usdt: dec!(7.5),
        auto_sweep_failures: 1,
    };
    let prefs = Preferences {
        target: Asset::parse("BTC").unwrap(),
        currency: Asset::parse("EUR").unwrap(),
    };
    st.set_language(a.id, "de").await.unwrap();
    st.save_settings(a.id, "Europe/Berlin", dec!(2.5), &settings, &prefs)
        .await
        .unwrap();
    st.set_blocked(a.id, true).await.unwrap();
    let read = st.user_by_id(a.id).await.unwrap().unwrap();
    assert_eq!(read.language, "de");
    assert_eq!(read.timezone, "Europe/Berlin");
    assert_eq!(read.min_worth_usdt, dec!(2.5));
    assert_eq!(read.reminders, settings);
    assert_eq!(read.prefs, prefs);
    assert!(read.blocked);

    let token = st.user_token(a.id).await.unwrap();
    assert_eq!(st.user_token(a.id).await.unwrap(), token);
    assert_eq!(st.user_by_token(&token).await.unwrap().unwrap().id, a.id);
    assert!(st.user_by_token("nope").await.unwrap().is_none());

    st.set_dialogue(a.id, Some("connect:1"), t + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(
        st.dialogue(a.id, t).await.unwrap().as_deref(),
        Some("connect:1")
    );
    assert_eq!(
        st.user_by_id(a.id).await.unwrap().unwrap().dialogue,
        Some(("connect:1".to_owned(), t + Duration::minutes(1)))
    );
    assert!(
        st.dialogue(a.id, t + Duration::minutes(2))
            .await
            .unwrap()
            .is_none()
    );
    st.set_dialogue(a.id, None, t).await.unwrap();
    assert!(st.dialogue(a.id, t).await.unwrap().is_none());

    // One failure before, one now, two allowed: auto-sweep turns itself off.
    assert!(!st.record_auto_sweep(a.id, false, 2).await.unwrap());
    let read = st.user_by_id(a.id).await.unwrap().unwrap();
    assert!(!read.reminders.auto_sweep);
    assert_eq!(read.reminders.auto_sweep_failures, 0);

    st.probe_write(t).await.unwrap();
    st.probe_write(t + Duration::seconds(1)).await.unwrap();
}

pub async fn credentials_are_encrypted_at_rest_and_read_back_per_exchange(s: Under) {
    let id = user(&s, "1").await;
    s.keys
        .save(id, ExchangeId::Binance, &creds(1))
        .await
        .unwrap();
    s.keys.save(id, ExchangeId::Mexc, &creds(2)).await.unwrap();
    for (exchange, n) in [(ExchangeId::Binance, 1), (ExchangeId::Mexc, 2)] {
        let back = s.keys.load(id, exchange).await.unwrap().unwrap();
        let (key, secret) = fake_creds(n);
        assert_eq!(back.api_key().expose_secret(), key);
        assert_eq!(back.api_secret().expose_secret(), secret);
    }
    let raw = s.raw_credential_bytes().await;
    assert!(raw.len() > 100, "the ciphertexts were read");
    for n in [1, 2] {
        let (key, secret) = fake_creds(n);
        assert!(
            !contains(&raw, key.as_bytes()),
            "an API key is stored in the clear"
        );
        assert!(
            !contains(&raw, secret.as_bytes()),
            "a secret is stored in the clear"
        );
    }
    // Replaced, then deleted.
    s.keys
        .save(id, ExchangeId::Binance, &creds(3))
        .await
        .unwrap();
    let back = s.keys.load(id, ExchangeId::Binance).await.unwrap().unwrap();
    assert_eq!(back.api_secret().expose_secret(), fake_creds(3).1);
    assert!(s.keys.delete(id, ExchangeId::Binance).await.unwrap());
    assert!(
        s.keys
            .load(id, ExchangeId::Binance)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!s.keys.delete(id, ExchangeId::Binance).await.unwrap());
    assert!(s.keys.load(id, ExchangeId::Mexc).await.unwrap().is_some());
}

pub async fn of_concurrent_transitions_from_one_state_exactly_one_wins_and_the_gate_holds_one_per_user(
    s: Under,
) {
    let t = now();
    let alice = user(&s, "1").await;
    let bob = user(&s, "2").await;
    s.store
        .insert_operation(&op("op-a", alice, Op::Pending, t))
        .await
        .unwrap();
    let mut presses = JoinSet::new();
    for _ in 0..16 {
        let st = s.store.clone();
        presses.spawn(async move {
            st.transition("op-a", alice, Op::Pending, Op::Submitting, t)
                .await
                .unwrap()
        });
    }
    let outcomes = presses.join_all().await;
    assert_eq!(
        outcomes.iter().filter(|o| **o == Transition::Done).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Transition::Done | Transition::NotApplicable))
    );
    let a = s.store.operation("op-a").await.unwrap().unwrap();
    assert_eq!((a.status, a.submitted_at), (Op::Submitting, Some(t)));

    // One operation in flight per user: Alice's second waits; Bob's own goes.
    s.store
        .insert_operation(&op("op-b", alice, Op::Pending, t))
        .await
        .unwrap();
    let busy = s
        .store
        .transition("op-b", alice, Op::Pending, Op::Submitting, t)
        .await
        .unwrap();
    assert_eq!(busy, Transition::UserBusy);
    assert_eq!(
        s.store
            .transition("op-b", bob, Op::Pending, Op::Cancelled, t)
            .await
            .unwrap(),
        Transition::NotApplicable,
        "not Bob's"
    );
    assert_eq!(
        s.store
            .transition(
                "op-b",
                alice,
                Op::Pending,
                Op::Cancelled,
                t + Duration::minutes(6)
            )
            .await
            .unwrap(),
        Transition::NotApplicable,
        "expired"
    );
    s.store
        .insert_operation(&op("op-c", bob, Op::Pending, t))
        .await
        .unwrap();
    assert_eq!(
        s.store
            .transition("op-c", bob, Op::Pending, Op::Submitting, t)
            .await
            .unwrap(),
        Transition::Done
    );
    let all: HashSet<String> = s
        .store
        .inflight_operations(None)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(all, HashSet::from(["op-a".to_owned(), "op-c".to_owned()]));
    let alices = s.store.inflight_operations(Some(alice)).await.unwrap();
    assert_eq!(alices.len(), 1);
    let open = s.store.open_operations().await.unwrap();
    let submitting = open.iter().find(|o| o.status == Op::Submitting).unwrap();
    assert_eq!((submitting.count, submitting.oldest), (2, t));
    let pending = open.iter().find(|o| o.status == Op::Pending).unwrap();
    assert_eq!(pending.count, 1);
}

pub async fn a_finished_operation_is_never_overwritten_by_a_stale_outcome(s: Under) {
    let t = now();
    let id = user(&s, "1").await;
    for name in ["op-1", "op-2", "op-3"] {
        s.store
            .insert_operation(&op(name, id, Op::Pending, t))
            .await
            .unwrap();
    }
    assert!(
        s.store
            .update_params("op-1", Op::Pending, "{\"v\":2}", t + Duration::minutes(9))
            .await
            .unwrap()
    );
    assert_eq!(
        s.store
            .transition("op-1", id, Op::Pending, Op::Submitting, t)
            .await
            .unwrap(),
        Transition::Done
    );
    assert!(
        !s.store
            .update_params("op-1", Op::Pending, "{\"v\":3}", t)
            .await
            .unwrap()
    );
    // Two outcomes race: one lands, the other finds it finished.
    let (a, b) = tokio::join!(
        s.store
            .finish_operation("op-1", Op::Succeeded, Some("{\"ok\":1}"), None, t),
        s.store
            .finish_operation("op-1", Op::Failed, None, Some("refused"), t),
    );
    assert!(a.unwrap() ^ b.unwrap(), "exactly one outcome lands");
    let first = s.store.operation("op-1").await.unwrap().unwrap();
    assert!(
        !s.store
            .finish_operation("op-1", Op::Unknown, None, None, t)
            .await
            .unwrap()
    );
    assert_eq!(s.store.operation("op-1").await.unwrap().unwrap(), first);
    assert_eq!(first.params, "{\"v\":2}");

    // Unresolved ones are listed for the user; expired screens are purged.
    assert_eq!(
        s.store
            .transition("op-2", id, Op::Pending, Op::Submitting, t)
            .await
            .unwrap(),
        Transition::Done
    );
    assert!(
        s.store
            .finish_operation("op-2", Op::Unresolved, None, Some("timeout"), t)
            .await
            .unwrap()
    );
    let unresolved = s
        .store
        .unresolved_operations(id, t - Duration::seconds(1), 10)
        .await
        .unwrap();
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0].last_error.as_deref(), Some("timeout"));
    assert_eq!(
        s.store
            .purge_expired_operations(t + Duration::hours(1))
            .await
            .unwrap(),
        1
    );
    assert!(s.store.operation("op-3").await.unwrap().is_none());
}

pub async fn a_conversion_is_recorded_once_per_user_exchange_and_batch(s: Under) {
    let t = now();
    let alice = user(&s, "1").await;
    let bob = user(&s, "2").await;
    let remind = t + Duration::hours(6);
    let rec = conversion("777", ExchangeId::Binance, t);
    let first = s
        .store
        .record_dust_conversion(alice, &rec, Some(remind), None)
        .await
        .unwrap();
    assert!(first.new && first.armed);
    let again = s
        .store
        .record_dust_conversion(alice, &rec, Some(remind), None)
        .await
        .unwrap();
    assert!(!again.new && !again.armed);
    let elsewhere = conversion("777", ExchangeId::Mexc, t + Duration::seconds(1));
    assert!(
        s.store
            .record_dust_conversion(alice, &elsewhere, Some(remind), None)
            .await
            .unwrap()
            .new
    );
    assert!(
        s.store
            .record_dust_conversion(bob, &rec, Some(remind), None)
            .await
            .unwrap()
            .new
    );
    let listed = s.store.dust_conversions(alice, 10).await.unwrap();
    assert_eq!(listed, vec![elsewhere, rec.clone()]);
    let reminder = s
        .store
        .reminder_of_user(alice, ExchangeId::Binance)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (reminder.due_at, reminder.status),
        (remind, ReminderStatus::Pending)
    );

    // Recorded with the operation that made it: the operation succeeds with it.
    s.store
        .insert_operation(&op("op-d", alice, Op::Pending, t))
        .await
        .unwrap();
    s.store
        .transition("op-d", alice, Op::Pending, Op::Submitting, t)
        .await
        .unwrap();
    let mut ours = conversion("778", ExchangeId::Binance, t + Duration::seconds(2));
    ours.operation_id = Some("op-d".to_owned());
    let done = Finished {
        id: "op-d",
        result: "{\"batch\":\"778\"}",
        now: t,
    };
    let later = remind + Duration::minutes(1);
    let recorded = s
        .store
        .record_dust_conversion(alice, &ours, Some(later), Some(done))
        .await
        .unwrap();
    assert!(recorded.new && recorded.armed);
    let finished = s.store.operation("op-d").await.unwrap().unwrap();
    assert_eq!(finished.status, Op::Succeeded);
    assert_eq!(finished.result.as_deref(), Some("{\"batch\":\"778\"}"));
    assert_eq!(
        s.store.dust_conversions(alice, 1).await.unwrap(),
        vec![ours]
    );
}

pub async fn each_exchange_keeps_its_own_reminder_and_an_operation_its_exchange(s: Under) {
    let t = now();
    let alice = user(&s, "1").await;
    let binance_at = t + Duration::hours(6);
    let mexc_at = t + Duration::hours(1);
    assert!(
        s.store
            .arm_reminder(alice, ExchangeId::Binance, binance_at, "b1")
            .await
            .unwrap()
    );
    assert!(
        s.store
            .arm_reminder(alice, ExchangeId::Mexc, mexc_at, "m1")
            .await
            .unwrap()
    );
    // An earlier time on one exchange never moves the other's.
    assert!(
        !s.store
            .arm_reminder(alice, ExchangeId::Mexc, t, "m0")
            .await
            .unwrap()
    );
    let on = |e| {
        let store = s.store.clone();
        async move { store.reminder_of_user(alice, e).await.unwrap().unwrap() }
    };
    let (b, m) = (on(ExchangeId::Binance).await, on(ExchangeId::Mexc).await);
    assert_eq!((b.exchange, b.due_at), (ExchangeId::Binance, binance_at));
    assert_eq!((m.exchange, m.due_at), (ExchangeId::Mexc, mexc_at));
    assert_ne!(b.token, m.token);
    assert!(
        s.store
            .reminder_of_user(alice, ExchangeId::Bybit)
            .await
            .unwrap()
            .is_none()
    );
    // A conversion on an exchange without a cooldown arms nothing.
    let rec = conversion("9", ExchangeId::Bybit, t);
    let recorded = s
        .store
        .record_dust_conversion(alice, &rec, None, None)
        .await
        .unwrap();
    assert!(recorded.new && !recorded.armed);

    let mut opened = op("op-x", alice, Op::Pending, t);
    opened.exchange = ExchangeId::Mexc;
    s.store.insert_operation(&opened).await.unwrap();
    let read = s.store.operation("op-x").await.unwrap().unwrap();
    assert_eq!(read.exchange, ExchangeId::Mexc);
}

pub async fn many_concurrent_claimers_claim_each_of_200_due_reminders_exactly_once(s: Under) {
    let t = now();
    for i in 0..200 {
        let id = user(&s, &format!("r{i}")).await;
        assert!(
            s.store
                .arm_reminder(
                    id,
                    ExchangeId::Binance,
                    t - Duration::seconds(i),
                    &format!("b{i}")
                )
                .await
                .unwrap()
        );
    }
    let mut claimers = JoinSet::new();
    for _ in 0..8 {
        let st = s.store.clone();
        claimers.spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = st.claim_due_reminders(t, 7).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                assert!(batch.iter().all(|r| r.status == ReminderStatus::Sending));
                mine.extend(batch.into_iter().map(|r| r.id));
            }
        });
    }
    let claimed: Vec<i64> = claimers.join_all().await.into_iter().flatten().collect();
    let unique: HashSet<i64> = claimed.iter().copied().collect();
    assert_eq!(claimed.len(), 200, "each claimed once");
    assert_eq!(unique.len(), 200);
    assert!(s.store.due_reminders(t, 500).await.unwrap().is_empty());
    assert!(s.store.next_due().await.unwrap().is_none());
    // A sender that died: its claims come back.
    assert_eq!(
        s.store
            .release_stale_claims(t + Duration::seconds(1))
            .await
            .unwrap(),
        200
    );
    let due = s.store.due_reminders(t, 500).await.unwrap();
    assert_eq!(due.len(), 200);
    assert!(
        due.windows(2).all(|w| w[0].due_at <= w[1].due_at),
        "earliest first"
    );
    assert_eq!(
        s.store.next_due().await.unwrap(),
        Some(t - Duration::seconds(199))
    );
}

pub async fn each_reminder_claimed_one_by_one_goes_to_exactly_one_of_its_claimers(s: Under) {
    let t = now();
    for i in 0..40 {
        let id = user(&s, &format!("c{i}")).await;
        s.store
            .arm_reminder(id, ExchangeId::Binance, t, &format!("b{i}"))
            .await
            .unwrap();
    }
    let due = s.store.due_reminders(t, 100).await.unwrap();
    assert_eq!(due.len(), 40);
    let mut claims = JoinSet::new();
    for r in &due {
        for _ in 0..4 {
            let st = s.store.clone();
            let id = r.id;
            claims.spawn(async move { (id, st.claim_reminder(id, t).await.unwrap()) });
        }
    }
    let results = claims.join_all().await;
    for r in &due {
        let wins = results
            .iter()
            .filter(|(id, won)| *id == r.id && *won)
            .count();
        assert_eq!(wins, 1, "reminder {} claimed {wins} times", r.id);
    }
    let r = &due[0];
    assert!(
        s.store
            .finish_claim(r.id, ReminderStatus::Sent, None, None, false)
            .await
            .unwrap()
    );
    assert!(
        !s.store
            .finish_claim(r.id, ReminderStatus::Failed, None, None, true)
            .await
            .unwrap(),
        "no longer claimed"
    );
    let later = t + Duration::hours(1);
    s.store
        .set_reminder(
            r.id,
            ReminderStatus::Disabled,
            Some(later),
            Some("key-refused"),
            true,
        )
        .await
        .unwrap();
    let read = s.store.reminder_by_token(&r.token).await.unwrap().unwrap();
    assert_eq!(
        (read.status, read.due_at, read.attempts),
        (ReminderStatus::Disabled, later, 1)
    );
    assert!(
        !s.store
            .resume_reminder(r.user_id, t, &["other"])
            .await
            .unwrap()
    );
    assert!(
        s.store
            .resume_reminder(r.user_id, t, &["other", "key-refused"])
            .await
            .unwrap()
    );
    let read = s
        .store
        .reminder_of_user(r.user_id, ExchangeId::Binance)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (read.status, read.due_at, read.attempts),
        (ReminderStatus::Pending, t, 0)
    );
}

pub async fn outbox_messages_are_claimed_once_and_sweep_reports_complete_once(s: Under) {
    let t = now();
    let alice = user(&s, "1").await;
    let blocked = user(&s, "2").await;
    s.store.set_blocked(blocked, true).await.unwrap();
    let m = s
        .store
        .enqueue_message(alice, "{\"k\":1}", true, t - Duration::seconds(5))
        .await
        .unwrap();
    s.store
        .enqueue_message(blocked, "{\"k\":2}", false, t - Duration::seconds(9))
        .await
        .unwrap();
    let due = s.store.due_outbox(t, 10).await.unwrap();
    assert_eq!(due.len(), 1, "nothing for a user who blocked the bot");
    assert_eq!(
        (due[0].id, due[0].user_id, due[0].status, due[0].silent),
        (m, alice, OutboxStatus::Pending, true)
    );
    assert_eq!(due[0].message.as_deref(), Some("{\"k\":1}"));
    assert_eq!(
        s.store.next_outbox_due().await.unwrap(),
        Some(t - Duration::seconds(5))
    );
    let mut claims = JoinSet::new();
    for _ in 0..8 {
        let st = s.store.clone();
        claims.spawn(async move { st.claim_outbox(m, t).await.unwrap() });
    }
    assert_eq!(claims.join_all().await.iter().filter(|w| **w).count(), 1);
    // Sent once; the second move finds it sent already.
    for moves in [true, false] {
        let sent = s
            .store
            .set_outbox(
                m,
                OutboxStatus::Sending,
                OutboxStatus::Sent,
                None,
                None,
                false,
            )
            .await
            .unwrap();
        assert_eq!(sent, moves);
    }

    // An auto-sweep's report: completed once, and the failure that turns auto-sweep off
    // picks the sentence that says so.
    let on = ReminderSettings {
        auto_sweep: true,
        ..ReminderSettings::default()
    };
    s.store
        .save_settings(alice, "UTC", dec!(1), &on, &Preferences::default())
        .await
        .unwrap();
    let sweep = s
        .store
        .open_sweep_report(alice, "op-s", t, t + Duration::minutes(1))
        .await
        .unwrap();
    let count = SweepCount {
        succeeded: false,
        max_failures: 1,
    };
    let (a, b) = tokio::join!(
        s.store
            .complete_sweep_report(sweep, ("still on", "turned off"), false, Some(count), t),
        s.store
            .complete_sweep_report(sweep, ("still on", "turned off"), false, Some(count), t),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.is_some() ^ b.is_some(), "{a:?} {b:?}");
    assert_eq!(a.or(b), Some(false));
    let due = s.store.due_outbox(t, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].message.as_deref(), Some("turned off"));
    assert!(
        !s.store
            .user_by_id(alice)
            .await
            .unwrap()
            .unwrap()
            .reminders
            .auto_sweep
    );

    let dropped = s
        .store
        .drop_old_outbox(t + Duration::days(1))
        .await
        .unwrap();
    let dropped: HashSet<(i64, i64)> = dropped.into_iter().collect();
    assert!(dropped.contains(&(sweep, alice)));
    assert_eq!(
        dropped.len(),
        2,
        "the sweep report and the blocked user's message"
    );
    assert_eq!(
        s.store.purge_outbox(t + Duration::days(2)).await.unwrap(),
        3
    );
}

pub async fn stats_count_users_keys_conversions_and_reminders(s: Under) {
    let t = now();
    let tg = user(&s, "1").await;
    let dc = s
        .store
        .user(Platform::Discord, "9", true)
        .await
        .unwrap()
        .unwrap()
        .id;
    s.keys
        .save(tg, ExchangeId::Binance, &creds(1))
        .await
        .unwrap();
    let rec = conversion("1", ExchangeId::Binance, t);
    s.store
        .record_dust_conversion(tg, &rec, Some(t + Duration::hours(6)), None)
        .await
        .unwrap();
    succeeded_swap(&s, dc, "{}", t).await;
    let stats = s
        .store
        .operator_stats(t - Duration::hours(1), t - Duration::days(7))
        .await
        .unwrap();
    assert_eq!((stats.users.telegram, stats.users.discord), (1, 1));
    assert_eq!(stats.connected.total(), 1);
    assert_eq!(stats.all_time.dust.telegram, 1);
    assert_eq!(stats.today.dust.telegram, 1);
    assert_eq!(stats.all_time.received.get("BNB"), Some(&dec!(0.0120)));
    assert_eq!(stats.reminders_pending.telegram, 1);
    assert_eq!(
        (stats.all_time.spot.discord, stats.today.spot.discord),
        (1, 1)
    );
}

pub async fn export_streams_conversions_then_succeeded_swaps(s: Under) {
    let t = now();
    let id = user(&s, "1").await;
    let old = conversion("1", ExchangeId::Binance, t - Duration::days(3));
    let new = conversion("2", ExchangeId::Binance, t);
    for rec in [&new, &old] {
        s.store
            .record_dust_conversion(id, rec, Some(t + Duration::hours(6)), None)
            .await
            .unwrap();
    }
    succeeded_swap(&s, id, "{\"got\":\"1\"}", t).await;
    let mut items = Vec::new();
    s.store
        .export_history(id, None, &mut |item| {
            items.push(item);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], ExportItem::Conversion(old));
    assert_eq!(items[1], ExportItem::Conversion(new.clone()));
    match &items[2] {
        ExportItem::Operation(op, at) => {
            assert_eq!(
                (op.id.as_str(), op.result.as_deref()),
                ("op-swap", Some("{\"got\":\"1\"}"))
            );
            assert_eq!(*at, t);
        }
        other => panic!("{other:?}"),
    }
    let mut since = Vec::new();
    s.store
        .export_history(id, Some(t - Duration::days(1)), &mut |item| {
            since.push(item);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(since.len(), 2);
    assert_eq!(since[0], ExportItem::Conversion(new));
}

pub async fn forgetting_a_user_deletes_everything_of_theirs(s: Under) {
    let t = now();
    let id = user(&s, "1").await;
    let other = user(&s, "2").await;
    s.keys
        .save(id, ExchangeId::Binance, &creds(1))
        .await
        .unwrap();
    s.keys
        .save(other, ExchangeId::Binance, &creds(2))
        .await
        .unwrap();
    s.store
        .record_dust_conversion(
            id,
            &conversion("1", ExchangeId::Binance, t),
            Some(t + Duration::hours(6)),
            None,
        )
        .await
        .unwrap();
    s.store
        .insert_operation(&op("op-f", id, Op::Pending, t))
        .await
        .unwrap();
    let report = s.store.forget_user(id).await.unwrap();
    assert_eq!(
        (report.credentials, report.conversions, report.operations),
        (1, 1, 1)
    );
    assert!(s.store.user_by_id(id).await.unwrap().is_none());
    assert!(
        s.store
            .reminder_of_user(id, ExchangeId::Binance)
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.store.operation("op-f").await.unwrap().is_none());
    assert!(
        s.keys
            .load(other, ExchangeId::Binance)
            .await
            .unwrap()
            .is_some()
    );
}
