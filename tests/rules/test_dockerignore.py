import pytest

from tests.rules.helpers import CLEAN_DOCKERIGNORE, CLEAN_FLY_TOML, hits

NODE_FLY_TOML = (
    '[processes]\n  app = "node dist/server.js"\n[deploy]\n  release_command = "npm run migrate"\n'
)


@pytest.mark.parametrize(
    ("rule", "fly_toml", "dockerignore", "expected"),
    [
        pytest.param(
            "DI201", CLEAN_FLY_TOML, None, [(None, "")], id="it_flags_a_missing_dockerignore"
        ),
        pytest.param("DI201", CLEAN_FLY_TOML, "", [], id="it_accepts_an_empty_dockerignore"),
        pytest.param(
            "DI202",
            "",
            ".env\nconfig/[abc\nlogs\\\n",
            [(2, "config/[abc"), (3, "logs\\")],
            id="it_flags_patterns_go_rejects",
        ),
        pytest.param("DI202", "", "[Dd]ockerfile\n*.log\n", [], id="it_accepts_character_classes"),
        pytest.param(
            "DI203",
            "",
            "node_modules\n.env.local\n",
            [(1, ".env"), (1, ".env.*")],
            id="it_warns_when_env_files_are_sent",
        ),
        pytest.param(
            "DI203",
            "",
            ".env*\n!.env.example\n",
            [],
            id="it_applies_exceptions_in_order",
        ),
        pytest.param(
            "DI203",
            "",
            ".env\n.env.*\n!.env.staging\n",
            [(1, ".env.*")],
            id="it_sees_a_later_exception_undo_an_exclusion",
        ),
        pytest.param("DI204", "", ".env\n", [(1, "*.key"), (1, "*.pem")], id="it_notes_key_files"),
        pytest.param("DI204", "", "**/*.pem\n**/*.key\n", [], id="it_accepts_double_star_patterns"),
        pytest.param(
            "DI205",
            "",
            ".env*\n!.env.production\n",
            [(2, "!.env.production")],
            id="it_flags_exceptions_for_secrets",
        ),
        pytest.param(
            "DI205", "", ".env*\n!.env.example\n", [], id="it_accepts_an_example_env_exception"
        ),
        pytest.param(
            "DI206",
            NODE_FLY_TOML,
            ".env\n",
            [(1, ".git"), (1, ".idea"), (1, ".vscode"), (1, "node_modules")],
            id="it_notes_repository_and_editor_folders",
        ),
        pytest.param(
            "DI206",
            "",
            ".git\n!.git/HEAD\n.vscode/\n/.idea\n",
            [],
            id="it_ignores_node_modules_for_non_node_apps",
        ),
        pytest.param(
            "DI207",
            "",
            ".env\nnode_modules\n/.env/\n",
            [(3, "/.env/")],
            id="it_notes_duplicate_patterns",
        ),
        pytest.param(
            "DI207", "", ".env\n!.env\n", [], id="it_treats_an_exception_as_a_different_pattern"
        ),
        pytest.param(
            "DI208",
            '[build]\n  dockerfile = "Dockerfile.prod"\n',
            "Dockerfile*\n.dockerignore\n",
            [(1, "Dockerfile*"), (2, ".dockerignore")],
            id="it_notes_excluding_the_dockerfile",
        ),
        pytest.param(
            "DI208", "", "Dockerfile*\n!Dockerfile\n", [], id="it_accepts_a_dockerfile_exception"
        ),
        pytest.param(
            "DI209",
            NODE_FLY_TOML,
            "/dist/\n",
            [(1, "/dist/")],
            id="it_warns_when_commands_need_excluded_files",
        ),
        pytest.param(
            "DI209",
            NODE_FLY_TOML,
            "node_modules\n",
            [],
            id="it_accepts_commands_whose_files_are_sent",
        ),
    ],
)
def test_dockerignore_rule(rule, fly_toml, dockerignore, expected):
    assert hits(rule, fly_toml, dockerignore) == expected


def test_clean_dockerignore_has_no_findings():
    assert hits("DI203", CLEAN_FLY_TOML, CLEAN_DOCKERIGNORE) == []
