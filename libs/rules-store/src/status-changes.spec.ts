import {
  buildRulesIndex,
  evaluateDraft,
  instrumentStatusAt,
  loadBundledRulesData,
  parseRulesData,
} from '@comity/treaty-rules';
import { applyStatusChange, withStatusChanges, type InstrumentStatusChange } from './status-changes';

const US_HN = 'us-hn-extradition-1909';

function change(
  id: string,
  effectiveFrom: string,
  status: InstrumentStatusChange['status'],
): InstrumentStatusChange {
  return {
    id,
    instrumentId: US_HN,
    status,
    effectiveFrom,
    reason: `test change ${id}`,
    source: 'Test note',
    article: null,
    confidence: 'confirmed',
    changedBy: null,
    changedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('instrument status changes', () => {
  const data = loadBundledRulesData();
  const bundled = data.instruments.instruments.find((i) => i.id === US_HN)!;

  it('should close the running period and drop later ones when a change takes effect', () => {
    // Arrange: bundled US–HN periods run 1912 → 2024-08-28 → 2026-01-10 → open.
    // Act
    const periods = applyStatusChange(bundled.status, change('1', '2025-01-01', 'suspended'));
    // Assert
    expect(periods.map((p) => [p.status, p.from, p.to])).toEqual([
      ['in-force', '1912-07-10', '2024-08-28'],
      ['denunciation-pending', '2024-08-28', '2025-01-01'],
      ['suspended', '2025-01-01', undefined],
    ]);
  });

  it.each([
    ['2024-06-01', 'in-force'],
    ['2025-06-01', 'suspended'],
    ['2026-03-01', 'in-force'],
    ['2027-03-01', 'denounced'],
  ])(
    'should see the status in effective order on %s when changes are entered out of order',
    (date, status) => {
      // Arrange: the later-dated change was entered first; same-day entries: the later one wins.
      const changes = [
        change('3', '2027-01-01', 'denounced'),
        change('4', '2025-01-01', 'unknown'),
        change('5', '2025-01-01', 'suspended'),
        change('6', '2026-01-01', 'in-force'),
      ];
      // Act
      const merged = withStatusChanges(data, changes).data;
      const instrument = merged.instruments.instruments.find((i) => i.id === US_HN)!;
      // Assert
      expect(instrumentStatusAt(instrument, date).status).toBe(status);
      expect(parseRulesData(merged).ok).toBe(true);
    },
  );

  it('should leave the input untouched and ignore changes to unknown instruments', () => {
    const unknown = { ...change('7', '2025-01-01', 'suspended'), instrumentId: 'no-such-treaty' };
    const { data: merged, ignored } = withStatusChanges(data, [
      change('8', '2025-01-01', 'suspended'),
      unknown,
    ]);
    expect(ignored).toEqual([unknown]);
    expect(bundled.status).toHaveLength(3);
    const evaluation = evaluateDraft(
      { requestingState: 'US', requestedState: 'HN', kind: 'extradition', date: '2025-06-01', offences: [] },
      buildRulesIndex(merged),
      '2025-06-01T00:00:00Z',
    );
    const basis = evaluation.bases.find((b) => b.instrumentId === US_HN)!;
    expect(basis.status).toBe('suspended');
    expect(basis.applicability).toBe('not-applicable');
  });
});
