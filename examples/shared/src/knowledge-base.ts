/** One note the chatbot can retrieve. */
export interface Document {
  readonly id: string;
  readonly text: string;
}

/** The example's whole "vector store": a few notes about sessionscope. */
export const DOCUMENTS: readonly Document[] = [
  {
    id: 'sessions',
    text: 'A session is one conversation; every trace of it carries the same session.id, so backends group the turns together.',
  },
  {
    id: 'resume',
    text: 'To resume a session, send the id from the x-session-id response header back in the x-session-id request header.',
  },
  {
    id: 'users',
    text: 'The user id comes from the authenticated principal, never from a client header, and can be hashed before it is stored.',
  },
  {
    id: 'streaming',
    text: 'Streamed answers keep the user and the session on every span until the last chunk has been sent.',
  },
  {
    id: 'impersonation',
    text: 'updateTraceUserSession changes the identity for the current trace only, for example when support acts for a user.',
  },
  {
    id: 'backends',
    text: 'Spans go to Jaeger, Grafana Tempo, Langfuse or Phoenix over OTLP, grouped by user.id and session.id.',
  },
];

const WORD = /[a-z][a-z.]+/g;

function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

const INDEX = DOCUMENTS.map((document) => ({ document, words: wordsOf(`${document.id} ${document.text}`) }));

/**
 * The `limit` documents sharing the most words with `query`, best first; documents sharing none are left out.
 * Deterministic: ties keep the order of {@link DOCUMENTS}.
 *
 * @example
 * ```ts
 * searchDocuments('how do I resume a session?', 1)[0]?.id; // 'resume'
 * ```
 */
export function searchDocuments(query: string, limit: number): Document[] {
  const queryWords = wordsOf(query);
  return INDEX.map(({ document, words }) => ({
    document,
    score: [...queryWords].filter((word) => word.length > 3 && words.has(word)).length,
  }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ document }) => document);
}
