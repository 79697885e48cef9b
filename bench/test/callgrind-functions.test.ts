import { describe, expect, it } from 'vitest';
import {
  functionDisplayName,
  instructionsPerRequestByFunction,
  parseSelfInstructions,
} from '../src/instructions/callgrind-functions';
import { parsePerfMap } from '../src/instructions/perf-map';

// A main-thread file as callgrind 3.19 writes it (`--dump-instr=no`): compressed names, a call whose
// line carries the callee's inclusive cost, JIT code known only by address.
const CALLGRIND_OUTPUT = [
  'version: 1',
  'positions: line',
  'events: Ir',
  'fl=(1) ???',
  'fn=(1) 0x0000000000001010',
  '0 100',
  'cfn=(2) Builtins_LoadIC',
  'calls=3 0',
  '0 900',
  '+2 20',
  'fn=(2)',
  '0 900',
  'fn=(3) v8::internal::JSObject::MigrateToMap(v8::internal::Isolate*, v8::internal::Handle<v8::internal::JSObject>) const',
  '* 7',
  "fn=(4) Builtins_LoadIC'2",
  '0 5',
  'totals: 1032',
  '',
].join('\n');

// V8's perf map: the code at 0x1000 was collected and its addresses reused by a later function.
const PERF_MAP = [
  '1000 40 JS:~enter file:///work/main/packages/koa/dist/index.js:65:17',
  '1000 40 JS:*apply file:///work/main/packages/core/dist/index.js:743:17',
  '2000 10 JS:*get headers /work/main/node_modules/.pnpm/koa@3.3.0/node_modules/koa/lib/request.js:58:15',
  '3000 10 RegExp:[\\u0000-\\u001f]',
  // Node 24's names: a `'` after the tier marker, regular expressions with their flags.
  "4000 10 JS:*'normalizeId file:///work/main/packages/core/dist/index.js:230:21",
  "5000 10 RegExp.> src: '[\\u0000-\\u001f]' flags: 'i'",
  '',
].join('\n');

describe('parseSelfInstructions', () => {
  it("counts each function's own cost lines, not the inclusive cost of its calls", () => {
    expect(Object.fromEntries(parseSelfInstructions(CALLGRIND_OUTPUT))).toEqual({
      '0x0000000000001010': 120,
      Builtins_LoadIC: 900,
      "Builtins_LoadIC'2": 5,
      'v8::internal::JSObject::MigrateToMap(v8::internal::Isolate*, v8::internal::Handle<v8::internal::JSObject>) const': 7,
    });
  });
});

describe('parsePerfMap', () => {
  it('names an address from the latest code at it, and nothing outside every range', () => {
    const map = parsePerfMap(PERF_MAP);
    expect(map.nameAt(0x1020)).toBe('JS:*apply file:///work/main/packages/core/dist/index.js:743:17');
    expect(map.nameAt(0x1040)).toBeUndefined();
    expect(map.nameAt(0x0fff)).toBeUndefined();
  });
});

describe('functionDisplayName', () => {
  const map = parsePerfMap(PERF_MAP);

  it('names JIT code by function and package path, without the tier marker', () => {
    expect(functionDisplayName('0x0000000000001010', map)).toBe('apply packages/core/dist/index.js:743');
    expect(functionDisplayName("0x0000000000002004'2", map)).toBe('get headers koa/lib/request.js:58');
    expect(functionDisplayName('0x0000000000003000', map)).toBe('RegExp /[\\u0000-\\u001f]/');
    expect(functionDisplayName('0x0000000000004000', map)).toBe(
      'normalizeId packages/core/dist/index.js:230',
    );
    expect(functionDisplayName('0x0000000000005000', map)).toBe('RegExp /[\\u0000-\\u001f]/i');
    expect(functionDisplayName('0x0000000000009000', map)).toBe('JIT code without a name');
  });

  it('drops the namespace and parameter list of C++ functions, and callgrind’s context suffix', () => {
    expect(
      functionDisplayName(
        'v8::Maybe<bool> v8::internal::JSObject::PreventExtensionsWithTransition<(v8::internal::PropertyAttributes)5>(v8::internal::Isolate*)',
        map,
      ),
    ).toBe('v8::Maybe<bool> JSObject::PreventExtensionsWithTransition<(PropertyAttributes)5>');
    expect(functionDisplayName("Builtins_LoadIC'2", map)).toBe('Builtins_LoadIC');
  });
});

describe('instructionsPerRequestByFunction', () => {
  it('adds up the contexts of one function and divides by the requests', () => {
    const perRequest = instructionsPerRequestByFunction(
      parseSelfInstructions(CALLGRIND_OUTPUT),
      parsePerfMap(PERF_MAP),
      5,
    );
    expect(perRequest).toEqual({
      'apply packages/core/dist/index.js:743': 24,
      Builtins_LoadIC: 181,
      'JSObject::MigrateToMap': 1.4,
    });
  });
});
