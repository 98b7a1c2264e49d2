import { holderClassOf } from './holder-classes';

describe('holderClassOf', () => {
  const requestingCa = { role: 'central_authority', side: 'requesting' };
  const requestedCa = { role: 'central_authority', side: 'requested' };
  const prosecutor = { role: 'prosecutor', side: 'requesting' };

  it('should name the six kinds of holder of an MLA request from its stage and holder', () => {
    expect(holderClassOf('mla', 'draft', prosecutor)).toBe('requesting_prosecutor');
    expect(holderClassOf('mla', 'central_authority_review', requestingCa)).toBe('requesting_central_authority');
    expect(holderClassOf('mla', 'translation', requestingCa)).toBe('translation');
    expect(holderClassOf('mla', 'acknowledged', requestedCa)).toBe('requested_central_authority');
    expect(holderClassOf('mla', 'under_execution', requestedCa)).toBe('executing_authority');
    expect(holderClassOf('mla', 'closed', null)).toBeNull();
  });

  it("should class another kind's judicial stages as the court's without an entry of their own", () => {
    expect(holderClassOf('extradition', 'judicial_hearing', requestedCa)).toBe('court');
    expect(holderClassOf('extradition', 'formal_request_pending', prosecutor)).toBe('requesting_prosecutor');
  });
});
