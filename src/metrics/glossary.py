"""The glossary: the terms the pages use (glossary.csv), and which of them a text mentions.

Pages link a term to ``/glossary#<term_id>``; the Glossary page gives each term that anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from metrics.dataset import Dataset

GLOSSARY_URL_PATH = "glossary"


@dataclass(frozen=True)
class GlossaryTerm:
    """One row of the glossary, with the name of the registry entity it names (if any)."""

    term_id: str
    term: str
    definition: str
    entity_id: str
    entity_name: str


def glossary_terms(dataset: Dataset) -> list[GlossaryTerm]:
    """Every glossary term in alphabetical order of the term, with its entity's name.

    Terms, definitions and names are in the language of this run (``metrics.i18n``).
    """
    names = {entity: dataset.entity_name(entity) for entity in dataset.entities["entity_id"]}
    rows = dataset.glossary.fillna("")
    terms = [
        GlossaryTerm(
            str(row.term_id),
            dataset.translated("glossary", str(row.term_id), "term", str(row.term)),
            dataset.translated("glossary", str(row.term_id), "definition", str(row.definition)),
            str(row.entity_id),
            names.get(str(row.entity_id), ""),
        )
        for row in rows.itertuples(index=False)
    ]
    return sorted(terms, key=lambda t: t.term.casefold())


def glossary_link(term_id: str) -> str:
    """The address of a term on the Glossary page, relative to the site: ``/glossary#akim``."""
    return f"/{GLOSSARY_URL_PATH}#{term_id}"


def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for ``term``, its plural, and spaces read as hyphens.

    A two-word term matches its plural and its hyphenated form ('seat kinds', 'seat-kind');
    a one-word term matches its plural but not a longer word that starts with it.
    """
    words = [re.escape(word) for word in re.split(r"[\s-]+", term.strip()) if word]
    body = r"[\s-]+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.IGNORECASE)


def terms_mentioned(text: str, glossary: pd.DataFrame) -> list[str]:
    """The ``term_id`` of each glossary term that ``text`` mentions, in order of first mention.

    ``glossary`` is ``Dataset.glossary`` (columns ``term_id`` and ``term``). A term counts once
    however often it appears; a longer term wins over a shorter one inside it.
    """
    found: list[tuple[int, int, str]] = []
    for term_id, term in zip(glossary["term_id"], glossary["term"], strict=True):
        match = term_pattern(str(term)).search(text)
        if match is not None:
            found.append((match.start(), match.end(), str(term_id)))
    # drop a term found only inside a longer one ('Assembly' inside 'Assembly of the People')
    kept = [
        (start, end, term_id)
        for start, end, term_id in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, other in found)
    ]
    return [term_id for _, _, term_id in sorted(kept)]
