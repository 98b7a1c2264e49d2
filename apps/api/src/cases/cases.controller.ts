import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CasesService } from './cases.service';
import { CreateCaseDto } from './dto/create-case.dto';
import { WithdrawCaseDto } from './dto/withdraw-case.dto';

// Until access control lands every action is attributed to the anonymous actor.
const ANONYMOUS = 'anonymous';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case; the same Idempotency-Key returns the same case' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(@Body() dto: CreateCaseDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.cases.create(dto, idempotencyKey);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its timeline' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.cases.get(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a draft to central-authority review' })
  submit(@Param('id', ParseUUIDPipe) id: string) {
    return this.cases.submit(id, ANONYMOUS);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the request' })
  withdraw(@Param('id', ParseUUIDPipe) id: string, @Body() dto: WithdrawCaseDto) {
    return this.cases.withdraw(id, ANONYMOUS, dto.reason);
  }
}
