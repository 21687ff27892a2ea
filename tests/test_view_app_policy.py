from django.urls import reverse

from configs.models import AuditEvent, FlyApp


def url(slug="tynebase-backend"):
    return reverse("app-policy", args=[slug])


def policy_data(**overrides):
    data = {
        "name": "TyneBase backend",
        "expected_app": "tynebase-backend",
        "required_approvals": "2",
        "required_primary_region": "lhr",
        "allowed_regions": "lhr, ams",
        "required_processes": "api worker",
        "unexposed_processes": "worker",
        "required_internal_port": "8080",
        "health_check_path": "/health",
        "required_secrets": "SUPABASE_URL,SUPABASE_ANON_KEY",
        "disabled_rules": "",
    }
    return {**data, **overrides}


def test_an_approver_saves_the_policy_with_an_audit_event(client, bob, app):
    client.force_login(bob)
    response = client.post(url(), policy_data())
    assert response.status_code == 302
    app = FlyApp.objects.get(pk=app.pk)
    assert app.required_processes == ["api", "worker"]
    assert app.allowed_regions == ["lhr", "ams"]
    assert app.required_secrets == ["SUPABASE_URL", "SUPABASE_ANON_KEY"]
    assert (app.required_approvals, app.required_internal_port) == (2, 8080)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.POLICY_CHANGED)
    assert event.actor == bob
    assert event.data["changes"]["required_processes"] == {"old": [], "new": ["api", "worker"]}
    assert "carry_over_approvals" not in event.data["changes"]


def test_saving_an_unchanged_policy_records_nothing(client, bob, app):
    client.force_login(bob)
    client.post(url(), policy_data())
    client.post(url(), policy_data())
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.POLICY_CHANGED).count() == 1


def test_the_app_page_shows_the_policy(client, bob, app):
    client.force_login(bob)
    client.post(url(), policy_data())
    body = client.get(reverse("app-detail", args=[app.slug])).content.decode()
    assert "<dt>Processes</dt><dd>api, worker; never exposed: worker</dd>" in body
    assert "Edit policy" in body


def test_htmx_save_returns_the_policy_summary(client, bob, app):
    client.force_login(bob)
    response = client.post(url(), policy_data(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="policy"')
    assert '<p class="flash flash-success">Policy saved.' in body


def test_it_explains_bad_values_and_keeps_them(client, bob, app):
    client.force_login(bob)
    bad = policy_data(required_internal_port="70000", health_check_path="health")
    response = client.post(url(), bad)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "required_internal_port": ["A port is between 1 and 65535."],
        "health_check_path": ["A check path starts with /, e.g. /health."],
    }
    assert b'value="health"' in response.content
    assert FlyApp.objects.get(pk=app.pk).health_check_path == ""


def test_an_editor_cannot_change_the_policy(client, alice, app):
    client.force_login(alice)
    assert client.get(url()).status_code == 403
    assert client.post(url(), policy_data()).status_code == 403
    assert b"Edit policy" not in client.get(reverse("app-detail", args=[app.slug])).content


def test_it_is_404_without_membership(client, charlie, app):
    client.force_login(charlie)
    assert client.get(url()).status_code == 404


def test_a_superuser_can_edit_any_policy(client, admin_user, app):
    client.force_login(admin_user)
    assert client.get(url()).status_code == 200


def test_it_refuses_delete(client, bob, app):
    client.force_login(bob)
    assert client.delete(url()).status_code == 405


def test_it_refuses_unknown_regions_and_rule_ids(client, bob, app):
    client.force_login(bob)
    bad = policy_data(
        required_primary_region="xyz", allowed_regions="lhr Paris", disabled_rules="fly150, NOPE1"
    )
    response = client.post(url(), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["required_primary_region"][0].startswith(
        "Not a Fly region: xyz. Current regions: ams, arn"
    )
    assert errors["allowed_regions"][0].startswith("Not a region code: Paris (three lowercase")
    assert errors["disabled_rules"] == [
        "No such rule: NOPE1. Rule ids look like FLY105; every one is listed in docs/rules.md."
    ]


def test_rule_ids_are_stored_upper_case(client, bob, app):
    client.force_login(bob)
    client.post(url(), policy_data(disabled_rules="fly150 di204"))
    assert FlyApp.objects.get(pk=app.pk).disabled_rules == ["FLY150", "DI204"]


def test_an_htmx_save_on_the_policy_page_goes_back_to_the_app(client, bob, app):
    client.force_login(bob)
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": "http://testserver/apps/tynebase-backend/policy",
    }
    response = client.post(url(), policy_data(), headers=headers)
    assert (response.status_code, response["HX-Redirect"]) == (200, "/apps/tynebase-backend/")
