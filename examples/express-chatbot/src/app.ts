import { createServer } from 'node:http';
import {
  type ChatService,
  chatEvents,
  chatTurn,
  createChatService,
  formatSseEvent,
  listen,
  publicError,
  type RunningServer,
  readQuestion,
  SSE_HEADERS,
  type StartOptions,
} from '@sessionscope/example-shared';
import { sessionMiddleware } from '@sessionscope/express';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { accountOf, bearerAuth } from './auth';

/** `?session=` of the stream route: browsers' EventSource cannot send an `x-session-id` header. */
function sessionFromQuery(req: Request): string | undefined {
  return typeof req.query.session === 'string' ? req.query.session : undefined;
}

/** Reached by errors thrown (or rejected) in handlers; it sees the request's identity too. */
const sendError: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const { status, message } = publicError(error);
  res.status(status).json({ error: message });
};

/**
 * The Express chat API: `POST /chat` (JSON) and `GET /chat/stream` (server-sent events), every trace
 * attributed to the signed-in user and the conversation's session.
 *
 * @example
 * ```ts
 * const app = createApp();
 * app.listen(3000);
 * ```
 */
export function createApp(chat: ChatService = createChatService()): Express {
  const app = express();
  app.use(express.json());
  app.use(bearerAuth);
  // Every request runs with its user (from req.user.id) and session (x-session-id, or a new one
  // that is sent back in the x-session-id response header so the client can resume it).
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.post('/chat', async (req, res) => {
    const { status, body } = await chatTurn(chat, accountOf(req), req.body);
    res.status(status).json(body);
  });

  // Per-route override: on this route the session may also come from `?session=`.
  app.get('/chat/stream', sessionMiddleware({ getSessionId: sessionFromQuery }), async (req, res) => {
    const question = readQuestion(req.query.message);
    if (question === undefined) {
      res.status(400).json({ error: 'message must be a non-empty string' });
      return;
    }
    res.writeHead(200, SSE_HEADERS);
    for await (const event of chatEvents(chat, question)) {
      if (res.destroyed) break; // the client left: stop generating, which ends the trace
      res.write(formatSseEvent(event));
    }
    res.end();
  });

  app.use(sendError);
  return app;
}

/**
 * Starts the Express example on `options.port` (default: an ephemeral port) of 127.0.0.1,
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
  return listen(createServer(createApp(options.chat)), options);
}
