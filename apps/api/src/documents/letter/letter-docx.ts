import { AlignmentType, Document, Footer, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { LetterModel } from './letter-model';

// The letter as a Word document, for the central authority to finish in a word processor;
// rendered from the same letter model as the PDF.
export function letterDocx(letter: LetterModel): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: letter.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: letter.addressee }),
    new Paragraph({ text: `${letter.reference ? `${letter.reference} · ` : ''}${letter.date}`, spacing: { after: 160 } }),
    new Paragraph({ children: [new TextRun({ text: letter.basis, bold: true })] }),
    new Paragraph({ text: letter.opening, spacing: { after: 200 } }),
  ];
  letter.sections.forEach((s, i) => {
    children.push(new Paragraph({ text: `${i + 1}. ${s.heading}`, heading: HeadingLevel.HEADING_2 }));
    if (s.citations.length) {
      children.push(new Paragraph({ children: [new TextRun({ text: s.citations.join('; '), italics: true, size: 18 })] }));
    }
    for (const p of s.paragraphs) children.push(new Paragraph({ text: p }));
    for (const item of s.items) children.push(new Paragraph({ text: item, bullet: { level: 0 } }));
  });
  children.push(
    new Paragraph({ text: letter.closing, spacing: { before: 240, after: 720 } }),
    new Paragraph({ text: '______________________________' }),
    new Paragraph({ children: [new TextRun({ text: letter.signature, italics: true })] }),
  );
  const document = new Document({
    title: letter.title,
    creator: 'Comity',
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [
      {
        properties: {},
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: letter.footer, size: 16 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
