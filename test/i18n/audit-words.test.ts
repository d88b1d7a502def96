import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCodes } from './audit-codes.ts';

// The audit page shows each action and object type in words (web/src/lib/auditWords.ts): a code the
// server writes with no words in a catalogue would reach the secrecy officer as a raw code.

const catalogue = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../web/src/i18n', `${name}.json`), 'utf8')) as { audit: Record<string, unknown> };
const CATALOGUES = { 'zh-CN': catalogue('zh-CN'), en: catalogue('en') };

/** The text at a dotted path (codes are nested by their dots), or undefined. */
function at(section: unknown, code: string): unknown {
  return code.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined), section);
}

describe('audit codes in words', () => {
  const codes = auditCodes();

  it('enumerates every code the server writes, computed ones included', () => {
    // A computed part the scan cannot enumerate must be named in audit-codes.ts RESOLVE.
    expect(codes.unresolved).toEqual([]);
    expect(codes.actions.size).toBeGreaterThan(150);
    for (const code of ['study_session.create', 'study_session.theme_add', 'duty_task.assign', 'duty_task.due_soon', 'unit.list', 'person.export', 'person.ledger', 'knowable.member.approve', 'rectification.close']) {
      expect(codes.actions, code).toContain(code);
    }
    expect(codes.objectTypes).toContain('study_session');
    expect(codes.objectTypes).toContain('units');
  });

  for (const [name, { audit }] of Object.entries(CATALOGUES)) {
    it(`${name} words every action and object type`, () => {
      const missing = [
        ...[...codes.actions].filter((c) => typeof at(audit.actions, c) !== 'string' || !(at(audit.actions, c) as string).trim()).map((c) => `audit.actions.${c}`),
        ...[...codes.objectTypes].filter((c) => typeof at(audit.objectTypes, c) !== 'string' || !(at(audit.objectTypes, c) as string).trim()).map((c) => `audit.objectTypes.${c}`),
      ];
      expect(missing).toEqual([]);
    });
  }

  it('the Chinese words hold no English words', () => {
    const { audit } = CATALOGUES['zh-CN'];
    const english = [...codes.actions].map((c) => [c, at(audit.actions, c)] as const).concat([...codes.objectTypes].map((c) => [c, at(audit.objectTypes, c)] as const));
    expect(english.filter(([, words]) => typeof words === 'string' && /[A-Za-z]{2,}/.test(words))).toEqual([]);
  });
});
