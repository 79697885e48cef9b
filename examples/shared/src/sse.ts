import type { ChatService } from './chat';
import { publicError } from './errors';

/** Response headers of a server-sent events stream. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
} as const;

/**
 * One server-sent event of the chat stream: `chunk` events carry a piece of the answer, then either
 * `done` or `error` ends the stream. `data` is JSON, so chunks may contain newlines.
 */
export interface ChatEvent {
  readonly event: 'chunk' | 'done' | 'error';
  readonly data: string;
}

/**
 * The events of one streamed answer. Stopping the iteration early (client gone) ends the
 * underlying trace too. Errors become a final `error` event: the HTTP status is already sent.
 *
 * @example
 * ```ts
 * for await (const event of chatEvents(chat, 'what is a session?')) res.write(formatSseEvent(event));
 * ```
 */
export async function* chatEvents(
  chat: ChatService,
  question: string,
): AsyncGenerator<ChatEvent, void, undefined> {
  try {
    for await (const chunk of chat.streamAnswer(question))
      yield { event: 'chunk', data: JSON.stringify(chunk) };
  } catch (error) {
    yield { event: 'error', data: JSON.stringify(publicError(error).message) };
    return;
  }
  yield { event: 'done', data: '{}' };
}

/** An event in the text/event-stream wire format (for frameworks without an SSE helper). */
export function formatSseEvent({ event, data }: ChatEvent): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

/**
 * The events in wire format, one string per event, e.g. as a Node stream body:
 * `Readable.from(formatSseEvents(chatEvents(chat, question)))`.
 */
export async function* formatSseEvents(
  events: AsyncIterable<ChatEvent>,
): AsyncGenerator<string, void, undefined> {
  for await (const event of events) yield formatSseEvent(event);
}
