import { describe, expect, it } from 'vitest';
import { chineseDate, documentMark, renderOfficialDocx } from '../../src/documents/official.ts';
import { openDocx } from '../helpers/docx.ts';

const base = {
  issuer: '市委督查室',
  number: '督办〔2023〕1号',
  title: '督办通知单',
  addressee: '市委保密办',
  blocks: [
    { kind: 'paragraph' as const, text: '根据市委理论学习中心组学习会议要求，现将下列事项交你单位牵头办理。' },
    { kind: 'heading1' as const, text: '一、办理要求' },
    { kind: 'form' as const, rows: [['事项名称', '落实保密工作责任制'], ['办理时限', '2023年3月31日']] as [string, string][] },
    { kind: 'table' as const, headers: ['单位', '交办'], rows: [['市委保密办', '3']] },
  ],
  date: '2023-01-20',
};

describe('official documents (GB/T 9704)', () => {
  it('writes the date with 年月日 and marks only what is above public', () => {
    expect(chineseDate('2023-01-20')).toBe('2023年1月20日');
    expect(chineseDate('2024-12-05')).toBe('2024年12月5日');
    expect(documentMark('public')).toBeNull();
    expect(documentMark('internal')).toBe('内部');
    expect(documentMark('jimi')).toBe('机密★');
  });

  it('lays out issuer, title, body, signature and date in the standard fonts and sizes, with page numbers "— n —"', async () => {
    const doc = await openDocx(await renderOfficialDocx({ ...base, level: 'public' }));
    expect(doc.paragraphs.slice(0, 5)).toEqual(['市委督查室', '督办〔2023〕1号', '督办通知单', '市委保密办：', '根据市委理论学习中心组学习会议要求，现将下列事项交你单位牵头办理。']);
    expect(doc.text).toContain('事项名称');
    expect(doc.text).toContain('落实保密工作责任制');
    expect(doc.paragraphs.slice(-2)).toEqual(['市委督查室', '2023年1月20日']);
    // No mark on a public document.
    expect(doc.text).not.toMatch(/内部|秘密|机密|绝密/);
    // Body 仿宋_GB2312 三号 (32 half-points), title 方正小标宋简体 二号 (44), headings 黑体, issuer red.
    expect(doc.xml).toMatch(/w:eastAsia="仿宋_GB2312"[^>]*\/>(<w:[^>]*>)*<w:sz w:val="32"\/>/);
    expect(doc.xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<w:[^>]*>)*<w:sz w:val="44"\/>[\s\S]*?<w:t[^>]*>督办通知单</);
    expect(doc.xml).toContain('w:eastAsia="黑体"');
    expect(doc.xml).toContain('w:color w:val="FF0000"');
    // A4 with the 37 mm top and 28 mm left margins.
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc.xml).toMatch(/w:top="2098"/);
    expect(doc.xml).toMatch(/w:left="1587"/);
    // Odd pages right, even pages left, each "— PAGE —".
    expect(doc.settings).toContain('w:evenAndOddHeaders');
    expect(doc.footers).toHaveLength(2);
    for (const footer of doc.footers) {
      expect(footer).toContain('PAGE');
      expect(footer).toMatch(/<w:t[^>]*>— <\/w:t>/);
      expect(footer).toMatch(/<w:t[^>]*> —<\/w:t>/);
    }
    expect(doc.footers.join()).toMatch(/w:jc w:val="right"/);
    expect(doc.footers.join()).toMatch(/w:jc w:val="left"/);
  });

  it('puts the mark and period at the top left, in 黑体, above the issuer', async () => {
    const secret = await openDocx(await renderOfficialDocx({ ...base, level: 'jimi' }));
    expect(secret.paragraphs[0]).toBe('机密★');
    expect(secret.paragraphs[1]).toBe('市委督查室');
    expect(secret.xml).toMatch(/w:eastAsia="黑体"[^>]*\/>(<w:[^>]*>)*<w:sz w:val="32"\/>(<[^>]*>)*<w:t[^>]*>机密★</);
    const internal = await openDocx(await renderOfficialDocx({ ...base, level: 'internal' }));
    expect(internal.paragraphs[0]).toBe('内部');
  });
});
