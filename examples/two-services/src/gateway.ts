/**
 * The gateway (Express): authenticates the user, keeps the conversation (session) id, has the
 * message checked by a third-party moderation API, and asks the chat service for the reply.
 *
 * Start it with `node --import tsx --import ./src/telemetry.ts src/gateway.ts` and the environment
 * `CHAT_URL`, `MODERATION_URL` (and `PORT`, `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
 */
import { configure, getUserSessionContext, trace } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { postJsonWithFetch } from './http-json';
import { requiredEnv, runService } from './lifecycle';

const CHAT_URL = requiredEnv('CHAT_URL');
const MODERATION_URL = requiredEnv('MODERATION_URL');

// The identity goes to the chat service and to no one else: not to the moderation API.
configure({ baggage: { write: { propagateTo: [new URL(CHAT_URL).origin] } } });

/** Demo accounts: bearer token → user id. */
const USERS_BY_TOKEN: ReadonlyMap<string, string> = new Map([
  ['alice-token', 'alice'],
  ['bob-token', 'bob'],
]);

/** Stand-in for real authentication: sets `req.user` (where passport puts it) from a bearer token. */
function authenticate(req: Request, _res: Response, next: NextFunction): void {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const userId = token === undefined ? undefined : USERS_BY_TOKEN.get(token);
  if (userId !== undefined) (req as Request & { user?: { id: string } }).user = { id: userId };
  next();
}

const moderate = trace(async function moderate(message: string): Promise<boolean> {
  const verdict = (await postJsonWithFetch(`${MODERATION_URL}/v1/moderations`, { input: message })) as {
    flagged: boolean;
  };
  return verdict.flagged;
});

const askChatService = trace(async function askChatService(message: string): Promise<unknown> {
  return postJsonWithFetch(`${CHAT_URL}/internal/reply`, { message });
});

const app = express();
app.use(express.json());
app.use(authenticate);
app.use(sessionMiddleware({ generateSessionId: true }));

app.post('/chat', async (req, res) => {
  const message = String(req.body?.message ?? '');
  if (await moderate(message)) {
    res.status(422).json({ error: 'message flagged by moderation' });
    return;
  }
  const chat = await askChatService(message);
  res.json({ gateway: getUserSessionContext(), chat });
});

runService(app.listen(Number(process.env.PORT ?? 0), '127.0.0.1'));
