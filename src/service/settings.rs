//! `/settings` (reminders on/off, minimum worth, timezone, quiet hours and their mode,
//! auto-sweep and its cap, the Spot Convert target, the display currency) and `/language`.

use crate::domain::Asset;
use crate::i18n::locales;
use crate::ports::{StoreFailure, UserRecord};
use crate::service::buttons::ButtonAction;
use crate::service::command::{SettingChange, SettingsArgs};
use crate::service::currency::Shown;
use crate::service::deps::Deps;
use crate::service::format::usd;
use crate::service::model::{ServiceError, exchange_error_text};
use crate::service::reply::{Button, Message, Reply, Role, Text};

fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A selector key for the locale files (never shown as such).
fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// The `/settings` and `/language` use cases.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait SettingsUseCase {
    async fn settings_command(
        &self,
        user: &UserRecord,
        args: SettingsArgs,
    ) -> Result<Reply, ServiceError>;

    async fn setting_press(
        &self,
        user: &UserRecord,
        token: &str,
        what: char,
    ) -> Result<Reply, ServiceError>;

    async fn language(
        &self,
        user: &UserRecord,
        choice: Option<String>,
    ) -> Result<Reply, ServiceError>;

    /// A language button pressed: `token` is the user's settings token, `index` the
    /// language's place among the available ones.
    async fn language_press(
        &self,
        user: &UserRecord,
        token: &str,
        index: usize,
    ) -> Result<Reply, ServiceError>;
}

impl SettingsUseCase for Deps {
    async fn settings_command(
        &self,
        user: &UserRecord,
        args: SettingsArgs,
    ) -> Result<Reply, ServiceError> {
        let change = match args {
            SettingsArgs::Show => return Ok(Reply::message(self.settings_view(user).await?)),
            SettingsArgs::Change(change) => change,
        };
        let mut user = user.clone();
        match change {
            SettingChange::MinWorth(d) => user.min_worth_usdt = d.value(),
            SettingChange::AutoSweepCap(d) => user.reminders.auto_sweep_cap_usdt = d.value(),
            SettingChange::Timezone(tz) => user.timezone = tz.name().to_owned(),
            SettingChange::Quiet(q) => user.reminders.quiet = q.map(|q| (q.from(), q.to())),
            SettingChange::Target(a) => match self.check_target(&user, &a).await {
                Ok(()) => user.prefs.target = a,
                Err(refused) => return Ok(Reply::text(refused)),
            },
            SettingChange::Currency(c) => match self.check_currency(&user, &c).await {
                Ok(()) => user.prefs.currency = c,
                Err(refused) => return Ok(Reply::text(refused)),
            },
            SettingChange::Reminders(on) => user.reminders.enabled = on,
            SettingChange::AutoSweep(on) => {
                user.reminders.auto_sweep = on;
                user.reminders.auto_sweep_failures = 0;
            }
        }
        save(self, &user).await?;
        let mut reply = Reply::message(self.settings_view(&user).await?);
        reply.messages[0]
            .blocks
            .insert(0, Text::new("settings-saved"));
        Ok(reply)
    }

    async fn setting_press(
        &self,
        user: &UserRecord,
        token: &str,
        what: char,
    ) -> Result<Reply, ServiceError> {
        match self.store.user_by_token(token).await? {
            Some(owner) if owner.id == user.id => {}
            Some(_) => return Ok(Reply::default().with_notice(Text::new("button-not-yours"))),
            None => return Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
        let mut user = user.clone();
        let r = &mut user.reminders;
        match what {
            'r' => r.enabled = !r.enabled,
            'q' => r.quiet_silent = !r.quiet_silent,
            _ => {
                r.auto_sweep = !r.auto_sweep;
                r.auto_sweep_failures = 0;
            }
        }
        save(self, &user).await?;
        Ok(Reply::message(self.settings_view(&user).await?).replacing())
    }

    async fn language(
        &self,
        user: &UserRecord,
        choice: Option<String>,
    ) -> Result<Reply, ServiceError> {
        let l = locales();
        let available = l.languages();
        let Some(typed) = choice else {
            let token = self.store.user_token(user.id).await?;
            let buttons = available
                .iter()
                .enumerate()
                .map(|(i, lang)| {
                    Button::new(
                        Role::Choice,
                        Text::new("language-button").arg("name", l.name_of(lang)),
                        ButtonAction::Language(token.clone(), i).token(),
                    )
                })
                .collect();
            return Ok(Reply::message(Message {
                blocks: vec![
                    Text::new("language-current")
                        .arg("language", l.name_of(&user.language))
                        .arg("available", available.join(", ")),
                ],
                buttons,
            }));
        };
        match l.find(&typed) {
            Some(lang) => self.choose_language(user, lang).await,
            None => Ok(Reply::text(
                Text::new("language-unknown")
                    .arg("language", typed.chars().take(16).collect::<String>())
                    .arg("available", available.join(", ")),
            )),
        }
    }

    async fn language_press(
        &self,
        user: &UserRecord,
        token: &str,
        index: usize,
    ) -> Result<Reply, ServiceError> {
        match self.store.user_by_token(token).await? {
            Some(owner) if owner.id == user.id => {}
            Some(_) => return Ok(Reply::default().with_notice(Text::new("button-not-yours"))),
            None => return Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
        match locales().languages().get(index) {
            Some(lang) => Ok(self.choose_language(user, lang).await?.replacing()),
            None => Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
    }
}

impl Deps {
    /// Stores the language and answers in it.
    async fn choose_language(
        &self,
        user: &UserRecord,
        lang: &'static str,
    ) -> Result<Reply, ServiceError> {
        self.store.set_language(user.id, lang).await?;
        let mut reply =
            Reply::text(Text::new("language-set").arg("language", locales().name_of(lang)));
        reply.language = Some(lang.to_owned());
        Ok(reply)
    }
    async fn settings_view(&self, user: &UserRecord) -> Result<Message, ServiceError> {
        let token = self.store.user_token(user.id).await?;
        let r = &user.reminders;
        let quiet = match r.quiet {
            Some((a, b)) => Text::new("settings-quiet")
                .arg("from", hhmm(a))
                .arg("to", hhmm(b))
                .arg("mode", if r.quiet_silent { "silent" } else { "postpone" }),
            None => Text::new("settings-quiet-none"),
        };
        let button = |key: &'static str, what: char, state: bool| {
            Button::new(
                Role::Setting,
                Text::new(key).arg("state", on_off(state)),
                ButtonAction::Setting(token.clone(), what).token(),
            )
        };
        Ok(Message {
            blocks: vec![
                Text::new("settings-title"),
                Text::new("settings-reminders").arg("state", on_off(r.enabled)),
                Text::new("settings-min-worth").arg("usdt", usd(user.min_worth_usdt)),
                Text::new("settings-timezone").arg("timezone", &user.timezone),
                quiet,
                Text::new("settings-auto-sweep")
                    .arg("state", on_off(r.auto_sweep))
                    .arg("cap", usd(r.auto_sweep_cap_usdt)),
                Text::new("settings-target").arg("target", &user.prefs.target),
                Text::new("settings-currency").arg("currency", &user.prefs.currency),
                Text::new("settings-language").arg("language", locales().name_of(&user.language)),
                Text::new("settings-how"),
            ],
            buttons: vec![
                button("button-setting-reminders", 'r', r.enabled),
                button("button-setting-quiet-silent", 'q', r.quiet_silent),
                button("button-setting-auto-sweep", 'a', r.auto_sweep),
            ],
        })
    }

    /// A Spot Convert target is accepted when Binance converts into it: the asset is
    /// listed (cached trading rules, so a typo costs no weight-3000 pairs request) and
    /// `convert/exchangeInfo` has pairs into it.
    async fn check_target(&self, user: &UserRecord, a: &Asset) -> Result<(), Text> {
        let refused = || {
            Text::new("settings-target-refused")
                .arg("asset", a)
                .arg("current", &user.prefs.target)
        };
        let rules = self
            .exchange
            .trading_rules()
            .await
            .map_err(|e| exchange_error_text(&e))?;
        if !crate::service::swap::listed(&rules, a) {
            return Err(refused());
        }
        let pairs = self
            .exchange
            .convert_pairs(a)
            .await
            .map_err(|e| exchange_error_text(&e))?;
        if pairs.iter().any(|p| &p.to_asset == a && &p.from_asset != a) {
            Ok(())
        } else {
            Err(refused())
        }
    }

    /// A display currency is accepted when the shared prices can value USDT in it.
    async fn check_currency(&self, user: &UserRecord, c: &Asset) -> Result<(), Text> {
        let prices = self
            .exchange
            .prices()
            .await
            .map_err(|e| exchange_error_text(&e))?;
        match Shown::new(c, &prices) {
            Some(_) => Ok(()),
            None => Err(Text::new("settings-currency-refused")
                .arg("currency", c)
                .arg("current", &user.prefs.currency)),
        }
    }
}

/// Stores every setting of `user`.
async fn save(deps: &Deps, user: &UserRecord) -> Result<(), StoreFailure> {
    deps.store
        .save_settings(
            user.id,
            &user.timezone,
            user.min_worth_usdt,
            &user.reminders,
            &user.prefs,
        )
        .await
}
