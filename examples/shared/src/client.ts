import { EventSourceParserStream } from 'eventsource-parser/stream';

/** The response header carrying the session id (the middleware's default `sessionHeader`). */
export const SESSION_HEADER = 'x-session-id';

/** How a chat request is sent. */
export interface ChatRequestOptions {
  /** Resume this session (sent in the `x-session-id` header; the stream route takes `?session=`). */
  sessionId?: string;
  /** Ask as this user (admins only). */
  actAs?: string;
}

/** The outcome of `POST /chat`. */
export interface ChatReply {
  readonly status: number;
  /** The session id the server handed out in `x-session-id`, if it did. */
  readonly sessionId: string | undefined;
  readonly body: { answer?: string; error?: string };
}

/** The outcome of `GET /chat/stream`. */
export interface StreamReply {
  readonly status: number;
  readonly sessionId: string | undefined;
  /** The `chunk` events, decoded. */
  readonly chunks: readonly string[];
  /** The message of a final `error` event, if the stream ended with one. */
  readonly error: string | undefined;
}

/** A JSON response body; anything else (an HTML error page…) is kept as the error text. */
function parseBody(text: string): ChatReply['body'] {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return { error: text };
  }
}

/**
 * A client of the example chat API, as a user's app would call it (bearer token, session header).
 *
 * @example
 * ```ts
 * const alice = new ChatClient(server.url, 'token-alice');
 * const first = await alice.chat('what is a session?');
 * await alice.chat('and how do I resume one?', { sessionId: first.sessionId });
 * ```
 */
export class ChatClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  private headers(extra: Record<string, string | undefined>): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
    return headers;
  }

  /** `POST /chat` with a JSON body. */
  async chat(message: string, options: ChatRequestOptions = {}): Promise<ChatReply> {
    const response = await fetch(`${this.baseUrl}/chat`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', [SESSION_HEADER]: options.sessionId }),
      body: JSON.stringify({ message, actAs: options.actAs }),
    });
    return {
      status: response.status,
      sessionId: response.headers.get(SESSION_HEADER) ?? undefined,
      body: parseBody(await response.text()),
    };
  }

  /** `GET /chat/stream` read to the end as server-sent events. */
  async stream(message: string, options: Pick<ChatRequestOptions, 'sessionId'> = {}): Promise<StreamReply> {
    const query = new URLSearchParams({ message });
    if (options.sessionId !== undefined) query.set('session', options.sessionId);
    const response = await fetch(`${this.baseUrl}/chat/stream?${query}`, {
      headers: this.headers({ accept: 'text/event-stream' }),
    });
    const chunks: string[] = [];
    let error: string | undefined;
    if (response.body !== null) {
      const events = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream());
      for await (const { event, data } of events) {
        if (event === 'chunk') chunks.push(JSON.parse(data));
        else if (event === 'error') error = JSON.parse(data);
      }
    }
    return {
      status: response.status,
      sessionId: response.headers.get(SESSION_HEADER) ?? undefined,
      chunks,
      error,
    };
  }
}
