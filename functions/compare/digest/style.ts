/** The digest's stylesheet, inlined (the file must open offline and make no request). */
export const DIGEST_CSS = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #d9dee6; --met: #1b7f3b; --missed: #c0392b; --accent: #7a1f1f; --bg-soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", system-ui, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 60px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 16px; }
header.top .org { text-transform: uppercase; letter-spacing: .04em; font-size: 12px; color: var(--accent); font-weight: 600; }
h1 { font-size: 26px; margin: 4px 0 4px; line-height: 1.25; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 6px; }
p.sub, .muted { color: var(--muted); }
.synthetic { background: #fff4d6; border: 1px solid #e0b84d; color: #6b4b00; padding: 10px 14px; border-radius: 6px; margin: 12px 0; font-weight: 600; }
.warning { background: #fdecea; border: 1px solid #e3a39c; color: #7a1f1f; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
.note { background: var(--bg-soft); border-left: 4px solid var(--line); padding: 8px 12px; margin: 10px 0; color: var(--muted); }
nav.toc { background: var(--bg-soft); padding: 10px 14px; border-radius: 6px; margin: 12px 0 0; }
nav.toc ol { margin: 4px 0 0; padding-left: 20px; columns: 2; }
nav.toc a { color: var(--ink); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .k { font-size: 12px; color: var(--muted); }
.card .v { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.met { color: var(--met); font-weight: 600; }
.missed { color: var(--missed); font-weight: 600; }
.good { color: var(--met); }
.bad { color: var(--missed); }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 10px; border: 1px solid var(--line); color: var(--muted); margin-left: 4px; white-space: nowrap; }
.verdicts ul { margin: 4px 0 10px; padding-left: 18px; }
ul.cols { columns: 3 200px; column-gap: 24px; }
ul.compact { font-size: 12.5px; color: var(--muted); }
ul.compact b { color: var(--ink); font-weight: 600; }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: var(--muted); }
footer { margin-top: 40px; border-top: 1px solid var(--line); padding-top: 10px; font-size: 12px; color: var(--muted); }
section.first-page h2 { font-size: 17px; margin: 14px 0 4px; }
section.first-page .two { display: grid; grid-template-columns: 1.15fr 1fr; gap: 0 24px; }
@media (max-width: 760px) { section.first-page .two { grid-template-columns: 1fr; } }
table.lead { font-size: 12.5px; margin: 4px 0 6px; }
table.lead td, table.lead th { padding: 3px 6px; }
.small { font-size: 12px; margin: 0 0 4px; }
ul.shifts { margin: 4px 0 6px; padding-left: 18px; font-size: 13px; }
sup.mark a { color: var(--accent); text-decoration: none; font-weight: 700; }
a { color: #1f4e8c; }
/* Print: A4, the leader's page alone on the first sheet, the details after it. */
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 9pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; margin: 16px 0 6px; }
  header.top { padding-bottom: 6px; margin-bottom: 8px; }
  section.first-page h2 { font-size: 11pt; margin: 6px 0 2px; }
  section.first-page p, section.first-page ul.shifts { font-size: 7.5pt; line-height: 1.25; margin: 2px 0; }
  section.first-page ul.shifts { padding-left: 12px; }
  table { font-size: 8.5pt; }
  table.lead { font-size: 7.5pt; line-height: 1.25; }
  table.lead td, table.lead th { padding: 2px 4px; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  section.first-page { break-after: page; }
  section.first-page .two { grid-template-columns: 1.35fr 1fr; gap: 0 14px; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  .synthetic, .warning, .note { padding: 4px 8px; margin: 6px 0; }
  footer { margin-top: 16px; }
}
`;
