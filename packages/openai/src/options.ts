import { createHash } from 'node:crypto';
import { type Tracer, trace } from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/**
 * Which request field(s) carry the end user passed on to the provider: `safety_identifier` (OpenAI's
 * current field), `user` (the older one, for servers that only know it), or both.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { instrumentOpenAI } from '@sessionscope/openai';
 *
 * instrumentOpenAI(new OpenAI({ baseURL: 'http://127.0.0.1:8000/v1' }), {
 *   injectEndUser: true,
 *   endUserField: 'user', // an older OpenAI-compatible server
 * });
 * ```
 */
export type EndUserField = 'safety_identifier' | 'user' | 'both';

/**
 * Options of {@link instrumentOpenAI}. Every option is optional; the defaults are in
 * {@link DEFAULT_INSTRUMENT_OPENAI_OPTIONS}.
 *
 * @example
 * ```ts
 * import { createHmac } from 'node:crypto';
 * import OpenAI from 'openai';
 * import { type InstrumentOpenAIOptions, instrumentOpenAI } from '@sessionscope/openai';
 *
 * const options: InstrumentOpenAIOptions = {
 *   captureContent: process.env.NODE_ENV !== 'production',
 *   injectEndUser: true,
 *   hashEndUserId: (id) => createHmac('sha256', process.env.END_USER_KEY!).update(id).digest('hex'),
 * };
 * const openai = instrumentOpenAI(new OpenAI(), options);
 * ```
 */
export interface InstrumentOpenAIOptions {
  /**
   * Record prompts and completions on the span (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`). They often hold personal data. Default `false`.
   */
  captureContent?: boolean;
  /**
   * Pass the current user on to the provider: when a request has neither `user` nor
   * `safety_identifier` and the context has a user, send that user's id, hashed (see
   * {@link InstrumentOpenAIOptions.hashEndUserId}) unless `configure({ hashUserId })` already
   * pseudonymises it. Default `false`.
   */
  injectEndUser?: boolean;
  /** The request field(s) {@link InstrumentOpenAIOptions.injectEndUser} writes. Default `'safety_identifier'`. */
  endUserField?: EndUserField;
  /**
   * The one-way function applied to a raw user id before it is passed on. Default: SHA-256, hex.
   * Not used when `configure({ hashUserId })` is on (the context's id is already pseudonymised).
   */
  hashEndUserId?: (userId: string) => string;
  /**
   * Pick up the end user from a request's own `safety_identifier` / `user` field when the context
   * has no user: the span and the current trace get it as `user.id`, at the lowest precedence.
   * Default `true`.
   */
  pickUpEndUser?: boolean;
  /**
   * The value of `gen_ai.provider.name` (and of the older `gen_ai.system`). Set it when `baseURL`
   * points at another OpenAI-compatible provider, e.g. `'azure.ai.openai'` or `'groq'`. Default `'openai'`.
   */
  providerName?: string;
  /** The tracer spans are started with. Default: `@opentelemetry/api`'s global tracer for this package. */
  tracer?: Tracer;
}

/**
 * SHA-256 of the id, as 64 lowercase hex characters: the default `hashEndUserId`.
 *
 * @example
 * ```ts
 * import { sha256Hex } from '@sessionscope/openai';
 *
 * sha256Hex('alice'); // '2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90'
 * ```
 */
export function sha256Hex(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}

/**
 * The defaults of every option of {@link instrumentOpenAI}, in one place (`tracer` defaults to the
 * global tracer named `@sessionscope/openai`).
 *
 * @example
 * ```ts
 * import { DEFAULT_INSTRUMENT_OPENAI_OPTIONS } from '@sessionscope/openai';
 *
 * DEFAULT_INSTRUMENT_OPENAI_OPTIONS.endUserField; // 'safety_identifier'
 * ```
 */
export const DEFAULT_INSTRUMENT_OPENAI_OPTIONS = {
  captureContent: false,
  injectEndUser: false,
  endUserField: 'safety_identifier',
  hashEndUserId: sha256Hex,
  pickUpEndUser: true,
  providerName: 'openai',
} as const satisfies InstrumentOpenAIOptions;

/** Options with every default applied, computed once per instrumented client. */
export interface ResolvedInstrumentOptions {
  readonly captureContent: boolean;
  readonly injectEndUser: boolean;
  readonly injectSafetyIdentifier: boolean;
  readonly injectUser: boolean;
  readonly hashEndUserId: (userId: string) => string;
  readonly pickUpEndUser: boolean;
  readonly providerName: string;
  readonly tracer: Tracer;
}

/** Applies the defaults. Unknown `endUserField` values fall back to the default rather than throw. */
export function resolveOptions(options: InstrumentOpenAIOptions = {}): ResolvedInstrumentOptions {
  const defaults = DEFAULT_INSTRUMENT_OPENAI_OPTIONS;
  const field = options.endUserField ?? defaults.endUserField;
  const known = field === 'safety_identifier' || field === 'user' || field === 'both';
  const endUserField: EndUserField = known ? field : defaults.endUserField;
  return {
    captureContent: options.captureContent ?? defaults.captureContent,
    injectEndUser: options.injectEndUser ?? defaults.injectEndUser,
    injectSafetyIdentifier: endUserField !== 'user',
    injectUser: endUserField !== 'safety_identifier',
    hashEndUserId: options.hashEndUserId ?? defaults.hashEndUserId,
    pickUpEndUser: options.pickUpEndUser ?? defaults.pickUpEndUser,
    providerName: options.providerName ?? defaults.providerName,
    tracer: options.tracer ?? trace.getTracer(PACKAGE_NAME, PACKAGE_VERSION),
  };
}
