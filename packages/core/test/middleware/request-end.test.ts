import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestIdentity, type Scope } from '../../src/adapter';
import {
  getUserSessionContext,
  REQUEST_END_CHANNEL,
  type RequestEndMessage,
  setUserSessionContext,
} from '../../src/index';
import { type FakeRequest, fakeBinding } from './fake-framework';

const mount = createRequestIdentity({}, fakeBinding);

const messages: RequestEndMessage[] = [];
const onMessage = (message: unknown) => messages.push(message as RequestEndMessage);
afterEach(() => {
  unsubscribe(REQUEST_END_CHANNEL, onMessage);
  messages.length = 0;
});

function open(req: FakeRequest): Scope {
  return mount.open(req) as Scope;
}

describe('RequestIdentity.end', () => {
  it('is published on the sessionscope:request-end channel', () => {
    expect(REQUEST_END_CHANNEL).toBe('sessionscope:request-end');
  });

  it('clears the scope once and publishes the identity it had, with the request', async () => {
    subscribe(REQUEST_END_CHANNEL, onMessage);
    const req: FakeRequest = { headers: { 'x-session-id': 's1' }, user: { id: 'u1' } };
    const scope = open(req);
    const pending = mount.run(scope, async () => {
      setUserSessionContext({ userId: 'u1-updated' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return getUserSessionContext();
    });
    // Response-end callbacks run outside the request's async context: end() gets the scope explicitly.
    await new Promise((resolve) => setImmediate(resolve));
    mount.end(scope, req);
    mount.end(scope, req);

    expect(messages).toHaveLength(1);
    expect(messages[0]?.request).toBe(req);
    expect(messages[0]?.userSession).toStrictEqual({ userId: 'u1-updated', sessionId: 's1' });
    expect(Object.isFrozen(messages[0]?.userSession)).toBe(true);
    expect(await pending).toStrictEqual({});
    expect(mount.run(scope, () => getUserSessionContext())).toStrictEqual({});
  });

  it('publishes a user that was still pending at the end', () => {
    subscribe(REQUEST_END_CHANNEL, onMessage);
    const req: FakeRequest = { headers: {} };
    const scope = open(req);
    req.user = { id: 'late' };
    mount.end(scope, req);
    expect(messages.map((message) => message.userSession)).toStrictEqual([{ userId: 'late' }]);
  });

  it('clears the scope without subscribers too, and stops a pending user lookup', () => {
    const req: FakeRequest = { headers: { 'x-session-id': 's1' } };
    const scope = open(req);
    mount.end(scope, req);
    req.user = { id: 'late' };
    expect(mount.run(scope, () => getUserSessionContext())).toStrictEqual({});
    expect(messages).toEqual([]);
  });

  it('leaves other requests alone', () => {
    subscribe(REQUEST_END_CHANNEL, onMessage);
    const first: FakeRequest = { headers: {}, user: { id: 'first' } };
    const second: FakeRequest = { headers: {}, user: { id: 'second' } };
    const firstScope = open(first);
    const secondScope = open(second);
    mount.end(firstScope, first);
    expect(mount.run(secondScope, () => getUserSessionContext())).toStrictEqual({ userId: 'second' });
    expect(messages.map((message) => message.request)).toEqual([first]);
  });
});
