import { Badge, Card, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap, type Stage } from '../api/client';
import { Countdown } from '../components/Countdown';
import { useHolderText } from '../components/HolderText';
import { ProblemNotice } from '../components/ProblemNotice';
import { StageBadge } from '../components/StageBadge';
import { formatInstant, formatNumber } from '../format';
import { useT } from '../i18n';
import { TONE } from '../tones';

// The supervisor's board: open and overdue cases, who holds the overdue ones, where cases stand,
// and the audit trail's verification. Every chart drills down to the cases behind it (the case
// list with the same filters).
export function DashboardPage() {
  const { t, language } = useT();
  const navigate = useNavigate();
  const holderText = useHolderText();
  const all = useQuery({ queryKey: ['cases', { limit: 100 }], queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { limit: 100 } } })) });
  const closed = useQuery({
    queryKey: ['cases', { stage: 'closed', limit: 1 }],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { stage: 'closed', limit: 1 } } })),
  });
  const overdue = useQuery({
    queryKey: ['cases', { overdue: true, limit: 100 }],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { overdue: true, limit: 100 } } })),
  });
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => unwrap(api.GET('/api/v1/audit/verify')) });

  const byHolder = group(overdue.data?.items ?? [], (c) => (c.holder ? `${c.holder.role}|${c.holder.jurisdiction}` : 'none')).map(([key, items]) => {
    const [role, jurisdiction] = key.split('|');
    return { key, label: holderText(items[0].holder), role, jurisdiction, count: items.length };
  });
  const byStage = group(all.data?.items ?? [], (c) => c.stage).map(([stage, items]) => ({ stage: stage as Stage, label: t(`stage.${stage}`), count: items.length }));
  const open = (all.data?.total ?? 0) - (closed.data?.total ?? 0);

  return (
    <Stack gap="md">
      <Title order={2}>{t('dashboard.title')}</Title>
      <ProblemNotice error={all.error ?? overdue.error} />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Metric label={t('dashboard.open')} value={formatNumber(open, language)} testId="metric-open" />
        <Metric label={t('dashboard.overdue')} value={formatNumber(overdue.data?.total ?? 0, language)} danger={(overdue.data?.total ?? 0) > 0} testId="metric-overdue" />
        <Metric label={t('dashboard.total')} value={formatNumber(all.data?.total ?? 0, language)} testId="metric-total" />
        <Card withBorder data-testid="audit-verify">
          <Text size="sm" fw={600}>
            {t('dashboard.audit')}
          </Text>
          {verify.data ? (
            <>
              <Badge color={verify.data.ok ? TONE.success : 'red.9'} variant="filled" radius="sm" mt={4}>
                {verify.data.ok ? t('dashboard.auditOk') : t('dashboard.auditBroken', { count: verify.data.brokenChains })}
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
          <Paper withBorder p="sm" data-testid="chart-overdue-holder">
            <Title order={3} size="h5" id="chart-overdue">
              {t('dashboard.overdueByHolder')}
            </Title>
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
                    onClick={(d: { payload?: { role: string; jurisdiction: string } }) =>
                      d.payload && navigate(`/cases?overdue=true&holderRole=${d.payload.role}&holderJurisdiction=${d.payload.jurisdiction}`)
                    }
                  />
                </BarChart>
              </ResponsiveContainer>
            </ChartOrEmpty>
            <DrillLinks items={byHolder.map((h) => ({ key: h.key, label: `${h.label}: ${h.count}`, to: `/cases?overdue=true&holderRole=${h.role}&holderJurisdiction=${h.jurisdiction}` }))} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="sm" data-testid="chart-stage">
            <Title order={3} size="h5" id="chart-stage">
              {t('dashboard.byStage')}
            </Title>
            <ChartOrEmpty empty={byStage.length === 0}>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={byStage} accessibilityLayer aria-labelledby="chart-stage">
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="count" name={t('dashboard.cases')} fill="#1864ab" cursor="pointer" onClick={(d: { payload?: { stage: string } }) => d.payload && navigate(`/cases?stage=${d.payload.stage}`)} />
                </BarChart>
              </ResponsiveContainer>
            </ChartOrEmpty>
            <DrillLinks items={byStage.map((s) => ({ key: s.stage, label: `${s.label}: ${s.count}`, to: `/cases?stage=${s.stage}` }))} />
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="sm">
        <Title order={3} size="h5">
          {t('dashboard.overdueList')}
        </Title>
        <Table fz="sm" verticalSpacing={4} data-testid="overdue-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('list.reference')}</Table.Th>
              <Table.Th scope="col">{t('list.pair')}</Table.Th>
              <Table.Th scope="col">{t('list.stage')}</Table.Th>
              <Table.Th scope="col">{t('list.holder')}</Table.Th>
              <Table.Th scope="col">{t('list.nextDeadline')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(overdue.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Link to={`/cases/${c.id}`}>{c.reference ?? c.id.slice(0, 8)}</Link>
                </Table.Td>
                <Table.Td>
                  {c.requestingState} → {c.requestedState}
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={c.stage} />
                </Table.Td>
                <Table.Td>{holderText(c.holder)}</Table.Td>
                <Table.Td>{c.nextDueAt ? <Countdown dueAt={c.nextDueAt} status="breached" jurisdiction={c.holder?.jurisdiction} compact /> : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

function Metric({ label, value, danger, testId }: { label: string; value: string; danger?: boolean; testId: string }) {
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

function ChartOrEmpty({ empty, children }: { empty: boolean; children: React.ReactNode }) {
  const { t } = useT();
  return empty ? <Text size="sm">{t('dashboard.nothing')}</Text> : <>{children}</>;
}

// The same drill-downs as the chart's bars, as links for the keyboard and screen readers.
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

