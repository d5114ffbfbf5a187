"""Every registry id the code names exists in the real data's registries and vocabularies."""

from __future__ import annotations

import pytest

from metrics import charts, ids


@pytest.mark.parametrize("metric", ids.METRICS)
def test_each_metric_id_is_in_the_metrics_registry(real_dataset, metric):
    assert metric in set(real_dataset.metrics["metric_id"])


@pytest.mark.parametrize("entity", ids.ENTITIES)
def test_each_entity_id_is_in_the_entities_registry(real_dataset, entity):
    assert entity in set(real_dataset.entities["entity_id"])


@pytest.mark.parametrize("series", ids.SERIES)
def test_each_series_id_is_in_the_series_table(real_dataset, series):
    assert series in set(real_dataset.series["series_id"])


@pytest.mark.parametrize(
    ("vocabulary", "term"), [(v, t) for v, terms in ids.TERMS.items() for t in terms]
)
def test_each_term_is_in_its_vocabulary(real_dataset, vocabulary, term):
    assert term in real_dataset.vocabularies[vocabulary].terms


def test_every_headline_names_registry_ids(real_dataset):
    for metric, subject in ids.HEADLINES:
        assert metric in ids.METRICS and (subject is None or subject in ids.ENTITIES)


def test_every_metric_a_chart_declares_is_in_the_registry(real_dataset):
    assert charts.declared_metrics() <= set(real_dataset.metrics["metric_id"])
