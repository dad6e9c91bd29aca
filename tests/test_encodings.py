"""index.files.encodings: the encodings Arabic archives hold, told apart by what the bytes prove."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.index.files.encodings import DecodeError, decode, looks_binary

SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_4842e351d2c85202.txt"
TEXT = SEED.read_text(encoding="utf-8")[:3000]
# Only what ISO-8859-6 can write: Arabic letters, harakat, ، ؛ ؟, ASCII.
PLAIN = "انتهت الحرب في المدينة، وعاد السكان إلى بيوتهم؛ قال الوزير: هل كان عام 2019 صعبا؟ نعم.\n" * 20


def test_utf8_and_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(TEXT.encode("utf-8-sig")) == (TEXT, "utf-8")
    assert decode(TEXT.encode("utf-16")) == (TEXT, "utf-16")


def test_cp1256():
    assert decode(PLAIN.encode("cp1256")) == (PLAIN, "cp1256")


def test_iso_8859_6_is_not_read_as_cp1256():
    data = PLAIN.encode("iso-8859-6")
    garbled = data.decode("cp1256")
    assert garbled != PLAIN  # what was indexed before: و read as è, ه as ç...
    assert decode(data) == (PLAIN, "iso-8859-6")


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(enc):
    assert decode(TEXT.encode(enc)) == (TEXT, enc)
    english = "The minister said the war was over.\n" * 5
    assert decode(english.encode(enc)) == (english, enc)


def test_mojibake_repaired():
    mojibake = TEXT.encode("utf-8").decode("cp1256")
    assert "ط§" in mojibake or "ظ" in mojibake
    text, enc = decode(mojibake.encode("utf-8"))
    assert text == TEXT
    assert enc == "utf-8 (repaired from cp1256 mojibake)"
    assert decode("ط§ظ†طھ ظ‡ظ†ط§".encode("utf-8")) == ("انت هنا", "utf-8 (repaired from cp1256 mojibake)")


def test_real_arabic_is_not_repaired():
    # Genuine text full of ط ظ ع غ stays as it is.
    text = "طلب الطالب ظرفا عظيما من غرفة العطار، وطار الظل فوق الغابة.\n" * 10
    assert decode(text.encode("utf-8")) == (text, "utf-8")


def test_binary_and_undecodable():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    with pytest.raises(DecodeError, match="binary"):
        decode(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    with pytest.raises(DecodeError, match="empty"):
        decode(b"")
    with pytest.raises(DecodeError, match="not UTF-8"):
        decode("Un café, un résumé naïf à Genève.\n".encode("latin-1") * 5)  # neither reads as Arabic
    assert looks_binary("\x01\x02\x03" * 10) and not looks_binary(TEXT)
