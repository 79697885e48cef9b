import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeBlocks, typeScriptSnippets } from './markdown-snippets';
import { ownFiles } from './own-files';
import { formatError, typeCheckSnippets } from './typecheck-snippets';

// Users copy the TypeScript of the READMEs: every block must compile, with the repository's strict
// options, against the built packages (run `pnpm build` first) and the libraries as installed here.
// A block that uses names the text around it sets up (`app`, `req`) declares them in a
// `<!-- snippet-prelude … -->` comment above it; markdown-snippets.ts lists the directives.

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

describe('the TypeScript blocks of the READMEs', () => {
  const files = ownFiles(root, 'README.md').map((file) => ({ file, markdown: readFileSync(file, 'utf8') }));
  const snippets = files.flatMap(({ file, markdown }) => typeScriptSnippets(file, markdown));

  it('are all found, and few are skipped', () => {
    const fences = files.flatMap(({ markdown }) => markdown.match(/^```(ts|typescript)\s*$/gm) ?? []);
    expect(snippets.length).toBe(fences.length);
    expect(snippets.length).toBeGreaterThan(50);
    expect(snippets.filter((snippet) => snippet.skip !== undefined).length).toBeLessThan(
      snippets.length / 10,
    );
  });

  it('compile against the built packages', () => {
    const errors = typeCheckSnippets(snippets, root, here).map((error) => formatError(error, root));
    expect(errors).toEqual([]);
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
