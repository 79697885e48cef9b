import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scope } from '../src/adapter';
import { store } from '../src/global-state';
import {
  bindUserSession,
  configure,
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
  type UserSession,
  withSession,
} from '../src/index';
import { recordInvalidIds } from './support/invalid-id-reports';

const RAW = 'alice@example.com';
const SHA256 = createHash('sha256').update(RAW).digest('hex');
const HMAC = createHmac('sha256', 'pepper').update(RAW).digest('hex');

afterEach(() => resetConfiguration());

/** What the current scope holds: its record, read from the one store (an internal), and its identity. */
interface Stored {
  readonly scope: Scope;
  readonly identity: UserSession;
}

/** Reads {@link Stored} inside a scope, to be asserted on after the scope's function returned. */
function stored(): Stored {
  const scope = store.getStore();
  if (scope === undefined) throw new Error('expected to run inside a scope');
  return { scope, identity: getUserSessionContext() };
}

function expectNoRawId({ scope, identity }: Stored): void {
  expect(scope.userId).not.toBe(RAW);
  expect(JSON.stringify(scope.view ?? {})).not.toContain(RAW);
  expect(JSON.stringify(identity)).not.toContain(RAW);
}

describe('hashUserId', () => {
  it('true stores the SHA-256 hex of the user id', () => {
    configure({ hashUserId: true });
    const { scope, identity } = runWithUserSession({ userId: RAW }, stored);
    expect(identity.userId).toBe(SHA256);
    expect(scope.userId).toBe(SHA256);
  });

  it('{ secret } stores the HMAC-SHA256 hex of the user id', () => {
    configure({ hashUserId: { secret: 'pepper' } });
    const { scope, identity } = runWithUserSession({ userId: RAW }, stored);
    expect(identity.userId).toBe(HMAC);
    expect(scope.userId).toBe(HMAC);
  });

  it('a function stores what it returns', () => {
    const seen: string[] = [];
    configure({
      hashUserId: (userId) => {
        seen.push(userId);
        return `pseudo-${userId.length}`;
      },
    });
    expect(runWithUserSession({ userId: RAW }, () => getUserSessionContext().userId)).toBe(
      `pseudo-${RAW.length}`,
    );
    expect(seen).toEqual([RAW]);
  });

  it('hashes the string form of a numeric user id', () => {
    configure({ hashUserId: true });
    const expected = createHash('sha256').update('42').digest('hex');
    expect(runWithUserSession({ userId: 42 }, () => getUserSessionContext().userId)).toBe(expected);
  });

  it('leaves session ids as they are', () => {
    configure({ hashUserId: true });
    expect(runWithUserSession({ sessionId: RAW }, () => getUserSessionContext().sessionId)).toBe(RAW);
  });

  it('does not hash an id twice when a child scope or a bound callback inherits it', () => {
    configure({ hashUserId: true });
    const inherited = runWithUserSession({ userId: RAW }, () => [
      runWithUserSession({ sessionId: 's1' }, () => getUserSessionContext().userId),
      withSession({}, (session) => session.userId),
      bindUserSession(() => getUserSessionContext().userId)(),
    ]);
    expect(inherited).toEqual([SHA256, SHA256, SHA256]);
  });

  it('validates the raw id before hashing it', () => {
    const reports = recordInvalidIds();
    let calls = 0;
    configure({
      hashUserId: () => {
        calls++;
        return 'hashed';
      },
    });
    expect(runWithUserSession({ userId: 'a\r\nb' }, getUserSessionContext)).toStrictEqual({});
    expect(calls).toBe(0);
    expect(reports).toEqual([['userId', 'control-character']]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('hash failed');
      },
    ],
    ['returns a non-string', () => 42 as unknown as string],
    ['returns the empty string', () => ''],
    ['returns control characters', () => 'a\nb'],
  ])('drops the user id as hash-error when the function %s; the rest still applies', (_name, hash) => {
    const reports = recordInvalidIds();
    configure({ hashUserId: hash });
    const inside = runWithUserSession({ userId: RAW, sessionId: 's1' }, stored);
    expect(inside.identity).toStrictEqual({ sessionId: 's1' });
    expectNoRawId(inside);
    expect(reports).toEqual([['userId', 'hash-error']]);
  });
});

describe('with hashing on, the raw user id never reaches the store', () => {
  it('through setUserSessionContext', () => {
    configure({ hashUserId: true });
    const inside = runWithUserSession({}, () => {
      setUserSessionContext({ userId: RAW });
      return stored();
    });
    expectNoRawId(inside);
    expect(inside.scope.userId).toBe(SHA256);
  });

  it('through runWithUserSession', () => {
    configure({ hashUserId: { secret: 'pepper' } });
    const inside = runWithUserSession({ userId: RAW }, stored);
    expectNoRawId(inside);
    expect(inside.scope.userId).toBe(HMAC);
  });

  it('through withSession, nor the session object', () => {
    configure({ hashUserId: true });
    const [session, inside] = withSession({ userId: RAW }, (session) => [session, stored()] as const);
    expect(session.userId).toBe(SHA256);
    expect(JSON.stringify(session)).not.toContain(RAW);
    expectNoRawId(inside);
  });
});
