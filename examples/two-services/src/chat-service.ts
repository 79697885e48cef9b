/**
 * The chat service (Hono): looks up context in a retrieval service, asks an LLM provider, and
 * answers. It is reached through the gateway (`/internal/*`) and directly by clients (`/public/*`).
 *
 * Start it with `node --import tsx --import ./src/telemetry.ts src/chat-service.ts` and the
 * environment `LLM_URL`, `RETRIEVAL_URL` (and `PORT`, `OTEL_SERVICE_NAME`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { configure, getUserSessionContext, trace } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/hono';
import { type Context, Hono } from 'hono';
import { postJsonWithHttp } from './http-json';
import { requiredEnv, runService } from './lifecycle';

const LLM_URL = requiredEnv('LLM_URL');
const RETRIEVAL_URL = requiredEnv('RETRIEVAL_URL');

configure({
  baggage: {
    // Sessions from incoming baggage; user ids never by default: any client can send a baggage header.
    read: true,
    // The session (not the user) goes on to the retrieval service; nothing goes to the LLM provider.
    write: { keys: ['sessionId'], propagateTo: [new URL(RETRIEVAL_URL).origin] },
  },
});

const retrieve = trace(async function retrieve(query: string): Promise<string[]> {
  const { documents } = (await postJsonWithHttp(`${RETRIEVAL_URL}/v1/search`, { query })) as {
    documents: string[];
  };
  return documents;
});

const complete = trace(async function complete(prompt: string): Promise<string> {
  const { text } = (await postJsonWithHttp(`${LLM_URL}/v1/completions`, { prompt })) as { text: string };
  return text;
});

const reply = trace(async function reply(message: string) {
  const documents = await retrieve(message);
  const text = await complete(`${documents.join('\n')}\n\n${message}`);
  return { reply: text, userSession: getUserSessionContext() };
});

async function handleReply(c: Context) {
  const { message } = (await c.req.json()) as { message?: unknown };
  return c.json(await reply(String(message ?? '')));
}

const app = new Hono();
app.use(sessionMiddleware());
// Only the gateway can reach /internal (a network policy, not this code). It authenticated the user,
// so its user ids are trusted here, and only here.
app.use('/internal/*', sessionMiddleware({ baggage: { read: { userId: true } } }));
app.post('/internal/reply', handleReply);
app.post('/public/reply', handleReply);

runService(serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }) as Server);
