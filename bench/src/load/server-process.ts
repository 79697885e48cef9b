/**
 * Child process: one hello-world server of one framework in one variant on 127.0.0.1, an ephemeral port.
 * Usage (forked by the benchmark): server-process.js <framework> <variant>
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { countHeapAllocations } from '../allocations/heap-allocations';
import { FRAMEWORK_PACKAGES, isFramework, LISTENER_FACTORIES } from '../apps/frameworks';
import { REQUEST_KEY, served } from '../apps/identity';
import { packageVersion } from '../apps/package-version';
import { setUpVariant } from '../apps/variant-setup';
import { isVariant, VARIANT_TRAITS } from '../apps/variants';
import { answerRequests } from '../process/answer-requests';
import { mainThreadCpuMicros } from './main-thread-cpu';
import { settledHeapUsed } from './settled-heap';

/** What the server reports when it is ready. */
export interface ServerReady {
  readonly port: number;
  readonly nodeVersion: string;
  readonly frameworkVersion: string;
}

/** Server CPU time and requests served between `measure-start` and `measure-stop`. */
export interface ServerMeasurement {
  /** All threads of the process. */
  readonly cpuMicros: number;
  /** The main thread only, where Linux reports it (see {@link mainThreadCpuMicros}). */
  readonly mainThreadCpuMicros: number | undefined;
  readonly requests: number;
}

/** Bytes allocated on the V8 heap and requests served between `allocations-start` and `allocations-stop`. */
export interface ServerAllocations {
  readonly bytes: number;
  readonly requests: number;
}

/** Spans the variant's discarding exporter received, if it has an SDK. */
export interface ServerSpans {
  readonly exported: number;
  readonly lastAttributes: Record<string, unknown> | null;
}

const [framework = '', variant = ''] = process.argv.slice(2);
if (!isFramework(framework) || !isVariant(variant)) {
  throw new Error(`usage: server-process <framework> <variant>, got ${framework} ${variant}`);
}

const setup = await setUpVariant(variant);
const listener = await (await LISTENER_FACTORIES[framework]())(variant, setup.readIdentity);

/** Stands in for HTTP auto-instrumentation: each request enters a new OpenTelemetry context. */
function inRequestContext(inner: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) =>
    context.with(ROOT_CONTEXT.setValue(REQUEST_KEY, req), inner, undefined, req, res);
}

const server = createServer(
  VARIANT_TRAITS[variant].requestEntersOtelContext ? inRequestContext(listener) : listener,
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

let cpuAtStart = process.cpuUsage();
let mainThreadCpuAtStart = mainThreadCpuMicros();
let stopCountingAllocations: (() => number) | undefined;

answerRequests(
  {
    port: (server.address() as AddressInfo).port,
    nodeVersion: process.version,
    frameworkVersion: packageVersion(FRAMEWORK_PACKAGES[framework]),
  } satisfies ServerReady,
  {
    'measure-start': () => {
      served.count = 0;
      cpuAtStart = process.cpuUsage();
      mainThreadCpuAtStart = mainThreadCpuMicros();
    },
    'measure-stop': (): ServerMeasurement => {
      const cpu = process.cpuUsage(cpuAtStart);
      const mainThread = mainThreadCpuMicros();
      return {
        cpuMicros: cpu.user + cpu.system,
        mainThreadCpuMicros:
          mainThread === undefined || mainThreadCpuAtStart === undefined
            ? undefined
            : mainThread - mainThreadCpuAtStart,
        requests: served.count,
      };
    },
    'allocations-start': () => {
      served.count = 0;
      stopCountingAllocations = countHeapAllocations();
    },
    'allocations-stop': (): ServerAllocations => {
      if (stopCountingAllocations === undefined) throw new Error('allocations-stop before allocations-start');
      const bytes = stopCountingAllocations();
      stopCountingAllocations = undefined;
      return { bytes, requests: served.count };
    },
    heap: async () => {
      await setup.otel?.flush();
      return settledHeapUsed();
    },
    spans: async (): Promise<ServerSpans | null> => {
      if (setup.otel === undefined) return null;
      await setup.otel.flush();
      return {
        exported: setup.otel.exporter.exported,
        lastAttributes: setup.otel.exporter.lastAttributes ?? null,
      };
    },
  },
);
