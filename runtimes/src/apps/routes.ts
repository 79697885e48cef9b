import { getUserSessionContext, type UserSession } from '@sessionscope/core';
import { linesAcrossHops, readAcrossHops } from '../scenarios/async-hops.ts';
import {
  type IdentityReport,
  type ProbeReport,
  STREAM_GAP_MS,
  USER_HEADER,
  USER_KIND_HEADER,
} from './contract.ts';
import { createStreamProbes } from './stream-probes.ts';

/** Reads a request header (`undefined` when absent); each framework has its own way. */
export type HeaderReader = (name: string) => string | undefined;

/** Reads a query parameter; each framework has its own way. */
export type QueryReader = (name: string) => unknown;

/** The framework-independent half of the routes of `contract.ts`; each app adds the glue. */
export interface ScenarioRoutes {
  /** The stand-in authentication: the principal the framework's auth middleware would store. */
  principal(header: HeaderReader): { readonly id: unknown } | undefined;
  /** `GET /identity`, given the framework's own `userSession` object. */
  identity(query: QueryReader, userSession: UserSession | undefined): Promise<IdentityReport>;
  /** `GET /stream`: the body's lines; call in the handler (it watches the request's end). */
  stream(query: QueryReader, request: object): AsyncGenerator<string>;
  /** `GET /probe`; `undefined` for an unknown tag (answer 404). */
  probe(query: QueryReader): ProbeReport | undefined;
}

/** Reads a positive integer query parameter, bounded so no request can ask for unbounded work. */
function boundedCount(value: unknown, fallback: number, max: number): number {
  const count = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(count) && count > 0 ? Math.min(count, max) : fallback;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Plain data of a framework's `userSession` object (a live view or a snapshot). */
function plainUserSession(userSession: UserSession | undefined): UserSession {
  const { userId, sessionId } = userSession ?? {};
  return {
    ...(userId === undefined ? {} : { userId }),
    ...(sessionId === undefined ? {} : { sessionId }),
  };
}

/** One set of routes per app (each keeps its own stream watches). */
export function createScenarioRoutes(): ScenarioRoutes {
  const probes = createStreamProbes();
  return {
    principal(header) {
      const user = header(USER_HEADER);
      if (user === undefined || user === '') return undefined;
      return { id: header(USER_KIND_HEADER) === 'object' ? { id: user } : user };
    },
    async identity(query, userSession) {
      const hops = boundedCount(query('hops'), 4, 32);
      const seen = await readAcrossHops(hops, boundedCount(query('seed'), 1, 1e9), getUserSessionContext);
      return { seen, local: plainUserSession(userSession) };
    },
    stream(query, request) {
      probes.register(text(query('tag')), request);
      return linesAcrossHops(boundedCount(query('lines'), 5, 50), STREAM_GAP_MS, getUserSessionContext);
    },
    probe: (query) => probes.probe(text(query('tag'))),
  };
}
