import pytest

from tests.rules.helpers import hits

TWO_HTTP_SERVICES = """
[http_service]
  internal_port = 8080
  force_https = true
[[services]]
  internal_port = 8080
  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
"""
CASES = [
    pytest.param(
        "FLY161",
        """
        [[services]]
          protocol = "sctp"
          [services.concurrency]
            type = "donuts"
          [[services.ports]]
            port = 443
            handlers = ["tls", "https"]
        """,
        [
            (2, "services[0].protocol"),
            (4, "services[0].concurrency.type"),
            (7, "services[0].ports[0].handlers[1]"),
        ],
        id="it_flags_values_outside_the_documented_sets",
    ),
    pytest.param(
        "FLY161",
        '[[services]]\n  protocol = "udp"\n  [[services.ports]]\n    port = 53\n',
        [],
        id="it_accepts_documented_values",
    ),
    pytest.param(
        "FLY162",
        "[[services]]\n  internal_port = 0\n  [[services.ports]]\n    port = 80800\n",
        [(2, "services[0].internal_port"), (4, "services[0].ports[0].port")],
        id="it_flags_ports_out_of_range",
    ),
    pytest.param(
        "FLY162",
        '[[services]]\n  [[services.ports]]\n    port = "65535"\n',
        [],
        id="it_accepts_65535",
    ),
    pytest.param(
        "FLY163",
        "[[services]]\n  [[services.ports]]\n    start_port = 10099\n    end_port = 10022\n",
        [(3, "services[0].ports[0].start_port")],
        id="it_flags_a_reversed_port_range",
    ),
    pytest.param(
        "FLY163",
        "[[services]]\n  [[services.ports]]\n    start_port = 10022\n    end_port = 10099\n",
        [],
        id="it_accepts_a_port_range",
    ),
    pytest.param(
        "FLY164",
        TWO_HTTP_SERVICES,
        [(6, "services[0].ports[0]")],
        id="it_flags_a_port_taken_by_http_service",
    ),
    pytest.param(
        "FLY164",
        '[[services]]\n  protocol = "udp"\n  [[services.ports]]\n    port = 443\n'
        "[[services]]\n  [[services.ports]]\n    port = 443\n",
        [],
        id="it_allows_the_same_port_for_tcp_and_udp",
    ),
    pytest.param(
        "FLY165", TWO_HTTP_SERVICES, [(4, "services[0]")], id="it_warns_about_duplicate_services"
    ),
    pytest.param(
        "FLY165",
        "[[services]]\n  internal_port = 8080\n[[services]]\n  internal_port = 8053\n",
        [],
        id="it_accepts_services_on_different_ports",
    ),
    pytest.param(
        "FLY166",
        '[[services]]\n  [[services.ports]]\n    handlers = ["tls"]\n    force_https = true\n',
        [(4, "services[0].ports[0].force_https")],
        id="it_warns_about_force_https_without_http",
    ),
    pytest.param(
        "FLY166",
        '[[services]]\n  [[services.ports]]\n    handlers = ["http"]\n    force_https = true\n',
        [],
        id="it_accepts_force_https_with_http",
    ),
    pytest.param(
        "FLY167",
        '[[services]]\n  protocol = "udp"\n  [[services.ports]]\n'
        '    port = 53\n    handlers = ["tls"]\n',
        [(5, "services[0].ports[0].handlers")],
        id="it_flags_udp_with_handlers",
    ),
    pytest.param(
        "FLY167",
        '[[services]]\n  [[services.ports]]\n    port = 53\n    handlers = ["tls"]\n',
        [],
        id="it_accepts_tcp_with_handlers",
    ),
    pytest.param(
        "FLY168",
        '[[services]]\n  protocol = "udp"\n  auto_start_machines = true\n',
        [(3, "services[0].auto_start_machines")],
        id="it_warns_about_udp_autostart",
    ),
    pytest.param(
        "FLY168",
        '[[services]]\n  protocol = "udp"\n  auto_stop_machines = "off"\n',
        [],
        id="it_accepts_udp_without_autostart",
    ),
    pytest.param(
        "FLY169",
        '[http_service]\n  internal_port = 3000\n[checks.alive]\n  type = "http"\n  port = 8080\n',
        [(5, "checks.alive.port")],
        id="it_warns_when_a_check_port_matches_no_service",
    ),
    pytest.param(
        "FLY169",
        '[http_service]\n  internal_port = 8080\n[checks.alive]\n  type = "http"\n  port = 8080\n',
        [],
        id="it_accepts_a_check_on_the_service_port",
    ),
    pytest.param(
        "FLY174",
        '[http_service]\n  auto_stop_machines = "stop"\n  auto_start_machines = false\n',
        [(3, "http_service.auto_start_machines")],
        id="it_warns_about_autostop_without_autostart",
    ),
    pytest.param(
        "FLY174",
        "[http_service]\n  auto_stop_machines = false\n  auto_start_machines = false\n",
        [],
        id="it_accepts_both_off",
    ),
    pytest.param(
        "FLY175",
        "[http_service]\n  auto_stop_machines = false\n  min_machines_running = 2\n",
        [(3, "http_service.min_machines_running")],
        id="it_notes_min_machines_without_autostop",
    ),
    pytest.param(
        "FLY175",
        '[http_service]\n  auto_stop_machines = "stop"\n  min_machines_running = 2\n',
        [],
        id="it_accepts_min_machines_with_autostop",
    ),
    pytest.param(
        "FLY177",
        "[http_service.concurrency]\n  soft_limit = 200\n  hard_limit = 100\n",
        [(2, "http_service.concurrency.soft_limit")],
        id="it_warns_about_a_soft_limit_above_the_hard_limit",
    ),
    pytest.param(
        "FLY177",
        "[http_service.concurrency]\n  soft_limit = 100\n  hard_limit = 100\n",
        [],
        id="it_accepts_equal_limits",
    ),
    pytest.param(
        "FLY184",
        "[http_service]\n  force_https = true\n[[services.ports]]\n  port = 80\n",
        [(1, "http_service"), (3, "services")],
        id="it_warns_about_services_without_internal_port",
    ),
    pytest.param(
        "FLY184", "[http_service]\n  internal_port = 8080\n", [], id="it_accepts_an_internal_port"
    ),
    pytest.param(
        "FLY185",
        '[[http_service.http_options.replay_cache]]\n  path_prefix = "/"\n  ttl_seconds = 5\n',
        [(3, "http_service.http_options.replay_cache[0].ttl_seconds")],
        id="it_flags_a_replay_cache_ttl_under_10s",
    ),
    pytest.param(
        "FLY185",
        "[[http_service.http_options.replay_cache]]\n  ttl_seconds = 10\n",
        [],
        id="it_accepts_a_10s_replay_cache_ttl",
    ),
    pytest.param(
        "FLY189",
        '[http_service]\n  auto_stop_machines = "stop"\n  min_machines_running = 0\n',
        [(3, "http_service.min_machines_running")],
        id="it_notes_services_that_can_scale_to_zero",
    ),
    pytest.param(
        "FLY189",
        '[http_service]\n  auto_stop_machines = "stop"\n  min_machines_running = 1\n',
        [],
        id="it_accepts_a_minimum_of_one_machine",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_service_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
