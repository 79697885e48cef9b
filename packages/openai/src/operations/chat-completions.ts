import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR } from '../semconv';
import {
  asRecord,
  outputType,
  putNumber,
  putString,
  putStringArray,
  setResponseIds,
  setString,
  setStrings,
  setUsage,
} from './attribute-values';
import { chatInputMessages, chatOutputMessages } from './chat-messages';
import { setJson, toJson } from './messages';
import type { GenAIOperation, RequestBody, StreamRecorder } from './operation';

function requestAttributes(body: RequestBody, attributes: Attributes, captureContent: boolean): void {
  putString(attributes, ATTR.REQUEST_MODEL, body.model);
  putNumber(attributes, ATTR.REQUEST_MAX_TOKENS, body.max_completion_tokens ?? body.max_tokens);
  putNumber(attributes, ATTR.REQUEST_TEMPERATURE, body.temperature);
  putNumber(attributes, ATTR.REQUEST_TOP_P, body.top_p);
  putNumber(attributes, ATTR.REQUEST_FREQUENCY_PENALTY, body.frequency_penalty);
  putNumber(attributes, ATTR.REQUEST_PRESENCE_PENALTY, body.presence_penalty);
  putNumber(attributes, ATTR.REQUEST_SEED, body.seed);
  putStringArray(attributes, ATTR.REQUEST_STOP_SEQUENCES, body.stop);
  if (body.n !== 1) putNumber(attributes, ATTR.REQUEST_CHOICE_COUNT, body.n);
  putString(attributes, ATTR.OUTPUT_TYPE, outputType(asRecord(body.response_format)?.type));
  if (body.service_tier !== 'auto')
    putString(attributes, ATTR.OPENAI_REQUEST_SERVICE_TIER, body.service_tier);
  if (captureContent) putString(attributes, ATTR.INPUT_MESSAGES, toJson(chatInputMessages(body.messages)));
}

function recordResponse(span: Span, response: unknown, captureContent: boolean): void {
  const completion = asRecord(response);
  if (completion === undefined) return;
  setResponseIds(span, completion);
  setString(span, ATTR.OPENAI_RESPONSE_SYSTEM_FINGERPRINT, completion.system_fingerprint);
  setUsage(span, completion.usage, 'prompt_tokens', 'completion_tokens');
  const choices: unknown[] = Array.isArray(completion.choices) ? completion.choices : [];
  const finishReasons: string[] = [];
  for (const choice of choices) {
    const reason = asRecord(choice)?.finish_reason;
    if (typeof reason === 'string') finishReasons.push(reason);
  }
  setStrings(span, ATTR.RESPONSE_FINISH_REASONS, finishReasons);
  if (captureContent) setJson(span, ATTR.OUTPUT_MESSAGES, chatOutputMessages(choices));
}

interface StreamedToolCall {
  id?: string;
  function: { name?: string; arguments: string };
}

interface StreamedChoice {
  index: number;
  finish_reason?: string;
  message: { role: string; content?: string; refusal?: string; tool_calls?: StreamedToolCall[] };
}

/** Streamed choices and tool calls are numbered by the server; a number out of range is ignored. */
const MAX_STREAMED_SLOTS = 128;

function slotIndex(value: unknown, fallback: number): number | undefined {
  const index = value === undefined ? fallback : value;
  return Number.isInteger(index) && (index as number) >= 0 && (index as number) < MAX_STREAMED_SLOTS
    ? (index as number)
    : undefined;
}

/** Adds one chunk's deltas (text, refusal, tool calls) to the choice built so far. */
function appendDelta(choice: StreamedChoice, delta: Record<string, any>): void {
  const { message } = choice;
  if (typeof delta.role === 'string') message.role = delta.role;
  if (typeof delta.content === 'string' && delta.content !== '')
    message.content = (message.content ?? '') + delta.content;
  if (typeof delta.refusal === 'string') message.refusal = (message.refusal ?? '') + delta.refusal;
  if (!Array.isArray(delta.tool_calls)) return;
  message.tool_calls ??= [];
  for (const item of delta.tool_calls) {
    const toolDelta = asRecord(item);
    if (toolDelta === undefined) continue;
    const index = slotIndex(toolDelta.index, message.tool_calls.length);
    if (index === undefined) continue;
    let call = message.tool_calls[index];
    if (call === undefined) {
      call = { function: { arguments: '' } };
      message.tool_calls[index] = call;
    }
    if (typeof toolDelta.id === 'string') call.id = toolDelta.id;
    const fn = asRecord(toolDelta.function);
    if (typeof fn?.name === 'string') call.function.name = fn.name;
    if (typeof fn?.arguments === 'string') call.function.arguments += fn.arguments;
  }
}

/** Rebuilds a chat completion from its chunks, then records it like a non-streamed one. */
class ChatStreamRecorder implements StreamRecorder {
  private readonly completion: Record<string, unknown> = {};
  private readonly choices: StreamedChoice[] = [];

  constructor(private readonly captureContent: boolean) {}

  onEvent(event: unknown): void {
    const chunk = asRecord(event);
    if (chunk === undefined) return;
    const { completion } = this;
    completion.id ??= chunk.id;
    completion.model ??= chunk.model;
    completion.system_fingerprint ??= chunk.system_fingerprint;
    completion.service_tier ??= chunk.service_tier;
    if (asRecord(chunk.usage) !== undefined) completion.usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const item of chunk.choices) {
      const streamed = asRecord(item);
      if (streamed === undefined) continue;
      const index = slotIndex(streamed.index, 0);
      if (index === undefined) continue;
      let choice = this.choices[index];
      if (choice === undefined) {
        choice = { index, message: { role: 'assistant' } };
        this.choices[index] = choice;
      }
      if (typeof streamed.finish_reason === 'string') choice.finish_reason = streamed.finish_reason;
      const delta = asRecord(streamed.delta);
      if (this.captureContent && delta !== undefined) appendDelta(choice, delta);
    }
  }

  finish(span: Span): void {
    this.completion.choices = this.choices.filter(Boolean);
    recordResponse(span, this.completion, this.captureContent);
  }
}

/** `chat.completions.create`. */
export const chatCompletions: GenAIOperation = {
  requestAttributes,
  recordResponse,
  streamRecorder: (captureContent) => new ChatStreamRecorder(captureContent),
};
