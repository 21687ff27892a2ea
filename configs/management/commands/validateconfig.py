import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from configs import report
from configs.files import ConfigFileError, check_size
from configs.models import FlyApp
from configs.validation import run_rules

FORMATS = ("text", "json", "sarif")


class Command(BaseCommand):
    help = (
        "Validate a fly.toml (and .dockerignore) like Preflight does. Exit 0: no error; "
        "1: an error was found; 2: usage error or unreadable file."
    )

    def add_arguments(self, parser):
        parser.add_argument("fly_toml", metavar="FLY_TOML")
        parser.add_argument("--dockerignore", metavar="FILE", help="the .dockerignore to check")
        parser.add_argument("--app", metavar="SLUG", help="apply this Preflight app's policy")
        parser.add_argument("--format", choices=FORMATS, default="text")

    def handle(self, fly_toml: str, dockerignore: str | None, app: str | None, format: str, **_):
        try:
            fly_bytes = self._read(fly_toml)
            ignore_bytes = self._read(dockerignore) if dockerignore else None
        except OSError as error:
            self._usage_error(f"cannot read {error.filename}: {error.strerror}")
        except ConfigFileError as error:
            self._usage_error(str(error))
        fly_app = None
        if app:
            fly_app = FlyApp.objects.filter(slug=app).first()
            if fly_app is None:
                self._usage_error(f"No app {app!r} in Preflight.")
        findings = run_rules(fly_app, fly_bytes, ignore_bytes)
        paths = {"fly.toml": fly_toml, ".dockerignore": dockerignore or ".dockerignore"}
        output = {
            "text": lambda: report.as_text(findings, paths),
            "json": lambda: report.as_json(findings),
            "sarif": lambda: report.as_sarif(findings, paths),
        }[format]()
        self.stdout.write(output, ending="")
        if report.counts(findings)[0]:
            sys.exit(1)

    @staticmethod
    def _read(path: str) -> bytes:
        file = Path(path)
        check_size(file.stat().st_size, path)
        return file.read_bytes()

    def _usage_error(self, message: str):
        self.stderr.write(f"validateconfig: {message}")
        sys.exit(2)
