from configs.actions import do_remove_membership, do_set_membership
from configs.models import AuditEvent, Membership, Role


def test_it_grants_changes_and_removes_a_role_with_an_audit_event_each(app, charlie, admin_user):
    do_set_membership(app, charlie, Role.VIEWER, actor=admin_user)
    do_set_membership(app, charlie, Role.APPROVER, actor=admin_user)
    do_remove_membership(app, charlie, actor=admin_user)
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERSHIP_CHANGED, actor=admin_user)
    assert [event.data for event in events.order_by("pk")] == [
        {"user": "charlie", "old_role": None, "new_role": "viewer"},
        {"user": "charlie", "old_role": "viewer", "new_role": "approver"},
        {"user": "charlie", "old_role": "approver", "new_role": None},
    ]
    assert not Membership.objects.filter(user=charlie).exists()


def test_it_records_nothing_when_the_role_is_unchanged(app, vera):
    before = AuditEvent.objects.count()
    do_set_membership(app, vera, Role.VIEWER, actor=None)
    do_remove_membership(app, vera, actor=None)
    do_remove_membership(app, vera, actor=None)
    assert AuditEvent.objects.count() == before + 1
