//! `impact report FILE... --period P`: the totals of a period.

use std::io::Write;

use impact_metrics::{
    FiscalCalendar, Query, Rounding, Value, aggregate::Comparison, aggregate::ComparisonSide,
    aggregate::Coverage, aggregate::GrowthOutcome, aggregate::Matching, disclosure::CountTable,
    disclosure::Disclosure, figure::Baseline,
};

use crate::Failure;
use crate::args::{ByArg, Format, ReportArgs};
use crate::chart;
use crate::config::Settings;
use crate::input;
use crate::output::Sheet;

/// Prints the period's totals by indicator (and by what `--by` asks), each
/// beside the previous fiscal year's total scaled to the period's length,
/// with the growth between them and a note where a total covers only part
/// of the period.
pub fn run(args: &ReportArgs, settings: &Settings) -> Result<(), Failure> {
    let calendar = settings.calendar;
    let period = calendar.parse(&args.period)?;
    let rounding: Rounding = args.rounding.parse()?;
    let (data, reading) = input::read_all(&args.files, settings)?;
    for finding in reading.findings() {
        eprintln!("{finding}");
    }
    let baseline_year = period.fiscal_year_period().year_earlier()?;
    let mut query = Query::new().by_indicator();
    for by in &args.by {
        query = match by {
            ByArg::Country => query.by_country(),
            ByArg::Channel => query.by_channel(),
            ByArg::Partner => query.by_partner(),
        };
    }
    let mut rows = data.compare(
        &query,
        period,
        Baseline::AverageOf(baseline_year),
        Matching::AsReported,
    )?;
    // The catalogue's order (the report's), then the group.
    let position = |r: &Comparison| data.catalogue().position(r.indicator).unwrap_or(usize::MAX);
    rows.sort_by(|a, b| {
        position(a)
            .cmp(&position(b))
            .then_with(|| a.key.cmp(&b.key))
    });

    let label = |p| calendar.label(p).to_string();
    let mut headers = vec!["indicator"];
    for by in &args.by {
        headers.push(match by {
            ByArg::Country => "country",
            ByArg::Channel => "channel",
            ByArg::Partner => "partner",
        });
    }
    headers.extend(["period", "value", "baseline_average", "growth", "coverage"]);
    let mut sheet = Sheet::new(&headers);
    for row in &rows {
        let mut line = vec![row.indicator.to_string()];
        for by in &args.by {
            line.push(match by {
                ByArg::Country => part(&row.key.country),
                ByArg::Channel => part(&row.key.channel),
                ByArg::Partner => part(&row.key.partner),
            });
        }
        line.extend([
            label(period),
            row.current
                .as_ref()
                .map(|r| with_bound(r.value, r.bound))
                .unwrap_or_default(),
            baseline_average(row, period.months(), baseline_year.months()),
            match &row.growth {
                GrowthOutcome::Complete(g) => g.display(args.places, rounding)?.to_string(),
                // No bare number for an incomplete comparison: what it lacks instead.
                GrowthOutcome::Incomplete { shortfalls, .. } => {
                    let lacks: Vec<String> = shortfalls
                        .iter()
                        .map(|s| {
                            let side = match s.side {
                                ComparisonSide::Current => label(period),
                                ComparisonSide::Baseline => label(baseline_year),
                            };
                            let missing: Vec<String> =
                                s.missing.iter().map(|p| label(*p)).collect();
                            format!("{side} {} lacks {}", s.series, missing.join(", "))
                        })
                        .collect();
                    format!("incomplete: {}", lacks.join("; "))
                }
                _ => String::new(),
            },
            row.current
                .as_ref()
                .map(|r| coverage(&r.coverage, calendar))
                .unwrap_or_default(),
        ]);
        sheet.push(line);
    }
    if let Some(k) = args.suppress {
        print_protected(&rows, k, settings.format)?;
    } else {
        sheet.print(settings.format)?;
    }
    if settings.format == Format::Text {
        eprintln!(
            "{} figures; totals for {}; growth on the {} average, rounded {}",
            data.len(),
            label(period),
            label(baseline_year),
            rounding
        );
    }
    if let Some(path) = &args.chart {
        let spec = chart::Spec {
            catalogue: data.catalogue(),
            calendar,
            period,
            baseline: Baseline::AverageOf(baseline_year),
            places: args.places,
            rounding,
        };
        chart::draw(path, &rows, &spec)?;
        eprintln!("chart written to {}", path.display());
    }
    Ok(())
}

/// A key part: empty when the report is not broken down by it, `-` for
/// figures that have none.
fn part<T: ToString>(group: &impact_metrics::aggregate::Group<T>) -> String {
    match group {
        impact_metrics::aggregate::Group::All => String::new(),
        impact_metrics::aggregate::Group::Without => "-".to_string(),
        impact_metrics::aggregate::Group::With(v) => v.to_string(),
    }
}

fn with_bound(value: Value, bound: impact_metrics::Bound) -> String {
    match bound {
        impact_metrics::Bound::Exact => value.to_string(),
        other => format!("{} {value}", other.words()),
    }
}

/// The baseline total scaled to the period's length, exactly; empty when
/// there is no baseline.
fn baseline_average(row: &Comparison, months: u32, baseline_months: u32) -> String {
    let Some(Value::Count(total)) = row.baseline.as_ref().map(|b| b.value) else {
        return String::new();
    };
    let scaled = rust_decimal::Decimal::from(total) * rust_decimal::Decimal::from(months)
        / rust_decimal::Decimal::from(baseline_months.max(1));
    scaled.normalize().to_string()
}

fn coverage(coverage: &Coverage, calendar: FiscalCalendar) -> String {
    let gaps: Vec<String> = coverage
        .gaps()
        .iter()
        .map(|gap| {
            let missing: Vec<String> = gap
                .missing
                .iter()
                .map(|p| calendar.label(*p).to_string())
                .collect();
            format!("{} lacks {}", gap.series, missing.join(", "))
        })
        .collect();
    gaps.join("; ")
}

/// The table with disclosure control: one row per group, one column per
/// indicator; small counts suppressed.
fn print_protected(rows: &[Comparison], k: u64, format: Format) -> Result<(), Failure> {
    let mut groups: Vec<String> = Vec::new();
    let mut indicators: Vec<String> = Vec::new();
    let mut cells = Vec::new();
    for row in rows {
        let group = [
            part(&row.key.country),
            part(&row.key.channel),
            part(&row.key.partner),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        let group = if group.is_empty() {
            "all".to_string()
        } else {
            group
        };
        let Some(Value::Count(n)) = row.current.as_ref().map(|r| r.value) else {
            continue;
        };
        let r = index_of(&mut groups, group);
        let c = index_of(&mut indicators, row.indicator.to_string());
        cells.push((r, c, n));
    }
    let mut table = CountTable::new(groups, indicators);
    for (r, c, n) in cells {
        table.set(r, c, n)?;
    }
    let protected = Disclosure::new(k).protect(&table)?;
    match format {
        Format::Text => write!(std::io::stdout().lock(), "{protected}")?,
        other => {
            let mut headers = vec!["group".to_string()];
            headers.extend(protected.columns().iter().cloned());
            headers.push("Total".to_string());
            let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut sheet = Sheet::new(&header_refs);
            for (r, name) in protected.rows().iter().enumerate() {
                let mut line = vec![name.clone()];
                for c in 0..protected.columns().len() {
                    line.push(
                        protected
                            .cell(r, c)
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                    );
                }
                line.push(
                    protected
                        .row_total(r)
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                );
                sheet.push(line);
            }
            let mut totals = vec!["Total".to_string()];
            for c in 0..protected.columns().len() {
                totals.push(
                    protected
                        .column_total(c)
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                );
            }
            totals.push(protected.grand_total().to_string());
            sheet.push(totals);
            sheet.print(other)?;
        }
    }
    for finding in protected.findings().findings() {
        eprintln!("{finding}");
    }
    Ok(())
}

fn index_of(list: &mut Vec<String>, item: String) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}
