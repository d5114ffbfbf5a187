"""The interface's languages: formats per locale, the catalogs, and every page in kk and ru."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from metrics import i18n
from metrics.filters import Filters, filter_summary, ignored_param_notices
from metrics.labels import LANGUAGES

from conftest import FIXTURE_DATA_DIR, ROOT

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1,234,567.5"), ("ru", f"1{NBSP}234{NBSP}567,5"), ("kk", f"1{NBSP}234{NBSP}567,5")],
)
def test_numbers_have_the_locales_decimal_comma_and_group_separator(lang, expected):
    assert i18n.format_number(1234567.5, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "62.80"), ("ru", "62,80"), ("kk", "62,80")])
def test_a_decimal_keeps_its_digits(lang, expected):
    assert i18n.format_decimal(62.8, 2, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "62.8%"), ("ru", f"62,8{NBSP}%"), ("kk", "62,8%")]
)
def test_a_share_in_per_cent(lang, expected):
    assert i18n.format_percent(62.8, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "19 March 2023"), ("ru", "19 марта 2023\u202fг."), ("kk", "2023\u202fж. 19 наурыз")],
)
def test_dates_name_their_month(lang, expected):
    assert i18n.format_date(date(2023, 3, 19), lang) == expected


def test_the_current_language_drives_gettext_and_the_formats():
    assert i18n.current_language() == "en"
    assert i18n._("Overview") == "Overview"
    with i18n.language("kk"):
        assert i18n._("Overview") == "Шолу"
        assert i18n.format_number(1.5) == "1,5"
    with i18n.language("ru"):
        assert i18n._("Overview") == "Обзор"
    assert i18n._("Overview") == "Overview"
    with pytest.raises(ValueError, match="unknown language"), i18n.language("de"):
        pass


@pytest.mark.parametrize(
    ("value", "expected"), [("kk", "kk"), (" RU ", "ru"), ("en", "en"), ("de", None), ("", None)]
)
def test_parse_language(value, expected):
    assert i18n.parse_language(value) == expected


def test_translations_are_read_once():
    assert i18n.translation("ru") is i18n.translation("ru")


def test_an_unknown_language_in_a_link_gets_a_notice_in_the_language_shown():
    notices = ignored_param_notices({"lang": ["de"]}, (2019, 2025), {}, {})
    assert notices == [
        "The link asks for the language 'de', which the dashboard does not have; it is "
        f"shown in English. Known: {', '.join(LANGUAGES)}."
    ]
    assert ignored_param_notices({"lang": ["kk"]}, (2019, 2025), {}, {}) == []


def test_the_filter_summary_is_translated():
    filters = Filters((2019, 2025), ("a",), ("x", "y"))
    with i18n.language("ru"):
        text = filter_summary(filters, {"a": "А", "b": "Б"}, {"x": "X", "y": "Y"})
    # the counts stand in brackets, where the noun's case does not depend on them: with
    # the data's five source kinds, 'все 5 вида источников' was wrong (proofreading)
    assert text == "Показано: 1 из 2 сфер (А); все виды источников (2)"


# -- the catalogs ---------------------------------------------------------------------------


def catalog(lang: str):
    with i18n.catalog_files()[lang].open("rb") as source:
        return read_po(source, locale=lang)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    messages = [m for m in catalog(lang) if m.id]
    assert messages
    untranslated = [
        m.id
        for m in messages
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"{lang}: untranslated: {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_placeholders_survive_translation(lang):
    import re

    for message in catalog(lang):
        if not message.id:
            continue
        # a plural message (ngettext) is checked form by form against its plural English
        english = message.id[-1] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        names = sorted(re.findall(r"\{(\w+)\}", english))
        for form in forms:
            assert sorted(re.findall(r"\{(\w+)\}", form)) == names, message.id


def test_no_catalog_is_stale_against_a_fresh_extraction(tmp_path):
    """The code's messages (extracted now) are exactly the template's and each catalog's."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "--no-location", "--sort-output", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with fresh.open("rb") as source:
        extracted = {m.id for m in read_po(source) if m.id}
    with (i18n.LOCALE_DIR / "messages.pot").open("rb") as source:
        template = {m.id for m in read_po(source) if m.id}
    assert extracted == template, "run make messages"
    for lang in ("kk", "ru"):
        held = {m.id for m in catalog(lang) if m.id}
        assert held == extracted, f"{lang}: run make messages and translate"


MESSAGE_CALLS = {"_", "N_", "ngettext"}  # the keywords `make messages` extracts


def written_messages() -> dict[str, str]:
    """Every literal the code passes to _(), N_() or ngettext(), with where it is written.

    Read from the syntax tree, so a call the extractor cannot see (inside an f-string's
    braces, say) is found all the same.
    """
    found = {}
    files = [
        ROOT / "app.py",
        *(ROOT / "app_pages").rglob("*.py"),
        *(ROOT / "src" / "metrics").rglob("*.py"),
    ]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in MESSAGE_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found[first.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_message_written_in_the_code_is_in_the_catalogs():
    """A literal the extractor missed would stay in English in every language, untested."""
    with (i18n.LOCALE_DIR / "messages.pot").open("rb") as source:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    written = written_messages()
    assert len(written) > 200  # the walk finds the code's messages at all
    missed = {text: where for text, where in written.items() if text not in template}
    assert not missed, f"not extracted (an f-string's braces?): {missed}"


# -- the pages in each language --------------------------------------------------------------

TITLES = {
    "kk": ("Сүзгілер", "Сүзгілерді тастау"),
    "ru": ("Фильтры", "Сбросить фильтры"),
}


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("METRICS_DATA_DIR", str(FIXTURE_DATA_DIR))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_link_with_lang_opens_the_pages_and_sidebar_in_that_language(app, lang):
    app.query_params["lang"] = lang
    app.query_params["year"] = ["2021", "2023"]  # a narrowed view: the reset button is drawn
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    filters, reset = TITLES[lang]
    with i18n.language(lang):
        assert app.title[0].value == i18n._("Kazakhstan's reforms since 2019, in cited figures")
        assert app.slider(key="year").label == i18n._("Years")
    assert filters in [h.value for h in app.sidebar.header]
    assert reset in [b.label for b in app.sidebar.button]
    assert not app.warning
    app.switch_page("app_pages/elections.py")
    app.run()
    with i18n.language(lang):
        assert app.title[0].value == i18n._("Elections and referendums")
    assert app.query_params.get("lang") in (lang, [lang])


def test_an_unknown_language_gets_a_notice_and_english(app):
    app.query_params["lang"] = "xx"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Kazakhstan's reforms since 2019, in cited figures"
    assert any("language 'xx'" in w.value for w in app.warning)


def test_a_percentage_keeps_its_decimals_as_written_not_the_floats_remainder():
    # 63.66 / 100 is 0.6365999... in binary: the turnout sentence of the comparison read
    # '63.65999999999999% then 73.12000000000001%' on the real data
    assert i18n.format_percent(63.66, "en") == "63.66%"
    assert i18n.format_percent(73.12, "en") == "73.12%"
    assert i18n.format_percent(73.12, "ru") == "73,12\xa0%"
    assert i18n.format_percent(54, "en") == "54%"
