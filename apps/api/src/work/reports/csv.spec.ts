import { toCsv } from './csv';

describe('toCsv', () => {
  it('should quote fields that need it, neutralise formulas and leave numbers and nulls plain', () => {
    const csv = toCsv(
      [
        { header: 'reference', value: (r: { ref: string; n: number | null }) => r.ref },
        { header: 'n', value: (r) => r.n },
      ],
      [
        { ref: 'HN, "42"', n: 3 },
        { ref: '=HYPERLINK("x")', n: null },
      ],
    );
    expect(csv).toBe('reference,n\r\n"HN, ""42""",3\r\n"\'=HYPERLINK(""x"")",\r\n');
  });
});
