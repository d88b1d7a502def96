import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckCharacter, isResidentIdNumber, luhnValid } from '../../src/secrecy/review/personal.ts';
import { buildScanner, findStarMark, type Finding } from '../../src/secrecy/review/scanner.ts';
import { MAX_GAP, compileMatcher, scanRaw } from '../../src/secrecy/review/matcher.ts';
import { foldString, foldWithOffsets } from '../../src/secrecy/review/normalize.ts';
import { SEED, SEED_SECRECY_ZH } from './fixtures.ts';

const scanner = buildScanner([
  { listId: 'a', listName: '敏感词表', term: '敏感词语' },
  { listId: 'a', listName: '敏感词表', term: '内部会议' },
  { listId: 'b', listName: 'English list', term: 'falun' },
  { listId: 'b', listName: 'English list', term: 'ass' },
]);
const kinds = (findings: Finding[]) => findings.map((f) => f.kind);
const scan = (text: string) => {
  const findings = scanner.scan(text);
  for (const f of findings) expect(f.excerpt).toBe(text.slice(f.start, f.end));
  return findings;
};

const validId = (first17: string) => `${first17}${idCheckCharacter(first17)}`;
const wrongCheck = (first17: string) => `${first17}${idCheckCharacter(first17) === '1' ? '2' : '1'}`;
/** Appends the Luhn check digit. */
const luhn = (body: string) => {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
};

describe('review scanner: documents that must pass clean', () => {
  it('the seed release passes clean', () => {
    expect(scan(SEED)).toEqual([]);
  });

  it('a Chinese translation of its secrecy paragraph passes clean', () => {
    expect(scan(SEED_SECRECY_ZH)).toEqual([]);
  });

  it.each([
    '要严防国家秘密泄露，依法做好定密工作。',
    '企业要保护商业机密和个人隐私。',
    '绝密文件的管理办法由保密行政管理部门另行规定。',
    'The secretary stressed confidentiality work and the secret ballot rules.',
    'Top-level design and the secrecy of correspondence are protected.',
    'THE SECRET OF SUCCESS',
  ])('an ordinary sentence about secrecy work passes: %s', (text) => {
    expect(scan(text)).toEqual([]);
  });
});

describe('review scanner: marks and level words', () => {
  it.each([
    ['本件 秘密★10年', '秘密★10年'],
    ['机密★6个月', '机密★6个月'],
    ['绝密★长期 请妥善保管', '绝密★长期'],
    ['机密★2027年12月31日。', '机密★2027年12月31日'],
    ['秘密★会议开始前，不得外传', '秘密★会议开始前'],
    ['机密★', '机密★'],
    ['機密★5年', '機密★5年'],
  ])('finds the ★ mark in %s', (text, excerpt) => {
    const findings = scan(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'mark', excerpt });
    expect(findings[0]!.reason).toMatch(/never published/);
  });

  it.each([
    ['绝密\n关于某事项的请示', '绝密'],
    ['【机密】关于某事项的通知', '机密'],
    ['密级：秘密\n正文', '秘密'],
    ['TOP SECRET//NOFORN', 'TOP SECRET//NOFORN'],
    ['Confidential// release to staff', 'Confidential//'],
    ['This annex is SECRET and stays here.', 'SECRET'],
    ['The Top Secret annex.', 'Top Secret'],
    ['(Secret) annex', 'Secret'],
  ])('finds a level word written as a marking in %s', (text, excerpt) => {
    const findings = scan(text);
    expect(kinds(findings)).toEqual(['level_word']);
    expect(findings[0]!.excerpt).toBe(excerpt);
  });
});

describe('review scanner: marks typed the way people type them', () => {
  it.each([
    ['机 密 ★ 十 年', '机 密 ★ 十 年', '机密★10年'],
    ['秘　密★', '秘　密★', '秘密★'],
    ['本件秘密 ★ 5年，注意保管', '秘密 ★ 5年', '秘密★5年'],
    ['机密★十年', '机密★十年', '机密★10年'],
    ['绝密★二十年内有效', '绝密★二十年', '绝密★20年'],
    ['机密★六个月', '机密★六个月', '机密★6个月'],
    ['机\u200b密★', '机\u200b密★', '机密★'],
    ['機密★', '機密★', '机密★'],
    ['秘密*10年', '秘密*10年', '秘密★10年'],
    ['机密＊ 二〇二七年十二月三十一日', '机密＊ 二〇二七年十二月三十一日', '机密★2027年12月31日'],
    ['绝密☆长期', '绝密☆长期', '绝密★长期'],
    ['秘密★会议开始前 请妥善保管', '秘密★会议开始前', '秘密★会议开始前'],
  ])('reads the mark in %s', (text, excerpt, mark) => {
    const findings = scan(text);
    expect(findings.map((f) => [f.kind, f.excerpt, f.params?.mark])).toEqual([['mark', excerpt, mark]]);
    expect(findings[0]).toMatchObject({ code: 'mark', severity: 'block' });
  });

  it.each([
    ['【机 密】关于某事项的通知', '机 密'],
    ['密级：机 密\n正文', '机 密'],
    ['密 级 ： 秘　密', '秘　密'],
    ['〔絕密〕', '絕密'],
    ['机 密\n关于某事项的请示', '机 密'],
  ])('finds a spaced or bracketed level word written as a marking in %s', (text, excerpt) => {
    expect(scan(text).map((f) => [f.kind, f.excerpt])).toEqual([['level_word', excerpt]]);
  });

  it.each([
    '各级党组织要教育党员保守秘密，严守纪律。',
    '保 守 秘 密 是 每 个 党 员 的 义 务',
    '宇宙的奥秘，密切联系群众。',
    '**机密**文件的管理另有规定',
    '请阅读*机密*一词的定义',
    '泄露国家秘密 的行为',
  ])('leaves ordinary prose alone: %s', (text) => {
    expect(scan(text)).toEqual([]);
  });
});

describe('review scanner: keywords', () => {
  it.each([
    ['他说了敏感词语。', '敏感词语'],
    ['他说了敏 感 词 语。', '敏 感 词 语'],
    ['他说了敏·感、词，语。', '敏·感、词，语'],
    ['他说了敏感詞語。', '敏感詞語'],
    ['参加內部會議的人', '內部會議'],
    ['ＦＡＬＵＮ here', 'ＦＡＬＵＮ'],
    ['F a l u n here', 'F a l u n'],
  ])('finds a keyword in %s', (text, excerpt) => {
    const findings = scan(text);
    expect(kinds(findings)).toEqual(['keyword']);
    expect(findings[0]!.excerpt).toBe(excerpt);
    expect(findings[0]!.reason).toMatch(/on the list/);
  });

  it('does not find a Latin keyword inside a longer word, nor a keyword spread over a paragraph', () => {
    expect(scan('a class of its own, the assembly')).toEqual([]);
    expect(scan('敏感……………………词语')).toEqual([]);
  });

  it('finds a planted keyword with any separators inserted, at the right offsets (property)', () => {
    const filler = fc.array(fc.constantFrom(...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动'.split('')), { maxLength: 30 }).map((a) => a.join(''));
    const sep = fc.array(fc.constantFrom(' ', '·', '，', '\u3000', '-', '*', ''), { maxLength: 2 }).map((a) => a.join(''));
    fc.assert(
      fc.property(filler, fc.array(sep, { minLength: 3, maxLength: 3 }), fc.boolean(), filler, (before, seps, traditional, after) => {
        const chars = traditional ? ['敏', '感', '詞', '語'] : ['敏', '感', '词', '语'];
        const planted = chars[0]! + seps[0] + chars[1] + seps[1] + chars[2] + seps[2] + chars[3];
        const text = before + planted + after;
        const hit = scanner.scan(text).find((f) => f.kind === 'keyword');
        expect(hit).toBeDefined();
        expect(hit!.start).toBe(before.length);
        expect(hit!.end).toBe(before.length + planted.length);
      }),
      { numRuns: 300 },
    );
  });

  it('folds full-width, traditional and case the same way for keywords and text', () => {
    expect(foldString('國家機密 ＡＢＣ１２３')).toBe('国家机密abc123');
  });
});

describe('review scanner: personal data', () => {
  const first17 = '11010519491231002';

  it('validates resident identity numbers by the GB 11643 checksum', () => {
    expect(isResidentIdNumber(validId(first17))).toBe(true);
    expect(isResidentIdNumber(wrongCheck(first17))).toBe(false);
    expect(isResidentIdNumber('11010519491331002X')).toBe(false); // month 13
  });

  it('blocks an ID number whose region, birth date and check digit all hold', () => {
    const valid = scan(`身份证号${validId(first17)}。`);
    expect(valid.map((f) => [f.kind, f.code, f.severity, f.excerpt])).toEqual([['id_number', 'id_number', 'block', validId(first17)]]);
  });

  it('warns, without blocking, of an ID number whose region and birth date hold but whose check digit is wrong', () => {
    const typo = wrongCheck(first17);
    const findings = scan(`编号${typo}。`);
    expect(findings.map((f) => [f.kind, f.code, f.severity, f.excerpt])).toEqual([['id_number', 'id_number_check_digit', 'warn', typo]]);
    expect(findings[0]!.reason).toMatch(/typing error/);
  });

  it('does not flag 18 digits whose region or birth date is not real, whatever the check digit', () => {
    const badRegion = '99010519491231002'; // 99 is no province
    const badDate = '11010519491331002'; // month 13
    const future = '11010530990101002'; // born in 3099
    for (const first of [badRegion, badDate, future]) {
      expect(isResidentIdNumber(validId(first))).toBe(false);
      expect(scan(`编号${validId(first)}。`).filter((f) => f.kind === 'id_number')).toEqual([]);
      expect(scan(`编号${wrongCheck(first)}。`).filter((f) => f.kind === 'id_number')).toEqual([]);
    }
  });

  it('flags an ID number ending in X', () => {
    // Find a body whose check character is X.
    let body = '';
    for (let n = 0; n < 1000 && !body; n++) {
      const candidate = `44010619900101${String(n).padStart(3, '0')}`;
      if (idCheckCharacter(candidate) === 'X') body = candidate;
    }
    expect(kinds(scan(`证件：${body}X`))).toEqual(['id_number']);
    expect(kinds(scan(`证件：${body}x，`))).toEqual(['id_number']);
  });

  it('flags bank card numbers that pass Luhn, and not ones that fail', () => {
    const card16 = luhn('622202123456789');
    const card19 = luhn('621700001234567890');
    const bad = `${card16.slice(0, 15)}${(Number(card16[15]) + 1) % 10}`;
    expect(kinds(scan(`卡号${card16}`))).toEqual(['bank_card']);
    expect(kinds(scan(`卡号 ${card19.replace(/(\d{4})(?=\d)/g, '$1 ')} 收`))).toEqual(['bank_card']);
    expect(scan(`卡号${bad}`)).toEqual([]);
  });

  it('flags mobile and landline numbers', () => {
    expect(kinds(scan('电话13812345678'))).toEqual(['mobile']);
    expect(kinds(scan('电话 +86 139 1234 5678'))).toEqual(['mobile']);
    expect(kinds(scan('电话138-1234-5678'))).toEqual(['mobile']);
    expect(kinds(scan('办公室0571-88886666'))).toEqual(['landline']);
    expect(kinds(scan('办公室（010）6512 3456'))).toEqual(['landline']);
    expect(kinds(scan('服务热线400-123-4567'))).toEqual(['landline']);
    expect(scan('共12345678人次，编号20230121')).toEqual([]);
    expect(scan('电话12812345678')).toEqual([]);
  });

  it('flags e-mail addresses', () => {
    const findings = scan('请联系 zhang.san+news@mail.example.gov.cn。');
    expect(kinds(findings)).toEqual(['email']);
    expect(findings[0]!.excerpt).toBe('zhang.san+news@mail.example.gov.cn');
    expect(scan('@某人 说 a@b')).toEqual([]);
  });
});

describe('the ceiling guard reads marks as the scanner does', () => {
  it.each([
    ['機密★', '機密★'],
    ['机\u200b密★', '机\u200b密★'],
    ['机 密 ★', '机 密 ★'],
    ['秘\u3000密★10年', '秘\u3000密★10年'],
    ['附件（秘密*十年）', '秘密*十年'],
    ['ＸＸ绝\u2060密＊长期', '绝\u2060密＊长期'],
  ])('finds %s', (text, excerpt) => {
    expect(findStarMark(text)?.excerpt).toBe(excerpt);
  });

  it('finds no mark in ordinary prose about secrets', () => {
    for (const text of [SEED, SEED_SECRECY_ZH, '严格落实保密工作责任制，严防国家秘密泄露', '★ Five-star hotel', '**机密**文件']) expect(findStarMark(text)).toBeNull();
  });
});

describe('matcher against a naive reference (property)', () => {
  // Small alphabets make overlaps, shared prefixes and failure links common.
  const letters = ['甲', '乙', '丙', '丁', '戊', '甲', '乙', 'a', 'B', '1', '２'];
  const noise = [' ', '，', '·', '\u3000', '-', '龘', 'z'];
  const keyword = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
  const text = fc.array(fc.oneof(fc.constantFrom(...letters), fc.constantFrom(...noise)), { maxLength: 80 }).map((a) => a.join(''));

  /** Every occurrence of every keyword in the folded text, with at most MAX_GAP skipped characters between two of its characters. */
  function naive(keywords: string[], input: string): string[] {
    const { units, offsets, length } = foldWithOffsets(input);
    const folded = String.fromCharCode(...units.subarray(0, length));
    const found = new Set<string>();
    for (const k of new Set(keywords.map(foldString))) {
      for (let at = folded.indexOf(k); at >= 0; at = folded.indexOf(k, at + 1)) {
        let ok = true;
        for (let j = at + 1; j < at + k.length; j++) if (offsets[j]! - offsets[j - 1]! - 1 > MAX_GAP) ok = false;
        if (ok) found.add(`${k}@${offsets[at]}-${offsets[at + k.length - 1]! + 1}`);
      }
    }
    return [...found].sort();
  }

  it('finds exactly the occurrences a naive search finds, at the same offsets', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyword, { minLength: 1, maxLength: 8 }), text, (keywords, input) => {
        const folded = [...new Set(keywords.map(foldString))];
        const matcher = compileMatcher(folded);
        const raw = scanRaw(matcher, input);
        const got = new Set<string>();
        for (let j = 0; j < raw.hits.length; j += 3) got.add(`${folded[raw.hits.data[j]!]}@${raw.hits.data[j + 1]}-${raw.hits.data[j + 2]}`);
        expect([...got].sort()).toEqual(naive(keywords, input));
      }),
      { numRuns: 1500 },
    );
  });
});
