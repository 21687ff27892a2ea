from django.contrib.auth.models import User
from django.core.management import call_command

from configs.models import FlyApp, Membership, Revision


def test_it_loads_the_demo_once(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "alice  editor: proposes revisions" in out
    assert sorted(FlyApp.objects.values_list("slug", flat=True)) == [
        "preflight-dashboard",
        "tynebase-backend",
    ]
    assert Revision.objects.filter(app__slug="tynebase-backend").count() == 3
    assert Revision.objects.filter(app__slug="preflight-dashboard").count() == 1
    assert User.objects.count() == 4
    assert Membership.objects.count() == 6


def test_the_seed_app_carries_the_seed_policy(db):
    call_command("load_demo")
    app = FlyApp.objects.get(slug="tynebase-backend")
    assert app.required_primary_region == "lhr"
    assert app.required_processes == ["api", "worker"]
    assert app.unexposed_processes == ["worker"]
    assert app.required_internal_port == 8080
    latest = app.revisions.order_by("-number").first()
    assert '[processes]\n  api = "node dist/server.js"\n  worker = "node dist/worker.js"' in (
        latest.fly_toml
    )


def test_preflight_reviews_its_own_config_from_the_repository(db, settings):
    call_command("load_demo")
    own = Revision.objects.get(app__slug="preflight-dashboard")
    assert own.fly_toml == (settings.BASE_DIR / "fly.toml").read_text()
    assert own.dockerignore == (settings.BASE_DIR / ".dockerignore").read_text()
    # Preflight's own config passes its own rules, with the app's policy applied.
    assert own.findings == []
