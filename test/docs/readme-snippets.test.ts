import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeBlocks, typeScriptSnippets } from './markdown-snippets';
import { ownFiles } from './own-files';
import { exampleSnippets } from './tsdoc-snippets';
import { formatError, type SnippetError, typeCheckSnippets } from './typecheck-snippets';

// Users copy the TypeScript of the READMEs: every block must compile, with the repository's strict
// options, against the built packages (run `pnpm build` first) and the libraries as installed here.
// A block that uses names the text around it sets up (`app`, `req`) declares them in a
// `<!-- snippet-prelude … -->` comment above it; markdown-snippets.ts lists the directives.
// The same holds for the blocks in the `@example` tags of the packages' sources, which IDE hovers
// show; tsdoc-snippets.ts says how a block there declares what it assumes.

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

const files = ownFiles(root, 'README.md').map((file) => ({ file, markdown: readFileSync(file, 'utf8') }));
const snippets = files.flatMap(({ file, markdown }) => typeScriptSnippets(file, markdown));
const sources = readdirSync(join(root, 'packages')).flatMap((name) => {
  const src = join(root, 'packages', name, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => ({ file: join(src, path), source: readFileSync(join(src, path), 'utf8') }));
});
const examples = sources.flatMap(({ file, source }) => exampleSnippets(file, source));

// Both kinds in one program: a second one would load the libraries' types again (about 2 s).
let checked: SnippetError[] | undefined;
/** The errors in the examples (`true`), or in the READMEs and the compiler options (`false`). */
function errors(inExamples: boolean): string[] {
  checked ??= typeCheckSnippets([...snippets, ...examples], root, here);
  const inSource = new Set(sources.map(({ file }) => file));
  return checked
    .filter(({ file }) => inSource.has(file) === inExamples)
    .map((error) => formatError(error, root));
}

const groups = [
  {
    name: 'the READMEs',
    blocks: snippets,
    fences: files.flatMap(({ markdown }) => markdown.match(/^```(ts|typescript)\s*$/gm) ?? []).length,
    atLeast: 50,
    inExamples: false,
  },
  {
    name: "the @example tags in the packages' sources",
    blocks: examples,
    fences: sources.flatMap(({ source }) => source.match(/^\s*\* ```(ts|typescript)\s*$/gm) ?? []).length,
    atLeast: 25,
    inExamples: true,
  },
];

describe.each(groups)('the TypeScript blocks of $name', ({ blocks, fences, atLeast, inExamples }) => {
  it('are all found, and few are skipped', () => {
    expect(blocks.length).toBe(fences);
    expect(blocks.length).toBeGreaterThan(atLeast);
    expect(blocks.filter((block) => block.skip !== undefined).length).toBeLessThan(blocks.length / 10);
  });

  it('compile against the built packages', () => {
    expect(errors(inExamples)).toEqual([]);
  });
});

describe('the snippet check', () => {
  const file = join(root, 'FIXTURE.md');
  const fixture = [
    '# Fixture', // 1
    '<!-- snippet-prelude', // 2
    'declare const app: { port: number };', // 3
    'declare const broken: Missing;', // 4
    '-->', // 5
    '```ts', // 6
    "import { getUserSessionContext } from '@sessionscope/core';", // 7
    'const port: string = app.port;', // 8
    'getUserSessionContext().userId;', // 9
    '```', // 10
    '', // 11
    '<!-- snippet-skip: a syntax error on purpose -->', // 12
    '```ts', // 13
    'const = ;', // 14
    '```', // 15
    '<!-- snippet-documents: @sessionscope/core -->', // 16
    '```typescript', // 17
    'interface UserSession { readonly userId?: string; sessionId?: string }', // 18
    'interface UserSessionInput { userId?: string | number | null; sessionId?: string | number | null }', // 19
    'declare function setUserSessionContext(input: { userId: boolean }): void;', // 20
    'type IdExtractor<Req> = (request: unknown) => IdValue | Promise<IdValue>;', // 21
    'type IdValue = string | number | null | undefined;', // 22
    '```', // 23
    '```sh', // 24
    'const = ;', // 25
    '```', // 26
  ].join('\n');

  it('reads blocks, their languages and their directives', () => {
    expect(codeBlocks(file, fixture).map(({ line, language, skip }) => ({ line, language, skip }))).toEqual([
      { line: 7, language: 'ts', skip: undefined },
      { line: 14, language: 'ts', skip: 'a syntax error on purpose' },
      { line: 18, language: 'typescript', skip: undefined },
      { line: 25, language: 'sh', skip: undefined },
    ]);
    expect(() => codeBlocks(file, '<!-- snippet-skip: -->\n```ts\n```')).toThrow('FIXTURE.md:1: malformed');
    expect(() => codeBlocks(file, '<!-- snippet-skip: why -->\n```sh\n```')).toThrow('not TypeScript');
    expect(() => codeBlocks(file, '<!-- snippet-skip: why -->\ntext\n```ts\n```')).toThrow('not followed');
  });

  it('reports each error at its line in the Markdown: in the block, in its prelude, in what it documents', () => {
    const errors = typeCheckSnippets(typeScriptSnippets(file, fixture), root, here);
    expect(errors.map(({ line, message }) => `${line}: ${message.slice(0, 6)}`)).toEqual([
      '4: TS2304', // Missing
      '8: TS2322', // number is no string
      '18: TS2322', // sessionId is readonly in the export
      '20: TS2322', // the export takes no { userId: boolean }
      '21: TS2322', // the export's extractor takes a Req, not anything
    ]);
    expect(formatError(errors[0]!, root)).toBe("FIXTURE.md:4: TS2304: Cannot find name 'Missing'.");
  });
});

describe('the @example check', () => {
  const file = join(root, 'packages/core/src/FIXTURE.ts');
  const fixture = [
    '/**', // 1
    ' * Not an example:', // 2
    ' * ```ts', // 3
    ' * const ignored: string = 1;', // 4
    ' * ```', // 5
    ' *', // 6
    ' * @example', // 7
    ' * ```ts', // 8
    ' * // prelude: declare const app: { port: number };', // 9
    " * import { getUserSessionContext } from '../src/context';", // 10
    ' * class Service {', // 11
    ' *   @decorate()', // 12
    ' *   port: string = app.port;', // 13
    ' * }', // 14
    ' * ```', // 15
    ' * @example', // 16
    ' * ```ts', // 17
    ' * // skip: a syntax error on purpose', // 18
    ' * const = ;', // 19
    ' * ```', // 20
    ' */', // 21
    'export const x = 1;', // 22
  ].join('\n');

  it('reads the blocks of @example tags, their preludes and skips, at their lines in the source', () => {
    const examples = exampleSnippets(file, fixture);
    expect(examples.map(({ line, prelude, skip }) => ({ line, prelude, skip }))).toEqual([
      { line: 10, prelude: { line: 9, code: 'declare const app: { port: number };' }, skip: undefined },
      { line: 18, prelude: undefined, skip: 'a syntax error on purpose' },
    ]);
    expect(examples[0]?.code).toContain(`from '${join(root, 'packages/core/src/context')}'`);
    expect(() =>
      exampleSnippets(file, '/**\n * @example\n * <!-- snippet-skip: why -->\n * ```ts\n * ```\n */\nlet x;'),
    ).toThrow('FIXTURE.ts:1: an HTML-comment directive');
  });

  it('reports each error at its line in the source file, and resolves relative imports from there', () => {
    const errors = typeCheckSnippets(exampleSnippets(file, fixture), root, here);
    expect(errors.map((error) => formatError(error, root).slice(0, 46))).toEqual([
      'packages/core/src/FIXTURE.ts:12: TS2304: Canno', // decorate
      'packages/core/src/FIXTURE.ts:13: TS2322: Type ', // number is no string
    ]);
  });
});
