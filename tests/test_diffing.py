import html
import json
import re
from textwrap import dedent

import pytest
import tomlkit
from hypothesis import given
from hypothesis import strategies as st

from configs.diffing import (
    Change,
    ConfigUnparseable,
    DiffRow,
    DiffStats,
    Fold,
    Impact,
    describe,
    highlight_css,
    highlight_lines,
    impact_notes,
    line_diff,
    semantic_diff,
)
from configs.highlighting import split_lines

BASE = dedent(
    """\
    app = "preflight-demo"
    primary_region = "ams"

    [env]
      LOG_LEVEL = "info"

    [http_service]
      internal_port = 8080
      force_https = true

    [processes]
      web = "gunicorn dashboard.wsgi"
      worker = "python manage.py worker"

    [[vm]]
      memory = "512mb"
      cpus = 1

    [[services]]
      internal_port = 5432
      [[services.ports]]
        port = 5432
        handlers = ["pg_tls"]

    [[mounts]]
      source = "data"
      destination = "/data"
    """
)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


SEMANTIC_CASES = [
    pytest.param(
        edit(BASE, "internal_port = 8080", "internal_port = 3000"),
        [Change("http_service.internal_port", "changed", 8080, 3000)],
        id="key_changed",
    ),
    pytest.param(
        BASE + '\n[deploy]\n  release_command = "python manage.py migrate"\n',
        [Change("deploy", "added", None, {"release_command": "python manage.py migrate"})],
        id="table_added",
    ),
    pytest.param(
        edit(BASE, "[http_service]\n  internal_port = 8080\n  force_https = true\n", ""),
        [
            Change(
                "http_service",
                "removed",
                {"internal_port": 8080, "force_https": True},
                None,
            )
        ],
        id="table_removed",
    ),
    pytest.param(
        edit(BASE, '  worker = "python manage.py worker"\n', ""),
        [Change("processes.worker", "removed", "python manage.py worker", None)],
        id="process_removed",
    ),
    pytest.param(
        edit(
            BASE,
            '[env]\n  LOG_LEVEL = "info"\n\n[http_service]\n  internal_port = 8080\n'
            "  force_https = true\n",
            "[http_service]\n  internal_port = 8080\n  force_https = true\n\n[env]\n"
            '  LOG_LEVEL = "info"\n',
        ),
        [],
        id="reordering_tables",
    ),
    pytest.param(
        edit(
            BASE,
            "  internal_port = 8080\n  force_https = true\n",
            "  force_https = true\n  internal_port = 8080\n",
        ),
        [],
        id="reordering_keys",
    ),
    pytest.param(
        "# Deployed by CI\n" + edit(BASE, "cpus = 1", "cpus = 1  # one is plenty"),
        [],
        id="comment_only_change",
    ),
    pytest.param(
        edit(BASE, "  internal_port = 8080\n", "\n\tinternal_port=8080   \n\n"),
        [],
        id="whitespace_only_change",
    ),
    pytest.param(
        edit(BASE, 'memory = "512mb"', 'memory = "1gb"'),
        [Change("vm[0].memory", "changed", "512mb", "1gb")],
        id="vm_memory_changed",
    ),
    pytest.param(
        BASE + "\n[[services]]\n  internal_port = 9091\n",
        [Change("services[1]", "added", None, {"internal_port": 9091})],
        id="services_appended",
    ),
    pytest.param(
        edit(BASE, '[[mounts]]\n  source = "data"\n  destination = "/data"\n', ""),
        [Change("mounts[0]", "removed", {"source": "data", "destination": "/data"}, None)],
        id="mounts_removed",
    ),
    pytest.param(
        edit(BASE, '[[vm]]\n  memory = "512mb"\n  cpus = 1\n', ""),
        [Change("vm[0]", "removed", {"memory": "512mb", "cpus": 1}, None)],
        id="vm_removed",
    ),
    pytest.param(
        "http_service = { internal_port = 8080, force_https = true }\n"
        + edit(BASE, "[http_service]\n  internal_port = 8080\n  force_https = true\n", ""),
        [],
        id="inline_table_equals_expanded_table",
    ),
    pytest.param(
        "http_service.internal_port = 8080\nhttp_service.force_https = true\n"
        + edit(BASE, "[http_service]\n  internal_port = 8080\n  force_https = true\n", ""),
        [],
        id="dotted_keys_equal_tables",
    ),
    pytest.param(
        edit(BASE, 'handlers = ["pg_tls"]', 'handlers = ["tls", "http"]'),
        [Change("services[0].ports[0].handlers", "changed", ["pg_tls"], ["tls", "http"])],
        id="plain_array_changed_as_one_value",
    ),
    pytest.param(
        edit(BASE, "internal_port = 8080", 'internal_port = "8080"'),
        [Change("http_service.internal_port", "changed", 8080, "8080")],
        id="type_change_int_to_string",
    ),
    pytest.param(
        edit(BASE, "cpus = 1", "cpus = 1.0"),
        [Change("vm[0].cpus", "changed", 1, 1.0)],
        id="type_change_int_to_float",
    ),
    pytest.param(
        edit(BASE, 'LOG_LEVEL = "info"', 'LOG_LEVEL = "info"\n  DJANGO_DEBUG = "false"'),
        [Change("env.DJANGO_DEBUG", "added", None, "false")],
        id="env_var_added",
    ),
    pytest.param(
        edit(BASE, 'LOG_LEVEL = "info"', 'LOG_LEVEL = "info"\n  "my key" = 1'),
        [Change('env."my key"', "added", None, 1)],
        id="key_needing_quotes_is_quoted",
    ),
    pytest.param(
        BASE + "\n[metadata]\n  released = 2026-08-07T10:00:00Z\n",
        [Change("metadata", "added", None, {"released": "2026-08-07T10:00:00+00:00"})],
        id="datetime_as_isoformat",
    ),
    pytest.param(
        "\ufeff" + BASE,
        [],
        id="byte_order_mark_is_no_data_change",
    ),
]


@pytest.mark.parametrize(("new", "expected"), SEMANTIC_CASES)
def test_semantic_diff(new, expected):
    assert semantic_diff(BASE, new) == expected


def test_the_reverse_diff_swaps_added_and_removed():
    new = BASE + "\n[[services]]\n  internal_port = 9091\n"
    assert semantic_diff(new, BASE) == [
        Change("services[1]", "removed", {"internal_port": 9091}, None)
    ]


def test_first_array_of_tables_added_is_reported_by_index():
    old = 'app = "a"\n'
    new = 'app = "a"\n[[mounts]]\n  source = "data"\n[[mounts]]\n  source = "logs"\n'
    assert semantic_diff(old, new) == [
        Change("mounts[0]", "added", None, {"source": "data"}),
        Change("mounts[1]", "added", None, {"source": "logs"}),
    ]


def test_changes_are_json_ready():
    new = BASE + "\n[metadata]\n  at = 07:32:00\n  day = 1979-05-27\n  weird = nan\n"
    (change,) = semantic_diff(BASE, new)
    assert json.loads(json.dumps(change.new, allow_nan=False)) == {
        "at": "07:32:00",
        "day": "1979-05-27",
        "weird": "nan",
    }


def test_unparseable_new_config_names_side_and_line():
    with pytest.raises(ConfigUnparseable) as raised:
        semantic_diff(BASE, 'app = "x"\ninternal_port = \n')
    assert (raised.value.side, raised.value.line) == ("new", 2)
    assert raised.value.message == "Invalid value (at line 2, column 17)"


def test_unparseable_old_config_is_reported_first():
    with pytest.raises(ConfigUnparseable) as raised:
        semantic_diff("a = 1\na = 2\n", "[x\n")
    assert (raised.value.side, raised.value.line) == ("old", 2)
    assert raised.value.message == "Cannot overwrite a value (at line 2, column 6)"


def test_error_at_end_of_document_points_at_the_last_line():
    for unterminated in ('app = "x"\nname = "abc', 'app = "x"\nname = """abc\n\n'):
        with pytest.raises(ConfigUnparseable) as raised:
            semantic_diff(BASE, unterminated)
        assert (raised.value.side, raised.value.line) == ("new", 2)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            Change("http_service.internal_port", "changed", 8080, 3000),
            "http_service.internal_port: 8080 -> 3000",
        ),
        (
            Change("processes.worker", "removed", "python worker.py", None),
            "processes.worker removed",
        ),
        (Change("vm[0].memory", "changed", "512mb", "1gb"), 'vm[0].memory: "512mb" -> "1gb"'),
        (Change("env.LOG_LEVEL", "added", None, "debug"), 'env.LOG_LEVEL added: "debug"'),
        (
            Change("services[0].ports[1].handlers", "changed", ["http"], ["tls", "http"]),
            'services[0].ports[1].handlers: ["http"] -> ["tls", "http"]',
        ),
        (
            Change("mounts[0]", "added", None, {"source": "data", "destination": "/data"}),
            'mounts[0] added: {source = "data", destination = "/data"}',
        ),
        (
            Change("http_service.force_https", "changed", True, False),
            "http_service.force_https: true -> false",
        ),
        (
            Change("deploy.release_command", "added", None, "x" * 100),
            'deploy.release_command added: "' + "x" * 78 + "…",
        ),
    ],
)
def test_describe(change, expected):
    assert describe(change) == expected


def impacts_between(old: str, new: str) -> list[tuple[str, str]]:
    return [(impact.path, impact.note) for impact in impact_notes(semantic_diff(old, new))]


@pytest.mark.parametrize(
    ("new", "path", "phrase"),
    [
        (edit(BASE, '"ams"', '"fra"'), "primary_region", "volumes are regional"),
        (
            edit(BASE, 'LOG_LEVEL = "info"', 'PRIMARY_REGION = "fra"'),
            "env.PRIMARY_REGION",
            "overriding [env]",
        ),
        (
            edit(BASE, '[[mounts]]\n  source = "data"\n  destination = "/data"\n', ""),
            "mounts[0]",
            "loses access to its data",
        ),
        (
            edit(BASE, 'destination = "/data"', 'destination = "/data"\n  initial_size = "1gb"'),
            "mounts[0].initial_size",
            "can never shrink",
        ),
        (edit(BASE, 'source = "data"', 'source = "pgdata"'), "mounts[0].source", "new name"),
        (
            edit(BASE, 'destination = "/data"', 'destination = "/var/lib/data"'),
            "mounts[0].destination",
            "different path",
        ),
        (
            edit(BASE, '  worker = "python manage.py worker"\n', ""),
            "processes.worker",
            "destroyed on deploy",
        ),
        (
            BASE + '\n[deploy]\n  release_command = "migrate"\n',
            "deploy.release_command",
            "if it fails, the deploy stops",
        ),
        (
            BASE + '\n[deploy]\n  strategy = "bluegreen"\n',
            "deploy.strategy",
            "bluegreen needs health checks",
        ),
        (
            edit(BASE, "internal_port = 8080", "internal_port = 3000"),
            "http_service.internal_port",
            "must listen on it",
        ),
        (
            edit(BASE, "    port = 5432\n", "    port = 6543\n"),
            "services[0].ports[0].port",
            "Public ports change",
        ),
        (
            edit(BASE, "force_https = true", "force_https = false"),
            "http_service.force_https",
            "redirected to HTTPS",
        ),
        (
            edit(BASE, 'handlers = ["pg_tls"]', "handlers = []"),
            "services[0].ports[0].handlers",
            "handles this port's traffic differently",
        ),
        (
            edit(BASE, "force_https = true", "force_https = true\n  min_machines_running = 2"),
            "http_service.min_machines_running",
            "cold starts",
        ),
        (
            edit(BASE, "force_https = true", 'force_https = true\n  auto_stop_machines = "off"'),
            "http_service.auto_stop_machines",
            "idle Machines are stopped",
        ),
        (edit(BASE, 'memory = "512mb"', 'memory = "256mb"'), "vm[0].memory", "out-of-memory"),
        (edit(BASE, "cpus = 1", "cpus = 4"), "vm[0].cpus", "bigger costs more"),
        (
            edit(BASE, '[[vm]]\n  memory = "512mb"\n  cpus = 1\n', ""),
            "vm[0]",
            "keep the size they have now",
        ),
        ('kill_signal = "SIGTERM"\n' + BASE, "kill_signal", "different signal"),
        ("kill_timeout = 1\n" + BASE, "kill_timeout", "cuts off work in progress"),
        ("swap_size_mb = 512\n" + BASE, "swap_size_mb", "out-of-memory kills"),
    ],
)
def test_ops_relevant_change_has_an_impact_note(new, path, phrase):
    notes = impacts_between(BASE, new)
    assert [note_path for note_path, _ in notes] == [path]
    assert phrase in notes[0][1]


def test_changes_that_do_not_matter_to_ops_have_no_note():
    new = edit(BASE, 'LOG_LEVEL = "info"', 'LOG_LEVEL = "debug"')
    new = edit(new, '"preflight-demo"', '"preflight-demo"\n# staging')
    assert impacts_between(BASE, new) == []


def test_removed_table_gets_the_notes_of_what_it_held():
    old = BASE + '\n[deploy]\n  release_command = "migrate"\n  strategy = "rolling"\n'
    assert [path for path, _ in impacts_between(old, BASE)] == [
        "deploy.release_command",
        "deploy.strategy",
    ]


def test_removed_http_service_is_one_note_not_one_per_key():
    new = edit(BASE, "[http_service]\n  internal_port = 8080\n  force_https = true\n", "")
    assert impacts_between(BASE, new) == [
        ("http_service", "The app no longer receives HTTP traffic through the Fly proxy.")
    ]


def test_impact_is_exact():
    new = edit(BASE, '  worker = "python manage.py worker"\n', "")
    assert impact_notes(semantic_diff(BASE, new)) == [
        Impact("processes.worker", "This group's Machines are destroyed on deploy.")
    ]


# Line diff -----------------------------------------------------------------------------------


def test_small_diff_rows_are_exact():
    old = "node_modules\n.git\n*.log\n"
    new = "node_modules\n.git/\n*.log\n.env\n"
    diff = line_diff(old, new, lexer=None)
    assert diff.rows == (
        DiffRow("equal", 1, 1, "node_modules", "node_modules"),
        DiffRow("replace", 2, 2, ".git", ".git<mark>/</mark>"),
        DiffRow("equal", 3, 3, "*.log", "*.log"),
        DiffRow("insert", None, 4, "", ".env"),
    )
    assert diff.unified == (
        DiffRow("equal", 1, 1, "node_modules", "node_modules"),
        DiffRow("delete", 2, None, ".git", ""),
        DiffRow("insert", None, 2, "", ".git<mark>/</mark>"),
        DiffRow("equal", 3, 3, "*.log", "*.log"),
        DiffRow("insert", None, 4, "", ".env"),
    )
    assert diff.stats == DiffStats(added=2, removed=1)
    assert not diff.identical


def test_changed_value_is_marked_whole_inside_its_token_span():
    diff = line_diff("internal_port = 8080\n", "internal_port = 3000\n")
    (row,) = diff.rows
    prefix = '<span class="hl-n">internal_port</span> <span class="hl-o">=</span> '
    assert row == DiffRow(
        "replace",
        1,
        1,
        prefix + '<mark><span class="hl-mi">8080</span></mark>',
        prefix + '<mark><span class="hl-mi">3000</span></mark>',
    )


def test_mark_inside_a_string_splits_its_span():
    (row,) = line_diff('memory = "512mb"\n', 'memory = "1gb"\n').rows
    assert row.new_html.endswith(
        '<span class="hl-s2">"</span><mark><span class="hl-s2">1gb</span></mark>'
        '<span class="hl-s2">"</span>'
    )


def test_unequal_hunk_pairs_lines_in_order_then_deletes():
    diff = line_diff("a\nb\nc\n", "x\n", lexer=None)
    assert [(row.kind, row.old_number, row.new_number) for row in diff.rows] == [
        ("replace", 1, 1),
        ("delete", 2, None),
        ("delete", 3, None),
    ]


def numbered(count: int) -> str:
    return "".join(f"line {n}\n" for n in range(1, count + 1))


def test_long_unchanged_runs_are_folded_around_the_change():
    new = numbered(30).replace("line 15\n", "line fifteen\n")
    rows = line_diff(numbered(30), new, lexer=None).rows
    assert [summary(row) for row in rows] == [
        ("fold", 1, 1, 11),
        ("equal", 12, 12),
        ("equal", 13, 13),
        ("equal", 14, 14),
        ("replace", 15, 15),
        ("equal", 16, 16),
        ("equal", 17, 17),
        ("equal", 18, 18),
        ("fold", 19, 19, 12),
    ]
    first_fold = rows[0]
    assert isinstance(first_fold, Fold)
    assert [row.old_number for row in first_fold.rows] == list(range(1, 12))
    assert first_fold.rows[0] == DiffRow("equal", 1, 1, "line 1", "line 1")


def summary(row: DiffRow | Fold) -> tuple:
    if isinstance(row, Fold):
        return ("fold", row.start_old, row.start_new, row.count)
    return (row.kind, row.old_number, row.new_number)


def test_run_of_twice_the_context_between_changes_is_not_folded():
    old = numbered(8)
    new = old.replace("line 1\n", "line one\n").replace("line 8\n", "line eight\n")
    rows = line_diff(old, new, lexer=None, context=3).rows
    assert not any(isinstance(row, Fold) for row in rows)


def test_run_one_longer_than_twice_the_context_folds_one_line():
    old = numbered(9)
    new = old.replace("line 1\n", "line one\n").replace("line 9\n", "line nine\n")
    rows = line_diff(old, new, lexer=None, context=3).rows
    assert [summary(row) for row in rows if isinstance(row, Fold)] == [("fold", 5, 5, 1)]


def test_folds_are_shared_by_side_by_side_and_unified_rows():
    new = numbered(30).replace("line 15\n", "line fifteen\n")
    diff = line_diff(numbered(30), new, lexer=None)
    assert diff.rows[0] == diff.unified[0]
    assert diff.rows[-1] == diff.unified[-1]


def test_identical_files():
    diff = line_diff(numbered(10), numbered(10), lexer=None)
    assert diff.identical
    assert diff.stats == DiffStats(0, 0)
    assert [summary(row) for row in diff.rows] == [("fold", 1, 1, 10)]


def test_short_identical_files_are_shown_whole():
    diff = line_diff("a\nb\n", "a\nb\n", lexer=None)
    assert diff.identical
    assert [summary(row) for row in diff.rows] == [("equal", 1, 1), ("equal", 2, 2)]


def test_empty_files():
    diff = line_diff("", "")
    assert (diff.rows, diff.unified, diff.identical) == ((), (), True)


def test_crlf_line_endings_are_a_visible_change():
    diff = line_diff("a\r\nb\r\n", "a\nb\n", lexer=None)
    carriage_return = (
        '<span class="hl-invisible" title="U+000D carriage return (CRLF line ending)">\u240d</span>'
    )
    assert diff.rows == (
        DiffRow("replace", 1, 1, f"a<mark>{carriage_return}</mark>", "a"),
        DiffRow("replace", 2, 2, f"b<mark>{carriage_return}</mark>", "b"),
    )
    assert not diff.identical


def test_missing_final_newline_is_a_change_flagged_on_its_side():
    diff = line_diff("a\nb", "a\nb\n", lexer=None)
    assert diff.rows == (
        DiffRow("equal", 1, 1, "a", "a"),
        DiffRow("replace", 2, 2, "b", "b", old_no_newline=True),
    )
    assert diff.stats == DiffStats(added=1, removed=1)


def test_unchanged_last_line_without_newline_is_flagged_on_both_sides():
    diff = line_diff("a\nb", "x\nb", lexer=None)
    assert diff.rows[-1] == DiffRow("equal", 2, 2, "b", "b", True, True)


def test_html_in_content_is_escaped():
    new = "# <script>alert(1)</script>\n"
    diff = line_diff("", new)
    (row,) = diff.rows
    assert "<script>" not in row.new_html
    assert row.new_html == '<span class="hl-c1"># &lt;script&gt;alert(1)&lt;/script&gt;</span>'
    assert line_diff("", "<b>&amp;</b>\n", lexer=None).rows[0].new_html == (
        "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    )


def test_tabs_trailing_spaces_and_byte_order_mark_are_kept():
    (row,) = line_diff("", "\ufeff\tnode_modules  \n", lexer=None).rows
    assert row.new_html == (
        '<span class="hl-invisible" title="U+FEFF byte order mark">BOM</span>\tnode_modules  '
    )


def test_lines_are_compared_with_repeated_lines_aligned():
    block = "[[services.ports]]\n  port = 80\n\n"
    old = "".join(f"# service {n}\n{block}" for n in range(300))
    new = old.replace("# service 150\n", "# service 150 (main)\n")
    assert line_diff(old, new).stats == DiffStats(added=1, removed=1)


def test_multi_line_values_are_highlighted_in_context():
    text = 'ports = [\n  80,\n  443,\n]\ncmd = """\nkey = 1\n"""\n'
    lines = highlight_lines(text, "toml")
    assert lines[1] == '  <span class="hl-mi">80</span>,'
    assert lines[5] == '<span class="hl-s2">key = 1</span>'


def test_repeated_line_is_highlighted_by_its_context():
    """The same text is a key outside a multi-line string and string content inside one."""
    text = 'key = 1\ncmd = """\nkey = 1\n"""\nkey2 = 1\n'
    diff = line_diff("key = 1\n", text)
    html_by_line = {row.new_number: row.new_html for row in diff.rows}
    assert html_by_line[1].startswith('<span class="hl-n">key</span>')
    assert html_by_line[3] == '<span class="hl-s2">key = 1</span>'


def test_highlight_lines_plain_text():
    assert highlight_lines("a <b>\n\n*.log", None) == ["a &lt;b&gt;", "", "*.log"]


def test_highlight_css_covers_the_classes_with_readable_colours():
    css = highlight_css()
    assert ".hl-s2 { color: #C41A16 }" in css
    assert ".hl-invisible {" in css
    for colour in re.findall(r"color: (#[0-9A-Fa-f]{3,6})", css):
        assert contrast_on_white(colour) >= 4.5, colour


def contrast_on_white(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


# Properties ----------------------------------------------------------------------------------

CONFIG_TEXT = st.text(alphabet=st.sampled_from(list("ab =[]{}\"'#.,\n\r\t1\ufeff\x00<&")))


def shown_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def all_rows(rows: tuple[DiffRow | Fold, ...]) -> list[DiffRow]:
    return [inner for row in rows for inner in (row.rows if isinstance(row, Fold) else (row,))]


@given(old=st.one_of(st.text(), CONFIG_TEXT), new=st.one_of(st.text(), CONFIG_TEXT))
def test_line_diff_never_raises_and_numbers_every_line_once(old, new):
    old_count, new_count = len(split_lines(old)[0]), len(split_lines(new)[0])
    for lexer in ("toml", None):
        diff = line_diff(old, new, lexer=lexer)
        for rows in (diff.rows, diff.unified):
            flat = all_rows(rows)
            assert [row.old_number for row in flat if row.old_number] == [*range(1, old_count + 1)]
            assert [row.new_number for row in flat if row.new_number] == [*range(1, new_count + 1)]


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])))
def test_highlighting_keeps_every_visible_character(text):
    expected = text.split("\n")
    if expected[-1] == "":
        expected.pop()
    for lexer in ("toml", None):
        assert [shown_text(line) for line in highlight_lines(text, lexer)] == expected


@given(old=st.one_of(st.text(), CONFIG_TEXT), new=st.one_of(st.text(), CONFIG_TEXT))
def test_semantic_diff_raises_nothing_but_config_unparseable(old, new):
    try:
        semantic_diff(old, new)
    except ConfigUnparseable as error:
        assert error.side in ("old", "new")


TOML_KEYS = st.text(alphabet="abcXYZ_-. é", min_size=1, max_size=6)
TOML_SCALARS = st.one_of(st.integers(), st.booleans(), st.text(max_size=5))
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda children: st.one_of(
        st.lists(TOML_SCALARS, max_size=3),
        st.dictionaries(TOML_KEYS, children, max_size=3),
        st.lists(st.dictionaries(TOML_KEYS, children, max_size=2), min_size=1, max_size=2),
    ),
    max_leaves=8,
)
TOML_DOCUMENTS = st.dictionaries(TOML_KEYS, TOML_VALUES, max_size=4)


@given(old=TOML_DOCUMENTS, new=TOML_DOCUMENTS)
def test_semantic_diff_is_empty_exactly_when_the_data_is_the_same(old, new):
    changes = semantic_diff(tomlkit.dumps(old), tomlkit.dumps(new))
    same_data = json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)
    assert (changes == []) == same_data
    assert semantic_diff(tomlkit.dumps(new), tomlkit.dumps(new)) == []
