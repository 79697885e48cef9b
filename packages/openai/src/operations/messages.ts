import type { Span } from '@opentelemetry/api';
import { asRecord } from './attribute-values';

/**
 * Message shapes of the GenAI conventions' input/output messages JSON schemas. Non-text content
 * (images, audio, files) is recorded by its type only, never its data.
 */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: string; content?: string };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
}

export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

/** A text part, or undefined for anything that is not a string. */
export function textPart(text: unknown): MessagePart | undefined {
  return typeof text === 'string' ? { type: 'text', content: text } : undefined;
}

/**
 * Appends the parts of a message's `content`: a string, or an array of typed parts whose text parts
 * have one of `textTypes`. Refusals keep their text; any other part is recorded by its type only.
 */
export function appendContentParts(
  content: unknown,
  textTypes: ReadonlySet<unknown>,
  parts: MessagePart[],
): void {
  const text = textPart(content);
  if (text !== undefined) {
    parts.push(text);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const item of content) {
    const part = asRecord(item);
    if (part === undefined) continue;
    if (textTypes.has(part.type) && typeof part.text === 'string') {
      parts.push({ type: 'text', content: part.text });
    } else if (part.type === 'refusal' && typeof part.refusal === 'string') {
      parts.push({ type: 'refusal', content: part.refusal });
    } else if (typeof part.type === 'string') {
      parts.push({ type: part.type });
    }
  }
}

/** Tool arguments as an object when they are valid JSON, else as the string received. */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A tool call part. */
export function toolCallPart(id: unknown, name: unknown, args: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call', name: typeof name === 'string' ? name : '' };
  if (typeof id === 'string') part.id = id;
  if (args !== undefined) part.arguments = parseArguments(args);
  return part;
}

/** A tool result part. */
export function toolResponsePart(id: unknown, response: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call_response', response };
  if (typeof id === 'string') part.id = id;
  return part;
}

/**
 * Sets `key` to the JSON form of `value` (the conventions allow a JSON string on spans).
 * A value that cannot be serialised is skipped.
 */
export function setJson(span: Span, key: string, value: readonly unknown[]): void {
  if (value.length === 0) return;
  try {
    span.setAttribute(key, JSON.stringify(value));
  } catch {
    // Circular or BigInt content: the attribute is left out rather than fail the call.
  }
}

/** Same as {@link setJson}, for an attributes object built before the span starts. */
export function toJson(value: readonly unknown[]): string | undefined {
  if (value.length === 0) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
