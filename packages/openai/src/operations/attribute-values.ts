import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';
import { ATTR } from '../semconv';

/** Sets `key` when `value` is a finite number. */
export function putNumber(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) attributes[key] = value;
}

/** Sets `key` when `value` is a non-empty string. */
export function putString(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string' && value.length > 0) attributes[key] = value;
}

/** Sets `key` to a string array from a string or an array of strings; other values are ignored. */
export function putStringArray(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string') {
    attributes[key] = [value];
  } else if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string');
    if (strings.length > 0) attributes[key] = strings;
  }
}

/** Sets `key` on `span` when `value` is a finite number. */
export function setNumber(span: Span, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) span.setAttribute(key, value);
}

/** Sets `key` on `span` when `value` is a non-empty string. */
export function setString(span: Span, key: string, value: unknown): void {
  if (typeof value === 'string' && value.length > 0) span.setAttribute(key, value);
}

/** Sets `key` on `span` when `values` is non-empty. */
export function setStrings(span: Span, key: string, values: readonly string[]): void {
  if (values.length > 0) span.setAttribute(key, values as AttributeValue);
}

/** `'json'` for structured-output formats, `'text'` for plain text, else undefined. */
export function outputType(formatType: unknown): string | undefined {
  if (formatType === 'json_object' || formatType === 'json_schema') return 'json';
  if (formatType === 'text') return 'text';
  return undefined;
}

/** A plain object view of `value`, or undefined. */
export function asRecord(value: unknown): Record<string, any> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, any>) : undefined;
}

/** `gen_ai.response.id`, `gen_ai.response.model` and `openai.response.service_tier` of a response. */
export function setResponseIds(span: Span, response: Record<string, any>): void {
  setString(span, ATTR.RESPONSE_ID, response.id);
  setString(span, ATTR.RESPONSE_MODEL, response.model);
  setString(span, ATTR.OPENAI_RESPONSE_SERVICE_TIER, response.service_tier);
}

/** `gen_ai.usage.*` from a response's `usage`, whose token fields are named by the API. */
export function setUsage(span: Span, usage: unknown, inputField: string, outputField: string): void {
  const counts = asRecord(usage);
  if (counts === undefined) return;
  setNumber(span, ATTR.USAGE_INPUT_TOKENS, counts[inputField]);
  setNumber(span, ATTR.USAGE_OUTPUT_TOKENS, counts[outputField]);
}
