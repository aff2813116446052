//! Prints the seed report, 20/21 H1, recomputed from its own figures.
//!
//! Run it with `cargo run --example h1_report`.
//!
//! The headline table is recomputed from the figures by country and channel
//! and set beside the published totals, with every difference shown; then
//! the breakdown by channel and country, the coverage of each total, and,
//! for each published growth figure, the 2019/20 totals it implies under
//! each rounding rule (the report publishes the growth, not the 2019/20
//! figures it was computed from).

use std::error::Error;

use impact_metrics::{
    Basis, Bound, Channel, Country, Query, Rounding, Value, aggregate::Coverage, aggregate::Group,
    baselines_for, figure::GrowthClaim, seed,
};

fn main() -> Result<(), Box<dyn Error>> {
    let report = seed::h1_2020_21()?;
    let calendar = report.calendar;
    let period = report.period;
    let catalogue = report.figures.catalogue();

    println!("{}", report.title);
    println!(
        "Period: {} ({} to {}), on a fiscal year starting 1 September; baseline year {}",
        calendar.label(period),
        period.first_day(),
        period.last_day(),
        calendar.label(report.baseline_year),
    );

    // Headline: published totals beside the totals of the figures.
    let by_indicator = report
        .figures
        .aggregate(&Query::new().within(period).by_indicator())?;
    let stated_only = report
        .figures
        .aggregate(&Query::new().within(period).by_indicator().stated_only())?;
    println!();
    println!("HEADLINE: direct work and joint operations, published against recomputed");
    println!(
        "{:<58} {:>9} {:>10} {:>10} {:>8}",
        "indicator", "published", "recomputed", "difference", "growth"
    );
    let mut notes = Vec::new();
    let mut theme = String::new();
    for total in &report.headline {
        let def = catalogue
            .get(total.indicator)
            .ok_or("a headline indicator is not in the catalogue")?;
        if def.theme.name() != theme {
            theme = def.theme.name().to_string();
            println!("{theme}");
        }
        let row = by_indicator.row(total.indicator);
        let recomputed = row.map(|r| r.value);
        let difference = match (recomputed, total.value) {
            (Some(Value::Count(mine)), Value::Count(published)) => {
                signed(i128::from(mine) - i128::from(published))
            }
            _ => "n/a".to_string(),
        };
        let mut marks = String::new();
        if let Some(row) = row {
            if row.interpreted > 0 {
                let stated = stated_only
                    .row(total.indicator)
                    .map_or(Value::Count(0), |r| r.value);
                let read: Vec<String> = report
                    .figures
                    .iter()
                    .filter(|f| f.indicator == total.indicator && f.basis == Basis::Interpreted)
                    .map(|f| {
                        format!(
                            "{} {} ({})",
                            f.country.map_or("-", |c| c.name()),
                            f.value,
                            f.note.as_deref().unwrap_or("read from the text")
                        )
                    })
                    .collect();
                notes.push(format!(
                    "{}: the stated parts add to {stated}; {} with {}",
                    def.name,
                    row.value,
                    read.join(", ")
                ));
                marks.push('i');
            }
            if let Coverage::Partial(gaps) = &row.coverage {
                for gap in gaps {
                    notes.push(format!(
                        "{}: {} covers {} only; no figure for {}",
                        def.name,
                        series_place(
                            gap.series.country,
                            gap.series.partner.as_ref().map(|p| p.as_str())
                        ),
                        join(gap.covered.iter().map(|p| calendar.label(*p).to_string())),
                        join(gap.missing.iter().map(|p| calendar.label(*p).to_string())),
                    ));
                }
                marks.push('c');
            }
        }
        let growth = total
            .growth
            .as_ref()
            .map_or(String::new(), |g| format!("{:+}%", g.percent));
        println!(
            "  {:<56} {:>9} {:>10} {:>10} {:>8}",
            format!(
                "{}{}",
                def.name,
                if marks.is_empty() {
                    String::new()
                } else {
                    format!(" [{marks}]")
                }
            ),
            total.value,
            recomputed.map_or("-".to_string(), |v| v.to_string()),
            difference,
            growth
        );
    }
    println!(
        "  [i] includes a figure read from the text; [c] a part covers only some of the period"
    );
    for note in &notes {
        println!("  - {note}");
    }

    // Breakdown by channel and country.
    let cells = report.figures.aggregate(
        &Query::new()
            .within(period)
            .by_indicator()
            .by_channel()
            .by_country(),
    )?;
    let columns = columns(&report.figures);
    println!();
    println!(
        "BY STRATEGY CHANNEL AND COUNTRY, {}",
        calendar.label(period)
    );
    print!("{:<52}", "indicator");
    for (channel, country, _) in &columns {
        print!(
            " {:>9}",
            format!("{}/{}", country.alpha2(), short(*channel))
        );
    }
    println!(" {:>7} {:>7}", "direct", "joint");
    let by_channel = report
        .figures
        .aggregate(&Query::new().within(period).by_indicator().by_channel())?;
    for total in &report.headline {
        let name = catalogue
            .get(total.indicator)
            .map_or(total.indicator.to_string(), |d| d.name.clone());
        print!("{:<52}", name);
        for (channel, country, _) in &columns {
            let cell = cells.rows().iter().find(|r| {
                r.indicator == total.indicator
                    && r.key.channel == Group::With(*channel)
                    && r.key.country == Group::With(*country)
            });
            let text = cell.map_or("-".to_string(), |r| {
                let mut t = r.value.to_string();
                if r.interpreted > 0 {
                    t.push('i');
                }
                if !r.coverage.is_complete() {
                    t.push('c');
                }
                t
            });
            print!(" {text:>9}");
        }
        for channel in [Channel::Direct, Channel::Joint] {
            let sum = by_channel
                .rows()
                .iter()
                .find(|r| r.indicator == total.indicator && r.key.channel == Group::With(channel));
            print!(
                " {:>7}",
                sum.map_or("-".to_string(), |r| r.value.to_string())
            );
        }
        println!();
    }
    println!("  - means the report gives no figure, which is not zero");
    for (channel, country, partner) in &columns {
        println!(
            "  {}/{}: {}, {}{}",
            country.alpha2(),
            short(*channel),
            country.name(),
            channel.name().to_lowercase(),
            partner
                .as_ref()
                .map_or(String::new(), |p| format!(" with {p}"))
        );
    }

    // Growth backwards.
    println!();
    println!(
        "GROWTH BACKWARDS: {} totals consistent with each published growth on the {} half-year average",
        calendar.label(report.baseline_year),
        calendar.label(report.baseline_year)
    );
    print!("{:<40} {:>5} {:>6}", "indicator", "H1", "growth");
    for rule in Rounding::ALL {
        print!(" {:>14}", rule.code());
    }
    println!();
    let mut consistent_everywhere: Vec<Rounding> = Rounding::ALL.to_vec();
    let mut refuted = Vec::new();
    for total in &report.headline {
        let (Some(claim), Value::Count(current)) = (&total.growth, total.value) else {
            continue;
        };
        let name = catalogue
            .get(total.indicator)
            .map_or(total.indicator.to_string(), |d| d.name.clone());
        print!(
            "{:<40} {:>5} {:>6}",
            truncate(&name, 40),
            current,
            format!("{:+}%", claim.percent)
        );
        let mut impossible = Vec::new();
        for rule in Rounding::ALL {
            let range = implied(claim, current, total.period.months(), rule)?;
            if range.is_empty() {
                consistent_everywhere.retain(|r| *r != rule);
                impossible.push(rule.code());
            }
            print!(" {:>14}", range.to_string());
        }
        println!();
        if !impossible.is_empty() {
            refuted.push(format!(
                "{name} ({current}, {:+}%): no whole-number total under {}",
                claim.percent,
                impossible.join(", ")
            ));
        }
    }
    println!(
        "  rules under which every published growth figure is possible: {}",
        join(consistent_everywhere.iter().map(|r| r.code().to_string()))
    );
    for line in &refuted {
        println!("  - {line}");
    }

    // The figures stated in the text.
    println!();
    println!("OTHER FIGURES IN THE TEXT (kept apart from the table: they overlap it)");
    for figure in report.highlights.iter() {
        let name = catalogue
            .get(figure.indicator)
            .map_or(figure.indicator.to_string(), |d| d.name.clone());
        let bound = match figure.bound {
            Bound::Exact => String::new(),
            other => format!("{} ", other.words()),
        };
        println!(
            "  {:<9} {:<7} {:<52} {}{}{}",
            figure
                .country
                .map_or("-".to_string(), |c| c.alpha2().to_string()),
            calendar.label(figure.period).to_string(),
            truncate(&name, 52),
            bound,
            figure.value,
            match (&figure.note, figure.basis) {
                (Some(note), Basis::Interpreted) => format!("  (read from the text: {note})"),
                (Some(note), Basis::Stated) => format!("  ({note})"),
                (None, _) => String::new(),
            }
        );
    }
    for claim in &report.growth_claims {
        println!(
            "  {:<9} {:<7} growth claim, baseline not stated: {:+}%  ({})",
            claim
                .country
                .map_or("-".to_string(), |c| c.alpha2().to_string()),
            calendar.label(period).to_string(),
            claim.percent,
            claim.text.as_deref().unwrap_or("")
        );
    }
    println!();
    println!("KEY WINS");
    for win in &report.key_wins {
        println!(
            "  {:<9} {}",
            win.country
                .map_or("-".to_string(), |c| c.alpha2().to_string()),
            win.text
        );
    }
    Ok(())
}

/// The baselines a published growth allows, as a range of 2019/20 totals.
fn implied(
    claim: &GrowthClaim,
    current: u64,
    current_months: u32,
    rule: Rounding,
) -> Result<impact_metrics::growth::BaselineRange, impact_metrics::Error> {
    let baseline_months = claim
        .baseline
        .period()
        .map_or(current_months, |p| p.months());
    baselines_for(
        claim.percent,
        current,
        current_months,
        baseline_months,
        rule,
    )
}

/// The (channel, country, partner) columns of the breakdown, direct work
/// first, each in the order the figures first name it.
fn columns(figures: &impact_metrics::Dataset) -> Vec<(Channel, Country, Option<String>)> {
    let mut columns: Vec<(Channel, Country, Option<String>)> = Vec::new();
    for figure in figures {
        if let (Some(channel), Some(country)) = (figure.channel, figure.country) {
            if !columns
                .iter()
                .any(|(ch, c, _)| *ch == channel && *c == country)
            {
                columns.push((
                    channel,
                    country,
                    figure.partner.as_ref().map(|p| p.to_string()),
                ));
            }
        }
    }
    columns.sort_by_key(|(channel, _, _)| *channel);
    columns
}

fn series_place(country: Option<Country>, partner: Option<&str>) -> String {
    match (country, partner) {
        (Some(c), Some(p)) => format!("{} ({p})", c.name()),
        (Some(c), None) => c.name().to_string(),
        (None, Some(p)) => p.to_string(),
        (None, None) => "a series".to_string(),
    }
}

fn short(channel: Channel) -> &'static str {
    match channel {
        Channel::Direct => "direct",
        Channel::Joint => "joint",
        _ => "system",
    }
}

fn signed(n: i128) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}
