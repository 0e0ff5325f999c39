"""Compile China's administrative divisions into lang/zh/divisions.json (see lang/zh/DIVISIONS_SOURCE.md).

    python scripts/build_divisions.py PATH/TO/Administrative-divisions-of-China/dist

The source is modood/Administrative-divisions-of-China (WTFPL), a transcription of the National
Bureau of Statistics' 统计用区划代码和城乡划分代码 (provinces.csv, cities.csv, areas.csv, streets.csv).
Kept: every province, prefecture and county-level division with its 6-digit code and parent code
(the placeholder levels 市辖区 / 县 / 省直辖县级行政区划 are dropped, their children hang on the
province), Hong Kong, Macao and Taiwan as provinces, and every township (镇, 乡, 街道, 苏木; 街道办事处
read as 街道) under its county as the last three digits of its 9-digit code and its name.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "reformmetrics" / "lang" / "zh" / "divisions.json"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
TOWN_ENDINGS = ("街道", "镇", "乡", "苏木")
#: not in the statistical code table: the GB/T 2260 codes of the special administrative regions and Taiwan
OUTSIDE = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}


def _rows(dist: Path, name: str) -> list[dict]:
    with open(dist / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(dist: Path) -> None:
    divisions: dict[str, list[str]] = {}
    for r in _rows(dist, "provinces"):
        divisions[r["code"] + "0000"] = [r["name"], ""]
    divisions.update({code: [name, ""] for code, name in OUTSIDE.items()})
    prefectures = {}
    for r in _rows(dist, "cities"):
        province = r["provinceCode"] + "0000"
        if r["name"] in PLACEHOLDERS:
            prefectures[r["code"]] = province
            continue
        divisions[r["code"] + "00"] = [r["name"], province]
        prefectures[r["code"]] = r["code"] + "00"
    for r in _rows(dist, "areas"):
        divisions[r["code"]] = [r["name"], prefectures[r["cityCode"]]]
    towns: dict[str, list[str]] = {}
    for r in _rows(dist, "streets"):
        name = r["name"].removesuffix("办事处")
        if name.endswith(TOWN_ENDINGS) and r["areaCode"] in divisions:
            towns.setdefault(r["areaCode"], []).append(r["code"][6:] + name)
    data = {"divisions": dict(sorted(divisions.items())),
            "towns": {county: " ".join(sorted(names)) for county, names in sorted(towns.items())}}
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(divisions)} divisions, {sum(map(len, towns.values()))} townships → {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
