import { afterEach, describe, expect, it } from 'vitest';
import {
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
  type Session,
  withSession,
} from '../src/index';
import { recordInvalidIds } from './support/invalid-id-reports';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => resetConfiguration());

describe('withSession', () => {
  it('creates a new session with a random UUID when no sessionId is given', () => {
    const first = withSession({ userId: 'u1' }, (session) => session);
    const second = withSession({ userId: 'u1' }, (session) => session);
    expect(first.id).toMatch(UUID);
    expect(second.id).toMatch(UUID);
    expect(first.id).not.toBe(second.id);
    expect(first).toStrictEqual({ id: first.id, userId: 'u1', resumed: false });
  });

  it('resumes the session it is given', () => {
    const session = withSession({ userId: 'u1', sessionId: 'conversation-9' }, (s) => s);
    expect(session).toStrictEqual({ id: 'conversation-9', userId: 'u1', resumed: true });
  });

  it('turns numeric ids into strings', () => {
    const session = withSession({ userId: 42, sessionId: 7 }, (s) => s);
    expect(session).toStrictEqual({ id: '7', userId: '42', resumed: true });
    expect(typeof session.userId).toBe('string');
  });

  it('gives session.userId undefined when there is no user', () => {
    const session = withSession({}, (s) => s);
    expect(session.userId).toBeUndefined();
    expect(Object.isFrozen(session)).toBe(true);
  });

  it('runs fn in a child scope with the session identity, leaving the caller unchanged', () => {
    runWithUserSession({ userId: 'outer', sessionId: 'outer-session' }, () => {
      const seen = withSession({ sessionId: 'inner-session' }, (session) => {
        expect(session.userId).toBe('outer');
        return getUserSessionContext();
      });
      expect(seen).toStrictEqual({ userId: 'outer', sessionId: 'inner-session' });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'outer', sessionId: 'outer-session' });
    });
    const created = withSession({ userId: 'u2' }, (session) => ({ session, seen: getUserSessionContext() }));
    expect(created.seen).toStrictEqual({ userId: 'u2', sessionId: created.session.id });
    expect(getUserSessionContext()).toEqual({});
  });

  it('returns the very object and the very promise fn returns, and rethrows its error', async () => {
    const result = { ok: true };
    expect(withSession({}, () => result)).toBe(result);
    const promise = Promise.resolve(result);
    expect(withSession({}, () => promise)).toBe(promise);
    const error = new Error('boom');
    expect(() =>
      withSession({}, () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(
      withSession({}, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  it('creates a new session instead of resuming an invalid id, and reports it', () => {
    const reports = recordInvalidIds();
    const session: Session = withSession({ userId: 'u1', sessionId: 'a\r\nb' }, (s) => s);
    expect(session.resumed).toBe(false);
    expect(session.id).toMatch(UUID);
    expect(session.userId).toBe('u1');
    expect(reports).toEqual([['sessionId', 'control-character']]);
  });

  it('keeps the current user when the given user id is invalid', () => {
    const reports = recordInvalidIds();
    runWithUserSession({ userId: 'outer' }, () => {
      const session = withSession({ userId: '' }, (s) => s);
      expect(session.userId).toBe('outer');
    });
    expect(reports).toEqual([['userId', 'empty']]);
  });
});
