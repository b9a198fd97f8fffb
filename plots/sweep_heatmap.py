#!/usr/bin/env python3
"""A two-parameter sweep as a heatmap: a metric (the mean over replicates)
over a grid of two parameters, for one option.

Input: `backstop sweep ... --param A=LOW:HIGH:N --param B=LOW:HIGH:M --out ROWS.csv`.
Example:
  backstop sweep scenarios/ukraine/baseline.yaml --option air_cover \\
      --param US.resolve=0:1:11 --param Russia.revisionist=0:1:11 --out grid.csv
  /usr/bin/python3 plots/sweep_heatmap.py grid.csv --out grid
"""
from collections import defaultdict

import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "the sweep's rows (CSV)")
    p.add_argument("--x", help="the parameter across (default: the sweep's first)")
    p.add_argument("--y", help="the parameter up (default: the sweep's second)")
    p.add_argument("--option", help="the option (default: the first in the rows)")
    p.add_argument("--metric", help="the metric column (default: the first)")
    args = p.parse_args()
    side = bp.sidecar(args.input)
    axes = [a["parameter"] for a in side.get("axes", [])]
    x = args.x or (axes[0] if len(axes) >= 2 else None)
    y = args.y or (axes[1] if len(axes) >= 2 else None)
    if not x or not y:
        bp.fail(args.input, "say which parameters with --x and --y (the sidecar names fewer than two)")
    columns, rows = bp.read_csv(args.input, ["option", x, y])
    metrics = [c for c in columns if c.startswith("p_")]
    metric = args.metric or (metrics[0] if metrics else None)
    if not metric or metric not in columns:
        bp.fail(args.input, f"no metric column '{metric}'; the columns are {', '.join(columns)}")
    option = args.option if args.option is not None else (rows[0]["option"] if rows else "")
    cells = defaultdict(list)
    label = option
    for r in rows:
        if r["option"] != option:
            continue
        label = r.get("label") or option
        cells[(bp.number(args.input, r, x), bp.number(args.input, r, y))].append(bp.number(args.input, r, metric))
    if not cells:
        bp.fail(args.input, f"no rows for option '{option}'")
    xs = sorted({k[0] for k in cells})
    ys = sorted({k[1] for k in cells})
    grid = [[sum(cells[(xv, yv)]) / len(cells[(xv, yv)]) if (xv, yv) in cells else float("nan") for xv in xs]
            for yv in ys]

    fig, ax = bp.figure(args)
    fig.subplots_adjust(right=0.88)
    def edges(v):
        if len(v) == 1:
            return [v[0] - 0.5, v[0] + 0.5]
        mids = [(a + b) / 2 for a, b in zip(v, v[1:])]
        return [v[0] - (mids[0] - v[0])] + mids + [v[-1] + (v[-1] - mids[-1])]
    probability = metric.startswith("p_")
    mesh = ax.pcolormesh(edges(xs), edges(ys), grid, cmap="cividis", vmin=0 if probability else None,
                         vmax=1 if probability else None, shading="flat")
    bar = fig.colorbar(mesh, ax=ax, fraction=0.05)
    bar.set_label(metric)
    if probability:
        from matplotlib.ticker import PercentFormatter
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    bp.title(ax, args.title or f"{label}: {metric}")
    reps = max(len(v) for v in cells.values())
    extra = f"option {option or '(as written)'}; " + (f"mean of {reps} replicates per cell" if reps > 1 else "one run per cell")
    bp.footnote(fig, side, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
