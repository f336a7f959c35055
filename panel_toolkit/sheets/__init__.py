"""Score sheets (评分表) of 第十二条 资料评审 + 实地核查: the one set of rules every front end uses
(the expert app, the facade, ``scores import``), the sheet record, evidence limits and the printable sheet.
Plain Python: no widgets."""
from .rules import (PARTS, Entry, Item, VetoProposal, check_entry, check_sheet, floor_to_step, items, parse_score,
                    required_vetoes, resolve_verdict, totals, verdict_cap)
from .sheet import Sheet

__all__ = ["PARTS", "Entry", "Item", "Sheet", "VetoProposal", "check_entry", "check_sheet", "floor_to_step", "items",
           "parse_score", "required_vetoes", "resolve_verdict", "totals", "verdict_cap"]
