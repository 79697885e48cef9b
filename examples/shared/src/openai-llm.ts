import { instrumentOpenAI } from '@sessionscope/openai';
import OpenAI from 'openai';
import { type Completion, type LlmClient, LlmError } from './llm-client';

/** Where {@link OpenAILlmClient} sends its requests. */
export interface OpenAILlmOptions {
  /** The OpenAI-compatible server, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseURL: string;
  /** Its API key. */
  apiKey: string;
  /** The model to ask for. */
  model: string;
}

/** Errors of the OpenAI client (HTTP, connection, stream) become {@link LlmError}: the chat API answers 502. */
function asLlmError(error: unknown): unknown {
  return error instanceof OpenAI.APIError
    ? new LlmError(error.message, { cause: error, status: error.status })
    : error;
}

/**
 * An {@link LlmClient} on the official `openai` client, instrumented once with `@sessionscope/openai`:
 * each call is a `chat {model}` span (GenAI attributes, `user.id`, `session.id`) inside the
 * `completion` span, and the signed-in user goes to the provider as `safety_identifier` — the
 * pseudonymised id the examples' spans carry, never the e-mail address.
 *
 * @example
 * ```ts
 * const llm = new OpenAILlmClient({ baseURL: 'https://api.openai.com/v1', apiKey, model: 'gpt-4o-mini' });
 * const chat = createChatService(llm);
 * ```
 */
export class OpenAILlmClient implements LlmClient {
  readonly model: string;
  private readonly openai: OpenAI;

  constructor(options: OpenAILlmOptions) {
    this.model = options.model;
    this.openai = instrumentOpenAI(new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey }), {
      injectEndUser: true,
    });
  }

  async complete(prompt: string): Promise<Completion> {
    try {
      const completion = await this.openai.chat.completions.create({
        model: this.model,
        messages: [{ role: 'user', content: prompt }],
      });
      return {
        text: completion.choices[0]?.message.content ?? '',
        model: completion.model,
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
      };
    } catch (error) {
      throw asLlmError(error);
    }
  }

  async *stream(prompt: string): AsyncGenerator<string, void, undefined> {
    try {
      const chunks = await this.openai.chat.completions.create({
        model: this.model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true }, // token usage on the span
      });
      for await (const chunk of chunks) {
        const content = chunk.choices[0]?.delta.content;
        if (content) yield content;
      }
    } catch (error) {
      throw asLlmError(error);
    }
  }
}
