import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AuditLog, AuditReader, AuditVerifier, type VerifyReport } from '@comity/audit';
import { canReadCaseHistory, caseVisibilityFilter, CurrentUser, Roles, toActor, type AuthUser } from '@comity/auth';
import { sideOf } from '@comity/contracts';
import { auditVisibility, CaseAccessService } from '../auth/case-access.service';
import { ApiJson, ApiProblems } from '../common/api-responses';

export class CaseAuditQuery {
  @ApiPropertyOptional({ description: 'Return records after this sequence number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

const READ_HISTORY = 'case.audit.read';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(
    private readonly access: CaseAccessService,
    private readonly reader: AuditReader,
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditLog,
  ) {}

  @Get('cases/:id/audit')
  @ApiOperation({ summary: "A case's audit trail (central authorities and supervisors who see the case)" })
  @ApiJson(200, 'AuditPage', "The case's records in chain order; the other side's redacted to their hashes")
  @ApiProblems(403, 404, 422)
  async caseAudit(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CaseAuditQuery,
  ) {
    const facts = await this.access.requireVisible(user, id, READ_HISTORY);
    if (!canReadCaseHistory(user, facts)) await this.access.denyAction(user, facts, READ_HISTORY);
    // The other side's records come back redacted to their position and hashes, so the whole
    // chain still links while their content stays on their side.
    const side = sideOf(toActor(user), facts.requestingState, facts.requestedState);
    const page = await this.reader.caseHistory(facts.id, { afterSeq: query.afterSeq, limit: query.limit, side });
    await this.audit.record({
      caseId: facts.id,
      action: READ_HISTORY,
      actorId: user.id,
      outcome: 'allowed',
      details: { visibility: auditVisibility(user, facts) },
    });
    return page;
  }

  @Get('audit/verify')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Walk the hash chains and report the first broken link (admins: all chains; supervisors: their cases and the global chain)',
  })
  @ApiJson(200, 'VerifyReport', 'The result of the walk')
  @ApiProblems(403)
  async verify(@CurrentUser() user: AuthUser): Promise<VerifyReport> {
    const report = user.roles.includes('admin')
      ? await this.verifier.verifyChains()
      : await this.verifier.verifyChains({
          caseFilter: caseVisibilityFilter(user, { alias: 'c', firstParam: 1 }),
        });
    await this.audit.record({
      caseId: null,
      action: 'audit.verify',
      actorId: user.id,
      outcome: 'allowed',
      details: {
        ok: report.ok,
        chainsChecked: report.chainsChecked,
        recordsChecked: report.recordsChecked,
        firstBroken: report.firstBroken
          ? { chainKey: report.firstBroken.chainKey, seq: report.firstBroken.seq }
          : null,
      },
    });
    return report;
  }
}
