"""The desk at a glance: the numbers behind the desk report's charts.

Each chart is a title, a sentence that says what it shows (the text alternative), and rows of
label, count and tone; the templates draw them as inline SVG bars with the numbers beside them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

WEEKS = 12  # the weeks the weekly charts go back from the latest one with anything in it


@dataclass
class Bar:
    label: str
    count: int
    tone: str = "open"  # the colour, as the report's badges use it


@dataclass
class Chart:
    id: str
    title: str
    summary: str  # the text alternative: what a reader without the picture should know
    bars: list[Bar] = field(default_factory=list)

    @property
    def most(self) -> int:
        return max((b.count for b in self.bars), default=0)


def desk_charts(status_rows: list, tallies: list, verdict_dates: list[str | None]) -> list[Chart]:
    """Claims by status, sources by type, verdicts per outlet, and both per week."""
    return [
        _by_status(status_rows),
        _by_source_type(tallies),
        _verdicts_by_outlet([t for t in tallies if t.verdict]),
        _weekly("extracted", "Claims extracted per week", [t.created_at for t in tallies]),
        _weekly("verdicts-weekly", "Verdicts given per week", verdict_dates),
    ]


def _by_status(status_rows: list) -> Chart:
    bars = [Bar(r.label, r.count, r.tone) for r in status_rows]
    return Chart("status", "Claims by status", _listing("claims by status", bars), bars)


def _by_source_type(tallies: list) -> Chart:
    kinds = Counter((t.source_type or "outlet") for t in tallies)
    bars = [Bar(kind.replace("_", " "), n) for kind, n in kinds.most_common()]
    attributed = sum(n for kind, n in kinds.items() if kind != "outlet")
    anonymous = kinds["anonymous"] + kinds["anonymous_official"]
    share = f"; {anonymous} of {attributed} attributed claims come from anonymous sources"
    summary = _listing("claims by the kind of source", bars) + (share if attributed else "")
    return Chart("source-types", "Sources by type", summary, bars)


def _verdicts_by_outlet(judged: list) -> Chart:
    outlets = Counter(t.outlet or "(no outlet named)" for t in judged)
    bars = [Bar(outlet, n, "bad") for outlet, n in outlets.most_common(10)]
    return Chart("outlets", "Verdicts per outlet", _listing("verdicts per outlet", bars), bars)


def _weekly(chart_id: str, title: str, moments: list) -> Chart:
    weeks = Counter(_week(m) for m in moments if m)
    if not weeks:
        return Chart(chart_id, title, f"{title}: none yet.", [])
    latest = max(weeks)
    shown = sorted(w for w in weeks if _weeks_between(w, latest) < WEEKS)
    bars = [Bar(f"week of {w}", weeks[w]) for w in shown]
    return Chart(chart_id, title, _listing(title.lower(), bars), bars)


def _week(moment: datetime | str) -> str:
    """The Monday of a moment's week, as YYYY-MM-DD."""
    day = moment.date() if isinstance(moment, datetime) else date.fromisoformat(moment[:10])
    return date.fromordinal(day.toordinal() - day.weekday()).isoformat()


def _weeks_between(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days // 7


def _listing(what: str, bars: list[Bar]) -> str:
    if not bars:
        return f"No {what} yet."
    return f"{what[:1].upper()}{what[1:]}: " + ", ".join(f"{b.label} {b.count}" for b in bars)
