import type { PerfMap } from './perf-map';

/**
 * Instructions each function executed itself (callees excluded), from one callgrind output file, by
 * the name callgrind gives it: a symbol, or for JIT code its address (`0x…`). Reads the first event
 * of each cost line, which is `Ir` (instructions) in every callgrind output.
 */
export function parseSelfInstructions(text: string): Map<string, number> {
  const positions = /^positions:\s*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/).length ?? 1;
  const names = new Map<string, string>();
  const self = new Map<string, number>();
  /** Resolves `(id) name` (defines the id) or `(id)` (refers to it), callgrind's name compression. */
  const nameOf = (spec: string): string => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (match === null) return spec;
    if (match[2] !== undefined) names.set(match[1]!, match[2]);
    return names.get(match[1]!) ?? spec;
  };
  let current: string | undefined;
  let nextLineIsCall = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) {
      current = nameOf(line.slice(3));
      nextLineIsCall = false;
    } else if (line.startsWith('cfn=')) {
      nameOf(line.slice(4));
    } else if (line.startsWith('calls=')) {
      nextLineIsCall = true;
    } else if (/^[0-9+\-*]/.test(line)) {
      // A call's line carries the callee's inclusive cost, which is not this function's own.
      if (nextLineIsCall) nextLineIsCall = false;
      else if (current !== undefined) {
        const instructions = Number(line.split(' ')[positions] ?? 0);
        self.set(current, (self.get(current) ?? 0) + instructions);
      }
    }
  }
  return self;
}

/** Shortens a JavaScript function's location to what identifies it: its package path and line. */
function shortLocation(location: string): string {
  return location
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/(packages|bench)\//, '$1/')
    .replace(/:(\d+):\d+$/, ':$1');
}

/**
 * A readable name for one function of callgrind's output: JIT code named from V8's perf map
 * (`JS:*name file:line:column`, the tier marker dropped so that a function's interpreted, baseline
 * and optimized code add up), C++ names without `v8::internal::` and their parameter lists.
 */
export function functionDisplayName(callgrindName: string, perfMap: PerfMap | undefined): string {
  const name = callgrindName.replace(/'\d+$/, ''); // callgrind's suffix for a function's nth context
  if (/^0x[0-9a-f]+$/i.test(name)) {
    const jit = perfMap?.nameAt(Number.parseInt(name, 16));
    return jit === undefined ? 'JIT code without a name' : jitDisplayName(jit);
  }
  return withoutParameters(name.replaceAll('v8::internal::', ''));
}

/**
 * A perf map name without what differs between Node versions and tiers: V8's tier marker (`~`
 * interpreted, `^` baseline, `+` Maglev, `*` TurboFan; Node 24 adds `'`), the column, and the
 * path up to the package; regular expressions as `RegExp /source/flags` (Node 20 writes
 * `RegExp:source`, Node 24 `RegExp.> src: 'source' flags: 'flags'`).
 */
function jitDisplayName(jit: string): string {
  const regExp = /^RegExp(?::(.*)|\.> src: '(.*)' flags: '(.*)')$/.exec(jit);
  if (regExp !== null) return `RegExp /${regExp[1] ?? regExp[2]}/${regExp[3] ?? ''}`;
  const js = /^JS:[*~^+]?'?(.*) (\S+)$/.exec(jit);
  if (js === null) return jit;
  return `${js[1] || '(anonymous)'} ${shortLocation(js[2]!)}`;
}

/** A C++ signature without its parameter list: up to the `(` that matches the last `)`. */
function withoutParameters(signature: string): string {
  const trimmed = signature.replace(/\s+const$/, '');
  if (!trimmed.endsWith(')')) return trimmed;
  let depth = 0;
  for (let index = trimmed.length - 1; index > 0; index--) {
    if (trimmed[index] === ')') depth++;
    else if (trimmed[index] === '(' && --depth === 0) return trimmed.slice(0, index);
  }
  return trimmed;
}

/** Self instructions per function under display names (see {@link functionDisplayName}), divided by `requests`. */
export function instructionsPerRequestByFunction(
  self: ReadonlyMap<string, number>,
  perfMap: PerfMap | undefined,
  requests: number,
): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const [name, instructions] of self) {
    const display = functionDisplayName(name, perfMap);
    byName[display] = (byName[display] ?? 0) + instructions / requests;
  }
  return byName;
}
