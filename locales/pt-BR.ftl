# dustpan — português do Brasil. A referência é en.ftl: mesmas chaves, mesma ordem.
# Uma chave ausente aparece em inglês. Nomes da Binance: “Converter ativos pequenos em BNB”
# (Small Asset Convert) e Binance Convert (Spot Convert).
# Em pt, o CLDR põe 0 e 1 na categoria “one”; onde a contagem pode ser 0, há uma variante [0].

## /start, /help

start-intro =
    O dustpan varre a poeira cripto (dust): os saldos minúsculos que recompensas, airdrops e trades deixam na sua conta da corretora, pequenos demais para vender.
    /dust lista esses saldos e diz o que vale a pena fazer; /convert os converte em BNB depois que você toca em “Confirmar”; o bot avisa quando a próxima varredura for permitida.
start-next-connect = Próximo passo: conecte uma chave de API da Binance com leitura e trading spot habilitados e saques desabilitados: /connect (em um chat privado).
start-next-connected = Sua chave está conectada. Experimente /dust.
help =
    Comandos:
    /dust — seus saldos pequenos e o que fazer com eles; /dust chart, o mesmo como imagem
    /convert — converte a poeira em BNB (você escolhe os ativos); /convert all, ou /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — troca um ativo por outro no Binance Convert, a um preço cotado, ex.: /swap ADA USDT all
    /cooldown — quando a próxima conversão será possível
    /history — conversões recentes
    /connect API_KEY API_SECRET — conecta sua chave da Binance (só em chat privado)
    /disconnect — remove sua chave salva
    /forget — apaga tudo o que o dustpan guarda sobre você
    /cancel — sai de um formulário
unknown-command = Comando desconhecido: /{ $command }. Veja /help.
not-a-command = Eu respondo a comandos. Veja /help.
cancelled = Cancelado. Nada foi alterado.

## Erros

error-not-connected = Nenhuma chave de corretora conectada ainda. Use /connect em um chat privado.
error-key-unreadable = Não é mais possível ler sua chave salva. Conecte-a de novo com /connect.
error-no-master-key = Este bot não pode guardar chaves: o operador não configurou uma chave mestra.
error-internal = Algo deu errado do nosso lado. Se você tinha acabado de confirmar uma conversão ou troca, confira /history antes de tentar de novo: o dustpan nunca envia duas vezes uma operação confirmada.
error-exchange-not-authorized = A Binance diz que esta conta não está autorizada para esta solicitação (talvez seja preciso habilitar a API do Binance Convert para a sua conta).
error-exchange-key-refused = A Binance recusou sua chave de API: verifique se ela ainda é válida, se tem as permissões certas e se a lista de IPs permitidos inclui o servidor deste bot.
error-exchange-busy = A Binance pediu para irmos mais devagar. Tente de novo em { $seconds } s.
error-exchange-rejected = A Binance recusou a solicitação: { $message } (código { $code }).
error-exchange-outcome-unknown = A resposta da Binance se perdeu; o dustpan está verificando o que aconteceu.
error-exchange-unavailable = Não é possível falar com a Binance agora. Tente de novo em um minuto.

## /connect

connect-private-only = Para sua segurança, envie chaves de API só em um chat privado com o bot. Se a sua mensagem tinha uma chave, ela foi apagada aqui; considere criar uma chave nova.
connect-ask-key = Envie sua chave de API da Binance (a mensagem será apagada na hora). /cancel para parar.
connect-ask-secret = Agora envie a chave secreta da API (a mensagem será apagada na hora). /cancel para parar.
connect-start-again = Demorou demais ou o bot foi reiniciado. Comece de novo com /connect.
connect-bad-format = Isso não parece uma chave de API e uma chave secreta da Binance (letras e dígitos, normalmente 64 caracteres cada).
connect-refused = A Binance recusou esta chave. Verifique a chave, as permissões dela e a lista de IPs permitidos.
connect-withdrawals-enabled = Esta chave pode sacar fundos. O dustpan recusa chaves assim: crie uma com saques desabilitados.
connect-missing-permission = Esta chave não tem uma permissão de que o dustpan precisa (leitura: { $reading ->
        [yes] sim
       *[no] não
    }; trading spot: { $trading ->
        [yes] sim
       *[no] não
    }). Habilite leitura e trading spot e mantenha os saques desabilitados.
connect-ip-restriction-required = Este bot só aceita chaves restritas a IPs confiáveis. No Gerenciamento de API da Binance, restrinja a chave ao endereço IP do bot e depois use /connect de novo.
key-permissions-changed = Nada foi convertido: sua chave não atende mais ao que este bot exige (as permissões dela são lidas de novo todos os dias).
connect-done = Chave { $fingerprint } conectada. Ela é guardada criptografada.
connect-warn-no-ip = Atenção: esta chave não tem lista de IPs permitidos. Restrinja-a a IPs confiáveis no Gerenciamento de API da Binance.
connect-next = Experimente /dust.
disconnect-done = Sua chave foi removida.
disconnect-nothing = Não havia nenhuma chave salva.

## /forget

forget-confirm = Isto apaga sua chave de API salva, seus registros de conversão, as operações pendentes e suas configurações. O botão vale por { $ttl }.
forget-inflight = Uma operação que você confirmou em { $sent } ainda não foi confirmada pela Binance. Ao apagar seus dados, o dustpan perde o registro dela; a Binance mantém o próprio (confira no app da Binance).
forget-done = Apagado: { $keys ->
        [0] nenhuma chave salva
        [one] { $keys } chave salva
       *[other] { $keys } chaves salvas
    }, { $conversions ->
        [0] nenhum registro de conversão
        [one] { $conversions } registro de conversão
       *[other] { $conversions } registros de conversão
    }, { $operations ->
        [0] nenhuma operação
        [one] { $operations } operação
       *[other] { $operations } operações
    } e suas configurações. Até logo!

## /dust

dust-title = Sua poeira
dust-none = Nenhum saldo pequeno. Nada para varrer.
dust-section-convertible =
    { $count ->
        [one] Conversível em BNB ({ $count } ativo, taxa de { $fee_percent }%):
       *[other] Conversíveis em BNB ({ $count } ativos, taxa de { $fee_percent }%):
    }
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − taxa { $fee } = { $net } BNB{ $below_min ->
        [yes] , abaixo da ordem mínima
       *[no] {""}
    }
dust-section-below-minimum = Abaixo da ordem mínima do mercado spot, não conversíveis em BNB:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — ordem mínima: { $min_qty } { $asset } ou { $min_notional } { $quote }
dust-section-ineligible = Não podem ser convertidos:
dust-line-delisted = • { $asset } { $amount } — deslistado ou ainda não aberto: não é negociado na Binance, então não pode ser vendido nem convertido aqui; acompanhe os anúncios da Binance ou saque-o.
dust-totals = Total conversível ≈ { $value }: { $bnb } BNB − taxa { $fee } = { $net } BNB
dust-tradeable =
    { $count ->
        [one] { $count } outro saldo é grande o bastante para vender normalmente.
       *[other] { $count } outros saldos são grandes o bastante para vender normalmente.
    }
dust-cooldown-ready = “Converter ativos pequenos em BNB” está disponível agora.
dust-cooldown-wait = Próxima conversão possível daqui a { $left } ({ $at }).

advice-nothing = Nada para converter agora.
advice-wait = Vale a pena converter, mas espere { $left } pelo fim do período de espera.
advice-not-worth-it = Vale ≈ { $value }, abaixo do seu mínimo de ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    }; ainda não compensa.
advice-plan = Recomendado: { $bnb ->
        [0] { $bnb } ativos
        [one] { $bnb } ativo
       *[other] { $bnb } ativos
    } via “Converter ativos pequenos em BNB”, { $convert } via Binance Convert e { $sell } para você mesmo vender; ≈ { $value } no total. Toque em “Converter o resto como recomendado”.

## /convert

select-title =
    { $count ->
        [one] Escolha o que converter ({ $count } ativo conversível). Toque em um ativo para deixá-lo de fora.
       *[other] Escolha o que converter ({ $count } ativos conversíveis). Toque em um ativo para deixá-lo de fora.
    }
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected =
    { $count ->
        [one] Converter { $count } ativo → ≈ { $net } BNB
       *[other] Converter { $count } ativos → ≈ { $net } BNB
    }
button-confirm = Confirmar
button-cancel = Cancelar
button-forget = Apagar tudo
confirm-title =
    { $count ->
        [one] Converter { $count } ativo em BNB:
       *[other] Converter { $count } ativos em BNB:
    }
confirm-line = • { $asset } { $amount } → { $bnb } BNB − taxa { $fee } = { $net } BNB
confirm-totals = Total: { $bnb } BNB − taxa { $fee } = { $net } BNB (os valores finais da corretora podem variar um pouco)
confirm-cooldown-warning = Depois disto, o próximo uso de “Converter ativos pequenos em BNB” será possível daqui a { $cooldown }.
confirm-expiry = Toque em “Confirmar” dentro de { $ttl }.
left-out-not-convertible = Deixado de fora: { $asset } não pode ser convertido em BNB agora.
left-out-not-an-asset = Deixado de fora: “{ $asset }” não é nome de ativo.
convert-nothing = Nada pode ser convertido em BNB agora.
convert-none-selected = Nenhum desses ativos pode ser convertido. Veja /dust.
convert-cooldown = “Converter ativos pequenos em BNB” pode ser usado uma vez por período de espera: o próximo uso será daqui a { $left } ({ $at }). Nada foi enviado à corretora.
convert-done =
    { $count ->
        [one] { $count } ativo convertido
       *[other] { $count } ativos convertidos
    }: { $bnb } BNB − taxa { $fee } BNB = { $received } BNB recebidos. ID da transferência na Binance: { $tran_id }.
convert-next = Próxima conversão possível em { $at }; o bot vai avisar você.
convert-failed = Não convertido: { $reason }
convert-submitted-unknown = Enviado; confirmando o resultado com { $exchange }… Confira /history em um minuto. Nada será enviado duas vezes.
convert-still-confirming = Uma operação que você confirmou em { $sent } ainda está sendo confirmada com a Binance, então as conversões esperam por ela. Tente de novo em um minuto. Se a Binance não a confirmar até { $until }, o dustpan para de esperar: aí /history e o app da Binance (Ordens → histórico do Convert, e o histórico de conversão de ativos pequenos) mostram se ela aconteceu.
convert-not-executed = A Binance não executou a conversão. Nada mudou; você pode tentar de novo com /convert.

button-stale = Este botão não é mais válido.
button-not-yours = Este botão é de outra pessoa.
button-expired = Esta confirmação expirou. Nada foi feito; comece de novo.
button-in-progress = Já está sendo processado.
button-used = Isto já foi feito.

## /swap (Binance Convert)

swap-usage = Uso: /swap FROM TO [AMOUNT|all], ex.: /swap ADA USDT all ou /swap ETH USDT 0.01.
swap-no-pair = A Binance não converte { $from } em { $to }. Tente USDT, BTC, BNB ou ETH como destino.
swap-nothing = Você não tem { $asset } livre para trocar.
swap-below-minimum = { $amount } { $from } está abaixo do mínimo da Binance para converter { $from } em { $to }: pelo menos { $min } { $from }. Adicione { $top_up } { $from } (≈ { $cost }) para chegar lá, ou converta em BNB com /convert.
swap-above-maximum = A Binance converte no máximo { $max } { $from } de uma vez. Troque uma quantidade menor.
swap-funds-short = Você não tem { $amount } { $from } livres, então a Binance deu um preço, mas nenhuma cotação para aceitar. Confira seu saldo (fundos em ordens abertas não estão livres).
swap-expired-before-send = A cotação expirou antes de ser enviada, então nada foi trocado. Use /swap de novo para um preço novo.
swap-no-convert-access = A Binance não habilitou a API do Binance Convert para esta conta (erro -1002). Solicite acesso à API do Convert na sua conta da Binance (Gerenciamento de API) ou use /convert para converter em BNB.
swap-amount-out-of-range = A Binance recusou a quantidade por estar fora dos limites do par. Tente outra quantidade.
swap-confirm-title = Trocar por este preço cotado:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (taxa de câmbio: 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   preço spot { $spot }; a cotação está { $spread }% abaixo dele (o spread da Binance)
swap-confirm-expiry = Este preço vale por { $seconds } s. Toque em “Confirmar” a tempo; um toque mais tarde busca um preço novo e pergunta de novo.
swap-requoted = O preço anterior expirou. Nada foi convertido. Aqui está um preço novo:
swap-done = Troca feita: { $from_amount } { $from } → { $to_amount } { $to }. ID da ordem na Binance: { $order_id }.
swap-failed = Não trocado: { $reason }
swap-not-executed = A Binance não executou a troca. Nada mudou; você pode tentar de novo com /swap.

## O plano (em /dust)

plan-best-bnb =   ↳ melhor: “Converter ativos pequenos em BNB” → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ melhor: Binance Convert → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ melhor: vender em { $symbol } → ≈ { $receive } { $receive_asset } depois da taxa de taker de { $fee_percent }% (≈ { $value })
plan-best-leave =   ↳ melhor: deixar como está; agora nenhuma saída rende nada.
plan-best-leave-top-up =   ↳ melhor: deixar por enquanto; o Binance Convert exige { $min } { $asset }: adicione { $top_up } { $asset } (≈ { $cost }) para chegar lá.
button-plan = Converter o resto como recomendado
button-swap-instead = Trocar { $asset } → { $target } em vez disso
plan-nothing = Nada do plano pode ser executado agora. Veja /dust.
plan-confirm-title = Converter como recomendado:
plan-confirm-bnb =
    • “Converter ativos pequenos em BNB” com { $count ->
        [one] { $count } ativo
       *[other] { $count } ativos
    } ({ $assets }) → ≈ { $net } BNB depois da taxa
plan-confirm-unquoted = • { $asset }: sem cotação agora; deixado de fora.
plan-confirm-sell = • Vender { $amount } { $asset } em { $symbol } a preço de mercado (taxa de taker de { $fee_percent }%; o preço é o do mercado quando a ordem é enviada)
plan-sold = Vendido: { $qty } { $asset } em { $symbol } → { $quote } { $quote_asset }, taxa { $fee } { $fee_asset }. ID da ordem na Binance: { $order_id }.
plan-sold-no-fee = Vendido: { $qty } { $asset } em { $symbol } → { $quote } { $quote_asset } antes da taxa. ID da ordem na Binance: { $order_id }.
plan-sell-failed = Não vendido: { $asset } em { $symbol }: { $reason }
plan-sell-not-executed = A Binance não executou a venda de { $asset } em { $symbol }. Nada mudou.
plan-leg-expired = Interrompido: o preço { $from } → { $to } expirou antes de ser aceito. Nada foi convertido; use /swap { $from } { $to } para um preço novo.

## /cooldown, /history

cooldown-never = Nenhuma conversão no registro recente de poeira: você pode converter agora.
cooldown-ready = Você pode converter agora. Última conversão: { $last }.
cooldown-wait = Próxima conversão possível daqui a { $left }, em { $at }. Última conversão: { $last }.
history-unresolved-title = Não confirmadas pela Binance (o dustpan parou de esperar; o app da Binance mostra se elas aconteceram):
history-unresolved-dust = • { $sent }: conversão de ativos pequenos ({ $assets }) em BNB
history-unresolved-swap = • { $sent }: troca de { $amount } { $from } → { $to }
history-unresolved-sell = • { $sent }: venda de { $asset } em { $symbol }
history-unresolved-other = • { $sent }: uma operação
history-empty = Nenhuma conversão ainda.
history-title = Conversões recentes:
history-line = • { $at }: { $assets } → { $bnb } BNB (taxa { $fee }), transferência { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (taxa { $fee }), transferência { $tran_id } — feita fora do dustpan

## Console

console-no-such-button = Não há nenhum botão com esse número.
console-banner = Demonstração do dustpan em uma Binance simulada em { $url }. Digite /help para ver os comandos; toque em um botão digitando o número dele. Ctrl-D para sair.

## Menu (descrições dos comandos, 3–256 caracteres)

menu-start = O que o dustpan faz e como começar
menu-help = Todos os comandos
menu-connect = Conecte sua chave de API da Binance (chat privado)
menu-disconnect = Remova sua chave salva
menu-dust = Seus saldos pequenos e o que fazer com eles
menu-convert = Converta a poeira em BNB
menu-swap = Troque um ativo por outro (Binance Convert)
menu-cooldown = Quando a próxima conversão será possível
menu-history = Conversões recentes
menu-settings = Lembretes e opções de exibição
menu-language = Escolha o idioma
menu-forget = Apague tudo o que o dustpan guarda sobre você
menu-privacy = O que o dustpan guarda e por quê

## /settings, /language, /privacy

settings-title = Suas configurações:
settings-reminders = Lembretes quando o período de espera terminar: { $state ->
        [on] ligados
       *[off] desligados
    }
settings-min-worth = Avisar só quando a poeira valer pelo menos ${ $usdt }
settings-timezone = Fuso horário: { $timezone }
settings-quiet = Horário de silêncio: { $from }–{ $to } ({ $mode ->
        [silent] enviados sem som
       *[postpone] adiados para o fim dele
    })
settings-quiet-none = Horário de silêncio: nenhum
settings-auto-sweep = Varredura automática quando o período de espera terminar: { $state ->
        [on] ligada
       *[off] desligada
    } (até ${ $cap })
settings-target = Os planos com Binance Convert convertem em: { $target }
settings-currency = Valores exibidos em: { $currency }
settings-language = Idioma: { $language } (/language)
settings-how = Alterar: /settings min 2 · /settings timezone America/Sao_Paulo · /settings quiet 22:00-07:00 (ou off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency BRL
settings-saved = Salvo.
settings-bad = Essa configuração não é válida ({ $setting }). Veja /settings.
settings-target-refused = O Binance Convert não tem pares para { $asset }, então os planos não podem converter nele. Seu destino continua { $current }.
settings-currency-refused = O dustpan não consegue avaliar USDT em { $currency } com os preços da Binance, então não pode exibir valores nessa moeda. Os valores continuam em { $current }.
button-setting-reminders = Lembretes: { $state ->
        [on] ligados
       *[off] desligados
    }
button-setting-quiet-silent = Sem som no horário de silêncio: { $state ->
        [on] sim
       *[off] não
    }
button-setting-auto-sweep = Varredura automática: { $state ->
        [on] ligada
       *[off] desligada
    }
language-current = Idioma: { $language }. Disponíveis: { $available }. Altere com /language CODE (o código do idioma).
language-set = Idioma alterado para { $language }.
language-unknown = “{ $language }” não está disponível. Disponíveis: { $available }.
language-name = Português (Brasil)
language-button = { $name }
amount-ambiguous = “{ $amount }” pode ser lido de duas formas: a vírgula pode separar milhares ou decimais. Escreva o valor sem separador de milhar e com um só separador decimal, ex.: 1000, 1,5 ou 0,001.
privacy =
    O que o dustpan guarda: seu ID de usuário no chat, idioma, fuso horário e configurações; sua chave de API e sua chave secreta da corretora, criptografadas (AES-256-GCM) e usadas só para falar com a corretora por você; os registros das suas conversões e as confirmações pendentes.
    Ele nunca guarda suas mensagens, nunca mostra sua chave de novo e recusa chaves que podem sacar. /forget apaga tudo isso.

## Lembretes

reminder-title = ⏰ Seu período de espera do “Converter ativos pequenos em BNB” terminou: você já pode varrer sua poeira de novo.
reminder-summary =
    { $count ->
        [one] { $count } ativo no valor de ≈ { $value } → ≈ { $net } BNB depois da taxa.
       *[other] { $count } ativos no valor de ≈ { $value } → ≈ { $net } BNB depois da taxa.
    }
button-convert-now = Converter agora
button-snooze-1h = Adiar 1 h
button-snooze-6h = Adiar 6 h
button-stop-reminders = Parar lembretes
reminder-snoozed = Adiado: vou lembrar você em { $at }.
reminder-stopped = Os lembretes estão desligados. Ligue-os de novo em /settings.
auto-sweep-done = Varredura automática: seu período de espera terminou e sua poeira foi convertida.
auto-sweep-failed = Varredura automática: o período de espera terminou, mas a conversão não foi concluída.
auto-sweep-turned-off = A varredura automática falhou duas vezes seguidas e agora está desligada. Ligue-a de novo em /settings.

## Frontend do Telegram
telegram-working = Processando…
telegram-delete-failed = Não consegui apagar sua mensagem com a chave. Apague-a você mesmo e considere criar uma chave nova.
telegram-group-private-only = Saldos, histórico, configurações e conversões ficam em um chat privado comigo: { $link }
telegram-group-press-private-only = Isto só funciona em um chat privado com o bot.

## Durações

span-s = { $s } s
span-min = { $m } min
span-min-s = { $m } min { $s } s
span-h = { $h } h
span-h-min = { $h } h { $m } min

## Issue 15, ponto 7: ativos que não podem ser negociados agora, cotas de cotações do Binance Convert

dust-line-halted = • { $asset } { $amount } — a negociação está pausada na Binance: tente mais tarde.
dust-line-end-of-day = • { $asset } { $amount } — o mercado dele fechou por hoje: tente quando reabrir.
dust-line-cancel-only = • { $asset } { $amount } — no momento a Binance só aceita cancelamentos no mercado dele: tente mais tarde.
dust-line-not-tradable = • { $asset } { $amount } — não pode ser negociado na Binance agora: tente mais tarde.
swap-quote-quota-hourly = O limite de cotações do Binance Convert nesta hora foi atingido (erro 345103). Tente de novo daqui a uma hora ou use /convert para converter em BNB agora.
swap-quote-quota-daily = O limite diário de cotações do Binance Convert foi atingido (erro 345239). Tente de novo amanhã ou use /convert para converter em BNB agora.
## Limites por usuário (issue 15)
error-too-fast = Você está enviando comandos mais rápido do que consigo responder. Espere { $seconds } s, por favor.
error-exchange-busy-for-you = A cota de solicitações à Binance é dividida entre todos aqui, e você já usou a sua parte por enquanto. Tente de novo em { $seconds } s.
dust-as-of = (Dados de { $seconds } s atrás: o resultado do seu último /dust.)
swap-unknown-asset = O dustpan não encontra nenhum mercado para { $asset } na Binance. Confira a grafia, ex.: /swap ADA USDT.

# Lembretes e varredura automática que sempre cumprem a palavra (issue 15, ponto 6).
auto-sweep-postponed = Varredura automática: uma conversão feita fora do dustpan reiniciou o período de espera da corretora, então nada foi convertido. Vou tentar de novo em { $at }.
auto-sweep-postponed-unexplained = Varredura automática: a corretora diz que o período de espera ainda não terminou, embora o registro dela não mostre nenhuma conversão recente, então nada foi convertido. Vou tentar de novo a partir de { $at }, sem escrever outra vez.
reminders-key-refused = A corretora recusou sua chave de API (apagada, expirada ou não permitida a partir do IP deste servidor), então os lembretes e a varredura automática estão pausados. Envie /connect com uma chave nova para retomá-los.
auto-sweep-unknown = Varredura automática: não consegui confirmar se sua poeira foi convertida. /history e o próprio app da Binance mostram o que aconteceu.

# O formulário de credenciais (issue 16, ponto 3): título e rótulos dos campos (Discord: no máximo
# 45 caracteres cada); o formulário guiado por texto pede um campo por mensagem.
credentials-form-title = Conecte sua chave de API da Binance
credentials-field-key = Chave de API
credentials-field-secret = Chave secreta da API
credentials-field-passphrase = Passphrase da API
connect-ask-passphrase = Agora envie a passphrase da API (a mensagem será apagada na hora). /cancel para parar.

## Discord
discord-option-assets = Ativos a converter, separados por vírgulas, ou all
discord-option-from = O ativo que você quer trocar
discord-option-to = O ativo que você quer receber
discord-option-amount = Quanto trocar (um número) ou all
discord-option-setting = A configuração que você quer mudar
discord-option-value = O novo valor
discord-option-language = O idioma a usar
discord-nothing = Pronto.
discord-connect-again = Execute /connect de novo para abrir o formulário da sua chave.
discord-credentials-missing = São necessárias a chave de API e o segredo de API. Execute /connect de novo.

## Discord command names
discord-name-help = ajuda
discord-name-connect = conectar
discord-name-disconnect = desconectar
discord-name-dust = poeira
discord-name-convert = converter
discord-name-swap = trocar
discord-name-cooldown = espera
discord-name-history = histórico
discord-name-settings = configurações
discord-name-language = idioma
discord-name-forget = esquecer
discord-name-privacy = privacidade

## Access and operator commands (issue 19)
access-refused = Este bot é privado. Peça ao operador dele que adicione { $id }.
stats-title = 📊 Estatísticas do bot
stats-split = Telegram { $telegram } · Discord { $discord } · console { $console }
stats-users = Usuários: { $total } ({ $split })
stats-keys = Chaves conectadas: { $total } ({ $split })
stats-period = { $period }: { $dust } { $dust ->
        [one] conversão
       *[other] conversões
    } de saldos pequenos ({ $split }), { $received } recebidos; { $spot } { $spot ->
        [one] operação
       *[other] operações
    } de Spot Convert
stats-period-today = Hoje (UTC)
stats-period-week = Últimos 7 dias
stats-period-all = Desde o início
stats-reminders = Lembretes: { $pending } pendentes ({ $split }), { $sent } enviados
stats-weight = Peso da corretora { $bucket }: { $used } de { $limit } usados neste minuto
stats-weight-unknown = Peso da corretora: o adaptador desta corretora não o conta.
stats-rate-limited = Respostas de limite de requisições da corretora desde o início: { $too_many } “requisições demais” (429), { $banned } bloqueios (418)
stats-chat-rate-limited = { $platform }: { $count } “muitas solicitações” (429) da API desde o início
health-title-ok = 🩺 Saúde: pronto
health-title-failing = 🩺 Saúde: NÃO está pronto
health-database = Banco de dados (uma escrita)
health-exchange = Corretora (hora do servidor)
health-part-ok = ✅ { $part }: ok
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: conectado
health-frontend-disconnected = ❌ { $frontend }: desconectado
health-oldest-unsettled = Operação enviada mais antiga ainda não liquidada: há { $age }
health-nothing-unsettled = Nenhuma operação aguarda liquidação.
health-open-operations = Operações abertas, { $state }: { $count }

## /convert … to DESTINO (Dust Convert da Binance para um ativo escolhido)

convert-target-not-offered = Aqui os saldos pequenos não podem ser convertidos em { $target }. Destinos possíveis: { $targets }.
convert-nothing-to = Nada pode ser convertido em { $target } agora.
confirm-title-to =
    { $count ->
        [one] Converter { $count } ativo em { $target }:
       *[other] Converter { $count } ativos em { $target }:
    }
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − taxa { $fee } = { $net } { $target }
confirm-totals-to = Total: { $gross } { $target } − taxa { $fee } = { $net } { $target } (os valores finais da corretora podem variar um pouco)
button-convert-selected-to =
    { $count ->
        [one] Converter { $count } ativo → ≈ { $net } { $target }
       *[other] Converter { $count } ativos → ≈ { $net } { $target }
    }
left-out-not-convertible-to = Deixado de fora: { $asset } não pode ser convertido em { $target } agora.
convert-done-to =
    { $count ->
        [one] { $count } ativo convertido
       *[other] { $count } ativos convertidos
    }: { $gross } { $target } − taxa { $fee } { $target } = { $received } { $target } recebidos. ID da transferência na Binance: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (taxa { $fee }), transferência { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (taxa { $fee }), transferência { $tran_id } — feita fora do dustpan
discord-option-convert-to = O ativo a receber em vez do padrão da corretora (ex.: USDT)
left-out-kept = Mantido: { $asset } paga suas taxas na corretora, então “all” o deixa; cite-o para convertê-lo também.
menu-export = Seu histórico em CSV para ferramentas de impostos
discord-option-period = Qual período: 30d, 2026 ou all (o padrão)
export-bad-period = Não entendi esse período. Tente /export, /export 30d, /export 2026 ou /export all.
export-empty = Não há nada para exportar nesse período: nenhuma conversão, troca ou venda.
export-caption = Seu histórico: { $count } registro(s), uma linha por ativo (formato universal do Koinly).
console-file-saved = Arquivo salvo: { $path }
discord-name-export = exportar
connect-exchange-unknown = O dustpan não pode conectar chaves da { $exchange } aqui.
connect-bad-format-exchange = Isso não parece uma chave de API e um segredo da { $exchange }.
disconnect-which = Várias corretoras estão conectadas ({ $exchanges }). Diga qual: /disconnect CORRETORA
dust-exchange-title = { $exchange }: sua poeira (convertida em { $target })
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = Nenhum saldo pequeno para converter aqui.
dust-exchange-batches = No máximo { $max } ativos por conversão: o dustpan envia uma seleção maior em várias conversões de { $max }.
dust-exchange-no-cooldown = Aqui não há tempo de espera entre conversões.
convert-which-exchange = Várias corretoras estão conectadas ({ $exchanges }). Diga em qual converter: /convert EXCHANGE all (ou nomes de ativos), por ex. /convert mexc all
convert-batches = { $exchange } converte no máximo { $max } ativos por chamada: seus { $count } ativos vão em { $batches } conversões abaixo, cada uma confirmada separadamente.
convert-batches-window = Cada conversão conta para o limite da corretora de { $limit } a cada { $span }.
convert-batch = Conversão { $n } de { $batches }:
convert-on-exchange = Na { $exchange }:
confirm-window-warning = Esta corretora permite { $limit } conversões de saldos pequenos a cada { $span }; esta conta para o limite.
convert-done-on = Convertido(s) { $count } ativo(s) na { $exchange }: { $gross } { $target } − taxa { $fee } { $target } = { $received } { $target } recebidos. Id do lote { $tran_id }.
dust-exchange-window = { $exchange } permite no máximo { $limit } conversões de poeira a cada { $span }.
dust-exchange-failed = { $exchange }: não foi possível ler agora ({ $reason }). As outras corretoras aparecem normalmente.
button-convert-on = Converter { $count } na { $exchange } → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: seu período de espera para converter saldos pequenos terminou: você já pode varrer sua poeira de novo.
reminder-summary-to = { $count } ativo(s) no valor de ≈ { $value } → ≈ { $net } { $target } após a taxa.
connect-which-exchange = Qual corretora você quer conectar? Depois o dustpan pede a chave de API dela.
button-connect-exchange = { $exchange }
credentials-form-title-on = Conecte sua chave de API da { $exchange }
connect-ask-key-on = Envie sua chave de API da { $exchange } (a mensagem será apagada na hora). /cancel para parar.
discord-option-exchange = Qual corretora (se você tem chaves em várias)
connect-warn-no-ip-on = Atenção: esta chave não tem lista de IPs permitidos. Restrinja-a a IPs confiáveis no gerenciamento de API da { $exchange }.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Recomendado: ativos: { $to_target } pela conversão de saldos pequenos para { $target }, { $convert } pelo Converter, { $sell } para você vender — ≈ { $value } no total. Toque em “Converter o resto como recomendado”.
plan-best-to =   ↳ melhor: conversão de saldos pequenos para { $receive_asset } → ≈ { $receive } { $receive_asset } após a taxa da corretora (≈ { $value })
plan-confirm-to = • Conversão de saldos pequenos de { $count } ativo(s) ({ $assets }) para { $target } → ≈ { $net } { $target } após a taxa
plan-batch-to = Por que { $asset }: converter { $count } saldo(s) pequeno(s) para { $asset } dá { $received } { $asset } após a taxa de { $fee } { $asset } da corretora, e o plano vale ≈ { $worth }; com a conversão para { $other_asset } ({ $other_count } ativo(s), { $other_received } { $other_asset } após { $other_fee } { $other_asset }, ≈ { $other_in_target } { $asset }) valeria ≈ { $other_worth }. As duas têm o mesmo intervalo de espera: só uma é feita.
plan-batch-bnb = Por que { $asset }: converter { $count } saldo(s) pequeno(s) para { $asset } dá { $received } { $asset } (≈ { $in_target } { $other_asset }) após a taxa de { $fee } { $asset } da corretora, e o plano vale ≈ { $worth }; convertendo para { $other_asset } ({ $other_count } ativo(s), { $other_received } { $other_asset } após { $other_fee } { $other_asset }) valeria ≈ { $other_worth }, não mais. As duas têm o mesmo intervalo de espera: só uma é feita.
dust-pending-processing = { $exchange } aceitou a conversão e ainda a está processando. Nada será enviado duas vezes; o resultado será informado aqui, ativo por ativo, quando { $exchange } terminar.
dust-pending-done = { $exchange }: sua conversão de saldos pequenos terminou. Por ativo:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (taxa { $fee })
dust-pending-failed = • { $asset }: não convertido ({ $reason }); voltou para sua carteira
dust-pending-none = Nada foi convertido; seus ativos voltaram para sua carteira. Você pode tentar de novo com /convert.
dust-pending-total = Recebido no total: { $received } { $target }. /history mostra.
button-chart = Gráfico
discord-option-view = report (texto) ou chart (uma imagem)
chart-title = { $exchange }: sua poeira em { $currency }
chart-convertible = Conversível ≈ { $value } → { $net } { $target } após a taxa
chart-nothing-convertible = Nada é conversível agora.
chart-plan-worth = Todas as saídas recomendadas ≈ { $value }
chart-way-small = Converter ativos pequenos → { $target }
chart-way-convert = Binance Convert → { $target }
chart-way-sell = Vender no mercado
chart-way-keep = Manter: nenhuma saída agora
chart-more = +{ $count } a mais ≈ { $value }
chart-caption =
    { $count ->
        [one] Sua poeira na { $exchange }: { $count } saldo pequeno ≈ { $value }.
       *[other] Sua poeira na { $exchange }: { $count } saldos pequenos ≈ { $value }.
    }
chart-no-dust = Você não tem saldos pequenos, então não há nada para desenhar.
chart-failed = Não foi possível desenhar o gráfico agora; /dust mostra o mesmo em texto.
