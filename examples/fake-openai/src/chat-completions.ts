import { wordCount } from './model';
import { FAKE_TOOL_ARGUMENTS, SCENARIO_MODELS } from './scenarios';
import {
  type Answer,
  CREATED,
  dataEvent,
  fakeResponseModel,
  lastUserText,
  type RequestBody,
  type ScriptedReply,
  type WireApi,
} from './wire-api';

const TOOL_CALL = { id: 'call_fake', type: 'function', function: { name: 'get_weather' } };
const DONE_EVENT = 'data: [DONE]\n\n';

function chatUsage(answer: Answer) {
  const { inputTokens: prompt_tokens, outputTokens: completion_tokens } = answer;
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function chatCompletion(body: RequestBody, message: object, finishReason: string, answer: Answer) {
  const choices = Array.from({ length: body.n ?? 1 }, (_, index) => ({
    index,
    message,
    logprobs: null,
    finish_reason: finishReason,
  }));
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: CREATED,
    model: fakeResponseModel(body.model),
    choices,
    usage: chatUsage(answer),
    system_fingerprint: 'fp_fake',
  };
}

function chatChunk(body: RequestBody, choices: unknown[], extra: Record<string, unknown> = {}): string {
  return dataEvent({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: fakeResponseModel(body.model),
    choices,
    ...extra,
  });
}

const firstChunk = (body: RequestBody) =>
  chatChunk(body, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
const lastChunk = (body: RequestBody, finishReason: string) =>
  chatChunk(body, [{ index: 0, delta: {}, finish_reason: finishReason }]);

/** The `tool-call` scenario: a call of `get_weather`, whole or in two argument chunks. */
function toolCallReply(body: RequestBody): ScriptedReply {
  const args = JSON.stringify(FAKE_TOOL_ARGUMENTS);
  if (!body.stream) {
    const message = {
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ ...TOOL_CALL, function: { ...TOOL_CALL.function, arguments: args } }],
    };
    const usage = { text: args, inputTokens: wordCount(lastUserText(body)), outputTokens: wordCount(args) };
    return { json: chatCompletion(body, message, 'tool_calls', usage) };
  }
  const half = Math.floor(args.length / 2);
  const first = {
    index: 0,
    ...TOOL_CALL,
    function: { ...TOOL_CALL.function, arguments: args.slice(0, half) },
  };
  const second = { index: 0, function: { arguments: args.slice(half) } };
  const toolCallChunks = [first, second].map((toolCall) =>
    chatChunk(body, [{ index: 0, delta: { tool_calls: [toolCall] }, finish_reason: null }]),
  );
  return { events: [firstChunk(body), ...toolCallChunks, lastChunk(body, 'tool_calls'), DONE_EVENT] };
}

/** `POST /chat/completions`: a `chat.completion`, or `chat.completion.chunk` events ending with `[DONE]`. */
export const chatCompletions: WireApi = {
  scripted: (body) => (body.model === SCENARIO_MODELS.toolCall ? toolCallReply(body) : undefined),
  encoder: (body) => ({
    body: (answer) =>
      chatCompletion(body, { role: 'assistant', content: answer.text, refusal: null }, 'stop', answer),
    start: () => [firstChunk(body)],
    piece: (content) => chatChunk(body, [{ index: 0, delta: { content }, finish_reason: null }]),
    end(answer) {
      const events = [lastChunk(body, 'stop')];
      // Usage comes in a last chunk without choices, only when the request asks for it.
      if (body.stream_options?.include_usage) events.push(chatChunk(body, [], { usage: chatUsage(answer) }));
      events.push(DONE_EVENT);
      return events;
    },
    failure: (message) => dataEvent({ error: { message, type: 'server_error' } }),
  }),
};
