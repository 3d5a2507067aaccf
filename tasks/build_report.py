"""Draw the timeline chart (PNG) and write a self-contained HTML report from the warehouse views."""

from __future__ import annotations

import base64
import io
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import jinja2
import matplotlib
import matplotlib.style
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"

EVENT_COLUMNS = (
    "event_id, doc_id, published, event_type, subtype, count_min, count_max, count_qualifier, count_text, "
    "period_start, period_end, date_text, date_precision, reported_date, source, actor, location, evidence, "
    "mention_count, title, publisher, url"
)
# Fixed statements over fixed view names: nothing in them comes from data or input.
DEPLOYMENTS_SQL = f"select {EVENT_COLUMNS} from deployment_timeline"
CASUALTIES_SQL = f"select {EVENT_COLUMNS} from casualty_timeline"
CLAIMS_SQL = (
    "select claim_id, event_type, subtype, count_min, count_max, count_text, source, period_start, period_end, "
    "article_count, event_count, first_reported, last_reported, doc_ids from claims"
)

# Totals over everything loaded, whatever the tables show.
TOTALS_SQL = (
    "select count(*), count(distinct doc_id), count(distinct source), min(published), max(published) from "
    "(select doc_id, source, published from deployment_timeline "
    "union all select doc_id, source, published from casualty_timeline)"
)
# Rows per table, and boxes per chart lane: the most recent by period. At newsroom scale (tens of
# thousands of articles) a page of every event is neither readable nor small; the CSV has them all.
MAX_ROWS = 1000

LANES = (("deployment", "Deployments", "troops"), ("casualty", "Casualty claims", "people"))
FIGSIZE = (13.0, 7.5)
DPI = 110
# tab10 and tab20's darker half without the greys, which stand for "unattributed" and "other sources".
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#e7ba52",
)
UNATTRIBUTED = "(unattributed)"
UNATTRIBUTED_COLOUR = "#555555"
OTHER_COLOUR = "#b0b0b0"
MAX_LEGEND_SOURCES = len(PALETTE)
SUBTYPE_MARKERS = {
    "sent": "o",
    "planned": "*",
    "withdrawn": "p",
    "killed": "X",
    "wounded": "h",
    "killed_or_wounded": "D",
    "captured": "s",
    "missing": "P",
}
EVIDENCE_PREVIEW = 400
FADE_SLICES = 16
OPEN_COUNT_STUB = 1.6  # how far an open count bound is drawn past the known one (log scale)
LABEL_CHARS = 34
RC = {"font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 10, "svg.hashsalt": "timeline"}


@dataclass(frozen=True)
class _Box:
    """One claim drawn on the chart: its period and count range, with the open sides marked."""

    x0: float
    x1: float
    open_start: bool
    open_end: bool
    count_min: int | None
    count_max: int | None
    colour: str
    marker: str


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _tail(con: duckdb.DuckDBPyConnection, sql: str, limit: int) -> tuple[list[dict], int]:
    """The last `limit` rows of a view's own order (the latest periods), and how many it has in all."""
    (total,) = con.execute(f"select count(*) from ({sql})").fetchone()
    return _rows(con, f"{sql} limit ? offset ?", [limit, max(0, total - limit)]), total


def _safe_url(url: str | None) -> str | None:
    """The url if it is a plain http(s) link with a host, else None (it is then shown as text)."""
    if not url:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return None
    return text


def _count_label(count_min: int | None, count_max: int | None) -> str:
    if count_min is None and count_max is None:
        return "no count"
    if count_max is None:
        return f"≥ {count_min:,}"
    if count_min is None:
        return f"≤ {count_max:,}"
    if count_min == count_max:
        return f"{count_min:,}"
    return f"{count_min:,}–{count_max:,}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_colours(events: list[dict]) -> tuple[dict[str, str], int]:
    """A colour per source (sorted by name); past the palette, the rarest share one grey. Returns (map, others)."""
    counts = Counter(e["source"] for e in events if e["source"])
    named = sorted(counts, key=lambda s: (-counts[s], s.casefold(), s))
    kept = sorted(named[:MAX_LEGEND_SOURCES], key=lambda s: (s.casefold(), s))
    colours = {s: PALETTE[i] for i, s in enumerate(kept)}
    others = 0
    for s in named[MAX_LEGEND_SOURCES:]:
        colours[s] = OTHER_COLOUR
        others += 1
    return colours, others


def _colour(colours: dict[str, str], source: str | None) -> str:
    return colours.get(source, OTHER_COLOUR) if source else UNATTRIBUTED_COLOUR


def _x_range(events: list[dict]) -> tuple[float, float]:
    days = [d for e in events for d in (e["period_start"], e["period_end"], e["reported_date"]) if d]
    if not days:
        days = [d for e in events for d in (e["published"],) if d] or [date(2000, 1, 1)]
    lo, hi = min(days), max(days) + timedelta(days=1)
    pad = max(3.0, (hi - lo).days * 0.04)
    return mdates.date2num(lo) - pad, mdates.date2num(hi) + pad


def _box(event: dict, xlim: tuple[float, float], colours: dict[str, str]) -> _Box:
    start, end = event["period_start"], event["period_end"]
    min_width = max(1.0, (xlim[1] - xlim[0]) * 0.004)  # a one-day claim stays visible on a long axis
    x0 = mdates.date2num(start) if start else xlim[0]
    x1 = mdates.date2num(end + timedelta(days=1)) if end else xlim[1]
    return _Box(
        x0=x0,
        x1=max(x1, x0 + min_width),
        open_start=start is None,
        open_end=end is None,
        count_min=event["count_min"],
        count_max=event["count_max"],
        colour=_colour(colours, event["source"]),
        marker=SUBTYPE_MARKERS.get(event["subtype"], "o"),
    )


def _y_range(boxes: list[_Box]) -> tuple[float, float]:
    values = []
    for b in boxes:
        values += [max(v, 0.5) for v in (b.count_min, b.count_max) if v is not None]
        if b.count_max is None and b.count_min is not None:
            values.append(max(b.count_min, 0.5) * OPEN_COUNT_STUB)
        if b.count_min is None and b.count_max is not None:
            values.append(max(b.count_max / OPEN_COUNT_STUB, 0.5))
    if not values:
        return 1.0, 100.0
    return min(values) / 1.8, max(values) * 1.8


class _Layer:
    """Everything one axes draws, gathered so that it is drawn as a few collections (fast, same order)."""

    def __init__(self) -> None:
        self.rects: list[tuple[list[tuple[float, float]], tuple]] = []
        self.lines: list[tuple[list[tuple[float, float]], tuple, float, object]] = []
        self.marks: dict[tuple[str, bool], list[tuple[float, float, tuple]]] = {}

    def rect(self, x0: float, x1: float, lo: float, hi: float, rgba: tuple) -> None:
        self.rects.append(([(x0, lo), (x1, lo), (x1, hi), (x0, hi)], rgba))

    def line(
        self, xs: tuple[float, float], ys: tuple[float, float], rgba: tuple, width: float, style="-"
    ) -> None:
        self.lines.append((list(zip(xs, ys, strict=True)), rgba, width, style))

    def mark(self, x: float, y: float, marker: str, rgba: tuple, is_claim: bool) -> None:
        self.marks.setdefault((marker, is_claim), []).append((x, y, rgba))

    def draw(self, ax) -> None:
        if self.rects:
            ax.add_collection(
                PolyCollection(
                    [v for v, _ in self.rects],
                    facecolors=[c for _, c in self.rects],
                    edgecolors="none",
                    zorder=2,
                ),
                autolim=False,
            )
        if self.lines:
            ax.add_collection(
                LineCollection(
                    [seg for seg, *_ in self.lines],
                    colors=[c for _, c, _, _ in self.lines],
                    linewidths=[w for *_, w, _ in self.lines],
                    linestyles=[st for *_, st in self.lines],
                    capstyle="butt",
                    zorder=3,
                ),
                autolim=False,
            )
        for (marker, is_claim), points in sorted(self.marks.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            ax.scatter(
                [x for x, _, _ in points],
                [y for _, y, _ in points],
                c=[c for *_, c in points],
                marker=marker,
                s=49 if is_claim else 36,
                edgecolors="black" if is_claim else "none",
                linewidths=0.6 if is_claim else 0,
                zorder=5 if is_claim else 4,
                clip_on=False,
                plotnonfinite=False,
            )


def _open_arrows(layer: _Layer, b: _Box, y: float) -> None:
    faded = to_rgba(b.colour, 0.5)
    if b.open_start:
        layer.mark(b.x0, y, "<", faded, is_claim=False)
    if b.open_end:
        layer.mark(b.x1, y, ">", faded, is_claim=False)


def _claim_mark(layer: _Layer, b: _Box, y: float) -> None:
    """The claim's mark (shape = subtype) at the known end of its period: the end, else the start."""
    x = b.x0 if b.open_end and not b.open_start else b.x1
    layer.mark(x, y, b.marker, to_rgba(b.colour), is_claim=True)


def _fade_weights(b: _Box) -> list[tuple[float, float, float]]:
    """(x0, x1, weight) slices of a box: one solid slice, or fading towards an open side of the period."""
    if b.open_start and b.open_end:
        return [(b.x0, b.x1, 0.35)]
    if not (b.open_start or b.open_end):
        return [(b.x0, b.x1, 1.0)]
    width = (b.x1 - b.x0) / FADE_SLICES
    out = []
    for i in range(FADE_SLICES):
        t = (i + 0.5) / FADE_SLICES  # 0 at the open edge, 1 at the known end
        x = b.x0 + i * width if b.open_start else b.x1 - (i + 1) * width
        out.append((x, x + width, t * t))
    return out


def _draw_counted(ax, boxes: list[_Box]) -> None:
    layer = _Layer()
    for b in boxes:
        exact = b.count_min is not None and b.count_min == b.count_max
        lo = b.count_min if b.count_min is not None else b.count_max / OPEN_COUNT_STUB
        hi = b.count_max if b.count_max is not None else b.count_min * OPEN_COUNT_STUB
        lo = max(lo, 0.5)
        hi = max(hi, lo)
        if exact:
            lo, hi = lo / 1.05, hi * 1.05  # an exact figure: a thin band, still a span of time
        for x0, x1, w in _fade_weights(b):
            layer.rect(x0, x1, lo, hi, to_rgba(b.colour, 0.22 * w))
            for y, known in ((lo, b.count_min is not None), (hi, b.count_max is not None)):
                style = "-" if known else (0, (2, 2))
                layer.line((x0, x1), (y, y), to_rgba(b.colour, w), 1.4 if known else 0.9, style)
        for x, is_open in ((b.x0, b.open_start), (b.x1, b.open_end)):
            if not is_open:
                layer.line((x, x), (lo, hi), to_rgba(b.colour), 1.4)
        mid_x = b.x1 - 0.5 * min(b.x1 - b.x0, 20.0) if b.open_start else (b.x0 + b.x1) / 2
        if b.count_max is None:  # "at least": an arrow up from the known lower bound
            layer.mark(mid_x, hi, "^", to_rgba(b.colour), is_claim=False)
        if b.count_min is None:  # "at most": an arrow down from the known upper bound
            layer.mark(mid_x, lo, "v", to_rgba(b.colour), is_claim=False)
        if b.count_min is not None and b.count_max is not None:
            y = math.sqrt(lo * hi)
        else:
            y = lo if b.count_max is None else hi
        _open_arrows(layer, b, y)
        _claim_mark(layer, b, y)
    layer.draw(ax)


def _stack(boxes: list[_Box]) -> list[int]:
    """A row per box so that boxes on one row do not overlap in time (first fit, in the given order)."""
    ends: list[float] = []
    rows = []
    for b in boxes:
        for i, end in enumerate(ends):
            if b.x0 > end + 1.0:
                ends[i] = b.x1
                rows.append(i)
                break
        else:
            ends.append(b.x1)
            rows.append(len(ends) - 1)
    return rows


def _draw_uncounted(ax, boxes: list[_Box]) -> None:
    layer = _Layer()
    rows = _stack(boxes)
    for b, row in zip(boxes, rows, strict=True):
        for x0, x1, w in _fade_weights(b):
            layer.line((x0, x1), (row, row), to_rgba(b.colour, 0.6 * w), 5.0)
        _open_arrows(layer, b, row)
        _claim_mark(layer, b, row)
    ax.set_ylim(max(rows, default=0) + 0.8, -0.8)
    layer.draw(ax)
    ax.set_yticks([])
    ax.set_ylabel("no count", rotation=0, ha="right", va="center", fontsize=8, color="#444444")


def _empty_chart(fig: Figure) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.55,
        "No events in the warehouse yet",
        ha="center",
        va="center",
        fontsize=20,
        color="#444444",
    )
    ax.text(
        0.5,
        0.45,
        "Run `timeline run` on a folder of articles, then `timeline report`.",
        ha="center",
        va="center",
        fontsize=12,
        color="#777777",
    )


def _legend(fig: Figure, events: list[dict], colours: dict[str, str], others: int) -> None:
    handles = []
    for source in sorted(
        {s for s, c in colours.items() if c != OTHER_COLOUR}, key=lambda s: (s.casefold(), s)
    ):
        handles.append(Patch(facecolor=colours[source], edgecolor=colours[source], label=_short(source)))
    if others:
        handles.append(Patch(facecolor=OTHER_COLOUR, edgecolor=OTHER_COLOUR, label=f"{others} other sources"))
    if any(not e["source"] for e in events):
        handles.append(
            Patch(facecolor=UNATTRIBUTED_COLOUR, edgecolor=UNATTRIBUTED_COLOUR, label=UNATTRIBUTED)
        )
    src = fig.legend(
        handles=handles,
        title="source",
        loc="upper left",
        bbox_to_anchor=(0.795, 0.89),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        alignment="left",
    )
    subtypes = sorted(
        {e["subtype"] for e in events if e["subtype"]}, key=lambda s: (list(SUBTYPE_MARKERS) + [s]).index(s)
    )
    marks = [
        Line2D(
            [],
            [],
            marker=SUBTYPE_MARKERS.get(s, "o"),
            color="#666666",
            markeredgecolor="black",
            markeredgewidth=0.6,
            linestyle="none",
            markersize=7,
            label=s.replace("_", " "),
        )
        for s in subtypes
    ]
    fig.add_artist(src)
    fig.legend(
        handles=marks,
        title="what (mark at the period end)",
        loc="lower left",
        bbox_to_anchor=(0.795, 0.08),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        alignment="left",
    )


def _draw_chart(events: list[dict]) -> bytes:
    # matplotlib's defaults, not the user's matplotlibrc: the same rows always give the same bytes
    with matplotlib.style.context(["default", RC]):
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        if not events:
            _empty_chart(fig)
        else:
            _draw_lanes(fig, events)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _draw_lanes(fig: Figure, events: list[dict]) -> None:
    colours, others = _source_colours(events)
    xlim = _x_range(events)
    panels: list[tuple[str, str, str, list[_Box], list[_Box]]] = []
    for event_type, title, unit in LANES:
        mine = [e for e in events if e["event_type"] == event_type]
        counted = [
            _box(e, xlim, colours) for e in mine if e["count_min"] is not None or e["count_max"] is not None
        ]
        uncounted = [
            _box(e, xlim, colours) for e in mine if e["count_min"] is None and e["count_max"] is None
        ]
        panels.append((event_type, title, unit, counted, uncounted))
    ratios = []
    for *_, uncounted in panels:
        ratios += [4.0, 0.5 + 0.28 * max(_stack(uncounted), default=0)] if uncounted else [4.0]
    grid = fig.add_gridspec(
        len(ratios), 1, height_ratios=ratios, left=0.075, right=0.78, top=0.875, bottom=0.065, hspace=0.22
    )
    axes = []
    slot = 0
    for _event_type, title, unit, counted, uncounted in panels:
        ax = fig.add_subplot(grid[slot], sharex=axes[0] if axes else None)
        axes.append(ax)
        slot += 1
        ax.set_yscale("log")
        ylim = _y_range(counted)
        ax.set_ylim(*ylim)
        ax.set_xlim(*xlim)
        ax.grid(True, which="major", color="#e5e5e5", linewidth=0.7)
        ax.set_axisbelow(True)
        ax.set_ylabel(f"{unit} (log scale)")
        n = len(counted) + len(uncounted)
        ax.set_title(f"{title} ({n})", loc="left", fontweight="bold")
        if counted:
            _draw_counted(ax, counted)
        else:
            ax.text(
                0.5,
                0.5,
                f"no {title.lower()} with a count",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="#777777",
            )
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(
            ticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}" if v >= 1 else f"{v:g}")
        )
        ax.yaxis.set_minor_locator(ticker.NullLocator())
        if uncounted:
            strip = fig.add_subplot(grid[slot], sharex=axes[0])
            axes.append(strip)
            slot += 1
            strip.grid(True, axis="x", color="#e5e5e5", linewidth=0.7)
            strip.set_axisbelow(True)
            _draw_uncounted(strip, uncounted)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    for ax in axes:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelbottom=ax is axes[-1])
    fig.suptitle(
        "Deployments and casualty claims over time", x=0.075, ha="left", fontsize=13, fontweight="bold"
    )
    fig.text(
        0.075,
        0.925,
        "Each box is one claim: its width is the period it refers to, its height the count range. "
        "Fading, dashed edges and arrows mark an open bound (until / since, at least / at most).",
        fontsize=8.5,
        color="#444444",
    )
    _legend(fig, events, colours, others)


def _present(event: dict) -> dict:
    """An event as the template shows it."""
    evidence = event["evidence"] or ""
    return {
        **event,
        "count_label": _count_label(event["count_min"], event["count_max"]),
        "safe_url": _safe_url(event["url"]),
        "evidence_preview": evidence if len(evidence) <= EVIDENCE_PREVIEW else None,
        "evidence_short": _short(evidence, EVIDENCE_PREVIEW),
        "subtype_label": (event["subtype"] or "").replace("_", " "),
    }


def _articles(events: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e in events:
        out.setdefault(
            e["doc_id"],
            {
                "doc_id": e["doc_id"],
                "title": e["title"],
                "publisher": e["publisher"],
                "published": e["published"],
                "safe_url": _safe_url(e["url"]),
                "url": e["url"],
            },
        )
    return out


def _present_claim(claim: dict, articles: dict[str, dict]) -> dict:
    doc_ids = [d for d in (claim["doc_ids"] or "").split(";") if d]
    return {
        **claim,
        "count_label": _count_label(claim["count_min"], claim["count_max"]),
        "subtype_label": (claim["subtype"] or "").replace("_", " "),
        "articles": [
            articles.get(d, {"doc_id": d, "title": None, "safe_url": None, "url": None}) for d in doc_ids
        ],
    }


def _render_html(context: dict) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE).render(**context)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_report(con: duckdb.DuckDBPyConnection, exports: Path, max_rows: int = MAX_ROWS) -> dict[str, Path]:
    """Write timeline.png (the chart) and report.html (chart, tables, claims; self-contained) into `exports`.

    Each table and chart lane holds the `max_rows` latest rows (by period) and says so when there
    are more; the counts in the header are over everything in the warehouse.
    """
    deployments, n_deployments = _tail(con, DEPLOYMENTS_SQL, max_rows)
    casualties, n_casualties = _tail(con, CASUALTIES_SQL, max_rows)
    claims, n_claims = _tail(con, CLAIMS_SQL, max_rows)
    events = deployments + casualties
    png = _draw_chart(events)
    articles = _articles(events)
    event_count, article_count, source_count, first_published, last_published = con.execute(
        TOTALS_SQL
    ).fetchone()
    html = _render_html(
        {
            "chart_uri": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            "chart_width": round(FIGSIZE[0] * DPI),
            "chart_height": round(FIGSIZE[1] * DPI),
            "deployments": [_present(e) for e in deployments],
            "casualties": [_present(e) for e in casualties],
            "claims": [_present_claim(c, articles) for c in claims],
            "totals": {"deployments": n_deployments, "casualties": n_casualties, "claims": n_claims},
            "event_count": event_count,
            "article_count": article_count,
            "source_count": source_count,
            "first_published": first_published,
            "last_published": last_published,
        }
    )
    exports.mkdir(parents=True, exist_ok=True)
    paths = {"timeline.png": exports / "timeline.png", "report.html": exports / "report.html"}
    _write_atomic(paths["timeline.png"], png)
    _write_atomic(paths["report.html"], html.encode("utf-8"))
    return paths
