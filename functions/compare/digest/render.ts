/**
 * The digest: one self-contained HTML page in Vietnamese that leadership reads before the
 * briefing — summary, đạt / chưa đạt against targets, a section per work area, biggest movers,
 * outliers, missing reports, and how the figures were computed. Inline CSS and inline SVG only:
 * the page makes no request. Every string from data goes through the escaping `html` template.
 */
import { indicatorByCode, targetAt, workAreas, type Indicator } from '../../core/catalog.ts';
import type { Comparison, MoverRow, NationalRow, ProvinceRow } from '../types.ts';
import { changeChart, rankingChart } from './charts.ts';
import { change, comparator, date, dateTime, num, pct, periodName, pp, relPct, signedNum, value as fmtValue } from './format.ts';
import { html, type Html } from './html.ts';
import { DIGEST_CSS } from './style.ts';

export interface DigestInput {
  comparison: Comparison;
  generatedAt: string;
  runId: string;
  closed: boolean;
  graceDays: number;
}

const EVIDENCE_VI: Record<string, string> = { verified: 'đã kiểm chứng', inferred: 'suy ra từ số liệu chính thức', unverified: 'chưa kiểm chứng' };
const MISSING_UNITS_SHOWN = 12;

function targetText(n: NationalRow, ind: Indicator): string {
  if (n.target_threshold === null) return '';
  return `${comparator(n.target_comparator)} ${fmtValue(n.target_threshold, ind.unit)}`;
}

function verdict(met: boolean | null): Html {
  return met === null ? html`<span class="muted">không có số liệu</span>` : met ? html`<span class="met">Đạt</span>` : html`<span class="missed">Chưa đạt</span>`;
}

/** Colours a change by the indicator's direction: green when better, red when worse. */
function changeCell(ind: Indicator, ch: number | null, chPct: number | null): Html {
  const cls = ch === null || ch === 0 || ind.direction === 'neutral' ? '' : (ch > 0) === (ind.direction === 'higher_is_better') ? 'good' : 'bad';
  return html`<td class="n ${cls}">${change(ind.kind, ch, chPct)}</td>`;
}

function summary(c: Comparison): Html {
  const withTarget = c.national.filter((n) => n.target_threshold !== null);
  const verdicts = c.provinces.filter((p) => p.met !== null);
  const met = verdicts.filter((p) => p.met).length;
  const provincesWithData = new Set(c.provinces.map((p) => p.unit_id)).size;
  const comp = c.completeness;
  return html`
<section id="tom-tat"><h2>Tóm tắt</h2>
<div class="cards">
  <div class="card"><div class="k">Báo cáo tháng đã nhận</div><div class="v">${comp ? `${num(comp.received)}/${num(comp.expected)}` : '–'}</div>
    <div class="k">${comp && comp.expected > 0 ? pct((100 * comp.received) / comp.expected) : ''}</div></div>
  <div class="card"><div class="k">Tỉnh, thành phố có số liệu</div><div class="v">${num(provincesWithData)}/${num(c.expected_provinces)}</div></div>
  <div class="card"><div class="k">Chỉ tiêu được so sánh</div><div class="v">${num(c.national.length)}</div></div>
  <div class="card"><div class="k">Lượt đạt / chưa đạt chỉ tiêu đề ra</div><div class="v"><span class="met">${num(met)}</span> / <span class="missed">${num(verdicts.length - met)}</span></div>
    <div class="k">${num(withTarget.length)} chỉ tiêu có chỉ tiêu đề ra</div></div>
  <div class="card"><div class="k">Biến động bất thường</div><div class="v">${num(c.outliers.length)}</div><div class="k">ngoài giới hạn kiểm soát 99,8 %</div></div>
</div>
</section>`;
}

function provincesOf(c: Comparison, code: string): ProvinceRow[] {
  return c.provinces.filter((p) => p.indicator === code);
}

function attainmentSection(c: Comparison): Html {
  const items = c.national.filter((n) => n.target_threshold !== null);
  if (items.length === 0) {
    return html`<section id="dat-chua-dat"><h2>Đạt / chưa đạt chỉ tiêu đề ra</h2><p class="muted">Kỳ này không có chỉ tiêu nào có chỉ tiêu đề ra và số liệu cấp tỉnh.</p></section>`;
  }
  const blocks = items.map((n) => {
    const ind = indicatorByCode(n.indicator)!;
    const target = targetAt(ind, c.context.end) ?? null;
    const rows = provincesOf(c, n.indicator);
    const met = rows.filter((p) => p.met === true);
    const missed = rows.filter((p) => p.met === false).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    const list = (xs: ProvinceRow[], cls: string) =>
      xs.length === 0 ? html`<p class="muted">Không có tỉnh nào.</p>` : html`<ul class="${cls}">${xs.map((p) => html`<li>${p.unit_name}: <b>${fmtValue(p.value, ind.unit)}</b></li>`)}</ul>`;
    return html`
<h3 id="ct-${n.indicator}">${ind.name_vi}</h3>
<p>Chỉ tiêu đề ra: <b>${targetText(n, ind)}</b>
  <span class="tag">${EVIDENCE_VI[n.target_evidence ?? ''] ?? n.target_evidence}</span>
  ${target ? html`<span class="muted"> — ${target.source}</span>` : ''}</p>
<p>Toàn quốc: <b>${fmtValue(n.value, ind.unit)}</b> — ${verdict(n.met)}; so với cùng kỳ ${change(ind.kind, n.change_last_year, n.change_last_year_pct)}.</p>
<div class="verdicts">
  <div><b class="missed">Chưa đạt (${num(missed.length)})</b>${list(missed, 'cols')}</div>
  <div><b class="met">Đạt (${num(met.length)})</b>${list(met, 'cols compact')}</div>
</div>
<figure>${rankingChart({ indicator: ind, rows, national: n.value, target })}
<figcaption>${ind.name_vi}: các tỉnh theo thứ hạng; xanh = đạt, đỏ = chưa đạt; nét đứt = toàn quốc, vạch đỏ = chỉ tiêu đề ra.</figcaption></figure>`;
  });
  return html`<section id="dat-chua-dat"><h2>Đạt / chưa đạt chỉ tiêu đề ra</h2>
<p class="muted">Giá trị của từng tỉnh (tổng các đơn vị trong tỉnh; tỷ lệ tính lại từ tổng tử số và tổng mẫu số) so với chỉ tiêu đề ra có hiệu lực tại ngày cuối kỳ (${date(c.context.end)}).</p>
${blocks}</section>`;
}

/** The indicator a work area's chart shows: its first rate, else its first directional count. */
function keyIndicator(rows: NationalRow[]): NationalRow | undefined {
  return rows.find((n) => n.kind === 'rate' && n.value !== null) ?? rows.find((n) => n.direction !== 'neutral') ?? rows[0];
}

function areaSection(c: Comparison, area: { code: string; name_vi: string }, rows: NationalRow[]): Html {
  const tableRows = rows.map((n) => {
    const ind = indicatorByCode(n.indicator)!;
    const prov = provincesOf(c, n.indicator).filter((p) => p.rank !== null);
    const first = prov[0];
    const last = prov.length > 1 ? prov[prov.length - 1] : undefined;
    return html`<tr>
<td>${ind.name_vi}${n.target_threshold !== null ? html`<span class="tag">chỉ tiêu ${targetText(n, ind)}</span>` : ''}${n.flag === 'percent_only' ? html`<span class="tag">chỉ có tỷ lệ %</span>` : ''}</td>
<td class="n"><b>${fmtValue(n.value, ind.unit)}</b></td>
${changeCell(ind, n.change_prior, n.change_prior_pct)}
${changeCell(ind, n.change_last_year, n.change_last_year_pct)}
<td>${first ? html`${first.unit_name} <span class="muted">${fmtValue(first.value, ind.unit)}</span>` : '–'}</td>
<td>${last ? html`${last.unit_name} <span class="muted">${fmtValue(last.value, ind.unit)}</span>` : '–'}</td>
<td class="n">${num(n.provinces_reporting)}</td></tr>`;
  });
  const key = keyIndicator(rows);
  let figures: Html[] = [];
  if (key) {
    const ind = indicatorByCode(key.indicator)!;
    const prov = provincesOf(c, key.indicator);
    // Indicators with a target are already charted (coloured by verdict) in the đạt / chưa đạt section.
    if (key.target_threshold === null) {
      figures.push(html`<figure>${rankingChart({ indicator: ind, rows: prov, national: key.value, target: null })}
<figcaption>${ind.name_vi}: các tỉnh theo thứ hạng${ind.direction === 'neutral' ? ' (từ cao xuống thấp)' : ' (tốt nhất ở trên)'}${ind.kind === 'rate' ? '; nét đứt = toàn quốc' : ''}.</figcaption></figure>`);
    }
    const ch = changeChart({ indicator: ind, rows: prov });
    if (ch) {
      figures.push(html`<figure>${ch}<figcaption>${ind.name_vi}: thay đổi so với ${periodName(c.context.last_year_period)} (${ind.kind === 'rate' ? 'điểm %' : '%'}); xanh = tốt lên, đỏ = xấu đi; viền đen = bất thường.</figcaption></figure>`);
    }
  }
  return html`<section id="lv-${area.code}"><h2>${area.name_vi}</h2>
<table><thead><tr><th>Chỉ tiêu</th><th class="n">Toàn quốc</th><th class="n">So với kỳ trước</th><th class="n">So với cùng kỳ</th><th>Dẫn đầu</th><th>Cuối bảng</th><th class="n">Số tỉnh</th></tr></thead>
<tbody>${tableRows}</tbody></table>
${figures}</section>`;
}

function moverList(xs: MoverRow[], ind: Indicator): Html {
  if (xs.length === 0) return html`<span class="muted">–</span>`;
  return html`${xs.map((m, i) => html`${i ? '; ' : ''}${m.unit_name} <b>${ind.kind === 'rate' ? change('rate', m.change, null) : change('flow_count', m.value !== null && m.base_value !== null ? m.value - m.base_value : null, m.change)}</b>`)}`;
}

function moversSection(c: Comparison): Html {
  const shown = c.national.filter((n) => n.kind === 'rate' || n.direction !== 'neutral');
  const rows = shown
    .map((n) => {
      const ind = indicatorByCode(n.indicator)!;
      const ms = c.movers.filter((m) => m.indicator === n.indicator);
      if (ms.length === 0) return null;
      const neutral = ind.direction === 'neutral';
      const a = ms.filter((m) => m.movement === (neutral ? 'up' : 'improved'));
      const b = ms.filter((m) => m.movement === (neutral ? 'down' : 'worsened'));
      return html`<tr><td>${ind.name_vi}</td><td>${moverList(a, ind)}</td><td>${moverList(b, ind)}</td></tr>`;
    })
    .filter((x): x is Html => x !== null);
  const basis = c.movers[0]?.basis === 'prior' ? periodName(c.context.prior_period) : periodName(c.context.last_year_period);
  return html`<section id="bien-dong"><h2>Biến động lớn nhất</h2>
<p class="muted">So với ${basis}: tỷ lệ tính bằng điểm phần trăm; số đếm tính bằng phần trăm thay đổi (chỉ những thay đổi vượt quá mức dao động ngẫu nhiên với quy mô của tỉnh). Tối đa 3 tỉnh mỗi chiều. Bảng đầy đủ cho mọi chỉ tiêu: movers.parquet / movers.json.</p>
${rows.length ? html`<table><thead><tr><th>Chỉ tiêu</th><th>Tốt lên nhiều nhất (hoặc tăng)</th><th>Xấu đi nhiều nhất (hoặc giảm)</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">Không có số liệu để so sánh.</p>`}
</section>`;
}

function outliersSection(c: Comparison): Html {
  const body = c.outliers.length === 0
    ? html`<p>Không có tỉnh nào có mức thay đổi vượt ra ngoài giới hạn kiểm soát 99,8 %.</p>`
    : html`<table><thead><tr><th>Chỉ tiêu</th><th>Tỉnh</th><th class="n">Cùng kỳ năm trước</th><th class="n">Kỳ này</th><th class="n">Thay đổi</th><th class="n">Độ lệch chuẩn hoá</th></tr></thead><tbody>${[...c.outliers]
        .sort((x, y) => Math.abs(y.z) - Math.abs(x.z))
        .map((o) => {
          const ind = indicatorByCode(o.indicator)!;
          return html`<tr><td>${ind.name_vi}</td><td>${o.unit_name}</td><td class="n">${fmtValue(o.base_value, ind.unit)}</td><td class="n">${fmtValue(o.value, ind.unit)}</td>
<td class="n">${ind.kind === 'rate' ? pp(o.change) : relPct(o.change)}</td><td class="n">${signedNum(o.z, 1)}</td></tr>`;
        })}</tbody></table>`;
  return html`<section id="bat-thuong"><h2>Tỉnh có biến động bất thường</h2>
<p class="muted">Một thay đổi so với cùng kỳ chỉ được coi là bất thường khi nó vượt ra ngoài giới hạn kiểm soát 99,8 % của mức dao động ngẫu nhiên đối với một tỉnh có quy mô như vậy (xem phần Cách tính): tỉnh có ít vụ việc thì giới hạn rộng, tỉnh có nhiều vụ việc thì giới hạn hẹp.</p>
${body}</section>`;
}

function missingSection(c: Comparison): Html {
  const comp = c.completeness;
  if (!comp) return html`<section id="bao-cao-thieu"><h2>Báo cáo còn thiếu</h2><p class="muted">Không có số liệu về tình hình gửi báo cáo cho kỳ này.</p></section>`;
  const byProvince = new Map<string, { name: string; units: { id: string; name: string }[] }>();
  for (const m of c.missing) {
    const k = m.province_id || '?';
    let g = byProvince.get(k);
    if (!g) byProvince.set(k, (g = { name: m.province_name || k, units: [] }));
    g.units.push({ id: m.unit_id, name: m.unit_name });
  }
  const reporting = new Set(c.provinces.map((p) => p.unit_id));
  // Provinces with no report at all are one line; partial ones get a row each.
  const silent = [...byProvince.entries()].filter(([id]) => !reporting.has(id));
  const partial = [...byProvince.entries()].filter(([id]) => reporting.has(id));
  const rows = partial.map(([, g]) => {
    const shown = g.units.slice(0, MISSING_UNITS_SHOWN);
    return html`<tr><td>${g.name}</td><td class="n">${num(g.units.length)}</td><td>${shown.map((u, i) => html`${i ? ', ' : ''}${u.name}`)}${g.units.length > shown.length ? html` <span class="muted">và ${num(g.units.length - shown.length)} đơn vị khác</span>` : ''}</td></tr>`;
  });
  return html`<section id="bao-cao-thieu"><h2>Báo cáo còn thiếu</h2>
<p>Đã nhận <b>${num(comp.received)}</b> trong số <b>${num(comp.expected)}</b> báo cáo tháng phải gửi (${comp.expected > 0 ? pct((100 * comp.received) / comp.expected) : '–'}); <b>${num(comp.missing_count)}</b> đơn vị còn thiếu ít nhất một báo cáo tháng của kỳ.</p>
${partial.length ? html`<table><thead><tr><th>Tỉnh, thành phố</th><th class="n">Số đơn vị thiếu</th><th>Đơn vị chưa gửi</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${silent.length ? html`<p><b>${num(silent.length)}</b> tỉnh, thành phố chưa có báo cáo nào của kỳ (toàn bộ ${num(silent.reduce((a, [, g]) => a + g.units.length, 0))} đơn vị): ${silent.map(([, g], i) => html`${i ? ', ' : ''}${g.name}`)}.</p>` : ''}
${c.missing.length === 0 ? html`<p class="met">Tất cả đơn vị đã gửi đủ báo cáo.</p>` : ''}
</section>`;
}

export function renderDigest(input: DigestInput): string {
  const c = input.comparison;
  const ctx = c.context;
  const areas = workAreas()
    .map((a) => ({ area: a, rows: c.national.filter((n) => n.work_area === a.code) }))
    .filter((x) => x.rows.length > 0);
  const title = `Bản tin so sánh giữa các tỉnh — ${periodName(ctx.period)}`;
  const synthetic = c.synthetic
    ? html`<div class="synthetic" role="note">DỮ LIỆU MÔ PHỎNG — các số liệu trong bản tin này được sinh tự động để trình diễn, không phải số liệu thật của Viện kiểm sát nhân dân.</div>`
    : '';
  const geography = c.geography === 'as_2025'
    ? html`<div class="note">Kỳ này theo địa giới 34 tỉnh, thành phố từ 01/07/2025. Số liệu kỳ trước và cùng kỳ năm trước của các tỉnh đã hợp nhất được quy đổi về tỉnh mới (cộng số đếm, tử số và mẫu số của các tỉnh cũ).</div>`
    : '';
  const open = input.closed
    ? ''
    : html`<div class="warning">Kỳ này chưa khoá sổ (chưa qua ngày cuối kỳ + ${num(input.graceDays)} ngày gia hạn): số liệu có thể còn thay đổi.</div>`;
  const toc = [
    ['tom-tat', 'Tóm tắt'], ['dat-chua-dat', 'Đạt / chưa đạt chỉ tiêu đề ra'],
    ...areas.map((a) => [`lv-${a.area.code}`, a.area.name_vi]),
    ['bien-dong', 'Biến động lớn nhất'], ['bat-thuong', 'Biến động bất thường'], ['bao-cao-thieu', 'Báo cáo còn thiếu'], ['phuong-phap', 'Cách tính'],
  ];
  const page = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chitieu compare">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}${c.synthetic ? ' (dữ liệu mô phỏng)' : ''}</title>
<style>${DIGEST_CSS}</style></head>
<body><main>
<header class="top"><div class="org">Viện kiểm sát nhân dân · Bản tin trước giao ban</div>
<h1>${title}</h1>
<p class="sub">Kỳ ${ctx.period}: ${date(ctx.start)} – ${date(ctx.end)} · so với kỳ trước (${periodName(ctx.prior_period)}) và cùng kỳ năm trước (${periodName(ctx.last_year_period)}) · lập lúc ${dateTime(input.generatedAt)}</p>
${synthetic}${open}${geography}
<nav class="toc" aria-label="Mục lục"><b>Mục lục</b><ol>${toc.map(([id, name]) => html`<li><a href="#${id}">${name}</a></li>`)}</ol></nav>
</header>
${summary(c)}
${attainmentSection(c)}
${areas.map((a) => areaSection(c, a.area, a.rows))}
${moversSection(c)}
${outliersSection(c)}
${missingSection(c)}
<section id="phuong-phap"><h2>Cách tính</h2><ul>
<li>Giá trị của tỉnh là tổng các đơn vị trong tỉnh; giá trị toàn quốc là tổng các tỉnh. Tỷ lệ luôn tính lại từ tổng tử số / tổng mẫu số, không lấy trung bình các tỷ lệ; tỷ lệ chỉ có dạng % (không có tử số, mẫu số) không cộng gộp được nên để trống và gắn cờ.</li>
<li>Thay đổi của tỷ lệ tính bằng điểm phần trăm; của số đếm tính bằng số tuyệt đối và phần trăm.</li>
<li>Kỳ báo cáo theo năm thống kê (01/12 năm trước – 30/11). Một kỳ được coi là khoá sổ khi đã qua ngày cuối kỳ ${num(input.graceDays)} ngày.</li>
<li>Thứ hạng: 1 là tốt nhất theo chiều mong muốn của chỉ tiêu (với chỉ tiêu trung tính: cao nhất); các tỉnh bằng nhau cùng hạng.</li>
<li>Nguồn: ${Object.entries(c.sources).map(([k, v], i) => html`${i ? '; ' : ''}${k}: ${v}`)}.</li>
</ul></section>
<footer>chitieu · lần chạy ${input.runId} · ${c.synthetic ? 'dữ liệu mô phỏng · ' : ''}bảng số liệu đi kèm: national, provinces, attainment, movers, outliers, missing (Parquet và JSON).</footer>
</main></body></html>
`;
  return page.value;
}
