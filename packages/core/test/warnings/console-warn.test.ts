// The warn-once state is process-global: this file must stay the only one in its process that warns
// through console.warn, which is why the diag path lives in a separate file.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getUserSessionContext, runWithUserSession, setUserSessionContext } from '../../src/index';

const OTEL_API_KEY = Symbol.for('opentelemetry.js.api.1');
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
afterAll(() => consoleWarn.mockRestore());

function warnings(): string[] {
  return consoleWarn.mock.calls.map((args) => String(args[0]));
}

describe('without a diag logger, warnings go to console.warn', () => {
  it('no diag logger is registered in this process', () => {
    const api = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[OTEL_API_KEY];
    expect(api?.diag).toBeUndefined();
  });

  it('setUserSessionContext outside a scope does nothing and warns exactly once, naming the fix', async () => {
    expect(warnings()).toEqual([]);
    setUserSessionContext({ userId: 'u1' });
    setUserSessionContext({ userId: 'u2' });
    await new Promise((resolve) => setTimeout(resolve, 1));
    setUserSessionContext({ sessionId: 's1' });
    expect(getUserSessionContext()).toEqual({});

    const outsideScope = warnings().filter((message) => message.includes('setUserSessionContext'));
    expect(outsideScope).toHaveLength(1);
    expect(outsideScope[0]).toContain('runWithUserSession');
    expect(outsideScope[0]).toContain('sessionMiddleware');
    expect(warnings()).toHaveLength(1);
  });

  it('setUserSessionContext inside a scope never warns', () => {
    const before = warnings().length;
    runWithUserSession({}, () => setUserSessionContext({ userId: 'u1' }));
    expect(warnings()).toHaveLength(before);
  });

  it('the default onInvalidId warns once per reason', () => {
    const before = warnings().length;
    runWithUserSession({}, () => {
      setUserSessionContext({ userId: 'x'.repeat(257) });
      setUserSessionContext({ sessionId: 'y'.repeat(300) });
      setUserSessionContext({ userId: '' });
      setUserSessionContext({ userId: '' });
    });
    const added = warnings().slice(before);
    expect(added).toHaveLength(2);
    expect(added[0]).toContain('too-long');
    expect(added[1]).toContain('empty');
  });
});
