import { join, relative } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown-snippets';

export interface SnippetError {
  /** The Markdown file and the line in it the error is on. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

interface SnippetModule {
  readonly fileName: string;
  readonly text: string;
  /** For each line of `text`, the Markdown line it comes from. */
  readonly origins: readonly number[];
  readonly snippet: CodeBlock;
}

/**
 * Type-checks every snippet that is not skipped, with the compiler options of `tsconfig.base.json`
 * in `root`, each as a module of its own (in one program, for speed: a module augmentation one
 * snippet imports, such as Koa's `DefaultState`, is seen by all). The modules are files that exist
 * only in memory, in the folder `dir`: their imports resolve to what the package in `dir` installs.
 */
export function typeCheckSnippets(snippets: readonly CodeBlock[], root: string, dir: string): SnippetError[] {
  const options = compilerOptions(root);
  const modules = new Map<string, SnippetModule>();
  for (const snippet of snippets) {
    if (snippet.skip !== undefined) continue;
    const fileName = join(dir, `${relative(root, snippet.file).replace(/[/\\]/g, '--')}-${snippet.line}.ts`);
    modules.set(fileName, { fileName, snippet, ...moduleText(snippet) });
  }

  const host = ts.createCompilerHost(options, true);
  const { fileExists, getSourceFile, readFile } = host;
  host.fileExists = (fileName) => modules.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => modules.get(fileName)?.text ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const module = modules.get(fileName);
    if (module) return ts.createSourceFile(fileName, module.text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...modules.keys()], options, host });

  const errors: SnippetError[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (diagnostic) => ({ file: join(root, 'tsconfig.base.json'), line: 0, message: messageOf(diagnostic) }),
  );
  for (const module of modules.values()) {
    const sourceFile = program.getSourceFile(module.fileName);
    if (!sourceFile) throw new Error(`${module.fileName} is not in the program`);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ];
    for (const diagnostic of diagnostics) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      errors.push({
        file: module.snippet.file,
        line: module.origins[line] ?? module.snippet.line,
        message: messageOf(diagnostic),
      });
    }
  }
  return errors;
}

export function formatError({ file, line, message }: SnippetError, root: string): string {
  return `${relative(root, file)}:${line}: ${message}`;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(messageOf(error));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root, path);
  if (errors[0]) throw new Error(messageOf(errors[0]));
  // A snippet without imports is a module too, so that two snippets' top-level names never clash.
  return { ...options, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
}

/** The prelude, the snippet, then for `snippet-documents` a check of each declaration it documents. */
function moduleText(snippet: CodeBlock): Pick<SnippetModule, 'text' | 'origins'> {
  const lines: string[] = [];
  const origins: number[] = [];
  const add = (text: string, firstLine: number) =>
    text.split('\n').forEach((line, index) => {
      lines.push(line);
      origins.push(firstLine + index);
    });
  if (snippet.prelude) add(snippet.prelude.code, snippet.prelude.line);
  add(snippet.code, snippet.line);
  if (snippet.documents !== undefined) {
    const fence = snippet.line - 1;
    add(`import * as __api from '${snippet.documents}';`, fence);
    // 1 when A and B are identical (optional and readonly modifiers included), else 0.
    add(
      'type __As<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? 1 : 0;',
      fence,
    );
    add(
      "type __Exported<A, B> = __As<A, B> extends 1 ? 'same as the export' : 'differs from the export';",
      fence,
    );
    for (const { name, line, isType, typeArguments } of declarations(snippet.code)) {
      const check = isType
        ? `const __${name}: __Exported<${name}${typeArguments}, __api.${name}${typeArguments}> = 'same as the export';`
        : `const __${name}: typeof ${name} = __api.${name};`;
      add(check, snippet.line + line);
    }
  }
  return { text: lines.join('\n'), origins };
}

/**
 * The interfaces, type aliases and functions a snippet declares, with their 0-based lines. A generic
 * type is compared as instantiated with `typeArguments`, `any` for each type parameter (the identity
 * check tells `any` from every other type, so a parameter typed otherwise than the export's still
 * differs); empty for a type that is not generic.
 */
function declarations(
  code: string,
): { name: string; line: number; isType: boolean; typeArguments: string }[] {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true);
  return source.statements.flatMap((statement) => {
    const isType = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
    if (!isType && !ts.isFunctionDeclaration(statement)) return [];
    if (!statement.name) return [];
    const { line } = source.getLineAndCharacterOfPosition(statement.getStart());
    const typeArguments = isType ? typeArgumentsFor(statement.typeParameters) : '';
    return [{ name: statement.name.text, line, isType, typeArguments }];
  });
}

function typeArgumentsFor(parameters: ts.NodeArray<ts.TypeParameterDeclaration> | undefined): string {
  return parameters === undefined || parameters.length === 0
    ? ''
    : `<${parameters.map(() => 'any').join(', ')}>`;
}

function messageOf(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}
