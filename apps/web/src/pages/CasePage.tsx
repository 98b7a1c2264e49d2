import {
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap, type CaseDetail, type DeadlineView } from '../api/client';
import { hasRole, useSession } from '../auth/SessionProvider';
import { ActionBar } from '../components/ActionBar';
import { AssignmentPanel } from '../components/AssignmentPanel';
import { Countdown } from '../components/Countdown';
import { DocumentsTab } from '../components/DocumentsTab';
import { ExtraditionPanel } from '../components/ExtraditionPanel';
import { EvaluationRail } from '../components/EvaluationRail';
import { useHolderText } from '../components/HolderText';
import { ProblemNotice } from '../components/ProblemNotice';
import { Provenance } from '../components/Provenance';
import { StageBadge } from '../components/StageBadge';
import { formatInstant } from '../format';
import { useT } from '../i18n';

// The case page: header, the allowed actions, and tabs for the summary (deadlines with their
// countdowns, legal basis, transmission), the request, the timeline, notes, the evaluation and
// (supervisors) the audit trail. In central-authority review the findings sit beside the draft.
export function CasePage() {
  const { id } = useParams();
  const { t } = useT();
  const { me } = useSession();
  const holderText = useHolderText();
  const detail = useQuery({
    queryKey: ['case', id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: id! } } })),
    refetchInterval: 30_000,
  });
  const c = detail.data;
  const requestingSide = !!me && !!c && me.jurisdiction === c.requestingState;
  const evaluation = useQuery({
    queryKey: ['case-evaluation', id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/evaluation', { params: { path: { id: id! } } })),
    enabled: requestingSide,
  });
  if (!c) return detail.error ? <ProblemNotice error={detail.error} /> : <Text>{t('common.loading')}</Text>;
  const reviewing = c.allowedActions.includes('approve');

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} data-testid="case-title">
            {c.reference ?? c.id.slice(0, 8)}
          </Title>
          <Group gap="xs">
            <Text size="sm">{t(`kind.${c.kind}`)}</Text>
            <Text size="sm" fw={600}>
              {c.requestingState} → {c.requestedState}
            </Text>
            <StageBadge stage={c.stage} />
            {c.outcome ? (
              <Badge variant="outline" color="dark.6" radius="sm" data-testid="outcome">
                {t(`outcome.${c.outcome}`)}
              </Badge>
            ) : null}
            {c.urgent ? (
              <Badge color="red.9" radius="sm">
                {t('case.urgent')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" data-testid="holder">
            {t('case.holder')}: {holderText(c.holder)}
            {c.holder?.assignee
              ? ` · ${t('case.assignee')}: ${c.holder.assignee.name}${c.holder.assignee.id === me?.id ? ` ${t('assign.me')}` : ''}`
              : ''}
          </Text>
          {c.links.length ? (
            <Group gap="xs" data-testid="links">
              <Text size="sm">{t('case.links')}:</Text>
              {c.links.map((l) => (
                <Text size="sm" key={l.caseId} component={Link} to={`/cases/${l.caseId}`} td="underline">
                  {l.reference ?? l.caseId.slice(0, 8)} ({t(`relation.${l.relation}`)}; {t(`kind.${l.kind}`)},{' '}
                  {t(`stage.${l.stage}`)})
                </Text>
              ))}
            </Group>
          ) : null}
        </Stack>
        {c.nextDueAt ? (
          <Countdown
            dueAt={c.nextDueAt}
            status={c.overdue ? 'breached' : undefined}
            jurisdiction={c.holder?.jurisdiction}
          />
        ) : null}
      </Group>
      {c.kind === 'extradition' ? <ExtraditionPanel c={c} /> : null}
      <ActionBar detail={c} />
      <AssignmentPanel c={c} />
      <Tabs defaultValue="summary" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="summary">{t('case.tab.summary')}</Tabs.Tab>
          <Tabs.Tab value="request">{t('case.tab.request')}</Tabs.Tab>
          <Tabs.Tab value="documents">{t('case.tab.documents')}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t('case.tab.timeline')}</Tabs.Tab>
          <Tabs.Tab value="notes">{t('case.tab.notes')}</Tabs.Tab>
          {requestingSide ? <Tabs.Tab value="evaluation">{t('case.tab.evaluation')}</Tabs.Tab> : null}
          {hasRole(me, 'supervisor') ? <Tabs.Tab value="audit">{t('case.tab.audit')}</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="summary" pt="sm">
          <Grid>
            <Grid.Col span={{ base: 12, md: reviewing ? 7 : 12 }}>
              <Stack gap="md">
                <Deadlines c={c} />
                <Transmission c={c} />
                {reviewing ? <DraftView c={c} /> : null}
              </Stack>
            </Grid.Col>
            {reviewing ? (
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Paper withBorder p="md" component="aside" aria-label={t('rules.title')}>
                  <ProblemNotice error={evaluation.error} />
                  <EvaluationRail evaluation={evaluation.data?.current} loading={evaluation.isFetching} />
                </Paper>
              </Grid.Col>
            ) : null}
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="request" pt="sm">
          <DraftView c={c} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="sm">
          <DocumentsTab c={c} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="sm">
          <TimelineView c={c} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="sm">
          <Notes c={c} />
        </Tabs.Panel>
        {requestingSide ? (
          <Tabs.Panel value="evaluation" pt="sm">
            <ProblemNotice error={evaluation.error} />
            {evaluation.data?.changes.length ? (
              <Paper withBorder p="sm" mb="sm" data-testid="evaluation-changes">
                <Title order={3} size="h5">
                  {t('case.changesSinceSubmission')}
                </Title>
                {evaluation.data.changes.map((ch) => (
                  <Text size="sm" key={ch.what + ch.message}>
                    {ch.message}
                  </Text>
                ))}
              </Paper>
            ) : null}
            <Grid>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <EvaluationRail
                  evaluation={evaluation.data?.submitted ?? undefined}
                  title={t('case.submittedEvaluation')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <EvaluationRail evaluation={evaluation.data?.current} title={t('case.currentEvaluation')} />
              </Grid.Col>
            </Grid>
          </Tabs.Panel>
        ) : null}
        {hasRole(me, 'supervisor') ? (
          <Tabs.Panel value="audit" pt="sm">
            <Audit c={c} />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Stack>
  );
}

/** How the request travelled: channel, note number, dates sent and received, the counterpart's reference. */
function Transmission({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const transmit = c.timeline.find((e) => e.action === 'transmit');
  const tx = c.transmission;
  if (!transmit && !tx) return null;
  const channel =
    tx?.channel ?? (typeof transmit?.details.channel === 'string' ? transmit.details.channel : undefined);
  const rows: [string, string | undefined][] = [
    [t('case.transmittedAt'), transmit ? formatInstant(transmit.at, language, c.requestingState) : undefined],
    [t('case.channel'), channel ? t(`channel.${channel}`, { defaultValue: channel }) : undefined],
    [t('case.transmissionReference'), tx?.referenceNumber],
    [t('case.sentAt'), tx?.sentAt ? formatInstant(tx.sentAt, language, c.requestingState) : undefined],
    [
      t('case.receivedAt'),
      tx?.receivedAt ? formatInstant(tx.receivedAt, language, c.requestedState) : undefined,
    ],
    [t('case.counterpartReference'), tx?.counterpartReference],
  ];
  return (
    <Paper withBorder p="sm" data-testid="transmission">
      <Title order={3} size="h5">
        {t('case.transmission')}
      </Title>
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <Text size="sm" key={label}>
            {label}: {value}
          </Text>
        ))}
      {transmit?.reason ? <Text size="sm">{transmit.reason}</Text> : null}
    </Paper>
  );
}

function Deadlines({ c }: { c: CaseDetail }) {
  const { t } = useT();
  const { me } = useSession();
  const [extending, setExtending] = useState<DeadlineView | null>(null);
  return (
    <Paper withBorder p="sm" data-testid="deadlines">
      <Title order={3} size="h5">
        {t('case.deadlines')}
      </Title>
      {c.deadlines.length === 0 ? <Text size="sm">{t('case.noDeadlines')}</Text> : null}
      <Timeline bulletSize={14} lineWidth={2} mt="xs">
        {c.deadlines.map((d) => (
          <Timeline.Item
            key={d.key}
            title={t(`extradition.clock.${d.key}`, { defaultValue: d.label })}
            color={d.status === 'breached' ? 'red.9' : d.active ? 'blue.8' : 'gray.6'}
          >
            <Countdown
              dueAt={d.dueAt}
              status={d.status}
              businessDaysLeft={d.businessDaysLeft}
              jurisdiction={c.holder?.jurisdiction ?? c.requestingState}
            />
            <Provenance source={d.source} confidence={d.confidence} />
            {c.allowedActions.includes('extend_deadline') && d.active && hasRole(me, 'supervisor') ? (
              <Button
                size="compact-xs"
                variant="outline"
                mt={4}
                onClick={() => setExtending(d)}
                data-action="extend_deadline"
              >
                {t('action.extend_deadline')}
              </Button>
            ) : null}
            {extending?.key === d.key ? (
              <ExtendDeadline c={c} d={d} onDone={() => setExtending(null)} />
            ) : null}
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}

function ExtendDeadline({ c, d, onDone }: { c: CaseDetail; d: DeadlineView; onDone: () => void }) {
  const { t } = useT();
  const client = useQueryClient();
  const [day, setDay] = useState(d.dueAt.slice(0, 10));
  const [reason, setReason] = useState('');
  const extend = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/actions/{action}', {
          params: { path: { id: c.id, action: 'extend_deadline' } },
          body: { deadlineKey: d.key, newDueAt: `${day}T23:59:00Z`, reason: reason.trim() || undefined },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['case', updated.id], updated);
      onDone();
    },
  });
  return (
    <Paper
      withBorder
      p="xs"
      mt={4}
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate();
      }}
      aria-label={t('action.extend_deadline')}
    >
      <Stack gap="xs">
        <TextInput
          type="date"
          label={t('case.newDueDate')}
          value={day}
          onChange={(e) => setDay(e.currentTarget.value)}
          required
        />
        <Textarea
          label={t('reason.extend_deadline')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          data-testid="reason"
        />
        <ProblemNotice error={extend.error} />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={extend.isPending} data-testid="confirm">
            {t('action.extend_deadline')}
          </Button>
          <Button size="xs" variant="outline" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const DRAFT_FIELDS = [
  'reference',
  'requestingAuthority',
  'investigatingAuthority',
  'subject',
  'factsSummary',
  'legalProvisions',
  'assistanceSought',
  'purpose',
  'neededBy',
] as const;

function DraftView({ c }: { c: CaseDetail }) {
  const { t } = useT();
  const d = c.draft as Record<string, unknown>;
  const offences = (d.offences as { description?: string; maxPenaltyYears?: number }[] | undefined) ?? [];
  const persons =
    (d.personsConcerned as { name?: string; nationality?: string; location?: string }[] | undefined) ?? [];
  const sought = d.personSought as
    { name?: string; nationalities?: string[]; custodyStatus?: string } | undefined;
  const supporting = Object.entries((d.documents as Record<string, unknown> | undefined) ?? {})
    .filter(([, v]) => v)
    .map(([k]) => t(`field.documents.${k}`, { defaultValue: k }));
  return (
    <Paper withBorder p="sm" data-testid="draft">
      <Title order={3} size="h5">
        {t('case.request')}
      </Title>
      <Table fz="sm" verticalSpacing={4}>
        <Table.Tbody>
          {DRAFT_FIELDS.filter((f) => d[f] !== undefined).map((f) => (
            <Table.Tr key={f}>
              <Table.Th scope="row" w={220}>
                {t(`field.${f}`)}
              </Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{String(d[f])}</Table.Td>
            </Table.Tr>
          ))}
          {typeof d.requestType === 'string' ? (
            <Table.Tr>
              <Table.Th scope="row">{t('field.requestType')}</Table.Th>
              <Table.Td>{t(`requestType.${d.requestType}`)}</Table.Td>
            </Table.Tr>
          ) : null}
          {sought ? (
            <Table.Tr>
              <Table.Th scope="row">{t('field.personSought')}</Table.Th>
              <Table.Td>
                {[
                  sought.name,
                  sought.nationalities?.join(', '),
                  sought.custodyStatus ? t(`custody.${sought.custodyStatus}`) : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Table.Td>
            </Table.Tr>
          ) : null}
          {typeof d.redNoticeRef === 'string' ? (
            <Table.Tr>
              <Table.Th scope="row">{t('field.redNoticeRef')}</Table.Th>
              <Table.Td>{d.redNoticeRef}</Table.Td>
            </Table.Tr>
          ) : null}
          {supporting.length ? (
            <Table.Tr>
              <Table.Th scope="row">{t('field.documents')}</Table.Th>
              <Table.Td>{supporting.join(', ')}</Table.Td>
            </Table.Tr>
          ) : null}
          {offences.map((o, i) => (
            <Table.Tr key={`o${i}`}>
              <Table.Th scope="row">{t('field.offences')}</Table.Th>
              <Table.Td>
                {o.description}
                {o.maxPenaltyYears !== undefined
                  ? ` (${t('case.maxPenalty', { count: o.maxPenaltyYears })})`
                  : ''}
              </Table.Td>
            </Table.Tr>
          ))}
          {persons.map((p, i) => (
            <Table.Tr key={`p${i}`}>
              <Table.Th scope="row">{t('field.personsConcerned')}</Table.Th>
              <Table.Td>{[p.name, p.nationality, p.location].filter(Boolean).join(' · ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The person an assignment entry gave the case to (null when it went back to the queue). */
function assigneeOf(e: CaseDetail['timeline'][number]): string | null {
  const assignee = e.details.assignee as { name?: string | null } | null | undefined;
  return assignee?.name ?? null;
}

function TimelineView({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const holderText = useHolderText();
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {c.timeline.map((e) => (
        <Timeline.Item
          key={`${e.seq}-${e.action}-${e.at}`}
          title={t(`action.${e.action}`, { defaultValue: e.action })}
        >
          <Text size="xs" c="dimmed">
            {formatInstant(e.at, language, e.actor?.jurisdiction ?? c.requestingState)} ·{' '}
            {[e.actor?.name, e.actor?.authority].filter(Boolean).join(', ')}
            {e.visibility !== 'shared' ? ` · ${t('case.internal')}` : ''}
          </Text>
          <Text size="sm">
            {t(`stage.${e.toStage}`)} ·{' '}
            {e.action.startsWith('assignment.')
              ? `${t('case.assignee')}: ${assigneeOf(e) ?? t('case.unassigned')}`
              : `${t('case.holder')}: ${holderText(e.holder)}`}
          </Text>
          {e.reason ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.reason}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Notes({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [shared, setShared] = useState(false);
  const notes = c.timeline.filter((e) => e.action === 'note_received');
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/notes', {
          params: { path: { id: c.id } },
          body: { note: note.trim(), shared },
        }),
      ),
    onSuccess: () => {
      setNote('');
      // The note is recorded a moment later (202): read the case again shortly.
      setTimeout(() => void client.invalidateQueries({ queryKey: ['case', c.id] }), 800);
    },
  });
  return (
    <Stack gap="sm" data-testid="notes">
      {notes.length === 0 ? <Text size="sm">{t('case.noNotes')}</Text> : null}
      {notes.map((n) => (
        <Paper withBorder p="xs" key={n.seq}>
          <Text size="xs" c="dimmed">
            {formatInstant(n.at, language, n.actor?.jurisdiction)} · {n.actor?.name ?? n.actor?.authority} ·{' '}
            {n.visibility === 'shared' ? t('case.shared') : t('case.internal')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.reason}
          </Text>
        </Paper>
      ))}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
        aria-label={t('case.addNote')}
      >
        <Stack gap="xs">
          <Textarea
            label={t('case.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Switch
            label={t('case.shareNote')}
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <ProblemNotice error={add.error} />
          <Group>
            <Button type="submit" size="xs" loading={add.isPending}>
              {t('case.addNote')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Audit({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const audit = useQuery({
    queryKey: ['case-audit', c.id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/audit', { params: { path: { id: c.id } } })),
  });
  const items = (audit.data?.items ?? []) as {
    seq: number;
    action?: string;
    occurredAt?: string;
    outcome?: string;
    actorId?: string | null;
  }[];
  return (
    <Stack gap="xs" data-testid="audit">
      <ProblemNotice error={audit.error} />
      <Table fz="sm" verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">{t('audit.action')}</Table.Th>
            <Table.Th scope="col">{t('audit.outcome')}</Table.Th>
            <Table.Th scope="col">{t('audit.at')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.seq}>
              <Table.Td>{r.seq}</Table.Td>
              <Table.Td>{r.action ?? t('audit.redacted')}</Table.Td>
              <Table.Td>{r.outcome ?? ''}</Table.Td>
              <Table.Td>
                {r.occurredAt ? formatInstant(r.occurredAt, language, c.requestingState) : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
