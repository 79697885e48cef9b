import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { getUserSessionContext, produceStreamBodyInContext, runWithUserSession } from '../../src/index';

/** A stream whose every read records the identity it runs with, and which never ends by itself. */
function recordingStream(seen: Array<string | undefined>): Readable {
  return new Readable({
    read() {
      seen.push(getUserSessionContext().userId);
    },
  });
}

describe('produceStreamBodyInContext', () => {
  it('makes later reads, started from any context, run in the context it was called in', () => {
    const seen: Array<string | undefined> = [];
    const stream = recordingStream(seen);
    runWithUserSession({ userId: 'piped-by' }, () => produceStreamBodyInContext(stream));

    stream.read(); // outside any scope
    runWithUserSession({ userId: 'someone-else' }, () => {
      stream.push('chunk');
      stream.read();
    });

    expect(seen).toEqual(['piped-by', 'piped-by']);
  });

  it('keeps the stream working: data, `this` and the end', async () => {
    const stream = Readable.from(['a', 'b', 'c']);
    runWithUserSession({ userId: 'u' }, () => produceStreamBodyInContext(stream));
    expect(await stream.toArray()).toEqual(['a', 'b', 'c']);
  });

  it('leaves anything that is not a readable stream alone', () => {
    const notAStream = { pipe() {} };
    for (const value of [undefined, null, 'text', 42, notAStream]) {
      expect(() => produceStreamBodyInContext(value)).not.toThrow();
    }
    expect(notAStream).toEqual({ pipe: expect.any(Function) });
  });
});
