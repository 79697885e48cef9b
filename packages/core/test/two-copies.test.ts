// Two copies of @sessionscope/core in one process must share one store, one configuration and one
// warn-once state: the ESM and the CJS build (a dual-package install), and in the CJS build the main
// entry and the adapter entry, which bundle a copy of core each (a CJS app that requires
// @sessionscope/core next to an adapter). Needs the build:
// `npx -y pnpm@10 --filter @sessionscope/core build` (the root `test` script builds first).
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Adapter from '../src/adapter';
import { state } from '../src/global-state';
import type * as Core from '../src/index';
import * as source from '../src/index';
import { type FakeRequest, fakeBinding, fakeRequest } from './middleware/fake-framework';

const packageJsonPath = fileURLToPath(new URL('../package.json', import.meta.url));
const require = createRequire(packageJsonPath);
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});

let esm: typeof Core;
let cjs: typeof Core;
let esmAdapter: typeof Adapter;
let cjsAdapter: typeof Adapter;

/** The built files of the package's export `subpath` that `import` and `require` resolve to. */
function builtFiles(subpath: '.' | './adapter'): { esm: string; cjs: string } {
  const { exports } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const url = (file: string) => fileURLToPath(new URL(file, pathToFileURL(packageJsonPath)));
  const files = { esm: url(exports[subpath].import.default), cjs: url(exports[subpath].require.default) };
  for (const path of [files.esm, files.cjs]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: build @sessionscope/core first`);
  }
  return files;
}

/** The ESM and the CJS build of the package's export `subpath`, as `import` and `require` load it. */
async function load<T>(subpath: '.' | './adapter'): Promise<{ esm: T; cjs: T }> {
  const files = builtFiles(subpath);
  expect(files.esm).not.toBe(files.cjs);
  return { esm: await import(pathToFileURL(files.esm).href), cjs: require(files.cjs) };
}

/** The package's own files a built file loads (`./chunk-….js`), by `import` or `require`. */
function ownImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:from |require\()['"](\.[^'"]+)['"]/g)].map((match) => match[1]!);
}

beforeAll(async () => {
  ({ esm, cjs } = await load<typeof Core>('.'));
  ({ esm: esmAdapter, cjs: cjsAdapter } = await load<typeof Adapter>('./adapter'));
});

afterAll(() => {
  esm.resetConfiguration();
  consoleWarn.mockRestore();
});

describe('the ESM and the CJS build in one process', () => {
  it('are two different copies of the module', () => {
    expect(typeof esm.runWithUserSession).toBe('function');
    expect(typeof cjs.runWithUserSession).toBe('function');
    expect(esm.runWithUserSession).not.toBe(cjs.runWithUserSession);
    expect(esm.setUserSessionContext).not.toBe(cjs.setUserSessionContext);
    expect(esm.runWithUserSession).not.toBe(source.runWithUserSession);
  });

  it('come as one copy per CJS entry (main, adapter) and one the two ESM entries share', () => {
    const main = builtFiles('.');
    const adapter = builtFiles('./adapter');
    expect(ownImports(main.cjs)).toEqual([]);
    expect(ownImports(adapter.cjs)).toEqual([]);
    const shared = ownImports(adapter.esm);
    expect(shared).not.toEqual([]);
    expect(ownImports(main.esm)).toEqual(expect.arrayContaining(shared));
  });

  it('share one store: a scope opened by one is read and written by the other', async () => {
    const seen = await cjs.runWithUserSession({ userId: 'u1' }, async () => {
      esm.setUserSessionContext({ sessionId: 's1' });
      await new Promise((resolve) => setTimeout(resolve, 1));
      const fromCjs = cjs.getUserSessionContext();
      const fromEsm = esm.getUserSessionContext();
      const fromSource = source.getUserSessionContext();
      const inEsmChild = esm.runWithUserSession({ sessionId: 's2' }, () => cjs.getUserSessionContext());
      return { fromCjs, fromEsm, fromSource, inEsmChild, afterChild: esm.getUserSessionContext() };
    });
    expect(seen).toStrictEqual({
      fromCjs: { userId: 'u1', sessionId: 's1' },
      fromEsm: { userId: 'u1', sessionId: 's1' },
      fromSource: { userId: 'u1', sessionId: 's1' },
      inEsmChild: { userId: 'u1', sessionId: 's2' },
      afterChild: { userId: 'u1', sessionId: 's1' },
    });
  });

  it('share one store with the middleware helper and bindUserSession', () => {
    const mount = cjsAdapter.createRequestIdentity<{ id: string }>(
      {},
      { defaultUserId: (request) => request.id, readHeader: () => undefined },
    );
    const scope = mount.open({ id: 'request-user' }) as Adapter.Scope;
    const bound = mount.run(scope, () => esm.bindUserSession(() => cjs.getUserSessionContext()));
    expect(mount.run(scope, () => esm.getUserSessionContext())).toStrictEqual({ userId: 'request-user' });
    expect(bound()).toStrictEqual({ userId: 'request-user' });
  });

  it("find each other's live views: a nested mount of one merges into the scope the other opened", () => {
    const binding = { defaultUserId: () => 'request-user', readHeader: () => undefined };
    const outer = esmAdapter.createRequestIdentity<object>({}, binding);
    const nested = cjsAdapter.createRequestIdentity<object>({ getSessionId: () => 'route-session' }, binding);
    const scope = outer.open({}) as Adapter.Scope;
    const view = outer.liveView(scope);
    expect(nested.scopeOf(view)).toBe(scope);
    nested.merge(scope, {});
    expect([view.userId, view.sessionId]).toStrictEqual(['request-user', 'route-session']);
  });

  it('share one configuration, and configure() from either merges into it', () => {
    const reports: Array<[Core.IdField, Core.InvalidIdReason]> = [];
    esm.configure({ onInvalidId: (field, reason) => reports.push([field, reason]) });
    cjs.configure({ maxIdLength: 3 });
    const seen = esm.runWithUserSession({ userId: 'abcd', sessionId: 'abc' }, () =>
      cjs.getUserSessionContext(),
    );
    expect(seen).toStrictEqual({ sessionId: 'abc' });
    expect(reports).toEqual([['userId', 'too-long']]);

    cjs.configure({ hashUserId: true, maxIdLength: undefined });
    const hashed = esm.withSession({ userId: 'alice' }, (session) => session.userId);
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed).not.toBe('alice');
  });

  it('share one warn-once state: set outside a scope warns once across both copies', () => {
    esm.setUserSessionContext({ userId: 'u1' });
    cjs.setUserSessionContext({ userId: 'u1' });
    source.setUserSessionContext({ userId: 'u1' });
    const outsideScope = consoleWarn.mock.calls.filter((args) =>
      String(args[0]).includes('outside any scope'),
    );
    expect(outsideScope).toHaveLength(1);
    expect(cjs.getUserSessionContext()).toEqual({});
  });
});

function sha256(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

describe.each([
  { adapterBuild: 'CJS', mainBuild: 'ESM' },
  { adapterBuild: 'ESM', mainBuild: 'CJS' },
  { adapterBuild: 'CJS', mainBuild: 'CJS' },
  { adapterBuild: 'ESM', mainBuild: 'ESM' },
] as const)(
  'a middleware built from the $adapterBuild adapter entry, with the $mainBuild main entry',
  ({ adapterBuild, mainBuild }) => {
    let adapter: typeof Adapter;
    let core: typeof Core;

    beforeAll(() => {
      adapter = adapterBuild === 'CJS' ? cjsAdapter : esmAdapter;
      core = mainBuild === 'CJS' ? cjs : esm;
    });

    beforeEach(() => {
      core.resetConfiguration();
      state.warned.clear(); // the process-wide warn-once state, as after a restart
      consoleWarn.mockClear();
    });

    it("validates, hashes and reads baggage with the main entry's configure(), also after it was built", () => {
      const mount = adapter.createRequestIdentity<FakeRequest>({}, fakeBinding);
      const reports: Array<[Core.IdField, Core.InvalidIdReason]> = [];
      core.configure({ maxIdLength: 8, onInvalidId: (field, reason) => reports.push([field, reason]) });
      const tooLong = mount.open(fakeRequest({ 'x-session-id': 's-1' }, 'user-id-too-long')) as Adapter.Scope;
      expect(mount.run(tooLong, () => core.getUserSessionContext())).toStrictEqual({ sessionId: 's-1' });
      expect(reports).toEqual([['userId', 'too-long']]);

      core.configure({ hashUserId: true, baggage: { read: true } });
      const hashed = mount.open(fakeRequest({ baggage: 'session.id=s-2' }, 'alice')) as Adapter.Scope;
      expect(mount.run(hashed, () => core.getUserSessionContext())).toStrictEqual({
        userId: sha256('alice'),
        sessionId: 's-2',
      });
    });

    it('shares the scope: the main entry reads and changes it, finds a late user, and sees it end', async () => {
      const mount = adapter.createRequestIdentity<FakeRequest>(
        { generateSessionId: () => 'generated' },
        fakeBinding,
      );
      const request = fakeRequest({});
      const scope = mount.open(request) as Adapter.Scope;
      const view = mount.liveView(scope);
      const ended: unknown[] = [];
      const onEnd = (message: unknown) => ended.push(message);
      subscribe(core.REQUEST_END_CHANNEL, onEnd);
      try {
        const seen = await mount.run(scope, async () => {
          const atStart = core.getUserSessionContext();
          request.user = { id: 'late-user' }; // authentication mounted after the middleware
          await new Promise((resolve) => setTimeout(resolve, 1));
          core.setUserSessionContext({ sessionId: 'chosen' });
          return {
            atStart,
            later: core.getUserSessionContext(),
            bound: core.bindUserSession(core.getUserSessionContext),
          };
        });
        expect(seen.atStart).toStrictEqual({ sessionId: 'generated' });
        expect(seen.later).toStrictEqual({ userId: 'late-user', sessionId: 'chosen' });
        expect([view.userId, view.sessionId]).toStrictEqual(['late-user', 'chosen']);

        mount.end(scope, request);
        mount.end(scope, request);
        expect(ended).toStrictEqual([{ request, userSession: { userId: 'late-user', sessionId: 'chosen' } }]);
        expect(mount.run(scope, () => core.getUserSessionContext())).toStrictEqual({});
        expect([view.userId, view.sessionId]).toStrictEqual([undefined, undefined]);
        expect(seen.bound()).toStrictEqual({ userId: 'late-user', sessionId: 'chosen' });
      } finally {
        unsubscribe(core.REQUEST_END_CHANNEL, onEnd);
      }
    });

    it("reports a late user through the main entry's onInvalidId when the main entry finds it", () => {
      const mount = adapter.createRequestIdentity<FakeRequest>({}, fakeBinding);
      const reports: Array<[Core.IdField, Core.InvalidIdReason]> = [];
      core.configure({ maxIdLength: 4, onInvalidId: (field, reason) => reports.push([field, reason]) });
      const request = fakeRequest({});
      const scope = mount.open(request) as Adapter.Scope;
      request.user = { id: 'too-long' };
      expect(mount.run(scope, () => core.getUserSessionContext())).toStrictEqual({});
      expect(reports).toEqual([['userId', 'too-long']]);
    });

    it('warns once per reason with the default onInvalidId, whichever copy warned first', () => {
      const mount = adapter.createRequestIdentity<FakeRequest>({ getSessionId: () => '' }, fakeBinding);
      mount.open(fakeRequest({})); // the adapter entry's copy resolves the options and warns
      core.resetConfiguration();
      core.runWithUserSession({ sessionId: '' }, () => {}); // the main entry's copy resolves them: no warning

      core.resetConfiguration();
      core.runWithUserSession({ userId: { id: 1 } as never }, () => {});
      core.resetConfiguration();
      mount.open(fakeRequest({}, { id: 1 }));

      const warnings = consoleWarn.mock.calls.map(([message]) => String(message));
      expect(warnings.filter((message) => message.includes('(empty)'))).toHaveLength(1);
      expect(warnings.filter((message) => message.includes('(invalid-type)'))).toHaveLength(1);
    });
  },
);
