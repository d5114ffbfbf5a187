"""The warm-up that ``python -m metrics serve`` (``make run``) does before the server listens."""

from __future__ import annotations

import subprocess
import sys

from metrics import serve

from conftest import set_cell


def test_every_page_chart_is_built_once_from_the_real_data(dataset):
    # timeline, turnout, court caseload, share decided, electoral mix, one election's results
    assert serve.build_every_chart(dataset.data_dir) == 6


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
