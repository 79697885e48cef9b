/** Where V8 writes its perf map with `--perf-basic-prof`: one file per process id. */
export function perfMapPath(pid: number): string {
  return `/tmp/perf-${pid}.map`;
}

/** Names the code at an address, as V8's perf map last described it. */
export interface PerfMap {
  nameAt(address: number): string | undefined;
}

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** Line in the map: V8 reuses the addresses of collected code, and the later line is the current one. */
  readonly order: number;
}

/** How many earlier ranges a lookup checks for one that still contains the address. */
const OVERLAP_WINDOW = 64;

/**
 * Parses the perf map V8 writes with `--perf-basic-prof` (`<start> <size> <name>` per line, in hex):
 * the names of JIT code, which callgrind only knows by address.
 */
export function parsePerfMap(text: string): PerfMap {
  const ranges: CodeRange[] = [];
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/i.exec(line);
    if (match === null) continue;
    const start = Number.parseInt(match[1]!, 16);
    ranges.push({
      start,
      end: start + Number.parseInt(match[2]!, 16),
      name: match[3]!,
      order: ranges.length,
    });
  }
  ranges.sort((a, b) => a.start - b.start || a.order - b.order);
  return {
    nameAt(address) {
      let low = 0;
      let high = ranges.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (ranges[middle]!.start <= address) low = middle + 1;
        else high = middle;
      }
      let found: CodeRange | undefined;
      for (let index = low - 1; index >= 0 && index >= low - OVERLAP_WINDOW; index--) {
        const range = ranges[index]!;
        if (address < range.end && (found === undefined || range.order > found.order)) found = range;
      }
      return found?.name;
    },
  };
}
