import { setTimeout as sleep } from 'node:timers/promises';
import { type Completion, type LlmClient, LlmError } from './llm-client';

/** Any prompt containing this phrase makes the fake model fail, so examples can show an error turn. */
export const ERROR_TRIGGER = 'simulate an upstream error';

/** What the fake model says when it fails. */
export const FAKE_LLM_ERROR_MESSAGE = 'fake-llm: upstream model error (simulated 503)';

/** The HTTP status of that failure (what the fake OpenAI server answers with). */
export const FAKE_LLM_ERROR_STATUS = 503;

/** The model name the fake client reports. */
export const FAKE_MODEL = 'fake-llm-1';

/** Latency of the fake model; the defaults keep the demo quick but its spans visibly long. */
export interface FakeLlmOptions {
  /** Delay before the first token, in milliseconds. Default `40`. */
  firstTokenDelayMs?: number;
  /** Delay between two tokens, in milliseconds. Default `4`. */
  tokenDelayMs?: number;
}

/** The defaults of {@link FakeLlmOptions}. */
export const DEFAULT_FAKE_LLM_OPTIONS = {
  firstTokenDelayMs: 40,
  tokenDelayMs: 4,
} as const satisfies Required<FakeLlmOptions>;

/** Splits text into the chunks the fake model "generates": words with their trailing space. */
function tokenize(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

/** The last line of the prompt that starts with `Question:` — what the fake model "answers". */
function questionOf(prompt: string): string {
  const line = prompt.split('\n').find((candidate) => candidate.startsWith('Question:'));
  return line === undefined ? prompt.trim() : line.slice('Question:'.length).trim();
}

/** The first context line of the prompt (the best retrieved document), if any. */
function bestContextOf(prompt: string): string | undefined {
  const line = prompt.split('\n').find((candidate) => candidate.startsWith('- '));
  return line?.slice(2).trim();
}

/**
 * A deterministic stand-in for an LLM client: no network, the same prompt always gives the same
 * answer, with a small artificial latency so spans look like real model calls.
 *
 * @example
 * ```ts
 * const llm = new FakeLlmClient({ firstTokenDelayMs: 0, tokenDelayMs: 0 });
 * const { text } = await llm.complete('Context:\n- sessions group traces\nQuestion: what is a session?');
 * for await (const chunk of llm.stream('Question: hello')) process.stdout.write(chunk);
 * ```
 */
export class FakeLlmClient implements LlmClient {
  readonly model = FAKE_MODEL;
  private readonly firstTokenDelayMs: number;
  private readonly tokenDelayMs: number;

  constructor(options: FakeLlmOptions = {}) {
    this.firstTokenDelayMs = options.firstTokenDelayMs ?? DEFAULT_FAKE_LLM_OPTIONS.firstTokenDelayMs;
    this.tokenDelayMs = options.tokenDelayMs ?? DEFAULT_FAKE_LLM_OPTIONS.tokenDelayMs;
  }

  /** The answer the model gives to `prompt`; throws {@link LlmError} for the error trigger. */
  reply(prompt: string): string {
    if (prompt.includes(ERROR_TRIGGER))
      throw new LlmError(FAKE_LLM_ERROR_MESSAGE, { status: FAKE_LLM_ERROR_STATUS });
    const context = bestContextOf(prompt);
    const question = questionOf(prompt);
    return context === undefined
      ? `I have no notes about "${question}", but I am happy to help with sessionscope.`
      : `You asked "${question}". From the docs: ${context}`;
  }

  /** Answers `prompt` in one piece, after the latency of generating every token. */
  async complete(prompt: string): Promise<Completion> {
    await sleep(this.firstTokenDelayMs);
    const text = this.reply(prompt);
    const chunks = tokenize(text);
    await sleep(this.tokenDelayMs * chunks.length);
    return {
      text,
      model: this.model,
      promptTokens: this.countTokens(prompt),
      completionTokens: chunks.length,
    };
  }

  /** How many tokens `text` counts as: its words, each with the white space after it. */
  countTokens(text: string): number {
    return tokenize(text).length;
  }

  /** Streams the answer to `prompt` chunk by chunk; fails before the first chunk for the error trigger. */
  async *stream(prompt: string): AsyncGenerator<string, void, undefined> {
    await sleep(this.firstTokenDelayMs);
    const chunks = tokenize(this.reply(prompt));
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0) await sleep(this.tokenDelayMs);
      yield chunk;
    }
  }
}
