import { type Attributes, context, SpanKind, trace } from '@opentelemetry/api';
import { getUserSessionContext, isUserIdPseudonymised, stampUserSession } from '@sessionscope/core';
import { observeResult } from './api-promise';
import { endUserIdToSend, requestEndUser, withEndUser } from './end-user';
import { LlmCall } from './llm-call';
import { chatCompletions } from './operations/chat-completions';
import type { GenAIOperation, RequestBody } from './operations/operation';
import { responses } from './operations/responses';
import { type InstrumentOpenAIOptions, type ResolvedInstrumentOptions, resolveOptions } from './options';
import { ATTR, OPERATION_CHAT } from './semconv';
import { serverAttributes } from './server-attributes';

type CreateMethod = (this: unknown, body: unknown, requestOptions?: unknown) => unknown;

/** A resource of the client with a `create` method (`client.chat.completions`, `client.responses`). */
interface CreateResource {
  create: CreateMethod;
}

/**
 * The shape of the official `openai` client (v4 and later, `OpenAI` and `AzureOpenAI`) this
 * package relies on; any other object is returned untouched.
 *
 * @example
 * ```ts
 * import { instrumentOpenAI, type OpenAIClientLike } from '@sessionscope/openai';
 *
 * function withTelemetry<C extends OpenAIClientLike>(client: C): C {
 *   return instrumentOpenAI(client, { providerName: 'azure.ai.openai' });
 * }
 * ```
 */
export interface OpenAIClientLike {
  readonly baseURL?: string;
  readonly chat?: { readonly completions?: object };
  readonly responses?: object;
}

const INSTRUMENTED = Symbol.for('sessionscope.openai.instrumented');

/** What every call of one instrumented method needs, computed once at set-up. */
interface MethodSettings {
  readonly operation: GenAIOperation;
  readonly options: ResolvedInstrumentOptions;
  /** Attributes every span of this client starts with (provider, operation, server). */
  readonly baseAttributes: Attributes;
}

/**
 * Pass-on: the body to send. A copy with the context's user (hashed) when the request names no end
 * user and `injectEndUser` is on; else the caller's body itself.
 */
function bodyToSend(
  body: RequestBody,
  contextUserId: string | undefined,
  options: ResolvedInstrumentOptions,
) {
  if (!options.injectEndUser || contextUserId === undefined || requestEndUser(body) !== undefined)
    return body;
  const id = endUserIdToSend(contextUserId, isUserIdPseudonymised(), options.hashEndUserId);
  return id === undefined ? body : withEndUser(body, id, options);
}

/** Starts the call's span, with the end user the request names picked up when the context has none. */
function startCall(
  body: RequestBody,
  sent: RequestBody,
  contextUserId: string | undefined,
  settings: MethodSettings,
): LlmCall {
  const { operation, options } = settings;
  const attributes: Attributes = { ...settings.baseAttributes };
  operation.requestAttributes(body, attributes, options.captureContent);
  const model = attributes[ATTR.REQUEST_MODEL];
  const name = typeof model === 'string' ? `${OPERATION_CHAT} ${model}` : OPERATION_CHAT;
  const parent = context.active();
  const span = options.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
  const pickedUp = contextUserId === undefined && options.pickUpEndUser ? requestEndUser(body) : undefined;
  stampUserSession(span, pickedUp);
  return new LlmCall(span, trace.setSpan(parent, span), sent, operation, options.captureContent);
}

function instrumentMethod(resource: CreateResource, settings: MethodSettings): void {
  const original = resource.create;
  resource.create = function create(this: unknown, body: unknown, requestOptions?: unknown): unknown {
    if (typeof body !== 'object' || body === null) return original.call(this, body, requestOptions);
    let sent = body as RequestBody;
    let call: LlmCall | undefined;
    try {
      const contextUserId = getUserSessionContext().userId;
      sent = bodyToSend(sent, contextUserId, settings.options);
      call = startCall(body as RequestBody, sent, contextUserId, settings);
    } catch {
      // Tracing failed: the call still goes out, with the end user passed on if that was decided.
      call = undefined;
    }
    if (call === undefined) return original.call(this, sent, requestOptions);
    let result: unknown;
    try {
      result = context.with(call.context, original, this, call.body, requestOptions);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    try {
      observeResult(result, call);
    } catch {
      call.end();
    }
    return result;
  };
}

function createResource(value: unknown): CreateResource | undefined {
  const resource = value as Partial<CreateResource> | null | undefined;
  return typeof resource?.create === 'function' ? (resource as CreateResource) : undefined;
}

/**
 * Instruments an instance of the official `openai` client (v4 and later, also `AzureOpenAI` and any
 * OpenAI-compatible server behind `baseURL`): `chat.completions.create` and `responses.create`,
 * streamed or not, each get a `CLIENT` span named `chat {model}` with the OpenTelemetry GenAI
 * attributes, as a child of the active span and carrying the current user and session.
 *
 * - **Pick-up**: a request that names its end user (`safety_identifier`, else `user`) while the context
 *   has no user puts that user on the span and, inside a `trace()`, on the whole trace, at the lowest
 *   precedence (the request context and `updateTraceUserSession` win).
 * - **Pass-on** (`injectEndUser: true`): a request that names no end user is sent with the context's
 *   user id, SHA-256 hashed unless `configure({ hashUserId })` pseudonymises ids already.
 * - **Streams**: the span ends when the stream is read to the end, left early (`break`, `controller.abort()`)
 *   or fails; token usage comes from the final chunk (`stream_options: { include_usage: true }`).
 *
 * The caller gets exactly what the SDK returns (the same `APIPromise`, the same `Stream` with
 * `controller`, `tee()` and `toReadableStream()`), and nothing here throws into the call. The client is
 * changed in place and returned; instrumenting it again does nothing. Clients derived later with
 * `client.withOptions()` are new instances: instrument them too.
 *
 * @example
 * ```ts
 * // prelude: declare const app: import('express').Express;
 * import OpenAI from 'openai';
 * import { instrumentOpenAI } from '@sessionscope/openai';
 *
 * const openai = instrumentOpenAI(new OpenAI(), { injectEndUser: true });
 *
 * app.post('/chat', async (req, res) => {
 *   // span "chat gpt-4o-mini" with gen_ai.* attributes, user.id and session.id;
 *   // OpenAI receives safety_identifier = sha256(user id)
 *   const completion = await openai.chat.completions.create({
 *     model: 'gpt-4o-mini',
 *     messages: [{ role: 'user', content: req.body.message }],
 *   });
 *   res.json(completion.choices[0]?.message);
 * });
 * ```
 */
export function instrumentOpenAI<Client extends OpenAIClientLike>(
  client: Client,
  options?: InstrumentOpenAIOptions,
): Client {
  try {
    const target = client as Client & { [INSTRUMENTED]?: true };
    if (typeof client !== 'object' || client === null || target[INSTRUMENTED]) return client;
    const resolved = resolveOptions(options);
    const baseAttributes: Attributes = {
      [ATTR.PROVIDER_NAME]: resolved.providerName,
      [ATTR.SYSTEM]: resolved.providerName,
      [ATTR.OPERATION_NAME]: OPERATION_CHAT,
      ...serverAttributes(client.baseURL),
    };
    const chat = createResource(client.chat?.completions);
    if (chat) instrumentMethod(chat, { operation: chatCompletions, options: resolved, baseAttributes });
    const responsesResource = createResource(client.responses);
    if (responsesResource)
      instrumentMethod(responsesResource, { operation: responses, options: resolved, baseAttributes });
    Object.defineProperty(target, INSTRUMENTED, { value: true, enumerable: false });
  } catch {
    // An object that cannot be instrumented is returned as it is.
  }
  return client;
}
