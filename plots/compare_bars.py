#!/usr/bin/env python3
"""Options compared: one bar per option for a metric at the nominal values,
with the mean over the draws (dot) and its 95% interval (whisker).

Input: `backstop compare SCENARIO --format json` (with draws, the default).
Example:
  backstop compare scenarios/ukraine/baseline.yaml --format json --out cmp.json
  /usr/bin/python3 plots/compare_bars.py cmp.json --out compare
"""
import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "compare's JSON (--format json)")
    p.add_argument("--metric", help="the metric (default: the first the options are ranked by)")
    args = p.parse_args()
    data = bp.read_json(args.input)
    if not isinstance(data, dict) or "options" not in data or "ranking" not in data:
        bp.fail(args.input, "not the JSON of 'backstop compare' (no 'options' and 'ranking')")
    options = data["options"]
    metrics = list(options[0]["metrics"].keys()) if options else []
    if not metrics:
        bp.fail(args.input, "the scenario declares no metrics")
    metric = args.metric or metrics[0]
    if metric not in metrics:
        bp.fail(args.input, f"no metric '{metric}'; the metrics are {', '.join(metrics)}")
    u = data.get("uncertainty") or {}
    spread = {o["name"]: o["metrics"][metric] for o in u.get("options", [])}
    order = [r["option"] for r in data["ranking"]]
    by_name = {o["name"]: o for o in options}
    labels = [by_name[n]["label"] or n or "(as written)" for n in order]
    values = [by_name[n]["metrics"][metric] for n in order]

    fig, ax = bp.figure(args)
    fig.subplots_adjust(left=0.3, right=0.78)
    y = list(range(len(order)))[::-1]
    ax.barh(y, values, color=[bp.PALETTE[i % len(bp.PALETTE)] for i in range(len(order))], alpha=0.8,
            label="nominal values")
    for yi, n in zip(y, order):
        s = spread.get(n)
        if s and s.get("mean") is not None:
            ax.errorbar(s["mean"], yi, xerr=[[s["mean"] - s["low"]], [s["high"] - s["mean"]]], fmt="o", color="black",
                        capsize=4, label="mean over draws, 95% interval" if yi == y[0] else None)
    ax.set_yticks(y)
    ax.set_yticklabels([bp.wrap(l, 34) for l in labels], fontsize=9)
    ax.set_xlim(0, 1)
    bp.percent_axis(ax, "x")
    ax.set_xlabel(f"{metric} (probability)")
    bp.title(ax, args.title or f"{data['scenario']}: {metric} by option")
    bp.legend_outside(ax, fig)
    meta = {"scenario": data["scenario"], "backstop": data.get("backstop"), "seed": u.get("seed")}
    extra = f"{options[0]['concept']}; ranked by {data.get('ranked_by', metric)}"
    if u:
        extra += f"; intervals: {u.get('interval', '')} over {u.get('draws')} draws"
    bp.footnote(fig, meta, args.input, (extra + (" · " + args.note if args.note else "")))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
