import { asRecord } from './attribute-values';
import {
  appendContentParts,
  type ChatMessage,
  type MessagePart,
  type OutputMessage,
  toolCallPart,
  toolResponsePart,
} from './messages';

/** The `type`s of text parts in Chat Completions message content. */
const TEXT_TYPES: ReadonlySet<unknown> = new Set(['text']);

/** The text of a tool result's content (a string or text parts). */
function contentText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((item) => asRecord(item)?.text ?? '').join('');
}

function toolCallParts(toolCalls: unknown, parts: MessagePart[]): void {
  if (!Array.isArray(toolCalls)) return;
  for (const item of toolCalls) {
    const call = asRecord(item);
    const fn = asRecord(call?.function) ?? asRecord(call?.custom);
    if (fn !== undefined) parts.push(toolCallPart(call?.id, fn.name, fn.arguments ?? fn.input));
  }
}

/** `gen_ai.input.messages` of a Chat Completions request. */
export function chatInputMessages(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages)) return [];
  const result: ChatMessage[] = [];
  for (const item of messages) {
    const message = asRecord(item);
    if (message === undefined) continue;
    const role = typeof message.role === 'string' ? message.role : 'user';
    const parts: MessagePart[] = [];
    if (role === 'tool' || role === 'function') {
      parts.push(toolResponsePart(message.tool_call_id, contentText(message.content)));
    } else {
      appendContentParts(message.content, TEXT_TYPES, parts);
      toolCallParts(message.tool_calls, parts);
      const legacyCall = asRecord(message.function_call);
      if (legacyCall !== undefined)
        parts.push(toolCallPart(undefined, legacyCall.name, legacyCall.arguments));
    }
    result.push({ role, parts });
  }
  return result;
}

/** `gen_ai.output.messages` of a Chat Completions response: one message per choice. */
export function chatOutputMessages(choices: readonly unknown[]): OutputMessage[] {
  const result: OutputMessage[] = [];
  for (const item of choices) {
    const choice = asRecord(item);
    const message = asRecord(choice?.message);
    if (choice === undefined || message === undefined) continue;
    const parts: MessagePart[] = [];
    appendContentParts(message.content, TEXT_TYPES, parts);
    if (typeof message.refusal === 'string') parts.push({ type: 'refusal', content: message.refusal });
    toolCallParts(message.tool_calls, parts);
    const legacyCall = asRecord(message.function_call);
    if (legacyCall !== undefined) parts.push(toolCallPart(undefined, legacyCall.name, legacyCall.arguments));
    const role = typeof message.role === 'string' ? message.role : 'assistant';
    const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : '';
    result.push({ role, parts, finish_reason: finishReason });
  }
  return result;
}
