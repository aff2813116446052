//! Strategy channels and partner organisations.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// How a piece of work was done: the charity's strategy channel.
///
/// The order is the order in which the report presents the channels:
/// direct work, then joint operations, then systemic change.
///
/// `Display` writes the stable code (`direct`, `joint`, `systemic`) and
/// `FromStr` reads it back; `FromStr` also accepts the names a report prints
/// ("Direct work", "Joint operations", "Systemic change"), in any case.
///
/// ```
/// use impact_metrics::Channel;
///
/// let joint: Channel = "Joint operations".parse()?;
/// assert_eq!(joint, Channel::Joint);
/// assert_eq!(joint.to_string(), "joint");
/// assert_eq!(joint.name(), "Joint operations");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Channel {
    /// The charity's own teams (the report's UK, Romania and Bangladesh).
    Direct,
    /// Joint operations with a partner organisation (the report's Thailand,
    /// with LIFT International, and India, with Vihaan).
    Joint,
    /// Systemic change: policy and advocacy work that changes how
    /// governments and agencies fight the crime.
    Systemic,
}

impl Channel {
    /// Every channel, in the report's order.
    ///
    /// ```
    /// use impact_metrics::Channel;
    /// assert_eq!(Channel::ALL.len(), 3);
    /// ```
    pub const ALL: [Channel; 3] = [Channel::Direct, Channel::Joint, Channel::Systemic];

    /// The stable machine code: `direct`, `joint` or `systemic`.
    ///
    /// ```
    /// use impact_metrics::Channel;
    /// assert_eq!(Channel::Systemic.code(), "systemic");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Channel::Direct => "direct",
            Channel::Joint => "joint",
            Channel::Systemic => "systemic",
        }
    }

    /// The name as a report prints it.
    ///
    /// ```
    /// use impact_metrics::Channel;
    /// assert_eq!(Channel::Direct.name(), "Direct work");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Channel::Direct => "Direct work",
            Channel::Joint => "Joint operations",
            Channel::Systemic => "Systemic change",
        }
    }

    /// Whether figures of this channel belong to a partner organisation.
    ///
    /// ```
    /// use impact_metrics::Channel;
    /// assert!(Channel::Joint.has_partner());
    /// assert!(!Channel::Direct.has_partner());
    /// ```
    #[must_use]
    pub fn has_partner(self) -> bool {
        matches!(self, Channel::Joint)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Channel {
    type Err = Error;

    /// Reads a channel from its code or its printed name.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownChannel`] when the text is none of `direct`,
    /// `direct work`, `joint`, `joint operation(s)`, `systemic`,
    /// `systemic change` (any case, surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Channel> {
        let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match folded.to_ascii_lowercase().as_str() {
            "direct" | "direct work" => Ok(Channel::Direct),
            "joint" | "joint operation" | "joint operations" => Ok(Channel::Joint),
            "systemic" | "systemic change" => Ok(Channel::Systemic),
            _ => Err(Error::UnknownChannel {
                input: s.to_string(),
            }),
        }
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The name of a partner organisation that a joint operation works with.
///
/// A name is kept as written, with surrounding spaces removed and inner runs
/// of white space folded to one space. Two names are the same partner when
/// they are equal after that folding (case matters: "LIFT International" is
/// not "Lift International"; a catalogue of partners is the place to merge
/// spellings).
///
/// ```
/// use impact_metrics::Partner;
///
/// let lift = Partner::new("  LIFT   International ")?;
/// assert_eq!(lift.as_str(), "LIFT International");
/// assert_eq!(lift, "LIFT International".parse()?);
/// assert!(Partner::new("   ").is_err());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// A name is held once and shared: cloning a partner copies a pointer, not
/// the text, so a dataset can hand out many figures of one partner cheaply.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Partner(Arc<str>);

impl Partner {
    /// The longest name accepted, in characters.
    pub const MAX_LEN: usize = 200;

    /// Makes a partner name from text.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPartner`] when the name is empty after trimming, is
    /// longer than [`Partner::MAX_LEN`] characters, or contains a control
    /// character.
    ///
    /// ```
    /// use impact_metrics::Partner;
    /// assert_eq!(Partner::new("Vihaan")?.as_str(), "Vihaan");
    /// assert_eq!(
    ///     Partner::new("").unwrap_err().to_string(),
    ///     r#"invalid partner name "": the name is empty"#
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn new(name: &str) -> Result<Partner> {
        let refuse = |reason| Error::InvalidPartner {
            input: name.to_string(),
            reason,
        };
        if name.chars().any(char::is_control) {
            return Err(refuse("the name contains a control character"));
        }
        let folded = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(refuse("the name is empty"));
        }
        if folded.chars().count() > Partner::MAX_LEN {
            return Err(refuse("the name is longer than 200 characters"));
        }
        Ok(Partner(Arc::from(folded)))
    }

    /// The name.
    ///
    /// ```
    /// use impact_metrics::Partner;
    /// assert_eq!(Partner::new("Vihaan")?.as_str(), "Vihaan");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Partner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for Partner {
    type Err = Error;

    /// The same as [`Partner::new`].
    fn from_str(s: &str) -> Result<Partner> {
        Partner::new(s)
    }
}

impl Serialize for Partner {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Partner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Partner::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn channel_names_and_codes_parse() {
        let cases = [
            ("direct", Channel::Direct),
            ("Direct work", Channel::Direct),
            ("  JOINT  ", Channel::Joint),
            ("joint operation", Channel::Joint),
            ("Joint   Operations", Channel::Joint),
            ("systemic", Channel::Systemic),
            ("Systemic change", Channel::Systemic),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<Channel>(), Ok(want), "input {text:?}");
        }
    }

    #[test]
    fn unknown_channel_is_refused_with_its_text() {
        let err = "partner".parse::<Channel>().unwrap_err();
        assert_eq!(err.to_string(), r#"unknown strategy channel "partner""#);
    }

    #[test]
    fn channel_serde_uses_the_code() {
        let json = serde_json::to_string(&Channel::Joint).unwrap();
        assert_eq!(json, r#""joint""#);
        let back: Channel = serde_json::from_str(r#""Systemic change""#).unwrap();
        assert_eq!(back, Channel::Systemic);
        assert!(serde_json::from_str::<Channel>(r#""other""#).is_err());
    }

    #[test]
    fn partner_names_are_checked() {
        assert_eq!(
            Partner::new("a\u{0}b").unwrap_err().to_string(),
            "invalid partner name \"a\\0b\": the name contains a control character"
        );
        let long = "x".repeat(201);
        assert!(Partner::new(&long).is_err());
        assert!(Partner::new(&"x".repeat(200)).is_ok());
        let json = serde_json::to_string(&Partner::new("LIFT International").unwrap()).unwrap();
        assert_eq!(json, r#""LIFT International""#);
    }

    proptest! {
        #[test]
        fn channel_display_round_trips(i in 0usize..3) {
            let channel = Channel::ALL[i];
            prop_assert_eq!(channel.to_string().parse::<Channel>(), Ok(channel));
            prop_assert_eq!(channel.name().parse::<Channel>(), Ok(channel));
        }

        #[test]
        fn partner_display_round_trips(name in "[A-Za-z][A-Za-z ]{0,40}") {
            let partner = Partner::new(&name).unwrap();
            prop_assert_eq!(partner.to_string().parse::<Partner>(), Ok(partner.clone()));
        }
    }
}
