import pytest

from configs.rules.ignorefile import go_match_error, parse_ignore_file


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        ("node_modules", "node_modules/a/b.js", True),
        ("**/node_modules", "web/node_modules/a.js", True),
        ("/dist/", "dist/server.js", True),
        ("*.pem", "certs/server.pem", False),
        ("**/*.pem", "certs/server.pem", True),
        (".env*\n!.env.example", ".env.example", False),
        (".git\n!.git/HEAD", ".git/config", True),
        (".git\n!.git/HEAD", ".git/HEAD", False),
        ("# .env", ".env", False),
    ],
)
def test_it_matches_like_docker(patterns, path, excluded):
    assert parse_ignore_file(patterns).excludes(path) is excluded


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("[abc", "has a '[' that is never closed"),
        ("[]", "has a misplaced ']' in a character class"),
        ("[a-]", "has a misplaced ']' in a character class"),
        ("abc\\", "ends with a lone backslash"),
        ("[!a-z]*.txt", ""),
    ],
)
def test_it_validates_patterns_like_go(pattern, error):
    assert go_match_error(pattern) == error
