import '../test-setup.ts';
import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { displayOrder, joinTitles, localName, localTitles } from './format.ts';

afterAll(() => i18n.changeLanguage('en'));

describe('bilingual display', () => {
  it('shows English names and titles in English, falling back to Chinese', async () => {
    await i18n.changeLanguage('en');
    expect(localName('市委', 'Municipal Committee')).toBe('Municipal Committee');
    expect(localName('市委', null)).toBe('市委');
    expect(localTitles(['市委副书记', '市长'], ['Deputy Secretary', null])).toEqual(['Deputy Secretary', '市长']);
    expect(localTitles([{ zh: '市长', en: 'Mayor' }])).toEqual(['Mayor']);
    expect(joinTitles(['Deputy Secretary', 'Mayor'])).toBe('Deputy Secretary; Mayor');
  });

  it('shows the Chinese name and titles in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(localName('市委', 'Municipal Committee')).toBe('市委');
    expect(localTitles(['市委副书记', '市长'], ['Deputy Secretary', 'Mayor'])).toEqual(['市委副书记', '市长']);
    expect(joinTitles(['市委副书记', '市长'])).toBe('市委副书记、市长');
    expect(joinTitles([])).toBe('—');
  });

  it('numbers lists from 1', () => {
    expect(displayOrder(0)).toBe(1);
  });
});
