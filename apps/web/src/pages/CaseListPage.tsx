import { Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap, type CaseSummary, type Stage } from '../api/client';
import { hasRole, useSession } from '../auth/SessionProvider';
import { CaseCells, CaseRow } from '../components/CaseCells';
import { ProblemNotice } from '../components/ProblemNotice';
import { useListKeys } from '../components/useListKeys';
import { formatDay } from '../format';
import { useT } from '../i18n';

type Kind = NonNullable<CaseSummary['kind']>;
// The stages a filter offers, per kind of case (both kinds share drafting and closure).
const DRAFTING: Stage[] = ['draft', 'central_authority_review', 'translation', 'ready_to_transmit'];
const STAGES: Record<'mla' | 'extradition', Stage[]> = {
  mla: [
    ...DRAFTING,
    'transmitted',
    'acknowledged',
    'under_execution',
    'supplementary_information',
    'responded',
    'closed',
  ],
  extradition: [
    ...DRAFTING,
    'provisional_arrest_requested',
    'awaiting_formal_request',
    'release_decision',
    'formal_request_received',
    'objections',
    'objection_evidence',
    'extradition_hearing',
    'court_hearing',
    'supreme_court_review',
    'executive_decision',
    'amparo_window',
    'appeal_pending',
    'surrender_pending',
    'surrender_deferred',
    'specialty_monitoring',
    'closed',
  ],
};
const KINDS = ['mla', 'extradition'] as const satisfies readonly Kind[];

// The work queue (central authorities), "my cases" (prosecutors) and every case in scope
// (supervisors): one table sorted as the API sorts it, filters in the URL so a view can be shared.
// Keyboard: "/" searches, j / k move through the rows, Enter opens.
export function CaseListPage() {
  const { t, language } = useT();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const search = useRef<HTMLInputElement>(null);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const query = {
    kind: (params.get('kind') as (typeof KINDS)[number] | null) ?? undefined,
    stage: (params.get('stage') as Stage | null) ?? undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    holderRole: (params.get('holderRole') as 'central_authority' | null) ?? undefined,
    holderJurisdiction: params.get('holderJurisdiction') ?? undefined,
    pair: params.get('pair') ?? undefined,
    q: params.get('q') ?? undefined,
    limit: 50,
  };
  const cases = useQuery({
    queryKey: ['cases', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
  });

  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  useListKeys(rows, search);

  const mine =
    me &&
    hasRole(me, 'central_authority') &&
    query.holderJurisdiction === me.jurisdiction &&
    query.holderRole === 'central_authority';
  const title = hasRole(me, 'prosecutor') ? t('nav.myCases') : t('nav.cases');
  const items: CaseSummary[] = cases.data?.items ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        {hasRole(me, 'prosecutor') ? (
          <Button component={Link} to="/cases/new">
            {t('nav.newCase')}
          </Button>
        ) : null}
      </Group>
      <Group
        gap="sm"
        align="flex-end"
        component="form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text.trim() || null);
        }}
      >
        <TextInput
          ref={search}
          label={t('list.search')}
          description={t('list.searchHint')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={260}
        />
        <Select
          label={t('list.kind')}
          clearable
          data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          value={query.kind ?? null}
          onChange={(v) => set('kind', v)}
          w={200}
        />
        <Select
          label={t('list.stage')}
          clearable
          data={(query.kind ? STAGES[query.kind] : [...new Set([...STAGES.mla, ...STAGES.extradition])]).map(
            (s) => ({
              value: s,
              label: t(`stage.${s}`),
            }),
          )}
          value={query.stage ?? null}
          onChange={(v) => set('stage', v)}
          w={220}
        />
        <Checkbox
          label={t('list.overdue')}
          checked={!!query.overdue}
          onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
        {me && hasRole(me, 'central_authority') ? (
          <Checkbox
            label={t('list.myAuthority')}
            checked={!!mine}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.currentTarget.checked) {
                next.set('holderRole', 'central_authority');
                next.set('holderJurisdiction', me.jurisdiction);
              } else {
                next.delete('holderRole');
                next.delete('holderJurisdiction');
              }
              setParams(next, { replace: true });
            }}
            mb={8}
          />
        ) : null}
        <Button type="submit" variant="outline">
          {t('list.apply')}
        </Button>
      </Group>
      <ProblemNotice error={cases.error} />
      <Text size="sm" aria-live="polite">
        {cases.isLoading ? t('common.loading') : t('list.count', { count: cases.data?.total ?? 0 })}
      </Text>
      <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="case-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('list.reference')}</Table.Th>
            <Table.Th scope="col">{t('list.kind')}</Table.Th>
            <Table.Th scope="col">{t('list.pair')}</Table.Th>
            <Table.Th scope="col">{t('list.stage')}</Table.Th>
            <Table.Th scope="col">{t('list.holder')}</Table.Th>
            <Table.Th scope="col">{t('list.nextDeadline')}</Table.Th>
            <Table.Th scope="col">{t('list.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c, i) => (
            <CaseRow key={c.id} id={c.id} index={i} rows={rows} testId="case-row">
              <Table.Td>
                <Link to={`/cases/${c.id}`}>{c.reference ?? c.id.slice(0, 8)}</Link>
                {c.urgent ? (
                  <Text span size="xs" fw={700} c="red.9">
                    {' '}
                    · {t('case.urgent')}
                  </Text>
                ) : null}
              </Table.Td>
              <CaseCells c={c} />
              <Table.Td>{formatDay(c.createdAt, language, c.holder?.jurisdiction)}</Table.Td>
            </CaseRow>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
