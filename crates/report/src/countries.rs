//! ISO 3166-1 alpha-2 codes and UN M49 sub-regions (as STIX `region-ov`
//! values) of sovereign states, looked up by English name. Public reference
//! data, for locating `country` entities in STIX exports.

/// `CODE|region|Name;Other name;…`, one state per line.
const TABLE: &str = "\
AF|southern-asia|Afghanistan
AL|southern-europe|Albania
DZ|northern-africa|Algeria
AD|southern-europe|Andorra
AO|middle-africa|Angola
AG|caribbean|Antigua and Barbuda
AR|south-america|Argentina
AM|western-asia|Armenia
AU|australia-new-zealand|Australia
AT|western-europe|Austria
AZ|western-asia|Azerbaijan
BS|caribbean|Bahamas;The Bahamas
BH|western-asia|Bahrain
BD|southern-asia|Bangladesh
BB|caribbean|Barbados
BY|eastern-europe|Belarus
BE|western-europe|Belgium
BZ|central-america|Belize
BJ|western-africa|Benin
BT|southern-asia|Bhutan
BO|south-america|Bolivia
BA|southern-europe|Bosnia and Herzegovina;Bosnia
BW|southern-africa|Botswana
BR|south-america|Brazil
BN|south-eastern-asia|Brunei
BG|eastern-europe|Bulgaria
BF|western-africa|Burkina Faso
BI|eastern-africa|Burundi
CV|western-africa|Cabo Verde;Cape Verde
KH|south-eastern-asia|Cambodia
CM|middle-africa|Cameroon
CA|northern-america|Canada
CF|middle-africa|Central African Republic
TD|middle-africa|Chad
CL|south-america|Chile
CN|eastern-asia|China;People's Republic of China;PRC
CO|south-america|Colombia
KM|eastern-africa|Comoros
CG|middle-africa|Republic of the Congo;Congo-Brazzaville
CD|middle-africa|Democratic Republic of the Congo;DR Congo;DRC;Congo-Kinshasa
CR|central-america|Costa Rica
CI|western-africa|Côte d'Ivoire;Cote d'Ivoire;Ivory Coast
HR|southern-europe|Croatia
CU|caribbean|Cuba
CY|western-asia|Cyprus
CZ|eastern-europe|Czechia;Czech Republic
DK|northern-europe|Denmark
DJ|eastern-africa|Djibouti
DM|caribbean|Dominica
DO|caribbean|Dominican Republic
EC|south-america|Ecuador
EG|northern-africa|Egypt
SV|central-america|El Salvador
GQ|middle-africa|Equatorial Guinea
ER|eastern-africa|Eritrea
EE|northern-europe|Estonia
SZ|southern-africa|Eswatini;Swaziland
ET|eastern-africa|Ethiopia
FJ|melanesia|Fiji
FI|northern-europe|Finland
FR|western-europe|France
GA|middle-africa|Gabon
GM|western-africa|Gambia;The Gambia
GE|western-asia|Georgia
DE|western-europe|Germany
GH|western-africa|Ghana
GR|southern-europe|Greece
GD|caribbean|Grenada
GT|central-america|Guatemala
GN|western-africa|Guinea
GW|western-africa|Guinea-Bissau
GY|south-america|Guyana
HT|caribbean|Haiti
HN|central-america|Honduras
HU|eastern-europe|Hungary
IS|northern-europe|Iceland
IN|southern-asia|India
ID|south-eastern-asia|Indonesia
IR|southern-asia|Iran;Islamic Republic of Iran
IQ|western-asia|Iraq
IE|northern-europe|Ireland
IL|western-asia|Israel
IT|southern-europe|Italy
JM|caribbean|Jamaica
JP|eastern-asia|Japan
JO|western-asia|Jordan
KZ|central-asia|Kazakhstan
KE|eastern-africa|Kenya
KI|micronesia|Kiribati
KP|eastern-asia|North Korea;Democratic People's Republic of Korea;DPRK
KR|eastern-asia|South Korea;Republic of Korea
XK|southern-europe|Kosovo
KW|western-asia|Kuwait
KG|central-asia|Kyrgyzstan
LA|south-eastern-asia|Laos
LV|northern-europe|Latvia
LB|western-asia|Lebanon
LS|southern-africa|Lesotho
LR|western-africa|Liberia
LY|northern-africa|Libya
LI|western-europe|Liechtenstein
LT|northern-europe|Lithuania
LU|western-europe|Luxembourg
MG|eastern-africa|Madagascar
MW|eastern-africa|Malawi
MY|south-eastern-asia|Malaysia
MV|southern-asia|Maldives
ML|western-africa|Mali
MT|southern-europe|Malta
MH|micronesia|Marshall Islands
MR|western-africa|Mauritania
MU|eastern-africa|Mauritius
MX|central-america|Mexico
FM|micronesia|Micronesia
MD|eastern-europe|Moldova
MC|western-europe|Monaco
MN|eastern-asia|Mongolia
ME|southern-europe|Montenegro
MA|northern-africa|Morocco
MZ|eastern-africa|Mozambique
MM|south-eastern-asia|Myanmar;Burma
NA|southern-africa|Namibia
NR|micronesia|Nauru
NP|southern-asia|Nepal
NL|western-europe|Netherlands;The Netherlands;Holland
NZ|australia-new-zealand|New Zealand
NI|central-america|Nicaragua
NE|western-africa|Niger
NG|western-africa|Nigeria
MK|southern-europe|North Macedonia;Macedonia
NO|northern-europe|Norway
OM|western-asia|Oman
PK|southern-asia|Pakistan
PW|micronesia|Palau
PS|western-asia|Palestine;State of Palestine;Palestinian Territories
PA|central-america|Panama
PG|melanesia|Papua New Guinea
PY|south-america|Paraguay
PE|south-america|Peru
PH|south-eastern-asia|Philippines;The Philippines
PL|eastern-europe|Poland
PT|southern-europe|Portugal
QA|western-asia|Qatar
RO|eastern-europe|Romania
RU|eastern-europe|Russia;Russian Federation
RW|eastern-africa|Rwanda
KN|caribbean|Saint Kitts and Nevis
LC|caribbean|Saint Lucia
VC|caribbean|Saint Vincent and the Grenadines
WS|polynesia|Samoa
SM|southern-europe|San Marino
ST|middle-africa|Sao Tome and Principe;São Tomé and Príncipe
SA|western-asia|Saudi Arabia;Kingdom of Saudi Arabia
SN|western-africa|Senegal
RS|southern-europe|Serbia
SC|eastern-africa|Seychelles
SL|western-africa|Sierra Leone
SG|south-eastern-asia|Singapore
SK|eastern-europe|Slovakia
SI|southern-europe|Slovenia
SB|melanesia|Solomon Islands
SO|eastern-africa|Somalia
ZA|southern-africa|South Africa
SS|eastern-africa|South Sudan
ES|southern-europe|Spain
LK|southern-asia|Sri Lanka
SD|northern-africa|Sudan
SR|south-america|Suriname
SE|northern-europe|Sweden
CH|western-europe|Switzerland
SY|western-asia|Syria;Syrian Arab Republic
TW|eastern-asia|Taiwan
TJ|central-asia|Tajikistan
TZ|eastern-africa|Tanzania
TH|south-eastern-asia|Thailand
TL|south-eastern-asia|Timor-Leste;East Timor
TG|western-africa|Togo
TO|polynesia|Tonga
TT|caribbean|Trinidad and Tobago
TN|northern-africa|Tunisia
TR|western-asia|Turkey;Türkiye;Turkiye
TM|central-asia|Turkmenistan
TV|polynesia|Tuvalu
UG|eastern-africa|Uganda
UA|eastern-europe|Ukraine
AE|western-asia|United Arab Emirates;UAE
GB|northern-europe|United Kingdom;UK;Britain;Great Britain
US|northern-america|United States;United States of America;USA;US;America
UY|south-america|Uruguay
UZ|central-asia|Uzbekistan
VU|melanesia|Vanuatu
VA|southern-europe|Vatican City;Holy See;Vatican
VE|south-america|Venezuela
VN|south-eastern-asia|Vietnam;Viet Nam
YE|western-asia|Yemen
ZM|eastern-africa|Zambia
ZW|eastern-africa|Zimbabwe
";

fn key(s: &str) -> String {
    let s = s
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    s.chars()
        .map(|c| match c {
            '’' | 'ʼ' | '‘' => '\'',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect()
}

/// ISO alpha-2 code and STIX region of a state named `name`.
pub fn lookup(name: &str) -> Option<(&'static str, &'static str)> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    TABLE.lines().find_map(|line| {
        let mut parts = line.splitn(3, '|');
        let (code, region, names) = (parts.next()?, parts.next()?, parts.next()?);
        names
            .split(';')
            .any(|n| key(n) == k)
            .then_some((code, region))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_names_and_variants() {
        assert_eq!(lookup("Azerbaijan"), Some(("AZ", "western-asia")));
        assert_eq!(lookup("the Netherlands"), Some(("NL", "western-europe")));
        assert_eq!(lookup("U.S."), Some(("US", "northern-america")));
        assert_eq!(lookup("Cote d’Ivoire"), Some(("CI", "western-africa")));
        assert_eq!(lookup("Marovia"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn table_is_well_formed() {
        let mut codes = std::collections::BTreeSet::new();
        for line in TABLE.lines() {
            let parts: Vec<&str> = line.split('|').collect();
            assert_eq!(parts.len(), 3, "{line}");
            assert!(
                parts[0].len() == 2 && parts[0].chars().all(|c| c.is_ascii_uppercase()),
                "{line}"
            );
            assert!(codes.insert(parts[0]), "duplicate {line}");
        }
        assert!(codes.len() > 190);
    }
}
