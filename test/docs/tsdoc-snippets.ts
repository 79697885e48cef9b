import { dirname, join } from 'node:path';
import ts from 'typescript';
import { type CodeBlock, codeBlocks, TYPESCRIPT } from './markdown-snippets';

/**
 * The TypeScript blocks inside the TSDoc `@example` tags of a source file, read with the Markdown
 * reader once the comment's ` * ` margins are stripped, at their lines in the source file.
 * TypeScript finds the doc comments; a block belongs to the tag whose line is the last above it.
 *
 * IDE hovers show a doc comment as it is written, so its blocks take no HTML-comment directives.
 * What a block assumes from its surroundings (`declare const app: Express;`) is best written in the
 * block itself, as the TypeScript a user would write. A true fragment starts instead with lines
 *
 *     // prelude: TYPESCRIPT
 *
 * which are compiled in front of the rest (without the `// prelude: `) and read as comments; a block
 * that cannot compile (rare) starts with `// skip: REASON`. A relative import (`from './header'`) is
 * resolved from the source file, as in the code next to it: an example of an internal function
 * imports it the way a contributor would.
 */
export function exampleSnippets(file: string, source: string): CodeBlock[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  return docComments(sourceFile).flatMap((comment) => {
    const commentLine = sourceFile.getLineAndCharacterOfPosition(comment.getStart(sourceFile)).line;
    // The comment without its margins: line 1 of it is line commentLine + 1 of the file.
    const lines = source
      .slice(comment.getStart(sourceFile), comment.end)
      .split(/\r?\n/)
      .map((line) => line.replace(/^\s*(?:\/\*\*|\*)(?: |$)/, '').replace(/\s*\*\/$/, ''));
    const markdown = lines
      .join('\n')
      .replace(RELATIVE_IMPORT, (_, from, path) => `${from}'${join(dirname(file), path)}'`);
    if (markdown.includes('<!-- snippet-')) {
      throw new Error(
        `${file}:${commentLine + 1}: an HTML-comment directive in a doc comment; see tsdoc-snippets.ts`,
      );
    }
    const blocks = codeBlocks(file, markdown);
    // A line that starts with a tag, outside the code blocks (TypeScript's own parser would also end
    // the tag at a decorator such as `@trace()` in a block).
    const inBlock = (index: number) =>
      blocks.some((block) => index >= block.line - 2 && index < block.line + block.code.split('\n').length);
    const tagAt = lines.map((line, index) => (!inBlock(index) && line.match(/^@(\w+)/)?.[1]) || undefined);
    return blocks
      .filter((block) => TYPESCRIPT.has(block.language))
      .filter((block) => tagAt.slice(0, block.line - 1).findLast((tag) => tag !== undefined) === 'example')
      .map((block) => withCommentDirectives({ ...block, line: block.line + commentLine }));
  });
}

/** The doc comments of `sourceFile` that have tags, in order. */
function docComments(sourceFile: ts.SourceFile): ts.JSDoc[] {
  const comments = new Set<ts.JSDoc>();
  const visit = (node: ts.Node): void => {
    for (const tag of ts.getJSDocTags(node)) if (ts.isJSDoc(tag.parent)) comments.add(tag.parent);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...comments].sort((a, b) => a.pos - b.pos);
}

const RELATIVE_IMPORT = /(from\s+)'(\.\.?\/[^']*)'/g;
const PRELUDE = /^\/\/ prelude: ?(.*)$/;
const SKIP = /^\/\/ skip:(.*)$/;

/** The block with its leading `// prelude:` lines as its prelude, or its `// skip:` line as its skip. */
function withCommentDirectives(block: CodeBlock): CodeBlock {
  const lines = block.code.split('\n');
  const skip = lines[0]?.match(SKIP)?.[1]?.trim();
  if (skip !== undefined) {
    if (skip === '') throw new Error(`${block.file}:${block.line}: a // skip: without a reason`);
    return { ...block, skip };
  }
  const prelude: string[] = [];
  for (const line of lines) {
    const code = line.match(PRELUDE)?.[1];
    if (code === undefined) break;
    prelude.push(code);
  }
  if (prelude.length === 0) return block;
  return {
    ...block,
    line: block.line + prelude.length,
    code: lines.slice(prelude.length).join('\n'),
    prelude: { line: block.line, code: prelude.join('\n') },
  };
}
