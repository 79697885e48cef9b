import { configure, type IdField, type InvalidIdReason } from '../../src/index';

/** One `onInvalidId(field, reason)` call. */
export type InvalidIdReport = [IdField, InvalidIdReason];

/**
 * Configures `onInvalidId` to record every call and returns the live list. Other options are kept
 * (configure merges), so combine it with `configure({ hashUserId })` and the like freely.
 */
export function recordInvalidIds(): InvalidIdReport[] {
  const reports: InvalidIdReport[] = [];
  configure({ onInvalidId: (field, reason) => reports.push([field, reason]) });
  return reports;
}
