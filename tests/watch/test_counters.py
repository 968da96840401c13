"""Counter arithmetic: wraps of both sizes, restarts, discontinuities, gaps, clocks, units."""

from __future__ import annotations

import pytest

from core.counters import (
    Gap, Kind, Rate, Sample, Series, Trend, format_rate, kind_of, rate_unit, step, wrapped_delta,
)
from core.types import Counter32, Counter64, Gauge32, TimeTicks

C32, C64 = Kind.COUNTER32, Kind.COUNTER64


def test_counter32_wrap_is_one_wrap_not_a_negative_rate() -> None:
    before = Sample(2**32 - 100, 0.0, 1000, kind=C32)
    after = Sample(400, 5.0, 1500, kind=C32)
    result = step(before, after)
    assert isinstance(result, Rate)
    assert result.delta == 500
    assert result.per_second == pytest.approx(100.0)


def test_counter64_wraps_at_2_to_the_64() -> None:
    assert wrapped_delta(2**64 - 1, 9, C64) == 10
    assert wrapped_delta(2**32 - 1, 9, C64) == 10 + 2**64 - 2**32  # no 32-bit wrap on a 64-bit counter
    assert wrapped_delta(2**32 - 1, 9, C32) == 10


def test_agent_time_is_preferred_over_wall_time() -> None:
    # The wall clock says 10 s (a slow response), the agent stamped its counters 5 s apart.
    result = step(Sample(0, 0.0, 100, kind=C32), Sample(1000, 10.0, 600, kind=C32))
    assert isinstance(result, Rate) and result.agent_clock
    assert result.per_second == pytest.approx(200.0)


def test_wall_time_when_the_agent_time_was_not_polled() -> None:
    result = step(Sample(0, 0.0, kind=C32), Sample(1000, 4.0, kind=C32))
    assert isinstance(result, Rate) and not result.agent_clock
    assert result.per_second == pytest.approx(250.0)


def test_agent_restart_is_a_gap() -> None:
    result = step(Sample(5_000_000, 0.0, 90_000, kind=C32), Sample(10, 5.0, 300, kind=C32))
    assert isinstance(result, Gap) and "restarted" in result.reason


def test_discontinuity_marker_change_is_a_gap() -> None:
    result = step(Sample(100, 0.0, 1000, 50, C32), Sample(200, 5.0, 1500, 1400, C32))
    assert isinstance(result, Gap) and "discontinuity" in result.reason


def test_missed_poll_is_a_gap() -> None:
    assert isinstance(step(Sample(None, 0.0, kind=C32), Sample(5, 5.0, kind=C32)), Gap)
    assert isinstance(step(Sample(5, 0.0, kind=C32), Sample(None, 5.0)), Gap)


def test_no_elapsed_time_is_a_gap_not_a_division_by_zero() -> None:
    assert isinstance(step(Sample(1, 0.0, 700, kind=C32), Sample(2, 1.0, 700, kind=C32)), Gap)


def test_gauges_have_a_trend_not_a_rate() -> None:
    result = step(Sample(80, 0.0, 100, kind=Kind.GAUGE), Sample(60, 5.0, 600, kind=Kind.GAUGE))
    assert result == Trend(-20, 5.0)


def test_kind_of_typed_values() -> None:
    assert kind_of(Counter32(1)) is C32
    assert kind_of(Counter64(1)) is C64
    assert kind_of(Gauge32(1)) is Kind.GAUGE
    assert kind_of(TimeTicks(1)) is Kind.GAUGE
    assert kind_of(b"x") is Kind.OTHER


def test_series_keeps_min_avg_max_and_gaps_in_its_history() -> None:
    series = Series(history=3)
    samples = [Sample(0, 0, 0, kind=C32), Sample(100, 1, 100, kind=C32), Sample(None, 2),
               Sample(400, 3, 300, kind=C32), Sample(700, 4, 400, kind=C32)]
    for sample in samples:
        series.add(sample)
    assert list(series.rates()) == [None, None, 300.0]  # bounded to 3 steps
    assert series.rate_min == 100.0 and series.rate_max == 300.0
    assert series.rate_avg == pytest.approx(200.0)


def test_units_from_the_mib() -> None:
    octets = rate_unit("ifHCInOctets", None)
    assert octets.label == "bit/s" and octets.factor == 8 and octets.bytes_too
    assert rate_unit("ifInUcastPkts", None).label == "packets/s"
    assert rate_unit("tcpActiveOpens", None).label == "/s"
    assert rate_unit("someCounter", "calls").label == "calls/s"
    assert format_rate(1_250_000, octets) == "10.0 Mbit/s"
    assert format_rate(0.5, rate_unit("ifInErrors", None)) == "0.50 /s"
