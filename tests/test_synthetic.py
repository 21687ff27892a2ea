import random
import tomllib
from itertools import islice

import pytest
from django.conf import settings

from configs.management.commands.generate_history import default_corpus
from configs.synthetic import AppHistory, load_dockerignores, load_templates, rename_app

TEMPLATES = load_templates(settings.BASE_DIR, default_corpus())
IGNORE_FILES = load_dockerignores(settings.BASE_DIR, default_corpus())


@pytest.mark.parametrize("template", TEMPLATES, ids=[template.name for template in TEMPLATES])
def test_every_edit_parses_and_changes_one_file(template):
    history = AppHistory(
        "gen-x", rename_app(template.fly_toml, "gen-x"), IGNORE_FILES[0], random.Random(1)
    )
    previous = (history.fly_toml, history.dockerignore)
    for edit in islice(history.edits(), 60):
        assert tomllib.loads(edit.fly_toml)["app"] == "gen-x"
        assert edit.message
        current = (edit.fly_toml, edit.dockerignore)
        assert current != previous
        assert current[0] == previous[0] or current[1] == previous[1]
        previous = current


def test_rename_app_replaces_or_adds_the_app_name():
    assert rename_app('# hi\napp = "old"\n[env]\n', "new") == '# hi\napp = "new"\n[env]\n'
    assert (
        rename_app('# hi\n\n[env]\n  A = "1"\n', "new") == '# hi\n\napp = "new"\n[env]\n  A = "1"\n'
    )


def test_a_leaked_secret_is_later_moved_to_fly_secrets():
    fly_toml = '# fly secrets set A=...\napp = "x"\n\n[env]\n  PORT = "8080"\n'
    history = AppHistory("x", fly_toml, None, random.Random(3))
    leaked = history.leak_secret(fly_toml.split("\n"))
    assert leaked is not None
    history.fly_toml, _ = leaked
    name = history.leaked[0]
    moved, message = history.move_secret(history.fly_toml.split("\n"))
    assert message == f"Move {name} to fly secrets"
    assert moved.split("\n")[:2] == ["# fly secrets set A=...", f"#   fly secrets set {name}=..."]
    assert name + " =" not in moved


def test_some_edits_revert_the_previous_one():
    template = TEMPLATES[0]
    history = AppHistory("gen-x", rename_app(template.fly_toml, "gen-x"), None, random.Random(2))
    states = [(history.fly_toml, history.dockerignore)]
    reverts = 0
    for edit in islice(history.edits(), 200):
        if edit.message.startswith('Revert "'):
            reverts += 1
            assert (edit.fly_toml, edit.dockerignore) == states[-2]
        states.append((edit.fly_toml, edit.dockerignore))
    assert 2 <= reverts <= 25
