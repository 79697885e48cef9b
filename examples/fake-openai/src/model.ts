/**
 * What writes the fake server's answers. Any object with these two methods will do, e.g. the
 * examples' `FakeLlmClient`.
 *
 * @example
 * ```ts
 * const shouting: FakeModel = {
 *   async *stream(prompt) { yield prompt.toUpperCase(); },
 *   countTokens: (text) => text.length,
 * };
 * const server = await startFakeOpenAIServer({ model: shouting });
 * ```
 */
export interface FakeModel {
  /**
   * The answer to `prompt` piece by piece, as a stream sends it; the pieces joined are the whole
   * answer. It may take its time (latency) and it may throw: before the first piece the request gets
   * an error response (the error's numeric `status`, else 500), after it the stream ends with an
   * error event.
   */
  stream(prompt: string): AsyncIterable<string>;
  /** How many tokens `text` counts as, for `usage`. */
  countTokens(text: string): number;
}

/** The answer of the default model, {@link echoModel}. */
export function fakeAnswer(prompt: string): string {
  return `You said: ${prompt}`;
}

/** Token counts of the default model are words, so tests can compute them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** `text` as the pieces a stream sends: one word each, with the space before it. */
export function wordPieces(text: string): string[] {
  return text.split(' ').map((word, index) => (index === 0 ? word : ` ${word}`));
}

/**
 * The default model: answers {@link fakeAnswer} at once, a word per piece, a word per token.
 *
 * @example
 * ```ts
 * for await (const piece of echoModel.stream('hi')) process.stdout.write(piece); // You said: hi
 * ```
 */
export const echoModel: FakeModel = {
  async *stream(prompt) {
    yield* wordPieces(fakeAnswer(prompt));
  },
  countTokens: wordCount,
};
