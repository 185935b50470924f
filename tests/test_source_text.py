"""Source citations carry no words of another language than the page's (issue 11/12: a Slovenian
tile read "SURS (07009) registered unemployment rate")."""
import pandas as pd
import pytest

from dashboard.i18n import LANGS, t
from dashboard.i18n.sources import PHRASES, source_text, unknown_words
from dashboard.paths import ROOT

DATA_DIR = ROOT / "data"  # the shipped dataset


def shipped_sources() -> set[str]:
    obs = pd.read_csv(DATA_DIR / "observations.csv", usecols=["source"])
    ind = pd.read_csv(DATA_DIR / "indicators.csv")
    cat = ind[["source_si", "source_at", "source_regions"]].stack().dropna()
    return set(obs["source"].dropna()) | set(cat)


def test_every_word_of_every_shipped_source_is_published_or_translated():
    unknown = {s: unknown_words(s) for s in shipped_sources() if unknown_words(s)}
    assert not unknown, f"source notes the pages cannot translate: {unknown}"


def test_an_unknown_note_is_caught():
    assert unknown_words("SURS 0772815S (new note)") == ["new", "note"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_phrase_of_another_language_is_left(lang):
    for s in shipped_sources():
        shown = source_text(s, lang)
        for phrase, key in PHRASES.items():
            if phrase in shown:
                # a phrase may only stay where it is this language's own wording
                assert t(key, lang) == phrase, (lang, s, shown)


def test_examples_read_in_each_language():
    s = "SURS (07009) registered unemployment rate"
    assert source_text(s, "sl") == "SURS (07009) stopnja registrirane brezposelnosti"
    assert source_text(s, "de") == "SURS (07009) Quote der registrierten Arbeitslosigkeit"
    assert source_text("SURS 05G2018S (sum of municipalities)", "de") == "SURS 05G2018S (Summe der Gemeinden)"
    assert source_text("SURS 0772750S + 0723405S (izpeljano)", "en") == "SURS 0772750S + 0723405S (derived)"
    # the longer phrase wins: Styria is not lost in translation
    assert source_text("POPREG (sum of Styrian municipalities)", "sl") == "POPREG (vsota štajerskih občin)"
