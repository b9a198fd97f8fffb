#!/usr/bin/env python3
"""The ceasefire over time: per option, the share of histories in which it
still holds after each period (the mean over draws), with a band holding 95%
of the draws; optionally NATO-Russia fighting by each period.

Input: `backstop dynamics SCENARIO --format json`.
Example:
  backstop dynamics scenarios/ukraine/baseline.yaml --format json --out dyn.json
  /usr/bin/python3 plots/survival.py dyn.json --out survival
"""
import backstop_plot as bp


def main():
    p = bp.parser(__doc__.splitlines()[0], "dynamics' JSON (--format json)")
    p.add_argument("--war", action="store_true", help="draw NATO-Russia fighting by each period instead")
    p.add_argument("--options", help="the options to draw, comma-separated (default: all)")
    args = p.parse_args()
    data = bp.read_json(args.input)
    if not isinstance(data, dict) or "options" not in data or "periods" not in data:
        bp.fail(args.input, "not the JSON of 'backstop dynamics' (no 'options' and 'periods')")
    wanted = args.options.split(",") if args.options else None
    key = "war" if args.war else "survival"
    fig, ax = bp.figure(args)
    drawn = 0
    shown = [o for o in data["options"] if not wanted or o["name"] in wanted]
    for o in data["options"]:
        if wanted and o["name"] not in wanted:
            continue
        series = o[key]
        periods = list(range(0, len(series) + 1))
        start = 0.0 if args.war else 1.0
        mean = [start] + [s["mean"] for s in series]
        low = [start] + [s["low"] for s in series]
        high = [start] + [s["high"] for s in series]
        colour = bp.PALETTE[drawn % len(bp.PALETTE)]
        ax.step(periods, mean, where="post", color=colour, lw=2, label=o["label"] or o["name"] or "(as written)")
        if len(shown) <= bp.MAX_BANDS:
            ax.fill_between(periods, low, high, step="post", color=colour, alpha=0.12, lw=0)
        drawn += 1
    if drawn == 0:
        bp.fail(args.input, f"none of the options {args.options} is in the file")
    ax.set_ylim(-0.02, 1.02)
    bp.percent_axis(ax)
    ax.set_xlabel("period")
    ax.set_ylabel(f"{data.get('war') if args.war else data.get('holds')}: " +
                  ("fighting by this period" if args.war else "ceasefire still holding"))
    bp.title(ax, args.title or f"{data['scenario']}: {'NATO-Russia fighting' if args.war else 'ceasefire survival'}")
    bp.legend_outside(ax, fig)
    band = (f"band: {data.get('interval', '95% of the draws')}" if len(shown) <= bp.MAX_BANDS else
            f"bands drawn for {bp.MAX_BANDS} options or fewer (--options)")
    extra = f"{data.get('concept', '')}; {data['draws']} draws x {data['histories']} histories; {band}"
    bp.footnote(fig, data, args.input, extra + (" · " + args.note if args.note else ""))
    bp.save(fig, args.out)


if __name__ == "__main__":
    main()
