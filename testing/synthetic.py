"""Make a valid synthetic dataset of N facts, for scale benchmarks and tests.

    python -m testing.synthetic --facts 100000 --out /tmp/metrics-100k

The tables follow data/datapackage.json (copied as is), with the real metrics and entities
registries plus synthetic candidates and bodies: sources of every kind, elections with vote
shares and turnout, an institution with figures as of many dates, representative bodies, and
events. About one group in ten has figures from two sources, some of which disagree, so
the preference rule and the disagreement marks do real work. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def categories(resource: str, field: str) -> list[str]:
    """The category values of one field of the real package."""
    spec = next(r for r in PACKAGE["resources"] if r["name"] == resource)
    found = next(f for f in spec["schema"]["fields"] if f["name"] == field)
    return [c["value"] if isinstance(c, dict) else c for c in found["categories"]]


KINDS = [kind for kind in categories("sources", "kind") if kind != "sponsored"]
SPHERES = categories("facts", "sphere")
STATUSES = categories("facts", "status")
YEARS = range(2019, 2027)
CANDIDATES = 12
BODIES = 20


def write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(n_facts: int, out: Path, seed: int = 2019) -> None:
    """Write a dataset of ``n_facts`` facts to ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "datapackage.json", out / "datapackage.json")
    shutil.copy(ROOT / "data" / "metrics.csv", out / "metrics.csv")
    shutil.copy(ROOT / "data" / "glossary.csv", out / "glossary.csv")
    shutil.copy(ROOT / "data" / "changelog.csv", out / "changelog.csv")
    for name in ("rules", "corrections", "gaps"):  # tables the synthetic data leaves empty
        header = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        (out / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    entities = (ROOT / "data" / "entities.csv").read_text(encoding="utf-8").rstrip("\n") + "\n"
    entities += "".join(
        f"synthetic-candidate-{k},Candidate {k},candidate,,,\n" for k in range(CANDIDATES)
    )
    entities += "".join(f"synthetic-body-{b},Body {b},body,,,\n" for b in range(BODIES))
    (out / "entities.csv").write_text(entities, encoding="utf-8")

    n_sources = max(10, n_facts // 200)
    sources = [
        [f"synthetic-source-{i}", f"Synthetic page {i}", f"Publisher {i % 50}", "", f"{rng.choice(YEARS)}-0{rng.randint(1, 9)}",
         f"https://example.org/page/{i}", KINDS[i % len(KINDS)], "", "", "2026-11-23", "Synthetic source for benchmarks."]
        for i in range(n_sources)
    ]  # fmt: skip
    write(out / "sources.csv", ["source_id", "title", "publisher", "author", "published", "url", "kind",
                                "text_file", "text_sha256", "accessed", "notes"], sources)  # fmt: skip

    # Elections: 12 subjects each, shares summing to 100; two figures per fact group in one of ten.
    facts: list[list[str]] = []
    series: list[list[str]] = []

    def fact(
        source, metric, series_id, subject, value, unit, date, sphere, status="final", bound="false"
    ):
        # the unit is the metric's, from the registry; it is named here for the reader only
        facts.append([f"F{len(facts) + 1:07d}", source, metric, series_id, subject, f"{value:g}",
                      date, sphere, "", f"Synthetic figure {len(facts) + 1}.", "", status, bound, "false"])  # fmt: skip

    election = 0
    while len(facts) < n_facts * 0.7:
        year = rng.choice(YEARS)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        series_id = f"synthetic-election-{election}"
        series.append([series_id, f"Synthetic election {election}", rng.choice(["election", "referendum"]), date,
                       "", "", "true", ""])  # fmt: skip
        weights = [rng.random() for _ in range(CANDIDATES)]
        shares = [round(w / sum(weights) * 100, 2) for w in weights]
        shares[-1] = round(100 - sum(shares[:-1]), 2)
        for k, share in enumerate(shares):
            source = rng.choice(sources)[0]
            fact(
                source,
                "vote_share",
                series_id,
                f"synthetic-candidate-{k}",
                share,
                "percent",
                date,
                "electoral",
            )
            if rng.random() < 0.1:  # a second source, preliminary, sometimes off by a little
                fact(rng.choice(sources)[0], "vote_share", series_id, f"synthetic-candidate-{k}",
                     round(share + rng.choice([0, 0, 0.2]), 2), "percent", date, "electoral", status="preliminary")  # fmt: skip
        fact(
            rng.choice(sources)[0],
            "turnout",
            series_id,
            "",
            round(rng.uniform(40, 90), 2),
            "percent",
            date,
            "electoral",
        )
        election += 1

    court = "constitutional-court"
    series.append(
        [court, "Constitutional Court caseload", "institution", "2023-01-01", "", "", "false", ""]
    )
    for body in range(BODIES):
        for phase in ("before", "after"):
            series_id = f"synthetic-body-{body}-{phase}"
            series.append(
                [
                    series_id,
                    f"Body {body} ({phase})",
                    "representative_body",
                    "2022",
                    f"synthetic-body-{body}",
                    phase,
                    "true",
                    "",
                ]
            )
            share = rng.choice([0, 30, 50, 70, 100])
            fact(
                rng.choice(sources)[0],
                "seat_share",
                series_id,
                "party-list",
                share,
                "percent",
                "2022",
                "electoral",
            )
            fact(
                rng.choice(sources)[0],
                "seat_share",
                series_id,
                "single-mandate",
                100 - share,
                "percent",
                "2022",
                "electoral",
            )
    while len(facts) < n_facts:
        year = rng.choice(YEARS)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        metric = rng.choice(["appeals_received", "cases_decided"])
        value = rng.randint(10, 20000) if metric == "appeals_received" else rng.randint(1, 300)
        fact(rng.choice(sources)[0], metric, court, "",
             value, "count", date, "judicial_legal", status="reported", bound=rng.choice(["false", "false", "true"]))  # fmt: skip
    facts = facts[:n_facts]
    write(
        out / "series.csv",
        ["series_id", "title", "kind", "date", "body", "phase", "complete", "share_base", "notes"],
        [[*row[:7], "", *row[7:]] for row in series],  # no share base: no arithmetic to check
    )
    write(out / "facts.csv", ["fact_id", "source_id", "metric", "series", "subject", "value", "date",
                              "sphere", "locator", "evidence", "derived", "status", "is_lower_bound",
                              "is_approximate", "caveat", "notes"], [[*row, "", ""] for row in facts])  # fmt: skip

    n_events = max(30, n_facts // 100)
    events = [
        [f"E{i + 1:07d}", rng.choice(sources)[0], f"synthetic-event-{i // 2}", f"{rng.choice(YEARS)}-{rng.randint(1, 12):02d}",
         "stated", rng.choice(SPHERES), f"Synthetic reform event {i}", "", ""]
        for i in range(n_events)
    ]  # fmt: skip
    write(out / "events.csv", ["event_id", "source_id", "occurrence_id", "date", "date_basis", "sphere", "title",
                               "locator", "notes"], events)  # fmt: skip
    write(
        out / "excluded.csv",
        ["exclusion_id", "source_id", "locator", "as_written", "value", "reason"],
        [],
    )
    write_labels(out, series, events)


PHASES = {"before": ("дейін", "до"), "after": ("кейін", "после")}


def write_labels(out: Path, series: list[list[str]], events: list[list[str]]) -> None:
    """labels.csv: the real rows for the registries copied as they are, made-up ones for the rest.

    The made-up Kazakh and Russian texts only need to be there and differ from the English.
    """
    with (ROOT / "data" / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    kept = {"metrics", "entities", "glossary", "vocabulary"}  # copied from the real data
    labels = [row for row in rows[1:] if row[0] in kept]
    labels += [row for row in rows[1:] if row[0] == "series" and row[1] == "constitutional-court"]

    def made_up(table: str, key: str, field: str, en: str, kk: str, ru: str) -> None:
        labels.append([table, key, field, en, kk, ru, "translation", "", ""])

    for k in range(CANDIDATES):
        made_up("entities", f"synthetic-candidate-{k}", "name", f"Candidate {k}", f"Кандидат {k}",
                f"Кандидат {k}")  # fmt: skip
    for b in range(BODIES):
        made_up("entities", f"synthetic-body-{b}", "name", f"Body {b}", f"Орган {b}", f"Орган {b}")
    for row in series:
        series_id, title = row[0], row[1]
        if series_id.startswith("synthetic-election-"):
            n = series_id.rsplit("-", 1)[1]
            made_up("series", series_id, "title", title, f"Синтетикалық сайлау {n}",
                    f"Синтетические выборы {n}")  # fmt: skip
        elif series_id.startswith("synthetic-body-"):
            body, phase = series_id.removeprefix("synthetic-body-").split("-")
            kk, ru = PHASES[phase]
            made_up(
                "series", series_id, "title", title, f"Орган {body} ({kk})", f"Орган {body} ({ru})"
            )
    for row in events:
        n = row[6].rsplit(" ", 1)[1]
        made_up("events", row[0], "title", row[6], f"Синтетикалық реформа оқиғасы {n}",
                f"Синтетическое событие реформы {n}")  # fmt: skip
    write(out / "labels.csv", header, labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    generate(args.facts, args.out, args.seed)
    print(f"wrote {args.facts} facts to {args.out}")


if __name__ == "__main__":
    main()
