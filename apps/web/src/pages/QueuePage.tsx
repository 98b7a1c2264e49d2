import { Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { CaseCells, CaseRow } from '../components/CaseCells';
import { ProblemNotice } from '../components/ProblemNotice';
import { useListKeys } from '../components/useListKeys';
import { useT } from '../i18n';

const VIEWS = ['all', 'mine', 'unassigned', 'authority'] as const;
type View = (typeof VIEWS)[number];

// The work queue (GET /queue): open cases whose next action is the caller's, most urgent first
// (breached, then legal clocks, then needed-by or urgent, then the soonest deadline), as the API
// sorts it. Claim from the row. Keyboard: j / k through the rows, Enter opens.
export function QueuePage() {
  const { t } = useT();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'all';
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  useListKeys(rows);
  const queue = useQuery({
    queryKey: ['queue', view],
    queryFn: () => unwrap(api.GET('/api/v1/queue', { params: { query: { view } } })),
    refetchInterval: 60_000,
  });
  const claim = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/cases/{id}/assignment/claim', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['queue'] }),
  });
  const counts = queue.data?.counts;
  const countOf: Record<View, number | undefined> = {
    all: counts?.total,
    mine: counts?.mine,
    unassigned: counts?.unassigned,
    authority: undefined,
  };

  return (
    <Stack gap="sm">
      <Title order={2}>{t('list.queue')}</Title>
      <Group gap="md">
        <SegmentedControl
          aria-label={t('queue.view')}
          value={view}
          onChange={(v) => setParams(v === 'all' ? {} : { view: v }, { replace: true })}
          data={VIEWS.map((v) => ({
            value: v,
            label: countOf[v] === undefined ? t(`queue.${v}`) : `${t(`queue.${v}`)} (${countOf[v]})`,
          }))}
        />
        {counts ? (
          <Text size="sm" data-testid="queue-counts">
            {t('queue.breached', { count: counts.breached })} ·{' '}
            {t('queue.legalClock', { count: counts.legalClock })} ·{' '}
            {t('queue.neededBy', { count: counts.neededByOrUrgent })}
          </Text>
        ) : null}
      </Group>
      <ProblemNotice error={queue.error ?? claim.error} />
      <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('list.reference')}</Table.Th>
            <Table.Th scope="col">{t('list.kind')}</Table.Th>
            <Table.Th scope="col">{t('list.pair')}</Table.Th>
            <Table.Th scope="col">{t('list.stage')}</Table.Th>
            <Table.Th scope="col">{t('list.holder')}</Table.Th>
            <Table.Th scope="col">{t('list.nextDeadline')}</Table.Th>
            <Table.Th scope="col">{t('queue.assignee')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(queue.data?.items ?? []).map((c, i) => (
            <CaseRow key={c.id} id={c.id} index={i} rows={rows} testId="queue-row">
              <Table.Td>
                <Link to={`/cases/${c.id}`}>{c.reference ?? c.id.slice(0, 8)}</Link>
                {c.urgency !== 'due' ? (
                  <Text span size="xs" fw={700} c={c.urgency === 'breached' ? 'red.9' : undefined}>
                    {' '}
                    · {t(`queue.urgency.${c.urgency}`)}
                  </Text>
                ) : null}
              </Table.Td>
              <CaseCells c={c} />
              <Table.Td>
                {c.assignee ? (
                  c.assignee.name
                ) : (
                  <Button
                    size="compact-xs"
                    variant="outline"
                    onClick={() => claim.mutate(c.id)}
                    loading={claim.isPending && claim.variables === c.id}
                    data-action="claim"
                  >
                    {t('queue.claim')}
                  </Button>
                )}
              </Table.Td>
            </CaseRow>
          ))}
        </Table.Tbody>
      </Table>
      {queue.data && queue.data.items.length === 0 ? <Text size="sm">{t('queue.empty')}</Text> : null}
    </Stack>
  );
}
