from configs.rules import validate
from tests.rules.helpers import CLEAN_DOCKERIGNORE, hits, toml


def test_it_flags_a_misspelt_key_with_a_suggestion():
    text = "[http_service]\n  internal_prot = 8080\n"
    [finding] = [f for f in validate(text, CLEAN_DOCKERIGNORE) if f.rule == "FLY150"]
    assert (finding.line, finding.path, finding.hint) == (
        2,
        "http_service.internal_prot",
        'Did you mean "internal_port"?',
    )


def test_it_flags_unknown_keys_inside_arrays_of_tables():
    text = """
    [[services]]
      internal_port = 8080
      [[services.ports]]
        port = 443
        handler = ["tls"]
    [[vm]]
      count = 2
    """
    assert hits("FLY150", text) == [(5, "services[0].ports[0].handler"), (7, "vm[0].count")]


def test_it_suggests_moving_a_nested_top_level_section():
    text = '[[vm]]\n  size = "shared-cpu-1x"\n[[vm.mounts]]\n  source = "data"\n'
    [finding] = [f for f in validate(text, CLEAN_DOCKERIGNORE) if f.rule == "FLY150"]
    assert (finding.line, finding.path) == (3, "vm[0].mounts")
    assert finding.hint == "[mounts] is a top-level section; move it out of this table."


def test_it_does_not_look_inside_free_form_tables():
    text = toml("""
    [env]
      ANYTHING_GOES = "1"
    [build.args]
      WHATEVER = "x"
    [processes]
      web = "bin/web"
    """)
    assert hits("FLY150", text) == []


def test_it_notes_legacy_keys():
    text = "[[services]]\n  script_checks = []\n  [[services.tcp_checks]]\n    restart_limit = 0\n"
    assert hits("FLY151", text) == [
        (2, "services[0].script_checks"),
        (4, "services[0].tcp_checks[0].restart_limit"),
    ]


def test_current_keys_are_not_legacy():
    assert hits("FLY151", '[[services.tcp_checks]]\n  interval = "15s"\n') == []
