#!/usr/bin/env python3
"""A one-parameter sweep: a metric against the swept parameter, one line per
option; with replicates, the mean with a band holding 95% of them.

Input: `backstop sweep ... --param NAME=LOW:HIGH:STEPS --out ROWS.csv` (its
sidecar ROWS.csv.json gives the footnote).
Example:
  backstop sweep scenarios/ukraine/baseline.yaml --param US.resolve=0:1:21 --replicates 50 --out sweep.csv
  /usr/bin/python3 plots/sweep_lines.py sweep.csv --out sweep
"""
import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "the sweep's rows (CSV)")
    p.add_argument("--param", help="the swept parameter (default: the sweep's only one)")
    p.add_argument("--metric", help="the metric column (default: the first after the parameters)")
    p.add_argument("--options", help="the options to draw, comma-separated (default: all; bands with 3 or fewer)")
    args = p.parse_args()
    side, param, metric, groups, labels = bp.sweep_series(args.input, args.param, args.metric, args.options)

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
    bp.legend_outside(ax, fig)
    replicated = any(len(v) > 1 for pts in groups.values() for v in pts.values())
    extra = ("band: 95% of the replicates at each value" if banded else
             f"mean of the replicates (bands drawn for {bp.MAX_BANDS} options or fewer: --options)" if replicated else
             "one run per value, the others at nominal")
    bp.footnote(fig, side, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
