import { asRecord } from './attribute-values';
import {
  appendContentParts,
  type ChatMessage,
  type MessagePart,
  type OutputMessage,
  toolCallPart,
  toolResponsePart,
} from './messages';

/** The `type`s of text parts in Responses API message content. */
const TEXT_TYPES: ReadonlySet<unknown> = new Set(['input_text', 'output_text']);

function reasoningText(item: Record<string, any>): string | undefined {
  if (!Array.isArray(item.summary)) return undefined;
  const text = item.summary.map((part: unknown) => asRecord(part)?.text ?? '').join('');
  return text.length > 0 ? text : undefined;
}

/** The message and parts one input or output item stands for. */
function itemMessage(item: Record<string, any>): ChatMessage {
  switch (item.type) {
    case 'function_call':
    case 'custom_tool_call':
      return {
        role: 'assistant',
        parts: [toolCallPart(item.call_id, item.name, item.arguments ?? item.input)],
      };
    case 'function_call_output':
    case 'custom_tool_call_output':
      return { role: 'tool', parts: [toolResponsePart(item.call_id, item.output)] };
    case 'reasoning': {
      const content = reasoningText(item);
      return {
        role: 'assistant',
        parts: [content === undefined ? { type: 'reasoning' } : { type: 'reasoning', content }],
      };
    }
    default: {
      const parts: MessagePart[] = [];
      if (item.type === undefined || item.type === 'message')
        appendContentParts(item.content, TEXT_TYPES, parts);
      else parts.push({ type: String(item.type) });
      return { role: typeof item.role === 'string' ? item.role : 'assistant', parts };
    }
  }
}

/** `gen_ai.input.messages` of a Responses API request (`input` is a string or a list of items). */
export function responsesInputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  if (!Array.isArray(input)) return [];
  const result: ChatMessage[] = [];
  for (const entry of input) {
    const item = asRecord(entry);
    if (item !== undefined) result.push(itemMessage(item));
  }
  return result;
}

/** `gen_ai.system_instructions` from the request's `instructions`. */
export function responsesSystemInstructions(instructions: unknown): MessagePart[] {
  return typeof instructions === 'string' ? [{ type: 'text', content: instructions }] : [];
}

/** `gen_ai.output.messages` of a response: its one generation, with the parts of every output item. */
export function responsesOutputMessages(output: unknown, finishReason: string): OutputMessage[] {
  if (!Array.isArray(output) || output.length === 0) return [];
  const parts: MessagePart[] = [];
  for (const entry of output) {
    const item = asRecord(entry);
    if (item !== undefined) parts.push(...itemMessage(item).parts);
  }
  return [{ role: 'assistant', parts, finish_reason: finishReason }];
}
