import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SpanStatusCode } from '@opentelemetry/api';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runWithUserSession, trace } from '../../src/index';
import type { defineServices } from './fixtures/decorated-services';
import type { definePrivateMethods } from './fixtures/private-methods';
import { idOf, parentIdOf, registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => tracing.exporter.reset());

const FIXTURE = fileURLToPath(new URL('./fixtures/decorated-services.ts', import.meta.url));
const PRIVATE_FIXTURE = fileURLToPath(new URL('./fixtures/private-methods.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'sessionscope-decorators-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const MODES = {
  'TC39 standard decorators': { experimentalDecorators: false },
  'legacy experimentalDecorators': { experimentalDecorators: true, emitDecoratorMetadata: true },
} satisfies Record<string, ts.CompilerOptions>;

const BASE_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Compiles `fixture` with TypeScript in `mode` and imports the result. */
async function importCompiled<M>(fixture: string, mode: ts.CompilerOptions, file: string): Promise<M> {
  const { outputText } = ts.transpileModule(readFileSync(fixture, 'utf8'), {
    compilerOptions: { ...BASE_OPTIONS, ...mode },
    fileName: fixture,
  });
  const path = join(outDir, file);
  writeFileSync(path, outputText);
  return import(pathToFileURL(path).href) as Promise<M>;
}

/** Compiles the fixture with TypeScript in `mode` and imports the result. */
async function compileFixture(mode: ts.CompilerOptions, file: string): Promise<typeof defineServices> {
  const module = await importCompiled<{ defineServices: typeof defineServices }>(FIXTURE, mode, file);
  return module.defineServices;
}

/** The private-method fixture, with TC39 decorators; its classes are defined when this is called. */
async function privateMethods(file: string): Promise<ReturnType<typeof definePrivateMethods>> {
  const module = await importCompiled<{ definePrivateMethods: typeof definePrivateMethods }>(
    PRIVATE_FIXTURE,
    MODES['TC39 standard decorators'],
    file,
  );
  return module.definePrivateMethods(trace);
}

const spanNames = (): string[] => tracing.spans().map((span) => span.name);

describe.each(Object.entries(MODES))('@trace() with %s', (label, mode) => {
  it('type-checks under TypeScript in this mode', () => {
    const program = ts.createProgram([FIXTURE], { ...BASE_OPTIONS, ...mode, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 90_000);

  it('names spans Class.method, keeps this, arguments, results, name and length', async () => {
    const define = await compileFixture(mode, `${label.split(' ')[0]}-names.mjs`);
    const { ChatService, PremiumChatService } = define(trace);
    const service = ChatService.create();
    expect(await runWithUserSession({ userId: 'u1' }, () => service.reply('hi'))).toBe('reply:hi');
    expect([...service.tokens('a b c')]).toEqual(['a', 'b', 'c']);
    expect(service.named()).toBe(1);
    expect(ChatService.prototype.reply.name).toBe('reply');
    expect(ChatService.prototype.reply.length).toBe(1);

    expect(tracing.span('ChatService.create')).toBeDefined();
    expect(tracing.span('ChatService.reply').attributes).toMatchObject({ 'user.id': 'u1' });
    expect(tracing.span('ChatService.tokens')).toBeDefined();
    expect(tracing.span('custom-name').attributes).toMatchObject({ 'app.step': 'named' });

    const premium = new PremiumChatService();
    premium.upgrade();
    await premium.reply('x');
    expect(tracing.span('PremiumChatService.upgrade')).toBeDefined();
    expect(tracing.spans().filter((span) => span.name === 'ChatService.reply')).toHaveLength(2);
  });

  it('records and rethrows errors, and nests decorated calls inside trace() spans', async () => {
    const define = await compileFixture(mode, `${label.split(' ')[0]}-errors.mjs`);
    const { ChatService } = define(trace);
    const service = new ChatService();
    const error = new Error('refused');
    expect(() => service.fail(error)).toThrow(error);
    expect(tracing.span('ChatService.fail').status.code).toBe(SpanStatusCode.ERROR);

    await trace(async function request() {
      await service.reply('nested');
    })();
    expect(parentIdOf(tracing.span('ChatService.reply'))).toBe(idOf(tracing.span('request')));
  });
});

describe('@trace() on private methods (TC39 decorators)', () => {
  it('never keeps a subclass name: without Symbol.metadata a span is named after the class of its instance', async () => {
    expect((Symbol as { metadata?: symbol }).metadata).toBeUndefined();
    const { Store, CachedStore } = await privateMethods('private-no-metadata.mjs');
    expect(new CachedStore().load()).toBe('loaded'); // the first instance is of the subclass
    expect(new Store().load()).toBe('loaded');
    expect(new CachedStore().hit()).toBe('hit');
    expect(Store.connect()).toBe('connected');
    expect(spanNames()).toEqual(['CachedStore.#load', 'Store.#load', 'CachedStore.#hit', 'Store.#connect']);
  });

  it('with Symbol.metadata (native or polyfilled), names the span after the declaring class', async () => {
    const symbol = Symbol as { metadata?: symbol };
    symbol.metadata = Symbol.for('Symbol.metadata');
    try {
      const { Store, CachedStore } = await privateMethods('private-metadata.mjs');
      expect(new CachedStore().load()).toBe('loaded');
      expect(new Store().load()).toBe('loaded');
      expect(new CachedStore().hit()).toBe('hit');
      expect(Store.connect()).toBe('connected');
    } finally {
      delete symbol.metadata;
    }
    expect(spanNames()).toEqual(['Store.#load', 'Store.#load', 'CachedStore.#hit', 'Store.#connect']);
  });
});
