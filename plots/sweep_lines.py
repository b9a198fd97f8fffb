#!/usr/bin/env python3
"""A one-parameter sweep: a metric against the swept parameter, one line per
option; with replicates, the mean with a band holding 95% of them.

Input: `backstop sweep ... --param NAME=LOW:HIGH:STEPS --out ROWS.csv` (its
sidecar ROWS.csv.json gives the footnote).
Example:
  backstop sweep scenarios/ukraine/baseline.yaml --param US.resolve=0:1:21 --replicates 50 --out sweep.csv
  /usr/bin/python3 plots/sweep_lines.py sweep.csv --out sweep
"""
from collections import defaultdict

import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "the sweep's rows (CSV)")
    p.add_argument("--param", help="the swept parameter (default: the sweep's only one)")
    p.add_argument("--metric", help="the metric column (default: the first after the parameters)")
    p.add_argument("--options", help="the options to draw, comma-separated (default: all; bands with 3 or fewer)")
    args = p.parse_args()
    side = bp.sidecar(args.input)
    axes = [a["parameter"] for a in side.get("axes", [])]
    param = args.param or (axes[0] if len(axes) == 1 else None)
    if not param:
        bp.fail(args.input, "say which parameter with --param (the sidecar names none, or several)")
    columns, rows = bp.read_csv(args.input, ["option", param])
    metrics = [c for c in columns if c.startswith("p_")]
    metric = args.metric or (metrics[0] if metrics else None)
    if not metric or metric not in columns:
        bp.fail(args.input, f"no metric column '{metric}'; the columns are {', '.join(columns)}")
    groups = defaultdict(lambda: defaultdict(list))
    labels = {}
    wanted = args.options.split(",") if args.options else None
    for r in rows:
        if wanted and r["option"] not in wanted:
            continue
        groups[r["option"]][bp.number(args.input, r, param)].append(bp.number(args.input, r, metric))
        labels[r["option"]] = r.get("label") or r["option"] or "(as written)"

    fig, ax = bp.figure(args)
    banded = False
    for i, (option, points) in enumerate(groups.items()):
        xs = sorted(points)
        stats = [bp.quantiles(points[x]) for x in xs]
        colour = bp.PALETTE[i % len(bp.PALETTE)]
        ax.plot(xs, [s[0] for s in stats], color=colour, lw=2, label=labels[option])
        if any(len(points[x]) > 1 for x in xs) and len(groups) <= bp.MAX_BANDS:
            ax.fill_between(xs, [s[1] for s in stats], [s[2] for s in stats], color=colour, alpha=0.15, lw=0)
            banded = True
    if metric.startswith("p_"):
        ax.set_ylim(-0.02, 1.02)
        bp.percent_axis(ax)
    ax.set_xlabel(param)
    ax.set_ylabel(metric + (" (mean over replicates)" if banded else ""))
    bp.title(ax, args.title or f"{side.get('scenario', '')}: {metric} as {param} moves")
    if not groups:
        bp.fail(args.input, f"no rows for the options {args.options}")
    bp.legend_outside(ax, fig)
    replicated = any(len(v) > 1 for pts in groups.values() for v in pts.values())
    extra = ("band: 95% of the replicates at each value" if banded else
             f"mean of the replicates (bands drawn for {bp.MAX_BANDS} options or fewer: --options)" if replicated else
             "one run per value, the others at nominal")
    bp.footnote(fig, side, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
