"""The three catalogues stay in step, and numbers are written the way each language writes them."""
from __future__ import annotations

import csv
import math
import string

import pytest

from dashboard import i18n
from dashboard.i18n import DEFAULT_LANG, LANGS, fmt_number, fmt_year, plotly_separators, resolve_lang, t

UNITS = ("persons", "per_km2", "per_1000", "pct", "index", "eur", "eur_per_capita", "eur_per_month",
         "eur_per_year", "pps_per_capita", "nights_per_inhabitant", "count")
THEMES = ("population", "labour", "economy", "education", "tourism", "housing", "finance")
LEVELS = ("municipality", "region", "state", "country")
NBSP_MINUS = "\u2212"


def raw(lang):
    i18n.catalogue.cache_clear()
    return dict(i18n.catalogue(lang))


def test_sections_exist_in_every_language():
    for lang in LANGS:
        names = {p.name.rsplit(".", 2)[0] for p in i18n.catalogue_files(lang)[1:]}
        for other in LANGS:
            assert names == {p.name.rsplit(".", 2)[0] for p in i18n.catalogue_files(other)[1:]}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def all_keys() -> set[str]:
    return set().union(*(raw(lang) for lang in LANGS))


@pytest.mark.parametrize("lang", LANGS)
def test_no_key_missing_or_empty(lang):
    catalogue = raw(lang)
    missing = sorted(all_keys() - set(catalogue))
    empty = sorted(k for k, v in catalogue.items() if not isinstance(v, str) or not v.strip())
    assert not missing, f"{lang}.json lacks {missing}"
    assert not empty, f"{lang}.json has empty texts for {empty}"


def test_placeholders_match_between_languages():
    wrong = []
    for key in sorted(all_keys()):
        found = {lang: placeholders(raw(lang).get(key, "")) for lang in LANGS}
        if len({frozenset(v) for v in found.values()}) > 1:
            wrong.append(f"{key}: {found}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_every_text_formats():
    """A stray brace would only blow up on the page that uses it; catch it here."""
    for lang in LANGS:
        for key, text in raw(lang).items():
            t(key, lang, **{name: "x" for name in placeholders(text)})


@pytest.mark.parametrize("group,codes", [("unit", UNITS), ("theme", THEMES), ("level", LEVELS)])
def test_labels_for_every_code(group, codes):
    for lang in LANGS:
        for code in codes:
            assert f"{group}.{code}" in raw(lang), f"{lang}: no label {group}.{code}"


def test_labels_for_the_shipped_data(shipped):
    """Units and themes the data actually uses (the contract may grow before the app does)."""
    file = shipped / "indicators.csv"
    if not file.is_file():
        pytest.skip(f"{file} not built yet")
    with open(file, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for lang in LANGS:
        for row in rows:
            assert f"unit.{row['unit']}" in raw(lang), f"{lang}: no label for unit {row['unit']!r}"
            assert f"theme.{row['theme']}" in raw(lang), f"{lang}: no label for theme {row['theme']!r}"


def test_texts_are_really_translated():
    """Slovenian and German must not be English copies (short shared words such as "%" excepted)."""
    en = raw("en")
    same_on_purpose = {("de", "level.region"),  # "Region (NUTS 3)" is German too
                       ("sl", "explore.chart.value"), ("de", "explore.chart.value")}  # only placeholders
    for lang in ("sl", "de"):
        same = [k for k, v in raw(lang).items()
                if v == en[k] and len(v) > 12 and (lang, k) not in same_on_purpose]
        assert not same, f"{lang} repeats English for {same}"


def test_diacritics_survive():
    sl, de = raw("sl"), raw("de")
    assert any(ch in "".join(sl.values()) for ch in "čšž")
    assert any(ch in "".join(de.values()) for ch in "äöüß")


def test_t_falls_back():
    assert t("nav.home", "xx") == t("nav.home", DEFAULT_LANG)
    assert t("no.such.key", "de") == "no.such.key"
    assert t("coverage.summary", "en", n=3, total=16, year=2023) == "3 of 16 partners have data for 2023"


@pytest.mark.parametrize("value,expected", [
    ("de", ("de", None)), ("SL", ("sl", None)), (" en ", ("en", None)),
    (None, (DEFAULT_LANG, None)), ("", (DEFAULT_LANG, None)),
    ("xx", (DEFAULT_LANG, "notice.bad_lang")), ("de-AT", (DEFAULT_LANG, "notice.bad_lang")),
    (["xx", "sl"], ("sl", None)),
])
def test_resolve_lang(value, expected):
    assert resolve_lang(value) == expected
    if expected[1]:
        assert expected[1] in raw("en")


@pytest.mark.parametrize("value,decimals,sl,de,en", [
    (1234.5, 1, "1.234,5", "1.234,5", "1,234.5"),
    (1234567, 0, "1.234.567", "1.234.567", "1,234,567"),
    (0.5, 0, "1", "1", "1"),                    # half rounds up, not to even
    (2.5, 0, "3", "3", "3"),
    (2.675, 2, "2,68", "2,68", "2.68"),          # as written, not as binary float stores it
    (1.005, 2, "1,01", "1,01", "1.01"),
    (999.96, 1, "1.000,0", "1.000,0", "1,000.0"),
    (12, 2, "12,00", "12,00", "12.00"),
    (-1234.5, 1, "−1.234,5", "−1.234,5", "−1,234.5"),
    (-0.04, 1, "0,0", "0,0", "0.0"),             # rounds to zero: no sign
    (-2.5, 0, "−3", "−3", "−3"),
    (0, 0, "0", "0", "0"),
    ("7.25", 1, "7,3", "7,3", "7.3"),
])
def test_fmt_number(value, decimals, sl, de, en):
    assert fmt_number(value, decimals, "sl") == sl
    assert fmt_number(value, decimals, "de") == de
    assert fmt_number(value, decimals, "en") == en


def test_fmt_number_minus_is_a_real_minus():
    assert fmt_number(-3, 0, "en").startswith(NBSP_MINUS)
    assert "-" not in fmt_number(-3, 0, "de")


@pytest.mark.parametrize("value", [None, float("nan"), math.nan, "n/a", float("inf")])
def test_fmt_number_missing(value):
    for lang in LANGS:
        assert fmt_number(value, 1, lang) == t("no_data", lang)
    assert {fmt_number(None, 0, lang) for lang in LANGS} == {"ni podatka", "keine Daten", "no data"}


def test_fmt_number_numpy_and_pandas():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert fmt_number(np.float64(1234.5), 1, "de") == "1.234,5"
    assert fmt_number(np.int64(20000), 0, "en") == "20,000"
    assert fmt_number(pd.NA, 0, "sl") == "ni podatka"


def test_fmt_year_and_separators():
    assert fmt_year(2023, "de") == "2023"
    assert fmt_year(2023.0, "en") == "2023"
    assert fmt_year(None, "sl") == "ni podatka"
    assert plotly_separators("sl") == ",."
    assert plotly_separators("de") == ",."
    assert plotly_separators("en") == ".,"
