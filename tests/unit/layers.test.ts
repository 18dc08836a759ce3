/**
 * The layers point one way, and the warehouse layout has one home:
 * - functions/core imports only core, data-schemas/ and packages (nothing from adapters/,
 *   queries/, ingest/, api/, infra/ or any other layer above it);
 * - functions/adapters does not import functions/queries, nor reach its files by path (a string
 *   such as '../../queries/views' joined onto the module's folder);
 * - no storage key is spelled out (a string literal such as 'raw/sha256/…', 'state/', 'curated/',
 *   'results/compare') outside functions/core/warehouse-contract/layout.ts.
 * Read with the TypeScript parser: comments never count, every string and template literal does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(rel);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Module specifiers of static imports, re-exports and dynamic import('…') calls. */
function imports(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Repository-relative target of a relative specifier; undefined for a package. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/');
}

/** Texts of every string and template literal piece, with their line. */
function literals(sf: ts.SourceFile): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      // Module specifiers are paths of code, not storage keys.
      if (!(n.parent && (ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent)))) {
        out.push({ text: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * A literal that starts with a warehouse area ('state/…'), or, unless it is prose (has white
 * space: descriptions of resources may name a prefix), holds one of the inner prefixes
 * ('/raw/inbox/', `${root}/results/compare`).
 */
const AREA_START = /^(raw|curated|history|quarantine|state|results|site|notebooks)\//;
const INNER = /raw\/sha256|raw\/packs|raw\/inbox|state\/(batches|sources)|results\/compare|site\/data/;
const isKeyLiteral = (text: string): boolean => AREA_START.test(text) || (!/\s/.test(text) && INNER.test(text));

/** A literal that is a path into functions/queries ('../../queries/views', 'functions/queries'). */
const namesQueriesPath = (text: string): boolean => !/\s/.test(text) && /(^|[/\\])queries([/\\]|$)/.test(text);

const LAYOUT_MODULE = 'functions/core/warehouse-contract/layout.ts';

/**
 * Files that still spell keys out because other work owns them this session; each names the
 * issue that owns it. Remove an entry when its file builds keys with the layout module (the
 * last test below fails on an entry that no longer needs to be here).
 */
const KEY_LITERAL_ALLOWED: Record<string, string> = {
};

/** Adapters that still import functions/queries: none (kept as a set so an exception must be named). */
const ADAPTER_QUERY_IMPORTS_ALLOWED = new Set<string>();

describe('layers', () => {
  it('functions/core imports only core, data-schemas/ and packages', () => {
    const bad: string[] = [];
    for (const f of sources('functions/core')) {
      for (const spec of imports(parse(f))) {
        const t = target(f, spec);
        if (t && !t.startsWith('functions/core/') && !t.startsWith('data-schemas/')) bad.push(`${f} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('functions/adapters does not import functions/queries', () => {
    const bad: string[] = [];
    for (const f of sources('functions/adapters')) {
      if (ADAPTER_QUERY_IMPORTS_ALLOWED.has(f)) continue;
      for (const spec of imports(parse(f))) if (target(f, spec)?.startsWith('functions/queries/')) bad.push(`${f} → ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('functions/adapters does not read functions/queries files by path', () => {
    const bad: string[] = [];
    for (const f of sources('functions/adapters')) {
      if (ADAPTER_QUERY_IMPORTS_ALLOWED.has(f)) continue;
      for (const l of literals(parse(f))) if (namesQueriesPath(l.text)) bad.push(`${f}:${l.line} ${JSON.stringify(l.text)}`);
    }
    expect(bad).toEqual([]);
  });

  it('builds storage keys in the layout module only', () => {
    const bad: string[] = [];
    for (const f of [...sources('functions'), ...sources('infra'), ...sources('scripts'), ...sources('bin')]) {
      if (f === LAYOUT_MODULE || f in KEY_LITERAL_ALLOWED) continue;
      for (const l of literals(parse(f))) if (isKeyLiteral(l.text)) bad.push(`${f}:${l.line} ${JSON.stringify(l.text)}`);
    }
    expect(bad).toEqual([]);
  });

  it('the check sees a key literal, and allows only files that still need it', () => {
    const probe = ts.createSourceFile('x.ts', "const k = `raw/sha256/${a}`; // state/ in a comment\nconst q = 'state/' + b;", ts.ScriptTarget.Latest, true);
    expect(literals(probe).filter((l) => isKeyLiteral(l.text)).map((l) => l.line)).toEqual([1, 2]);
    const reader = ts.createSourceFile('y.ts', "const d = join(here, '../../queries/views'); // queries/ in a comment\nconst e = 'functions/queries';\nconst m = 'no queries here';", ts.ScriptTarget.Latest, true);
    expect(literals(reader).filter((l) => namesQueriesPath(l.text)).map((l) => l.line)).toEqual([1, 2]);
    for (const f of [...Object.keys(KEY_LITERAL_ALLOWED), ...ADAPTER_QUERY_IMPORTS_ALLOWED]) {
      const sf = parse(f);
      const needed = f in KEY_LITERAL_ALLOWED
        ? literals(sf).some((l) => isKeyLiteral(l.text))
        : imports(sf).some((s) => target(f, s)?.startsWith('functions/queries/'));
      expect(needed, `${f} no longer needs its allow-list entry`).toBe(true);
    }
  });
});
