import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTR } from '../semconv';
import { asRecord, outputType, putNumber, putString, setResponseIds, setUsage } from './attribute-values';
import { setJson, toJson } from './messages';
import type { GenAIOperation, RequestBody, StreamRecorder } from './operation';
import {
  responsesInputMessages,
  responsesOutputMessages,
  responsesSystemInstructions,
} from './responses-messages';

function requestAttributes(body: RequestBody, attributes: Attributes, captureContent: boolean): void {
  putString(attributes, ATTR.REQUEST_MODEL, body.model);
  putNumber(attributes, ATTR.REQUEST_MAX_TOKENS, body.max_output_tokens);
  putNumber(attributes, ATTR.REQUEST_TEMPERATURE, body.temperature);
  putNumber(attributes, ATTR.REQUEST_TOP_P, body.top_p);
  putString(attributes, ATTR.OUTPUT_TYPE, outputType(asRecord(asRecord(body.text)?.format)?.type));
  if (body.service_tier !== 'auto')
    putString(attributes, ATTR.OPENAI_REQUEST_SERVICE_TIER, body.service_tier);
  if (!captureContent) return;
  putString(attributes, ATTR.SYSTEM_INSTRUCTIONS, toJson(responsesSystemInstructions(body.instructions)));
  putString(attributes, ATTR.INPUT_MESSAGES, toJson(responsesInputMessages(body.input)));
}

const INCOMPLETE_REASONS: Readonly<Record<string, string>> = {
  max_output_tokens: 'length',
  content_filter: 'content_filter',
};

/**
 * The finish reason of a response, in Chat Completions terms: `stop`, `tool_calls`, `length`,
 * `content_filter`, `error` or `cancelled`. Undefined while the response is still being produced.
 */
export function responseFinishReason(response: Record<string, any>): string | undefined {
  switch (response.status) {
    case 'completed': {
      const output: unknown[] = Array.isArray(response.output) ? response.output : [];
      const calledTool = output.some((item) => {
        const type = asRecord(item)?.type;
        return type === 'function_call' || type === 'custom_tool_call';
      });
      return calledTool ? 'tool_calls' : 'stop';
    }
    case 'incomplete': {
      const reason = asRecord(response.incomplete_details)?.reason;
      return typeof reason === 'string' ? (INCOMPLETE_REASONS[reason] ?? reason) : 'length';
    }
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'cancelled';
    default:
      return undefined;
  }
}

/**
 * A failure the API reports in the body (`response.failed`, an `error` event): status ERROR with its
 * message, `error.type` its code. Nothing was thrown, so no exception event: the OpenTelemetry
 * conventions for recording errors ask for status and `error.type` only.
 */
function recordFailure(span: Span, failure: Record<string, any> | undefined): void {
  const code = failure?.code;
  const message = failure?.message;
  span.setAttribute(ATTR.ERROR_TYPE, typeof code === 'string' && code.length > 0 ? code : '_OTHER');
  span.setStatus(
    typeof message === 'string' ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR },
  );
}

function recordResponse(span: Span, value: unknown, captureContent: boolean): void {
  const response = asRecord(value);
  if (response === undefined) return;
  setResponseIds(span, response);
  setUsage(span, response.usage, 'input_tokens', 'output_tokens');
  if (response.status === 'failed') recordFailure(span, asRecord(response.error));
  const finishReason = responseFinishReason(response);
  if (finishReason === undefined) return;
  span.setAttribute(ATTR.RESPONSE_FINISH_REASONS, [finishReason]);
  if (captureContent)
    setJson(span, ATTR.OUTPUT_MESSAGES, responsesOutputMessages(response.output, finishReason));
}

/**
 * Every lifecycle event (`response.created`, `response.completed`, `response.failed`…) carries the
 * whole response so far: the last one received is what the stream added up to. An `error` event
 * (the stream then ends without an exception) marks the span as failed.
 */
class ResponsesStreamRecorder implements StreamRecorder {
  private latest: unknown;
  private error: Record<string, any> | undefined;

  constructor(private readonly captureContent: boolean) {}

  onEvent(value: unknown): void {
    const event = asRecord(value);
    if (event?.type === 'error') this.error = event;
    const response = asRecord(event?.response);
    if (response !== undefined) this.latest = response;
  }

  finish(span: Span): void {
    recordResponse(span, this.latest, this.captureContent);
    if (this.error !== undefined) recordFailure(span, this.error);
  }
}

/** `responses.create`. */
export const responses: GenAIOperation = {
  requestAttributes,
  recordResponse,
  streamRecorder: (captureContent) => new ResponsesStreamRecorder(captureContent),
};
