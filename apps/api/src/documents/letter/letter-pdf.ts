import { dirname, join } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { LetterModel } from './letter-model';

// The letter as PDF, set in Roboto (shipped with pdfmake, embedded in every file; it covers
// Spanish: á é í ó ú ü ñ ¿ ¡ and the rest of Latin-1).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfmake = require('pdfmake') as {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
// A letter reads its fonts and nothing else: no other local file, no URL.
pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));
pdfmake.setUrlAccessPolicy(() => false);

export function letterPdf(letter: LetterModel): Promise<Buffer> {
  const content: Content[] = [
    { text: letter.title, style: 'title' },
    { text: letter.addressee, margin: [0, 0, 0, 4] },
    { text: [letter.reference ? `${letter.reference} · ` : '', letter.date], margin: [0, 0, 0, 8] },
    { text: letter.basis, bold: true, margin: [0, 0, 0, 6] },
    { text: letter.opening, margin: [0, 0, 0, 10] },
  ];
  letter.sections.forEach((s, i) => {
    content.push({ text: `${i + 1}. ${s.heading}`, style: 'heading' });
    if (s.citations.length) content.push({ text: s.citations.join('; '), style: 'citation' });
    for (const p of s.paragraphs) content.push({ text: p, margin: [0, 0, 0, 4] });
    if (s.items.length) content.push({ ul: s.items, margin: [0, 0, 0, 4] });
  });
  content.push(
    { text: letter.closing, margin: [0, 12, 0, 36] },
    { text: '______________________________' },
    { text: letter.signature, style: 'citation' },
  );
  return pdfmake
    .createPdf({
      info: { title: letter.title, subject: letter.reference ?? letter.caseId, creator: 'Comity' },
      language: letter.language,
      pageSize: 'A4',
      pageMargins: [60, 60, 60, 60],
      content,
      footer: (page: number, pages: number) => ({
        text: `${letter.footer} ${page}/${pages}`,
        style: 'footer',
        margin: [60, 20, 60, 0],
      }),
      defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
      styles: {
        title: { fontSize: 15, bold: true, margin: [0, 0, 0, 12] },
        heading: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 2] },
        citation: { fontSize: 9, italics: true, color: '#444444', margin: [0, 0, 0, 3] },
        footer: { fontSize: 8, color: '#666666' },
      },
    })
    .getBuffer();
}
