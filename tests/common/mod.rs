//! Helpers shared by the tests: a summary of a report's findings, and the
//! property-test generators in [`strategies`].
#![allow(dead_code)]

pub mod strategies;

use impact_metrics::Findings;

/// Each finding as `severity rule line column`.
pub fn brief(report: &Findings) -> Vec<String> {
    report
        .findings()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f.severity,
                f.rule,
                f.location.line.map_or("-".to_string(), |l| l.to_string()),
                f.location.column.as_deref().unwrap_or("-")
            )
        })
        .collect()
}
