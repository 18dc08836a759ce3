/** Engine errors as API errors (issue 14 §7): codes, statuses, both languages, no internals. */
import { describe, expect, it } from 'vitest';
import { engineApiError, positionOf } from '../../functions/api/engine-errors.ts';
import { AthenaQueryError } from '../../functions/adapters/engine/athena.ts';

describe('engine errors', () => {
  it('maps Athena’s COLUMN_NOT_FOUND to a 400 with the position in the analyst’s SQL', () => {
    const reason = "COLUMN_NOT_FOUND: line 1:8: Column 'unit_idd' cannot be resolved or requester is not authorized to access requested resources";
    const e = engineApiError(new AthenaQueryError('athena_failed', `Truy vấn Athena thất bại: ${reason}`, `Athena query failed: ${reason}`, { reason }), 'SELECT\n  unit_idd FROM reports');
    expect(e).toMatchObject({ status: 400, code: 'unknown_column' });
    expect(e!.message_vi).toBe('Không có cột "unit_idd" (dòng 2, cột 3). Hãy sửa tên cột (danh sách cột ở mục Dữ liệu).');
  });

  it.each([
    ['Catalog Error: Scalar Function with name sumx does not exist!\nDid you mean "sum"?\n\nLINE 1: SELECT sumx(value)', 400, 'unknown_function'],
    ['Binder Error: column "unit_id" must appear in the GROUP BY clause or must be part of an aggregate function.', 400, 'not_grouped'],
    ["Conversion Error: Could not convert string 'abc' to INT32", 400, 'bad_value'],
    ['Parser Error: syntax error at or near "FORM"', 400, 'syntax_error'],
    ['Out of Memory Error: failed to allocate data of size 64.0 MiB (1.8 GiB/1.8 GiB used)', 503, 'too_large'],
    ['Binder Error: Ambiguous reference to column name "unit_id"', 400, 'bad_query'],
  ])('%s → %i %s, without the engine’s words', (message, status, code) => {
    const e = engineApiError(new Error(message), 'SELECT sumx(value), unit_id FROM reports');
    expect(e).toMatchObject({ status, code });
    expect(`${e!.message_vi} ${e!.message_en}`).not.toMatch(/Error:|LINE 1|GiB|INT32/);
  });

  it('leaves what it does not recognise to the caller (a 500 without details)', () => {
    expect(engineApiError(new Error('INTERNAL Error: Attempted to access index 3 within vector of size 3'))).toBeUndefined();
  });

  it('finds a name outside strings and comments', () => {
    expect(positionOf("SELECT 'nme' AS a, -- nme\n nme FROM t", 'nme')).toEqual({ line: 2, column: 2 });
  });
});
