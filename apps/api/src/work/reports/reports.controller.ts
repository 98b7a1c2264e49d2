import { applyDecorators, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type AuthUser } from '@comity/auth';
import { ApiProblems } from '../../common/api-responses';
import { API_SCHEMAS, schemaRef } from '../../common/api-schemas';
import { FormatQuery, PeriodQuery, StageTimesQuery, TopQuery } from '../dto/report.query';
import { toCsv, type CsvColumn } from './csv';
import { AGING_BUCKETS, ReportsService } from './reports.service';

// Each report answers JSON ({ items, ...parameters }) or, with ?format=csv or Accept: text/csv,
// the same items as CSV, one column per field.
function ApiReport(summary: string, schema: string) {
  return applyDecorators(
    ApiOperation({ summary, description: 'JSON, or CSV of the same rows with `?format=csv` or `Accept: text/csv`.' }),
    ApiProduces('application/json', 'text/csv'),
    ApiResponse({
      status: 200,
      description: 'The report, within the caller’s scope',
      content: {
        'application/json': { schema: schemaRef(schema) },
        'text/csv': { schema: { type: 'string', description: 'Header line, then one line per item (RFC 4180)' } },
      },
    }),
    ApiProblems(422),
  );
}

type Item = Record<string, string | number | boolean | null>;

function wantsCsv(q: FormatQuery, req: Request): boolean {
  if (q.format) return q.format === 'csv';
  return /\btext\/csv\b/i.test(req.headers.accept ?? '');
}

// The CSV columns of a report: the fields of its item schema, in order, so CSV and JSON never differ.
function columnsOf(schema: string): string[] {
  const items = API_SCHEMAS[schema].properties?.items as { items: { properties: Record<string, unknown> } };
  return Object.keys(items.items.properties);
}

function answer<T extends { items: Item[] }>(
  schema: string,
  name: string,
  body: T,
  q: FormatQuery,
  req: Request,
  res: Response,
): T | string {
  if (!wantsCsv(q, req)) return body;
  const keys = columnsOf(schema);
  const columns: CsvColumn<Item>[] = keys.map((k) => ({ header: k, value: (row) => row[k] ?? null }));
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(columns, body.items);
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('overdue')
  @ApiReport('Open cases with a breached deadline, oldest first, with who holds each', 'OverdueReport')
  async overdue(@CurrentUser() user: AuthUser, @Query() q: TopQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return answer('OverdueReport', 'overdue', await this.reports.overdue(user, q), q, req, res);
  }

  @Get('aging')
  @ApiReport(`Open cases per stage by days in it (${AGING_BUCKETS.map((b) => b.label).join(', ')})`, 'AgingReport')
  async aging(@CurrentUser() user: AuthUser, @Query() q: FormatQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return answer('AgingReport', 'aging', await this.reports.aging(user, q), q, req, res);
  }

  @Get('stage-times')
  @ApiReport('Median, p90 and mean days per stage visit, per country pair or requesting office, over a period', 'StageTimesReport')
  async stageTimes(
    @CurrentUser() user: AuthUser,
    @Query() q: StageTimesQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('StageTimesReport', 'stage-times', await this.reports.stageTimes(user, q), q, req, res);
  }

  @Get('trend')
  @ApiReport('Per month: cases opened, closed, and the median days to close', 'TrendReport')
  async trend(@CurrentUser() user: AuthUser, @Query() q: PeriodQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return answer('TrendReport', 'trend', await this.reports.trend(user, q), q, req, res);
  }

  @Get('bottlenecks')
  @ApiReport('Where the waiting piles up, ranked by kind of holder', 'BottleneckReport')
  async bottlenecks(
    @CurrentUser() user: AuthUser,
    @Query() q: PeriodQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('BottleneckReport', 'bottlenecks', await this.reports.bottlenecks(user, q), q, req, res);
  }

  @Get('supplementary-rounds')
  @ApiReport('The cases with the most supplementary-information rounds', 'RoundsReport')
  async rounds(@CurrentUser() user: AuthUser, @Query() q: TopQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return answer('RoundsReport', 'supplementary-rounds', await this.reports.supplementaryRounds(user, q), q, req, res);
  }

  @Get('legal-deadlines')
  @ApiReport(
    'Provisional-arrest and surrender windows per pair: met by their act in time, missed, ended another way (withdrawal, consent, death, refusal), running',
    'LegalDeadlinesReport',
  )
  async legalDeadlines(
    @CurrentUser() user: AuthUser,
    @Query() q: PeriodQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('LegalDeadlinesReport', 'legal-deadlines', await this.reports.legalDeadlines(user, q), q, req, res);
  }
}
