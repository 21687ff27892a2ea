from pathlib import Path

from configs.highlighting import highlight_css

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "css" / "preflight.css"


def test_the_stylesheet_carries_the_current_highlighting_rules():
    assert highlight_css() in STYLESHEET.read_text()
