// Shows the core context API working until the full demo (examples/) lands:
// concurrent "requests" each keep their own user and session through timers and promises.
import { setTimeout as sleep } from 'node:timers/promises';
import { getUserSessionContext, runWithUserSession, setUserSessionContext, withSession } from '@sessionscope/core';

async function handleTurn(user, message) {
  await sleep(Math.random() * 20);
  const { userId, sessionId } = getUserSessionContext();
  return `${userId} / ${sessionId}: ${message}`;
}

const turns = [
  ['alice', 'hi'],
  ['bob', 'what is sessionscope?'],
  ['carol', 'summarise my last chat'],
];

const lines = await Promise.all(
  turns.map(([user, message]) =>
    runWithUserSession({ userId: user }, () =>
      withSession({}, async () => {
        setUserSessionContext({ sessionId: `${user}-conversation-1` });
        return handleTurn(user, message);
      }),
    ),
  ),
);
for (const line of lines) console.log(line);
let wrong = 0;
for (const [i, [user]] of turns.entries()) if (!lines[i].startsWith(`${user} / ${user}-conversation-1`)) wrong++;
console.log(wrong === 0 ? 'every turn kept its own identity' : `${wrong} turns saw another identity`);
process.exitCode = wrong === 0 ? 0 : 1;
