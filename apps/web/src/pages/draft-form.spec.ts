import { EMPTY_FORM, fromDraft, toDraft } from './draft-form';

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
});
