// Two copies of @sessionscope/core in one process (the ESM and the CJS build, as with a dual-package
// install) must share one store, one configuration and one warn-once state. Needs the build:
// `npx -y pnpm@10 --filter @sessionscope/core build` (the root `test` script builds first).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Adapter from '../src/adapter';
import type * as Core from '../src/index';
import * as source from '../src/index';

const packageJsonPath = fileURLToPath(new URL('../package.json', import.meta.url));
const require = createRequire(packageJsonPath);
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});

let esm: typeof Core;
let cjs: typeof Core;
let esmAdapter: typeof Adapter;
let cjsAdapter: typeof Adapter;

/** The ESM and the CJS build of the package's export `subpath`, as `import` and `require` resolve it. */
async function load<T>(subpath: '.' | './adapter'): Promise<{ esm: T; cjs: T }> {
  const { exports } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const esmPath = fileURLToPath(new URL(exports[subpath].import.default, pathToFileURL(packageJsonPath)));
  const cjsPath = fileURLToPath(new URL(exports[subpath].require.default, pathToFileURL(packageJsonPath)));
  for (const path of [esmPath, cjsPath]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: build @sessionscope/core first`);
  }
  expect(esmPath).not.toBe(cjsPath);
  return { esm: await import(pathToFileURL(esmPath).href), cjs: require(cjsPath) };
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
