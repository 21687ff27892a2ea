"""configs.jsoninput: the nesting depth of JSON text and the kind of a JSON value, for messages."""

import pytest

from configs.jsoninput import MAX_JSON_DEPTH, json_kind, too_deep


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "null"),
        (True, "a boolean"),
        (0, "a number"),
        (1.5, "a number"),
        ("x", "a string"),
        ([], "an array"),
        ({}, "an object"),
    ],
)
def test_it_names_each_json_kind(value, kind):
    assert json_kind(value) == kind


def test_nesting_up_to_the_limit_is_accepted():
    assert not too_deep("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)


def test_nesting_past_the_limit_is_refused_even_unclosed():
    assert too_deep("[" * (MAX_JSON_DEPTH + 1))
    assert too_deep('{"a":' * (MAX_JSON_DEPTH + 1))


def test_brackets_inside_strings_do_not_count():
    assert not too_deep(f'["{"[" * (MAX_JSON_DEPTH * 2)}"]')
