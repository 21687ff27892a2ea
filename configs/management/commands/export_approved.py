from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from configs.actions import do_record_export
from configs.export import NothingToExport, approved_file
from configs.models import FlyApp


class Command(BaseCommand):
    help = (
        "Write the approved fly.toml (or .dockerignore) of SLUG byte-exact to stdout or --out. "
        "Exit 1 when nothing is approved, 2 for usage errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The app's slug")
        parser.add_argument(
            "--file", choices=["fly.toml", "dockerignore"], default="fly.toml", dest="filename"
        )
        parser.add_argument("--out", type=Path, help="Write to this path instead of stdout")
        parser.add_argument(
            "--stamp", action="store_true", help="Prepend a comment header with the approval"
        )

    def handle(self, slug: str, filename: str, out: Path | None, stamp: bool, **options):
        app = FlyApp.objects.filter(slug=slug).first()
        if app is None:
            raise CommandError(f"No app {slug!r}.", returncode=2)
        try:
            exported = approved_file(app, filename, stamp=stamp)
        except NothingToExport as missing:
            raise CommandError(str(missing), returncode=1) from None
        if out is None:
            self._write_stdout(exported.data)
        else:
            try:
                out.write_bytes(exported.data)
            except OSError as error:
                raise CommandError(f"Cannot write {out}: {error.strerror}.", returncode=2) from None
        do_record_export(exported, actor=None, via="command")
        self.stderr.write(
            f"Exported {exported.download_name} of {slug} revision #{exported.revision.number} "
            f"(sha256 {exported.sha256})" + (f" to {out}." if out else ".")
        )

    def _write_stdout(self, data: bytes) -> None:
        """Bytes as they are: no newline translation, no added final newline."""
        stream = self.stdout._out
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text-only stream (StringIO): no newline translation there
            stream.write(data.decode())
            return
        stream.flush()
        binary.write(data)
        binary.flush()
