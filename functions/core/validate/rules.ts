/**
 * Domain rules of a report that passed the schema, and its normalization: the unit and
 * indicators are resolved (by id, code, name or alias, ignoring diacritics and tone placement),
 * text goes to NFC, and the report is checked against the calendar, the unit registry and the
 * indicator catalog. A report is accepted or rejected whole.
 */
import type { InputReport, Problem, Scope, ValueRow } from '../types.ts';
import { parsePeriod, type Period } from '../calendar.ts';
import { resolveIndicator, type Indicator } from '../catalog.ts';
import { resolveUnit, unitById, type Unit } from '../units.ts';
import { nfc } from '../text.ts';
import { problem } from '../problem.ts';

/** A rate's value must match 100 × numerator / denominator to within reporting rounding (1 decimal). */
export const RATE_TOLERANCE = 0.051;

/** A value as it will be stored: the values row's figure columns, its indicator resolved. */
export interface NormalizedValue extends Pick<ValueRow, 'value' | 'numerator' | 'denominator' | 'flag' | 'note' | 'confidence'> {
  indicator: Indicator;
  span: [number, number] | null;
}

export interface NormalizedReport {
  unit: Unit;
  scope: Scope;
  period: Period;
  submitted_at: string; // ISO, UTC
  revision: number;
  values: NormalizedValue[];
}

function overlaps(unit: Unit, p: Period): boolean {
  return unit.valid_from <= p.end && (unit.valid_to === null || unit.valid_to === undefined || unit.valid_to >= p.start);
}

/** Where a problem is: a JSON pointer under the report's own (`base`, for files of many reports). */
function at(base: string, pointer: string): { pointer: string } {
  return { pointer: base + pointer };
}

export function checkReport(input: InputReport, base = ''): { report?: NormalizedReport; problems: Problem[] } {
  const problems: Problem[] = [];

  const period = parsePeriod(input.period);
  if (!period) {
    problems.push(problem('period_invalid', at(base, '/period'), `Kỳ báo cáo "${input.period}" không có trong lịch thống kê.`,
      `Period "${input.period}" is not on the statistical calendar.`,
      'Dùng nhãn kỳ như 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y (năm thống kê từ 1/12 đến 30/11).',
      'Use a label such as 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y (statistical year 1 Dec – 30 Nov).'));
  }

  let unit: Unit | undefined;
  if (input.unit_id) {
    unit = unitById(input.unit_id);
    if (!unit) {
      problems.push(problem('unit_unknown', at(base, '/unit_id'), `Không có đơn vị mã "${input.unit_id}" trong danh mục.`,
        `No unit with id "${input.unit_id}" in the registry.`,
        'Tra mã đơn vị bằng lệnh `chitieu units <tên>` (mã p63-, p34-, d-, kv-).', 'Look the id up with `chitieu units <name>` (ids p63-, p34-, d-, kv-).'));
    }
  } else if (input.unit_name) {
    unit = resolveUnit(input.unit_name, period?.end);
    if (!unit) {
      problems.push(problem('unit_unknown', at(base, '/unit_name'), `Không nhận ra đơn vị "${input.unit_name}".`,
        `Unit "${input.unit_name}" not recognised.`,
        'Ghi tên như trong danh mục (ví dụ "VKSND tỉnh Sóc Trăng") hoặc dùng unit_id.', 'Write the name as in the registry (e.g. "VKSND tỉnh Sóc Trăng") or use unit_id.'));
    }
  }
  if (unit && period && !overlaps(unit, period)) {
    problems.push(problem('unit_not_valid_in_period', at(base, input.unit_id ? '/unit_id' : '/unit_name'),
      `Đơn vị ${unit.id} (${unit.full_name}) không tồn tại trong kỳ ${period.label} (hiệu lực ${unit.valid_from} – ${unit.valid_to ?? 'nay'}).`,
      `Unit ${unit.id} (${unit.full_name}) did not exist in period ${period.label} (valid ${unit.valid_from} – ${unit.valid_to ?? 'now'}).`,
      'Từ 1/7/2025 dùng mã tỉnh mới (p34-…) hoặc đơn vị khu vực (kv-…); trước đó dùng p63-… và d-….',
      'From 1 July 2025 use the new province (p34-…) or regional (kv-…) ids; before, p63-… and d-….'));
  }
  if (unit && input.scope === 'province_total' && unit.level !== 'province') {
    problems.push(problem('scope_unit_mismatch', at(base, '/scope'), `Phạm vi "province_total" (hai cấp) chỉ dành cho VKSND cấp tỉnh; ${unit.id} là cấp ${unit.level}.`,
      `Scope "province_total" ("hai cấp") is for provincial procuracies only; ${unit.id} is ${unit.level}-level.`,
      'Dùng scope "unit", hoặc gửi báo cáo hai cấp dưới mã tỉnh.', 'Use scope "unit", or send the "hai cấp" report under the province id.'));
  }

  const submitted = Date.parse(input.submitted_at);
  if (period && Number.isFinite(submitted) && submitted < Date.parse(`${period.start}T00:00:00+07:00`)) {
    problems.push(problem('submitted_before_period', at(base, '/submitted_at'), `Thời điểm gửi ${input.submitted_at} trước khi kỳ ${period.label} bắt đầu.`,
      `Submitted at ${input.submitted_at}, before period ${period.label} began.`,
      'Kiểm tra lại kỳ báo cáo hoặc thời điểm gửi.', 'Check the period label or the submission time.'));
  }

  const values: NormalizedValue[] = [];
  const seen = new Map<string, number>();
  // A loop without closures: this runs once per value of every report ingested (a closure per
  // value, each named by the TypeScript loader with a defineProperty, was about a third of the
  // time to check a report in a CPU profile of a bulk ingest).
  for (let i = 0; i < input.values.length; i++) {
    const v = input.values[i];
    const ind = resolveIndicator(v.indicator);
    if (!ind) {
      problems.push(problem('indicator_unknown', at(base, `/values/${i}/indicator`), `Không có chỉ tiêu "${v.indicator}" trong danh mục.`,
        `Indicator "${v.indicator}" is not in the catalog.`,
        'Dùng mã chỉ tiêu (xem `chitieu indicators <từ khoá>`) hoặc tên tiếng Việt của chỉ tiêu.', 'Use an indicator code (see `chitieu indicators <keyword>`) or its Vietnamese name.'));
      continue;
    }
    const prev = seen.get(ind.code);
    if (prev !== undefined) {
      problems.push(problem('indicator_duplicate', at(base, `/values/${i}/indicator`), `Chỉ tiêu ${ind.code} xuất hiện hai lần (lần đầu ở /values/${prev}).`,
        `Indicator ${ind.code} appears twice (first at /values/${prev}).`,
        'Giữ một giá trị cho mỗi chỉ tiêu.', 'Keep one value per indicator.'));
      continue;
    }
    seen.set(ind.code, i);
    const num = v.numerator ?? null;
    const den = v.denominator ?? null;
    let flag = v.flag ?? null;
    if (ind.kind === 'rate') {
      if (v.value < 0 || v.value > 100) {
        problems.push(problem('rate_out_of_range', at(base, `/values/${i}/value`), `Tỷ lệ ${ind.code} = ${v.value} nằm ngoài 0–100%.`,
          `Rate ${ind.code} = ${v.value} is outside 0–100%.`, 'Ghi tỷ lệ theo phần trăm, từ 0 đến 100.', 'Write the rate in percent, from 0 to 100.'));
      }
      if ((num === null) !== (den === null)) {
        problems.push(problem('rate_half_given', at(base, `/values/${i}${num === null ? '/numerator' : '/denominator'}`), `Tỷ lệ ${ind.code} có tử số hoặc mẫu số mà thiếu số kia.`,
          `Rate ${ind.code} has a numerator or a denominator but not both.`, 'Ghi cả tử số và mẫu số, hoặc bỏ cả hai.', 'Give both numerator and denominator, or neither.'));
      } else if (num !== null && den !== null) {
        if (num < 0 || den < 0 || !Number.isInteger(num) || !Number.isInteger(den)) {
          problems.push(problem('rate_parts_not_counts', at(base, `/values/${i}/numerator`), `Tử số và mẫu số của ${ind.code} phải là số nguyên không âm.`,
            `Numerator and denominator of ${ind.code} must be non-negative integers.`, 'Ghi số vụ/việc nguyên.', 'Write whole counts.'));
        } else if (num > den) {
          problems.push(problem('numerator_gt_denominator', at(base, `/values/${i}/numerator`), `Tử số (${num}) lớn hơn mẫu số (${den}) ở ${ind.code}.`,
            `Numerator (${num}) exceeds denominator (${den}) for ${ind.code}.`, 'Kiểm tra lại số đã giải quyết và tổng số phải giải quyết.', 'Check the resolved count and the total to resolve.'));
        } else if (den === 0) {
          problems.push(problem('denominator_zero', at(base, `/values/${i}/denominator`), `Mẫu số của ${ind.code} bằng 0: không có tỷ lệ.`,
            `The denominator of ${ind.code} is 0: there is no rate.`, 'Bỏ chỉ tiêu tỷ lệ khi không có việc phải giải quyết.', 'Leave the rate out when there is nothing to resolve.'));
        } else if (Math.abs(v.value - (100 * num) / den) > RATE_TOLERANCE) {
          problems.push(problem('rate_inconsistent', at(base, `/values/${i}/value`),
            `Tỷ lệ ${ind.code} = ${v.value} không khớp ${num}/${den} = ${((100 * num) / den).toFixed(2)}%.`,
            `Rate ${ind.code} = ${v.value} does not match ${num}/${den} = ${((100 * num) / den).toFixed(2)}%.`,
            'Sửa tỷ lệ hoặc tử số/mẫu số cho khớp (làm tròn 1 chữ số thập phân).', 'Correct the rate or its parts so they agree (rounded to 1 decimal).'));
        }
      } else {
        // A rate known only as a percentage: kept as reported, never re-aggregated.
        flag = 'percent_only';
      }
    } else {
      if (v.value < 0 || !Number.isInteger(v.value)) {
        problems.push(problem('count_invalid', at(base, `/values/${i}/value`), `Chỉ tiêu đếm ${ind.code} phải là số nguyên không âm (nhận ${v.value}).`,
          `Count ${ind.code} must be a non-negative integer (got ${v.value}).`, 'Ghi số vụ/việc nguyên, không âm.', 'Write a whole, non-negative count.'));
      }
      if (num !== null || den !== null) {
        problems.push(problem('count_with_parts', at(base, `/values/${i}/numerator`), `Chỉ tiêu đếm ${ind.code} không có tử số/mẫu số.`,
          `Count ${ind.code} takes no numerator or denominator.`, 'Bỏ tử số và mẫu số.', 'Remove numerator and denominator.'));
      }
    }
    values.push({
      indicator: ind,
      value: v.value,
      numerator: num,
      denominator: den,
      flag,
      note: v.note ? nfc(v.note) : null,
      confidence: v.confidence ?? null,
      span: v.span ?? null,
    });
  }

  if (problems.length || !unit || !period) return { problems };
  return {
    problems,
    report: {
      unit,
      scope: input.scope,
      period,
      submitted_at: new Date(submitted).toISOString(),
      revision: input.revision ?? 1,
      values,
    },
  };
}
