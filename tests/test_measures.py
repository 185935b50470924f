"""Units and modes that cannot mislead (dashboard/measures.py) and kinds of missing / stale values
(dashboard/missing.py): the rules every view uses, on a small hand-made store and the shipped data."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard import measures, missing
from dashboard.i18n import t
from dashboard.store import INDICATOR_COLUMNS, PLACE_COLUMNS, Store, load_store

SIGNED = {"natural_increase_rate", "net_migration_rate", "population_change_rate"}


@pytest.fixture(scope="module")
def store():
    return load_store()


def _place(code, level, country, region="", partner=0):
    row = dict.fromkeys(PLACE_COLUMNS, "")
    row.update(code=code, level=level, country=country, name=code, name_sl=code, name_de=code, name_en=code,
               region=region, parent=region or country, partner=str(partner), national_code=code)
    return row


def _indicator(id_, unit="pct", signed=False):
    row = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update(id=id_, theme="labour", unit=unit, decimals="1", direction="higher_better", kind="ratio",
               signed=str(int(signed)), name_sl=id_, name_de=id_, name_en=id_, comparability_class="comparable")
    return row


@pytest.fixture(scope="module")
def tiny() -> Store:
    """SI: two municipalities, one with a break in 2015; AT: two municipalities with no x at all."""
    places = [_place("SI", "country", "SI"), _place("AT", "country", "AT"),
              _place("S1", "municipality", "SI", partner=1), _place("S2", "municipality", "SI", partner=1),
              _place("A1", "municipality", "AT", partner=1), _place("A2", "municipality", "AT", partner=1)]
    obs = [("S1", "x", y, 10.0 + y - 2010, "b" if y == 2015 else "", "T") for y in range(2010, 2024)]
    obs += [("S2", "x", y, 20.0, "", "T") for y in range(2010, 2019)]
    obs += [("A1", "y", 2023, 5.0, "", "T"), ("S1", "y", 2020, 5.0, "", "T")]
    inds = [_indicator("x"), _indicator("y", "per_1000", signed=True)]
    return Store(pd.DataFrame(places), pd.DataFrame(inds),
                 pd.DataFrame(obs, columns=["place", "indicator", "year", "value", "flags", "source"]))


# --------------------------------------------------------------------------- units


def test_a_change_of_a_percentage_is_in_percentage_points_in_every_language():
    assert measures.change_unit("pct") == "pp"
    for unit in ("per_1000", "eur", "persons", "index"):
        assert measures.change_unit(unit) == unit
    assert [measures.change_unit_label("pct", lang) for lang in ("sl", "de", "en")] == ["o. t.", "Pp.", "pp"]
    assert [measures.change_unit_label("pct", lang, long=True) for lang in ("sl", "de", "en")] == [
        "odstotne točke", "Prozentpunkte", "percentage points"]
    assert measures.change_unit_label("per_1000", "en") == t("unit.per_1000", "en")


# --------------------------------------------------------------------------- signed


def test_signed_comes_from_the_catalogue(store, tiny):
    assert {i for i in store.indicator_ids() if measures.is_signed(store, i)} == SIGNED
    assert not measures.index_available(store, "population_change_rate")
    assert measures.index_available(store, "population")
    assert measures.is_signed(tiny, "y") and not measures.is_signed(tiny, "x")


def test_signed_column_is_required_and_checked(tiny):
    inds = pd.DataFrame([_indicator("x")]).drop(columns=["signed"])
    with pytest.raises(ValueError, match="signed"):
        Store(tiny.places, inds, tiny.observations[tiny.observations["indicator"] == "x"])
    bad = pd.DataFrame([{**_indicator("x"), "signed": "yes"}])
    with pytest.raises(ValueError, match="column 'signed'"):
        Store(tiny.places, bad, tiny.observations[tiny.observations["indicator"] == "x"])


# --------------------------------------------------------------------------- breaks


def test_a_period_spans_a_break_when_a_later_year_is_flagged_b(tiny):
    assert measures.breaks_within(tiny, "x", ["S1", "S2"], 2010, 2020) == {"S1": 2015}
    assert measures.breaks_within(tiny, "x", ["S1"], 2020, 2010) == {"S1": 2015}  # order does not matter
    assert measures.breaks_within(tiny, "x", ["S1"], 2015, 2020) == {}  # starts at the break: comparable
    assert measures.breaks_within(tiny, "x", ["S1"], 2010, 2014) == {}
    assert measures.break_year(tiny, "x", "S1", 2014, 2015) == 2015


def test_shipped_breaks(store):
    si = [p for p in store.partners() if p.startswith("SI")]
    at = [p for p in store.partners() if p.startswith("AT")]
    assert set(measures.breaks_within(store, "gross_earnings", si, 2010, 2020).values()) == {2015}
    assert measures.breaks_within(store, "gross_earnings", at, 2010, 2020) == {}


# --------------------------------------------------------------------------- missing and stale


def test_kinds_of_missing(tiny):
    assert missing.missing_kind(tiny, "x", "A1") == "not_published"          # no AT municipality has x
    assert missing.missing_kind(tiny, "x", "S2", 2020) == "missing"           # S1 has 2020, S2 not
    assert missing.missing_kind(tiny, "y", "A2", 2020) == "not_published_year"  # AT has y, but not for 2020
    assert missing.missing_kind(tiny, "y", "A2") == "missing"


def test_missing_texts_in_three_languages(tiny, store):
    assert missing.missing_text(tiny, "x", "A1", "en") == "not published for Austria"
    assert missing.missing_text(tiny, "x", "A1", "de") == "für Österreich nicht veröffentlicht"
    assert missing.missing_text(tiny, "x", "A1", "sl") == "ni objavljeno za Avstrijo"
    assert missing.missing_text(tiny, "x", "S2", "en", 2020) == "no data for this place (latest: 2018 · old)"
    assert missing.missing_text(tiny, "y", "A2", "de", 2020) == "für Österreich für 2020 (noch) nicht veröffentlicht"
    assert missing.missing_text(tiny, "x", "S1", "sl", 2020, break_year=2015) == (
        "ni podatka: prelom v časovni vrsti (2015)")
    # the shipped example from the brief: gross earnings are not published for Austrian municipalities
    assert missing.missing_kind(store, "gross_earnings", "AT-61108") == "not_published"
    # GDP is published for regions only: the text says so rather than "not published for Slovenia"
    assert missing.missing_text(store, "gdp_per_inhabitant", "SI-052", "en") == (
        "not published for municipalities in Slovenia")
    assert missing.missing_text(store, "gdp_per_inhabitant", "AT-61108", "sl") == "za občine v Avstriji ni objavljeno"


def test_stale_is_more_than_three_years_before_the_newest_data(tiny):
    assert missing.latest_any(tiny, "x") == 2023
    assert missing.is_stale(tiny, "x", 2019) and not missing.is_stale(tiny, "x", 2020)
    assert not missing.is_stale(tiny, "x", None)
    assert missing.year_label(tiny, "x", 2018, "en") == "2018 · old"
    assert missing.year_label(tiny, "x", 2018, "sl") == "2018 · staro"
    assert missing.year_label(tiny, "x", 2018, "de") == "2018 · alt"
    assert missing.year_label(tiny, "x", 2021, "de") == "2021"
    assert "2023" in missing.stale_title(tiny, "x", "en")
    # the latest year in a "no data for this place" note carries the mark too
    assert missing.missing_text(tiny, "x", "S2", "en", 2023) == "no data for this place (latest: 2018 · old)"


def test_flag_c_is_named_like_the_other_flags(store):
    """c = corrected by the import: a mark with its tooltip, the Explore table's flags column and the CSV."""
    from dashboard.components.marks import flag_marks
    from dashboard.explore import export
    from dashboard.explore.logic import build_view
    from dashboard.explore.state import default_state
    mark = flag_marks("dc", "de")
    assert mark.children == "d c" and mark.title == "abgeleitet, beim Import korrigiert"
    s = default_state(store, "population_change_rate").with_(year=2022, level="regions")
    view = build_view(store, s)
    rows = {r["code"]: r for r in export.table_rows(store, view)}
    assert "corrected by the import" in rows["SI042"]["flags"]
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, view)), keep_default_na=False)
    assert df.set_index("place_code").at["SI042", "flags"] == "dc"
