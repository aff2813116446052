//! Countries, as ISO 3166-1 defines them.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::error::{Error, Result};

/// A country, dependent territory or special area with an officially
/// assigned ISO 3166-1 code: all 249 of them.
///
/// Each country has an associated constant named by its alpha-2 code
/// ([`Country::GB`], [`Country::BD`], [`Country::RO`], [`Country::TH`],
/// [`Country::IN`], ...), an alpha-3 code, a numeric code and an English
/// short name. A `Country` can only be one of those 249, so its accessors
/// never fail.
///
/// # Text form
///
/// [`Display`](fmt::Display) writes the alpha-2 code, and [`FromStr`] reads
/// it back; `FromStr` also accepts the alpha-3 code, the numeric code, the
/// English name and a few names people commonly write instead (`"UK"`,
/// `"Vietnam"`, ...), as its documentation lists. Serde goes through the
/// same pair: a `Country` serializes as its alpha-2 code and deserializes
/// from anything `FromStr` accepts.
///
/// # Order
///
/// `Ord` sorts countries by alpha-2 code (`AD` < `AE` < ... < `ZW`), the
/// order of [`Country::all`]. It is a convenient, stable order for tables,
/// not a ranking.
///
/// # Example
///
/// ```
/// use impact_metrics::Country;
///
/// let uk: Country = "UK".parse()?;
/// assert_eq!(uk, Country::GB);
/// assert_eq!(uk.alpha2(), "GB");
/// assert_eq!(uk.alpha3(), "GBR");
/// assert_eq!(uk.numeric(), 826);
/// assert_eq!(uk.name(), "United Kingdom");
/// assert_eq!(uk.to_string(), "GB");
/// assert_eq!(format!("{uk:?}"), "Country(GB)");
/// assert!(Country::BD < Country::GB);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(&'static Entry);

/// One row of the ISO 3166-1 table. The alpha-2 code comes first, so the
/// derived order is the alpha-2 order; the codes are unique, so the other
/// fields never decide a comparison.
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Entry {
    alpha2: &'static str,
    alpha3: &'static str,
    numeric: u16,
    name: &'static str,
}

/// Builds the constant for one row of the table.
macro_rules! entry {
    ($alpha2:literal, $alpha3:literal, $numeric:literal, $name:literal) => {
        Country(&Entry {
            alpha2: $alpha2,
            alpha3: $alpha3,
            numeric: $numeric,
            name: $name,
        })
    };
}

/// The ISO 3166-1 table: one constant per officially assigned code, named by
/// the alpha-2 code. The English short names are those of the Debian
/// `iso-codes` database (4.15), which follows the ISO 3166 Maintenance Agency.
///
/// ```
/// use impact_metrics::Country;
///
/// assert_eq!(Country::BD.name(), "Bangladesh");
/// assert_eq!(Country::TH.alpha3(), "THA");
/// assert_eq!(Country::IN.numeric(), 356);
/// ```
impl Country {
    /// Andorra: `AD`, `AND`, `020`.
    pub const AD: Country = entry!("AD", "AND", 20, "Andorra");
    /// United Arab Emirates: `AE`, `ARE`, `784`.
    pub const AE: Country = entry!("AE", "ARE", 784, "United Arab Emirates");
    /// Afghanistan: `AF`, `AFG`, `004`.
    pub const AF: Country = entry!("AF", "AFG", 4, "Afghanistan");
    /// Antigua and Barbuda: `AG`, `ATG`, `028`.
    pub const AG: Country = entry!("AG", "ATG", 28, "Antigua and Barbuda");
    /// Anguilla: `AI`, `AIA`, `660`.
    pub const AI: Country = entry!("AI", "AIA", 660, "Anguilla");
    /// Albania: `AL`, `ALB`, `008`.
    pub const AL: Country = entry!("AL", "ALB", 8, "Albania");
    /// Armenia: `AM`, `ARM`, `051`.
    pub const AM: Country = entry!("AM", "ARM", 51, "Armenia");
    /// Angola: `AO`, `AGO`, `024`.
    pub const AO: Country = entry!("AO", "AGO", 24, "Angola");
    /// Antarctica: `AQ`, `ATA`, `010`.
    pub const AQ: Country = entry!("AQ", "ATA", 10, "Antarctica");
    /// Argentina: `AR`, `ARG`, `032`.
    pub const AR: Country = entry!("AR", "ARG", 32, "Argentina");
    /// American Samoa: `AS`, `ASM`, `016`.
    pub const AS: Country = entry!("AS", "ASM", 16, "American Samoa");
    /// Austria: `AT`, `AUT`, `040`.
    pub const AT: Country = entry!("AT", "AUT", 40, "Austria");
    /// Australia: `AU`, `AUS`, `036`.
    pub const AU: Country = entry!("AU", "AUS", 36, "Australia");
    /// Aruba: `AW`, `ABW`, `533`.
    pub const AW: Country = entry!("AW", "ABW", 533, "Aruba");
    /// Åland Islands: `AX`, `ALA`, `248`.
    pub const AX: Country = entry!("AX", "ALA", 248, "Åland Islands");
    /// Azerbaijan: `AZ`, `AZE`, `031`.
    pub const AZ: Country = entry!("AZ", "AZE", 31, "Azerbaijan");
    /// Bosnia and Herzegovina: `BA`, `BIH`, `070`.
    pub const BA: Country = entry!("BA", "BIH", 70, "Bosnia and Herzegovina");
    /// Barbados: `BB`, `BRB`, `052`.
    pub const BB: Country = entry!("BB", "BRB", 52, "Barbados");
    /// Bangladesh: `BD`, `BGD`, `050`.
    pub const BD: Country = entry!("BD", "BGD", 50, "Bangladesh");
    /// Belgium: `BE`, `BEL`, `056`.
    pub const BE: Country = entry!("BE", "BEL", 56, "Belgium");
    /// Burkina Faso: `BF`, `BFA`, `854`.
    pub const BF: Country = entry!("BF", "BFA", 854, "Burkina Faso");
    /// Bulgaria: `BG`, `BGR`, `100`.
    pub const BG: Country = entry!("BG", "BGR", 100, "Bulgaria");
    /// Bahrain: `BH`, `BHR`, `048`.
    pub const BH: Country = entry!("BH", "BHR", 48, "Bahrain");
    /// Burundi: `BI`, `BDI`, `108`.
    pub const BI: Country = entry!("BI", "BDI", 108, "Burundi");
    /// Benin: `BJ`, `BEN`, `204`.
    pub const BJ: Country = entry!("BJ", "BEN", 204, "Benin");
    /// Saint Barthélemy: `BL`, `BLM`, `652`.
    pub const BL: Country = entry!("BL", "BLM", 652, "Saint Barthélemy");
    /// Bermuda: `BM`, `BMU`, `060`.
    pub const BM: Country = entry!("BM", "BMU", 60, "Bermuda");
    /// Brunei Darussalam: `BN`, `BRN`, `096`.
    pub const BN: Country = entry!("BN", "BRN", 96, "Brunei Darussalam");
    /// Bolivia, Plurinational State of: `BO`, `BOL`, `068`.
    pub const BO: Country = entry!("BO", "BOL", 68, "Bolivia, Plurinational State of");
    /// Bonaire, Sint Eustatius and Saba: `BQ`, `BES`, `535`.
    pub const BQ: Country = entry!("BQ", "BES", 535, "Bonaire, Sint Eustatius and Saba");
    /// Brazil: `BR`, `BRA`, `076`.
    pub const BR: Country = entry!("BR", "BRA", 76, "Brazil");
    /// Bahamas: `BS`, `BHS`, `044`.
    pub const BS: Country = entry!("BS", "BHS", 44, "Bahamas");
    /// Bhutan: `BT`, `BTN`, `064`.
    pub const BT: Country = entry!("BT", "BTN", 64, "Bhutan");
    /// Bouvet Island: `BV`, `BVT`, `074`.
    pub const BV: Country = entry!("BV", "BVT", 74, "Bouvet Island");
    /// Botswana: `BW`, `BWA`, `072`.
    pub const BW: Country = entry!("BW", "BWA", 72, "Botswana");
    /// Belarus: `BY`, `BLR`, `112`.
    pub const BY: Country = entry!("BY", "BLR", 112, "Belarus");
    /// Belize: `BZ`, `BLZ`, `084`.
    pub const BZ: Country = entry!("BZ", "BLZ", 84, "Belize");
    /// Canada: `CA`, `CAN`, `124`.
    pub const CA: Country = entry!("CA", "CAN", 124, "Canada");
    /// Cocos (Keeling) Islands: `CC`, `CCK`, `166`.
    pub const CC: Country = entry!("CC", "CCK", 166, "Cocos (Keeling) Islands");
    /// Congo, The Democratic Republic of the: `CD`, `COD`, `180`.
    pub const CD: Country = entry!("CD", "COD", 180, "Congo, The Democratic Republic of the");
    /// Central African Republic: `CF`, `CAF`, `140`.
    pub const CF: Country = entry!("CF", "CAF", 140, "Central African Republic");
    /// Congo: `CG`, `COG`, `178`.
    pub const CG: Country = entry!("CG", "COG", 178, "Congo");
    /// Switzerland: `CH`, `CHE`, `756`.
    pub const CH: Country = entry!("CH", "CHE", 756, "Switzerland");
    /// Côte d'Ivoire: `CI`, `CIV`, `384`.
    pub const CI: Country = entry!("CI", "CIV", 384, "Côte d'Ivoire");
    /// Cook Islands: `CK`, `COK`, `184`.
    pub const CK: Country = entry!("CK", "COK", 184, "Cook Islands");
    /// Chile: `CL`, `CHL`, `152`.
    pub const CL: Country = entry!("CL", "CHL", 152, "Chile");
    /// Cameroon: `CM`, `CMR`, `120`.
    pub const CM: Country = entry!("CM", "CMR", 120, "Cameroon");
    /// China: `CN`, `CHN`, `156`.
    pub const CN: Country = entry!("CN", "CHN", 156, "China");
    /// Colombia: `CO`, `COL`, `170`.
    pub const CO: Country = entry!("CO", "COL", 170, "Colombia");
    /// Costa Rica: `CR`, `CRI`, `188`.
    pub const CR: Country = entry!("CR", "CRI", 188, "Costa Rica");
    /// Cuba: `CU`, `CUB`, `192`.
    pub const CU: Country = entry!("CU", "CUB", 192, "Cuba");
    /// Cabo Verde: `CV`, `CPV`, `132`.
    pub const CV: Country = entry!("CV", "CPV", 132, "Cabo Verde");
    /// Curaçao: `CW`, `CUW`, `531`.
    pub const CW: Country = entry!("CW", "CUW", 531, "Curaçao");
    /// Christmas Island: `CX`, `CXR`, `162`.
    pub const CX: Country = entry!("CX", "CXR", 162, "Christmas Island");
    /// Cyprus: `CY`, `CYP`, `196`.
    pub const CY: Country = entry!("CY", "CYP", 196, "Cyprus");
    /// Czechia: `CZ`, `CZE`, `203`.
    pub const CZ: Country = entry!("CZ", "CZE", 203, "Czechia");
    /// Germany: `DE`, `DEU`, `276`.
    pub const DE: Country = entry!("DE", "DEU", 276, "Germany");
    /// Djibouti: `DJ`, `DJI`, `262`.
    pub const DJ: Country = entry!("DJ", "DJI", 262, "Djibouti");
    /// Denmark: `DK`, `DNK`, `208`.
    pub const DK: Country = entry!("DK", "DNK", 208, "Denmark");
    /// Dominica: `DM`, `DMA`, `212`.
    pub const DM: Country = entry!("DM", "DMA", 212, "Dominica");
    /// Dominican Republic: `DO`, `DOM`, `214`.
    pub const DO: Country = entry!("DO", "DOM", 214, "Dominican Republic");
    /// Algeria: `DZ`, `DZA`, `012`.
    pub const DZ: Country = entry!("DZ", "DZA", 12, "Algeria");
    /// Ecuador: `EC`, `ECU`, `218`.
    pub const EC: Country = entry!("EC", "ECU", 218, "Ecuador");
    /// Estonia: `EE`, `EST`, `233`.
    pub const EE: Country = entry!("EE", "EST", 233, "Estonia");
    /// Egypt: `EG`, `EGY`, `818`.
    pub const EG: Country = entry!("EG", "EGY", 818, "Egypt");
    /// Western Sahara: `EH`, `ESH`, `732`.
    pub const EH: Country = entry!("EH", "ESH", 732, "Western Sahara");
    /// Eritrea: `ER`, `ERI`, `232`.
    pub const ER: Country = entry!("ER", "ERI", 232, "Eritrea");
    /// Spain: `ES`, `ESP`, `724`.
    pub const ES: Country = entry!("ES", "ESP", 724, "Spain");
    /// Ethiopia: `ET`, `ETH`, `231`.
    pub const ET: Country = entry!("ET", "ETH", 231, "Ethiopia");
    /// Finland: `FI`, `FIN`, `246`.
    pub const FI: Country = entry!("FI", "FIN", 246, "Finland");
    /// Fiji: `FJ`, `FJI`, `242`.
    pub const FJ: Country = entry!("FJ", "FJI", 242, "Fiji");
    /// Falkland Islands (Malvinas): `FK`, `FLK`, `238`.
    pub const FK: Country = entry!("FK", "FLK", 238, "Falkland Islands (Malvinas)");
    /// Micronesia, Federated States of: `FM`, `FSM`, `583`.
    pub const FM: Country = entry!("FM", "FSM", 583, "Micronesia, Federated States of");
    /// Faroe Islands: `FO`, `FRO`, `234`.
    pub const FO: Country = entry!("FO", "FRO", 234, "Faroe Islands");
    /// France: `FR`, `FRA`, `250`.
    pub const FR: Country = entry!("FR", "FRA", 250, "France");
    /// Gabon: `GA`, `GAB`, `266`.
    pub const GA: Country = entry!("GA", "GAB", 266, "Gabon");
    /// United Kingdom: `GB`, `GBR`, `826`.
    pub const GB: Country = entry!("GB", "GBR", 826, "United Kingdom");
    /// Grenada: `GD`, `GRD`, `308`.
    pub const GD: Country = entry!("GD", "GRD", 308, "Grenada");
    /// Georgia: `GE`, `GEO`, `268`.
    pub const GE: Country = entry!("GE", "GEO", 268, "Georgia");
    /// French Guiana: `GF`, `GUF`, `254`.
    pub const GF: Country = entry!("GF", "GUF", 254, "French Guiana");
    /// Guernsey: `GG`, `GGY`, `831`.
    pub const GG: Country = entry!("GG", "GGY", 831, "Guernsey");
    /// Ghana: `GH`, `GHA`, `288`.
    pub const GH: Country = entry!("GH", "GHA", 288, "Ghana");
    /// Gibraltar: `GI`, `GIB`, `292`.
    pub const GI: Country = entry!("GI", "GIB", 292, "Gibraltar");
    /// Greenland: `GL`, `GRL`, `304`.
    pub const GL: Country = entry!("GL", "GRL", 304, "Greenland");
    /// Gambia: `GM`, `GMB`, `270`.
    pub const GM: Country = entry!("GM", "GMB", 270, "Gambia");
    /// Guinea: `GN`, `GIN`, `324`.
    pub const GN: Country = entry!("GN", "GIN", 324, "Guinea");
    /// Guadeloupe: `GP`, `GLP`, `312`.
    pub const GP: Country = entry!("GP", "GLP", 312, "Guadeloupe");
    /// Equatorial Guinea: `GQ`, `GNQ`, `226`.
    pub const GQ: Country = entry!("GQ", "GNQ", 226, "Equatorial Guinea");
    /// Greece: `GR`, `GRC`, `300`.
    pub const GR: Country = entry!("GR", "GRC", 300, "Greece");
    /// South Georgia and the South Sandwich Islands: `GS`, `SGS`, `239`.
    pub const GS: Country = entry!(
        "GS",
        "SGS",
        239,
        "South Georgia and the South Sandwich Islands"
    );
    /// Guatemala: `GT`, `GTM`, `320`.
    pub const GT: Country = entry!("GT", "GTM", 320, "Guatemala");
    /// Guam: `GU`, `GUM`, `316`.
    pub const GU: Country = entry!("GU", "GUM", 316, "Guam");
    /// Guinea-Bissau: `GW`, `GNB`, `624`.
    pub const GW: Country = entry!("GW", "GNB", 624, "Guinea-Bissau");
    /// Guyana: `GY`, `GUY`, `328`.
    pub const GY: Country = entry!("GY", "GUY", 328, "Guyana");
    /// Hong Kong: `HK`, `HKG`, `344`.
    pub const HK: Country = entry!("HK", "HKG", 344, "Hong Kong");
    /// Heard Island and McDonald Islands: `HM`, `HMD`, `334`.
    pub const HM: Country = entry!("HM", "HMD", 334, "Heard Island and McDonald Islands");
    /// Honduras: `HN`, `HND`, `340`.
    pub const HN: Country = entry!("HN", "HND", 340, "Honduras");
    /// Croatia: `HR`, `HRV`, `191`.
    pub const HR: Country = entry!("HR", "HRV", 191, "Croatia");
    /// Haiti: `HT`, `HTI`, `332`.
    pub const HT: Country = entry!("HT", "HTI", 332, "Haiti");
    /// Hungary: `HU`, `HUN`, `348`.
    pub const HU: Country = entry!("HU", "HUN", 348, "Hungary");
    /// Indonesia: `ID`, `IDN`, `360`.
    pub const ID: Country = entry!("ID", "IDN", 360, "Indonesia");
    /// Ireland: `IE`, `IRL`, `372`.
    pub const IE: Country = entry!("IE", "IRL", 372, "Ireland");
    /// Israel: `IL`, `ISR`, `376`.
    pub const IL: Country = entry!("IL", "ISR", 376, "Israel");
    /// Isle of Man: `IM`, `IMN`, `833`.
    pub const IM: Country = entry!("IM", "IMN", 833, "Isle of Man");
    /// India: `IN`, `IND`, `356`.
    pub const IN: Country = entry!("IN", "IND", 356, "India");
    /// British Indian Ocean Territory: `IO`, `IOT`, `086`.
    pub const IO: Country = entry!("IO", "IOT", 86, "British Indian Ocean Territory");
    /// Iraq: `IQ`, `IRQ`, `368`.
    pub const IQ: Country = entry!("IQ", "IRQ", 368, "Iraq");
    /// Iran, Islamic Republic of: `IR`, `IRN`, `364`.
    pub const IR: Country = entry!("IR", "IRN", 364, "Iran, Islamic Republic of");
    /// Iceland: `IS`, `ISL`, `352`.
    pub const IS: Country = entry!("IS", "ISL", 352, "Iceland");
    /// Italy: `IT`, `ITA`, `380`.
    pub const IT: Country = entry!("IT", "ITA", 380, "Italy");
    /// Jersey: `JE`, `JEY`, `832`.
    pub const JE: Country = entry!("JE", "JEY", 832, "Jersey");
    /// Jamaica: `JM`, `JAM`, `388`.
    pub const JM: Country = entry!("JM", "JAM", 388, "Jamaica");
    /// Jordan: `JO`, `JOR`, `400`.
    pub const JO: Country = entry!("JO", "JOR", 400, "Jordan");
    /// Japan: `JP`, `JPN`, `392`.
    pub const JP: Country = entry!("JP", "JPN", 392, "Japan");
    /// Kenya: `KE`, `KEN`, `404`.
    pub const KE: Country = entry!("KE", "KEN", 404, "Kenya");
    /// Kyrgyzstan: `KG`, `KGZ`, `417`.
    pub const KG: Country = entry!("KG", "KGZ", 417, "Kyrgyzstan");
    /// Cambodia: `KH`, `KHM`, `116`.
    pub const KH: Country = entry!("KH", "KHM", 116, "Cambodia");
    /// Kiribati: `KI`, `KIR`, `296`.
    pub const KI: Country = entry!("KI", "KIR", 296, "Kiribati");
    /// Comoros: `KM`, `COM`, `174`.
    pub const KM: Country = entry!("KM", "COM", 174, "Comoros");
    /// Saint Kitts and Nevis: `KN`, `KNA`, `659`.
    pub const KN: Country = entry!("KN", "KNA", 659, "Saint Kitts and Nevis");
    /// Korea, Democratic People's Republic of: `KP`, `PRK`, `408`.
    pub const KP: Country = entry!("KP", "PRK", 408, "Korea, Democratic People's Republic of");
    /// Korea, Republic of: `KR`, `KOR`, `410`.
    pub const KR: Country = entry!("KR", "KOR", 410, "Korea, Republic of");
    /// Kuwait: `KW`, `KWT`, `414`.
    pub const KW: Country = entry!("KW", "KWT", 414, "Kuwait");
    /// Cayman Islands: `KY`, `CYM`, `136`.
    pub const KY: Country = entry!("KY", "CYM", 136, "Cayman Islands");
    /// Kazakhstan: `KZ`, `KAZ`, `398`.
    pub const KZ: Country = entry!("KZ", "KAZ", 398, "Kazakhstan");
    /// Lao People's Democratic Republic: `LA`, `LAO`, `418`.
    pub const LA: Country = entry!("LA", "LAO", 418, "Lao People's Democratic Republic");
    /// Lebanon: `LB`, `LBN`, `422`.
    pub const LB: Country = entry!("LB", "LBN", 422, "Lebanon");
    /// Saint Lucia: `LC`, `LCA`, `662`.
    pub const LC: Country = entry!("LC", "LCA", 662, "Saint Lucia");
    /// Liechtenstein: `LI`, `LIE`, `438`.
    pub const LI: Country = entry!("LI", "LIE", 438, "Liechtenstein");
    /// Sri Lanka: `LK`, `LKA`, `144`.
    pub const LK: Country = entry!("LK", "LKA", 144, "Sri Lanka");
    /// Liberia: `LR`, `LBR`, `430`.
    pub const LR: Country = entry!("LR", "LBR", 430, "Liberia");
    /// Lesotho: `LS`, `LSO`, `426`.
    pub const LS: Country = entry!("LS", "LSO", 426, "Lesotho");
    /// Lithuania: `LT`, `LTU`, `440`.
    pub const LT: Country = entry!("LT", "LTU", 440, "Lithuania");
    /// Luxembourg: `LU`, `LUX`, `442`.
    pub const LU: Country = entry!("LU", "LUX", 442, "Luxembourg");
    /// Latvia: `LV`, `LVA`, `428`.
    pub const LV: Country = entry!("LV", "LVA", 428, "Latvia");
    /// Libya: `LY`, `LBY`, `434`.
    pub const LY: Country = entry!("LY", "LBY", 434, "Libya");
    /// Morocco: `MA`, `MAR`, `504`.
    pub const MA: Country = entry!("MA", "MAR", 504, "Morocco");
    /// Monaco: `MC`, `MCO`, `492`.
    pub const MC: Country = entry!("MC", "MCO", 492, "Monaco");
    /// Moldova, Republic of: `MD`, `MDA`, `498`.
    pub const MD: Country = entry!("MD", "MDA", 498, "Moldova, Republic of");
    /// Montenegro: `ME`, `MNE`, `499`.
    pub const ME: Country = entry!("ME", "MNE", 499, "Montenegro");
    /// Saint Martin (French part): `MF`, `MAF`, `663`.
    pub const MF: Country = entry!("MF", "MAF", 663, "Saint Martin (French part)");
    /// Madagascar: `MG`, `MDG`, `450`.
    pub const MG: Country = entry!("MG", "MDG", 450, "Madagascar");
    /// Marshall Islands: `MH`, `MHL`, `584`.
    pub const MH: Country = entry!("MH", "MHL", 584, "Marshall Islands");
    /// North Macedonia: `MK`, `MKD`, `807`.
    pub const MK: Country = entry!("MK", "MKD", 807, "North Macedonia");
    /// Mali: `ML`, `MLI`, `466`.
    pub const ML: Country = entry!("ML", "MLI", 466, "Mali");
    /// Myanmar: `MM`, `MMR`, `104`.
    pub const MM: Country = entry!("MM", "MMR", 104, "Myanmar");
    /// Mongolia: `MN`, `MNG`, `496`.
    pub const MN: Country = entry!("MN", "MNG", 496, "Mongolia");
    /// Macao: `MO`, `MAC`, `446`.
    pub const MO: Country = entry!("MO", "MAC", 446, "Macao");
    /// Northern Mariana Islands: `MP`, `MNP`, `580`.
    pub const MP: Country = entry!("MP", "MNP", 580, "Northern Mariana Islands");
    /// Martinique: `MQ`, `MTQ`, `474`.
    pub const MQ: Country = entry!("MQ", "MTQ", 474, "Martinique");
    /// Mauritania: `MR`, `MRT`, `478`.
    pub const MR: Country = entry!("MR", "MRT", 478, "Mauritania");
    /// Montserrat: `MS`, `MSR`, `500`.
    pub const MS: Country = entry!("MS", "MSR", 500, "Montserrat");
    /// Malta: `MT`, `MLT`, `470`.
    pub const MT: Country = entry!("MT", "MLT", 470, "Malta");
    /// Mauritius: `MU`, `MUS`, `480`.
    pub const MU: Country = entry!("MU", "MUS", 480, "Mauritius");
    /// Maldives: `MV`, `MDV`, `462`.
    pub const MV: Country = entry!("MV", "MDV", 462, "Maldives");
    /// Malawi: `MW`, `MWI`, `454`.
    pub const MW: Country = entry!("MW", "MWI", 454, "Malawi");
    /// Mexico: `MX`, `MEX`, `484`.
    pub const MX: Country = entry!("MX", "MEX", 484, "Mexico");
    /// Malaysia: `MY`, `MYS`, `458`.
    pub const MY: Country = entry!("MY", "MYS", 458, "Malaysia");
    /// Mozambique: `MZ`, `MOZ`, `508`.
    pub const MZ: Country = entry!("MZ", "MOZ", 508, "Mozambique");
    /// Namibia: `NA`, `NAM`, `516`.
    pub const NA: Country = entry!("NA", "NAM", 516, "Namibia");
    /// New Caledonia: `NC`, `NCL`, `540`.
    pub const NC: Country = entry!("NC", "NCL", 540, "New Caledonia");
    /// Niger: `NE`, `NER`, `562`.
    pub const NE: Country = entry!("NE", "NER", 562, "Niger");
    /// Norfolk Island: `NF`, `NFK`, `574`.
    pub const NF: Country = entry!("NF", "NFK", 574, "Norfolk Island");
    /// Nigeria: `NG`, `NGA`, `566`.
    pub const NG: Country = entry!("NG", "NGA", 566, "Nigeria");
    /// Nicaragua: `NI`, `NIC`, `558`.
    pub const NI: Country = entry!("NI", "NIC", 558, "Nicaragua");
    /// Netherlands: `NL`, `NLD`, `528`.
    pub const NL: Country = entry!("NL", "NLD", 528, "Netherlands");
    /// Norway: `NO`, `NOR`, `578`.
    pub const NO: Country = entry!("NO", "NOR", 578, "Norway");
    /// Nepal: `NP`, `NPL`, `524`.
    pub const NP: Country = entry!("NP", "NPL", 524, "Nepal");
    /// Nauru: `NR`, `NRU`, `520`.
    pub const NR: Country = entry!("NR", "NRU", 520, "Nauru");
    /// Niue: `NU`, `NIU`, `570`.
    pub const NU: Country = entry!("NU", "NIU", 570, "Niue");
    /// New Zealand: `NZ`, `NZL`, `554`.
    pub const NZ: Country = entry!("NZ", "NZL", 554, "New Zealand");
    /// Oman: `OM`, `OMN`, `512`.
    pub const OM: Country = entry!("OM", "OMN", 512, "Oman");
    /// Panama: `PA`, `PAN`, `591`.
    pub const PA: Country = entry!("PA", "PAN", 591, "Panama");
    /// Peru: `PE`, `PER`, `604`.
    pub const PE: Country = entry!("PE", "PER", 604, "Peru");
    /// French Polynesia: `PF`, `PYF`, `258`.
    pub const PF: Country = entry!("PF", "PYF", 258, "French Polynesia");
    /// Papua New Guinea: `PG`, `PNG`, `598`.
    pub const PG: Country = entry!("PG", "PNG", 598, "Papua New Guinea");
    /// Philippines: `PH`, `PHL`, `608`.
    pub const PH: Country = entry!("PH", "PHL", 608, "Philippines");
    /// Pakistan: `PK`, `PAK`, `586`.
    pub const PK: Country = entry!("PK", "PAK", 586, "Pakistan");
    /// Poland: `PL`, `POL`, `616`.
    pub const PL: Country = entry!("PL", "POL", 616, "Poland");
    /// Saint Pierre and Miquelon: `PM`, `SPM`, `666`.
    pub const PM: Country = entry!("PM", "SPM", 666, "Saint Pierre and Miquelon");
    /// Pitcairn: `PN`, `PCN`, `612`.
    pub const PN: Country = entry!("PN", "PCN", 612, "Pitcairn");
    /// Puerto Rico: `PR`, `PRI`, `630`.
    pub const PR: Country = entry!("PR", "PRI", 630, "Puerto Rico");
    /// Palestine, State of: `PS`, `PSE`, `275`.
    pub const PS: Country = entry!("PS", "PSE", 275, "Palestine, State of");
    /// Portugal: `PT`, `PRT`, `620`.
    pub const PT: Country = entry!("PT", "PRT", 620, "Portugal");
    /// Palau: `PW`, `PLW`, `585`.
    pub const PW: Country = entry!("PW", "PLW", 585, "Palau");
    /// Paraguay: `PY`, `PRY`, `600`.
    pub const PY: Country = entry!("PY", "PRY", 600, "Paraguay");
    /// Qatar: `QA`, `QAT`, `634`.
    pub const QA: Country = entry!("QA", "QAT", 634, "Qatar");
    /// Réunion: `RE`, `REU`, `638`.
    pub const RE: Country = entry!("RE", "REU", 638, "Réunion");
    /// Romania: `RO`, `ROU`, `642`.
    pub const RO: Country = entry!("RO", "ROU", 642, "Romania");
    /// Serbia: `RS`, `SRB`, `688`.
    pub const RS: Country = entry!("RS", "SRB", 688, "Serbia");
    /// Russian Federation: `RU`, `RUS`, `643`.
    pub const RU: Country = entry!("RU", "RUS", 643, "Russian Federation");
    /// Rwanda: `RW`, `RWA`, `646`.
    pub const RW: Country = entry!("RW", "RWA", 646, "Rwanda");
    /// Saudi Arabia: `SA`, `SAU`, `682`.
    pub const SA: Country = entry!("SA", "SAU", 682, "Saudi Arabia");
    /// Solomon Islands: `SB`, `SLB`, `090`.
    pub const SB: Country = entry!("SB", "SLB", 90, "Solomon Islands");
    /// Seychelles: `SC`, `SYC`, `690`.
    pub const SC: Country = entry!("SC", "SYC", 690, "Seychelles");
    /// Sudan: `SD`, `SDN`, `729`.
    pub const SD: Country = entry!("SD", "SDN", 729, "Sudan");
    /// Sweden: `SE`, `SWE`, `752`.
    pub const SE: Country = entry!("SE", "SWE", 752, "Sweden");
    /// Singapore: `SG`, `SGP`, `702`.
    pub const SG: Country = entry!("SG", "SGP", 702, "Singapore");
    /// Saint Helena, Ascension and Tristan da Cunha: `SH`, `SHN`, `654`.
    pub const SH: Country = entry!(
        "SH",
        "SHN",
        654,
        "Saint Helena, Ascension and Tristan da Cunha"
    );
    /// Slovenia: `SI`, `SVN`, `705`.
    pub const SI: Country = entry!("SI", "SVN", 705, "Slovenia");
    /// Svalbard and Jan Mayen: `SJ`, `SJM`, `744`.
    pub const SJ: Country = entry!("SJ", "SJM", 744, "Svalbard and Jan Mayen");
    /// Slovakia: `SK`, `SVK`, `703`.
    pub const SK: Country = entry!("SK", "SVK", 703, "Slovakia");
    /// Sierra Leone: `SL`, `SLE`, `694`.
    pub const SL: Country = entry!("SL", "SLE", 694, "Sierra Leone");
    /// San Marino: `SM`, `SMR`, `674`.
    pub const SM: Country = entry!("SM", "SMR", 674, "San Marino");
    /// Senegal: `SN`, `SEN`, `686`.
    pub const SN: Country = entry!("SN", "SEN", 686, "Senegal");
    /// Somalia: `SO`, `SOM`, `706`.
    pub const SO: Country = entry!("SO", "SOM", 706, "Somalia");
    /// Suriname: `SR`, `SUR`, `740`.
    pub const SR: Country = entry!("SR", "SUR", 740, "Suriname");
    /// South Sudan: `SS`, `SSD`, `728`.
    pub const SS: Country = entry!("SS", "SSD", 728, "South Sudan");
    /// Sao Tome and Principe: `ST`, `STP`, `678`.
    pub const ST: Country = entry!("ST", "STP", 678, "Sao Tome and Principe");
    /// El Salvador: `SV`, `SLV`, `222`.
    pub const SV: Country = entry!("SV", "SLV", 222, "El Salvador");
    /// Sint Maarten (Dutch part): `SX`, `SXM`, `534`.
    pub const SX: Country = entry!("SX", "SXM", 534, "Sint Maarten (Dutch part)");
    /// Syrian Arab Republic: `SY`, `SYR`, `760`.
    pub const SY: Country = entry!("SY", "SYR", 760, "Syrian Arab Republic");
    /// Eswatini: `SZ`, `SWZ`, `748`.
    pub const SZ: Country = entry!("SZ", "SWZ", 748, "Eswatini");
    /// Turks and Caicos Islands: `TC`, `TCA`, `796`.
    pub const TC: Country = entry!("TC", "TCA", 796, "Turks and Caicos Islands");
    /// Chad: `TD`, `TCD`, `148`.
    pub const TD: Country = entry!("TD", "TCD", 148, "Chad");
    /// French Southern Territories: `TF`, `ATF`, `260`.
    pub const TF: Country = entry!("TF", "ATF", 260, "French Southern Territories");
    /// Togo: `TG`, `TGO`, `768`.
    pub const TG: Country = entry!("TG", "TGO", 768, "Togo");
    /// Thailand: `TH`, `THA`, `764`.
    pub const TH: Country = entry!("TH", "THA", 764, "Thailand");
    /// Tajikistan: `TJ`, `TJK`, `762`.
    pub const TJ: Country = entry!("TJ", "TJK", 762, "Tajikistan");
    /// Tokelau: `TK`, `TKL`, `772`.
    pub const TK: Country = entry!("TK", "TKL", 772, "Tokelau");
    /// Timor-Leste: `TL`, `TLS`, `626`.
    pub const TL: Country = entry!("TL", "TLS", 626, "Timor-Leste");
    /// Turkmenistan: `TM`, `TKM`, `795`.
    pub const TM: Country = entry!("TM", "TKM", 795, "Turkmenistan");
    /// Tunisia: `TN`, `TUN`, `788`.
    pub const TN: Country = entry!("TN", "TUN", 788, "Tunisia");
    /// Tonga: `TO`, `TON`, `776`.
    pub const TO: Country = entry!("TO", "TON", 776, "Tonga");
    /// Türkiye: `TR`, `TUR`, `792`.
    pub const TR: Country = entry!("TR", "TUR", 792, "Türkiye");
    /// Trinidad and Tobago: `TT`, `TTO`, `780`.
    pub const TT: Country = entry!("TT", "TTO", 780, "Trinidad and Tobago");
    /// Tuvalu: `TV`, `TUV`, `798`.
    pub const TV: Country = entry!("TV", "TUV", 798, "Tuvalu");
    /// Taiwan, Province of China: `TW`, `TWN`, `158`.
    pub const TW: Country = entry!("TW", "TWN", 158, "Taiwan, Province of China");
    /// Tanzania, United Republic of: `TZ`, `TZA`, `834`.
    pub const TZ: Country = entry!("TZ", "TZA", 834, "Tanzania, United Republic of");
    /// Ukraine: `UA`, `UKR`, `804`.
    pub const UA: Country = entry!("UA", "UKR", 804, "Ukraine");
    /// Uganda: `UG`, `UGA`, `800`.
    pub const UG: Country = entry!("UG", "UGA", 800, "Uganda");
    /// United States Minor Outlying Islands: `UM`, `UMI`, `581`.
    pub const UM: Country = entry!("UM", "UMI", 581, "United States Minor Outlying Islands");
    /// United States: `US`, `USA`, `840`.
    pub const US: Country = entry!("US", "USA", 840, "United States");
    /// Uruguay: `UY`, `URY`, `858`.
    pub const UY: Country = entry!("UY", "URY", 858, "Uruguay");
    /// Uzbekistan: `UZ`, `UZB`, `860`.
    pub const UZ: Country = entry!("UZ", "UZB", 860, "Uzbekistan");
    /// Holy See (Vatican City State): `VA`, `VAT`, `336`.
    pub const VA: Country = entry!("VA", "VAT", 336, "Holy See (Vatican City State)");
    /// Saint Vincent and the Grenadines: `VC`, `VCT`, `670`.
    pub const VC: Country = entry!("VC", "VCT", 670, "Saint Vincent and the Grenadines");
    /// Venezuela, Bolivarian Republic of: `VE`, `VEN`, `862`.
    pub const VE: Country = entry!("VE", "VEN", 862, "Venezuela, Bolivarian Republic of");
    /// Virgin Islands, British: `VG`, `VGB`, `092`.
    pub const VG: Country = entry!("VG", "VGB", 92, "Virgin Islands, British");
    /// Virgin Islands, U.S.: `VI`, `VIR`, `850`.
    pub const VI: Country = entry!("VI", "VIR", 850, "Virgin Islands, U.S.");
    /// Viet Nam: `VN`, `VNM`, `704`.
    pub const VN: Country = entry!("VN", "VNM", 704, "Viet Nam");
    /// Vanuatu: `VU`, `VUT`, `548`.
    pub const VU: Country = entry!("VU", "VUT", 548, "Vanuatu");
    /// Wallis and Futuna: `WF`, `WLF`, `876`.
    pub const WF: Country = entry!("WF", "WLF", 876, "Wallis and Futuna");
    /// Samoa: `WS`, `WSM`, `882`.
    pub const WS: Country = entry!("WS", "WSM", 882, "Samoa");
    /// Yemen: `YE`, `YEM`, `887`.
    pub const YE: Country = entry!("YE", "YEM", 887, "Yemen");
    /// Mayotte: `YT`, `MYT`, `175`.
    pub const YT: Country = entry!("YT", "MYT", 175, "Mayotte");
    /// South Africa: `ZA`, `ZAF`, `710`.
    pub const ZA: Country = entry!("ZA", "ZAF", 710, "South Africa");
    /// Zambia: `ZM`, `ZMB`, `894`.
    pub const ZM: Country = entry!("ZM", "ZMB", 894, "Zambia");
    /// Zimbabwe: `ZW`, `ZWE`, `716`.
    pub const ZW: Country = entry!("ZW", "ZWE", 716, "Zimbabwe");
}

/// Every country, in alpha-2 order.
static ALL: [Country; 249] = [
    Country::AD,
    Country::AE,
    Country::AF,
    Country::AG,
    Country::AI,
    Country::AL,
    Country::AM,
    Country::AO,
    Country::AQ,
    Country::AR,
    Country::AS,
    Country::AT,
    Country::AU,
    Country::AW,
    Country::AX,
    Country::AZ,
    Country::BA,
    Country::BB,
    Country::BD,
    Country::BE,
    Country::BF,
    Country::BG,
    Country::BH,
    Country::BI,
    Country::BJ,
    Country::BL,
    Country::BM,
    Country::BN,
    Country::BO,
    Country::BQ,
    Country::BR,
    Country::BS,
    Country::BT,
    Country::BV,
    Country::BW,
    Country::BY,
    Country::BZ,
    Country::CA,
    Country::CC,
    Country::CD,
    Country::CF,
    Country::CG,
    Country::CH,
    Country::CI,
    Country::CK,
    Country::CL,
    Country::CM,
    Country::CN,
    Country::CO,
    Country::CR,
    Country::CU,
    Country::CV,
    Country::CW,
    Country::CX,
    Country::CY,
    Country::CZ,
    Country::DE,
    Country::DJ,
    Country::DK,
    Country::DM,
    Country::DO,
    Country::DZ,
    Country::EC,
    Country::EE,
    Country::EG,
    Country::EH,
    Country::ER,
    Country::ES,
    Country::ET,
    Country::FI,
    Country::FJ,
    Country::FK,
    Country::FM,
    Country::FO,
    Country::FR,
    Country::GA,
    Country::GB,
    Country::GD,
    Country::GE,
    Country::GF,
    Country::GG,
    Country::GH,
    Country::GI,
    Country::GL,
    Country::GM,
    Country::GN,
    Country::GP,
    Country::GQ,
    Country::GR,
    Country::GS,
    Country::GT,
    Country::GU,
    Country::GW,
    Country::GY,
    Country::HK,
    Country::HM,
    Country::HN,
    Country::HR,
    Country::HT,
    Country::HU,
    Country::ID,
    Country::IE,
    Country::IL,
    Country::IM,
    Country::IN,
    Country::IO,
    Country::IQ,
    Country::IR,
    Country::IS,
    Country::IT,
    Country::JE,
    Country::JM,
    Country::JO,
    Country::JP,
    Country::KE,
    Country::KG,
    Country::KH,
    Country::KI,
    Country::KM,
    Country::KN,
    Country::KP,
    Country::KR,
    Country::KW,
    Country::KY,
    Country::KZ,
    Country::LA,
    Country::LB,
    Country::LC,
    Country::LI,
    Country::LK,
    Country::LR,
    Country::LS,
    Country::LT,
    Country::LU,
    Country::LV,
    Country::LY,
    Country::MA,
    Country::MC,
    Country::MD,
    Country::ME,
    Country::MF,
    Country::MG,
    Country::MH,
    Country::MK,
    Country::ML,
    Country::MM,
    Country::MN,
    Country::MO,
    Country::MP,
    Country::MQ,
    Country::MR,
    Country::MS,
    Country::MT,
    Country::MU,
    Country::MV,
    Country::MW,
    Country::MX,
    Country::MY,
    Country::MZ,
    Country::NA,
    Country::NC,
    Country::NE,
    Country::NF,
    Country::NG,
    Country::NI,
    Country::NL,
    Country::NO,
    Country::NP,
    Country::NR,
    Country::NU,
    Country::NZ,
    Country::OM,
    Country::PA,
    Country::PE,
    Country::PF,
    Country::PG,
    Country::PH,
    Country::PK,
    Country::PL,
    Country::PM,
    Country::PN,
    Country::PR,
    Country::PS,
    Country::PT,
    Country::PW,
    Country::PY,
    Country::QA,
    Country::RE,
    Country::RO,
    Country::RS,
    Country::RU,
    Country::RW,
    Country::SA,
    Country::SB,
    Country::SC,
    Country::SD,
    Country::SE,
    Country::SG,
    Country::SH,
    Country::SI,
    Country::SJ,
    Country::SK,
    Country::SL,
    Country::SM,
    Country::SN,
    Country::SO,
    Country::SR,
    Country::SS,
    Country::ST,
    Country::SV,
    Country::SX,
    Country::SY,
    Country::SZ,
    Country::TC,
    Country::TD,
    Country::TF,
    Country::TG,
    Country::TH,
    Country::TJ,
    Country::TK,
    Country::TL,
    Country::TM,
    Country::TN,
    Country::TO,
    Country::TR,
    Country::TT,
    Country::TV,
    Country::TW,
    Country::TZ,
    Country::UA,
    Country::UG,
    Country::UM,
    Country::US,
    Country::UY,
    Country::UZ,
    Country::VA,
    Country::VC,
    Country::VE,
    Country::VG,
    Country::VI,
    Country::VN,
    Country::VU,
    Country::WF,
    Country::WS,
    Country::YE,
    Country::YT,
    Country::ZA,
    Country::ZM,
    Country::ZW,
];

/// Names people commonly write for a country where the ISO short name is
/// long or not the one in everyday use, with the country each one means.
///
/// Keys are compared after [`normalise`], like the ISO names. Keep this list
/// in step with the table in the documentation of `impl FromStr for Country`.
const ALIASES: &[(&str, Country)] = &[
    // ISO reserves UK for the United Kingdom, and UK sources write it.
    ("UK", Country::GB),
    ("Great Britain", Country::GB),
    ("Britain", Country::GB),
    (
        "United Kingdom of Great Britain and Northern Ireland",
        Country::GB,
    ),
    ("USA", Country::US),
    ("U.S.", Country::US),
    ("United States of America", Country::US),
    ("Bolivia", Country::BO),
    ("Brunei", Country::BN),
    ("Burma", Country::MM),
    ("Cape Verde", Country::CV),
    ("Czech Republic", Country::CZ),
    ("Democratic Republic of the Congo", Country::CD),
    ("DR Congo", Country::CD),
    ("DRC", Country::CD),
    ("Congo (Democratic Republic of the)", Country::CD),
    ("Republic of the Congo", Country::CG),
    ("East Timor", Country::TL),
    ("Holy See", Country::VA),
    ("Vatican", Country::VA),
    ("Vatican City", Country::VA),
    ("Iran", Country::IR),
    ("Ivory Coast", Country::CI),
    ("Laos", Country::LA),
    ("Micronesia", Country::FM),
    ("Moldova", Country::MD),
    ("Netherlands (Kingdom of the)", Country::NL),
    ("North Korea", Country::KP),
    ("Palestine", Country::PS),
    ("Russia", Country::RU),
    ("South Korea", Country::KR),
    ("Swaziland", Country::SZ),
    ("Syria", Country::SY),
    ("Taiwan", Country::TW),
    ("Tanzania", Country::TZ),
    ("Turkey", Country::TR),
    ("Venezuela", Country::VE),
    ("Vietnam", Country::VN),
];

/// Every accepted name, normalised, with its country: the ISO short names
/// first, then the aliases. A key is never given to a second country (the
/// tests check that no two entries collide).
static NAMES: LazyLock<HashMap<String, Country>> = LazyLock::new(|| {
    let iso = ALL.iter().map(|country| (country.name(), *country));
    let aliases = ALIASES.iter().copied();
    let mut names = HashMap::with_capacity(ALL.len() + ALIASES.len());
    for (name, country) in iso.chain(aliases) {
        names.entry(normalise(name)).or_insert(country);
    }
    names
});

/// Reduces a country name to the key it is looked up by, so that spelling
/// differences that do not change the meaning do not matter:
///
/// - letters are lowercased and common Latin accents removed
///   (`"Åland"` → `"aland"`, `"Türkiye"` → `"turkiye"`);
/// - commas, parentheses, hyphens and runs of white space all become one
///   space, and full stops are dropped (`"Virgin Islands (U.S.)"` and
///   `"Virgin Islands, U.S."` → `"virgin islands us"`);
/// - curly apostrophes become straight ones;
/// - the word `"the"` is dropped wherever it stands (`"The Gambia"`,
///   `"Korea (the Republic of)"`), `"&"` reads as `"and"` and `"st"` as
///   `"saint"`.
fn normalise(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            ',' | '(' | ')' | '-' => spaced.push(' '),
            '.' => {}
            '\u{2018}' | '\u{2019}' => spaced.push('\''),
            '&' => spaced.push_str(" and "),
            c => spaced.push(fold_accent(c)),
        }
    }
    let mut key = String::with_capacity(spaced.len());
    for word in spaced.split_whitespace() {
        let word = match word {
            "the" => continue,
            "st" => "saint",
            word => word,
        };
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The base letter of a lowercase Latin letter with an accent; any other
/// character unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// The first country, in alpha-2 order, that `matches`.
fn find(matches: impl Fn(&Country) -> bool) -> Option<Country> {
    ALL.iter().copied().find(matches)
}

/// The error for a code that is not in the table.
fn unknown(input: impl Into<String>) -> Error {
    Error::UnknownCountry {
        input: input.into(),
        nearest: Vec::new(),
    }
}

/// The nations of the United Kingdom, which ISO 3166-1 does not list
/// apart: the country to suggest for them is GB.
const UK_NATIONS: [&str; 4] = ["england", "scotland", "wales", "northern ireland"];

impl Country {
    /// The countries nearest to a text that is no country's code or name,
    /// for a "did you mean": one to three, in alpha-2 order, or none.
    ///
    /// - A nation of the United Kingdom (`England`, `Scotland`, `Wales`,
    ///   `Northern Ireland`) is near `GB`: ISO 3166-1 lists the United
    ///   Kingdom only.
    /// - A text whose words are all words of names is near those countries
    ///   (`Korea` is near `KP` and `KR`; `Congo` near `CD` and `CG`).
    /// - Failing that, the names nearest by edit distance, if close enough
    ///   to be a misspelling (1 edit in a text of up to 4 letters, else at
    ///   most 2 or a fifth of the text's length).
    ///
    /// More than three countries are no suggestion (`Islands`): none.
    ///
    /// Names compare as [`FromStr`] compares them (case, accents,
    /// punctuation and "the" aside). A text that is a country's code or
    /// name has no nearest: it is that country.
    ///
    /// ```
    /// use impact_metrics::Country;
    /// assert_eq!(Country::nearest("Korea"), [Country::KP, Country::KR]);
    /// assert_eq!(Country::nearest("England"), [Country::GB]);
    /// assert_eq!(Country::nearest("Bangladsh"), [Country::BD]);
    /// assert!(Country::nearest("Atlantis").is_empty());
    /// ```
    #[must_use]
    pub fn nearest(text: &str) -> Vec<Country> {
        let key = normalise(text);
        if key.is_empty() || lookup(text).is_some() {
            return Vec::new();
        }
        if UK_NATIONS.contains(&key.as_str()) {
            return vec![Country::GB];
        }
        let words: Vec<&str> = key.split(' ').collect();
        let mut found: Vec<Country> = NAMES
            .iter()
            .filter(|(name, _)| {
                let name_words: Vec<&str> = name.split(' ').collect();
                words.iter().all(|w| name_words.contains(w))
            })
            .map(|(_, &country)| country)
            .collect();
        if found.is_empty() {
            let scored: Vec<(usize, Country)> = NAMES
                .iter()
                .map(|(name, &country)| (crate::rules::distance(&key, name), country))
                .collect();
            let best = scored.iter().map(|(d, _)| *d).min().unwrap_or(usize::MAX);
            let length = key.chars().count();
            let limit = if length <= 4 { 1 } else { 2.max(length / 5) };
            if best <= limit {
                found = scored
                    .into_iter()
                    .filter(|(d, _)| *d == best)
                    .map(|(_, c)| c)
                    .collect();
            }
        }
        found.sort_unstable();
        found.dedup();
        // More than three is no suggestion ("Islands").
        if found.len() > 3 {
            found.clear();
        }
        found
    }
}

impl Country {
    /// The country with this alpha-2 code, in any case.
    ///
    /// Only ISO 3166-1 codes are accepted; `"UK"`, which ISO reserves for
    /// the United Kingdom but does not assign, is accepted by
    /// [`str::parse`] (through [`FromStr`]), not here.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] if no country has this alpha-2 code.
    ///
    /// # Example
    ///
    /// ```
    /// use impact_metrics::{Country, Error};
    ///
    /// assert_eq!(Country::from_alpha2("bd")?, Country::BD);
    /// assert_eq!(
    ///     Country::from_alpha2("XX"),
    ///     Err(Error::UnknownCountry { input: "XX".to_string(), nearest: vec![] })
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_alpha2(code: &str) -> Result<Country> {
        find(|country| country.alpha2().eq_ignore_ascii_case(code)).ok_or_else(|| unknown(code))
    }

    /// The country with this alpha-3 code, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] if no country has this alpha-3 code.
    ///
    /// # Example
    ///
    /// ```
    /// use impact_metrics::{Country, Error};
    ///
    /// assert_eq!(Country::from_alpha3("Rou")?, Country::RO);
    /// assert_eq!(
    ///     Country::from_alpha3("ENG").unwrap_err().to_string(),
    ///     r#"unknown country "ENG""#
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_alpha3(code: &str) -> Result<Country> {
        find(|country| country.alpha3().eq_ignore_ascii_case(code)).ok_or_else(|| unknown(code))
    }

    /// The country with this numeric code.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] if no country has this numeric code; the
    /// error's input is the number in decimal.
    ///
    /// # Example
    ///
    /// ```
    /// use impact_metrics::{Country, Error};
    ///
    /// assert_eq!(Country::from_numeric(764)?, Country::TH);
    /// assert_eq!(
    ///     Country::from_numeric(999),
    ///     Err(Error::UnknownCountry { input: "999".to_string(), nearest: vec![] })
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_numeric(code: u16) -> Result<Country> {
        find(|country| country.numeric() == code).ok_or_else(|| unknown(code.to_string()))
    }

    /// The alpha-2 code, in upper case.
    ///
    /// ```
    /// use impact_metrics::Country;
    ///
    /// assert_eq!(Country::IN.alpha2(), "IN");
    /// ```
    #[must_use]
    pub const fn alpha2(self) -> &'static str {
        self.0.alpha2
    }

    /// The alpha-3 code, in upper case.
    ///
    /// ```
    /// use impact_metrics::Country;
    ///
    /// assert_eq!(Country::IN.alpha3(), "IND");
    /// ```
    #[must_use]
    pub const fn alpha3(self) -> &'static str {
        self.0.alpha3
    }

    /// The numeric code (the one the UN statistics division also uses).
    /// Written as a code it has three digits: format it with `{:03}`.
    ///
    /// ```
    /// use impact_metrics::Country;
    ///
    /// assert_eq!(Country::BD.numeric(), 50);
    /// assert_eq!(format!("{:03}", Country::BD.numeric()), "050");
    /// ```
    #[must_use]
    pub const fn numeric(self) -> u16 {
        self.0.numeric
    }

    /// The English short name, as the Debian `iso-codes` database gives it
    /// (for the United Kingdom and the United States it uses the everyday
    /// short forms, not ISO's long ones).
    ///
    /// ```
    /// use impact_metrics::Country;
    ///
    /// assert_eq!(Country::RO.name(), "Romania");
    /// assert_eq!(Country::KR.name(), "Korea, Republic of");
    /// assert_eq!(Country::GB.name(), "United Kingdom");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.0.name
    }

    /// Every country, in alpha-2 order (the order of `Ord`).
    ///
    /// ```
    /// use impact_metrics::Country;
    ///
    /// assert_eq!(Country::all().len(), 249);
    /// assert_eq!(Country::all().next(), Some(Country::AD));
    /// assert!(Country::all().any(|country| country == Country::GB));
    /// ```
    #[must_use]
    pub fn all() -> impl ExactSizeIterator<Item = Country> {
        ALL.iter().copied()
    }
}

/// Reads a country from any of its common written forms.
///
/// Surrounding white space is ignored, and then the first of these that
/// matches wins:
///
/// 1. the alpha-2 code, in any case (`"GB"`, `"gb"`);
/// 2. the alpha-3 code, in any case (`"GBR"`);
/// 3. the numeric code, with one to three digits (`"826"`, `"076"`, `"76"`);
/// 4. the English short name (see [`Country::name`]) or one of the aliases
///    below, compared loosely: case, common accents, commas, parentheses,
///    hyphens, full stops, spacing and the word "the" do not matter, "&"
///    reads as "and" and "St" as "Saint". So `"cote d'ivoire"`,
///    `"Korea (the Republic of)"` and `"The Gambia"` are all understood, as
///    are the UN's bracketed forms such as `"Bolivia (Plurinational State of)"`.
///
/// The aliases are the names people write where ISO's is long, formal or
/// recently changed:
///
/// | alias | country |
/// |---|---|
/// | UK, Great Britain, Britain, United Kingdom of Great Britain and Northern Ireland | `GB` |
/// | USA, U.S., United States of America | `US` |
/// | Bolivia | `BO` |
/// | Brunei | `BN` |
/// | Burma | `MM` |
/// | Cape Verde | `CV` |
/// | Czech Republic | `CZ` |
/// | Democratic Republic of the Congo, DR Congo, DRC, Congo (Democratic Republic of the) | `CD` |
/// | Republic of the Congo | `CG` |
/// | East Timor | `TL` |
/// | Holy See, Vatican, Vatican City | `VA` |
/// | Iran | `IR` |
/// | Ivory Coast | `CI` |
/// | Laos | `LA` |
/// | Micronesia | `FM` |
/// | Moldova | `MD` |
/// | Netherlands (Kingdom of the) | `NL` |
/// | North Korea | `KP` |
/// | Palestine | `PS` |
/// | Russia | `RU` |
/// | South Korea | `KR` |
/// | Swaziland | `SZ` |
/// | Syria | `SY` |
/// | Taiwan | `TW` |
/// | Tanzania | `TZ` |
/// | Turkey | `TR` |
/// | Venezuela | `VE` |
/// | Vietnam | `VN` |
///
/// `"UK"` is here because ISO reserves it for the United Kingdom and UK
/// sources use it. Ambiguous names (`"Korea"`, `"America"`) and the nations
/// of the United Kingdom (`"England"`, `"Scotland"`, ...), which are not
/// ISO 3166-1 countries, are refused rather than guessed.
///
/// # Errors
///
/// [`Error::UnknownCountry`], quoting the input as given, if it is none of
/// the above.
///
/// # Example
///
/// ```
/// use impact_metrics::{Country, Error};
///
/// assert_eq!(" uk ".parse::<Country>()?, Country::GB);
/// assert_eq!("BGD".parse::<Country>()?, Country::BD);
/// assert_eq!("642".parse::<Country>()?, Country::RO);
/// assert_eq!("thailand".parse::<Country>()?, Country::TH);
/// assert_eq!("Viet Nam".parse::<Country>()?, Country::VN);
/// assert_eq!("Vietnam".parse::<Country>()?, Country::VN);
/// assert_eq!(
///     "England".parse::<Country>().unwrap_err().to_string(),
///     r#"unknown country "England"; did you mean GB (United Kingdom)?"#
/// );
/// # Ok::<(), Error>(())
/// ```
impl FromStr for Country {
    type Err = Error;

    fn from_str(s: &str) -> Result<Country> {
        lookup(s).ok_or_else(|| Error::UnknownCountry {
            input: s.to_string(),
            nearest: Country::nearest(s),
        })
    }
}

/// The country a code or name stands for, as [`FromStr`] reads it.
fn lookup(s: &str) -> Option<Country> {
    let text = s.trim();
    find(|country| country.alpha2().eq_ignore_ascii_case(text))
        .or_else(|| find(|country| country.alpha3().eq_ignore_ascii_case(text)))
        .or_else(|| parse_numeric(text))
        .or_else(|| NAMES.get(&normalise(text)).copied())
}

/// The country whose numeric code is written by `text`: one to three ASCII
/// digits, so no sign, no space and no more than two leading zeros.
fn parse_numeric(text: &str) -> Option<Country> {
    let digits_only = (1..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only {
        return None;
    }
    let code = text.parse::<u16>().ok()?;
    find(|country| country.numeric() == code)
}

/// Writes the alpha-2 code, which [`FromStr`] reads back. Width and
/// alignment flags apply.
///
/// ```
/// use impact_metrics::Country;
///
/// assert_eq!(Country::GB.to_string(), "GB");
/// assert_eq!(format!("[{:<4}]", Country::BD), "[BD  ]");
/// assert_eq!(Country::GB.to_string().parse::<Country>(), Ok(Country::GB));
/// ```
impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.alpha2())
    }
}

/// Shows the alpha-2 code: `Country(GB)`.
///
/// ```
/// use impact_metrics::Country;
///
/// assert_eq!(format!("{:?}", Country::TH), "Country(TH)");
/// ```
impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.alpha2())
    }
}

/// Serializes as the alpha-2 code.
///
/// ```
/// use impact_metrics::Country;
///
/// assert_eq!(serde_json::to_string(&Country::IN)?, r#""IN""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.alpha2())
    }
}

/// Deserializes from a string, through [`FromStr`]: codes, names and
/// aliases are all accepted.
///
/// ```
/// use impact_metrics::Country;
///
/// let countries: Vec<Country> = serde_json::from_str(r#"["UK", "BGD", "Romania"]"#)?;
/// assert_eq!(countries, [Country::GB, Country::BD, Country::RO]);
///
/// let err = serde_json::from_str::<Country>(r#""Atlantis""#).unwrap_err();
/// assert!(err.to_string().starts_with(r#"unknown country "Atlantis""#));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_str(CountryVisitor)
    }
}

struct CountryVisitor;

impl Visitor<'_> for CountryVisitor {
    type Value = Country;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 3166-1 country code or name")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> std::result::Result<Country, E> {
        value.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap, HashSet};

    use proptest::prelude::*;

    use super::*;

    fn parse(s: &str) -> Result<Country> {
        s.parse()
    }

    fn unknown_message(input: &str) -> String {
        format!("unknown country \"{input}\"")
    }

    #[test]
    fn table_matches_the_rust_iso3166_crate_both_ways() {
        let ours: BTreeSet<(String, String, u16)> = Country::all()
            .map(|c| (c.alpha2().to_string(), c.alpha3().to_string(), c.numeric()))
            .collect();
        let reference: BTreeSet<(String, String, u16)> = rust_iso3166::ALL
            .iter()
            .map(|c| (c.alpha2.to_string(), c.alpha3.to_string(), c.numeric))
            .collect();
        assert_eq!(ours.len(), 249);
        assert_eq!(reference.len(), 249);
        let missing: Vec<_> = reference.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&reference).collect();
        assert!(missing.is_empty(), "missing from our table: {missing:?}");
        assert!(extra.is_empty(), "not in the reference: {extra:?}");
    }

    #[test]
    fn reference_names_parse_to_the_same_country() {
        // The reference uses ISO's bracketed forms ("Korea (Republic of)"),
        // ours the comma forms ("Korea, Republic of"): both must be read.
        for c in rust_iso3166::ALL {
            let parsed = parse(c.name);
            assert_eq!(
                parsed.map(Country::alpha2),
                Ok(c.alpha2),
                "reference name {:?}",
                c.name
            );
        }
    }

    #[test]
    fn all_lists_249_distinct_countries_in_alpha2_order() {
        let all: Vec<Country> = Country::all().collect();
        assert_eq!(Country::all().len(), 249);
        assert_eq!(all.len(), 249);
        for pair in all.windows(2) {
            if let [a, b] = pair {
                assert!(a.alpha2() < b.alpha2(), "{a:?} before {b:?}");
                assert!(a < b, "{a:?} < {b:?}");
            }
        }
        let alpha3: HashSet<&str> = all.iter().map(|c| c.alpha3()).collect();
        let numeric: HashSet<u16> = all.iter().map(|c| c.numeric()).collect();
        let names: HashSet<&str> = all.iter().map(|c| c.name()).collect();
        let hashed: HashSet<Country> = all.iter().copied().collect();
        assert_eq!(alpha3.len(), 249);
        assert_eq!(numeric.len(), 249);
        assert_eq!(names.len(), 249);
        assert_eq!(hashed.len(), 249);
        assert_eq!(all.first(), Some(&Country::AD));
        assert_eq!(all.last(), Some(&Country::ZW));
    }

    #[test]
    fn codes_are_upper_case_ascii_of_the_right_length() {
        for c in Country::all() {
            assert!(
                c.alpha2().len() == 2 && c.alpha2().bytes().all(|b| b.is_ascii_uppercase()),
                "{c:?}"
            );
            assert!(
                c.alpha3().len() == 3 && c.alpha3().bytes().all(|b| b.is_ascii_uppercase()),
                "{c:?}"
            );
            assert!((1..=999).contains(&c.numeric()), "{c:?}");
        }
    }

    #[test]
    fn the_report_countries() {
        // (constant, alpha-2, alpha-3, numeric, name), from ISO 3166-1.
        let expected = [
            (Country::GB, "GB", "GBR", 826, "United Kingdom"),
            (Country::BD, "BD", "BGD", 50, "Bangladesh"),
            (Country::RO, "RO", "ROU", 642, "Romania"),
            (Country::TH, "TH", "THA", 764, "Thailand"),
            (Country::IN, "IN", "IND", 356, "India"),
        ];
        for (c, alpha2, alpha3, numeric, name) in expected {
            assert_eq!(c.alpha2(), alpha2);
            assert_eq!(c.alpha3(), alpha3, "{alpha2}");
            assert_eq!(c.numeric(), numeric, "{alpha2}");
            assert_eq!(c.name(), name, "{alpha2}");
            assert_eq!(parse(name), Ok(c), "{name}");
        }
        // As the report writes them.
        for (text, alpha2) in [
            ("UK", "GB"),
            ("Bangladesh", "BD"),
            ("Romania", "RO"),
            ("Thailand", "TH"),
            ("India", "IN"),
        ] {
            assert_eq!(parse(text).map(Country::alpha2), Ok(alpha2), "{text}");
        }
    }

    #[test]
    fn from_alpha2_ignores_case_only() {
        for text in ["GB", "gb", "Gb", "gB"] {
            assert_eq!(Country::from_alpha2(text), Ok(Country::GB), "{text}");
        }
        for text in ["UK", "G", "GBR", "", " GB", "G B", "826", "ÄB"] {
            let err = Country::from_alpha2(text).unwrap_err();
            assert_eq!(err.to_string(), unknown_message(text), "{text:?}");
        }
    }

    #[test]
    fn from_alpha3_ignores_case_only() {
        for text in ["BGD", "bgd", "Bgd"] {
            assert_eq!(Country::from_alpha3(text), Ok(Country::BD), "{text}");
        }
        for text in ["BD", "BGDX", "", "BGD ", "ENG", "UKK"] {
            let err = Country::from_alpha3(text).unwrap_err();
            assert_eq!(
                err,
                Error::UnknownCountry {
                    input: text.to_string(),
                    nearest: Vec::new(),
                }
            );
            assert_eq!(err.to_string(), unknown_message(text), "{text:?}");
        }
    }

    #[test]
    fn unknown_names_say_which_countries_are_nearest() {
        let said = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            said("England"),
            r#"unknown country "England"; did you mean GB (United Kingdom)?"#
        );
        for nation in ["Scotland", "WALES", " northern  ireland "] {
            assert_eq!(Country::nearest(nation), [Country::GB], "{nation}");
        }
        assert_eq!(
            said("Korea"),
            "unknown country \"Korea\"; did you mean KP (Korea, Democratic People's Republic of) \
             or KR (Korea, Republic of)?"
        );
        assert_eq!(
            Country::nearest("virgin islands"),
            [Country::VG, Country::VI]
        );
        assert_eq!(Country::nearest("Untied Kingdom"), [Country::GB]);
        assert_eq!(Country::nearest("Inda"), [Country::IN]);
        // Too vague, too far, or a code: no suggestion.
        for text in ["Islands", "Atlantis", "XX", "", "  "] {
            assert_eq!(Country::nearest(text), [], "{text:?}");
            if !text.trim().is_empty() {
                assert_eq!(said(text), unknown_message(text), "{text:?}");
            }
        }
        // A country has no nearest: it is itself.
        assert_eq!(Country::nearest("Thailand"), []);
        assert_eq!(
            Country::from_alpha2("EN").unwrap_err().to_string(),
            unknown_message("EN")
        );
    }

    #[test]
    fn from_numeric() {
        assert_eq!(Country::from_numeric(826), Ok(Country::GB));
        assert_eq!(Country::from_numeric(76).map(Country::alpha2), Ok("BR"));
        assert_eq!(Country::from_numeric(4).map(Country::alpha2), Ok("AF"));
        assert_eq!(Country::from_numeric(894).map(Country::alpha2), Ok("ZM"));
        for code in [0, 1, 999, 1000, u16::MAX] {
            let err = Country::from_numeric(code).unwrap_err();
            assert_eq!(err.to_string(), format!("unknown country \"{code}\""));
        }
    }

    #[test]
    fn from_str_reads_codes() {
        let cases = [
            ("GB", "GB"),
            ("gb", "GB"),
            ("GBR", "GB"),
            ("gbr", "GB"),
            ("826", "GB"),
            ("076", "BR"),
            ("76", "BR"),
            ("050", "BD"),
            ("50", "BD"),
            ("004", "AF"),
            ("4", "AF"),
            ("  ROU\t", "RO"),
            ("\n764\n", "TH"),
            (" in ", "IN"),
            ("IND", "IN"),
        ];
        for (text, alpha2) in cases {
            assert_eq!(parse(text).map(Country::alpha2), Ok(alpha2), "{text:?}");
        }
    }

    #[test]
    fn from_str_reads_names_loosely() {
        let cases = [
            ("United Kingdom", "GB"),
            ("united kingdom", "GB"),
            ("UNITED KINGDOM", "GB"),
            ("  United \t  Kingdom \n", "GB"),
            ("Viet Nam", "VN"),
            ("Korea, Republic of", "KR"),
            ("Korea (Republic of)", "KR"),
            ("Korea (the Republic of)", "KR"),
            ("Bolivia (Plurinational State of)", "BO"),
            ("Congo, The Democratic Republic of the", "CD"),
            ("Congo", "CG"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d'Ivoire", "CI"),
            ("côte d\u{2019}ivoire", "CI"),
            ("Åland Islands", "AX"),
            ("Aland Islands", "AX"),
            ("Curacao", "CW"),
            ("Türkiye", "TR"),
            ("Turkiye", "TR"),
            ("The Gambia", "GM"),
            ("the Bahamas", "BS"),
            ("The Netherlands", "NL"),
            ("Trinidad & Tobago", "TT"),
            ("St Lucia", "LC"),
            ("St. Kitts & Nevis", "KN"),
            ("Guinea Bissau", "GW"),
            ("Guinea-Bissau", "GW"),
            ("United-Kingdom-", "GB"),
            ("Guinea", "GN"),
            ("Timor Leste", "TL"),
            ("Virgin Islands (British)", "VG"),
            ("Virgin Islands, U.S.", "VI"),
            ("Virgin Islands (US)", "VI"),
            ("Holy See (Vatican City State)", "VA"),
        ];
        for (text, alpha2) in cases {
            assert_eq!(parse(text).map(Country::alpha2), Ok(alpha2), "{text:?}");
        }
    }

    #[test]
    fn from_str_reads_every_alias() {
        // The documented alias table, written out independently of ALIASES.
        let cases = [
            ("UK", "GB"),
            ("uk", "GB"),
            ("U.K.", "GB"),
            ("Great Britain", "GB"),
            ("Britain", "GB"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            (
                "United Kingdom of Great Britain and Northern Ireland (the)",
                "GB",
            ),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("U.S.", "US"),
            ("United States", "US"),
            ("United States of America", "US"),
            ("Bolivia", "BO"),
            ("Brunei", "BN"),
            ("Burma", "MM"),
            ("Cape Verde", "CV"),
            ("Czech Republic", "CZ"),
            ("Democratic Republic of the Congo", "CD"),
            ("DR Congo", "CD"),
            ("DRC", "CD"),
            ("Congo, Democratic Republic of the", "CD"),
            ("Congo (Democratic Republic of the)", "CD"),
            ("Republic of the Congo", "CG"),
            ("East Timor", "TL"),
            ("Holy See", "VA"),
            ("Vatican", "VA"),
            ("Vatican City", "VA"),
            ("Iran", "IR"),
            ("Ivory Coast", "CI"),
            ("Laos", "LA"),
            ("Micronesia", "FM"),
            ("Moldova", "MD"),
            ("Netherlands (Kingdom of the)", "NL"),
            ("North Korea", "KP"),
            ("Palestine", "PS"),
            ("Russia", "RU"),
            ("South Korea", "KR"),
            ("Swaziland", "SZ"),
            ("Syria", "SY"),
            ("Taiwan", "TW"),
            ("Tanzania", "TZ"),
            ("Turkey", "TR"),
            ("Venezuela", "VE"),
            ("Vietnam", "VN"),
            ("VIETNAM", "VN"),
        ];
        for (text, alpha2) in cases {
            assert_eq!(parse(text).map(Country::alpha2), Ok(alpha2), "{text:?}");
        }
        // Every entry of ALIASES is in the list above, so the list is the
        // whole alias table.
        let listed: HashSet<&str> = cases.iter().map(|(text, _)| *text).collect();
        for (alias, _) in ALIASES {
            assert!(listed.contains(alias), "alias {alias:?} is not tested");
        }
    }

    #[test]
    fn from_str_refuses_unknown_and_ambiguous_text() {
        for text in [
            "",
            "   ",
            "Atlantis",
            "  Atlantis ",
            "Korea",
            "America",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "Virgin Islands",
            "G B",
            "U K",
            "0076",
            "+76",
            "-76",
            "999",
            "000",
            "XX",
            "XXX",
            "the",
            "Kingdom United",
        ] {
            match parse(text).unwrap_err() {
                Error::UnknownCountry { input, .. } => assert_eq!(input, text),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert_eq!(
            parse("Atlantis").unwrap_err().to_string(),
            r#"unknown country "Atlantis""#
        );
        assert_eq!(
            parse("  Atlantis ").unwrap_err().to_string(),
            r#"unknown country "  Atlantis ""#
        );
        assert_eq!(parse("").unwrap_err().to_string(), r#"unknown country """#);
        assert_eq!(
            parse("0076").unwrap_err().to_string(),
            r#"unknown country "0076""#
        );
    }

    #[test]
    fn no_two_countries_share_a_name_key() {
        let mut owners: HashMap<String, BTreeSet<Country>> = HashMap::new();
        let names = Country::all().map(|c| (c.name(), c));
        for (name, country) in names.chain(ALIASES.iter().copied()) {
            owners.entry(normalise(name)).or_default().insert(country);
        }
        for (key, countries) in &owners {
            assert_eq!(countries.len(), 1, "{key:?} names {countries:?}");
        }
    }

    #[test]
    fn aliases_that_look_like_codes_agree_with_them() {
        for (alias, country) in ALIASES {
            if let Ok(by_code) =
                Country::from_alpha2(alias).or_else(|_| Country::from_alpha3(alias))
            {
                assert_eq!(by_code, *country, "alias {alias:?}");
            }
        }
    }

    #[test]
    fn normalise_rules() {
        assert_eq!(normalise("  Korea (the Republic of) "), "korea republic of");
        assert_eq!(normalise("Virgin Islands, U.S."), "virgin islands us");
        assert_eq!(normalise("Åland"), "aland");
        assert_eq!(normalise("Côte d\u{2019}Ivoire"), "cote d'ivoire");
        assert_eq!(normalise("St Kitts & Nevis"), "saint kitts and nevis");
        assert_eq!(normalise("Guinea-Bissau"), "guinea bissau");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn every_country_reads_back_from_each_of_its_forms() {
        for c in Country::all() {
            assert_eq!(parse(c.alpha2()), Ok(c), "{c:?} alpha-2");
            assert_eq!(parse(c.alpha3()), Ok(c), "{c:?} alpha-3");
            assert_eq!(parse(&format!("{:03}", c.numeric())), Ok(c), "{c:?}");
            assert_eq!(parse(&c.numeric().to_string()), Ok(c), "{c:?}");
            assert_eq!(parse(c.name()), Ok(c), "{c:?} name");
            assert_eq!(parse(&c.to_string()), Ok(c), "{c:?} display");
            assert_eq!(Country::from_alpha2(c.alpha2()), Ok(c));
            assert_eq!(Country::from_alpha3(c.alpha3()), Ok(c));
            assert_eq!(Country::from_numeric(c.numeric()), Ok(c));
        }
    }

    #[test]
    fn display_and_debug() {
        assert_eq!(Country::GB.to_string(), "GB");
        assert_eq!(Country::IN.to_string(), "IN");
        assert_eq!(format!("{:>4}", Country::RO), "  RO");
        assert_eq!(format!("{:?}", Country::GB), "Country(GB)");
        assert_eq!(format!("{:?}", [Country::BD]), "[Country(BD)]");
    }

    #[test]
    fn serde_round_trips_every_country() {
        for c in Country::all() {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.alpha2()));
            assert_eq!(serde_json::from_str::<Country>(&json).unwrap(), c);
        }
    }

    #[test]
    fn serde_reads_what_from_str_reads() {
        let read: Vec<Country> =
            serde_json::from_str(r#"["UK", "gbr", "826", "Bangladesh", " Romania ", "Vietnam"]"#)
                .unwrap();
        assert_eq!(
            read,
            [
                Country::GB,
                Country::GB,
                Country::GB,
                Country::BD,
                Country::RO,
                Country::VN
            ]
        );
        let err = serde_json::from_str::<Country>(r#""Atlantis""#).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown country "Atlantis" at line 1 column 10"#
        );
        let err = serde_json::from_str::<Country>("826").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: integer `826`, expected an ISO 3166-1 country code or name at line 1 column 3"
        );
    }

    #[test]
    fn country_is_small_send_and_sync() {
        fn send_sync<T: Send + Sync + Copy>() {}
        send_sync::<Country>();
        assert_eq!(std::mem::size_of::<Country>(), std::mem::size_of::<usize>());
    }

    /// Any country of the table.
    fn country() -> impl Strategy<Value = Country> {
        prop::sample::select(Country::all().collect::<Vec<_>>())
    }

    /// `text` with the case of each character flipped where `mask` says so.
    fn recase(text: &str, mask: &[bool]) -> String {
        text.chars()
            .zip(mask.iter().chain(std::iter::repeat(&false)))
            .flat_map(|(c, &upper)| {
                let changed: Vec<char> = if upper {
                    c.to_uppercase().collect()
                } else {
                    c.to_lowercase().collect()
                };
                changed
            })
            .collect()
    }

    proptest! {
        #[test]
        fn every_form_reads_back_whatever_the_case_and_padding(
            c in country(),
            mask in prop::collection::vec(any::<bool>(), 0..64),
            before in "[ \t\n]{0,3}",
            after in "[ \t\n]{0,3}",
        ) {
            let forms = [
                c.alpha2().to_string(),
                c.alpha3().to_string(),
                format!("{:03}", c.numeric()),
                c.numeric().to_string(),
                c.name().to_string(),
                c.to_string(),
            ];
            for form in forms {
                let text = format!("{before}{}{after}", recase(&form, &mask));
                prop_assert_eq!(parse(&text), Ok(c), "{:?}", text);
            }
        }

        #[test]
        fn display_round_trips(c in country()) {
            prop_assert_eq!(parse(&c.to_string()), Ok(c));
            let json = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(serde_json::from_str::<Country>(&json).unwrap(), c);
        }

        #[test]
        fn order_is_alpha2_order(a in country(), b in country()) {
            prop_assert_eq!(a.cmp(&b), a.alpha2().cmp(b.alpha2()));
            prop_assert_eq!(a == b, a.alpha2() == b.alpha2());
        }

        #[test]
        fn any_text_parses_to_a_country_that_round_trips_or_fails_quoting_it(
            text in "\\PC{0,40}",
        ) {
            match parse(&text) {
                Ok(c) => prop_assert_eq!(parse(&c.to_string()), Ok(c)),
                Err(err) => prop_assert_eq!(
                    err,
                    Error::UnknownCountry { input: text.clone(), nearest: Country::nearest(&text) }
                ),
            }
        }
    }
}
