import pytest

from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY114",
        '[processes]\n  web = "bin/web"\n[http_service]\n  internal_port = 8080\n',
        [(3, "http_service")],
        id="it_flags_a_service_without_processes_when_groups_exist",
    ),
    pytest.param(
        "FLY114",
        "[http_service]\n  internal_port = 8080\n",
        [],
        id="it_accepts_no_processes_without_groups",
    ),
    pytest.param(
        "FLY115",
        '[processes]\n  web = "bin/web"\n[http_service]\n  processes = ["app"]\n',
        [(4, "http_service.processes[0]")],
        id="it_flags_a_service_naming_an_undefined_group",
    ),
    pytest.param(
        "FLY115",
        '[http_service]\n  processes = ["app"]\n',
        [],
        id="it_accepts_app_without_processes",
    ),
    pytest.param(
        "FLY116",
        '[[restart]]\n  policy = "always"\n  processes = ["worker"]\n',
        [(3, "restart[0].processes[0]")],
        id="it_flags_restart_naming_an_undefined_group",
    ),
    pytest.param(
        "FLY116",
        '[processes]\n  worker = "w"\n[[restart]]\n  policy = "always"\n  processes = ["worker"]\n',
        [],
        id="it_accepts_restart_naming_a_group",
    ),
    pytest.param(
        "FLY117",
        '[processes]\n  web = "w"\n[[vm]]\n  processes = ["wbe"]\n'
        '[[mounts]]\n  processes = ["web"]\n',
        [(4, "vm[0].processes[0]")],
        id="it_warns_about_sections_naming_undefined_groups",
    ),
    pytest.param(
        "FLY117",
        '[checks.a]\n  type = "tcp"\n  processes = ["app"]\n',
        [],
        id="it_accepts_the_default_group",
    ),
    pytest.param(
        "FLY118",
        '[[services]]\n  internal_port = 8080\n  protocol = "tcp"\n',
        [(1, "services[0]")],
        id="it_warns_about_a_service_without_ports",
    ),
    pytest.param(
        "FLY118",
        "[[services]]\n  internal_port = 22\n  [[services.ports]]\n    port = 22\n",
        [],
        id="it_accepts_a_service_with_ports",
    ),
    pytest.param(
        "FLY176",
        """
        [processes]
          app = "bin/worker"
          web = "gunicorn --bind :8000 app.wsgi"
        [http_service]
          internal_port = 8000
          processes = ["app"]
        """,
        [(3, "processes.web")],
        id="it_notes_a_web_server_that_no_service_routes_to",
    ),
    pytest.param(
        "FLY176",
        """
        [processes]
          app = "node dist/server.js"
          worker = "node dist/queue-worker.js"
        [http_service]
          internal_port = 8080
          processes = ["app"]
        """,
        [],
        id="it_leaves_workers_alone",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_process_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
