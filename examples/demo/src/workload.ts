import {
  ACCOUNTS,
  ChatClient,
  type ChatReply,
  ERROR_TRIGGER,
  type StreamReply,
} from '@sessionscope/example-shared';
import { pseudonymizeUserId } from '@sessionscope/example-shared/telemetry';
import type { ExpectedTrace } from './identity-check';

/** What the workload sent and what it noticed; the tree itself is built from the spans only. */
export interface WorkloadOutcome {
  /** The identity each request's trace must carry. */
  readonly expected: readonly ExpectedTrace[];
  /** Responses that were not what the example should answer. */
  readonly problems: readonly string[];
}

/** The demo's questions; each is asked once, so its trace can be found by its `chat.question`. */
export const QUESTIONS = {
  aliceFirst: 'What is a session in sessionscope?',
  aliceResume: 'How do I resume a session?',
  aliceStream: 'Do streamed answers keep the user and the session?',
  bobFirst: 'Where does the user id come from?',
  bobSecond: 'Can user ids be hashed before they are stored?',
  bobBySupport: 'Which backends show traces grouped by user?',
  carolFirst: 'What happens to streaming spans?',
  carolError: `Please ${ERROR_TRIGGER} for this question.`,
  supportFirst: 'How does impersonation work for support?',
} as const;

function accountId(token: string): string {
  const account = ACCOUNTS[token];
  if (account === undefined) throw new Error(`no account for ${token}`);
  return account.id;
}

/**
 * Plays the demo's scripted chat against an example at `baseUrl`: 4 users, 5 sessions, one session
 * resumed with the id the server handed out, one streamed answer, one error turn, one admin
 * answering on behalf of a user, and rounds of concurrent requests.
 *
 * @example
 * ```ts
 * const { expected, problems } = await playWorkload(server.url);
 * ```
 */
export async function playWorkload(baseUrl: string): Promise<WorkloadOutcome> {
  const expected: ExpectedTrace[] = [];
  const problems: string[] = [];
  const user = (token: string) => ({ client: new ChatClient(baseUrl, token), userId: accountId(token) });
  const alice = user('token-alice');
  const bob = user('token-bob');
  const carol = user('token-carol');
  const support = user('token-support');

  /** Records what `reply` (to `question`, asked as `userId`) should have produced. */
  const expect = (
    question: string,
    reply: ChatReply | StreamReply,
    status: number,
    userId: string,
    sessionId: string | undefined,
  ): void => {
    if (reply.status !== status) problems.push(`"${question}": HTTP ${reply.status}, expected ${status}`);
    const session = sessionId ?? reply.sessionId;
    if (session === undefined) {
      problems.push(`"${question}": the server handed out no session id`);
      return;
    }
    expected.push({ question, userId: pseudonymizeUserId(userId), sessionId: session });
  };

  // Round 1, concurrently: four users open a conversation each; the server generates the session ids.
  const [aliceFirst, bobFirst, carolFirst, supportFirst] = await Promise.all([
    alice.client.chat(QUESTIONS.aliceFirst),
    bob.client.chat(QUESTIONS.bobFirst),
    carol.client.chat(QUESTIONS.carolFirst),
    support.client.chat(QUESTIONS.supportFirst),
  ]);
  expect(QUESTIONS.aliceFirst, aliceFirst, 200, alice.userId, undefined);
  expect(QUESTIONS.bobFirst, bobFirst, 200, bob.userId, undefined);
  expect(QUESTIONS.carolFirst, carolFirst, 200, carol.userId, undefined);
  expect(QUESTIONS.supportFirst, supportFirst, 200, support.userId, undefined);

  // Round 2, concurrently: Alice resumes her session with the id she was handed, Bob starts a second
  // one, Carol's question makes the model fail, and support answers on behalf of Bob in his session.
  const [aliceResume, bobSecond, carolError, bobBySupport] = await Promise.all([
    alice.client.chat(QUESTIONS.aliceResume, { sessionId: aliceFirst.sessionId }),
    bob.client.chat(QUESTIONS.bobSecond),
    carol.client.chat(QUESTIONS.carolError, { sessionId: carolFirst.sessionId }),
    support.client.chat(QUESTIONS.bobBySupport, { sessionId: bobFirst.sessionId, actAs: bob.userId }),
  ]);
  expect(QUESTIONS.aliceResume, aliceResume, 200, alice.userId, aliceFirst.sessionId);
  expect(QUESTIONS.bobSecond, bobSecond, 200, bob.userId, undefined);
  expect(QUESTIONS.carolError, carolError, 502, carol.userId, carolFirst.sessionId);
  expect(QUESTIONS.bobBySupport, bobBySupport, 200, bob.userId, bobFirst.sessionId);
  if (bobSecond.sessionId !== undefined && bobSecond.sessionId === bobFirst.sessionId) {
    problems.push('Bob was handed the same session id twice');
  }

  // Round 3: Alice's answer is streamed (server-sent events) in her session.
  const aliceStream = await alice.client.stream(QUESTIONS.aliceStream, { sessionId: aliceFirst.sessionId });
  expect(QUESTIONS.aliceStream, aliceStream, 200, alice.userId, aliceFirst.sessionId);
  if (aliceStream.chunks.length < 2 || aliceStream.error !== undefined) {
    problems.push(
      `the streamed answer arrived in ${aliceStream.chunks.length} chunks (${aliceStream.error ?? 'no error'})`,
    );
  }
  return { expected, problems };
}
