import { actionBody, EMPTY_VALUES, formFor, orderActions } from './case-actions';

// Each action's form sends what its API input names, and nothing the user left empty.
describe('case action forms', () => {
  it('sends the transmission details typed, as instants, and none when left empty', () => {
    const form = formFor('transmit', 'extradition');
    const body = actionBody(form, {
      ...EMPTY_VALUES,
      channel: 'diplomatic_note',
      referenceNumber: ' DOS-LEI-2026-0173 ',
      sentAt: '2026-12-01T10:00',
    });
    expect(body.transmission).toEqual({
      channel: 'diplomatic_note',
      referenceNumber: 'DOS-LEI-2026-0173',
      sentAt: new Date('2026-12-01T10:00').toISOString(),
    });
    expect(actionBody(form, { ...EMPTY_VALUES, reason: 'Note 123' })).toEqual({ reason: 'Note 123' });
  });

  it('sends an arrest with its instant and place', () => {
    const body = actionBody(formFor('record_arrest', 'extradition'), {
      ...EMPTY_VALUES,
      arrestedAt: '2026-12-03T06:40',
      place: 'Ciudad de México',
    });
    expect(body).toEqual({
      arrestedAt: new Date('2026-12-03T06:40').toISOString(),
      place: 'Ciudad de México',
    });
  });

  it('refuses an extradition on listed grounds, an MLA request on a reason', () => {
    const values = {
      ...EMPTY_VALUES,
      reason: 'LEI art. 14',
      grounds: 'nationality\n\n political offence ',
      domesticProsecution: true,
    };
    expect(actionBody(formFor('refuse', 'extradition'), values)).toEqual({
      reason: 'LEI art. 14',
      grounds: ['nationality', 'political offence'],
      domesticProsecution: true,
    });
    expect(actionBody(formFor('refuse', 'mla'), values)).toEqual({ reason: 'LEI art. 14' });
  });

  it('sends the escorts one per line, the appeal ruling as its result', () => {
    expect(
      actionBody(formFor('record_surrender', 'extradition'), {
        ...EMPTY_VALUES,
        surrenderedAt: '2027-01-20T14:00',
        place: 'AICM',
        escorts: 'US Marshals Service\nFGR',
      }).escorts,
    ).toEqual(['US Marshals Service', 'FGR']);
    expect(
      actionBody(formFor('resolve_appeal', 'extradition'), {
        ...EMPTY_VALUES,
        appealResult: 'upheld',
        reason: 'x',
      }),
    ).toEqual({
      result: 'upheld',
      reason: 'x',
    });
  });

  it('puts destructive actions last and leaves out actions without a form', () => {
    expect(orderActions(['record_death', 'record_arrest', 'withdraw', 'extend_deadline'])).toEqual([
      'record_arrest',
      'record_death',
      'withdraw',
    ]);
  });
});
