/** A request body as the fake server parsed it. */
export type RequestBody = Record<string, any>;

/** A whole answer of the model, with its usage. */
export interface Answer {
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** How one API of the wire format sends the answer to one request. */
export interface AnswerEncoder {
  /** The JSON body of a non-streamed response. */
  body(answer: Answer): unknown;
  /** The server-sent events before the first piece of a streamed answer. */
  start(): string[];
  /** The event carrying one piece. */
  piece(text: string): string;
  /** The events after the last piece. */
  end(answer: Answer): string[];
  /** The event reporting that the answer failed after it started. */
  failure(message: string): string;
}

/** A reply that does not come from the model (a scenario such as a tool call). */
export type ScriptedReply = { readonly json: unknown } | { readonly events: readonly string[] };

/** One API of the wire format: Chat Completions or Responses. */
export interface WireApi {
  encoder(body: RequestBody): AnswerEncoder;
  scripted?(body: RequestBody): ScriptedReply | undefined;
}

/** `created` of every fake response. */
export const CREATED = 1_700_000_000;

/** The model name the fake server reports for a requested model. */
export function fakeResponseModel(requested: unknown): string {
  return `${requested}-2025-01-01`;
}

/** A server-sent event with a JSON payload and no event name. */
export function dataEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The text of the last user message (Chat Completions `messages`, Responses `input`). */
export function lastUserText(body: RequestBody): string {
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
