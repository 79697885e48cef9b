import { setImmediate as nextTurn } from 'node:timers/promises';
import { trace as otelTrace } from '@opentelemetry/api';
import { getUserSessionContext, trace, updateTraceUserSession } from '@sessionscope/core';
import { FakeLlmClient } from './fake-llm';
import { type Document, searchDocuments } from './knowledge-base';
import type { Completion, LlmClient } from './llm-client';

/** Span names of the chat domain, one per traced function. */
export const CHAT_SPANS = {
  answer: 'chat.answer',
  stream: 'chat.stream',
  answerOnBehalfOf: 'chat.answer_on_behalf',
  retrieve: 'retrieve',
  prompt: 'prompt',
  completion: 'completion',
} as const;

/** Span attributes the chat domain sets besides the identity sessionscope adds. */
export const CHAT_ATTRIBUTES = {
  question: 'chat.question',
  impersonatedBy: 'chat.impersonated_by',
  streamedChunks: 'chat.stream.chunks',
  retrievedDocuments: 'retrieval.documents',
  model: 'gen_ai.request.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
} as const;

/** Longest question the API accepts, in characters. */
export const MAX_QUESTION_LENGTH = 2000;

/** A non-streamed answer as the API returns it. */
export interface ChatAnswer {
  readonly answer: string;
  readonly model: string;
}

/** The traced chat functions every example calls; build them once with {@link createChatService}. */
export interface ChatService {
  /** retrieve → prompt → completion, in one trace named `chat.answer`. */
  answer(question: string): Promise<ChatAnswer>;
  /** The same steps with a streamed completion, in one trace named `chat.stream` that ends with the stream. */
  streamAnswer(question: string): AsyncGenerator<string, void, undefined>;
  /**
   * Answers as if `userId` had asked: the whole trace is attributed to that user with
   * `updateTraceUserSession`, and `chat.impersonated_by` records who really asked.
   * Check that the caller may do this first (see `mayActForOthers`).
   */
  answerOnBehalfOf(userId: string, question: string): Promise<ChatAnswer>;
}

/**
 * The question in a request body or query, trimmed, or `undefined` when it is not a usable string.
 *
 * @example
 * ```ts
 * readQuestion('  hi '); // 'hi'
 * readQuestion(['a', 'b']); // undefined
 * ```
 */
export function readQuestion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const question = value.trim();
  return question === '' || question.length > MAX_QUESTION_LENGTH ? undefined : question;
}

function setActiveSpanAttribute(key: string, value: string | number): void {
  otelTrace.getActiveSpan()?.setAttribute(key, value);
}

/**
 * Builds the chat domain once, at set-up: every function is wrapped with sessionscope's `trace()`,
 * so each step is a span carrying `user.id` and `session.id`.
 *
 * @example
 * ```ts
 * const chat = createChatService();
 * app.post('/chat', async (req, res) => res.json(await chat.answer(req.body.message)));
 * ```
 */
export function createChatService(llm: LlmClient = new FakeLlmClient()): ChatService {
  const retrieve = trace(
    async function retrieve(question: string): Promise<Document[]> {
      await nextTurn(); // a real vector store is a network call away
      const documents = searchDocuments(question, 2);
      setActiveSpanAttribute(CHAT_ATTRIBUTES.retrievedDocuments, documents.length);
      return documents;
    },
    { name: CHAT_SPANS.retrieve },
  );

  const buildPrompt = trace(
    function buildPrompt(question: string, documents: readonly Document[]): string {
      const context = documents.map((document) => `- ${document.text}`).join('\n');
      return `You are the sessionscope helpdesk.\nContext:\n${context}\nQuestion: ${question}`;
    },
    { name: CHAT_SPANS.prompt },
  );

  const complete = trace(
    async function complete(prompt: string): Promise<Completion> {
      setActiveSpanAttribute(CHAT_ATTRIBUTES.model, llm.model);
      const completion = await llm.complete(prompt);
      setActiveSpanAttribute(CHAT_ATTRIBUTES.inputTokens, completion.promptTokens);
      setActiveSpanAttribute(CHAT_ATTRIBUTES.outputTokens, completion.completionTokens);
      return completion;
    },
    { name: CHAT_SPANS.completion },
  );

  const streamCompletion = trace(
    async function* streamCompletion(prompt: string): AsyncGenerator<string, void, undefined> {
      setActiveSpanAttribute(CHAT_ATTRIBUTES.model, llm.model);
      let chunks = 0;
      for await (const chunk of llm.stream(prompt)) {
        chunks++;
        yield chunk;
      }
      setActiveSpanAttribute(CHAT_ATTRIBUTES.streamedChunks, chunks);
    },
    { name: CHAT_SPANS.completion },
  );

  const answer = trace(
    async function answer(question: string): Promise<ChatAnswer> {
      setActiveSpanAttribute(CHAT_ATTRIBUTES.question, question);
      const documents = await retrieve(question);
      const completion = await complete(buildPrompt(question, documents));
      return { answer: completion.text, model: completion.model };
    },
    { name: CHAT_SPANS.answer },
  );

  const streamAnswer = trace(
    async function* streamAnswer(question: string): AsyncGenerator<string, void, undefined> {
      setActiveSpanAttribute(CHAT_ATTRIBUTES.question, question);
      const documents = await retrieve(question);
      yield* streamCompletion(buildPrompt(question, documents));
    },
    { name: CHAT_SPANS.stream },
  );

  const answerOnBehalfOf = trace(
    async function answerOnBehalfOf(userId: string, question: string): Promise<ChatAnswer> {
      const realUser = getUserSessionContext().userId;
      if (realUser !== undefined) setActiveSpanAttribute(CHAT_ATTRIBUTES.impersonatedBy, realUser);
      // From here on, and back-filled on this trace's open spans, the trace belongs to `userId`.
      // The next request of the same admin is attributed to the admin again.
      updateTraceUserSession({ userId });
      return answer(question);
    },
    { name: CHAT_SPANS.answerOnBehalfOf },
  );

  return { answer, streamAnswer, answerOnBehalfOf };
}
