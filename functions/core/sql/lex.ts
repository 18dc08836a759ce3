/**
 * A small SQL lexer for the two jobs that must see the text the way the engines do — not the way
 * a parser for another dialect does: the ad-hoc guard (strip comments, find a second statement,
 * refuse constructs that DuckDB and Trino read differently) and the dialect shim (find function
 * calls to rewrite). It knows standard SQL only: '…' strings with '' escapes, "…" identifiers
 * with "" escapes, -- and /* *\/ comments. Everything else outside those is a word, a number or a
 * punctuation token; what is suspicious is decided by the callers.
 */
export type TokenKind = 'ws' | 'line_comment' | 'block_comment' | 'string' | 'ident_quoted' | 'word' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

export class LexError extends Error {
  constructor(
    readonly code: string,
    readonly offset: number,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
  }
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_CHAR = /[A-Za-z0-9_\u0080-\uFFFF]/;
const DIGIT = /[0-9]/;

/** Tokenize `sql`. Unterminated strings, identifiers or comments throw a LexError. */
export function lex(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const start = i;
    const c = sql[i]!;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i]!)) i++;
      tokens.push({ kind: 'ws', text: sql.slice(start, i), start });
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      tokens.push({ kind: 'line_comment', text: sql.slice(start, i), start });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new LexError('unterminated_comment', start, 'Chú thích /* chưa được đóng', 'Unterminated /* comment');
      i = end + 2;
      tokens.push({ kind: 'block_comment', text: sql.slice(start, i), start });
    } else if (c === "'" || c === '"') {
      i++;
      for (;;) {
        if (i >= n) {
          throw c === "'"
            ? new LexError('unterminated_string', start, 'Chuỗi \'…\' chưa được đóng', "Unterminated '…' string")
            : new LexError('unterminated_identifier', start, 'Tên "…" chưa được đóng', 'Unterminated "…" identifier');
        }
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2; // doubled quote: an escaped quote, still inside
          else {
            i++;
            break;
          }
        } else i++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'ident_quoted', text: sql.slice(start, i), start });
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_CHAR.test(sql[i]!)) i++;
      tokens.push({ kind: 'word', text: sql.slice(start, i), start });
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      while (i < n && /[0-9.]/.test(sql[i]!)) i++;
      if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < n && DIGIT.test(sql[i]!)) i++;
      }
      tokens.push({ kind: 'number', text: sql.slice(start, i), start });
    } else {
      // Two-character operators first, so that '::', '//', '||', '<=' … are single tokens.
      const two = sql.slice(i, i + 2);
      const isTwo = ['::', '//', '||', '<=', '>=', '<>', '!=', '=>', '->', '**', '&&', '@>', '<@'].includes(two);
      i += isTwo ? 2 : 1;
      tokens.push({ kind: 'punct', text: sql.slice(start, i), start });
    }
  }
  return tokens;
}

/** The unquoted, case-folded name of a word or quoted-identifier token. */
export function identName(token: Token): string {
  if (token.kind === 'ident_quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  return token.text.toLowerCase();
}

/** Tokens that carry meaning (no whitespace, no comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'line_comment' && t.kind !== 'block_comment');
}
