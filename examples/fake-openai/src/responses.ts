import {
  type Answer,
  type AnswerEncoder,
  CREATED,
  fakeResponseModel,
  type RequestBody,
  type WireApi,
} from './wire-api';

function outputMessage(text: string) {
  return {
    type: 'message',
    id: 'msg_fake',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** A `response` object: in progress without `answer`, completed with it. */
function responseObject(body: RequestBody, answer?: Answer) {
  return {
    id: 'resp_fake',
    object: 'response',
    created_at: CREATED,
    status: answer === undefined ? 'in_progress' : 'completed',
    model: fakeResponseModel(body.model),
    instructions: body.instructions ?? null,
    output: answer === undefined ? [] : [outputMessage(answer.text)],
    usage:
      answer === undefined
        ? null
        : {
            input_tokens: answer.inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: answer.outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: answer.inputTokens + answer.outputTokens,
          },
    incomplete_details: null,
    error: null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    user: body.user ?? null,
    safety_identifier: body.safety_identifier ?? null,
  };
}

function responseEncoder(body: RequestBody): AnswerEncoder {
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const at = { item_id: 'msg_fake', output_index: 0, content_index: 0 };
  const part = { type: 'output_text', text: '', annotations: [] };
  return {
    body: (answer) => responseObject(body, answer),
    start: () => [
      event('response.created', { response: responseObject(body) }),
      event('response.in_progress', { response: responseObject(body) }),
      event('response.output_item.added', {
        output_index: 0,
        item: { ...outputMessage(''), status: 'in_progress', content: [] },
      }),
      event('response.content_part.added', { ...at, part }),
    ],
    piece: (delta) => event('response.output_text.delta', { ...at, delta }),
    end: (answer) => [
      event('response.output_text.done', { ...at, text: answer.text }),
      event('response.content_part.done', { ...at, part: { ...part, text: answer.text } }),
      event('response.output_item.done', { output_index: 0, item: outputMessage(answer.text) }),
      event('response.completed', { response: responseObject(body, answer) }),
    ],
    // As OpenAI does: an `error` event, then the stream ends.
    failure: (message) => event('error', { code: 'server_error', message, param: null }),
  };
}

/** `POST /responses`: a `response`, or its `response.*` events ending with `response.completed`. */
export const responses: WireApi = { encoder: responseEncoder };
