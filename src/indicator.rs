//! Indicators: what is counted, and the catalogue that describes them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::channel::Channel;
use crate::country::Country;
use crate::error::{Error, Result};
use crate::hash::FastMap;

/// The longest indicator code, in bytes.
const MAX_CODE_LEN: usize = 48;

/// The stable code of an indicator, such as `victims_removed`.
///
/// An `Indicator` is a small `Copy` value: the key that figures are filed
/// under. What the indicator means (its printed name, theme, unit, how it
/// aggregates) lives in its [`IndicatorDef`], found through a [`Catalogue`].
/// The built-in indicators have constants (`Indicator::VICTIMS_REMOVED`,
/// ...); a partner's own indicators are made with [`Indicator::new`] or
/// parsed, and defined in a catalogue with [`Catalogue::define`].
///
/// A code is 1 to 48 bytes of lowercase ASCII letters, digits, `_`, `-` and
/// `.`, starting with a letter. By convention a partner's codes carry a
/// prefix and a dot (`lift.safehouse_nights`), so they never clash with the
/// built-in ones.
///
/// `Ord` is the order of the codes, for use as a map key; a catalogue keeps
/// the order a report presents its indicators in.
///
/// ```
/// use impact_metrics::Indicator;
///
/// let code: Indicator = "victims_removed".parse()?;
/// assert_eq!(code, Indicator::VICTIMS_REMOVED);
/// assert_eq!(code.to_string(), "victims_removed");
/// assert!("Victims removed".parse::<Indicator>().is_err()); // a name, not a code
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Eq)]
pub struct Indicator {
    len: u8,
    /// The code, then zeros: every indicator is made by
    /// [`Indicator::from_static`].
    bytes: [u8; MAX_CODE_LEN],
}

macro_rules! builtin_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal;)*) => {
        impl Indicator {
            $(
                $(#[$doc])*
                pub const $name: Indicator = Indicator::from_static($code);
            )*
        }
    };
}

builtin_codes! {
    /// `victims_removed`: victims removed from exploitation.
    VICTIMS_REMOVED = "victims_removed";
    /// `children_removed`: children among the victims removed from exploitation.
    CHILDREN_REMOVED = "children_removed";
    /// `survivors_cared_for`: survivors cared for.
    SURVIVORS_CARED_FOR = "survivors_cared_for";
    /// `survivors_repatriated`: survivors repatriated.
    SURVIVORS_REPATRIATED = "survivors_repatriated";
    /// `prevention_education`: vulnerable people receiving prevention education (direct).
    PREVENTION_EDUCATION = "prevention_education";
    /// `people_reached_indirect`: people reached indirectly by awareness messages.
    PEOPLE_REACHED_INDIRECT = "people_reached_indirect";
    /// `survivors_reintegrated`: survivors reaching a stable or advanced stage of reintegration.
    SURVIVORS_REINTEGRATED = "survivors_reintegrated";
    /// `survivors_livelihood`: survivors helped into small business, jobs or vocational training.
    SURVIVORS_LIVELIHOOD = "survivors_livelihood";
    /// `income_rise_rate`: the share of survivors in livelihood support whose household income rose by more than 30%.
    INCOME_RISE_RATE = "income_rise_rate";
    /// `re_trafficking_rate`: the share of supported survivors trafficked again.
    RE_TRAFFICKING_RATE = "re_trafficking_rate";
    /// `survivor_households_supplied`: survivor households given emergency supplies.
    SURVIVOR_HOUSEHOLDS_SUPPLIED = "survivor_households_supplied";
    /// `at_risk_households_supplied`: highly at-risk households given emergency supplies.
    AT_RISK_HOUSEHOLDS_SUPPLIED = "at_risk_households_supplied";
    /// `individuals_supplied`: individuals in the households given emergency supplies.
    INDIVIDUALS_SUPPLIED = "individuals_supplied";
    /// `follow_up_calls`: phone follow-ups with survivors.
    FOLLOW_UP_CALLS = "follow_up_calls";
    /// `survivors_followed_up`: survivors reached by phone follow-ups.
    SURVIVORS_FOLLOWED_UP = "survivors_followed_up";
    /// `homes_rebuilt`: survivors helped to rebuild their homes.
    HOMES_REBUILT = "homes_rebuilt";
    /// `accused_arrested`: accused traffickers arrested.
    ACCUSED_ARRESTED = "accused_arrested";
    /// `accused_charged`: accused exploiters against whom charges were approved.
    ACCUSED_CHARGED = "accused_charged";
    /// `prosecutions_supported`: prosecutions of exploiters supported.
    PROSECUTIONS_SUPPORTED = "prosecutions_supported";
    /// `exploiters_convicted`: exploiters convicted.
    EXPLOITERS_CONVICTED = "exploiters_convicted";
    /// `professionals_trained`: frontline professionals trained.
    PROFESSIONALS_TRAINED = "professionals_trained";
    /// `police_engagement_rate`: the share of supported survivors engaging with police investigations.
    POLICE_ENGAGEMENT_RATE = "police_engagement_rate";
    /// `victims_estimated`: the estimated number of victims of slavery in a country.
    VICTIMS_ESTIMATED = "victims_estimated";
    /// `recommendations_made`: recommendations made to a government.
    RECOMMENDATIONS_MADE = "recommendations_made";
    /// `audience_reached`: the audience a published report reached.
    AUDIENCE_REACHED = "audience_reached";
    /// `case_backlog`: trafficking cases waiting in a country's courts.
    CASE_BACKLOG = "case_backlog";
}

impl Indicator {
    /// Makes an indicator code from text.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndicatorCode`] when the text is empty, longer than
    /// 48 bytes, does not start with a lowercase ASCII letter, or holds a
    /// byte other than `a-z`, `0-9`, `_`, `-` and `.`.
    ///
    /// ```
    /// use impact_metrics::Indicator;
    ///
    /// let own = Indicator::new("lift.safehouse_nights")?;
    /// assert_eq!(own.as_str(), "lift.safehouse_nights");
    /// assert_eq!(
    ///     Indicator::new("Victims").unwrap_err().to_string(),
    ///     r#"invalid indicator code "Victims": a code starts with a lowercase letter a-z"#
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn new(code: &str) -> Result<Indicator> {
        let refuse = |reason| Error::InvalidIndicatorCode {
            input: code.to_string(),
            reason,
        };
        let raw = code.as_bytes();
        match raw.first() {
            None => return Err(refuse("a code is not empty")),
            Some(b) if !b.is_ascii_lowercase() => {
                return Err(refuse("a code starts with a lowercase letter a-z"));
            }
            Some(_) => {}
        }
        if raw.len() > MAX_CODE_LEN {
            return Err(refuse("a code is at most 48 bytes long"));
        }
        if !raw.iter().all(|&b| is_code_byte(b)) {
            return Err(refuse(
                "a code holds only lowercase letters, digits, '_', '-' and '.'",
            ));
        }
        Ok(Indicator::from_static(code))
    }

    /// Copies a code known to be valid (the built-in constants) into place.
    /// Bytes past the limit are not copied; the tests check that every
    /// built-in code passes [`Indicator::new`].
    // Indexing is the only way to copy bytes in a `const fn`; the loop
    // condition keeps `i` below both lengths.
    #[allow(clippy::indexing_slicing)]
    const fn from_static(code: &str) -> Indicator {
        let raw = code.as_bytes();
        let mut bytes = [0u8; MAX_CODE_LEN];
        let mut i = 0;
        while i < raw.len() && i < MAX_CODE_LEN {
            bytes[i] = raw[i];
            i += 1;
        }
        Indicator {
            len: i as u8,
            bytes,
        }
    }

    /// The code as text.
    ///
    /// ```
    /// use impact_metrics::Indicator;
    /// assert_eq!(Indicator::EXPLOITERS_CONVICTED.as_str(), "exploiters_convicted");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        let used = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        // Every byte was checked to be ASCII when the code was made.
        std::str::from_utf8(used).unwrap_or("")
    }
}

fn is_code_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq for Indicator {
    /// The same code. The bytes after a code are zeros, so two codes are
    /// the same when all their bytes are: compared eight at a time in
    /// line (a figure's indicator is compared with its group's on every
    /// figure added), not by a call of the C library's comparison.
    fn eq(&self, other: &Indicator) -> bool {
        let word = |bytes: &[u8]| <[u8; 8]>::try_from(bytes).ok().map(u64::from_le_bytes);
        self.len == other.len
            && self
                .bytes
                .chunks_exact(8)
                .zip(other.bytes.chunks_exact(8))
                .all(|(a, b)| word(a) == word(b))
    }
}

impl std::hash::Hash for Indicator {
    /// Hashes the code's text only, not the unused bytes after it.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Ord for Indicator {
    fn cmp(&self, other: &Indicator) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Indicator {
    fn partial_cmp(&self, other: &Indicator) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Indicator({})", self.as_str())
    }
}

impl FromStr for Indicator {
    type Err = Error;

    /// The same as [`Indicator::new`]. To accept printed names as well, use
    /// [`Catalogue::resolve`].
    fn from_str(s: &str) -> Result<Indicator> {
        Indicator::new(s)
    }
}

impl Serialize for Indicator {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Indicator {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Indicator::new(&text).map_err(serde::de::Error::custom)
    }
}

/// The area of impact an indicator reports on.
///
/// ```
/// use impact_metrics::Theme;
/// assert_eq!(Theme::SavingLives.name(), "Saving lives");
/// assert_eq!(Theme::Other("Aftercare".into()).name(), "Aftercare");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Theme {
    /// Rescue, care, repatriation, prevention.
    SavingLives,
    /// Arrests, prosecutions, convictions, training of the professionals who
    /// make them.
    ProsecutingCriminals,
    /// Changes in law, policy and practice.
    SystemicChange,
    /// A theme of a partner's own.
    Other(String),
}

impl Theme {
    /// The theme's name as a report prints it.
    ///
    /// ```
    /// use impact_metrics::Theme;
    /// assert_eq!(Theme::ProsecutingCriminals.name(), "Prosecuting criminals");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Theme::SavingLives => "Saving lives",
            Theme::ProsecutingCriminals => "Prosecuting criminals",
            Theme::SystemicChange => "Systemic change",
            Theme::Other(name) => name,
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// What one unit of an indicator's figures is.
///
/// For a rate, the unit is that of its numerator and denominator (a
/// re-trafficking rate is a share of people).
///
/// ```
/// use impact_metrics::Unit;
/// assert_eq!(Unit::Households.name(), "households");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// People: victims, survivors, suspects, professionals, audiences.
    People,
    /// Court or investigation cases.
    Cases,
    /// Households.
    Households,
    /// Phone calls or visits.
    Calls,
    /// Recommendations or other written proposals.
    Recommendations,
    /// A unit of a partner's own, named in the plural.
    Other(String),
}

impl Unit {
    /// The unit's name, plural and lowercase.
    ///
    /// ```
    /// use impact_metrics::Unit;
    /// assert_eq!(Unit::Other("nights".into()).name(), "nights");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Unit::People => "people",
            Unit::Cases => "cases",
            Unit::Households => "households",
            Unit::Calls => "calls",
            Unit::Recommendations => "recommendations",
            Unit::Other(name) => name,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// How an indicator's figures are measured, and so how they aggregate.
///
/// ```
/// use impact_metrics::Measure;
/// assert_eq!(Measure::Rate.to_string(), "rate");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A whole-number count. Counts add.
    Count,
    /// A rate: a numerator and a denominator. Rates aggregate by adding
    /// numerators and denominators separately, never by averaging
    /// percentages. A published percentage whose parts are not known can be
    /// recorded, but not aggregated.
    Rate,
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Measure::Count => "count",
            Measure::Rate => "rate",
        })
    }
}

/// Which direction of change is good news.
///
/// ```
/// use impact_metrics::Polarity;
/// assert!(Polarity::HigherIsBetter.higher_is_better() == Some(true));
/// assert!(Polarity::Neutral.higher_is_better().is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// More is better (victims removed, convictions).
    HigherIsBetter,
    /// Less is better (a re-trafficking rate, a court backlog).
    LowerIsBetter,
    /// Neither: context figures such as an estimate of the problem's size.
    Neutral,
}

impl Polarity {
    /// `Some(true)` when higher is better, `Some(false)` when lower is,
    /// `None` for neutral indicators.
    ///
    /// ```
    /// use impact_metrics::Polarity;
    /// assert_eq!(Polarity::LowerIsBetter.higher_is_better(), Some(false));
    /// ```
    #[must_use]
    pub fn higher_is_better(self) -> Option<bool> {
        match self {
            Polarity::HigherIsBetter => Some(true),
            Polarity::LowerIsBetter => Some(false),
            Polarity::Neutral => None,
        }
    }
}

/// Which of the US Trafficking in Persons report's "3P" an indicator
/// serves: prevention, protection or prosecution.
///
/// The US State Department's annual Trafficking in Persons (TIP) report
/// judges every country's work against trafficking under these three
/// headings; funders often ask for results sorted the same way. Every
/// built-in indicator has one ([`IndicatorDef::tip_category`]); a
/// partner's indicator may leave it out.
///
/// `Display`, `FromStr` and serde use the lowercase name.
///
/// ```
/// use impact_metrics::{Catalogue, Indicator, TipCategory};
///
/// let catalogue = Catalogue::builtin();
/// let convicted = catalogue.get(Indicator::EXPLOITERS_CONVICTED).unwrap();
/// assert_eq!(convicted.tip_category, Some(TipCategory::Prosecution));
/// assert_eq!("protection".parse::<TipCategory>()?, TipCategory::Protection);
/// assert_eq!(TipCategory::Prevention.to_string(), "prevention");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipCategory {
    /// Preventing trafficking: awareness, education, help to people at
    /// risk, changes in policy.
    Prevention,
    /// Protecting victims: identifying and removing them, care,
    /// repatriation, reintegration.
    Protection,
    /// Prosecuting traffickers: arrests, charges, prosecutions,
    /// convictions, and training the professionals who make them.
    Prosecution,
}

impl TipCategory {
    /// The lowercase name, as `Display`, `FromStr` and serde use it.
    ///
    /// ```
    /// use impact_metrics::TipCategory;
    /// assert_eq!(TipCategory::Prosecution.name(), "prosecution");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TipCategory::Prevention => "prevention",
            TipCategory::Protection => "protection",
            TipCategory::Prosecution => "prosecution",
        }
    }
}

impl fmt::Display for TipCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for TipCategory {
    type Err = Error;

    /// Reads `prevention`, `protection` or `prosecution`, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndicatorDefinition`] naming the text, for any
    /// other word.
    fn from_str(s: &str) -> Result<TipCategory> {
        match s.trim().to_lowercase().as_str() {
            "prevention" => Ok(TipCategory::Prevention),
            "protection" => Ok(TipCategory::Protection),
            "prosecution" => Ok(TipCategory::Prosecution),
            _ => Err(Error::InvalidIndicatorDefinition {
                code: s.to_string(),
                reason: "a category of the US Trafficking in Persons report is \"prevention\", \"protection\" or \"prosecution\"".to_string(),
            }),
        }
    }
}

/// A reference from an indicator to a standard list of indicators: the
/// list (a code of IATI's IndicatorVocabulary codelist), the indicator's
/// code in it and, optionally, the address where the list or the
/// indicator is described.
///
/// The IndicatorVocabulary codes are `1` WHO Registry, `2` Sphere
/// Handbook, `3` US Foreign Assistance Framework, `4` World Bank World
/// Development Indicators, `5` UN Millennium Development Goals
/// Indicators, `6` UNOCHA Humanitarian Response Indicators, `7` HIV/AIDS
/// Indicator Registry, `8` Harmonized Indicators for Private Sector
/// (HIPSO), `9` UN Sustainable Development Goals (SDG) Indicators, and
/// `99` the reporting organisation's own list (give its address with
/// [`Reference::with_uri`]). [`Catalogue::define`] refuses any other
/// code, and two references to one list on one indicator, as IATI does.
///
/// ```
/// use impact_metrics::{Catalogue, Indicator, Reference};
///
/// let sdg = Reference::sdg("16.2.2");
/// assert_eq!((sdg.vocabulary.as_str(), sdg.code.as_str()), ("9", "16.2.2"));
/// let removed = Catalogue::builtin();
/// let removed = removed.get(Indicator::VICTIMS_REMOVED).unwrap();
/// assert_eq!(removed.sdg_indicator(), Some("16.2.2"));
///
/// let own = Reference::new("99", "LIFT-7").with_uri("https://example.org/indicators");
/// assert_eq!(own.uri.as_deref(), Some("https://example.org/indicators"));
/// ```
///
/// In serde (and so in a settings file's `[[indicator]]` entries) a
/// reference is `{ vocabulary = "9", code = "16.2.2" }`, with `uri`
/// optional.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Reference {
    /// The list: a code of IATI's IndicatorVocabulary codelist (`9` for
    /// the SDG indicators, `99` for the reporting organisation's own).
    pub vocabulary: String,
    /// The indicator's code in that list (`16.2.2`).
    pub code: String,
    /// Where the list or the indicator is described, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// IATI's IndicatorVocabulary codes, as [`Catalogue::define`] accepts them.
const INDICATOR_VOCABULARIES: [&str; 10] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "99"];

impl Reference {
    /// The IndicatorVocabulary code of the UN SDG indicators.
    pub const SDG: &'static str = "9";
    /// The IndicatorVocabulary code of the reporting organisation's own list.
    pub const REPORTING_ORGANISATION: &'static str = "99";

    /// A reference to `code` in the list `vocabulary`. The catalogue
    /// checks it when the indicator is defined.
    ///
    /// ```
    /// use impact_metrics::Reference;
    /// let who = Reference::new("1", "3429");
    /// assert!(who.uri.is_none());
    /// ```
    #[must_use]
    pub fn new(vocabulary: &str, code: &str) -> Reference {
        Reference {
            vocabulary: vocabulary.trim().to_string(),
            code: code.trim().to_string(),
            uri: None,
        }
    }

    /// A reference to a UN Sustainable Development Goal indicator, such as
    /// `16.2.2` (detected victims of human trafficking per 100,000
    /// people).
    ///
    /// ```
    /// use impact_metrics::Reference;
    /// assert_eq!(Reference::sdg("16.2.2"), Reference::new("9", "16.2.2"));
    /// ```
    #[must_use]
    pub fn sdg(code: &str) -> Reference {
        Reference::new(Reference::SDG, code)
    }

    /// Sets the address where the list or the indicator is described.
    ///
    /// ```
    /// use impact_metrics::Reference;
    /// let own = Reference::new("99", "N1").with_uri("https://example.org/list");
    /// assert_eq!(own.uri.as_deref(), Some("https://example.org/list"));
    /// ```
    #[must_use]
    pub fn with_uri(mut self, uri: &str) -> Reference {
        self.uri = Some(uri.trim().to_string());
        self
    }

    /// Why the reference cannot be used, if it cannot.
    fn problem(&self) -> Option<String> {
        if !INDICATOR_VOCABULARIES.contains(&self.vocabulary.as_str()) {
            return Some(format!(
                "the reference list {:?} is not on IATI's indicator vocabulary list (1 to 9, or 99 for the organisation's own)",
                self.vocabulary
            ));
        }
        if self.code.is_empty() {
            return Some(format!(
                "the reference to list {} has no code",
                self.vocabulary
            ));
        }
        if self.uri.as_deref().is_some_and(str::is_empty) {
            return Some(format!(
                "the reference {:?} in list {} has an empty address",
                self.code, self.vocabulary
            ));
        }
        None
    }
}

/// What an indicator means: its code, printed name, theme, unit, measure and
/// polarity.
///
/// Build one with [`IndicatorDef::count`] or [`IndicatorDef::rate`] and the
/// `with_*` methods, then add it to a [`Catalogue`].
///
/// ```
/// use impact_metrics::{Indicator, IndicatorDef, Measure, Theme, Unit};
///
/// let nights = IndicatorDef::count(
///     Indicator::new("lift.safehouse_nights")?,
///     "Safe-house nights provided",
///     Theme::SavingLives,
///     Unit::Other("nights".into()),
/// )
/// .with_alias("Nights in safe houses");
/// assert_eq!(nights.measure, Measure::Count);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// Its serde form has the field names below; `polarity` (higher is
/// better), `aliases`, `headline`, `channels`, `countries`,
/// `tip_category` and `references` may be left out, and an unknown field
/// is refused. Theme and unit are `snake_case`
/// names, or `{ other = "..." }` for a partner's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct IndicatorDef {
    /// The stable code.
    pub code: Indicator,
    /// The name as a report prints it.
    pub name: String,
    /// The area of impact.
    pub theme: Theme,
    /// What one unit is.
    pub unit: Unit,
    /// Count or rate.
    pub measure: Measure,
    /// Which direction is good news; higher is better when a file leaves
    /// it out.
    #[serde(default = "higher_is_better")]
    pub polarity: Polarity,
    /// Other names people write for it, accepted by [`Catalogue::resolve`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Whether it is one of the report's headline figures.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
    /// The strategy channels the indicator may be reported under; empty
    /// for any. Validation flags a figure under another channel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// The countries the indicator may be reported for; empty for any.
    /// Validation flags a figure for another country.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<Country>,
    /// Which of the US Trafficking in Persons report's "3P" the indicator
    /// serves, if said: every built-in indicator says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip_category: Option<TipCategory>,
    /// The indicator's codes in standard lists of indicators (an SDG
    /// indicator, a funder's own list), at most one per list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
}

impl IndicatorDef {
    /// A count indicator where higher is better.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("x.visits")?, "Visits", Theme::SavingLives, Unit::Calls);
    /// assert_eq!(def.name, "Visits");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn count(code: Indicator, name: &str, theme: Theme, unit: Unit) -> IndicatorDef {
        IndicatorDef {
            code,
            name: name.to_string(),
            theme,
            unit,
            measure: Measure::Count,
            polarity: Polarity::HigherIsBetter,
            aliases: Vec::new(),
            headline: false,
            channels: Vec::new(),
            countries: Vec::new(),
            tip_category: None,
            references: Vec::new(),
        }
    }

    /// A rate indicator (numerator over denominator) where higher is better.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Measure, Polarity, Theme, Unit};
    /// let def = IndicatorDef::rate(Indicator::new("x.dropout")?, "Dropout rate", Theme::SavingLives, Unit::People)
    ///     .with_polarity(Polarity::LowerIsBetter);
    /// assert_eq!(def.measure, Measure::Rate);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn rate(code: Indicator, name: &str, theme: Theme, unit: Unit) -> IndicatorDef {
        IndicatorDef {
            measure: Measure::Rate,
            ..IndicatorDef::count(code, name, theme, unit)
        }
    }

    /// Sets the polarity.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Polarity, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("x.backlog")?, "Backlog", Theme::SystemicChange, Unit::Cases)
    ///     .with_polarity(Polarity::LowerIsBetter);
    /// assert_eq!(def.polarity, Polarity::LowerIsBetter);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_polarity(mut self, polarity: Polarity) -> IndicatorDef {
        self.polarity = polarity;
        self
    }

    /// Adds another name that [`Catalogue::resolve`] accepts.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("x.rescued")?, "Rescued", Theme::SavingLives, Unit::People)
    ///     .with_alias("Victims rescued");
    /// assert_eq!(def.aliases, ["Victims rescued"]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_alias(mut self, alias: &str) -> IndicatorDef {
        self.aliases.push(alias.to_string());
        self
    }

    /// Marks the indicator as a headline figure.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("x.rescued")?, "Rescued", Theme::SavingLives, Unit::People)
    ///     .headline();
    /// assert!(def.headline);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn headline(mut self) -> IndicatorDef {
        self.headline = true;
        self
    }

    /// Restricts the indicator to some strategy channels (a partner-only
    /// indicator belongs to joint operations alone).
    ///
    /// ```
    /// use impact_metrics::{Channel, Indicator, IndicatorDef, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("lift.safehouse_nights")?, "Safe-house nights", Theme::SavingLives, Unit::Other("nights".into()))
    ///     .with_channels(&[Channel::Joint]);
    /// assert!(def.allows_channel(Channel::Joint));
    /// assert!(!def.allows_channel(Channel::Direct));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_channels(mut self, channels: &[Channel]) -> IndicatorDef {
        self.channels = channels.to_vec();
        self
    }

    /// Restricts the indicator to some countries.
    ///
    /// ```
    /// use impact_metrics::{Country, Indicator, IndicatorDef, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("bd.cyclone_homes")?, "Homes rebuilt after the cyclone", Theme::SavingLives, Unit::Households)
    ///     .with_countries(&[Country::BD]);
    /// assert!(def.allows_country(Country::BD));
    /// assert!(!def.allows_country(Country::GB));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_countries(mut self, countries: &[Country]) -> IndicatorDef {
        self.countries = countries.to_vec();
        self
    }

    /// Sets which of the US Trafficking in Persons report's "3P" the
    /// indicator serves.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Theme, TipCategory, Unit};
    /// let def = IndicatorDef::count(Indicator::new("lift.safehouse_nights")?, "Safe-house nights", Theme::SavingLives, Unit::Other("nights".into()))
    ///     .with_tip_category(TipCategory::Protection);
    /// assert_eq!(def.tip_category, Some(TipCategory::Protection));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_tip_category(mut self, category: TipCategory) -> IndicatorDef {
        self.tip_category = Some(category);
        self
    }

    /// Adds a reference to a standard list of indicators.
    /// [`Catalogue::define`] checks it: a list IATI knows, a code, and one
    /// reference per list.
    ///
    /// ```
    /// use impact_metrics::{Indicator, IndicatorDef, Reference, Theme, Unit};
    /// let def = IndicatorDef::count(Indicator::new("lift.identified")?, "Victims identified", Theme::SavingLives, Unit::People)
    ///     .with_reference(Reference::sdg("16.2.2"));
    /// assert_eq!(def.sdg_indicator(), Some("16.2.2"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_reference(mut self, reference: Reference) -> IndicatorDef {
        self.references.push(reference);
        self
    }

    /// The indicator's reference in the list `vocabulary` (an
    /// IndicatorVocabulary code), if it has one.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator, Reference};
    /// let catalogue = Catalogue::builtin();
    /// let def = catalogue.get(Indicator::CHILDREN_REMOVED).unwrap();
    /// assert_eq!(def.reference(Reference::SDG).map(|r| r.code.as_str()), Some("16.2.2"));
    /// assert!(def.reference(Reference::REPORTING_ORGANISATION).is_none());
    /// ```
    #[must_use]
    pub fn reference(&self, vocabulary: &str) -> Option<&Reference> {
        self.references.iter().find(|r| r.vocabulary == vocabulary)
    }

    /// The code of the UN Sustainable Development Goal indicator the
    /// indicator refers to, if any.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// assert_eq!(catalogue.get(Indicator::VICTIMS_REMOVED).unwrap().sdg_indicator(), Some("16.2.2"));
    /// assert_eq!(catalogue.get(Indicator::SURVIVORS_CARED_FOR).unwrap().sdg_indicator(), None);
    /// ```
    #[must_use]
    pub fn sdg_indicator(&self) -> Option<&str> {
        self.reference(Reference::SDG).map(|r| r.code.as_str())
    }

    /// Whether the indicator may be reported under `channel`: always, when
    /// [`channels`](IndicatorDef::channels) is empty.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Channel, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// let def = catalogue.get(Indicator::VICTIMS_REMOVED).unwrap();
    /// assert!(def.allows_channel(Channel::Systemic)); // the built-in indicators are unrestricted
    /// ```
    #[must_use]
    pub fn allows_channel(&self, channel: Channel) -> bool {
        self.channels.is_empty() || self.channels.contains(&channel)
    }

    /// Whether the indicator may be reported for `country`: always, when
    /// [`countries`](IndicatorDef::countries) is empty.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Country, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// assert!(catalogue.get(Indicator::CASE_BACKLOG).unwrap().allows_country(Country::BD));
    /// ```
    #[must_use]
    pub fn allows_country(&self, country: Country) -> bool {
        self.countries.is_empty() || self.countries.contains(&country)
    }
}

/// The indicators a dataset may use, in the order a report presents them.
///
/// [`Catalogue::builtin`] holds every indicator of the seed report; a
/// partner adds its own with [`Catalogue::define`] and then uses them
/// everywhere a built-in one works.
///
/// ```
/// use impact_metrics::{Catalogue, Indicator, IndicatorDef, Theme, Unit};
///
/// let mut catalogue = Catalogue::builtin();
/// let nights = Indicator::new("lift.safehouse_nights")?;
/// catalogue.define(IndicatorDef::count(nights, "Safe-house nights", Theme::SavingLives, Unit::Other("nights".into())))?;
///
/// assert_eq!(catalogue.resolve("Safe-house nights")?, nights);
/// assert_eq!(catalogue.resolve("Survivors cared for")?, Indicator::SURVIVORS_CARED_FOR);
/// assert_eq!(catalogue.get(Indicator::SURVIVORS_CARED_FOR).map(|d| d.name.as_str()), Some("Survivors cared for"));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// A catalogue's serde form is an `indicators` list of [`IndicatorDef`]s,
/// in order; read, each is added with [`Catalogue::define`], so a file is
/// refused when `define` would refuse one of its definitions. A partner's
/// indicators can so live in a TOML (or JSON) file:
///
/// ```
/// use impact_metrics::{Catalogue, Indicator, Measure, Unit};
///
/// let text = r#"
/// [[indicators]]
/// code = "lift.safehouse_nights"
/// name = "Safe-house nights provided"
/// theme = "saving_lives"
/// unit = { other = "nights" }
/// measure = "count"
/// aliases = ["Nights in safe houses"]
///
/// [[indicators]]
/// code = "lift.dropout"
/// name = "Dropout rate"
/// theme = "saving_lives"
/// unit = "people"
/// measure = "rate"
/// polarity = "lower_is_better"
/// "#;
/// let catalogue: Catalogue = toml::from_str(text)?;
/// let nights = catalogue.resolve("nights in safe houses")?;
/// assert_eq!(nights, Indicator::new("lift.safehouse_nights")?);
/// assert_eq!(catalogue.get(nights).map(|d| &d.unit), Some(&Unit::Other("nights".into())));
/// assert_eq!(catalogue.iter().map(|d| d.measure).collect::<Vec<_>>(), [Measure::Count, Measure::Rate]);
///
/// // Two definitions of one name are refused, as `define` refuses them.
/// let clash = format!("{text}\n[[indicators]]\ncode = \"lift.other\"\nname = \"Dropout  RATE\"\ntheme = \"saving_lives\"\nunit = \"people\"\nmeasure = \"rate\"\n");
/// let err = toml::from_str::<Catalogue>(&clash).unwrap_err();
/// assert!(err.message().contains(r#"invalid indicator definition "lift.other": the name "Dropout  RATE" is already used by lift.dropout"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CatalogueFields", try_from = "CatalogueFields")]
pub struct Catalogue {
    defs: Vec<IndicatorDef>,
    by_code: FastMap<Indicator, usize>,
    by_name: FastMap<String, Indicator>,
}

impl Catalogue {
    /// A catalogue with no indicators.
    ///
    /// ```
    /// use impact_metrics::Catalogue;
    /// assert!(Catalogue::empty().is_empty());
    /// ```
    #[must_use]
    pub fn empty() -> Catalogue {
        Catalogue::default()
    }

    /// Every indicator of the seed report, headline figures first, in the
    /// report's order.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// let headline: Vec<_> = catalogue.iter().filter(|d| d.headline).map(|d| d.code).collect();
    /// assert_eq!(headline.len(), 8);
    /// assert_eq!(headline[0], Indicator::VICTIMS_REMOVED);
    /// ```
    #[must_use]
    pub fn builtin() -> Catalogue {
        let mut catalogue = Catalogue::empty();
        for def in builtin_defs() {
            // The built-in definitions are distinct; a test checks it.
            let _ = catalogue.define(def);
        }
        catalogue
    }

    /// Adds an indicator.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndicatorDefinition`] when the code, the name or an
    /// alias is already used by another indicator of the catalogue (names
    /// compare without regard to case or spacing), the name is empty, or a
    /// [`Reference`] is not usable: its list is not on IATI's indicator
    /// vocabulary list, its code or address is empty, or another reference
    /// of the indicator is to the same list.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator, IndicatorDef, Theme, Unit};
    /// let mut catalogue = Catalogue::builtin();
    /// let clash = IndicatorDef::count(Indicator::new("x.cared")?, "Survivors  CARED for", Theme::SavingLives, Unit::People);
    /// assert_eq!(
    ///     catalogue.define(clash).unwrap_err().to_string(),
    ///     r#"invalid indicator definition "x.cared": the name "Survivors  CARED for" is already used by survivors_cared_for"#
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn define(&mut self, def: IndicatorDef) -> Result<()> {
        let refuse = |reason: String| Error::InvalidIndicatorDefinition {
            code: def.code.to_string(),
            reason,
        };
        if self.by_code.contains_key(&def.code) {
            return Err(refuse("the code is already defined".to_string()));
        }
        for (i, reference) in def.references.iter().enumerate() {
            if let Some(problem) = reference.problem() {
                return Err(refuse(problem));
            }
            let earlier = def.references.get(..i).unwrap_or(&[]);
            if earlier.iter().any(|r| r.vocabulary == reference.vocabulary) {
                return Err(refuse(format!(
                    "two references to list {}: an indicator has at most one code in each list",
                    reference.vocabulary
                )));
            }
        }
        let mut keys = Vec::new();
        for name in std::iter::once(&def.name).chain(&def.aliases) {
            let key = fold_name(name);
            if key.is_empty() {
                return Err(refuse("a name or alias is empty".to_string()));
            }
            if let Some(other) = self.by_name.get(&key) {
                return Err(refuse(format!(
                    "the name {name:?} is already used by {other}"
                )));
            }
            keys.push(key);
        }
        for key in keys {
            self.by_name.insert(key, def.code);
        }
        self.by_code.insert(def.code, self.defs.len());
        self.defs.push(def);
        Ok(())
    }

    /// The definition of an indicator, if the catalogue has it.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator, Unit};
    /// let catalogue = Catalogue::builtin();
    /// assert_eq!(catalogue.get(Indicator::FOLLOW_UP_CALLS).map(|d| &d.unit), Some(&Unit::Calls));
    /// ```
    #[must_use]
    pub fn get(&self, code: Indicator) -> Option<&IndicatorDef> {
        self.by_code.get(&code).and_then(|&i| self.defs.get(i))
    }

    /// Whether the catalogue defines an indicator.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// assert!(Catalogue::builtin().contains(Indicator::CASE_BACKLOG));
    /// ```
    #[must_use]
    pub fn contains(&self, code: Indicator) -> bool {
        self.by_code.contains_key(&code)
    }

    /// Finds an indicator from its code, its printed name or an alias, as
    /// people write them: case, surrounding spaces and runs of spaces do not
    /// matter.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownIndicator`] when nothing in the catalogue matches.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// assert_eq!(catalogue.resolve(" exploiters  CONVICTED ")?, Indicator::EXPLOITERS_CONVICTED);
    /// assert_eq!(catalogue.resolve("exploiters_convicted")?, Indicator::EXPLOITERS_CONVICTED);
    /// assert_eq!(
    ///     catalogue.resolve("Traffickers freed").unwrap_err().to_string(),
    ///     r#"unknown indicator "Traffickers freed""#
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn resolve(&self, text: &str) -> Result<Indicator> {
        if let Ok(code) = Indicator::new(text.trim()) {
            if self.contains(code) {
                return Ok(code);
            }
        }
        self.by_name
            .get(&fold_name(text))
            .copied()
            .ok_or_else(|| Error::UnknownIndicator {
                input: text.to_string(),
                nearest: self.nearest(text),
            })
    }

    /// The indicators whose code, printed name or alias is nearest to
    /// `text`, for a "did you mean" when [`resolve`](Catalogue::resolve)
    /// finds none: at most three, in the catalogue's order. Names are
    /// compared as [`resolve`](Catalogue::resolve) compares them (case and
    /// spacing aside), and as codes are written (`victims removed` is near
    /// `victims_removed`).
    ///
    /// A text whose words begin a name is near it (`Victims removed` for
    /// "Victims removed from exploitation"); failing that, the nearest by
    /// edit distance, if it is close enough to be a misspelling (at most
    /// 2 edits, or a third of the text's length); failing that, none.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// assert_eq!(catalogue.nearest("Victims removed"), [Indicator::VICTIMS_REMOVED]);
    /// assert_eq!(catalogue.nearest("exploiters convictd"), [Indicator::EXPLOITERS_CONVICTED]);
    /// assert!(catalogue.nearest("Traffickers freed").is_empty());
    /// ```
    #[must_use]
    pub fn nearest(&self, text: &str) -> Vec<Indicator> {
        let folded = fold_name(text);
        if folded.is_empty() {
            return Vec::new();
        }
        let as_code = |name: &str| fold_name(name).replace(' ', "_");
        let written = folded.replace(' ', "_");
        let names = |def: &IndicatorDef| -> Vec<String> {
            std::iter::once(fold_name(&def.name))
                .chain(def.aliases.iter().map(|a| fold_name(a)))
                .collect()
        };
        // Words that begin a name, or the code with spaces for `_`.
        let begun: Vec<Indicator> = self
            .defs
            .iter()
            .filter(|def| {
                def.code.as_str().replace('_', " ") == folded
                    || names(def).iter().any(|name| {
                        name.strip_prefix(folded.as_str())
                            .is_some_and(|rest| rest.starts_with(' '))
                    })
            })
            .map(|def| def.code)
            .collect();
        if !begun.is_empty() {
            return begun.into_iter().take(3).collect();
        }
        let scored: Vec<(usize, Indicator)> = self
            .defs
            .iter()
            .map(|def| {
                let distance = names(def)
                    .iter()
                    .map(|n| crate::rules::distance(&written, &as_code(n)))
                    .chain(std::iter::once(crate::rules::distance(
                        &written,
                        def.code.as_str(),
                    )))
                    .min()
                    .unwrap_or(usize::MAX);
                (distance, def.code)
            })
            .collect();
        let Some(best) = scored.iter().map(|(d, _)| *d).min() else {
            return Vec::new();
        };
        if best > 2.max(written.chars().count() / 3) {
            return Vec::new();
        }
        scored
            .into_iter()
            .filter(|(d, _)| *d == best)
            .take(3)
            .map(|(_, code)| code)
            .collect()
    }

    /// The definitions, in the order they were defined.
    ///
    /// ```
    /// use impact_metrics::Catalogue;
    /// assert!(Catalogue::builtin().iter().any(|d| d.name == "Exploiters convicted"));
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, IndicatorDef> {
        self.defs.iter()
    }

    /// How many indicators the catalogue defines.
    ///
    /// ```
    /// use impact_metrics::Catalogue;
    /// assert!(Catalogue::builtin().len() >= 8);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether the catalogue defines no indicator.
    ///
    /// ```
    /// use impact_metrics::Catalogue;
    /// assert!(!Catalogue::builtin().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The position of an indicator in the catalogue's order, for sorting
    /// tables the way the report presents them.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Indicator};
    /// let catalogue = Catalogue::builtin();
    /// assert!(catalogue.position(Indicator::VICTIMS_REMOVED) < catalogue.position(Indicator::EXPLOITERS_CONVICTED));
    /// ```
    #[must_use]
    pub fn position(&self, code: Indicator) -> Option<usize> {
        self.by_code.get(&code).copied()
    }
}

impl<'a> IntoIterator for &'a Catalogue {
    type Item = &'a IndicatorDef;
    type IntoIter = std::slice::Iter<'a, IndicatorDef>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

fn higher_is_better() -> Polarity {
    Polarity::HigherIsBetter
}

/// A [`Catalogue`] as serde writes and reads it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFields {
    #[serde(default)]
    indicators: Vec<IndicatorDef>,
}

impl From<Catalogue> for CatalogueFields {
    fn from(catalogue: Catalogue) -> CatalogueFields {
        CatalogueFields {
            indicators: catalogue.defs,
        }
    }
}

impl TryFrom<CatalogueFields> for Catalogue {
    type Error = Error;

    fn try_from(fields: CatalogueFields) -> Result<Catalogue> {
        let mut catalogue = Catalogue::empty();
        for def in fields.indicators {
            catalogue.define(def)?;
        }
        Ok(catalogue)
    }
}

fn fold_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn builtin_defs() -> Vec<IndicatorDef> {
    use Polarity::{LowerIsBetter, Neutral};
    use Theme::{ProsecutingCriminals as Prosecuting, SavingLives as Saving, SystemicChange};
    use TipCategory::{Prevention, Prosecution, Protection};
    let count = IndicatorDef::count;
    let rate = IndicatorDef::rate;
    // SDG 16.2.2 counts detected victims of trafficking (per 100,000
    // people, by sex, age and form of exploitation): victims removed from
    // exploitation are detected victims, and children removed are the
    // indicator's breakdown by age. Survivors cared for are not all newly
    // detected, and an estimate of a country's victims is not a count of
    // detected ones, so neither refers to it.
    let sdg_16_2_2 = Reference::sdg("16.2.2");
    vec![
        count(
            Indicator::VICTIMS_REMOVED,
            "Victims removed from exploitation",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .with_reference(sdg_16_2_2.clone())
        .with_alias("Victims rescued")
        .headline(),
        count(
            Indicator::SURVIVORS_CARED_FOR,
            "Survivors cared for",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .headline(),
        count(
            Indicator::SURVIVORS_REPATRIATED,
            "Survivors repatriated",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .headline(),
        count(
            Indicator::PREVENTION_EDUCATION,
            "Vulnerable people receiving prevention education",
            Saving,
            Unit::People,
        )
        .with_tip_category(Prevention)
        .with_alias("Vulnerable people receiving prevention education (direct)")
        .headline(),
        count(
            Indicator::ACCUSED_ARRESTED,
            "Accused traffickers arrested",
            Prosecuting,
            Unit::People,
        )
        .with_tip_category(Prosecution)
        .headline(),
        count(
            Indicator::PROSECUTIONS_SUPPORTED,
            "Prosecutions of exploiters supported",
            Prosecuting,
            Unit::Cases,
        )
        .with_tip_category(Prosecution)
        .headline(),
        count(
            Indicator::EXPLOITERS_CONVICTED,
            "Exploiters convicted",
            Prosecuting,
            Unit::People,
        )
        .with_tip_category(Prosecution)
        .with_alias("Exploiter convicted")
        .headline(),
        count(
            Indicator::PROFESSIONALS_TRAINED,
            "Frontline professionals trained",
            Prosecuting,
            Unit::People,
        )
        .with_tip_category(Prosecution)
        .headline(),
        count(
            Indicator::CHILDREN_REMOVED,
            "Children removed from exploitation",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .with_reference(sdg_16_2_2.clone())
        .with_alias("Children rescued"),
        count(
            Indicator::PEOPLE_REACHED_INDIRECT,
            "People reached with safe-migration messages (indirect)",
            Saving,
            Unit::People,
        )
        .with_tip_category(Prevention),
        count(
            Indicator::SURVIVORS_REINTEGRATED,
            "Survivors reaching reintegration",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .with_alias("Survivors reaching a stable point of reintegration")
        .with_alias("Survivors reaching an advanced stage of recovery and reintegration"),
        count(
            Indicator::SURVIVORS_LIVELIHOOD,
            "Survivors helped into small business, jobs or vocational training",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection),
        rate(
            Indicator::INCOME_RISE_RATE,
            "Survivors in livelihood support with household income up more than 30%",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection),
        rate(
            Indicator::RE_TRAFFICKING_RATE,
            "Re-trafficking rate",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection)
        .with_polarity(LowerIsBetter),
        count(
            Indicator::SURVIVOR_HOUSEHOLDS_SUPPLIED,
            "Survivor households given emergency supplies",
            Saving,
            Unit::Households,
        )
        .with_tip_category(Protection),
        count(
            Indicator::AT_RISK_HOUSEHOLDS_SUPPLIED,
            "Highly at-risk households given emergency supplies",
            Saving,
            Unit::Households,
        )
        .with_tip_category(Prevention),
        count(
            Indicator::INDIVIDUALS_SUPPLIED,
            "Individuals in households given emergency supplies",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection),
        count(
            Indicator::FOLLOW_UP_CALLS,
            "Phone follow-ups with survivors",
            Saving,
            Unit::Calls,
        )
        .with_tip_category(Protection),
        count(
            Indicator::SURVIVORS_FOLLOWED_UP,
            "Survivors reached by phone follow-ups",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection),
        count(
            Indicator::HOMES_REBUILT,
            "Survivors helped to rebuild homes",
            Saving,
            Unit::People,
        )
        .with_tip_category(Protection),
        count(
            Indicator::ACCUSED_CHARGED,
            "Accused exploiters with charges approved",
            Prosecuting,
            Unit::People,
        )
        .with_tip_category(Prosecution),
        rate(
            Indicator::POLICE_ENGAGEMENT_RATE,
            "Survivors engaging with police investigations",
            Prosecuting,
            Unit::People,
        )
        .with_tip_category(Prosecution),
        count(
            Indicator::VICTIMS_ESTIMATED,
            "Estimated victims of slavery",
            SystemicChange,
            Unit::People,
        )
        .with_tip_category(Prevention)
        .with_polarity(Neutral),
        count(
            Indicator::RECOMMENDATIONS_MADE,
            "Recommendations made to government",
            SystemicChange,
            Unit::Recommendations,
        )
        .with_tip_category(Prevention),
        count(
            Indicator::AUDIENCE_REACHED,
            "Audience reached by a report",
            SystemicChange,
            Unit::People,
        )
        .with_tip_category(Prevention),
        count(
            Indicator::CASE_BACKLOG,
            "Trafficking cases in a court backlog",
            SystemicChange,
            Unit::Cases,
        )
        .with_tip_category(Prosecution)
        .with_polarity(LowerIsBetter),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_equal_exactly_when_their_texts_are() {
        // Codes of every length to the longest, and codes that differ from
        // them in one byte, in every word of the code.
        let long = "a".repeat(MAX_CODE_LEN);
        let mut codes: Vec<String> = (1..=MAX_CODE_LEN).map(|n| long[..n].to_string()).collect();
        for at in [0, 7, 8, 15, 23, 40, MAX_CODE_LEN - 1] {
            let mut other = long.clone().into_bytes();
            other[at] = b'b';
            codes.push(String::from_utf8(other).unwrap());
        }
        codes.push("victims_removed".into());
        codes.push("victims_removee".into());
        let indicators: Vec<Indicator> = codes.iter().map(|c| Indicator::new(c).unwrap()).collect();
        for (a, x) in codes.iter().zip(&indicators) {
            for (b, y) in codes.iter().zip(&indicators) {
                assert_eq!(x == y, a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn builtin_catalogue_takes_every_definition() {
        assert_eq!(Catalogue::builtin().len(), builtin_defs().len());
        for def in builtin_defs() {
            assert_eq!(
                Indicator::new(def.code.as_str()),
                Ok(def.code),
                "{:?}",
                def.code
            );
        }
    }

    #[test]
    fn headline_indicators_are_the_reports_eight_in_its_order() {
        // FIGURES.md, headline table, top to bottom.
        let printed = [
            "Victims removed from exploitation",
            "Survivors cared for",
            "Survivors repatriated",
            "Vulnerable people receiving prevention education (direct)",
            "Accused traffickers arrested",
            "Prosecutions of exploiters supported",
            "Exploiters convicted",
            "Frontline professionals trained",
        ];
        let catalogue = Catalogue::builtin();
        let headline: Vec<Indicator> = catalogue
            .iter()
            .filter(|d| d.headline)
            .map(|d| d.code)
            .collect();
        let resolved: Vec<Indicator> = printed
            .iter()
            .map(|p| catalogue.resolve(p).unwrap())
            .collect();
        assert_eq!(headline, resolved);
    }

    #[test]
    fn unknown_names_say_which_indicator_is_nearest() {
        let catalogue = Catalogue::builtin();
        let said = |text: &str| catalogue.resolve(text).unwrap_err().to_string();
        // The start of a printed name, the code written with spaces, one
        // letter wrong.
        assert_eq!(
            said("Victims removed"),
            r#"unknown indicator "Victims removed"; did you mean victims_removed?"#
        );
        assert_eq!(
            said(" survivors   CARED "),
            r#"unknown indicator " survivors   CARED "; did you mean survivors_cared_for?"#
        );
        assert_eq!(
            catalogue.nearest("survivors repatriated"),
            [Indicator::SURVIVORS_REPATRIATED]
        );
        assert_eq!(
            catalogue.nearest("Exploiters convicte"),
            [Indicator::EXPLOITERS_CONVICTED]
        );
        // "Survivors" begins three names: the first three in order.
        let survivors = catalogue.nearest("Survivors");
        assert_eq!(survivors.len(), 3);
        assert_eq!(survivors.first(), Some(&Indicator::SURVIVORS_CARED_FOR));
        // Nothing close: no guess.
        assert_eq!(
            said("Traffickers freed"),
            r#"unknown indicator "Traffickers freed""#
        );
        assert!(catalogue.nearest("").is_empty());
        assert!(catalogue.nearest("   ").is_empty());
        // A word cut short is no start of a name, but a misspelling.
        assert_eq!(
            catalogue.nearest("Victims remov"),
            [Indicator::VICTIMS_REMOVED]
        );
    }

    #[test]
    fn codes_are_checked() {
        let long = format!("a{}", "b".repeat(48));
        for (input, reason) in [
            ("", "a code is not empty"),
            ("1abc", "a code starts with a lowercase letter a-z"),
            (
                "abc def",
                "a code holds only lowercase letters, digits, '_', '-' and '.'",
            ),
            (
                "abc/é",
                "a code holds only lowercase letters, digits, '_', '-' and '.'",
            ),
            (long.as_str(), "a code is at most 48 bytes long"),
        ] {
            assert_eq!(
                Indicator::new(input),
                Err(Error::InvalidIndicatorCode {
                    input: input.to_string(),
                    reason
                }),
                "input {input:?}"
            );
        }
        assert!(Indicator::new(&"a".repeat(48)).is_ok());
    }

    #[test]
    fn define_refuses_clashing_codes_and_names() {
        let mut catalogue = Catalogue::builtin();
        let dup = IndicatorDef::count(
            Indicator::VICTIMS_REMOVED,
            "Something new",
            Theme::SavingLives,
            Unit::People,
        );
        assert_eq!(
            catalogue.define(dup).unwrap_err().to_string(),
            r#"invalid indicator definition "victims_removed": the code is already defined"#
        );
        let alias_clash = IndicatorDef::count(
            Indicator::new("x.y").unwrap(),
            "New",
            Theme::SavingLives,
            Unit::People,
        )
        .with_alias("victims RESCUED");
        assert!(catalogue.define(alias_clash).is_err());
        // A refused definition leaves nothing behind.
        assert!(catalogue.resolve("New").is_err());
        let empty = IndicatorDef::count(
            Indicator::new("x.z").unwrap(),
            "  ",
            Theme::SavingLives,
            Unit::People,
        );
        assert!(catalogue.define(empty).is_err());
    }

    #[test]
    fn a_partners_indicator_works_like_a_builtin_one() {
        let mut catalogue = Catalogue::builtin();
        let code = Indicator::new("vihaan.helpline_calls").unwrap();
        catalogue
            .define(IndicatorDef::count(
                code,
                "Helpline calls",
                Theme::Other("Aftercare".into()),
                Unit::Calls,
            ))
            .unwrap();
        assert_eq!(catalogue.resolve("helpline calls").unwrap(), code);
        assert_eq!(catalogue.resolve("vihaan.helpline_calls").unwrap(), code);
        assert_eq!(catalogue.position(code), Some(catalogue.len() - 1));
    }

    #[test]
    fn serde_goes_through_the_code() {
        let json = serde_json::to_string(&Indicator::CASE_BACKLOG).unwrap();
        assert_eq!(json, r#""case_backlog""#);
        assert!(serde_json::from_str::<Indicator>(r#""Case backlog""#).is_err());
        let def = Catalogue::builtin()
            .get(Indicator::RE_TRAFFICKING_RATE)
            .cloned()
            .unwrap();
        let back: IndicatorDef =
            serde_json::from_str(&serde_json::to_string(&def).unwrap()).unwrap();
        assert_eq!(back, def);
    }

    #[test]
    fn placement_is_optional_in_serde_and_kept_when_set() {
        // A definition written before channels and countries existed still reads.
        let old = r#"{"code":"x.visits","name":"Visits","theme":"saving_lives","unit":"calls","measure":"count","polarity":"higher_is_better","aliases":[],"headline":false}"#;
        let def: IndicatorDef = serde_json::from_str(old).unwrap();
        assert!(def.channels.is_empty() && def.countries.is_empty());
        assert!(!serde_json::to_string(&def).unwrap().contains("channels"));
        let placed = def
            .with_channels(&[Channel::Joint])
            .with_countries(&[Country::TH, Country::IN]);
        let json = serde_json::to_string(&placed).unwrap();
        assert!(json.contains(r#""channels":["joint"]"#), "{json}");
        assert!(json.contains(r#""countries":["TH","IN"]"#), "{json}");
        let back: IndicatorDef = serde_json::from_str(&json).unwrap();
        assert_eq!(back, placed);
        assert!(!back.allows_channel(Channel::Direct));
        assert!(!back.allows_country(Country::GB));
        assert!(back.allows_country(Country::IN));
    }

    #[test]
    fn every_builtin_indicator_has_its_tip_category() {
        use TipCategory::{Prevention, Prosecution, Protection};
        // The report's themes, read against the TIP report's headings:
        // rescue, care and support of victims and survivors is
        // protection; work with people at risk, awareness and policy is
        // prevention; arrests, charges, courts and the training of the
        // professionals in them is prosecution.
        let expected = [
            (Indicator::VICTIMS_REMOVED, Protection),
            (Indicator::SURVIVORS_CARED_FOR, Protection),
            (Indicator::SURVIVORS_REPATRIATED, Protection),
            (Indicator::PREVENTION_EDUCATION, Prevention),
            (Indicator::ACCUSED_ARRESTED, Prosecution),
            (Indicator::PROSECUTIONS_SUPPORTED, Prosecution),
            (Indicator::EXPLOITERS_CONVICTED, Prosecution),
            (Indicator::PROFESSIONALS_TRAINED, Prosecution),
            (Indicator::CHILDREN_REMOVED, Protection),
            (Indicator::PEOPLE_REACHED_INDIRECT, Prevention),
            (Indicator::SURVIVORS_REINTEGRATED, Protection),
            (Indicator::SURVIVORS_LIVELIHOOD, Protection),
            (Indicator::INCOME_RISE_RATE, Protection),
            (Indicator::RE_TRAFFICKING_RATE, Protection),
            (Indicator::SURVIVOR_HOUSEHOLDS_SUPPLIED, Protection),
            (Indicator::AT_RISK_HOUSEHOLDS_SUPPLIED, Prevention),
            (Indicator::INDIVIDUALS_SUPPLIED, Protection),
            (Indicator::FOLLOW_UP_CALLS, Protection),
            (Indicator::SURVIVORS_FOLLOWED_UP, Protection),
            (Indicator::HOMES_REBUILT, Protection),
            (Indicator::ACCUSED_CHARGED, Prosecution),
            (Indicator::POLICE_ENGAGEMENT_RATE, Prosecution),
            (Indicator::VICTIMS_ESTIMATED, Prevention),
            (Indicator::RECOMMENDATIONS_MADE, Prevention),
            (Indicator::AUDIENCE_REACHED, Prevention),
            (Indicator::CASE_BACKLOG, Prosecution),
        ];
        let catalogue = Catalogue::builtin();
        assert_eq!(expected.len(), catalogue.len());
        for (code, category) in expected {
            let def = catalogue.get(code).unwrap();
            assert_eq!(def.tip_category, Some(category), "{code}");
        }
    }

    #[test]
    fn sdg_16_2_2_is_on_the_detected_victims_only() {
        let catalogue = Catalogue::builtin();
        let with_sdg: Vec<Indicator> = catalogue
            .iter()
            .filter(|d| d.sdg_indicator() == Some("16.2.2"))
            .map(|d| d.code)
            .collect();
        assert_eq!(
            with_sdg,
            [Indicator::VICTIMS_REMOVED, Indicator::CHILDREN_REMOVED]
        );
        assert!(catalogue.iter().all(|d| d.references.len() <= 1));
    }

    #[test]
    fn define_refuses_references_iati_would_refuse() {
        let def = |reference: Reference| {
            IndicatorDef::count(
                Indicator::new("x.identified").unwrap(),
                "Identified",
                Theme::SavingLives,
                Unit::People,
            )
            .with_reference(reference)
        };
        for (reference, reason) in [
            (
                Reference::new("10", "A1"),
                r#"the reference list "10" is not on IATI's indicator vocabulary list (1 to 9, or 99 for the organisation's own)"#,
            ),
            (
                Reference::new("", "A1"),
                r#"the reference list "" is not on IATI's indicator vocabulary list (1 to 9, or 99 for the organisation's own)"#,
            ),
            (
                Reference::new("9", " "),
                "the reference to list 9 has no code",
            ),
            (
                Reference::new("99", "A1").with_uri(""),
                r#"the reference "A1" in list 99 has an empty address"#,
            ),
        ] {
            assert_eq!(
                Catalogue::builtin().define(def(reference.clone())),
                Err(Error::InvalidIndicatorDefinition {
                    code: "x.identified".to_string(),
                    reason: reason.to_string()
                }),
                "{reference:?}"
            );
        }
        let twice = def(Reference::sdg("16.2.2")).with_reference(Reference::sdg("16.2.1"));
        assert_eq!(
            Catalogue::builtin().define(twice).unwrap_err().to_string(),
            r#"invalid indicator definition "x.identified": two references to list 9: an indicator has at most one code in each list"#
        );
        let two_lists = def(Reference::sdg("16.2.2"))
            .with_reference(Reference::new("99", "N1").with_uri("https://example.org/list"));
        assert!(Catalogue::builtin().define(two_lists).is_ok());
    }

    #[test]
    fn tip_category_reads_its_three_words_only() {
        for category in [
            TipCategory::Prevention,
            TipCategory::Protection,
            TipCategory::Prosecution,
        ] {
            assert_eq!(category.to_string().parse::<TipCategory>(), Ok(category));
            assert_eq!(
                serde_json::to_string(&category).unwrap(),
                format!("\"{category}\"")
            );
        }
        assert_eq!(
            " Protection ".parse::<TipCategory>(),
            Ok(TipCategory::Protection)
        );
        assert_eq!(
            "partnership"
                .parse::<TipCategory>()
                .unwrap_err()
                .to_string(),
            r#"invalid indicator definition "partnership": a category of the US Trafficking in Persons report is "prevention", "protection" or "prosecution""#
        );
    }

    #[test]
    fn a_settings_file_indicator_carries_its_vocabularies() {
        // The shape of an `[[indicator]]` entry of impact.toml.
        #[derive(Deserialize)]
        struct File {
            indicator: Vec<IndicatorDef>,
        }
        let text = r#"
            [[indicator]]
            code = "lift.identified"
            name = "Victims identified"
            theme = "saving_lives"
            unit = "people"
            measure = "count"
            tip_category = "protection"
            references = [
                { vocabulary = "9", code = "16.2.2" },
                { vocabulary = "99", code = "LIFT-7", uri = "https://example.org/indicators" },
            ]

            [[indicator]]
            code = "lift.visits"
            name = "Visits"
            theme = "saving_lives"
            unit = "calls"
            measure = "count"
        "#;
        let file: File = toml::from_str(text).unwrap();
        let [identified, visits] = file.indicator.as_slice() else {
            panic!("two indicators expected");
        };
        assert_eq!(identified.tip_category, Some(TipCategory::Protection));
        assert_eq!(identified.sdg_indicator(), Some("16.2.2"));
        assert_eq!(
            identified.reference("99"),
            Some(&Reference::new("99", "LIFT-7").with_uri("https://example.org/indicators"))
        );
        assert!(visits.tip_category.is_none() && visits.references.is_empty());
        assert!(
            !serde_json::to_string(visits)
                .unwrap()
                .contains("references")
        );
        let back: IndicatorDef =
            serde_json::from_str(&serde_json::to_string(identified).unwrap()).unwrap();
        assert_eq!(&back, identified);
        let unknown = text.replace("tip_category", "tip");
        assert!(toml::from_str::<File>(&unknown).is_err());
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(code in "[a-z][a-z0-9_.-]{0,47}") {
            let indicator = Indicator::new(&code).unwrap();
            prop_assert_eq!(indicator.as_str(), code.as_str());
            prop_assert_eq!(indicator.to_string().parse::<Indicator>(), Ok(indicator));
        }

        #[test]
        fn order_is_the_order_of_the_codes(a in "[a-z][a-z0-9_]{0,20}", b in "[a-z][a-z0-9_]{0,20}") {
            let (x, y) = (Indicator::new(&a).unwrap(), Indicator::new(&b).unwrap());
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        }

        #[test]
        fn any_text_gives_a_code_or_an_error(text in "\\PC{0,60}") {
            if let Ok(indicator) = Indicator::new(&text) {
                prop_assert_eq!(indicator.as_str(), text.as_str());
            }
        }
    }
}
