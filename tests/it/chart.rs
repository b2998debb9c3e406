//! `/dust chart` and the Chart button: the small balances as a PNG (decoded here, compared
//! with a stored reference for a fixed input), a sentence instead of an empty picture, and
//! the picture delivered as each frontend sends files (Telegram sendPhoto, a Discord
//! attachment, a file in the console), checked on the exact bytes the fakes received.
//!
//! The reference picture is tests/it/chart/reference.png. When the drawing changes on
//! purpose, write the new one with
//! `DUSTPAN_BLESS=1 cargo test --test it chart::the_chart_of_a_fixed_input`, look at it,
//! and commit it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dustpan::chart::{self, Bar, Chart, Way};
use dustpan::domain::Platform;
use dustpan::service::reply::{Attachment, Reply};
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim::{self, AccountSpec, DEMO_API_KEY, DEMO_API_SECRET, SimConfig};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{TestApp, private_user};
use crate::replies::{arg, assert_key, button_keys, press_token};

/// A decoded PNG: its size and its RGB pixels.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Picture {
    /// How many pixels are exactly `color`.
    fn count(&self, color: [u8; 3]) -> usize {
        self.rgb.chunks(3).filter(|p| *p == color).count()
    }
}

fn decode(bytes: &[u8]) -> Picture {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Picture {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// The one picture a reply carries.
fn picture_of(reply: &Reply) -> &Attachment {
    assert_eq!(reply.attachments.len(), 1, "{reply:?}");
    let file = &reply.attachments[0];
    assert_eq!(file.content_type, "image/png");
    assert!(file.filename.ends_with(".png"), "{}", file.filename);
    file
}

/// The bar colours (Okabe–Ito), as drawn.
const SMALL_ASSET: [u8; 3] = [230, 159, 0];
const SPOT_CONVERT: [u8; 3] = [0, 114, 178];
const MARKET_SELL: [u8; 3] = [0, 158, 115];
const KEEP: [u8; 3] = [160, 160, 160];

/// A fixed chart with every way out, long texts that wrap, tiny and large values, and a
/// footer.
fn fixed_chart() -> Chart {
    let bar = |label: &str, value: Decimal, way: Way| Bar {
        label: label.to_owned(),
        value,
        value_text: format!("${}", value.round_dp(2)),
        way,
    };
    Chart {
        title: "Binance: your dust in USDT".into(),
        lines: vec![
            "Convertible ≈ $4.21 → 0.00612 BNB after the fee".into(),
            "All recommended ways out ≈ $9.87, which is a long enough sentence to wrap on a phone"
                .into(),
        ],
        legend: vec![
            (Way::SmallAssetConvert, "Small Asset Convert → BNB".into()),
            (Way::SpotConvert, "Spot Convert → USDT".into()),
            (Way::MarketSell, "Sell on the market".into()),
            (Way::Keep, "Keep: no way out now".into()),
        ],
        bars: vec![
            bar("ACT", dec!(5.40), Way::MarketSell),
            bar("ADA", dec!(2.10), Way::SpotConvert),
            bar("XRP", dec!(1.37), Way::SmallAssetConvert),
            bar("1000SATS", dec!(0.74), Way::SmallAssetConvert),
            bar("MATIC", dec!(0.20), Way::Keep),
            bar("DOGE", dec!(0.0001), Way::SmallAssetConvert),
        ],
        footer: Some("+3 more ≈ $0.02".into()),
    }
}

fn reference_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/chart/reference.png")
}

#[test]
fn the_chart_of_a_fixed_input_decodes_at_its_size_and_is_byte_for_byte_the_stored_reference() {
    let input = fixed_chart();
    let png = chart::render(&input).expect("drawn");
    let picture = decode(&png);
    assert_eq!(
        (picture.width, picture.height),
        chart::size(&input).unwrap()
    );
    assert_eq!(picture.width, 1080);
    assert!((700..1800).contains(&picture.height), "{}", picture.height);
    for color in [SMALL_ASSET, SPOT_CONVERT, MARKET_SELL, KEEP] {
        assert!(picture.count(color) > 500, "no {color:?} bar or swatch");
    }
    // Drawn twice, the same bytes: nothing depends on time or on the run.
    assert_eq!(chart::render(&input).unwrap(), png);
    let path = reference_path();
    if std::env::var_os("DUSTPAN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &png).unwrap();
        return;
    }
    let reference = std::fs::read(&path).expect("tests/it/chart/reference.png (DUSTPAN_BLESS=1)");
    if reference != png {
        let fresh = std::env::temp_dir().join("dustpan-chart-actual.png");
        std::fs::write(&fresh, &png).unwrap();
        panic!(
            "the chart differs from {}: the new drawing is at {}; if the change is meant, \
             write it with DUSTPAN_BLESS=1 and commit it",
            path.display(),
            fresh.display()
        );
    }
}

#[test]
fn every_character_of_every_languages_chart_texts_has_a_glyph_in_a_shipped_font() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        // Each chart-* message with its indented continuation lines (every variant).
        let mut inside = false;
        for line in source.lines() {
            if line.starts_with(|c: char| c.is_ascii_lowercase()) {
                inside = line.starts_with("chart-");
            } else if !line.starts_with(' ') {
                inside = false;
            }
            if inside {
                checked += 1;
                let missing = chart::missing_glyphs(line);
                assert!(
                    missing.is_empty(),
                    "{}: {missing:?} in {line:?}: run assets/fonts/make-cjk-subset.sh",
                    path.display()
                );
            }
        }
    }
    assert!(checked >= 8 * 12, "{checked}");
}

#[tokio::test]
async fn a_chinese_speakers_chart_is_drawn_in_their_language() {
    let t = crate::app::spawn_app().await;
    let who = t.connected_user("9107").await;
    let english = t.send(&who, "/dust chart").await;
    t.send(&who, "/language zh-CN").await;
    let chinese = t.send(&who, "/dust chart").await;
    let caption = picture_of(&chinese).caption.clone().unwrap();
    assert_eq!(caption.key, "chart-caption");
    let picture = decode(&picture_of(&chinese).bytes);
    assert_eq!(picture.width, 1080);
    assert_ne!(picture_of(&english).bytes, picture_of(&chinese).bytes);
}

#[test]
fn more_bars_make_a_taller_picture_of_the_same_width() {
    let mut input = fixed_chart();
    let (w1, h1) = chart::size(&input).unwrap();
    input.bars.extend(input.bars.clone());
    let (w2, h2) = chart::size(&input).unwrap();
    assert_eq!((w1, w2), (1080, 1080));
    assert!(h2 > h1);
    let picture = decode(&chart::render(&input).unwrap());
    assert_eq!((picture.width, picture.height), (w2, h2));
}

/// The demo market plus an account that holds only whole coins (no dust).
fn with_rich_account() -> SimConfig {
    let mut config = SimConfig::demo();
    config.accounts.push(AccountSpec {
        api_key: "RICHKEY0000000000000000000000000000000000000000000000000000000001".into(),
        api_secret: "RICHSECRET000000000000000000000000000000000000000000000000000001".into(),
        balances: BTreeMap::from([("BTC".to_owned(), dec!(1)), ("ETH".to_owned(), dec!(10))]),
        permissions: sim::Permissions::default(),
        convert_approved: true,
        ip_whitelist: Vec::new(),
        uid: 900_000_077,
    });
    config
}

#[tokio::test]
async fn a_user_with_no_dust_gets_a_sentence_and_no_photo() {
    let config = with_rich_account();
    let rich = config.accounts.last().unwrap().clone();
    let t = TestApp::builder().sim(config).build().await;
    let who = private_user("9100");
    let r = t
        .send(
            &who,
            &format!("/connect {} {}", rich.api_key, rich.api_secret),
        )
        .await;
    assert_key(&r, "connect-done");
    let report = t.send(&who, "/dust").await;
    assert_key(&report, "dust-none");
    assert!(!button_keys(&report).contains(&"button-chart"));
    let r = t.send(&who, "/dust chart").await;
    assert_key(&r, "chart-no-dust");
    assert!(r.attachments.is_empty(), "{r:?}");
}

#[tokio::test]
async fn a_user_without_a_key_is_told_to_connect_first() {
    let t = crate::app::spawn_app().await;
    let r = t.send(&private_user("9101"), "/dust chart").await;
    assert_key(&r, "error-not-connected");
    assert!(r.attachments.is_empty());
}

#[tokio::test]
async fn the_chart_button_and_the_typed_command_send_the_same_phone_wide_png_of_the_users_dust() {
    let t = crate::app::spawn_app().await;
    let who = t.connected_user("9102").await;
    let report = t.send(&who, "/dust").await;
    let pressed = t.press(&who, &press_token(&report, "button-chart")).await;
    let file = picture_of(&pressed);
    assert!(!pressed.replaces_pressed, "the report stays");
    let caption = file.caption.as_ref().expect("a caption");
    assert_eq!(caption.key, "chart-caption");
    let picture = decode(&file.bytes);
    assert_eq!(picture.width, 1080);
    assert!(picture.height > 600, "{}", picture.height);
    // The demo account's dust has a Small Asset Convert way out and something kept.
    assert!(picture.count(SMALL_ASSET) > 500);
    assert!(picture.count(KEEP) > 500);
    // Typed, the same picture: the same balances draw the same bytes.
    let typed = t.send(&who, "/dust chart").await;
    assert_eq!(picture_of(&typed).bytes, file.bytes);
    let caption = Reply::text(typed.attachments[0].caption.clone().unwrap());
    assert_eq!(arg(&caption, "chart-caption", "exchange"), "Binance");
}

#[tokio::test]
async fn a_chart_button_pressed_by_someone_else_never_shows_them_the_senders_balances() {
    let t = crate::app::spawn_app().await;
    let alice = t.connected_user("9103").await;
    let report = t.send(&alice, "/dust").await;
    let token = press_token(&report, "button-chart");
    // Someone dustpan does not know: the button is not theirs.
    let r = t.press(&private_user("9104"), &token).await;
    assert!(r.attachments.is_empty());
    assert_eq!(r.notice.unwrap().key, "button-not-yours");
    // Someone known without a key: their own answer, "connect first".
    let bob = private_user("9106");
    t.send(&bob, "/start").await;
    let r = t.press(&bob, &token).await;
    assert!(r.attachments.is_empty());
    assert_key(&r, "error-not-connected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_telegram_the_chart_button_under_dust_and_dust_chart_typed_send_a_photo_with_a_caption()
{
    use crate::telegram::fake_api::{press_update, text_update};
    const ID: i64 = 9105;
    let mut t = TestApp::builder().telegram().build().await;
    t.connected_user(&ID.to_string()).await;
    let fake = t.telegram().clone();
    fake.push(text_update(&fake, ID, ID, "/dust").0);
    let has_chart_button =
        |c: &crate::telegram::fake_api::Call| c.body["reply_markup"].to_string().contains("\"h\"");
    let calls = fake
        .wait_for("the report with its Chart button", |c| {
            c.iter()
                .any(|c| c.method == "sendmessage" && has_chart_button(c))
        })
        .await;
    let report = calls
        .iter()
        .find(|c| c.method == "sendmessage" && has_chart_button(c))
        .unwrap()
        .body
        .clone();
    let button = report["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter())
        .find(|b| b["callback_data"] == "h")
        .unwrap()
        .clone();
    assert_eq!(button["text"], "Chart");
    let message_id = report["_message_id"].as_i64().unwrap();
    fake.push(press_update(
        "cq-chart",
        ID,
        ID,
        message_id,
        &report,
        button["callback_data"].as_str().unwrap(),
    ));
    let calls = fake
        .wait_for("the photo", |c| c.iter().any(|c| c.method == "sendphoto"))
        .await;
    let call = calls.iter().find(|c| c.method == "sendphoto").unwrap();
    assert_eq!(call.body["chat_id"], ID);
    let photo = &call.body["photo"];
    assert!(
        photo["filename"].as_str().unwrap().ends_with(".png"),
        "{photo}"
    );
    let bytes = crate::helpers::file_bytes(photo);
    assert_eq!(photo["size"].as_u64().unwrap() as usize, bytes.len());
    let picture = decode(&bytes);
    assert_eq!(picture.width, 1080);
    let caption = call.body["caption"].as_str().unwrap();
    assert!(caption.contains("Binance"), "{caption}");

    fake.push(text_update(&fake, ID, ID, "/dust chart").0);
    let calls = fake
        .wait_for("the second photo", |c| {
            c.iter().filter(|c| c.method == "sendphoto").count() == 2
        })
        .await;
    let second = calls
        .iter()
        .filter(|c| c.method == "sendphoto")
        .nth(1)
        .unwrap();
    assert_eq!(crate::helpers::file_bytes(&second.body["photo"]), bytes);
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_discord_dust_with_the_chart_view_sends_the_png_as_an_attachment_for_the_caller_alone() {
    use crate::discord::fake_api::Route;
    use crate::discord::{Place, command, is_ephemeral};
    const ALICE: &str = "300000000000000091";
    let mut t = TestApp::builder().discord().build().await;
    let who = Caller::new(Platform::Discord, ALICE, ChannelKind::DirectMessage);
    let r = t
        .send(&who, &format!("/connect {DEMO_API_KEY} {DEMO_API_SECRET}"))
        .await;
    assert_key(&r, "connect-done");
    let d = t.discord();
    let response = d
        .interact(&command(ALICE, Place::Server, "dust", &[("view", "chart")]))
        .await;
    assert_eq!(response["type"], 5, "{response}");
    assert!(is_ephemeral(&response["data"]), "{response}");
    let with_file =
        |c: &crate::discord::fake_api::Call| c.route == Route::EditOriginal && !c.files.is_empty();
    let calls = d
        .fake
        .wait_for("the upload", |c| c.iter().any(with_file))
        .await;
    let call = calls.iter().find(|c| with_file(c)).unwrap();
    assert_eq!(call.files.len(), 1);
    let file = &call.files[0];
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(call.body["attachments"][0]["filename"], file["filename"]);
    assert!(call.body["content"].as_str().unwrap().contains("Binance"));
    let picture = decode(&crate::helpers::file_bytes(file));
    assert_eq!(picture.width, 1080);
    assert!(picture.count(SMALL_ASSET) > 500);
    t.stop().await;
}

#[test]
fn the_console_writes_the_chart_to_a_png_file_and_prints_its_path() {
    let (_files, path) = crate::helpers::demo_saved_file(b"/dust chart\n");
    assert_eq!(
        path.extension().and_then(|e| e.to_str()),
        Some("png"),
        "{path:?}"
    );
    let picture = decode(&std::fs::read(&path).unwrap());
    assert_eq!(picture.width, 1080);
}

#[test]
fn a_different_value_draws_different_bytes() {
    let input = fixed_chart();
    let mut changed = input.clone();
    changed.bars[1].value = dec!(2.11);
    assert_ne!(
        chart::render(&input).unwrap(),
        chart::render(&changed).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_discord_the_chart_button_under_dust_sends_the_png_as_a_follow_up_attachment() {
    use crate::discord::fake_api::Route;
    use crate::discord::{Place, buttons, command, press};
    const ALICE: &str = "300000000000000092";
    let mut t = TestApp::builder().discord().build().await;
    let who = Caller::new(Platform::Discord, ALICE, ChannelKind::DirectMessage);
    let r = t
        .send(&who, &format!("/connect {DEMO_API_KEY} {DEMO_API_SECRET}"))
        .await;
    assert_key(&r, "connect-done");
    let d = t.discord();
    d.interact(&command(ALICE, Place::Dm, "dust", &[])).await;
    // The report is long: its buttons come with its last part.
    let has_chart =
        |c: &crate::discord::fake_api::Call| buttons(&c.body).iter().any(|(_, _, id)| id == "h");
    let calls = d
        .fake
        .wait_for("the report's Chart button", |c| c.iter().any(has_chart))
        .await;
    let (label, _, id) = buttons(&calls.iter().find(|c| has_chart(c)).unwrap().body)
        .into_iter()
        .find(|(_, _, id)| id == "h")
        .unwrap();
    assert_eq!(label, "Chart");
    d.interact(&press(ALICE, Place::Dm, &id)).await;
    let with_file =
        |c: &crate::discord::fake_api::Call| c.route == Route::FollowUp && !c.files.is_empty();
    let calls = d
        .fake
        .wait_for("the chart", |c| c.iter().any(with_file))
        .await;
    let call = calls.iter().find(|c| with_file(c)).unwrap();
    let picture = decode(&crate::helpers::file_bytes(&call.files[0]));
    assert_eq!(picture.width, 1080);
    t.stop().await;
}

#[tokio::test]
async fn with_only_mexc_connected_the_chart_is_of_mexc_and_names_it() {
    use dustpan::sim::mexc::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("9108");
    let r = t
        .send(
            &who,
            &format!("/connect mexc {MEXC_DEMO_API_KEY} {MEXC_DEMO_API_SECRET}"),
        )
        .await;
    assert_key(&r, "connect-done");
    for typed in ["/dust chart", "/dust mexc chart"] {
        let r = t.send(&who, typed).await;
        let file = picture_of(&r);
        assert_eq!(file.filename, "dustpan-dust-mexc.png");
        let caption = Reply::text(file.caption.clone().unwrap());
        assert_eq!(
            arg(&caption, "chart-caption", "exchange"),
            "MEXC",
            "{typed}"
        );
        assert_eq!(decode(&file.bytes).width, 1080);
    }
    // Binance is not connected: its chart asks for a key.
    assert_key(
        &t.send(&who, "/dust binance chart").await,
        "error-not-connected",
    );
}
