"""Old links keep working: URL migrations (dashboard/components/migrations.py), permalinks that keep
their year, and the data-release seam of `load_store`.

PERMALINKS are addresses written on 4 December 2026 by the pages themselves (`to_query()`), each
beside the same view as older links still in circulation spell it (renamed indicator ids). Both
must open the same view, without a notice, and the page must write back today's address.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.components import catalogue, migrations
from dashboard.components.migrations import MIGRATIONS, migrate, rename_indicator, rename_param
from dashboard.components.params import QueryReader
from dashboard.explore import state as explore
from dashboard.compare import state as compare
from dashboard.peers import state as peers
from dashboard.profile import state as profile
from dashboard.present import deck as dk
from dashboard.score import state as score
from dashboard.steering import logic as steering_logic
from dashboard.steering import state as steering
from dashboard.store import load_store

PARSERS = {
    "/explore": explore.parse_query,
    "/steering": steering.parse_query,
    "/score": score.parse_query,
    "/profile": profile.parse_query,
    "/compare": compare.parse_query,
    "/peers": peers.parse_query,
}

# (address as written today, the same view in an older spelling or None)
PERMALINKS = [
    ("/explore?lang=de&indicator=unemployment_rate&year=2016&start=2010&level=municipalities&scope=partners"
     "&mode=value&ref=country&sel=SI-052,AT-61108",
     "/explore?lang=de&indicator=unemployment&year=2016&start=2010&level=municipalities&scope=partners"
     "&mode=value&ref=country&sel=SI-052,AT-61108"),
    ("/explore?lang=sl&indicator=tertiary_share&year=2021&start=2011&level=municipalities&scope=all&mode=change"
     "&ref=region",
     "/explore?lang=sl&indicator=tertiary&year=2021&start=2011&level=municipalities&scope=all&mode=change"
     "&ref=region"),
    ("/explore?lang=en&indicator=population_change_rate&year=2024&start=2014&level=regions&scope=partners"
     "&mode=value&ref=country", None),
    ("/steering?lang=en&ind=population_change_rate,unemployment_rate,tertiary_share,ageing_index"
     "&level=municipalities&measure=level&end=2021&sort=unemployment_rate&order=asc&view=matrix",
     "/steering?lang=en&ind=population_change_rate,unemployment,tertiary,ageing_index"
     "&level=municipalities&measure=level&end=2021&sort=unemployment&order=asc&view=matrix"),
    ("/steering?lang=de&ind=employment_rate,tertiary_share&level=regions&measure=change&start=2012&end=2022"
     "&view=crossborder",
     "/steering?lang=de&ind=employment_rate,tertiary&level=regions&measure=change&start=2012&end=2022"
     "&view=crossborder"),
    ("/score?lang=en&w=employment_rate:4,unemployment_rate:3,tertiary_share:2&inv=tertiary_share"
     "&f=unemployment_rate:max:8,population:min:5000&norm=zscore&missing=exclude&cover=75&scope=all",
     "/score?lang=en&w=employment_rate:4,unemployment:3,tertiary:2&inv=tertiary"
     "&f=unemployment:max:8,population:min:5000&norm=zscore&missing=exclude&cover=75&scope=all"),
    ("/score?lang=sl&preset=knowledge&w=tertiary_share:5,net_migration_rate:3&norm=minmax&missing=rescale"
     "&cover=67&scope=partners",
     "/score?lang=sl&preset=knowledge&w=tertiary:5,net_migration_rate:3&norm=minmax&missing=rescale"
     "&cover=67&scope=partners"),
    ("/profile?lang=de&place=SI-131", "/profile?lang=de&place=trzic"),
    ("/compare?lang=en&places=SI-052,AT-61108,SI-096&years=latest", None),
    ("/peers?lang=sl&place=AT-61108&preset=labour&k=8&country=both&scope=all&span=5", "/peers?lang=sl&place=leoben&preset=labour"),
    ("/peers?lang=en&place=SI-052&ind=employment_rate,unemployment_rate,tertiary_share&k=5&country=same&scope=all&span=3&end=2020",
     "/peers?lang=en&place=SI-052&ind=employment_rate,unemployment,tertiary&k=5&country=same&span=3&end=2020"),
]

# A deck shared on 4 December 2026 whose slides still use the old ids (made by dk.share_link).
DECK_LINK = (
    "/slides?lang=en&deck=eNpdkE9Lw0AQxb9K2MPSQopJ1CqBRXrsTWw9lSLrZqwL-yfMbNIW8bs7sdWG3gaG997vvS_Ri7rMRRK1eNaYAiBl"
    "VVHORS5I1JuNuIFD6yLCk9NhpyBIGxprdIqougCef0cPIckjaFSDUlJio-EspIMenPJdsMa22tlkgSSZ2IJqz2nSxwZUr10HEuFDmdiFhEdJ"
    "LFwtZ8V9lS_Ws3lZFo_M9DqK_ONE2FlKgNBkk9VymvWUGQjUUTZZrKdim3MJ_gPasBu3UBerN9QJcvZIVnP2CXvwjYEBQVOHoMwna-FSr5L"
    "AJlVRVbK3sFcGI9F7xAaQqV5Oar7OBGY84v46vL7Lx3PWt_80dSVDRK-8DV4fpLdEXITpyGgH0sQeUM0frmbl3NWQ-Ju__f4BAfKqFw"
)
DECK_TODAY = [
    "/explore?lang=en&indicator=unemployment_rate&year=2016&start=2010&level=municipalities&scope=partners"
    "&mode=value&ref=country&sel=SI-052,AT-61108",
    "/steering?lang=en&ind=employment_rate,tertiary_share&level=regions&measure=change&start=2012&end=2022"
    "&view=crossborder",
    "/score?lang=en&w=employment_rate:4,unemployment_rate:3,tertiary_share:2&norm=minmax&missing=rescale"
    "&cover=67&scope=partners",
]

OLD_IDS = ("unemployment", "tertiary")


@pytest.fixture(scope="module")
def store():
    return load_store()


def _open(link: str, store):
    """Parse a link with its page's parser: (state, notices)."""
    parts = urlsplit(link)
    parsed = PARSERS[parts.path](parts.query, store)
    return getattr(parsed, "state", None) or parsed.config, parsed.notices


def _ids_in(query: str) -> set[str]:
    """Every indicator id a query names (items before ':' of the indicator parameters)."""
    q = parse_qs(query.lstrip("?"))
    return {part.split(":")[0]
            for p in migrations.INDICATOR_PARAMS for v in q.get(p, ()) for part in v.split(",")}


# --------------------------------------------------------------------------- today's permalinks


@pytest.mark.parametrize("today, old", PERMALINKS,
                         ids=[t.split("?")[0] + str(i) for i, (t, _) in enumerate(PERMALINKS)])
def test_permalink_opens_the_same_view_in_every_spelling(today, old, store):
    state, notices = _open(today, store)
    assert notices == []
    assert state.to_query() == "?" + urlsplit(today).query  # the page writes the same address back
    again, notices = _open(urlsplit(today).path + state.to_query(), store)
    assert again == state and notices == []
    if old is not None:
        old_state, old_notices = _open(old, store)
        assert old_notices == []          # a migrated link is not a broken link
        assert old_state == state         # ... and shows the same view
        assert old_state.to_query() == state.to_query()
        assert not _ids_in(old_state.to_query()) & set(OLD_IDS)  # written back with today's ids


def test_deck_link_with_old_ids_opens_todays_views(store):
    deck = dk.from_param(parse_qs(urlsplit(DECK_LINK).query)["deck"][0])
    assert [s.title for s in deck.slides] == ["Unemployment 2016", "Regions", "Score"]
    for slide, today in zip(deck.slides, DECK_TODAY, strict=True):
        src = dk.slide_src(slide.url, "en")  # what the player's frame opens
        state, notices = _open(src, store)
        assert notices == []
        assert state == _open(today, store)[0]


def test_data_page_link_with_an_old_id(store):
    ids = store.indicator_ids()
    old = migrate({"lang": "de", "indicator": "unemployment", "q": "arbeit", "theme": "labour"})
    assert old == {"lang": "de", "indicator": "unemployment_rate", "q": "arbeit", "theme": "labour"}
    assert catalogue.resolve_indicator(old["indicator"], ids) == ("unemployment_rate", None)
    assert catalogue.resolve_indicator(migrate({"indicator": "tertiary"})["indicator"], ids) == ("tertiary_share", None)


def test_an_unknown_id_is_still_a_bad_parameter(store):
    state, notices = _open("/explore?indicator=unemployed&year=2016", store)
    assert state.indicator == explore.DEFAULT_INDICATOR
    assert ("notice.bad_param", {"param": "indicator", "value": "unemployed"}) in notices
    _, notices = _open("/steering?ind=tertiary,tertiaryx", store)
    assert [k for k, _ in notices] == ["steering.notice.bad_indicator"]


# --------------------------------------------------------------------------- the year stays in the link


def test_explore_always_writes_its_years(store):
    """Also the default view: a link copied today shows today's year after a new data release."""
    state = explore.default_state(store)
    q = parse_qs(state.to_query()[1:])
    assert q["year"] == [str(state.year)] and q["start"] == [str(state.start)]
    for link, _ in PERMALINKS:
        if link.startswith("/explore"):
            q = parse_qs(_open(link, store)[0].to_query()[1:])
            assert "year" in q and "start" in q


def test_steering_writes_a_chosen_period(store):
    state, _ = _open(PERMALINKS[4][0], store)
    q = parse_qs(state.to_query()[1:])
    assert q["start"] == ["2012"] and q["end"] == ["2022"]
    # "latest year per indicator" is a view of its own (caption "latest"), written as no end
    latest = steering.SteeringState()
    assert "end" not in parse_qs(latest.to_query()[1:])


def test_a_year_no_longer_available_falls_back_with_a_notice(store):
    state, notices = _open("/explore?indicator=unemployment&year=2099&start=2010", store)
    assert state.indicator == "unemployment_rate" and state.year in store.years("unemployment_rate")
    assert [k for k, _ in notices] == ["notice.year_out_of_range"]
    state, notices = _open("/steering?ind=tertiary&end=2099", store)
    assert state.end is None and state.indicators == ("tertiary_share",)
    assert [k for k, _ in notices] == ["notice.year_out_of_range"]


def _with_a_new_year(store):
    """The shipped data plus one more year of every indicator (its last year + 1, a value for
    every place that has any): what the next data release brings. Earlier years are unchanged."""
    import pandas as pd

    from dashboard.store import Store

    obs = store.observations
    last = obs.loc[obs.groupby(["indicator", "place"])["year"].idxmax()].copy()
    last["year"] = last["indicator"].map(obs.groupby("indicator")["year"].max()) + 1
    last["value"] = last["value"] * 1.1 + 1
    return Store(store.places, store.indicators, pd.concat([obs, last], ignore_index=True))


def test_permalinks_show_the_same_view_after_new_data_arrive(store):
    from dashboard.explore.logic import build_view

    newer = _with_a_new_year(store)
    assert newer.release != store.release
    assert store.years("unemployment_rate")[-1] + 1 == newer.years("unemployment_rate")[-1]
    checked = 0
    for today, old in PERMALINKS:
        for link in filter(None, (today, old)):
            state, notices = _open(link, store)
            if link.startswith("/explore"):
                after, notices_after = _open(link, newer)
                assert after == state and notices_after == []
                a, b = build_view(store, state), build_view(newer, after)
                assert a.display.equals(b.display) and a.ranks == b.ranks, link
                assert a.references == b.references and a.flags.equals(b.flags), link
                checked += 1
            elif link.startswith("/steering") and state.end is not None:
                after, notices_after = _open(link, newer)
                assert after == state and notices_after == []
                a, b = steering_logic.build_matrix(store, state), steering_logic.build_matrix(newer, after)
                assert [(c.indicator, c.year, c.start, c.values) for c in a.columns] == \
                       [(c.indicator, c.year, c.start, c.values) for c in b.columns], link
                checked += 1
    # 5 Explore and 4 Steering links. Only `View.latest` (the newest year of a place without a value
    # in the link's year) may move: it points the reader to the new data.
    assert checked == 9


# --------------------------------------------------------------------------- the migration list


def test_migration_list_is_applied_in_order():
    chain = [rename_param("a", "b"), rename_param("b", "c"), rename_indicator("x", "y"), rename_indicator("y", "z")]
    applied: list[str] = []
    out = migrate({"a": "x:3,w:1", "lang": "de"}, chain, applied)
    assert out == {"c": "x:3,w:1", "lang": "de"}  # the value of `c` is no indicator parameter
    assert applied == ["param a -> b", "param b -> c"]
    out = migrate({"indicator": "x", "w": "x:3,q:1", "f": ["x:min:5", "y:max:2"], "ind": " x ,v"}, chain)
    assert out == {"indicator": "z", "w": "z:3,q:1", "f": ["z:min:5", "z:max:2"], "ind": "z,v"}
    # reversed, the later rename runs first and misses what the earlier one produces
    assert migrate({"indicator": "x"}, chain[::-1])["indicator"] == "y"
    assert migrate({"a": "1"}, chain[:2][::-1]) == {"b": "1"}


def test_rename_param_keeps_the_new_name_when_both_are_given():
    m = rename_param("old", "new")
    assert migrate({"old": "1", "new": "2"}, [m]) == {"new": "2"}
    src = {"old": "1"}
    assert migrate(src, [m]) == {"new": "1"} and src == {"old": "1"}  # the input is left alone


def test_shipped_migrations_replace_the_old_aliases():
    assert [m.name for m in MIGRATIONS][:2] == ["indicator unemployment -> unemployment_rate",
                                                 "indicator tertiary -> tertiary_share"]
    assert not hasattr(explore, "INDICATOR_ALIASES")
    r = QueryReader("?ind=unemployment,tertiary&sort=tertiary")
    assert r.get("ind") == "unemployment_rate,tertiary_share" and r.get("sort") == "tertiary_share"
    assert r.migrated == ["indicator unemployment -> unemployment_rate", "indicator tertiary -> tertiary_share"]
    assert QueryReader({"indicator": "population"}).migrated == []


RENAMED = {  # page -> (parameter as an older link spells it, today's name)
    "/explore": ("selected", "sel"),
    "/steering": ("indicators", "ind"),
    "/score": ("weights", "w"),
    "/profile": ("municipality", "place"),
    "/compare": ("towns", "places"),  # never `place`: that is the profile's parameter
}


@pytest.mark.parametrize("page", sorted(RENAMED))
def test_a_renamed_parameter_reaches_every_page(page, store, monkeypatch):
    """No parameter has been renamed yet; one entry in the list must be enough for any page."""
    old, new = RENAMED[page]
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, rename_param(old, new)))
    today = next(link for link, _ in PERMALINKS if link.startswith(page + "?") and f"&{new}=" in link)
    state, _ = _open(today, store)
    renamed = today.replace(f"&{new}=", f"&{old}=")
    old_state, notices = _open(renamed, store)
    assert notices == [] and old_state == state and old_state.to_query() == state.to_query()


# --------------------------------------------------------------------------- data releases


def _write_release(root, rid, shipped):
    folder = root / "releases" / rid
    folder.mkdir(parents=True)
    for name in ("places.csv", "indicators.csv", "observations.csv"):
        (folder / name).write_bytes((shipped / name).read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"id": rid}), encoding="utf-8")
    return folder


def test_load_store_reads_a_release_from_its_manifest(tmp_path, shipped):
    folder = _write_release(tmp_path, "2026-12-04", shipped)
    s = load_store(tmp_path, release="2026-12-04")
    assert s.path == folder.resolve() and s.release == "2026-12-04"
    assert load_store(tmp_path, release="2026-12-04") is s
    assert s.indicator_ids() == load_store(shipped).indicator_ids()


def test_an_unknown_release_is_a_key_error_naming_it(tmp_path, shipped):
    with pytest.raises(KeyError, match="2031-01"):
        load_store(tmp_path, release="2031-01")
    folder = _write_release(tmp_path, "draft", shipped)
    (folder / "manifest.json").unlink()  # a folder without a manifest is no release
    with pytest.raises(KeyError, match="draft"):
        load_store(tmp_path, release="draft")
    with pytest.raises(KeyError, match="not a release id"):
        load_store(tmp_path, release="../data")


def test_shipped_data_has_a_stable_release_id(tmp_path, shipped):
    s = load_store()
    assert len(s.release) == 12 and int(s.release, 16) >= 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("places.csv", "indicators.csv", "observations.csv"):
        (copy / name).write_bytes((shipped / name).read_bytes())
    assert load_store(copy).release == load_store(shipped).release  # same bytes, same id
    with (copy / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("SI-052,population,1999,1,,test\n")
    load_store.cache_clear()
    assert load_store(copy).release != load_store(shipped).release
