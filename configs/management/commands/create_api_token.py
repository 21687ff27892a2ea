from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from configs.actions import do_create_api_token


class Command(BaseCommand):
    help = "Create an API token for USERNAME; prints it once, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="A label for the token")

    def handle(self, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        token, secret = do_create_api_token(user, name=name, actor=None)
        self.stderr.write(f"Token {token.prefix}… for {username}; it is shown only now.")
        self.stdout.write(secret)
