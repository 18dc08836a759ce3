/**
 * The notebook's inputs as form controls. Indicators come from the catalog (grouped by work area),
 * provinces from the unit registry of the right era, periods from the statistical calendar.
 */
import { PERIOD_TYPES } from '../../../functions/core/calendar.ts';
import { fold } from '../../../functions/core/text.ts';
import type { Catalog, Unit } from '../data/reference.ts';
import { LATEST_PREFIX, latestPeriod, periodTypeOf, type PeriodCatalog } from '../notebook/periods.ts';
import { getLang, pick, t } from '../i18n/i18n.ts';
import type { InputDef, Notebook } from '../notebook/types.ts';
import { h } from './dom.ts';

export interface InputsContext {
  catalog?: Catalog;
  units?: Unit[];
  /** Periods with data (undefined until they arrive). */
  periods?: PeriodCatalog;
  onChange(name: string, value: string | number): void;
}

const PERIOD_TYPE_NAMES: Record<string, [string, string]> = {
  month: ['Tháng', 'Month'], quarter: ['Quý', 'Quarter'], half: ['6 tháng', 'Half-year'], nine_months: ['9 tháng', 'Nine months'], year: ['Năm', 'Year'],
};

/**
 * A period input: its type (month, quarter, …) as a control, then the periods of that type that
 * have data, newest first, after a "latest" choice that follows new data. Incomplete periods say so.
 */
function periodControl(id: string, value: string, ctx: InputsContext, change: (v: string) => void): HTMLElement {
  const lang = getLang() === 'en' ? 1 : 0;
  const type = periodTypeOf(value) ?? 'month';
  const typeSelect = h('select', { id: `${id}-type`, 'aria-label': t('period_type') },
    ...PERIOD_TYPES.map((p) => option(p, PERIOD_TYPE_NAMES[p]?.[lang] ?? p, p === type)));
  typeSelect.addEventListener('change', (e) => {
    e.stopPropagation();
    change(`${LATEST_PREFIX}${typeSelect.value}`);
  });
  const list = ctx.periods?.get(type) ?? [];
  const latest = ctx.periods ? latestPeriod(ctx.periods, type) : undefined;
  const latestValue = `${LATEST_PREFIX}${type}`;
  const periodSelect = h('select', { id },
    option(latestValue, `${t('latest')}${latest ? ` (${latest})` : ''}`, value === latestValue),
    h('optgroup', { label: PERIOD_TYPE_NAMES[type]?.[lang] ?? type },
      ...list.map((p) => option(p.label, p.complete ? p.label : `${p.label} (${t('incomplete')})`, p.label === value))));
  if (value !== latestValue && !list.some((p) => p.label === value)) periodSelect.prepend(option(value, value, true));
  periodSelect.addEventListener('change', (e) => {
    e.stopPropagation();
    change(periodSelect.value);
  });
  return h('span', { class: 'period-control' }, typeSelect, periodSelect);
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

function control(name: string, def: InputDef, ctx: InputsContext): HTMLElement {
  const id = `input-${name}`;
  const value = String(def.value);
  const change = (v: string): void => ctx.onChange(name, def.type === 'number' || def.type === 'year' ? Number(v) : v);
  let el: HTMLElement;
  switch (def.type) {
    case 'indicator': {
      if (!ctx.catalog) {
        el = h('input', { id, type: 'text', value, spellcheck: 'false' });
        break;
      }
      const areas = ctx.catalog.workAreas;
      const groups = areas.length ? areas : [{ code: '', name_vi: '', name_en: '' }];
      el = h('select', { id }, ...groups.map((a) => {
        const inds = ctx.catalog!.indicators.filter((i) => !a.code || i.work_area === a.code);
        return h('optgroup', { label: pick(a as unknown as Record<string, unknown>, 'name') || '—' }, ...inds.map((i) => option(i.code, pick(i as unknown as Record<string, unknown>, 'name'), i.code === value)));
      }));
      if (!ctx.catalog.byCode.has(value)) (el as HTMLSelectElement).prepend(option(value, value, true));
      break;
    }
    case 'province':
    case 'unit': {
      const era = def.era ?? 'any';
      const units = (ctx.units ?? []).filter((u) => (def.type === 'province' ? u.level === 'province' : true) && (era === 'any' || u.id.startsWith(`${era}-`)));
      const extra = def.options ?? [];
      if (!units.length && !extra.length) {
        el = h('input', { id, type: 'text', value, spellcheck: 'false' });
        break;
      }
      const sorted = units.slice().sort((a, b) => fold(a.name).localeCompare(fold(b.name)));
      const chosen = new Set(value.split(','));
      el = h('select', { id, multiple: def.multiple, size: def.multiple ? 6 : undefined },
        ...extra.map((o) => option(o.value, getLang() === 'en' ? o.label_en : o.label_vi, chosen.has(o.value))),
        ...sorted.map((u) => option(u.id, era === 'any' ? `${u.name} (${u.id.startsWith('p34') ? '34' : '63'})` : u.name, chosen.has(u.id))));
      if (def.multiple) {
        el.addEventListener('change', (e) => {
          e.stopImmediatePropagation();
          const ids = Array.from((el as HTMLSelectElement).selectedOptions).map((o) => o.value);
          if (ids.length) ctx.onChange(name, ids.join(','));
        });
      }
      break;
    }
    case 'period':
      el = periodControl(id, value, ctx, (v) => ctx.onChange(name, v));
      break;
    case 'period_type':
      el = h('select', { id }, ...PERIOD_TYPES.map((p) => option(p, PERIOD_TYPE_NAMES[p]?.[getLang() === 'en' ? 1 : 0] ?? p, p === value)));
      break;
    case 'select':
      el = h('select', { id }, ...(def.options ?? []).map((o) => option(o.value, getLang() === 'en' ? o.label_en : o.label_vi, o.value === value)));
      break;
    case 'year':
    case 'number':
      el = h('input', { id, type: 'number', value, step: 1, min: def.type === 'year' ? 2000 : undefined, max: def.type === 'year' ? 2100 : undefined });
      break;
    default:
      el = h('input', { id, type: 'text', value });
  }
  el.addEventListener('change', (e) => change((e.target as HTMLInputElement).value));
  return h('div', { class: 'input' }, h('label', { for: id }, getLang() === 'en' ? def.label_en : def.label_vi), el);
}

export function inputsBar(nb: Notebook, ctx: InputsContext): HTMLElement {
  const names = Object.keys(nb.inputs);
  return h('form', { class: 'inputs', 'aria-label': t('inputs'), onsubmit: (e: Event) => e.preventDefault() }, ...names.map((n) => control(n, nb.inputs[n], ctx)));
}
