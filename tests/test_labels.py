"""The data's labels in three languages: which labels must have them, and reading them back."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from metrics.dataset import VOCABULARIES, load_dataset
from metrics.labels import (
    LABELLED_FIELDS,
    LANGUAGES,
    VOCABULARY_FIELDS,
    Labels,
    english_texts,
    split_vocabulary_key,
    vocabulary_key,
)

from conftest import read_rows, write_rows

KAZAKH_LETTERS = set("әғқңөұүһі")  # letters of the Kazakh Cyrillic alphabet that Russian lacks
COMMON_KAZAKH_LETTERS = KAZAKH_LETTERS - {"һ"}  # һ is rare (loanwords)


def frames_of(dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in LABELLED_FIELDS}


def test_every_shown_field_of_every_row_and_term_is_a_label(dataset):
    texts = english_texts(frames_of(dataset), dataset.package, VOCABULARIES)
    for table, (id_column, fields) in LABELLED_FIELDS.items():
        frame = getattr(dataset, table)
        for field in fields:
            for key, text in zip(frame[id_column], frame[field], strict=True):
                assert texts[(table, key, field)] == text
    for name, vocabulary in dataset.vocabularies.items():
        for term in vocabulary.terms:
            key = vocabulary_key(name, term)
            assert texts[("vocabulary", key, "label")] == vocabulary.labels[term]
            assert texts[("vocabulary", key, "description")] == vocabulary.definitions[term]
    rows = sum(len(getattr(dataset, t)) * len(f) for t, (_, f) in LABELLED_FIELDS.items())
    terms = sum(len(v.terms) for v in dataset.vocabularies.values())
    assert len(texts) == rows + terms * len(VOCABULARY_FIELDS)


@pytest.mark.parametrize(
    ("table", "key", "field", "lang", "text"),
    [
        ("entities", "tokayev", "name", "en", "Kassym-Jomart Tokayev"),
        ("entities", "tokayev", "name", "kk", "Қасым-Жомарт Тоқаев"),
        ("entities", "tokayev", "name", "ru", "Касым-Жомарт Токаев"),
        ("series", "referendum-2022", "title", "ru", "Референдум, июнь 2022 года"),
        ("metrics", "appeals_received", "short_unit", "kk", "өтініш"),
        ("events", "E0005", "title", "kk", "Конституциялық Сот жұмысын бастады"),
        ("glossary", "akim", "term", "ru", "Аким"),
        ("vocabulary", "sphere.judicial_legal", "label", "kk", "Сот және құқық"),
    ],
)  # fmt: skip
def test_a_label_in_each_language(dataset, table, key, field, lang, text):
    assert dataset.translations.label(table, key, field, lang) == text


def test_a_vocabulary_term_in_each_language(dataset):
    assert dataset.translations.term("status", "final", "en") == dataset.label("status", "final")
    assert dataset.translations.term("status", "final", "ru") == "Окончательный"


def test_a_language_without_a_text_falls_back_to_the_current_english():
    english = {("entities", "x", "name"): "Now X", ("entities", "y", "name"): "Y"}
    frame = pd.DataFrame(
        [{"table": "entities", "key": "x", "field": "name", "en": "Now X", "kk": "Х", "ru": ""}]
    )
    labels = Labels.of(frame, english)
    assert labels.label("entities", "x", "name", "kk") == "Х"
    assert labels.label("entities", "x", "name", "ru") == "Now X"
    assert labels.label("entities", "y", "name", "ru") == "Y"  # no row at all


def test_an_unknown_language_or_label_is_an_error(dataset):
    with pytest.raises(ValueError, match="unknown language 'kz'"):
        dataset.translations.label("entities", "tokayev", "name", "kz")
    with pytest.raises(KeyError, match="no-such-entity"):
        dataset.translations.label("entities", "no-such-entity", "name", "kk")


@pytest.mark.parametrize(
    ("key", "parts"),
    [("sphere.judicial_legal", ("sphere", "judicial_legal")), ("plain", ("", "plain"))],
)
def test_vocabulary_keys_split_at_the_first_dot(key, parts):
    assert split_vocabulary_key(key) == parts
    if parts[0]:
        assert vocabulary_key(*parts) == key


def test_the_loaded_labels_follow_a_corrected_translation(data_copy):
    path = data_copy / "labels.csv"
    rows = read_rows(path)
    for row in rows[1:]:
        if row[:3] == ["entities", "rival", "name"]:
            row[rows[0].index("kk")] = "А. Қарсылас"
    write_rows(path, rows)
    assert load_dataset(data_copy).translations.label("entities", "rival", "name", "kk") == (
        "А. Қарсылас"
    )


# --- the real data: properties only -------------------------------------------------------


def test_every_label_of_the_real_data_has_three_languages(real_dataset):
    labels = real_dataset.labels
    for language in LANGUAGES:
        assert (labels[language].str.strip() != "").all(), language
    texts = english_texts(frames_of(real_dataset), real_dataset.package, VOCABULARIES)
    assert set(zip(labels["table"], labels["key"], labels["field"], strict=True)) == set(texts)


def test_the_real_kazakh_is_kazakh_and_the_russian_is_not(real_dataset):
    """Kazakh has its own letters somewhere, and Russian never uses them."""
    labels = real_dataset.labels
    kazakh = "".join(labels["kk"])
    assert set(kazakh.lower()) >= COMMON_KAZAKH_LETTERS
    for text in labels["ru"]:
        assert not KAZAKH_LETTERS & set(text.lower()), text


def test_the_real_translations_are_written_in_cyrillic(real_dataset):
    """A translated text left in English is a missed translation (a unit such as % excepted)."""
    labels = real_dataset.labels
    translated = labels[labels["basis"] == "translation"]
    for row in translated.itertuples():
        for text in (row.kk, row.ru):
            if re.search(r"[^\W\d_]", text):  # has letters
                assert re.search("[\u0400-\u04ff]", text), row
