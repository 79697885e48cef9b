/**
 * The fenced code blocks of a Markdown file, with the directives written in HTML comments right
 * above a TypeScript block (invisible on the rendered page, visible in its source):
 *
 * - `<!-- snippet-prelude` on a line of its own, TypeScript lines, then `-->`: what the block assumes
 *   from the surrounding text (`declare const app: Express;`), compiled in front of it;
 * - `<!-- snippet-documents: MODULE -->`: the block documents declarations of MODULE; each
 *   interface and type alias it declares must be identical to MODULE's export of that name, and
 *   MODULE's export of each function it declares must accept the calls its signature allows;
 * - `<!-- snippet-skip: REASON -->`: the block is not compiled, for the reason given.
 *
 * Several directives may stand above one block, separated by blank lines at most.
 */

export interface CodeBlock {
  /** The Markdown file, as given. */
  readonly file: string;
  /** The 1-based line of the block's first code line in the Markdown file. */
  readonly line: number;
  /** The first word of the info string: `ts`, `sh`… (`''` when there is none). */
  readonly language: string;
  readonly code: string;
  readonly prelude?: { readonly line: number; readonly code: string };
  readonly documents?: string;
  readonly skip?: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;
export const TYPESCRIPT: ReadonlySet<string> = new Set(['ts', 'typescript']);
const ONE_LINE_DIRECTIVE = /^<!--\s*snippet-(documents|skip):(.*)-->$/;

type Directives = Pick<CodeBlock, 'prelude' | 'documents' | 'skip'>;

/** The TypeScript blocks (`ts`, `typescript`) of `markdown`, with their directives. */
export function typeScriptSnippets(file: string, markdown: string): CodeBlock[] {
  return codeBlocks(file, markdown).filter((block) => TYPESCRIPT.has(block.language));
}

/** Every fenced code block of `markdown`; throws on a malformed or misplaced directive. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const at = (index: number) => `${file}:${index + 1}`;
  const blocks: CodeBlock[] = [];
  let directives: { -readonly [K in keyof Directives]: Directives[K] } = {};
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '<!-- snippet-prelude') {
      const end = lines.findIndex((text, index) => index > i && text.trim() === '-->');
      if (end < 0) throw new Error(`${at(i)}: snippet-prelude without a closing --> line`);
      directives.prelude = { line: i + 2, code: lines.slice(i + 1, end).join('\n') };
      i = end;
      continue;
    }
    if (line.startsWith('<!-- snippet-')) {
      const [, name, argument = ''] = line.match(ONE_LINE_DIRECTIVE) ?? [];
      if (!name || argument.trim() === '') throw new Error(`${at(i)}: malformed snippet directive: ${line}`);
      directives[name as 'documents' | 'skip'] = argument.trim();
      continue;
    }
    const fence = line === '' ? null : (lines[i] ?? '').match(FENCE);
    if (!fence) {
      if (line !== '' && Object.keys(directives).length > 0) {
        throw new Error(`${at(i)}: a snippet directive not followed by a code block`);
      }
      continue;
    }
    const [, indent = '', marker = '', info = ''] = fence;
    const language = info.toLowerCase();
    if (Object.keys(directives).length > 0 && !TYPESCRIPT.has(language)) {
      throw new Error(`${at(i)}: a snippet directive above a block that is not TypeScript`);
    }
    const end = closingFence(lines, i + 1, marker);
    const code = lines
      .slice(i + 1, end)
      .map((text) => text.slice(Math.min(indent.length, text.length - text.trimStart().length)));
    blocks.push({ file, line: i + 2, language, code: code.join('\n'), ...directives });
    directives = {};
    i = end;
  }
  return blocks;
}

/** The index of the line that closes the block opened with `marker` (or the end of the file). */
function closingFence(lines: readonly string[], from: number, marker: string): number {
  const char = marker[0] ?? '`';
  for (let i = from; i < lines.length; i++) {
    const text = (lines[i] ?? '').trim();
    if (text.length >= marker.length && text === char.repeat(text.length)) return i;
  }
  return lines.length;
}
