import { ensureWebBuilt } from './harness.ts';

/**
 * Builds dist/web once before any browser test file starts: the files run side by side, and two
 * builds into one folder at once would trample each other.
 */
export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
