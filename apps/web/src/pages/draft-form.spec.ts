import { draftSchema, EMPTY_FORM, fromDraft, toDraft } from './draft-form';

// The form never sends empty strings (the API refuses them) and round-trips a stored draft.
describe('draft form', () => {
  it('leaves empty fields out of the draft', () => {
    expect(toDraft({ ...EMPTY_FORM, reference: ' HN-1 ', subject: '  ' })).toEqual({ reference: 'HN-1' });
  });

  it('round-trips a stored draft', () => {
    const draft = toDraft({
      ...EMPTY_FORM,
      requestedState: 'US',
      reference: 'HN-2026-0042',
      subject: 'Money laundering',
      offenceDescription: 'Money laundering',
      maxPenaltyYears: '15',
      assistanceTypes: ['records'],
      personName: 'Account holders',
    });
    expect(draft.offences).toEqual([{ description: 'Money laundering', maxPenaltyYears: 15 }]);
    expect(draft.personsConcerned).toEqual([{ name: 'Account holders' }]);
    expect(toDraft(fromDraft('US', draft))).toEqual(draft);
  });

  it('writes an extradition draft: request type, person sought, red notice, supporting documents', () => {
    const draft = toDraft({
      ...EMPTY_FORM,
      kind: 'extradition',
      requestedState: 'MX',
      reference: 'DOJ-OIA-2026-0173',
      requestType: 'provisional_then_formal',
      soughtName: ' John Doe ',
      soughtNationalities: 'US, MX',
      custodyStatus: 'at_large',
      redNoticeRef: 'A-1234/5-2026',
      supportingDocuments: ['arrestWarrant', 'identification'],
      translationsProvided: ['es'],
      personName: 'ignored for extradition',
    });
    expect(draft).toEqual({
      reference: 'DOJ-OIA-2026-0173',
      requestType: 'provisional_then_formal',
      personSought: { name: 'John Doe', nationalities: ['US', 'MX'], custodyStatus: 'at_large' },
      redNoticeRef: 'A-1234/5-2026',
      documents: { arrestWarrant: true, identification: true },
      translationsProvided: ['es'],
    });
    expect(toDraft(fromDraft('MX', draft, 'extradition'))).toEqual(draft);
  });

  it('refuses nationalities that are not two-letter codes', () => {
    const parsed = draftSchema.safeParse({ ...EMPTY_FORM, reference: 'X', soughtNationalities: 'USA' });
    expect(parsed.success).toBe(false);
    expect(
      draftSchema.safeParse({ ...EMPTY_FORM, reference: 'X', soughtNationalities: 'US, MX' }).success,
    ).toBe(true);
  });
});
