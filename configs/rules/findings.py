"""The plain data the rule engine hands out: findings, per-app policy and rule metadata."""

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

FLY_TOML = "fly.toml"
DOCKERIGNORE = ".dockerignore"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    hint: str
    file: str
    line: int | None
    path: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Policy:
    """Per-app expectations stored by the dashboard; every field is optional."""

    expected_app: str = ""
    required_primary_region: str = ""
    allowed_regions: tuple[str, ...] = ()
    required_processes: tuple[str, ...] = ()
    unexposed_processes: tuple[str, ...] = ()
    required_internal_port: int | None = None
    health_check_path: str = ""
    required_secrets: tuple[str, ...] = ()
    disabled_rules: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    title: str
    tags: tuple[str, ...]
