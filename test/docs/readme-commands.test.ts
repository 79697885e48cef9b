import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeBlocks } from './markdown-snippets';
import { ownFiles } from './own-files';
import { pnpmCommands, type WorkspacePackage } from './pnpm-commands';

// The pnpm commands in the READMEs' shell blocks run scripts that exist.

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const packages: WorkspacePackage[] = ownFiles(root, 'package.json').map((file) => {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    name: string;
    scripts?: Record<string, string>;
  };
  return { dir: dirname(file), name: manifest.name, scripts: manifest.scripts ?? {} };
});

describe('the pnpm commands of the READMEs', () => {
  it('run scripts that exist', () => {
    const commands = ownFiles(root, 'README.md').flatMap((file) =>
      codeBlocks(file, readFileSync(file, 'utf8'))
        .filter((block) => block.language === 'sh')
        .flatMap((block) => pnpmCommands(block, root, packages)),
    );
    expect(commands.length).toBeGreaterThan(20);
    const problems = commands.filter((command) => command.problem !== undefined);
    expect(problems.map((c) => `${relative(root, c.file)}:${c.line}: ${c.command}: ${c.problem}`)).toEqual(
      [],
    );
  });

  it('are read from a shell block, each checked in its package', () => {
    const [block] = codeBlocks(
      join(root, 'FIXTURE.md'),
      [
        '```sh',
        'npx -y pnpm@10 install && npx -y pnpm@10 demo --json  # a comment: pnpm nothing',
        'LLM=openai npx -y pnpm@10 --silent --filter @sessionscope/example-demo \\',
        '  start',
        'cd examples/two-services && pnpm start && pnpm run demo',
        'pnpm --filter @sessionscope/nowhere start; curl http://127.0.0.1:8080/chat',
        '```',
      ].join('\n'),
    );
    const commands = pnpmCommands(block!, root, packages);
    expect(commands.map(({ line, problem }) => ({ line, problem }))).toEqual([
      { line: 2, problem: undefined },
      { line: 2, problem: undefined },
      { line: 3, problem: undefined },
      { line: 5, problem: undefined },
      { line: 5, problem: '@sessionscope/example-two-services has no script demo' },
      { line: 6, problem: 'no workspace package is named @sessionscope/nowhere' },
    ]);
  });
});
