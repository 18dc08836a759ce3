/**
 * Hard limits on received files (issue 14 §4): every format's container is checked before its
 * parser inflates anything, and every format has a size cap whose error names the file, the
 * place and the fix.
 */
import { describe, expect, it } from 'vitest';
import { parseDocx } from '../../functions/core/parse/docx.ts';
import { parseJson } from '../../functions/core/parse/json.ts';
import { parseCsv } from '../../functions/core/parse/csv.ts';
import { parseText } from '../../functions/core/parse/text.ts';
import { parseXlsx } from '../../functions/core/parse/xlsx.ts';
import { MAX_FILE_BYTES, MAX_JSON_DEPTH, jsonDepth } from '../../functions/core/parse/input-limits.ts';
import { makeZip } from '../fixtures/xlsx/zip.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** A .docx whose document.xml inflates to `bytes` while its headers declare 1000. */
function docxBomb(bytes: number, declaredSize?: number): Uint8Array {
  const para = '<w:p><w:r><w:t>Viện kiểm sát nhân dân tỉnh Sóc Trăng — thụ lý 12 vụ.</w:t></w:r></w:p>';
  const body = para.repeat(Math.ceil(bytes / para.length));
  return makeZip([
    { name: '[Content_Types].xml', data: text('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>') },
    { name: '_rels/.rels', data: text('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>') },
    { name: 'word/document.xml', data: text(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`), declaredSize },
  ]);
}

describe('input limits', () => {
  it('refuses a DOCX zip bomb whose headers understate its size before mammoth inflates it', async () => {
    const bomb = docxBomb(42 * 1024 * 1024, 1000);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const started = performance.now();
    const r = await parseDocx(bomb, 'bao-cao.docx');
    expect(r.reports).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['docx_too_large']);
    expect(r.problems[0]!.fix_vi.length).toBeGreaterThan(5);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses a DOCX whose honest headers declare a bomb-like compression ratio', async () => {
    const r = await parseDocx(docxBomb(42 * 1024 * 1024), 'bao-cao.docx');
    expect(r.problems.map((p) => p.code)).toEqual(['docx_too_large']);
  });

  it.each([
    ['json', parseJson, 'bc.json'],
    ['csv', parseCsv, 'bc.csv'],
    ['text', parseText, 'bc.txt'],
    ['docx', parseDocx, 'bc.docx'],
    ['xlsx', parseXlsx, 'bc.xlsx'],
  ] as const)('caps the size of a %s file with an error naming the file, the limit and the fix', async (format, parse, name) => {
    const big = new Uint8Array(MAX_FILE_BYTES[format] + 1).fill(0x20);
    const r = await parse(big, name);
    expect(r.reports).toEqual([]);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p.code).toBe('file_too_large');
    expect(p.message_vi).toContain(`"${name}"`);
    expect(p.message_en).toContain(`"${name}"`);
    expect(p.message_vi).toMatch(/giới hạn \d+(,\d)? MB/);
    expect(p.fix_vi).toMatch(/Tách báo cáo/);
    expect(p.fix_en).toMatch(/Split the report/);
    expect(p.place).toEqual({ pointer: '' });
  });

  it('refuses JSON nested deeper than the limit, with its line and column, in linear time', async () => {
    const deep = '{"a":\n' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    const started = performance.now();
    const r = await parseJson(text(deep), 'sau.json');
    expect(r.problems.map((p) => p.code)).toEqual(['json_too_deep']);
    expect(r.problems[0]!.place).toMatchObject({ row: 2, column: String(MAX_JSON_DEPTH) });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(jsonDepth('{"a":"[[[[[[", "b":[1,{"c":[]}]}').depth).toBe(0); // strings are skipped; 3 levels is fine
  });
});
