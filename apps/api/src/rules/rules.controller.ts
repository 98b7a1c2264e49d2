import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVALUATE_EXAMPLE, EvaluateDraftDto, toDraftRequest } from './dto/evaluate-draft.dto';
import { AuthoritiesQuery, InstrumentQuery, InstrumentsQuery } from './dto/rules-queries.dto';
import { RulesCatalogService } from './rules-catalog.service';
import { ApiJson, ApiProblems } from '../common/api-responses';

// Reference data and draft evaluation for any authenticated user. Every fact answers with its
// source, article, link and confidence. An evaluation keeps law (findings), policy (the platform's
// or the authority's settings) and doubt (warnings: only secondary or unconfirmed law) apart.
@ApiTags('rules')
@ApiBearerAuth()
@Controller()
export class RulesController {
  constructor(private readonly catalog: RulesCatalogService) {}

  @Get('jurisdictions')
  @ApiOperation({
    summary: 'States: languages, contiguity, refusal grounds, domestic deadlines (with sources)',
  })
  @ApiJson(200, 'JurisdictionList', 'The states of the rules data')
  jurisdictions() {
    return this.catalog.jurisdictions();
  }

  @Get('authorities')
  @ApiOperation({ summary: 'Central authorities, ministries, courts and prosecutors of the rules data' })
  @ApiJson(200, 'RulesAuthorityList', 'The authorities of the rules data')
  @ApiProblems(422)
  authorities(@Query() query: AuthoritiesQuery) {
    return this.catalog.authorities(query);
  }

  @Get('instruments')
  @ApiOperation({ summary: 'Treaties and other legal bases with their status at a date (default today)' })
  @ApiJson(200, 'InstrumentList', 'The instruments with their status at the date')
  @ApiProblems(422)
  instruments(@Query() query: InstrumentsQuery) {
    return this.catalog.instruments(query, new Date());
  }

  @Get('instruments/:id')
  @ApiOperation({ summary: 'One instrument: parties, status timeline (with administrator changes), rules' })
  @ApiJson(200, 'Instrument', 'The instrument')
  @ApiProblems(404, 422)
  instrument(@Param('id') id: string, @Query() query: InstrumentQuery) {
    return this.catalog.instrument(id, query.at, new Date());
  }

  @Post('rules/evaluate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Evaluate a draft request: legal bases, completeness, refusal risks, language and translation needs, deadlines',
    description:
      "Cheap enough for every change in the drafting screen; nothing is stored. Law, policy and doubt come apart: `findings` (what the law says, with article, link and confidence), `policies` (the requesting side's central authority's settings or the platform's defaults: never a warning, never a block) and `warnings` (secondary or unconfirmed law the answer depends on, ranked by what it changes). `completeness.complete` is false only while something confirmed law makes mandatory is missing; the rest is a checklist.",
  })
  @ApiBody({ type: EvaluateDraftDto, examples: { 'HN to US, MLA': { value: EVALUATE_EXAMPLE } } })
  @ApiJson(
    200,
    'Evaluation',
    'The Evaluation of @comity/treaty-rules: bases, chosenBasis, completeness, risks, language, deadlines, notes, findings, policies, warnings, dataVersion',
  )
  @ApiProblems(422)
  evaluate(@Body() dto: EvaluateDraftDto) {
    return this.catalog.evaluate(toDraftRequest(dto), new Date());
  }
}
