//! PNG bar charts for a phone screen (`/dust chart`): horizontal bars, largest first, with a
//! title, a few lines of text and a legend. Drawn with plotters on an RGB buffer in the
//! fonts the project ships (assets/fonts: DejaVu Sans, and for the Chinese characters it
//! lacks a subset of Droid Sans Fallback; compiled in with `include_bytes!`), so no system
//! font is looked up; encoded with `png`, which writes no timestamp: the same chart gives
//! the same bytes.
//!
//! Pure: strings and amounts in, PNG bytes out. Bar lengths are computed in `Decimal` (the
//! amounts are money) and only the pixel count leaves it.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBColor, register_font};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The picture's width in pixels: a phone screen's (1080 px), so the chat client shows it
/// without scaling the text down.
pub const WIDTH: u32 = 1080;

/// The font family names the shipped fonts are registered under.
const FAMILY: &str = "dustpan-sans";
const FALLBACK: &str = "dustpan-cjk";
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// The characters of locales/zh-CN.ftl that DejaVu Sans lacks
/// (assets/fonts/make-cjk-subset.sh).
static FALLBACK_FONT: &[u8] = include_bytes!("../assets/fonts/DroidSansFallback-subset.ttf");

const MARGIN: i32 = 48;
const TITLE_SIZE: u32 = 54;
const TEXT_SIZE: u32 = 36;
const LABEL_SIZE: u32 = 36;
/// Line heights: the font size and some air.
const TITLE_LINE: i32 = 70;
const TEXT_LINE: i32 = 50;
/// One bar's row, and the bar's thickness inside it.
const ROW: i32 = 76;
const BAR: i32 = 52;
const SWATCH: i32 = 34;
/// The gap between a bar and its value, and between the label column and the bars.
const GAP: i32 = 16;
/// A nonzero balance whose value rounds to no pixel still shows.
const MIN_BAR: i32 = 6;

const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(97, 97, 97);

/// The way out a bar is coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Way {
    /// Small-balance conversion (Binance's Small Asset Convert to BNB).
    SmallAssetConvert,
    /// Spot Convert (a quote, then accept).
    SpotConvert,
    /// A market sell.
    MarketSell,
    /// Nothing to do now: keep it.
    Keep,
}

impl Way {
    /// Its colour: Okabe–Ito's palette, told apart with the common colour-vision
    /// deficiencies.
    fn color(self) -> RGBColor {
        match self {
            Self::SmallAssetConvert => RGBColor(230, 159, 0),
            Self::SpotConvert => RGBColor(0, 114, 178),
            Self::MarketSell => RGBColor(0, 158, 115),
            Self::Keep => RGBColor(160, 160, 160),
        }
    }
}

/// One bar: the asset's name, its value (which sets the length), the value as shown, and
/// the way out that colours it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The label left of the bar (the exchange's asset name).
    pub label: String,
    /// The value; bars are scaled to the largest. Negative counts as zero.
    pub value: Decimal,
    /// The value as the user reads it, right of the bar.
    pub value_text: String,
    /// Its colour.
    pub way: Way,
}

/// What a chart shows, every text already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chart {
    /// The first line, large.
    pub title: String,
    /// Sentences under the title (wrapped to the width).
    pub lines: Vec<String>,
    /// The legend: each way shown and what it is called.
    pub legend: Vec<(Way, String)>,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// A last line under the bars ("+3 more"), if any.
    pub footer: Option<String>,
}

/// The chart could not be drawn (the shipped font did not load, or the encoder failed).
#[derive(Debug, thiserror::Error)]
#[error("chart not drawn: {0}")]
pub struct ChartError(String);

fn fail(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// The shipped fonts, parsed once to tell which has a character.
struct Fonts {
    main: ab_glyph::FontRef<'static>,
    fallback: ab_glyph::FontRef<'static>,
}

fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, FONT).ok()?;
            register_font(FALLBACK, FontStyle::Normal, FALLBACK_FONT).ok()?;
            Some(Fonts {
                main: ab_glyph::FontRef::try_from_slice(FONT).ok()?,
                fallback: ab_glyph::FontRef::try_from_slice(FALLBACK_FONT).ok()?,
            })
        })
        .as_ref()
        .ok_or_else(|| ChartError("the shipped fonts did not load".into()))
}

fn font_ready() -> Result<(), ChartError> {
    fonts().map(drop)
}

/// The family that draws `c`: DejaVu Sans when it has it, else the fallback when that has
/// it, else DejaVu Sans (its "missing" box).
fn family_of(c: char) -> &'static str {
    use ab_glyph::Font as _;
    match fonts() {
        Ok(f) if f.main.glyph_id(c).0 == 0 && f.fallback.glyph_id(c).0 != 0 => FALLBACK,
        _ => FAMILY,
    }
}

/// The characters of `text` that no shipped font draws (spaces and controls aside).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    use ab_glyph::Font as _;
    let Ok(f) = fonts() else {
        return text.chars().collect();
    };
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|&c| f.main.glyph_id(c).0 == 0 && f.fallback.glyph_id(c).0 == 0)
        .collect()
}

/// `text` cut into runs of one family each.
fn runs(text: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for c in text.chars() {
        // The fallback subset has no space: spaces are DejaVu's.
        let family = if c.is_whitespace() {
            FAMILY
        } else {
            family_of(c)
        };
        match out.last_mut() {
            Some((f, run)) if *f == family => run.push(c),
            _ => out.push((family, c.to_string())),
        }
    }
    out
}

fn font(family: &'static str, size: u32) -> FontDesc<'static> {
    (family, f64::from(size)).into_font()
}

fn run_width(family: &'static str, run: &str, size: u32) -> i32 {
    font(family, size)
        .box_size(run)
        .map_or(0, |(w, _)| i32::try_from(w).unwrap_or(i32::MAX))
}

/// The width of `text` at `size`, in pixels.
fn width(text: &str, size: u32) -> i32 {
    runs(text)
        .iter()
        .map(|(family, run)| run_width(family, run, size))
        .fold(0, i32::saturating_add)
}

/// `text` broken into lines no wider than `max` pixels: between words, or inside a word
/// that alone is too wide (scripts without spaces).
fn wrap(text: &str, size: u32, max: i32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if width(&line, size) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where everything goes, measured before anything is drawn.
struct Layout {
    title: Vec<String>,
    lines: Vec<String>,
    footer: Vec<String>,
    label_w: i32,
    bar_max: i32,
    height: u32,
}

fn layout(chart: &Chart) -> Layout {
    let inner = WIDTH as i32 - 2 * MARGIN;
    let title = wrap(&chart.title, TITLE_SIZE, inner);
    let lines: Vec<String> = chart
        .lines
        .iter()
        .flat_map(|l| wrap(l, TEXT_SIZE, inner))
        .collect();
    let footer = chart
        .footer
        .as_deref()
        .map(|f| wrap(f, TEXT_SIZE, inner))
        .unwrap_or_default();
    // The label column fits the longest name, within a third of the width.
    let label_w = chart
        .bars
        .iter()
        .map(|b| width(&b.label, LABEL_SIZE))
        .max()
        .unwrap_or(0)
        .min(inner / 3);
    let value_w = chart
        .bars
        .iter()
        .map(|b| width(&b.value_text, LABEL_SIZE))
        .max()
        .unwrap_or(0);
    let bar_max = (inner - label_w - 2 * GAP - value_w).max(inner / 4);
    let legend_rows = chart.legend.len() as i32;
    let height = MARGIN
        + TITLE_LINE * title.len() as i32
        + TEXT_LINE * lines.len() as i32
        + GAP
        + TEXT_LINE * legend_rows
        + GAP
        + ROW * chart.bars.len() as i32
        + GAP
        + TEXT_LINE * footer.len() as i32
        + MARGIN;
    Layout {
        title,
        lines,
        footer,
        label_w,
        bar_max,
        height: u32::try_from(height).unwrap_or(1),
    }
}

/// A bar's length in pixels: `value / largest` of `max` pixels, at least [`MIN_BAR`].
fn bar_length(value: Decimal, largest: Decimal, max: i32) -> i32 {
    if largest <= Decimal::ZERO || value <= Decimal::ZERO {
        return MIN_BAR;
    }
    let px = value
        .checked_mul(Decimal::from(max))
        .and_then(|v| v.checked_div(largest))
        .map(|v| v.round())
        .and_then(|v| v.to_i32())
        .unwrap_or(max);
    px.clamp(MIN_BAR, max)
}

/// The chart's size in pixels (width, height), as [`render`] draws it.
pub fn size(chart: &Chart) -> Result<(u32, u32), ChartError> {
    font_ready()?;
    Ok((WIDTH, layout(chart).height))
}

/// Draws `chart` and returns the PNG.
pub fn render(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let l = layout(chart);
    let mut rgb = vec![0_u8; WIDTH as usize * l.height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, l.height)).into_drawing_area();
        root.fill(&BACKGROUND).map_err(fail)?;
        // Left-aligned runs, each in its own font; right-aligned text starts its width
        // earlier.
        let text = |s: &str, x: i32, y: i32, size: u32, color: &RGBColor, h: HPos| {
            let mut x = if matches!(h, HPos::Right) {
                x - width(s, size)
            } else {
                x
            };
            for (family, run) in runs(s) {
                let style = font(family, size)
                    .color(color)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(run.clone(), (x, y), style))
                    .map_err(fail)?;
                x += run_width(family, &run, size);
            }
            Ok::<(), ChartError>(())
        };
        let mut y = MARGIN;
        for line in &l.title {
            text(
                line,
                MARGIN,
                y + TITLE_LINE / 2,
                TITLE_SIZE,
                &INK,
                HPos::Left,
            )?;
            y += TITLE_LINE;
        }
        for line in &l.lines {
            text(line, MARGIN, y + TEXT_LINE / 2, TEXT_SIZE, &INK, HPos::Left)?;
            y += TEXT_LINE;
        }
        y += GAP;
        for (way, name) in &chart.legend {
            let mid = y + TEXT_LINE / 2;
            root.draw(&Rectangle::new(
                [
                    (MARGIN, mid - SWATCH / 2),
                    (MARGIN + SWATCH, mid + SWATCH / 2),
                ],
                way.color().filled(),
            ))
            .map_err(fail)?;
            text(
                name,
                MARGIN + SWATCH + GAP,
                mid,
                TEXT_SIZE,
                &MUTED,
                HPos::Left,
            )?;
            y += TEXT_LINE;
        }
        y += GAP;
        let largest = chart.bars.iter().map(|b| b.value).max().unwrap_or_default();
        let bar_x = MARGIN + l.label_w + GAP;
        for bar in &chart.bars {
            let mid = y + ROW / 2;
            text(
                &bar.label,
                MARGIN + l.label_w,
                mid,
                LABEL_SIZE,
                &INK,
                HPos::Right,
            )?;
            let len = bar_length(bar.value, largest, l.bar_max);
            root.draw(&Rectangle::new(
                [(bar_x, mid - BAR / 2), (bar_x + len, mid + BAR / 2)],
                bar.way.color().filled(),
            ))
            .map_err(fail)?;
            text(
                &bar.value_text,
                bar_x + len + GAP,
                mid,
                LABEL_SIZE,
                &INK,
                HPos::Left,
            )?;
            y += ROW;
        }
        y += GAP;
        for line in &l.footer {
            text(
                line,
                MARGIN,
                y + TEXT_LINE / 2,
                TEXT_SIZE,
                &MUTED,
                HPos::Left,
            )?;
            y += TEXT_LINE;
        }
        root.present().map_err(fail)?;
    }
    encode(&rgb, WIDTH, l.height)
}

/// An 8-bit RGB PNG of `rgb`, with no metadata chunk (no time, no software name).
fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(bar_length(dec!(10), dec!(10), 500), 500);
        assert_eq!(bar_length(dec!(5), dec!(10), 500), 250);
        assert_eq!(bar_length(dec!(0.0000001), dec!(10), 500), MIN_BAR);
        assert_eq!(bar_length(dec!(0), dec!(0), 500), MIN_BAR);
    }

    #[test]
    fn a_long_sentence_wraps_within_the_width() {
        font_ready().unwrap();
        let lines = wrap(&"word ".repeat(60), TEXT_SIZE, 600);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, TEXT_SIZE) <= 600));
        let cjk = wrap(&"字".repeat(80), TEXT_SIZE, 600);
        assert!(cjk.len() > 1);
    }

    #[test]
    fn chinese_characters_are_drawn_in_the_fallback_font_and_the_rest_in_dejavu() {
        font_ready().unwrap();
        let r = runs("Binance：你的小额资产 (USDT)");
        let families: Vec<&str> = r.iter().map(|(f, _)| *f).collect();
        assert_eq!(families, [FAMILY, FALLBACK, FAMILY]);
        assert_eq!(r[2].1, " (USDT)");
        assert!(missing_glyphs("可转换 ≈ $1.00 → 0.001 BNB").is_empty());
        assert_eq!(missing_glyphs("𓀀"), ['𓀀']);
        assert!(width("你的", TEXT_SIZE) > width("a", TEXT_SIZE));
    }
}
