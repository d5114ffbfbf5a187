"""How to cite the exact view a reader sees: its address with the filters, the dataset version,
the day of access, in plain text and BibTeX.

The address is built from the filters, not read from the browser, so a citation names the view
that was drawn even when the address bar lagged behind. The filter parameters hold what the
sidebar's widgets write to the address bar: the year range as two ``year`` values, and the
labels (not the terms) of the chosen spheres and source kinds. A filter left at its default is
left out, as the sidebar leaves it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from metrics.dates import is_partial_date
from metrics.filters import KIND_PARAM, LANG_PARAM, SPHERE_PARAM, YEAR_PARAM, Filters
from metrics.i18n import N_, _, current_language, format_date
from metrics.labels import ENGLISH

SITE_NAME = "Reform Metrics"  # the site's name, the same in every language
SITE_TITLE = N_("Reform Metrics: Kazakhstan's reforms since 2019, in cited figures")


def one_stop(text: str) -> str:
    """A sentence ending in one full stop where a date's own ('2026 г.') met the sentence's."""
    return text[:-1] if text.endswith("..") else text


def day_text(text: str, lang: str | None = None) -> str:
    """An ISO day ('2026-11-25') in words in ``lang`` (ISO kept in English); other text as it is."""
    if len(text) == 10 and is_partial_date(text):
        return accessed_text(date.fromisoformat(text), lang)
    return text


def accessed_text(day: date, lang: str | None = None) -> str:
    """A day of access as a citation writes it: ISO in English ('2026-11-25'), else the
    language's own long date ('25 ноября 2026 г.')."""
    lang = lang or current_language()
    return day.isoformat() if lang == ENGLISH else format_date(day, lang)


# Each chart's ``page`` is the page's address, except the Overview, which is the site's root.
ROOT_PAGE = "overview"


def page_path(page: str) -> str:
    """The address path of a page of the registry ('overview' is the root)."""
    return "" if page == ROOT_PAGE else page


def filter_params(
    filters: Filters,
    defaults: Filters,
    spheres: Mapping[str, str],
    kinds: Mapping[str, str],
) -> list[tuple[str, str]]:
    """The address-bar parameters of ``filters``: only those that differ from the defaults.

    ``spheres`` and ``kinds`` map each term to its label, in the order the widgets offer them.
    An empty choice is one empty value, which the sidebar reads as nothing chosen.
    """
    params: list[tuple[str, str]] = []
    if filters.years != defaults.years:
        params += [(YEAR_PARAM, str(filters.years[0])), (YEAR_PARAM, str(filters.years[1]))]
    for name, chosen, everything, labels in (
        (SPHERE_PARAM, filters.spheres, defaults.spheres, spheres),
        (KIND_PARAM, filters.kinds, defaults.kinds, kinds),
    ):
        if set(chosen) == set(everything):
            continue
        picked = [labels[term] for term in labels if term in chosen]
        params += [(name, label) for label in picked] or [(name, "")]
    return params


def view_address(
    base: str,
    page: str,
    filters: Filters,
    defaults: Filters,
    spheres: Mapping[str, str],
    kinds: Mapping[str, str],
    extra: Sequence[tuple[str, str]] = (),
    lang: str = ENGLISH,
) -> str:
    """The full address of a page under ``filters`` (and a page's own ``extra`` parameters).

    ``base`` is the site's address ('https://example.org/app'); a trailing slash is dropped.
    ``lang`` is the interface's language, kept in the link unless it is English; ``spheres``
    and ``kinds`` are then the labels in that language, as its sidebar writes them.
    """
    language = [(LANG_PARAM, lang)] if lang != ENGLISH else []
    query = urlencode([*language, *filter_params(filters, defaults, spheres, kinds), *extra])
    path = page_path(page)
    address = f"{base.rstrip('/')}/{path}"
    return f"{address}?{query}" if query else address


@dataclass(frozen=True)
class ViewCitation:
    """What a citation of one view says: what was cited, where, which data and when."""

    title: str  # the chart's or page's title
    address: str
    dataset_version: str
    accessed: date
    filters_text: str = ""  # the filters in words, '' for the full view

    def plain(self) -> str:
        """The citation as a sentence to paste into a text, in the language of this run."""
        what = f"'{self.title}'. " if self.title else ""
        filters = f" {self.filters_text}." if self.filters_text else ""
        filters = filters[:-1] if filters.endswith("..") else filters
        return one_stop(
            _(
                "{site} ({year}). {what}{site_title}, dataset version {version}.{filters} "
                "{address} (accessed {day}). Each figure cites its own source; please cite those "
                "sources too."
            ).format(
                site=SITE_NAME,
                year=self.accessed.year,
                what=what,
                site_title=_(SITE_TITLE),
                version=self.dataset_version,
                filters=filters,
                address=self.address,
                day=accessed_text(self.accessed),
            )
        )

    def bibtex(self) -> str:
        """The citation as a BibTeX ``@misc`` entry (biblatex's ``urldate`` and ``version`` too).

        Its words are in the language of this run; ``urldate`` stays ISO, as biblatex reads it.
        """
        site_title = _(SITE_TITLE)
        title = f"{self.title}. {site_title}" if self.title else site_title
        note = _("Dataset version {version}").format(version=self.dataset_version)
        if self.filters_text:
            note += f". {self.filters_text.rstrip('.')}"
        accessed = _("Accessed {day}").format(day=accessed_text(self.accessed))
        fields = {
            "author": f"{{{SITE_NAME}}}",
            "title": f"{{{bibtex_escape(title)}}}",
            "year": f"{{{self.accessed.year}}}",
            "version": f"{{{bibtex_escape(self.dataset_version)}}}",
            "howpublished": f"{{\\url{{{bibtex_url(self.address)}}}}}",
            "url": f"{{{bibtex_url(self.address)}}}",
            "urldate": f"{{{self.accessed.isoformat()}}}",
            "note": f"{{{bibtex_escape(note)}. {bibtex_escape(accessed)}}}",
        }
        body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
        return f"@misc{{{self.key()},\n{body}\n}}"

    def key(self) -> str:
        """A BibTeX key: 'reformmetrics2026court' from the site, year and title's first word."""
        words = re.findall(r"[a-z0-9]+", self.title.lower())
        return f"reformmetrics{self.accessed.year}{words[0] if words else 'view'}"


# BibTeX's special characters in a field's text. Braces are dropped rather than escaped, so
# that text from the data can never close the field early.
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": "",
    "}": "",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX field: specials escaped, braces and breaks removed."""
    flat = " ".join(str(text).split())
    return "".join(BIBTEX_SPECIALS.get(char, char) for char in flat)


def bibtex_url(address: str) -> str:
    """An address inside ``\\url{}``: braces, backslashes and spaces percent-encoded."""
    return address.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")
