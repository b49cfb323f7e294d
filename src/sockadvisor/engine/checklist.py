"""What to look for in any shop: the sock attributes that score highest under the rules.

No catalog: the engine builds candidate socks from the attribute space (every length,
cushion, compression class, reinforcement, construction feature, and fibre blends of each
fibre) and maximises the rules' score one attribute at a time until nothing improves
(coordinate ascent): docs/user-guide.md#checklist-what-to-look-for-in-any-shop. So the
checklist follows the rules: change a rule and it changes. Returns data; never prints.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import SCHEMA_VERSION, Checklist, ChecklistItem, ReasonPoints
from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone
from sockadvisor.engine import advice
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule

# The classes makers sell (sigvaris.com), each graduated or flat; None: no compression.
CLASSES = ((8, 15), (15, 20), (20, 30), (30, 40))
_CALF_SIZE = {
    "label": "M",
    "shoe_eu": {"min": 39, "max": 42},
    "calf_cm": {"min": 33, "max": 38},
    "ankle_cm": {"min": 20, "max": 23},
}

MEASUREMENTS = (
    "Calf: at its widest, in cm, in the morning, standing; both legs, use the larger.",
    "Ankle: at its narrowest, just above the ankle bone, in cm, the same way.",
    "Shoe size: the size of your running shoes (EU, US or UK); for ultras, the size you "
    "race in, as feet swell.",
)


def _blends() -> list[dict[str, int]]:
    """Each fibre as the main fibre, with a touch or a compression share of elastane, and
    blended with nylon (as merino and olefin socks are)."""
    out: list[dict[str, int]] = []
    for fibre in Fibre:
        if fibre in (Fibre.elastane, Fibre.silver):
            continue
        for stretch in (3, 15):
            out.append({fibre.value: 100 - stretch, "elastane": stretch})
        if fibre is not Fibre.nylon:
            out.append({fibre.value: 60, "nylon": 37, "elastane": 3})
    return out


def _dimensions(profile: RunnerProfile) -> dict[str, list[dict[str, Any]]]:
    """The attribute space: each attribute's candidate values as product fields."""
    compression: list[dict[str, Any]] = [{"compression": None}]
    if not profile.conditions:  # with a condition compression is for a clinician to choose
        compression += [
            {"compression": {"min_mmhg": a, "max_mmhg": b, "graduated": g}}
            for (a, b), g in itertools.product(CLASSES, (True, False))
        ]
    zones = [
        {"reinforcement": [z.value for z in subset]}
        for n in range(len(Zone) + 1)
        for subset in itertools.combinations(Zone, n)
    ]
    lengths = [profile.length] if profile.length is not None else list(Length)
    blends = [b for b in _blends() if not any(f.value in b for f in profile.exclude_materials)] or [
        {"nylon": 100}
    ]
    return {
        "compression": compression,
        "length": [{"length": x.value} for x in lengths],
        "cushion": [{"cushion": c.value} for c in Cushion],
        "materials": [{"materials": b} for b in blends],
        "reinforcement": zones,
        "seamless_toe": [{"seamless_toe": v} for v in (True, False)],
        "mesh_ventilation": [{"mesh_ventilation": v} for v in (True, False)],
        "toe_socks": [{"toe_socks": v} for v in (False, True)],
    }


def _product(choice: dict[str, dict[str, Any]]) -> Product:
    data: dict[str, Any] = {"sku": "CHECKLIST", "brand": "any", "name": "what to look for"}
    data["price"] = 1.0
    for fields in choice.values():
        data.update(fields)
    data["sizes"] = (
        [_CALF_SIZE]
        if data.get("compression")
        else [{"label": "M", "shoe_eu": {"min": 39, "max": 42}}]
    )
    return Product.model_validate(data)


def _words(attribute: str, fields: dict[str, Any]) -> str:
    value = next(iter(fields.values()))
    if attribute == "compression":
        if value is None:
            return "none"
        kind = "graduated" if value["graduated"] else "flat"
        return f"{value['min_mmhg']}-{value['max_mmhg']} mmHg, {kind}"
    if attribute == "materials":
        return ", ".join(f"{f} {p}%" for f, p in value.items())
    if attribute == "reinforcement":
        return ", ".join(value) or "none needed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def checklist(rules: Sequence[CompiledRule], profile: RunnerProfile) -> Checklist:
    """The attribute values that score highest for the profile, each with its reasons."""
    active = engine.applicable(rules, profile)
    space = _dimensions(profile)

    def score(c: dict[str, dict[str, Any]]) -> float:
        return engine.rank_score(_product(c), active, RunnerProfile())

    choice = {name: values[0] for name, values in space.items()}
    for _ in range(4):  # coordinate ascent; ties keep the earlier (plainer) value
        changed = False
        for name, values in space.items():
            best = max(values, key=lambda v: (score({**choice, name: v}), -values.index(v)))
            if best != choice[name]:
                choice[name], changed = best, True
        if not changed:
            break
    best_product = _product(choice)
    terms = engine.terms_for(best_product, active)
    items = []
    for name, values in space.items():
        # The rules this attribute moves: their degree differs across its values.
        degrees = [tuple(c.test(_product({**choice, name: v})) for c in active) for v in values]
        moved = {active[i].id for i in range(len(active)) if len({d[i] for d in degrees}) > 1}
        scores = {score({**choice, name: v}) for v in values}
        reasons = [
            ReasonPoints(
                rule=t.rule, kind=t.kind, points=t.points, because=t.because, source=t.source
            )
            for t in terms
            if t.rule in moved and t.kind != "shortfall"
        ]
        items.append(
            ChecklistItem(
                attribute=name,
                value="any" if len(scores) == 1 else _words(name, choice[name]),
                reasons=reasons,
            )
        )
    return Checklist(
        schema_version=SCHEMA_VERSION,
        profile=profile,
        score=sum(t.points for t in terms),
        items=items,
        measurements=list(MEASUREMENTS),
        warnings=[w for w in advice.profile_warnings(profile) if w.code == "see-clinician"],
    )
