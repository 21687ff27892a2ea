from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from configs.actions import do_set_membership
from configs.models import FlyApp, Role


class Command(BaseCommand):
    help = "Give USERNAME a ROLE on the app SLUG, creating the user if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("slug")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--password", help="Set this password (new or existing user)")

    def handle(self, username: str, slug: str, role: str, password: str | None, **options):
        app = FlyApp.objects.filter(slug=slug).first()
        if app is None:
            raise CommandError(f"No app {slug!r}. Add it first: manage.py add_app {slug}")
        try:
            User._meta.get_field("username").clean(username, None)
        except ValidationError as error:
            raise CommandError(
                f"{username!r} is not a valid username: {' '.join(error.messages)}"
            ) from None
        user, created = User.objects.get_or_create(username=username)
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
        elif created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        do_set_membership(app, user, role, actor=None)
        prefix = "Created user" if created else "User"
        self.stdout.write(f"{prefix} {username} is now {role} of {slug}.")
