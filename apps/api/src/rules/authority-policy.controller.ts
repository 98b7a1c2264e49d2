import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { AuthorityPolicyService } from './authority-policy.service';
import { ChangeAuthorityPolicyDto } from './dto/change-authority-policy.dto';

// An authority's own policies (its internal review periods, its house checklist) over the
// platform defaults. Administrators only; each change is audited.
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiProblems(403)
@Controller('admin/authorities')
export class AuthorityPolicyController {
  constructor(private readonly policies: AuthorityPolicyService) {}

  @Get(':id/policies')
  @ApiOperation({ summary: "An authority's policies as evaluations apply them, with the platform defaults and every change" })
  @ApiJson(200, 'AuthorityPolicies', "The authority's policies")
  @ApiProblems(404)
  list(@Param('id') id: string) {
    return this.policies.list(id);
  }

  @Post(':id/policies')
  @ApiOperation({
    summary: "Set (or clear) one of an authority's policies (audited); the next evaluation everywhere uses it",
    description:
      "A policy is shown as the authority's policy, never as a legal warning, and never blocks a submission. Deadlines set by law cannot be changed here.",
  })
  @ApiJson(201, 'AuthorityPolicies', "The authority's policies after the change")
  @ApiProblems(404, 422)
  change(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() dto: ChangeAuthorityPolicyDto) {
    return this.policies.change(admin, id, dto);
  }
}
