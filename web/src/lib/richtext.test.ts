import { describe, expect, it } from 'vitest';
import { draftSpans, innermostKey } from './importDraft.ts';
import { moveItem, reorderIds, snippetSegments, spanSegments, unescapeEntities } from './richtext.ts';

describe('snippetSegments', () => {
  it('splits marked and plain text', () => {
    expect(snippetSegments('…the <mark>secrecy</mark> work of <mark>cadres</mark>')).toEqual([
      { text: '…the ', marked: false },
      { text: 'secrecy', marked: true },
      { text: ' work of ', marked: false },
      { text: 'cadres', marked: true },
    ]);
  });

  it('turns escaped text back into characters, so escaped markup stays text', () => {
    const segments = snippetSegments('&lt;script&gt;alert(1)&lt;/script&gt; <mark>保密</mark> &amp; &quot;x&quot; &#39;y&#39; &#x4e2d;');
    expect(segments[0]).toEqual({ text: '<script>alert(1)</script> ', marked: false });
    expect(segments[1]).toEqual({ text: '保密', marked: true });
    expect(segments[2]!.text).toBe(' & "x" \'y\' 中');
  });

  it('drops any real tag other than <mark> and keeps its text', () => {
    const segments = snippetSegments('<b>bold</b> <img src=x onerror=alert(1)><mark class="x">hit</mark><script>evil()</script>');
    expect(segments.map((s) => s.text).join('')).toBe('bold hitevil()');
    expect(segments.find((s) => s.marked)?.text).toBe('hit');
    expect(segments.some((s) => s.text.includes('<'))).toBe(false);
  });

  it('tolerates an unclosed mark and empty input', () => {
    expect(snippetSegments('a <mark>b')).toEqual([
      { text: 'a ', marked: false },
      { text: 'b', marked: true },
    ]);
    expect(snippetSegments('')).toEqual([]);
  });

  it('leaves unknown entities alone', () => {
    expect(unescapeEntities('&bogus; &#99999999;')).toBe('&bogus; &#99999999;');
  });
});

describe('spanSegments', () => {
  const text = 'On the afternoon of January 20th, the group met.';
  it('cuts the text at span edges and names the spans covering each piece', () => {
    const segments = spanSegments(text, [
      { key: 'halfDay', span: [7, 16] },
      { key: 'date', span: [20, 32] },
      { key: 'when', span: [3, 32] },
      { key: 'none', span: null },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.find((s) => s.text === 'afternoon')?.keys.sort()).toEqual(['halfDay', 'when']);
    expect(segments.find((s) => s.text === 'January 20th')?.keys.sort()).toEqual(['date', 'when']);
    expect(segments[0]).toMatchObject({ text: 'On ', keys: [] });
    expect(segments.at(-1)).toMatchObject({ text: ', the group met.', keys: [] });
  });

  it('clips spans outside the text and ignores empty ones', () => {
    const segments = spanSegments('abc', [
      { key: 'a', span: [2, 99] },
      { key: 'b', span: [1, 1] },
      { key: 'c', span: [-5, 1] },
    ]);
    expect(segments).toEqual([
      { text: 'a', start: 0, end: 1, keys: ['c'] },
      { text: 'b', start: 1, end: 2, keys: [] },
      { text: 'c', start: 2, end: 3, keys: ['a'] },
    ]);
  });

  it('answers the whole text as one piece without spans', () => {
    expect(spanSegments('abc', [])).toEqual([{ text: 'abc', start: 0, end: 3, keys: [] }]);
    expect(spanSegments('', [{ key: 'x', span: [0, 3] }])).toEqual([]);
  });
});

describe('reordering', () => {
  it('moves an item down and up', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('leaves the list as it is for moves out of range', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, 5)).toEqual(['a', 'b']);
    expect(moveItem(list, -1, 0)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 1)).not.toBe(list);
  });

  it('answers every id once in the new order after a drop, or null when nothing changes', () => {
    const next = reorderIds(['s1', 's2', 's3', 's4'], 's4', 's1');
    expect(next).toEqual(['s4', 's1', 's2', 's3']);
    expect(new Set(next).size).toBe(4);
    expect(reorderIds(['s1', 's2'], 's1', 's1')).toBeNull();
    expect(reorderIds(['s1', 's2'], 'x', 's1')).toBeNull();
  });
});

describe('import draft spans', () => {
  const draft = {
    language: 'en' as const,
    publishedOn: null,
    date: { value: '2023-01-20', span: [20, 32] as [number, number], year: { source: 'release' as const } },
    halfDay: { value: 'afternoon' as const, span: [7, 16] as [number, number] },
    body: null,
    group: { value: 'Group', span: [3, 40] as [number, number] },
    themes: [{ value: 't', span: [50, 60] as [number, number] }],
    host: { name: 'Liu Qiang', titles: [], span: [61, 70] as [number, number], spoke: true, speech: null },
    participants: [],
    speakers: [{ name: 'Lei Jie', titles: [], span: null }],
    speech: null,
    collectiveSpeech: { value: 'Members', span: [71, 78] as [number, number] },
    observers: [],
    guidance: [],
    conclusions: [{ value: 'r', span: [80, 90] as [number, number], kind: 'requirement' as const, leadIn: 'The meeting emphasized that', paragraph: 4 }],
    findings: [],
    requirements: [{ value: 'r', span: [80, 90] as [number, number] }],
    present: ['Liu Qiang', 'Lei Jie'],
  };

  it('keys every field of the draft', () => {
    expect(draftSpans(draft).map((s) => s.key)).toEqual(['date', 'halfDay', 'group', 'body', 'theme-0', 'host', 'speaker-0', 'collective', 'conclusion-0']);
  });

  it('picks the most specific field under a click', () => {
    const spans = draftSpans(draft);
    expect(innermostKey(spans, ['group', 'halfDay'])).toBe('halfDay');
    expect(innermostKey(spans, ['group'])).toBe('group');
    expect(innermostKey(spans, [])).toBeNull();
  });
});
