/**
 * A province's own page (a comparison with `scope`, province.ts): the same first page as the
 * country's, one level down (which units are behind on which indicators, what changed, which
 * units miss reports, what the figures rest on), then one table of units per indicator, the
 * caveats and the method. Written beside the country's digest as province-<id>.html, which links
 * to it from the provinces it names.
 */
import { indicatorByCode } from '../../core/catalog.ts';
import { CAVEATS } from '../assemble.ts';
import type { ProvinceRow } from '../types.ts';
import { rankText } from './charts.ts';
import { caveatName, caveatsOf, firstPage, indicatorName } from './first-page.ts';
import { comparator, num, periodName, value as fmtValue, type Lang } from './format.ts';
import type { BriefingInput } from './heading.ts';
import { html, type Html } from './html.ts';
import { changeCell, leaderPage, mark, methodSection, pageShell, verdict } from './render.ts';

export function renderProvincePage(input: BriefingInput): string {
  const lang: Lang = input.lang ?? 'vi';
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  const c = input.comparison;
  if (!c.scope) throw new Error('renderProvincePage: the comparison has no province scope');
  const ctx = c.context;
  const title = `${t('Bản tin đơn vị', 'Units briefing')} — ${c.scope.province_name} — ${periodName(ctx.period, lang)}`;

  const details = c.national.map((n) => {
    const ind = indicatorByCode(n.indicator)!;
    const rows = c.provinces.filter((p) => p.indicator === n.indicator);
    const target = n.target_threshold === null ? '' : `${comparator(n.target_comparator)} ${fmtValue(n.target_threshold, ind.unit, lang)}`;
    const row = (p: ProvinceRow) => html`<tr><td>${p.unit_name}${mark(p, lang)}</td><td class="n"><b>${fmtValue(p.value, ind.unit, lang)}</b></td>
${changeCell(ind, p.change_prior, p.change_prior_pct, lang)}${changeCell(ind, p.change_last_year, p.change_last_year_pct, lang)}
<td class="n">${rankText(p)}</td>${target ? html`<td>${verdict(p.met, lang)}</td>` : ''}</tr>`;
    return html`<h3 id="ct-${n.indicator}">${indicatorName(ind, lang)}</h3>
<p>${t('Toàn tỉnh', 'Province')}: <b>${fmtValue(n.value, ind.unit, lang)}</b>${target ? html` · ${t('chỉ tiêu đề ra', 'target')} ${target} ${verdict(n.met, lang)}` : ''}</p>
<table><thead><tr><th>${t('Đơn vị', 'Unit')}</th><th class="n">${periodName(ctx.period, lang)}</th><th class="n">${t('So với kỳ trước', 'vs previous')}</th><th class="n">${t('So với cùng kỳ', 'vs last year')}</th><th class="n">${t('Hạng', 'Rank')}</th>${target ? html`<th>${t('Chỉ tiêu', 'Target')}</th>` : ''}</tr></thead>
<tbody>${rows.map(row)}</tbody></table>`;
  });

  const marked = c.provinces.filter((p) => p.caveats);
  const groups = CAVEATS.map((cv) => ({ cv, rows: marked.filter((p) => caveatsOf(p).includes(cv)) })).filter((g) => g.rows.length > 0);
  const caveats: Html = html`<section id="luu-y"><h2>${t('Lưu ý về số liệu', 'Data caveats')}</h2>
<p class="muted">${t('Thứ hạng và kết luận dựa trên các số liệu dưới đây được đánh dấu *. Hạng của đơn vị là hạng giữa các đơn vị cùng cấp (viện kiểm sát tỉnh không xếp hạng cùng các đơn vị cấp dưới); khoảng trong ngoặc là các hạng mà khoảng tin cậy 95 % cho phép.', 'Ranks and verdicts resting on the figures below are marked *. A unit ranks among the units of its level (the provincial office is not ranked with them); the range in brackets is the ranks its 95 % interval allows.')}</p>
${groups.length === 0 ? html`<p>${t('Không có lưu ý nào.', 'None.')}</p>` : groups.map((g) => html`<h3>${caveatName(g.cv, lang)} (${num(g.rows.length)})</h3><ul class="cols compact">${g.rows.slice(0, 30).map((p) => {
    const ind = indicatorByCode(p.indicator);
    return html`<li>${p.unit_name} — ${ind ? indicatorName(ind, lang) : p.indicator}: <b>${ind ? fmtValue(p.value, ind.unit, lang) : num(p.value)}</b></li>`;
  })}</ul>`)}</section>`;

  return pageShell(input, title, html`<p class="muted"><a href="${lang === 'en' ? 'digest.en.html' : 'digest.html'}">${t('← Bản tin so sánh giữa các tỉnh', '← Cross-province briefing')}</a></p>
${leaderPage(c, firstPage(c, lang), input, lang)}
<section id="dat-chua-dat"><h2>${t('Các đơn vị theo từng chỉ tiêu', 'Units by indicator')}</h2>
<p class="muted">${t(`Số liệu của từng đơn vị (báo cáo của chính đơn vị) so với kỳ trước (${periodName(ctx.prior_period, lang)}) và cùng kỳ năm trước (${periodName(ctx.last_year_period, lang)}); đơn vị mới thành lập từ 01/07/2025 không có số liệu cùng kỳ.`, `Each unit's figure (its own reports) against the previous period (${periodName(ctx.prior_period, lang)}) and the same period last year (${periodName(ctx.last_year_period, lang)}); units created on 1 July 2025 have no year-earlier figure.`)}</p>
${details}</section>
${caveats}
${methodSection(c, input, lang)}`);
}
