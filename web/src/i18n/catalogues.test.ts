import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { pickLanguage } from './index.ts';

function flatten(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\./.test(name) ? [path] : [];
  });
}

describe('catalogues', () => {
  it('has both texts for every server error code the web words itself, the Chinese without English words', () => {
    const codes = (catalogue: object) => (catalogue as { errorCodes?: Record<string, string> }).errorCodes ?? {};
    const zh = codes(zhCN);
    const english = codes(en);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(english).sort());
    for (const code of Object.keys(english)) {
      expect(english[code]!.trim(), `en errorCodes.${code}`).not.toBe('');
      expect(zh[code]!.trim(), `zh-CN errorCodes.${code}`).not.toBe('');
      expect(zh[code]!.replace(/\{\{\w+\}\}/g, '').match(/[A-Za-z]{2,}/g) ?? [], `zh-CN errorCodes.${code}`).toEqual([]);
    }
  });

  it('zh-CN and en have the same keys', () => {
    expect(flatten(zhCN).sort()).toEqual(flatten(en).sort());
  });

  it('every literal key used in the code exists in both', () => {
    const keys = new Set(flatten(en));
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*['"]([a-zA-Z]+\.[a-zA-Z.]+)['"]/g)) used.add(m[1]!);
      for (const m of text.matchAll(/labelKey: '([a-zA-Z.]+)'/g)) used.add(m[1]!);
    }
    const missing = [...used].filter((k) => !keys.has(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  it('picks zh-CN for any Chinese preference, else English', () => {
    expect(pickLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
