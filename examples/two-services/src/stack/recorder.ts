import { createServer } from 'node:http';
import { type LoopbackServer, listenOnLoopback, readBody } from './loopback';

/** One request as a fake upstream received it: the header lines exactly as sent (names lower-cased). */
export interface RecordedRequest {
  readonly path: string;
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
}

/** A fake third-party or internal API that answers JSON and records what it was sent. */
export interface Recorder extends LoopbackServer {
  readonly requests: readonly RecordedRequest[];
}

/** The values of header `name` in `request`, one per header line. */
export function headerValues(request: RecordedRequest, name: string): string[] {
  return request.headers.filter(([header]) => header === name).map(([, value]) => value);
}

/** Starts a fake upstream on loopback that answers every POST with `answer(parsed JSON body)`. */
export async function startRecorder(answer: (body: unknown) => unknown): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const headers: Array<readonly [string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.push([req.rawHeaders[i]!.toLowerCase(), req.rawHeaders[i + 1]!]);
    }
    requests.push({ path: req.url ?? '/', headers });
    const body = await readBody(req);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(body ? JSON.parse(body) : undefined)));
  });
  return { ...(await listenOnLoopback(server)), requests };
}
