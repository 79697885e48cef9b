import { type Account, mayActForOthers } from './accounts';
import { type ChatAnswer, type ChatService, readQuestion } from './chat';

/** The response to a `POST /chat`, ready for any framework to send as JSON. */
export interface ChatTurnResponse {
  readonly status: 200 | 400 | 401 | 403;
  readonly body: ChatAnswer | { readonly error: string };
}

/**
 * One `POST /chat` turn, framework-independent: validates the JSON body `{ message, actAs? }`,
 * checks that only admins act for another user, and answers. Errors of the model propagate, so
 * they reach the framework's error handler.
 *
 * @example
 * ```ts
 * app.post('/chat', async (req, res) => {
 *   const { status, body } = await chatTurn(chat, req.user, req.body);
 *   res.status(status).json(body);
 * });
 * ```
 */
export async function chatTurn(
  chat: ChatService,
  account: Account | undefined,
  body: unknown,
): Promise<ChatTurnResponse> {
  if (account === undefined) return { status: 401, body: { error: 'unknown or missing bearer token' } };
  const { message, actAs } = (body ?? {}) as { message?: unknown; actAs?: unknown };
  const question = readQuestion(message);
  if (question === undefined) return { status: 400, body: { error: 'message must be a non-empty string' } };
  if (actAs === undefined || actAs === null) return { status: 200, body: await chat.answer(question) };
  if (typeof actAs !== 'string' || actAs === '')
    return { status: 400, body: { error: 'actAs must be a user id' } };
  if (!mayActForOthers(account))
    return { status: 403, body: { error: 'only admins may act for another user' } };
  return { status: 200, body: await chat.answerOnBehalfOf(actAs, question) };
}
