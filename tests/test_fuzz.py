"""Fuzzing with hypothesis: any URL parameter gives a valid view and a notice; any mutated CSV
gives a clean DatasetError or a valid dataset, never another exception."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.dataset import load_dataset
from metrics.filters import NOTICE_EXCERPT, ignored_param_notices, nearest_year_range
from metrics.problems import DatasetError

from conftest import FIXTURE_DATA_DIR

BOUNDS = (2019, 2026)
SPHERES = {
    "political": "Political",
    "electoral": "Electoral",
    "judicial_legal": "Judicial and legal",
}
KINDS = {
    "news_agency": "News agency",
    "news": "News",
    "reference": "Reference",
    "opinion": "Opinion",
}


def is_year(text: str) -> bool:
    """The oracle for a link's year, written apart from the app: one to six ASCII digits."""
    return 1 <= len(text) <= 6 and all("0" <= c <= "9" for c in text)


param_values = st.lists(st.text(max_size=30), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(["year", "sphere", "source", "other"]) | st.text(max_size=12),
    values=param_values,
)
def test_any_query_parameter_gives_a_valid_view_or_a_notice(name, values):
    notices = ignored_param_notices({name: values}, BOUNDS, SPHERES, KINDS)
    for notice in notices:  # a notice quotes at most a short excerpt of what it refuses
        assert len(notice) <= 200 + 2 * NOTICE_EXCERPT + sum(map(len, SPHERES.values())), notice
    if name == "year":
        nearest = nearest_year_range(values, BOUNDS)
        years = [int(v) for v in values if is_year(v)]
        usable = (
            len(years) == len(values) <= 2
            and all(BOUNDS[0] <= y <= BOUNDS[1] for y in years)
            and years == sorted(years)
        )
        if not usable:
            assert notices, values
        if nearest is not None:
            assert BOUNDS[0] <= nearest[0] <= nearest[1] <= BOUNDS[1]
    elif name in ("sphere", "source"):
        known = set((SPHERES if name == "sphere" else KINDS).values())
        unknown = [v for v in values if v and v not in known]
        assert len(notices) == len(unknown)
    elif name not in ("embed", "embed_options"):
        assert len(notices) == 1


def test_some_query_parameters_through_the_real_app():
    """A handful of hostile parameter values through the app itself: never an exception."""
    from streamlit.testing.v1 import AppTest

    from conftest import ROOT

    for query in [{"year": "'; DROP TABLE facts"}, {"year": ["2020", "abc", "2021"]}, {"sphere": "<script>"},
                  {"source": "%00"}, {"year": "９９"}, {"sphere": ["Electoral", "Electoral"]}]:  # fmt: skip
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update(query)
        at.run()
        assert not at.exception, query
        assert at.slider(key="year").value[0] >= 2019


FILES = [
    "facts.csv",
    "sources.csv",
    "events.csv",
    "series.csv",
    "excluded.csv",
    "metrics.csv",
    "entities.csv",
]
mutation = st.fixed_dictionaries(
    {
        "file": st.sampled_from(FILES),
        "position": st.floats(0, 1),
        "kind": st.sampled_from(["insert", "delete", "replace", "duplicate_line", "drop_line"]),
        "text": st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
        | st.sampled_from([",", '"', "\n", "\r\n", ",,,", "\ufeff", "NaN", "-1e309"]),
        "length": st.integers(1, 40),
    }
)


def mutate(data: bytes, m: dict) -> bytes:
    at = int(m["position"] * len(data))
    text = m["text"].encode("utf-8")
    lines = data.split(b"\n")
    line = min(int(m["position"] * len(lines)), len(lines) - 1)
    match m["kind"]:
        case "insert":
            return data[:at] + text + data[at:]
        case "delete":
            return data[:at] + data[at + m["length"] :]
        case "replace":
            return data[:at] + text + data[at + m["length"] :]
        case "duplicate_line":
            return b"\n".join(lines[: line + 1] + lines[line:])
        case _:
            return b"\n".join(lines[:line] + lines[line + 1 :])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_a_mutated_csv_gives_a_dataset_error_or_a_valid_dataset(mutations):
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(FIXTURE_DATA_DIR, data_dir)
        for m in mutations:
            path = data_dir / m["file"]
            path.write_bytes(mutate(path.read_bytes(), m))
        try:
            dataset = load_dataset(data_dir)
        except DatasetError as err:
            assert err.problems
            for problem in err.problems:
                assert problem.file.startswith(str(data_dir)) and problem.message
        else:
            # a valid dataset holds every record of every file: nothing was silently dropped
            for name, table in dataset.tables().items():
                assert len(table) == records_in(data_dir / f"{name}.csv"), name


def records_in(path: Path) -> int:
    """The number of non-blank CSV records after the header, counted by the csv module."""
    text = path.read_bytes().decode("utf-8-sig")
    return sum(1 for record in csv.reader(io.StringIO(text, newline="")) if record) - 1
