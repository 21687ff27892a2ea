from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from configs.actions import do_create_app
from configs.models import FlyApp


class Command(BaseCommand):
    help = "Add a Fly app to Preflight (does nothing if the slug exists)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Preflight slug, usually the Fly app name")
        parser.add_argument("--name", default="", help="Display name (default: the slug)")

    def handle(self, slug: str, name: str, **options):
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"{slug!r} is not a valid slug (letters, digits, - and _)."
            ) from None
        limit = FlyApp._meta.get_field("slug").max_length
        if len(slug) > limit:
            raise CommandError(f"The slug is {len(slug)} characters long; the limit is {limit}.")
        limit = FlyApp._meta.get_field("name").max_length
        if len(name) > limit:
            raise CommandError(f"--name is {len(name)} characters long; the limit is {limit}.")
        existed = FlyApp.objects.filter(slug=slug).exists()
        app = do_create_app(slug, name=name)
        verb = "already exists" if existed else "added"
        self.stdout.write(f"App {app.slug} {verb}.")
