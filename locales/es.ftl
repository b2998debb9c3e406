# dustpan — español (neutro). La referencia es en.ftl: mismas claves, mismo orden.
# Una clave que falte se muestra en inglés. Nombres de Binance: «Convertir activos pequeños a BNB»
# (Small Asset Convert) y Binance Convert (Spot Convert).

## /start, /help

start-intro =
    dustpan barre el polvo cripto (dust): los saldos diminutos que las recompensas, los airdrops y las operaciones dejan en tu cuenta del exchange, demasiado pequeños para venderlos.
    /dust los muestra y te dice qué conviene hacer; /convert los convierte en BNB cuando pulsas «Confirmar»; el bot te avisa cuando se permite el siguiente barrido.
start-next-connect = Siguiente paso: conecta una clave API de Binance con lectura y trading spot activados y retiros desactivados: /connect (en un chat privado).
start-next-connected = Tu clave está conectada. Prueba /dust.
help =
    Comandos:
    /dust — tus saldos pequeños y qué hacer con ellos; /dust chart, lo mismo como imagen
    /convert — convierte el polvo en BNB (eliges los activos); /convert all, o /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — cambia un activo por otro con Binance Convert a un precio cotizado, p. ej. /swap ADA USDT all
    /cooldown — cuándo será posible la próxima conversión
    /history — conversiones recientes
    /connect API_KEY API_SECRET — conecta tu clave de Binance (solo en chat privado)
    /disconnect — elimina tu clave guardada
    /forget — borra todo lo que dustpan guarda sobre ti
    /cancel — sale de un formulario
unknown-command = Comando desconocido: /{ $command }. Consulta /help.
not-a-command = Solo respondo a comandos. Consulta /help.
cancelled = Cancelado. No se cambió nada.

## Errores

error-not-connected = Todavía no hay ninguna clave de exchange conectada. Usa /connect en un chat privado.
error-key-unreadable = Ya no se puede leer tu clave guardada. Vuelve a conectarla con /connect.
error-no-master-key = Este bot no puede guardar claves: su operador no configuró una clave maestra.
error-internal = Algo salió mal de nuestro lado. Si acababas de confirmar una conversión o un intercambio, revisa /history antes de volver a intentarlo: dustpan nunca envía dos veces una operación confirmada.
error-exchange-not-authorized = Binance indica que esta cuenta no está autorizada para esta solicitud (puede que haya que habilitar la API de Binance Convert para tu cuenta).
error-exchange-key-refused = Binance rechazó tu clave API: comprueba que siga siendo válida, que tenga los permisos correctos y que su lista de IP permitidas incluya el servidor de este bot.
error-exchange-busy = Binance nos pide ir más despacio. Vuelve a intentarlo en { $seconds } s.
error-exchange-rejected = Binance rechazó la solicitud: { $message } (código { $code }).
error-exchange-outcome-unknown = Se perdió la respuesta de Binance; dustpan está comprobando qué pasó.
error-exchange-unavailable = No se puede contactar con Binance en este momento. Vuelve a intentarlo en un minuto.

## /connect

connect-private-only = Por tu seguridad, envía claves API solo en un chat privado con el bot. Si tu mensaje contenía una clave, se eliminó aquí; te conviene crear una clave nueva.
connect-ask-key = Envía tu clave API de Binance (el mensaje se eliminará enseguida). /cancel para detener.
connect-ask-secret = Ahora envía la clave secreta de la API (el mensaje se eliminará enseguida). /cancel para detener.
connect-start-again = Pasó demasiado tiempo o el bot se reinició. Vuelve a empezar con /connect.
connect-bad-format = Eso no parece una clave API y una clave secreta de Binance (letras y dígitos, normalmente 64 caracteres cada una).
connect-refused = Binance rechazó esta clave. Revisa la clave, sus permisos y su lista de IP permitidas.
connect-withdrawals-enabled = Esta clave puede retirar fondos. dustpan no acepta claves así: crea una con los retiros desactivados.
connect-missing-permission = A esta clave le falta un permiso que dustpan necesita (lectura: { $reading ->
        [yes] sí
       *[no] no
    }; trading spot: { $trading ->
        [yes] sí
       *[no] no
    }). Activa la lectura y el trading spot, y deja los retiros desactivados.
connect-ip-restriction-required = Este bot solo acepta claves restringidas a IP de confianza. En la Gestión de API de Binance, restringe la clave a la dirección IP del bot y luego vuelve a usar /connect.
key-permissions-changed = No se convirtió nada: tu clave ya no cumple lo que este bot exige (sus permisos se vuelven a leer cada día).
connect-done = Clave { $fingerprint } conectada. Se guarda cifrada.
connect-warn-no-ip = Atención: esta clave no tiene lista de IP permitidas. Restríngela a IP de confianza en la Gestión de API de Binance.
connect-next = Prueba /dust.
disconnect-done = Se eliminó tu clave.
disconnect-nothing = No había ninguna clave guardada.

## /forget

forget-confirm = Esto borra tu clave API guardada, tus registros de conversiones, las operaciones pendientes y tus ajustes. El botón es válido durante { $ttl }.
forget-inflight = Una operación que confirmaste el { $sent } todavía no ha sido confirmada por Binance. Si borras tus datos, dustpan pierde su registro; Binance conserva el suyo (revisa la app de Binance).
forget-done = Borrado: { $keys ->
        [one] { $keys } clave guardada
       *[other] { $keys } claves guardadas
    }, { $conversions ->
        [one] { $conversions } registro de conversión
       *[other] { $conversions } registros de conversión
    }, { $operations ->
        [one] { $operations } operación
       *[other] { $operations } operaciones
    } y tus ajustes. ¡Hasta pronto!

## /dust

dust-title = Tu polvo
dust-none = No hay saldos pequeños. Nada que barrer.
dust-section-convertible =
    { $count ->
        [one] Convertible a BNB ({ $count } activo, comisión del { $fee_percent } %):
       *[other] Convertibles a BNB ({ $count } activos, comisión del { $fee_percent } %):
    }
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − comisión { $fee } = { $net } BNB{ $below_min ->
        [yes] , por debajo de la orden mínima
       *[no] {""}
    }
dust-section-below-minimum = Por debajo de la orden mínima del mercado spot, no convertibles a BNB:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — orden mínima: { $min_qty } { $asset } o { $min_notional } { $quote }
dust-section-ineligible = No se pueden convertir:
dust-line-delisted = • { $asset } { $amount } — retirado de la lista o aún no abierto: no cotiza en Binance, así que aquí no se puede vender ni convertir; sigue los anuncios de Binance o retíralo a otra billetera.
dust-totals = Total convertible ≈ { $value }: { $bnb } BNB − comisión { $fee } = { $net } BNB
dust-tradeable =
    { $count ->
        [one] { $count } saldo más es lo bastante grande para venderlo de forma normal.
       *[other] { $count } saldos más son lo bastante grandes para venderlos de forma normal.
    }
dust-cooldown-ready = «Convertir activos pequeños a BNB» está disponible ahora.
dust-cooldown-wait = Próxima conversión posible dentro de { $left } (el { $at }).

advice-nothing = Nada que convertir por ahora.
advice-wait = Vale la pena convertir, pero espera { $left } a que termine el período de espera.
advice-not-worth-it = Vale ≈ { $value }: menos que tu mínimo de ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }; todavía no vale la pena.
advice-plan = Recomendado: { $bnb ->
        [one] { $bnb } activo
       *[other] { $bnb } activos
    } con «Convertir activos pequeños a BNB», { $convert } con Binance Convert y { $sell } para vender por tu cuenta; ≈ { $value } en total. Pulsa «Convertir el resto según lo recomendado».

## /convert

select-title =
    { $count ->
        [one] Elige qué convertir ({ $count } activo convertible). Toca un activo para dejarlo fuera.
       *[other] Elige qué convertir ({ $count } activos convertibles). Toca un activo para dejarlo fuera.
    }
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected =
    { $count ->
        [one] Convertir { $count } activo → ≈ { $net } BNB
       *[other] Convertir { $count } activos → ≈ { $net } BNB
    }
button-confirm = Confirmar
button-cancel = Cancelar
button-forget = Borrar todo
confirm-title =
    { $count ->
        [one] Convertir { $count } activo a BNB:
       *[other] Convertir { $count } activos a BNB:
    }
confirm-line = • { $asset } { $amount } → { $bnb } BNB − comisión { $fee } = { $net } BNB
confirm-totals = Total: { $bnb } BNB − comisión { $fee } = { $net } BNB (las cifras finales del exchange pueden variar un poco)
confirm-cooldown-warning = Después de esto, el próximo uso de «Convertir activos pequeños a BNB» será posible dentro de { $cooldown }.
confirm-expiry = Pulsa «Confirmar» antes de que pasen { $ttl }.
left-out-not-convertible = Fuera: { $asset } no se puede convertir a BNB en este momento.
left-out-not-an-asset = Fuera: «{ $asset }» no es el nombre de un activo.
convert-nothing = No hay nada convertible a BNB en este momento.
convert-none-selected = Ninguno de esos activos se puede convertir. Consulta /dust.
convert-cooldown = «Convertir activos pequeños a BNB» se puede usar una vez por período de espera: la próxima vez será dentro de { $left } (el { $at }). No se envió nada al exchange.
convert-done =
    { $count ->
        [one] Se convirtió { $count } activo
       *[other] Se convirtieron { $count } activos
    }: { $bnb } BNB − comisión { $fee } BNB = { $received } BNB recibidos. ID de transferencia de Binance: { $tran_id }.
convert-next = Próxima conversión posible el { $at }; el bot te avisará.
convert-failed = No se convirtió: { $reason }
convert-submitted-unknown = Enviado; confirmando el resultado con { $exchange }… Revisa /history en un minuto. Nada se enviará dos veces.
convert-still-confirming = Una operación que confirmaste el { $sent } todavía se está confirmando con Binance, así que las conversiones esperan a que termine. Vuelve a intentarlo en un minuto. Si Binance no la confirma antes del { $until }, dustpan dejará de esperar: entonces /history y la app de Binance (Órdenes → historial de Convert, y el historial de conversión de activos pequeños) mostrarán si se realizó.
convert-not-executed = Binance no realizó la conversión. No cambió nada; puedes volver a intentarlo con /convert.

button-stale = Este botón ya no es válido.
button-not-yours = Este botón es de otra persona.
button-expired = Esta confirmación caducó. No se hizo nada; empieza de nuevo.
button-in-progress = Ya se está procesando.
button-used = Esto ya se hizo.

## /swap (Binance Convert)

swap-usage = Uso: /swap FROM TO [AMOUNT|all], p. ej. /swap ADA USDT all o /swap ETH USDT 0.01.
swap-no-pair = Binance no convierte { $from } en { $to }. Prueba con USDT, BTC, BNB o ETH como destino.
swap-nothing = No tienes { $asset } disponible para intercambiar.
swap-below-minimum = { $amount } { $from } está por debajo del mínimo de Binance para convertir { $from } en { $to }: al menos { $min } { $from }. Añade { $top_up } { $from } (≈ { $cost }) para alcanzarlo, o conviértelo a BNB con /convert.
swap-above-maximum = Binance convierte como máximo { $max } { $from } a la vez. Intercambia una cantidad menor.
swap-funds-short = No tienes { $amount } { $from } disponibles, así que Binance dio un precio pero ninguna cotización que aceptar. Revisa tu saldo (los fondos en órdenes abiertas no están disponibles).
swap-expired-before-send = La cotización caducó antes de poder enviarla, así que no se intercambió nada. Vuelve a usar /swap para obtener un precio nuevo.
swap-no-convert-access = Binance no habilitó la API de Binance Convert para esta cuenta (error -1002). Solicita el acceso a la API de Convert en tu cuenta de Binance (Gestión de API) o usa /convert para convertir a BNB.
swap-amount-out-of-range = Binance rechazó la cantidad por estar fuera de los límites del par. Prueba con otra cantidad.
swap-confirm-title = Intercambiar a este precio cotizado:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (tasa: 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   precio spot { $spot }; la cotización está un { $spread } % por debajo (el spread de Binance)
swap-confirm-expiry = Este precio vale durante { $seconds } s. Pulsa «Confirmar» a tiempo; si lo pulsas más tarde, se pide un precio nuevo y se te vuelve a preguntar.
swap-requoted = El precio anterior caducó. No se convirtió nada. Este es el precio nuevo:
swap-done = Intercambio hecho: { $from_amount } { $from } → { $to_amount } { $to }. ID de orden de Binance: { $order_id }.
swap-failed = No se intercambió: { $reason }
swap-not-executed = Binance no realizó el intercambio. No cambió nada; puedes volver a intentarlo con /swap.

## El plan (en /dust)

plan-best-bnb =   ↳ lo mejor: «Convertir activos pequeños a BNB» → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ lo mejor: Binance Convert → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ lo mejor: vender en { $symbol } → ≈ { $receive } { $receive_asset } tras la comisión de taker del { $fee_percent } % (≈ { $value })
plan-best-leave =   ↳ lo mejor: dejarlo; ahora mismo ninguna salida rinde nada.
plan-best-leave-top-up =   ↳ lo mejor: dejarlo por ahora; Binance Convert necesita { $min } { $asset }: añade { $top_up } { $asset } (≈ { $cost }) para alcanzarlo.
button-plan = Convertir el resto según lo recomendado
button-swap-instead = Mejor intercambiar { $asset } → { $target }
plan-nothing = Ahora mismo no se puede ejecutar nada del plan. Consulta /dust.
plan-confirm-title = Convertir según lo recomendado:
plan-confirm-bnb =
    • «Convertir activos pequeños a BNB» con { $count ->
        [one] { $count } activo
       *[other] { $count } activos
    } ({ $assets }) → ≈ { $net } BNB tras la comisión
plan-confirm-unquoted = • { $asset }: sin cotización por ahora; queda fuera.
plan-confirm-sell = • Vender { $amount } { $asset } en { $symbol } a precio de mercado (comisión de taker del { $fee_percent } %; el precio es el del mercado al colocar la orden)
plan-sold = Vendido: { $qty } { $asset } en { $symbol } → { $quote } { $quote_asset }, comisión { $fee } { $fee_asset }. ID de orden de Binance: { $order_id }.
plan-sold-no-fee = Vendido: { $qty } { $asset } en { $symbol } → { $quote } { $quote_asset } antes de la comisión. ID de orden de Binance: { $order_id }.
plan-sell-failed = No se vendió { $asset } en { $symbol }: { $reason }
plan-sell-not-executed = Binance no realizó la venta de { $asset } en { $symbol }. No cambió nada.
plan-leg-expired = Detenido: el precio { $from } → { $to } caducó antes de poder aceptarlo. No se convirtió nada; usa /swap { $from } { $to } para obtener un precio nuevo.

## /cooldown, /history

cooldown-never = No hay ninguna conversión en el registro reciente de polvo: puedes convertir ahora.
cooldown-ready = Puedes convertir ahora. Última conversión: { $last }.
cooldown-wait = Próxima conversión posible dentro de { $left }, el { $at }. Última conversión: { $last }.
history-unresolved-title = Sin confirmar por Binance (dustpan dejó de esperar; la app de Binance muestra si se realizaron):
history-unresolved-dust = • { $sent }: conversión de activos pequeños ({ $assets }) a BNB
history-unresolved-swap = • { $sent }: intercambio de { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: venta de { $asset } en { $symbol }
history-unresolved-other = • { $sent }: una operación
history-empty = Todavía no hay conversiones.
history-title = Conversiones recientes:
history-line = • { $at }: { $assets } → { $bnb } BNB (comisión { $fee }), transferencia { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (comisión { $fee }), transferencia { $tran_id } — hecha fuera de dustpan

## Consola

console-no-such-button = No hay ningún botón con ese número.
console-banner = Demo de dustpan en un exchange Binance simulado en { $url }. Escribe /help para ver los comandos; para pulsar un botón, escribe su número. Ctrl-D para salir.

## Menú (descripciones de comandos, 3–256 caracteres)

menu-start = Qué hace dustpan y cómo empezar
menu-help = Todos los comandos
menu-connect = Conecta tu clave API de Binance (chat privado)
menu-disconnect = Elimina tu clave guardada
menu-dust = Tus saldos pequeños y qué hacer con ellos
menu-convert = Convierte el polvo en BNB
menu-swap = Cambia un activo por otro (Binance Convert)
menu-cooldown = Cuándo será posible la próxima conversión
menu-history = Conversiones recientes
menu-settings = Recordatorios y opciones de visualización
menu-language = Elige el idioma
menu-forget = Borra todo lo que dustpan guarda sobre ti
menu-privacy = Qué guarda dustpan y por qué

## /settings, /language, /privacy

settings-title = Tus ajustes:
settings-reminders = Recordatorios al terminar el período de espera: { $state ->
        [on] activados
       *[off] desactivados
    }
settings-min-worth = Avisar solo cuando el polvo valga al menos ${ $usdt }
settings-timezone = Zona horaria: { $timezone }
settings-quiet = Horas de silencio: { $from }–{ $to } ({ $mode ->
        [silent] se envían sin sonido
       *[postpone] se posponen hasta que terminen
    })
settings-quiet-none = Horas de silencio: ninguna
settings-auto-sweep = Barrido automático al terminar el período de espera: { $state ->
        [on] activado
       *[off] desactivado
    } (hasta ${ $cap })
settings-target = Los planes con Binance Convert convierten a: { $target }
settings-currency = Valores en: { $currency }
settings-language = Idioma: { $language } (/language)
settings-how = Cambiar: /settings min 2 · /settings timezone America/Mexico_City · /settings quiet 22:00-07:00 (u off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Guardado.
settings-bad = Ese ajuste no es válido ({ $setting }). Consulta /settings.
settings-target-refused = Binance Convert no tiene pares hacia { $asset }, así que los planes no pueden convertir a ese activo. Tu destino sigue siendo { $current }.
settings-currency-refused = dustpan no puede valorar USDT en { $currency } con los precios de Binance, así que no puede mostrar los valores en esa moneda. Los valores siguen en { $current }.
button-setting-reminders = Recordatorios: { $state ->
        [on] activados
       *[off] desactivados
    }
button-setting-quiet-silent = Sin sonido en horas de silencio: { $state ->
        [on] sí
       *[off] no
    }
button-setting-auto-sweep = Barrido automático: { $state ->
        [on] activado
       *[off] desactivado
    }
language-current = Idioma: { $language }. Disponibles: { $available }. Cámbialo con /language CODE (el código del idioma).
language-set = Idioma cambiado a { $language }.
language-unknown = «{ $language }» no está disponible. Disponibles: { $available }.
language-name = Español
language-button = { $name }
amount-ambiguous = «{ $amount }» se puede leer de dos maneras: una coma puede separar miles o decimales. Escribe la cantidad sin separador de miles y con un solo separador decimal, p. ej. 1000, 1,5 o 0,001.
privacy =
    Lo que dustpan guarda: tu ID de usuario del chat, tu idioma, tu zona horaria y tus ajustes; tu clave API y tu clave secreta del exchange, cifradas (AES-256-GCM) y usadas solo para hablar con el exchange por ti; los registros de tus conversiones y las confirmaciones pendientes.
    Nunca guarda tus mensajes, nunca vuelve a mostrar tu clave y rechaza las claves que pueden retirar fondos. /forget lo borra todo.

## Recordatorios

reminder-title = ⏰ Terminó tu período de espera de «Convertir activos pequeños a BNB»: ya puedes volver a barrer tu polvo.
reminder-summary =
    { $count ->
        [one] { $count } activo por un valor de ≈ { $value } → ≈ { $net } BNB tras la comisión.
       *[other] { $count } activos por un valor de ≈ { $value } → ≈ { $net } BNB tras la comisión.
    }
button-convert-now = Convertir ahora
button-snooze-1h = Posponer 1 h
button-snooze-6h = Posponer 6 h
button-stop-reminders = Desactivar recordatorios
reminder-snoozed = Pospuesto: te avisaré el { $at }.
reminder-stopped = Los recordatorios están desactivados. Vuelve a activarlos en /settings.
auto-sweep-done = Barrido automático: terminó tu período de espera y tu polvo se convirtió.
auto-sweep-failed = Barrido automático: terminó el período de espera, pero la conversión no se completó.
auto-sweep-turned-off = El barrido automático falló dos veces seguidas y ahora está desactivado. Vuelve a activarlo en /settings.

## Frontend de Telegram
telegram-working = Procesando…
telegram-delete-failed = No pude borrar tu mensaje con la clave. Bórralo tú, por favor, y considera crear una clave nueva.
telegram-group-private-only = Los saldos, el historial, los ajustes y las conversiones se quedan en un chat privado conmigo: { $link }
telegram-group-press-private-only = Esto solo funciona en un chat privado con el bot.

## Duraciones

span-s = { $s } s
span-min = { $m } min
span-min-s = { $m } min { $s } s
span-h = { $h } h
span-h-min = { $h } h { $m } min

## Issue 15, punto 7: activos que ahora no se pueden operar, cupos de cotizaciones de Binance Convert

dust-line-halted = • { $asset } { $amount } — el trading está en pausa en Binance: inténtalo más tarde.
dust-line-end-of-day = • { $asset } { $amount } — su mercado cerró por hoy: inténtalo cuando vuelva a abrir.
dust-line-cancel-only = • { $asset } { $amount } — ahora mismo Binance solo acepta cancelaciones en su mercado: inténtalo más tarde.
dust-line-not-tradable = • { $asset } { $amount } — no se puede operar en Binance ahora mismo: inténtalo más tarde.
swap-quote-quota-hourly = Se alcanzó el límite de cotizaciones de Binance Convert de esta hora (error 345103). Vuelve a intentarlo dentro de una hora o usa /convert para convertir a BNB ahora.
swap-quote-quota-daily = Se alcanzó el límite diario de cotizaciones de Binance Convert (error 345239). Vuelve a intentarlo mañana o usa /convert para convertir a BNB ahora.
## Límites por usuario (issue 15)
error-too-fast = Envías comandos más rápido de lo que puedo responderlos. Espera { $seconds } s, por favor.
error-exchange-busy-for-you = El cupo de solicitudes a Binance se comparte entre todos aquí y por ahora ya usaste tu parte. Vuelve a intentarlo en { $seconds } s.
dust-as-of = (Datos de hace { $seconds } s: el resultado de tu último /dust).
swap-unknown-asset = dustpan no encuentra ningún mercado para { $asset } en Binance. Revisa cómo está escrito, p. ej. /swap ADA USDT.

# Recordatorios y barrido automático que siempre cumplen su palabra (issue 15, punto 6).
auto-sweep-postponed = Barrido automático: una conversión hecha fuera de dustpan reinició el período de espera del exchange, así que no se convirtió nada. Lo volveré a intentar el { $at }.
auto-sweep-postponed-unexplained = Barrido automático: el exchange dice que su período de espera aún no terminó, aunque su registro no muestra ninguna conversión reciente, así que no se convirtió nada. Lo volveré a intentar a partir del { $at } sin volver a escribirte.
reminders-key-refused = El exchange rechazó tu clave API (eliminada, caducada o no permitida desde la IP de este servidor), así que los recordatorios y el barrido automático están en pausa. Envía /connect con una clave nueva para reanudarlos.
auto-sweep-unknown = Barrido automático: no pude confirmar si tu polvo se convirtió. /history y la propia app de Binance muestran qué pasó.

# El formulario de credenciales (issue 16, punto 3): título y etiquetas de los campos (Discord: como
# máximo 45 caracteres cada uno); el formulario guiado por texto pide un campo por mensaje.
credentials-form-title = Conecta tu clave API de Binance
credentials-field-key = Clave API
credentials-field-secret = Clave secreta de la API
credentials-field-passphrase = Frase de contraseña de la API
connect-ask-passphrase = Ahora envía la frase de contraseña de la API (el mensaje se eliminará enseguida). /cancel para detener.

## Discord
discord-option-assets = Activos a convertir, separados por comas, o all
discord-option-from = El activo que quieres intercambiar
discord-option-to = El activo que quieres recibir
discord-option-amount = Cuánto intercambiar (un número) o all
discord-option-setting = El ajuste que quieres cambiar
discord-option-value = Su nuevo valor
discord-option-language = El idioma que quieres usar
discord-nothing = Hecho.
discord-connect-again = Ejecuta /connect de nuevo para abrir el formulario de tu clave.
discord-credentials-missing = Se necesitan la clave API y el secreto API. Ejecuta /connect de nuevo.

## Discord command names
discord-name-help = ayuda
discord-name-connect = conectar
discord-name-disconnect = desconectar
discord-name-dust = polvo
discord-name-convert = convertir
discord-name-swap = intercambiar
discord-name-cooldown = espera
discord-name-history = historial
discord-name-settings = ajustes
discord-name-language = idioma
discord-name-forget = olvidar
discord-name-privacy = privacidad

## Access and operator commands (issue 19)
access-refused = Este bot es privado. Pide a su operador que añada { $id }.
stats-title = 📊 Estadísticas del bot
stats-split = Telegram { $telegram } · Discord { $discord } · consola { $console }
stats-users = Usuarios: { $total } ({ $split })
stats-keys = Claves conectadas: { $total } ({ $split })
stats-period = { $period }: { $dust } { $dust ->
        [one] conversión
       *[other] conversiones
    } de saldos pequeños ({ $split }), { $received } recibidos; { $spot } { $spot ->
        [one] operación
       *[other] operaciones
    } de Spot Convert
stats-period-today = Hoy (UTC)
stats-period-week = Últimos 7 días
stats-period-all = Desde siempre
stats-reminders = Recordatorios: { $pending } pendientes ({ $split }), { $sent } enviados
stats-weight = Peso del exchange { $bucket }: { $used } de { $limit } usados este minuto
stats-weight-unknown = Peso del exchange: el adaptador de este exchange no lo cuenta.
stats-rate-limited = Respuestas de límite de solicitudes del exchange desde el inicio: { $too_many } «demasiadas solicitudes» (429), { $banned } bloqueos (418)
stats-chat-rate-limited = { $platform }: { $count } «demasiadas solicitudes» (429) de su API desde el inicio
health-title-ok = 🩺 Estado: listo
health-title-failing = 🩺 Estado: NO listo
health-database = Base de datos (una escritura)
health-exchange = Exchange (hora del servidor)
health-part-ok = ✅ { $part }: bien
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: conectado
health-frontend-disconnected = ❌ { $frontend }: sin conexión
health-oldest-unsettled = Operación enviada más antigua sin liquidar: hace { $age }
health-nothing-unsettled = Ninguna operación espera liquidarse.
health-open-operations = Operaciones abiertas, { $state }: { $count }

## /convert … to DESTINO (Dust Convert de Binance a un activo elegido)

convert-target-not-offered = Aquí los saldos pequeños no se pueden convertir a { $target }. Destinos posibles: { $targets }.
convert-nothing-to = No hay nada convertible a { $target } en este momento.
confirm-title-to =
    { $count ->
        [one] Convertir { $count } activo a { $target }:
       *[other] Convertir { $count } activos a { $target }:
    }
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − comisión { $fee } = { $net } { $target }
confirm-totals-to = Total: { $gross } { $target } − comisión { $fee } = { $net } { $target } (las cifras finales del exchange pueden variar un poco)
button-convert-selected-to =
    { $count ->
        [one] Convertir { $count } activo → ≈ { $net } { $target }
       *[other] Convertir { $count } activos → ≈ { $net } { $target }
    }
left-out-not-convertible-to = Fuera: { $asset } no se puede convertir a { $target } en este momento.
convert-done-to =
    { $count ->
        [one] Se convirtió { $count } activo
       *[other] Se convirtieron { $count } activos
    }: { $gross } { $target } − comisión { $fee } { $target } = { $received } { $target } recibidos. ID de transferencia de Binance: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (comisión { $fee }), transferencia { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (comisión { $fee }), transferencia { $tran_id } — hecha fuera de dustpan
discord-option-convert-to = El activo que recibir en lugar del propio del exchange (p. ej. USDT)
left-out-kept = Conservado: { $asset } paga tus comisiones del exchange, así que «all» lo deja; nómbralo para convertirlo también.
menu-export = Tu historial en CSV para herramientas fiscales
discord-option-period = Qué periodo: 30d, 2026 o all (por defecto)
export-bad-period = No entendí ese periodo. Prueba /export, /export 30d, /export 2026 o /export all.
export-empty = No hay nada que exportar en ese periodo: ni conversiones, ni intercambios, ni ventas.
export-caption = Tu historial: { $count } registro(s), una fila por activo (formato universal de Koinly).
console-file-saved = Archivo guardado: { $path }
discord-name-export = exportar
connect-exchange-unknown = dustpan no puede conectar claves de { $exchange } aquí.
connect-bad-format-exchange = Eso no parece una clave API y un secreto de { $exchange }.
disconnect-which = Hay varios exchanges conectados ({ $exchanges }). Indica cuál: /disconnect EXCHANGE
dust-exchange-title = { $exchange }: tu polvo (se convierte en { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = No hay saldos pequeños que convertir aquí.
dust-exchange-batches = Como máximo { $max } activos por conversión: dustpan envía una selección mayor en varias conversiones de { $max }.
dust-exchange-no-cooldown = Aquí no hay tiempo de espera entre conversiones.
convert-which-exchange = Hay varios exchanges conectados ({ $exchanges }). Indica en cuál convertir: /convert EXCHANGE all (o nombres de activos), p. ej. /convert mexc all
convert-batches = { $exchange } convierte como máximo { $max } activos por llamada: tus { $count } activos van en { $batches } conversiones abajo, cada una confirmada por separado.
convert-batches-window = Cada conversión cuenta para el límite del exchange de { $limit } cada { $span }.
convert-batch = Conversión { $n } de { $batches }:
convert-on-exchange = En { $exchange }:
confirm-window-warning = Este exchange permite { $limit } conversiones de saldos pequeños cada { $span }; esta cuenta para ese límite.
convert-done-on = Convertidos { $count } activo(s) en { $exchange }: { $gross } { $target } − comisión { $fee } { $target } = { $received } { $target } recibidos. Id del lote { $tran_id }.
dust-exchange-window = { $exchange } permite como máximo { $limit } conversiones de polvo cada { $span }.
dust-exchange-failed = { $exchange }: no se pudo leer ahora ({ $reason }). Los demás exchanges se muestran como siempre.
button-convert-on = Convertir { $count } en { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: terminó tu período de espera para convertir saldos pequeños: ya puedes volver a barrer tu polvo.
reminder-summary-to = { $count } activo(s) por un valor de ≈ { $value } → ≈ { $net } { $target } tras la comisión.
connect-which-exchange = ¿Qué exchange quieres conectar? Después dustpan te pedirá su clave API.
button-connect-exchange = { $exchange }
credentials-form-title-on = Conecta tu clave API de { $exchange }
connect-ask-key-on = Envía tu clave API de { $exchange } (el mensaje se borrará enseguida). /cancel para parar.
discord-option-exchange = Qué exchange (si tienes claves en varios)
connect-warn-no-ip-on = Atención: esta clave no tiene lista de IP permitidas. Restríngela a IP de confianza en la gestión de API de { $exchange }.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Recomendado: activos: { $to_target } con conversión de saldos pequeños a { $target }, { $convert } con Convertir, { $sell } para vender usted — ≈ { $value } en total. Pulse «Convertir el resto según lo recomendado».
plan-best-to =   ↳ lo mejor: conversión de saldos pequeños a { $receive_asset } → ≈ { $receive } { $receive_asset } tras la comisión del exchange (≈ { $value })
plan-confirm-to = • Conversión de saldos pequeños de { $count } activo(s) ({ $assets }) a { $target } → ≈ { $net } { $target } tras la comisión
plan-batch-to = Por qué { $asset }: convertir { $count } saldo(s) pequeño(s) a { $asset } da { $received } { $asset } tras la comisión del exchange de { $fee } { $asset }, y el plan vale ≈ { $worth }; con la conversión a { $other_asset } ({ $other_count } activo(s), { $other_received } { $other_asset } tras { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) valdría ≈ { $other_worth }. Ambas comparten un mismo periodo de espera: solo se hace una.
plan-batch-bnb = Por qué { $asset }: convertir { $count } saldo(s) pequeño(s) a { $asset } da { $received } { $asset } (≈ { $in_target } { $other_asset }) tras la comisión del exchange de { $fee } { $asset }, y el plan vale ≈ { $worth }; convirtiendo a { $other_asset } ({ $other_count } activo(s), { $other_received } { $other_asset } tras { $other_fee } { $other_asset }) valdría ≈ { $other_worth }, no más. Ambas comparten un mismo periodo de espera: solo se hace una.
dust-pending-processing = { $exchange } aceptó la conversión y todavía la está procesando. No se enviará nada dos veces; el resultado se informará aquí, activo por activo, cuando { $exchange } termine.
dust-pending-done = { $exchange }: tu conversión de saldos pequeños ha terminado. Por activo:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (comisión { $fee })
dust-pending-failed = • { $asset }: no convertido ({ $reason }); ha vuelto a tu billetera
dust-pending-none = No se convirtió nada; tus activos han vuelto a tu billetera. Puedes intentarlo de nuevo con /convert.
dust-pending-total = Recibido en total: { $received } { $target }. /history lo muestra.
button-chart = Gráfico
discord-option-view = report (texto) o chart (una imagen)
chart-title = { $exchange }: tu polvo en { $currency }
chart-convertible = Convertible ≈ { $value } → { $net } { $target } tras la comisión
chart-nothing-convertible = Ahora mismo no hay nada convertible.
chart-plan-worth = Todas las salidas recomendadas ≈ { $value }
chart-way-small = Convertir activos pequeños → { $target }
chart-way-convert = Binance Convert → { $target }
chart-way-sell = Vender en el mercado
chart-way-keep = Conservar: ahora no hay salida
chart-more = +{ $count } más ≈ { $value }
chart-caption =
    { $count ->
        [one] Tu polvo en { $exchange }: { $count } saldo pequeño ≈ { $value }.
       *[other] Tu polvo en { $exchange }: { $count } saldos pequeños ≈ { $value }.
    }
chart-no-dust = No tienes saldos pequeños, así que no hay nada que dibujar.
chart-failed = Ahora mismo no se pudo dibujar el gráfico; /dust muestra lo mismo como texto.
