import { GCProfiler, getHeapStatistics } from 'node:v8';

/**
 * Starts counting the bytes allocated on the V8 heap; the returned function stops and returns the
 * count. Between two garbage collections the used heap only grows by allocation, so the count is
 * the sum of that growth: from the start to the first collection, from the end of each collection
 * to the start of the next, and from the last one to the stop (`v8.GCProfiler` reports the used
 * heap before and after each collection).
 */
export function countHeapAllocations(): () => number {
  const profiler = new GCProfiler();
  let usedAfterPrevious = getHeapStatistics().used_heap_size;
  profiler.start();
  return () => {
    const usedAtStop = getHeapStatistics().used_heap_size;
    let allocated = 0;
    for (const collection of profiler.stop().statistics) {
      allocated += collection.beforeGC.heapStatistics.usedHeapSize - usedAfterPrevious;
      usedAfterPrevious = collection.afterGC.heapStatistics.usedHeapSize;
    }
    return allocated + usedAtStop - usedAfterPrevious;
  };
}
