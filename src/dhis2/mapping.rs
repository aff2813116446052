//! The mapping between the crate's codes and a DHIS2 server's identifiers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::indicator::Indicator;

use super::period::PeriodType;

/// A DHIS2 data element with its category option combo: one cell of a
/// DHIS2 data entry form.
///
/// Without a category option combo, the mapping's default
/// ([`Mapping::with_default_combo`]) is used, and DHIS2's own default when
/// there is none.
///
/// ```
/// use impact_metrics::dhis2::Element;
/// let element = Element::new("fbfJHSPpUQD")?.with_combo("pq2XI5kz2BY")?;
/// assert_eq!(element.data_element(), "fbfJHSPpUQD");
/// assert_eq!(element.combo(), Some("pq2XI5kz2BY"));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ElementFile", into = "ElementFile")]
pub struct Element {
    data_element: String,
    combo: Option<String>,
}

/// An [`Element`] as written in a mapping file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementFile {
    data_element: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category_option_combo: Option<String>,
}

impl TryFrom<ElementFile> for Element {
    type Error = Error;
    fn try_from(file: ElementFile) -> Result<Element> {
        let element = Element::new(&file.data_element)?;
        match file.category_option_combo {
            Some(combo) => element.with_combo(&combo),
            None => Ok(element),
        }
    }
}

impl From<Element> for ElementFile {
    fn from(element: Element) -> ElementFile {
        ElementFile {
            data_element: element.data_element,
            category_option_combo: element.combo,
        }
    }
}

/// Checks an identifier: not empty, no spaces around it.
fn identifier(what: &str, text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Err(Error::InvalidMapping {
            reason: format!("the {what} is empty"),
        });
    }
    if text.trim() != text {
        return Err(Error::InvalidMapping {
            reason: format!("the {what} {text:?} has spaces around it"),
        });
    }
    Ok(text.to_string())
}

impl Element {
    /// A data element, with the default category option combo.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, or one with
    /// spaces around it.
    ///
    /// ```
    /// use impact_metrics::dhis2::Element;
    /// assert!(Element::new("fbfJHSPpUQD").is_ok());
    /// assert!(Element::new(" ").is_err());
    /// ```
    pub fn new(data_element: &str) -> Result<Element> {
        Ok(Element {
            data_element: identifier("data element", data_element)?,
            combo: None,
        })
    }

    /// Sets the category option combo.
    ///
    /// # Errors
    ///
    /// As [`Element::new`].
    ///
    /// ```
    /// use impact_metrics::dhis2::Element;
    /// assert!(Element::new("fbfJHSPpUQD")?.with_combo("").is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_combo(mut self, combo: &str) -> Result<Element> {
        self.combo = Some(identifier("category option combo", combo)?);
        Ok(self)
    }

    /// The data element's identifier.
    ///
    /// ```
    /// use impact_metrics::dhis2::Element;
    /// assert_eq!(Element::new("fbfJHSPpUQD")?.data_element(), "fbfJHSPpUQD");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn data_element(&self) -> &str {
        &self.data_element
    }

    /// The category option combo, if the element names one.
    ///
    /// ```
    /// use impact_metrics::dhis2::Element;
    /// assert_eq!(Element::new("fbfJHSPpUQD")?.combo(), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn combo(&self) -> Option<&str> {
        self.combo.as_deref()
    }
}

/// Where an indicator's figures go in DHIS2: one data element for a count,
/// two for a rate (its numerator and its denominator, each a count).
///
/// ```
/// use impact_metrics::dhis2::{Element, Target};
/// let rate = Target::Rate {
///     numerator: Element::new("reTrafNum01")?,
///     denominator: Element::new("reTrafDen01")?,
/// };
/// assert_eq!(rate.elements().count(), 2);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// A count: one data element.
    Count(Element),
    /// A rate: the data elements of its numerator and its denominator.
    Rate {
        /// The element that holds the numerator.
        numerator: Element,
        /// The element that holds the denominator.
        denominator: Element,
    },
}

impl Target {
    /// The target's elements: one for a count, numerator then denominator
    /// for a rate.
    ///
    /// ```
    /// use impact_metrics::dhis2::{Element, Target};
    /// assert_eq!(Target::Count(Element::new("a")?).elements().count(), 1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        let (first, second) = match self {
            Target::Count(element) => (element, None),
            Target::Rate {
                numerator,
                denominator,
            } => (numerator, Some(denominator)),
        };
        std::iter::once(first).chain(second)
    }
}

/// One indicator (under one channel, or under none) and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    indicator: Indicator,
    channel: Option<Channel>,
    target: Target,
}

/// Which DHIS2 data element, category option combo, org unit and attribute
/// option combo each of the crate's indicators, channels, countries and
/// partners is, on one DHIS2 server.
///
/// Every identifier is used one way only, so that a DHIS2 export reads
/// back to the same figures: two indicators (or channels) never share a
/// data element and category option combo, two countries never share an
/// org unit, and two partners never share an attribute option combo. The
/// builder methods and the file readers refuse a mapping that would.
///
/// A mapping file (TOML, or the same fields in JSON), field by field:
///
/// ```toml
/// # Optional: written as the payload's dataSet (JSON only).
/// data_set = "pBOMPrpg1QX"
/// # Optional: written as the payload's completeDate (JSON only).
/// complete_date = "2021-03-31"
/// # Optional: the server's default category option combo, used for every
/// # data element that names none (and read back as "none").
/// category_option_combo = "HllvX50cXC0"
/// # Optional: the attribute option combo of figures without a partner.
/// attribute_option_combo = "HllvX50cXC0"
/// # Optional: the org unit of figures without a country (the whole
/// # organisation). Without it such figures are refused.
/// org_unit = "ImspTQPwCqd"
/// # Optional: the only DHIS2 period types to write (the data set's
/// # period type, and those the server knows); without it, every type.
/// period_types = ["Monthly", "FinancialSep"]
///
/// # The org unit of each country, by ISO 3166-1 code or name.
/// [countries]
/// GB = "GBorgUnit01"
/// BD = "BDorgUnit01"
///
/// # The attribute option combo of each partner of joint operations.
/// [partners]
/// "LIFT International" = "LIFTaoc0001"
///
/// # Each indicator, under one channel or (without `channel`) for figures
/// # that have none: a count has a `data_element` (and optionally its
/// # `category_option_combo`) ...
/// [[indicators]]
/// indicator = "victims_removed"
/// channel = "direct"
/// data_element = "victimsRem1"
/// category_option_combo = "directCoc01"
///
/// # ... and a rate a `numerator` and a `denominator`, each a data element
/// # with an optional category option combo.
/// [[indicators]]
/// indicator = "re_trafficking_rate"
/// channel = "direct"
/// numerator = { data_element = "reTrafNum01" }
/// denominator = { data_element = "reTrafDen01" }
/// ```
///
/// ```
/// # #[cfg(feature = "dhis2")] {
/// use impact_metrics::{Channel, Country, Indicator, dhis2::{Element, Mapping}};
///
/// let text = r#"
/// [countries]
/// GB = "GBorgUnit01"
///
/// [[indicators]]
/// indicator = "victims_removed"
/// channel = "direct"
/// data_element = "victimsRem1"
/// "#;
/// let mapping = Mapping::from_toml(text)?;
/// let built = Mapping::new()
///     .with_country(Country::GB, "GBorgUnit01")?
///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?)?;
/// assert_eq!(mapping, built);
/// # }
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "MappingFile", into = "MappingFile")]
pub struct Mapping {
    data_set: Option<String>,
    complete_date: Option<NaiveDate>,
    default_combo: Option<String>,
    default_attribute: Option<String>,
    default_org_unit: Option<String>,
    period_types: Option<Vec<PeriodType>>,
    countries: BTreeMap<Country, String>,
    partners: BTreeMap<Partner, String>,
    entries: Vec<Entry>,
}

/// A [`Mapping`] as written in a file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_set: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    complete_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category_option_combo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribute_option_combo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org_unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period_types: Option<Vec<PeriodType>>,
    #[serde(default)]
    countries: BTreeMap<String, String>,
    #[serde(default)]
    partners: BTreeMap<String, String>,
    #[serde(default)]
    indicators: Vec<EntryFile>,
}

/// One entry of a mapping file's `indicators`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    indicator: Indicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_element: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category_option_combo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numerator: Option<Element>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    denominator: Option<Element>,
}

impl TryFrom<MappingFile> for Mapping {
    type Error = Error;
    fn try_from(file: MappingFile) -> Result<Mapping> {
        let mut mapping = Mapping::new();
        if let Some(data_set) = &file.data_set {
            mapping = mapping.with_data_set(data_set)?;
        }
        if let Some(date) = &file.complete_date {
            let date =
                NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| Error::InvalidMapping {
                    reason: format!("complete_date {date:?} is not a date written yyyy-mm-dd"),
                })?;
            mapping = mapping.with_complete_date(date);
        }
        if let Some(combo) = &file.category_option_combo {
            mapping = mapping.with_default_combo(combo)?;
        }
        if let Some(attribute) = &file.attribute_option_combo {
            mapping = mapping.with_default_attribute(attribute)?;
        }
        if let Some(org_unit) = &file.org_unit {
            mapping = mapping.with_default_org_unit(org_unit)?;
        }
        if let Some(types) = file.period_types {
            mapping = mapping.with_period_types(types)?;
        }
        for (country, org_unit) in &file.countries {
            let country: Country = country.parse().map_err(|e: Error| Error::InvalidMapping {
                reason: format!("countries: {e}"),
            })?;
            mapping = mapping.with_country(country, org_unit)?;
        }
        for (partner, attribute) in &file.partners {
            let partner: Partner = partner.parse().map_err(|e: Error| Error::InvalidMapping {
                reason: format!("partners: {e}"),
            })?;
            mapping = mapping.with_partner(partner, attribute)?;
        }
        for entry in file.indicators {
            let what = entry_name(entry.indicator, entry.channel);
            mapping = match (entry.data_element, entry.numerator, entry.denominator) {
                (Some(data_element), None, None) => {
                    let mut element = Element::new(&data_element)?;
                    if let Some(combo) = &entry.category_option_combo {
                        element = element.with_combo(combo)?;
                    }
                    mapping.with_count(entry.indicator, entry.channel, element)?
                }
                (None, Some(numerator), Some(denominator))
                    if entry.category_option_combo.is_none() =>
                {
                    mapping.with_rate(entry.indicator, entry.channel, numerator, denominator)?
                }
                (None, Some(_), Some(_)) => {
                    return Err(Error::InvalidMapping {
                        reason: format!(
                            "{what}: a rate's category option combos go in its numerator and denominator"
                        ),
                    });
                }
                (None, None, None) => {
                    return Err(Error::InvalidMapping {
                        reason: format!(
                            "{what}: give a data_element (for a count) or a numerator and a denominator (for a rate)"
                        ),
                    });
                }
                (None, Some(_), None) | (None, None, Some(_)) => {
                    return Err(Error::InvalidMapping {
                        reason: format!("{what}: a rate needs both a numerator and a denominator"),
                    });
                }
                (Some(_), _, _) => {
                    return Err(Error::InvalidMapping {
                        reason: format!(
                            "{what}: give either a data_element (for a count) or a numerator and a denominator (for a rate), not both"
                        ),
                    });
                }
            };
        }
        Ok(mapping)
    }
}

impl From<Mapping> for MappingFile {
    fn from(mapping: Mapping) -> MappingFile {
        MappingFile {
            data_set: mapping.data_set,
            complete_date: mapping.complete_date.map(|d| d.to_string()),
            category_option_combo: mapping.default_combo,
            attribute_option_combo: mapping.default_attribute,
            org_unit: mapping.default_org_unit,
            period_types: mapping.period_types,
            countries: mapping
                .countries
                .into_iter()
                .map(|(c, o)| (c.to_string(), o))
                .collect(),
            partners: mapping
                .partners
                .into_iter()
                .map(|(p, a)| (p.as_str().to_string(), a))
                .collect(),
            indicators: mapping
                .entries
                .into_iter()
                .map(|entry| match entry.target {
                    Target::Count(element) => EntryFile {
                        indicator: entry.indicator,
                        channel: entry.channel,
                        data_element: Some(element.data_element),
                        category_option_combo: element.combo,
                        numerator: None,
                        denominator: None,
                    },
                    Target::Rate {
                        numerator,
                        denominator,
                    } => EntryFile {
                        indicator: entry.indicator,
                        channel: entry.channel,
                        data_element: None,
                        category_option_combo: None,
                        numerator: Some(numerator),
                        denominator: Some(denominator),
                    },
                })
                .collect(),
        }
    }
}

/// An indicator under a channel, as a message names it.
pub(crate) fn entry_name(indicator: Indicator, channel: Option<Channel>) -> String {
    match channel {
        Some(channel) => format!("indicator {indicator} under channel {channel}"),
        None => format!("indicator {indicator} without a channel"),
    }
}

impl Mapping {
    /// An empty mapping: nothing can be written until indicators and
    /// countries (or a default org unit) are added.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert!(Mapping::new().data_set().is_none());
    /// ```
    #[must_use]
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Reads a mapping file in TOML.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] saying what is wrong: TOML that cannot be
    /// read, an unknown field, a country or partner that cannot be read,
    /// an identifier used twice.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// let mapping = Mapping::from_toml("org_unit = \"ImspTQPwCqd\"")?;
    /// assert_eq!(mapping.default_org_unit(), Some("ImspTQPwCqd"));
    /// assert!(Mapping::from_toml("org_units = 1").is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Mapping> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|span| text.get(..span.start).unwrap_or("").matches('\n').count() + 1);
            Error::InvalidMapping {
                reason: match line {
                    Some(line) => format!("line {line}: {}", e.message()),
                    None => e.message().to_string(),
                },
            }
        })
    }

    /// Reads a mapping file in JSON: the fields of the TOML form in one
    /// object.
    ///
    /// # Errors
    ///
    /// As [`Mapping::from_toml`].
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// let mapping = Mapping::from_json(r#"{"countries": {"GB": "GBorgUnit01"}}"#)?;
    /// assert_eq!(mapping.org_unit(impact_metrics::Country::GB), Some("GBorgUnit01"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Mapping> {
        serde_json::from_str(text).map_err(|e| Error::InvalidMapping {
            reason: e.to_string(),
        })
    }

    /// Sets the data set written in a JSON payload's `dataSet`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().with_data_set("pBOMPrpg1QX")?.data_set(), Some("pBOMPrpg1QX"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_data_set(mut self, data_set: &str) -> Result<Mapping> {
        self.data_set = Some(identifier("data set", data_set)?);
        Ok(self)
    }

    /// Sets the date written in a JSON payload's `completeDate`.
    ///
    /// ```
    /// use impact_metrics::{NaiveDate, dhis2::Mapping};
    /// let date = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
    /// assert_eq!(Mapping::new().with_complete_date(date).complete_date(), Some(date));
    /// ```
    #[must_use]
    pub fn with_complete_date(mut self, date: NaiveDate) -> Mapping {
        self.complete_date = Some(date);
        self
    }

    /// Sets the server's default category option combo: written for every
    /// element that names none, and read back as none.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, or when an
    /// element that names none and one that names this combo would then be
    /// the same cell.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().with_default_combo("HllvX50cXC0")?.default_combo(), Some("HllvX50cXC0"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_default_combo(mut self, combo: &str) -> Result<Mapping> {
        self.default_combo = Some(identifier("category option combo", combo)?);
        self.check_elements()?;
        Ok(self)
    }

    /// Sets the attribute option combo of figures without a partner.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, or one a partner
    /// already has.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().with_default_attribute("HllvX50cXC0")?.default_attribute(), Some("HllvX50cXC0"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_default_attribute(mut self, attribute: &str) -> Result<Mapping> {
        let attribute = identifier("attribute option combo", attribute)?;
        if let Some((partner, _)) = self.partners.iter().find(|(_, a)| **a == attribute) {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "attribute option combo {attribute:?} is partner {partner}'s; figures without a partner need another"
                ),
            });
        }
        self.default_attribute = Some(attribute);
        Ok(self)
    }

    /// Sets the org unit of figures without a country.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, or one a country
    /// already has.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().with_default_org_unit("ImspTQPwCqd")?.default_org_unit(), Some("ImspTQPwCqd"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_default_org_unit(mut self, org_unit: &str) -> Result<Mapping> {
        let org_unit = identifier("org unit", org_unit)?;
        if let Some((country, _)) = self.countries.iter().find(|(_, o)| **o == org_unit) {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "org unit {org_unit:?} is country {country}'s; figures without a country need another"
                ),
            });
        }
        self.default_org_unit = Some(org_unit);
        Ok(self)
    }

    /// Restricts the periods written to DHIS2 period types of `types`
    /// (the data set's period type, or the types an older server knows): a
    /// figure whose months are a period of another type is refused.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty list.
    ///
    /// ```
    /// use impact_metrics::dhis2::{Mapping, PeriodType};
    /// let mapping = Mapping::new().with_period_types([PeriodType::Monthly])?;
    /// assert_eq!(mapping.period_types(), Some(&[PeriodType::Monthly][..]));
    /// assert!(Mapping::new().with_period_types([]).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_period_types(
        mut self,
        types: impl IntoIterator<Item = PeriodType>,
    ) -> Result<Mapping> {
        let mut list: Vec<PeriodType> = Vec::new();
        for t in types {
            if !list.contains(&t) {
                list.push(t);
            }
        }
        if list.is_empty() {
            return Err(Error::InvalidMapping {
                reason: "period_types is empty: name at least one DHIS2 period type, or leave it out to allow all".to_string(),
            });
        }
        self.period_types = Some(list);
        Ok(self)
    }

    /// The DHIS2 period types the mapping allows, if it restricts them.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().period_types(), None);
    /// ```
    #[must_use]
    pub fn period_types(&self) -> Option<&[PeriodType]> {
        self.period_types.as_deref()
    }

    /// Sets a country's org unit.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, a country given
    /// twice, or an org unit another country (or the default) already has.
    ///
    /// ```
    /// use impact_metrics::{Country, dhis2::Mapping};
    /// let mapping = Mapping::new().with_country(Country::GB, "GBorgUnit01")?;
    /// assert!(mapping.clone().with_country(Country::BD, "GBorgUnit01").is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_country(mut self, country: Country, org_unit: &str) -> Result<Mapping> {
        let org_unit = identifier("org unit", org_unit)?;
        if self.countries.contains_key(&country) {
            return Err(Error::InvalidMapping {
                reason: format!("country {country} is given two org units"),
            });
        }
        if let Some((other, _)) = self.countries.iter().find(|(_, o)| **o == org_unit) {
            return Err(Error::InvalidMapping {
                reason: format!("org unit {org_unit:?} is given to both {other} and {country}"),
            });
        }
        if self.default_org_unit.as_deref() == Some(org_unit.as_str()) {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "org unit {org_unit:?} is both country {country}'s and the one for figures without a country"
                ),
            });
        }
        self.countries.insert(country, org_unit);
        Ok(self)
    }

    /// Sets a partner's attribute option combo.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] for an empty identifier, a partner given
    /// twice, or a combo another partner (or the default) already has.
    ///
    /// ```
    /// use impact_metrics::{Partner, dhis2::Mapping};
    /// let mapping = Mapping::new().with_partner(Partner::new("Vihaan")?, "VIHAANaoc01")?;
    /// assert_eq!(mapping.attribute(&Partner::new("Vihaan")?), Some("VIHAANaoc01"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_partner(mut self, partner: Partner, attribute: &str) -> Result<Mapping> {
        let attribute = identifier("attribute option combo", attribute)?;
        if self.partners.contains_key(&partner) {
            return Err(Error::InvalidMapping {
                reason: format!("partner {partner} is given two attribute option combos"),
            });
        }
        if let Some((other, _)) = self.partners.iter().find(|(_, a)| **a == attribute) {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "attribute option combo {attribute:?} is given to both {other} and {partner}"
                ),
            });
        }
        if self.default_attribute.as_deref() == Some(attribute.as_str()) {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "attribute option combo {attribute:?} is both partner {partner}'s and the one for figures without a partner"
                ),
            });
        }
        self.partners.insert(partner, attribute);
        Ok(self)
    }

    /// Maps a count indicator, under `channel` (or for figures without a
    /// channel, with `None`), to a data element.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] when the indicator and channel are already
    /// mapped, or the element is already another's.
    ///
    /// ```
    /// use impact_metrics::{Channel, Indicator, dhis2::{Element, Mapping}};
    /// let mapping = Mapping::new()
    ///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?.with_combo("direct00001")?)?
    ///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Joint), Element::new("victimsRem1")?.with_combo("joint000001")?)?;
    /// assert!(mapping.target(Indicator::VICTIMS_REMOVED, Some(Channel::Joint)).is_some());
    /// assert!(mapping.target(Indicator::VICTIMS_REMOVED, None).is_none());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_count(
        self,
        indicator: Indicator,
        channel: Option<Channel>,
        element: Element,
    ) -> Result<Mapping> {
        self.with_entry(Entry {
            indicator,
            channel,
            target: Target::Count(element),
        })
    }

    /// Maps a rate indicator, under `channel` (or for figures without a
    /// channel), to the data elements of its numerator and denominator.
    ///
    /// # Errors
    ///
    /// As [`Mapping::with_count`], and when the numerator and denominator
    /// are the same element.
    ///
    /// ```
    /// use impact_metrics::{Channel, Indicator, dhis2::{Element, Mapping}};
    /// let mapping = Mapping::new().with_rate(
    ///     Indicator::RE_TRAFFICKING_RATE,
    ///     Some(Channel::Direct),
    ///     Element::new("reTrafNum01")?,
    ///     Element::new("reTrafDen01")?,
    /// )?;
    /// assert!(mapping.target(Indicator::RE_TRAFFICKING_RATE, Some(Channel::Direct)).is_some());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_rate(
        self,
        indicator: Indicator,
        channel: Option<Channel>,
        numerator: Element,
        denominator: Element,
    ) -> Result<Mapping> {
        self.with_entry(Entry {
            indicator,
            channel,
            target: Target::Rate {
                numerator,
                denominator,
            },
        })
    }

    /// Adds an entry after checking it.
    fn with_entry(mut self, entry: Entry) -> Result<Mapping> {
        if self
            .entries
            .iter()
            .any(|e| e.indicator == entry.indicator && e.channel == entry.channel)
        {
            return Err(Error::InvalidMapping {
                reason: format!(
                    "{} is mapped twice",
                    entry_name(entry.indicator, entry.channel)
                ),
            });
        }
        self.entries.push(entry);
        self.check_elements()?;
        Ok(self)
    }

    /// Checks that no two elements are the same cell.
    fn check_elements(&self) -> Result<()> {
        let mut seen: BTreeMap<(&str, Option<&str>), String> = BTreeMap::new();
        for entry in &self.entries {
            for element in entry.target.elements() {
                let key = self.cell(element);
                let name = entry_name(entry.indicator, entry.channel);
                if let Some(other) = seen.insert(key, name.clone()) {
                    let same = if other == name {
                        format!(
                            "{name} has the same data element for its numerator and denominator"
                        )
                    } else {
                        format!(
                            "{other} and {name} have the same data element and category option combo"
                        )
                    };
                    return Err(Error::InvalidMapping {
                        reason: format!("{same} ({:?})", element.data_element),
                    });
                }
            }
        }
        Ok(())
    }

    /// The DHIS2 cell of an element: its data element, and its category
    /// option combo or the default.
    pub(crate) fn cell<'a>(&'a self, element: &'a Element) -> (&'a str, Option<&'a str>) {
        (
            element.data_element.as_str(),
            element.combo.as_deref().or(self.default_combo.as_deref()),
        )
    }

    /// The data set written in a JSON payload, if any.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().data_set(), None);
    /// ```
    #[must_use]
    pub fn data_set(&self) -> Option<&str> {
        self.data_set.as_deref()
    }

    /// The complete date written in a JSON payload, if any.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().complete_date(), None);
    /// ```
    #[must_use]
    pub fn complete_date(&self) -> Option<NaiveDate> {
        self.complete_date
    }

    /// The default category option combo, if any.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().default_combo(), None);
    /// ```
    #[must_use]
    pub fn default_combo(&self) -> Option<&str> {
        self.default_combo.as_deref()
    }

    /// The attribute option combo of figures without a partner, if any.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().default_attribute(), None);
    /// ```
    #[must_use]
    pub fn default_attribute(&self) -> Option<&str> {
        self.default_attribute.as_deref()
    }

    /// The org unit of figures without a country, if any.
    ///
    /// ```
    /// use impact_metrics::dhis2::Mapping;
    /// assert_eq!(Mapping::new().default_org_unit(), None);
    /// ```
    #[must_use]
    pub fn default_org_unit(&self) -> Option<&str> {
        self.default_org_unit.as_deref()
    }

    /// A country's org unit, if mapped.
    ///
    /// ```
    /// use impact_metrics::{Country, dhis2::Mapping};
    /// assert_eq!(Mapping::new().org_unit(Country::GB), None);
    /// ```
    #[must_use]
    pub fn org_unit(&self, country: Country) -> Option<&str> {
        self.countries.get(&country).map(String::as_str)
    }

    /// A partner's attribute option combo, if mapped.
    ///
    /// ```
    /// use impact_metrics::{Partner, dhis2::Mapping};
    /// assert_eq!(Mapping::new().attribute(&Partner::new("Vihaan")?), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn attribute(&self, partner: &Partner) -> Option<&str> {
        self.partners.get(partner).map(String::as_str)
    }

    /// Where an indicator's figures under `channel` (or without a channel)
    /// go, if mapped.
    ///
    /// ```
    /// use impact_metrics::{Indicator, dhis2::Mapping};
    /// assert!(Mapping::new().target(Indicator::VICTIMS_REMOVED, None).is_none());
    /// ```
    #[must_use]
    pub fn target(&self, indicator: Indicator, channel: Option<Channel>) -> Option<&Target> {
        self.entries
            .iter()
            .find(|e| e.indicator == indicator && e.channel == channel)
            .map(|e| &e.target)
    }

    /// Every mapped indicator and channel with its target, in the order
    /// they were added.
    pub(crate) fn entries(
        &self,
    ) -> impl Iterator<Item = (Indicator, Option<Channel>, &Target)> + '_ {
        self.entries
            .iter()
            .map(|e| (e.indicator, e.channel, &e.target))
    }

    /// Every mapped country with its org unit.
    pub(crate) fn countries(&self) -> impl Iterator<Item = (Country, &str)> + '_ {
        self.countries.iter().map(|(c, o)| (*c, o.as_str()))
    }

    /// Every mapped partner with its attribute option combo.
    pub(crate) fn partners(&self) -> impl Iterator<Item = (&Partner, &str)> + '_ {
        self.partners.iter().map(|(p, a)| (p, a.as_str()))
    }
}
