//! `impact report --chart FILE.svg`: the period's totals against the
//! baseline average, as horizontal bars.

use std::path::Path;

use impact_metrics::{Catalogue, Value, aggregate::Comparison};
use plotters::prelude::*;

use crate::Failure;

const CURRENT: RGBColor = RGBColor(31, 119, 180);
const BASELINE: RGBColor = RGBColor(190, 190, 190);

/// Draws one pair of bars per indicator: the period's total and, where
/// there is one, the baseline year's total scaled to the period's length.
pub fn draw(
    path: &Path,
    rows: &[Comparison],
    catalogue: &Catalogue,
    period: &str,
    baseline: &str,
) -> Result<(), Failure> {
    let mut rows: Vec<&Comparison> = rows.iter().collect();
    rows.sort_by_key(|r| catalogue.position(r.indicator).unwrap_or(usize::MAX));
    let bars: Vec<(String, f64, Option<f64>)> = rows
        .into_iter()
        .filter_map(|row| {
            let current = row.current.as_ref()?;
            let Value::Count(now) = current.value else {
                return None;
            };
            let name = catalogue
                .get(row.indicator)
                .map_or_else(|| row.indicator.to_string(), |d| d.name.clone());
            let months = f64::from(current.period.map_or(1, |p| p.months()));
            let before = row
                .baseline
                .as_ref()
                .and_then(|b| match (b.value, b.period) {
                    (Value::Count(n), Some(p)) => {
                        Some(n as f64 * months / f64::from(p.months().max(1)))
                    }
                    _ => None,
                });
            Some((name, now as f64, before))
        })
        .collect();
    if bars.is_empty() {
        return Err(Failure::Usage(
            "nothing to chart: the period has no count totals".to_string(),
        ));
    }
    let top = bars
        .iter()
        .map(|(_, now, before)| now.max(before.unwrap_or(0.0)))
        .fold(1.0_f64, f64::max)
        // Room on the right for the value labels and the legend.
        * 1.6;
    let height = 80 + 44 * bars.len() as u32;
    let root = SVGBackend::new(path, (900, height)).into_drawing_area();
    let plot = |root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>| -> Result<(), Box<dyn std::error::Error>> {
        root.fill(&WHITE)?;
        let caption = if bars.iter().any(|(_, _, before)| before.is_some()) {
            format!("{period} against the {baseline} average")
        } else {
            format!("{period} (no {baseline} figures to compare with)")
        };
        let mut chart = ChartBuilder::on(root)
            .caption(caption, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(330)
            .build_cartesian_2d(0.0..top, 0.0..bars.len() as f64)?;
        let names: Vec<String> = bars.iter().map(|(n, _, _)| n.clone()).collect();
        let count = bars.len();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(count * 2 + 1)
            .y_label_formatter(&|y| {
                let slot = y.floor();
                let centred = (y - slot - 0.5).abs() < 1e-6;
                if centred && slot >= 0.0 {
                    let i = count.saturating_sub(1).saturating_sub(slot as usize);
                    names.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc("count")
            .draw()?;
        for (i, (_, now, before)) in bars.iter().enumerate() {
            let slot = (count - 1 - i) as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, slot + 0.52), (*now, slot + 0.88)],
                CURRENT.filled(),
            )))?;
            if let Some(before) = before {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, slot + 0.12), (*before, slot + 0.48)],
                    BASELINE.filled(),
                )))?;
            }
            chart.draw_series(std::iter::once(Text::new(
                format!("{now}"),
                (*now + top * 0.01, slot + 0.8),
                ("sans-serif", 13),
            )))?;
        }
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())?
            .label(period.to_string())
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], CURRENT.filled()));
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())?
            .label(format!("{baseline} average"))
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], BASELINE.filled()));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
        root.present()?;
        Ok(())
    };
    plot(&root)
        .map_err(|e| Failure::Usage(format!("cannot draw the chart {}: {e}", path.display())))
}
