# dustpan — 简体中文。参考语言是 en.ftl：键名和顺序与它一致。
# 缺少的键会回退到英文。币安用语：“小额资产转换”（/sapi/v1/asset/dust），“闪兑”（Convert）。

## /start, /help

start-intro =
    dustpan 帮你清扫加密货币“粉尘”：奖励、空投和交易之后留在交易所账户里的零碎余额，少到无法卖出。
    /dust 列出这些余额并告诉你怎样处理最划算；/convert 在你按下“确认”后把它们转换为 BNB；下次可以清扫时，机器人会提醒你。
start-next-connect = 下一步：连接一个币安 API Key（开启读取和现货交易权限，关闭提现权限）——在私聊中发送 /connect。
start-next-connected = 你的 API Key 已连接。试试 /dust。
help =
    命令：
    /dust — 你的小额余额，以及如何处理；/dust chart 以图片显示
    /convert — 把粉尘转换为 BNB（可选择资产）；/convert all，或 /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — 用闪兑按报价把一种资产换成另一种，例如 /swap ADA USDT all
    /cooldown — 下次可以转换的时间
    /history — 最近的转换记录
    /connect API_KEY API_SECRET — 连接你的币安 API Key（仅限私聊）
    /disconnect — 删除已保存的 API Key
    /forget — 删除 dustpan 保存的关于你的全部数据
    /cancel — 退出当前表单
unknown-command = 未知命令 /{ $command }。请查看 /help。
not-a-command = 我只回复命令。请查看 /help。
cancelled = 已取消，没有做任何更改。

## 错误

error-not-connected = 还没有连接交易所 API Key。请在私聊中使用 /connect。
error-key-unreadable = 已无法读取你保存的 API Key。请用 /connect 重新连接。
error-no-master-key = 此机器人无法保存 API Key：运营者尚未配置主密钥。
error-internal = 我们这边出了问题。如果你刚刚确认了一次转换或闪兑，请先查看 /history 再重试：dustpan 绝不会把已确认的操作发送两次。
error-exchange-not-authorized = 币安表示此账户无权执行该请求（可能需要为你的账户开通闪兑 API）。
error-exchange-key-refused = 币安拒绝了你的 API Key：请检查它是否仍然有效、权限是否正确，以及 IP 白名单是否包含本机器人的服务器。
error-exchange-busy = 币安要求我们放慢速度。请在 { $seconds } 秒后重试。
error-exchange-rejected = 币安拒绝了该请求：{ $message }（代码 { $code }）。
error-exchange-outcome-unknown = 币安的回复丢失了，dustpan 正在核实结果。
error-exchange-unavailable = 暂时无法连接币安。请一分钟后再试。

## /connect

connect-private-only = 为了你的安全，请只在与机器人的私聊中发送 API Key。如果你的消息中含有 API Key，它已在这里被删除——建议你创建一个新的 API Key。
connect-ask-key = 请发送你的币安 API Key（消息会被立即删除）。发送 /cancel 可取消。
connect-ask-secret = 现在请发送 Secret Key（消息会被立即删除）。发送 /cancel 可取消。
connect-start-again = 等待时间过长，或机器人已重启。请用 /connect 重新开始。
connect-bad-format = 这看起来不像币安的 API Key 和 Secret Key（由字母和数字组成，通常各 64 个字符）。
connect-refused = 币安拒绝了这个 API Key。请检查它本身、它的权限和 IP 白名单。
connect-withdrawals-enabled = 这个 API Key 可以提现。dustpan 不接受这样的 API Key：请创建一个关闭了提现权限的 API Key。
connect-missing-permission = 这个 API Key 缺少 dustpan 需要的权限（读取：{ $reading ->
        [yes] 开启
       *[no] 关闭
    }，现货交易：{ $trading ->
        [yes] 开启
       *[no] 关闭
    }）。请开启读取和现货交易权限，并保持提现关闭。
connect-ip-restriction-required = 此机器人只接受限制了可信 IP 的 API Key。请在币安的“API 管理”中把该 API Key 限制为机器人的 IP 地址，然后再次发送 /connect。
key-permissions-changed = 没有进行任何转换：你的 API Key 已不再满足本机器人的要求（其权限每天都会重新检查）。
connect-done = 已连接 API Key { $fingerprint }，已加密保存。
connect-warn-no-ip = 警告：这个 API Key 没有设置 IP 白名单。请在币安的“API 管理”中把它限制为可信 IP。
connect-next = 试试 /dust。
disconnect-done = 你的 API Key 已删除。
disconnect-nothing = 没有保存任何 API Key。

## /forget

forget-confirm = 这将删除你保存的 API Key、转换记录、待处理的操作和设置。按钮在 { $ttl } 内有效。
forget-inflight = 你在 { $sent } 确认的一项操作尚未得到币安确认。删除数据会丢弃 dustpan 对它的记录；币安会保留自己的记录（请在币安 App 中查看）。
forget-done = 已删除：{ $keys } 个 API Key、{ $conversions } 条转换记录、{ $operations } 项操作，以及你的设置。再见！

## /dust

dust-title = 你的粉尘
dust-none = 没有小额余额，无需清扫。
dust-section-convertible = 可转换为 BNB（{ $count } 种资产，手续费 { $fee_percent }%）：
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − 手续费 { $fee } = { $net } BNB{ $below_min ->
        [yes] ，低于最小下单量
       *[no] {""}
    }
dust-section-below-minimum = 低于现货市场的最小下单量，无法转换为 BNB：
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — 最小下单量为 { $min_qty } { $asset } 或 { $min_notional } { $quote }
dust-section-ineligible = 无法转换：
dust-line-delisted = • { $asset } { $amount } — 已下架或尚未开放交易：它不在币安交易，因此无法在这里卖出或转换；请关注币安公告，或将其提现。
dust-totals = 可转换总额 ≈ { $value }：{ $bnb } BNB − 手续费 { $fee } = { $net } BNB
dust-tradeable = 另有 { $count } 种资产的余额足够大，可以正常卖出。
dust-cooldown-ready = 现在可以使用小额资产转换。
dust-cooldown-wait = 下次转换可在 { $left } 后进行（{ $at }）。

advice-nothing = 目前没有可转换的资产。
advice-wait = 值得转换，但需等待冷却期结束（还有 { $left }）。
advice-not-worth-it = 价值 ≈ { $value }，低于你设置的最低 ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }，暂不值得转换。
advice-plan = 建议：{ $bnb } 种资产用小额资产转换，{ $convert } 种用闪兑，{ $sell } 种自行卖出——合计 ≈ { $value }。请按“按建议转换其余资产”。

## /convert

select-title = 选择要转换的资产（共 { $count } 种可转换）。点击资产可将其排除。
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = 转换 { $count } 种资产 → ≈ { $net } BNB
button-confirm = 确认
button-cancel = 取消
button-forget = 全部删除
confirm-title = 将 { $count } 种资产转换为 BNB：
confirm-line = • { $asset } { $amount } → { $bnb } BNB − 手续费 { $fee } = { $net } BNB
confirm-totals = 合计：{ $bnb } BNB − 手续费 { $fee } = { $net } BNB（交易所的最终数额可能略有差异）
confirm-cooldown-warning = 此后，下一次小额资产转换需等待 { $cooldown }。
confirm-expiry = 请在 { $ttl } 内按“确认”。
left-out-not-convertible = 已排除：{ $asset } 目前无法转换为 BNB。
left-out-not-an-asset = 已排除：“{ $asset }”不是资产名称。
convert-nothing = 目前没有可转换为 BNB 的资产。
convert-none-selected = 这些资产都无法转换。请查看 /dust。
convert-cooldown = 小额资产转换在每个冷却期内只能进行一次：下次在 { $left } 后（{ $at }）。没有向交易所发送任何请求。
convert-done = 已转换 { $count } 种资产：{ $bnb } BNB − 手续费 { $fee } BNB = 实收 { $received } BNB。币安流水号 { $tran_id }。
convert-next = 下次可转换时间：{ $at }；届时机器人会提醒你。
convert-failed = 未转换：{ $reason }
convert-submitted-unknown = 已提交，正在向{ $exchange }确认结果……请一分钟后查看 /history。任何操作都不会发送两次。
convert-still-confirming = 你在 { $sent } 确认的一项操作仍在等待币安确认，因此转换需要等它完成。请一分钟后再试。如果到 { $until } 币安仍未确认，dustpan 将停止等待：届时可在 /history 和币安 App（订单 → 闪兑历史，以及小额资产转换历史）中查看它是否已执行。
convert-not-executed = 币安没有执行这次转换。一切未变；你可以用 /convert 重试。

button-stale = 此按钮已失效。
button-not-yours = 此按钮属于其他人。
button-expired = 此确认已过期。没有执行任何操作；请重新开始。
button-in-progress = 正在处理中。
button-used = 此操作已完成。

## /swap（闪兑）

swap-usage = 用法：/swap FROM TO [AMOUNT|all]，例如 /swap ADA USDT all 或 /swap ETH USDT 0.01。
swap-no-pair = 币安不支持把 { $from } 兑换为 { $to }。目标资产可以试试 USDT、BTC、BNB 或 ETH。
swap-nothing = 你没有可用的 { $asset } 可以闪兑。
swap-below-minimum = { $amount } { $from } 低于币安把 { $from } 兑换为 { $to } 的最低数量：至少 { $min } { $from }。补充 { $top_up } { $from }（≈ { $cost }）即可达到，或用 /convert 把它转换为 BNB。
swap-above-maximum = 币安单次最多兑换 { $max } { $from }。请减少数量。
swap-funds-short = 你没有 { $amount } 可用的 { $from }，所以币安只给出了价格，没有可接受的报价。请检查余额（挂单中的资金不算可用）。
swap-expired-before-send = 报价在发送前已过期，因此没有进行闪兑。请重新发送 /swap 获取新价格。
swap-no-convert-access = 币安尚未为此账户开通闪兑 API（错误 -1002）。请在币安账户的 API 管理中申请闪兑 API 权限，或改用 /convert 转换为 BNB。
swap-amount-out-of-range = 币安拒绝了该数量，因为它超出了该交易对的限额。请换一个数量试试。
swap-confirm-title = 按以下报价闪兑：
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to }（汇率 1 { $from } = { $ratio } { $to }）
swap-confirm-spread =   现货价格 { $spot }；报价比它低 { $spread }%（币安的价差）
swap-confirm-expiry = 此价格在 { $seconds } 秒内有效。请及时按“确认”；超时后再按会获取新价格并再次询问你。
swap-requoted = 之前的价格已过期，没有进行任何兑换。这是新的价格：
swap-done = 已闪兑 { $from_amount } { $from } → { $to_amount } { $to }。币安订单号 { $order_id }。
swap-failed = 未闪兑：{ $reason }
swap-not-executed = 币安没有执行这次闪兑。一切未变；你可以用 /swap 重试。

## 处理方案（在 /dust 中）

plan-best-bnb =   ↳ 最佳：小额资产转换 → ≈ { $receive } BNB（≈ { $value }）
plan-best-convert =   ↳ 最佳：闪兑 → ≈ { $receive } { $receive_asset }（≈ { $value }）— /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ 最佳：在 { $symbol } 卖出 → 扣除 { $fee_percent }% 吃单手续费后 ≈ { $receive } { $receive_asset }（≈ { $value }）
plan-best-leave =   ↳ 最佳：暂且保留——目前没有任何方式能换回价值。
plan-best-leave-top-up =   ↳ 最佳：暂且保留——闪兑需要 { $min } { $asset }：补充 { $top_up } { $asset }（≈ { $cost }）即可达到。
button-plan = 按建议转换其余资产
button-swap-instead = 改为闪兑 { $asset } → { $target }
plan-nothing = 方案中目前没有可以执行的项目。请查看 /dust。
plan-confirm-title = 按建议转换：
plan-confirm-bnb = • 小额资产转换 { $count } 种资产（{ $assets }）→ 扣除手续费后 ≈ { $net } BNB
plan-confirm-unquoted = • { $asset }：目前没有报价，已排除。
plan-confirm-sell = • 在 { $symbol } 以市价卖出 { $amount } { $asset }（吃单手续费 { $fee_percent }%；成交价为下单时的市场价）
plan-sold = 已在 { $symbol } 卖出 { $qty } { $asset } → { $quote } { $quote_asset }，手续费 { $fee } { $fee_asset }。币安订单号 { $order_id }。
plan-sold-no-fee = 已在 { $symbol } 卖出 { $qty } { $asset } → { $quote } { $quote_asset }（未扣手续费）。币安订单号 { $order_id }。
plan-sell-failed = 未卖出：{ $symbol } 上的 { $asset }：{ $reason }
plan-sell-not-executed = 币安没有执行在 { $symbol } 上卖出 { $asset } 的操作。一切未变。
plan-leg-expired = 已停止：{ $from } → { $to } 的价格在被接受前已过期。没有进行任何兑换；请用 /swap { $from } { $to } 获取新价格。

## /cooldown, /history

cooldown-never = 最近的小额资产转换记录中没有转换：你现在就可以转换。
cooldown-ready = 你现在可以转换。上次转换：{ $last }。
cooldown-wait = 下次转换可在 { $left } 后进行，即 { $at }。上次转换：{ $last }。
history-unresolved-title = 未获币安确认（dustpan 已停止等待；可在币安 App 中查看这些操作是否已执行）：
history-unresolved-dust = • { $sent }：把 { $assets } 小额资产转换为 BNB
history-unresolved-swap = • { $sent }：闪兑 { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }：在 { $symbol } 卖出 { $asset }
history-unresolved-other = • { $sent }：一项操作
history-empty = 还没有转换记录。
history-title = 最近的转换：
history-line = • { $at }：{ $assets } → { $bnb } BNB（手续费 { $fee }），流水号 { $tran_id }
history-line-elsewhere = • { $at }：{ $assets } → { $bnb } BNB（手续费 { $fee }），流水号 { $tran_id }——在 dustpan 之外完成

## 控制台

console-no-such-button = 没有这个编号的按钮。
console-banner = 这是 dustpan 在模拟币安交易所（{ $url }）上的演示。输入 /help 查看命令；输入按钮编号即可按下按钮。按 Ctrl-D 退出。

## 菜单（命令描述，3–256 个字符）

menu-start = dustpan 能做什么，以及如何开始
menu-help = 全部命令
menu-connect = 连接你的币安 API Key（私聊）
menu-disconnect = 删除已保存的 API Key
menu-dust = 你的小额余额及处理建议
menu-convert = 把粉尘转换为 BNB
menu-swap = 把一种资产兑换为另一种（闪兑）
menu-cooldown = 下次可以转换的时间
menu-history = 最近的转换
menu-settings = 提醒和显示设置
menu-language = 选择语言
menu-forget = 删除 dustpan 保存的关于你的全部数据
menu-privacy = dustpan 保存哪些数据，以及原因

## /settings, /language, /privacy

settings-title = 你的设置：
settings-reminders = 冷却期结束时提醒：{ $state ->
        [on] 开启
       *[off] 关闭
    }
settings-min-worth = 仅当粉尘价值至少 ${ $usdt } 时提醒
settings-timezone = 时区：{ $timezone }
settings-quiet = 免打扰时段：{ $from }–{ $to }（{ $mode ->
        [silent] 静默发送
       *[postpone] 推迟到时段结束后发送
    }）
settings-quiet-none = 免打扰时段：无
settings-auto-sweep = 冷却期结束时自动清扫：{ $state ->
        [on] 开启
       *[off] 关闭
    }（最多 ${ $cap }）
settings-target = 方案中闪兑的目标资产：{ $target }
settings-currency = 价值显示单位：{ $currency }
settings-language = 语言：{ $language }（/language）
settings-how = 修改：/settings min 2 · /settings timezone Asia/Shanghai · /settings quiet 22:00-07:00（或 off）· /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = 已保存。
settings-bad = 该设置无效（{ $setting }）。请查看 /settings。
settings-target-refused = 币安闪兑没有兑换为 { $asset } 的交易对，因此方案无法兑换为它。你的目标资产仍为 { $current }。
settings-currency-refused = dustpan 无法根据币安的价格以 { $currency } 计算 USDT 的价值，因此不能用它显示价值。价值仍以 { $current } 显示。
button-setting-reminders = 提醒：{ $state ->
        [on] 开启
       *[off] 关闭
    }
button-setting-quiet-silent = 免打扰时段静默发送：{ $state ->
        [on] 开启
       *[off] 关闭
    }
button-setting-auto-sweep = 自动清扫：{ $state ->
        [on] 开启
       *[off] 关闭
    }
language-current = 语言：{ $language }。可选：{ $available }。用 /language CODE 更改（CODE 为语言代码）。
language-set = 语言已设置为 { $language }。
language-unknown = “{ $language }”不可用。可选：{ $available }。
language-name = 简体中文
language-button = { $name }
amount-ambiguous = “{ $amount }”有两种理解：逗号既可能是千位分隔符，也可能是小数点。请不用千位分隔符、只用一个小数点书写金额，例如 1000、1.5 或 0.001。
privacy =
    dustpan 保存的内容：你的聊天用户 ID、语言、时区和设置；你的交易所 API Key 和 Secret Key，经过加密（AES-256-GCM），仅用于代你与交易所通信；你的转换记录和待确认的操作。
    它从不保存你的消息，从不再次显示你的 API Key，并拒绝可以提现的 API Key。/forget 会删除以上全部内容。

## 提醒

reminder-title = ⏰ 你的小额资产转换冷却期已结束：可以再次清扫粉尘了。
reminder-summary = { $count } 种资产，价值 ≈ { $value } → 扣除手续费后 ≈ { $net } BNB。
button-convert-now = 立即转换
button-snooze-1h = 1 小时后提醒
button-snooze-6h = 6 小时后提醒
button-stop-reminders = 停止提醒
reminder-snoozed = 已推迟：我会在 { $at } 提醒你。
reminder-stopped = 提醒已关闭。可在 /settings 中重新开启。
auto-sweep-done = 自动清扫：冷却期已结束，你的粉尘已转换。
auto-sweep-failed = 自动清扫：冷却期已结束，但转换没有完成。
auto-sweep-turned-off = 自动清扫连续两次失败，现已关闭。可在 /settings 中重新开启。

## Telegram 前端
telegram-working = 正在处理……
telegram-delete-failed = 我无法删除你那条含有 API Key 的消息。请你自行删除，并考虑创建一个新的 API Key。
telegram-group-private-only = 余额、记录、设置和转换只在与我的私聊中进行：{ $link }
telegram-group-press-private-only = 此操作只能在与机器人的私聊中进行。

## 时长

span-s = { $s } 秒
span-min = { $m } 分钟
span-min-s = { $m } 分 { $s } 秒
span-h = { $h } 小时
span-h-min = { $h } 小时 { $m } 分钟

## Issue 15 第 7 点：暂时无法交易的资产、闪兑报价次数限制

dust-line-halted = • { $asset } { $amount } — 币安已暂停其交易：请稍后再试。
dust-line-end-of-day = • { $asset } { $amount } — 其市场今日已收盘：请在重新开盘后再试。
dust-line-cancel-only = • { $asset } { $amount } — 币安目前在该市场只接受撤单：请稍后再试。
dust-line-not-tradable = • { $asset } { $amount } — 目前无法在币安交易：请稍后再试。
swap-quote-quota-hourly = 本小时的币安闪兑报价次数已达上限（错误 345103）。请一小时后再试，或现在用 /convert 转换为 BNB。
swap-quote-quota-daily = 今天的币安闪兑报价次数已达上限（错误 345239）。请明天再试，或现在用 /convert 转换为 BNB。
## 按用户限制（issue 15）
error-too-fast = 你发送命令的速度超过了我回复的速度。请等待 { $seconds } 秒。
error-exchange-busy-for-you = 币安的请求额度由这里的所有用户共享，你暂时已用完自己的份额。请在 { $seconds } 秒后重试。
dust-as-of = （{ $seconds } 秒前的数据：你上一次 /dust 的结果。）
swap-unknown-asset = dustpan 在币安上找不到 { $asset } 的市场。请检查拼写，例如 /swap ADA USDT。

# 不会失约的提醒与自动清扫（issue 15 第 6 点）。
auto-sweep-postponed = 自动清扫：一次在 dustpan 之外进行的转换让交易所的冷却期重新开始，因此没有进行转换。我会在 { $at } 再试。
auto-sweep-postponed-unexplained = 自动清扫：交易所表示冷却期尚未结束，但其记录中没有最近的转换，因此没有进行转换。我会从 { $at } 起再试，不再另行通知。
reminders-key-refused = 交易所拒绝了你的 API Key（已删除、已过期，或不允许从本服务器的 IP 访问），因此提醒和自动清扫已暂停。用 /connect 发送新的 API Key 即可恢复。
auto-sweep-unknown = 自动清扫：我无法确认你的粉尘是否已转换。/history 和币安自己的 App 会显示结果。

# 凭据表单（issue 16 第 3 点）：表单标题和字段名（Discord：每项最多 45 个字符）；
# 文字引导表单每条消息询问一个字段。
credentials-form-title = 连接你的币安 API Key
credentials-field-key = API Key
credentials-field-secret = Secret Key
credentials-field-passphrase = API Passphrase（密码短语）
connect-ask-passphrase = 现在请发送 API Passphrase（消息会被立即删除）。发送 /cancel 可取消。

## Discord
discord-option-assets = 要转换的资产，用逗号分隔，或 all
discord-option-from = 要兑换的资产
discord-option-to = 要获得的资产
discord-option-amount = 兑换数量（数字）或 all
discord-option-setting = 要更改的设置
discord-option-value = 新的值
discord-option-language = 使用的语言
discord-nothing = 完成。
discord-connect-again = 请再次运行 /connect 打开填写密钥的表单。
discord-credentials-missing = API Key 和 Secret Key 都需要填写。请再次运行 /connect。

## Discord command names
discord-name-help = 帮助
discord-name-connect = 连接
discord-name-disconnect = 断开
discord-name-dust = 粉尘
discord-name-convert = 转换
discord-name-swap = 闪兑
discord-name-cooldown = 冷却
discord-name-history = 历史
discord-name-settings = 设置
discord-name-language = 语言
discord-name-forget = 删除数据
discord-name-privacy = 隐私

## Access and operator commands (issue 19)
access-refused = 这是一个私人机器人。请联系其运营者添加 { $id }。
stats-title = 📊 机器人统计
stats-split = Telegram { $telegram } · Discord { $discord } · 控制台 { $console }
stats-users = 用户：{ $total }（{ $split }）
stats-keys = 已连接的密钥：{ $total }（{ $split }）
stats-period = { $period }：小额资产转换 { $dust } 次（{ $split }），收到 { $received }；Spot Convert 操作 { $spot } 次
stats-period-today = 今天（UTC）
stats-period-week = 最近 7 天
stats-period-all = 全部时间
stats-reminders = 提醒：待发送 { $pending }（{ $split }），已发送 { $sent }
stats-weight = 交易所权重 { $bucket }：本分钟已用 { $used } / { $limit }
stats-weight-unknown = 交易所权重：此交易所的适配器不统计它。
stats-rate-limited = 启动以来交易所的限流响应：“请求过多”（429）{ $too_many } 次，封禁（418）{ $banned } 次
stats-chat-rate-limited = { $platform }：启动以来其 API 返回 { $count } 次“请求过多”（429）
health-title-ok = 🩺 健康状况：就绪
health-title-failing = 🩺 健康状况：未就绪
health-database = 数据库（一次写入）
health-exchange = 交易所（服务器时间）
health-part-ok = ✅ { $part }：正常
health-part-failing = ❌ { $part }：{ $reason }
health-frontend-connected = ✅ { $frontend }：已连接
health-frontend-disconnected = ❌ { $frontend }：未连接
health-oldest-unsettled = 已发送但尚未结算的最早操作：{ $age }前
health-nothing-unsettled = 没有等待结算的操作。
health-open-operations = 未完成的操作，{ $state }：{ $count }

## /convert … to 目标（币安 Dust Convert 转换为所选资产）

convert-target-not-offered = 此处小额资产无法转换为 { $target }。可选目标：{ $targets }。
convert-nothing-to = 目前没有可转换为 { $target } 的资产。
confirm-title-to = 将 { $count } 种资产转换为 { $target }：
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − 手续费 { $fee } = { $net } { $target }
confirm-totals-to = 合计：{ $gross } { $target } − 手续费 { $fee } = { $net } { $target }（交易所的最终数额可能略有差异）
button-convert-selected-to = 转换 { $count } 种资产 → ≈ { $net } { $target }
left-out-not-convertible-to = 已排除：{ $asset } 目前无法转换为 { $target }。
convert-done-to = 已转换 { $count } 种资产：{ $gross } { $target } − 手续费 { $fee } { $target } = 实收 { $received } { $target }。币安流水号 { $tran_id }。
history-line-to = • { $at }：{ $assets } → { $gross } { $target }（手续费 { $fee }），流水号 { $tran_id }
history-line-elsewhere-to = • { $at }：{ $assets } → { $gross } { $target }（手续费 { $fee }），流水号 { $tran_id }——在 dustpan 之外完成
discord-option-convert-to = 要获得的资产，代替交易所默认资产（例如 USDT）
left-out-kept = 已保留：{ $asset } 用于支付交易所手续费，因此 “all” 不会转换它；如需转换，请写明它。
menu-export = 导出历史记录为 CSV，供税务工具使用
discord-option-period = 时间范围：30d、2026 或 all（默认）
export-bad-period = 无法理解该时间范围。请尝试 /export、/export 30d、/export 2026 或 /export all。
export-empty = 该时间范围内没有可导出的内容：没有转换、兑换或卖出。
export-caption = 你的历史记录：{ $count } 条，每个资产一行（Koinly 通用格式）。
console-file-saved = 文件已保存：{ $path }
discord-name-export = 导出
connect-exchange-unknown = dustpan 无法在此连接 { $exchange } 的密钥。
connect-bad-format-exchange = 这看起来不像 { $exchange } 的 API 密钥和密文。
disconnect-which = 已连接多个交易所（{ $exchanges }）。请指明哪一个：/disconnect 交易所
dust-exchange-title = { $exchange }：你的小额资产（兑换为 { $target }）
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = 这里没有可兑换的小额余额。
dust-exchange-batches = 每次兑换最多 { $max } 个资产：更多的选择会由 dustpan 分成多次兑换发送，每次 { $max } 个。
dust-exchange-no-cooldown = 这里两次兑换之间无需等待。
convert-which-exchange = 已连接多个交易所（{ $exchanges }）。请指定在哪个交易所兑换：/convert 交易所 all（或资产名），例如 /convert mexc all
convert-batches = { $exchange } 每次调用最多兑换 { $max } 个资产：您的 { $count } 个资产分为下方 { $batches } 次兑换，每次单独确认。
convert-batches-window = 每次兑换都计入交易所每 { $span } { $limit } 次的限额。
convert-batch = 第 { $n } 次兑换，共 { $batches } 次：
convert-on-exchange = 在 { $exchange }：
confirm-window-warning = 该交易所每 { $span } 允许 { $limit } 次小额资产兑换；本次计入其中。
convert-done-on = 已在 { $exchange } 兑换 { $count } 个资产：{ $gross } { $target } − 手续费 { $fee } { $target } = 到账 { $received } { $target }。批次号 { $tran_id }。
dust-exchange-window = { $exchange } 每 { $span } 最多允许 { $limit } 次小额兑换。
dust-exchange-failed = { $exchange }：暂时无法读取（{ $reason }）。其他交易所照常显示。
button-convert-on = 在 { $exchange } 兑换 { $count } 个 → ≈ { $net } { $target }
history-exchange-title = { $exchange }：
reminder-title-on = ⏰ { $exchange }：小额资产兑换的冷却期已结束：可以再次清扫粉尘了。
reminder-summary-to = { $count } 种资产，价值 ≈ { $value } → 扣除手续费后 ≈ { $net } { $target }。
connect-which-exchange = 要连接哪个交易所？随后 dustpan 会请你发送它的 API 密钥。
button-connect-exchange = { $exchange }
credentials-form-title-on = 连接你的 { $exchange } API 密钥
connect-ask-key-on = 发送你的 { $exchange } API 密钥（消息会立即删除）。/cancel 停止。
discord-option-exchange = 哪个交易所（当你在多个交易所有密钥时）
connect-warn-no-ip-on = 警告：这个 API Key 没有设置 IP 白名单。请在 { $exchange } 的 API 管理中把它限制为可信 IP。

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = 建议：{ $to_target } 种资产用小额资产转换为 { $target }，{ $convert } 种用闪兑，{ $sell } 种自行卖出——合计 ≈ { $value }。请按“按建议转换其余资产”。
plan-best-to =   ↳ 最佳：小额资产转换为 { $receive_asset } → 扣除交易所手续费后 ≈ { $receive } { $receive_asset }（≈ { $value }）
plan-confirm-to = • 将 { $count } 种资产（{ $assets }）小额转换为 { $target } → 扣除手续费后 ≈ { $net } { $target }
plan-batch-to = 为何选 { $asset }：将 { $count } 笔小额余额转换为 { $asset }，扣除交易所手续费 { $fee } { $asset } 后得到 { $received } { $asset }，计划价值 ≈ { $worth }；若转换为 { $other_asset }（{ $other_count } 种资产，扣除 { $other_fee } { $other_asset } 后 { $other_received } { $other_asset }，≈ { $other_in_target } { $asset }），价值 ≈ { $other_worth }。两者共用同一冷却期，只执行其一。
plan-batch-bnb = 为何选 { $asset }：将 { $count } 笔小额余额转换为 { $asset }，扣除交易所手续费 { $fee } { $asset } 后得到 { $received } { $asset }（≈ { $in_target } { $other_asset }），计划价值 ≈ { $worth }；若转换为 { $other_asset }（{ $other_count } 种资产，扣除 { $other_fee } { $other_asset } 后 { $other_received } { $other_asset }），价值 ≈ { $other_worth }，并不更多。两者共用同一冷却期，只执行其一。
dust-pending-processing = { $exchange } 已接受兑换，仍在处理中。不会重复提交；{ $exchange } 处理完成后，将在此按资产报告结果。
dust-pending-done = { $exchange }：小额资产兑换已完成。按资产：
dust-pending-converted = • { $asset } { $amount } → { $received } { $target }（手续费 { $fee }）
dust-pending-failed = • { $asset }：未兑换（{ $reason }）；已退回您的钱包
dust-pending-none = 没有任何资产被兑换；资产已退回您的钱包。可以用 /convert 重试。
dust-pending-total = 共收到：{ $received } { $target }。详见 /history。
button-chart = 图表
discord-option-view = report（文字）或 chart（图片）
chart-title = { $exchange }：你的小额资产（{ $currency }）
chart-convertible = 可转换 ≈ { $value } → 扣除手续费后 { $net } { $target }
chart-nothing-convertible = 目前没有可转换的资产。
chart-plan-worth = 所有建议方式合计 ≈ { $value }
chart-way-small = 小额资产转换 → { $target }
chart-way-convert = 闪兑 → { $target }
chart-way-sell = 在市场卖出
chart-way-keep = 保留：目前无法处理
chart-more = 另有 { $count } 种 ≈ { $value }
chart-caption = 你在 { $exchange } 的小额资产：{ $count } 种 ≈ { $value }。
chart-no-dust = 你没有小额资产，没有可绘制的内容。
chart-failed = 目前无法绘制图表；/dust 以文字显示相同内容。
