//! Validates the seed report before publishing: its headline totals against
//! their parts, the coverage of its half-year, its growth claims under two
//! rounding rules, and a breakdown with small counts suppressed.
//!
//! Run it with `cargo run --example validate_seed`.

use impact_metrics::{
    Dimension, Finding, Findings, Indicator, Query, Rounding, Validator, disclosure::CountTable,
    disclosure::Disclosure, seed,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = seed::h1_2020_21()?;
    let period = report.calendar.label(report.period);
    println!("Validation of \"{}\" ({period})", report.title);
    println!(
        "{} figures by country and channel, {} headline totals\n",
        report.figures.len(),
        report.headline.len()
    );

    let validator = Validator::new().with_reporting_period(report.period);
    let half_up = validator
        .clone()
        .with_growth_rounding(Rounding::HalfUp)
        .validate_published(&report.figures, &report.headline);

    section(
        "Headline totals against the sum of their parts",
        &half_up.filtered(|f| f.rule.starts_with("reconcile.")),
    );
    let flagged = half_up.by_rule("reconcile.total").count()
        + half_up.by_rule("reconcile.interpreted").count();
    println!(
        "  The other {} totals equal the sum of their parts.\n",
        report.headline.len() - flagged
    );

    section(
        &format!("Coverage of {period}"),
        &half_up.filtered(|f| f.rule.starts_with("coverage.")),
    );
    println!();

    for rule in [Rounding::HalfUp, Rounding::TowardZero] {
        let found = validator
            .clone()
            .with_growth_rounding(rule)
            .validate_published(&report.figures, &report.headline);
        let claims = found.filtered(|f| f.rule.starts_with("growth."));
        section(
            &format!("Growth claims on the 2019/20 half-year average, if rounded {rule}"),
            &claims,
        );
        println!(
            "  {} of {} claims can be produced by a whole-number 2019/20 total.\n",
            claims.by_rule("growth.claim_consistent").count(),
            report.headline.len()
        );
    }

    let rest = half_up.filtered(|f| {
        !["reconcile.", "coverage.", "growth."]
            .iter()
            .any(|family| f.rule.starts_with(family))
    });
    println!("Other findings");
    if rest.is_empty() {
        println!("  none");
    }
    for (rule, count) in rest.count_by_rule() {
        let Some(first) = rest.by_rule(&rule).next() else {
            continue;
        };
        let plural = if count == 1 { "" } else { "s" };
        println!("  {rule}: {count} {}{plural}, such as:", first.severity);
        print_finding(first);
    }
    println!("\nIn all, rounding half-up: {}\n", summary(&half_up));

    // Breakdowns to publish: repatriations and convictions by country and
    // channel, one table per indicator (counts of different indicators do
    // not add up, so no total adds them).
    let disclosure = Disclosure::default();
    for (indicator, name) in [
        (Indicator::SURVIVORS_REPATRIATED, "Survivors repatriated"),
        (Indicator::EXPLOITERS_CONVICTED, "Exploiters convicted"),
    ] {
        let query = Query::new()
            .within(report.period)
            .with_indicator(indicator)
            .by_country()
            .by_channel();
        let totals = report.figures.aggregate(&query)?;
        let table = CountTable::from_table(
            &totals,
            Dimension::Country,
            Dimension::Channel,
            report.calendar,
        )?;
        let published = disclosure.protect(&table)?;
        println!(
            "{name} by country and channel, {period}, counts below {} suppressed",
            disclosure.k
        );
        for line in published.to_string().lines() {
            println!("  {line}");
        }
        println!();
    }
    Ok(())
}

/// Prints a heading and one wrapped line per finding.
fn section(title: &str, findings: &Findings) {
    println!("{title}");
    if findings.is_empty() {
        println!("  nothing to report");
    }
    // Errors first, then warnings, then notes.
    let mut ordered: Vec<&Finding> = findings.findings().iter().collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in ordered {
        print_finding(finding);
    }
}

fn print_finding(finding: &Finding) {
    let label = format!("  {:<8}", finding.severity.name());
    let indent = " ".repeat(label.len());
    let mut line = label.clone();
    for word in finding.message.split(' ') {
        if line.len() + word.len() > 100 && line.len() > label.len() {
            println!("{}", line.trim_end());
            line = indent.clone();
        }
        line.push_str(word);
        line.push(' ');
    }
    println!("{}", line.trim_end());
}

fn summary(report: &Findings) -> String {
    let last = report.to_string();
    last.lines().last().unwrap_or_default().to_string()
}
