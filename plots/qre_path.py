#!/usr/bin/env python3
"""The logit QRE path: how outcome probabilities (or metrics) move as actors
grow less noisy, from lambda = 0 (uniform play) to the equilibrium the branch
ends at. Lambda on a log scale.

Input: `backstop run SCENARIO --method qre --path --format json` (or compare's).
Example:
  backstop run scenarios/classics/chicken.yaml --method qre --path --format json --out path.json
  /usr/bin/python3 plots/qre_path.py path.json --out qre
"""
from collections import defaultdict

import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "the traced path's JSON (run or compare --method qre --path --format json)")
    p.add_argument("--what", choices=["outcomes", "metrics", "payoffs"], default="outcomes",
                   help="the quantities drawn (default: outcomes)")
    p.add_argument("--option", help="the option (default: the first in the file)")
    args = p.parse_args()
    data = bp.read_json(args.input)
    if not isinstance(data, dict) or "points" not in data or not data["points"]:
        bp.fail(args.input, "not a traced path (no 'points'): run with --method qre --path --format json")
    option = args.option if args.option is not None else data["points"][0]["option"]
    points = [pt for pt in data["points"] if pt["option"] == option]
    if not points:
        bp.fail(args.input, f"no points for option '{option}'")
    series = defaultdict(list)
    lambdas = []
    for pt in points:
        if pt["lambda"] <= 0:
            continue  # log scale: lambda 0 is the start, uniform play
        lambdas.append(pt["lambda"])
        for name, value in pt[args.what].items():
            series[name].append(value)

    fig, ax = bp.figure(args)
    styles = ["-", "--", "-.", ":"]
    for i, (name, values) in enumerate(series.items()):
        ax.plot(lambdas, values, lw=2, ls=styles[(i // len(bp.PALETTE)) % 4], label=name)
    ax.set_xscale("log")
    if args.what != "payoffs":
        ax.set_ylim(-0.02, 1.02)
        bp.percent_axis(ax)
    ax.set_xlabel("lambda (how little noise: 0 plays at random, large plays best replies)")
    ax.set_ylabel({"outcomes": "outcome probability", "metrics": "metric", "payoffs": "expected payoff"}[args.what])
    bp.title(ax, args.title or f"{data['scenario']}: the logit QRE path" + (f" ({option})" if option else ""))
    bp.legend_outside(ax, fig)
    extra = f"{data.get('concept', '')}; {len(points)} traced points; deterministic (no draws)"
    bp.footnote(fig, data, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
