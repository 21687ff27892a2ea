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


def assert_no_internal_failure(findings) -> None:
    assert not [f for f in findings if f.rule == "FLY199"], findings


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.one_of(st.none(), st.text(max_size=80)))
def test_any_toml_document_validates_without_error(document, dockerignore):
    assert_no_internal_failure(validate(tomlkit.dumps(document), dockerignore))


@settings(max_examples=300)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_any_text_validates_without_error(text, dockerignore):
    assert_no_internal_failure(validate(text, dockerignore))


@settings(max_examples=200)
@given(st.binary(max_size=300), st.one_of(st.none(), st.binary(max_size=100)))
def test_any_bytes_validate_without_error(data, dockerignore):
    assert_no_internal_failure(validate(data, dockerignore))
