"""The data's labels in English, Kazakh and Russian (labels.csv), and which labels must have them.

Every text the dashboard shows from the data (a series title, an entity name, a metric title or
short unit, an event title, a glossary term or definition, a vocabulary term's label or
definition) has a row in ``labels.csv`` keyed by ``(table, key, field)``: the resource (or
``vocabulary``), the row's English id (or ``vocabulary.term``) and the field. ``english_texts``
lists every such label with its current English text; the validator (``checks.label_problems``)
compares the table with it. ``Labels.label`` gives a label in a language, falling back to
English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from metrics.tableschema import category_descriptions, category_labels

ENGLISH = "en"
LANGUAGES = ("en", "kk", "ru")  # English, Kazakh, Russian: the columns of labels.csv
VOCABULARY_TABLE = "vocabulary"
VOCABULARY_FIELDS = ("label", "description")
# The tables whose fields are shown, each with its id column and the fields translated.
LABELLED_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "series": ("series_id", ("title",)),
    "entities": ("entity_id", ("name",)),
    "metrics": ("metric_id", ("title", "short_unit")),
    "events": ("event_id", ("title",)),
    "glossary": ("term_id", ("term", "definition")),
}

LabelKey = tuple[str, str, str]  # (table, key, field)


def vocabulary_key(vocabulary: str, term: str) -> str:
    """The ``key`` of a vocabulary term in labels.csv: ``sphere.judicial_legal``."""
    return f"{vocabulary}.{term}"


def split_vocabulary_key(key: str) -> tuple[str, str]:
    """``sphere.judicial_legal`` -> ``("sphere", "judicial_legal")``; ``("", key)`` if no dot."""
    vocabulary, dot, term = key.partition(".")
    return (vocabulary, term) if dot else ("", key)


def translated_fields(table: str) -> tuple[str, ...]:
    """The fields of ``table`` that labels.csv translates (empty for a table it does not)."""
    if table == VOCABULARY_TABLE:
        return VOCABULARY_FIELDS
    return LABELLED_FIELDS[table][1] if table in LABELLED_FIELDS else ()


def vocabulary_texts(
    package: dict, vocabularies: Mapping[str, tuple[str, str]]
) -> dict[LabelKey, str]:
    """Each vocabulary term's label and description, keyed as in labels.csv.

    ``vocabularies`` maps a vocabulary's name to the (resource, field) that declares its
    categories (``dataset.VOCABULARIES``).
    """
    specs = {
        (resource["name"], spec["name"]): spec
        for resource in package["resources"]
        for spec in resource["schema"]["fields"]
    }
    texts: dict[LabelKey, str] = {}
    for name, place in vocabularies.items():
        spec = specs.get(place, {})
        for field_name, words in (
            ("label", category_labels(spec)),
            ("description", category_descriptions(spec)),
        ):
            for term, text in words.items():
                texts[(VOCABULARY_TABLE, vocabulary_key(name, term), field_name)] = text
    return texts


def english_texts(
    frames: Mapping[str, pd.DataFrame],
    package: dict,
    vocabularies: Mapping[str, tuple[str, str]],
) -> dict[LabelKey, str]:
    """Every label the dashboard shows, with its current English text, in table order."""
    texts: dict[LabelKey, str] = {}
    for table, (id_column, fields) in LABELLED_FIELDS.items():
        frame = frames[table]
        for field_name in fields:
            for key, text in zip(frame[id_column], frame[field_name], strict=True):
                texts[(table, str(key), field_name)] = "" if pd.isna(text) else str(text)
    texts.update(vocabulary_texts(package, vocabularies))
    return texts


@dataclass(frozen=True)
class Labels:
    """The data's labels in each language, with the current English as the fallback.

    ``translations`` holds labels.csv by ``(table, key, field)``; ``english`` the current
    English text of every label shown (``english_texts``). A valid dataset has a row for every
    label, so the fallback only matters for a language whose text is empty.
    """

    translations: dict[LabelKey, dict[str, str]] = field(hash=False)
    english: dict[LabelKey, str] = field(hash=False)

    @classmethod
    def of(cls, labels: pd.DataFrame, english: dict[LabelKey, str]) -> Labels:
        """The labels of the labels.csv frame ``labels`` over the English texts ``english``."""
        columns = [
            labels[name].to_numpy(dtype=object, na_value="")
            for name in ("table", "key", "field", *LANGUAGES)
        ]  # column by column: much faster than a row at a time over arrow-backed strings
        translations = {
            (str(table), str(key), str(field_name)): dict(
                zip(LANGUAGES, map(str, texts), strict=True)
            )
            for table, key, field_name, *texts in zip(*columns, strict=True)
        }
        return cls(translations, english)

    def label(self, table: str, key: str, field_name: str, lang: str) -> str:
        """The label in ``lang`` (en, kk or ru), or its English when that language has none.

        Raises ``ValueError`` for a language that is not one of ``LANGUAGES`` and ``KeyError``
        for a label that neither labels.csv nor the data has.
        """
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; the languages are {', '.join(LANGUAGES)}")
        where = (table, key, field_name)
        texts = self.translations.get(where, {})
        english = self.english.get(where, texts.get(ENGLISH))
        if english is None:
            raise KeyError(f"no label for table {table!r}, key {key!r}, field {field_name!r}")
        return texts.get(lang) or english

    def term(self, vocabulary: str, term: str, lang: str) -> str:
        """A vocabulary term's label in ``lang`` ('judicial_legal' -> 'Сот және құқық')."""
        return self.label(VOCABULARY_TABLE, vocabulary_key(vocabulary, term), "label", lang)
