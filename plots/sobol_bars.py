#!/usr/bin/env python3
"""Which uncertain parameters matter: first- and total-order Sobol indices of
one quantity under one option, with bootstrap intervals, largest first.

Input: `backstop sensitivity SCENARIO --format json`.
Example:
  backstop sensitivity scenarios/ukraine/baseline.yaml --option air_cover --format json --out sens.json
  /usr/bin/python3 plots/sobol_bars.py sens.json --out sobol
"""
import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "sensitivity's JSON (--format json)")
    p.add_argument("--option", help="the option (default: the first in the file)")
    p.add_argument("--quantity", help="the metric or payoff (default: the first)")
    args = p.parse_args()
    data = bp.read_json(args.input)
    if not isinstance(data, dict) or "options" not in data or not data["options"]:
        bp.fail(args.input, "not the JSON of 'backstop sensitivity' (no 'options')")
    names = [o["option"] for o in data["options"]]
    option = args.option if args.option is not None else names[0]
    if option not in names:
        bp.fail(args.input, f"no option '{option}'; the options are {', '.join(names)}")
    quantities = data["options"][names.index(option)]["quantities"]
    quantity = args.quantity or next(iter(quantities))
    if quantity not in quantities:
        bp.fail(args.input, f"no quantity '{quantity}'; the quantities are {', '.join(quantities)}")
    q = quantities[quantity]
    items = sorted(q["indices"].items(), key=lambda kv: -kv[1]["total"])
    params = [k for k, _ in items]

    fig, ax = bp.figure(args)
    fig.subplots_adjust(left=0.3)
    y = list(range(len(params)))[::-1]
    h = 0.38
    for shift, key, colour, label in [(h / 2, "first", bp.PALETTE[0], "first order (alone)"),
                                      (-h / 2, "total", bp.PALETTE[1], "total (with interactions)")]:
        vals = [v[key] for _, v in items]
        lows = [max(0.0, v[key] - v[key + "_low"]) for _, v in items]
        highs = [max(0.0, v[key + "_high"] - v[key]) for _, v in items]
        ax.barh([yi + shift for yi in y], vals, height=h, color=colour, alpha=0.85, label=label,
                xerr=[lows, highs], error_kw={"ecolor": "#333333", "capsize": 3, "lw": 1})
    ax.set_yticks(y)
    ax.set_yticklabels(params)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_xlabel(f"share of the variance of {quantity} (variance {q['variance']:.3g})")
    bp.title(ax, args.title or f"What drives {quantity} under {option or '(as written)'}")
    ax.legend(fontsize=9, frameon=False, loc="lower right")
    extra = f"{data.get('method', 'Sobol indices')}; {data.get('samples')} samples, {data.get('runs')} runs; " \
            f"whiskers: 95% bootstrap intervals ({data.get('bootstrap')} resamples)"
    bp.footnote(fig, data, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
