"""Source citations in the page's language.

The import writes each observation's source as publisher + table id, with a few words of its own
where the id alone does not say enough ("sum of municipalities", "area", "izpeljano" in the
catalogue, ...). Publisher, table ids and publication titles stay as published (a citation); those
added words are put into the page's language here, once per distinct string, so no reader meets a
fragment in another language in a tile, tooltip, caption or CSV.
"""
from __future__ import annotations

import re
from functools import lru_cache

from dashboard.i18n import LANGS, t

# Phrase the import or the catalogue writes -> i18n key. Matched longest first, so "sum of Styrian
# municipalities" is not half-translated as "sum of municipalities".
PHRASES = {
    "ocena dokončanih stanovanj": "source.dwellings_estimate",
    "realizirani proračuni občin": "source.realised_budgets",
    "stopnja registrirane brezposelnosti": "source.registered_unemployment",
    "izpeljano": "source.derived",
    "Bevölkerungsstand 1.1.": "source.population_1jan",
    "Gemeindegrenzen": "source.boundaries",
    "sum of Styrian municipalities": "source.sum_styria",
    "sum of municipalities": "source.sum_municipalities",
    "dwellings completed, estimate": "source.dwellings_estimate",
    "realised municipal budgets": "source.realised_budgets",
    "registered unemployment rate": "source.registered_unemployment",
    "boundaries": "source.boundaries",
    "area": "source.area",
    "via": "source.via",
}
_PATTERN = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")(?!\w)")


@lru_cache(maxsize=4096)
def source_text(source: str, lang: str | None) -> str:
    """`source` with the words the project added in `lang`."""
    if not source or lang not in LANGS:
        return source
    return _PATTERN.sub(lambda m: t(PHRASES[m.group(1)], lang), source)


# Words of a citation that stay as published: publishers, their table ids and publication titles.
PUBLISHED = frozenset("""SURS GURS RPE Statistik Austria POPREG OGDEXT_AEST_GEMTAB_1 Bevölkerungsbewegung
    Bevölkerungsstand nach Alter Lohnsteuerstatistik DER STANDARD Gemeindefinanzen offenerhaushalt.at Land
    Steiermark WIBIS Beherbergungsstatistik Ministrstvo za finance Eurostat demo_r_pjanaggr3 nama_10r_3gdp""".split())


def unknown_words(source: str) -> list[str]:
    """Words of `source` that are neither published names nor a phrase this module translates: a test
    keeps this empty over the shipped data, so a new note from the import cannot reach a page
    untranslated."""
    tokens = [w for w in re.split(r"[\s()+;,/]+", _PATTERN.sub(" ", source)) if w]
    return [w for w in tokens if w not in PUBLISHED
            and not re.fullmatch(r"[0-9][0-9A-Z]{6}S|\d{4,5}|\d{4}–\d{4}|1\.1\.|–", w)]
