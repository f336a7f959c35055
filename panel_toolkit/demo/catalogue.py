"""Word lists the demo generator draws from: trades typical of Yingkou, shop names, people.

Everything here is fictional. Unit names built from it are always marked （示例） by the generator,
so a demo row can never be mistaken for a real unit.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trade:
    key: str
    industry: str                   # 行业 column
    jobs: tuple[str, ...]           # 工种 column (occupations of the national classification)
    brand_cores: tuple[str, ...]    # 行业 + 工种 word of a brand name (第三条); each ends with a job word
    enterprise_kinds: tuple[str, ...]  # what follows the shop name in a unit name; the first is usual
    association: str                # an industry organisation of the trade (行业组织)
    ich: bool = False               # 非物质文化遗产类 (第八条(三))
    department: str = "市商务局"     # the city department that screens it on the 市直 route (第十一条)


TRADES: dict[str, Trade] = {t.key: t for t in (
    Trade("housekeeping", "家政服务", ("家政服务员", "育婴员", "养老护理员"),
          ("家政嫂", "月嫂", "巧嫂", "护理员"), ("家政服务有限公司", "职业技能培训学校"), "家政服务业协会"),
    Trade("cooking", "餐饮", ("中式烹调师", "中式面点师"),
          ("海鲜厨师", "辽菜名厨", "面点师"), ("餐饮管理有限公司", "职业技能培训学校"), "烹饪协会"),
    Trade("magnesium", "镁质材料", ("耐火材料成型操作工", "电焊工", "窑炉工"),
          ("镁都焊匠", "镁都窑工", "镁材工匠"), ("镁业有限公司", "耐火材料有限公司"), "镁质材料行业协会",
          department="市工业和信息化局"),
    Trade("fishery", "渔业及海产品加工", ("水产品原料处理工", "渔业船员"),
          ("渔家嫂", "海产工匠", "渔娘"), ("水产食品有限公司", "海产品加工有限公司"), "渔业协会",
          department="市农业农村局"),
    Trade("construction", "建筑", ("砌筑工", "钢筋工", "建筑电工"),
          ("建筑工匠", "瓦匠", "钢筋工"), ("建筑工程有限公司", "建筑劳务有限公司"), "建筑业协会",
          department="市住房和城乡建设局"),
    Trade("orchard", "果树栽培", ("果树园艺工", "农艺工"),
          ("果艺师", "果农", "苹果技师"), ("果业专业合作社", "农业科技有限公司"), "果业协会",
          department="市农业农村局"),
    Trade("car_repair", "汽车维修", ("汽车维修工", "汽车电器维修工"),
          ("汽修技师", "汽修匠"), ("汽车维修服务有限公司", "汽车服务有限公司"), "汽车维修行业协会"),
    Trade("live_commerce", "电子商务", ("互联网营销师", "电子商务师"),
          ("直播营销师", "电商能手"), ("电子商务有限公司", "网络科技有限公司"), "电子商务协会"),
    Trade("paper_cutting", "传统工艺（剪纸）", ("剪纸工",),
          ("剪纸巧娘", "剪纸艺师"), ("文化传播有限公司",), "民间剪纸艺术协会", ich=True,
          department="市文化旅游和广播电视局"),
    Trade("dough_figurine", "传统工艺（面塑）", ("面塑工",),
          ("面塑匠", "面塑艺师"), ("工艺品有限公司",), "民间面塑艺术协会", ich=True,
          department="市文化旅游和广播电视局"),
)}

#: Trades a county is known for; the generator draws each county's applications from its list.
COUNTY_TRADES: dict[str, tuple[str, ...]] = {
    "站前区": ("housekeeping", "cooking", "live_commerce", "car_repair"),
    "西市区": ("housekeeping", "car_repair", "construction", "cooking"),
    "鲅鱼圈区": ("fishery", "cooking", "car_repair", "construction", "housekeeping"),
    "老边区": ("construction", "live_commerce", "housekeeping", "orchard"),
    "盖州市": ("orchard", "fishery", "housekeeping", "paper_cutting"),
    "大石桥市": ("magnesium", "construction", "car_repair", "dough_figurine"),
    "市直": ("cooking", "live_commerce", "orchard", "fishery", "construction", "magnesium", "paper_cutting"),
}
#: A county not listed above (a session may add development zones) draws from every non-heritage trade.
GENERAL_TRADES = tuple(k for k, t in TRADES.items() if not t.ich)

#: The region word that starts an industry organisation's brand name (第三条: 地域+行业+工种).
REGION_WORDS: dict[str, tuple[str, ...]] = {
    "站前区": ("站前",), "西市区": ("西市",), "鲅鱼圈区": ("鲅鱼圈",), "老边区": ("老边",),
    "盖州市": ("盖州", "熊岳", "仙人岛"), "大石桥市": ("大石桥",), "市直": ("营口",),
}
#: How a unit name starts: the county's own name, or 营口 for the city route.
NAME_PREFIX: dict[str, str] = {"市直": "营口市"}

#: Shop names (字号), two characters, invented.
SHOP_NAMES = (
    "海韵", "辽滨", "金港", "鑫源", "福瑞", "恒泰", "盛达", "宏远", "春晖", "康宁", "润泽", "锦程",
    "华航", "瑞丰", "百川", "海鸥", "嘉禾", "永兴", "德润", "安泰", "禾丰", "天润", "众诚", "新港",
    "望海", "金穗", "晨光", "益民", "惠邦", "顺通", "祥和", "鸿运", "信达", "银帆", "蓝湾", "北溪",
    "巧手", "暖阳", "鼎盛", "广源", "东升", "丰泽", "泰和", "聚贤", "佳禾", "远航", "红枫", "青松",
)

#: Brand names that do not follow 第三条 (no job word at the end): they raise a naming warning.
NONCONFORMING_BRANDS = ("金牌服务", "幸福港湾", "暖心帮帮团", "海边好味道", "一路同行")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林于宋姜孟曲邢唐韩冯董程"
GIVEN_CHARS = "秀丽桂兰玉梅淑芬志刚建国晓东海涛春雨红霞立新振华文杰丽娜雪峰金凤宏伟明辉"

MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "158", "159", "186", "187", "188", "189")
AREA_CODE = "0417"  # Yingkou

SCREENING_PASS_NOTES = ("同意上报", "材料齐全，同意推荐", "经初审符合申报条件，同意上报", "")
SCREENING_REJECT_NOTES = (
    "申报材料中营业执照复印件与统一社会信用代码不一致，请核实后下一批次再报",
    "近两年培训台账缺少签到记录和培训照片，材料不完整，暂不推荐",
    "经核实存在未了结的劳动合同纠纷，暂不推荐",
)
REVIEW_REJECT_NOTE = "复审抽查培训台账，部分学员电话回访无法核实，退回主管部门补充材料"
