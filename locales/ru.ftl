# dustpan — русский. Ключи и их порядок — как в en.ftl (эталон); недостающий ключ берётся из английского.
# Команды, символы активов и слова настроек, которые набирает пользователь, не переводятся.

## /start, /help

start-intro =
    dustpan убирает криптопыль — крошечные остатки на счёте биржи после наград, аирдропов и сделок, слишком мелкие, чтобы их продать.
    /dust показывает их и подсказывает, что с ними стоит сделать; /convert конвертирует их в BNB, когда вы нажмёте «Подтвердить»; бот напомнит, когда можно будет убрать пыль снова.
start-next-connect = Дальше: подключите API-ключ Binance с включёнными чтением и спотовой торговлей и выключенным выводом средств — /connect (в личном чате).
start-next-connected = Ваш ключ подключён. Попробуйте /dust.
help =
    Команды:
    /dust — ваши мелкие остатки и что с ними делать; /dust chart — то же самое картинкой
    /convert — конвертировать пыль в BNB (с выбором активов); /convert all или /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — обменять один актив на другой через «Конвертацию» по предложенному курсу, например /swap ADA USDT all
    /cooldown — когда возможна следующая конвертация
    /history — недавние конвертации
    /connect API_KEY API_SECRET — подключить ключ Binance (только в личном чате)
    /disconnect — удалить сохранённый ключ
    /forget — удалить всё, что dustpan о вас хранит
    /cancel — выйти из формы
unknown-command = Неизвестная команда /{ $command }. См. /help.
not-a-command = Я отвечаю на команды. См. /help.
cancelled = Отменено. Ничего не изменилось.

## Ошибки

error-not-connected = Ключ биржи ещё не подключён. Используйте /connect в личном чате.
error-key-unreadable = Сохранённый ключ больше не удаётся прочитать. Подключите его заново через /connect.
error-no-master-key = Этот бот не может хранить ключи: его оператор не настроил мастер-ключ.
error-internal = Что-то пошло не так на нашей стороне. Если вы только что подтвердили конвертацию или обмен, проверьте /history, прежде чем пробовать снова: dustpan никогда не отправляет подтверждённую операцию дважды.
error-exchange-not-authorized = Binance сообщает, что этот аккаунт не авторизован для такого запроса (возможно, для вашего аккаунта нужно включить Convert API).
error-exchange-key-refused = Binance отклонила ваш API-ключ: проверьте, что он ещё действует, имеет нужные разрешения и что в его списке разрешённых IP есть сервер этого бота.
error-exchange-busy = Binance просит нас сбавить темп. Попробуйте снова через { $seconds } с.
error-exchange-rejected = Binance отклонила запрос: { $message } (код { $code }).
error-exchange-outcome-unknown = Ответ от Binance потерялся; dustpan проверяет, что произошло.
error-exchange-unavailable = Binance сейчас недоступна. Попробуйте снова через минуту.

## /connect

connect-private-only = Ради вашей безопасности отправляйте API-ключи только в личном чате с ботом. Если в вашем сообщении был ключ, оно здесь удалено — лучше создайте новый ключ.
connect-ask-key = Отправьте ваш API-ключ Binance (сообщение будет сразу удалено). /cancel — отмена.
connect-ask-secret = Теперь отправьте API-секрет (сообщение будет сразу удалено). /cancel — отмена.
connect-start-again = Прошло слишком много времени, или бот перезапустился. Начните заново с /connect.
connect-bad-format = Это не похоже на API-ключ и секрет Binance (буквы и цифры, обычно по 64 символа).
connect-refused = Binance отклонила этот ключ. Проверьте сам ключ, его разрешения и список разрешённых IP.
connect-withdrawals-enabled = Этот ключ может выводить средства. dustpan не принимает такие ключи: создайте ключ с выключенным выводом.
connect-missing-permission = У этого ключа нет разрешения, нужного dustpan (чтение: { $reading ->
        [yes] вкл.
       *[no] выкл.
    }, спотовая торговля: { $trading ->
        [yes] вкл.
       *[no] выкл.
    }). Включите чтение и спотовую торговлю, вывод оставьте выключенным.
connect-ip-restriction-required = Этот бот принимает только ключи, ограниченные доверенными IP. В разделе «Управление API» на Binance ограничьте ключ IP-адресом бота, затем снова подключите его через /connect.
key-permissions-changed = Ничего не сконвертировано: ваш ключ больше не отвечает требованиям бота (его разрешения проверяются заново каждый день).
connect-done = Ключ { $fingerprint } подключён. Он хранится в зашифрованном виде.
connect-warn-no-ip = Внимание: у этого ключа нет списка разрешённых IP. Ограничьте его доверенными IP в разделе «Управление API» на Binance.
connect-next = Попробуйте /dust.
disconnect-done = Ваш ключ удалён.
disconnect-nothing = Сохранённого ключа не было.

## /forget

forget-confirm = Будут удалены ваш сохранённый API-ключ, записи о конвертациях, незавершённые операции и настройки. Кнопка действует { $ttl }.
forget-inflight = Операция, которую вы подтвердили в { $sent }, ещё не подтверждена Binance. Удаление сотрёт запись dustpan о ней; у Binance останется своя (проверьте в приложении Binance).
forget-done = Удалено: { $keys } { $keys ->
        [one] сохранённый ключ
        [few] сохранённых ключа
        [many] сохранённых ключей
       *[other] сохранённого ключа
    }, { $conversions } { $conversions ->
        [one] запись о конвертации
        [few] записи о конвертациях
        [many] записей о конвертациях
       *[other] записи о конвертациях
    }, { $operations } { $operations ->
        [one] операция
        [few] операции
        [many] операций
       *[other] операции
    } и ваши настройки. До свидания!

## /dust

dust-title = Ваша пыль
dust-none = Мелких остатков нет. Убирать нечего.
dust-section-convertible =
    { $count ->
        [one] Можно конвертировать в BNB ({ $count } актив, комиссия { $fee_percent } %):
        [few] Можно конвертировать в BNB ({ $count } актива, комиссия { $fee_percent } %):
        [many] Можно конвертировать в BNB ({ $count } активов, комиссия { $fee_percent } %):
       *[other] Можно конвертировать в BNB ({ $count } актива, комиссия { $fee_percent } %):
    }
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − комиссия { $fee } = { $net } BNB{ $below_min ->
        [yes] , ниже минимального ордера
       *[no] {""}
    }
dust-section-below-minimum = Ниже минимального ордера спотового рынка, в BNB не конвертируется:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — минимальный ордер { $min_qty } { $asset } или { $min_notional } { $quote }
dust-section-ineligible = Нельзя конвертировать:
dust-line-delisted = • { $asset } { $amount } — делистинг или ещё не в листинге: на Binance не торгуется, поэтому здесь его нельзя ни продать, ни конвертировать; следите за объявлениями Binance или выведите его.
dust-totals = Всего к конвертации ≈ { $value }: { $bnb } BNB − комиссия { $fee } = { $net } BNB
dust-tradeable = { $count ->
        [one] Ещё { $count } актив можно продать обычным способом: его остаток достаточно велик.
        [few] Ещё { $count } актива можно продать обычным способом: их остатки достаточно велики.
        [many] Ещё { $count } активов можно продать обычным способом: их остатки достаточно велики.
       *[other] Ещё { $count } актива можно продать обычным способом: их остатки достаточно велики.
    }
dust-cooldown-ready = «Конвертация мелких остатков в BNB» доступна прямо сейчас.
dust-cooldown-wait = Следующая конвертация возможна через { $left } (в { $at }).

advice-nothing = Сейчас конвертировать нечего.
advice-wait = Конвертировать стоит, но подождите { $left } до конца периода ожидания.
advice-not-worth-it = Стоимость ≈ { $value } — меньше вашего минимума ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }, пока не стоит.
advice-plan = Рекомендуется: { $bnb } { $bnb ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    } через «Конвертацию мелких остатков в BNB», { $convert } через «Конвертацию», { $sell } продать самостоятельно — всего ≈ { $value }. Нажмите «Конвертировать остальное по рекомендации».

## /convert

select-title = Выберите, что конвертировать ({ $count } { $count ->
        [one] актив доступен
        [few] актива доступны
        [many] активов доступно
       *[other] актива доступно
    }). Нажмите на актив, чтобы исключить его.
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = Конвертировать { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    } → ≈ { $net } BNB
button-confirm = Подтвердить
button-cancel = Отмена
button-forget = Удалить всё
confirm-title = Конвертировать в BNB { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    }:
confirm-line = • { $asset } { $amount } → { $bnb } BNB − комиссия { $fee } = { $net } BNB
confirm-totals = Итого: { $bnb } BNB − комиссия { $fee } = { $net } BNB (итоговые цифры биржи могут немного отличаться)
confirm-cooldown-warning = После этого следующая «Конвертация мелких остатков в BNB» будет возможна через { $cooldown }.
confirm-expiry = Нажмите «Подтвердить» в течение { $ttl }.
left-out-not-convertible = Исключён: { $asset } сейчас нельзя конвертировать в BNB.
left-out-not-an-asset = Исключено: «{ $asset }» — не название актива.
convert-nothing = Сейчас в BNB конвертировать нечего.
convert-none-selected = Ни один из этих активов нельзя конвертировать. См. /dust.
convert-cooldown = «Конвертация мелких остатков в BNB» возможна один раз за период ожидания: следующая через { $left } (в { $at }). На биржу ничего не отправлено.
convert-done = { $count ->
        [one] Сконвертирован { $count } актив
        [few] Сконвертированы { $count } актива
        [many] Сконвертировано { $count } активов
       *[other] Сконвертировано { $count } актива
    }: { $bnb } BNB − комиссия { $fee } BNB = получено { $received } BNB. ID перевода Binance: { $tran_id }.
convert-next = Следующая конвертация возможна в { $at }; бот вам напомнит.
convert-failed = Не сконвертировано: { $reason }
convert-submitted-unknown = Отправлено; подтверждаем результат у { $exchange }… Проверьте /history через минуту. Ничего не будет отправлено дважды.
convert-still-confirming = Операция, которую вы подтвердили в { $sent }, ещё подтверждается у Binance, поэтому конвертации ждут её. Попробуйте снова через минуту. Если Binance не подтвердит её до { $until }, dustpan перестанет ждать: тогда /history и приложение Binance («Ордера» → «История конвертаций», а также история конвертации мелких остатков) покажут, состоялась ли она.
convert-not-executed = Binance не выполнила конвертацию. Ничего не изменилось; можно попробовать снова через /convert.

button-stale = Эта кнопка больше не действует.
button-not-yours = Эта кнопка принадлежит другому пользователю.
button-expired = Время на подтверждение истекло. Ничего не сделано; начните заново.
button-in-progress = Уже обрабатывается.
button-used = Это уже сделано.

## /swap («Конвертация»)

swap-usage = Формат: /swap FROM TO [AMOUNT|all], например /swap ADA USDT all или /swap ETH USDT 0.01.
swap-no-pair = Binance не конвертирует { $from } в { $to }. Попробуйте в качестве цели USDT, BTC, BNB или ETH.
swap-nothing = У вас нет свободных { $asset } для обмена.
swap-below-minimum = { $amount } { $from } — меньше минимума Binance для конвертации { $from } в { $to }: нужно не менее { $min } { $from }. Пополните на { $top_up } { $from } (≈ { $cost }), чтобы его достичь, или конвертируйте в BNB через /convert.
swap-above-maximum = Binance конвертирует не более { $max } { $from } за раз. Обменяйте меньшую сумму.
swap-funds-short = У вас нет { $amount } свободных { $from }, поэтому Binance назвала цену, но не дала котировку, которую можно принять. Проверьте баланс (средства в открытых ордерах не свободны).
swap-expired-before-send = Котировка истекла до отправки, поэтому обмен не состоялся. Запустите /swap снова, чтобы получить свежую цену.
swap-no-convert-access = Binance не включила Convert API для этого аккаунта (ошибка -1002). Запросите доступ к Convert API в аккаунте Binance («Управление API») или используйте /convert в BNB.
swap-amount-out-of-range = Binance отклонила сумму: она вне лимитов этой пары. Попробуйте другую сумму.
swap-confirm-title = Обмен по этой котировке:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (курс 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   спотовая цена { $spot }; котировка на { $spread } % ниже (спред Binance)
swap-confirm-expiry = Эта цена действует { $seconds } с. Успейте нажать «Подтвердить»; при более позднем нажатии бот запросит новую цену и спросит снова.
swap-requoted = Прежняя цена истекла. Ничего не сконвертировано. Вот новая цена:
swap-done = Обменяно: { $from_amount } { $from } → { $to_amount } { $to }. ID ордера Binance: { $order_id }.
swap-failed = Обмен не выполнен: { $reason }
swap-not-executed = Binance не выполнила обмен. Ничего не изменилось; можно попробовать снова через /swap.

## План (в /dust)

plan-best-bnb =   ↳ лучше всего: «Конвертация мелких остатков в BNB» → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ лучше всего: «Конвертация» → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ лучше всего: продать на { $symbol } → ≈ { $receive } { $receive_asset } после комиссии тейкера { $fee_percent } % (≈ { $value })
plan-best-leave =   ↳ лучше всего: оставить — сейчас ни один способ ничего не даёт.
plan-best-leave-top-up =   ↳ лучше всего: пока оставить — «Конвертации» нужно { $min } { $asset }: пополните на { $top_up } { $asset } (≈ { $cost }), чтобы достичь минимума.
button-plan = Конвертировать остальное по рекомендации
button-swap-instead = Вместо этого обменять { $asset } → { $target }
plan-nothing = Сейчас ничего из плана выполнить нельзя. См. /dust.
plan-confirm-title = Конвертировать по рекомендации:
plan-confirm-bnb = • «Конвертация мелких остатков в BNB»: { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    } ({ $assets }) → ≈ { $net } BNB после комиссии
plan-confirm-unquoted = • { $asset }: сейчас нет котировки; исключён.
plan-confirm-sell = • Продать { $amount } { $asset } на { $symbol } по рыночной цене (комиссия тейкера { $fee_percent } %; цена — рыночная на момент размещения ордера)
plan-sold = Продано { $qty } { $asset } на { $symbol } → { $quote } { $quote_asset }, комиссия { $fee } { $fee_asset }. ID ордера Binance: { $order_id }.
plan-sold-no-fee = Продано { $qty } { $asset } на { $symbol } → { $quote } { $quote_asset } до вычета комиссии. ID ордера Binance: { $order_id }.
plan-sell-failed = Не продано: { $asset } на { $symbol }: { $reason }
plan-sell-not-executed = Binance не выполнила продажу { $asset } на { $symbol }. Ничего не изменилось.
plan-leg-expired = Остановлено: цена { $from } → { $to } истекла, прежде чем её удалось принять. Ничего не сконвертировано; используйте /swap { $from } { $to }, чтобы получить новую цену.

## /cooldown, /history

cooldown-never = В недавнем журнале пыли нет конвертаций: можно конвертировать прямо сейчас.
cooldown-ready = Можно конвертировать прямо сейчас. Последняя конвертация: { $last }.
cooldown-wait = Следующая конвертация возможна через { $left }, в { $at }. Последняя конвертация: { $last }.
history-unresolved-title = Не подтверждено Binance (dustpan перестал ждать; приложение Binance покажет, состоялись ли эти операции):
history-unresolved-dust = • { $sent }: конвертация мелких остатков { $assets } в BNB
history-unresolved-swap = • { $sent }: обмен { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: продажа { $asset } на { $symbol }
history-unresolved-other = • { $sent }: операция
history-empty = Конвертаций пока нет.
history-title = Недавние конвертации:
history-line = • { $at }: { $assets } → { $bnb } BNB (комиссия { $fee }), перевод { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (комиссия { $fee }), перевод { $tran_id } — сделано не через dustpan

## Консоль

console-no-such-button = Кнопки с таким номером нет.
console-banner = Демо dustpan на симуляторе биржи Binance по адресу { $url }. Наберите /help, чтобы увидеть команды; чтобы нажать кнопку, наберите её номер. Ctrl-D — выход.

## Меню (описания команд, 3–256 символов)

menu-start = Что делает dustpan и с чего начать
menu-help = Все команды
menu-connect = Подключить API-ключ Binance (в личном чате)
menu-disconnect = Удалить сохранённый ключ
menu-dust = Ваши мелкие остатки и что с ними делать
menu-convert = Конвертировать пыль в BNB
menu-swap = Обменять один актив на другой («Конвертация»)
menu-cooldown = Когда возможна следующая конвертация
menu-history = Недавние конвертации
menu-settings = Напоминания и настройки отображения
menu-language = Выбрать язык
menu-forget = Удалить всё, что dustpan о вас хранит
menu-privacy = Что dustpan хранит и зачем

## /settings, /language, /privacy

settings-title = Ваши настройки:
settings-reminders = Напоминания по окончании периода ожидания: { $state ->
        [on] вкл.
       *[off] выкл.
    }
settings-min-worth = Напоминать, только если пыль стоит не меньше ${ $usdt }
settings-timezone = Часовой пояс: { $timezone }
settings-quiet = Тихие часы: { $from }–{ $to } ({ $mode ->
        [silent] сообщения приходят без звука
       *[postpone] сообщения откладываются до их окончания
    })
settings-quiet-none = Тихие часы: нет
settings-auto-sweep = Автоуборка по окончании периода ожидания: { $state ->
        [on] вкл.
       *[off] выкл.
    } (до ${ $cap })
settings-target = Планы конвертируют через «Конвертацию» в: { $target }
settings-currency = Стоимость показывается в: { $currency }
settings-language = Язык: { $language } (/language)
settings-how = Изменить: /settings min 2 · /settings timezone Europe/Berlin · /settings quiet 22:00-07:00 (или off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Сохранено.
settings-bad = Недопустимая настройка ({ $setting }). См. /settings.
settings-target-refused = В «Конвертации» Binance нет пар в { $asset }, поэтому планы не могут конвертировать в него. Цель остаётся прежней: { $current }.
settings-currency-refused = dustpan не может оценить USDT в { $currency } по ценам Binance, поэтому показать стоимость в этой валюте нельзя. Стоимость по-прежнему в { $current }.
button-setting-reminders = Напоминания: { $state ->
        [on] вкл.
       *[off] выкл.
    }
button-setting-quiet-silent = Без звука в тихие часы: { $state ->
        [on] вкл.
       *[off] выкл.
    }
button-setting-auto-sweep = Автоуборка: { $state ->
        [on] вкл.
       *[off] выкл.
    }
language-current = Язык: { $language }. Доступны: { $available }. Сменить: /language КОД.
language-set = Язык изменён: { $language }.
language-unknown = Язык «{ $language }» недоступен. Доступны: { $available }.
language-name = Русский
language-button = { $name }
amount-ambiguous = «{ $amount }» можно понять двояко: запятая может отделять тысячи или дробную часть. Напишите сумму без разделителей тысяч и с одним десятичным разделителем, например 1000, 1,5 или 0,001.
privacy =
    Что хранит dustpan: ваш id пользователя в чате, язык, часовой пояс и настройки; API-ключ и секрет биржи — в зашифрованном виде (AES-256-GCM), они используются только для обращений к бирже от вашего имени; записи о ваших конвертациях и ожидающих подтверждениях.
    Бот никогда не хранит ваши сообщения, никогда больше не показывает ваш ключ и не принимает ключи с правом вывода. /forget удаляет всё это.

## Напоминания

reminder-title = ⏰ Период ожидания «Конвертации мелких остатков в BNB» закончился: можно снова убрать пыль.
reminder-summary = { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    } на ≈ { $value } → ≈ { $net } BNB после комиссии.
button-convert-now = Конвертировать сейчас
button-snooze-1h = Отложить на 1 ч
button-snooze-6h = Отложить на 6 ч
button-stop-reminders = Отключить напоминания
reminder-snoozed = Отложено: напомню в { $at }.
reminder-stopped = Напоминания выключены. Включить их снова можно в /settings.
auto-sweep-done = Автоуборка: период ожидания закончился, и ваша пыль сконвертирована.
auto-sweep-failed = Автоуборка: период ожидания закончился, но конвертация не прошла.
auto-sweep-turned-off = Автоуборка дважды подряд не удалась и теперь выключена. Включить её снова можно в /settings.

## Фронтенд Telegram
telegram-working = Выполняю…
telegram-delete-failed = Не удалось удалить ваше сообщение с ключом. Удалите его сами и лучше создайте новый ключ.
telegram-group-private-only = Балансы, история, настройки и конвертации — только в личном чате со мной: { $link }
telegram-group-press-private-only = Это работает только в личном чате с ботом.

## Длительности

span-s = { $s } с
span-min = { $m } мин
span-min-s = { $m } мин { $s } с
span-h = { $h } ч
span-h-min = { $h } ч { $m } мин

## Issue 15, пункт 7: активы, которые сейчас не торгуются, квоты котировок «Конвертации»

dust-line-halted = • { $asset } { $amount } — торги на Binance приостановлены: попробуйте позже.
dust-line-end-of-day = • { $asset } { $amount } — его рынок закрыт до конца дня: попробуйте, когда он откроется.
dust-line-cancel-only = • { $asset } { $amount } — на его рынке Binance сейчас принимает только отмену ордеров: попробуйте позже.
dust-line-not-tradable = • { $asset } { $amount } — сейчас не торгуется на Binance: попробуйте позже.
swap-quote-quota-hourly = Достигнут часовой лимит Binance на котировки «Конвертации» (ошибка 345103). Попробуйте через час или используйте /convert в BNB прямо сейчас.
swap-quote-quota-daily = Достигнут дневной лимит Binance на котировки «Конвертации» (ошибка 345239). Попробуйте завтра или используйте /convert в BNB прямо сейчас.
## Лимиты на пользователя (issue 15)
error-too-fast = Вы отправляете команды быстрее, чем я успеваю отвечать. Подождите { $seconds } с.
error-exchange-busy-for-you = Лимит запросов к Binance общий для всех здесь, и свою часть вы пока израсходовали. Попробуйте снова через { $seconds } с.
dust-as-of = (Данные { $seconds } с назад: результат вашего последнего /dust.)
swap-unknown-asset = dustpan не нашёл на Binance рынка для { $asset }. Проверьте написание, например /swap ADA USDT.

# Напоминания и автоуборка, которые всегда держат слово (issue 15, пункт 6).
auto-sweep-postponed = Автоуборка: конвертация, сделанная не через dustpan, заново запустила период ожидания биржи, поэтому ничего не сконвертировано. Попробую снова в { $at }.
auto-sweep-postponed-unexplained = Автоуборка: биржа сообщает, что период ожидания ещё не закончился, хотя в её журнале нет недавних конвертаций, поэтому ничего не сконвертировано. Попробую снова начиная с { $at } и не буду писать об этом повторно.
reminders-key-refused = Биржа отклонила ваш API-ключ (удалён, истёк или не разрешён с IP этого сервера), поэтому напоминания и автоуборка приостановлены. Отправьте /connect с новым ключом, чтобы их возобновить.
auto-sweep-unknown = Автоуборка: не удалось подтвердить, сконвертирована ли ваша пыль. /history и приложение Binance покажут, что произошло.

# Форма для ключа (issue 16, пункт 3): заголовок формы и подписи полей (в Discord — не более
# 45 символов каждая); текстовая форма запрашивает по одному полю на сообщение.
credentials-form-title = Подключите API-ключ Binance
credentials-field-key = API-ключ
credentials-field-secret = API-секрет
credentials-field-passphrase = Парольная фраза API
connect-ask-passphrase = Теперь отправьте парольную фразу API (сообщение будет сразу удалено). /cancel — отмена.

## Discord
discord-option-assets = Активы для конвертации через запятую или all
discord-option-from = Актив, который обменять
discord-option-to = Актив, который получить
discord-option-amount = Сколько обменять (число) или all
discord-option-setting = Какую настройку изменить
discord-option-value = Её новое значение
discord-option-language = Язык бота
discord-nothing = Готово.
discord-connect-again = Выполните /connect ещё раз, чтобы открыть форму для ключа.
discord-credentials-missing = Нужны и API-ключ, и API-секрет. Выполните /connect ещё раз.

## Discord command names
discord-name-help = помощь
discord-name-connect = подключить
discord-name-disconnect = отключить
discord-name-dust = пыль
discord-name-convert = конвертировать
discord-name-swap = обменять
discord-name-cooldown = ожидание
discord-name-history = история
discord-name-settings = настройки
discord-name-language = язык
discord-name-forget = забыть
discord-name-privacy = конфиденциальность

## Access and operator commands (issue 19)
access-refused = Это закрытый бот. Попросите его оператора добавить { $id }.
stats-title = 📊 Статистика бота
stats-split = Telegram { $telegram } · Discord { $discord } · консоль { $console }
stats-users = Пользователи: { $total } ({ $split })
stats-keys = Подключённые ключи: { $total } ({ $split })
stats-period = { $period }: конвертаций мелких остатков — { $dust } ({ $split }), получено { $received }; операций Spot Convert — { $spot }
stats-period-today = Сегодня (UTC)
stats-period-week = За 7 дней
stats-period-all = За всё время
stats-reminders = Напоминания: ожидают — { $pending } ({ $split }), отправлено — { $sent }
stats-weight = Вес запросов к бирже { $bucket }: { $used } из { $limit } за эту минуту
stats-weight-unknown = Вес запросов к бирже: адаптер этой биржи его не считает.
stats-rate-limited = Отказы биржи по лимиту запросов с запуска: «слишком много запросов» (429) — { $too_many }, блокировки (418) — { $banned }
stats-chat-rate-limited = { $platform }: «слишком много запросов» (429) от API с запуска — { $count }
health-title-ok = 🩺 Состояние: готов
health-title-failing = 🩺 Состояние: НЕ готов
health-database = База данных (запись)
health-exchange = Биржа (время сервера)
health-part-ok = ✅ { $part }: в порядке
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: подключён
health-frontend-disconnected = ❌ { $frontend }: нет подключения
health-oldest-unsettled = Самая старая отправленная и не завершённая операция: { $age } назад
health-nothing-unsettled = Нет операций, ожидающих завершения.
health-open-operations = Открытые операции, { $state }: { $count }

## /convert … to АКТИВ (Dust Convert Binance в выбранный актив)

convert-target-not-offered = Здесь мелкие остатки нельзя конвертировать в { $target }. Возможные варианты: { $targets }.
convert-nothing-to = Сейчас в { $target } конвертировать нечего.
confirm-title-to = Конвертировать в { $target } { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    }:
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − комиссия { $fee } = { $net } { $target }
confirm-totals-to = Итого: { $gross } { $target } − комиссия { $fee } = { $net } { $target } (итоговые цифры биржи могут немного отличаться)
button-convert-selected-to = Конвертировать { $count } { $count ->
        [one] актив
        [few] актива
        [many] активов
       *[other] актива
    } → ≈ { $net } { $target }
left-out-not-convertible-to = Исключён: { $asset } сейчас нельзя конвертировать в { $target }.
convert-done-to = { $count ->
        [one] Сконвертирован { $count } актив
        [few] Сконвертированы { $count } актива
        [many] Сконвертировано { $count } активов
       *[other] Сконвертировано { $count } актива
    }: { $gross } { $target } − комиссия { $fee } { $target } = получено { $received } { $target }. ID перевода Binance: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (комиссия { $fee }), перевод { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (комиссия { $fee }), перевод { $tran_id } — сделано не через dustpan
discord-option-convert-to = Актив, который получить вместо актива биржи по умолчанию (например, USDT)
left-out-kept = Оставлено: { $asset } оплачивает ваши комиссии на бирже, поэтому «all» его не трогает; назовите его, чтобы конвертировать и его.
menu-export = Ваша история в CSV для налоговых сервисов
discord-option-period = Период: 30d, 2026 или all (по умолчанию)
export-bad-period = Не понял этот период. Попробуйте /export, /export 30d, /export 2026 или /export all.
export-empty = За этот период нечего выгружать: нет конвертаций, обменов или продаж.
export-caption = Ваша история: записей — { $count }, по строке на каждый актив (универсальный формат Koinly).
console-file-saved = Файл сохранён: { $path }
discord-name-export = экспорт
connect-exchange-unknown = dustpan не может подключить здесь ключи { $exchange }.
connect-bad-format-exchange = Это не похоже на API-ключ и секрет { $exchange }.
disconnect-which = Подключено несколько бирж ({ $exchanges }). Укажите какую: /disconnect БИРЖА
dust-exchange-title = { $exchange }: ваша пыль (конвертируется в { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = Здесь нет мелких остатков для конвертации.
dust-exchange-batches = Не более { $max } активов за одну конвертацию: больший выбор dustpan отправляет несколькими конвертациями по { $max }.
dust-exchange-no-cooldown = Здесь нет ожидания между конвертациями.
convert-which-exchange = Подключено несколько бирж ({ $exchanges }). Укажите, на какой конвертировать: /convert БИРЖА all (или названия активов), например /convert mexc all
convert-batches = { $exchange } конвертирует не более { $max } активов за вызов: ваши { $count } активов разбиты на { $batches } конвертаций ниже, каждая подтверждается отдельно.
convert-batches-window = Каждая конвертация засчитывается в лимит биржи: { $limit } за { $span }.
convert-batch = Конвертация { $n } из { $batches }:
convert-on-exchange = На { $exchange }:
confirm-window-warning = Эта биржа разрешает { $limit } конвертаций мелких остатков за { $span }; эта засчитывается.
convert-done-on = Конвертировано активов на { $exchange }: { $count }. { $gross } { $target } − комиссия { $fee } { $target } = получено { $received } { $target }. Id пакета { $tran_id }.
dust-exchange-window = { $exchange } разрешает не более { $limit } конвертаций пыли за { $span }.
dust-exchange-failed = { $exchange }: сейчас не удалось прочитать ({ $reason }). Остальные биржи показаны как обычно.
button-convert-on = Конвертировать { $count } на { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: период ожидания конвертации мелких остатков закончился: можно снова убрать пыль.
reminder-summary-to = Активов: { $count } на ≈ { $value } → ≈ { $net } { $target } после комиссии.
connect-which-exchange = Какую биржу подключить? Затем dustpan попросит её API-ключ.
button-connect-exchange = { $exchange }
credentials-form-title-on = Подключите API-ключ { $exchange }
connect-ask-key-on = Отправьте API-ключ { $exchange } (сообщение сразу удалится). /cancel — отмена.
discord-option-exchange = Какая биржа (если у вас ключи на нескольких)
connect-warn-no-ip-on = Внимание: у этого ключа нет списка разрешённых IP. Ограничьте его доверенными IP в управлении API { $exchange }.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Рекомендуется: активов через конвертацию мелких остатков в { $target }: { $to_target }, через «Конвертацию»: { $convert }, продать самостоятельно: { $sell } — всего ≈ { $value }. Нажмите «Конвертировать остальное по рекомендации».
plan-best-to =   ↳ лучше всего: конвертация мелких остатков в { $receive_asset } → ≈ { $receive } { $receive_asset } после комиссии биржи (≈ { $value })
plan-confirm-to = • Конвертация мелких остатков в { $target } (активов: { $count }; { $assets }) → ≈ { $net } { $target } после комиссии
plan-batch-to = Почему { $asset }: конвертация мелких остатков в { $asset } (активов: { $count }) даёт { $received } { $asset } после комиссии биржи { $fee } { $asset }, и план стоит ≈ { $worth }; с конвертацией в { $other_asset } (активов: { $other_count }, { $other_received } { $other_asset } после { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) он стоил бы ≈ { $other_worth }. У обеих одно общее ожидание, поэтому выполняется только одна.
plan-batch-bnb = Почему { $asset }: конвертация мелких остатков в { $asset } (активов: { $count }) даёт { $received } { $asset } (≈ { $in_target } { $other_asset }) после комиссии биржи { $fee } { $asset }, и план стоит ≈ { $worth }; с конвертацией в { $other_asset } (активов: { $other_count }, { $other_received } { $other_asset } после { $other_fee } { $other_asset }) он стоил бы ≈ { $other_worth }, не больше. У обеих одно общее ожидание, поэтому выполняется только одна.
dust-pending-processing = { $exchange } принял конвертацию и ещё обрабатывает её. Ничего не будет отправлено дважды; результат по каждому активу придёт сюда, когда { $exchange } закончит.
dust-pending-done = { $exchange }: конвертация мелких остатков завершена. По активам:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (комиссия { $fee })
dust-pending-failed = • { $asset }: не сконвертирован ({ $reason }); он снова в вашем кошельке
dust-pending-none = Ничего не сконвертировано; активы снова в вашем кошельке. Можно попробовать ещё раз: /convert.
dust-pending-total = Всего получено: { $received } { $target }. Подробности в /history.
button-chart = График
discord-option-view = report (текст) или chart (картинка)
chart-title = { $exchange }: ваша пыль в { $currency }
chart-convertible = Можно конвертировать ≈ { $value } → { $net } { $target } после комиссии
chart-nothing-convertible = Сейчас конвертировать нечего.
chart-plan-worth = Все рекомендованные способы ≈ { $value }
chart-way-small = Конвертация мелких остатков → { $target }
chart-way-convert = Конвертация → { $target }
chart-way-sell = Продать на рынке
chart-way-keep = Оставить: сейчас способа нет
chart-more = ещё { $count } ≈ { $value }
chart-caption = Ваша пыль на { $exchange }: { $count } { $count ->
        [one] мелкий остаток
        [few] мелких остатка
        [many] мелких остатков
       *[other] мелкого остатка
    } ≈ { $value }.
chart-no-dust = У вас нет мелких остатков, поэтому рисовать нечего.
chart-failed = Сейчас не удалось нарисовать график; /dust покажет то же самое текстом.
