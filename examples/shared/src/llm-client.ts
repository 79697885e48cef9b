/** A non-streamed completion. */
export interface Completion {
  readonly text: string;
  /** The model that answered, as the provider reports it. */
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/**
 * What the chat domain needs from a model: the in-process `FakeLlmClient`, or `OpenAILlmClient`
 * (the official `openai` client, instrumented by `@sessionscope/openai`).
 *
 * @example
 * ```ts
 * const llm: LlmClient = new FakeLlmClient();
 * const { text } = await llm.complete('Question: what is a session?');
 * for await (const chunk of llm.stream('Question: hello')) process.stdout.write(chunk);
 * ```
 */
export interface LlmClient {
  /** The model asked for, recorded as `gen_ai.request.model`. */
  readonly model: string;
  /** Answers `prompt` in one piece; rejects with {@link LlmError} when the model fails. */
  complete(prompt: string): Promise<Completion>;
  /** Streams the answer to `prompt`; throws {@link LlmError} when the model fails. */
  stream(prompt: string): AsyncIterable<string>;
}

/** Thrown by an {@link LlmClient} when the model fails; the chat API answers 502. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  /** The HTTP status the model's server failed with (or would have), if any. */
  readonly status: number | undefined;

  constructor(message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}
