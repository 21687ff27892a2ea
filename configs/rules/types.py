"""Values of the wrong type, reported with their key path instead of a Go decode error."""

from configs.rules.findings import ERROR
from configs.rules.registry import rule
from configs.rules.schema import schema_report


@rule(
    "FLY102",
    ERROR,
    "Value has the wrong type",
    tags=("flyctl", "schema"),
    why="flyctl fails to decode the config (`json: cannot unmarshal string into Go struct "
    "field ...`) and the message names neither the line nor the key.",
    fix="Give the key a value of the type shown.",
    example='[http_service]\n  internal_port = "eighty"',
)
def wrong_type(ctx):
    """Values whose TOML type flyctl cannot decode into its config struct (numeric strings
    are accepted for ports, as flyctl converts them)."""
    return schema_report(ctx).wrong_type
