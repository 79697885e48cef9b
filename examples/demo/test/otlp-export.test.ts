import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ChatClient, ERROR_TRIGGER, listen, type RunningServer } from '@sessionscope/example-shared';
import { pseudonymizeUserId } from '@sessionscope/example-shared/telemetry';
import protobufRoot from 'otlp-protobuf-decoder/build/src/generated/root.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../src/examples';

const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const ALICE = pseudonymizeUserId('alice@example.com', {});
const BOB = pseudonymizeUserId('bob@example.com', {});

/**
 * The parts of an OTLP `ExportTraceServiceRequest` this test reads, as the protobuf decoder returns
 * them (`traceId` as bytes) and as OTLP/JSON spells them (`traceId` as hex).
 */
interface OtlpKeyValue {
  key: string;
  value: { stringValue?: string | null; intValue?: unknown };
}
interface OtlpTraceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] } | null;
    scopeSpans?: Array<{
      spans?: Array<{ traceId: Uint8Array | string; name: string; attributes?: OtlpKeyValue[] }>;
    }>;
  }>;
}

/** OpenTelemetry's protobufjs code generated from the OTLP proto definitions. */
const otlpProto = (
  protobufRoot as unknown as {
    opentelemetry: {
      proto: {
        collector: {
          trace: { v1: { ExportTraceServiceRequest: { decode(bytes: Uint8Array): OtlpTraceRequest } } };
        };
      };
    };
  }
).opentelemetry.proto.collector.trace.v1;

/** Decodes one export request: protobuf with the generated decoder, OTLP/JSON with `JSON.parse`. */
function decodeRequest({ contentType, body }: ReceivedExport): OtlpTraceRequest {
  if (contentType === 'application/x-protobuf') return otlpProto.ExportTraceServiceRequest.decode(body);
  if (contentType === 'application/json') return JSON.parse(body.toString('utf8'));
  throw new Error(`unexpected OTLP content type ${contentType}`);
}

interface ReceivedExport {
  contentType: string;
  body: Buffer;
}

/** A loopback OTLP/HTTP receiver: keeps each request to /v1/traces, answers like a collector. */
async function startReceiver(): Promise<{ server: RunningServer; requests: ReceivedExport[] }> {
  const requests: ReceivedExport[] = [];
  const http: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk);
    if (req.method === 'POST' && req.url === '/v1/traces') {
      requests.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
    }
    // An empty ExportTraceServiceResponse is an empty body in both encodings.
    res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end();
  });
  return { server: await listen(http), requests };
}

/** Starts `pnpm start` of an example with the given environment; resolves with its URL once it listens. */
async function startExample(
  directory: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const cwd = fileURLToPath(new URL(`../../${directory}/`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  // Read with a listener, not for-await: leaving a for-await loop would close the child's stdout.
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match !== null) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`the example exited before listening:\n${output}`)));
  });
  return { child, url };
}

/** Every span of the exported requests, with its attributes as a plain object. */
function decode(requests: readonly ReceivedExport[]) {
  const values = (attributes: readonly OtlpKeyValue[] | null | undefined) =>
    Object.fromEntries(
      (attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? value.intValue]),
    );
  return requests.flatMap((request) =>
    (decodeRequest(request).resourceSpans ?? []).flatMap((resourceSpans) =>
      (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
        (scopeSpans.spans ?? []).map((span) => ({
          traceId:
            typeof span.traceId === 'string' ? span.traceId : Buffer.from(span.traceId).toString('hex'),
          name: span.name,
          service: values(resourceSpans.resource?.attributes)['service.name'],
          attributes: values(span.attributes),
        })),
      ),
    ),
  );
}

// The telemetry set-up is the same file for every example, so one framework is enough here; the
// smoke tests and the demo test cover each framework's identity on spans.
describe.concurrent('OTLP/HTTP export of an example', { timeout: 90_000 }, () => {
  it.for([
    { protocol: undefined, contentType: 'application/x-protobuf' },
    { protocol: 'http/json', contentType: 'application/json' },
  ])(
    'express-chatbot sends user.id and session.id on every span to OTEL_EXPORTER_OTLP_ENDPOINT ($contentType)',
    async ({ protocol, contentType }, { onTestFinished }) => {
      const receiver = await startReceiver();
      const { serviceName } = EXAMPLES.express;
      const protocolEnv = protocol === undefined ? {} : { OTEL_EXPORTER_OTLP_PROTOCOL: protocol };
      const { child, url } = await startExample(serviceName, {
        ...ENV,
        ...protocolEnv,
        PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.server.url,
      });
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });

      const alice = new ChatClient(url, 'token-alice');
      const first = await alice.chat('What is a session?');
      await Promise.all([
        alice.chat(`Please ${ERROR_TRIGGER} again`, { sessionId: first.sessionId }),
        alice.stream('Do streams keep the session?', { sessionId: first.sessionId }),
        new ChatClient(url, 'token-bob').chat('Where does the user id come from?', {
          sessionId: 'bob-session',
        }),
      ]);
      child.kill('SIGTERM'); // the example flushes its spans on the way out
      const [exitCode] = await once(child, 'exit');
      await receiver.server.close();

      expect(exitCode).toBe(0);
      expect(receiver.requests.length).toBeGreaterThan(0);
      for (const request of receiver.requests) expect(request.contentType).toBe(contentType);
      const spans = decode(receiver.requests);
      expect(spans).toHaveLength(16);
      const expectations: Array<[question: string, userId: string, sessionId: string | undefined]> = [
        ['What is a session?', ALICE, first.sessionId],
        [`Please ${ERROR_TRIGGER} again`, ALICE, first.sessionId],
        ['Do streams keep the session?', ALICE, first.sessionId],
        ['Where does the user id come from?', BOB, 'bob-session'],
      ];
      for (const [question, userId, sessionId] of expectations) {
        const traceId = spans.find((span) => span.attributes['chat.question'] === question)?.traceId;
        const traceSpans = spans.filter((span) => span.traceId === traceId);
        expect(traceSpans.map((span) => span.name).sort(), question).toEqual([
          question.startsWith('Do streams') ? 'chat.stream' : 'chat.answer',
          'completion',
          'prompt',
          'retrieve',
        ]);
        for (const span of traceSpans) {
          expect({
            question,
            span: span.name,
            service: span.service,
            user: span.attributes['user.id'],
            session: span.attributes['session.id'],
          }).toEqual({
            question,
            span: span.name,
            service: serviceName,
            user: userId,
            session: sessionId,
          });
        }
      }
    },
  );
});
