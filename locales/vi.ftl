# dustpan — Tiếng Việt. Khóa và thứ tự giống en.ftl (bản gốc); khóa nào thiếu sẽ dùng tiếng Anh.
# Lệnh, ký hiệu tài sản và các từ cài đặt mà người dùng gõ được giữ nguyên.
# Tiếng Việt không có dạng số nhiều cho danh từ đếm được (3 tài sản), nên không cần bộ chọn số nhiều.

## /start, /help

start-intro =
    dustpan dọn “bụi” crypto: những số dư rất nhỏ còn sót lại trong tài khoản sàn của bạn từ phần thưởng, airdrop và giao dịch, quá nhỏ để bán.
    /dust liệt kê chúng và cho biết nên làm gì; /convert chuyển đổi chúng sang BNB sau khi bạn bấm “Xác nhận”; bot sẽ nhắc bạn khi được phép dọn lần tiếp theo.
start-next-connect = Tiếp theo: kết nối một khóa API Binance đã bật quyền đọc và giao dịch Spot, tắt quyền rút tiền — /connect (trong cuộc trò chuyện riêng).
start-next-connected = Khóa của bạn đã được kết nối. Hãy thử /dust.
help =
    Các lệnh:
    /dust — các số dư nhỏ của bạn và nên làm gì với chúng; /dust chart, nội dung đó dưới dạng hình ảnh
    /convert — chuyển đổi bụi sang BNB (chọn tài sản); /convert all, hoặc /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — đổi một tài sản sang tài sản khác bằng “Chuyển đổi” theo giá được báo, ví dụ /swap ADA USDT all
    /cooldown — khi nào có thể chuyển đổi lần tiếp theo
    /history — các lần chuyển đổi gần đây
    /connect API_KEY API_SECRET — kết nối khóa Binance của bạn (chỉ trong cuộc trò chuyện riêng)
    /disconnect — xóa khóa đã lưu
    /forget — xóa mọi thứ dustpan lưu về bạn
    /cancel — thoát khỏi biểu mẫu
unknown-command = Lệnh không xác định: /{ $command }. Xem /help.
not-a-command = Tôi trả lời các lệnh. Xem /help.
cancelled = Đã hủy. Không có gì thay đổi.

## Lỗi

error-not-connected = Chưa có khóa sàn nào được kết nối. Hãy dùng /connect trong cuộc trò chuyện riêng.
error-key-unreadable = Không thể đọc khóa đã lưu của bạn nữa. Vui lòng kết nối lại bằng /connect.
error-no-master-key = Bot này không thể lưu khóa: người vận hành chưa cấu hình khóa chính.
error-internal = Đã xảy ra lỗi ở phía chúng tôi. Nếu bạn vừa xác nhận một lần chuyển đổi hoặc hoán đổi, hãy kiểm tra /history trước khi thử lại: dustpan không bao giờ gửi một thao tác đã xác nhận hai lần.
error-exchange-not-authorized = Binance cho biết tài khoản này không được phép thực hiện yêu cầu này (có thể cần bật Convert API cho tài khoản của bạn).
error-exchange-key-refused = Binance đã từ chối khóa API của bạn: hãy kiểm tra khóa còn hiệu lực, có đúng quyền và danh sách IP được phép có chứa máy chủ của bot này.
error-exchange-busy = Binance yêu cầu chúng tôi chậm lại. Vui lòng thử lại sau { $seconds } giây.
error-exchange-rejected = Binance đã từ chối yêu cầu: { $message } (mã { $code }).
error-exchange-outcome-unknown = Câu trả lời từ Binance đã bị mất; dustpan đang kiểm tra chuyện gì đã xảy ra.
error-exchange-unavailable = Hiện không thể kết nối tới Binance. Vui lòng thử lại sau một phút.

## /connect

connect-private-only = Vì an toàn của bạn, chỉ gửi khóa API trong cuộc trò chuyện riêng với bot. Nếu tin nhắn của bạn có chứa khóa, nó đã bị xóa ở đây — hãy cân nhắc tạo khóa mới.
connect-ask-key = Gửi khóa API Binance của bạn (tin nhắn sẽ bị xóa ngay). /cancel để dừng.
connect-ask-secret = Bây giờ hãy gửi khóa bí mật API (tin nhắn sẽ bị xóa ngay). /cancel để dừng.
connect-start-again = Quá lâu hoặc bot đã khởi động lại. Vui lòng bắt đầu lại bằng /connect.
connect-bad-format = Đây không giống khóa API và khóa bí mật của Binance (chữ và số, thường mỗi khóa 64 ký tự).
connect-refused = Binance đã từ chối khóa này. Hãy kiểm tra khóa, các quyền và danh sách IP được phép của nó.
connect-withdrawals-enabled = Khóa này có thể rút tiền. dustpan từ chối những khóa như vậy: hãy tạo một khóa đã tắt quyền rút tiền.
connect-missing-permission = Khóa này thiếu một quyền mà dustpan cần (đọc: { $reading ->
        [yes] bật
       *[no] tắt
    }, giao dịch Spot: { $trading ->
        [yes] bật
       *[no] tắt
    }). Hãy bật quyền đọc và giao dịch Spot, giữ quyền rút tiền ở trạng thái tắt.
connect-ip-restriction-required = Bot này chỉ chấp nhận khóa bị giới hạn theo IP tin cậy. Trong mục Quản lý API của Binance, hãy giới hạn khóa theo địa chỉ IP của bot, rồi /connect lại.
key-permissions-changed = Không có gì được chuyển đổi: khóa của bạn không còn đáp ứng yêu cầu của bot này (các quyền của nó được đọc lại mỗi ngày).
connect-done = Đã kết nối khóa { $fingerprint }. Khóa được lưu ở dạng mã hóa.
connect-warn-no-ip = Cảnh báo: khóa này không có danh sách IP được phép. Hãy giới hạn nó theo IP tin cậy trong mục Quản lý API của Binance.
connect-next = Hãy thử /dust.
disconnect-done = Khóa của bạn đã được xóa.
disconnect-nothing = Không có khóa nào được lưu.

## /forget

forget-confirm = Thao tác này xóa khóa API đã lưu, các bản ghi chuyển đổi, các thao tác đang chờ và cài đặt của bạn. Nút có hiệu lực trong { $ttl }.
forget-inflight = Một thao tác bạn đã xác nhận lúc { $sent } vẫn chưa được Binance xác nhận. Xóa dữ liệu sẽ bỏ bản ghi của dustpan về thao tác đó; Binance vẫn giữ bản ghi riêng (hãy kiểm tra ứng dụng Binance).
forget-done = Đã xóa: { $keys } khóa đã lưu, { $conversions } bản ghi chuyển đổi, { $operations } thao tác và cài đặt của bạn. Tạm biệt!

## /dust

dust-title = Bụi của bạn
dust-none = Không có số dư nhỏ nào. Không có gì để dọn.
dust-section-convertible = Có thể chuyển đổi sang BNB ({ $count } tài sản, phí { $fee_percent }%):
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − phí { $fee } = { $net } BNB{ $below_min ->
        [yes] , dưới mức lệnh tối thiểu
       *[no] {""}
    }
dust-section-below-minimum = Dưới mức lệnh tối thiểu của thị trường Spot, không thể chuyển đổi sang BNB:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — lệnh tối thiểu { $min_qty } { $asset } hoặc { $min_notional } { $quote }
dust-section-ineligible = Không thể chuyển đổi:
dust-line-delisted = • { $asset } { $amount } — đã bị hủy niêm yết hoặc chưa mở giao dịch: không giao dịch trên Binance nên không thể bán hay chuyển đổi ở đây; hãy theo dõi thông báo của Binance, hoặc rút nó ra.
dust-totals = Tổng có thể chuyển đổi ≈ { $value }: { $bnb } BNB − phí { $fee } = { $net } BNB
dust-tradeable = { $count } số dư khác đủ lớn để bán theo cách thông thường.
dust-cooldown-ready = Hiện có thể dùng “Chuyển đổi số dư nhỏ sang BNB”.
dust-cooldown-wait = Lần chuyển đổi tiếp theo có thể thực hiện sau { $left } (lúc { $at }).

advice-nothing = Hiện không có gì để chuyển đổi.
advice-wait = Đáng chuyển đổi, nhưng hãy chờ { $left } cho hết thời gian chờ.
advice-not-worth-it = Trị giá ≈ { $value } — dưới mức tối thiểu ${ $min } của bạn{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }, chưa đáng để chuyển đổi.
advice-plan = Đề xuất: { $bnb } tài sản qua “Chuyển đổi số dư nhỏ sang BNB”, { $convert } qua “Chuyển đổi”, { $sell } tự bán — tổng cộng ≈ { $value }. Bấm “Chuyển đổi phần còn lại theo đề xuất”.

## /convert

select-title = Chọn những gì cần chuyển đổi ({ $count } tài sản có thể chuyển đổi). Chạm vào một tài sản để bỏ nó ra.
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = Chuyển đổi { $count } tài sản → ≈ { $net } BNB
button-confirm = Xác nhận
button-cancel = Hủy
button-forget = Xóa tất cả
confirm-title = Chuyển đổi { $count } tài sản sang BNB:
confirm-line = • { $asset } { $amount } → { $bnb } BNB − phí { $fee } = { $net } BNB
confirm-totals = Tổng: { $bnb } BNB − phí { $fee } = { $net } BNB (số liệu cuối cùng của sàn có thể hơi khác)
confirm-cooldown-warning = Sau lần này, lần “Chuyển đổi số dư nhỏ sang BNB” tiếp theo có thể thực hiện sau { $cooldown }.
confirm-expiry = Bấm “Xác nhận” trong vòng { $ttl }.
left-out-not-convertible = Đã bỏ ra: { $asset } hiện không thể chuyển đổi sang BNB.
left-out-not-an-asset = Đã bỏ ra: “{ $asset }” không phải tên tài sản.
convert-nothing = Hiện không có gì có thể chuyển đổi sang BNB.
convert-none-selected = Không tài sản nào trong số đó có thể chuyển đổi. Xem /dust.
convert-cooldown = “Chuyển đổi số dư nhỏ sang BNB” chỉ dùng được một lần mỗi khoảng thời gian chờ: lần tiếp theo sau { $left } (lúc { $at }). Không có gì được gửi tới sàn.
convert-done = Đã chuyển đổi { $count } tài sản: { $bnb } BNB − phí { $fee } BNB = nhận được { $received } BNB. ID chuyển khoản Binance: { $tran_id }.
convert-next = Lần chuyển đổi tiếp theo có thể thực hiện lúc { $at }; bot sẽ nhắc bạn.
convert-failed = Chưa chuyển đổi: { $reason }
convert-submitted-unknown = Đã gửi; đang xác nhận kết quả với { $exchange }… Hãy kiểm tra /history sau một phút. Không có gì được gửi hai lần.
convert-still-confirming = Một thao tác bạn đã xác nhận lúc { $sent } vẫn đang được xác nhận với Binance, nên các lần chuyển đổi phải chờ. Vui lòng thử lại sau một phút. Nếu Binance chưa xác nhận trước { $until }, dustpan sẽ ngừng chờ: khi đó /history và ứng dụng Binance (Lệnh → Lịch sử chuyển đổi, và lịch sử chuyển đổi số dư nhỏ) sẽ cho biết thao tác đó có diễn ra hay không.
convert-not-executed = Binance đã không thực hiện chuyển đổi. Không có gì thay đổi; bạn có thể thử lại bằng /convert.

button-stale = Nút này không còn hiệu lực.
button-not-yours = Nút này thuộc về người khác.
button-expired = Lần xác nhận này đã hết hạn. Không có gì được thực hiện; hãy bắt đầu lại.
button-in-progress = Đang được xử lý.
button-used = Việc này đã được thực hiện.

## /swap (“Chuyển đổi”)

swap-usage = Cách dùng: /swap FROM TO [AMOUNT|all], ví dụ /swap ADA USDT all hoặc /swap ETH USDT 0.01.
swap-no-pair = Binance không chuyển đổi { $from } sang { $to }. Hãy thử USDT, BTC, BNB hoặc ETH làm đích.
swap-nothing = Bạn không có { $asset } khả dụng để hoán đổi.
swap-below-minimum = { $amount } { $from } dưới mức tối thiểu của Binance để chuyển đổi { $from } sang { $to }: ít nhất { $min } { $from }. Nạp thêm { $top_up } { $from } (≈ { $cost }) để đạt mức đó, hoặc chuyển đổi sang BNB bằng /convert.
swap-above-maximum = Binance chuyển đổi tối đa { $max } { $from } mỗi lần. Hãy hoán đổi số lượng nhỏ hơn.
swap-funds-short = Bạn không có { $amount } { $from } khả dụng, nên Binance đưa ra giá nhưng không có báo giá để chấp nhận. Hãy kiểm tra số dư (tiền trong lệnh đang mở không khả dụng).
swap-expired-before-send = Báo giá đã hết hạn trước khi kịp gửi, nên không có gì được hoán đổi. Hãy chạy lại /swap để có giá mới.
swap-no-convert-access = Binance chưa bật Convert API cho tài khoản này (lỗi -1002). Hãy đăng ký quyền truy cập Convert API trong tài khoản Binance (Quản lý API), hoặc dùng /convert sang BNB thay thế.
swap-amount-out-of-range = Binance từ chối số lượng vì nằm ngoài giới hạn của cặp. Hãy thử số lượng khác.
swap-confirm-title = Hoán đổi theo giá được báo này:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (tỷ giá 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   giá Spot { $spot }; báo giá thấp hơn { $spread }% (chênh lệch của Binance)
swap-confirm-expiry = Giá này giữ trong { $seconds } giây. Hãy bấm “Xác nhận” kịp thời; bấm muộn hơn sẽ lấy giá mới và hỏi lại.
swap-requoted = Giá trước đã hết hạn. Không có gì được chuyển đổi. Đây là giá mới:
swap-done = Đã hoán đổi { $from_amount } { $from } → { $to_amount } { $to }. ID lệnh Binance: { $order_id }.
swap-failed = Chưa hoán đổi: { $reason }
swap-not-executed = Binance đã không thực hiện hoán đổi. Không có gì thay đổi; bạn có thể thử lại bằng /swap.

## Kế hoạch (trong /dust)

plan-best-bnb =   ↳ tốt nhất: “Chuyển đổi số dư nhỏ sang BNB” → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ tốt nhất: “Chuyển đổi” → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ tốt nhất: bán trên { $symbol } → ≈ { $receive } { $receive_asset } sau phí taker { $fee_percent }% (≈ { $value })
plan-best-leave =   ↳ tốt nhất: để nguyên — hiện không có cách nào mang lại gì.
plan-best-leave-top-up =   ↳ tốt nhất: tạm để nguyên — “Chuyển đổi” cần { $min } { $asset }: nạp thêm { $top_up } { $asset } (≈ { $cost }) để đạt mức đó.
button-plan = Chuyển đổi phần còn lại theo đề xuất
button-swap-instead = Thay vào đó, hoán đổi { $asset } → { $target }
plan-nothing = Hiện không thể thực hiện bước nào trong kế hoạch. Xem /dust.
plan-confirm-title = Chuyển đổi theo đề xuất:
plan-confirm-bnb = • “Chuyển đổi số dư nhỏ sang BNB” cho { $count } tài sản ({ $assets }) → ≈ { $net } BNB sau phí
plan-confirm-unquoted = • { $asset }: hiện không có báo giá; đã bỏ ra.
plan-confirm-sell = • Bán { $amount } { $asset } trên { $symbol } theo giá thị trường (phí taker { $fee_percent }%; giá là giá thị trường tại thời điểm đặt lệnh)
plan-sold = Đã bán { $qty } { $asset } trên { $symbol } → { $quote } { $quote_asset }, phí { $fee } { $fee_asset }. ID lệnh Binance: { $order_id }.
plan-sold-no-fee = Đã bán { $qty } { $asset } trên { $symbol } → { $quote } { $quote_asset } trước phí. ID lệnh Binance: { $order_id }.
plan-sell-failed = Chưa bán: { $asset } trên { $symbol }: { $reason }
plan-sell-not-executed = Binance đã không thực hiện lệnh bán { $asset } trên { $symbol }. Không có gì thay đổi.
plan-leg-expired = Đã dừng: giá { $from } → { $to } hết hạn trước khi kịp chấp nhận. Không có gì được chuyển đổi; dùng /swap { $from } { $to } để có giá mới.

## /cooldown, /history

cooldown-never = Không có lần chuyển đổi nào trong nhật ký bụi gần đây: bạn có thể chuyển đổi ngay.
cooldown-ready = Bạn có thể chuyển đổi ngay. Lần chuyển đổi gần nhất: { $last }.
cooldown-wait = Lần chuyển đổi tiếp theo có thể thực hiện sau { $left }, lúc { $at }. Lần chuyển đổi gần nhất: { $last }.
history-unresolved-title = Chưa được Binance xác nhận (dustpan đã ngừng chờ; ứng dụng Binance cho biết các thao tác này có diễn ra hay không):
history-unresolved-dust = • { $sent }: chuyển đổi số dư nhỏ { $assets } sang BNB
history-unresolved-swap = • { $sent }: hoán đổi { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: bán { $asset } trên { $symbol }
history-unresolved-other = • { $sent }: một thao tác
history-empty = Chưa có lần chuyển đổi nào.
history-title = Các lần chuyển đổi gần đây:
history-line = • { $at }: { $assets } → { $bnb } BNB (phí { $fee }), chuyển khoản { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (phí { $fee }), chuyển khoản { $tran_id } — thực hiện ngoài dustpan

## Bảng điều khiển

console-no-such-button = Không có nút nào mang số đó.
console-banner = Bản demo dustpan trên sàn Binance mô phỏng tại { $url }. Gõ /help để xem các lệnh; bấm một nút bằng cách gõ số của nó. Ctrl-D để thoát.

## Menu (mô tả lệnh, 3–256 ký tự)

menu-start = dustpan làm gì và bắt đầu thế nào
menu-help = Tất cả các lệnh
menu-connect = Kết nối khóa API Binance (trò chuyện riêng)
menu-disconnect = Xóa khóa đã lưu
menu-dust = Các số dư nhỏ của bạn và nên làm gì với chúng
menu-convert = Chuyển đổi bụi sang BNB
menu-swap = Đổi một tài sản sang tài sản khác (“Chuyển đổi”)
menu-cooldown = Khi nào có thể chuyển đổi lần tiếp theo
menu-history = Các lần chuyển đổi gần đây
menu-settings = Nhắc nhở và cài đặt hiển thị
menu-language = Chọn ngôn ngữ
menu-forget = Xóa mọi thứ dustpan lưu về bạn
menu-privacy = dustpan lưu gì và vì sao

## /settings, /language, /privacy

settings-title = Cài đặt của bạn:
settings-reminders = Nhắc khi hết thời gian chờ: { $state ->
        [on] bật
       *[off] tắt
    }
settings-min-worth = Chỉ nhắc khi bụi trị giá ít nhất ${ $usdt }
settings-timezone = Múi giờ: { $timezone }
settings-quiet = Giờ yên lặng: { $from }–{ $to } ({ $mode ->
        [silent] gửi không có âm báo
       *[postpone] hoãn đến khi kết thúc
    })
settings-quiet-none = Giờ yên lặng: không có
settings-auto-sweep = Tự động dọn khi hết thời gian chờ: { $state ->
        [on] bật
       *[off] tắt
    } (tối đa ${ $cap })
settings-target = Kế hoạch “Chuyển đổi” đổi sang: { $target }
settings-currency = Giá trị hiển thị theo: { $currency }
settings-language = Ngôn ngữ: { $language } (/language)
settings-how = Thay đổi: /settings min 2 · /settings timezone Europe/Berlin · /settings quiet 22:00-07:00 (hoặc off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Đã lưu.
settings-bad = Cài đặt đó không hợp lệ ({ $setting }). Xem /settings.
settings-target-refused = “Chuyển đổi” của Binance không có cặp nào sang { $asset }, nên kế hoạch không thể đổi sang đó. Đích của bạn vẫn là { $current }.
settings-currency-refused = dustpan không thể định giá USDT theo { $currency } từ giá của Binance, nên không thể hiển thị giá trị theo đơn vị đó. Giá trị vẫn hiển thị theo { $current }.
button-setting-reminders = Nhắc nhở: { $state ->
        [on] bật
       *[off] tắt
    }
button-setting-quiet-silent = Im lặng trong giờ yên lặng: { $state ->
        [on] bật
       *[off] tắt
    }
button-setting-auto-sweep = Tự động dọn: { $state ->
        [on] bật
       *[off] tắt
    }
language-current = Ngôn ngữ: { $language }. Có sẵn: { $available }. Đổi bằng /language MÃ.
language-set = Đã đặt ngôn ngữ: { $language }.
language-unknown = “{ $language }” không có sẵn. Có sẵn: { $available }.
language-name = Tiếng Việt
language-button = { $name }
amount-ambiguous = “{ $amount }” có thể hiểu theo hai cách: dấu phẩy có thể ngăn cách hàng nghìn hoặc phần thập phân. Hãy viết số tiền không có dấu phân cách hàng nghìn và chỉ một dấu thập phân, ví dụ 1000, 1,5 hoặc 0,001.
privacy =
    dustpan lưu: ID người dùng trong cuộc trò chuyện, ngôn ngữ, múi giờ và cài đặt của bạn; khóa API và khóa bí mật sàn của bạn, được mã hóa (AES-256-GCM) và chỉ dùng để thay bạn làm việc với sàn; bản ghi các lần chuyển đổi và các xác nhận đang chờ.
    Bot không bao giờ lưu tin nhắn của bạn, không bao giờ hiển thị lại khóa của bạn và từ chối khóa có quyền rút tiền. /forget xóa toàn bộ những thứ đó.

## Nhắc nhở

reminder-title = ⏰ Thời gian chờ “Chuyển đổi số dư nhỏ sang BNB” của bạn đã hết: bạn có thể dọn bụi lại.
reminder-summary = { $count } tài sản trị giá ≈ { $value } → ≈ { $net } BNB sau phí.
button-convert-now = Chuyển đổi ngay
button-snooze-1h = Nhắc lại sau 1 giờ
button-snooze-6h = Nhắc lại sau 6 giờ
button-stop-reminders = Dừng nhắc nhở
reminder-snoozed = Đã hoãn: tôi sẽ nhắc bạn lúc { $at }.
reminder-stopped = Đã tắt nhắc nhở. Bật lại trong /settings.
auto-sweep-done = Tự động dọn: thời gian chờ đã hết và bụi của bạn đã được chuyển đổi.
auto-sweep-failed = Tự động dọn: thời gian chờ đã hết nhưng chuyển đổi không thành công.
auto-sweep-turned-off = Tự động dọn đã thất bại hai lần liên tiếp và giờ đã tắt. Bật lại trong /settings.

## Giao diện Telegram
telegram-working = Đang xử lý…
telegram-delete-failed = Tôi không thể xóa tin nhắn chứa khóa của bạn. Vui lòng tự xóa nó và cân nhắc tạo khóa mới.
telegram-group-private-only = Số dư, lịch sử, cài đặt và chuyển đổi chỉ có trong cuộc trò chuyện riêng với tôi: { $link }
telegram-group-press-private-only = Tính năng này chỉ hoạt động trong cuộc trò chuyện riêng với bot.

## Khoảng thời gian

span-s = { $s } giây
span-min = { $m } phút
span-min-s = { $m } phút { $s } giây
span-h = { $h } giờ
span-h-min = { $h } giờ { $m } phút

## Issue 15 mục 7: tài sản hiện không giao dịch được, hạn mức báo giá “Chuyển đổi”

dust-line-halted = • { $asset } { $amount } — giao dịch đang tạm dừng trên Binance: hãy thử lại sau.
dust-line-end-of-day = • { $asset } { $amount } — thị trường của nó đã đóng cửa trong ngày: hãy thử lại khi mở cửa.
dust-line-cancel-only = • { $asset } { $amount } — Binance hiện chỉ chấp nhận lệnh hủy trên thị trường này: hãy thử lại sau.
dust-line-not-tradable = • { $asset } { $amount } — hiện không thể giao dịch trên Binance: hãy thử lại sau.
swap-quote-quota-hourly = Đã đạt hạn mức báo giá “Chuyển đổi” trong giờ này của Binance (lỗi 345103). Hãy thử lại sau một giờ, hoặc dùng /convert sang BNB ngay.
swap-quote-quota-daily = Đã đạt hạn mức báo giá “Chuyển đổi” hằng ngày của Binance (lỗi 345239). Hãy thử lại vào ngày mai, hoặc dùng /convert sang BNB ngay.
## Giới hạn theo người dùng (issue 15)
error-too-fast = Bạn gửi lệnh nhanh hơn tôi có thể trả lời. Vui lòng chờ { $seconds } giây.
error-exchange-busy-for-you = Hạn mức yêu cầu tới Binance được dùng chung cho mọi người ở đây và bạn đã dùng hết phần của mình lúc này. Vui lòng thử lại sau { $seconds } giây.
dust-as-of = (Tính đến { $seconds } giây trước: kết quả của lần /dust gần nhất.)
swap-unknown-asset = dustpan không tìm thấy thị trường nào cho { $asset } trên Binance. Hãy kiểm tra chính tả, ví dụ /swap ADA USDT.

# Nhắc nhở và tự động dọn luôn giữ lời (issue 15, mục 6).
auto-sweep-postponed = Tự động dọn: một lần chuyển đổi thực hiện ngoài dustpan đã khởi động lại thời gian chờ của sàn, nên không có gì được chuyển đổi. Tôi sẽ thử lại lúc { $at }.
auto-sweep-postponed-unexplained = Tự động dọn: sàn cho biết thời gian chờ chưa kết thúc, dù nhật ký của sàn không có lần chuyển đổi nào gần đây, nên không có gì được chuyển đổi. Tôi sẽ thử lại từ { $at } mà không nhắn thêm.
reminders-key-refused = Sàn đã từ chối khóa API của bạn (đã bị xóa, hết hạn hoặc không được phép từ IP của máy chủ này), nên nhắc nhở và tự động dọn đã tạm dừng. Gửi /connect với khóa mới để tiếp tục.
auto-sweep-unknown = Tự động dọn: tôi không thể xác nhận bụi của bạn đã được chuyển đổi hay chưa. /history và ứng dụng Binance sẽ cho biết chuyện gì đã xảy ra.

# Biểu mẫu thông tin xác thực (issue 16 mục 3): tiêu đề biểu mẫu và nhãn các trường (Discord: tối đa
# 45 ký tự mỗi nhãn); biểu mẫu dạng văn bản hỏi từng trường trong mỗi tin nhắn.
credentials-form-title = Kết nối khóa API Binance của bạn
credentials-field-key = Khóa API
credentials-field-secret = Khóa bí mật API
credentials-field-passphrase = Cụm mật khẩu API
connect-ask-passphrase = Bây giờ hãy gửi cụm mật khẩu API (tin nhắn sẽ bị xóa ngay). /cancel để dừng.

## Discord
discord-option-assets = Các tài sản cần chuyển đổi, cách nhau bằng dấu phẩy, hoặc all
discord-option-from = Tài sản muốn hoán đổi
discord-option-to = Tài sản muốn nhận
discord-option-amount = Số lượng muốn hoán đổi (một con số) hoặc all
discord-option-setting = Cài đặt muốn thay đổi
discord-option-value = Giá trị mới của nó
discord-option-language = Ngôn ngữ sử dụng
discord-nothing = Xong.
discord-connect-again = Hãy chạy lại /connect để mở biểu mẫu nhập khóa.
discord-credentials-missing = Cần cả API key và API secret. Hãy chạy lại /connect.

## Discord command names
discord-name-help = trợ-giúp
discord-name-connect = kết-nối
discord-name-disconnect = ngắt-kết-nối
discord-name-dust = số-dư-nhỏ
discord-name-convert = chuyển-đổi
discord-name-swap = hoán-đổi
discord-name-cooldown = chờ
discord-name-history = lịch-sử
discord-name-settings = cài-đặt
discord-name-language = ngôn-ngữ
discord-name-forget = xóa-dữ-liệu
discord-name-privacy = quyền-riêng-tư

## Access and operator commands (issue 19)
access-refused = Bot này là riêng tư. Hãy nhờ người vận hành thêm { $id }.
stats-title = 📊 Thống kê bot
stats-split = Telegram { $telegram } · Discord { $discord } · console { $console }
stats-users = Người dùng: { $total } ({ $split })
stats-keys = Khóa đã kết nối: { $total } ({ $split })
stats-period = { $period }: { $dust } lần chuyển đổi số dư nhỏ ({ $split }), đã nhận { $received }; { $spot } giao dịch Spot Convert
stats-period-today = Hôm nay (UTC)
stats-period-week = 7 ngày qua
stats-period-all = Từ trước đến nay
stats-reminders = Nhắc nhở: { $pending } đang chờ ({ $split }), { $sent } đã gửi
stats-weight = Trọng số sàn { $bucket }: đã dùng { $used } trên { $limit } trong phút này
stats-weight-unknown = Trọng số sàn: bộ điều hợp của sàn này không đếm nó.
stats-rate-limited = Phản hồi giới hạn tần suất từ sàn kể từ khi khởi động: { $too_many } “quá nhiều yêu cầu” (429), { $banned } lần bị chặn (418)
stats-chat-rate-limited = { $platform }: { $count } lần “quá nhiều yêu cầu” (429) từ API kể từ khi khởi động
health-title-ok = 🩺 Tình trạng: sẵn sàng
health-title-failing = 🩺 Tình trạng: CHƯA sẵn sàng
health-database = Cơ sở dữ liệu (một lần ghi)
health-exchange = Sàn giao dịch (giờ máy chủ)
health-part-ok = ✅ { $part }: ổn
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: đã kết nối
health-frontend-disconnected = ❌ { $frontend }: chưa kết nối
health-oldest-unsettled = Giao dịch đã gửi cũ nhất chưa được xác nhận: { $age } trước
health-nothing-unsettled = Không có giao dịch nào đang chờ xác nhận.
health-open-operations = Giao dịch đang mở, { $state }: { $count }

## /convert … to ĐÍCH (Dust Convert của Binance sang tài sản đã chọn)

convert-target-not-offered = Tại đây số dư nhỏ không thể chuyển đổi sang { $target }. Các đích có thể: { $targets }.
convert-nothing-to = Hiện không có gì có thể chuyển đổi sang { $target }.
confirm-title-to = Chuyển đổi { $count } tài sản sang { $target }:
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − phí { $fee } = { $net } { $target }
confirm-totals-to = Tổng: { $gross } { $target } − phí { $fee } = { $net } { $target } (số liệu cuối cùng của sàn có thể hơi khác)
button-convert-selected-to = Chuyển đổi { $count } tài sản → ≈ { $net } { $target }
left-out-not-convertible-to = Đã bỏ ra: { $asset } hiện không thể chuyển đổi sang { $target }.
convert-done-to = Đã chuyển đổi { $count } tài sản: { $gross } { $target } − phí { $fee } { $target } = nhận được { $received } { $target }. ID chuyển khoản Binance: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (phí { $fee }), chuyển khoản { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (phí { $fee }), chuyển khoản { $tran_id } — thực hiện ngoài dustpan
discord-option-convert-to = Tài sản nhận về thay cho tài sản mặc định của sàn (vd: USDT)
left-out-kept = Giữ lại: { $asset } dùng để trả phí trên sàn, nên “all” không đụng đến; hãy ghi tên nó nếu muốn chuyển đổi cả nó.
menu-export = Lịch sử của bạn dưới dạng CSV cho công cụ thuế
discord-option-period = Khoảng thời gian: 30d, 2026 hoặc all (mặc định)
export-bad-period = Tôi không hiểu khoảng thời gian đó. Hãy thử /export, /export 30d, /export 2026 hoặc /export all.
export-empty = Không có gì để xuất trong khoảng thời gian đó: không có chuyển đổi, hoán đổi hay bán.
export-caption = Lịch sử của bạn: { $count } bản ghi, mỗi tài sản một dòng (định dạng phổ quát của Koinly).
console-file-saved = Đã lưu tệp: { $path }
discord-name-export = xuất
connect-exchange-unknown = dustpan không thể kết nối khóa { $exchange } ở đây.
connect-bad-format-exchange = Đó không giống khóa API và mã bí mật của { $exchange }.
disconnect-which = Có nhiều sàn đang được kết nối ({ $exchanges }). Hãy chọn một: /disconnect SÀN
dust-exchange-title = { $exchange }: số dư bụi của bạn (chuyển thành { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = Không có số dư nhỏ nào để chuyển đổi ở đây.
dust-exchange-batches = Tối đa { $max } tài sản mỗi lần chuyển đổi: dustpan gửi lựa chọn lớn hơn thành nhiều lần chuyển đổi, mỗi lần { $max }.
dust-exchange-no-cooldown = Ở đây không có thời gian chờ giữa các lần chuyển đổi.
convert-which-exchange = Có nhiều sàn được kết nối ({ $exchanges }). Hãy chọn sàn để chuyển đổi: /convert SÀN all (hoặc tên tài sản), ví dụ /convert mexc all
convert-batches = { $exchange } chuyển đổi tối đa { $max } tài sản mỗi lần gọi: { $count } tài sản của bạn được chia thành { $batches } lần chuyển đổi bên dưới, mỗi lần xác nhận riêng.
convert-batches-window = Mỗi lần chuyển đổi được tính vào giới hạn { $limit } lần mỗi { $span } của sàn.
convert-batch = Lần chuyển đổi { $n } / { $batches }:
convert-on-exchange = Trên { $exchange }:
confirm-window-warning = Sàn này cho phép { $limit } lần chuyển đổi số dư nhỏ mỗi { $span }; lần này được tính.
convert-done-on = Đã chuyển đổi { $count } tài sản trên { $exchange }: { $gross } { $target } − phí { $fee } { $target } = nhận { $received } { $target }. Mã lô { $tran_id }.
dust-exchange-window = { $exchange } cho phép tối đa { $limit } lần chuyển đổi bụi mỗi { $span }.
dust-exchange-failed = { $exchange }: hiện không đọc được ({ $reason }). Các sàn khác vẫn hiển thị như thường.
button-convert-on = Chuyển đổi { $count } trên { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: thời gian chờ chuyển đổi số dư nhỏ đã hết: bạn có thể dọn bụi lại.
reminder-summary-to = { $count } tài sản trị giá ≈ { $value } → ≈ { $net } { $target } sau phí.
connect-which-exchange = Bạn muốn kết nối sàn nào? Sau đó dustpan sẽ hỏi khóa API của sàn đó.
button-connect-exchange = { $exchange }
credentials-form-title-on = Kết nối khóa API { $exchange } của bạn
connect-ask-key-on = Gửi khóa API { $exchange } của bạn (tin nhắn sẽ bị xóa ngay). /cancel để dừng.
discord-option-exchange = Sàn nào (khi bạn có khóa trên nhiều sàn)
connect-warn-no-ip-on = Cảnh báo: khóa này không có danh sách IP được phép. Hãy giới hạn nó theo IP tin cậy trong mục quản lý API của { $exchange }.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Đề xuất: { $to_target } tài sản qua chuyển đổi số dư nhỏ sang { $target }, { $convert } qua “Chuyển đổi”, { $sell } tự bán — tổng cộng ≈ { $value }. Bấm “Chuyển đổi phần còn lại theo đề xuất”.
plan-best-to =   ↳ tốt nhất: chuyển đổi số dư nhỏ sang { $receive_asset } → ≈ { $receive } { $receive_asset } sau phí của sàn (≈ { $value })
plan-confirm-to = • Chuyển đổi số dư nhỏ { $count } tài sản ({ $assets }) sang { $target } → ≈ { $net } { $target } sau phí
plan-batch-to = Vì sao { $asset }: chuyển { $count } số dư nhỏ sang { $asset } được { $received } { $asset } sau phí { $fee } { $asset } của sàn, và kế hoạch đáng ≈ { $worth }; với chuyển đổi sang { $other_asset } ({ $other_count } tài sản, { $other_received } { $other_asset } sau { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) sẽ đáng ≈ { $other_worth }. Cả hai dùng chung một thời gian chờ nên chỉ thực hiện một.
plan-batch-bnb = Vì sao { $asset }: chuyển { $count } số dư nhỏ sang { $asset } được { $received } { $asset } (≈ { $in_target } { $other_asset }) sau phí { $fee } { $asset } của sàn, và kế hoạch đáng ≈ { $worth }; chuyển sang { $other_asset } ({ $other_count } tài sản, { $other_received } { $other_asset } sau { $other_fee } { $other_asset }) sẽ đáng ≈ { $other_worth }, không hơn. Cả hai dùng chung một thời gian chờ nên chỉ thực hiện một.
dust-pending-processing = { $exchange } đã nhận yêu cầu chuyển đổi và vẫn đang xử lý. Không có gì được gửi hai lần; kết quả theo từng tài sản sẽ được báo ở đây khi { $exchange } xử lý xong.
dust-pending-done = { $exchange }: việc chuyển đổi số dư nhỏ đã xong. Theo từng tài sản:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (phí { $fee })
dust-pending-failed = • { $asset }: không được chuyển đổi ({ $reason }); đã trở lại ví của bạn
dust-pending-none = Không có gì được chuyển đổi; tài sản đã trở lại ví của bạn. Bạn có thể thử lại với /convert.
dust-pending-total = Tổng đã nhận: { $received } { $target }. Xem /history.
button-chart = Biểu đồ
discord-option-view = report (văn bản) hoặc chart (hình ảnh)
chart-title = { $exchange }: số dư bụi của bạn theo { $currency }
chart-convertible = Có thể chuyển đổi ≈ { $value } → { $net } { $target } sau phí
chart-nothing-convertible = Hiện không có gì để chuyển đổi.
chart-plan-worth = Mọi cách đề xuất ≈ { $value }
chart-way-small = Chuyển đổi số dư nhỏ → { $target }
chart-way-convert = Chuyển đổi → { $target }
chart-way-sell = Bán trên thị trường
chart-way-keep = Giữ lại: hiện chưa có cách nào
chart-more = +{ $count } tài sản khác ≈ { $value }
chart-caption = Số dư bụi của bạn trên { $exchange }: { $count } số dư nhỏ ≈ { $value }.
chart-no-dust = Bạn không có số dư nhỏ nào, nên không có gì để vẽ.
chart-failed = Hiện không vẽ được biểu đồ; /dust cho thấy cùng nội dung dưới dạng văn bản.
