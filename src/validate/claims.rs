//! Published growth claims, checked backwards against whole-number
//! baselines under the declared rounding rule.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::aggregate::{Aggregator, Query};
use crate::figure::published::{Baseline, GrowthClaim, PublishedTotal};
use crate::figure::value::{Bound, Value};
use crate::findings::Finding;
use crate::growth::rounding::Rounding;
use crate::growth::{BaselineRange, Growth, baselines_for};
use crate::period::Period;
use crate::rules::RuleId;

use super::{Context, describe_total, general, total_series};

/// `growth.claim_unreachable`, `growth.claim_mismatch`,
/// `growth.claim_consistent` and `growth.claim_unchecked`, for each
/// published total with a growth claim.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for total in cx.published() {
        if let Some(claim) = &total.growth {
            one(cx, total, claim, out);
        }
    }
}

/// `+32%`, `-5%`, `0%`.
fn signed(percent: Decimal) -> String {
    if percent > Decimal::ZERO {
        format!("+{percent}%")
    } else {
        format!("{percent}%")
    }
}

fn one(cx: &Context<'_>, total: &PublishedTotal, claim: &GrowthClaim, out: &mut Vec<Finding>) {
    let rule = cx.validator().growth_rounding();
    let what = describe_total(cx, total);
    let claimed = signed(claim.percent);
    let finding = |id: RuleId, message: String| {
        general(id, message)
            .with_location(total.location.clone())
            .with_series(total_series(total), Some(total.period))
            .with_value("claim", &claimed)
            .with_value("published", total.value)
            .with_value("rounding", rule)
    };
    let (baseline, current_months, baseline_months) = match claim.baseline {
        Baseline::AverageOf(period) => (period, total.period.months(), period.months()),
        Baseline::Total(period) => (period, 1, 1),
        Baseline::Unspecified => {
            out.push(finding(
                RuleId::GROWTH_CLAIM_UNCHECKED,
                format!(
                    "{what}: the claim {claimed} names no baseline period, so it cannot be checked"
                ),
            ));
            return;
        }
    };
    let (Value::Count(current), Bound::Exact) = (total.value, total.bound) else {
        out.push(finding(
            RuleId::GROWTH_CLAIM_UNCHECKED,
            format!(
                "{what}: the claim {claimed} stands beside {}, which is not an exact count, so it cannot be checked",
                total.value
            ),
        ));
        return;
    };
    let year = cx.label(baseline);
    let range = match baselines_for(
        claim.percent,
        current,
        current_months,
        baseline_months,
        rule,
    ) {
        Ok(range) => range,
        Err(error) => {
            out.push(finding(
                RuleId::GROWTH_CLAIM_UNCHECKED,
                format!("{what}: the claim {claimed} cannot be checked: {error}"),
            ));
            return;
        }
    };
    let average = matches!(claim.baseline, Baseline::AverageOf(_));
    if range.is_empty() {
        let nearest = neighbours(
            claim.percent,
            current,
            current_months,
            baseline_months,
            rule,
        )
        .map(|((low, at_low), (high, at_high))| {
            format!(
                ": a {year} total of {low} gives {}, and {high} gives {}",
                signed(at_low),
                signed(at_high)
            )
        })
        .unwrap_or_default();
        out.push(
            finding(
                RuleId::GROWTH_CLAIM_UNREACHABLE,
                format!(
                    "{what}: {claimed} on {current} is produced by no whole-number {year} total \
                     under {rule} rounding{nearest}; the percent, the total or the rounding rule is wrong"
                ),
            )
            .with_value("baselines", range_words(&range)),
        );
        return;
    }
    let implied = if average {
        match (range.min_average(), range.max_average()) {
            (Some(low), Some(high)) if low == high => format!(" (average {low})"),
            (Some(low), Some(high)) => format!(" (average {low} to {high})"),
            (Some(low), None) => format!(" (average {low} or more)"),
            _ => String::new(),
        }
    } else {
        String::new()
    };
    let totals = match (range.min(), range.max()) {
        (Some(low), Some(high)) if low == high => format!("a {year} total of {low}"),
        (Some(low), Some(high)) => format!("a {year} total of {low} to {high}"),
        (Some(low), None) => format!("a {year} total of {low} or more"),
        _ => format!("a {year} total"),
    };
    match baseline_total(cx, total, baseline) {
        Some(actual) => {
            let shown = Growth::on_average(current, current_months, actual, baseline_months)
                .and_then(|g| g.percent(claim.percent.scale(), rule));
            match shown {
                Ok(percent) if percent == claim.percent => out.push(
                    finding(
                        RuleId::GROWTH_CLAIM_CONSISTENT,
                        format!(
                            "{what}: {claimed} on {current} matches the {year} figures, which add to {actual}, \
                             under {rule} rounding"
                        ),
                    )
                    .with_value("baseline", actual),
                ),
                Ok(percent) => out.push(
                    finding(
                        RuleId::GROWTH_CLAIM_MISMATCH,
                        format!(
                            "{what}: {claimed} is published, but the {year} figures add to {actual}, \
                             which gives {} under {rule} rounding; {claimed} needs {totals}",
                            signed(percent)
                        ),
                    )
                    .with_value("baseline", actual)
                    .with_value("baselines", range_words(&range)),
                ),
                Err(error) => out.push(finding(
                    RuleId::GROWTH_CLAIM_MISMATCH,
                    format!(
                        "{what}: {claimed} is published, but the {year} figures add to {actual}, \
                         on which growth cannot be computed: {error}"
                    ),
                )),
            }
        }
        None => out.push(
            finding(
                RuleId::GROWTH_CLAIM_CONSISTENT,
                format!(
                    "{what}: {claimed} on {current} is consistent with {totals}{implied} under {rule} rounding"
                ),
            )
            .with_value("baselines", range_words(&range)),
        ),
    }
}

/// The baseline total in the dataset, when its figures cover the whole
/// baseline period: the parts of the total, moved to the baseline period,
/// added by the aggregator. `None` when there are none, when a series
/// covers only part of the baseline (the aggregator's [`Coverage`]), when
/// the aggregator refuses a figure (two that count the same months), or
/// when the total is not an exact count.
///
/// [`Coverage`]: crate::aggregate::Coverage
fn baseline_total(cx: &Context<'_>, total: &PublishedTotal, baseline: Period) -> Option<u64> {
    let mut totals = Aggregator::new(&Query::parts_of(total).within(baseline));
    for figure in cx.figures() {
        totals.add(figure).ok()?;
    }
    let table = totals.finish().ok()?;
    let [row] = table.rows() else {
        return None;
    };
    match (row.value, row.bound) {
        (Value::Count(n), Bound::Exact) if row.coverage.is_complete() => Some(n),
        _ => None,
    }
}

/// The baseline totals a claim allows, in words: `none`, `112`,
/// `111 to 113`, `1000 or more`.
fn range_words(range: &BaselineRange) -> String {
    match (range.min(), range.max()) {
        (Some(low), Some(high)) if low == high => low.to_string(),
        (Some(low), Some(high)) => format!("{low} to {high}"),
        (Some(low), None) => format!("{low} or more"),
        _ => "none".to_string(),
    }
}

/// The two whole-number baselines on either side of where the claim would
/// be exact, with the percent each gives.
fn neighbours(
    percent: Decimal,
    current: u64,
    current_months: u32,
    baseline_months: u32,
    rule: Rounding,
) -> Option<((u64, Decimal), (u64, Decimal))> {
    // growth = (current / cm) / (b / bm) - 1 = p / 100, so
    // b = current * bm * 100 / (cm * (100 + p)).
    let factor = Decimal::ONE_HUNDRED.checked_add(percent)?;
    if factor <= Decimal::ZERO {
        return None;
    }
    let exact = Decimal::from(current)
        .checked_mul(Decimal::from(baseline_months))?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(current_months).checked_mul(factor)?)?;
    let low = exact.floor().to_u64()?.max(1);
    let high = low.checked_add(1)?;
    let at = |b: u64| {
        Growth::on_average(current, current_months, b, baseline_months)
            .and_then(|g| g.percent(percent.scale(), rule))
            .ok()
    };
    Some(((low, at(low)?), (high, at(high)?)))
}

#[cfg(test)]
mod tests {
    use crate::{
        Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Rounding, Severity, Validator,
        Value, figure::Baseline, figure::GrowthClaim, figure::PublishedTotal, seed,
    };

    fn claims(rule: Rounding) -> crate::Findings {
        let report = seed::h1_2020_21().unwrap();
        Validator::new()
            .with_growth_rounding(rule)
            .validate_published(&report.figures, &report.headline)
            .filtered(|f| f.rule.starts_with("growth."))
    }

    fn about(report: &crate::Findings, rule: &str) -> Vec<Indicator> {
        let mut found: Vec<Indicator> = report
            .by_rule(rule)
            .filter_map(|f| f.series.as_ref().map(|s| s.indicator))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn under_half_up_274_and_205_are_unreachable() {
        let found = claims(Rounding::HalfUp);
        let mut expected = vec![
            Indicator::EXPLOITERS_CONVICTED,
            Indicator::SURVIVORS_REPATRIATED,
        ];
        expected.sort();
        assert_eq!(about(&found, "growth.claim_unreachable"), expected);
        assert_eq!(found.by_rule("growth.claim_consistent").count(), 6);
        let repatriated = found
            .by_rule("growth.claim_unreachable")
            .find(|f| f.series.as_ref().unwrap().indicator == Indicator::SURVIVORS_REPATRIATED)
            .unwrap();
        assert_eq!(repatriated.severity, Severity::Error);
        // By hand: 103 against half of b. b = 55: 206/55 = 3.74545..., +274.5...%,
        // which half-up makes +275%; b = 56: 206/56 = 3.678..., +268%.
        assert!(
            repatriated
                .message
                .contains("a 2019/20 total of 55 gives +275%, and 56 gives +268%"),
            "{}",
            repatriated.message
        );
    }

    #[test]
    fn under_toward_zero_all_eight_are_consistent() {
        let found = claims(Rounding::TowardZero);
        assert_eq!(found.by_rule("growth.claim_unreachable").count(), 0);
        assert_eq!(found.by_rule("growth.claim_consistent").count(), 8);
        let convicted = found
            .by_rule("growth.claim_consistent")
            .find(|f| f.series.as_ref().unwrap().indicator == Indicator::EXPLOITERS_CONVICTED)
            .unwrap();
        // By hand: 26 against 17 / 2 = 8.5 is 3.0588..., +205.88...%, cut to +205%.
        assert!(
            convicted
                .message
                .contains("consistent with a 2019/20 total of 17 (average 8.5)"),
            "{}",
            convicted.message
        );
        assert_eq!(convicted.severity, Severity::Note);
    }

    fn with_baseline(figures: &[(u8, u64)], claim: i64) -> crate::Findings {
        let cal = FiscalCalendar::SEPTEMBER;
        let mut data = Dataset::new(cal, Catalogue::builtin());
        for &(half, n) in figures {
            data.push(Observation::new(
                Indicator::VICTIMS_REMOVED,
                cal.half(2019, half).unwrap(),
                Value::Count(n),
            ))
            .unwrap();
        }
        let h1 = cal.half(2020, 1).unwrap();
        data.push(Observation::new(
            Indicator::VICTIMS_REMOVED,
            h1,
            Value::Count(74),
        ))
        .unwrap();
        let total =
            PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74)).with_growth(
                GrowthClaim::new(claim.into(), Baseline::AverageOf(cal.year(2019).unwrap())),
            );
        Validator::new().validate_published(&data, &[total])
    }

    #[test]
    fn baseline_figures_in_the_dataset_confirm_or_refute_the_claim() {
        // 2019/20: 50 + 62 = 112, average 56; 74 / 56 - 1 = 32.14...% → +32%.
        let good = with_baseline(&[(1, 50), (2, 62)], 32);
        assert_eq!(good.by_rule("growth.claim_mismatch").count(), 0);
        let consistent = good.by_rule("growth.claim_consistent").next().unwrap();
        assert!(
            consistent.message.contains("add to 112"),
            "{}",
            consistent.message
        );
        // 2019/20: 50 + 70 = 120, average 60; 74 / 60 - 1 = 23.33...% → +23%, not +32%.
        let bad = with_baseline(&[(1, 50), (2, 70)], 32);
        let mismatch = bad.by_rule("growth.claim_mismatch").next().unwrap();
        assert!(
            mismatch.message.contains("gives +23%"),
            "{}",
            mismatch.message
        );
        // Half a baseline year is not a baseline: the claim is only checked backwards.
        let partial = with_baseline(&[(1, 50)], 32);
        assert_eq!(partial.by_rule("growth.claim_mismatch").count(), 0);
        assert_eq!(partial.by_rule("growth.claim_consistent").count(), 1);
    }

    #[test]
    fn a_claim_without_a_baseline_is_unchecked() {
        let cal = FiscalCalendar::SEPTEMBER;
        let h1 = cal.half(2020, 1).unwrap();
        let data = Dataset::new(cal, Catalogue::builtin());
        let total = PublishedTotal::new(Indicator::ACCUSED_ARRESTED, h1, Value::Count(32))
            .with_growth(GrowthClaim::new(47.into(), Baseline::Unspecified));
        let found = Validator::new()
            .disable("reconcile")
            .unwrap()
            .validate_published(&data, &[total]);
        assert_eq!(found.by_rule("growth.claim_unchecked").count(), 1);
        assert_eq!(found.len(), 1, "{found}");
    }
}
