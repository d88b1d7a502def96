import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_ORIGINAL, SEED_TEXT, seedOriginalPresent } from './helpers/seed.ts';

describe('the seed release kept in the fixtures', () => {
  it.skipIf(!seedOriginalPresent())('is the seed document, word for word', () => {
    expect(SEED_TEXT).toBe(readFileSync(SEED_ORIGINAL, 'utf8'));
  });
});
