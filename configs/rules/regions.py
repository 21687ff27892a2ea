"""primary_region: present in the seed checks (seed.py); here, a code Fly still offers."""

import re

from configs.rules.context import show
from configs.rules.findings import ERROR, WARNING
from configs.rules.registry import Problem, rule

# superfly/docs reference/regions (2026-08): the regions Fly offers today.
CURRENT_REGIONS = frozenset(
    [
        "ams",
        "arn",
        "bom",
        "cdg",
        "dfw",
        "ewr",
        "fra",
        "gru",
        "iad",
        "jnb",
        "lax",
        "lhr",
        "nrt",
        "ord",
        "sin",
        "sjc",
        "syd",
        "yyz",
    ]
)
# Removed from the docs as "to be deprecated" (superfly/docs#2270, 2025-10).
DEPRECATED_REGIONS = frozenset(
    [
        "atl",
        "bog",
        "bos",
        "den",
        "eze",
        "gdl",
        "gig",
        "hkg",
        "mad",
        "mia",
        "otp",
        "phx",
        "qro",
        "scl",
        "sea",
        "waw",
        "yul",
    ]
)
_REGION_CODE = re.compile(r"[a-z]{3}")


def _region(ctx) -> str | None:
    region = ctx.doc.get("primary_region")
    return region if isinstance(region, str) else None


@rule(
    "FLY152",
    ERROR,
    "Malformed region code",
    tags=("flyctl-misses", "regions"),
    why="Region codes are three lowercase letters; anything else (often a template placeholder "
    "such as {REGION}) fails when the first Machine or volume is created.",
    fix='Set primary_region to a region code such as "iad" or "fra" (fly platform regions).',
    example='primary_region = "{REGION}"',
)
def malformed_region(ctx):
    """primary_region that is not three lowercase letters."""
    region = _region(ctx)
    if region is None or _REGION_CODE.fullmatch(region):
        return []
    return [Problem(f"primary_region = {show(region)} is not a region code", "primary_region")]


@rule(
    "FLY153",
    WARNING,
    "Deprecated region",
    tags=("flyctl-misses", "regions"),
    why="Fly is retiring 17 regions (atl, bos, sea, ...); new Machines and volumes there may "
    "be refused and existing ones moved.",
    fix="Move primary_region to a current region near the old one (e.g. sea -> sjc, mia -> dfw).",
    example='primary_region = "sea"',
)
def deprecated_region(ctx):
    """primary_region set to one of the 17 regions Fly is deprecating."""
    region = _region(ctx)
    if region not in DEPRECATED_REGIONS:
        return []
    return [Problem(f'primary_region "{region}" is being deprecated by Fly', "primary_region")]


@rule(
    "FLY154",
    WARNING,
    "Unknown region",
    tags=("flyctl-misses", "regions"),
    why="A well-formed code that is not one of Fly's regions makes Machine creation fail "
    "(`no capacity available`); the live list comes from the API, so this is a warning.",
    fix="Use a code listed by `fly platform regions`.",
    example='primary_region = "lon"',
)
def unknown_region(ctx):
    """primary_region that is well-formed but neither current nor deprecated."""
    region = _region(ctx)
    if (
        region is None
        or not _REGION_CODE.fullmatch(region)
        or region in CURRENT_REGIONS
        or region in DEPRECATED_REGIONS
    ):
        return []
    return [Problem(f'primary_region "{region}" is not a Fly region', "primary_region")]
