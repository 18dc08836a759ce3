/** The results as a plain-text table (metric, value, target, anchor, ratio, verdict). */
import type { Metric } from './metric.ts';

function num(x: number): string {
  if (Math.abs(x) >= 10_000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function printTable(metrics: Metric[], out: (line: string) => void): void {
  const rows = metrics.map((m) => [
    m.name,
    m.value === null ? '—' : `${num(m.value)} ${m.unit}`,
    m.target ?? '',
    m.anchor ? `${num(m.anchor.value)} ${m.anchor.unit}` : '',
    m.ratio === null ? '' : m.ratio.toFixed(3),
    m.pass === null ? (m.value === null ? 'not measured' : '') : m.pass ? 'ok' : 'MISS',
  ]);
  const head = ['metric', 'value', 'target', 'anchor', 'ratio', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 3 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  out(line(head));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out(line(r));
  const notes = metrics.filter((m) => m.note);
  if (notes.length) {
    out('');
    for (const m of notes) out(`- ${m.name}: ${m.note}`);
  }
}
