//! `impact report --chart FILE.svg` (or `FILE.png`): the period's totals
//! against the baseline, as horizontal bars, one panel per group of `--by`.
//!
//! The chart is worked out first as a [`Plan`]: every text it shows, every
//! bar and its length, the axis of each panel. Drawing the plan is then
//! only geometry, the same for SVG and PNG. What a bar cannot show is said
//! in words beside it: a total that covers only part of its period is
//! hatched and its note names what it covers, a side with no figures says
//! so where its bar would be (never a bar of length zero), and a growth
//! whose two sides are not like for like reads "incomplete".

use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use impact_metrics::{
    Catalogue, FiscalCalendar, Period, Rounding, Value,
    aggregate::{Comparison, ComparisonSide, Group, GroupKey, GrowthOutcome, Row},
    figure::Baseline,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::Failure;

/// The file formats a chart is written in, chosen by the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `.svg`: text stays text, for a browser, Inkscape or a report.
    Svg,
    /// `.png`: a picture, drawn at twice the SVG's size.
    Png,
}

impl Target {
    /// The format a file name asks for, or why there is none.
    pub fn of(path: &Path) -> Result<Target, String> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => Ok(Target::Svg),
            Some("png") => Ok(Target::Png),
            _ => Err(format!(
                "a chart is written as SVG or PNG: name the file \"{}\" or \"{}\", not \"{}\"",
                path.with_extension("svg").display(),
                path.with_extension("png").display(),
                path.display()
            )),
        }
    }
}

/// Reads the value of `--chart`: a file name ending in `.svg` or `.png`,
/// so that any other is refused before any file is read.
pub fn target(arg: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(arg);
    Target::of(&path).map(|_| path)
}

/// What the chart is of: the calendar its periods are labelled on, the
/// two periods, and how its growth figures are rounded (as the report's
/// table rounds them).
#[derive(Debug)]
pub struct Spec<'a> {
    /// The indicators' names and order.
    pub catalogue: &'a Catalogue,
    /// The calendar the periods are labelled on.
    pub calendar: FiscalCalendar,
    /// The period of the current totals.
    pub period: Period,
    /// The baseline the growth is measured against.
    pub baseline: Baseline,
    /// Decimal places of the growth percent.
    pub places: u32,
    /// The rounding rule of the growth percent.
    pub rounding: Rounding,
}

/// Draws the comparisons: one panel per group (a single panel when the
/// report is not broken down), one pair of bars per indicator.
pub fn draw(path: &Path, rows: &[Comparison], spec: &Spec<'_>) -> Result<(), Failure> {
    let target = Target::of(path).map_err(Failure::Usage)?;
    fonts::register()?;
    let plan = Plan::of(rows, spec)?;
    let written = match target {
        Target::Svg => {
            let area = SVGBackend::new(path, plan.size(1)).into_drawing_area();
            paint(&area, &plan, 1)
        }
        Target::Png => png(path, &plan),
    };
    written.map_err(|e| Failure::Usage(format!("cannot draw the chart {}: {e}", path.display())))
}

/// Draws the plan into memory and writes it as a PNG file.
fn png(path: &Path, plan: &Plan) -> Result<(), String> {
    // Twice the size for a sharp picture, unless that is too large to hold.
    let scale = if plan.bytes(2) <= MAX_PNG_BYTES { 2 } else { 1 };
    if plan.bytes(scale) > MAX_PNG_BYTES {
        return Err(format!(
            "it would be {} by {} pixels, too large for a PNG file: write an .svg file",
            plan.size(1).0,
            plan.size(1).1
        ));
    }
    let (width, height) = plan.size(scale);
    let mut pixels = vec![0_u8; plan.bytes(scale)];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        paint(&area, plan, scale)?;
    }
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut encoder = png::Encoder::new(BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())
}

/// The most pairs of bars a chart draws: past that it cannot be read (and
/// its height in pixels would not fit the drawing's coordinates).
const MAX_BARS: usize = 5000;

/// The largest picture drawn in memory: 256 MiB of pixels.
const MAX_PNG_BYTES: usize = 256 << 20;

/// The chart's font, embedded so that text renders the same everywhere,
/// with no system fonts: DejaVu Sans (Bitstream Vera licence, which allows
/// embedding and redistribution).
mod fonts {
    use plotters::style::{FontStyle, register_font};

    use crate::Failure;

    /// Registers the font as `sans-serif`, the family every text of the
    /// chart names (an SVG viewer uses its own sans-serif font).
    pub fn register() -> Result<(), Failure> {
        for (style, bytes) in [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
            (FontStyle::Italic, dejavu::sans::oblique()),
        ] {
            register_font("sans-serif", style, bytes)
                .map_err(|_| Failure::Usage("cannot load the chart's embedded font".to_string()))?;
        }
        Ok(())
    }
}

// Sizes, in SVG pixels; a PNG is drawn at a multiple of them.
const WIDTH: i32 = 980;
const LEFT: i32 = 20;
const NAME_WIDTH: i32 = 320;
const BAR_X: i32 = 360;
const BAR_WIDTH: i32 = 420;
const GROWTH_X: i32 = 960;
const CURRENT_BAR: (i32, i32) = (4, 20);
const BASELINE_BAR: (i32, i32) = (23, 35);
const ROW_MIN: i32 = 44;
const AXIS_HEIGHT: i32 = 26;
const PANEL_TITLE: i32 = 30;
const PANEL_GAP: i32 = 18;
const LINE: i32 = 17;
const NOTE_LINE: i32 = 14;

// Font sizes as plotters counts them (an SVG font-size of size / 1.24).
const TITLE_SIZE: f64 = 26.0;
const SUBTITLE_SIZE: f64 = 16.0;
const PANEL_SIZE: f64 = 20.0;
const NAME_SIZE: f64 = 17.0;
const NOTE_SIZE: f64 = 14.5;
const VALUE_SIZE: f64 = 15.0;
const GROWTH_SIZE: f64 = 18.0;
const AXIS_SIZE: f64 = 14.0;

const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(95, 95, 95);
const WARN: RGBColor = RGBColor(166, 77, 0);
const GRID: RGBColor = RGBColor(225, 225, 225);
const CURRENT: RGBColor = RGBColor(31, 119, 180);
const CURRENT_PARTIAL: RGBColor = RGBColor(190, 214, 236);
const BASELINE: RGBColor = RGBColor(150, 150, 150);
const BASELINE_PARTIAL: RGBColor = RGBColor(222, 222, 222);

/// Everything the chart shows, worked out before anything is drawn.
#[derive(Debug)]
struct Plan {
    title: String,
    subtitle: Vec<String>,
    legend: Vec<(Vec<Swatch>, String)>,
    /// Whether the growth column is drawn: not when no total has a
    /// baseline to compare with.
    growth: bool,
    panels: Vec<Panel>,
    footnotes: Vec<String>,
}

/// One group's bars, with its own axis.
#[derive(Debug)]
struct Panel {
    title: Option<String>,
    axis: Axis,
    bars: Vec<Bars>,
}

/// One indicator: its two bars, its growth and its notes.
#[derive(Debug)]
struct Bars {
    name: Vec<String>,
    current: Side,
    baseline: Side,
    growth: GrowthText,
    notes: Vec<String>,
}

/// One bar, or the words that stand where a side has no figures.
#[derive(Debug, Clone, PartialEq)]
enum Side {
    Bar {
        length: f64,
        label: String,
        partial: bool,
    },
    Missing(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum GrowthText {
    /// A complete comparison: the growth as the table prints it.
    Figure(String),
    /// The sides are not like for like; the notes say why.
    Incomplete,
    /// No growth can be computed; the notes say why.
    None,
}

/// A legend's sample of a bar: the current period's or the baseline's,
/// solid or hatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Swatch {
    current: bool,
    partial: bool,
}

/// A value axis from zero to a round number just above the largest value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Axis {
    max: u128,
    step: u128,
}

impl Axis {
    /// The axis for values up to `largest`: at most five steps of 1, 2,
    /// 2.5 or 5 times a power of ten, ending at the first tick at or above
    /// it (941 gives 0 to 1,000 in steps of 200).
    fn fitted(largest: f64) -> Axis {
        let top = if largest.is_finite() && largest > 0.0 {
            // Past u64, the f64 has no more exact digits to fit.
            largest.ceil().min(u64::MAX as f64) as u128
        } else {
            0
        }
        .max(1);
        let mut power: u128 = 1;
        loop {
            // 2.5 is a step from 25 up, so that ticks stay whole numbers.
            let quarter = (power >= 10).then(|| power / 2 * 5);
            let steps = [Some(power), Some(power * 2), quarter, Some(power * 5)];
            for step in steps.into_iter().flatten() {
                let count = top.div_ceil(step);
                if count <= 5 {
                    return Axis {
                        max: count * step,
                        step,
                    };
                }
            }
            // The top is at most u64::MAX, below 5 * 10^19: the loop ends
            // long before u128 would overflow.
            power = power.saturating_mul(10);
        }
    }

    fn ticks(self) -> impl Iterator<Item = u128> {
        (0..=self.max / self.step).map(move |i| i * self.step)
    }

    /// Where a value falls, from 0 (the axis's start) to 1 (its end).
    fn fraction(self, value: f64) -> f64 {
        (value / self.max as f64).clamp(0.0, 1.0)
    }
}

impl Plan {
    fn of(rows: &[Comparison], spec: &Spec<'_>) -> Result<Plan, Failure> {
        let calendar = spec.calendar;
        let label = |p: Period| calendar.label(p).to_string();
        let period = label(spec.period);
        let (base_period, scale) = match spec.baseline {
            Baseline::AverageOf(p) => (Some(p), Some((spec.period.months(), p.months()))),
            Baseline::Total(p) => (Some(p), None),
            _ => (None, None),
        };
        let base = base_period.map(label).unwrap_or_default();

        // One panel per group (sorted by name below), indicators in the
        // catalogue's order.
        let mut groups: BTreeMap<GroupKey, Vec<&Comparison>> = BTreeMap::new();
        for row in rows {
            let mut key = row.key.clone();
            key.indicator = None;
            groups.entry(key).or_default().push(row);
        }
        let mut panels = Vec::new();
        let mut not_charted: Vec<String> = Vec::new();
        // Which kinds of bar are drawn: current, baseline, each partial.
        let mut drawn = [false; 4];
        let mut any_baseline = false;
        for (key, mut members) in groups {
            members.sort_by_key(|r| spec.catalogue.position(r.indicator).unwrap_or(usize::MAX));
            let mut bars = Vec::new();
            let mut largest = 0.0_f64;
            for row in members {
                let name = spec
                    .catalogue
                    .get(row.indicator)
                    .map_or_else(|| row.indicator.to_string(), |d| d.name.clone());
                let is_rate = [&row.current, &row.baseline]
                    .into_iter()
                    .flatten()
                    .any(|r| !matches!(r.value, Value::Count(_)));
                if is_rate {
                    let title = panel_title(&key);
                    not_charted.push(match title {
                        Some(group) => format!("{name} ({group})"),
                        None => name,
                    });
                    continue;
                }
                let current = match &row.current {
                    Some(r) => {
                        let partial = !r.coverage.gaps().is_empty();
                        drawn[0] = true;
                        drawn[2] |= partial;
                        side_of(r, None, partial)
                    }
                    None => Side::Missing(format!("no {period} figures")),
                };
                let baseline = match &row.baseline {
                    Some(r) => {
                        any_baseline = true;
                        let partial = !r.coverage.gaps().is_empty();
                        drawn[1] = true;
                        drawn[3] |= partial;
                        side_of(r, scale, partial)
                    }
                    None if base_period.is_some() => Side::Missing(format!("no {base} figures")),
                    None => Side::Missing("no baseline".to_string()),
                };
                for side in [&current, &baseline] {
                    if let Side::Bar { length, .. } = side {
                        largest = largest.max(*length);
                    }
                }
                let growth = match &row.growth {
                    GrowthOutcome::Complete(g) => {
                        GrowthText::Figure(g.display(spec.places, spec.rounding)?.to_string())
                    }
                    GrowthOutcome::Incomplete { .. } => GrowthText::Incomplete,
                    _ => GrowthText::None,
                };
                let notes = notes(row, &key, spec, base_period);
                bars.push(Bars {
                    name: vec![name],
                    current,
                    baseline,
                    growth,
                    notes,
                });
            }
            if !bars.is_empty() {
                panels.push(Panel {
                    title: panel_title(&key),
                    axis: Axis::fitted(largest),
                    bars,
                });
            }
        }
        // Groups by name, as a reader looks for them.
        panels.sort_by(|a, b| a.title.cmp(&b.title));
        let count: usize = panels.iter().map(|p| p.bars.len()).sum();
        if count > MAX_BARS {
            return Err(Failure::Usage(format!(
                "the chart would have {count} pairs of bars, more than {MAX_BARS}: \
                 break the report down by fewer of --by's groups"
            )));
        }
        if panels.is_empty() {
            return Err(Failure::Usage(format!(
                "nothing to chart: {period} has no totals that are counts"
            )));
        }

        let title = if any_baseline {
            format!("{period} against {}", baseline_words(&base, scale))
        } else if base_period.is_some() {
            format!("{period} (no {base} figures to compare with)")
        } else {
            period.clone()
        };
        let mut subtitle = Vec::new();
        if any_baseline {
            let mut words = format!(
                "Growth on {} (rounded {}).",
                baseline_words(&base, scale),
                spec.rounding
            );
            let shown = |kind: &GrowthText| {
                panels
                    .iter()
                    .flat_map(|p| &p.bars)
                    .any(|b| b.growth == *kind)
            };
            if shown(&GrowthText::Incomplete) {
                words.push_str(
                    " \u{201c}incomplete\u{201d}: the two periods do not hold the same figures \
                     in full; the notes say what is missing.",
                );
            }
            if shown(&GrowthText::None) {
                words.push_str(
                    " \u{201c}no comparison\u{201d}: a period has no figures, or no growth can \
                     be worked out.",
                );
            }
            subtitle.push(words);
        }
        let [
            current_drawn,
            baseline_drawn,
            current_partial,
            baseline_partial,
        ] = drawn;
        let mut legend = Vec::new();
        if current_drawn {
            let swatch = Swatch {
                current: true,
                partial: false,
            };
            legend.push((vec![swatch], format!("{period} total")));
        }
        if baseline_drawn {
            let swatch = Swatch {
                current: false,
                partial: false,
            };
            let words = match scale {
                Some((now, before)) if now != before => {
                    format!("{base} average (its total \u{d7} {now}/{before} months)")
                }
                Some(_) => format!("{base} average"),
                None => format!("{base} total"),
            };
            legend.push((vec![swatch], words));
        }
        if current_partial || baseline_partial {
            let swatches = [(true, current_partial), (false, baseline_partial)]
                .into_iter()
                .filter(|(_, drawn)| *drawn)
                .map(|(current, _)| Swatch {
                    current,
                    partial: true,
                })
                .collect();
            legend.push((
                swatches,
                "hatched: some figures cover only part of the period (see the notes)".to_string(),
            ));
        }
        let mut footnotes = Vec::new();
        if !not_charted.is_empty() {
            footnotes.push(format!(
                "Not charted (rates and percentages, shown in the table): {}.",
                not_charted.join("; ")
            ));
        }
        let mut plan = Plan {
            title,
            subtitle,
            legend,
            growth: any_baseline,
            panels,
            footnotes,
        };
        plan.wrap();
        Ok(plan)
    }

    /// Breaks the texts into lines that fit their columns.
    fn wrap(&mut self) {
        self.subtitle = self
            .subtitle
            .iter()
            .flat_map(|s| wrap(s, WIDTH - 2 * LEFT, SUBTITLE_SIZE, FontStyle::Normal))
            .collect();
        self.footnotes = self
            .footnotes
            .iter()
            .flat_map(|s| wrap(s, WIDTH - 2 * LEFT, NOTE_SIZE, FontStyle::Normal))
            .collect();
        for panel in &mut self.panels {
            for bars in &mut panel.bars {
                bars.name = bars
                    .name
                    .iter()
                    .flat_map(|s| wrap(s, NAME_WIDTH, NAME_SIZE, FontStyle::Normal))
                    .collect();
                bars.notes = bars
                    .notes
                    .iter()
                    .flat_map(|s| wrap(s, NAME_WIDTH, NOTE_SIZE, FontStyle::Italic))
                    .collect();
            }
        }
    }

    fn legend_height(&self) -> i32 {
        if self.legend.is_empty() {
            0
        } else {
            24 * legend_lines(&self.legend)
        }
    }

    fn header_height(&self) -> i32 {
        44 + NOTE_LINE * len_i32(&self.subtitle) + 8 + self.legend_height() + 6
    }

    fn size(&self, scale: u32) -> (u32, u32) {
        let height = self.header_height()
            + self.panels.iter().map(Panel::height).sum::<i32>()
            + NOTE_LINE * len_i32(&self.footnotes)
            + 16;
        let s = scale as i32;
        (
            (WIDTH.saturating_mul(s)).max(1) as u32,
            (height.saturating_mul(s)).max(1) as u32,
        )
    }

    fn bytes(&self, scale: u32) -> usize {
        let (w, h) = self.size(scale);
        (w as usize).saturating_mul(h as usize).saturating_mul(3)
    }
}

impl Panel {
    fn height(&self) -> i32 {
        let title = if self.title.is_some() { PANEL_TITLE } else { 0 };
        title + self.bars.iter().map(Bars::height).sum::<i32>() + AXIS_HEIGHT + PANEL_GAP
    }
}

impl Bars {
    fn height(&self) -> i32 {
        let text = LINE * len_i32(&self.name) + NOTE_LINE * len_i32(&self.notes) + 8;
        text.max(ROW_MIN)
    }
}

fn len_i32<T>(items: &[T]) -> i32 {
    i32::try_from(items.len()).unwrap_or(i32::MAX)
}

/// "the 2019/20 average" or "the 2019/20 total".
fn baseline_words(base: &str, scale: Option<(u32, u32)>) -> String {
    match scale {
        Some(_) => format!("the {base} average"),
        None => format!("the {base} total"),
    }
}

/// A bar for one side's total: the baseline scaled to the current
/// period's length when it is an average.
fn side_of(row: &Row, scale: Option<(u32, u32)>, partial: bool) -> Side {
    let Value::Count(total) = row.value else {
        return Side::Missing(String::new());
    };
    let value = match scale {
        Some((now, before)) if before > 0 => {
            Decimal::from(total) * Decimal::from(now) / Decimal::from(before)
        }
        _ => Decimal::from(total),
    };
    let label = row.bound.before(number(value));
    Side::Bar {
        length: value.to_f64().unwrap_or(f64::MAX),
        label,
        partial,
    }
}

/// A number as a report prints it: thousands grouped, whole numbers
/// exact, others to one decimal place, marked "≈" when that rounds.
fn number(value: Decimal) -> String {
    let rounded =
        value.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let mark = if rounded == value { "" } else { "\u{2248}" };
    let text = rounded.normalize().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (text, String::new()),
    };
    format!("{mark}{}{fraction}", grouped(&whole))
}

/// Digits in groups of three: "1405" is "1,405".
fn grouped(digits: &str) -> String {
    let count = digits.chars().count();
    let mut out = String::with_capacity(count + count / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (count - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The panel's title: the group's country, channel and partner, as a
/// report names them; none when the report is not broken down.
fn panel_title(key: &GroupKey) -> Option<String> {
    let mut parts = Vec::new();
    match &key.country {
        Group::With(c) => parts.push(c.name().to_string()),
        Group::Without => parts.push("without a country".to_string()),
        Group::All => {}
    }
    match &key.channel {
        Group::With(c) => parts.push(c.name().to_string()),
        Group::Without => parts.push("without a channel".to_string()),
        Group::All => {}
    }
    match &key.partner {
        Group::With(p) => parts.push(p.to_string()),
        Group::Without => parts.push("without a partner".to_string()),
        Group::All => {}
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Who a series is, within a panel: the country, partner or channel the
/// panel does not already name; empty when the panel names them all.
fn who(series: &impact_metrics::Series, key: &GroupKey) -> String {
    let mut parts = Vec::new();
    if let (Some(c), false) = (series.country, key.country.is_grouped()) {
        parts.push(c.name().to_string());
    }
    if let (Some(p), false) = (&series.partner, key.partner.is_grouped()) {
        parts.push(p.to_string());
    }
    // The channel only for a series of no country and no partner.
    let bare = series.country.is_none() && series.partner.is_none();
    if let (Some(c), false, true) = (series.channel, key.channel.is_grouped(), bare) {
        parts.push(c.name().to_string());
    }
    parts.join(", ")
}

/// What a row's bars do not show: which series cover only part of a
/// side's period, which are on one side only, why there is no growth.
fn notes(
    row: &Comparison,
    key: &GroupKey,
    spec: &Spec<'_>,
    base_period: Option<Period>,
) -> Vec<String> {
    let label = |p: Period| spec.calendar.label(p).to_string();
    let joined = |periods: &[Period]| {
        periods
            .iter()
            .map(|p| label(*p))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let prefixed = |who: String, text: String| {
        if who.is_empty() {
            text
        } else {
            format!("{who}: {text}")
        }
    };
    let mut notes = Vec::new();
    let sides = [
        (ComparisonSide::Current, &row.current, Some(spec.period)),
        (ComparisonSide::Baseline, &row.baseline, base_period),
    ];
    for (side, total, period) in sides {
        let Some(period) = period else { continue };
        let gaps = total
            .as_ref()
            .map(|r| r.coverage.gaps())
            .unwrap_or_default();
        for gap in gaps {
            notes.push(prefixed(
                who(&gap.series, key),
                format!(
                    "{} only, {} missing",
                    joined(&gap.covered),
                    joined(&gap.missing)
                ),
            ));
        }
        // A series the other side has and this one lacks altogether.
        for lack in row.growth.shortfalls() {
            let partly = gaps.iter().any(|g| g.series == lack.series);
            if lack.side == side && !partly && total.is_some() {
                notes.push(prefixed(
                    who(&lack.series, key),
                    format!("no {} figures", label(period)),
                ));
            }
        }
    }
    for left in &row.left_out {
        notes.push(prefixed(
            who(&left.series, key),
            "left out of both periods (like for like)".to_string(),
        ));
    }
    if let (GrowthOutcome::Undefined { reason }, Some(_), Some(_)) =
        (&row.growth, &row.current, &row.baseline)
    {
        notes.push(format!("no growth: {reason}"));
    }
    // A row of many partial series keeps a readable height; the table
    // names them all.
    if notes.len() > MAX_NOTES {
        let more = notes.len() - (MAX_NOTES - 1);
        notes.truncate(MAX_NOTES - 1);
        notes.push(format!("and {more} more (see the table's coverage column)"));
    }
    notes
}

/// The most notes beside one indicator.
const MAX_NOTES: usize = 6;

/// How wide a text is drawn, in SVG pixels.
fn text_width(text: &str, size: f64, style: FontStyle) -> i32 {
    ("sans-serif", size, style)
        .into_font()
        .box_size(text)
        .map_or_else(
            // Without the font's measures, a generous estimate.
            |_| (text.chars().count() as f64 * size * 0.62) as i32,
            |(w, _)| i32::try_from(w).unwrap_or(i32::MAX),
        )
}

/// Breaks a text at spaces into lines no wider than `width` (a word
/// longer than that stands on its own line).
fn wrap(text: &str, width: i32, size: f64, style: FontStyle) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, style) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// How many lines the legend's entries take, laid out left to right.
fn legend_lines(legend: &[(Vec<Swatch>, String)]) -> i32 {
    legend_positions(legend)
        .last()
        .map_or(0, |&(_, line)| line + 1)
}

/// Where each legend entry starts: its x and its line.
fn legend_positions(legend: &[(Vec<Swatch>, String)]) -> Vec<(i32, i32)> {
    let mut out = Vec::with_capacity(legend.len());
    let (mut x, mut line) = (LEFT, 0);
    for (swatches, text) in legend {
        let width =
            22 * len_i32(swatches) + 2 + text_width(text, NOTE_SIZE + 1.0, FontStyle::Normal) + 28;
        if x > LEFT && x + width > WIDTH - LEFT {
            x = LEFT;
            line += 1;
        }
        out.push((x, line));
        x += width;
    }
    out
}

/// Draws the plan at `scale` times its size.
fn paint<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &Plan,
    scale: u32,
) -> Result<(), String> {
    let pen = Pen {
        area,
        scale: f64::from(scale),
    };
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let mut y = 0;
    pen.text(
        &plan.title,
        LEFT,
        y + 24,
        TITLE_SIZE,
        FontStyle::Bold,
        INK,
        HPos::Left,
    )?;
    y += 44;
    for line in &plan.subtitle {
        pen.text(
            line,
            LEFT,
            y + 6,
            SUBTITLE_SIZE,
            FontStyle::Normal,
            MUTED,
            HPos::Left,
        )?;
        y += NOTE_LINE;
    }
    y += 8;
    let positions = legend_positions(&plan.legend);
    for ((swatches, text), (x, line)) in plan.legend.iter().zip(positions) {
        let top = y + 24 * line + 4;
        let mut x = x;
        for swatch in swatches {
            let (color, light) = if swatch.current {
                (CURRENT, CURRENT_PARTIAL)
            } else {
                (BASELINE, BASELINE_PARTIAL)
            };
            pen.bar(x, top, x + 18, top + 14, color, light, swatch.partial)?;
            x += 22;
        }
        pen.text(
            text,
            x + 2,
            top + 7,
            NOTE_SIZE + 1.0,
            FontStyle::Normal,
            INK,
            HPos::Left,
        )?;
    }
    y += plan.legend_height() + 6;
    for panel in &plan.panels {
        y = paint_panel(&pen, panel, plan.growth, y)?;
    }
    for line in &plan.footnotes {
        pen.text(
            line,
            LEFT,
            y + 6,
            NOTE_SIZE,
            FontStyle::Italic,
            MUTED,
            HPos::Left,
        )?;
        y += NOTE_LINE;
    }
    area.present().map_err(|e| e.to_string())
}

/// Draws one panel from `top`; returns where the next one starts.
fn paint_panel<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    panel: &Panel,
    growth: bool,
    top: i32,
) -> Result<i32, String> {
    let mut y = top;
    if let Some(title) = &panel.title {
        pen.text(
            title,
            LEFT,
            y + 16,
            PANEL_SIZE,
            FontStyle::Bold,
            INK,
            HPos::Left,
        )?;
        y += PANEL_TITLE;
    }
    let rows_top = y;
    let rows_height: i32 = panel.bars.iter().map(Bars::height).sum();
    let axis_y = rows_top + rows_height;
    let x_of = |value: f64| BAR_X + (panel.axis.fraction(value) * f64::from(BAR_WIDTH)) as i32;
    for tick in panel.axis.ticks() {
        let x = x_of(tick as f64);
        let color = if tick == 0 { MUTED } else { GRID };
        pen.line((x, rows_top), (x, axis_y + 4), color)?;
        pen.text(
            &grouped(&tick.to_string()),
            x,
            axis_y + 14,
            AXIS_SIZE,
            FontStyle::Normal,
            MUTED,
            HPos::Center,
        )?;
    }
    pen.line((BAR_X, axis_y), (BAR_X + BAR_WIDTH, axis_y), MUTED)?;
    for bars in &panel.bars {
        let mut text_y = y + 12;
        for line in &bars.name {
            pen.text(
                line,
                LEFT,
                text_y,
                NAME_SIZE,
                FontStyle::Normal,
                INK,
                HPos::Left,
            )?;
            text_y += LINE;
        }
        for line in &bars.notes {
            pen.text(
                line,
                LEFT,
                text_y - 2,
                NOTE_SIZE,
                FontStyle::Italic,
                WARN,
                HPos::Left,
            )?;
            text_y += NOTE_LINE;
        }
        for (side, (from, to), color, light) in [
            (&bars.current, CURRENT_BAR, CURRENT, CURRENT_PARTIAL),
            (&bars.baseline, BASELINE_BAR, BASELINE, BASELINE_PARTIAL),
        ] {
            let (top, bottom) = (y + from, y + to);
            let middle = (top + bottom) / 2;
            match side {
                Side::Bar {
                    length,
                    label,
                    partial,
                } => {
                    // A count above zero is never drawn as an empty bar.
                    let end = if *length > 0.0 {
                        x_of(*length).max(BAR_X + 1)
                    } else {
                        BAR_X
                    };
                    pen.bar(BAR_X, top, end, bottom, color, light, *partial)?;
                    pen.text(
                        label,
                        end + 5,
                        middle,
                        VALUE_SIZE,
                        FontStyle::Normal,
                        INK,
                        HPos::Left,
                    )?;
                }
                Side::Missing(words) => {
                    pen.text(
                        words,
                        BAR_X + 5,
                        middle,
                        VALUE_SIZE,
                        FontStyle::Italic,
                        MUTED,
                        HPos::Left,
                    )?;
                }
            }
        }
        let (text, style, color) = match &bars.growth {
            GrowthText::Figure(text) => (text.as_str(), FontStyle::Bold, INK),
            GrowthText::Incomplete => ("incomplete", FontStyle::Italic, WARN),
            GrowthText::None => ("no comparison", FontStyle::Italic, MUTED),
        };
        if growth {
            pen.text(
                text,
                GROWTH_X,
                y + 20,
                GROWTH_SIZE,
                style,
                color,
                HPos::Right,
            )?;
        }
        y += bars.height();
    }
    Ok(axis_y + AXIS_HEIGHT + PANEL_GAP)
}

/// Draws on an area at a scale: coordinates are in SVG pixels.
struct Pen<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
}

impl<DB: DrawingBackend> Pen<'_, DB> {
    fn at(&self, (x, y): (i32, i32)) -> (i32, i32) {
        (
            (f64::from(x) * self.scale) as i32,
            (f64::from(y) * self.scale) as i32,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        text: &str,
        x: i32,
        y: i32,
        size: f64,
        style: FontStyle,
        color: RGBColor,
        h: HPos,
    ) -> Result<(), String> {
        let font = ("sans-serif", size * self.scale, style)
            .into_font()
            .color(&color)
            .pos(Pos::new(h, VPos::Center));
        self.area
            .draw_text(text, &font, self.at((x, y)))
            .map_err(|e| e.to_string())
    }

    fn line(&self, from: (i32, i32), to: (i32, i32), color: RGBColor) -> Result<(), String> {
        self.area
            .draw(&PathElement::new(
                vec![self.at(from), self.at(to)],
                color.stroke_width(self.scale as u32),
            ))
            .map_err(|e| e.to_string())
    }

    /// A bar: filled, or for a total that covers only part of its period,
    /// lighter with diagonal hatching and an outline.
    #[allow(clippy::too_many_arguments)]
    fn bar(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        color: RGBColor,
        light: RGBColor,
        partial: bool,
    ) -> Result<(), String> {
        let fill = if partial { light } else { color };
        let rect = Rectangle::new([self.at((x0, y0)), self.at((x1, y1))], fill.filled());
        self.area.draw(&rect).map_err(|e| e.to_string())?;
        if partial {
            for (from, to) in hatching(x0, y0, x1, y1, 6) {
                self.line(from, to, color)?;
            }
            let outline = Rectangle::new(
                [self.at((x0, y0)), self.at((x1, y1))],
                color.stroke_width(self.scale as u32),
            );
            self.area.draw(&outline).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// Lines rising at 45° across a rectangle, `spacing` apart, cut to it.
fn hatching(x0: i32, y0: i32, x1: i32, y1: i32, spacing: i32) -> Vec<((i32, i32), (i32, i32))> {
    let height = y1 - y0;
    let mut out = Vec::new();
    let mut start = x0 - height;
    while start < x1 {
        // The line from (start, y1) to (start + height, y0), cut to x0..=x1.
        let (from_x, to_x) = (start.max(x0), (start + height).min(x1));
        if from_x < to_x {
            out.push(((from_x, y1 - (from_x - start)), (to_x, y1 - (to_x - start))));
        }
        start += spacing.max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use impact_metrics::{Query, aggregate::Matching, seed};
    use proptest::prelude::*;

    #[test]
    fn the_axis_ends_at_the_first_round_tick_at_or_above_the_largest_value() {
        // (largest value, axis end, step), each worked out by hand.
        let cases = [
            (941.0, 1000, 200),
            (448.0, 500, 100),
            (74.0, 80, 20),
            (152.5, 200, 50),
            (101.0, 125, 25),
            (1405.0, 1500, 500),
            (1000.0, 1000, 200),
            (7.0, 8, 2),
            (2.0, 2, 1),
            (0.0, 1, 1),
            // A step of 10^15, with no 2.5 or 25 in it.
            (
                2_500_000_000_000_001.0,
                3_000_000_000_000_000,
                1_000_000_000_000_000,
            ),
        ];
        for (largest, max, step) in cases {
            assert_eq!(
                Axis::fitted(largest),
                Axis { max, step },
                "largest value {largest}"
            );
        }
        let ticks: Vec<u128> = Axis::fitted(941.0).ticks().collect();
        assert_eq!(ticks, [0, 200, 400, 600, 800, 1000]);
    }

    #[test]
    fn the_axis_of_the_largest_count_does_not_overflow() {
        let axis = Axis::fitted(u64::MAX as f64);
        assert!(axis.max >= u128::from(u64::MAX), "{axis:?}");
        assert!(axis.max / axis.step <= 5, "{axis:?}");
    }

    proptest! {
        /// The axis holds the value, in at most five round steps, and the
        /// tick before its end is below the value: nothing wasted.
        #[test]
        fn the_axis_fits_any_count(value in 0_u64..(1 << 53)) {
            let axis = Axis::fitted(value as f64);
            let top = u128::from(value.max(1));
            prop_assert!(axis.max >= top);
            prop_assert!(axis.max - axis.step < top);
            prop_assert!(axis.max % axis.step == 0 && axis.max / axis.step <= 5);
            let mut mantissa = axis.step;
            while mantissa % 10 == 0 {
                mantissa /= 10;
            }
            prop_assert!([1, 2, 5, 25].contains(&mantissa), "step {}", axis.step);
        }
    }

    #[test]
    fn numbers_are_grouped_and_rounded_only_where_they_must_be() {
        let cases = [
            (Decimal::new(7025, 1), "702.5"),
            (Decimal::from(1405), "1,405"),
            (Decimal::from(1_234_567), "1,234,567"),
            (Decimal::from(0), "0"),
            // 113 × 3/12 = 28.25: shown to one place, and marked.
            (Decimal::new(2825, 2), "\u{2248}28.3"),
            (Decimal::from(1) / Decimal::from(3), "\u{2248}0.3"),
        ];
        for (value, text) in cases {
            assert_eq!(number(value), text, "{value}");
        }
    }

    #[test]
    fn the_file_name_chooses_the_format() {
        assert_eq!(Target::of(Path::new("h1.svg")), Ok(Target::Svg));
        assert_eq!(Target::of(Path::new("H1.PNG")), Ok(Target::Png));
        assert_eq!(
            Target::of(Path::new("out.pdf")),
            Err(
                "a chart is written as SVG or PNG: name the file \"out.svg\" or \"out.png\", \
                 not \"out.pdf\""
                    .to_string()
            )
        );
        assert!(Target::of(Path::new("chart")).is_err());
    }

    #[test]
    fn hatching_stays_inside_its_bar() {
        let (x0, y0, x1, y1) = (10, 4, 60, 20);
        let lines = hatching(x0, y0, x1, y1, 6);
        assert!(!lines.is_empty());
        for ((ax, ay), (bx, by)) in lines {
            for (x, y) in [(ax, ay), (bx, by)] {
                assert!(
                    (x0..=x1).contains(&x) && (y0..=y1).contains(&y),
                    "({x}, {y})"
                );
            }
            // At 45°: as far up as along.
            assert_eq!(bx - ax, ay - by);
        }
    }

    /// The seed report's H1, with no 2019/20 figures: every total has a
    /// bar, no baseline is drawn as zero, India's partial totals say so.
    #[test]
    fn the_seed_report_has_bars_marks_and_no_baseline_bars() {
        fonts::register().unwrap();
        let report = seed::h1_2020_21().unwrap();
        let year = report.period.fiscal_year_period().year_earlier().unwrap();
        let rows = report
            .figures
            .compare(
                &Query::new().by_indicator(),
                report.period,
                Baseline::AverageOf(year),
                Matching::AsReported,
            )
            .unwrap();
        let spec = Spec {
            catalogue: report.figures.catalogue(),
            calendar: report.calendar,
            period: report.period,
            baseline: Baseline::AverageOf(year),
            places: 0,
            rounding: Rounding::HalfUp,
        };
        let plan = Plan::of(&rows, &spec).unwrap();
        assert_eq!(plan.title, "20/21 H1 (no 2019/20 figures to compare with)");
        assert!(!plan.growth);
        let [panel] = plan.panels.as_slice() else {
            panic!("{:?}", plan.panels)
        };
        assert_eq!(panel.title, None);
        // The largest total is 941 (FIGURES.md).
        assert_eq!(
            panel.axis,
            Axis {
                max: 1000,
                step: 200
            }
        );
        assert_eq!(panel.bars.len(), 8);
        for bars in &panel.bars {
            assert_eq!(
                bars.baseline,
                Side::Missing("no 2019/20 figures".to_string())
            );
            assert_eq!(bars.growth, GrowthText::None);
        }
        // India reports 20/21 Q1 only, in three of the eight indicators.
        let partial: Vec<&Bars> = panel
            .bars
            .iter()
            .filter(|b| matches!(b.current, Side::Bar { partial: true, .. }))
            .collect();
        assert_eq!(partial.len(), 3);
        for bars in partial {
            assert_eq!(
                bars.notes,
                ["India, Vihaan: 20/21 Q1 only, 20/21 Q2 missing"]
            );
        }
        let labels: Vec<&str> = panel
            .bars
            .iter()
            .filter_map(|b| match &b.current {
                Side::Bar { label, .. } => Some(label.as_str()),
                Side::Missing(_) => None,
            })
            .collect();
        assert_eq!(
            labels,
            ["74", "437", "103", "483", "85", "249", "25", "941"]
        );
    }

    /// Twelve partners each reporting one quarter of a half year: six
    /// lines of notes, the last counting the seven not shown.
    #[test]
    fn many_partial_series_are_counted_not_listed() {
        use impact_metrics::{
            Catalogue, Channel, Country, Dataset, Indicator, Observation, Partner,
        };
        fonts::register().unwrap();
        let calendar = FiscalCalendar::SEPTEMBER;
        let mut data = Dataset::new(calendar, Catalogue::builtin());
        for i in 0..12 {
            let partner: Partner = format!("Partner {i:02}").parse().unwrap();
            let figure = Observation::new(
                Indicator::VICTIMS_REMOVED,
                calendar.quarter(2020, 1).unwrap(),
                Value::Count(1),
            )
            .with_country(Country::TH)
            .with_channel(Channel::Joint)
            .with_partner(partner);
            data.push(figure).unwrap();
        }
        let period = calendar.half(2020, 1).unwrap();
        let year = calendar.year(2019).unwrap();
        let rows = data
            .compare(
                &Query::new().by_indicator(),
                period,
                Baseline::AverageOf(year),
                Matching::AsReported,
            )
            .unwrap();
        let spec = Spec {
            catalogue: data.catalogue(),
            calendar,
            period,
            baseline: Baseline::AverageOf(year),
            places: 0,
            rounding: Rounding::HalfUp,
        };
        let row = &rows[0];
        let notes = notes(row, &row.key, &spec, Some(year));
        assert_eq!(notes[5], "and 7 more (see the table's coverage column)");
        // Drawn as wrapped lines, in the same order.
        let plan = Plan::of(&rows, &spec).unwrap();
        let lines = &plan.panels[0].bars[0].notes;
        assert_eq!(lines.last(), notes.last());
        assert_eq!(lines.join(" "), notes.join(" "));
    }
}
