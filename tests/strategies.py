"""Shared hypothesis strategies."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Tôn Thất"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức", "Quốc", "Thu", "Xuân", ""]
GIVEN = ["An", "Anh", "Bình", "Hòa", "Hoà", "Thủy", "Thuỷ", "Hùng", "Hưng", "Lan", "Khỏe",
         "Quyết", "Tuấn", "Trang", "Yến", "Dũng", "Phượng", "Khuê", "Uyên", "Ý", "Quý"]


@st.composite
def vn_full_names(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(FAMILY)), draw(st.sampled_from(MIDDLE)),
             draw(st.sampled_from(GIVEN))]
    return " ".join(p for p in parts if p)


@st.composite
def messy(draw: st.DrawFn, text: str) -> str:
    """The same name as a person might type or a system might mangle it."""
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.lower()
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        text = "  " + text.replace(" ", draw(st.sampled_from(["  ", "\u00a0", " \u200b"]))) + " "
    return text


def cccd_numbers() -> st.SearchStrategy[str]:
    provinces = ["001", "002", "004", "031", "038", "048", "079", "092", "096"]
    return st.builds(
        lambda p, g, y, r: f"{p}{g}{y:02d}{r:06d}",
        st.sampled_from(provinces),
        st.sampled_from("0123"),
        st.integers(0, 99),
        st.integers(0, 999999),
    )
