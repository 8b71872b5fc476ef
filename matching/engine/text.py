"""Text normalisation and tokenisation shared by the vocabulary matcher and the text features.

Guarantees:

* :func:`normalize` is idempotent and total: any ``str`` (emoji, control characters, full-width Latin,
  traditional characters, 100 KB inputs) yields a string made only of lowercase ASCII letters/digits,
  CJK ideographs and single spaces, with no leading or trailing space.
* ASCII words are reduced by :func:`stem_word` so that British/American spellings and regular
  plurals meet (``optimisation``/``optimizations`` -> ``optimization``), and an ASCII run is always
  separated from neighbouring CJK characters by one space, so "AI视频" and "AI 视频" normalise alike.
* Traditional characters are folded to simplified ones through a small table of the characters that
  are common in county digital-government writing; rarer characters pass through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Traditional -> simplified for characters common in this field. A full OpenCC table would add a
# dependency for little gain: the vocabulary and most postings are written in simplified Chinese.
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
_T2S = str.maketrans({t: s for t, s in zip(_TRAD, _SIMP, strict=True) if t != s})

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
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
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


def normalize(text: str) -> str:
    """Return the canonical matching form of ``text`` (see the module docstring for guarantees)."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_T2S)
    folded = _APOSTROPHE.sub("", folded)
    return " ".join(_stem_cached(token) if token[0] < "\u0080" else token for token in _TOKEN.findall(folded))


# Generic words and character pairs that carry no capability information in postings of this kind.
# They are dropped from text vectors: they carry no signal and make similarity products dense.
STOP_WORDS_EN = frozenset(
    """
    a an the and or of to in on for with by from at as is are was were be been being this that these
    those it its our we us you your their they them which who whom what when where how than then so such
    can could will would should may might must shall do does did done have has had not no nor but if
    into over under about across per via up out also more most other any all each every both few many
    much some own same very just only new use used using uses based provide provides provided support
    supports supported including include includes within without while well need needs system solution
    platform service management county counties jiangsu project current currently existing looking help
    helps make makes one two three year years day days time local office bureau government department
    staff work working able across like want
    """.split()  # noqa: SIM905 - a word list reads better as text
)
STOP_BIGRAMS_ZH = frozenset(
    """
    系统 平台 管理 建设 实现 提供 服务 数据 智能 智慧 县域 全县 我县 本县 目前 希望 需要
    进行 通过 支持 功能 能力 提升 问题 存在 主要 相关 工作 信息 技术 应用 解决 方案 项目
    部门 以及 一体 体化 可以 已经 实时 能够 同时 其中 并且 采用 利用 基于 形成 推进 加强
    落实 开展 有效 逐步 不断 及时 精准 全面 统一 综合 一个 多个 我们 要求 用户 产品 面向
    具备 包括 覆盖 全市 市级 县级 乡镇 镇村 村级 城乡 各类 日常 人员 单位 机构 业务 流程
    情况 方面 水平 效率 质量 能力 资源 体系 模式 机制 建立 完善 打造 构建 拟建 建成 引入
    依靠 主要 较多 较大 较高 不足 缺乏 难以 无法 不能 导致 造成 约个 余个 万元 以上 以下
    左右 每年 年度 全年 一年 成本 降低 提高 增加 减少 平均 已在 多家 一次 一键 一张 目标
    场景 数字 数字化 化管 理平 台系 统一 务平 服平
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def ascii_words(normalized: str) -> list[str]:
    """ASCII word tokens of an already normalised string, in order."""
    return _ASCII_WORD.findall(normalized)


def cjk_ngrams(normalized: str, n: int = 2) -> list[str]:
    """Overlapping CJK character n-grams of an already normalised string.

    Runs shorter than ``n`` (isolated characters such as 等, 个, 处) are dropped as noise, unless
    the text has no longer run at all, so that a one-character text is not empty.
    """
    runs = _CJK_RUN.findall(normalized)
    grams = [run[i : i + n] for run in runs for i in range(len(run) - n + 1)]
    if not grams:
        grams = [run for run in runs if run]
    return grams


def term_list(normalized: str) -> list[str]:
    """Text features of a normalised string, in order: CJK bigrams, then ASCII word stems (single
    letters dropped). CJK n-grams and ASCII words are distinct strings by construction (different
    alphabets), so they share one key space without prefixes."""
    terms = cjk_ngrams(normalized)
    terms.extend(w for w in ascii_words(normalized) if len(w) > 1 or w.isdigit())
    return terms


def text_terms(normalized: str) -> Counter[str]:
    """Bag of :func:`term_list`."""
    return Counter(term_list(normalized))


def stop_weight(term: str) -> float:
    """0 for generic terms produced by :func:`text_terms` (they are dropped), 1 otherwise."""
    return 0.0 if term in STOP_WORDS_EN or term in STOP_BIGRAMS_ZH else 1.0


def join_fields(fields: Iterable[str]) -> str:
    """Join raw text fields with a separator that cannot form an n-gram or phrase across fields."""
    return " | ".join(f for f in fields if f)
