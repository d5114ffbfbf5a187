"""The registry ids that the code relies on, in one place.

Names, units, colours and labels come from the data (the metrics and entities registries and
the package's categories); the code only needs to know *which* rows to pick. Every id here is
checked against the registries by ``tests/test_ids.py``, so renaming one in the data without
renaming it here fails a test instead of silently emptying a chart.
"""

from __future__ import annotations

# Metrics (metrics.metric_id)
TURNOUT = "turnout"
VOTE_SHARE = "vote_share"
SEAT_SHARE = "seat_share"
SEATS = "seats"
APPEALS_RECEIVED = "appeals_received"
CASES_DECIDED = "cases_decided"
REGISTERED_VOTERS = "registered_voters"
BALLOTS_CAST = "ballots_cast"
VALID_BALLOTS = "valid_ballots"
INVALID_BALLOTS = "invalid_ballots"
VOTES = "votes"
CHAMBER_SIZE = "chamber_size"
# local elections and the court by period
POSTS_CONTESTED = "posts_contested"
AKIM_POSTS_ELECTED = "akim_posts_elected"
CANDIDATES_ON_BALLOT = "candidates"
CANDIDATES_REGISTERED = "candidates_registered"
AKIMS_ELECTED = "akims_elected"
APPEALS_RECEIVED_PERIOD = "appeals_received_period"
ELECTORS = "electors"  # who may vote at an indirect election (the Senate's)
METRICS = (
    TURNOUT, VOTE_SHARE, SEAT_SHARE, SEATS, APPEALS_RECEIVED, CASES_DECIDED, REGISTERED_VOTERS,
    BALLOTS_CAST, VALID_BALLOTS, INVALID_BALLOTS, VOTES, CHAMBER_SIZE, POSTS_CONTESTED,
    AKIM_POSTS_ELECTED, CANDIDATES_ON_BALLOT, CANDIDATES_REGISTERED, AKIMS_ELECTED,
    APPEALS_RECEIVED_PERIOD, ELECTORS,
)  # fmt: skip

# Entities (entities.entity_id)
TOKAYEV = "tokayev"
SINGLE_MANDATE = "single-mandate"
ENTITIES = (TOKAYEV, SINGLE_MANDATE)

# Series (series.series_id)
CONSTITUTIONAL_COURT = "constitutional-court"
SERIES = (CONSTITUTIONAL_COURT,)

# Vocabulary terms (the categories of the named vocabulary)
ELECTION = "election"
REFERENDUM = "referendum"
REPRESENTATIVE_BODY = "representative_body"
INSTITUTION = "institution"
INCIDENT = "incident"
VALID_BALLOTS_BASE = "valid_ballots"
BALLOTS_CAST_BASE = "ballots_cast"
RULE_VALUE = "rule_value"
ENACTED = "enacted"
IN_FORCE = "in_force"
PROPOSED = "proposed"
TERMS = {
    "series_kind": (ELECTION, REFERENDUM, REPRESENTATIVE_BODY, INSTITUTION, INCIDENT),
    "share_base": (VALID_BALLOTS_BASE, BALLOTS_CAST_BASE),
    "value_kind": (RULE_VALUE,),
    "rule_basis": (ENACTED, IN_FORCE, PROPOSED),
}

# The Overview's headline figures: (metric, subject or None). Their titles are composed from
# the registries' names ("Turnout", "Kassym-Jomart Tokayev: vote share").
HEADLINES = (
    (TURNOUT, None),
    (VOTE_SHARE, TOKAYEV),
    (APPEALS_RECEIVED, None),
    (SEAT_SHARE, SINGLE_MANDATE),
)
