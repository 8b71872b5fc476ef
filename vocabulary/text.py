"""Text normalisation: the one way every part of the site folds and tokenises text before it meets the vocabulary.

Two forms:

* :func:`fold` (for substring search): NFKC (full-width Latin and digits become ASCII), lower case, traditional
  characters folded to simplified ones (OpenCC's character table), runs of white space collapsed to one space.
  Punctuation and character positions are kept, so a folded query is a substring of a folded text exactly when
  the text says it.
* :func:`normalize` (for concept matching and text features): :func:`fold`, then only ASCII words and CJK runs
  are kept, separated by single spaces; ASCII words are reduced by :func:`stem_word` so that British/American
  spellings and regular plurals meet (``optimisation``/``optimizations`` -> ``optimization``), and an ASCII run
  is always separated from neighbouring CJK characters, so "AI视频" and "AI 视频" normalise alike. Chinese is not
  segmented (it is written without spaces).

Both are idempotent and total: any ``str`` (emoji, control characters, 100 KB inputs) is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

# Traditional -> simplified for characters common in this field, written by hand first; OpenCC's full character
# table (below) now covers the rest.
_TRAD = (
    "醫療遠診斷學車養農業網監測電雲數據處區縣鄉鎮務應災預報線統計劃轉辦導護環衛檢驗體術發開關"
    "聯絡權產質種場園藝漁資營運動態視頻圖書館歷協會議調節燈氣瀏覽點擊錄錶級師課堂腦機構與戶號"
    "記錄網絡設備層總結實時間訊號碼碼廣播氣象雙連鎖倉儲費價額經濟標準規範審批證照執訴熱線"
    "處置衝擊災險險護欄鐵橋樑邊陸遙測繪蟲蟲灌溉澆漿麥稻穀糧蝦蟹養殖環境態勢圖譜療養院醫院"
    "藥劑診療衛級縣級區塊鏈條碼溯源礦廠電廠燒煙報警跌倒獨居輪椅餐廳飲訂購買賣貨幣儲備動員"
    "傳輸監視頻譜雲端數位貫節約灑噴膠車輛駕駛錢財負載壓軟硬體驗證義務務實質營銷售後臺臺灣"
    "風險評價們這個來為會對時說們過還進後麼從當學長現問題將見頭沒種樣經話應裡點員議點擊"
    "書記錄課題選擇項範圍圓滿條幣積極態勢響則紀錄館藏覽歷史廟遊覽觀賞戲劇樂團體彙總滙"
    "識別鐘慶廢棄紅綠駐溫濕壞覺專遞親陽廚潔魚殘紡織億樓門閘顯隊貼補齡飯顧傷殯舊遺築爐閥擁擠澇嚴礙聽夠稅銀貸"
    "閱讀庫檔獲參類際訪屬歲鄰係獸維軌飼龍緊終邏輯壩氾濫颱颶貧礎萬誌"
)
_SIMP = (
    "医疗远诊断学车养农业网监测电云数据处区县乡镇务应灾预报线统计划转办导护环卫检验体术发开关"
    "联络权产质种场园艺渔资营运动态视频图书馆历协会议调节灯气浏览点击录表级师课堂脑机构与户号"
    "记录网络设备层总结实时间讯号码码广播气象双连锁仓储费价额经济标准规范审批证照执诉热线"
    "处置冲击灾险险护栏铁桥梁边陆遥测绘虫虫灌溉浇浆麦稻谷粮虾蟹养殖环境态势图谱疗养院医院"
    "药剂诊疗卫级县级区块链条码溯源矿厂电厂烧烟报警跌倒独居轮椅餐厅饮订购买卖货币储备动员"
    "传输监视频谱云端数位贯节约洒喷胶车辆驾驶钱财负载压软硬体验证义务务实质营销售后台台湾"
    "风险评价们这个来为会对时说们过还进后么从当学长现问题将见头没种样经话应里点员议点击"
    "书记录课题选择项范围圆满条币积极态势响则纪录馆藏览历史庙游览观赏戏剧乐团体汇总汇"
    "识别钟庆废弃红绿驻温湿坏觉专递亲阳厨洁鱼残纺织亿楼门闸显队贴补龄饭顾伤殡旧遗筑炉阀拥挤涝严碍听够税银贷"
    "阅读库档获参类际访属岁邻系兽维轨饲龙紧终逻辑坝泛滥台飓贫础万志"
)
_HAND_T2S = {t: s for t, s in zip(_TRAD, _SIMP, strict=True) if t != s}
OPENCC_PACKAGE = "opencc"
OPENCC_RESOURCE = ("dictionary", "TSCharacters.txt")


def opencc_characters() -> dict[str, str]:
    """OpenCC's traditional -> simplified character table (``TSCharacters.txt`` of the
    ``opencc-python-reimplemented`` package, Apache-2.0): one character to its first simplified candidate.

    Only one-to-one character pairs are used, so folding never changes the length of a text (search offsets
    stay valid); OpenCC's phrase tables (計程車 -> 出租车) are not applied.
    """
    folder, name = OPENCC_RESOURCE
    text = resources.files(OPENCC_PACKAGE).joinpath(folder).joinpath(name).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        trad, _, simps = line.partition("\t")
        first = simps.split(" ")[0] if simps else ""
        if len(trad) == 1 and len(first) == 1 and trad != first:
            table[trad] = first
    return table


# OpenCC's table, with the hand-written pairs above taking precedence where the two differ.
_T2S = str.maketrans({**opencc_characters(), **_HAND_T2S})

# Whole-word British -> American spellings that the suffix rules below do not reach.
_SPELLING = {
    "kerb": "curb",
    "kerbside": "curbside",
    "programme": "program",
    "programmes": "program",
    "enrolment": "enrollment",
    "enrolments": "enrollment",
    "catalogue": "catalog",
    "catalogues": "catalog",
    "defence": "defense",
    "licence": "license",
    "licences": "license",
    "tyre": "tire",
    "tyres": "tire",
    "ageing": "aging",
    "aluminium": "aluminum",
    "analyse": "analyze",
    "analysed": "analyzed",
    "artefact": "artifact",
    "artefacts": "artifact",
    "storey": "story",
    "storeys": "story",
    "buses": "bus",
    "busses": "bus",
    "analyses": "analysis",
    "data": "data",
}
_IZE = re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$")
_OUR = re.compile(r"our(s|ed|al)?$")
_TRE = re.compile(r"tre(s)?$")
_LL = re.compile(r"ll(ing|ed|er|ers)$")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_CJK}]+")
_APOSTROPHE = re.compile(r"['\u2019]s\b|['\u2019]")


def stem_word(word: str) -> str:
    """Reduce one lowercase ASCII word to a light stem (spelling variants and plurals only).

    Deliberately conservative: derivational suffixes (-ing, -ed) are kept because stripping them
    merges unrelated words ("parking"/"park"); the vocabulary lists those variants explicitly.
    """
    if word in _SPELLING:
        return _SPELLING[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if len(word) >= 6:
        word = _IZE.sub(r"iz\1", word)
        word = _OUR.sub(r"or\1", word)
        word = _LL.sub(r"l\1", word)
    if len(word) >= 5:
        word = _TRE.sub(r"ter\1", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 200_000


def _stem_cached(word: str) -> str:
    stem = _STEM_CACHE.get(word)
    if stem is None:
        stem = stem_word(word)
        if len(_STEM_CACHE) < _STEM_CACHE_MAX:  # bounded: arbitrary user text must not grow it forever
            _STEM_CACHE[word] = stem
    return stem


_SPACE = re.compile(r"\s+")


def _fold_chars(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_T2S)


def fold(text: str) -> str:
    """The search form of ``text``: NFKC, lower case, traditional folded to simplified, white space collapsed."""
    return _SPACE.sub(" ", _fold_chars(text or "")).strip()


def normalize(text: str) -> str:
    """The matching form of ``text``: ASCII word stems and CJK runs of :func:`fold`, joined by single spaces."""
    folded = _APOSTROPHE.sub("", _fold_chars(text or ""))
    return " ".join(_stem_cached(token) if token[0] < "\u0080" else token for token in _TOKEN.findall(folded))
