# dustpan — українська. Ключі та їхній порядок — як в en.ftl (еталон); відсутній ключ береться з англійської.
# Команди, символи активів і слова налаштувань, які набирає користувач, не перекладаються.

## /start, /help

start-intro =
    dustpan прибирає криптопил — крихітні залишки на рахунку біржі після винагород, аірдропів і угод, надто дрібні, щоб їх продати.
    /dust показує їх і підказує, що з ними варто зробити; /convert конвертує їх у BNB, коли ви натиснете «Підтвердити»; бот нагадає, коли можна буде прибрати дрібні залишки знову.
start-next-connect = Далі: підключіть API-ключ Binance з увімкненими читанням і спотовою торгівлею та вимкненим виведенням коштів — /connect (в особистому чаті).
start-next-connected = Ваш ключ підключено. Спробуйте /dust.
help =
    Команди:
    /dust — ваші дрібні залишки і що з ними робити; /dust chart — те саме зображенням
    /convert — конвертувати дрібні залишки в BNB (з вибором активів); /convert all або /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — обміняти один актив на інший через «Конвертацію» за запропонованим курсом, наприклад /swap ADA USDT all
    /cooldown — коли можлива наступна конвертація
    /history — нещодавні конвертації
    /connect API_KEY API_SECRET — підключити ключ Binance (лише в особистому чаті)
    /disconnect — видалити збережений ключ
    /forget — видалити все, що dustpan про вас зберігає
    /cancel — вийти з форми
unknown-command = Невідома команда /{ $command }. Див. /help.
not-a-command = Я відповідаю на команди. Див. /help.
cancelled = Скасовано. Нічого не змінено.

## Помилки

error-not-connected = Ключ біржі ще не підключено. Скористайтеся /connect в особистому чаті.
error-key-unreadable = Збережений ключ більше не вдається прочитати. Підключіть його знову через /connect.
error-no-master-key = Цей бот не може зберігати ключі: його оператор не налаштував майстер-ключ.
error-internal = Щось пішло не так на нашому боці. Якщо ви щойно підтвердили конвертацію чи обмін, перевірте /history, перш ніж пробувати знову: dustpan ніколи не надсилає підтверджену операцію двічі.
error-exchange-not-authorized = Binance повідомляє, що цей акаунт не авторизовано для такого запиту (можливо, для вашого акаунта треба ввімкнути Convert API).
error-exchange-key-refused = Binance відхилила ваш API-ключ: перевірте, що він ще дійсний, має потрібні дозволи і що в його списку дозволених IP є сервер цього бота.
error-exchange-busy = Binance просить нас пригальмувати. Спробуйте знову через { $seconds } с.
error-exchange-rejected = Binance відхилила запит: { $message } (код { $code }).
error-exchange-outcome-unknown = Відповідь від Binance загубилася; dustpan перевіряє, що сталося.
error-exchange-unavailable = Binance зараз недоступна. Спробуйте знову за хвилину.

## /connect

connect-private-only = Заради вашої безпеки надсилайте API-ключі лише в особистому чаті з ботом. Якщо у вашому повідомленні був ключ, його тут видалено — краще створіть новий ключ.
connect-ask-key = Надішліть ваш API-ключ Binance (повідомлення буде одразу видалено). /cancel — скасувати.
connect-ask-secret = Тепер надішліть API-секрет (повідомлення буде одразу видалено). /cancel — скасувати.
connect-start-again = Минуло забагато часу, або бот перезапустився. Почніть знову з /connect.
connect-bad-format = Це не схоже на API-ключ і секрет Binance (літери й цифри, зазвичай по 64 символи).
connect-refused = Binance відхилила цей ключ. Перевірте сам ключ, його дозволи та список дозволених IP.
connect-withdrawals-enabled = Цей ключ може виводити кошти. dustpan не приймає таких ключів: створіть ключ із вимкненим виведенням.
connect-missing-permission = Цьому ключу бракує дозволу, потрібного dustpan (читання: { $reading ->
        [yes] увімк.
       *[no] вимк.
    }, спотова торгівля: { $trading ->
        [yes] увімк.
       *[no] вимк.
    }). Увімкніть читання і спотову торгівлю, виведення залиште вимкненим.
connect-ip-restriction-required = Цей бот приймає лише ключі, обмежені довіреними IP. У розділі «Керування API» на Binance обмежте ключ IP-адресою бота, а потім знову підключіть його через /connect.
key-permissions-changed = Нічого не сконвертовано: ваш ключ більше не відповідає вимогам бота (його дозволи перевіряються знову щодня).
connect-done = Ключ { $fingerprint } підключено. Він зберігається в зашифрованому вигляді.
connect-warn-no-ip = Увага: цей ключ не має списку дозволених IP. Обмежте його довіреними IP у розділі «Керування API» на Binance.
connect-next = Спробуйте /dust.
disconnect-done = Ваш ключ видалено.
disconnect-nothing = Збереженого ключа не було.

## /forget

forget-confirm = Буде видалено ваш збережений API-ключ, записи про конвертації, незавершені операції та налаштування. Кнопка діє { $ttl }.
forget-inflight = Операцію, яку ви підтвердили о { $sent }, Binance ще не підтвердила. Видалення зітре запис dustpan про неї; у Binance залишиться власний (перевірте в застосунку Binance).
forget-done = Видалено: { $keys } { $keys ->
        [one] збережений ключ
        [few] збережені ключі
        [many] збережених ключів
       *[other] збереженого ключа
    }, { $conversions } { $conversions ->
        [one] запис про конвертацію
        [few] записи про конвертації
        [many] записів про конвертації
       *[other] запису про конвертації
    }, { $operations } { $operations ->
        [one] операцію
        [few] операції
        [many] операцій
       *[other] операції
    } і ваші налаштування. До побачення!

## /dust

dust-title = Ваші дрібні залишки
dust-none = Дрібних залишків немає. Прибирати нічого.
dust-section-convertible =
    { $count ->
        [one] Можна конвертувати в BNB ({ $count } актив, комісія { $fee_percent } %):
        [few] Можна конвертувати в BNB ({ $count } активи, комісія { $fee_percent } %):
        [many] Можна конвертувати в BNB ({ $count } активів, комісія { $fee_percent } %):
       *[other] Можна конвертувати в BNB ({ $count } активу, комісія { $fee_percent } %):
    }
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − комісія { $fee } = { $net } BNB{ $below_min ->
        [yes] , нижче за мінімальний ордер
       *[no] {""}
    }
dust-section-below-minimum = Нижче за мінімальний ордер спотового ринку, у BNB не конвертується:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — мінімальний ордер { $min_qty } { $asset } або { $min_notional } { $quote }
dust-section-ineligible = Не можна конвертувати:
dust-line-delisted = • { $asset } { $amount } — делістинг або ще не в лістингу: на Binance не торгується, тож тут його не можна ні продати, ні конвертувати; стежте за оголошеннями Binance або виведіть його.
dust-totals = Усього до конвертації ≈ { $value }: { $bnb } BNB − комісія { $fee } = { $net } BNB
dust-tradeable = { $count ->
        [one] Ще { $count } актив можна продати звичайним способом: його залишок достатньо великий.
        [few] Ще { $count } активи можна продати звичайним способом: їхні залишки достатньо великі.
        [many] Ще { $count } активів можна продати звичайним способом: їхні залишки достатньо великі.
       *[other] Ще { $count } активу можна продати звичайним способом: їхні залишки достатньо великі.
    }
dust-cooldown-ready = «Конвертація дрібних залишків у BNB» доступна просто зараз.
dust-cooldown-wait = Наступна конвертація можлива через { $left } (о { $at }).

advice-nothing = Зараз конвертувати нічого.
advice-wait = Конвертувати варто, але зачекайте { $left } до кінця періоду очікування.
advice-not-worth-it = Вартість ≈ { $value } — менше за ваш мінімум ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }, поки не варто.
advice-plan = Рекомендовано: { $bnb } { $bnb ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    } через «Конвертацію дрібних залишків у BNB», { $convert } через «Конвертацію», { $sell } продати самостійно — загалом ≈ { $value }. Натисніть «Конвертувати решту за рекомендацією».

## /convert

select-title = Виберіть, що конвертувати ({ $count } { $count ->
        [one] актив доступний
        [few] активи доступні
        [many] активів доступно
       *[other] активу доступно
    }). Натисніть на актив, щоб виключити його.
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = Конвертувати { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    } → ≈ { $net } BNB
button-confirm = Підтвердити
button-cancel = Скасувати
button-forget = Видалити все
confirm-title = Конвертувати в BNB { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    }:
confirm-line = • { $asset } { $amount } → { $bnb } BNB − комісія { $fee } = { $net } BNB
confirm-totals = Разом: { $bnb } BNB − комісія { $fee } = { $net } BNB (остаточні цифри біржі можуть трохи відрізнятися)
confirm-cooldown-warning = Після цього наступна «Конвертація дрібних залишків у BNB» буде можлива через { $cooldown }.
confirm-expiry = Натисніть «Підтвердити» протягом { $ttl }.
left-out-not-convertible = Виключено: { $asset } зараз не можна конвертувати в BNB.
left-out-not-an-asset = Виключено: «{ $asset }» — не назва активу.
convert-nothing = Зараз у BNB конвертувати нічого.
convert-none-selected = Жоден із цих активів не можна конвертувати. Див. /dust.
convert-cooldown = «Конвертація дрібних залишків у BNB» можлива один раз за період очікування: наступна через { $left } (о { $at }). На біржу нічого не надіслано.
convert-done = { $count ->
        [one] Сконвертовано { $count } актив
        [few] Сконвертовано { $count } активи
        [many] Сконвертовано { $count } активів
       *[other] Сконвертовано { $count } активу
    }: { $bnb } BNB − комісія { $fee } BNB = отримано { $received } BNB. ID переказу Binance: { $tran_id }.
convert-next = Наступна конвертація можлива о { $at }; бот вам нагадає.
convert-failed = Не сконвертовано: { $reason }
convert-submitted-unknown = Надіслано; підтверджуємо результат у { $exchange }… Перевірте /history за хвилину. Нічого не буде надіслано двічі.
convert-still-confirming = Операція, яку ви підтвердили о { $sent }, ще підтверджується в Binance, тому конвертації чекають на неї. Спробуйте знову за хвилину. Якщо Binance не підтвердить її до { $until }, dustpan перестане чекати: тоді /history і застосунок Binance («Ордери» → «Історія конвертацій», а також історія конвертації дрібних залишків) покажуть, чи вона відбулася.
convert-not-executed = Binance не виконала конвертацію. Нічого не змінилося; можна спробувати знову через /convert.

button-stale = Ця кнопка більше не діє.
button-not-yours = Ця кнопка належить іншому користувачеві.
button-expired = Час на підтвердження минув. Нічого не зроблено; почніть знову.
button-in-progress = Уже обробляється.
button-used = Це вже зроблено.

## /swap («Конвертація»)

swap-usage = Формат: /swap FROM TO [AMOUNT|all], наприклад /swap ADA USDT all або /swap ETH USDT 0.01.
swap-no-pair = Binance не конвертує { $from } у { $to }. Спробуйте як ціль USDT, BTC, BNB або ETH.
swap-nothing = У вас немає вільних { $asset } для обміну.
swap-below-minimum = { $amount } { $from } — менше за мінімум Binance для конвертації { $from } у { $to }: потрібно щонайменше { $min } { $from }. Поповніть на { $top_up } { $from } (≈ { $cost }), щоб його досягти, або конвертуйте в BNB через /convert.
swap-above-maximum = Binance конвертує щонайбільше { $max } { $from } за раз. Обміняйте меншу суму.
swap-funds-short = У вас немає { $amount } вільних { $from }, тому Binance назвала ціну, але не дала котирування, яке можна прийняти. Перевірте баланс (кошти у відкритих ордерах не вільні).
swap-expired-before-send = Котирування сплило до надсилання, тож обмін не відбувся. Запустіть /swap знову, щоб отримати свіжу ціну.
swap-no-convert-access = Binance не ввімкнула Convert API для цього акаунта (помилка -1002). Подайте запит на доступ до Convert API в акаунті Binance («Керування API») або скористайтеся /convert у BNB.
swap-amount-out-of-range = Binance відхилила суму: вона поза лімітами цієї пари. Спробуйте іншу суму.
swap-confirm-title = Обмін за цим котируванням:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (курс 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   спотова ціна { $spot }; котирування на { $spread } % нижче (спред Binance)
swap-confirm-expiry = Ця ціна діє { $seconds } с. Встигніть натиснути «Підтвердити»; пізніше натискання запросить нову ціну й спитає знову.
swap-requoted = Попередня ціна сплила. Нічого не сконвертовано. Ось нова ціна:
swap-done = Обміняно: { $from_amount } { $from } → { $to_amount } { $to }. ID ордера Binance: { $order_id }.
swap-failed = Обмін не виконано: { $reason }
swap-not-executed = Binance не виконала обмін. Нічого не змінилося; можна спробувати знову через /swap.

## План (у /dust)

plan-best-bnb =   ↳ найкраще: «Конвертація дрібних залишків у BNB» → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ найкраще: «Конвертація» → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ найкраще: продати на { $symbol } → ≈ { $receive } { $receive_asset } після комісії тейкера { $fee_percent } % (≈ { $value })
plan-best-leave =   ↳ найкраще: залишити — зараз жоден спосіб нічого не дає.
plan-best-leave-top-up =   ↳ найкраще: поки залишити — «Конвертації» потрібно { $min } { $asset }: поповніть на { $top_up } { $asset } (≈ { $cost }), щоб досягти мінімуму.
button-plan = Конвертувати решту за рекомендацією
button-swap-instead = Натомість обміняти { $asset } → { $target }
plan-nothing = Зараз нічого з плану виконати не можна. Див. /dust.
plan-confirm-title = Конвертувати за рекомендацією:
plan-confirm-bnb = • «Конвертація дрібних залишків у BNB»: { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    } ({ $assets }) → ≈ { $net } BNB після комісії
plan-confirm-unquoted = • { $asset }: зараз немає котирування; виключено.
plan-confirm-sell = • Продати { $amount } { $asset } на { $symbol } за ринковою ціною (комісія тейкера { $fee_percent } %; ціна — ринкова на момент розміщення ордера)
plan-sold = Продано { $qty } { $asset } на { $symbol } → { $quote } { $quote_asset }, комісія { $fee } { $fee_asset }. ID ордера Binance: { $order_id }.
plan-sold-no-fee = Продано { $qty } { $asset } на { $symbol } → { $quote } { $quote_asset } до вирахування комісії. ID ордера Binance: { $order_id }.
plan-sell-failed = Не продано: { $asset } на { $symbol }: { $reason }
plan-sell-not-executed = Binance не виконала продаж { $asset } на { $symbol }. Нічого не змінилося.
plan-leg-expired = Зупинено: ціна { $from } → { $to } сплила, перш ніж її вдалося прийняти. Нічого не сконвертовано; скористайтеся /swap { $from } { $to }, щоб отримати нову ціну.

## /cooldown, /history

cooldown-never = У нещодавньому журналі дрібних залишків немає конвертацій: можна конвертувати просто зараз.
cooldown-ready = Можна конвертувати просто зараз. Остання конвертація: { $last }.
cooldown-wait = Наступна конвертація можлива через { $left }, о { $at }. Остання конвертація: { $last }.
history-unresolved-title = Не підтверджено Binance (dustpan перестав чекати; застосунок Binance покаже, чи ці операції відбулися):
history-unresolved-dust = • { $sent }: конвертація дрібних залишків { $assets } у BNB
history-unresolved-swap = • { $sent }: обмін { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: продаж { $asset } на { $symbol }
history-unresolved-other = • { $sent }: операція
history-empty = Конвертацій ще немає.
history-title = Нещодавні конвертації:
history-line = • { $at }: { $assets } → { $bnb } BNB (комісія { $fee }), переказ { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (комісія { $fee }), переказ { $tran_id } — зроблено не через dustpan

## Консоль

console-no-such-button = Кнопки з таким номером немає.
console-banner = Демо dustpan на симуляторі біржі Binance за адресою { $url }. Наберіть /help, щоб побачити команди; щоб натиснути кнопку, наберіть її номер. Ctrl-D — вихід.

## Меню (описи команд, 3–256 символів)

menu-start = Що робить dustpan і з чого почати
menu-help = Усі команди
menu-connect = Підключити API-ключ Binance (в особистому чаті)
menu-disconnect = Видалити збережений ключ
menu-dust = Ваші дрібні залишки і що з ними робити
menu-convert = Конвертувати дрібні залишки в BNB
menu-swap = Обміняти один актив на інший («Конвертація»)
menu-cooldown = Коли можлива наступна конвертація
menu-history = Нещодавні конвертації
menu-settings = Нагадування й налаштування відображення
menu-language = Вибрати мову
menu-forget = Видалити все, що dustpan про вас зберігає
menu-privacy = Що dustpan зберігає і навіщо

## /settings, /language, /privacy

settings-title = Ваші налаштування:
settings-reminders = Нагадування після завершення періоду очікування: { $state ->
        [on] увімк.
       *[off] вимк.
    }
settings-min-worth = Нагадувати, лише якщо дрібні залишки варті щонайменше ${ $usdt }
settings-timezone = Часовий пояс: { $timezone }
settings-quiet = Тихі години: { $from }–{ $to } ({ $mode ->
        [silent] повідомлення надходять без звуку
       *[postpone] повідомлення відкладаються до їх завершення
    })
settings-quiet-none = Тихі години: немає
settings-auto-sweep = Автоприбирання після завершення періоду очікування: { $state ->
        [on] увімк.
       *[off] вимк.
    } (до ${ $cap })
settings-target = Плани конвертують через «Конвертацію» в: { $target }
settings-currency = Вартість показується в: { $currency }
settings-language = Мова: { $language } (/language)
settings-how = Змінити: /settings min 2 · /settings timezone Europe/Berlin · /settings quiet 22:00-07:00 (або off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Збережено.
settings-bad = Недопустиме налаштування ({ $setting }). Див. /settings.
settings-target-refused = У «Конвертації» Binance немає пар у { $asset }, тож плани не можуть конвертувати в нього. Ціль залишається попередньою: { $current }.
settings-currency-refused = dustpan не може оцінити USDT у { $currency } за цінами Binance, тож показати вартість у цій валюті не можна. Вартість і далі в { $current }.
button-setting-reminders = Нагадування: { $state ->
        [on] увімк.
       *[off] вимк.
    }
button-setting-quiet-silent = Без звуку в тихі години: { $state ->
        [on] увімк.
       *[off] вимк.
    }
button-setting-auto-sweep = Автоприбирання: { $state ->
        [on] увімк.
       *[off] вимк.
    }
language-current = Мова: { $language }. Доступні: { $available }. Змінити: /language КОД.
language-set = Мову змінено: { $language }.
language-unknown = Мова «{ $language }» недоступна. Доступні: { $available }.
language-name = Українська
language-button = { $name }
amount-ambiguous = «{ $amount }» можна зрозуміти двояко: кома може відділяти тисячі або дробову частину. Напишіть суму без розділювачів тисяч і з одним десятковим розділювачем, наприклад 1000, 1,5 або 0,001.
privacy =
    Що зберігає dustpan: ваш id користувача в чаті, мову, часовий пояс і налаштування; API-ключ і секрет біржі — у зашифрованому вигляді (AES-256-GCM), вони використовуються лише для звернень до біржі від вашого імені; записи про ваші конвертації та підтвердження, що очікують.
    Бот ніколи не зберігає ваших повідомлень, ніколи більше не показує вашого ключа і не приймає ключів із правом виведення. /forget видаляє все це.

## Нагадування

reminder-title = ⏰ Період очікування «Конвертації дрібних залишків у BNB» завершився: можна знову прибрати дрібні залишки.
reminder-summary = { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    } вартістю ≈ { $value } → ≈ { $net } BNB після комісії.
button-convert-now = Конвертувати зараз
button-snooze-1h = Відкласти на 1 год
button-snooze-6h = Відкласти на 6 год
button-stop-reminders = Вимкнути нагадування
reminder-snoozed = Відкладено: нагадаю о { $at }.
reminder-stopped = Нагадування вимкнено. Увімкнути їх знову можна в /settings.
auto-sweep-done = Автоприбирання: період очікування завершився, і ваші дрібні залишки сконвертовано.
auto-sweep-failed = Автоприбирання: період очікування завершився, але конвертація не вдалася.
auto-sweep-turned-off = Автоприбирання двічі поспіль не вдалося, і тепер його вимкнено. Увімкнути його знову можна в /settings.

## Фронтенд Telegram
telegram-working = Виконую…
telegram-delete-failed = Не вдалося видалити ваше повідомлення з ключем. Видаліть його самі й краще створіть новий ключ.
telegram-group-private-only = Баланси, історія, налаштування та конвертації — лише в особистому чаті зі мною: { $link }
telegram-group-press-private-only = Це працює лише в особистому чаті з ботом.

## Тривалості

span-s = { $s } с
span-min = { $m } хв
span-min-s = { $m } хв { $s } с
span-h = { $h } год
span-h-min = { $h } год { $m } хв

## Issue 15, пункт 7: активи, якими зараз не можна торгувати, квоти котирувань «Конвертації»

dust-line-halted = • { $asset } { $amount } — торги на Binance призупинено: спробуйте пізніше.
dust-line-end-of-day = • { $asset } { $amount } — його ринок закрито до кінця дня: спробуйте, коли він відкриється.
dust-line-cancel-only = • { $asset } { $amount } — на його ринку Binance зараз приймає лише скасування ордерів: спробуйте пізніше.
dust-line-not-tradable = • { $asset } { $amount } — зараз не торгується на Binance: спробуйте пізніше.
swap-quote-quota-hourly = Досягнуто годинного ліміту Binance на котирування «Конвертації» (помилка 345103). Спробуйте за годину або скористайтеся /convert у BNB просто зараз.
swap-quote-quota-daily = Досягнуто денного ліміту Binance на котирування «Конвертації» (помилка 345239). Спробуйте завтра або скористайтеся /convert у BNB просто зараз.
## Ліміти на користувача (issue 15)
error-too-fast = Ви надсилаєте команди швидше, ніж я встигаю відповідати. Зачекайте { $seconds } с.
error-exchange-busy-for-you = Ліміт запитів до Binance спільний для всіх тут, і свою частку ви поки вичерпали. Спробуйте знову через { $seconds } с.
dust-as-of = (Дані { $seconds } с тому: результат вашого останнього /dust.)
swap-unknown-asset = dustpan не знайшов на Binance ринку для { $asset }. Перевірте написання, наприклад /swap ADA USDT.

# Нагадування й автоприбирання, які завжди тримають слово (issue 15, пункт 6).
auto-sweep-postponed = Автоприбирання: конвертація, зроблена не через dustpan, знову запустила період очікування біржі, тож нічого не сконвертовано. Спробую знову о { $at }.
auto-sweep-postponed-unexplained = Автоприбирання: біржа повідомляє, що період очікування ще не завершився, хоча в її журналі немає нещодавніх конвертацій, тож нічого не сконвертовано. Спробую знову починаючи з { $at } і не писатиму про це повторно.
reminders-key-refused = Біржа відхилила ваш API-ключ (видалений, прострочений або не дозволений з IP цього сервера), тому нагадування й автоприбирання призупинено. Надішліть /connect з новим ключем, щоб їх відновити.
auto-sweep-unknown = Автоприбирання: не вдалося підтвердити, чи сконвертовано ваші дрібні залишки. /history і застосунок Binance покажуть, що сталося.

# Форма для ключа (issue 16, пункт 3): заголовок форми й підписи полів (у Discord — не більше
# 45 символів кожен); текстова форма запитує по одному полю на повідомлення.
credentials-form-title = Підключіть API-ключ Binance
credentials-field-key = API-ключ
credentials-field-secret = API-секрет
credentials-field-passphrase = Парольна фраза API
connect-ask-passphrase = Тепер надішліть парольну фразу API (повідомлення буде одразу видалено). /cancel — скасувати.

## Discord
discord-option-assets = Активи для конвертації через кому або all
discord-option-from = Актив, який обміняти
discord-option-to = Актив, який отримати
discord-option-amount = Скільки обміняти (число) або all
discord-option-setting = Яке налаштування змінити
discord-option-value = Його нове значення
discord-option-language = Мова бота
discord-nothing = Готово.
discord-connect-again = Виконайте /connect ще раз, щоб відкрити форму для ключа.
discord-credentials-missing = Потрібні і API-ключ, і API-секрет. Виконайте /connect ще раз.

## Discord command names
discord-name-help = допомога
discord-name-connect = підключити
discord-name-disconnect = відключити
discord-name-dust = залишки
discord-name-convert = конвертувати
discord-name-swap = обміняти
discord-name-cooldown = очікування
discord-name-history = історія
discord-name-settings = налаштування
discord-name-language = мова
discord-name-forget = забути
discord-name-privacy = приватність

## Access and operator commands (issue 19)
access-refused = Це закритий бот. Попросіть його оператора додати { $id }.
stats-title = 📊 Статистика бота
stats-split = Telegram { $telegram } · Discord { $discord } · консоль { $console }
stats-users = Користувачі: { $total } ({ $split })
stats-keys = Підключені ключі: { $total } ({ $split })
stats-period = { $period }: конвертацій дрібних залишків — { $dust } ({ $split }), отримано { $received }; операцій Spot Convert — { $spot }
stats-period-today = Сьогодні (UTC)
stats-period-week = За 7 днів
stats-period-all = За весь час
stats-reminders = Нагадування: очікують — { $pending } ({ $split }), надіслано — { $sent }
stats-weight = Вага запитів до біржі { $bucket }: { $used } з { $limit } за цю хвилину
stats-weight-unknown = Вага запитів до біржі: адаптер цієї біржі її не рахує.
stats-rate-limited = Відмови біржі через ліміт запитів від запуску: «забагато запитів» (429) — { $too_many }, блокування (418) — { $banned }
stats-chat-rate-limited = { $platform }: «забагато запитів» (429) від API з запуску — { $count }
health-title-ok = 🩺 Стан: готовий
health-title-failing = 🩺 Стан: НЕ готовий
health-database = База даних (запис)
health-exchange = Біржа (час сервера)
health-part-ok = ✅ { $part }: гаразд
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: підключено
health-frontend-disconnected = ❌ { $frontend }: немає підключення
health-oldest-unsettled = Найстаріша надіслана й не завершена операція: { $age } тому
health-nothing-unsettled = Немає операцій, що чекають завершення.
health-open-operations = Відкриті операції, { $state }: { $count }

## /convert … to АКТИВ (Dust Convert Binance у вибраний актив)

convert-target-not-offered = Тут дрібні залишки не можна конвертувати в { $target }. Можливі варіанти: { $targets }.
convert-nothing-to = Зараз у { $target } конвертувати нічого.
confirm-title-to = Конвертувати в { $target } { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    }:
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − комісія { $fee } = { $net } { $target }
confirm-totals-to = Разом: { $gross } { $target } − комісія { $fee } = { $net } { $target } (остаточні цифри біржі можуть трохи відрізнятися)
button-convert-selected-to = Конвертувати { $count } { $count ->
        [one] актив
        [few] активи
        [many] активів
       *[other] активу
    } → ≈ { $net } { $target }
left-out-not-convertible-to = Виключено: { $asset } зараз не можна конвертувати в { $target }.
convert-done-to = { $count ->
        [one] Сконвертовано { $count } актив
        [few] Сконвертовано { $count } активи
        [many] Сконвертовано { $count } активів
       *[other] Сконвертовано { $count } активу
    }: { $gross } { $target } − комісія { $fee } { $target } = отримано { $received } { $target }. ID переказу Binance: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (комісія { $fee }), переказ { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (комісія { $fee }), переказ { $tran_id } — зроблено не через dustpan
discord-option-convert-to = Актив, який отримати замість типового активу біржі (наприклад, USDT)
left-out-kept = Залишено: { $asset } сплачує ваші комісії на біржі, тож «all» його не чіпає; назвіть його, щоб конвертувати і його.
menu-export = Ваша історія у CSV для податкових сервісів
discord-option-period = Період: 30d, 2026 або all (типово)
export-bad-period = Не зрозумів цей період. Спробуйте /export, /export 30d, /export 2026 або /export all.
export-empty = За цей період нічого вивантажувати: немає конвертацій, обмінів чи продажів.
export-caption = Ваша історія: записів — { $count }, по рядку на кожен актив (універсальний формат Koinly).
console-file-saved = Файл збережено: { $path }
discord-name-export = експорт
connect-exchange-unknown = dustpan не може підключити тут ключі { $exchange }.
connect-bad-format-exchange = Це не схоже на API-ключ і секрет { $exchange }.
disconnect-which = Підключено кілька бірж ({ $exchanges }). Вкажіть яку: /disconnect БІРЖА
dust-exchange-title = { $exchange }: ваш пил (конвертується в { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = Тут немає дрібних залишків для конвертації.
dust-exchange-batches = Не більше { $max } активів за одну конвертацію: більший вибір dustpan надсилає кількома конвертаціями по { $max }.
dust-exchange-no-cooldown = Тут немає очікування між конвертаціями.
convert-which-exchange = Підключено кілька бірж ({ $exchanges }). Вкажіть, на якій конвертувати: /convert БІРЖА all (або назви активів), наприклад /convert mexc all
convert-batches = { $exchange } конвертує щонайбільше { $max } активів за виклик: ваші { $count } активів розбито на { $batches } конвертацій нижче, кожна підтверджується окремо.
convert-batches-window = Кожна конвертація зараховується до ліміту біржі: { $limit } за { $span }.
convert-batch = Конвертація { $n } з { $batches }:
convert-on-exchange = На { $exchange }:
confirm-window-warning = Ця біржа дозволяє { $limit } конвертацій дрібних залишків за { $span }; ця зараховується.
convert-done-on = Конвертовано активів на { $exchange }: { $count }. { $gross } { $target } − комісія { $fee } { $target } = отримано { $received } { $target }. Id пакета { $tran_id }.
dust-exchange-window = { $exchange } дозволяє щонайбільше { $limit } конвертацій пилу за { $span }.
dust-exchange-failed = { $exchange }: зараз не вдалося прочитати ({ $reason }). Інші біржі показано як завжди.
button-convert-on = Конвертувати { $count } на { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: період очікування конвертації дрібних залишків завершився: можна знову прибрати пил.
reminder-summary-to = Активів: { $count } на ≈ { $value } → ≈ { $net } { $target } після комісії.
connect-which-exchange = Яку біржу підключити? Потім dustpan попросить її API-ключ.
button-connect-exchange = { $exchange }
credentials-form-title-on = Підключіть API-ключ { $exchange }
connect-ask-key-on = Надішліть API-ключ { $exchange } (повідомлення одразу видалиться). /cancel — скасувати.
discord-option-exchange = Яка біржа (якщо у вас ключі на кількох)
connect-warn-no-ip-on = Увага: цей ключ не має списку дозволених IP. Обмежте його довіреними IP в керуванні API { $exchange }.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Рекомендовано: активів через конвертацію дрібних залишків у { $target }: { $to_target }, через «Конвертацію»: { $convert }, продати самостійно: { $sell } — разом ≈ { $value }. Натисніть «Конвертувати решту за рекомендацією».
plan-best-to =   ↳ найкраще: конвертація дрібних залишків у { $receive_asset } → ≈ { $receive } { $receive_asset } після комісії біржі (≈ { $value })
plan-confirm-to = • Конвертація дрібних залишків у { $target } (активів: { $count }; { $assets }) → ≈ { $net } { $target } після комісії
plan-batch-to = Чому { $asset }: конвертація дрібних залишків у { $asset } (активів: { $count }) дає { $received } { $asset } після комісії біржі { $fee } { $asset }, і план вартий ≈ { $worth }; з конвертацією в { $other_asset } (активів: { $other_count }, { $other_received } { $other_asset } після { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) він був би вартий ≈ { $other_worth }. Обидві мають одне спільне очікування, тож виконується лише одна.
plan-batch-bnb = Чому { $asset }: конвертація дрібних залишків у { $asset } (активів: { $count }) дає { $received } { $asset } (≈ { $in_target } { $other_asset }) після комісії біржі { $fee } { $asset }, і план вартий ≈ { $worth }; з конвертацією в { $other_asset } (активів: { $other_count }, { $other_received } { $other_asset } після { $other_fee } { $other_asset }) він був би вартий ≈ { $other_worth }, не більше. Обидві мають одне спільне очікування, тож виконується лише одна.
dust-pending-processing = { $exchange } прийняв конвертацію і ще обробляє її. Нічого не буде надіслано двічі; результат за кожним активом надійде сюди, коли { $exchange } закінчить.
dust-pending-done = { $exchange }: конвертацію дрібних залишків завершено. За активами:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (комісія { $fee })
dust-pending-failed = • { $asset }: не сконвертовано ({ $reason }); він знову у вашому гаманці
dust-pending-none = Нічого не сконвертовано; активи знову у вашому гаманці. Можна спробувати ще раз: /convert.
dust-pending-total = Усього отримано: { $received } { $target }. Подробиці в /history.
button-chart = Графік
discord-option-view = report (текст) або chart (зображення)
chart-title = { $exchange }: ваш пил у { $currency }
chart-convertible = Можна конвертувати ≈ { $value } → { $net } { $target } після комісії
chart-nothing-convertible = Зараз конвертувати нічого.
chart-plan-worth = Усі рекомендовані способи ≈ { $value }
chart-way-small = Конвертація дрібних залишків → { $target }
chart-way-convert = Конвертація → { $target }
chart-way-sell = Продати на ринку
chart-way-keep = Залишити: зараз способу немає
chart-more = ще { $count } ≈ { $value }
chart-caption = Ваш пил на { $exchange }: { $count } { $count ->
        [one] дрібний залишок
        [few] дрібні залишки
        [many] дрібних залишків
       *[other] дрібного залишку
    } ≈ { $value }.
chart-no-dust = У вас немає дрібних залишків, тож малювати нічого.
chart-failed = Зараз не вдалося намалювати графік; /dust покаже те саме текстом.
