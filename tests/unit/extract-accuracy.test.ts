/**
 * Accuracy of narrative-report extraction on the labelled set (tests/fixtures/narrative): precision
 * and recall per field, printed, with the floor of issue 3 (precision 0.95, recall 0.90). The seed
 * figures must come out exactly. Each article must also give the same result whatever encoding or
 * container it arrives in (TCVN3, VNI, Windows-1258, UTF-16, NFD, DOCX, DOCX in a legacy font).
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { extractFromText } from '../../functions/core/extract/extract.ts';
import { extractTextFile } from '../../functions/core/parse/text.ts';
import { extractDocxFile } from '../../functions/core/parse/docx.ts';
import { encodeTcvn3, encodeVni, encodeWindows1258 } from '../../functions/core/encoding/index.ts';
import type { Extraction } from '../../functions/core/extract/types.ts';
import {
  addCounts,
  emptyCounts,
  FIELDS,
  figureKey,
  labelledArticles,
  precision,
  recall,
  scoreArticle,
} from '../fixtures/narrative/score.ts';
import { makeDocx } from '../fixtures/narrative/make-docx.ts';

const articles = labelledArticles();

/** What must not change between encodings: everything but spans and phrases. */
function essence(e: Extraction) {
  return {
    province: e.province,
    unit_id: e.unit_id,
    unit_level: e.unit_level,
    scope: e.scope,
    period: e.period,
    figures: e.indicators.map(figureKey),
  };
}

describe('narrative extraction accuracy (labelled set)', () => {
  it(`has the five seeds and at least 15 written articles (${articles.length} in all)`, () => {
    expect(articles.filter((a) => a.name.startsWith('seed-'))).toHaveLength(5);
    expect(articles.filter((a) => !a.name.startsWith('seed-')).length).toBeGreaterThanOrEqual(15);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.90 on every field', () => {
    let total = emptyCounts();
    const errors: string[] = [];
    for (const a of articles) {
      const s = scoreArticle(extractFromText(a.text).extraction, a.expected);
      total = addCounts(total, s.counts);
      for (const w of s.wrongFields) errors.push(`${a.name}: ${w}`);
      for (const m of s.missing) errors.push(`${a.name}: missing ${m}`);
      for (const x of s.extra) errors.push(`${a.name}: extra ${x}`);
    }
    const lines = FIELDS.map((f) => {
      const c = total[f];
      return `  ${f.padEnd(9)} precision ${precision(c).toFixed(3)}  recall ${recall(c).toFixed(3)}  (tp ${c.tp}, predicted ${c.predicted}, expected ${c.expected})`;
    });
    console.log(`Extraction accuracy on ${articles.length} articles:\n${lines.join('\n')}${errors.length ? `\n  errors:\n    ${errors.join('\n    ')}` : ''}`);
    for (const f of FIELDS) {
      expect(precision(total[f]), `${f} precision`).toBeGreaterThanOrEqual(0.95);
      expect(recall(total[f]), `${f} recall`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('gives every seed exactly', () => {
    for (const a of articles.filter((x) => x.name.startsWith('seed-'))) {
      const got = extractFromText(a.text).extraction;
      expect(essence(got), a.name).toEqual(essence(a.expected));
    }
  });

  it('gives seed 003 (Sóc Trăng, 6 tháng đầu năm 2023) as issue 3 states it', () => {
    const a = articles.find((x) => x.name === 'seed-003')!;
    const e = extractFromText(a.text).extraction;
    expect(e.province).toBe('Sóc Trăng');
    expect(e.unit_id).toBe('p63-94');
    expect(e.unit_level).toBe('tinh');
    expect(e.scope).toBe('province_total');
    expect(e.period).toEqual({ type: 'half', index: 1, year: 2023, label: '2023-H1' });
    expect(e.indicators[0]).toMatchObject({
      indicator_code: 'crime_report_resolution_rate',
      value: 71.2,
      unit: 'percent',
      change: { direction: 'up', value: 6.2, unit: 'percentage_point' },
    });
    const counts = e.indicators.filter((f) => f.unit === 'count').map((f) => [f.value, f.indicator_code]);
    expect(counts).toEqual([
      [94, 'conclusions_issued'],
      [93, 'recommendations_issued'],
      [16, 'appeal_protests'],
      [21, 'lessons_learned_notices'],
      [83, 'key_cases'],
      [82, 'model_trial_sessions'],
    ]);
  });

  it('points every span at its figure in the NFC text', () => {
    for (const a of articles) {
      const r = extractFromText(a.text);
      for (const f of r.extraction.indicators) {
        const frag = r.text.slice(f.span[0], f.span[1]);
        const written = String(f.value).replace('.', ',');
        const plain = frag.replace(/(\d)\.(?=\d{3})/g, '$1').replace(/(^|[^\d,.])0+(?=\d)/g, '$1');
        expect(plain.includes(written), `${a.name}: "${frag}" should hold ${written}`).toBe(true);
        expect(frag.includes(f.phrase) || f.phrase.includes(frag) || r.text.indexOf(f.phrase) >= 0, a.name).toBe(true);
      }
    }
  });
});

describe('extraction does not depend on the encoding or container', () => {
  // Legacy encodings have no typographic quotes or ellipsis: the samples are made comparable first.
  const plain = (s: string) => s.replace(/[“”]/g, '"').replace(/…/g, '...').replace(/–/g, '-');
  for (const a of articles) {
    it(a.name, async () => {
      const text = plain(a.text);
      const want = essence(extractFromText(text).extraction);
      const variants: Array<[string, Uint8Array]> = [
        ['tcvn3', encodeTcvn3(text, false)],
        ['vni', encodeVni(text)],
        ['windows-1258', encodeWindows1258(text)],
        ['utf-16le', new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf16le')])],
        ['utf-8 NFD', new TextEncoder().encode(text.normalize('NFD'))],
      ];
      for (const [name, bytes] of variants) {
        const got = extractTextFile(bytes);
        expect(essence(got.result.extraction), `${a.name} as ${name} (${got.encoding})`).toEqual(want);
      }
      const docx = await extractDocxFile(makeDocx(a.text));
      expect(essence(docx.result!.extraction), `${a.name} as docx`).toEqual(essence(extractFromText(a.text).extraction));
      let latin = '';
      for (const b of encodeVni(text)) latin += String.fromCharCode(b);
      const legacy = await extractDocxFile(makeDocx(latin, 'VNI-Times'));
      expect(legacy.legacyFonts, a.name).toEqual(/[^\x00-\x7f]/.test(text) ? ['vni'] : []);
      expect(essence(legacy.result!.extraction), `${a.name} as docx in VNI-Times`).toEqual(want);
    });
  }
});
