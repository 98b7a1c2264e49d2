import { Badge, Grid, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import type { CaseDetail, DeadlineView, Stage } from '../api/client';
import { formatInstant } from '../format';
import { useT } from '../i18n';
import { Countdown } from './Countdown';
import { Provenance } from './Provenance';

// The top of an extradition case: the person sought (custody first), the legal clock that runs
// (formal-request window from the arrest, amparo, surrender) as the loudest thing on the page, and
// the procedure as a stepper with the requested state's own judicial steps.

/** Deadlines that hold a person in custody or bind the states: shown large. */
const LEGAL_CLOCKS = ['formal-request', 'surrender', 'amparo-window', 'temporary-surrender-return'];

/** The requested state's judicial phase (its machine's path), between admission and surrender. */
const JUDICIAL_STEPS: Record<string, Stage[]> = {
  MX: ['objections', 'objection_evidence', 'executive_decision', 'amparo_window'],
  US: ['extradition_hearing', 'executive_decision'],
  GT: ['court_hearing'],
  SV: ['supreme_court_review'],
  HN: ['supreme_court_review'],
};

export function procedureSteps(requestedState: string, requestType: unknown): Stage[] {
  const provisional: Stage[] =
    requestType === 'formal' ? [] : ['provisional_arrest_requested', 'awaiting_formal_request'];
  return [
    ...provisional,
    'formal_request_received',
    ...(JUDICIAL_STEPS[requestedState] ?? JUDICIAL_STEPS.HN),
    'surrender_pending',
    'specialty_monitoring',
    'closed',
  ];
}

interface PersonSought {
  name?: string;
  nationalities?: string[];
  custodyStatus?: string;
}

export function ExtraditionPanel({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const draft = c.draft as { personSought?: PersonSought; redNoticeRef?: string; requestType?: string };
  const person = draft.personSought ?? {};
  const detailsOf = (action: string) =>
    c.timeline.filter((e) => e.action === action).at(-1)?.details as Record<string, unknown> | undefined;
  const arrest = detailsOf('record_arrest');
  const surrender = detailsOf('record_surrender');
  const custody = custodyNow(c, person.custodyStatus);
  const clocks = c.deadlines.filter(
    (d) => LEGAL_CLOCKS.includes(d.key) && (d.active || d.status === 'breached'),
  );
  const steps = procedureSteps(c.requestedState, draft.requestType);
  const visited = [...c.timeline].reverse().find((e) => steps.includes(e.toStage))?.toStage;
  // Before transmission nothing of the procedure has started; off its path (an appeal, a deferred
  // surrender, a release decision) the last step reached stays marked and the stage is named.
  const current = steps.includes(c.stage) ? c.stage : visited;
  const active = current ? steps.indexOf(current) : -1;
  const at = (v: unknown, jurisdiction: string) =>
    typeof v === 'string' ? formatInstant(v, language, jurisdiction) : '';

  return (
    <Grid data-testid="extradition">
      <Grid.Col span={{ base: 12, md: clocks.length ? 5 : 12 }}>
        <Paper
          withBorder
          p="sm"
          h="100%"
          component="section"
          aria-labelledby="person-sought"
          data-testid="person-card"
        >
          <Title order={3} size="h5" id="person-sought">
            {t('extradition.person')}
          </Title>
          <Text fw={700}>{person.name ?? t('extradition.unnamed')}</Text>
          <Group gap="xs" mt={4}>
            {custody ? (
              <Badge color={custody === 'in_custody' ? 'red.9' : 'dark.6'} radius="sm" data-testid="custody">
                {t(`custody.${custody}`)}
              </Badge>
            ) : null}
            {(person.nationalities ?? []).map((n) => (
              <Badge key={n} variant="outline" color="dark.6" radius="sm">
                {t(`country.${n}`, { defaultValue: n })}
              </Badge>
            ))}
            <Badge variant="outline" color="dark.6" radius="sm">
              {draft.requestType ? t(`requestType.${draft.requestType}`) : ''}
            </Badge>
          </Group>
          {draft.redNoticeRef ? (
            <Text size="sm" mt={4}>
              {t('extradition.redNotice')}: {draft.redNoticeRef}
            </Text>
          ) : null}
          {arrest ? (
            <Text size="sm" data-testid="arrest">
              {t('extradition.arrest')}: {at(arrest.arrestedAt, c.requestedState)} ·{' '}
              {String(arrest.place ?? '')}
            </Text>
          ) : null}
          {surrender ? (
            <Text size="sm" data-testid="surrender">
              {t('extradition.surrender')}: {at(surrender.surrenderedAt, c.requestedState)} ·{' '}
              {String(surrender.place ?? '')}
            </Text>
          ) : null}
        </Paper>
      </Grid.Col>
      {clocks.length ? (
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="xs">
            {clocks.map((d) => (
              <LegalClock key={d.key} d={d} c={c} arrestedAt={arrest?.arrestedAt} />
            ))}
          </Stack>
        </Grid.Col>
      ) : null}
      <Grid.Col span={12}>
        <Paper withBorder p="sm" component="section" aria-labelledby="procedure" data-testid="procedure">
          <Title order={3} size="h5" id="procedure" mb="xs">
            {t('extradition.phase')}
          </Title>
          <Stepper active={active} size="xs" iconSize={22} allowNextStepsSelect={false}>
            {steps.map((s) => (
              <Stepper.Step key={s} label={t(`stage.${s}`)} />
            ))}
          </Stepper>
          {visited && !steps.includes(c.stage) ? (
            <Text size="sm" mt="xs" fw={700} data-testid="off-path">
              {t('extradition.offPath', { stage: t(`stage.${c.stage}`) })}
            </Text>
          ) : null}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

/**
 * Where the person is now: the draft says how things stood when it was written; the arrest, a
 * release and the surrender recorded since then say how they stand.
 */
function custodyNow(c: CaseDetail, drafted: string | undefined): string | undefined {
  const last = [...c.timeline]
    .reverse()
    .find((e) => ['record_arrest', 'record_release', 'record_surrender'].includes(e.action))?.action;
  if (last === 'record_arrest') return 'in_custody';
  if (last === 'record_release') return 'released';
  if (last === 'record_surrender') return 'surrendered';
  return drafted;
}

function LegalClock({ d, c, arrestedAt }: { d: DeadlineView; c: CaseDetail; arrestedAt: unknown }) {
  const { t, language } = useT();
  const breached = d.status === 'breached';
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label={t('extradition.legalClock')}
      data-testid="legal-clock"
      data-key={d.key}
      style={{
        borderWidth: 3,
        borderColor: breached ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-blue-8)',
      }}
    >
      <Text size="xs" tt="uppercase" fw={700}>
        {t('extradition.legalClock')}
      </Text>
      <Title order={3} size="h4">
        {t(`extradition.clock.${d.key}`, { defaultValue: d.label })}
      </Title>
      <Countdown
        dueAt={d.dueAt}
        status={d.status}
        businessDaysLeft={d.businessDaysLeft}
        jurisdiction={c.holder?.jurisdiction ?? c.requestingState}
        large
      />
      {d.key === 'formal-request' && typeof arrestedAt === 'string' ? (
        <Text size="sm">
          {t('extradition.clockFrom', { at: formatInstant(arrestedAt, language, c.requestedState) })}
        </Text>
      ) : null}
      <Provenance source={d.source} confidence={d.confidence} />
    </Paper>
  );
}
