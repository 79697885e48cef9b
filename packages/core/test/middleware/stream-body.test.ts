import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { produceStreamBodyInContext } from '../../src/adapter';
import { getUserSessionContext, runWithUserSession } from '../../src/index';

/** A stream whose every read records the user it runs with, and which never ends by itself. */
function recordingStream(seen: Array<string | undefined>): Readable {
  return new Readable({
    read() {
      seen.push(getUserSessionContext().userId);
    },
  });
}

/** A destination that takes everything; `chunks` collects what it received. */
function sink(chunks: unknown[] = []): Writable {
  return new Writable({
    objectMode: true,
    write(chunk, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
}

/**
 * Pipes `stream` into a new destination that binds it on its `pipe` event, in `userId`'s scope, as
 * the adapters do with a response; returns the destination.
 */
function pipeAs(stream: Readable, userId: string, destination = sink()): Writable {
  destination.on('pipe', (source: unknown) =>
    runWithUserSession({ userId }, () => produceStreamBodyInContext(source)),
  );
  stream.pipe(destination);
  return destination;
}

/** Calls the stream's current `_read`, as Node does when its consumer wants more, as `userId`. */
function readAs(stream: Readable, userId?: string): void {
  if (userId === undefined) stream._read(1);
  else runWithUserSession({ userId }, () => stream._read(1));
}

/** How deep the stack is inside the stream's `_read`: one more frame per wrapper around it. */
function stackDepthInRead(stream: Readable, depths: number[]): void {
  const read = stream._read;
  stream._read = function measured(size) {
    depths.push(new Error().stack?.split('\n').length ?? 0);
    return read.call(this, size);
  };
}

describe('produceStreamBodyInContext', () => {
  it('makes later reads, started from any context, run in the context its only destination piped it in', () => {
    const seen: Array<string | undefined> = [];
    const stream = recordingStream(seen);
    pipeAs(stream, 'piped-by');

    readAs(stream); // outside any scope
    readAs(stream, 'someone-else');

    expect(seen.slice(-2)).toEqual(['piped-by', 'piped-by']);
  });

  it('keeps the stream working: data, `this` and the end', async () => {
    const chunks: unknown[] = [];
    const destination = pipeAs(Readable.from(['a', 'b', 'c']), 'u', sink(chunks));
    await new Promise((resolve) => destination.on('finish', resolve));
    expect(chunks).toEqual(['a', 'b', 'c']);
  });

  it('binds a stream shared by several destinations to none of them, and leaves its _read as it was', () => {
    const seen: Array<string | undefined> = [];
    const stream = recordingStream(seen);
    const original = stream._read;
    stream.setMaxListeners(50); // a broadcast stream: one set of listeners per destination
    for (let client = 0; client < 50; client++) pipeAs(stream, `client-${client}`);

    expect(stream._read).toBe(original);
    readAs(stream, 'producer');
    readAs(stream);
    expect(seen.slice(-2)).toEqual(['producer', undefined]);
  });

  it('stops binding a stream once a second consumer, of any kind, reads it too', () => {
    const seen: Array<string | undefined> = [];
    const stream = recordingStream(seen);
    const original = stream._read;
    pipeAs(stream, 'first');
    stream.pipe(sink()); // a destination that binds nothing (a file, a transform)

    readAs(stream, 'producer');
    expect(seen.at(-1)).toBe('producer');
    expect(stream._read).toBe(original);
  });

  it('a stream piped to one destination after another is bound to the current one, never wrapped twice', () => {
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    try {
      const seen: Array<string | undefined> = [];
      const depths: number[] = [];
      const stream = recordingStream(seen);
      stackDepthInRead(stream, depths);
      for (let client = 0; client < 50; client++) {
        const destination = pipeAs(stream, `client-${client}`);
        readAs(stream, 'producer');
        expect(seen.at(-1)).toBe(`client-${client}`);
        stream.unpipe(destination);
      }
      expect(new Set(depths.slice(-50)).size).toBe(1);

      readAs(stream, 'producer'); // after its last destination left: the reader's context
      expect(seen.at(-1)).toBe('producer');
    } finally {
      Error.stackTraceLimit = 10;
    }
  });

  it('leaves anything that is not a piped readable stream alone', () => {
    const notAStream = { pipe() {} };
    for (const value of [undefined, null, 'text', 42, notAStream]) {
      expect(() => produceStreamBodyInContext(value)).not.toThrow();
    }
    expect(notAStream).toEqual({ pipe: expect.any(Function) });

    const unpiped = recordingStream([]);
    const original = unpiped._read;
    runWithUserSession({ userId: 'u' }, () => produceStreamBodyInContext(unpiped));
    expect(unpiped._read).toBe(original);
  });
});
