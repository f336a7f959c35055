"""The app's CSS, sent once in an HTML widget. Works at desktop and tablet widths (flex rows wrap);
no web fonts or icons (offline: Font Awesome from a CDN never loads)."""
from __future__ import annotations

CSS = """
<style>
.pt-app { max-width: 1100px; margin: 0 auto; font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
          "Noto Sans CJK SC", sans-serif; font-size: 15px; color: #1f2328; }
.pt-app .widget-html-content { font-size: 15px; line-height: 1.5; }
.pt-app .pt-header { border-bottom: 2px solid #b71c1c; padding: 4px 0 8px; margin-bottom: 8px; }
.pt-app .pt-header h2 { margin: 0; font-size: 20px; color: #b71c1c; }
.pt-app .pt-who { display: flex; flex-wrap: wrap; gap: 4px 24px; margin-top: 4px; }
.pt-app .pt-progress { font-weight: bold; color: #1b5e20; }
.pt-app .notice { padding: 24px; margin: 40px auto; max-width: 560px; border: 1px solid #ccc; border-radius: 6px;
                   background: #fafafa; text-align: center; font-size: 16px; }
.pt-app h3 { font-size: 17px; margin: 12px 0 6px; }
.pt-app .cand-row { border-bottom: 1px solid #e0e0e0; padding: 6px 0; align-items: center; }
.pt-app .cand-info { flex: 1 1 320px; min-width: 0; }
.pt-app .cand-part { flex: 0 0 auto; margin: 0 6px 0 12px; }
.pt-app .state { display: inline-block; min-width: 4.5em; text-align: center; border-radius: 10px; padding: 0 8px;
                 font-size: 13px; }
.pt-app .state-none { background: #eceff1; color: #455a64; }
.pt-app .state-draft { background: #fff3cd; color: #7a5b00; }
.pt-app .state-submitted { background: #e6f4ea; color: #1b5e20; }
.pt-app .dossier table { border-collapse: collapse; margin: 4px 0 8px; }
.pt-app .dossier th, .pt-app .dossier td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left;
                                          vertical-align: top; font-size: 14px; }
.pt-app .dossier th { background: #f6f8fa; font-weight: normal; color: #57606a; white-space: nowrap; }
.pt-app .dossier .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 2px 16px; }
.pt-app .eligibility td:nth-child(2) { white-space: nowrap; }
.pt-app .elig-pass { color: #1b5e20; } .pt-app .elig-fail { color: #b71c1c; } .pt-app .elig-check { color: #7a5b00; }
.pt-app .ich { background: #fff3cd; padding: 0 6px; border-radius: 4px; }
.pt-app .sheet-head { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
.pt-app .section-head { background: #f6f8fa; border-left: 4px solid #b71c1c; padding: 4px 8px; margin-top: 10px;
                        display: flex; justify-content: space-between; flex-wrap: wrap; }
.pt-app .item-row { border-bottom: 1px solid #eaeef2; padding: 6px 0; gap: 8px; align-items: flex-start; }
.pt-app .item-text { flex: 1 1 340px; min-width: 0; }
.pt-app .item-text .bands { color: #57606a; font-size: 13px; }
.pt-app .item-inputs { flex: 0 1 330px; min-width: 260px; }
.pt-app .item-inputs input { font-size: 16px; }
.pt-app .item-inputs textarea { font-size: 14px; }
.pt-app .error { color: #b71c1c; font-size: 13px; }
.pt-app .hint { color: #7a5b00; font-size: 13px; }
.pt-app .missing { background: #fff1f0; }
.pt-app .totals { font-size: 17px; font-weight: bold; padding: 8px 0; }
.pt-app .save-status { font-size: 14px; }
.pt-app .save-status .saved { color: #1b5e20; } .pt-app .save-status .failed { color: #b71c1c; }
.pt-app .save-status .stale { color: #fff; background: #b71c1c; padding: 2px 8px; border-radius: 4px; }
.pt-app .save-status .locked { color: #1b5e20; font-weight: bold; }
/* The save/submit bar sticks to the bottom of the page's scroller; ipywidgets boxes and Voila's output
   area scroll by themselves (overflow auto/hidden), which would make it stick inside them instead. */
.pt-app.widget-box, .pt-app .widget-box { overflow: visible; }
.jp-OutputArea:has(.pt-app), .jp-OutputArea-child:has(.pt-app), .jp-OutputArea-output:has(.pt-app) {
  overflow: visible !important; }
.pt-app .submit-bar { position: sticky; bottom: 0; z-index: 50; background: #fff; margin-top: 8px;
                      border-top: 2px solid #d0d7de; box-shadow: 0 -2px 8px rgba(0,0,0,.08); padding: 6px 4px; }
.pt-app .submit-bar .bar-row { gap: 8px 16px; align-items: center; flex-wrap: wrap; }
.pt-app .submit-problems { color: #b71c1c; max-height: 30vh; overflow-y: auto; }
.pt-app .submit-problems ul { margin: 2px 0; }
.pt-app .veto-row { gap: 8px; flex-wrap: wrap; }
.pt-app .evidence-row { gap: 8px; align-items: center; }
.pt-app button.mod-danger { background: #b71c1c; }
.pt-app .verdict button { min-width: 5.5em; }
.pt-app .verdict button.mod-active:nth-child(1) { background: #1b5e20; color: #fff; }
.pt-app .verdict button.mod-active:nth-child(2) { background: #8d6e00; color: #fff; }
.pt-app .verdict button.mod-active:nth-child(3) { background: #b71c1c; color: #fff; }
.pt-app .evidence-upload { align-self: flex-start; }
/* Phone first: every button and input is a ≥ 44 px touch target with 16 px text (ipywidgets draws them
   28 px / 13 px through these variables); a phone's browser does not zoom into a 16 px input. */
.pt-app { --jp-widgets-inline-height: 44px; --jp-widgets-font-size: 16px; --jp-widgets-input-padding: 8px; }
.pt-app .jupyter-button, .pt-app button { min-height: 44px; min-width: 44px; font-size: 16px; }
.pt-app input, .pt-app textarea, .pt-app select { font-size: 16px; min-height: 44px; }
.pt-app .widget-checkbox { min-height: 44px; align-items: center; }
.pt-app .widget-checkbox input[type=checkbox] { min-height: 0; width: 24px; height: 24px; }
.pt-app .save-status .offline { color: #fff; background: #b71c1c; padding: 4px 10px; border-radius: 4px; font-weight: bold; }
.pt-app .save-status .saving { color: #7a5b00; }
.pt-app .stale-choice { border: 2px solid #b71c1c; border-radius: 6px; padding: 6px 10px; margin: 4px 0; background: #fff8f8; }
.pt-app .stale-table th, .pt-app .stale-table td { border: 1px solid #d0d7de; padding: 2px 10px; }
.pt-app .leave-confirm { border: 2px solid #8d6e00; background: #fffbea; border-radius: 6px; padding: 6px 10px; gap: 8px; }
.pt-app .pt-upload-note.error { color: #b71c1c; } .pt-app .pt-upload-note.progress { color: #7a5b00; }
.pt-app .pt-upload-note.done { color: #1b5e20; }
.pt-app .pt-guide { background: #f6f8fa; border-left: 4px solid #1b5e20; padding: 6px 10px; margin-top: 6px; }
.pt-app .submit-success { color: #fff; background: #1b5e20; padding: 8px 12px; border-radius: 6px; font-weight: bold; }
.pt-app .materials .material-row { gap: 6px; padding: 2px 0; }
.pt-app .material-kind { display: inline-block; min-width: 5em; color: #57606a; }
.pt-app .material-bar { gap: 6px; }
.pt-app .material-frame { border: 1px solid #d0d7de; background: #f6f8fa; }
.pt-app .sheet-head h3, .pt-app .dossier th { white-space: nowrap; }
@media (max-width: 900px) {
  .pt-app .item-inputs { flex: 1 1 100%; min-width: 0; }
  .pt-app { font-size: 16px; }
}
@media (max-width: 600px) {
  .pt-app *:not(h2):not(h3) { font-size: 16px !important; }
  .pt-app .item-inputs .widget-text { width: 100% !important; }
  .pt-app .cand-info { flex: 1 1 100%; }
}
</style>
"""
