"""The Voila apps' widgets. Each widget is a small class exposing its result as a trait; callbacks are a
few lines over the session facade and show a typed error's message, never a traceback.
No plotly here: an expert's kernel stays small."""
from .app import ExpertApp, expert_app, notice, open_workspace, token_from_query
from .candidate_list import CandidateList
from .dossier import Dossier
from .material_form import MaterialForm
from .site_form import SiteForm

__all__ = ["CandidateList", "Dossier", "ExpertApp", "MaterialForm", "SiteForm", "expert_app", "notice", "open_workspace",
           "token_from_query"]
