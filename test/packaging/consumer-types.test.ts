import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// A project that depends on the built packages must type-check, whichever module resolution it
// uses: the main entry and `@sessionscope/core/adapter` resolve to their `.d.ts` from ESM and to
// their `.d.cts` from CJS, and the adapters' declarations find core's types (with skipLibCheck, an
// import a declaration file cannot resolve would silently be `any`: the checks below compare types).
// Needs the build (`npx -y pnpm@10 build`; the root `test` script builds first).

const here = dirname(fileURLToPath(import.meta.url));

const consumer = `
import type { Context as HonoContext } from 'hono';
import type { Request } from 'express';
import type { Context as KoaContext } from 'koa';
import { configure, getUserSessionContext, type SessionMiddlewareOptions, type UserSession } from '@sessionscope/core';
import {
  createRequestIdentity,
  type FrameworkBinding,
  produceStreamBodyInContext,
  type RequestIdentity,
  type Scope,
} from '@sessionscope/core/adapter';
import { type ExpressSessionOptions, sessionMiddleware as expressMiddleware } from '@sessionscope/express';
import { type HonoSessionOptions, sessionMiddleware as honoMiddleware } from '@sessionscope/hono';
import { type KoaSessionOptions, sessionMiddleware as koaMiddleware } from '@sessionscope/koa';
// The main entry leaves the adapter building blocks to '@sessionscope/core/adapter'.
// @ts-expect-error
import type { Scope as NotInTheMainEntry } from '@sessionscope/core';
// @ts-expect-error
import { createRequestIdentity as alsoNotInTheMainEntry } from '@sessionscope/core';

type Is<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare const c: HonoContext;
const fromHono = c.get('userSession');

export const sameTypes: [
  Is<ExpressSessionOptions, SessionMiddlewareOptions<Request>>,
  Is<KoaSessionOptions, SessionMiddlewareOptions<KoaContext>>,
  Is<HonoSessionOptions, SessionMiddlewareOptions<HonoContext>>,
  Is<Parameters<typeof expressMiddleware>[0], ExpressSessionOptions | undefined>,
  Is<Parameters<typeof koaMiddleware>[0], KoaSessionOptions | undefined>,
  Is<Parameters<typeof honoMiddleware>[0], HonoSessionOptions | undefined>,
  Is<typeof fromHono, UserSession>,
  Is<Scope['userId'], string | undefined>,
] = [true, true, true, true, true, true, true, true];

const binding: FrameworkBinding<Request> = {
  defaultUserId: (req) => req.ip,
  readHeader: (req, name) => req.get(name),
};
const identity: RequestIdentity<Request> = createRequestIdentity({ generateSessionId: true }, binding);

export function open(req: Request): Scope | Promise<Scope> {
  configure({ maxIdLength: 128 });
  produceStreamBodyInContext(undefined);
  const seen: UserSession = getUserSessionContext();
  return seen.userId === undefined ? identity.open(req) : identity.open(req);
}
`;

interface Setting {
  readonly name: string;
  readonly options: ts.CompilerOptions;
  /** The consumer's files by extension, and the declaration file each resolves an entry to. */
  readonly files: ReadonlyArray<{ readonly extension: string; readonly declarations: string }>;
}

const esmAndCjs = [
  { extension: '.mts', declarations: '.d.ts' },
  { extension: '.cts', declarations: '.d.cts' },
];

const settings: Setting[] = [
  { name: 'node16', options: { module: ts.ModuleKind.Node16 }, files: esmAndCjs },
  { name: 'nodenext', options: { module: ts.ModuleKind.NodeNext }, files: esmAndCjs },
  {
    name: 'bundler',
    options: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    files: [{ extension: '.ts', declarations: '.d.ts' }],
  },
];

function program(setting: Setting): {
  program: ts.Program;
  host: ts.CompilerHost;
  options: ts.CompilerOptions;
} {
  const options: ts.CompilerOptions = {
    ...setting.options,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const sources = new Map(
    setting.files.map(({ extension }) => [join(here, `consumer-${setting.name}${extension}`), consumer]),
  );
  const host = ts.createCompilerHost(options, true);
  const { fileExists, getSourceFile, readFile } = host;
  host.fileExists = (fileName) => sources.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => sources.get(fileName) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = sources.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  return { program: ts.createProgram({ rootNames: [...sources.keys()], options, host }), host, options };
}

describe.each(settings)('a consumer with module resolution $name', (setting) => {
  const built = program(setting);

  it('type-checks against the main entry, the adapter entry and the adapters', () => {
    const errors = ts
      .getPreEmitDiagnostics(built.program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(errors).toEqual([]);
  });

  it.each(setting.files)('resolves core from a $extension file to its $declarations files', (file) => {
    const from = join(here, `consumer-${setting.name}${file.extension}`);
    // How the file's imports resolve: as `require` in a .cts file, as `import` elsewhere.
    const mode = built.program.getSourceFile(from)?.impliedNodeFormat ?? ts.ModuleKind.ESNext;
    const resolved = (specifier: string) =>
      ts.resolveModuleName(specifier, from, built.options, built.host, undefined, undefined, mode)
        .resolvedModule?.resolvedFileName;
    const dist = join(here, '../../packages/core/dist');
    expect(resolved('@sessionscope/core')).toBe(join(dist, `index${file.declarations}`));
    expect(resolved('@sessionscope/core/adapter')).toBe(join(dist, `adapter${file.declarations}`));
  });
});
