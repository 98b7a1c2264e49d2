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

  it('links the case chosen by its reference, or the id typed, with the relation; nothing when left empty', () => {
    const form = formFor('link_case', 'mla');
    const chosen = {
      ...EMPTY_VALUES,
      linkCase: 'HN-2026-0042',
      linkCaseId: 'b1f0c2d4-0000-4000-8000-000000000001',
    };
    expect(actionBody(form, { ...chosen, linkRelation: 'related' })).toEqual({
      link: { caseId: 'b1f0c2d4-0000-4000-8000-000000000001', relation: 'related' },
    });
    const pasted = { ...EMPTY_VALUES, linkCase: ' 7c9e6679-7425-40de-944b-e07fc1f90ae7 ' };
    expect(actionBody(form, pasted).link).toEqual({
      caseId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      relation: 'same_investigation',
    });
    expect(actionBody(form, EMPTY_VALUES)).toEqual({});
  });

  it('puts destructive actions last and leaves out actions without a form', () => {
    expect(orderActions(['record_death', 'record_arrest', 'withdraw', 'extend_deadline'])).toEqual([
      'record_arrest',
      'record_death',
      'withdraw',
    ]);
  });

  it("puts linking another case after the stage's own actions", () => {
    expect(orderActions(['link_case', 'withdraw', 'acknowledge'])).toEqual([
      'acknowledge',
      'link_case',
      'withdraw',
    ]);
  });
});
