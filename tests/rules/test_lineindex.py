from configs.rules.lineindex import LineIndex, join_key, parent_paths
from tests.rules.helpers import toml


def test_it_indexes_tables_arrays_of_tables_and_dotted_keys():
    index = LineIndex(
        toml("""
        app = "x"
        [[services]]
          internal_port = 8080
          concurrency.type = "requests"
          [[services.ports]]
            port = 80
          [[services.ports]]
            port = 443
        [[services]]
          [[services.ports]]
            port = 22
        """)
    )
    assert index.line("services[0].concurrency.type") == 4
    assert index.line("services[0].ports[1].port") == 8
    assert index.line("services[1].ports[0].port") == 11


def test_it_skips_multiline_strings_and_indexes_multiline_array_elements():
    index = LineIndex(
        toml('''
        note = """
        fake = 1
        """
        ports = [
          { port = 80 },
          { port = 443 },
        ]
        [env]
          "dotted.name" = "x"
        ''')
    )
    assert index.line("fake") is None
    assert index.line("ports[1]") == 6
    assert index.line('env."dotted.name"') == 9


def test_missing_keys_fall_back_to_their_table_then_line_one():
    index = LineIndex("app = 'x'\n\n[http_service]\n  force_https = true\n")
    assert index.nearest("http_service.internal_port") == 3
    assert index.nearest("vm[0].size") == 1


def test_paths_quote_keys_that_are_not_bare():
    assert join_key("env", "A.B") == 'env."A.B"'
    assert list(parent_paths('a.b[0]."c.d"')) == ["a.b[0]", "a.b", "a"]
