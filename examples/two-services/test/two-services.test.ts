import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedSpan } from '../src/stack/otlp-receiver';
import { headerValues, type RecordedRequest, type Recorder } from '../src/stack/recorder';
import { type Stack, startStack } from '../src/stack/stack';

/** A request of the test, in a trace of its own (so its spans and upstream calls can be told apart). */
interface Sent {
  readonly traceId: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

let stack: Stack;
let asAlice: Sent;
let anonymous: Sent;
let directToChat: Sent;
let malformedBaggage: Sent;

async function send(
  url: string,
  headers: Record<string, string>,
  message = 'When are you open?',
): Promise<Sent> {
  const traceId = randomBytes(16).toString('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...headers,
    },
    body: JSON.stringify({ message }),
  });
  return { traceId, status: response.status, headers: response.headers, body: await response.json() };
}

function spansOf(sent: Sent): ExportedSpan[] {
  return stack.spans.filter((span) => span.traceId === sent.traceId);
}

function requestsOf(recorder: Recorder, sent: Sent): RecordedRequest[] {
  return recorder.requests.filter((request) =>
    headerValues(request, 'traceparent').some((value) => value.includes(sent.traceId)),
  );
}

/** Service, kind and name of each span, sorted, to compare traces by shape. */
function shapeOf(spans: readonly ExportedSpan[]): string[] {
  return spans.map((span) => `${span.service} ${span.kind} ${span.name}`).sort();
}

function identityOn(span: ExportedSpan) {
  return { userId: span.attributes['user.id'], sessionId: span.attributes['session.id'] };
}

beforeAll(async () => {
  stack = await startStack();
  const hostileBaggage = 'user.id=mallory,session.id=forged';
  asAlice = await send(`${stack.gateway.url}/chat`, {
    authorization: 'Bearer alice-token',
    'x-session-id': 'conversation-a',
    baggage: hostileBaggage,
  });
  anonymous = await send(`${stack.gateway.url}/chat`, { baggage: hostileBaggage });
  directToChat = await send(`${stack.chat.url}/public/reply`, {
    baggage: 'session.id=conversation-c,user.id=mallory',
  });
  malformedBaggage = await send(`${stack.chat.url}/public/reply`, {
    baggage: 'session.id=%E0%A4%A,;=,user.id',
  });
  // Each service exports its remaining spans before it exits.
  await stack.stopServices();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('a session across the gateway and the chat service', () => {
  it('answers with the same identity on both sides', () => {
    expect(asAlice.status).toBe(200);
    expect(asAlice.body.gateway).toEqual({ userId: 'alice', sessionId: 'conversation-a' });
    expect(asAlice.body.chat.userSession).toEqual({ userId: 'alice', sessionId: 'conversation-a' });
  });

  it('puts the right identity on every span of both services in the trace', () => {
    const spans = spansOf(asAlice);
    expect(shapeOf(spans)).toEqual([
      'chat-service client POST',
      'chat-service client POST',
      'chat-service internal complete',
      'chat-service internal reply',
      'chat-service internal retrieve',
      'chat-service server POST',
      'gateway client POST',
      'gateway client POST',
      'gateway internal askChatService',
      'gateway internal moderate',
      'gateway server POST',
    ]);
    for (const span of spans) {
      expect(identityOn(span), `${span.service} ${span.name}`).toEqual({
        userId: 'alice',
        sessionId: 'conversation-a',
      });
    }
  });

  it('sends no identity to hosts not on the allowlist, though trace context goes there', () => {
    const thirdParty = [...requestsOf(stack.moderation, asAlice), ...requestsOf(stack.llm, asAlice)];
    expect(thirdParty).toHaveLength(2);
    for (const request of thirdParty) {
      const baggage = headerValues(request, 'baggage').join(',');
      expect(baggage).not.toMatch(/user\.id|session\.id|alice|conversation-a|mallory|forged/);
    }
  });

  it('sends only the configured keys to an allowed host', () => {
    const [toRetrieval] = requestsOf(stack.retrieval, asAlice);
    expect(toRetrieval && headerValues(toRetrieval, 'baggage')).toEqual(['session.id=conversation-a']);
  });

  it('never forwards identity a client put in its own baggage header', () => {
    expect(anonymous.status).toBe(200);
    const generated = anonymous.headers.get('x-session-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(anonymous.body.chat.userSession).toEqual({ sessionId: generated });
    const spans = spansOf(anonymous);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'chat-service']));
    for (const span of spans) expect(identityOn(span)).toEqual({ userId: undefined, sessionId: generated });
  });
});

describe('a client calling the chat service directly', () => {
  it('has its session taken from baggage and its user id ignored', () => {
    expect(directToChat.status).toBe(200);
    expect(directToChat.body.userSession).toEqual({ sessionId: 'conversation-c' });
    const spans = spansOf(directToChat);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(span.service).toBe('chat-service');
      expect(identityOn(span)).toEqual({ userId: undefined, sessionId: 'conversation-c' });
    }
  });

  it('is served normally when its baggage header is malformed, with no identity from it', () => {
    expect(malformedBaggage.status).toBe(200);
    expect(malformedBaggage.body.userSession).toEqual({});
    const spans = spansOf(malformedBaggage);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect(identityOn(span)).toEqual({});
  });
});
