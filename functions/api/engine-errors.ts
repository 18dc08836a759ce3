/**
 * Engine errors as API errors: a stable code, an HTTP status that says whose fault it was (4xx:
 * the query; 5xx: the service), and a message in Vietnamese and English that an analyst can act
 * on — never the engine's own text with its internals (stack positions, temp paths, settings).
 * The engine's words go to the log only. Both engines' shapes are read: DuckDB's
 * "<Kind> Error: …" messages and Athena's "ERROR_NAME: line l:c: …" reasons.
 */
import { ApiError } from './errors.ts';
import { lex, type Token } from '../core/sql/lex.ts';

/** Where `name` first appears as a name (outside strings and comments) in the analyst's SQL. */
export function positionOf(sql: string | undefined, name: string): { line: number; column: number } | undefined {
  if (!sql) return undefined;
  let tokens: Token[];
  try {
    tokens = lex(sql);
  } catch {
    return undefined;
  }
  const wanted = name.toLowerCase();
  const t = tokens.find((k) => (k.kind === 'word' || k.kind === 'ident_quoted') && (k.kind === 'word' ? k.text.toLowerCase() : k.text.slice(1, -1).toLowerCase()) === wanted);
  if (!t) return undefined;
  const before = sql.slice(0, t.start);
  const line = before.split('\n').length;
  return { line, column: t.start - before.lastIndexOf('\n') };
}

const at = (p: { line: number; column: number } | undefined) =>
  p ? { vi: ` (dòng ${p.line}, cột ${p.column})`, en: ` (line ${p.line}, column ${p.column})` } : { vi: '', en: '' };

const quoted = (s: string | undefined) => (s ? s.replace(/[^\p{L}\p{N}_., "]/gu, '').slice(0, 200) : '');

/**
 * The API error for an engine failure on `sql` (the analyst's text, for positions), or
 * undefined when it is not one we recognise (the caller answers 500 without details).
 */
export function engineApiError(error: unknown, sql?: string): ApiError | undefined {
  const e = error as { message?: string; code?: string; reason?: string; name?: string };
  const message = String(e?.message ?? '');
  const reason = e?.name === 'AthenaQueryError' ? String(e.reason ?? '') : '';
  const text = reason || message;

  // A column that does not exist. DuckDB: Referenced column "x" not found in FROM clause!
  // Candidate bindings: "a", "b"  —  Athena: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved
  const column = /Referenced column "([^"]+)" not found/.exec(text)?.[1] ?? /COLUMN_NOT_FOUND: .*?Column '([^']+)' cannot be resolved/.exec(text)?.[1];
  if (column) {
    const candidates = /Candidate bindings: (.+)/.exec(text)?.[1];
    const hint = candidates ? quoted(candidates) : '';
    const p = at(positionOf(sql, column));
    return new ApiError(
      400,
      'unknown_column',
      `Không có cột "${quoted(column)}"${p.vi}.${hint ? ` Có phải ý bạn là: ${hint}?` : ''} Hãy sửa tên cột (danh sách cột ở mục Dữ liệu).`,
      `No column "${quoted(column)}"${p.en}.${hint ? ` Did you mean: ${hint}?` : ''} Fix the column name (the columns are listed under Data).`,
    );
  }
  const fn = /Scalar Function with name (\w+) does not exist/.exec(text)?.[1] ?? /Function '(\w+)' not registered/.exec(text)?.[1] ?? /FUNCTION_NOT_FOUND: .*?Function '(\w+)'/.exec(text)?.[1];
  if (fn) {
    const suggestion = /Did you mean "([^"]+)"/.exec(text)?.[1];
    const p = at(positionOf(sql, fn));
    return new ApiError(
      400,
      'unknown_function',
      `Không có hàm ${quoted(fn)}()${p.vi}.${suggestion ? ` Có phải ý bạn là ${quoted(suggestion)}()?` : ''}`,
      `No function ${quoted(fn)}()${p.en}.${suggestion ? ` Did you mean ${quoted(suggestion)}()?` : ''}`,
    );
  }
  const group = /column "([^"]+)" must appear in the GROUP BY clause/.exec(text)?.[1] ?? /EXPRESSION_NOT_AGGREGATE: .*?'([^']+)' must be an aggregate/.exec(text)?.[1];
  if (group) {
    const p = at(positionOf(sql, group.split('.').pop()!));
    return new ApiError(
      400,
      'not_grouped',
      `Cột "${quoted(group)}"${p.vi} phải nằm trong GROUP BY hoặc trong một hàm gộp (sum, count, …).`,
      `Column "${quoted(group)}"${p.en} must appear in GROUP BY or inside an aggregate (sum, count, …).`,
    );
  }
  if (/^(Conversion|Invalid Input|Out of Range) Error/.test(message) || /INVALID_CAST_ARGUMENT|NUMERIC_VALUE_OUT_OF_RANGE|INVALID_FUNCTION_ARGUMENT|DIVISION_BY_ZERO/.test(reason)) {
    return new ApiError(
      400,
      'bad_value',
      'Một giá trị không chuyển được sang kiểu đã yêu cầu (ví dụ CAST chữ sang số) hoặc vượt giới hạn. Hãy dùng try_cast(…) hoặc lọc các giá trị đó.',
      'A value could not be converted to the requested type (e.g. CAST of text to a number) or is out of range. Use try_cast(…) or filter those values out.',
    );
  }
  if (/^Binder Error/.test(message) || /^Catalog Error/.test(message) || /TYPE_MISMATCH|MISSING_ATTRIBUTE|AMBIGUOUS/.test(reason)) {
    return new ApiError(
      400,
      'bad_query',
      'Câu SQL không khớp với dữ liệu (sai kiểu, tên trùng hoặc tham chiếu không rõ). Hãy kiểm tra tên cột, kiểu giá trị và bí danh bảng.',
      'The SQL does not fit the data (wrong type, ambiguous or unclear reference). Check the column names, value types and table aliases.',
    );
  }
  if (/^Parser Error/.test(message) || /SYNTAX_ERROR/.test(reason)) {
    return new ApiError(400, 'syntax_error', 'Câu SQL sai cú pháp; hãy kiểm tra dấu ngoặc, dấu phẩy và từ khóa.', 'The SQL has a syntax error; check brackets, commas and keywords.');
  }
  if (/^Out of Memory Error/.test(message) || /could not allocate|EXCEEDED_(LOCAL_)?MEMORY_LIMIT/.test(text)) {
    return new ApiError(
      503,
      'too_large',
      'Truy vấn cần quá nhiều bộ nhớ. Hãy lọc bớt (WHERE), gộp sớm hơn (GROUP BY) hoặc bỏ phép nối chéo.',
      'The query needs too much memory. Filter more (WHERE), aggregate earlier (GROUP BY) or remove the cross join.',
    );
  }
  if (e?.code === 'throttled') return new ApiError(503, 'throttled', 'Athena đang quá tải; vui lòng thử lại sau.', 'Athena is throttling requests; please retry later.');
  return undefined;
}
