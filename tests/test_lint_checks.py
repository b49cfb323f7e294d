"""The lint checks (lint.checks): each on small YAML files, loaded as `catalog lint` loads
them, then the bundled data. Findings are shown as the terminal shows them (render.words)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from textwrap import dedent

import pytest

from sockadvisor.domain.fields import Kind
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.rules import Rule
from sockadvisor.domain.vocab import Climate, Length, Use
from sockadvisor.engine.compile import CompiledRule, When, compile_rules
from sockadvisor.lint import checks as lint
from sockadvisor.lint.reach import group_profiles
from sockadvisor.render import words
from sockadvisor.sources.catalog import (
    Documents,
    catalog_document,
    load_documents,
    load_rules,
    rules_document,
)
from sockadvisor.sources.yamlsource import parse

SIZES = "sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]"
CALF_SIZES = "sizes: [{label: M, shoe_eu: {min: 39, max: 42}, calf_cm: {min: 33, max: 38}}]"


def write(tmp_path: Path, catalog: str, rules: str) -> tuple[str, str]:
    c, r = tmp_path / "c.yaml", tmp_path / "r.yaml"
    c.write_text(dedent(catalog).lstrip("\n"), encoding="utf-8")
    r.write_text(dedent(rules).lstrip("\n"), encoding="utf-8")
    return str(c), str(r)


def run(
    tmp_path: Path, catalog: str, rules: str, code: str | None = None, top: int = 5
) -> list[str]:
    """The findings as lines, with the folder cut off; only `code`'s when given."""
    found = lint.lint(load_documents(*write(tmp_path, catalog, rules)), top)
    return [
        words.finding(f).replace(str(tmp_path) + "/", "")
        for f in found
        if code is None or f.code == code
    ]


def rule(id: str, prefer: str, weight: float, when: str | None = None) -> str:
    """One rule as YAML lines (5 or 6 lines), for a `rules:` list."""
    lines = [f"  - id: {id}"]
    if when is not None:
        lines.append(f"    when: {when}")
    lines += [
        f"    prefer: {prefer}",
        f"    weight: {weight:g}",
        "    because: A reason.",
        "    source: a source",
    ]
    return "\n".join(lines) + "\n"


KNEE = rule("knee", "{length: [knee_high]}", 2)


def test_findings_sort_by_file_line_col_then_code() -> None:
    f = lint.Finding("c.yaml", 3, 5, "never-top", "products[0] (A-1)", "never in the top 5")
    later = lint.Finding("c.yaml", 3, 5, "near-duplicate", "", "")
    assert sorted([f, later]) == [later, f]


def test_a_clean_pair_has_no_findings(tmp_path: Path) -> None:
    catalog = f"""
        title: Shop
        products:
          - {{sku: A-1, brand: B, name: N, price: 20, compression: null, length: crew, materials: {{nylon: 100}}, {SIZES}}}
          - {{sku: A-2, brand: B, name: N, price: 40, compression: {{min_mmhg: 15, max_mmhg: 20, graduated: true}}, length: knee_high, materials: {{nylon: 100}}, {CALF_SIZES}}}
        """  # noqa: E501
    assert run(tmp_path, catalog, "rules:\n" + KNEE) == []


def test_top_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="top"):
        lint.lint(load_documents(None, None), top=0)


# ---------------------------------------------------------------------------
# unknown-data

UNKNOWN_CATALOG = """
    title: Shop
    products:
      - sku: A-1
        brand: B
        name: Lacks cushion, mesh and seamless toe
        price: 20
        compression: null
        length: crew
        materials: {nylon: 100}
        sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]
      - sku: A-2
        brand: C
        name: Writes null, so the maker does not say
        price: 20
        compression: null
        length: crew
        materials: {nylon: 100}
        cushion: null
        mesh_ventilation: true
        sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]
      - sku: A-3
        brand: D
        name: Lacks seamless toe only
        price: 20
        compression: null
        length: knee_high
        materials: {nylon: 100}
        cushion: light
        mesh_ventilation: true
        sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]
    """


def test_unknown_data_names_the_fields_and_the_rules_that_read_them(tmp_path: Path) -> None:
    rules = (
        "rules:\n"
        + rule("light", "{cushion: [light]}", 2)
        + rule("mesh", "{has: [mesh_ventilation]}", 1)
        # settled by `length: crew` for crew socks, unknown for the knee-high
        + rule("seam", "{any: [{has: [seamless_toe]}, {length: [crew]}]}", 1)
        + rule("toes", "{has: [toe_socks]}", 1)  # toe_socks is never unknown
    )
    assert run(tmp_path, UNKNOWN_CATALOG, rules, "unknown-data") == [
        "c.yaml:3:5: products[0] (A-1): warning[unknown-data]: the catalog does not give "
        "cushion and mesh_ventilation, which rules light and mesh read, so they give this "
        "sock no points (unknown); add `cushion:` (one of none, ultra_light, light, medium, "
        "max) and `mesh_ventilation:` (true or false) from the maker's data, or write "
        "`cushion: null` and `mesh_ventilation: null` to record that the maker does not say",
        "c.yaml:21:5: products[2] (A-3): warning[unknown-data]: the catalog does not give "
        "seamless_toe, which rule seam reads, so it gives this sock no points (unknown); add "
        "`seamless_toe:` (true or false) from the maker's data, or write `seamless_toe: null` "
        "to record that the maker does not say",
    ]


def test_unknown_data_only_for_fields_that_rules_read(tmp_path: Path) -> None:
    rules = "rules:\n" + rule("toes", "{has: [toe_socks]}", 1) + KNEE
    assert run(tmp_path, UNKNOWN_CATALOG, rules, "unknown-data") == []


# ---------------------------------------------------------------------------
# near-duplicate


def test_near_duplicate_at_the_later_product_naming_the_first(tmp_path: Path) -> None:
    def sock(sku: str, brand: str = "Brand", price: float = 20, cushion: str = "light") -> str:
        return (
            f"  - {{sku: {sku}, brand: {brand}, name: Name {sku}, price: {price:g}, "
            "compression: null, length: crew, materials: {nylon: 80, elastane: 20}, "
            f"cushion: {cushion}, reinforcement: [heel, toe], seamless_toe: true, {SIZES}}}\n"
        )

    catalog = (
        "title: Shop\nproducts:\n"
        + sock("A-1")
        + sock("A-2", price=20.9)  # within 5% of A-1, another name: a near-duplicate
        + sock("A-3", price=22)  # more than 5% from
        + sock("A-4", brand="Other")
        + sock("A-5", cushion="medium")
        + sock("A-6", brand="BRAND", price=19.5)  # brand in another case: the same brand
        + "  - {sku: A-7, brand: Brand, name: N, price: 20, compression: null, length: crew,"
        " materials: {elastane: 20, nylon: 80}, cushion: light, reinforcement: [toe, heel],"
        " seamless_toe: true, toe_socks: false, notes: another chart,"
        " sizes: [{label: S, shoe_eu: {min: 36, max: 38}}]}\n"
    )
    rules = "rules:\n" + rule("light", "{cushion: [light]}", 1)
    assert run(tmp_path, catalog, rules, "near-duplicate") == [
        f"c.yaml:{line}:5: products[{i}] ({sku}): warning[near-duplicate]: the same as A-1 "
        "(line 3) in everything the rules and filters read (brand, compression, length, "
        "materials, cushion, reinforcement, toe and mesh), at a price within 5% "
        f"(20.00 and {price}), so the two always score the same and sit side by side in "
        "every ranking; merge them into one product, or correct the field that tells them "
        "apart"
        for line, i, sku, price in (
            (4, 1, "A-2", "20.90"),
            (8, 5, "A-6", "19.50"),
            (9, 6, "A-7", "20.00"),
        )
    ]


# ---------------------------------------------------------------------------
# size-gap, size-overlap

SIZE_CATALOG = """
    title: Shop
    products:
      - sku: K-1
        brand: B
        name: Knee
        price: 40
        compression: {min_mmhg: 15, max_mmhg: 20, graduated: true}
        length: knee_high
        materials: {nylon: 80, elastane: 20}
        sizes:
          - {label: S, shoe_eu: {min: 35, max: 38}, calf_cm: {min: 28, max: 33}, ankle_cm: {min: 18, max: 21}}
          - {label: M, shoe_eu: {min: 39, max: 42}, calf_cm: {min: 33, max: 37}, ankle_cm: {min: 20, max: 23}}
          - {label: L, shoe_eu: {min: 43, max: 45}, calf_cm: {min: 39, max: 43}, ankle_cm: {min: 22, max: 25}}
          - {label: XL, shoe_eu: {min: 44, max: 48}, calf_cm: {min: 40, max: 48}, ankle_cm: {min: 18, max: 21}}
      - sku: P-1
        brand: B
        name: Plain
        price: 15
        compression: null
        length: crew
        materials: {nylon: 80, elastane: 20}
        sizes:
          - {label: S, shoe_eu: {min: 34, max: 36}}
          - {label: M, shoe_eu: {min: 37, max: 39.5}}
          - {label: L, shoe_eu: {min: 40, max: 44}}
          - {label: XL, shoe_eu: {min: 44, max: 46}}
          - {label: XXL, shoe_eu: {min: 48, max: 50}}
    """  # noqa: E501


def test_size_gaps_and_overlaps_beyond_one_unit_at_the_later_row(tmp_path: Path) -> None:
    rules = "rules:\n" + KNEE
    fix = (
        "copy the maker's chart again (neighbouring sizes usually meet at one boundary, such "
        "as 33-38 then 38-43, or run on in whole numbers, such as 37-39 then 40-42)"
    )
    assert run(tmp_path, SIZE_CATALOG, rules) == [
        "c.yaml:13:58: products[0] (K-1).sizes[2].calf_cm: warning[size-gap]: size L "
        "(39-43 cm) starts 2 cm above the end of size M (33-37 cm), so a calf between 37 and "
        f"39 cm fits neither; {fix}",
        "c.yaml:14:59: products[0] (K-1).sizes[3].calf_cm: warning[size-overlap]: size XL "
        "(40-48 cm) starts 3 cm below the end of size L (39-43 cm), so a calf of 40-43 cm fits "
        f"both; {fix}",
        "c.yaml:14:89: products[0] (K-1).sizes[3].ankle_cm: warning[size-overlap]: size XL "
        "(18-21 cm) does not reach past the end of size L (22-25 cm): the sizes are out of "
        f"order, or a range is mistyped; {fix}",
        "c.yaml:27:31: products[1] (P-1).sizes[4].shoe_eu: warning[size-gap]: size XXL "
        "(48-50) starts 2 EU sizes above the end of size XL (44-46), so a shoe between 46 "
        f"and 48 fits neither; {fix}",
    ]


MAKER_COLUMNS = """
    title: Shop
    products:
      - sku: P-2
        brand: B
        name: Plain with the maker's US and UK columns
        price: 15
        compression: null
        length: crew
        materials: {nylon: 80, elastane: 20}
        sizes:
          - {label: S, shoe_eu: {min: 35, max: 38}, shoe_us: {min: 4, max: 5.5}, shoe_uk: {min: 3, max: 4.5}}
          - {label: M, shoe_eu: {min: 39, max: 42}, shoe_us: {min: 6, max: 9.5}, shoe_uk: {min: 2, max: 8.5}}
          - {label: L, shoe_eu: {min: 43, max: 46}, shoe_us: {min: 11, max: 12.5}, shoe_uk: {min: 9, max: 11.5}}
    """  # noqa: E501


def test_gaps_and_overlaps_in_the_makers_us_and_uk_columns(tmp_path: Path) -> None:
    found = [f for f in run(tmp_path, MAKER_COLUMNS, "rules:\n" + KNEE) if "[size-" in f]
    assert [f.split(": warning")[0] for f in found] == [
        "c.yaml:12:87: products[0] (P-2).sizes[1].shoe_uk",
        "c.yaml:13:58: products[0] (P-2).sizes[2].shoe_us",
    ]
    assert "size M (2-8.5) starts 2.5 UK sizes below the end of size S (3-4.5)" in found[0]
    assert "size L (11-12.5) starts 1.5 US sizes above the end of size M (6-9.5)" in found[1]


# ---------------------------------------------------------------------------
# rule-never-fires

TWO_SOCKS = f"""
    title: Shop
    products:
      - {{sku: A-1, brand: B, name: N, price: 20, compression: null, length: crew, materials: {{nylon: 100}}, cushion: light, mesh_ventilation: true, {SIZES}}}
      - {{sku: A-2, brand: C, name: N, price: 40, compression: {{min_mmhg: 15, max_mmhg: 20, graduated: true}}, length: knee_high, materials: {{nylon: 100}}, cushion: medium, mesh_ventilation: true, {CALF_SIZES}}}
    """  # noqa: E501


def test_rules_that_give_no_sock_any_points_never_fire(tmp_path: Path) -> None:
    rules = (
        "rules:\n"
        + rule("max-cushion", "{cushion: [max]}", 2)  # no sock: line 3
        + rule("any-length", "{length: [crew, knee_high]}", -1)  # every sock: line 8
        + rule("seam", "{has: [seamless_toe]}", 1)  # every sock unknown: line 13
        + rule("no-cotton", "{fibre_share: [cotton]}", -3)  # no sock to penalize: a guard
        + rule("crew-up", "{length_at_least: crew}", 1)  # every sock meets it: harmless
        + KNEE
    )
    assert run(tmp_path, TWO_SOCKS, rules, "rule-never-fires") == [
        "r.yaml:3:13: rules[0] (max-cushion).prefer: warning[rule-never-fires]: no sock in "
        "the catalog meets `prefer` (every degree is 0), so the rule gives no sock any points "
        "and only takes its share of the 100 from every score alike; loosen `prefer` so that "
        "some socks meet it, or delete the rule",
        "r.yaml:8:13: rules[1] (any-length).prefer: warning[rule-never-fires]: every sock in "
        "the catalog has all that the penalty's `prefer` describes (every degree is 1), so "
        "the rule gives no sock any points and only takes its share of the 100 from every "
        "score alike; narrow `prefer` so that some socks avoid it, or delete the rule",
        "r.yaml:13:13: rules[2] (seam).prefer: warning[rule-never-fires]: no sock in the "
        "catalog meets `prefer` (every degree is 0, or unknown for 2), so the rule gives no "
        "sock any points and only takes its share of the 100 from every score alike; loosen "
        "`prefer` so that some socks meet it, or delete the rule",
    ]


def test_a_when_that_holds_for_no_profile_never_fires(tmp_path: Path) -> None:
    # The language cannot say this today (lists are never empty), but the check is general.
    c, r = write(tmp_path, TWO_SOCKS, "rules:\n" + rule("never", "{length: [crew]}", 1, "{}"))
    catalog_doc, catalog = catalog_document(c)
    rules_doc, ruleset = rules_document(r)
    compiled = compile_rules(ruleset)
    nowhere = When((("distance", Kind.choice, frozenset()),))
    never = CompiledRule(dataclasses.replace(compiled[0].rule, when=nowhere), compiled[0].test)
    assert group_profiles([never]).masks == [0]
    found = lint.lint(Documents(catalog_doc, catalog, rules_doc, (never,)))
    assert [words.finding(f).replace(str(tmp_path) + "/", "") for f in found] == [
        "r.yaml:3:11: rules[0] (never).when: warning[rule-never-fires]: its `when` holds for "
        "no runner profile, so the rule never applies; loosen `when`, or delete the rule"
    ]


# ---------------------------------------------------------------------------
# rules-cancel


def test_rules_that_always_cancel_at_the_later_rule(tmp_path: Path) -> None:
    catalog = (
        dedent(TWO_SOCKS).rstrip()
        + "\n  - {sku: A-3, brand: D, name: N, price: 30, compression: {min_mmhg: 15, "
        "max_mmhg: 20, graduated: true}, length: crew, materials: {nylon: 100}, "
        f"cushion: light, mesh_ventilation: true, {CALF_SIZES}}}\n"
    )
    rules = (
        "rules:\n"
        + rule("firm", "{compressed: true}", 2, "{use: [run]}")  # line 2
        + rule("unfirm", "{compressed: true}", -2, "{use: [run]}")  # line 8: cancels firm
        + rule("firmer", "{compressed: true}", -3, "{use: [run]}")  # does not cancel
        + rule("hot-unfirm", "{compressed: true}", -2, "{use: [run], climate: [hot]}")
        + rule("crew", "{length: [crew]}", 1)  # line 26
        + rule("knee", "{length: [knee_high]}", 1)  # line 31: cancels crew
    )
    assert run(tmp_path, catalog, rules, "rules-cancel") == [
        "r.yaml:8:5: rules[1] (unfirm): warning[rules-cancel]: always cancels rule firm "
        "(line 2): they apply to the same profiles, and for every sock in the catalog their "
        "points add up to the same 0% of what the two can give, so together they never "
        "change a ranking; delete one of them, or change one so that they no longer mirror "
        "each other",
        "r.yaml:31:5: rules[5] (knee): warning[rules-cancel]: always cancels rule crew "
        "(line 26): they apply to the same profiles, and for every sock in the catalog their "
        "points add up to the same 50% of what the two can give, so together they never "
        "change a ranking; delete one of them, or change one so that they no longer mirror "
        "each other",
    ]


# ---------------------------------------------------------------------------
# never-top

NEVER_TOP_CATALOG = """
    title: Shop
    products:
      - {sku: C-1, brand: B1, name: N, price: 10, compression: null, length: crew, materials: {nylon: 100}, reinforcement: [heel, toe], mesh_ventilation: false, sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]}
      - {sku: C-2, brand: B2, name: N, price: 12, compression: null, length: crew, materials: {nylon: 100}, reinforcement: [heel, toe], mesh_ventilation: false, sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]}
      - {sku: C-3, brand: B3, name: N, price: 11, compression: null, length: crew, materials: {nylon: 100}, reinforcement: [heel], mesh_ventilation: true, sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]}
      - {sku: C-4, brand: B4, name: N, price: 13, compression: null, length: crew, materials: {nylon: 100}, reinforcement: [], mesh_ventilation: true, sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]}
      - {sku: K-1, brand: B5, name: N, price: 90, compression: null, length: knee_high, materials: {nylon: 100}, reinforcement: [], mesh_ventilation: false, sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]}
    """  # noqa: E501
NEVER_TOP_RULES = (
    "rules:\n"
    + rule("tough", "{reinforced: [heel, toe]}", 2)
    + rule("hot-mesh", "{has: [mesh_ventilation]}", 2, "{climate: [hot]}")
)


def test_never_top_with_best_rank_and_the_closest_profile(tmp_path: Path) -> None:
    # Mild: C-1 and C-2 tie on 100 (C-1 is cheaper), C-3 50, C-4 0. Hot: C-3 75, then
    # C-1, C-2 and C-4 tie on 50, by price. K-1 is alone in its length: always first.
    documents = load_documents(*write(tmp_path, NEVER_TOP_CATALOG, NEVER_TOP_RULES))
    (finding,) = [f for f in lint.lint(documents, top=2) if f.code == "never-top"]
    assert (finding.line, finding.col, finding.where) == (6, 5, "products[3] (C-4)")
    assert finding.message == (
        "never in the top 2 for any runner profile: at best rank 4 of the 4 crew socks; "
        "check its data, or drop it from the catalog"
    )
    assert finding.profile == RunnerProfile(use=Use.run, climate=Climate.hot, length=Length.crew)
    assert run(tmp_path, NEVER_TOP_CATALOG, NEVER_TOP_RULES, "never-top", top=2) == [
        "c.yaml:6:5: products[3] (C-4): warning[never-top]: never in the top 2 for any runner "
        "profile: at best rank 4 of the 4 crew socks; check its data, or drop it from the "
        "catalog (its best rank is for `recommend --use run --climate hot --length crew`)"
    ]


def test_never_top_a_tie_on_score_that_is_dearer_stays_out(tmp_path: Path) -> None:
    documents = load_documents(*write(tmp_path, NEVER_TOP_CATALOG, NEVER_TOP_RULES))
    found = [f for f in lint.lint(documents, top=1) if f.code == "never-top"]
    assert [(f.where, f.profile) for f in found] == [
        ("products[1] (C-2)", RunnerProfile(length=Length.crew)),
        ("products[3] (C-4)", RunnerProfile(climate=Climate.hot, length=Length.crew)),
    ]
    assert "at best rank 2 of the 4 crew socks;" in found[0].message
    assert all(f.code != "never-top" for f in lint.lint(documents, top=4))


# ---------------------------------------------------------------------------
# The bundled data


# The bundled catalog keeps socks a fitter must see ranked low (docs/catalog-format.md):
# cotton, bamboo, flat, firm (lint's profile space holds --wears-firm-compression, but
# 20-30 never beats 15-20), and sample socks that a close sibling always beats. Only
# never-top may flag them.
NEVER_TOP_BY_DESIGN = {
    "QRY-CR-COT", "QRY-QT-COT", "BMB-CR-01",  # cotton, bamboo
    "TUB-KH-FLAT", "BRC-CR-1520N",  # flat compression
    "CRN-KH-2030R", "HVN-KH-2000", "HVN-KH-2001", "HVN-KH-2002", "HVN-KH-3040",
    "LWA-KH-2030", "MRL-KH-2030", "MRL-KH-2530", "TRN-KH-2030",  # 20 mmHg and firmer
    "BRC-CR-1215", "BRC-KH-1520",  # a sibling always ranks above
}  # fmt: skip
# A cushion preference or a blister spot brings CRN-KH-1520C, DRP-CR-02, FJL-KH-1502,
# FJL-KH-1504, FJL-KH-1506, HVN-TR-0800, OTC-KH-PL1, TRN-CR-0815, TRN-KH-0815 and
# TRN-KH-1520 into a top 5 of their length, and QRY-CR-C30 (30% cotton, light cushion) to
# 5th of 25 crew socks for a half on groomed trail with --cushion light.


def test_the_bundled_catalog_and_rules_lint_clean_but_for_the_socks_meant_to_rank_low() -> None:
    findings = lint.lint(load_documents(None, None))
    assert {f.code for f in findings} == {"never-top"}
    assert {f.where.split("(")[1].rstrip(")") for f in findings} == NEVER_TOP_BY_DESIGN


def test_fields_read_walks_nested_tests() -> None:
    compiled = load_rules(None)
    reads = {c.id: lint.fields_read(c.rule.prefer) for c in compiled}
    assert reads["long-cushion"] == {"cushion"}
    assert reads["hot-mesh"] == {"mesh_ventilation"}
    assert reads["blister-toe-socks"] == frozenset()
    nested = Rule.model_validate(
        {
            "id": "nested",
            "prefer": {
                "not": {"all": [{"has": ["seamless_toe", "toe_socks"]}, {"cushion": ["max"]}]}
            },
            "weight": 1,
            "because": "b",
            "source": "s",
        }
    )
    assert lint.fields_read(nested.model_dump(by_alias=True)["prefer"]) == {
        "seamless_toe",
        "cushion",
    }
    assert lint.fields_read({"length": ["crew"]}) == frozenset()


def test_a_text_position_for_every_finding(tmp_path: Path) -> None:
    """Positions come from the YAML nodes: spot-check one against the text itself."""
    c, _ = write(tmp_path, SIZE_CATALOG, "rules:\n" + KNEE)
    doc = parse(c, Path(c).read_text(encoding="utf-8"))
    text_line = Path(c).read_text(encoding="utf-8").splitlines()[12]
    assert doc.position(("products", 0, "sizes", 2, "calf_cm")) == (
        13,
        text_line.index("calf_cm: ") + len("calf_cm: ") + 1,
    )
