/**
 * The ad-hoc SQL guard: the explorer's analysts may send one SELECT (or WITH … SELECT) over the
 * published relations, nothing else. Everything is decided on structure, in three layers:
 *
 * 1. Lexical (our own lexer, which reads the text as the engines do): comments are removed from
 *    the text that will run, so no comment can hide a second statement from one reader and show
 *    it to another; a `;` before the end, unterminated quotes, nested comments, escape-string
 *    prefixes (E'…', U&'…'), dollar quotes, backticks, `#`, `//`, `\`, `?`/`$n` placeholders and
 *    any non-ASCII character outside quotes are refused — each is a place where DuckDB, Trino and
 *    the parser below could disagree about where a string or statement ends.
 * 2. Parse with node-sql-parser's Trino grammar; when it cannot (it rejects scalar subqueries and
 *    EXISTS), with its PostgreSQL grammar. What neither parses is refused: we never guess.
 * 3. Walk the AST: exactly one statement, a SELECT without INTO; every relation in every FROM,
 *    at any depth, is a published relation or a CTE visible at that point; no qualified names
 *    (other catalogs and schemas, information_schema, system), no table functions except UNNEST,
 *    no parameters, no function from the deny-list (file readers, settings, environment).
 *    As a backstop against a parser that silently misreads a clause, the lexer's tokens are also
 *    checked for those function and schema names wherever they are called or qualified.
 *
 * The accepted SQL is the comment-free text (never a re-generation from the AST, which would be
 * the parser's dialect rather than the engine's). `limitRows` adds the row limit.
 */
import type { AST } from 'node-sql-parser';
import { identName, lex, LexError, significant, type Token } from './lex.ts';
import { postgresParser, trinoParser } from './trino-parse.ts';

/** The relations the query API publishes to SQL (ARCHITECTURE: Query API). */
export const PUBLISHED_RELATIONS: readonly string[] = ['current_values', 'all_values', 'reports', 'units', 'indicators', 'calendar_months'];

export const MAX_SQL_LENGTH = 20_000;

/** Functions that read files or reach outside the published data, in DuckDB or Trino. */
const FILE_FUNCTIONS = new Set([
  'read_parquet', 'parquet_scan', 'read_csv', 'read_csv_auto', 'csv_scan', 'read_json', 'read_json_auto',
  'read_json_objects', 'read_json_objects_auto', 'read_ndjson', 'read_ndjson_auto', 'read_ndjson_objects',
  'read_text', 'read_blob', 'glob', 'sniff_csv', 'read_xlsx', 'st_read', 'read_avro', 'parquet_metadata',
  'parquet_schema', 'parquet_file_metadata', 'parquet_kv_metadata', 'parquet_bloom_probe', 'iceberg_scan',
  'iceberg_metadata', 'iceberg_snapshots', 'delta_scan', 'sqlite_scan', 'postgres_scan', 'postgres_query',
  'mysql_query', 'json_execute_serialized_sql',
]);
const FILE_FUNCTION_PATTERNS = [/^read_/, /_scan$/, /^parquet_/, /^iceberg_/, /^delta_/, /^sqlite_/, /^postgres_/, /^mysql_/];
const SYSTEM_FUNCTIONS = new Set([
  'getenv', 'current_setting', 'set_config', 'query', 'query_table', 'which_secret', 'load_aws_credentials',
  'checkpoint', 'force_checkpoint', 'sql_auto_complete', 'enable_profiling', 'disable_profiling',
]);
const SYSTEM_FUNCTION_PATTERNS = [/^pragma_/, /^duckdb_/, /^pg_/, /^enable_/, /^disable_/];
/** Schemas and catalogs of the engines' own metadata, refused wherever they qualify something. */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'system', 'pg_catalog', 'sqlite_master', 'sqlite_schema', 'duckdb_tables', 'duckdb_settings']);
const SYSTEM_RELATION_PATTERNS = [/^pg_/, /^duckdb_/, /^sqlite_/, /^information_schema$/, /^system$/];
/** Table functions allowed in FROM: pure, no I/O. */
const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest']);

/** AST node types that are statements other than SELECT. */
const STATEMENT_TYPES: Record<string, string> = {
  insert: 'dml', replace: 'dml', update: 'dml', delete: 'dml', merge: 'dml',
  create: 'ddl', drop: 'ddl', alter: 'ddl', truncate: 'ddl', rename: 'ddl', comment: 'ddl',
  call: 'call', exec: 'call', execute: 'call',
  set: 'session', use: 'session', lock: 'session', unlock: 'session', transaction: 'session', declare: 'session',
  deallocate: 'session', grant: 'ddl', revoke: 'ddl', load_data: 'dml', show: 'not_select', desc: 'not_select',
  describe: 'not_select', explain: 'not_select', unload: 'unload',
};

/**
 * Node types that are whole statements and never an expression (ORDER BY items, for one, carry
 * `type: 'DESC'`), so finding one nested inside a SELECT means a statement hides in it.
 */
const NESTED_STATEMENT_TYPES = new Set([
  'insert', 'replace', 'update', 'delete', 'merge', 'create', 'drop', 'alter', 'truncate', 'rename',
  'call', 'grant', 'revoke', 'load_data', 'unload',
]);

/** Leading keywords refused before parsing, with the code and wording they deserve. */
const LEADING_KEYWORDS: Record<string, [code: string, vi: string, en: string]> = {
  unload: ['unload', 'UNLOAD (xuất kết quả ra S3) không được phép', 'UNLOAD (writing results to S3) is not allowed'],
  insert: ['dml', 'Không được sửa dữ liệu (INSERT)', 'Changing data (INSERT) is not allowed'],
  update: ['dml', 'Không được sửa dữ liệu (UPDATE)', 'Changing data (UPDATE) is not allowed'],
  delete: ['dml', 'Không được sửa dữ liệu (DELETE)', 'Changing data (DELETE) is not allowed'],
  merge: ['dml', 'Không được sửa dữ liệu (MERGE)', 'Changing data (MERGE) is not allowed'],
  truncate: ['ddl', 'Không được xóa bảng (TRUNCATE)', 'TRUNCATE is not allowed'],
  create: ['ddl', 'Không được tạo bảng, view hay đối tượng (CREATE)', 'Creating tables, views or objects (CREATE) is not allowed'],
  drop: ['ddl', 'Không được xóa bảng hay đối tượng (DROP)', 'Dropping tables or objects (DROP) is not allowed'],
  alter: ['ddl', 'Không được thay đổi cấu trúc (ALTER)', 'Changing structure (ALTER) is not allowed'],
  call: ['call', 'Không được gọi thủ tục (CALL)', 'Calling procedures (CALL) is not allowed'],
  execute: ['call', 'Không được chạy câu lệnh đã chuẩn bị (EXECUTE)', 'Running prepared statements (EXECUTE) is not allowed'],
  prepare: ['call', 'Không được chuẩn bị câu lệnh (PREPARE)', 'Preparing statements (PREPARE) is not allowed'],
  set: ['session', 'Không được đổi thiết lập phiên (SET)', 'Changing session settings (SET) is not allowed'],
  reset: ['session', 'Không được đổi thiết lập phiên (RESET)', 'Changing session settings (RESET) is not allowed'],
  pragma: ['session', 'Không được dùng PRAGMA', 'PRAGMA is not allowed'],
  use: ['session', 'Không được đổi cơ sở dữ liệu (USE)', 'Switching databases (USE) is not allowed'],
  attach: ['files', 'Không được gắn cơ sở dữ liệu khác (ATTACH)', 'Attaching other databases (ATTACH) is not allowed'],
  detach: ['files', 'Không được dùng DETACH', 'DETACH is not allowed'],
  copy: ['files', 'Không được đọc/ghi tệp (COPY)', 'Reading or writing files (COPY) is not allowed'],
  export: ['files', 'Không được xuất cơ sở dữ liệu (EXPORT)', 'Exporting the database (EXPORT) is not allowed'],
  import: ['files', 'Không được nhập cơ sở dữ liệu (IMPORT)', 'Importing a database (IMPORT) is not allowed'],
  install: ['files', 'Không được cài phần mở rộng (INSTALL)', 'Installing extensions (INSTALL) is not allowed'],
  load: ['files', 'Không được nạp phần mở rộng (LOAD)', 'Loading extensions (LOAD) is not allowed'],
  force: ['files', 'Không được cài phần mở rộng (FORCE INSTALL)', 'Installing extensions (FORCE INSTALL) is not allowed'],
  vacuum: ['ddl', 'Không được dùng VACUUM', 'VACUUM is not allowed'],
  checkpoint: ['session', 'Không được dùng CHECKPOINT', 'CHECKPOINT is not allowed'],
  grant: ['ddl', 'Không được cấp quyền (GRANT)', 'GRANT is not allowed'],
  revoke: ['ddl', 'Không được thu hồi quyền (REVOKE)', 'REVOKE is not allowed'],
  show: ['not_select', 'Chỉ cho phép SELECT (không SHOW)', 'Only SELECT is allowed (not SHOW)'],
  describe: ['not_select', 'Chỉ cho phép SELECT (không DESCRIBE)', 'Only SELECT is allowed (not DESCRIBE)'],
  explain: ['not_select', 'Chỉ cho phép SELECT (không EXPLAIN)', 'Only SELECT is allowed (not EXPLAIN)'],
  summarize: ['not_select', 'Chỉ cho phép SELECT (không SUMMARIZE)', 'Only SELECT is allowed (not SUMMARIZE)'],
  begin: ['session', 'Không được mở giao dịch', 'Transactions are not allowed'],
  commit: ['session', 'Không được dùng giao dịch', 'Transactions are not allowed'],
  rollback: ['session', 'Không được dùng giao dịch', 'Transactions are not allowed'],
  deallocate: ['session', 'Không được dùng DEALLOCATE', 'DEALLOCATE is not allowed'],
  msck: ['ddl', 'Không được sửa phân vùng (MSCK)', 'MSCK is not allowed'],
  values: ['not_select', 'Chỉ cho phép SELECT hoặc WITH … SELECT', 'Only SELECT or WITH … SELECT is allowed'],
  table: ['not_select', 'Chỉ cho phép SELECT hoặc WITH … SELECT', 'Only SELECT or WITH … SELECT is allowed'],
  from: ['not_select', 'Hãy viết SELECT … FROM … (không dùng cú pháp FROM trước)', 'Write SELECT … FROM … (FROM-first syntax is not allowed)'],
};

export interface GuardOptions {
  /** Relations the query may read; default: PUBLISHED_RELATIONS. CTE names are added per statement. */
  allowedRelations?: readonly string[];
}

export type GuardResult =
  | {
      ok: true;
      /** The statement to run: the input without comments or a trailing semicolon. */
      sql: string;
      /** Published relations it reads (lower case, sorted). */
      relations: string[];
      /** The parsed statement, for the cost estimate. */
      ast: AST;
      /** Which grammar parsed it. */
      grammar: 'trino' | 'postgresql';
    }
  | { ok: false; code: string; message_vi: string; message_en: string };

export type Refusal = Extract<GuardResult, { ok: false }>;

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message_en);
  }
}

function refuse(code: string, vi: string, en: string): never {
  throw new Refused({ ok: false, code, message_vi: vi, message_en: en });
}

export function checkAdHocSql(sql: string, options: GuardOptions = {}): GuardResult {
  try {
    const allowed = new Set((options.allowedRelations ?? PUBLISHED_RELATIONS).map((r) => r.toLowerCase()));
    const { text, tokens } = cleanText(sql);
    checkLeadingKeyword(tokens);
    checkCalledNames(tokens);
    const { ast, grammar } = parse(text, tokens);
    const relations = new Set<string>();
    checkStatement(ast, allowed, relations);
    return { ok: true, sql: text, relations: [...relations].sort(), ast, grammar };
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    if (error instanceof LexError) return { ok: false, code: error.code, message_vi: error.vi, message_en: error.en };
    throw error;
  }
}

/**
 * Enforce a row limit on an accepted statement so the caller can tell truncation: fetch n+1 rows;
 * if n+1 come back, the answer was cut at n. Always by wrapping, `SELECT * FROM (<sql>) AS
 * limited LIMIT n+1`: whether the statement already has a small enough LIMIT of its own is a
 * question about its parse, and a parse that misreads `(SELECT …) UNION ALL (SELECT … LIMIT 5)`
 * must not lift the cap. (DuckDB keeps the inner ORDER BY through the wrapper; Trino may drop
 * it, so the API gives Athena the statement unwrapped and cuts while reading — athena.ts.)
 */
export function limitRows(accepted: { sql: string }, maxRows: number): string {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new Error(`maxRows must be a positive integer, got ${maxRows}`);
  return `SELECT * FROM (\n${accepted.sql}\n) AS limited LIMIT ${maxRows + 1}`;
}

// ── Layer 1: lexical ────────────────────────────────────────────────────────────────────────

const PLAIN_WS = /^[ \t\r\n]+$/;

function cleanText(sql: string): { text: string; tokens: Token[] } {
  if (typeof sql !== 'string' || sql.trim() === '') refuse('empty', 'Câu SQL trống', 'The SQL is empty');
  if (sql.length > MAX_SQL_LENGTH) {
    refuse('too_long', `Câu SQL dài quá ${MAX_SQL_LENGTH} ký tự`, `The SQL is longer than ${MAX_SQL_LENGTH} characters`);
  }
  if (sql.includes('\u0000')) refuse('bad_character', 'Câu SQL chứa ký tự NUL', 'The SQL contains a NUL character');
  const tokens = lex(sql);
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    switch (t.kind) {
      case 'ws':
        if (!PLAIN_WS.test(t.text)) badCharacter(t.text.replace(/[ \t\r\n]/g, '')[0]!);
        kept.push(t);
        break;
      case 'line_comment': // the line break after it is its own token and stays
        kept.push({ kind: 'ws', text: '', start: t.start });
        break;
      case 'block_comment':
        if (t.text.slice(2, -2).includes('/*')) {
          refuse('nested_comment', 'Chú thích /* … */ lồng nhau không được phép', 'Nested /* … */ comments are not allowed');
        }
        kept.push({ kind: 'ws', text: ' ', start: t.start });
        break;
      case 'word':
        if (/[^\x20-\x7e]/.test(t.text)) badCharacter(t.text.replace(/[\x20-\x7e]/g, '')[0]!);
        // A one-letter word glued to a quote is a string prefix: E'…' (backslash escapes in
        // DuckDB), X'…'/B'…' (binary), N'…', R'…'; U&'…' is caught at '&' below.
        if (next && (next.kind === 'string' || next.kind === 'ident_quoted') && t.text.length === 1) {
          refuse('string_prefix', `Chuỗi có tiền tố ${t.text}'…' không được phép`, `Prefixed strings like ${t.text}'…' are not allowed`);
        }
        if (t.text.toLowerCase() === 'uescape') refuse('unicode_escape', 'Không được dùng UESCAPE', 'UESCAPE is not allowed');
        kept.push(t);
        break;
      case 'punct':
        checkPunct(t, next, tokens, i);
        kept.push(t);
        break;
      case 'string':
      case 'ident_quoted':
        // DuckDB and Trino read '\' as a whole string; node-sql-parser reads \' as an escaped
        // quote and so sees a different statement after it. No backslash, no disagreement.
        if (t.text.includes('\\')) {
          refuse(
            'backslash',
            'Không được dùng dấu \\ trong chuỗi \'…\' hay tên "…" (các bộ phân tích SQL hiểu nó khác nhau); hãy bỏ dấu \\ hoặc dùng chr(92)',
            'A backslash is not allowed in \'…\' strings or "…" names (SQL parsers read it differently); remove it or use chr(92)',
          );
        }
        kept.push(t);
        break;
      default:
        kept.push(t);
    }
  }
  // A trailing semicolon (and whitespace) is harmless; any other is a second statement.
  while (kept.length && (kept[kept.length - 1]!.kind === 'ws' || kept[kept.length - 1]!.text === ';')) kept.pop();
  if (kept.some((t) => t.kind === 'punct' && t.text === ';')) {
    refuse('multiple_statements', 'Chỉ được gửi một câu lệnh (có dấu ; ở giữa)', 'Only one statement is allowed (found a ; before the end)');
  }
  checkBrackets(kept);
  const text = kept.map((t) => t.text).join('').trim();
  if (text === '') refuse('empty', 'Câu SQL trống (chỉ có chú thích)', 'The SQL is empty (comments only)');
  return { text, tokens: significant(kept) };
}

/**
 * Brackets must pair up: node-sql-parser admits some unbalanced text (`(SELECT id` once its
 * comment is gone) that DuckDB refuses, and a stray `)` could close the engine's row-cap wrapper.
 */
function checkBrackets(tokens: Token[]): void {
  const open: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') open.push(t.text);
    else if (t.text === ')' || t.text === ']') {
      if (open.pop() !== (t.text === ')' ? '(' : '[')) {
        refuse('unbalanced', `Dấu ${t.text} không có dấu mở tương ứng (vị trí ${t.start + 1})`, `The ${t.text} at position ${t.start + 1} has no matching opening bracket`);
      }
    }
  }
  if (open.length) refuse('unbalanced', `Thiếu dấu đóng cho ${open.length} dấu ${open[open.length - 1]} mở`, `${open.length} opening ${open[open.length - 1]} not closed`);
}

function checkPunct(t: Token, next: Token | undefined, tokens: Token[], i: number): void {
  const c = t.text;
  if (c === '&' && next && (next.kind === 'string' || next.kind === 'ident_quoted')) {
    refuse('unicode_escape', "Chuỗi thoát Unicode U&'…' không được phép", "Unicode escape strings U&'…' are not allowed");
  }
  if (c === '`') refuse('bad_quote', 'Dấu ` không dùng được; hãy dùng "tên"', 'Backticks are not SQL here; quote names with "…"');
  if (c === '$') refuse('dollar_quote', 'Ký hiệu $ (chuỗi $$…$$ hoặc tham số $1) không được phép', 'The $ sign ($$…$$ strings or $1 parameters) is not allowed');
  if (c === '#') refuse('bad_character', 'Ký tự # không được phép', 'The # character is not allowed');
  if (c === '\\') refuse('bad_character', 'Ký tự \\ không được phép ngoài chuỗi', 'A backslash is not allowed outside strings');
  if (c === '//') refuse('bad_operator', 'Toán tử // không được phép (DuckDB và Trino hiểu khác nhau); hãy dùng floor(a / b)', 'The // operator is not allowed (DuckDB and Trino read it differently); use floor(a / b)');
  if (c === '?') refuse('parameters', 'Câu SQL tự do không nhận tham số (?)', 'Ad-hoc SQL takes no parameters (?)');
  if (c === ':' && next && next.kind === 'word' && tokens[i - 1]?.text !== ':') {
    refuse('parameters', `Câu SQL tự do không nhận tham số (:${next.text})`, `Ad-hoc SQL takes no parameters (:${next.text})`);
  }
  if (c === '{' || c === '}') refuse('bad_character', 'Ký tự { } không được phép', 'The characters { } are not allowed');
  if (/[^\x20-\x7e]/.test(c)) badCharacter(c);
}

function badCharacter(c: string): never {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  refuse(
    'bad_character',
    `Ký tự ${code} không được phép ngoài chuỗi '…' và tên "…" (chỉ dùng ký tự ASCII)`,
    `Character ${code} is not allowed outside '…' strings and "…" names (ASCII only)`,
  );
}

function checkLeadingKeyword(tokens: Token[]): void {
  let i = 0;
  while (tokens[i]?.text === '(') i++;
  const first = tokens[i];
  if (!first || first.kind !== 'word') refuse('not_select', 'Chỉ cho phép SELECT hoặc WITH … SELECT', 'Only SELECT or WITH … SELECT is allowed');
  const word = first.text.toLowerCase();
  if (word === 'select' || word === 'with') {
    // CTAS-like "WITH … INSERT" is caught by the parser/AST; "CREATE TABLE AS" never starts with these.
    return;
  }
  const known = LEADING_KEYWORDS[word];
  if (known) refuse(known[0], known[1], known[2]);
  refuse('not_select', `Chỉ cho phép SELECT hoặc WITH … SELECT (không phải ${first.text.toUpperCase()})`, `Only SELECT or WITH … SELECT is allowed (not ${first.text.toUpperCase()})`);
}

/** Backstop: forbidden names anywhere they are called `name(` or used as a qualifier `name.`. */
function checkCalledNames(tokens: Token[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'ident_quoted') continue;
    const name = identName(t).toLowerCase();
    const next = tokens[i + 1]!.text;
    if (next === '(') checkFunctionName(name);
    if (next === '.' && SYSTEM_SCHEMAS.has(name)) refuseSchema(name);
  }
}

// ── Layer 2: parse ─────────────────────────────────────────────────────────────────────────

function parse(text: string, tokens: Token[]): { ast: AST; grammar: 'trino' | 'postgresql' } {
  let first: unknown;
  // The PostgreSQL grammar only when Trino's rejects the text (it is loaded on first use).
  for (const [grammar, parser] of [['trino', () => trinoParser], ['postgresql', postgresParser]] as const) {
    try {
      const out = parser().astify(text, { database: grammar });
      const list = (Array.isArray(out) ? out : [out]).filter((s) => s != null);
      if (list.length !== 1) {
        refuse('multiple_statements', 'Chỉ được gửi một câu lệnh', 'Only one statement is allowed');
      }
      return { ast: list[0]!, grammar };
    } catch (error) {
      if (error instanceof Refused) throw error;
      first ??= error;
    }
  }
  // A statement keyword somewhere in text that does not parse (e.g. WITH … INSERT): say so,
  // rather than only "cannot parse". Only used to word the refusal, never to accept.
  for (const t of tokens) {
    const known = t.kind === 'word' ? LEADING_KEYWORDS[t.text.toLowerCase()] : undefined;
    if (known && ['dml', 'ddl', 'unload', 'files', 'call'].includes(known[0])) refuse(known[0], known[1], known[2]);
  }
  const e = first as { message?: string; location?: { start?: { line: number; column: number } } };
  const at = e.location?.start;
  const found = /but (.+) found\.?$/.exec(e.message ?? '')?.[1];
  const detail = found ? `unexpected ${found}` : (e.message ?? '').slice(0, 160);
  refuse(
    'parse_error',
    `Không phân tích được câu SQL${at ? ` (dòng ${at.line}, cột ${at.column})` : ''}: ${detail}. Câu không phân tích được thì không được chạy.`,
    `Cannot parse the SQL${at ? ` (line ${at.line}, column ${at.column})` : ''}: ${detail}. SQL that cannot be parsed is not run.`,
  );
}

// ── Layer 3: the AST ───────────────────────────────────────────────────────────────────────

type Node = Record<string, unknown>;

/**
 * The object node a value of a parsed tree is, if it is one; an array's items go to `each` (the
 * caller's walk, recursing) instead. Used on the parser's AST here and on DuckDB's serialized
 * tree in engine-tree.ts: both are plain JSON.
 */
export function treeNode(value: unknown, each: (item: unknown) => void): Node | undefined {
  if (Array.isArray(value)) {
    for (const item of value) each(item);
    return undefined;
  }
  return value && typeof value === 'object' ? (value as Node) : undefined;
}

function checkStatement(ast: AST, allowed: Set<string>, relations: Set<string>): void {
  const type = String((ast as unknown as Node).type ?? '').toLowerCase();
  if (type !== 'select') refuseStatement(type);
  walk(ast as unknown as Node, { allowed, ctes: new Set(), relations });
}

interface Scope {
  allowed: Set<string>;
  ctes: Set<string>;
  relations: Set<string>;
}

function refuseStatement(type: string): never {
  const kind = STATEMENT_TYPES[type] ?? 'not_select';
  const upper = type.toUpperCase();
  const words: Record<string, [string, string]> = {
    dml: [`Không được sửa dữ liệu (${upper})`, `Changing data (${upper}) is not allowed`],
    ddl: [`Không được thay đổi cấu trúc (${upper})`, `Changing structure (${upper}) is not allowed`],
    call: [`Không được gọi thủ tục (${upper})`, `Calling procedures (${upper}) is not allowed`],
    session: [`Không được đổi thiết lập phiên (${upper})`, `Changing the session (${upper}) is not allowed`],
    unload: ['UNLOAD không được phép', 'UNLOAD is not allowed'],
    not_select: [`Chỉ cho phép SELECT hoặc WITH … SELECT (không phải ${upper || '?'})`, `Only SELECT or WITH … SELECT is allowed (not ${upper || '?'})`],
  };
  const [vi, en] = words[kind] ?? words.not_select!;
  refuse(kind, vi, en);
}

/** Visit every node; SELECTs open a scope for their CTEs and have their FROM items checked. */
function walk(node: unknown, scope: Scope): void {
  const n = treeNode(node, (item) => walk(item, scope));
  if (!n) return;
  const type = typeof n.type === 'string' ? n.type.toLowerCase() : undefined;
  if (type === 'select') return walkSelect(n, scope);
  if (type && NESTED_STATEMENT_TYPES.has(type)) refuseStatement(type);
  if (type === 'param' || (type === 'origin' && n.value === '?')) {
    refuse('parameters', 'Câu SQL tự do không nhận tham số', 'Ad-hoc SQL takes no parameters');
  }
  if (type === 'function' || type === 'aggr_func') checkFunctionNode(n);
  for (const [key, value] of Object.entries(n)) {
    if (key === 'tableList' || key === 'columnList' || key === 'loc') continue; // derived, not structure
    walk(value, scope);
  }
}

function walkSelect(n: Node, outer: Scope): void {
  const into = n.into as { position?: unknown; expr?: unknown } | null | undefined;
  if (into && (into.position || into.expr)) refuse('select_into', 'SELECT … INTO (tạo bảng) không được phép', 'SELECT … INTO (creating a table) is not allowed');
  const scope: Scope = { ...outer, ctes: new Set(outer.ctes) };
  const withs = (n.with ?? []) as Node[];
  // As SQL defines it: a CTE's name is in scope only after its definition (in its own body too
  // when RECURSIVE), so a body cannot reach a relation that a later CTE's name would hide.
  for (const w of withs) {
    const name = cteName(w);
    const stmt = w.stmt as Node | undefined;
    const body: Scope = { ...scope, ctes: new Set(scope.ctes) };
    if (w.recursive === true) body.ctes.add(name);
    walk(stmt && 'ast' in stmt ? stmt.ast : stmt, body);
    scope.ctes.add(name);
  }
  for (const item of (n.from ?? []) as Node[]) checkFromItem(item, scope);
  for (const [key, value] of Object.entries(n)) {
    if (key === 'with' || key === 'from' || key === 'type' || key === 'into') continue;
    walk(value, scope);
  }
}

function cteName(w: Node): string {
  const name = w.name as { value?: unknown } | string | undefined;
  const value = typeof name === 'string' ? name : String(name?.value ?? '');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    refuse('bad_name', `Tên CTE "${value}" không hợp lệ (chỉ chữ, số, _)`, `CTE name "${value}" is not valid (letters, digits, _ only)`);
  }
  // A CTE may not take the name of a system relation: whoever reads the statement (a reviewer,
  // another parser) must never be unsure which one is meant.
  if (isSystemRelation(value.toLowerCase())) refuseSchema(value.toLowerCase());
  return value.toLowerCase();
}

function checkFromItem(item: Node, scope: Scope): void {
  const expr = item.expr as Node | undefined;
  if (typeof item.table === 'string' && !expr) {
    checkRelation(item, scope);
  } else if (expr) {
    const type = typeof expr.type === 'string' ? expr.type.toLowerCase() : undefined;
    if (type === 'function') {
      const name = functionName(expr);
      if (!ALLOWED_TABLE_FUNCTIONS.has(name.join('.'))) refuseTableFunction(name.join('.'));
      walk(expr.args, scope);
    } else if (type === 'tables') {
      for (const inner of (expr.expr ?? []) as Node[]) checkFromItem(inner, scope);
    } else {
      walk(expr, scope); // subquery ({ ast: select }), VALUES, LATERAL (…)
    }
  } else {
    refuse('unknown_source', 'Không nhận ra nguồn dữ liệu trong FROM', 'Unrecognized data source in FROM');
  }
  for (const [key, value] of Object.entries(item)) {
    if (key === 'expr' || key === 'table' || key === 'db' || key === 'schema' || key === 'as') continue;
    walk(value, scope); // ON, USING, TABLESAMPLE arguments
  }
}

function checkRelation(item: Node, scope: Scope): void {
  const table = String(item.table);
  const qualifiers = [item.db, item.schema, item.catalog].filter((q) => q !== null && q !== undefined && q !== '').map(String);
  if (qualifiers.length > 0) {
    const q = qualifiers.join('.').toLowerCase();
    if (q.split('.').some((part) => SYSTEM_SCHEMAS.has(part))) refuseSchema(q);
    refuse(
      'qualified_name',
      `Không được đọc bảng của lược đồ/catalog khác (${qualifiers.join('.')}.${table}); chỉ dùng: ${[...scope.allowed].join(', ')}`,
      `Tables of other schemas or catalogs are not allowed (${qualifiers.join('.')}.${table}); use only: ${[...scope.allowed].join(', ')}`,
    );
  }
  const name = table.toLowerCase();
  if (isSystemRelation(name)) refuseSchema(name);
  if (scope.ctes.has(name)) return;
  if (!scope.allowed.has(name)) {
    const looksLikeFile = /[./\\:]/.test(table);
    refuse(
      looksLikeFile ? 'file_access' : 'unknown_relation',
      looksLikeFile
        ? `Không được đọc tệp "${table}"; chỉ dùng các bảng: ${[...scope.allowed].join(', ')}`
        : `Bảng "${table}" không được phép; chỉ dùng: ${[...scope.allowed].join(', ')}`,
      looksLikeFile
        ? `Reading the file "${table}" is not allowed; use only the relations: ${[...scope.allowed].join(', ')}`
        : `Relation "${table}" is not allowed; use only: ${[...scope.allowed].join(', ')}`,
    );
  }
  scope.relations.add(name);
}

/** The engines' own catalogs and metadata relations (pg_settings, duckdb_tables, sqlite_master…). */
export function isSystemRelation(name: string): boolean {
  return SYSTEM_SCHEMAS.has(name) || SYSTEM_RELATION_PATTERNS.some((p) => p.test(name));
}

/** The refusal a call of `name(…)` meets anywhere (file readers, system functions), if any. */
export function functionRefusal(name: string): Refusal | undefined {
  return refusalOf(() => checkFunctionName(name.toLowerCase()));
}

/** The refusal `name(…)` meets in FROM, if any: only pure table functions (UNNEST) are allowed. */
export function tableFunctionRefusal(name: string): Refusal | undefined {
  const lower = name.toLowerCase();
  return ALLOWED_TABLE_FUNCTIONS.has(lower) ? undefined : refusalOf(() => refuseTableFunction(lower));
}

/** The refusal a relation in FROM meets, given the CTEs in scope there and the published names. */
export function relationRefusal(table: string, qualifiers: string[], ctes: ReadonlySet<string>, allowed: ReadonlySet<string>): Refusal | undefined {
  return refusalOf(() => checkRelation({ table, db: qualifiers.join('.') || null }, { allowed: new Set(allowed), ctes: new Set(ctes), relations: new Set() }));
}

/** The refusal a CTE named `name` meets (a bad or system name), if any. */
export function cteNameRefusal(name: string): Refusal | undefined {
  return refusalOf(() => cteName({ name }));
}

function refusalOf(check: () => void): Refusal | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

function refuseSchema(name: string): never {
  refuse(
    'system_schema',
    `Không được đọc lược đồ hệ thống (${name})`,
    `System schemas and catalogs are not allowed (${name})`,
  );
}

function functionName(n: Node): string[] {
  const name = n.name as unknown;
  if (typeof name === 'string') return [name.toLowerCase()];
  const raw = (name as { name?: { value?: unknown }[] | { value?: unknown } })?.name ?? [];
  const parts = (Array.isArray(raw) ? raw : [raw]).map((p) => String(p.value ?? '').toLowerCase());
  const schema = (name as { schema?: { value?: unknown } })?.schema?.value;
  return schema ? [String(schema).toLowerCase(), ...parts] : parts;
}

function checkFunctionNode(n: Node): void {
  const parts = functionName(n);
  if (parts.length > 1) {
    refuse('qualified_function', `Không được gọi hàm có lược đồ (${parts.join('.')})`, `Schema-qualified functions are not allowed (${parts.join('.')})`);
  }
  if (parts[0]) checkFunctionName(parts[0]);
}

function checkFunctionName(name: string): void {
  if (FILE_FUNCTIONS.has(name) || FILE_FUNCTION_PATTERNS.some((p) => p.test(name))) refuseTableFunction(name);
  if (SYSTEM_FUNCTIONS.has(name) || SYSTEM_FUNCTION_PATTERNS.some((p) => p.test(name))) {
    refuse('forbidden_function', `Hàm ${name}() không được phép (truy cập hệ thống)`, `Function ${name}() is not allowed (system access)`);
  }
}

function refuseTableFunction(name: string): never {
  const file = FILE_FUNCTIONS.has(name) || FILE_FUNCTION_PATTERNS.some((p) => p.test(name));
  refuse(
    file ? 'file_access' : 'table_function',
    file ? `Không được đọc tệp trực tiếp (${name}); hãy dùng các bảng đã công bố` : `Hàm bảng ${name}() không được phép; hãy dùng các bảng đã công bố`,
    file ? `Reading files directly (${name}) is not allowed; use the published relations` : `Table function ${name}() is not allowed; use the published relations`,
  );
}
