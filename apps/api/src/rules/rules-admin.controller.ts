import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import { ChangeInstrumentStatusDto } from './dto/change-instrument-status.dto';
import { InstrumentStatusService } from './instrument-status.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/instruments')
export class RulesAdminController {
  constructor(private readonly statuses: InstrumentStatusService) {}

  @Post(':id/status')
  @ApiOperation({
    summary: "Change an instrument's status from a date (audited); the next evaluation everywhere uses it",
  })
  changeStatus(
    @CurrentUser() admin: AuthUser,
    @Param('id') id: string,
    @Body() dto: ChangeInstrumentStatusDto,
  ) {
    return this.statuses.change(admin, id, dto);
  }

  @Get(':id/status-history')
  @ApiOperation({ summary: 'Bundled status periods, every administrator change, and the resulting timeline' })
  history(@Param('id') id: string) {
    return this.statuses.history(id);
  }
}
