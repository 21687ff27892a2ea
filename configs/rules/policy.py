"""The seed project's project-specific checks, driven by each app's Policy."""

from configs.rules.context import show
from configs.rules.findings import ERROR
from configs.rules.lineindex import join_key
from configs.rules.registry import FLY_TEXT, Problem, rule


@rule(
    "POL401",
    ERROR,
    "App name differs from the policy",
    tags=("policy",),
    why="Deploying a config whose `app` names another app overwrites that app.",
    fix="Set app to the name this dashboard entry expects.",
    example='app = "shop-staging"   # policy expects "shop-production"',
)
def unexpected_app(ctx):
    """`app` is not the policy's expected_app."""
    expected = ctx.policy.expected_app
    app = ctx.doc.get("app")
    if not expected or app == expected:
        return []
    return [
        Problem(
            f"app = {show(app)} but this app is {expected!r}", "app", f'Set app = "{expected}".'
        )
    ]


@rule(
    "POL402",
    ERROR,
    "Primary region differs from the policy",
    tags=("policy", "regions"),
    why="The app's data (volumes, databases) or legal requirements tie it to one region.",
    fix="Set primary_region to the region the policy requires.",
    example='primary_region = "iad"   # policy requires "lhr"',
)
def unexpected_primary_region(ctx):
    """primary_region is not the policy's required_primary_region."""
    required = ctx.policy.required_primary_region
    region = ctx.doc.get("primary_region")
    if not required or region == required:
        return []
    return [
        Problem(
            f"primary_region = {show(region)} but the policy requires {required!r}",
            "primary_region",
            f'Set primary_region = "{required}".',
        )
    ]


@rule(
    "POL403",
    ERROR,
    "Primary region not allowed by the policy",
    tags=("policy", "regions"),
    why="Data residency: the app may only run in the regions the policy lists.",
    fix="Choose a primary_region from the policy's allowed regions.",
    example='primary_region = "iad"   # allowed: lhr, ams, fra',
)
def region_not_allowed(ctx):
    """primary_region outside the policy's allowed_regions."""
    allowed = ctx.policy.allowed_regions
    region = ctx.doc.get("primary_region")
    if not allowed or region in allowed:
        return []
    return [
        Problem(
            f"primary_region = {show(region)} is not allowed ({', '.join(allowed)})",
            "primary_region",
            f"Use one of: {', '.join(allowed)}.",
        )
    ]


@rule(
    "POL404",
    ERROR,
    "Required process group missing",
    tags=("policy",),
    why="The app needs these process groups (e.g. an api and a worker); without one, that part "
    "of the app is simply not deployed.",
    fix="Add the process group to [processes].",
    example='[processes]\n  api = "node dist/server.js"   # policy requires "worker" too',
)
def required_process_missing(ctx):
    """A policy required_processes name that is not a process group."""
    return [
        Problem(
            f"Process group {name!r} is required but not defined",
            "processes",
            f'Add {name} = "..." to [processes].',
        )
        for name in ctx.policy.required_processes
        if name not in ctx.process_names
    ]


@rule(
    "POL405",
    ERROR,
    "Internal process exposed by a service",
    tags=("policy",),
    why="Some groups (workers, admin tools) must not receive public traffic; a service that "
    "routes to them exposes them to the internet.",
    fix="Remove the group from the service's processes.",
    example='[http_service]\n  processes = ["api", "worker"]   # worker must stay private',
)
def unexposed_process_served(ctx):
    """A service routes to a group listed in the policy's unexposed_processes."""
    private = set(ctx.policy.unexposed_processes)
    problems = []
    for service in ctx.services:
        for group in service.groups(ctx):
            if group in private:
                path = join_key(service.path, "processes")
                problems.append(Problem(f"{service.path} exposes process group {group!r}", path))
    return problems


@rule(
    "POL406",
    ERROR,
    "No service on the required internal port",
    tags=("policy",),
    why="The image listens on a known port; a service pointing elsewhere gets connection "
    "refused and every request fails.",
    fix="Set internal_port to the port the policy requires.",
    example="[http_service]\n  internal_port = 3000   # policy requires 8080",
)
def internal_port_mismatch(ctx):
    """policy.required_internal_port is set and no service uses it as internal_port."""
    required = ctx.policy.required_internal_port
    if required is None or any(s.internal_port == required for s in ctx.services):
        return []
    path = join_key(ctx.services[0].path, "internal_port") if ctx.services else ""
    return [
        Problem(
            f"No service uses internal_port {required}", path, f"Set internal_port = {required}."
        )
    ]


def _check_paths(ctx) -> list[str]:
    checks = list(ctx.top_level_checks)
    for service in ctx.services:
        checks += service.checks()
    return [check.get("path") for _, check in checks]


@rule(
    "POL407",
    ERROR,
    "Required health check missing",
    tags=("policy", "checks"),
    why="Without a health check on the agreed path, broken deploys receive traffic and "
    "bluegreen/canary deploys cannot tell good Machines from bad.",
    fix="Add an HTTP check with the policy's path.",
    example='[[http_service.checks]]\n  path = "/"   # policy requires "/health"',
)
def health_check_missing(ctx):
    """No top-level or service HTTP check uses the policy's health_check_path."""
    path = ctx.policy.health_check_path
    if not path or path in _check_paths(ctx):
        return []
    where = "http_service" if "http_service" in ctx.doc else ""
    return [
        Problem(
            f"No health check on {path}",
            where,
            f'Add [[http_service.checks]] with path = "{path}".',
        )
    ]


@rule(
    "POL408",
    ERROR,
    "Required secret not documented",
    tags=("policy", "secrets"),
    requires=FLY_TEXT,
    why="The secrets checklist must list every secret the app needs so approvers can confirm "
    "it is set before the deploy.",
    fix="Document the secret as a `# fly secrets set NAME=...` comment.",
    example="# fly secrets set DATABASE_URL=...   (policy also requires STRIPE_KEY)",
)
def required_secret_undocumented(ctx):
    """A policy required_secrets name without a `fly secrets set NAME=...` comment."""
    documented = {secret.name for secret in ctx.documented_secrets}
    return [
        Problem(
            f"Secret {name} is required but not documented",
            "",
            f"Add `# fly secrets set {name}=...`.",
        )
        for name in ctx.policy.required_secrets
        if name not in documented
    ]
