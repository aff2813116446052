//! The seed report: the figures of a six-month impact report, embedded.
//!
//! The crate was built from the six-month impact report of an
//! anti-trafficking charity for 1 September 2020 – 28 February 2021: the
//! first half ("H1") of its fiscal year 2020/21, which runs 1 September –
//! 31 August. [`h1_2020_21`] returns every figure it states, typed:
//!
//! - [`SeedReport::figures`]: the figures by country and channel (the
//!   report's "detail by strategy"), which its headline totals add up;
//! - [`SeedReport::headline`]: the headline totals as published, each with
//!   its "growth on 19/20 HY average";
//! - [`SeedReport::highlights`]: the figures stated in the text; they
//!   overlap the table (the UK's "20 victims rescued" are the table's 20)
//!   and each other, so they are kept apart and never added to it;
//! - [`SeedReport::growth_claims`] and [`SeedReport::key_wins`].
//!
//! Where the report's text had to be read rather than copied, the figure
//! is marked [`Basis::Interpreted`](crate::Basis::Interpreted) and its note says how it was read.
//!
//! ```
//! use impact_metrics::{Indicator, Value, seed};
//!
//! let report = seed::h1_2020_21()?;
//! assert_eq!(report.title, "6 Month Impact Report, 1 Sep 2020 - 28 Feb 2021");
//! assert_eq!(report.headline[0].indicator, Indicator::VICTIMS_REMOVED);
//! assert_eq!(report.headline[0].value, Value::Count(74)); // as the report prints it
//! # Ok::<(), impact_metrics::Error>(())
//! ```

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::Result;
use crate::figure::dataset::Dataset;
use crate::figure::observation::Observation;
use crate::figure::published::{Baseline, GrowthClaim, KeyWin, PublishedTotal};
use crate::figure::value::{Bound, Value};
use crate::indicator::{Catalogue, Indicator};
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;

/// The seed report's figures, typed. See the [module docs](self).
///
/// ```
/// use impact_metrics::seed;
/// let report = seed::h1_2020_21()?;
/// assert_eq!(report.calendar.label(report.period).to_string(), "20/21 H1");
/// assert_eq!(report.headline.len(), 8);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SeedReport {
    /// The report's title, as printed.
    pub title: &'static str,
    /// The organisation's fiscal calendar: years start 1 September.
    pub calendar: FiscalCalendar,
    /// The period reported on: 20/21 H1.
    pub period: Period,
    /// The year the growth figures compare against: 2019/20.
    pub baseline_year: Period,
    /// The figures by country and channel.
    pub figures: Dataset,
    /// The headline totals, in the report's order.
    pub headline: Vec<PublishedTotal>,
    /// The figures stated in the text, kept apart from [`Self::figures`].
    pub highlights: Dataset,
    /// Growth claims made in the text, apart from the headline's.
    pub growth_claims: Vec<GrowthClaim>,
    /// The qualitative results.
    pub key_wins: Vec<KeyWin>,
}

/// The seed report: 6 month impact report, 1 Sep 2020 – 28 Feb 2021.
///
/// # Errors
///
/// None in practice: the figures are fixed, and the tests build them. The
/// `Result` is there because building a period or a partner name is
/// fallible, and library code never panics.
///
/// ```
/// use impact_metrics::{seed, Country, Indicator, Query, Value};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator())?;
/// assert_eq!(table.row(Indicator::VICTIMS_REMOVED).map(|r| r.value), Some(Value::Count(74)));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn h1_2020_21() -> Result<SeedReport> {
    use Indicator as I;
    let calendar = FiscalCalendar::SEPTEMBER;
    let h1 = calendar.half(2020, 1)?;
    let q1 = calendar.quarter(2020, 1)?;
    let baseline_year = calendar.year(2019)?;
    let lockdown = calendar.half(2019, 2)?;
    let lift = Partner::new("LIFT International")?;
    let vihaan = Partner::new("Vihaan")?;

    let direct = |country: Country, indicator: Indicator, n: u64| {
        Observation::new(indicator, h1, Value::Count(n))
            .with_country(country)
            .with_channel(Channel::Direct)
    };
    let joint =
        |country: Country, partner: &Partner, period: Period, indicator: Indicator, n: u64| {
            Observation::new(indicator, period, Value::Count(n))
                .with_country(country)
                .with_channel(Channel::Joint)
                .with_partner(partner.clone())
        };

    let mut figures = Dataset::new(calendar, Catalogue::builtin());
    let table = [
        // Direct work: UK.
        direct(Country::GB, I::VICTIMS_REMOVED, 20),
        direct(Country::GB, I::SURVIVORS_CARED_FOR, 99),
        direct(Country::GB, I::SURVIVORS_REPATRIATED, 15),
        direct(Country::GB, I::ACCUSED_ARRESTED, 37),
        direct(Country::GB, I::PROSECUTIONS_SUPPORTED, 23),
        direct(Country::GB, I::EXPLOITERS_CONVICTED, 1),
        direct(Country::GB, I::PROFESSIONALS_TRAINED, 367),
        // Direct work: Bangladesh.
        direct(Country::BD, I::VICTIMS_REMOVED, 17),
        direct(Country::BD, I::SURVIVORS_CARED_FOR, 224),
        direct(Country::BD, I::SURVIVORS_REPATRIATED, 86),
        direct(Country::BD, I::PREVENTION_EDUCATION, 280),
        direct(Country::BD, I::ACCUSED_ARRESTED, 16),
        direct(Country::BD, I::PROSECUTIONS_SUPPORTED, 73),
        direct(Country::BD, I::PROFESSIONALS_TRAINED, 448),
        // Direct work: Romania has no table; its text gives one figure.
        direct(Country::RO, I::SURVIVORS_REPATRIATED, 2).with_interpretation(
            "the text says the team began \"repatriating a survivor and her daughter\"; read as 2",
        ),
        // Joint operations: Thailand, with LIFT International.
        joint(Country::TH, &lift, h1, I::VICTIMS_REMOVED, 37),
        joint(Country::TH, &lift, h1, I::SURVIVORS_CARED_FOR, 21),
        joint(Country::TH, &lift, h1, I::ACCUSED_ARRESTED, 32),
        joint(Country::TH, &lift, h1, I::PROSECUTIONS_SUPPORTED, 24),
        joint(Country::TH, &lift, h1, I::EXPLOITERS_CONVICTED, 24),
        joint(Country::TH, &lift, h1, I::PROFESSIONALS_TRAINED, 126),
        // Joint operations: India, with Vihaan: 20/21 Q1 only, "Q2 data awaited".
        joint(Country::IN, &vihaan, q1, I::SURVIVORS_CARED_FOR, 93).with_note("Q2 data awaited"),
        joint(Country::IN, &vihaan, q1, I::PREVENTION_EDUCATION, 203).with_note("Q2 data awaited"),
        joint(Country::IN, &vihaan, q1, I::PROSECUTIONS_SUPPORTED, 129)
            .with_note("Q2 data awaited"),
    ];
    for figure in table {
        figures.push(figure)?;
    }

    let growth_on_average =
        |percent: i64| GrowthClaim::new(percent.into(), Baseline::AverageOf(baseline_year));
    let headline = [
        (I::VICTIMS_REMOVED, 74, 32),
        (I::SURVIVORS_CARED_FOR, 437, 33),
        (I::SURVIVORS_REPATRIATED, 103, 274),
        (I::PREVENTION_EDUCATION, 483, 30),
        (I::ACCUSED_ARRESTED, 85, 45),
        (I::PROSECUTIONS_SUPPORTED, 249, 106),
        (I::EXPLOITERS_CONVICTED, 26, 205),
        (I::PROFESSIONALS_TRAINED, 941, 34),
    ]
    .into_iter()
    .map(|(indicator, total, percent)| {
        PublishedTotal::new(indicator, h1, Value::Count(total))
            .with_channels(&[Channel::Direct, Channel::Joint])
            .with_growth(growth_on_average(percent))
    })
    .collect();

    let mut highlights = Dataset::new(calendar, Catalogue::builtin());
    let text = [
        // UK.
        Observation::new(I::POLICE_ENGAGEMENT_RATE, h1, Value::Percent(82.into()))
            .with_country(Country::GB)
            .with_channel(Channel::Direct)
            .with_note("survivors supported by the Victim Navigator programme"),
        Observation::new(I::POLICE_ENGAGEMENT_RATE, h1, Value::Percent(33.into()))
            .with_country(Country::GB)
            .with_note("survivors nationally: a comparison, not the charity's work"),
        direct(Country::GB, I::ACCUSED_CHARGED, 22),
        direct(Country::GB, I::VICTIMS_REMOVED, 20).with_note("\"20 victims rescued\": the table's 20"),
        direct(Country::GB, I::ACCUSED_ARRESTED, 6)
            .with_note("across the UK and Poland, in one joint investigation with a Navigator's support"),
        // Bangladesh.
        Observation::new(I::RE_TRAFFICKING_RATE, h1, Value::Percent(0.into()))
            .with_country(Country::BD)
            .with_channel(Channel::Direct)
            .with_note("among supported survivors"),
        direct(Country::BD, I::SURVIVORS_REINTEGRATED, 32)
            .with_note("reaching an advanced stage of recovery and reintegration"),
        direct(Country::BD, I::SURVIVORS_LIVELIHOOD, 24),
        Observation::new(
            I::INCOME_RISE_RATE,
            h1,
            Value::Ratio {
                numerator: 11,
                denominator: 24,
            },
        )
        .with_country(Country::BD)
        .with_channel(Channel::Direct)
        .with_note("11 of the 24 survivors helped into work saw household income rise by more than 30%"),
        direct(Country::BD, I::PEOPLE_REACHED_INDIRECT, 1_300_000)
            .with_bound(Bound::MoreThan)
            .with_note("by a TV commercial; indirect, unlike prevention education"),
        direct(Country::BD, I::VICTIMS_REMOVED, 17).with_note("\"17 victims rescued\": the table's 17"),
        direct(Country::BD, I::CHILDREN_REMOVED, 6).with_note("six of the 17 victims rescued were children"),
        // India.
        joint(Country::IN, &vihaan, h1, I::SURVIVORS_REINTEGRATED, 7)
            .with_note("reaching a stable point of reintegration"),
        // Systemic change.
        Observation::new(I::VICTIMS_ESTIMATED, h1, Value::Count(100_000))
            .with_country(Country::GB)
            .with_channel(Channel::Systemic)
            .with_bound(Bound::MoreThan)
            .with_note("estimated by the policy unit's report \"It Still Happens Here\""),
        Observation::new(I::RECOMMENDATIONS_MADE, h1, Value::Count(16))
            .with_country(Country::GB)
            .with_channel(Channel::Systemic),
        Observation::new(I::AUDIENCE_REACHED, h1, Value::Count(8_000_000))
            .with_country(Country::GB)
            .with_channel(Channel::Systemic)
            .with_bound(Bound::MoreThan),
        Observation::new(I::CASE_BACKLOG, h1, Value::Count(4_500))
            .with_country(Country::BD)
            .with_channel(Channel::Systemic)
            .with_note("the backlog the government invited the charity to analyse"),
        // COVID-19 response, across Bangladesh, India, Thailand, Romania and the UK.
        Observation::new(I::SURVIVOR_HOUSEHOLDS_SUPPLIED, h1, Value::Count(308))
            .with_interpretation("across five countries; the report does not date it, placed in the report's period"),
        Observation::new(I::AT_RISK_HOUSEHOLDS_SUPPLIED, h1, Value::Count(120))
            .with_interpretation("across five countries; the report does not date it, placed in the report's period"),
        Observation::new(I::INDIVIDUALS_SUPPLIED, h1, Value::Count(2_000))
            .with_bound(Bound::MoreThan)
            .with_interpretation("the 428 households' members; the report does not date it, placed in the report's period"),
        direct(Country::BD, I::ACCUSED_ARRESTED, 10)
            .with_period(lockdown)
            .with_bound(Bound::AtLeast)
            .with_interpretation("in the first lockdown (spring 2020), placed in 19/20 H2, which it falls in"),
        direct(Country::GB, I::ACCUSED_ARRESTED, 28)
            .with_period(lockdown)
            .with_bound(Bound::AtLeast)
            .with_interpretation("in the first lockdown (spring 2020), placed in 19/20 H2, which it falls in"),
        joint(Country::TH, &lift, lockdown, I::ACCUSED_ARRESTED, 23)
            .with_bound(Bound::AtLeast)
            .with_interpretation("in the first lockdown (spring 2020), placed in 19/20 H2, which it falls in"),
        direct(Country::GB, I::VICTIMS_REMOVED, 13)
            .with_period(lockdown)
            .with_bound(Bound::AtLeast)
            .with_interpretation("rescues in the first lockdown (spring 2020), placed in 19/20 H2, which it falls in"),
        joint(Country::TH, &lift, lockdown, I::VICTIMS_REMOVED, 22)
            .with_bound(Bound::AtLeast)
            .with_interpretation("rescues in the first lockdown (spring 2020), placed in 19/20 H2, which it falls in"),
        direct(Country::BD, I::FOLLOW_UP_CALLS, 8_262).with_note("over six months"),
        direct(Country::BD, I::SURVIVORS_FOLLOWED_UP, 300).with_bound(Bound::MoreThan),
        direct(Country::BD, I::HOMES_REBUILT, 21)
            .with_interpretation("after a cyclone; the report does not date it, placed in the report's period"),
    ];
    for figure in text {
        highlights.push(figure)?;
    }

    let growth_claims = vec![
        GrowthClaim::new(47.into(), Baseline::Unspecified)
            .with_indicator(I::ACCUSED_ARRESTED)
            .with_country(Country::TH)
            .with_partner(lift.clone())
            .with_text("47% increase in average arrests of exploiters"),
        GrowthClaim::new(16.into(), Baseline::Unspecified)
            .with_indicator(I::EXPLOITERS_CONVICTED)
            .with_country(Country::TH)
            .with_partner(lift)
            .with_text("16% increase in convictions achieved"),
    ];

    let systemic = Some(Channel::Systemic);
    let key_wins = vec![
        KeyWin::new(
            systemic,
            Some(Country::GB),
            "UK Government acknowledges scale of slavery may be 10 times higher than their estimates, \
             as demonstrated in the 2020 \"It Still Happens Here\" report",
        ),
        KeyWin::new(
            systemic,
            Some(Country::RO),
            "Law regarding child exploitation cases corrected through advocacy in Romania",
        ),
        KeyWin::new(
            systemic,
            Some(Country::BD),
            "Requested by the Government of Bangladesh to assist in analysing and tackling its vast backlog \
             of human trafficking cases",
        ),
        KeyWin::new(
            systemic,
            Some(Country::GB),
            "A new victim-centric multi-agency operating model planned by the UK Home Office for Border Force \
             in Essex, with a Navigator at the centre",
        ),
        KeyWin::new(
            systemic,
            Some(Country::IN),
            "Guidelines distributed to all police in the state of Karnataka on handling child trafficking cases",
        ),
        KeyWin::new(
            systemic,
            Some(Country::TH),
            "Work with the Thai Government to enact anti-grooming laws, with early progress achieved",
        ),
        KeyWin::new(
            Some(Channel::Direct),
            Some(Country::GB),
            "First conviction of an exploiter through the UK Navigator programme, which also won a national \
             Third Sector Breakthrough Award",
        ),
    ];

    Ok(SeedReport {
        title: "6 Month Impact Report, 1 Sep 2020 - 28 Feb 2021",
        calendar,
        period: h1,
        baseline_year,
        figures,
        headline,
        highlights,
        growth_claims,
        key_wins,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::observation::Basis;

    #[test]
    fn every_figure_is_accepted() {
        let report = h1_2020_21().unwrap();
        // FIGURES.md "By country and strategy channel": 24 cells have a figure.
        assert_eq!(report.figures.len(), 24);
        assert_eq!(
            report
                .figures
                .iter()
                .filter(|f| f.basis == Basis::Interpreted)
                .count(),
            1
        );
    }
}
