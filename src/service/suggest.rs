//! Suggestions for asset options as the user types (Discord's autocomplete): their dust
//! for `/convert`, their balances for `/swap`'s source, the exchange's listed assets for
//! its target. Never an error and never stored: the user's assets come from a short-lived
//! in-memory list ([`HeldAssets`](crate::service::held::HeldAssets)), the listing from the
//! exchange's shared cache; a user with no key gets the listing or nothing.

use std::collections::BTreeSet;

use crate::domain::Asset;
use crate::ports::SymbolStatus;
use crate::ports::requester::on_behalf_of;
use crate::service::deps::Deps;
use crate::service::held::Holding;
use crate::service::model::{Caller, ServiceError};
use crate::service::throttle;

/// Discord's limit on autocomplete choices.
pub const MAX_SUGGESTIONS: usize = 25;
/// Discord's limit on a choice's name and value, in characters.
pub const MAX_SUGGESTION_CHARS: usize = 100;

/// What an asset option names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetField {
    /// Small balances to convert: a list, separated by commas or spaces.
    ToConvert,
    /// The asset a swap sells: one the user holds.
    SwapFrom,
    /// The asset a swap buys: one the exchange lists.
    SwapTo,
}

/// Assets matching `typed` (case-insensitive): those it starts, then those containing it,
/// each group in alphabetical order; at most [`MAX_SUGGESTIONS`].
pub fn matching<'a>(assets: impl IntoIterator<Item = &'a Asset>, typed: &str) -> Vec<&'a Asset> {
    let typed = typed.trim().to_ascii_uppercase();
    let sorted: BTreeSet<&Asset> = assets.into_iter().collect();
    let starts = sorted.iter().filter(|a| a.as_str().starts_with(&typed));
    let contains = sorted
        .iter()
        .filter(|a| !a.as_str().starts_with(&typed) && a.as_str().contains(&typed));
    starts
        .chain(contains)
        .copied()
        .take(MAX_SUGGESTIONS)
        .collect()
}

/// A list being typed, split before its last item: (`"ada, "`, `"x"`) for `"ada, x"`.
fn split_list(typed: &str) -> (&str, &str) {
    let at = typed.rfind([',', ' ']).map_or(0, |i| i + 1);
    typed.split_at(at)
}

/// The suggestions use case.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Suggestions {
    /// Values for `field` matching what the caller has typed so far.
    async fn suggest_assets(&self, caller: &Caller, field: AssetField, typed: &str) -> Vec<String>;

    /// The caller's assets of one kind (empty without a user or a key).
    async fn holding(&self, caller: &Caller, holding: Holding) -> Vec<Asset>;

    /// Every asset some trading market names, from the shared cached trading rules.
    async fn listed_assets(&self) -> Vec<Asset>;
}

impl Suggestions for Deps {
    async fn suggest_assets(&self, caller: &Caller, field: AssetField, typed: &str) -> Vec<String> {
        match field {
            AssetField::ToConvert => {
                let dust = self.holding(caller, Holding::Dust).await;
                let (head, last) = split_list(typed);
                let taken: Vec<Asset> = head
                    .split([',', ' '])
                    .filter_map(|a| Asset::parse(a).ok())
                    .collect();
                matching(dust.iter().filter(|a| !taken.contains(a)), last)
                    .into_iter()
                    .map(|a| format!("{head}{a}"))
                    .filter(|v| v.chars().count() <= MAX_SUGGESTION_CHARS)
                    .collect()
            }
            AssetField::SwapFrom => {
                let held = self.holding(caller, Holding::Balance).await;
                matching(&held, typed)
                    .iter()
                    .map(|a| a.to_string())
                    .collect()
            }
            AssetField::SwapTo => {
                let listed = self.listed_assets().await;
                matching(&listed, typed)
                    .iter()
                    .map(|a| a.to_string())
                    .collect()
            }
        }
    }

    async fn holding(&self, caller: &Caller, holding: Holding) -> Vec<Asset> {
        // A stranger is not made a user by typing.
        let Ok(Some(user)) = self
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
        else {
            return Vec::new();
        };
        let Ok(creds) = self.credentials(&user).await else {
            return Vec::new();
        };
        let who = throttle::user_key(caller);
        let read = || {
            on_behalf_of(who, async {
                Ok::<_, ServiceError>(match holding {
                    Holding::Dust => self
                        .exchange
                        .dust_candidates(&creds)
                        .await?
                        .details
                        .into_iter()
                        .map(|c| c.asset)
                        .collect(),
                    Holding::Balance => self
                        .exchange
                        .user_assets(&creds)
                        .await?
                        .into_iter()
                        .filter(|a| a.free > rust_decimal::Decimal::ZERO)
                        .map(|a| a.asset)
                        .collect(),
                })
            })
        };
        self.held.get(who, holding, read).await.to_vec()
    }

    async fn listed_assets(&self) -> Vec<Asset> {
        let Ok(rules) = self.exchange.trading_rules().await else {
            return Vec::new();
        };
        let listed: BTreeSet<&Asset> = rules
            .symbols
            .values()
            .filter(|s| s.status == SymbolStatus::Trading)
            .flat_map(|s| [&s.base, &s.quote])
            .collect();
        listed.into_iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(names: &[&str]) -> Vec<Asset> {
        names.iter().map(|n| Asset::parse(n).unwrap()).collect()
    }

    #[test]
    fn assets_starting_with_the_typed_text_come_first_then_those_containing_it() {
        let all = assets(&["USDT", "ADA", "SAND", "BNB", "DASH", "ADX"]);
        let names = |typed| -> Vec<String> {
            matching(&all, typed)
                .iter()
                .map(|a| a.to_string())
                .collect()
        };
        assert_eq!(names("ad"), ["ADA", "ADX"]);
        assert_eq!(names("a"), ["ADA", "ADX", "DASH", "SAND"]);
        assert_eq!(names(" Nd "), ["SAND"]);
        assert_eq!(names("").len(), 6);
        assert!(names("zz").is_empty());
        let many: Vec<Asset> = (0..40)
            .map(|i| Asset::parse(&format!("A{i}")).unwrap())
            .collect();
        assert_eq!(matching(&many, "a").len(), MAX_SUGGESTIONS);
    }

    #[test]
    fn a_list_is_completed_at_its_last_item() {
        assert_eq!(split_list("ada, x"), ("ada, ", "x"));
        assert_eq!(split_list("ada,xr"), ("ada,", "xr"));
        assert_eq!(split_list("xr"), ("", "xr"));
        assert_eq!(split_list(""), ("", ""));
    }
}
