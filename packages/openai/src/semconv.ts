/**
 * Attribute keys of the OpenTelemetry GenAI semantic conventions (and the OpenAI extension) that
 * this package writes. Kept here rather than imported: the conventions are still in development
 * and `@opentelemetry/semantic-conventions` exposes them only from an unstable entry point.
 */
export const ATTR = {
  PROVIDER_NAME: 'gen_ai.provider.name',
  /** The key older backends read; written with the same value as `gen_ai.provider.name`. */
  SYSTEM: 'gen_ai.system',
  OPERATION_NAME: 'gen_ai.operation.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  REQUEST_MAX_TOKENS: 'gen_ai.request.max_tokens',
  REQUEST_TEMPERATURE: 'gen_ai.request.temperature',
  REQUEST_TOP_P: 'gen_ai.request.top_p',
  REQUEST_FREQUENCY_PENALTY: 'gen_ai.request.frequency_penalty',
  REQUEST_PRESENCE_PENALTY: 'gen_ai.request.presence_penalty',
  REQUEST_STOP_SEQUENCES: 'gen_ai.request.stop_sequences',
  REQUEST_SEED: 'gen_ai.request.seed',
  REQUEST_CHOICE_COUNT: 'gen_ai.request.choice.count',
  OUTPUT_TYPE: 'gen_ai.output.type',
  CONVERSATION_ID: 'gen_ai.conversation.id',
  RESPONSE_ID: 'gen_ai.response.id',
  RESPONSE_MODEL: 'gen_ai.response.model',
  RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  SYSTEM_INSTRUCTIONS: 'gen_ai.system_instructions',
  OPENAI_REQUEST_SERVICE_TIER: 'openai.request.service_tier',
  OPENAI_RESPONSE_SERVICE_TIER: 'openai.response.service_tier',
  OPENAI_RESPONSE_SYSTEM_FINGERPRINT: 'openai.response.system_fingerprint',
  SERVER_ADDRESS: 'server.address',
  SERVER_PORT: 'server.port',
  ERROR_TYPE: 'error.type',
} as const;

/** `gen_ai.operation.name` of both instrumented operations (the Responses API is chat inference too). */
export const OPERATION_CHAT = 'chat';
