import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_ATTRIBUTES, CHAT_SPANS, createChatService } from '../chat';
import { ChatClient } from '../client';
import { ERROR_TRIGGER, FAKE_MODEL } from '../fake-llm';
import { type LlmKind, type RunningLlm, startLlm } from '../llm-setup';
import type { RunningServer, StartServer } from '../server';
import { identityOf, rootOf, traceOfQuestion } from '../spans';
import { pseudonymizeUserId, setupTelemetry, type Telemetry } from '../telemetry';

/** The fake model without its artificial latency (a timer turn per chunk remains), to keep tests quick. */
const FAST_MODEL = { firstTokenDelayMs: 1, tokenDelayMs: 0 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** No OTLP variables and the default hash secret, whatever the machine's environment says. */
const TEST_ENV: NodeJS.ProcessEnv = {};
const ALICE = pseudonymizeUserId('alice@example.com', TEST_ENV);
const BOB = pseudonymizeUserId('bob@example.com', TEST_ENV);
const SUPPORT = pseudonymizeUserId('support@example.com', TEST_ENV);
/** The span of a call of the instrumented `openai` client (`LLM=openai`). */
const OPENAI_CALL_SPAN = `chat ${FAKE_MODEL}`;

/** Options of {@link describeChatbotExample}. */
export interface SmokeSuiteOptions {
  /** The model the example talks to (see `startLlm`). Default `'fake'`, the in-process fake. */
  llm?: LlmKind;
}

/**
 * The smoke test every chatbot example passes, against the real app on a loopback port and the real
 * OpenTelemetry SDK: each request's trace carries the right user and session on every span. With
 * `{ llm: 'openai' }` the chat calls the instrumented `openai` client against the loopback fake
 * OpenAI server, and the suite also checks its GenAI spans and the end user it passes on.
 *
 * @example
 * ```ts
 * // examples/express-chatbot/test/smoke.test.ts
 * import { describeChatbotExample } from '@sessionscope/example-shared/testing';
 * import { startServer } from '../src/app';
 *
 * describeChatbotExample('express-chatbot', startServer);
 * describeChatbotExample('express-chatbot', startServer, { llm: 'openai' });
 * ```
 */
export function describeChatbotExample(
  serviceName: string,
  startServer: StartServer,
  options: SmokeSuiteOptions = {},
): void {
  const viaOpenAI = options.llm === 'openai';
  describe(`${serviceName} example${viaOpenAI ? ', LLM=openai' : ''}`, () => {
    let telemetry: Telemetry;
    let llm: RunningLlm;
    let server: RunningServer;
    const client = (token: string | undefined) => new ChatClient(server.url, token);

    beforeAll(async () => {
      telemetry = setupTelemetry({ serviceName, env: TEST_ENV });
      llm = await startLlm({ llm: options.llm, fakeLatency: FAST_MODEL });
      server = await startServer({ chat: createChatService(llm.client) });
    });
    afterAll(async () => {
      await server?.close();
      await llm?.close();
      await telemetry?.shutdown();
    });

    /** The spans of the trace that asked `question`, each checked to carry `userId` and `sessionId`. */
    async function expectTrace(question: string, userId: string, sessionId: string | undefined) {
      await telemetry.forceFlush();
      const spans = traceOfQuestion(telemetry.collector!.getFinishedSpans(), question);
      expect(spans, `one trace asked "${question}"`).toBeDefined();
      for (const span of spans!) {
        expect({ span: span.name, ...identityOf(span) }).toEqual({ span: span.name, userId, sessionId });
      }
      return spans!;
    }
    const names = (spans: readonly ReadableSpan[]) => spans.map((span) => span.name).sort();

    it('answers POST /chat in a new session, handed out in x-session-id, on every span of the trace', async () => {
      const question = 'What is a session?';
      const reply = await client('token-alice').chat(question);
      expect(reply.status).toBe(200);
      expect(reply.body.answer).toContain(question);
      expect(reply.sessionId).toMatch(UUID);
      const spans = await expectTrace(question, ALICE, reply.sessionId);
      const steps = [CHAT_SPANS.answer, CHAT_SPANS.completion, CHAT_SPANS.prompt, CHAT_SPANS.retrieve];
      expect(names(spans)).toEqual((viaOpenAI ? [...steps, OPENAI_CALL_SPAN] : steps).sort());
    });

    it('resumes a session sent back in x-session-id, and starts another one without it', async () => {
      const first = await client('token-bob').chat('Where does the user id come from?');
      const [resumed, fresh] = await Promise.all([
        client('token-bob').chat('How do I resume a session?', { sessionId: first.sessionId }),
        client('token-bob').chat('Can user ids be hashed?'),
      ]);
      expect(resumed.status).toBe(200);
      expect(fresh.sessionId).toMatch(UUID);
      expect(fresh.sessionId).not.toBe(first.sessionId);
      await expectTrace('How do I resume a session?', BOB, first.sessionId);
      await expectTrace('Can user ids be hashed?', BOB, fresh.sessionId);
    });

    it('streams an answer as server-sent events; spans of the stream carry the ?session= of the route override', async () => {
      const question = 'Do streamed answers keep the session?';
      const reply = await client('token-alice').stream(question, { sessionId: 'conversation-42' });
      expect(reply.status).toBe(200);
      expect(reply.error).toBeUndefined();
      expect(reply.chunks.length).toBeGreaterThan(2);
      expect(reply.chunks.join('')).toContain(question);
      const spans = await expectTrace(question, ALICE, 'conversation-42');
      const completion = spans.find((span) => span.name === CHAT_SPANS.completion)!;
      expect(completion.attributes[CHAT_ATTRIBUTES.streamedChunks]).toBe(reply.chunks.length);
    });

    it('turns a model error into a 502; the failed spans still carry the identity', async () => {
      const question = `Please ${ERROR_TRIGGER} now`;
      const first = await client('token-alice').chat('hello there');
      const reply = await client('token-alice').chat(question, { sessionId: first.sessionId });
      expect(reply.status).toBe(502);
      expect(reply.body.error).toBe('the model failed to answer, please retry');
      const spans = await expectTrace(question, ALICE, first.sessionId);
      expect(rootOf(spans)!.status.code).toBe(SpanStatusCode.ERROR);
    });

    it('attributes an admin acting for a user to that user for that trace only', async () => {
      const session = await client('token-bob').chat('Which backends can show my traces?');
      const question = 'Why did my answer stop?';
      const reply = await client('token-support').chat(question, {
        sessionId: session.sessionId,
        actAs: 'bob@example.com',
      });
      expect(reply.status).toBe(200);
      const spans = await expectTrace(question, BOB, session.sessionId);
      expect(rootOf(spans)!.attributes[CHAT_ATTRIBUTES.impersonatedBy]).toBe(SUPPORT);

      const next = await client('token-support').chat('And what is my own role?', {
        sessionId: session.sessionId,
      });
      expect(next.status).toBe(200);
      await expectTrace('And what is my own role?', SUPPORT, session.sessionId);
    });

    if (viaOpenAI) {
      /** The bodies the fake OpenAI server received for `question`. */
      const sentFor = (question: string) =>
        llm.fakeServer!.requests.filter((request) =>
          JSON.stringify(request.body.messages).includes(question),
        );

      it('LLM=openai: each model call is a GenAI span of the completion step; the provider gets the pseudonymised user', async () => {
        const question = 'Which user does the model provider see?';
        const reply = await client('token-alice').chat(question);
        expect(reply.status).toBe(200);
        const spans = await expectTrace(question, ALICE, reply.sessionId);
        const completion = spans.find((span) => span.name === CHAT_SPANS.completion)!;
        const call = spans.find((span) => span.name === OPENAI_CALL_SPAN)!;
        expect(call.parentSpanContext?.spanId).toBe(completion.spanContext().spanId);
        expect(call.attributes).toMatchObject({
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': FAKE_MODEL,
          'gen_ai.usage.output_tokens': completion.attributes[CHAT_ATTRIBUTES.outputTokens],
        });
        // The id on the spans (HMAC of the e-mail address) is what the provider receives: never the address.
        expect(ALICE).toMatch(/^[0-9a-f]{64}$/);
        expect(sentFor(question).map((request) => request.body.safety_identifier)).toEqual([ALICE]);
      });

      it('LLM=openai: a streamed answer and an answer on behalf of a user pass on the user of their trace', async () => {
        const streamed = 'Does the provider see who streams?';
        const stream = await client('token-bob').stream(streamed);
        expect(stream.error).toBeUndefined();
        const spans = await expectTrace(streamed, BOB, stream.sessionId);
        expect(spans.find((span) => span.name === OPENAI_CALL_SPAN)?.attributes).toMatchObject({
          'gen_ai.usage.output_tokens': stream.chunks.length,
        });
        const onBehalf = 'Who asked the provider on my behalf?';
        const reply = await client('token-support').chat(onBehalf, { actAs: 'bob@example.com' });
        expect(reply.status).toBe(200);
        await expectTrace(onBehalf, BOB, reply.sessionId);
        expect([streamed, onBehalf].flatMap((question) => sentFor(question))).toMatchObject([
          { body: { stream: true, safety_identifier: BOB } },
          { body: { safety_identifier: BOB } },
        ]);
      });
    }

    it('refuses bad requests with the right status and no trace', async () => {
      const before = telemetry.collector!.getFinishedSpans().length;
      expect((await client(undefined).chat('hi')).status).toBe(401);
      expect((await client('token-nobody').chat('hi')).status).toBe(401);
      expect((await client('token-alice').chat('')).status).toBe(400);
      expect((await client('token-alice').chat('hi', { actAs: 'bob@example.com' })).status).toBe(403);
      expect((await client('token-alice').stream('')).status).toBe(400);
      await telemetry.forceFlush();
      expect(telemetry.collector!.getFinishedSpans().length).toBe(before);
    });
  });
}
