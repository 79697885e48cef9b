// The warn-once state and the diag logger are process-global: this file must stay separate from the
// console.warn one, so each path is the first (and only) one to warn in its process.
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getUserSessionContext, runWithUserSession, setUserSessionContext } from '../../src/index';

const warned: string[] = [];
const logger: DiagLogger = {
  error: () => {},
  warn: (message) => warned.push(message),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
diag.setLogger(logger, DiagLogLevel.WARN);
afterAll(() => {
  diag.disable();
  consoleWarn.mockRestore();
});

describe('with a diag logger, warnings go through diag', () => {
  it('setUserSessionContext outside a scope warns exactly once through diag.warn, not console.warn', async () => {
    expect(warned).toEqual([]);
    setUserSessionContext({ userId: 'u1' });
    await new Promise((resolve) => setImmediate(resolve));
    setUserSessionContext({ userId: 'u2' });
    expect(getUserSessionContext()).toEqual({});

    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('setUserSessionContext');
    expect(warned[0]).toContain('runWithUserSession');
    expect(warned[0]).toContain('sessionMiddleware');
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  it('the default onInvalidId warns once per reason through diag.warn', () => {
    runWithUserSession({}, () => {
      setUserSessionContext({ userId: 'a\tb' });
      setUserSessionContext({ sessionId: 'a\u0085b' });
      setUserSessionContext({ userId: {} as never });
    });
    expect(warned.slice(1)).toHaveLength(2);
    expect(warned[1]).toContain('control-character');
    expect(warned[2]).toContain('invalid-type');
    expect(consoleWarn).not.toHaveBeenCalled();
  });
});
