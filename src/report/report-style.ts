/** The report's stylesheet (inline in the page: the report loads nothing from the network). */
export const REPORT_STYLE = `
:root{--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--accent:#3b6fb6;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--user:#dbeafe;--assistant:#f6f8fa;--tool:#fff8e1}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:#fff}
header{padding:1rem 1.5rem;border-bottom:1px solid var(--line)}
h1{font-size:1.4rem;margin:0 0 .5rem}
h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
h3{font-size:.95rem;margin:.2rem 0 .4rem}
main{padding:0 1.5rem 2rem}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0;padding:0;list-style:none}
.summary li b{font-size:1.1rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
.chart{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
.chart .note{color:var(--muted);font-size:.8rem;margin:.2rem 0 0}
.chart svg{display:block;width:100%;height:auto}
.chart svg text{font-size:11px;fill:var(--ink)}
.chart svg rect{fill:var(--accent)}
.browser{display:grid;grid-template-columns:minmax(280px,28rem) 1fr;gap:1rem;align-items:start}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:.5rem}
.filters input{flex:1 1 100%;padding:.4rem .5rem;font-size:.95rem;border:1px solid var(--line);border-radius:4px}
.filters select{flex:1 1 30%;padding:.3rem;border:1px solid var(--line);border-radius:4px;background:#fff}
.count{color:var(--muted);font-size:.85rem;margin:.2rem 0}
.list{position:relative;height:70vh;overflow-y:auto;border:1px solid var(--line);border-radius:6px}
.row{position:absolute;left:0;right:0;height:64px;padding:.35rem .6rem;border-bottom:1px solid #eef0f2;cursor:pointer;overflow:hidden}
.row:hover{background:#f6f8fa}.row.selected{background:#e7f0fb}
.row .line1{display:flex;gap:.4rem;align-items:center;font-size:.8rem;color:var(--muted);white-space:nowrap;overflow:hidden}
.row .line2{font-size:.88rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;margin-top:.15rem}
.row .line3{font-size:.75rem;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.badge{display:inline-block;padding:0 .4rem;border-radius:9px;font-size:.72rem;border:1px solid currentColor}
.badge.accepted{color:var(--ok)}.badge.rejected{color:var(--bad)}
.viewer{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;min-height:70vh}
.viewer .empty{color:var(--muted)}
.viewer-head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:.5rem}
.viewer-head code{font-size:.85rem}
.reason{color:var(--bad);margin:.3rem 0 .6rem}
.viewer-body{display:grid;grid-template-columns:1fr minmax(240px,22rem);gap:1rem}
.dialogue{display:flex;flex-direction:column;gap:.5rem}
.bubble{max-width:85%;padding:.5rem .7rem;border-radius:10px;white-space:pre-wrap;word-wrap:break-word;font-size:.9rem;border:1px solid var(--line)}
.bubble .who{display:block;font-size:.7rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-bottom:.2rem}
.bubble.user{align-self:flex-end;background:var(--user);border-color:#bfdbfe}
.bubble.assistant{align-self:flex-start;background:var(--assistant)}
.bubble.tool{align-self:flex-start;background:var(--tool);border-color:#f3d98b;margin-left:1.5rem}
.bubble.system{align-self:stretch;max-width:100%;background:#fff;color:var(--muted)}
details{margin:.25rem 0}
details summary{cursor:pointer;font-size:.85rem}
pre{margin:.3rem 0;padding:.4rem .5rem;background:#fff;border:1px solid #eef0f2;border-radius:4px;white-space:pre-wrap;word-break:break-word;font-size:.8rem}
.side section{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;margin-bottom:.8rem}
.plan ol{padding-left:1.2rem;margin:.3rem 0}
.plan li{margin:.3rem 0;font-size:.88rem}
.plan .meta{color:var(--muted);font-size:.75rem}
.verdicts table{border-collapse:collapse;width:100%;font-size:.8rem}
.verdicts td{border-top:1px solid #eef0f2;padding:.25rem .3rem;vertical-align:top}
.ok{color:var(--ok)}.fail{color:var(--bad)}.warn{color:var(--warn)}
@media (max-width:900px){.browser,.viewer-body{grid-template-columns:1fr}.list{height:45vh}}
`;
