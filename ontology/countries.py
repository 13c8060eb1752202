"""Countries and areas outside China by their Chinese names (德国, 新加坡, 香港, 台湾), from ISO 3166-1 as the
pycountry registry package ships it (pinned in pyproject.toml), with the zh_CN names of its iso-codes
translations: never typed by hand. A text names them as where an investor, a partner or a market is.

Each entry is found by its name, its common name (韩国, 老挝) and its official name (大韩民国). China itself
(CN) is the country every text is in, so it is left out; a form that is also a county or larger division of
China (黑山 is 黑山县's) is left to the divisions (a township's short form is not: 巴西 is Brazil), and one
two entries share is no one's."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from ontology.divisions import COUNTY_CODE, Divisions, read_divisions

HOME_COUNTRY = "CN"
ISO_DOMAIN = "iso3166-1"
LOCALE = "zh_CN"
MIN_FORM = 2  # characters of the shortest form matched
_NAME_FIELDS = ("name", "common_name", "official_name")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # the name a Chinese text uses most: the common name's (韩国) when there is one
    forms: tuple[str, ...]


class Countries:
    """Every entry by its alpha-2 code, and the code each Chinese form names."""

    def __init__(self, countries: list[Country], divisions: Divisions) -> None:
        self.by_code = {c.code: c for c in countries}
        owners: dict[str, set[str]] = {}
        for country in countries:
            for form in country.forms:
                owners.setdefault(form, set()).add(country.code)
        self.forms = {form: codes.pop() for form, codes in owners.items()
                      if len(codes) == 1 and not any(len(c) <= COUNTY_CODE for c in divisions.codes(form))}
        self.heads = frozenset(f[:MIN_FORM] for f in self.forms)
        self.lengths = sorted({len(f) for f in self.forms}, reverse=True)


def _chinese(text: str) -> bool:
    return len(text) >= MIN_FORM and all("\u4e00" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=1)
def read_countries() -> Countries:
    zh = gettext.translation(ISO_DOMAIN, pycountry.LOCALES_DIR, languages=[LOCALE])
    countries = []
    for entry in pycountry.countries:
        if entry.alpha_2 == HOME_COUNTRY:
            continue
        english = [getattr(entry, f) for f in _NAME_FIELDS if hasattr(entry, f)]
        forms = tuple(dict.fromkeys(zh.gettext(e) for e in english if _chinese(zh.gettext(e))))
        if forms:
            common = zh.gettext(getattr(entry, "common_name", entry.name))
            countries.append(Country(entry.alpha_2, common if _chinese(common) else forms[0], forms))
    return Countries(countries, read_divisions())
