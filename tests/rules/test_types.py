from configs.rules import Finding, validate
from tests.rules.helpers import CLEAN_DOCKERIGNORE, hits


def test_it_flags_a_wrong_type_with_a_readable_message():
    findings = validate('[http_service]\n  internal_port = "eighty"\n', CLEAN_DOCKERIGNORE)
    assert [f for f in findings if f.rule == "FLY102"] == [
        Finding(
            rule="FLY102",
            severity="error",
            message="http_service.internal_port should be a port number (flyctl cannot convert "
            "this string), not a string ('eighty')",
            hint="Give the key a value of the type shown.",
            file="fly.toml",
            line=2,
            path="http_service.internal_port",
        )
    ]


def test_it_flags_a_table_where_a_list_of_strings_belongs():
    text = '[[vm]]\n  size = "shared-cpu-1x"\n  [vm.processes]\n    app = 1\n'
    assert hits("FLY102", text) == [(3, "vm[0].processes")]


def test_it_accepts_numeric_strings_for_ports_and_scalars_in_env():
    text = '[env]\n  WORKERS = 4\n[[services]]\n  [[services.ports]]\n    port = "443"\n'
    assert hits("FLY102", text) == []
