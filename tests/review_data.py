"""A small county list with three duplicate pairs (and one row whose
investment cannot be read), shared by the review, merge and export tests."""

from __future__ import annotations

from pathlib import Path

HEADER = "项目名称,建设地点,建设内容及规模,总投资（万元）,建设年限,责任单位"
ROWS = [
    "汾河智慧物流园项目,洪洞县,建设智慧仓储物流中心及城乡配送设施,50000,2023-2025,洪洞县商务局",
    "汾河智慧物流园建设项目,尧都区,建设智慧仓储物流中心与冷链配送设施,50000,2023-2025,尧都区发展和改革局",
    "煤矸石综合利用项目,霍州市,年处理煤矸石100万吨，建设新型墙材生产线,30000,2023-2024,霍州市工业和信息化局",
    "煤矸石综合利用工程,洪洞县,年处理煤矸石100万吨，配套建设新型墙材生产线,30000,2023-2024,洪洞县能源局",
    "中药材种植基地项目,浮山县,种植连翘、黄芩等中药材5000亩，建设初加工车间,8000,2023-2025,浮山县农业农村局",
    "中药材规范化种植基地项目,翼城县,建设连翘、黄芩等中药材规范化种植基地5000亩,8000,2023-2025,翼城县林业局",
    "文旅康养小镇项目,乡宁县,建设康养度假酒店及配套设施,待定金额,2024-2026,乡宁县文化和旅游局",
]
BAD_ROW = 8  # the 文旅康养 row: its investment cannot be read (the header is row 1)
PAIRS = [("物流园",) * 2, ("煤矸石",) * 2, ("中药材",) * 2]  # words naming each pair


def write_list(folder: Path, name: str = "county-review-list.csv", rows: list[str] | None = None) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *(rows or ROWS)]) + "\n", encoding="utf-8")
    return path
