"""validate() never raises, whatever it is given."""

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configs.rules import validate

FLY_KEYS = [
    "app",
    "primary_region",
    "http_service",
    "services",
    "vm",
    "mounts",
    "env",
    "build",
    "deploy",
    "processes",
    "checks",
    "internal_port",
    "ports",
    "port",
    "handlers",
    "memory",
    "size",
    "cpus",
    "cpu_kind",
    "strategy",
    "interval",
    "processes",
    "restart",
    "policy",
    "statics",
    "files",
    "url_prefix",
    "auto_stop_machines",
    "concurrency",
]
scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.floats(allow_nan=False),
    st.sampled_from(["shared-cpu-1x", "10s", "1gb", "http", "tls", "canary", "sea", "{X}"]),
)
keys = st.one_of(st.sampled_from(FLY_KEYS), st.text(min_size=1, max_size=12))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.dictionaries(keys, inner, max_size=4), min_size=1, max_size=3),
        st.dictionaries(keys, inner, max_size=5),
    ),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)

# Lines that look like TOML, valid or not: headers, dotted keys, half-finished values.
bare_keys = st.one_of(
    st.sampled_from(FLY_KEYS), st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
)
dotted = st.lists(bare_keys, min_size=1, max_size=4).map(".".join)
fragments = st.sampled_from(
    [
        '"',
        "'",
        '"""',
        "[",
        "]",
        "{",
        "}",
        ",",
        "=",
        "1",
        "-0x1F",
        "1e400",
        "nan",
        "inf",
        "true",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        '"\\u00e9"',
        '"\\x"',
        "\r",
        "#",
        " ",
    ]
)
lines = st.one_of(
    dotted.map(lambda key: f"[{key}]"),
    dotted.map(lambda key: f"[[{key}]]"),
    st.tuples(dotted, st.lists(fragments, max_size=6)).map(
        lambda pair: f"{pair[0]} = {''.join(pair[1])}"
    ),
    st.lists(fragments, max_size=8).map("".join),
    st.text(max_size=20),
)
toml_shaped = st.lists(lines, max_size=25).map("\n".join)


def assert_no_internal_failure(findings) -> None:
    assert not [f for f in findings if f.rule == "FLY199"], findings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.one_of(st.none(), st.text(max_size=80)))
def test_any_toml_document_validates_without_error(document, dockerignore):
    assert_no_internal_failure(validate(tomlkit.dumps(document), dockerignore))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_any_text_validates_without_error(text, dockerignore):
    assert_no_internal_failure(validate(text, dockerignore))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.one_of(st.none(), st.binary(max_size=100)))
def test_any_bytes_validate_without_error(data, dockerignore):
    assert_no_internal_failure(validate(data, dockerignore))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(toml_shaped, st.one_of(st.none(), st.text(max_size=80)))
def test_toml_shaped_lines_validate_without_error(text, dockerignore):
    """Near-TOML (headers, dotted keys, broken values): the parser's edge, where rules
    receive a document for some inputs and a syntax error for others."""
    assert_no_internal_failure(validate(text, dockerignore))
