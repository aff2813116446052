//! `impact growth`: growth forwards and backwards.

use impact_metrics::{Growth, Rounding, baselines_for};
use rust_decimal::Decimal;

use crate::Failure;
use crate::args::GrowthArgs;
use crate::config::Settings;
use crate::output::Sheet;

/// Prints the growth of `--current` on `--baseline`, or with `--backwards`
/// the baseline totals a published percent allows.
pub fn run(args: &GrowthArgs, settings: &Settings) -> Result<(), Failure> {
    let (current_months, baseline_months) = lengths(args, settings)?;
    let rules = rules(&args.rounding)?;
    if args.backwards {
        let text = args.published.as_deref().unwrap_or_default();
        let published = parse_percent(text)?;
        let mut sheet = Sheet::new(&[
            "rounding",
            "published",
            "current",
            "current_months",
            "baseline_months",
            "baselines",
            "min",
            "max",
            "min_average",
            "max_average",
        ]);
        for rule in rules {
            let range = baselines_for(
                published,
                args.current,
                current_months,
                baseline_months,
                rule,
            )?;
            sheet.push(vec![
                rule.code().to_string(),
                format!("{published}%"),
                args.current.to_string(),
                current_months.to_string(),
                baseline_months.to_string(),
                range.to_string(),
                range.min().map(|n| n.to_string()).unwrap_or_default(),
                range.max().map(|n| n.to_string()).unwrap_or_default(),
                range
                    .min_average()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                range
                    .max_average()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]);
        }
        return sheet.print(settings.format);
    }
    if args.published.is_some() {
        return Err(Failure::Usage(
            "--published is the percent to go back from: give it with --backwards".to_string(),
        ));
    }
    let baseline = args
        .baseline
        .ok_or_else(|| Failure::Usage("--baseline is required without --backwards".to_string()))?;
    let growth = Growth::on_average(args.current, current_months, baseline, baseline_months)?;
    let (numerator, denominator) = growth.ratio();
    let mut sheet = Sheet::new(&[
        "rounding",
        "current",
        "baseline",
        "current_months",
        "baseline_months",
        "growth",
        "exact",
    ]);
    for rule in rules {
        sheet.push(vec![
            rule.code().to_string(),
            args.current.to_string(),
            baseline.to_string(),
            current_months.to_string(),
            baseline_months.to_string(),
            growth.display(args.places, rule)?.to_string(),
            format!("{numerator}/{denominator}"),
        ]);
    }
    sheet.print(settings.format)
}

/// The two period lengths: from months, from period labels, or 1 and 1
/// (plain period-over-period growth) without `--on-average`.
fn lengths(args: &GrowthArgs, settings: &Settings) -> Result<(u32, u32), Failure> {
    let months = |given: Option<u32>, label: &Option<String>| -> Result<Option<u32>, Failure> {
        match (given, label) {
            (Some(m), _) => Ok(Some(m)),
            (None, Some(label)) => Ok(Some(settings.period(label)?.months())),
            (None, None) => Ok(None),
        }
    };
    let current = months(args.current_months, &args.current_period)?;
    let baseline = months(args.baseline_months, &args.baseline_period)?;
    // Lengths given, as months or as periods, are lengths applied: forwards
    // and backwards compare the same things.
    match (current, baseline) {
        (Some(c), Some(b)) => Ok((c, b)),
        (None, None) if !args.on_average => Ok((1, 1)),
        _ => Err(Failure::Usage(
            "comparing on the average needs both lengths: --current-months and --baseline-months, \
             or --current-period and --baseline-period"
                .to_string(),
        )),
    }
}

/// The rounding rules asked for: one by name, or every one for `all`.
fn rules(text: &str) -> Result<Vec<Rounding>, Failure> {
    if text.trim().eq_ignore_ascii_case("all") {
        Ok(Rounding::ALL.to_vec())
    } else {
        Ok(vec![text.parse::<Rounding>()?])
    }
}

/// Reads "32", "32%", "+32%", "-5.5" exactly.
fn parse_percent(text: &str) -> Result<Decimal, Failure> {
    let trimmed = text.trim();
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    let number = number.strip_prefix('+').unwrap_or(number);
    Decimal::from_str_exact(number).map_err(|_| {
        Failure::Usage(format!(
            "invalid percent {text:?} for --published: give a number such as 32, 32% or -5.5"
        ))
    })
}
