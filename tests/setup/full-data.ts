import { describe, it } from 'vitest';
import { withoutFullData } from './shared-data.js';

// Kept apart from shared-data.ts, which bench scripts import outside vitest.

/** `describe` for a suite that needs the full data set (see withoutFullData). */
export function describeWithFullData(name: string, fn: () => void): void {
  describe.skipIf(withoutFullData(name))(name, fn);
}

/** `it` for a test that needs the full data set (see withoutFullData). */
export function itWithFullData(name: string, fn: () => unknown, timeout?: number): void {
  it.skipIf(withoutFullData(name))(name, fn, timeout);
}
