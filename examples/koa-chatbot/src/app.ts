import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import {
  type ChatService,
  chatEvents,
  chatTurn,
  createChatService,
  formatSseEvents,
  listen,
  publicError,
  type RunningServer,
  readQuestion,
  SSE_HEADERS,
  type StartOptions,
} from '@sessionscope/example-shared';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa, { type Context, type Middleware } from 'koa';
import { bearerAuth, type ChatState } from './auth';

/** `?session=` of the stream route: browsers' EventSource cannot send an `x-session-id` header. */
function sessionFromQuery(ctx: Context): string | undefined {
  return typeof ctx.query.session === 'string' ? ctx.query.session : undefined;
}

/** Turns errors from downstream into JSON responses; mounted after sessionMiddleware, it sees the identity. */
const sendError: Middleware<ChatState> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const { status, message } = publicError(error);
    ctx.status = status;
    ctx.body = { error: message };
  }
};

/**
 * The Koa chat API: `POST /chat` (JSON) and `GET /chat/stream` (server-sent events), every trace
 * attributed to the signed-in user and the conversation's session.
 *
 * @example
 * ```ts
 * const app = createApp();
 * app.listen(3000);
 * ```
 */
export function createApp(chat: ChatService = createChatService()): Koa<ChatState> {
  const app = new Koa<ChatState>();
  const router = new Router<ChatState>();

  router.post('/chat', async (ctx) => {
    const { status, body } = await chatTurn(chat, ctx.state.user, ctx.request.body);
    ctx.status = status;
    ctx.body = body;
  });

  // Per-route override: on this route the session may also come from `?session=`.
  router.get('/chat/stream', sessionMiddleware({ getSessionId: sessionFromQuery }), (ctx) => {
    const question = readQuestion(ctx.query.message);
    if (question === undefined) {
      ctx.status = 400;
      ctx.body = { error: 'message must be a non-empty string' };
      return;
    }
    ctx.set(SSE_HEADERS);
    // Koa sends the stream after this handler returns and destroys it if the client leaves,
    // which stops the generator and ends the trace.
    ctx.body = Readable.from(formatSseEvents(chatEvents(chat, question)));
  });

  app.use(bodyParser());
  app.use(bearerAuth);
  // Every request runs with its user (from ctx.state.user.id) and session (x-session-id, or a new
  // one that is sent back in the x-session-id response header so the client can resume it).
  app.use(sessionMiddleware({ generateSessionId: true }));
  app.use(sendError);
  app.use(router.routes());
  app.use(router.allowedMethods());
  // Koa reports stream errors here; a client leaving in the middle of a stream is not worth a log line.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(error);
  });
  return app;
}

/**
 * Starts the Koa example on `options.port` (default: an ephemeral port) of 127.0.0.1,
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
  return listen(createServer(createApp(options.chat).callback()), options);
}
