import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { chatCompletions } from './chat-completions';
import { echoModel, type FakeModel } from './model';
import { responses } from './responses';
import { requestedErrorStatus, scenarioModel } from './scenarios';
import {
  type AnswerEncoder,
  lastUserText,
  type RequestBody,
  type ScriptedReply,
  type WireApi,
} from './wire-api';

/** One request as the fake server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: RequestBody;
}

/** A running fake server. */
export interface FakeOpenAIServer {
  /** The base URL to give the client, e.g. `http://127.0.0.1:40123/v1`. */
  readonly baseURL: string;
  /** Every request received so far, oldest first. */
  readonly requests: ReceivedRequest[];
  /** Streams that ended because the client went away before the last event. */
  readonly abandonedStreams: number;
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** What answers the requests. Default {@link echoModel}. */
  model?: FakeModel;
}

/** The defaults of {@link FakeOpenAIServerOptions}. */
export const DEFAULT_FAKE_OPENAI_SERVER_OPTIONS = {
  model: echoModel,
} as const satisfies Required<FakeOpenAIServerOptions>;

const ROUTES: Readonly<Record<string, WireApi>> = {
  '/chat/completions': chatCompletions,
  '/responses': responses,
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_fake' });
  res.end(JSON.stringify(body));
}

/**
 * An OpenAI error body. The fake's failures are deterministic, so `x-should-retry: false` tells the
 * SDK that a retry would fail the same way.
 */
function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': 'req_fake',
    'x-should-retry': 'false',
  });
  res.end(JSON.stringify({ error: { message, type: code, param: null, code } }));
}

/** A model failure as an error response: the error's own HTTP status if it has one, else 500. */
function sendModelError(res: ServerResponse, error: unknown): void {
  const { status, message } = (error ?? {}) as { status?: unknown; message?: unknown };
  const httpStatus = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
  sendError(res, httpStatus, typeof message === 'string' ? message : 'model failure', 'server_error');
}

/** Writes server-sent events one per turn of the event loop; `false` when the client went away first. */
async function writeEvents(res: ServerResponse, events: readonly string[]): Promise<boolean> {
  for (const event of events) {
    if (res.destroyed || res.writableEnded) return false;
    res.write(event);
    await nextTurn();
  }
  return !res.destroyed;
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

/** Sends a scripted reply; `false` when a stream's client went away first. */
async function sendScripted(res: ServerResponse, reply: ScriptedReply): Promise<boolean> {
  if ('json' in reply) {
    sendJson(res, 200, reply.json);
    return true;
  }
  startSse(res);
  const delivered = await writeEvents(res, reply.events);
  if (delivered) res.end();
  return delivered;
}

/**
 * Answers one request with `model`, whole or streamed; `false` when a stream's client went away
 * before the last event (the model is then stopped).
 */
async function sendAnswer(
  res: ServerResponse,
  encoder: AnswerEncoder,
  model: FakeModel,
  prompt: string,
  stream: boolean,
): Promise<boolean> {
  const pieces = model.stream(prompt)[Symbol.asyncIterator]();
  const answerOf = (text: string) => ({
    text,
    inputTokens: model.countTokens(prompt),
    outputTokens: model.countTokens(text),
  });
  let next: IteratorResult<string>;
  try {
    next = await pieces.next();
  } catch (error) {
    sendModelError(res, error);
    return true;
  }
  let text = '';
  if (!stream) {
    try {
      while (!next.done) {
        text += next.value;
        next = await pieces.next();
      }
    } catch (error) {
      sendModelError(res, error);
      return true;
    }
    sendJson(res, 200, encoder.body(answerOf(text)));
    return true;
  }
  startSse(res);
  let delivered = await writeEvents(res, encoder.start());
  try {
    while (delivered && !next.done) {
      text += next.value;
      delivered = await writeEvents(res, [encoder.piece(next.value)]);
      if (delivered) next = await pieces.next();
    }
  } catch (error) {
    delivered = await writeEvents(res, [encoder.failure((error as Error).message)]);
    if (delivered) res.end();
    return delivered;
  }
  if (!delivered) {
    await pieces.return?.();
    return false;
  }
  delivered = await writeEvents(res, encoder.end(answerOf(text)));
  if (delivered) res.end();
  return delivered;
}

async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/**
 * Starts a server speaking the OpenAI wire format on 127.0.0.1 with a free port: `POST
 * /v1/chat/completions` and `POST /v1/responses` (also under Azure's `/deployments/<name>`), each
 * as JSON or, with `stream: true`, as server-sent events. `options.model` writes the answers to
 * the last user message; some request model names select a scenario instead (see `SCENARIO_MODELS`).
 *
 * @example
 * ```ts
 * const server = await startFakeOpenAIServer();
 * const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
 * await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
 * server.requests[0]?.body.messages; // [{ role: 'user', content: 'hi' }]
 * await server.close();
 * ```
 */
export async function startFakeOpenAIServer(
  options: FakeOpenAIServerOptions = {},
): Promise<FakeOpenAIServer> {
  const model = options.model ?? DEFAULT_FAKE_OPENAI_SERVER_OPTIONS.model;
  const requests: ReceivedRequest[] = [];
  let abandonedStreams = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    // Azure puts the deployment in the path and the API version in the query.
    const route = new URL(path, 'http://fake').pathname.replace(/^\/v1(\/deployments\/[^/]+)?/, '');
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const api = req.method === 'POST' ? ROUTES[route] : undefined;
    if (api === undefined) return sendError(res, 404, `no route ${path}`, 'not_found');
    const errorStatus = requestedErrorStatus(body.model);
    if (errorStatus !== undefined)
      return sendError(res, errorStatus, `fake failure ${errorStatus}`, `fake_${errorStatus}`);
    const scripted = api.scripted?.(body);
    const delivered =
      scripted === undefined
        ? await sendAnswer(
            res,
            api.encoder(body),
            scenarioModel(body.model, model),
            lastUserText(body),
            body.stream === true,
          )
        : await sendScripted(res, scripted);
    if (!delivered) abandonedStreams++;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'fake server failure', 'server_error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get abandonedStreams() {
      return abandonedStreams;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
