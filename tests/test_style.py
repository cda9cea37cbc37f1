"""The course's one stylesheet and its pieces (course_lib/style.py)."""
import re

import pytest

from course_lib import style


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_badges_are_readable_and_say_what_they_mark():
    for kind, (background, text) in style.BADGES.items():
        assert contrast(background, text) >= 4.5, kind
    html = style.badge("Urgent: same day", "urgent")
    assert 'class="fbss-badge fbss-badge-urgent"' in html and ">Urgent: same day<" in html
    assert "&lt;b&gt;" in style.badge("<b>", "neutral")
    with pytest.raises(ValueError, match="unknown badge kind 'red'"):
        style.badge("x", "red")


def test_buttons_keep_their_words_readable():
    """Primary buttons: white on the course's blue; a disabled button stays readable (no
    faded opacity), and no button has a fixed width that could cut its words."""
    assert contrast(style.BLUE, "#FFFFFF") >= 4.5
    disabled = re.search(r"fbss-button:disabled \{([^}]*)\}", style.CSS).group(1)
    assert "opacity: 1" in disabled and contrast("#F3F3F3", "#555555") >= 4.5
    assert "width: auto" in style.CSS and not re.search(r"[^-]width:\s*\d+px", style.CSS)
    button = style.button("Add to the list", primary=True)
    assert button.layout.width == "auto" and {"fbss-button", "fbss-primary"} <= set(
        button._dom_classes)


def test_card_and_stylesheet_widget():
    card = style.card("<b>Scar</b>", "<p>long text</p>")
    assert card.startswith('<details class="fbss-card"><summary><b>Scar</b></summary>')
    assert " open" in style.card("s", "b", open_=True)
    sheet = style.stylesheet()
    assert sheet.value == style.style_tag() and sheet.layout.display == "none"


def test_a_number_is_a_labelled_field_not_a_slider():
    field = style.number("Pain after (0-10)", 4, 0, 10)
    assert (field.description, field.value, field.min, field.max) == ("Pain after (0-10)", 4, 0, 10)
    assert field._view_name == "IntTextView" and "fbss-number" in field._dom_classes
    field.value = 12
    assert field.value == 10   # held to its range
