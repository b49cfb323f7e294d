"""Wording shared by every text format: profile words, reasons, cards (see also words)."""

from __future__ import annotations

from typing import Any

from sockadvisor.domain.fields import FIELDS, Kind, ProfileField
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Recommendation, Scored, Term, by_points


def mmhg(product: Product) -> str:
    c = product.compression
    if c is None:
        return "none"
    return f"{c}{'' if c.graduated else ' (flat)'}"


def value_words(field: ProfileField, value: Any) -> str:
    """One profile value in words: 45 -> "45.00" for an amount, 38.0 -> "38"."""
    if isinstance(value, float):
        return f"{value:.2f}" if field.noun == "amount" else f"{value:g}"
    if isinstance(value, tuple):
        return "/".join(value_words(field, v) for v in value)
    return str(getattr(value, "value", value))


def profile_words(profile: RunnerProfile, use: bool = True) -> str:
    """The profile in a few words, field by field in the table's order."""
    words = []
    for field in FIELDS:
        value = getattr(profile, field.name)
        if field.name == "use" and not use:
            continue
        if field.kind is Kind.flag:
            words += [field.shown] if value else []
        elif value is None or value == ():
            if field.when and not field.alone and field.kind is not Kind.choices:
                # a class the runner did not give: say so (not a preference left unsaid)
                words.append(f"any {field.name}")
        elif field.name == "conditions":
            words += [c.description for c in value]
        else:
            words.append(field.shown.format(value_words(field, value)))
    return ", ".join(words)


KIND_WORDS = {
    "gain": "",
    "partial-gain": " (partly)",
    "shortfall": " (not met)",
    "penalty": " (penalty)",
    "penalty-avoided": " (penalty avoided)",
}


def term_words(term: Term) -> str:
    """A term as words that never state a property the sock lacks: an avoided penalty
    reads "avoids: <label>", a penalty "<label> (penalty)"."""
    if term.kind == "penalty-avoided":
        return f"avoids: {term.label}"
    return term.label + KIND_WORDS.get(term.kind, "")


def gains(item: Scored) -> str:
    """What the sock has that the rules prefer, most points first."""
    return "; ".join(term_words(t) for t in by_points(item.terms) if t.points > 0)


def concerns(item: Scored) -> str:
    """Penalties incurred, then preferences not met (avoid rules first)."""
    bad = sorted((t for t in item.terms if t.points < 0), key=lambda t: (not t.avoid, t.points))
    short = [t for t in item.terms if t.kind == "shortfall"]
    return "; ".join(term_words(t) for t in [*bad, *short])


def main_reasons(item: Scored) -> str:
    """The two rules that gave most ("(partly)" when in part), a penalty incurred, or
    where the sock fell shortest among the rest."""
    top = [t for t in by_points(item.terms) if t.points > 0][:2]
    best = [term_words(t) for t in top]
    penalties = sorted((t for t in item.terms if t.points < 0), key=lambda t: t.points)
    if penalties:
        return "; ".join(best + [f"penalty: {penalties[0].label}"])
    # A gain shown above, "(partly)" if partial, is not repeated as the shortfall.
    preferences = [t for t in item.terms if t.weight > 0 and t not in top]
    shortfalls = sorted(preferences, key=lambda t: t.points - t.max_points)
    worst = [t for t in shortfalls[:1] if t.max_points - t.points > 0.05]
    return "; ".join(best + [f"short on: {t.label}" for t in worst])


def nothing_matched(rec: Recommendation) -> str:
    counts: dict[str, int] = {}
    for excluded in rec.excluded:
        for reason in excluded.reasons:
            counts[reason.constraint] = counts.get(reason.constraint, 0) + 1
    by = ", ".join(f"{name} removed {n}" for name, n in counts.items())
    return (
        f"Nothing matched for: {profile_words(rec.profile)}. All {plural(len(rec.excluded))} "
        f"were removed ({by})."
    )


def plural(count: int, noun: str = "product") -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def card(product: Product) -> list[tuple[str, str]]:
    def yes_no(value: bool | None) -> str:
        return "unknown" if value is None else ("yes" if value else "no")

    c = product.compression
    compression = (
        "none" if c is None else (f"{c} mmHg, {'graduated' if c.graduated else 'not graduated'}")
    )
    return [
        ("Product", f"{product.brand} {product.name}"),
        ("Price", f"{product.price:.2f}"),
        ("Length", product.length.value),
        ("Compression", compression),
        ("Materials", ", ".join(f"{f.value} {v}%" for f, v in product.materials.items())),
        ("Cushion", product.cushion.value if product.cushion else "unknown"),
        ("Reinforced", ", ".join(z.value for z in product.reinforcement) or "none"),
        ("Seamless toe", yes_no(product.seamless_toe)),
        ("Toe socks", yes_no(product.toe_socks)),
        ("Mesh ventilation", yes_no(product.mesh_ventilation)),
        ("Sizes", "; ".join(size_text(s) for s in product.sizes)),
        *([("Notes", product.notes.strip())] if product.notes else []),
    ]


def size_text(size: Any) -> str:
    parts = [f"EU {size.shoe_eu}"] if size.shoe_eu is not None else []
    parts += [f"US {size.shoe_us}"] if size.shoe_us is not None else []
    parts += [f"UK {size.shoe_uk}"] if size.shoe_uk is not None else []
    if size.calf_cm:
        parts.append(f"calf {size.calf_cm} cm")
    if size.ankle_cm:
        parts.append(f"ankle {size.ankle_cm} cm")
    return f"{size.label} ({', '.join(parts)})"
