"""Charts drawn on the server as SVG: a state's timeline and the frameworks over time.

This module only computes geometry (plain dataclasses); the Jinja templates
``ld/visuals/*.svg`` draw it, so every text is escaped by autoescaping. No script, no CDN: the
SVG is the same inline in a page and as a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from natokg.exports import PANEL_KEY_COLUMNS as PANEL_KEYS
from natokg.exports import Panel
from natokg.ld.iris import IriMapper
from natokg.ld.timeline import Item, Timeline

WIDTH = 960
LABEL_WIDTH = 300
RIGHT = 24
TOP = 34
ROW = 24
BAR = 14
COLOURS = {"membership": "#1f5fa8", "participation": "#4f9a3a", "event": "#b8322a"}
#: the fill of a bar counting a partial list (a hatch pattern defined in ld/visuals/*.svg)
PARTIAL_FILL = "url(#partial-list)"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str
    href: str | None
    open_end: bool = False


@dataclass(frozen=True)
class RowLabel:
    y: float
    text: str
    href: str | None


@dataclass(frozen=True)
class Mark:
    cx: float
    cy: float
    title: str
    href: str | None


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    ticks: tuple[Tick, ...]
    labels: tuple[RowLabel, ...]
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...] = ()
    empty: bool = False


@dataclass(frozen=True)
class Scale:
    first: int
    last: int

    def x(self, year: float) -> float:
        span = max(1, self.last + 1 - self.first)
        return LABEL_WIDTH + (year - self.first) / span * (WIDTH - LABEL_WIDTH - RIGHT)

    def ticks(self, axis_y: float) -> tuple[Tick, ...]:
        span = self.last - self.first
        step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 14)
        start = self.first + (-self.first) % step
        return tuple(Tick(self.x(y), str(y)) for y in range(start, self.last + 2, step))


def _href(mapper: IriMapper, root: str, iri: str) -> str | None:
    path = mapper.page_path(iri)
    return root + path if path else None


def timeline_chart(
    timeline: Timeline, mapper: IriMapper, root: str, last_year: int | None = None
) -> Chart:
    """Memberships and dated participations as bars, events as marks on a lane of their own.

    Bars with no stated end run to ``last_year`` (the horizon of the data) with an arrow.
    """
    spans = [i for i in timeline.items if i.kind != "event"]
    events = [i for i in timeline.items if i.kind == "event"]
    years = [y for i in timeline.items for y in _years(i)]
    title = "Timeline of relations with NATO"
    if not years:
        return Chart(title, WIDTH, TOP + ROW, LABEL_WIDTH, WIDTH - RIGHT, TOP, (), (), (), (), True)
    scale = Scale(min(years), max(years + [last_year or 0]))
    labels, bars = [], []
    for row, item in enumerate(spans):
        y = TOP + row * ROW
        labels.append(RowLabel(y + BAR - 2, _row_text(item), _href(mapper, root, item.iri)))
        bars.append(_bar(item, scale, y, _href(mapper, root, item.iri)))
    lane = TOP + len(spans) * ROW
    marks = _marks(events, scale, lane, mapper, root)
    if events:
        labels.append(RowLabel(lane + BAR - 2, f"events ({len(events)})", None))
    lanes = 1 + max((int((m.cy - lane - BAR / 2) // 12) for m in marks), default=0)
    height = int(lane + (ROW + 12 * (lanes - 1) if events else 0) + 28)
    axis_y = height - 22
    return Chart(
        title,
        WIDTH,
        height,
        LABEL_WIDTH,
        WIDTH - RIGHT,
        axis_y,
        scale.ticks(axis_y),
        tuple(labels),
        tuple(bars),
        tuple(marks),
    )


def _years(item: Item) -> list[int]:
    return [d.year for d in (item.start, item.end) if d is not None]


def _row_text(item: Item) -> str:
    text = item.labels.best or item.target
    return f"{text} ({item.detail})" if item.detail else text


def _bar(item: Item, scale: Scale, y: float, href: str | None) -> Bar:
    assert item.start is not None
    start = scale.x(item.start.year if item.start.precision == "year" else item.start.fraction)
    end_year = item.end.year + 1 if item.end and item.end.precision == "year" else None
    if item.end is None:
        end = scale.x(scale.last + 1)
    else:
        end = scale.x(end_year if end_year is not None else item.end.fraction)
    until = item.end.display if item.end else "…"
    title = f"{_row_text(item)}: {item.start.display} – {until}".rstrip(" –")
    if item.note:
        title += f" ({item.note})"
    return Bar(
        start, y, max(3.0, end - start), BAR, COLOURS[item.kind], title, href, item.end is None
    )


def _marks(
    events: list[Item], scale: Scale, lane: float, mapper: IriMapper, root: str
) -> list[Mark]:
    """Event marks, stacked downwards where they would overlap."""
    marks: list[Mark] = []
    taken: dict[int, list[float]] = {}
    for item in events:
        assert item.start is not None
        cx = scale.x(item.start.fraction)
        level = 0
        while any(abs(cx - other) < 9 for other in taken.get(level, [])):
            level += 1
        taken.setdefault(level, []).append(cx)
        title = f"{item.start.display}: {item.labels.best} ({item.detail})"
        marks.append(Mark(cx, lane + BAR / 2 + 12 * level, title, _href(mapper, root, item.iri)))
    return marks


FRAMEWORK_ROW, FRAMEWORK_GAP = 44, 14


def member_counts(panel: Panel) -> list[dict[int, int]]:
    """For each panel column, the number of member states in each year."""
    first_flag = len(PANEL_KEYS)
    counts: list[dict[int, int]] = [{} for _ in panel.columns]
    for row in panel.rows:
        year = int(row[3])
        for index in range(len(panel.columns)):
            counts[index][year] = counts[index].get(year, 0) + int(row[first_flag + index] or 0)
    return counts


def frameworks_chart(panel: Panel, mapper: IriMapper, root: str) -> Chart:
    """Per framework, a bar per year whose height is the number of member states that year;
    the bars of a partial list (only the members the pages name) are hatched and labelled so."""
    title = "Frameworks and their member states over time"
    if not panel.rows:
        return Chart(title, WIDTH, TOP + ROW, LABEL_WIDTH, WIDTH - RIGHT, TOP, (), (), (), (), True)
    scale = Scale(panel.first_year, panel.last_year)
    width = max(1.0, scale.x(scale.first + 1) - scale.x(scale.first) - 1)
    labels, bars = [], []
    for index, (column, counts) in enumerate(zip(panel.columns, member_counts(panel), strict=True)):
        peak = max(counts.values()) or 1
        base = TOP + index * (FRAMEWORK_ROW + FRAMEWORK_GAP) + FRAMEWORK_ROW
        name = column.labels.best or column.name
        role = column.role_labels.best
        text = f"{name}{'' if role == 'partner' else f' ({role})'}"
        if any(counts.values()):
            text += f", max {peak}"
        undated = panel.undated_columns.count(column.name)
        if undated:
            text += f", {undated} with no stated start"
        if column.partial:
            text += " (partial list)"
        href = _href(mapper, root, column.organisation)
        labels.append(RowLabel(base - FRAMEWORK_ROW / 2, text, href))
        for year, count in sorted(counts.items()):
            h = count / peak * FRAMEWORK_ROW
            title_text = f"{name} {year}: {count} member state(s)"
            fill = "#1f5fa8"
            if column.partial:
                title_text += " named in the pages (partial list: others exist)"
                fill = PARTIAL_FILL
            if count:
                bars.append(Bar(scale.x(year), base - h, width, h, fill, title_text, None))
    height = TOP + len(panel.columns) * (FRAMEWORK_ROW + FRAMEWORK_GAP) + 24
    axis_y = height - 22
    ticks = scale.ticks(axis_y)
    return Chart(
        title, WIDTH, height, LABEL_WIDTH, WIDTH - RIGHT, axis_y, ticks, tuple(labels), tuple(bars)
    )
