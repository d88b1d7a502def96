import JSZip from 'jszip';

export interface OpenedDocx {
  /** word/document.xml as written. */
  xml: string;
  /** The text of the body, paragraph by paragraph. */
  paragraphs: string[];
  text: string;
  footers: string[];
  settings: string;
}

const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** Opens a DOCX the way Word would find its parts, for tests that check what a document says and how. */
export async function openDocx(buffer: Buffer): Promise<OpenedDocx> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0])).filter((t) => t.length > 0);
  const footerNames = Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name));
  const footers = await Promise.all(footerNames.map((name) => zip.file(name)!.async('string')));
  const settings = (await zip.file('word/settings.xml')?.async('string')) ?? '';
  return { xml, paragraphs, text: paragraphs.join('\n'), footers, settings };
}
