import hashlib

import pytest
from django.core.management import CommandError, call_command

from configs.models import ApiToken


def test_it_prints_the_token_alone_on_the_last_line_and_stores_only_its_hash(alice, capsys):
    call_command("create_api_token", "alice")
    token = capsys.readouterr().out.splitlines()[-1]
    assert token.startswith("pf_") and len(token) > 40
    stored = ApiToken.objects.get(user=alice)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.name, stored.prefix}


def test_it_fails_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user 'ghost'"):
        call_command("create_api_token", "ghost")
