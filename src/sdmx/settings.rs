//! Which structure a file is written for and read as.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::cells::excerpt;

/// An SDMX structure's identity, `AGENCY:ID(VERSION)`, as the
/// `STRUCTURE_ID` column writes it: by default
/// `IMPACT:ANTI_TRAFFICKING(1.0)`, the crate's data structure. A
/// structure without a version (SDMX 3.0 allows one) is `AGENCY:ID`.
///
/// `Display` and `FromStr` share one grammar, and serde reads the same
/// text. Agency ids are letters, digits, `_`, `-`, `@`, `$` and `.` (for
/// nested agencies); ids the same without `.`; versions letters, digits,
/// `.`, `+` and `-`.
///
/// ```
/// use impact_metrics::sdmx::Structure;
///
/// let structure: Structure = "UNODC:DF_TIP(2.1.0)".parse()?;
/// assert_eq!(structure.agency(), "UNODC");
/// assert_eq!(structure.id(), "DF_TIP");
/// assert_eq!(structure.version(), Some("2.1.0"));
/// assert_eq!(structure.to_string(), "UNODC:DF_TIP(2.1.0)");
/// assert_eq!(Structure::default().to_string(), "IMPACT:ANTI_TRAFFICKING(1.0)");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Structure {
    agency: String,
    id: String,
    version: Option<String>,
}

impl Structure {
    /// The agency that maintains the structure.
    ///
    /// ```
    /// use impact_metrics::sdmx::Structure;
    /// assert_eq!(Structure::default().agency(), "IMPACT");
    /// ```
    #[must_use]
    pub fn agency(&self) -> &str {
        &self.agency
    }

    /// The structure's id.
    ///
    /// ```
    /// use impact_metrics::sdmx::Structure;
    /// assert_eq!(Structure::default().id(), "ANTI_TRAFFICKING");
    /// ```
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The structure's version, if it has one.
    ///
    /// ```
    /// use impact_metrics::sdmx::Structure;
    /// assert_eq!(Structure::default().version(), Some("1.0"));
    /// ```
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }
}

impl Default for Structure {
    fn default() -> Structure {
        Structure {
            agency: "IMPACT".to_string(),
            id: "ANTI_TRAFFICKING".to_string(),
            version: Some("1.0".to_string()),
        }
    }
}

impl fmt::Display for Structure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.agency, self.id)?;
        if let Some(version) = &self.version {
            write!(f, "({version})")?;
        }
        Ok(())
    }
}

/// Whether `text` is non-empty and every character passes `allowed`.
fn made_of(text: &str, allowed: impl Fn(char) -> bool) -> bool {
    !text.is_empty() && text.chars().all(allowed)
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@' | '$')
}

impl FromStr for Structure {
    type Err = Error;

    /// Reads `AGENCY:ID(VERSION)` or `AGENCY:ID`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidStructure`] quoting the text, for text of another
    /// shape or with a character an SDMX id does not have.
    fn from_str(text: &str) -> Result<Structure> {
        let refuse = |reason: &str| Error::InvalidStructure {
            input: excerpt(text).into_owned(),
            reason: reason.to_string(),
        };
        let shape =
            "a structure is written AGENCY:ID(VERSION), such as IMPACT:ANTI_TRAFFICKING(1.0)";
        let trimmed = text.trim();
        let (agency, rest) = trimmed.split_once(':').ok_or_else(|| refuse(shape))?;
        let (id, version) = match rest.split_once('(') {
            Some((id, version)) => {
                let version = version.strip_suffix(')').ok_or_else(|| refuse(shape))?;
                (id, Some(version))
            }
            None => (rest, None),
        };
        if !made_of(agency, |c| id_char(c) || c == '.') {
            return Err(refuse(
                "the agency is letters, digits, '_', '-', '@', '$' and '.'",
            ));
        }
        if !made_of(id, id_char) {
            return Err(refuse("the id is letters, digits, '_', '-', '@' and '$'"));
        }
        if let Some(version) = version {
            if !made_of(version, |c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')
            }) {
                return Err(refuse(
                    "the version is letters, digits, '.', '+' and '-', such as 1.0",
                ));
            }
        }
        Ok(Structure {
            agency: agency.to_string(),
            id: id.to_string(),
            version: version.map(str::to_string),
        })
    }
}

impl<'de> Deserialize<'de> for Structure {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Structure, D::Error> {
        deserializer.deserialize_str(crate::period::FromStrVisitor::new(
            "an SDMX structure such as IMPACT:ANTI_TRAFFICKING(1.0)",
        ))
    }
}

/// The kind of SDMX artefact a structure is, as the `STRUCTURE` column
/// writes it. Its serde form is the same word.
///
/// ```
/// use impact_metrics::sdmx::Artefact;
/// assert_eq!(Artefact::Dataflow.code(), "dataflow");
/// assert_eq!("datastructure".parse::<Artefact>()?, Artefact::DataStructure);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Artefact {
    /// A dataflow (`dataflow`), the usual target of a data message.
    #[default]
    Dataflow,
    /// A data structure definition (`datastructure`).
    #[serde(rename = "datastructure")]
    DataStructure,
    /// A data provision agreement (`dataprovision`).
    #[serde(rename = "dataprovision")]
    DataProvision,
}

impl Artefact {
    /// The word the `STRUCTURE` column writes.
    ///
    /// ```
    /// use impact_metrics::sdmx::Artefact;
    /// assert_eq!(Artefact::DataProvision.code(), "dataprovision");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Artefact::Dataflow => "dataflow",
            Artefact::DataStructure => "datastructure",
            Artefact::DataProvision => "dataprovision",
        }
    }
}

impl fmt::Display for Artefact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Artefact {
    type Err = Error;

    /// Reads `dataflow`, `datastructure` or `dataprovision`, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidStructure`] for any other text.
    fn from_str(text: &str) -> Result<Artefact> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dataflow" => Ok(Artefact::Dataflow),
            "datastructure" => Ok(Artefact::DataStructure),
            "dataprovision" => Ok(Artefact::DataProvision),
            _ => Err(Error::InvalidStructure {
                input: excerpt(text).into_owned(),
                reason: "the kind of structure is dataflow, datastructure or dataprovision"
                    .to_string(),
            }),
        }
    }
}

/// How figures are written as SDMX-CSV and which structure a file is read
/// as: the [`Structure`] (`STRUCTURE_ID`) and the [`Artefact`] it is
/// (`STRUCTURE`).
///
/// In a settings file (TOML), both fields are optional:
///
/// ```toml
/// structure = "IMPACT:ANTI_TRAFFICKING(1.0)"  # STRUCTURE_ID, AGENCY:ID(VERSION)
/// artefact = "dataflow"                       # or "datastructure", "dataprovision"
/// ```
///
/// ```
/// use impact_metrics::sdmx::{Artefact, Settings};
///
/// let settings = Settings::new()
///     .with_structure("UNODC:DF_TIP(2.1.0)".parse()?)
///     .with_artefact(Artefact::DataStructure);
/// assert_eq!(settings.structure().to_string(), "UNODC:DF_TIP(2.1.0)");
/// assert_eq!(settings.artefact(), Artefact::DataStructure);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    structure: Structure,
    artefact: Artefact,
}

impl Settings {
    /// The crate's structure, `IMPACT:ANTI_TRAFFICKING(1.0)`, as a
    /// dataflow.
    ///
    /// ```
    /// use impact_metrics::sdmx::{Settings, Structure};
    /// assert_eq!(Settings::new().structure(), &Structure::default());
    /// ```
    #[must_use]
    pub fn new() -> Settings {
        Settings::default()
    }

    /// Writes and reads files of another structure id (the same
    /// components).
    ///
    /// ```
    /// use impact_metrics::sdmx::Settings;
    /// let settings = Settings::new().with_structure("NGO:IMPACT(2.0)".parse()?);
    /// assert_eq!(settings.structure().agency(), "NGO");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_structure(mut self, structure: Structure) -> Settings {
        self.structure = structure;
        self
    }

    /// Writes the structure as another kind of artefact.
    ///
    /// ```
    /// use impact_metrics::sdmx::{Artefact, Settings};
    /// assert_eq!(Settings::new().with_artefact(Artefact::DataStructure).artefact(), Artefact::DataStructure);
    /// ```
    #[must_use]
    pub fn with_artefact(mut self, artefact: Artefact) -> Settings {
        self.artefact = artefact;
        self
    }

    /// The structure written as `STRUCTURE_ID`, and the one read.
    ///
    /// ```
    /// use impact_metrics::sdmx::Settings;
    /// assert_eq!(Settings::new().structure().to_string(), "IMPACT:ANTI_TRAFFICKING(1.0)");
    /// ```
    #[must_use]
    pub fn structure(&self) -> &Structure {
        &self.structure
    }

    /// The kind of artefact written as `STRUCTURE`.
    ///
    /// ```
    /// use impact_metrics::sdmx::{Artefact, Settings};
    /// assert_eq!(Settings::new().artefact(), Artefact::Dataflow);
    /// ```
    #[must_use]
    pub fn artefact(&self) -> Artefact {
        self.artefact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structures_read_back_and_bad_ones_say_why() {
        for text in [
            "IMPACT:ANTI_TRAFFICKING(1.0)",
            "SDMX.ECB:EXR(1.0.0+draft)",
            "A:B",
        ] {
            assert_eq!(text.parse::<Structure>().unwrap().to_string(), text);
        }
        for (text, reason) in [
            ("ANTI_TRAFFICKING", "AGENCY:ID(VERSION)"),
            ("IMPACT:ANTI TRAFFICKING(1.0)", "the id"),
            ("IMPACT:ANTI_TRAFFICKING(1.0", "AGENCY:ID(VERSION)"),
            ("IMPACT:X()", "the version"),
            (":X(1.0)", "the agency"),
        ] {
            let message = text.parse::<Structure>().unwrap_err().to_string();
            assert!(message.contains(reason), "{text:?}: {message}");
        }
    }

    #[test]
    fn settings_load_from_toml() {
        let settings: Settings =
            toml::from_str("structure = \"NGO:IMPACT(2.0)\"\nartefact = \"dataprovision\"\n")
                .unwrap();
        assert_eq!(settings.structure().to_string(), "NGO:IMPACT(2.0)");
        assert_eq!(settings.artefact(), Artefact::DataProvision);
        let empty: Settings = toml::from_str("").unwrap();
        assert_eq!(empty, Settings::new());
        assert!(toml::from_str::<Settings>("structure = \"X\"").is_err());
        assert!(toml::from_str::<Settings>("agency = \"X\"").is_err());
    }
}
