import { resolve } from 'node:path';
import type { CodeBlock } from './markdown-snippets';

export interface WorkspacePackage {
  readonly dir: string;
  readonly name: string;
  readonly scripts: Readonly<Record<string, string>>;
}

export interface PnpmCommand {
  /** The Markdown file and line of the command. */
  readonly file: string;
  readonly line: number;
  readonly command: string;
  /** What is wrong with it; undefined when the script it runs exists. */
  readonly problem?: string;
}

/** pnpm's own commands that the READMEs use; any other command word runs a script. */
const BUILT_IN = new Set(['install', 'i', 'add', 'exec', 'dlx']);

/**
 * The pnpm commands (`pnpm …`, `npx -y pnpm@10 …`) of a shell block, each checked against the scripts
 * of the package it runs in: the one `--filter` names, else the folder it runs in (the repository
 * root, or where a `cd` earlier in the block went).
 */
export function pnpmCommands(
  block: CodeBlock,
  root: string,
  packages: readonly WorkspacePackage[],
): PnpmCommand[] {
  const commands: PnpmCommand[] = [];
  let cwd = root;
  const lines = block.code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = block.line + i;
    let text = lines[i] ?? '';
    while (text.endsWith('\\') && i < lines.length - 1) text = `${text.slice(0, -1)} ${lines[++i]}`;
    for (const segment of text.replace(/(^|\s)#.*$/, '').split(/&&|\|\||[;|]/)) {
      const words = segment.trim().split(/\s+/);
      while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) words.shift();
      if (words[0] === 'cd' && words[1]) cwd = resolve(cwd, words[1]);
      const args = pnpmArguments(words);
      if (!args) continue;
      const command = words.join(' ');
      commands.push({ file: block.file, line, command, problem: problemOf(args, cwd, packages) });
    }
  }
  return commands;
}

/** What follows `pnpm` in `pnpm …` or `npx [options] pnpm[@version] …`; undefined for other commands. */
function pnpmArguments(words: readonly string[]): string[] | undefined {
  if (words[0] === 'pnpm') return words.slice(1);
  if (words[0] !== 'npx') return undefined;
  const at = words.findIndex((word, index) => index > 0 && !word.startsWith('-'));
  return /^pnpm(@|$)/.test(words[at] ?? '') ? words.slice(at + 1) : undefined;
}

function problemOf(
  args: readonly string[],
  cwd: string,
  packages: readonly WorkspacePackage[],
): string | undefined {
  let target = packages.find((pkg) => pkg.dir === cwd);
  let i = 0;
  for (; args[i]?.startsWith('-'); i++) {
    if (args[i] === '--filter' || args[i] === '-F') {
      const name = args[++i];
      target = packages.find((pkg) => pkg.name === name);
      if (!target) return `no workspace package is named ${name}`;
    } else if (args[i] !== '--silent' && args[i] !== '-s') {
      return `the check does not know the option ${args[i]}`;
    }
  }
  const word = args[i];
  if (word === undefined) return 'no command';
  if (BUILT_IN.has(word)) return undefined;
  const script = word === 'run' ? args[i + 1] : word;
  if (!target) return `no package in ${cwd} to run ${script} in`;
  if (script === undefined || !(script in target.scripts)) return `${target.name} has no script ${script}`;
  return undefined;
}
