from configs.rules import Finding, validate
from tests.rules.helpers import CLEAN_DOCKERIGNORE, CLEAN_FLY_TOML


def fly_findings(data, dockerignore=CLEAN_DOCKERIGNORE):
    return [(f.rule, f.line, f.path) for f in validate(data, dockerignore) if f.file == "fly.toml"]


def test_it_reports_a_toml_syntax_error_once_with_line_and_column():
    findings = validate('app = "x"\n[env]\n  A = "1"\n  A = "2"\n', CLEAN_DOCKERIGNORE)
    assert findings == [
        Finding(
            rule="FLY101",
            severity="error",
            message="TOML syntax error: Cannot overwrite a value (at line 4, column 10): "
            "env.A is already set",
            hint="Fix the TOML syntax at the line and column shown.",
            file="fly.toml",
            line=4,
            path="",
        )
    ]


def test_dockerignore_rules_still_run_after_a_toml_syntax_error():
    rules = [f.rule for f in validate("app = ", "")]
    assert rules == ["DI203", "DI203", "DI204", "DI204", "DI206", "DI206", "DI206", "FLY101"]


def test_it_reports_invalid_utf8_with_its_line():
    assert fly_findings(b'app = "x"\nprimary_region = "\xff"\n') == [("FLY100", 2, "")]


def test_it_reports_a_nul_byte_with_its_line():
    assert fly_findings('app = "x"\n\n\x00\n') == [("FLY100", 3, "")]


def test_it_accepts_a_byte_order_mark_and_crlf_line_endings():
    data = ("\ufeff" + CLEAN_FLY_TOML.replace("\n", "\r\n")).encode()
    assert fly_findings(data) == []


def test_it_reports_a_binary_dockerignore():
    assert [(f.rule, f.line) for f in validate(CLEAN_FLY_TOML, b"\x89PNG\r\n\x1a\n\x00")] == [
        ("DI200", 1)
    ]


def test_it_survives_deeply_nested_arrays():
    assert fly_findings("x = " + "[" * 5000 + "]" * 5000) == [("FLY101", 1, "")]


def test_it_survives_ten_thousand_nested_tables():
    findings = fly_findings("[" + ".".join(["a"] * 10000) + "]\n")
    assert ("FLY150", 1, "a") in findings


def test_it_survives_an_integer_too_long_to_convert():
    assert fly_findings("swap_size_mb = " + "9" * 5000) == [("FLY101", 1, "")]


def test_it_survives_huge_integers_where_ports_go():
    findings = fly_findings("[http_service]\n  internal_port = " + "9" * 300 + "\n")
    assert ("FLY162", 2, "http_service.internal_port") in findings
