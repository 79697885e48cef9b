import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import {
  type ChatService,
  chatEvents,
  chatTurn,
  createChatService,
  listen,
  publicError,
  type RunningServer,
  readQuestion,
  type StartOptions,
} from '@sessionscope/example-shared';
import { sessionMiddleware } from '@sessionscope/hono';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bearerAuth, type ChatEnv } from './auth';

/** `?session=` of the stream route: browsers' EventSource cannot send an `x-session-id` header. */
function sessionFromQuery(c: Context): string | undefined {
  return c.req.query('session');
}

/** The JSON body, or `undefined` when it is not JSON (the turn then answers 400). */
async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/**
 * The Hono chat API: `POST /chat` (JSON) and `GET /chat/stream` (server-sent events with
 * `streamSSE`), every trace attributed to the signed-in user and the conversation's session.
 *
 * @example
 * ```ts
 * import { serve } from '@hono/node-server';
 * serve({ fetch: createApp().fetch, port: 3000 });
 * ```
 */
export function createApp(chat: ChatService = createChatService()): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  app.use(bearerAuth);
  // Every request runs with its user (from c.get('user').id) and session (x-session-id, or a new
  // one that is sent back in the x-session-id response header so the client can resume it).
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.post('/chat', async (c) => {
    const { status, body } = await chatTurn(chat, c.get('user'), await jsonBody(c));
    return c.json(body, status);
  });

  // Per-route override: on this route the session may also come from `?session=`.
  app.get('/chat/stream', sessionMiddleware({ getSessionId: sessionFromQuery }), (c) => {
    const question = readQuestion(c.req.query('message'));
    if (question === undefined) return c.json({ error: 'message must be a non-empty string' }, 400);
    return streamSSE(c, async (stream) => {
      for await (const event of chatEvents(chat, question)) {
        if (stream.aborted) break; // the client left: stop generating, which ends the trace
        await stream.writeSSE(event);
      }
    });
  });

  // Reached by errors thrown in handlers; it sees the request's identity too.
  app.onError((error, c) => {
    const { status, message } = publicError(error);
    return c.json({ error: message }, status as ContentfulStatusCode);
  });
  return app;
}

/**
 * Starts the Hono example (on `@hono/node-server`) on `options.port` (default: an ephemeral port) of 127.0.0.1,
 * serving `options.chat` (default: `createChatService()`).
 *
 * @example
 * ```ts
 * const server = await startServer();
 * await fetch(`${server.url}/chat`, { method: 'POST', headers: { authorization: 'Bearer token-alice' } });
 * await server.close();
 * ```
 */
export function startServer(options: StartOptions = {}): Promise<RunningServer> {
  return listen(createAdaptorServer({ fetch: createApp(options.chat).fetch }) as Server, options);
}
