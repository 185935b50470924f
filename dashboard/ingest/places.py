"""The places table: 16 partners, every other municipality of their four regions, the regions,
Styria and the two countries, with codes that carry the country."""
from __future__ import annotations

import pandas as pd

PARTNERS = {
    "SI042": ["SI-052", "SI-041", "SI-102", "SI-131"],  # Kranj, Jesenice, Radovljica, Tržič
    "SI032": ["SI-096", "SI-113", "SI-087", "SI-045"],  # Ptuj, Slovenska Bistrica, Ormož, Kidričevo
    "AT223": ["AT-62139", "AT-62140", "AT-61108", "AT-62143"],  # Bruck/Mur, Kapfenberg, Leoben, Mürzzuschlag
    "AT224": ["AT-62280", "AT-61760", "AT-62219", "AT-61766"],  # Fürstenfeld, Gleisdorf, Hartberg, Weiz
}
REGIONS = tuple(PARTNERS)
PARTNER_CODES = [c for codes in PARTNERS.values() for c in codes]

# code: (country, level, parent, official name, sl, de, en)
LARGER = {
    "SI042": ("SI", "region", "SI", "Gorenjska", "Gorenjska", "Gorenjska (Oberkrain)", "Gorenjska (Upper Carniola)"),
    "SI032": ("SI", "region", "SI", "Podravska", "Podravska", "Podravska", "Podravska"),
    "AT223": ("AT", "region", "AT22", "Östliche Obersteiermark", "Vzhodna Zgornja Štajerska", "Östliche Obersteiermark",
              "Eastern Upper Styria"),
    "AT224": ("AT", "region", "AT22", "Oststeiermark", "Vzhodna Štajerska", "Oststeiermark", "East Styria"),
    "AT22": ("AT", "state", "AT", "Steiermark", "Avstrijska Štajerska", "Steiermark", "Styria"),
    "SI": ("SI", "country", "", "Slovenija", "Slovenija", "Slowenien", "Slovenia"),
    "AT": ("AT", "country", "", "Österreich", "Avstrija", "Österreich", "Austria"),
}

_MERGED_2015 = (
    "Združena z {parts} ob štajerski reformi občin 1. 1. 2015; vsi podatki se nanašajo na današnje ozemlje: "
    "podjetja in delovna mesta iz popisa AEST za 2011–2014 so seštevek nekdanjih občin, deleži iz popisa AEST "
    "za ta leta in prejemki zaposlenih za 2004–2014 niso prikazani.",
    "Mit {parts} bei der steirischen Gemeindestrukturreform am 1.1.2015 zusammengelegt; alle Werte beziehen sich "
    "auf das heutige Gebiet: Unternehmen und Arbeitsplätze der AEST 2011–2014 sind über die früheren Gemeinden "
    "summiert, AEST-Quoten dieser Jahre und Einkommen 2004–2014 werden nicht gezeigt.",
    "Merged with {parts} in the Styrian municipal reform of 1 Jan 2015; all values refer to today's territory: "
    "census (AEST) enterprises and jobs for 2011–2014 are summed over the former municipalities, census rates for "
    "those years and employee income for 2004–2014 are not shown.",
)
_BOUNDARY_2020 = (
    "Med letoma 2019 in 2020 se je spremenila meja z občino {other} (okoli 170 prebivalcev {sl_dir}). "
    "Prikazani so le podatki na današnjem ozemlju: prebivalstvo od leta 2019, podatki popisa AEST in prejemki "
    "zaposlenih od leta 2020; starejši podatki se nanašajo na drugo ozemlje in niso prikazani.",
    "Zwischen 2019 und 2020 wurde die Grenze zu {other} geändert (rund 170 Einwohner {de_dir}). Gezeigt werden "
    "nur Werte auf dem heutigen Gebiet: Bevölkerung ab 2019, Abgestimmte Erwerbsstatistik und Einkommen ab 2020; "
    "ältere Werte beziehen sich auf ein anderes Gebiet und werden nicht gezeigt.",
    "The boundary with {other} changed between 2019 and 2020 (about 170 inhabitants {en_dir}). Only values on "
    "today's territory are shown: population from 2019, census (AEST) values and employee income from 2020; "
    "earlier values refer to a different territory and are not shown.",
)
_SPLIT_2006 = (
    "Leta 2006 se je iz te občine {sl_verb} {parts}; podatki do vključno 2006 se nanašajo na večje ozemlje pred "
    "delitvijo in niso prikazani.",
    "2006 {de_verb} {parts} aus dieser Gemeinde ausgegliedert (eigenständig seit 2007); Werte bis einschließlich "
    "2006 beziehen sich auf das größere Gebiet vor der Teilung und werden nicht gezeigt.",
    "In 2006 {parts} {en_verb} separated from this municipality (municipalities of their own since 2007); values "
    "up to and including 2006 refer to the larger territory before the split and are not shown.",
)


def _split_2006(parts_sl: str, parts_de: str, parts_en: str, plural: bool) -> tuple[str, str, str]:
    """Note for a Slovenian municipality that lost territory to new municipalities in 2006."""
    sl, de, en = _SPLIT_2006
    if not plural:
        en = en.replace("municipalities of their own", "a municipality of its own")
    if plural:
        sl = sl.replace("se je iz", "sta se iz")
    return (sl.format(sl_verb="izločila občina" if not plural else "izločili občini", parts=parts_sl
                      + (" (samostojni od 2007)" if plural else " (samostojna od 2007)")),
            de.format(de_verb="wurden" if plural else "wurde", parts=parts_de),
            en.format(en_verb="were" if plural else "was", parts=parts_en))


NOTES = {
    # Slovenian municipalities split in 2006 (slovenia.SPLITS): values before 2007 are dropped.
    "SI-003": _split_2006("Gorje", "Gorje", "Gorje", False),
    "SI-028": _split_2006("Cirkulane", "Cirkulane", "Cirkulane", False),
    "SI-058": _split_2006("Sveta Trojica v Slovenskih goricah in Sveti Jurij v Slovenskih goricah",
                          "Sveta Trojica v Slovenskih goricah und Sveti Jurij v Slovenskih goricah",
                          "Sveta Trojica v Slovenskih goricah and Sveti Jurij v Slovenskih goricah", True),
    "SI-087": _split_2006("Središče ob Dravi in Sveti Tomaž", "Središče ob Dravi und Sveti Tomaž",
                          "Središče ob Dravi and Sveti Tomaž", True),
    "SI-113": _split_2006("Makole in Poljčane", "Makole und Poljčane", "Makole and Poljčane", True),
    "AT-62280": (
        "Fürstenfeld in Söchau sta se združila 1. 1. 2025 (nova šifra 62280). Prebivalstvo je sešteto za obe "
        "nekdanji občini, prav tako število podjetij in delovnih mest iz popisa AEST; deleži iz popisa AEST (zaposlenost, "
        "brezposelnost, izobrazba, vozači) in mediana prejemkov zaposlenih se nanašajo na manjše ozemlje brez Söchaua "
        "in zato niso prikazani. Za Fürstenfeld ni podatkov o izdatkih občine.",
        "Fürstenfeld und Söchau wurden am 1.1.2025 zusammengelegt (neue GKZ 62280). Bevölkerungszahlen sind für beide "
        "früheren Gemeinden summiert, ebenso Unternehmen und Arbeitsplätze der Abgestimmten Erwerbsstatistik; deren "
        "Quoten (Erwerbstätigkeit, Arbeitslosigkeit, Bildung, Pendler) und der Median der Arbeitnehmereinkommen beziehen "
        "sich auf das kleinere Gebiet ohne Söchau und werden daher nicht gezeigt. Gemeindeausgaben liegen für "
        "Fürstenfeld nicht vor.",
        "Fürstenfeld and Söchau merged on 1 Jan 2025 (new code 62280). Population figures are summed over both former "
        "municipalities, and so are the census (AEST) counts of enterprises and jobs; the census rates (employment, "
        "unemployment, education, commuting) and the median employee income refer to the smaller territory without "
        "Söchau and are therefore not shown. No municipal spending data exist for Fürstenfeld.",
    ),
    "AT-61761": tuple(t.format(other="Passail", sl_dir="je prešlo v Passail", de_dir="kamen nach Passail",
                               en_dir="moved to Passail") for t in _BOUNDARY_2020),
    "AT-61763": tuple(t.format(other="Gutenberg-Stenzengreith", sl_dir="je prešlo od tam v Passail",
                               de_dir="kamen von dort nach Passail", en_dir="moved from there to Passail")
                      for t in _BOUNDARY_2020),
    "AT-62139": tuple(t.format(parts="Oberaich") for t in _MERGED_2015),
    "AT-62140": tuple(t.format(parts="Parschlug") for t in _MERGED_2015),
    "AT-62143": tuple(t.format(parts="Ganz") for t in _MERGED_2015),
    "AT-61760": tuple(t.format(parts="Labuch, Laßnitzthal, Nitscha, Ungerdorf") for t in _MERGED_2015),
    "AT-61766": tuple(t.format(parts="Krottendorf") for t in _MERGED_2015),
}

COLUMNS = ["code", "level", "country", "name", "name_sl", "name_de", "name_en", "region", "parent",
           "partner", "national_code", "area_km2", "note_sl", "note_de", "note_en"]


def build(si_munis: pd.DataFrame, at_munis: pd.DataFrame, areas: dict[str, float]) -> pd.DataFrame:
    """si_munis / at_munis: columns place, name, region, national_code (all municipalities of the country/state)."""
    rows = []
    partner = set(PARTNER_CODES)
    for region in REGIONS:
        src = si_munis if region.startswith("SI") else at_munis
        members = src[src.region == region]
        # partners first (in project order), then the others alphabetically
        members = members.assign(_p=members.place.map(lambda c: PARTNER_CODES.index(c) if c in partner else 99))
        for m in members.sort_values(["_p", "name"]).itertuples():
            note = NOTES.get(m.place, ("", "", ""))
            rows.append([m.place, "municipality", region[:2], m.name, m.name, m.name, m.name, region, region,
                         int(m.place in partner), m.national_code, areas.get(m.place), *note])
    for code, (country, level, parent, name, sl, de, en) in LARGER.items():
        rows.append([code, level, country, name, sl, de, en, code if level == "region" else "", parent,
                     int(code in REGIONS), code, areas.get(code), "", "", ""])
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["area_km2"] = df["area_km2"].astype(float)
    return df


def members(places: pd.DataFrame) -> dict[str, list[str]]:
    m = places[places.level == "municipality"]
    return {r: m[m.region == r].code.tolist() for r in REGIONS}
