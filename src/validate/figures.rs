//! Rules on one figure at a time: rates, periods and where an indicator
//! belongs. The checks a dataset makes before it takes a record are
//! [`Dataset::refusals`](crate::Dataset::refusals).

use rust_decimal::Decimal;

use crate::figure::observation::Observation;
use crate::figure::value::Value;

use super::{Context, about};
use crate::findings::Finding;
use crate::rules::RuleId;

/// The rules on each figure of the dataset.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (index, figure) in cx.figures().iter().enumerate() {
        rate(cx, index, figure, out);
        as_of(cx, index, figure, out);
        placement(cx, index, figure, out);
    }
}

fn rate(cx: &Context<'_>, index: usize, figure: &Observation, out: &mut Vec<Finding>) {
    match figure.value {
        Value::Ratio {
            numerator,
            denominator,
        } if numerator > denominator => out.push(about(
            cx,
            index,
            RuleId::RATE_NUMERATOR_ABOVE_DENOMINATOR,
            format!(
                "{}: the numerator {numerator} is above the denominator {denominator}; \
                 a rate counts part of a whole (check whether the two were swapped)",
                cx.describe(figure)
            ),
        )),
        Value::Ratio {
            numerator: 0,
            denominator: 0,
        } => out.push(about(
            cx,
            index,
            RuleId::RATE_ZERO_DENOMINATOR,
            format!(
                "{}: a rate of 0 out of 0 is undefined; leave the figure out or give its denominator",
                cx.describe(figure)
            ),
        )),
        Value::Percent(percent) if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED => {
            out.push(about(
                cx,
                index,
                RuleId::RATE_PERCENT_OUT_OF_RANGE,
                format!(
                    "{}: a percentage of people lies between 0% and 100%, not {percent}%",
                    cx.describe(figure)
                ),
            ))
        }
        _ => {}
    }
}

fn as_of(cx: &Context<'_>, index: usize, figure: &Observation, out: &mut Vec<Finding>) {
    let Some(date) = cx.validator().as_of() else {
        return;
    };
    let last = figure.period.last_day();
    if last > date {
        out.push(
            about(
                cx,
                index,
                RuleId::PERIOD_AFTER_AS_OF,
                format!(
                    "{}: the period ends on {last}, after the figures' \"as of\" date {date}; \
                     it counts days that had not happened (a wrong period, or a forecast)",
                    cx.describe(figure)
                ),
            )
            .with_value("ends", last)
            .with_value("as of", date),
        );
    }
}

fn placement(cx: &Context<'_>, index: usize, figure: &Observation, out: &mut Vec<Finding>) {
    let Some(def) = cx.catalogue().get(figure.indicator) else {
        return;
    };
    if let Some(channel) = figure.channel {
        if !def.allows_channel(channel) {
            let allowed: Vec<&str> = def.channels.iter().map(|c| c.name()).collect();
            out.push(about(
                cx,
                index,
                RuleId::CATALOGUE_CHANNEL_NOT_ALLOWED,
                format!(
                    "{}: the catalogue puts {} under {} only, not {}",
                    cx.describe(figure),
                    def.code,
                    allowed.join(", ").to_lowercase(),
                    channel.name().to_lowercase()
                ),
            ));
        }
    }
    if let Some(country) = figure.country {
        if !def.allows_country(country) {
            let allowed: Vec<String> = def.countries.iter().map(|c| c.to_string()).collect();
            out.push(about(
                cx,
                index,
                RuleId::CATALOGUE_COUNTRY_NOT_ALLOWED,
                format!(
                    "{}: the catalogue has {} for {} only, not {} ({})",
                    cx.describe(figure),
                    def.code,
                    allowed.join(", "),
                    country,
                    country.name()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::{
        Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, IndicatorDef, Location,
        Observation, Partner, Severity, Theme, Unit, Validator, Value, YearLabel,
    };

    fn h1() -> crate::Period {
        FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap()
    }

    fn one(figure: Observation) -> Dataset {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        data.push(figure).unwrap();
        data
    }

    fn rate(numerator: u64, denominator: u64) -> Observation {
        Observation::new(
            Indicator::RE_TRAFFICKING_RATE,
            h1(),
            Value::Ratio {
                numerator,
                denominator,
            },
        )
    }

    #[test]
    fn numerator_above_denominator_fires_and_stays_quiet() {
        let found = Validator::new().validate(&one(rate(5, 3)));
        let finding = found
            .by_rule("rate.numerator_above_denominator")
            .next()
            .unwrap();
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(finding.location.record, Some(0));
        assert!(
            finding.message.contains("numerator 5"),
            "{}",
            finding.message
        );
        // Equal parts (100%) and a zero numerator are fine.
        for (n, d) in [(3, 3), (0, 40), (11, 24)] {
            assert!(
                Validator::new()
                    .validate(&one(rate(n, d)))
                    .at_least(Severity::Warning)
                    .is_empty(),
                "{n}/{d}"
            );
        }
    }

    #[test]
    fn zero_over_zero_is_a_warning() {
        let found = Validator::new().validate(&one(rate(0, 0)));
        assert_eq!(found.by_rule("rate.zero_denominator").count(), 1);
        assert_eq!(found.worst(), Some(Severity::Warning));
    }

    #[test]
    fn percent_out_of_range_fires_and_stays_quiet() {
        let percent = |p: Decimal| {
            Observation::new(Indicator::POLICE_ENGAGEMENT_RATE, h1(), Value::Percent(p))
        };
        use rust_decimal::Decimal;
        for bad in [Decimal::new(1001, 1), Decimal::from(-1), Decimal::from(250)] {
            let found = Validator::new().validate(&one(percent(bad)));
            assert_eq!(
                found.by_rule("rate.percent_out_of_range").count(),
                1,
                "{bad}"
            );
        }
        for good in [Decimal::ZERO, Decimal::from(82), Decimal::ONE_HUNDRED] {
            assert!(
                Validator::new()
                    .validate(&one(percent(good)))
                    .at_least(Severity::Warning)
                    .is_empty(),
                "{good}"
            );
        }
    }

    #[test]
    fn after_as_of_fires_and_stays_quiet() {
        let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20));
        // 20/21 H1 ends on 28 February 2021.
        let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let early = Validator::new()
            .with_as_of(day(2, 27))
            .validate(&one(figure.clone()));
        let finding = early.by_rule("period.after_as_of").next().unwrap();
        assert!(
            finding
                .values
                .contains(&("ends".into(), "2021-02-28".into())),
            "{finding:?}"
        );
        assert!(
            Validator::new()
                .with_as_of(day(2, 28))
                .validate(&one(figure.clone()))
                .at_least(Severity::Warning)
                .is_empty()
        );
        // Without an "as of" date the rule has nothing to compare with.
        assert!(
            Validator::new()
                .validate(&one(figure))
                .at_least(Severity::Warning)
                .is_empty()
        );
    }

    fn partner_only() -> (Catalogue, Indicator) {
        let mut catalogue = Catalogue::builtin();
        let code = Indicator::new("lift.safehouse_nights").unwrap();
        catalogue
            .define(
                IndicatorDef::count(
                    code,
                    "Safe-house nights",
                    Theme::SavingLives,
                    Unit::Other("nights".into()),
                )
                .with_channels(&[Channel::Joint])
                .with_countries(&[Country::TH]),
            )
            .unwrap();
        (catalogue, code)
    }

    #[test]
    fn placement_fires_for_a_partner_only_indicator_under_direct_work() {
        let (catalogue, code) = partner_only();
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, catalogue);
        data.push_at(
            Observation::new(code, h1(), Value::Count(40))
                .with_country(Country::GB)
                .with_channel(Channel::Direct),
            Location::in_file("uk.csv").with_line(4),
        )
        .unwrap();
        let found = Validator::new().validate(&data);
        let channel = found
            .by_rule("catalogue.channel_not_allowed")
            .next()
            .unwrap();
        assert_eq!(channel.location.to_string(), "uk.csv:4 (figure #0)");
        assert!(
            channel
                .message
                .contains("joint operations only, not direct work"),
            "{}",
            channel.message
        );
        assert_eq!(found.by_rule("catalogue.country_not_allowed").count(), 1);
    }

    #[test]
    fn placement_stays_quiet_where_the_indicator_belongs() {
        let (catalogue, code) = partner_only();
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, catalogue);
        data.push(
            Observation::new(code, h1(), Value::Count(40))
                .with_country(Country::TH)
                .with_channel(Channel::Joint)
                .with_partner(Partner::new("LIFT International").unwrap()),
        )
        .unwrap();
        // No channel and no country say nothing against the catalogue.
        data.push(Observation::new(
            code,
            FiscalCalendar::SEPTEMBER.half(2020, 2).unwrap(),
            Value::Count(4),
        ))
        .unwrap();
        assert!(
            Validator::new()
                .validate(&data)
                .at_least(Severity::Warning)
                .is_empty()
        );
    }

    #[test]
    fn admit_reports_each_refused_record_and_keeps_the_rest() {
        let april = FiscalCalendar::new(4, YearLabel::Span).unwrap();
        let records = vec![
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20)),
            Observation::new(Indicator::new("x.unknown").unwrap(), h1(), Value::Count(1)),
            Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), Value::Count(0)),
            Observation::new(
                Indicator::VICTIMS_REMOVED,
                april.quarter(2020, 1).unwrap(),
                Value::Count(3),
            ),
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(37))
                .with_channel(Channel::Joint),
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(2))
                .with_channel(Channel::Direct)
                .with_partner(Partner::new("Vihaan").unwrap()),
            rate(9, 4),
        ];
        let located = records
            .into_iter()
            .enumerate()
            .map(|(i, r)| (r, Location::in_file("in.csv").with_line(i as u64 + 2)));
        let (data, found) =
            Validator::new().admit(FiscalCalendar::SEPTEMBER, Catalogue::builtin(), located);
        assert_eq!(data.len(), 2);
        let at = |rule: &str| -> Vec<String> {
            found
                .by_rule(rule)
                .map(|f| f.location.to_string())
                .collect()
        };
        assert_eq!(at("figure.unknown_indicator"), ["in.csv:3 (figure #1)"]);
        assert_eq!(at("figure.wrong_measure"), ["in.csv:4 (figure #2)"]);
        assert_eq!(at("period.calendar"), ["in.csv:5 (figure #3)"]);
        assert_eq!(
            at("figure.partner"),
            ["in.csv:6 (figure #4)", "in.csv:7 (figure #5)"]
        );
        // The admitted rate is the dataset's second figure, the records' seventh.
        assert_eq!(
            at("rate.numerator_above_denominator"),
            ["in.csv:8 (figure #6)"]
        );
    }

    #[test]
    fn a_refused_record_is_counted_even_when_its_rule_is_off() {
        let april = FiscalCalendar::new(4, YearLabel::Span).unwrap();
        let record = Observation::new(
            Indicator::VICTIMS_REMOVED,
            april.quarter(2020, 1).unwrap(),
            Value::Count(3),
        );
        let (data, found) = Validator::new().disable("period.calendar").unwrap().admit(
            FiscalCalendar::SEPTEMBER,
            Catalogue::builtin(),
            [(record, Location::none())],
        );
        assert!(data.is_empty());
        assert_eq!(found.by_rule("period.calendar").count(), 0);
        let hidden: Vec<String> = found
            .by_rule("config.hidden")
            .map(|f| f.to_string())
            .collect();
        assert_eq!(
            hidden,
            [
                "warning[config.hidden] 1 error about figures left out of the dataset not shown, \
              because the settings disable their rules: period.calendar (1)"
            ]
        );
    }
}
