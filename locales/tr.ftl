# dustpan — Türkçe. Anahtarlar ve sıraları en.ftl (referans) ile aynıdır; eksik bir anahtar İngilizceden alınır.
# Kullanıcının yazdığı komutlar, varlık sembolleri ve ayar sözcükleri çevrilmez.
# Türkçede sayılan adlar çoğul almaz (3 varlık), bu yüzden çoğul seçicisi gerekmez; yüzde işareti sayıdan önce gelir (%2).
# Yer tutuculara ek getirilmez (ünlü uyumu değere bağlıdır); cümleler buna göre kurulmuştur.

## /start, /help

start-intro =
    dustpan kripto tozunu süpürür: ödüllerden, airdrop'lardan ve işlemlerden borsa hesabınızda kalan, satılamayacak kadar küçük bakiyeler.
    /dust bunları listeler ve ne yapmaya değer olduğunu söyler; /convert, siz “Onayla”ya bastıktan sonra bunları BNB'ye çevirir; bot bir sonraki süpürmenin ne zaman mümkün olduğunu size hatırlatır.
start-next-connect = Sırada: okuma ve spot işlem izni açık, para çekme izni kapalı bir Binance API anahtarı bağlayın — /connect (özel sohbette).
start-next-connected = Anahtarınız bağlı. /dust komutunu deneyin.
help =
    Komutlar:
    /dust — küçük bakiyeleriniz ve onlarla ne yapılabileceği; /dust chart, aynısı resim olarak
    /convert — tozu BNB'ye çevir (varlıkları seçerek); /convert all veya /convert ADA XRP
    /swap FROM TO [AMOUNT|all] — bir varlığı teklif edilen kurdan “Dönüştür” ile başka bir varlığa çevir, ör. /swap ADA USDT all
    /cooldown — bir sonraki çevirmenin ne zaman mümkün olduğu
    /history — son çevirmeler
    /connect API_KEY API_SECRET — Binance anahtarınızı bağlayın (yalnızca özel sohbette)
    /disconnect — kayıtlı anahtarınızı kaldırın
    /forget — dustpan'in sizinle ilgili sakladığı her şeyi silin
    /cancel — formdan çıkın
unknown-command = Bilinmeyen komut: /{ $command }. Bkz. /help.
not-a-command = Komutlara yanıt veririm. Bkz. /help.
cancelled = İptal edildi. Hiçbir şey değişmedi.

## Hatalar

error-not-connected = Henüz bağlı bir borsa anahtarı yok. Özel sohbette /connect kullanın.
error-key-unreadable = Kayıtlı anahtarınız artık okunamıyor. Lütfen /connect ile yeniden bağlayın.
error-no-master-key = Bu bot anahtar saklayamaz: operatörü bir ana anahtar yapılandırmamış.
error-internal = Bizim tarafımızda bir sorun oluştu. Bir çevirmeyi veya takası az önce onayladıysanız, yeniden denemeden önce /history'ye bakın: dustpan onaylanmış bir işlemi asla iki kez göndermez.
error-exchange-not-authorized = Binance bu hesabın bu istek için yetkili olmadığını söylüyor (hesabınız için Convert API'nin etkinleştirilmesi gerekebilir).
error-exchange-key-refused = Binance API anahtarınızı reddetti: hâlâ geçerli olduğunu, doğru izinlere sahip olduğunu ve IP izin listesinin bu botun sunucusunu içerdiğini kontrol edin.
error-exchange-busy = Binance yavaşlamamızı istiyor. Lütfen { $seconds } sn sonra tekrar deneyin.
error-exchange-rejected = Binance isteği reddetti: { $message } (kod { $code }).
error-exchange-outcome-unknown = Binance'ten gelen yanıt kayboldu; dustpan ne olduğunu kontrol ediyor.
error-exchange-unavailable = Binance'e şu anda ulaşılamıyor. Lütfen bir dakika sonra tekrar deneyin.

## /connect

connect-private-only = Güvenliğiniz için API anahtarlarını yalnızca botla özel sohbette gönderin. Mesajınızda bir anahtar varsa buradan silindi — yeni bir anahtar oluşturmayı düşünün.
connect-ask-key = Binance API anahtarınızı gönderin (mesaj hemen silinecek). Durdurmak için /cancel.
connect-ask-secret = Şimdi API gizli anahtarını gönderin (mesaj hemen silinecek). Durdurmak için /cancel.
connect-start-again = Çok uzun sürdü ya da bot yeniden başladı. Lütfen /connect ile baştan başlayın.
connect-bad-format = Bu bir Binance API anahtarı ve gizli anahtarına benzemiyor (harf ve rakamlar, genellikle her biri 64 karakter).
connect-refused = Binance bu anahtarı reddetti. Anahtarı, izinlerini ve IP izin listesini kontrol edin.
connect-withdrawals-enabled = Bu anahtar para çekebiliyor. dustpan böyle anahtarları kabul etmez: para çekme izni kapalı bir anahtar oluşturun.
connect-missing-permission = Bu anahtarda dustpan'in ihtiyaç duyduğu bir izin eksik (okuma: { $reading ->
        [yes] açık
       *[no] kapalı
    }, spot işlem: { $trading ->
        [yes] açık
       *[no] kapalı
    }). Okumayı ve spot işlemi açın, para çekmeyi kapalı tutun.
connect-ip-restriction-required = Bu bot yalnızca güvenilir IP'lerle sınırlandırılmış anahtarları kabul eder. Binance'in API Yönetimi bölümünde anahtarı botun IP adresiyle sınırlandırın, ardından /connect ile yeniden bağlayın.
key-permissions-changed = Hiçbir şey çevrilmedi: anahtarınız artık bu botun gereksinimlerini karşılamıyor (izinleri her gün yeniden okunur).
connect-done = { $fingerprint } anahtarı bağlandı. Şifrelenmiş olarak saklanıyor.
connect-warn-no-ip = Uyarı: bu anahtarın IP izin listesi yok. Binance'in API Yönetimi bölümünde onu güvenilir IP'lerle sınırlandırın.
connect-next = /dust komutunu deneyin.
disconnect-done = Anahtarınız kaldırıldı.
disconnect-nothing = Kayıtlı bir anahtar yoktu.

## /forget

forget-confirm = Bu işlem kayıtlı API anahtarınızı, çevirme kayıtlarınızı, bekleyen işlemlerinizi ve ayarlarınızı siler. Düğme { $ttl } boyunca geçerlidir.
forget-inflight = { $sent } tarihinde onayladığınız bir işlem Binance tarafından henüz onaylanmadı. Silmek, dustpan'in bu işlemle ilgili kaydını kaldırır; Binance kendi kaydını tutar (Binance uygulamasına bakın).
forget-done = Silindi: { $keys } kayıtlı anahtar, { $conversions } çevirme kaydı, { $operations } işlem ve ayarlarınız. Hoşça kalın!

## /dust

dust-title = Küçük bakiyeleriniz
dust-none = Küçük bakiye yok. Süpürülecek bir şey yok.
dust-section-convertible = BNB'ye çevrilebilir ({ $count } varlık, %{ $fee_percent } komisyon):
dust-line-convertible =
    • { $asset } { $amount } ≈ { $value }{ $currency ->
        [BTC] {""}
       *[other] {" "}({ $btc } BTC)
    } → { $bnb } BNB − komisyon { $fee } = { $net } BNB{ $below_min ->
        [yes] , minimum emrin altında
       *[no] {""}
    }
dust-section-below-minimum = Spot piyasanın minimum emrinin altında, BNB'ye çevrilemez:
dust-line-below-minimum = • { $asset } { $amount } ≈ { $value } — minimum emir { $min_qty } { $asset } veya { $min_notional } { $quote }
dust-section-ineligible = Çevrilemez:
dust-line-delisted = • { $asset } { $amount } — listeden çıkarılmış ya da henüz listelenmemiş: Binance'te işlem görmüyor, bu yüzden burada satılamaz ve çevrilemez; Binance duyurularını takip edin ya da çekin.
dust-totals = Çevrilebilir toplam ≈ { $value }: { $bnb } BNB − komisyon { $fee } = { $net } BNB
dust-tradeable = Diğer { $count } bakiye normal şekilde satılabilecek kadar büyük.
dust-cooldown-ready = “Küçük Bakiyeleri BNB'ye Çevir” şu anda kullanılabilir.
dust-cooldown-wait = Bir sonraki çevirme { $left } sonra mümkün (saat: { $at }).

advice-nothing = Şu anda çevrilecek bir şey yok.
advice-wait = Çevirmeye değer, ancak bekleme süresinin bitmesi için { $left } bekleyin.
advice-not-worth-it = Değer ≈ { $value } — belirlediğiniz ${ $min }{ $currency ->
        [USDT] {""}
       *[other] {" "}(≈ { $min_value })
    } minimumunun altında, henüz değmez.
advice-plan = Öneri: { $bnb } varlık “Küçük Bakiyeleri BNB'ye Çevir” ile, { $convert } varlık “Dönüştür” ile, { $sell } varlık kendiniz satmak için — toplam ≈ { $value }. “Kalanı önerildiği gibi çevir” düğmesine basın.

## /convert

select-title = Neyin çevrileceğini seçin ({ $count } çevrilebilir varlık). Bir varlığı hariç tutmak için ona dokunun.
button-asset-on = ✅ { $asset }
button-asset-off = ⬜ { $asset }
button-convert-selected = { $count } varlığı çevir → ≈ { $net } BNB
button-confirm = Onayla
button-cancel = İptal
button-forget = Her şeyi sil
confirm-title = { $count } varlık BNB'ye çevrilecek:
confirm-line = • { $asset } { $amount } → { $bnb } BNB − komisyon { $fee } = { $net } BNB
confirm-totals = Toplam: { $bnb } BNB − komisyon { $fee } = { $net } BNB (borsanın kesin rakamları biraz farklı olabilir)
confirm-cooldown-warning = Bundan sonra bir sonraki “Küçük Bakiyeleri BNB'ye Çevir” işlemi { $cooldown } sonra mümkün olacak.
confirm-expiry = { $ttl } içinde “Onayla”ya basın.
left-out-not-convertible = Hariç tutuldu: { $asset } şu anda BNB'ye çevrilemiyor.
left-out-not-an-asset = Hariç tutuldu: “{ $asset }” bir varlık adı değil.
convert-nothing = Şu anda BNB'ye çevrilebilecek bir şey yok.
convert-none-selected = Bu varlıkların hiçbiri çevrilemiyor. Bkz. /dust.
convert-cooldown = “Küçük Bakiyeleri BNB'ye Çevir” her bekleme süresinde bir kez kullanılabilir: bir sonraki { $left } sonra (saat: { $at }). Borsaya hiçbir şey gönderilmedi.
convert-done = { $count } varlık çevrildi: { $bnb } BNB − komisyon { $fee } BNB = { $received } BNB alındı. Binance transfer kimliği: { $tran_id }.
convert-next = Bir sonraki çevirme şu saatte mümkün: { $at }; bot size hatırlatacak.
convert-failed = Çevrilmedi: { $reason }
convert-submitted-unknown = Gönderildi; sonuç { $exchange } ile doğrulanıyor… Bir dakika sonra /history'ye bakın. Hiçbir şey iki kez gönderilmeyecek.
convert-still-confirming = { $sent } tarihinde onayladığınız bir işlem hâlâ Binance ile doğrulanıyor, bu yüzden çevirmeler onu bekliyor. Lütfen bir dakika sonra tekrar deneyin. Binance bunu { $until } tarihine kadar onaylamazsa dustpan beklemeyi bırakır: o zaman /history ve Binance uygulaması (Emirler → Dönüştürme geçmişi ve küçük bakiye çevirme geçmişi) işlemin gerçekleşip gerçekleşmediğini gösterir.
convert-not-executed = Binance çevirmeyi gerçekleştirmedi. Hiçbir şey değişmedi; /convert ile tekrar deneyebilirsiniz.

button-stale = Bu düğme artık geçerli değil.
button-not-yours = Bu düğme başka birine ait.
button-expired = Bu onayın süresi doldu. Hiçbir şey yapılmadı; baştan başlayın.
button-in-progress = Zaten işleniyor.
button-used = Bu zaten yapıldı.

## /swap (“Dönüştür”)

swap-usage = Kullanım: /swap FROM TO [AMOUNT|all], ör. /swap ADA USDT all veya /swap ETH USDT 0.01.
swap-no-pair = Binance { $from } → { $to } dönüştürmesi yapmıyor. Hedef olarak USDT, BTC, BNB veya ETH deneyin.
swap-nothing = Takas edilecek serbest { $asset } bakiyeniz yok.
swap-below-minimum = { $amount } { $from }, Binance'in { $from } → { $to } dönüştürmesi için minimumunun altında: en az { $min } { $from } gerekiyor. Bu miktara ulaşmak için { $top_up } { $from } (≈ { $cost }) ekleyin ya da /convert ile BNB'ye çevirin.
swap-above-maximum = Binance tek seferde en fazla { $max } { $from } dönüştürür. Daha küçük bir miktarı takas edin.
swap-funds-short = Serbest { $amount } { $from } bakiyeniz yok, bu yüzden Binance bir fiyat verdi ama kabul edilebilecek bir teklif vermedi. Bakiyenizi kontrol edin (açık emirlerdeki fonlar serbest değildir).
swap-expired-before-send = Teklifin süresi gönderilemeden doldu, bu yüzden hiçbir şey takas edilmedi. Güncel bir fiyat için /swap komutunu yeniden çalıştırın.
swap-no-convert-access = Binance bu hesap için Convert API'yi etkinleştirmemiş (hata -1002). Binance hesabınızda (API Yönetimi) Convert API erişimi için başvurun ya da bunun yerine /convert ile BNB'ye çevirin.
swap-amount-out-of-range = Binance miktarı paritenin limitleri dışında olduğu için reddetti. Farklı bir miktar deneyin.
swap-confirm-title = Bu teklif fiyatından takas:
swap-confirm-line = • { $from_amount } { $from } → { $to_amount } { $to } (kur 1 { $from } = { $ratio } { $to })
swap-confirm-spread =   spot fiyat { $spot }; teklif bunun %{ $spread } altında (Binance'in makası)
swap-confirm-expiry = Bu fiyat { $seconds } sn geçerli. Zamanında “Onayla”ya basın; daha sonra basarsanız yeni bir fiyat alınır ve tekrar sorulur.
swap-requoted = Önceki fiyatın süresi doldu. Hiçbir şey çevrilmedi. İşte yeni fiyat:
swap-done = Takas edildi: { $from_amount } { $from } → { $to_amount } { $to }. Binance emir kimliği: { $order_id }.
swap-failed = Takas edilmedi: { $reason }
swap-not-executed = Binance takası gerçekleştirmedi. Hiçbir şey değişmedi; /swap ile tekrar deneyebilirsiniz.

## Plan (/dust içinde)

plan-best-bnb =   ↳ en iyisi: “Küçük Bakiyeleri BNB'ye Çevir” → ≈ { $receive } BNB (≈ { $value })
plan-best-convert =   ↳ en iyisi: “Dönüştür” → ≈ { $receive } { $receive_asset } (≈ { $value }) — /swap { $asset } { $receive_asset } all
plan-best-sell =   ↳ en iyisi: { $symbol } paritesinde sat → %{ $fee_percent } taker komisyonundan sonra ≈ { $receive } { $receive_asset } (≈ { $value })
plan-best-leave =   ↳ en iyisi: bırakın — şu anda hiçbir yol bir şey kazandırmıyor.
plan-best-leave-top-up =   ↳ en iyisi: şimdilik bırakın — “Dönüştür” için { $min } { $asset } gerekiyor: buna ulaşmak için { $top_up } { $asset } (≈ { $cost }) ekleyin.
button-plan = Kalanı önerildiği gibi çevir
button-swap-instead = Bunun yerine { $asset } → { $target } takas et
plan-nothing = Plandaki hiçbir adım şu anda uygulanamıyor. Bkz. /dust.
plan-confirm-title = Önerildiği gibi çevir:
plan-confirm-bnb = • “Küçük Bakiyeleri BNB'ye Çevir” ile { $count } varlık ({ $assets }) → komisyondan sonra ≈ { $net } BNB
plan-confirm-unquoted = • { $asset }: şu anda teklif yok; hariç tutuldu.
plan-confirm-sell = • { $amount } { $asset }, { $symbol } paritesinde piyasa fiyatından satılacak (taker komisyonu %{ $fee_percent }; fiyat, emir verildiği andaki piyasa fiyatıdır)
plan-sold = Satıldı: { $qty } { $asset }, { $symbol } paritesinde → { $quote } { $quote_asset }, komisyon { $fee } { $fee_asset }. Binance emir kimliği: { $order_id }.
plan-sold-no-fee = Satıldı: { $qty } { $asset }, { $symbol } paritesinde → komisyondan önce { $quote } { $quote_asset }. Binance emir kimliği: { $order_id }.
plan-sell-failed = Satılmadı: { $asset }, { $symbol } paritesinde: { $reason }
plan-sell-not-executed = Binance { $asset } satışını ({ $symbol } paritesinde) gerçekleştirmedi. Hiçbir şey değişmedi.
plan-leg-expired = Durduruldu: { $from } → { $to } fiyatının süresi kabul edilemeden doldu. Hiçbir şey çevrilmedi; yeni bir fiyat için /swap { $from } { $to } kullanın.

## /cooldown, /history

cooldown-never = Son toz kayıtlarında çevirme yok: şimdi çevirebilirsiniz.
cooldown-ready = Şimdi çevirebilirsiniz. Son çevirme: { $last }.
cooldown-wait = Bir sonraki çevirme { $left } sonra mümkün (saat: { $at }). Son çevirme: { $last }.
history-unresolved-title = Binance tarafından onaylanmadı (dustpan beklemeyi bıraktı; bunların gerçekleşip gerçekleşmediğini Binance uygulaması gösterir):
history-unresolved-dust = • { $sent }: { $assets } küçük bakiyelerinin BNB'ye çevrilmesi
history-unresolved-swap = • { $sent }: { $amount } { $from } → { $to } takası
history-unresolved-sell = • { $sent }: { $asset } satışı ({ $symbol } paritesinde)
history-unresolved-other = • { $sent }: bir işlem
history-empty = Henüz çevirme yok.
history-title = Son çevirmeler:
history-line = • { $at }: { $assets } → { $bnb } BNB (komisyon { $fee }), transfer { $tran_id }
history-line-elsewhere = • { $at }: { $assets } → { $bnb } BNB (komisyon { $fee }), transfer { $tran_id } — dustpan dışında yapıldı

## Konsol

console-no-such-button = Bu numarada bir düğme yok.
console-banner = Simüle edilmiş bir Binance borsasında dustpan demosu: { $url }. Komutlar için /help yazın; bir düğmeye basmak için numarasını yazın. Çıkmak için Ctrl-D.

## Menü (komut açıklamaları, 3–256 karakter)

menu-start = dustpan ne yapar ve nasıl başlanır
menu-help = Tüm komutlar
menu-connect = Binance API anahtarınızı bağlayın (özel sohbet)
menu-disconnect = Kayıtlı anahtarınızı kaldırın
menu-dust = Küçük bakiyeleriniz ve onlarla ne yapılabileceği
menu-convert = Tozu BNB'ye çevir
menu-swap = Bir varlığı başka bir varlığa takas et (“Dönüştür”)
menu-cooldown = Bir sonraki çevirme ne zaman mümkün
menu-history = Son çevirmeler
menu-settings = Hatırlatıcılar ve görüntüleme ayarları
menu-language = Dili seçin
menu-forget = dustpan'in sizinle ilgili sakladığı her şeyi silin
menu-privacy = dustpan neyi, neden saklar

## /settings, /language, /privacy

settings-title = Ayarlarınız:
settings-reminders = Bekleme süresi bitince hatırlatıcılar: { $state ->
        [on] açık
       *[off] kapalı
    }
settings-min-worth = Yalnızca toz en az ${ $usdt } değerindeyse hatırlat
settings-timezone = Saat dilimi: { $timezone }
settings-quiet = Sessiz saatler: { $from }–{ $to } ({ $mode ->
        [silent] sessizce gönderilir
       *[postpone] bitişlerine ertelenir
    })
settings-quiet-none = Sessiz saatler: yok
settings-auto-sweep = Bekleme süresi bitince otomatik süpürme: { $state ->
        [on] açık
       *[off] kapalı
    } (en fazla ${ $cap })
settings-target = “Dönüştür” planlarının hedefi: { $target }
settings-currency = Değerlerin gösterildiği birim: { $currency }
settings-language = Dil: { $language } (/language)
settings-how = Değiştirmek için: /settings min 2 · /settings timezone Europe/Berlin · /settings quiet 22:00-07:00 (veya off) · /settings cap 10 · /settings reminders on|off · /settings autosweep on|off · /settings target ETH · /settings currency EUR
settings-saved = Kaydedildi.
settings-bad = Bu ayar geçerli değil ({ $setting }). Bkz. /settings.
settings-target-refused = Binance'in “Dönüştür” özelliğinde { $asset } hedefli parite yok, bu yüzden planlar ona çeviremez. Hedefiniz değişmedi: { $current }.
settings-currency-refused = dustpan, Binance fiyatlarından USDT'nin { $currency } cinsinden değerini hesaplayamıyor, bu yüzden değerler bu birimde gösterilemez. Değerler { $current } cinsinden kalıyor.
button-setting-reminders = Hatırlatıcılar: { $state ->
        [on] açık
       *[off] kapalı
    }
button-setting-quiet-silent = Sessiz saatlerde sessiz: { $state ->
        [on] açık
       *[off] kapalı
    }
button-setting-auto-sweep = Otomatik süpürme: { $state ->
        [on] açık
       *[off] kapalı
    }
language-current = Dil: { $language }. Kullanılabilir diller: { $available }. Değiştirmek için: /language KOD.
language-set = Dil ayarlandı: { $language }.
language-unknown = “{ $language }” kullanılamıyor. Kullanılabilir diller: { $available }.
language-name = Türkçe
language-button = { $name }
amount-ambiguous = “{ $amount }” iki şekilde okunabilir: virgül binlikleri de ondalıkları da ayırabilir. Tutarı binlik ayırıcı olmadan ve tek bir ondalık işaretiyle yazın, ör. 1000, 1,5 veya 0,001.
privacy =
    dustpan'in sakladıkları: sohbet kullanıcı kimliğiniz, diliniz, saat diliminiz ve ayarlarınız; şifrelenmiş olarak (AES-256-GCM) saklanan ve yalnızca sizin adınıza borsayla konuşmak için kullanılan borsa API anahtarınız ve gizli anahtarınız; çevirmelerinizin ve bekleyen onaylarınızın kayıtları.
    Mesajlarınızı asla saklamaz, anahtarınızı bir daha asla göstermez ve para çekebilen anahtarları reddeder. /forget bunların hepsini siler.

## Hatırlatıcılar

reminder-title = ⏰ “Küçük Bakiyeleri BNB'ye Çevir” bekleme süreniz doldu: tozunuzu yeniden süpürebilirsiniz.
reminder-summary = ≈ { $value } değerinde { $count } varlık → komisyondan sonra ≈ { $net } BNB.
button-convert-now = Şimdi çevir
button-snooze-1h = 1 sa ertele
button-snooze-6h = 6 sa ertele
button-stop-reminders = Hatırlatıcıları durdur
reminder-snoozed = Ertelendi: size şu saatte hatırlatacağım: { $at }.
reminder-stopped = Hatırlatıcılar kapalı. /settings bölümünden yeniden açabilirsiniz.
auto-sweep-done = Otomatik süpürme: bekleme süreniz doldu ve tozunuz çevrildi.
auto-sweep-failed = Otomatik süpürme: bekleme süresi doldu ancak çevirme gerçekleşmedi.
auto-sweep-turned-off = Otomatik süpürme üst üste iki kez başarısız oldu ve artık kapalı. /settings bölümünden yeniden açabilirsiniz.

## Telegram arayüzü
telegram-working = Üzerinde çalışıyorum…
telegram-delete-failed = Anahtarı içeren mesajınızı silemedim. Lütfen kendiniz silin ve yeni bir anahtar oluşturmayı düşünün.
telegram-group-private-only = Bakiyeler, geçmiş, ayarlar ve çevirmeler benimle özel sohbette kalır: { $link }
telegram-group-press-private-only = Bu yalnızca botla özel sohbette çalışır.

## Süreler

span-s = { $s } sn
span-min = { $m } dk
span-min-s = { $m } dk { $s } sn
span-h = { $h } sa
span-h-min = { $h } sa { $m } dk

## Issue 15 madde 7: şu anda işlem göremeyen varlıklar, “Dönüştür” teklif kotaları

dust-line-halted = • { $asset } { $amount } — Binance'te işlemler durduruldu: daha sonra tekrar deneyin.
dust-line-end-of-day = • { $asset } { $amount } — piyasası bugün için kapandı: yeniden açıldığında tekrar deneyin.
dust-line-cancel-only = • { $asset } { $amount } — Binance şu anda bu piyasada yalnızca iptalleri kabul ediyor: daha sonra tekrar deneyin.
dust-line-not-tradable = • { $asset } { $amount } — şu anda Binance'te işlem görmüyor: daha sonra tekrar deneyin.
swap-quote-quota-hourly = Binance'in bu saat için “Dönüştür” teklif sınırına ulaşıldı (hata 345103). Bir saat sonra tekrar deneyin ya da şimdi /convert ile BNB'ye çevirin.
swap-quote-quota-daily = Binance'in günlük “Dönüştür” teklif sınırına ulaşıldı (hata 345239). Yarın tekrar deneyin ya da şimdi /convert ile BNB'ye çevirin.
## Kullanıcı başına sınırlar (issue 15)
error-too-fast = Komutları benim yanıtlayabileceğimden hızlı gönderiyorsunuz. Lütfen { $seconds } sn bekleyin.
error-exchange-busy-for-you = Binance istek kotası buradaki herkes arasında paylaşılıyor ve siz şimdilik payınızı kullandınız. Lütfen { $seconds } sn sonra tekrar deneyin.
dust-as-of = ({ $seconds } sn önceki durum: son /dust komutunuzun sonucu.)
swap-unknown-asset = dustpan, Binance'te { $asset } için bir piyasa bulamadı. Yazımı kontrol edin, ör. /swap ADA USDT.

# Sözünü asla unutmayan hatırlatıcılar ve otomatik süpürme (issue 15, madde 6).
auto-sweep-postponed = Otomatik süpürme: dustpan dışında yapılan bir çevirme borsanın bekleme süresini yeniden başlattı, bu yüzden hiçbir şey çevrilmedi. Şu saatte tekrar deneyeceğim: { $at }.
auto-sweep-postponed-unexplained = Otomatik süpürme: borsa, kayıtlarında yakın zamanda bir çevirme görünmese de bekleme süresinin henüz bitmediğini söylüyor, bu yüzden hiçbir şey çevrilmedi. Şu saatten itibaren yeniden yazmadan tekrar deneyeceğim: { $at }.
reminders-key-refused = Borsa API anahtarınızı reddetti (silinmiş, süresi dolmuş ya da bu sunucunun IP'sinden izin verilmiyor), bu yüzden hatırlatıcılar ve otomatik süpürme duraklatıldı. Devam etmek için yeni bir anahtarla /connect gönderin.
auto-sweep-unknown = Otomatik süpürme: tozunuzun çevrilip çevrilmediğini doğrulayamadım. Ne olduğunu /history ve Binance'in kendi uygulaması gösterir.

# Kimlik bilgisi formu (issue 16 madde 3): formun başlığı ve alan etiketleri (Discord: her biri en
# fazla 45 karakter); metin tabanlı form her mesajda bir alan ister.
credentials-form-title = Binance API anahtarınızı bağlayın
credentials-field-key = API anahtarı
credentials-field-secret = API gizli anahtarı
credentials-field-passphrase = API parolası
connect-ask-passphrase = Şimdi API parolasını gönderin (mesaj hemen silinecek). Durdurmak için /cancel.

## Discord
discord-option-assets = Dönüştürülecek varlıklar, virgülle ayrılmış, ya da all
discord-option-from = Takas edilecek varlık
discord-option-to = Alınacak varlık
discord-option-amount = Ne kadar takas edilecek (bir sayı) ya da all
discord-option-setting = Değiştirilecek ayar
discord-option-value = Yeni değeri
discord-option-language = Kullanılacak dil
discord-nothing = Tamam.
discord-connect-again = Anahtar formunu açmak için /connect komutunu yeniden çalıştırın.
discord-credentials-missing = Hem API anahtarı hem de API gizli anahtarı gerekli. /connect komutunu yeniden çalıştırın.

## Discord command names
discord-name-help = yardım
discord-name-connect = bağla
discord-name-disconnect = bağlantıyı-kes
discord-name-dust = toz
discord-name-convert = dönüştür
discord-name-swap = takas
discord-name-cooldown = bekleme
discord-name-history = geçmiş
discord-name-settings = ayarlar
discord-name-language = dil
discord-name-forget = unut
discord-name-privacy = gizlilik

## Access and operator commands (issue 19)
access-refused = Bu bot özeldir. Operatörüne { $id } kimliğini eklemesini söyleyin.
stats-title = 📊 Bot istatistikleri
stats-split = Telegram { $telegram } · Discord { $discord } · konsol { $console }
stats-users = Kullanıcılar: { $total } ({ $split })
stats-keys = Bağlı anahtarlar: { $total } ({ $split })
stats-period = { $period }: { $dust } küçük bakiye dönüşümü ({ $split }), { $received } alındı; { $spot } Spot Convert işlemi
stats-period-today = Bugün (UTC)
stats-period-week = Son 7 gün
stats-period-all = Tüm zamanlar
stats-reminders = Hatırlatıcılar: { $pending } bekliyor ({ $split }), { $sent } gönderildi
stats-weight = Borsa ağırlığı { $bucket }: bu dakika { $limit } sınırının { $used } kadarı kullanıldı
stats-weight-unknown = Borsa ağırlığı: bu borsanın bağdaştırıcısı bunu saymıyor.
stats-rate-limited = Başlangıçtan beri borsanın istek sınırı yanıtları: { $too_many } “çok fazla istek” (429), { $banned } engelleme (418)
stats-chat-rate-limited = { $platform }: başlangıçtan beri API'sinden { $count } “çok fazla istek” (429)
health-title-ok = 🩺 Durum: hazır
health-title-failing = 🩺 Durum: hazır DEĞİL
health-database = Veritabanı (bir yazma)
health-exchange = Borsa (sunucu saati)
health-part-ok = ✅ { $part }: tamam
health-part-failing = ❌ { $part }: { $reason }
health-frontend-connected = ✅ { $frontend }: bağlı
health-frontend-disconnected = ❌ { $frontend }: bağlı değil
health-oldest-unsettled = Gönderilip sonuçlanmamış en eski işlem: { $age } önce
health-nothing-unsettled = Sonuçlanmayı bekleyen işlem yok.
health-open-operations = Açık işlemler, { $state }: { $count }

## /convert … to HEDEF (Binance Dust Convert ile seçilen varlığa)

convert-target-not-offered = Küçük bakiyeler burada { $target } varlığına çevrilemez. Olası hedefler: { $targets }.
convert-nothing-to = Şu anda { $target } varlığına çevrilebilecek bir şey yok.
confirm-title-to = { $count } varlık { $target } varlığına çevrilecek:
confirm-line-to = • { $asset } { $amount } → { $gross } { $target } − komisyon { $fee } = { $net } { $target }
confirm-totals-to = Toplam: { $gross } { $target } − komisyon { $fee } = { $net } { $target } (borsanın kesin rakamları biraz farklı olabilir)
button-convert-selected-to = { $count } varlığı çevir → ≈ { $net } { $target }
left-out-not-convertible-to = Hariç tutuldu: { $asset } şu anda { $target } varlığına çevrilemiyor.
convert-done-to = { $count } varlık çevrildi: { $gross } { $target } − komisyon { $fee } { $target } = { $received } { $target } alındı. Binance transfer kimliği: { $tran_id }.
history-line-to = • { $at }: { $assets } → { $gross } { $target } (komisyon { $fee }), transfer { $tran_id }
history-line-elsewhere-to = • { $at }: { $assets } → { $gross } { $target } (komisyon { $fee }), transfer { $tran_id } — dustpan dışında yapıldı
discord-option-convert-to = Borsanın varsayılanı yerine alınacak varlık (ör. USDT)
left-out-kept = Tutuldu: { $asset } borsa ücretlerinizi öder, bu yüzden “all” ona dokunmaz; onu da dönüştürmek için adını yazın.
menu-export = Vergi araçları için geçmişiniz CSV olarak
discord-option-period = Hangi dönem: 30d, 2026 veya all (varsayılan)
export-bad-period = Bu dönemi anlayamadım. /export, /export 30d, /export 2026 veya /export all deneyin.
export-empty = Bu dönemde dışa aktarılacak bir şey yok: dönüşüm, takas veya satış yok.
export-caption = Geçmişiniz: { $count } kayıt, varlık başına bir satır (Koinly evrensel biçimi).
console-file-saved = Dosya kaydedildi: { $path }
discord-name-export = dışa-aktar
connect-exchange-unknown = dustpan burada { $exchange } anahtarlarını bağlayamaz.
connect-bad-format-exchange = Bu bir { $exchange } API anahtarı ve gizli anahtarına benzemiyor.
disconnect-which = Birden fazla borsa bağlı ({ $exchanges }). Hangisi olduğunu söyleyin: /disconnect BORSA
dust-exchange-title = { $exchange }: tozunuz ({ $target } birimine dönüşür)
dust-exchange-line = • { $asset } { $amount } ≈ { $value } USDT → { $net } { $target }
dust-exchange-none = Burada dönüştürülecek küçük bakiye yok.
dust-exchange-batches = Dönüşüm başına en fazla { $max } varlık: dustpan daha büyük bir seçimi { $max }'lik birkaç dönüşüm olarak gönderir.
dust-exchange-no-cooldown = Burada dönüşümler arasında bekleme süresi yok.
convert-which-exchange = Birden fazla borsa bağlı ({ $exchanges }). Hangisinde dönüştürüleceğini belirtin: /convert BORSA all (veya varlık adları), örn. /convert mexc all
convert-batches = { $exchange } çağrı başına en fazla { $max } varlık dönüştürür: { $count } varlığınız aşağıda { $batches } dönüşüme bölündü, her biri ayrı onaylanır.
convert-batches-window = Her dönüşüm borsanın { $span } başına { $limit } sınırına sayılır.
convert-batch = Dönüşüm { $n } / { $batches }:
convert-on-exchange = { $exchange } üzerinde:
confirm-window-warning = Bu borsa { $span } başına { $limit } küçük bakiye dönüşümüne izin verir; bu da sayılır.
convert-done-on = { $exchange } üzerinde { $count } varlık dönüştürüldü: { $gross } { $target } − ücret { $fee } { $target } = { $received } { $target } alındı. Parti kimliği { $tran_id }.
dust-exchange-window = { $exchange } { $span } başına en fazla { $limit } toz dönüşümüne izin verir.
dust-exchange-failed = { $exchange }: şu anda okunamadı ({ $reason }). Diğer borsalar her zamanki gibi gösteriliyor.
button-convert-on = { $exchange } üzerinde { $count } dönüştür → ≈ { $net } { $target }
history-exchange-title = { $exchange }:
reminder-title-on = ⏰ { $exchange }: küçük bakiye dönüştürme bekleme süreniz doldu: tozunuzu yeniden süpürebilirsiniz.
reminder-summary-to = ≈ { $value } değerinde { $count } varlık → komisyondan sonra ≈ { $net } { $target }.
connect-which-exchange = Hangi borsayı bağlamak istiyorsunuz? Ardından dustpan API anahtarını ister.
button-connect-exchange = { $exchange }
credentials-form-title-on = { $exchange } API anahtarınızı bağlayın
connect-ask-key-on = { $exchange } API anahtarınızı gönderin (mesaj hemen silinir). Durdurmak için /cancel.
discord-option-exchange = Hangi borsa (birden fazlasında anahtarınız varsa)
connect-warn-no-ip-on = Uyarı: bu anahtarın IP izin listesi yok. { $exchange } API yönetiminde onu güvenilir IP'lerle sınırlandırın.

# The small-asset batch to the user's target beside the BNB one (issue 20).
advice-plan-to = Öneri: { $to_target } varlık küçük bakiyelerin { $target } karşılığına çevrilmesiyle, { $convert } varlık “Dönüştür” ile, { $sell } varlık kendiniz satmak için — toplam ≈ { $value }. “Kalanı önerildiği gibi çevir” düğmesine basın.
plan-best-to =   ↳ en iyisi: küçük bakiyeleri { $receive_asset } karşılığına çevirmek → borsanın ücretinden sonra ≈ { $receive } { $receive_asset } (≈ { $value })
plan-confirm-to = • { $count } varlığın ({ $assets }) küçük bakiye olarak { $target } karşılığına çevrilmesi → ücretten sonra ≈ { $net } { $target }
plan-batch-to = Neden { $asset }: { $count } küçük bakiyeyi { $asset } karşılığına çevirmek borsanın { $fee } { $asset } ücretinden sonra { $received } { $asset } verir ve plan ≈ { $worth } eder; { $other_asset } dönüşümüyle ({ $other_count } varlık, { $other_fee } { $other_asset } sonrası { $other_received } { $other_asset }, ≈ { $other_in_target } { $asset }) ≈ { $other_worth } ederdi. İkisi aynı bekleme süresini paylaşır: yalnızca biri yapılır.
plan-batch-bnb = Neden { $asset }: { $count } küçük bakiyeyi { $asset } karşılığına çevirmek borsanın { $fee } { $asset } ücretinden sonra { $received } { $asset } (≈ { $in_target } { $other_asset }) verir ve plan ≈ { $worth } eder; { $other_asset } karşılığına çevirmek ({ $other_count } varlık, { $other_fee } { $other_asset } sonrası { $other_received } { $other_asset }) ≈ { $other_worth } ederdi, daha fazla değil. İkisi aynı bekleme süresini paylaşır: yalnızca biri yapılır.
dust-pending-processing = { $exchange } dönüşümü kabul etti ve hâlâ işliyor. Hiçbir şey iki kez gönderilmeyecek; { $exchange } bitirdiğinde sonuç varlık bazında burada bildirilecek.
dust-pending-done = { $exchange }: küçük bakiye dönüşümünüz tamamlandı. Varlık bazında:
dust-pending-converted = • { $asset } { $amount } → { $received } { $target } (ücret { $fee })
dust-pending-failed = • { $asset }: dönüştürülmedi ({ $reason }); cüzdanınıza geri döndü
dust-pending-none = Hiçbir şey dönüştürülmedi; varlıklarınız cüzdanınıza geri döndü. /convert ile tekrar deneyebilirsiniz.
dust-pending-total = Toplam alınan: { $received } { $target }. /history gösterir.
button-chart = Grafik
discord-option-view = report (metin) veya chart (resim)
chart-title = { $exchange }: { $currency } cinsinden tozunuz
chart-convertible = Çevrilebilir ≈ { $value } → komisyondan sonra { $net } { $target }
chart-nothing-convertible = Şu anda çevrilebilecek bir şey yok.
chart-plan-worth = Önerilen tüm yollar ≈ { $value }
chart-way-small = Küçük Bakiyeleri Çevir → { $target }
chart-way-convert = Dönüştür → { $target }
chart-way-sell = Piyasada sat
chart-way-keep = Tut: şu anda bir yol yok
chart-more = +{ $count } tane daha ≈ { $value }
chart-caption = { $exchange } üzerindeki tozunuz: { $count } küçük bakiye ≈ { $value }.
chart-no-dust = Küçük bakiyeniz yok, bu yüzden çizilecek bir şey yok.
chart-failed = Grafik şu anda çizilemedi; /dust aynısını metin olarak gösterir.
