import { createHash, createHmac } from 'node:crypto';
import {
  configure,
  resetConfiguration,
  runWithUserSession,
  trace,
  updateTraceUserSession,
} from '@sessionscope/core';
import type { ReceivedRequest } from '@sessionscope/fake-openai';
import { afterEach, describe, expect, it } from 'vitest';
import { useHarness } from './harness';

const harness = useHarness();

afterEach(() => resetConfiguration());

const sha256 = (id: string) => createHash('sha256').update(id).digest('hex');
const messages = [{ role: 'user' as const, content: 'hello' }];

/** The body the fake server received for the (one) request with this model. */
function received(model: string): ReceivedRequest['body'] {
  const found = harness.server.requests.filter((request) => request.body.model === model);
  if (found.length !== 1) throw new Error(`expected one request for ${model}, got ${found.length}`);
  return found[0]!.body;
}

describe('pass-on (injectEndUser)', () => {
  it('is off by default: nothing is added to the request', async () => {
    await runWithUserSession({ userId: 'alice' }, () =>
      harness.client().chat.completions.create({ model: 'pass-default', messages }),
    );
    expect(received('pass-default')).not.toHaveProperty('safety_identifier');
    expect(received('pass-default')).not.toHaveProperty('user');
  });

  it("sends the context user's SHA-256 as safety_identifier, leaving the caller's object as it was", async () => {
    const params = { model: 'pass-hashed', messages };
    const before = structuredClone(params);
    await runWithUserSession({ userId: 'alice' }, () =>
      harness.client({ injectEndUser: true }).chat.completions.create(params),
    );
    expect(received('pass-hashed').safety_identifier).toBe(sha256('alice'));
    expect(received('pass-hashed')).not.toHaveProperty('user');
    expect(params).toStrictEqual(before);
  });

  it('writes the configured field: user, or both', async () => {
    await runWithUserSession({ userId: 'alice' }, async () => {
      await harness.client({ injectEndUser: true, endUserField: 'user' }).chat.completions.create({
        model: 'pass-user-field',
        messages,
      });
      await harness.client({ injectEndUser: true, endUserField: 'both' }).responses.create({
        model: 'pass-both-fields',
        input: 'hi',
      });
    });
    expect(received('pass-user-field').user).toBe(sha256('alice'));
    expect(received('pass-user-field')).not.toHaveProperty('safety_identifier');
    expect(received('pass-both-fields')).toMatchObject({
      user: sha256('alice'),
      safety_identifier: sha256('alice'),
    });
  });

  it('never replaces an end user the request names itself', async () => {
    await runWithUserSession({ userId: 'alice' }, async () => {
      const openai = harness.client({ injectEndUser: true, endUserField: 'both' });
      await openai.chat.completions.create({ model: 'pass-own-user', messages, user: 'own-user' });
      await openai.chat.completions.create({
        model: 'pass-own-safety',
        messages,
        safety_identifier: 'own-safety',
      });
    });
    expect(received('pass-own-user')).toMatchObject({ user: 'own-user' });
    expect(received('pass-own-user')).not.toHaveProperty('safety_identifier');
    expect(received('pass-own-safety')).toMatchObject({ safety_identifier: 'own-safety' });
    expect(received('pass-own-safety')).not.toHaveProperty('user');
  });

  it('sends a pseudonymised context id as it is (hashUserId on): no second hash', async () => {
    configure({ hashUserId: true });
    await runWithUserSession({ userId: 'alice' }, () =>
      harness
        .client({ injectEndUser: true })
        .chat.completions.create({ model: 'pass-pseudonymised', messages }),
    );
    configure({ hashUserId: { secret: 'pepper' } });
    await runWithUserSession({ userId: 'alice' }, () =>
      harness.client({ injectEndUser: true }).chat.completions.create({ model: 'pass-hmac', messages }),
    );
    expect(received('pass-pseudonymised').safety_identifier).toBe(sha256('alice'));
    expect(received('pass-hmac').safety_identifier).toBe(
      createHmac('sha256', 'pepper').update('alice').digest('hex'),
    );
  });

  it('uses hashEndUserId, and sends nothing when it throws', async () => {
    await runWithUserSession({ userId: 'alice' }, async () => {
      await harness
        .client({ injectEndUser: true, hashEndUserId: (id) => `tenant-1:${sha256(id)}` })
        .responses.create({
          model: 'pass-custom-hash',
          input: 'hi',
          stream: true,
        });
      const throwing = harness.client({
        injectEndUser: true,
        hashEndUserId: () => {
          throw new Error('no hash');
        },
      });
      await throwing.chat.completions.create({ model: 'pass-hash-throws', messages });
    });
    expect(received('pass-custom-hash').safety_identifier).toBe(`tenant-1:${sha256('alice')}`);
    expect(received('pass-hash-throws')).not.toHaveProperty('safety_identifier');
  });

  it('sends nothing without a user in the context', async () => {
    await runWithUserSession({ sessionId: 's1' }, () =>
      harness.client({ injectEndUser: true }).chat.completions.create({ model: 'pass-no-user', messages }),
    );
    expect(received('pass-no-user')).not.toHaveProperty('safety_identifier');
  });

  it('passes on the user of each concurrent request, never another one', async () => {
    const openai = harness.client({ injectEndUser: true });
    const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    await Promise.all(
      users.map((userId) =>
        runWithUserSession({ userId }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          await openai.chat.completions.create({ model: `pass-concurrent-${userId}`, messages });
        }),
      ),
    );
    for (const userId of users) {
      expect(received(`pass-concurrent-${userId}`).safety_identifier).toBe(sha256(userId));
      expect(harness.tracing.onlySpan(`chat pass-concurrent-${userId}`).attributes['user.id']).toBe(userId);
    }
  });

  it('never lets a raw context user id reach the server, in any pass-on variant', async () => {
    const raw = 'raw-context-user';
    const override = 'raw-override-user';
    await runWithUserSession({ userId: raw }, async () => {
      await harness.client({ injectEndUser: true }).chat.completions.create({ model: 'raw-chat', messages });
      await harness
        .client({ injectEndUser: true, endUserField: 'both' })
        .responses.create({ model: 'raw-responses-stream', input: 'hi', stream: true });
      await trace(async () => {
        updateTraceUserSession({ userId: override });
        await harness
          .client({ injectEndUser: true })
          .chat.completions.create({ model: 'raw-override', messages });
      })();
    });
    configure({ hashUserId: { secret: 'pepper' } });
    await runWithUserSession({ userId: raw }, () =>
      harness.client({ injectEndUser: true }).chat.completions.create({ model: 'raw-hmac', messages }),
    );
    const bodies = harness.server.requests
      .map((request) => request.body)
      .filter((body) => String(body.model).startsWith('raw-'));
    expect(bodies).toHaveLength(4);
    for (const body of bodies) expect(body.safety_identifier).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify(bodies);
    expect(everything).not.toContain(raw);
    expect(everything).not.toContain(override);
  });
});

describe('pick-up', () => {
  it("puts the request's end user on the span when the context has no user", async () => {
    await runWithUserSession({ sessionId: 's1' }, () =>
      harness.client().chat.completions.create({ model: 'pick-basic', messages, user: 'request-user' }),
    );
    expect(harness.tracing.onlySpan('chat pick-basic').attributes).toMatchObject({
      'user.id': 'request-user',
      'session.id': 's1',
    });
    expect(received('pick-basic').user).toBe('request-user');
  });

  it('prefers safety_identifier to user', async () => {
    await harness.client().responses.create({
      model: 'pick-safety',
      input: 'hi',
      user: 'legacy',
      safety_identifier: 'safe',
    });
    expect(harness.tracing.onlySpan('chat pick-safety').attributes['user.id']).toBe('safe');
  });

  it('inside trace(), gives the picked-up user to the whole trace, root and later spans included', async () => {
    const openai = harness.client();
    const handle = trace(
      async () => {
        await openai.chat.completions.create({ model: 'pick-trace', messages, safety_identifier: 'picked' });
        harness.tracing.tracer.startSpan('after-llm').end();
      },
      { name: 'handle-turn' },
    );
    await runWithUserSession({ sessionId: 's2' }, handle);
    for (const name of ['handle-turn', 'chat pick-trace', 'after-llm']) {
      expect(harness.tracing.onlySpan(name).attributes, name).toMatchObject({
        'user.id': 'picked',
        'session.id': 's2',
      });
    }
  });

  it('loses to the request context and to updateTraceUserSession', async () => {
    const openai = harness.client();
    await runWithUserSession({ userId: 'context-user' }, () =>
      openai.chat.completions.create({ model: 'pick-loses-context', messages, user: 'request-user' }),
    );
    const overridden = trace(
      async () => {
        updateTraceUserSession({ userId: 'override-user' });
        await openai.chat.completions.create({
          model: 'pick-loses-override',
          messages,
          user: 'request-user',
        });
      },
      { name: 'overridden' },
    );
    await runWithUserSession({}, overridden);
    expect(harness.tracing.onlySpan('chat pick-loses-context').attributes['user.id']).toBe('context-user');
    expect(harness.tracing.onlySpan('chat pick-loses-override').attributes['user.id']).toBe('override-user');
    expect(harness.tracing.onlySpan('overridden').attributes['user.id']).toBe('override-user');
  });

  it('is hashed like any user id with hashUserId on', async () => {
    configure({ hashUserId: true });
    await harness.client().chat.completions.create({ model: 'pick-hashed', messages, user: 'request-user' });
    expect(harness.tracing.onlySpan('chat pick-hashed').attributes['user.id']).toBe(sha256('request-user'));
    expect(received('pick-hashed').user).toBe('request-user');
  });

  it('can be turned off', async () => {
    await harness.client({ pickUpEndUser: false }).chat.completions.create({
      model: 'pick-off',
      messages,
      user: 'x',
    });
    expect(harness.tracing.onlySpan('chat pick-off').attributes['user.id']).toBeUndefined();
  });
});
