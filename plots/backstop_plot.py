"""What the plot scripts share: arguments, reading our CSV and JSON by
column and key, a colour-blind-safe palette (Okabe and Ito), the footnote
naming the scenario, seed and backstop version, and saving PNG and SVG.

Run the scripts with Debian's Python (/usr/bin/python3), which has
matplotlib (python3-matplotlib); each has --help.
"""
import argparse
import csv
import json
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt  # noqa: E402

# Okabe and Ito's palette: told apart with any colour vision, and in grey.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
plt.rcParams.update({
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "figure.figsize": (10, 5.625),  # 16:9
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "backstop",  # the same input, the same SVG bytes
})


# Bands of more series than this hide each other: they are left out (say which options with --options).
MAX_BANDS = 3


def wrap(text, width):
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def title(ax, text):
    ax.figure.suptitle(wrap(text, 110), x=0.01, y=0.98, ha="left", va="top", fontsize=13)


def legend_outside(ax, fig):
    """The legend right of the axes, labels wrapped."""
    fig.subplots_adjust(right=0.74)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, [wrap(l, 30) for l in labels], fontsize=8, frameon=False, loc="center left",
              bbox_to_anchor=(1.01, 0.5))


def fail(where, message):
    """One line, `file:line:col: error: ...` (line and column 0 where there is none), exit 2."""
    print(f"{where}:0:0: error: {message}", file=sys.stderr)
    sys.exit(2)


def parser(description, input_help):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("input", help=input_help)
    p.add_argument("--out", required=True, help="where the picture goes: OUT.png and OUT.svg (OUT without extension)")
    p.add_argument("--title", help="the title (default: one made from the data)")
    p.add_argument("--note", default="", help="more words for the footnote")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150: 1500 x 844 pixels)")
    return p


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        fail(path, f"cannot read: {e.strerror}")
    except json.JSONDecodeError as e:
        print(f"{path}:{e.lineno}:{e.colno}: error: not JSON: {e.msg}", file=sys.stderr)
        sys.exit(2)


def read_csv(path, required):
    """The rows as dicts; every column in `required` must be there."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            columns = reader.fieldnames or []
            missing = [c for c in required if c not in columns]
            if missing:
                fail(path, f"no column {', '.join(repr(c) for c in missing)}; the columns are {', '.join(columns)}")
            return columns, list(reader)
    except OSError as e:
        fail(path, f"cannot read: {e.strerror}")


def number(path, row, column):
    try:
        return float(row[column])
    except (TypeError, ValueError):
        fail(path, f"column '{column}' holds '{row[column]}', not a number")


def sidecar(path):
    """A sweep's JSON sidecar (ROWS.csv.json), or {}."""
    side = path + ".json"
    return read_json(side) if os.path.exists(side) else {}


def footnote(fig, meta, source, extra=""):
    parts = [f"Scenario: {meta.get('scenario', '?')}"]
    if meta.get("seed") is not None:
        parts.append(f"seed {meta['seed']}")
    parts.append(f"backstop {meta.get('backstop', '?')}")
    parts.append(f"data: {os.path.basename(source)}")
    text = " · ".join(parts) + (f"\n{extra}" if extra else "")
    fig.text(0.01, 0.01, text, fontsize=8, color="#555555", ha="left", va="bottom", wrap=True)


def save(fig, out):
    os.makedirs(os.path.dirname(os.path.abspath(out)) or ".", exist_ok=True)
    fig.savefig(out + ".png", dpi=fig.dpi_for_png if hasattr(fig, "dpi_for_png") else 150)
    fig.savefig(out + ".svg", metadata={"Date": None})
    plt.close(fig)
    print(f"wrote {out}.png and {out}.svg")


def figure(args):
    fig, ax = plt.subplots(constrained_layout=False)
    fig.dpi_for_png = args.dpi
    fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=0.18)
    return fig, ax


def percent_axis(ax, axis="y"):
    from matplotlib.ticker import PercentFormatter
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0))


def quantiles(values, low=0.025, high=0.975):
    """Mean and the 2.5% and 97.5% quantiles (linear interpolation)."""
    v = sorted(values)
    n = len(v)

    def q(p):
        if n == 1:
            return v[0]
        x = p * (n - 1)
        i = int(x)
        return v[i] if i + 1 >= n else v[i] + (x - i) * (v[i + 1] - v[i])

    return sum(v) / n, q(low), q(high)


def sweep_series(path, param=None, metric=None, options=None):
    """A one-parameter sweep's rows, by option: the metric's values at each
    value of the parameter (several with replicates). `param` defaults to the
    sidecar's only axis, `metric` to the first probability column, `options`
    (comma-separated) to every option. Returns (sidecar, param, metric,
    {option: {value: [metric values]}}, {option: label})."""
    from collections import defaultdict
    side = sidecar(path)
    axes = [a["parameter"] for a in side.get("axes", [])]
    param = param or (axes[0] if len(axes) == 1 else None)
    if not param:
        fail(path, "say which parameter with --param (the sidecar names none, or several)")
    columns, rows = read_csv(path, ["option", param])
    metrics = [c for c in columns if c.startswith("p_")]
    metric = metric or (metrics[0] if metrics else None)
    if not metric or metric not in columns:
        fail(path, f"no metric column '{metric}'; the columns are {', '.join(columns)}")
    wanted = options.split(",") if options else None
    groups = defaultdict(lambda: defaultdict(list))
    labels = {}
    for r in rows:
        if wanted and r["option"] not in wanted:
            continue
        groups[r["option"]][number(path, r, param)].append(number(path, r, metric))
        labels[r["option"]] = r.get("label") or r["option"] or "(as written)"
    if not groups:
        fail(path, f"no rows for the options {options}")
    return side, param, metric, groups, labels
