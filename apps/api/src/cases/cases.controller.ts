import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@comity/auth';
import { CASE_ACTIONS } from '@comity/contracts';
import { CaseEvaluationService } from './case-evaluation.service';
import { CasesService } from './cases.service';
import { CaseQueries } from './case-queries.service';
import { ActionDto } from './dto/action.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { DraftDto } from './dto/draft.dto';
import { NoteDto } from './dto/note.dto';
import { ListCasesQuery } from './dto/list-cases.query';
import { ApiJson, ApiProblems, OptionalHeader } from '../common/api-responses';

const ACTIONS_EXCEPT_EDIT = CASE_ACTIONS.filter((a) => a !== 'edit_draft');

/** The Idempotency-Key header: the same request sent again with it is answered, not taken twice. */
function ApiIdempotencyKey(scope: string): MethodDecorator {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `Repeat-safe key chosen by the client (1 to 200 of A-Z a-z 0-9 . : _ -), scoped to ${scope}`,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$', example: 'hn-2026-0042' },
  });
}

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueries,
    private readonly evaluations: CaseEvaluationService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Open a case (MLA request, extradition, art. 4 prosecution request) as a draft; the same Idempotency-Key returns the same case',
    description:
      '201 with the case once it can be read back. With `Prefer: respond-async`, 202 with its id as soon as ' +
      'Temporal holds it (for bulk imports); the case is readable a few milliseconds later.',
  })
  @ApiIdempotencyKey('the caller')
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: '`respond-async`: answer 202 as soon as Temporal holds the case',
    schema: { type: 'string', example: 'respond-async' },
  })
  @ApiJson(201, 'CaseDetail', 'The case, once it can be read back (also for a repeat of the same Idempotency-Key and body)')
  @ApiJson(202, 'CaseAccepted', 'Prefer: respond-async: Temporal holds the case; it is readable at Location', {
    Location: { description: 'The case: /api/v1/cases/{id}', schema: { type: 'string' } },
    'Preference-Applied': { description: 'respond-async', schema: { type: 'string' } },
  })
  @ApiProblems(403, 422, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateCaseDto,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('idempotency-key') key?: string,
    @OptionalHeader('prefer') prefer?: string,
  ) {
    const respondAsync = /\brespond-async\b/i.test(prefer ?? '');
    const created = await this.cases.create(user, dto, key, respondAsync);
    if (respondAsync) {
      res.status(HttpStatus.ACCEPTED).location(`/api/v1/cases/${created.id}`).setHeader('Preference-Applied', 'respond-async');
    }
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'Cases the caller may see, newest first, with filters and cursor pagination' })
  @ApiJson(200, 'CasePage', 'A page of cases')
  @ApiProblems(422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery) {
    return this.queries.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its timeline, holder, deadlines and the actions the caller may take' })
  @ApiJson(200, 'CaseDetail', 'The case as the caller may see it')
  @ApiProblems(404, 503)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.read(user, id);
  }

  @Get(':id/evaluation')
  @ApiOperation({
    summary: 'The rules evaluation the submission stood on, the same draft evaluated now, and what changed (requesting side)',
  })
  @ApiJson(200, 'CaseEvaluation', 'The submitted evaluation, the current one and what changed')
  @ApiProblems(403, 404)
  evaluation(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.evaluations.get(user, id);
  }

  @Post(':id/notes')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record a notice on the timeline (e.g. documents received out of band); fire-and-forget',
  })
  @ApiResponse({ status: 202, description: 'Accepted; the note appears on the timeline shortly (no body)' })
  @ApiProblems(403, 404, 409, 422, 503)
  note(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NoteDto) {
    return this.cases.note(user, id, dto.note, dto.shared ?? false);
  }

  @Patch(':id/draft')
  @ApiOperation({ summary: 'Edit the draft (prosecutor, draft stage); fields given replace those stored' })
  @ApiJson(200, 'CaseDetail', 'The case with the edited draft')
  @ApiIdempotencyKey('the caller and the case; a repeat of the same edit is applied once')
  @ApiProblems(400, 403, 404, 409, 422, 503)
  editDraft(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() draft: DraftDto,
    @OptionalHeader('idempotency-key') key?: string,
  ) {
    return this.cases.act(user, id, 'edit_draft', { draft }, key);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take an action on the case',
    description:
      'submit, internal_approve, internal_return, approve, return, reject, record_translation, transmit (requesting side); ' +
      'acknowledge, begin_execution, request_supplementary_information, record_partial_response, record_final_response, ' +
      'refuse (requested side); answer_supplementary_information, close, withdraw (requesting side); extend_deadline ' +
      '(supervisors). Extradition: transmit (with transmission), record_arrest, transmit_formal_request, record_release, ' +
      'admit_request, record_objections, record_judge_opinion (MX), certify (US), grant, refuse (grounds; domesticProsecution ' +
      'opens a linked art. 4 case), file_appeal, resolve_appeal, record_consent, defer_surrender, resume_surrender, ' +
      'temporary_surrender (MX–US), record_return, record_surrender, close, withdraw, record_death. Every kind: ' +
      'record_transmission_details, link_case. Each kind\'s machine says which apply in which stage. ' +
      '409 when the stage does not allow it, 403 when the caller may not, 422 when data is missing.',
  })
  @ApiParam({ name: 'action', enum: ACTIONS_EXCEPT_EDIT })
  @ApiBody({
    type: ActionDto,
    examples: {
      submit: { value: {} },
      return: { value: { reason: 'Add the text of the statutes violated.' } },
      request_supplementary_information: { value: { reason: 'Which accounts and which period?' } },
      record_final_response: { value: { result: 'executed' } },
      refuse: { value: { reason: 'Essential interests of the requested state (IA-MLA art. 9).' } },
      extend_deadline: { value: { deadlineKey: 'execution-target', newDueAt: '2027-06-30T00:00:00Z', reason: 'Court recess' } },
      transmit: { value: { transmission: { channel: 'diplomatic_note', referenceNumber: 'DOS-LEI-2026-0173', sentAt: '2026-12-01T15:00:00Z' } } },
      record_arrest: { value: { arrestedAt: '2026-12-03T06:40:00Z', place: 'Ciudad de México' } },
      record_judge_opinion: { value: { opinion: 'favourable' } },
      refuse_extradition: { value: { grounds: ['nationality'], reason: 'LEI art. 14', domesticProsecution: true } },
      record_surrender: { value: { surrenderedAt: '2027-01-20T14:00:00Z', place: 'AICM, Ciudad de México', escorts: ['US Marshals Service'] } },
    },
  })
  @ApiIdempotencyKey('the caller and the case; a repeat of the same action and body is taken once')
  @ApiJson(200, 'CaseDetail', 'The case after the action, once it is projected (also for a repeat under the same Idempotency-Key)')
  @ApiProblems(400, 403, 404, 409, 422, 503)
  act(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action', new ParseEnumPipe(ACTIONS_EXCEPT_EDIT)) action: string,
    @Body() dto: ActionDto,
    @OptionalHeader('idempotency-key') key?: string,
  ) {
    return this.cases.act(user, id, action, dto, key);
  }
}
