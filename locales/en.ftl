# dustpan — English, the reference locale. Every sentence a user sees lives here.
# Other languages copy these keys; a missing key falls back to English.

## /start, /help

start-intro =
    dustpan sweeps crypto dust: the tiny balances left on your exchange account by rewards, airdrops and trades, too small to sell.
    /dust lists them and says what is worth doing; /convert turns them into BNB after you press Confirm; the bot reminds you when the next sweep is allowed.
start-next-connect = Next: connect a Binance API key with reading and spot trading enabled, withdrawals disabled — /connect (in a private chat).
start-next-connected = Your key is connected. Try /dust.
help =
    Commands:
    /dust — your small balances and what to do with them; /dust chart, the same as a picture
    /convert — convert dust to BNB (choose assets); /convert all, or /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — Spot Convert one asset into another at a quoted rate, e.g. /swap ADA USDT all
    /cooldown — when the next conversion is possible
    /history — recent conversions
    /connect API_KEY API_SECRET — connect your Binance key (private chat only)
    /disconnect — remove your stored key
    /forget — delete everything dustpan stores about you
    /cancel — leave a form
unknown-command = Unknown command /{ $command }. See /help.
not-a-command = I answer commands. See /help.
cancelled = Cancelled. Nothing was changed.

## Errors

error-not-connected = No exchange key is connected yet. Use /connect in a private chat.
error-key-unreadable = Your stored key can no longer be read. Please connect it again with /connect.
error-no-master-key = This bot cannot store keys: its operator has not configured a master key.
error-internal = Something went wrong on our side. If you had just confirmed a conversion or swap, check /history before trying again: dustpan never sends a confirmed operation twice.
error-exchange-not-authorized = Binance says this account is not authorized for this request (the Convert API may need to be enabled for your account).
error-exchange-key-refused = Binance refused your API key: check that it is still valid, has the right permissions, and that its IP allow-list includes this bot's server.
error-exchange-busy = Binance asks us to slow down. Please try again in { $seconds } s.
error-exchange-rejected = Binance refused the request: { $message } (code { $code }).
error-exchange-outcome-unknown = The answer from Binance was lost; dustpan is checking what happened.
error-exchange-unavailable = Binance cannot be reached right now. Please try again in a minute.

## /connect

connect-private-only = For your safety, send API keys only in a private chat with the bot. If your message carried a key, it was deleted here — consider creating a new key.
connect-ask-key = Send your Binance API key (the message will be deleted right away). /cancel to stop.
connect-ask-secret = Now send the API secret (the message will be deleted right away). /cancel to stop.
connect-start-again = That took too long or the bot restarted. Please start again with /connect.
connect-bad-format = That does not look like a Binance API key and secret (letters and digits, usually 64 characters each).
connect-refused = Binance refused this key. Check it, its permissions and its IP allow-list.
connect-withdrawals-enabled = This key can withdraw funds. dustpan refuses such keys: create one with withdrawals disabled.
connect-missing-permission = This key lacks a permission dustpan needs (reading: { $reading ->
        [yes] on
       *[no] off
    }, spot trading: { $trading ->
        [yes] on
       *[no] off
    }). Enable reading and spot trading, keep withdrawals off.
connect-ip-restriction-required = This bot accepts only keys restricted to trusted IPs. In Binance's API Management, restrict the key to the bot's IP address, then /connect it again.
key-permissions-changed = Nothing was converted: your key no longer meets what this bot requires (its permissions are read again every day).
connect-done = Connected key { $fingerprint }. It is stored encrypted.
connect-warn-no-ip = Warning: this key has no IP allow-list. Restrict it to trusted IPs in Binance's API Management.
connect-next = Try /dust.
disconnect-done = Your key was removed.
disconnect-nothing = No key was stored.

## /forget

forget-confirm = This deletes your stored API key, your conversion records, pending operations and settings. The button is valid for { $ttl }.
forget-inflight = An operation you confirmed at { $sent } has not been confirmed by Binance yet. Forgetting drops dustpan's record of it; Binance keeps its own (check the Binance app).
forget-done = Deleted: { $keys } stored key(s), { $conversions } conversion record(s), { $operations } operation(s), and your settings. Goodbye!

## /dust

dust-title = Your dust
dust-none = No small balances. Nothing to sweep.
dust-section-convertible =
    { $count ->
        [one] Convertible to BNB (1 asset, { $fee_percent } % fee):
       *[other] Convertible to BNB ({ $count } assets, { $fee_percent } % fee):
    }
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − fee { $fee } = { $net } BNB{ $below_min ->
        [yes] , below the minimum order
       *[no] {""}
    }
dust-section-below-minimum = Below the spot market's minimum order, not convertible to BNB:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — minimum order { $min_qty } { $asset } or { $min_notional } { $quote }
dust-section-ineligible = Cannot be converted:
dust-line-delisted = • { $asset } { $amount } — delisted or not open yet: it does not trade on Binance, so it cannot be sold or converted here; watch Binance's announcements, or withdraw it.
dust-totals = Total convertible ≈ { $value }: { $bnb } BNB − fee { $fee } = { $net } BNB
dust-tradeable = { $count } other balance(s) are large enough to sell normally.
dust-cooldown-ready = Small Asset Convert is available now.
dust-cooldown-wait = Next conversion possible in { $left } (at { $at }).

advice-nothing = Nothing to convert right now.
advice-wait = Worth converting, but wait { $left } for the cooldown.
advice-not-worth-it = Worth ≈ { $value } — under your minimum of ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }, not worth it yet.
advice-plan = Recommended: { $bnb } asset(s) via Small Asset Convert, { $convert } via Spot Convert, { $sell } to sell yourself — ≈ { $value } in all. Press "Convert the rest as recommended".

## /convert

select-title = Choose what to convert ({ $count } convertible assets). Tap an asset to leave it out.
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = Convert { $count } assets → ≈ { $net } BNB
button-confirm = Confirm
button-cancel = Cancel
button-forget = Delete everything
confirm-title = Convert { $count } asset(s) to BNB:
confirm-line = • { $asset } { $amount } → { $bnb } BNB − fee { $fee } = { $net } BNB
confirm-totals = Total: { $bnb } BNB − fee { $fee } = { $net } BNB (the exchange's final figures may differ slightly)
confirm-cooldown-warning = After this, the next Small Asset Convert is possible in { $cooldown }.
confirm-expiry = Press Confirm within { $ttl }.
left-out-not-convertible = Left out: { $asset } is not convertible to BNB right now.
left-out-not-an-asset = Left out: "{ $asset }" is not an asset name.
convert-nothing = Nothing is convertible to BNB right now.
convert-none-selected = None of those assets can be converted. See /dust.
convert-cooldown = Small Asset Convert is possible once every cooldown period: next in { $left } (at { $at }). Nothing was sent to the exchange.
convert-done = Converted { $count } asset(s): { $bnb } BNB − fee { $fee } BNB = { $received } BNB received. Binance transfer id { $tran_id }.
convert-next = Next conversion possible at { $at }; the bot will remind you.
convert-failed = Not converted: { $reason }
convert-submitted-unknown = Submitted; confirming the result with { $exchange }… Check /history in a minute. Nothing will be sent twice.
convert-still-confirming = An operation you confirmed at { $sent } is still being confirmed with Binance, so conversions wait for it. Please try again in a minute. If Binance has not confirmed it by { $until }, dustpan stops waiting: then /history and the Binance app (Orders → Convert history, and the small-asset conversion history) show whether it happened.
convert-not-executed = Binance did not carry out the conversion. Nothing changed; you can try again with /convert.

button-stale = This button is no longer valid.
button-not-yours = This button belongs to someone else.
button-expired = This confirmation expired. Nothing was done; start again.
button-in-progress = Already being processed.
button-used = This was already done.

## /swap (Spot Convert)

swap-usage = Use: /swap FROM TO [AMOUNT|all], e.g. /swap ADA USDT all or /swap ETH USDT 0.01.
swap-no-pair = Binance does not convert { $from } into { $to }. Try USDT, BTC, BNB or ETH as the target.
swap-nothing = You hold no free { $asset } to swap.
swap-below-minimum = { $amount } { $from } is below Binance's minimum for converting { $from } into { $to }: at least { $min } { $from }. Top up { $top_up } { $from } (≈ { $cost }) to reach it, or convert it to BNB with /convert.
swap-above-maximum = Binance converts at most { $max } { $from } at once. Swap a smaller amount.
swap-funds-short = You do not have { $amount } free { $from }, so Binance gave a price but no quote to accept. Check your balance (funds in open orders are not free).
swap-expired-before-send = The quote expired before it could be sent, so nothing was swapped. Run /swap again for a fresh price.
swap-no-convert-access = Binance has not enabled the Convert API for this account (error -1002). Apply for Convert API access in your Binance account (API management), or use /convert to BNB instead.
swap-amount-out-of-range = Binance refused the amount as outside the pair's limits. Try a different amount.
swap-confirm-title = Swap at this quoted price:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (rate 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   spot price { $spot }; the quote is { $spread } % below it (Binance's spread)
swap-confirm-expiry = This price holds for { $seconds } s. Press Confirm in time; a later press fetches a new price and asks again.
swap-requoted = The previous price expired. Nothing was converted. Here is a new price:
swap-done = Swapped { $from_amount } { $from } → { $to_amount } { $to }. Binance order id { $order_id }.
swap-failed = Not swapped: { $reason }
swap-not-executed = Binance did not carry out the swap. Nothing changed; you can try again with /swap.

## The plan (in /dust)

plan-best-bnb =   ↳ best: Small Asset Convert → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ best: Spot Convert → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ best: sell on { $symbol } → ≈ { $receive } { $receive_asset } after the { $fee_percent } % taker fee (≈ { $value })
plan-best-leave =   ↳ best: leave it — no way out pays anything right now.
plan-best-leave-top-up =   ↳ best: leave it for now — Spot Convert needs { $min } { $asset }: top up { $top_up } { $asset } (≈ { $cost }) to reach it.
button-plan = Convert the rest as recommended
button-swap-instead = Swap { $asset } → { $target } instead
plan-nothing = Nothing in the plan can be executed right now. See /dust.
plan-confirm-title = Convert as recommended:
plan-confirm-bnb = • Small Asset Convert of { $count } asset(s) ({ $assets }) → ≈ { $net } BNB after the fee
plan-confirm-unquoted = • { $asset }: no quote right now; left out.
plan-confirm-sell = • Sell { $amount } { $asset } on { $symbol } at the market price (taker fee { $fee_percent } %; the price is the market's when the order is placed)
plan-sold = Sold { $qty } { $asset } on { $symbol } → { $quote } { $quote_asset }, fee { $fee } { $fee_asset }. Binance order id { $order_id }.
plan-sold-no-fee = Sold { $qty } { $asset } on { $symbol } → { $quote } { $quote_asset } before the fee. Binance order id { $order_id }.
plan-sell-failed = Not sold: { $asset } on { $symbol }: { $reason }
plan-sell-not-executed = Binance did not carry out the sale of { $asset } on { $symbol }. Nothing changed.
plan-leg-expired = Stopped: the { $from } → { $to } price expired before it could be accepted. Nothing was converted; use /swap { $from } { $to } for a new price.

## /cooldown, /history

cooldown-never = No conversion in the recent dust log: you can convert now.
cooldown-ready = You can convert now. Last conversion: { $last }.
cooldown-wait = Next conversion possible in { $left }, at { $at }. Last conversion: { $last }.
history-unresolved-title = Not confirmed by Binance (dustpan stopped waiting; the Binance app shows whether these happened):
history-unresolved-dust = • { $sent }: small-asset conversion of { $assets } to BNB
history-unresolved-swap = • { $sent }: swap of { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: sale of { $asset } on { $symbol }
history-unresolved-other = • { $sent }: an operation
history-empty = No conversions yet.
history-title = Recent conversions:
history-line = • { $at }: { $assets } → { $bnb } BNB (fee { $fee }), transfer { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (fee { $fee }), transfer { $tran_id } — made outside dustpan

## Console

console-no-such-button = There is no button with that number.
console-banner = dustpan demo on a simulated Binance exchange at { $url }. Type /help for commands; press a button by typing its number. Ctrl-D quits.

## Menu (command descriptions, 3–256 characters)

menu-start = What dustpan does and how to begin
menu-help = All commands
menu-connect = Connect your Binance API key (private chat)
menu-disconnect = Remove your stored key
menu-dust = Your small balances and what to do with them
menu-convert = Convert dust to BNB
menu-swap = Swap one asset into another (Spot Convert)
menu-cooldown = When the next conversion is possible
menu-history = Recent conversions
menu-settings = Reminders and display settings
menu-language = Choose the language
menu-forget = Delete everything dustpan stores about you
menu-privacy = What dustpan stores and why

## /settings, /language, /privacy

settings-title = Your settings:
settings-reminders = Reminders when the cooldown ends: { $state ->
        [on] on
       *[off] off
    }
settings-min-worth = Remind only when the dust is worth at least ${ $usdt }
settings-timezone = Timezone: { $timezone }
settings-quiet = Quiet hours: { $from }–{ $to } ({ $mode ->
        [silent] sent silently
       *[postpone] postponed to their end
    })
settings-quiet-none = Quiet hours: none
settings-auto-sweep = Auto-sweep when the cooldown ends: { $state ->
        [on] on
       *[off] off
    } (up to ${ $cap })
settings-target = Spot Convert plans convert into: { $target }
settings-currency = Values shown in: { $currency }
settings-language = Language: { $language } (/language)
settings-how = Change: /settings min 2 · /settings timezone Europe/Berlin · /settings quiet 22:00-07:00 (or off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Saved.
settings-bad = That setting is not valid ({ $setting }). See /settings.
settings-target-refused = Binance's Spot Convert has no pairs into { $asset }, so plans cannot convert into it. Your target stays { $current }.
settings-currency-refused = dustpan cannot value USDT in { $currency } from Binance's prices, so values cannot be shown in it. Values stay in { $current }.
button-setting-reminders = Reminders: { $state ->
        [on] on
       *[off] off
    }
button-setting-quiet-silent = Silent in quiet hours: { $state ->
        [on] on
       *[off] off
    }
button-setting-auto-sweep = Auto-sweep: { $state ->
        [on] on
       *[off] off
    }
language-current = Language: { $language }. Available: { $available }. Change it with /language CODE.
language-set = Language set to { $language }.
language-unknown = "{ $language }" is not available. Available: { $available }.
language-name = English
language-button = { $name }
amount-ambiguous = "{ $amount }" can be read two ways: a comma may separate thousands or decimals. Write the amount without thousands separators and with one decimal mark, e.g. 1000, 1.5 or 0.001.
privacy =
    What dustpan stores: your chat user id, language, timezone and settings; your exchange API key and secret, encrypted (AES-256-GCM) and used only to talk to the exchange for you; records of your conversions and pending confirmations.
    It never stores your messages, never shows your key again, and refuses keys that can withdraw. /forget deletes all of it.

## Reminders

reminder-title = ⏰ Your Small Asset Convert cooldown is over: you can sweep your dust again.
reminder-summary = { $count } asset(s) worth ≈ { $value } → ≈ { $net } BNB after the fee.
button-convert-now = Convert now
button-snooze-1h = Snooze 1 h
button-snooze-6h = Snooze 6 h
button-stop-reminders = Stop reminders
reminder-snoozed = Snoozed: I will remind you at { $at }.
reminder-stopped = Reminders are off. Turn them back on in /settings.
auto-sweep-done = Auto-sweep: your cooldown ended and your dust was converted.
auto-sweep-failed = Auto-sweep: the cooldown ended but the conversion did not go through.
auto-sweep-turned-off = Auto-sweep failed twice in a row and is now off. Turn it back on in /settings.

## Telegram frontend
telegram-working = Working on it…
telegram-delete-failed = I could not delete your message with the key. Please delete it yourself, and consider creating a new key.
telegram-group-private-only = Balances, history, settings and conversions stay in a private chat with me: { $link }
telegram-group-press-private-only = This works only in a private chat with the bot.

## Durations

span-s = { $s } s
span-min = { $m } min
span-min-s = { $m } min { $s } s
span-h = { $h } h
span-h-min = { $h } h { $m } min

## Issue 15 point 7: assets that cannot trade now, Spot Convert quote quotas

dust-line-halted = • { $asset } { $amount } — trading is paused on Binance: try again later.
dust-line-end-of-day = • { $asset } { $amount } — its market is closed for the day: try again when it reopens.
dust-line-cancel-only = • { $asset } { $amount } — Binance accepts only cancellations on its market right now: try again later.
dust-line-not-tradable = • { $asset } { $amount } — not tradable on Binance right now: try again later.
swap-quote-quota-hourly = Binance's limit on Spot Convert quotes for this hour is reached (error 345103). Try again in an hour, or use /convert to BNB now.
swap-quote-quota-daily = Binance's daily limit on Spot Convert quotes is reached (error 345239). Try again tomorrow, or use /convert to BNB now.
## Per-user limits (issue 15)
error-too-fast = You are sending commands faster than I can answer them. Please wait { $seconds } s.
error-exchange-busy-for-you = Binance's request budget is shared by everyone here and you have used your part of it for now. Please try again in { $seconds } s.
dust-as-of = (As of { $seconds } s ago: the result of your last /dust.)
swap-unknown-asset = dustpan finds no market for { $asset } on Binance. Check the spelling, e.g. /swap ADA USDT.

# Reminders and auto-sweep that never lose their word (issue 15, point 6).
auto-sweep-postponed = Auto-sweep: a conversion made outside dustpan restarted the exchange's cooldown, so nothing was converted. I will try again at { $at }.
auto-sweep-postponed-unexplained = Auto-sweep: the exchange says its cooldown is not over yet, though its log shows no recent conversion, so nothing was converted. I will try again from { $at } without writing again.
reminders-key-refused = The exchange refused your API key (deleted, expired, or not allowed from this server's IP), so reminders and auto-sweep are paused. Send /connect with a new key to resume them.
auto-sweep-unknown = Auto-sweep: I could not confirm whether your dust was converted. /history and Binance's own app show what happened.

# The credentials prompt (issue 16 point 3): a form's title and field labels (Discord: at most
# 45 characters each); the guided text form asks for one field per message.
credentials-form-title = Connect your Binance API key
credentials-field-key = API key
credentials-field-secret = API secret
credentials-field-passphrase = API passphrase
connect-ask-passphrase = Now send the API passphrase (the message will be deleted right away). /cancel to stop.

## Discord
discord-option-assets = Assets to convert, separated by commas, or all
discord-option-from = The asset to swap
discord-option-to = The asset to receive
discord-option-amount = How much to swap (a number), or all
discord-option-setting = The setting to change
discord-option-value = Its new value
discord-option-language = The language to use
discord-nothing = Done.
discord-connect-again = Run /connect again to open the form for your key.
discord-credentials-missing = Both the API key and the API secret are needed. Run /connect again.

## Discord command names (lowercase, no spaces: Discord's rule; en are the canonical names)
discord-name-help = help
discord-name-connect = connect
discord-name-disconnect = disconnect
discord-name-dust = dust
discord-name-convert = convert
discord-name-swap = swap
discord-name-cooldown = cooldown
discord-name-history = history
discord-name-settings = settings
discord-name-language = language
discord-name-forget = forget
discord-name-privacy = privacy

## Access and operator commands (issue 19)
access-refused = This bot is private. Ask its operator to add { $id }.
stats-title = 📊 Bot statistics
stats-split = Telegram { $telegram } · Discord { $discord } · console { $console }
stats-users = Users: { $total } ({ $split })
stats-keys = Connected keys: { $total } ({ $split })
stats-period = { $period }: { $dust } small-balance { $dust ->
        [one] conversion
       *[other] conversions
    } ({ $split }), { $received } received; { $spot } Spot Convert { $spot ->
        [one] operation
       *[other] operations
    }
stats-period-today = Today (UTC)
stats-period-week = Last 7 days
stats-period-all = All time
stats-reminders = Reminders: { $pending } pending ({ $split }), { $sent } sent
stats-weight = Exchange weight { $bucket }: { $used } of { $limit } used this minute
stats-weight-unknown = Exchange weight: this exchange's adapter does not count it.
stats-rate-limited = Rate-limit answers from the exchange since start: { $too_many } “too many requests” (429), { $banned } bans (418)
stats-chat-rate-limited = { $platform }: { $count } “too many requests” (429) from its API since start
health-title-ok = 🩺 Health: ready
health-title-failing = 🩺 Health: NOT ready
health-database = Database (a write)
health-exchange = Exchange (server time)
health-part-ok = ✅ { $part }: ok
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: connected
health-frontend-disconnected = ❌ { $frontend }: not connected
health-oldest-unsettled = Oldest operation sent and not settled: { $age } ago
health-nothing-unsettled = No operation is waiting to be settled.
health-open-operations = Open operations, { $state }: { $count }

## /convert … to TARGET (Binance Dust Convert to a chosen target)

convert-target-not-offered = Small balances cannot be converted to { $target } here. Possible targets: { $targets }.
convert-nothing-to = Nothing is convertible to { $target } right now.
confirm-title-to = Convert { $count } asset(s) to { $target }:
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − fee { $fee } = { $net } { $target }
confirm-totals-to = Total: { $gross } { $target } − fee { $fee } = { $net } { $target } (the exchange's final figures may differ slightly)
button-convert-selected-to = Convert { $count } assets → ≈ { $net } { $target }
left-out-not-convertible-to = Left out: { $asset } is not convertible to { $target } right now.
convert-done-to = Converted { $count } asset(s): { $gross } { $target } − fee { $fee } { $target } = { $received } { $target } received. Binance transfer id { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (fee { $fee }), transfer { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (fee { $fee }), transfer { $tran_id } — made outside dustpan
discord-option-convert-to = The asset to receive instead of the exchange's own (e.g. USDT)
left-out-kept = Kept: { $asset } pays your exchange fees, so “all” leaves it; name it to convert it too.
menu-export = Your history as a CSV for tax tools
discord-option-period = Which period: 30d, 2026 or all (the default)
export-bad-period = I did not understand that period. Try /export, /export 30d, /export 2026 or /export all.
export-empty = There is nothing to export for that period: no conversions, swaps or sales.
export-caption = Your history: { $count } record(s), one row per asset (Koinly universal format).
console-file-saved = File saved: { $path }
discord-name-export = export
connect-exchange-unknown = dustpan cannot connect { $exchange } keys here.
connect-bad-format-exchange = That does not look like a { $exchange } API key and secret.
disconnect-which = Several exchanges are connected ({ $exchanges }). Say which: /disconnect EXCHANGE
dust-exchange-title = { $exchange }: your dust (converts to { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = No small balances to convert here.
dust-exchange-batches = At most { $max } assets per conversion: dustpan sends a larger selection as several conversions of { $max }.
dust-exchange-no-cooldown = No waiting time between conversions here.
convert-which-exchange = Several exchanges are connected ({ $exchanges }). Say which one to convert on: /convert EXCHANGE all (or asset names), e.g. /convert mexc all
convert-batches = { $exchange } converts at most { $max } assets per call: your { $count } assets go in { $batches } conversions below, each confirmed on its own.
convert-batches-window = Each conversion counts toward the exchange's limit of { $limit } per { $span }.
convert-batch = Conversion { $n } of { $batches }:
convert-on-exchange = On { $exchange }:
confirm-window-warning = This exchange allows { $limit } small-balance conversions per { $span }; this one counts toward them.
convert-done-on = Converted { $count } asset(s) on { $exchange }: { $gross } { $target } − fee { $fee } { $target } = { $received } { $target } received. Batch id { $tran_id }.
dust-exchange-window = { $exchange } allows at most { $limit } dust conversions per { $span }.
dust-exchange-failed = { $exchange }: could not be read right now ({ $reason }). The other exchanges are shown as usual.
button-convert-on = Convert { $count } on { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: your small-balance conversion cooldown is over: you can sweep your dust again.
reminder-summary-to = { $count } asset(s) worth ≈ { $value } → ≈ { $net } { $target } after the fee.
connect-which-exchange = Which exchange do you want to connect? dustpan then asks for its API key.
button-connect-exchange = { $exchange }
credentials-form-title-on = Connect your { $exchange } API key
connect-ask-key-on = Send your { $exchange } API key (the message will be deleted right away). /cancel to stop.
discord-option-exchange = Which exchange (when you have keys on several)
connect-warn-no-ip-on = Warning: this key has no IP allow-list. Restrict it to trusted IPs in { $exchange }'s API management.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Recommended: { $to_target } asset(s) via small-asset convert to { $target }, { $convert } via Spot Convert, { $sell } to sell yourself — ≈ { $value } in all. Press "Convert the rest as recommended".
plan-best-to =   ↳ best: small-asset convert to { $receive_asset } → ≈ { $receive } { $receive_asset } after the exchange's fee (≈ { $value })
plan-confirm-to = • Small-asset convert of { $count } asset(s) ({ $assets }) to { $target } → ≈ { $net } { $target } after the fee
plan-batch-to = Why { $asset }: converting { $count } small balance(s) to { $asset } gives { $received } { $asset } after the exchange's fee of { $fee } { $asset }, and the plan is worth ≈ { $worth }; with Small Asset Convert to { $other_asset } ({ $other_count } asset(s), { $other_received } { $other_asset } after { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) it would be worth ≈ { $other_worth }. Both share one cooldown, so only one of them runs.
plan-batch-bnb = Why { $asset }: Small Asset Convert of { $count } small balance(s) gives { $received } { $asset } (≈ { $in_target } { $other_asset }) after the exchange's fee of { $fee } { $asset }, and the plan is worth ≈ { $worth }; converting to { $other_asset } instead ({ $other_count } asset(s), { $other_received } { $other_asset } after { $other_fee } { $other_asset }) it would be worth ≈ { $other_worth }, no more. Both share one cooldown, so only one of them runs.
dust-pending-processing = { $exchange } accepted the conversion and is still processing it. Nothing will be sent twice; the result will be reported here, asset by asset, when { $exchange } finishes.
dust-pending-done = { $exchange }: your small-balance conversion has finished. Per asset:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (fee { $fee })
dust-pending-failed = • { $asset }: not converted ({ $reason }); it is back in your wallet
dust-pending-none = Nothing was converted; your assets are back in your wallet. You can try again with /convert.
dust-pending-total = Received in total: { $received } { $target }. /history shows it.
button-chart = Chart
discord-option-view = report (text) or chart (a picture)
chart-title = { $exchange }: your dust in { $currency }
chart-convertible = Convertible ≈ { $value } → { $net } { $target } after the fee
chart-nothing-convertible = Nothing is convertible right now.
chart-plan-worth = All recommended ways out ≈ { $value }
chart-way-small = Small Asset Convert → { $target }
chart-way-convert = Spot Convert → { $target }
chart-way-sell = Sell on the market
chart-way-keep = Keep: no way out now
chart-more = +{ $count } more ≈ { $value }
chart-caption = Your dust on { $exchange }: { $count } small balance(s) ≈ { $value }.
chart-no-dust = You have no small balances, so there is nothing to chart.
chart-failed = The chart could not be drawn right now; /dust shows the same as text.
