"""Intervention follow-up through Python: the registry (fixtures
tests/fixtures/interventions_*.json), the effect measures against the method reference's
§9 goldens (hand arithmetic, ptools' tests, Wheeler & Ratcliffe 2018, statsmodels), the
evaluation of hand-placed incidents and of the sample town against a count written here in
numpy, and the recommendation for every outcome (rules R0–R8)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pytest

import est
from conftest import FIXTURES


def printed(k: int) -> float:
    """Tolerance of a value printed with ``k`` decimals."""
    return 0.5 * 10.0**-k


STOCKHOLM_CET = dt.timezone(dt.timedelta(hours=1))
STOCKHOLM_CEST = dt.timezone(dt.timedelta(hours=2))


# --- §9 goldens ----------------------------------------------------------------------------------


def test_wdq_tne_gross_net_method_reference() -> None:
    # §9.2/9.3: R_b = 100, R_a = 60, D_b = 80, D_a = 70, C_b = 400, C_a = 380.
    q = est.wdq(100, 60, 80, 70, 400, 380)
    assert isinstance(q, est.Wdq)
    assert q.value == pytest.approx(6 / 35, abs=1e-15)
    assert q.value == pytest.approx(0.1714286, abs=printed(7))
    assert q.success == pytest.approx(-0.0921053, abs=printed(7))
    assert q.buffer == pytest.approx(-0.0157895, abs=printed(7))
    assert q.interpretable and q.reading == "diffusion"
    assert q.reading_sv == "spridning av nytta" and q.reading_en == "diffusion of benefits"
    t = est.tne(100, 60, 80, 70, 400, 380)
    assert (t.value, t.target, t.buffer) == pytest.approx((41.0, 35.0, 6.0), abs=1e-12)
    gn = est.gross_net_effect(100, 60, 400, 380)
    assert gn["gross"] == 40.0 and gn["net"] == pytest.approx(0.0921053, abs=printed(7))


def test_wdd_method_reference() -> None:
    # §9.4, Wheeler & Ratcliffe (2018).
    w = est.wdd((308, 318), (207, 110), (150, 140), (178, 157))
    assert isinstance(w, est.Wdd) and w.alpha == 0.05
    assert w.estimate == pytest.approx(-118.0, abs=1e-12)
    assert w.se == pytest.approx(math.sqrt(1568), abs=1e-12)
    assert w.local == pytest.approx((-107.0, 30.708305), abs=printed(6))
    assert w.displacement == pytest.approx((-11.0, 25.0), abs=1e-12)
    assert w.z == pytest.approx(-2.979950, abs=printed(6))
    assert (w.lower, w.upper) == pytest.approx((-195.6106, -40.3894), abs=printed(4))
    assert w.counts["treated"] == [207.0, 110.0]
    aw = est.wdd((308, 318), (207, 110), (150, 140), (178, 157), area_weights=(0.9, 1.2, 1.6, 1.5))
    assert aw.estimate == pytest.approx(-99.69444444, abs=printed(8))
    assert aw.se == pytest.approx(35.4280755, abs=printed(7))
    assert aw.z == pytest.approx(-2.813995483, abs=printed(9))
    assert (aw.lower, aw.upper) == pytest.approx((-169.1321965, -30.25669241), abs=printed(7))
    tw = est.wdd((100, 50), (80, 20), time_weights=(2, 1))
    assert tw.estimate == pytest.approx(-20.0, abs=1e-12) and tw.se == pytest.approx(math.sqrt(115), abs=1e-12)
    assert est.wdd((20, 20), (20, 10)).estimate == pytest.approx(-10.0, abs=1e-12)
    blog = est.wdd((100, 90), (100, 80))
    assert blog.estimate == pytest.approx(-10.0, abs=1e-12) and blog.se == pytest.approx(19.2353841, abs=printed(7))
    # ptools' default alpha is 0.1: a 90 % interval.
    assert est.wdd((20, 20), (20, 10), alpha=0.1).upper < est.wdd((20, 20), (20, 10)).upper


def test_wdd_harm_method_reference() -> None:
    # §9.4 / ptools' test: five crime types, counts (control, treated) before and after.
    rows = [
        ((133, 91), (130, 74)),
        ((388, 305), (327, 202)),
        ((148, 97), (398, 190)),
        ((86, 64), (144, 92)),
        ((94, 67), (183, 96)),
    ]
    wdds = [est.wdd(c, t) for c, t in rows]
    assert [w.estimate for w in wdds] == [-14.0, -42.0, -157.0, -30.0, -60.0]
    h = est.wdd_harm([w.estimate for w in wdds], [w.se for w in wdds], [3, 2, 5, 7, 10])
    assert isinstance(h, est.WddHarm) and h.weights == [3.0, 2.0, 5.0, 7.0, 10.0]
    assert h.estimate == pytest.approx(-1721.0, abs=1e-12)
    assert h.se == pytest.approx(304.10360077, abs=printed(8))
    assert h.z == pytest.approx(-5.65925558, abs=printed(8))
    assert (h.lower, h.upper) == pytest.approx((-2317.03210507, -1124.96789493), abs=printed(8))


def test_did_and_relative_irr_method_reference() -> None:
    # §9.7: T0 = 207, T1 = 110, C0 = 308, C1 = 318.
    d = est.did_2x2(207, 110, 308, 318)
    assert isinstance(d, est.Did) and d.method == "closed_form2x2"
    assert d.irr == pytest.approx(0.5146902, abs=printed(7))
    assert d.se_log == pytest.approx(0.1425245, abs=printed(7))
    assert (d.lower, d.upper) == pytest.approx((0.389250, 0.680555), abs=printed(6))
    assert d.z == pytest.approx(-4.660181, abs=printed(6))
    r = est.relative_irr(207, 110, 308, 318)
    assert r.ci == "wald_log" and r.irr == pytest.approx(d.irr, rel=1e-15)
    assert (r.lower, r.upper) == pytest.approx((d.lower, d.upper), rel=1e-12)
    small = est.relative_irr(4, 1, 308, 318)
    assert small.ci == "exact_conditional" and small.target == (4, 1)
    assert est.relative_irr(4, 1, 308, 318, ci="wald-log").ci == "wald_log"
    with pytest.raises(est.FollowupError) as info:
        est.did_2x2(0, 1, 2, 3)
    assert info.value.code == "FOLLOWUP_UNDEFINED"
    with pytest.raises(est.FollowupError) as info:
        est.did_2x2(-1, 1, 2, 3)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER" and "t0" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.relative_irr(4, 1, 3, 3, ci="bayes")  # type: ignore[arg-type]
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"


def test_did_panel_reduces_to_the_2x2() -> None:
    # Two groups × two periods: the IRLS fit is the closed form.
    p = est.did_panel([308, 318, 207, 110], [0, 0, 1, 1], [0, 1, 0, 1], [False, False, False, True])
    d = est.did_2x2(207, 110, 308, 318)
    assert p.method == "poisson_glm" and p.iterations > 0
    assert p.irr == pytest.approx(d.irr, rel=1e-9) and p.se_log == pytest.approx(d.se_log, rel=1e-6)
    with pytest.raises(est.FollowupError) as info:
        est.did_panel([1, 2], [0], [0, 1], [False, True])
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"


def test_effect_errors() -> None:
    with pytest.raises(est.FollowupError) as info:
        est.wdq(100, 60, 80, 70, 0, 380)
    assert info.value.code == "FOLLOWUP_UNDEFINED" and "C_b = 0" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.wdd((0, 0), (0, 0))
    assert info.value.code == "FOLLOWUP_UNDEFINED"
    with pytest.raises(est.FollowupError) as info:
        est.wdd((1, 1), (1, 1), alpha=1.0)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"
    with pytest.raises(est.FollowupError) as info:
        est.wdd_harm([1, 2], [1], [1, 1])
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"


# --- registry ------------------------------------------------------------------------------------


def test_registry_fixture_round_trips() -> None:
    text = (FIXTURES / "interventions_valid.json").read_text(encoding="utf-8")
    r = est.Registry.from_json(text)
    assert isinstance(r, est.Registry) and len(r) == 3 and r.crs == 3006
    assert r.schema == "est.interventions/1"
    assert len(r.places) == 6 and r.places[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    i = r.intervention("2026-02")
    assert i["buffer_m"] == 300.0 and i["end"] == "2026-09-27"
    assert i["categories"] == ["Stöld", "narkotika"]
    assert [x["id"] for x in r.interventions] == ["2026-01", "2026-02", "2026-03"]
    again = est.Registry.from_json(r.to_json())
    assert again.to_json() == r.to_json()
    assert "Intern anteckning" in r.to_json() and "Intern anteckning" not in r.to_public_json()
    r.validate()
    r.validate(est.Taxonomy())
    with pytest.raises(est.FollowupError) as info:
        r.intervention("2099-01")
    assert info.value.code == "FOLLOWUP_UNKNOWN_INTERVENTION"
    assert "2026-01, 2026-02, 2026-03" in str(info.value)
    assert "3 intervention(s)" in repr(r)


def test_invalid_registry_lists_every_problem() -> None:
    text = (FIXTURES / "interventions_invalid.json").read_text(encoding="utf-8")
    with pytest.raises(est.FollowupError) as info:
        est.Registry.from_json(text)
    e = info.value
    assert e.code == "FOLLOWUP_INVALID_REGISTRY" and isinstance(e, ValueError)
    issues = e.issues  # type: ignore[attr-defined]
    assert len(issues) == 30
    got = {(i["path"], i["code"]) for i in issues}
    assert ("interventions[1].start", "REGISTRY_BAD_DATE") in got
    assert ("interventions[1].categories[0]", "REGISTRY_UNKNOWN_CATEGORY") in got
    assert ("schema", "REGISTRY_SCHEMA_VERSION") in got
    start = next(i for i in issues if i["path"] == "interventions[1].start")
    assert start["value"] == "2026-02-30" and start["message"]
    with pytest.raises(est.FollowupError) as info:
        est.Registry.from_json('{"schema": ')
    assert [i["code"] for i in info.value.issues] == ["REGISTRY_JSON"]  # type: ignore[attr-defined]


# --- evaluation ----------------------------------------------------------------------------------

HAND_REGISTRY = """{
  "schema": "est.interventions/1", "crs": 3006,
  "places": [
    {"name": "T", "geometry": {"type": "Polygon", "coordinates": [[[660000, 6610000],
      [660100, 6610000], [660100, 6610100], [660000, 6610100], [660000, 6610000]]]}},
    {"name": "C", "geometry": {"type": "Polygon", "coordinates": [[[661000, 6610000],
      [661100, 6610000], [661100, 6610100], [661000, 6610100], [661000, 6610000]]]}},
    {"name": "Kommunen", "geometry": {"type": "Polygon", "coordinates": [[[659900, 6609900],
      [661200, 6609900], [661200, 6610200], [659900, 6610200], [659900, 6609900]]]}}
  ],
  "interventions": [
    {"id": "A", "name": "A", "target": "T", "control": "C", "buffer_m": 50,
     "start": "2026-03-30", "categories": ["skadegorelse"], "description": "hemlig"},
    {"id": "B", "name": "B", "target": "T", "start": "2026-03-30",
     "categories": ["skadegorelse"], "goal_irr": 0.5}
  ]
}"""

HAND_INCIDENTS = """id,time,category,x,y
t_b1,2026-03-10 12:00,klotter,660050,6610050
t_b2,2026-03-29 23:30,skadegorelse,660050,6610050
t_stold,2026-03-10 12:00,stold,660050,6610050
t_a1,2026-03-30 00:00,skadegorelse,660100,6610050
t_a2,2026-04-26 23:59,klotter,660020,6610020
t_late,2026-04-27 00:00,skadegorelse,660050,6610050
t_early,2026-03-01 22:30,skadegorelse,660050,6610050
d_b1,2026-03-15 08:00,skadegorelse,660130,6610050
d_a1,2026-04-01 08:00,skadegorelse,660140,6610050
d_a2,2026-04-02 08:00,klotter,660050,6610140
c_b1,2026-03-05 08:00,skadegorelse,661050,6610050
c_b2,2026-03-06 08:00,skadegorelse,661050,6610050
c_b3,2026-03-07 08:00,klotter,661050,6610050
c_a1,2026-04-05 08:00,skadegorelse,661050,6610050
o_b1,2026-03-20 08:00,skadegorelse,660200,6610300
o_b2,2026-03-20 09:00,skadegorelse,660160,6610160
"""

AS_OF = dt.datetime(2026, 4, 27, 0, 0, tzinfo=STOCKHOLM_CEST)


@pytest.fixture(scope="module")
def hand() -> tuple[est.Registry, est.Incidents]:
    inc = est.read_incidents_text(HAND_INCIDENTS, crs=3006, now="2026-12-01T00:00:00Z")
    return est.Registry.from_json(HAND_REGISTRY, inc.taxonomy), inc


def test_evaluate_hand_placed_incidents(hand: tuple[est.Registry, est.Incidents]) -> None:
    reg, inc = hand
    e = est.evaluate(reg, "A", inc, as_of=AS_OF)
    assert isinstance(e, est.Evaluation) and e.id == "A"
    assert e.after["start"] == dt.datetime(2026, 3, 30, tzinfo=STOCKHOLM_CEST)
    assert e.after["end"] == AS_OF and e.before["end"] == e.after["start"]
    assert (e.after["days"], e.followup_weeks) == (28.0, 4.0)
    # As long as the after period (to within the DST hour in between).
    assert abs(e.before["days"] - 28.0) <= 1 / 24
    assert "klotter" in e.categories and "stold" not in e.categories
    assert (e.target.before, e.target.after) == (2, 2)
    assert e.buffer is not None and (e.buffer.before, e.buffer.after) == (1, 2)
    assert (e.control.before, e.control.after) == (3, 1) and e.control.name == "C"
    assert "description" not in e.intervention and "hemlig" not in e.to_json()
    # The measures equal the functions on the counts.
    tw = (e.before["days"] / e.after["days"], 1.0)
    w = est.wdd((3, 1), (2, 2), (3, 1), (1, 2), time_weights=tw)
    assert e.wdd is not None and (e.wdd.estimate, e.wdd.se) == (w.estimate, w.se)
    irr = est.relative_irr(2, 2, 3, 1, ci="exact")
    assert e.irr_target is not None and (e.irr_target.irr, e.irr_target.lower, e.irr_target.upper) == (
        irr.irr, irr.lower, irr.upper
    )
    assert e.did is not None and e.wdq is not None and e.tne is not None
    assert e.target.irr is not None and e.target.irr.ci == "exact"
    assert e.target.exact_cond is not None and e.target.etest is not None
    assert e.target.etest_pooled is not None and e.target.score is not None
    d = e.to_dict()
    assert d["target"]["before"] == 2 and "value" in d["wdd"]
    assert e.undefined == {} and e.alpha == 0.05 and e.goal_irr is None
    assert {p["name"] for p in e.params_used} >= {"as_of", "alpha", "before", "after"}
    assert "IRR" in repr(e)


def test_evaluate_default_control_and_windows(hand: tuple[est.Registry, est.Incidents]) -> None:
    reg, inc = hand
    e = est.evaluate(reg, "B", inc, as_of=AS_OF)
    assert (e.control.before, e.control.after) == (6, 3) and e.control.name is None
    assert e.buffer is None and e.irr_buffer is None and e.wdq is None and e.tne is None
    assert set(e.undefined) == {"wdq", "tne"} and e.goal_irr == 0.5
    assert any("No control area is registered" in n for n in e.notes)
    bounded = est.evaluate(reg, "B", inc, as_of=AS_OF, study_area="Kommunen")
    assert (bounded.control.before, bounded.control.after) == (5, 3)
    explicit = est.evaluate(
        reg, "A", inc, as_of=AS_OF,
        before=(dt.datetime(2026, 3, 1, tzinfo=STOCKHOLM_CET), dt.datetime(2026, 3, 15, tzinfo=STOCKHOLM_CET)),
        after=("2026-04-01T00:00:00+02:00", "2026-04-03T00:00:00+02:00"),
    )
    assert (explicit.target.before, explicit.target.after) == (2, 0)
    assert (explicit.before["days"], explicit.after["days"]) == (14.0, 2.0)
    # as_of=None: just after the latest incident.
    latest = est.evaluate(reg, "A", inc)
    assert latest.after["end"] == dt.datetime(2026, 4, 26, 22, 0, 1, tzinfo=dt.timezone.utc)


def test_evaluate_errors(hand: tuple[est.Registry, est.Incidents]) -> None:
    reg, inc = hand
    with pytest.raises(est.FollowupError) as info:
        est.evaluate(reg, "Z", inc, as_of=AS_OF)
    assert info.value.code == "FOLLOWUP_UNKNOWN_INTERVENTION" and "A, B" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.evaluate(reg, "A", inc, as_of="2026-03-29T12:00:00+02:00")
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER" and "as_of" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.evaluate(reg, "B", inc, as_of=AS_OF, study_area="Kommun")
    assert "Kommunen" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.evaluate(reg, "A", inc, as_of=AS_OF, alpha=0.0)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"
    with pytest.raises(ValueError, match="timezone-aware"):
        est.evaluate(reg, "A", inc, as_of=dt.datetime(2026, 4, 27))


def _square(cx: float, cy: float, h: float) -> tuple[float, float, float, float]:
    return cx - h, cy - h, cx + h, cy + h


def _inside(sq: tuple[float, float, float, float], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x >= sq[0]) & (x <= sq[2]) & (y >= sq[1]) & (y <= sq[3])


def _distance(sq: tuple[float, float, float, float], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    dx = np.maximum(np.maximum(sq[0] - x, 0.0), x - sq[2])
    dy = np.maximum(np.maximum(sq[1] - y, 0.0), y - sq[3])
    return np.hypot(dx, dy)


def _count(inc: est.Incidents, e: est.Evaluation, mask: np.ndarray) -> tuple[int, int]:
    cats = np.isin(np.array(inc.categories), e.categories)
    t = inc.times.astype("int64")

    def within(w: dict[str, Any]) -> np.ndarray:
        return (t >= int(w["start"].timestamp())) & (t < int(w["end"].timestamp()))

    sel = cats & mask
    return int((sel & within(e.before)).sum()), int((sel & within(e.after)).sum())


def test_evaluate_sample_town_against_a_numpy_count() -> None:
    inc = est.read_incidents(FIXTURES / "sample_town_2k_seed7.csv", crs=3006)
    reg = est.Registry.from_json((FIXTURES / "interventions_valid.json").read_text(encoding="utf-8"))
    as_of = dt.datetime(2026, 11, 23, tzinfo=STOCKHOLM_CET)
    x, y = inc.x, inc.y
    e = est.evaluate(reg, "2026-01", inc, as_of=as_of)
    torget = _square(660250.0, 6609850.0, 240.0)
    omgivning = _square(660250.0, 6609850.0, 640.0)
    vastra = [_square(657500.0, 6609000.0, 800.0), _square(657500.0, 6611500.0, 600.0)]
    t = _count(inc, e, _inside(torget, x, y))
    b = _count(inc, e, _inside(omgivning, x, y) & ~_inside(torget, x, y))
    c = _count(inc, e, _inside(vastra[0], x, y) | _inside(vastra[1], x, y))
    assert (e.target.before, e.target.after) == t and sum(t) > 20
    assert e.buffer is not None and (e.buffer.before, e.buffer.after) == b
    assert (e.control.before, e.control.after) == c
    rec = est.recommend(e, problem_persists=True, nearby_emerging=1)
    assert rec.inputs["goal_irr"] == 0.7 and rec.inputs["goal_source"] == "registry"
    assert rec.inputs["numbers"]["target"] == list(t)

    e2 = est.evaluate(reg, "2026-02", inc, as_of=as_of)
    rese = _square(659700.0, 6610200.0, 270.0)
    inside = _inside(rese, x, y)
    ring = ~inside & (_distance(rese, x, y) <= 300.0)
    assert (e2.target.before, e2.target.after) == _count(inc, e2, inside)
    assert e2.buffer is not None and (e2.buffer.before, e2.buffer.after) == _count(inc, e2, ring)
    assert (e2.control.before, e2.control.after) == _count(inc, e2, ~inside & ~ring)


# --- recommendation ------------------------------------------------------------------------------


def rec(target: tuple[int, int], control: tuple[int, int], *, days: float = 91.0,
        persists: bool = False, emerging: int = 0, **kw: Any) -> est.Recommendation:
    return est.recommend_from_numbers(
        target, control, days, days, problem_persists=persists, nearby_emerging=emerging, **kw
    )


def test_recommendation_r0_not_yet_evaluable() -> None:
    r = rec((5, 3), (300, 310))
    assert (r.rule_id, r.suggestion, r.label_sv, r.label_en) == ("R0", "continue", "fortsätt", "continue")
    assert r.too_few_incidents
    assert "för få händelser för att bedöma" in r.reasons_sv[0] and "minst 10" in r.reasons_sv[0]
    assert "too few incidents to judge" in r.reasons_en[0]
    zero_control = rec((50, 20), (40, 0))
    assert zero_control.rule_id == "R0" and zero_control.too_few_incidents
    short = est.recommend_from_numbers((120, 40), (400, 410), 56.0, 56.0)
    assert (short.rule_id, short.too_few_incidents, short.evidence) == ("R0", False, "reduction")
    assert "8 veckor" in short.reasons_sv[0]
    # Every threshold is a keyword.
    assert rec((5, 3), (300, 310), min_events=5).rule_id != "R0"
    assert est.recommend_from_numbers((120, 40), (400, 410), 56.0, 56.0, min_followup_weeks=8).rule_id == "R3"


def test_recommendation_r1_increase_changes() -> None:
    r = rec((40, 90), (300, 310))
    assert (r.rule_id, r.suggestion, r.evidence, r.label_sv) == ("R1", "change", "increase", "ändra")
    assert r.reasons_sv[0].startswith("Händelserna i målområdet ökade med")


def test_recommendation_r2_displacement_changes() -> None:
    r = est.recommend_from_numbers((100, 50), (400, 400), 91.0, 91.0, buffer=(100, 170))
    assert (r.rule_id, r.suggestion, r.evidence, r.buffer) == ("R2", "change", "reduction", "displacement")
    assert r.wdd is not None and r.wdd.upper >= 0
    assert any("tecken på förflyttning" in s for s in r.reasons_sv)
    assert any("offsets the benefit" in s for s in r.reasons_en)
    assert r.irr_buffer is not None and r.irr_buffer.lower > 1
    assert r.wdq is not None


def test_recommendation_r3_goal_reached_ends() -> None:
    r = rec((200, 116), (500, 500))
    assert (r.rule_id, r.suggestion, r.label_sv, r.label_en) == ("R3", "end", "avsluta", "end")
    assert r.irr_target is not None and r.irr_target.ci == "wald_log"
    assert r.irr_target.irr == pytest.approx(0.58, abs=1e-12)
    se = math.sqrt(1 / 200 + 1 / 116 + 2 / 500)
    z = 1.959963984540054
    lo, hi = 0.58 * math.exp(-z * se), 0.58 * math.exp(z * se)
    assert r.reasons_sv[0] == (
        f"Händelserna i målområdet minskade med 42 % (IRR 0,58; 95 % KI "
        f"{lo:.2f}–{hi:.2f}) jämfört med kontrollområdet.".replace(f"{lo:.2f}", f"{lo:.2f}".replace(".", ","))
        .replace(f"{hi:.2f}", f"{hi:.2f}".replace(".", ","))
    )
    assert r.reasons_en[0] == (
        f"Incidents in the target area fell by 42 % (IRR 0.58; 95 % CI {lo:.2f}–{hi:.2f}) "
        "relative to the control area."
    )
    assert r.facts["irr_at_most_goal"] is True and r.to_dict()["rule_id"] == "R3"
    assert json.loads(r.to_json())["suggestion"] == "end"


def test_recommendation_r4_spreading_benefit_expands() -> None:
    r = est.recommend_from_numbers((100, 50), (400, 400), 91.0, 91.0, buffer=(150, 90),
                                   problem_persists=True)
    assert (r.rule_id, r.suggestion, r.buffer, r.label_sv) == ("R4", "expand", "diffusion", "utvidga")
    r = rec((100, 50), (400, 400), persists=True, emerging=2)
    assert r.rule_id == "R4" and "2 nya eller tilltagande hot spots" in r.reasons_sv[-1]


def test_recommendation_r5_reduction_continues() -> None:
    r = rec((1000, 860), (2000, 2000))
    assert (r.rule_id, r.suggestion) == ("R5", "continue") and "not yet reached" in r.reasons_en[-1]
    r = rec((200, 100), (500, 500), persists=True)
    assert r.rule_id == "R5" and "problemet kvarstår" in r.reasons_sv[-1]
    r = rec((200, 116), (500, 500), registered_goal_irr=0.5)
    assert (r.rule_id, r.inputs["goal_source"]) == ("R5", "registry")


def test_recommendation_r6_to_r8_inconclusive() -> None:
    r6 = rec((30, 22), (300, 300), persists=True)
    assert (r6.rule_id, r6.suggestion, r6.evidence) == ("R6", "continue", "inconclusive")
    assert "13 veckor" in r6.reasons_sv[-1]
    r7 = rec((30, 33), (300, 300))
    assert (r7.rule_id, r7.suggestion) == ("R7", "end")
    assert rec((30, 22), (300, 300), days=420.0).rule_id == "R7"
    r8 = rec((30, 33), (300, 300), persists=True)
    assert (r8.rule_id, r8.suggestion) == ("R8", "change") and "the problem persists" in r8.reasons_en[-1]
    assert "R8" in repr(r8)


def test_recommendation_errors() -> None:
    with pytest.raises(est.FollowupError) as info:
        rec((30, 33), (300, 300), alpha=1.5)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER" and "alpha" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        rec((30, 33), (300, 300), goal_irr=1.2)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"
    with pytest.raises(est.FollowupError) as info:
        rec((-1, 33), (300, 300))
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER" and "target" in str(info.value)
    with pytest.raises(est.FollowupError) as info:
        est.recommend_from_numbers((30, 33), (300, 300), 0.0, 91.0)
    assert info.value.code == "FOLLOWUP_INVALID_PARAMETER"


def test_readme_style_followup_example(hand: tuple[est.Registry, est.Incidents]) -> None:
    registry, incidents = hand
    evaluation = est.evaluate(registry, "A", incidents, as_of="2026-04-27T00:00:00+02:00")
    advice = est.recommend(evaluation, problem_persists=False, nearby_emerging=0)
    assert advice.suggestion in {"continue", "expand", "change", "end"}
    assert advice.rule_id == "R0" and advice.too_few_incidents  # four weeks, four incidents
    assert advice.reasons_sv and advice.reasons_en


def test_lagesbild_with_the_sample_registry_follows_up_both_interventions() -> None:
    import json
    import pathlib

    text = (pathlib.Path(__file__).resolve().parents[2] / "data" / "sample_interventions.json").read_text(
        encoding="utf-8"
    )
    town = est.sample_town(6000, seed=2026)
    reg = est.Registry.from_json(text)
    lb = est.lagesbild(town, registry=reg)
    d = json.loads(lb.to_json())
    rules = [i["recommendation"]["rule_id"] for i in d["interventions"]]
    assert rules == ["R3", "R0"]
    assert d["new_problems"]["tested"] > 0
    html = lb.to_html()
    assert 'id="interventions"' in html and "Björkskolan" in html
    assert "påhittat exempel" not in html


def test_lagesbild_background_tiles_only_with_a_url() -> None:
    town = est.sample_town(800, seed=3)
    assert "<image" not in est.lagesbild(town).to_html()
    html = est.lagesbild(town, tiles_url="https://tiles.example.org/{z}/{x}/{y}.png").to_html()
    assert '<image href="https://tiles.example.org/' in html
    with pytest.raises(est.ReportError) as e:
        est.lagesbild(town, tiles_url="tiles/{z}.png")
    assert e.value.code == "REPORT_INVALID_OPTION"


def test_lagesbild_by_tertial() -> None:
    import json

    town = est.sample_town(1500, seed=2026)
    d = json.loads(est.lagesbild(town, unit="tertial", baseline_periods=3).to_json())
    assert d["period"]["label"] == "2026-T3"
    assert (d["period"]["start"], d["period"]["end"]) == ("2026-09-01", "2026-12-31")
    with pytest.raises(est.ReportError) as e:
        est.lagesbild(town, unit="fortnight")
    assert e.value.code == "REPORT_INVALID_OPTION" and "fortnight" in str(e.value)
