"""The benchmark tools' own arithmetic: the report, the spread, and the trace's parsing."""

from __future__ import annotations

import json

from benchmarks import run, trace_time
from conftest import ROOT


def test_spread_is_the_lowest_and_highest_run():
    runs = [{"filter_change": 0.2}, {"filter_change": 0.125}, {"filter_change": 0.31}]
    assert run.spread(runs, "filter_change") == "0.125–0.310"


def test_a_run_with_several_reloads_counts_each_of_them():
    runs = [
        {"first_chart_warm": [0.5, 0.9, 0.4], "first_reload": 0.5},
        {"first_chart_warm": [0.3, 0.6, 0.7], "first_reload": 0.3},
    ]
    assert run.samples(runs, "first_chart_warm") == [0.5, 0.9, 0.4, 0.3, 0.6, 0.7]
    # the median of the six reloads, not of the two runs' medians (0.5 and 0.6)
    assert run.medians(runs) == {"first_chart_warm": 0.55, "first_reload": 0.4}
    assert run.spread(runs, "first_chart_warm") == "0.300–0.900"


def test_a_first_measure_alone_is_reported_beside_its_pooled_measure_in_every_table():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    for app in ("reference", "dashboard"):
        results[app][run.FIRST_FILTER_CHANGE] = results[app]["filter_change"] * 1.25
        results["spread"][app][run.FIRST_FILTER_CHANGE] = "0.100–0.300"
    results["ratios"][run.FIRST_FILTER_CHANGE] = 1.234
    for page in results["per_page"].values():
        if "filter_change" in page["ratios"]:
            page["ratios"][run.FIRST_FILTER_CHANGE] = 1.777
    report = run.markdown_report(results)
    main_table = report.split("## Scale")[0]
    assert "| year filter, first change alone (s) |" in main_table
    assert "1.23× |" in main_table
    rows = [line for line in report.splitlines() if line.startswith("| elections |")]
    assert rows and rows[0].rstrip(" |").endswith("1.78×")
    court = next(line for line in report.splitlines() if line.startswith("| court |"))
    assert court.rstrip(" |").endswith("—")  # no filter change on the court's page: no figure


def test_each_scale_shows_its_verdicts():
    targets = {"load_and_validate_s_at_100000": 1.0, "filter_change_ratio_vs_real": 2.0}
    assert run.scale_verdicts(100_000, {"load_and_validate_s": 0.92,
                                        "filter_change_ratio_vs_real": 2.19}, targets) == (True, False)  # fmt: skip
    assert run.scale_verdicts(10_000, {"load_and_validate_s": 3.0,
                                       "filter_change_ratio_vs_real": 1.3}, targets) == (None, True)  # fmt: skip


def test_a_ratio_just_over_its_target_is_not_rounded_onto_it():
    assert run.ratio_text(1.255, 1.25) == "1.255×"  # missed: two decimals would say 1.25
    assert run.ratio_text(1.25, 1.25) == "1.25×"
    assert run.ratio_text(1.312, 1.25) == "1.31×"
    assert run.ratio_text(1.2, 1.25) == "1.20×"


def test_the_report_shows_every_measure_its_verdict_and_the_analysis():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    report = run.markdown_report(results)
    for measure in ("first chart, cold server", "first chart, warm reload", "year filter"):
        assert measure in report
    if "first_reload" in results["ratios"]:  # the first reload alone, beside the pooled reloads
        assert "first reload alone" in report
    if "first_filter_change" in results["ratios"]:  # and the first filter change alone
        assert "first change alone" in report
    verdicts = [results["meets_targets"][key] for key in run.TARGETS]
    # every page's verdicts too, and the memory verdict of the largest scale
    for page in results.get("per_page", {}).values():
        verdicts += list(page["meets_targets"].values())
    memory = [s["memory"]["meets_target"] for s in results["scale"].values() if "memory" in s]
    # and each scale's: its filter-change ratio against the real data's, and at 100,000 facts
    # its load and validation time
    for size, figures in results["scale"].items():
        load, versus = run.scale_verdicts(int(size), figures, results["scale_targets"])
        verdicts += [versus] + ([] if load is None else [load])
    main_table = report.split("## Scale")[0]
    assert main_table.count("(met)") == sum(results["meets_targets"].values())
    assert report.count("(met)") == sum(verdicts) + sum(memory)
    assert report.count("(**missed**)") == len(verdicts) + len(memory) - sum(verdicts) - sum(memory)
    assert report.rstrip().endswith(run.ANALYSIS.read_text().rstrip().splitlines()[-1])


def test_server_timeline_measures_each_event_from_its_own_mark(tmp_path):
    log = tmp_path / "trace.log"
    log.write_text(
        "10.000 request rerun_script\n"  # before the first mark: ignored
        "100.010 request rerun_script\n"
        "100.050 queued delta new_element plotly_chart\n"
        "100.060 queued script_finished\n"
        "200.020 request rerun_script\n"
        "200.090 queued delta new_element plotly_chart\n"
    )
    timeline = trace_time.server_timeline(log, {"reload": 100.0, "filter": 200.0})
    assert round(timeline["reload"]["request"]) == 10
    assert round(timeline["reload"]["chart queued"]) == 50
    assert round(timeline["reload"]["script finished"]) == 60
    assert round(timeline["filter"]["chart queued"]) == 90
    assert "script finished" not in timeline["filter"]


def test_bundle_times_add_up_each_bundles_samples():
    profile = {
        "nodes": [
            {"id": 1, "callFrame": {"url": "http://x/static/js/PlotlyChart.D9Z0_fxz.js", "functionName": "d"}},
            {"id": 2, "callFrame": {"url": "", "functionName": "(program)"}},
            {"id": 3, "callFrame": {"url": "http://x/static/js/react-dom.Dzbslgj4.js", "functionName": ""}},
        ],
        "samples": [1, 2, 1, 3],
        "timeDeltas": [1000, 500, 3000, 250],
    }  # fmt: skip
    assert trace_time.bundle_times(profile) == {
        "PlotlyChart": 4.0,
        "(program)": 0.5,
        "react-dom": 0.25,
    }
