// The text of a PDF as a reader extracts it (pdfjs-dist), pages joined, whitespace collapsed;
// `omit` takes out running text such as page footers, which would otherwise split a paragraph
// that runs over a page break.
export async function pdfText(pdf: Buffer, omit?: RegExp): Promise<string> {
  // pdfjs-dist is an ES module; jest loads it with vm modules enabled (scripts/test.sh).
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loadingTask = pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 });
  const document = await loadingTask.promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await loadingTask.destroy();
  const text = pages.join(' ').replace(/\s+/g, ' ');
  return (omit ? text.replace(omit, ' ') : text).replace(/\s+/g, ' ');
}
