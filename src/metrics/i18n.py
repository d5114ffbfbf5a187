"""The interface's language: gettext catalogs for the strings we write, Babel for numbers and dates.

The strings the code writes are wrapped in ``_()`` (or ``ngettext``); a constant defined at
import time is marked with ``N_()`` and translated where it is shown. Their Kazakh and Russian
translations are in ``locale/<lang>/LC_MESSAGES/messages.po``, compiled to ``.mo`` at install
(``make``; ``compile_catalogs`` does the same). The data's own labels are not here: they come
from ``labels.csv`` (``Dataset.translations``).

The language of a run is set once by the frame (``set_language``) and read by ``_()`` from a
context variable, so the pure modules stay free of Streamlit: each Streamlit script run has
its own thread and so its own context, and a test sets it with ``language("kk")``. Each
language's catalog is read once per process (``translation`` is cached), so a lookup costs a
dictionary access.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import format_percent as babel_format_percent

from metrics.labels import ENGLISH, LANGUAGES

LANG_PARAM = "lang"
DOMAIN = "messages"
# Each language as its own speakers write its name, for the language control.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "kk": "Қазақша", "ru": "Русский"}
# The repository's locale/ folder (the package is installed in place, ``pip install -e``).
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"

_LANGUAGE: ContextVar[str] = ContextVar("metrics_language", default=ENGLISH)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (a constant shown later)."""
    return message


def parse_language(value: str | None) -> str | None:
    """The language a link's ``lang`` value names ('kk', 'RU ' -> 'ru'), or None if unknown."""
    if value is None:
        return None
    code = value.strip().lower()
    return code if code in LANGUAGES else None


def set_language(lang: str) -> None:
    """Make ``lang`` the language of this run (this thread's context)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; the languages are {', '.join(LANGUAGES)}")
    _LANGUAGE.set(lang)


def current_language() -> str:
    """The language of this run: 'en' unless ``set_language`` said otherwise."""
    return _LANGUAGE.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside a ``with`` block (tests, and building a download in a language)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; the languages are {', '.join(LANGUAGES)}")
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


@lru_cache(maxsize=len(LANGUAGES))
def translation(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang``, read once per process; English needs none."""
    if lang == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext_in(lang: str, message: str) -> str:
    """``message`` in ``lang`` (itself when the catalog has no translation)."""
    return translation(lang).gettext(message)


def message_index(value: str, messages: list[str]) -> int | None:
    """Which of ``messages`` (English) reads ``value`` in some language, or None.

    A link written in one language (a tab's label in ``section=``) still names its message
    when opened in another.
    """
    for lang in LANGUAGES:
        for index, message in enumerate(messages):
            if gettext_in(lang, message) == value:
                return index
    return None


def _(message: str) -> str:
    """``message`` in the language of this run."""
    return translation(_LANGUAGE.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, by the rules of this run's language."""
    return translation(_LANGUAGE.get()).ngettext(singular, plural, n)


@lru_cache(maxsize=len(LANGUAGES))
def locale_of(lang: str) -> Locale:
    """Babel's locale of ``lang``."""
    return Locale.parse(lang)


def format_number(value: float, lang: str | None = None) -> str:
    """A whole or decimal number as ``lang`` writes it: '1,234,567.5', ru '1 234 567,5'."""
    return babel_format_decimal(value, locale=locale_of(lang or current_language()))


def format_decimal(value: float, digits: int, lang: str | None = None) -> str:
    """``value`` with exactly ``digits`` decimals, grouped as ``lang`` writes numbers."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return babel_format_decimal(value, format=pattern, locale=locale_of(lang or current_language()))


def format_signed(value: float, digits: int, lang: str | None = None) -> str:
    """A change with its sign, as ``lang`` writes numbers: '+1.25', '-3', ru '+1,25'."""
    return ("+" if value >= 0 else "-") + format_decimal(abs(value), digits, lang)


def format_percent(share: float, lang: str | None = None) -> str:
    """A share given in per cent (62.8) as ``lang`` writes it: '62.8%', ru '62,8 %'.

    The data holds shares as percentages (0-100), so ``share`` is divided by 100 for Babel;
    every decimal given is kept. The division is decimal, from the number as written: 63.66 / 100
    in binary floating point is 0.6365999..., which Babel, keeping every decimal, wrote as
    '63.65999999999999%'.
    """
    return babel_format_percent(
        Decimal(str(share)) / 100,
        locale=locale_of(lang or current_language()),
        decimal_quantization=False,
    )


def format_date(day: date, lang: str | None = None) -> str:
    """A day with its month's name, as ``lang`` writes it: '19 March 2023', ru '19 марта 2023 г.'.

    Russian and Kazakh take their locale's long form (kk '2023 ж. 19 наурыз'); English keeps
    the day first, as the dashboard always wrote it.
    """
    lang = lang or current_language()
    pattern = "d MMMM y" if lang == ENGLISH else "long"
    return babel_format_date(day, format=pattern, locale=locale_of(lang))


# A month and year in Kazakh, as its long date writes them ('2023 ж. 19 наурыз'): the year
# first and the month in lower case. CLDR's stand-alone form gave 'Наурыз 2023', capitalised
# in the middle of a sentence ('күшіне енген күні: Наурыз 2023').
KAZAKH_MONTH = "y 'ж'. MMMM"


def format_month(day: date, lang: str | None = None) -> str:
    """A month and year, as a heading would name it: 'March 2023', ru 'март 2023',
    kk '2023 ж. наурыз'."""
    lang = lang or current_language()
    pattern = KAZAKH_MONTH if lang == "kk" else "LLLL y"
    return babel_format_date(day, format=pattern, locale=locale_of(lang))


def catalog_files(locale_dir: Path = LOCALE_DIR) -> dict[str, Path]:
    """Each translated language's ``.po`` file."""
    return {
        lang: locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        for lang in LANGUAGES
        if lang != ENGLISH
    }


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or older; the ``.mo`` files written.

    What ``make`` does at install (``pybabel compile``), for a checkout where it has not run.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for lang, po in catalog_files(locale_dir).items():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=lang)
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    translation.cache_clear()
    return written
