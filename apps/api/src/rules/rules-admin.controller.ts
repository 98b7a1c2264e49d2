import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import { ChangeInstrumentStatusDto } from './dto/change-instrument-status.dto';
import { InstrumentStatusService } from './instrument-status.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiProblems(403)
@Controller('admin/instruments')
export class RulesAdminController {
  constructor(private readonly statuses: InstrumentStatusService) {}

  @Post(':id/status')
  @ApiOperation({
    summary: "Change an instrument's status from a date (audited); the next evaluation everywhere uses it",
  })
  @ApiJson(201, 'StatusChangeResult', 'The change, the timeline evaluations now see and the status today')
  @ApiProblems(404, 422)
  changeStatus(
    @CurrentUser() admin: AuthUser,
    @Param('id') id: string,
    @Body() dto: ChangeInstrumentStatusDto,
  ) {
    return this.statuses.change(admin, id, dto);
  }

  @Get(':id/status-history')
  @ApiOperation({ summary: 'Bundled status periods, every administrator change, and the resulting timeline' })
  @ApiJson(200, 'StatusHistory', 'The status history')
  @ApiProblems(404)
  history(@Param('id') id: string) {
    return this.statuses.history(id);
  }
}
