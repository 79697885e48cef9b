import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, any>;
}

/** A loopback HTTP server speaking the OpenAI wire format, started by a test. */
export interface FakeOpenAIServer {
  /** The base URL to give the client, e.g. `http://127.0.0.1:40123/v1`. */
  readonly baseURL: string;
  /** Every request received so far, oldest first. */
  readonly requests: ReceivedRequest[];
  /** Streams that ended because the client went away before the last event. */
  readonly abandonedStreams: number;
  close(): Promise<void>;
}

/**
 * The model name of a request selects the behaviour, so concurrent tests never interfere:
 * - `error-<status>`: an OpenAI error body with that HTTP status;
 * - `stream-error`: streams one event, then an error event;
 * - `long-stream`: streams {@link LONG_STREAM_EVENTS} content events (for early-break tests);
 * - `tool-call` (Chat Completions): answers with a call of `get_weather` ({@link FAKE_TOOL_ARGUMENTS});
 * - anything else: a normal answer that echoes the last user message.
 */
export const LONG_STREAM_EVENTS = 200;

/** The answer the fake model gives. */
export function fakeAnswer(prompt: string): string {
  return `You said: ${prompt}`;
}

/** The model name the fake server reports for a requested model. */
export function fakeResponseModel(requested: string): string {
  return `${requested}-2025-01-01`;
}

/** Token counts are words, so tests can compute them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const CREATED = 1_700_000_000;

/** The arguments of the fake model's tool call. */
export const FAKE_TOOL_ARGUMENTS = { city: 'Paris', unit: 'celsius' };
const TOOL_CALL = { id: 'call_fake', type: 'function', function: { name: 'get_weather' } };

function lastUserText(body: Record<string, any>): string {
  if (typeof body.input === 'string') return body.input;
  const messages: any[] = Array.isArray(body.messages) ? body.messages : (body.input ?? []);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) return message.content.map((part: any) => part.text ?? '').join('');
  }
  return '';
}

function answerChunks(model: string, answer: string): string[] {
  const words = answer.split(' ');
  const count = model === 'long-stream' ? LONG_STREAM_EVENTS : words.length;
  return Array.from({ length: count }, (_, i) => (i === 0 ? '' : ' ') + (words[i % words.length] ?? ''));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_fake' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number): void {
  sendJson(res, status, {
    error: { message: `fake failure ${status}`, type: 'fake_error', param: null, code: `fake_${status}` },
  });
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

/** Writes SSE events one per tick; resolves `false` when the client went away first. */
async function writeEvents(res: ServerResponse, events: string[]): Promise<boolean> {
  for (const event of events) {
    if (res.destroyed || res.writableEnded) return false;
    res.write(event);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (res.destroyed) return false;
  res.end();
  return true;
}

function chatUsage(prompt: string, answer: string) {
  const prompt_tokens = wordCount(prompt);
  const completion_tokens = wordCount(answer);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function chatCompletion(body: Record<string, any>) {
  const prompt = lastUserText(body);
  const answer = fakeAnswer(prompt);
  const toolCall = body.model === 'tool-call';
  const message = toolCall
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            ...TOOL_CALL,
            function: { ...TOOL_CALL.function, arguments: JSON.stringify(FAKE_TOOL_ARGUMENTS) },
          },
        ],
      }
    : { role: 'assistant', content: answer, refusal: null };
  const choices = Array.from({ length: body.n ?? 1 }, (_, index) => ({
    index,
    message,
    logprobs: null,
    finish_reason: toolCall ? 'tool_calls' : 'stop',
  }));
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: CREATED,
    model: fakeResponseModel(body.model),
    choices,
    usage: chatUsage(prompt, answer),
    system_fingerprint: 'fp_fake',
  };
}

function chatChunk(model: string, choices: unknown[], extra: Record<string, unknown> = {}): string {
  const chunk = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: fakeResponseModel(model),
    choices,
    ...extra,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function chatStreamEvents(body: Record<string, any>): string[] {
  const prompt = lastUserText(body);
  const answer = fakeAnswer(prompt);
  const { model } = body;
  const events = [
    chatChunk(model, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
  ];
  if (model === 'tool-call') {
    const args = JSON.stringify(FAKE_TOOL_ARGUMENTS);
    const half = Math.floor(args.length / 2);
    const first = {
      index: 0,
      ...TOOL_CALL,
      function: { ...TOOL_CALL.function, arguments: args.slice(0, half) },
    };
    const second = { index: 0, function: { arguments: args.slice(half) } };
    for (const toolCall of [first, second]) {
      events.push(chatChunk(model, [{ index: 0, delta: { tool_calls: [toolCall] }, finish_reason: null }]));
    }
    events.push(chatChunk(model, [{ index: 0, delta: {}, finish_reason: 'tool_calls' }]), 'data: [DONE]\n\n');
    return events;
  }
  for (const piece of answerChunks(model, answer)) {
    events.push(chatChunk(model, [{ index: 0, delta: { content: piece }, finish_reason: null }]));
    if (model === 'stream-error') {
      events.push(
        `data: ${JSON.stringify({ error: { message: 'fake stream failure', type: 'server_error' } })}\n\n`,
      );
      return events;
    }
  }
  events.push(chatChunk(model, [{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (body.stream_options?.include_usage)
    events.push(chatChunk(model, [], { usage: chatUsage(prompt, answer) }));
  events.push('data: [DONE]\n\n');
  return events;
}

function responseObject(body: Record<string, any>, status: 'in_progress' | 'completed') {
  const prompt = lastUserText(body);
  const answer = fakeAnswer(prompt);
  const done = status === 'completed';
  return {
    id: 'resp_fake',
    object: 'response',
    created_at: CREATED,
    status,
    model: fakeResponseModel(body.model),
    instructions: body.instructions ?? null,
    output: done
      ? [
          {
            type: 'message',
            id: 'msg_fake',
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: answer, annotations: [] }],
          },
        ]
      : [],
    usage: done
      ? {
          input_tokens: wordCount(prompt),
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: wordCount(answer),
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: wordCount(prompt) + wordCount(answer),
        }
      : null,
    incomplete_details: null,
    error: null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    user: body.user ?? null,
    safety_identifier: body.safety_identifier ?? null,
  };
}

function responseEvent(type: string, sequence: number, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;
}

function responseStreamEvents(body: Record<string, any>): string[] {
  const { model } = body;
  const answer = fakeAnswer(lastUserText(body));
  const completed = responseObject(body, 'completed');
  const message = completed.output[0]!;
  const part = { type: 'output_text', text: '', annotations: [] };
  const at = { item_id: message.id, output_index: 0, content_index: 0 };
  const events: Array<[string, Record<string, unknown>]> = [
    ['response.created', { response: responseObject(body, 'in_progress') }],
    ['response.in_progress', { response: responseObject(body, 'in_progress') }],
    [
      'response.output_item.added',
      { output_index: 0, item: { ...message, status: 'in_progress', content: [] } },
    ],
    ['response.content_part.added', { ...at, part }],
  ];
  for (const delta of answerChunks(model, answer)) {
    events.push(['response.output_text.delta', { ...at, delta }]);
    if (model === 'stream-error') {
      // As OpenAI does: an `error` event, then the stream ends.
      events.push(['error', { code: 'server_error', message: 'fake stream failure', param: null }]);
      return events.map(([type, fields], sequence) => responseEvent(type, sequence, fields));
    }
  }
  events.push(
    ['response.output_text.done', { ...at, text: answer }],
    ['response.content_part.done', { ...at, part: { ...part, text: answer } }],
    ['response.output_item.done', { output_index: 0, item: message }],
    ['response.completed', { response: completed }],
  );
  return events.map(([type, fields], sequence) => responseEvent(type, sequence, fields));
}

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/**
 * Starts the fake server on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const server = await startFakeOpenAIServer();
 * const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
 * ```
 */
export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const requests: ReceivedRequest[] = [];
  let abandonedStreams = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    // Azure puts the deployment in the path and the API version in the query.
    const route = new URL(path, 'http://fake').pathname.replace(/^\/v1(\/deployments\/[^/]+)?/, '');
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const failure = /^error-(\d{3})$/.exec(String(body.model));
    if (failure) return sendError(res, Number(failure[1]));
    let events: string[];
    if (req.method === 'POST' && route === '/chat/completions') {
      if (!body.stream) return sendJson(res, 200, chatCompletion(body));
      events = chatStreamEvents(body);
    } else if (req.method === 'POST' && route === '/responses') {
      if (!body.stream) return sendJson(res, 200, responseObject(body, 'completed'));
      events = responseStreamEvents(body);
    } else {
      return sendJson(res, 404, { error: { message: `no route ${path}`, type: 'not_found' } });
    }
    startSse(res);
    if (!(await writeEvents(res, events))) abandonedStreams++;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500);
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
