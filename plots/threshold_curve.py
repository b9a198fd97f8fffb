#!/usr/bin/env python3
"""Where a metric crosses a target: the metric's mean over draws against one
parameter (from a sweep with replicates), the target as a line, and the
crossing marked; with `backstop threshold`'s JSON, its value and interval too.

Input: `backstop sweep ... --param NAME=LOW:HIGH:STEPS --replicates R --out ROWS.csv`
(and optionally `backstop threshold ... --format json`).
Example:
  backstop sweep scenarios/classics/deterrence_incomplete.yaml --param p_credible=0:1:41 --out s.csv
  /usr/bin/python3 plots/threshold_curve.py s.csv --metric p_deterred --target 0.5 --out threshold
"""
import backstop_plot as bp


def crossings(xs, ys, target):
    """Where the curve reaches the target, to the sweep's grid: the first
    value at or above it after one below (rising), or the last at or above it
    before one below (falling), as `backstop threshold` defines it."""
    found = []
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if y0 < target <= y1:
            found.append(x1)
        elif y1 < target <= y0:
            found.append(x0)
    return found


def main():
    p = bp.parser(__doc__.splitlines()[0], "the sweep's rows (CSV)")
    p.add_argument("--param", help="the swept parameter (default: the sweep's only one)")
    p.add_argument("--metric", help="the metric column (default: the first)")
    p.add_argument("--target", type=float, default=0.9, help="the level to reach (default 0.9)")
    p.add_argument("--options", help="the options to draw, comma-separated (default: all)")
    p.add_argument("--threshold", help="backstop threshold's JSON, to mark its answer")
    args = p.parse_args()
    side, param, metric, groups, labels = bp.sweep_series(args.input, args.param, args.metric, args.options)

    fig, ax = bp.figure(args)
    ax.axhline(args.target, color="#444444", ls="--", lw=1, label=f"target {args.target:g}")
    notes = []
    for i, (option, points) in enumerate(groups.items()):
        xs = sorted(points)
        ys = [sum(points[x]) / len(points[x]) for x in xs]
        colour = bp.PALETTE[i % len(bp.PALETTE)]
        ax.plot(xs, ys, color=colour, lw=2, label=labels[option])
        for c in crossings(xs, ys, args.target):
            ax.plot([c], [args.target], "o", color=colour, ms=8, mec="black")
            ax.annotate(f"{c:.3g}", (c, args.target), textcoords="offset points", xytext=(6, 8), fontsize=9,
                        color=colour)
            notes.append(f"{labels[option]}: {c:.3g}")
    if args.threshold:
        t = bp.read_json(args.threshold)
        if not isinstance(t, dict) or "threshold" not in t:
            bp.fail(args.threshold, "not the JSON of 'backstop threshold' (no 'threshold')")
        if t["threshold"] is not None:
            low, high = t.get("interval") or [t["threshold"], t["threshold"]]
            if high > low:
                ax.axvspan(low, high, color="#999999", alpha=0.2, lw=0)
            ax.axvline(t["threshold"], color="#666666", lw=1, ls=":",
                       label=f"backstop threshold: {t['threshold']:.3g} [{low:.3g}, {high:.3g}]")
            notes.append(f"threshold search: {t['threshold']:.4g} over {t.get('draws')} draws")
    ax.set_ylim(-0.02, 1.02)
    bp.percent_axis(ax)
    ax.set_xlabel(param)
    ax.set_ylabel(f"{metric} (mean over replicates)")
    bp.title(ax, args.title or f"{side.get('scenario', '')}: where {metric} reaches {args.target:g}")
    bp.legend_outside(ax, fig)
    extra = "reached at (to the sweep's grid): " + ("; ".join(notes) if notes else "none in the range")
    bp.footnote(fig, side, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
