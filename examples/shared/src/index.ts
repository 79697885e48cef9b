export { ACCOUNTS, type Account, authenticate, mayActForOthers } from './accounts';
export {
  CHAT_ATTRIBUTES,
  CHAT_SPANS,
  type ChatAnswer,
  type ChatService,
  createChatService,
  MAX_QUESTION_LENGTH,
  readQuestion,
} from './chat';
export { type ChatTurnResponse, chatTurn } from './chat-turn';
export {
  ChatClient,
  type ChatReply,
  type ChatRequestOptions,
  SESSION_HEADER,
  type StreamReply,
} from './client';
export { type PublicError, publicError } from './errors';
export {
  DEFAULT_FAKE_LLM_OPTIONS,
  ERROR_TRIGGER,
  FAKE_LLM_ERROR_MESSAGE,
  FAKE_LLM_ERROR_STATUS,
  FAKE_MODEL,
  FakeLlmClient,
  type FakeLlmOptions,
} from './fake-llm';
export { DOCUMENTS, type Document, searchDocuments } from './knowledge-base';
export { type Completion, type LlmClient, LlmError } from './llm-client';
export {
  DEFAULT_LLM_OPTIONS,
  isLlmKind,
  LLM_KINDS,
  type LlmKind,
  type LlmOptions,
  llmOptionsFromEnv,
  type RunningLlm,
  startLlm,
} from './llm-setup';
export { OpenAILlmClient, type OpenAILlmOptions } from './openai-llm';
export { DEFAULT_RUN_OPTIONS, runExample } from './run-example';
export {
  DEFAULT_LISTEN_OPTIONS,
  type ListenOptions,
  listen,
  type RunningServer,
  type StartOptions,
  type StartServer,
} from './server';
export {
  hrTimeToMs,
  IDENTITY_ATTRIBUTES,
  identityOf,
  rootOf,
  spansByTrace,
  stringAttribute,
  traceOfQuestion,
} from './spans';
export { type ChatEvent, chatEvents, formatSseEvent, formatSseEvents, SSE_HEADERS } from './sse';
