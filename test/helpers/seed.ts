import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The seed release. The tests read the copy kept in the fixtures, so a clone runs them without the
 * shared folder; `seed.test.ts` checks the copy against the original wherever the original is.
 */
export const SEED_COPY = join(import.meta.dirname, '..', 'fixtures', 'releases', 'seed.txt');
export const SEED_ORIGINAL = join(import.meta.dirname, '..', '..', '..', 'shared', 'seed', '000_7167ab428842f2f5.txt');
export const SEED_TEXT = readFileSync(SEED_COPY, 'utf8');
export const seedOriginalPresent = () => existsSync(SEED_ORIGINAL);
