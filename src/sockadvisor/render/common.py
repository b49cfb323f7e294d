"""Wording shared by every text format: profile words, reasons, cards, diagnoses."""

from __future__ import annotations

from typing import Any

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Diagnosis, Recommendation, Scored, WhatIf, by_points


def mmhg(product: Product) -> str:
    c = product.compression
    if c is None:
        return "none"
    return f"{c}{'' if c.graduated else ' (flat)'}"


def profile_words(profile: RunnerProfile, use: bool = True) -> str:
    words = [
        profile.distance.value if profile.distance else "any distance",
        profile.terrain.value if profile.terrain else "any terrain",
        *([profile.use.value] if use else []),
        profile.climate.value,
    ]
    if profile.new_to_compression:
        words.append("new to compression")
    if profile.blister_prone:
        words.append("blister-prone")
    if profile.budget is not None:
        words.append(f"budget {profile.budget:.2f}")
    if profile.exclude_materials:
        words.append("no " + "/".join(f.value for f in profile.exclude_materials))
    if profile.length is not None:
        words.append(f"{profile.length.value} only")
    for name, value in (("calf", profile.calf_cm), ("ankle", profile.ankle_cm)):
        if value is not None:
            words.append(f"{name} {value:g} cm")
    if profile.shoe_eu is not None:
        words.append(f"shoe EU {profile.shoe_eu:g}")
    words += [c.description for c in profile.conditions]
    return ", ".join(words)


def main_reasons(item: Scored) -> str:
    """The two rules that gave most, and the one where the sock fell shortest."""
    best = [t.label for t in by_points(item.terms) if t.weight > 0 and t.points > 0][:2]
    shortfalls = sorted(item.terms, key=lambda t: t.points - t.max_points)
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


def diagnosis_lines(diagnosis: Diagnosis) -> list[str]:
    if not diagnosis.relaxations:
        lines = ["No relaxation of your own constraints lets a sock through."]
    else:
        lines = ["Ways out (each the least you would have to relax):"]
    for relaxation in diagnosis.relaxations:
        what = " and ".join(c.label for c in relaxation.relax)
        best = relaxation.best
        lines.append(
            f"  relax {what}: {plural(relaxation.unlocks)}; best {best.sku} "
            f"({best.name}), score {best.score:.1f}, price {best.price:.2f}"
        )
    if diagnosis.blocked_by_safety:
        lines.append(
            f"{plural(diagnosis.blocked_by_safety)} removed for your safety; that is never relaxed."
        )
    lines.append("`sockadvisor explain SKU` shows why one product was removed.")
    return lines


def what_if_lines(what_if: WhatIf) -> list[str]:
    if what_if.current is None:
        effect, found = "gives you a pick", "the smallest changes that would give you a pick:"
    else:
        current = what_if.current.sku
        effect = f"changes the top pick, {current}"
        found = f"the smallest changes that replace the top pick, {current}:"
    if not what_if.changes:
        return [f"What if: no single change to your profile {effect}."]
    lines = [f"What if: {found}"]
    for change in what_if.changes:
        top = change.top
        lines.append(f"  {change.label}: {top.sku}, {top.name} (score {top.score:.1f})")
    return lines


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
    parts = [f"EU {size.shoe_eu}"]
    if size.calf_cm:
        parts.append(f"calf {size.calf_cm} cm")
    if size.ankle_cm:
        parts.append(f"ankle {size.ankle_cm} cm")
    return f"{size.label} ({', '.join(parts)})"
