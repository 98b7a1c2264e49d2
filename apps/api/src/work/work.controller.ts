import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@comity/auth';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { CaseQueries } from '../cases/case-queries.service';
import { AssignmentService } from './assignment.service';
import { AssignDto, ReleaseDto } from './dto/assignment.dto';
import { QueueQuery } from './dto/queue.query';
import { QueueService } from './queue.service';

@ApiTags('queue')
@Controller()
export class WorkController {
  constructor(
    private readonly queue: QueueService,
    private readonly assignments: AssignmentService,
    private readonly cases: CaseQueries,
  ) {}

  @Get('queue')
  @ApiOperation({
    summary: "The caller's work queue: open cases whose next action is theirs, most urgent first, with counts",
    description:
      'Order: breached deadlines first (oldest breach first), then cases with a legally bound clock running (custody and ' +
      'extradition windows, soonest first), then cases with a neededBy date or marked urgent, then by the soonest deadline.',
  })
  @ApiJson(200, 'QueuePage', 'A page of the queue and its counts')
  @ApiProblems(422)
  list(@CurrentUser() user: AuthUser, @Query() q: QueueQuery) {
    return this.queue.page(user, q);
  }

  @Post('cases/:id/assignment/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the case yourself (it must be assigned to no one); you must hold its holder role' })
  @ApiJson(200, 'CaseDetail', 'The case, with you as its assignee')
  @ApiProblems(403, 404, 409)
  async claim(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.assignments.claim(user, id);
    return this.cases.get(user, id);
  }

  @Post('cases/:id/assignment/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the case back to the queue (its assignee, or a supervisor of the holding authority)' })
  @ApiJson(200, 'CaseDetail', 'The case, assigned to no one')
  @ApiProblems(403, 404, 409, 422)
  async release(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReleaseDto) {
    await this.assignments.release(user, id, dto.reason);
    return this.cases.get(user, id);
  }

  @Get('cases/:id/assignment/candidates')
  @ApiOperation({
    summary: 'The colleagues you may assign the case to (the holding desk’s role and authority, who may see it)',
  })
  @ApiJson(200, 'AssignmentCandidates', 'Active colleagues by name; empty once the case has closed')
  @ApiProblems(403, 404)
  async candidates(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return { items: await this.assignments.candidates(user, id) };
  }

  @Put('cases/:id/assignment')
  @ApiOperation({
    summary: 'Assign the case to a colleague of the holding authority',
    description:
      'Anyone holding the case’s holder role may hand an unassigned case (or their own) to a colleague; taking a case ' +
      'from someone else is for a supervisor, with a reason. Recorded on the timeline (this side only) and the audit trail.',
  })
  @ApiJson(200, 'CaseDetail', 'The case, with its new assignee')
  @ApiProblems(403, 404, 409, 422)
  async assign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignDto) {
    await this.assignments.assign(user, id, dto.userId, dto.reason);
    return this.cases.get(user, id);
  }
}
