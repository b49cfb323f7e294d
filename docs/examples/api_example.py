"""Rank the bundled sample catalog for one runner, from Python (docs/api.md)."""

import sockadvisor
from sockadvisor.errors import SockadvisorError


def main() -> int:
    try:
        advisor = sockadvisor.load()  # the bundled sample catalog and rules
        runner = sockadvisor.profile(distance="50k", terrain="technical", calf_cm=38)
    except (SockadvisorError, ValueError) as exc:
        print(exc)
        return 2
    result = sockadvisor.recommend(advisor, runner, top=3)
    for item in result.results:
        print(f"{item.rank}. {item.sku} {item.score:.1f} size {item.size}")
    why = sockadvisor.explain(advisor, result.results[-1].sku, runner)
    if why.against is not None:
        print(f"behind the top pick by {-why.against.score_difference:.1f} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
