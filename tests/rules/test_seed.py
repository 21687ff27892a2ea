import pytest

from configs.rules import validate
from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY001", 'primary_region = "iad"\n', [(1, "app")], id="it_flags_a_config_without_app"
    ),
    pytest.param("FLY001", 'app = "shop"\n', [], id="it_accepts_a_named_app"),
    pytest.param(
        "FLY002", 'app = "{APP_NAME}"\n', [(1, "app")], id="it_flags_a_placeholder_app_name"
    ),
    pytest.param(
        "FLY002", 'app = "Shop_App"\n', [(1, "app")], id="it_flags_uppercase_and_underscores"
    ),
    pytest.param("FLY002", 'app = "shop-2"\n', [], id="it_accepts_a_dns_label_app_name"),
    pytest.param(
        "FLY003", 'app = "shop"\n', [(1, "primary_region")], id="it_flags_a_missing_region"
    ),
    pytest.param("FLY003", 'primary_region = "iad"\n', [], id="it_accepts_a_primary_region"),
    pytest.param("FLY004", 'app = "shop"\n', [(1, "")], id="it_notes_a_missing_build_section"),
    pytest.param("FLY004", "[build]\n", [], id="it_accepts_an_empty_build_section"),
    pytest.param("FLY005", 'app = "w"\n', [(1, "")], id="it_notes_an_app_without_services"),
    pytest.param(
        "FLY005", "[http_service]\n  internal_port = 8080\n", [], id="it_accepts_http_service"
    ),
    pytest.param(
        "FLY006",
        "[http_service]\n  internal_port = 8080\n",
        [(1, "http_service.force_https")],
        id="it_flags_http_service_without_force_https",
    ),
    pytest.param(
        "FLY006",
        """
        [[services]]
          internal_port = 8080
          [[services.ports]]
            port = 80
            handlers = ["http"]
          [[services.ports]]
            port = 443
            handlers = ["tls", "http"]
        """,
        [(3, "services[0].ports[0].force_https")],
        id="it_flags_port_80_without_force_https",
    ),
    pytest.param(
        "FLY006",
        "[http_service]\n  internal_port = 8080\n  force_https = true\n",
        [],
        id="it_accepts_forced_https",
    ),
    pytest.param(
        "FLY007",
        """
        [[services]]
          internal_port = 8080
          [[services.ports]]
            port = 80
            handlers = ["http"]
            force_https = true
        """,
        [(3, "services[0].ports[0]")],
        id="it_flags_http_without_https",
    ),
    pytest.param(
        "FLY007",
        """
        [[services]]
          internal_port = 22
          [[services.ports]]
            port = 22
        """,
        [],
        id="it_ignores_plain_tcp_services",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_seed_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [("", None), ("\n  \n", 1), ("# fly secrets set A=...\n# nothing else\n", 1)],
    ids=["it_flags_an_empty_file", "it_flags_a_blank_file", "it_flags_a_comments_only_file"],
)
def test_fly008_flags_a_fly_toml_without_settings(text, line):
    assert [(f.rule, f.severity, f.line) for f in validate(text, None) if f.rule == "FLY008"] == [
        ("FLY008", "error", line)
    ]


def test_fly008_passes_a_file_with_a_setting():
    assert [f for f in validate('# app\napp = "x"\n', None) if f.rule == "FLY008"] == []
