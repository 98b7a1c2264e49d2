import { HttpStatus, Injectable } from '@nestjs/common';
import { canAct, canReadCaseHistory, type ActionRequirement, type AuthUser, type CaseFacts, toActor } from '@comity/auth';
import { sideOf } from '@comity/contracts';
import type { DocumentSide } from '@comity/documents';
import { auditVisibility, CaseAccessService } from '../auth/case-access.service';
import { ProblemException } from '../common/problem';

/** Who may do what with a case's documents (on top of seeing the case). */
export const DOCUMENT_RULES = {
  // Prosecutors and central authorities add and share their side's documents.
  write: { roles: ['prosecutor', 'central_authority'], side: 'either' },
  // Letters are the requesting side's; the signing authority is its central authority.
  letter: { roles: ['prosecutor', 'central_authority'], side: 'requesting' },
  sign: { roles: ['central_authority'], side: 'requesting' },
  // Certifications and packages are central-authority business on either side.
  certify: { roles: ['central_authority'], side: 'either' },
  send: { roles: ['central_authority'], side: 'either' },
} satisfies Record<string, ActionRequirement>;

/** A caller on one side of a case they may see. */
export interface DocumentCaller {
  user: AuthUser;
  facts: CaseFacts;
  side: DocumentSide;
}

// Documents hang off cases: the case must be visible (404 otherwise, audited by CaseAccessService),
// the caller must stand on one of its sides, and each write needs its role on that side (403).
@Injectable()
export class DocumentAccess {
  constructor(private readonly cases: CaseAccessService) {}

  async reader(user: AuthUser, caseId: string, action: string): Promise<DocumentCaller> {
    const facts = await this.cases.requireVisible(user, caseId, action);
    const side = sideOf(toActor(user), facts.requestingState, facts.requestedState);
    if (!side) throw new ProblemException(HttpStatus.NOT_FOUND, 'Case not found');
    return { user, facts, side };
  }

  async writer(user: AuthUser, caseId: string, action: string, rule: ActionRequirement): Promise<DocumentCaller> {
    const caller = await this.reader(user, caseId, action);
    if (!canAct(user, rule, caller.facts)) await this.cases.denyAction(user, caller.facts, action);
    return caller;
  }

  /** The custody history is oversight, like the case's audit trail. */
  async overseer(user: AuthUser, caseId: string, action: string): Promise<DocumentCaller> {
    const caller = await this.reader(user, caseId, action);
    if (!canReadCaseHistory(user, caller.facts)) await this.cases.denyAction(user, caller.facts, action);
    return caller;
  }

  visibility(caller: DocumentCaller) {
    return auditVisibility(caller.user, caller.facts);
  }
}
