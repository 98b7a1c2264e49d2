import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, unwrap } from '../api/client';
import { session } from '../auth/tokens';
import { Countdown } from '../components/Countdown';
import { ProblemNotice } from '../components/ProblemNotice';
import { formatInstant, formatNumber } from '../format';
import { useT } from '../i18n';
import { TONE } from '../tones';

const AGING = [
  ['days0to7', '0–7', '#a5d8ff'],
  ['days8to30', '8–30', '#4dabf7'],
  ['days31to90', '31–90', '#1971c2'],
  ['days91to180', '91–180', '#9a3a00'],
  ['days181plus', '181+', '#c92a2a'],
] as const;

type Report = 'overdue' | 'aging' | 'stage-times' | 'trend';

// The supervisor's board, from the reports endpoints (every figure within the caller's scope):
// open and overdue cases, overdue by holder, aging by stage, days per stage by country pair (a heat
// map of median and p90), the monthly trend, and the audit trail's verification. Every chart
// drills down to the cases behind it; every report exports CSV.
export function DashboardPage() {
  const { t, language } = useT();
  const navigate = useNavigate();
  const overdue = useQuery({
    queryKey: ['report', 'overdue'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/overdue', {})).then(asJson),
  });
  const aging = useQuery({
    queryKey: ['report', 'aging'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/aging', {})).then(asJson),
  });
  const stageTimes = useQuery({
    queryKey: ['report', 'stage-times'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/stage-times', {})).then(asJson),
  });
  const trend = useQuery({
    queryKey: ['report', 'trend'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/trend', {})).then(asJson),
  });
  const verify = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => unwrap(api.GET('/api/v1/audit/verify')),
  });

  const open = (aging.data?.items ?? []).reduce((sum, s) => sum + s.total, 0);
  const overdueItems = overdue.data?.items ?? [];
  const byHolder = group(overdueItems, (o) => `${o.holderRole ?? 'none'}|${o.holderJurisdiction ?? ''}`).map(
    ([key, items]) => {
      const [role, jurisdiction] = key.split('|');
      return {
        key,
        // Not `role`: chart libraries pass an entry's fields on to its SVG shape, and a `role`
        // attribute there is an (invalid) ARIA role.
        holderRole: role,
        jurisdiction,
        label: role === 'none' ? t('case.noHolder') : `${t(`role.${role}`)} · ${jurisdiction}`,
        count: items.length,
      };
    },
  );
  const agingRows = (aging.data?.items ?? []).map((s) => ({
    ...s,
    label: t(`stage.${s.stage}`, { defaultValue: s.stage }),
  }));
  const trendRows = trend.data?.items ?? [];
  const times = stageTimes.data?.items ?? [];
  const pairs = [...new Set(times.map((i) => i.group))];
  const stages = [...new Set(times.map((i) => i.stage))];
  const maxMedian = Math.max(1, ...times.map((i) => i.medianDays));

  return (
    <Stack gap="md">
      <Title order={2}>{t('dashboard.title')}</Title>
      <ProblemNotice error={overdue.error ?? aging.error ?? stageTimes.error ?? trend.error} />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Metric label={t('dashboard.open')} value={formatNumber(open, language)} testId="metric-open" />
        <Metric
          label={t('dashboard.overdue')}
          value={formatNumber(overdueItems.length, language)}
          danger={overdueItems.length > 0}
          testId="metric-overdue"
        />
        <Metric
          label={t('dashboard.medianToClose')}
          value={(() => {
            const last = [...trendRows].reverse().find((m) => m.medianDaysToClose !== null);
            return last?.medianDaysToClose != null ? formatNumber(last.medianDaysToClose, language, 1) : '—';
          })()}
          testId="metric-median"
        />
        <Card withBorder data-testid="audit-verify">
          <Text size="sm" fw={600}>
            {t('dashboard.audit')}
          </Text>
          {verify.data ? (
            <>
              <Badge color={verify.data.ok ? TONE.success : 'red.9'} variant="filled" radius="sm" mt={4}>
                {verify.data.ok
                  ? t('dashboard.auditOk')
                  : t('dashboard.auditBroken', { count: verify.data.brokenChains })}
              </Badge>
              <Text size="xs" mt={4}>
                {t('dashboard.auditChecked', {
                  chains: formatNumber(verify.data.chainsChecked, language),
                  records: formatNumber(verify.data.recordsChecked, language),
                  at: formatInstant(verify.data.checkedAt, language),
                })}
              </Text>
            </>
          ) : (
            <ProblemNotice error={verify.error} />
          )}
        </Card>
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Panel
            title={t('dashboard.overdueByHolder')}
            id="chart-overdue"
            report="overdue"
            testId="chart-overdue-holder"
          >
            <ChartOrEmpty empty={byHolder.length === 0}>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={byHolder} accessibilityLayer aria-labelledby="chart-overdue">
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar
                    dataKey="count"
                    name={t('dashboard.cases')}
                    fill="#c92a2a"
                    cursor="pointer"
                    onClick={(d: { payload?: { holderRole: string; jurisdiction: string } }) =>
                      d.payload && navigate(overdueLink(d.payload))
                    }
                  />
                </BarChart>
              </ResponsiveContainer>
            </ChartOrEmpty>
            <DrillLinks
              items={byHolder.map((h) => ({
                key: h.key,
                label: `${h.label}: ${h.count}`,
                to: overdueLink(h),
              }))}
            />
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Panel title={t('dashboard.aging')} id="chart-aging" report="aging" testId="chart-aging">
            <ChartOrEmpty empty={agingRows.length === 0}>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={agingRows} accessibilityLayer aria-labelledby="chart-aging">
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend formatter={legendText} />
                  {AGING.map(([key, label, color]) => (
                    <Bar
                      key={key}
                      dataKey={key}
                      name={label}
                      stackId="aging"
                      fill={color}
                      cursor="pointer"
                      onClick={(d: { payload?: { stage: string } }) =>
                        d.payload && navigate(`/cases?stage=${d.payload.stage}`)
                      }
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </ChartOrEmpty>
            <DrillLinks
              items={agingRows.map((s) => ({
                key: s.stage,
                label: `${s.label}: ${s.total}`,
                to: `/cases?stage=${s.stage}`,
              }))}
            />
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Panel
            title={t('dashboard.stageTimes')}
            id="chart-stage-times"
            report="stage-times"
            testId="chart-stage-times"
          >
            <ChartOrEmpty empty={times.length === 0}>
              <Table.ScrollContainer minWidth={480}>
                <Table fz="xs" verticalSpacing={2} aria-labelledby="chart-stage-times">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('dashboard.pair')}</Table.Th>
                      {stages.map((s) => (
                        <Table.Th scope="col" key={s}>
                          {t(`stage.${s}`, { defaultValue: s })}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {pairs.map((pair) => (
                      <Table.Tr key={pair}>
                        <Table.Th scope="row">{pair.replace('-', ' → ')}</Table.Th>
                        {stages.map((s) => {
                          const cell = times.find((i) => i.group === pair && i.stage === s);
                          // Heat: the darker, the longer the median.
                          const heat = cell ? 0.08 + 0.5 * (cell.medianDays / maxMedian) : 0;
                          return (
                            <Table.Td
                              key={s}
                              style={{ background: cell ? `rgba(201, 42, 42, ${heat})` : undefined }}
                            >
                              {cell ? (
                                <Link to={`/cases?pair=${pair}&stage=${s}`} style={{ color: '#212529' }}>
                                  {formatNumber(cell.medianDays, language, 1)} /{' '}
                                  {formatNumber(cell.p90Days, language, 1)}
                                </Link>
                              ) : (
                                '—'
                              )}
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </ChartOrEmpty>
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Panel title={t('dashboard.trend')} id="chart-trend" report="trend" testId="chart-trend">
            <ChartOrEmpty empty={trendRows.length === 0}>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={trendRows} accessibilityLayer aria-labelledby="chart-trend">
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" tick={{ fontSize: 11 }} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend formatter={legendText} />
                  <Line dataKey="opened" name={t('dashboard.opened')} stroke="#1864ab" />
                  <Line dataKey="closed" name={t('dashboard.closed')} stroke={TONE.success} />
                  <Line
                    dataKey="medianDaysToClose"
                    name={t('dashboard.medianToClose')}
                    stroke={TONE.warning}
                    strokeDasharray="4 2"
                  />
                </LineChart>
              </ResponsiveContainer>
            </ChartOrEmpty>
            <DrillLinks
              items={trendRows
                .filter((m) => m.opened > 0)
                .map((m) => ({ key: m.month, label: `${m.month}: ${m.opened}`, to: monthLink(m.month) }))}
            />
          </Panel>
        </Grid.Col>
      </Grid>
      <Panel title={t('dashboard.overdueList')} id="overdue-list" report="overdue" testId="overdue-list">
        <Table fz="sm" verticalSpacing={4} data-testid="overdue-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('list.reference')}</Table.Th>
              <Table.Th scope="col">{t('list.pair')}</Table.Th>
              <Table.Th scope="col">{t('list.stage')}</Table.Th>
              <Table.Th scope="col">{t('list.holder')}</Table.Th>
              <Table.Th scope="col">{t('dashboard.assignee')}</Table.Th>
              <Table.Th scope="col">{t('list.nextDeadline')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overdueItems.map((o) => (
              <Table.Tr key={o.caseId}>
                <Table.Td>
                  <Link to={`/cases/${o.caseId}`}>{o.reference ?? o.caseId.slice(0, 8)}</Link>
                </Table.Td>
                <Table.Td>{o.pair.replace('-', ' → ')}</Table.Td>
                <Table.Td>{t(`stage.${o.stage}`, { defaultValue: o.stage })}</Table.Td>
                <Table.Td>
                  {o.holderRole
                    ? `${t(`role.${o.holderRole}`)} · ${o.holderJurisdiction ?? ''}${o.holderAuthority ? ` (${o.holderAuthority})` : ''}`
                    : t('case.noHolder')}
                </Table.Td>
                <Table.Td>{o.assigneeName ?? '—'}</Table.Td>
                <Table.Td>
                  {o.dueAt ? (
                    <Countdown
                      dueAt={o.dueAt}
                      status="breached"
                      jurisdiction={o.holderJurisdiction}
                      compact
                    />
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Panel>
    </Stack>
  );
}

// Legend labels in body text colour (the swatch carries the series colour).
function legendText(value: string): ReactNode {
  return <span style={{ color: '#212529' }}>{value}</span>;
}

// Reports answer JSON unless asked for CSV: the JSON shape.
function asJson<T>(body: T): Exclude<T, string> {
  return body as Exclude<T, string>;
}

function overdueLink(h: { holderRole: string; jurisdiction: string }): string {
  return h.holderRole === 'none'
    ? '/cases?overdue=true'
    : `/cases?overdue=true&holderRole=${h.holderRole}&holderJurisdiction=${h.jurisdiction}`;
}

function monthLink(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `/cases?createdFrom=${month}-01&createdTo=${month}-${String(last).padStart(2, '0')}`;
}

function Panel({
  title,
  id,
  report,
  testId,
  children,
}: {
  title: string;
  id: string;
  report: Report;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useT();
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between">
        <Title order={3} size="h5" id={id}>
          {title}
        </Title>
        <Button
          size="compact-xs"
          variant="outline"
          onClick={() => void downloadCsv(report)}
          aria-label={`${t('dashboard.csv')}: ${title}`}
        >
          {t('dashboard.csv')}
        </Button>
      </Group>
      {children}
    </Paper>
  );
}

// The report as CSV (the API answers it with ?format=csv), saved as a file.
async function downloadCsv(report: Report): Promise<void> {
  const token = await session.accessToken();
  const res = await fetch(`/api/v1/reports/${report}?format=csv`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${report}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Metric({
  label,
  value,
  danger,
  testId,
}: {
  label: string;
  value: string;
  danger?: boolean;
  testId: string;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={danger ? 'red.9' : undefined}>
        {value}
      </Text>
    </Card>
  );
}

function ChartOrEmpty({ empty, children }: { empty: boolean; children: ReactNode }) {
  const { t } = useT();
  return empty ? <Text size="sm">{t('dashboard.nothing')}</Text> : <>{children}</>;
}

// The same drill-downs as the chart's marks, as links for the keyboard and screen readers.
function DrillLinks({ items }: { items: { key: string; label: string; to: string }[] }) {
  return (
    <Group gap="xs" mt="xs">
      {items.map((i) => (
        <Link key={i.key} to={i.to} data-testid="drill">
          {i.label}
        </Link>
      ))}
    </Group>
  );
}

function group<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.entries()];
}
