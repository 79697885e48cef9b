import type { FakeModel } from './model';

/**
 * Request model names that select a fixed behaviour, so concurrent tests never interfere:
 * - `error-<status>`: an OpenAI error body with that HTTP status;
 * - `stream-error`: the answer fails after its first piece (a stream gets an error event);
 * - `long-stream`: the answer has {@link LONG_STREAM_EVENTS} pieces (for early-break tests);
 * - `tool-call` (Chat Completions): a call of `get_weather` with {@link FAKE_TOOL_ARGUMENTS}.
 *
 * Any other name is answered by the server's model.
 */
export const SCENARIO_MODELS = {
  streamError: 'stream-error',
  longStream: 'long-stream',
  toolCall: 'tool-call',
} as const;

/** Pieces of the answer to a `long-stream` request. */
export const LONG_STREAM_EVENTS = 200;

/** The message of the failure of a `stream-error` request. */
export const STREAM_FAILURE_MESSAGE = 'fake stream failure';

/** The arguments of the fake model's tool call. */
export const FAKE_TOOL_ARGUMENTS = { city: 'Paris', unit: 'celsius' };

/** The HTTP status an `error-<status>` model name asks for, if it is one. */
export function requestedErrorStatus(model: unknown): number | undefined {
  const match = /^error-(\d{3})$/.exec(String(model));
  return match === null ? undefined : Number(match[1]);
}

function repeatedTo(count: number, model: FakeModel): FakeModel {
  return {
    countTokens: (text) => model.countTokens(text),
    async *stream(prompt) {
      const pieces: string[] = [];
      for await (const piece of model.stream(prompt)) pieces.push(piece);
      for (let i = 0; i < count; i++) yield pieces[i % pieces.length] ?? '';
    },
  };
}

function failingAfterFirstPiece(model: FakeModel): FakeModel {
  return {
    countTokens: (text) => model.countTokens(text),
    async *stream(prompt) {
      for await (const piece of model.stream(prompt)) {
        yield piece;
        throw new Error(STREAM_FAILURE_MESSAGE);
      }
    },
  };
}

/** The model that answers a request for `requestedModel`: `model`, or a scenario built on it. */
export function scenarioModel(requestedModel: unknown, model: FakeModel): FakeModel {
  if (requestedModel === SCENARIO_MODELS.longStream) return repeatedTo(LONG_STREAM_EVENTS, model);
  if (requestedModel === SCENARIO_MODELS.streamError) return failingAfterFirstPiece(model);
  return model;
}
