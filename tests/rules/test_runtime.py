import pytest

from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY122",
        "[[restart]]\n  retries = 3\n",
        [(1, "restart[0]")],
        id="it_flags_restart_without_policy",
    ),
    pytest.param(
        "FLY122", '[[restart]]\n  policy = "on-failure"\n', [], id="it_accepts_restart_with_policy"
    ),
    pytest.param(
        "FLY123",
        "[build]\n  compression_level = 12\n",
        [(2, "build.compression_level")],
        id="it_flags_level_over_9",
    ),
    pytest.param("FLY123", "[build]\n  compression_level = 9\n", [], id="it_accepts_level_9"),
    pytest.param(
        "FLY159",
        'kill_signal = "SIGHUP"\n',
        [(1, "kill_signal")],
        id="it_flags_an_undocumented_signal",
    ),
    pytest.param("FLY159", 'kill_signal = "SIGTERM"\n', [], id="it_accepts_sigterm"),
    pytest.param(
        "FLY160",
        'kill_timeout = "10m"\n',
        [(1, "kill_timeout")],
        id="it_flags_kill_timeout_over_300s",
    ),
    pytest.param(
        "FLY160", "kill_timeout = 300\n", [], id="it_reads_integer_kill_timeout_as_seconds"
    ),
    pytest.param(
        "FLY170",
        "[[services]]\n  [[services.tcp_checks]]\n    interval = 15\n    timeout = 2000\n",
        [(3, "services[0].tcp_checks[0].interval")],
        id="it_warns_that_small_integer_check_durations_are_milliseconds",
    ),
    pytest.param(
        "FLY170",
        '[[http_service.checks]]\n  interval = "15s"\n',
        [],
        id="it_accepts_durations_with_units",
    ),
    pytest.param(
        "FLY171",
        "[deploy]\n  wait_timeout = 300\n  release_command_timeout = 600\n",
        [(2, "deploy.wait_timeout"), (3, "deploy.release_command_timeout")],
        id="it_flags_integer_deploy_timeouts_as_nanoseconds",
    ),
    pytest.param(
        "FLY171",
        '[deploy]\n  wait_timeout = "5m"\n',
        [],
        id="it_accepts_deploy_timeouts_with_units",
    ),
    pytest.param(
        "FLY172",
        '[env]\n  FLY_REGION = "iad"\n',
        [(2, "env.FLY_REGION")],
        id="it_flags_reserved_env_names",
    ),
    pytest.param(
        "FLY172", '[env]\n  FLYWAY_URL = "x"\n', [], id="it_accepts_names_merely_starting_with_fly"
    ),
    pytest.param(
        "FLY173",
        '[env]\n  PRIMARY_REGION = "dfw"\n',
        [(2, "env.PRIMARY_REGION")],
        id="it_flags_primary_region_in_env",
    ),
    pytest.param("FLY173", '[env]\n  REGION = "dfw"\n', [], id="it_accepts_other_env_names"),
    pytest.param(
        "FLY178",
        "".join(f'[[statics]]\n  url_prefix = "/s{i}"\n' for i in range(11)),
        [(21, "statics[10]")],
        id="it_flags_more_than_10_statics",
    ),
    pytest.param("FLY178", '[[statics]]\n  url_prefix = "/"\n', [], id="it_accepts_few_statics"),
    pytest.param(
        "FLY179",
        '[[statics]]\n  url_prefix = "/static"\n[[statics]]\n  url_prefix = "/static/img/"\n',
        [(4, "statics[1].url_prefix")],
        id="it_flags_overlapping_statics",
    ),
    pytest.param(
        "FLY179",
        '[[statics]]\n  url_prefix = "/static"\n[[statics]]\n  url_prefix = "/statics"\n',
        [],
        id="it_compares_whole_path_segments",
    ),
    pytest.param(
        "FLY180",
        '[[statics]]\n  url_prefix = "/"\n  index_document = "index.html"\n',
        [(3, "statics[0].index_document")],
        id="it_flags_index_document_without_bucket",
    ),
    pytest.param(
        "FLY180",
        '[[statics]]\n  tigris_bucket = "b"\n  index_document = "index.html"\n',
        [],
        id="it_accepts_index_document_with_bucket",
    ),
    pytest.param(
        "FLY181",
        '[[files]]\n  guest_path = "/a"\n[[files]]\n  guest_path = "/b"\n'
        '  raw_value = "x"\n  local_path = "b"\n',
        [(1, "files[0]"), (3, "files[1]")],
        id="it_flags_files_without_exactly_one_source",
    ),
    pytest.param(
        "FLY181",
        '[[files]]\n  guest_path = "/a"\n  secret_name = "A"\n',
        [],
        id="it_accepts_one_source",
    ),
    pytest.param(
        "FLY182",
        '[[files]]\n  guest_path = "etc/a"\n  local_path = "a"\n',
        [(2, "files[0].guest_path")],
        id="it_flags_a_relative_guest_path",
    ),
    pytest.param(
        "FLY182", '[[files]]\n  guest_path = "/etc/a"\n', [], id="it_accepts_an_absolute_guest_path"
    ),
    pytest.param(
        "FLY186",
        '[deploy]\n  strategy = "immediate"\n[http_service]\n  [[http_service.machine_checks]]\n'
        '    command = ["true"]\n',
        [(4, "http_service.machine_checks")],
        id="it_warns_machine_checks_never_run_with_immediate_deploys",
    ),
    pytest.param(
        "FLY186",
        '[[http_service.machine_checks]]\n  command = ["true"]\n',
        [],
        id="it_accepts_machine_checks_with_rolling_deploys",
    ),
    pytest.param(
        "FLY187",
        '[deploy]\n  strategy = "bluegreen"\n  max_unavailable = 0.5\n',
        [(3, "deploy.max_unavailable")],
        id="it_warns_max_unavailable_is_ignored",
    ),
    pytest.param(
        "FLY187",
        "[deploy]\n  max_unavailable = 0.5\n",
        [],
        id="it_accepts_max_unavailable_for_rolling",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_runtime_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
