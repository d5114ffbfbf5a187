"""The warm-up that ``python -m metrics serve`` (``make run``) does before the server listens."""

from __future__ import annotations

import subprocess
import sys

from streamlit.testing.v1 import AppTest

from metrics import chart_data, serve
from metrics.charts import ChartInputs, every_chart
from metrics.filters import default_filters, filter_events, filter_ranked_facts
from metrics.serve import APP
from metrics.ui import loading

from conftest import set_cell


def test_the_warm_up_builds_every_chart_of_the_registry(dataset):
    filters = default_filters(dataset)
    ranked = chart_data.ranked_for_kinds(dataset, filters.kinds)
    facts = filter_ranked_facts(ranked, filters)
    inputs = ChartInputs(facts, filter_events(dataset.events, dataset.sources, filters), dataset)
    with_rows = [chart for chart in every_chart(inputs) if not chart.rows(inputs).empty]
    # ten fixed charts (the rules overview, local elections, akims and court periods among
    # them), four votes, a rule, a chamber
    assert len(with_rows) == 16
    assert serve.build_every_chart(dataset, ranked) == len(with_rows)


def preloaded_for(data_dir) -> set[str]:
    return {key[0] for key in loading._PRELOADED if key[1] == str(data_dir)}


def test_the_first_visit_takes_what_the_warm_up_loaded(monkeypatch, data_copy):
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    serve.warm_up(data_copy)
    assert preloaded_for(data_copy) == {"dataset", "ranked"}
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and not at.error
    assert preloaded_for(data_copy) == set()  # taken by the caches, not loaded again


def test_a_file_changed_after_the_warm_up_is_read_afresh(monkeypatch, data_copy):
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    serve.warm_up(data_copy)
    first_fact = (data_copy / "facts.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    set_cell(data_copy, "facts.csv", first_fact, "value", "abc")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "did not pass validation" in at.error[0].value  # not the preloaded, valid copy


def test_warm_up_never_blocks_serving_on_bad_data(tmp_path, data_copy, caplog):
    # the page explains a missing directory or a dataset that does not validate
    serve.warm_up(tmp_path / "nowhere")
    first_fact = (data_copy / "facts.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    set_cell(data_copy, "facts.csv", first_fact, "value", "not a number")
    serve.warm_up(data_copy)
    skipped = [r.getMessage() for r in caplog.records if r.name == "metrics.serve"]
    assert skipped == ["warm-up skipped the charts: DatasetError"] * 2


def test_serve_passes_its_options_to_streamlit():
    completed = subprocess.run(
        [sys.executable, "-m", "metrics", "serve", "--server.port", "not-a-port"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Streamlit itself refused the option, so it reached `streamlit run`
    assert completed.returncode != 0
    assert "warmed up" in completed.stderr
    assert "server.port" in completed.stderr + completed.stdout


FREEZE_CHECK = """
import gc, weakref
from metrics import serve

class Node:
    pass

before = Node(); before.self = before  # a cycle made before the freeze: exempt afterwards
frozen = serve.freeze_long_lived_objects()
after = Node(); after.self = after  # a cycle made afterwards: still collected
alive = weakref.ref(after)
del after
gc.collect()
print(frozen, gc.get_freeze_count(), alive() is None, any(o is before for o in gc.get_objects()))
"""


def test_freezing_exempts_what_exists_and_still_collects_what_comes_after():
    completed = subprocess.run(
        [sys.executable, "-c", FREEZE_CHECK], capture_output=True, text=True, timeout=60
    )
    frozen, count, collected, scanned = completed.stdout.split()
    assert int(frozen) == int(count) > 1000  # the interpreter's and the imports' objects
    assert collected == "True"
    assert scanned == "False"


def test_the_warm_up_pays_first_use_costs_and_says_nothing(data_copy):
    # a process of its own: Streamlit makes its check once per process, and this one has drawn
    code = (
        "import sys; from pathlib import Path; from metrics import serve; "
        "serve.warm_up(Path(sys.argv[1])); import streamlit.delta_generator as d; "
        "from babel import localedata; "
        "print(d._use_warning_has_been_displayed, *sorted(localedata._cache))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    checked, *loaded = done.stdout.split()
    assert checked == "True"  # checked in the warm-up, not on the first visit
    assert {"en", "kk", "ru"} <= set(loaded)  # each language's Babel data read in the warm-up
    assert "streamlit run" not in done.stderr and "ScriptRunContext" not in done.stderr
