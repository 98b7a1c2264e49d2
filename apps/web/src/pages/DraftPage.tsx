import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NativeSelect,
  Radio,
  Paper,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api, unwrap, type CaseDetail } from '../api/client';
import { useSession } from '../auth/SessionProvider';
import { EvaluationRail } from '../components/EvaluationRail';
import { ProblemNotice } from '../components/ProblemNotice';
import { formatInstant } from '../format';
import { useT } from '../i18n';
import {
  ASSISTANCE,
  CUSTODY,
  draftSchema,
  EMPTY_FORM,
  fromDraft,
  KINDS,
  REQUEST_TYPES,
  STATES,
  SUPPORTING,
  TRANSLATIONS,
  toDraft,
  type DraftForm,
} from './draft-form';
import { TONE } from '../tones';

// MLA asks what assistance and which persons; extradition asks for the person sought and the
// supporting documents the request carries.
const STEPS = {
  mla: ['parties', 'facts', 'assistance', 'persons', 'review'],
  extradition: ['parties', 'facts', 'person', 'documents', 'review'],
} as const;

/** The United States, or (for its own prosecutors) the first other state. */
function defaultRequestedState(own: string | undefined): DraftForm['requestedState'] {
  return EMPTY_FORM.requestedState !== own ? EMPTY_FORM.requestedState : STATES.find((s) => s !== own)!;
}

/** New request (no id) or the draft of a case in the draft stage (returned drafts included). */
export function DraftPage() {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['case', id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  if (id && !existing.data) return <ProblemNotice error={existing.error} />;
  return <DraftWizard key={id ?? 'new'} existing={existing.data} />;
}

function DraftWizard({ existing }: { existing: CaseDetail | undefined }) {
  const { t, language } = useT();
  const { me } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const location = useLocation();
  const [step, setStep] = useState<number>((location.state as { step?: number } | null)?.step ?? 0);
  const idempotencyKey = useRef(`web-${crypto.randomUUID()}`);
  const form = useForm<DraftForm>({
    resolver: zodResolver(draftSchema),
    mode: 'onChange',
    defaultValues: existing
      ? fromDraft(existing.requestedState, existing.draft, existing.kind)
      : { ...EMPTY_FORM, requestedState: defaultRequestedState(me?.jurisdiction) },
  });
  const values = useWatch({ control: form.control }) as DraftForm;
  const draft = useMemo(() => toDraft({ ...EMPTY_FORM, ...values }), [values]);
  const [debounced] = useDebouncedValue(draft, 400);
  const requestedState = values.requestedState;
  const kind = values.kind ?? 'mla';
  const steps = STEPS[kind];
  const requestingState = me?.jurisdiction ?? 'HN';

  // Live findings as the user types (debounced).
  const evaluation = useQuery({
    queryKey: ['evaluate', kind, requestingState, requestedState, debounced],
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/rules/evaluate', {
          body: { ...debounced, requestingState, requestedState, kind },
        }),
      ),
    enabled: !!me && requestedState !== requestingState,
    placeholderData: keepPreviousData,
  });

  // Creating the case (once: the same Idempotency-Key returns the same case).
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases', {
          params: { header: { 'Idempotency-Key': idempotencyKey.current } },
          body: { kind, requestedState, draft },
        }),
      ),
    onSuccess: (created) => {
      client.setQueryData(['case', created.id], created);
      navigate(`/cases/${created.id}/draft`, { replace: true, state: { step: 1 } });
    },
  });

  // The draft saves itself, a moment after the user stops typing.
  const save = useMutation({
    mutationFn: (body: typeof draft) =>
      unwrap(api.PATCH('/api/v1/cases/{id}/draft', { params: { path: { id: existing!.id } }, body })),
    onSuccess: (saved) => client.setQueryData(['case', saved.id], saved),
  });
  const [toSave] = useDebouncedValue(draft, 1500);
  const lastSaved = useRef(
    JSON.stringify(
      existing ? toDraft(fromDraft(existing.requestedState, existing.draft, existing.kind)) : {},
    ),
  );
  useEffect(() => {
    if (!existing || !form.formState.isValid) return;
    const body = JSON.stringify(toSave);
    if (body === lastSaved.current) return;
    lastSaved.current = body;
    save.mutate(toSave);
  }, [toSave, existing?.id, form.formState.isValid]);

  const submit = useMutation({
    mutationFn: async () => {
      const body = JSON.stringify(draft);
      if (body !== lastSaved.current) {
        lastSaved.current = body;
        await save.mutateAsync(draft);
      }
      return unwrap(
        api.POST('/api/v1/cases/{id}/actions/{action}', {
          params: { path: { id: existing!.id, action: 'submit' } },
          body: {},
        }),
      );
    },
    onSuccess: (c) => {
      client.setQueryData(['case', c.id], c);
      void client.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${c.id}`);
    },
  });

  const returned = existing?.timeline
    .filter((e) => e.action === 'return' || e.action === 'internal_return')
    .at(-1);
  const err = (name: keyof DraftForm) => {
    const key = form.formState.errors[name]?.message;
    return key ? t(`validation.${key}`) : undefined;
  };
  const complete = evaluation.data?.completeness.complete ?? false;
  const next = async () => {
    if (!(await form.trigger())) return;
    if (!existing) create.mutate();
    else setStep((s) => Math.min(s + 1, steps.length - 1));
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Title order={2}>
            {existing
              ? t('draft.editTitle', { reference: existing.reference ?? '' })
              : kind === 'extradition'
                ? t('draft.newExtraditionTitle')
                : t('draft.newTitle')}
          </Title>
          {returned ? (
            <Alert
              color={TONE.warning}
              variant="outline"
              title={t('draft.returned')}
              data-testid="return-reasons"
            >
              <Text size="sm">{returned.reason}</Text>
              <Text size="xs" c="dimmed">
                {formatInstant(returned.at, language, returned.actor?.jurisdiction)}
              </Text>
            </Alert>
          ) : null}
          <Stepper
            active={step}
            onStepClick={existing ? setStep : undefined}
            size="sm"
            allowNextStepsSelect={!!existing}
          >
            {steps.map((s) => (
              <Stepper.Step key={s} label={t(`draft.step.${s}`)} />
            ))}
          </Stepper>
          <Paper
            withBorder
            p="md"
            component="form"
            onSubmit={(e) => {
              e.preventDefault();
              void next();
            }}
            noValidate
            aria-label={t(`draft.step.${steps[step]}`)}
          >
            <Stack gap="sm">
              {step === 0 ? (
                <>
                  <Controller
                    control={form.control}
                    name="kind"
                    render={({ field }) => (
                      <Radio.Group
                        label={t('draft.kind')}
                        value={field.value}
                        onChange={(v) => field.onChange(v)}
                        data-testid="kind"
                      >
                        <Group>
                          {KINDS.map((k) => (
                            <Radio key={k} value={k} label={t(`kind.${k}`)} disabled={!!existing} />
                          ))}
                        </Group>
                      </Radio.Group>
                    )}
                  />
                  {kind === 'extradition' ? (
                    <NativeSelect
                      label={t('field.requestType')}
                      required
                      error={err('requestType')}
                      data={[
                        { value: '', label: '—' },
                        ...REQUEST_TYPES.map((r) => ({ value: r, label: t(`requestType.${r}`) })),
                      ]}
                      {...form.register('requestType')}
                    />
                  ) : null}
                  <Controller
                    control={form.control}
                    name="requestedState"
                    render={({ field }) => (
                      <Select
                        label={t('field.requestedState')}
                        required
                        disabled={!!existing}
                        data={STATES.filter((s) => s !== requestingState).map((s) => ({
                          value: s,
                          label: t(`country.${s}`),
                        }))}
                        value={field.value}
                        onChange={(v) => field.onChange(v ?? '')}
                        error={err('requestedState')}
                        allowDeselect={false}
                      />
                    )}
                  />
                  <TextInput
                    label={t('field.reference')}
                    required
                    error={err('reference')}
                    {...form.register('reference')}
                  />
                  <TextInput
                    label={t('field.requestingAuthority')}
                    error={err('requestingAuthority')}
                    {...form.register('requestingAuthority')}
                  />
                  <TextInput
                    label={t('field.investigatingAuthority')}
                    error={err('investigatingAuthority')}
                    {...form.register('investigatingAuthority')}
                  />
                  <Group>
                    <Checkbox label={t('field.urgent')} {...form.register('urgent')} />
                    <TextInput
                      type="date"
                      label={t('field.neededBy')}
                      error={err('neededBy')}
                      {...form.register('neededBy')}
                    />
                  </Group>
                </>
              ) : null}
              {step === 1 ? (
                <>
                  <TextInput
                    label={t('field.subject')}
                    error={err('subject')}
                    {...form.register('subject')}
                  />
                  <Textarea
                    label={t('field.factsSummary')}
                    autosize
                    minRows={4}
                    error={err('factsSummary')}
                    {...form.register('factsSummary')}
                  />
                  <TextInput
                    label={t('field.offences.description')}
                    error={err('offenceDescription')}
                    {...form.register('offenceDescription')}
                  />
                  <TextInput
                    label={t('field.offences.maxPenaltyYears')}
                    inputMode="decimal"
                    error={err('maxPenaltyYears')}
                    {...form.register('maxPenaltyYears')}
                  />
                  <Textarea
                    label={t('field.legalProvisions')}
                    autosize
                    minRows={2}
                    error={err('legalProvisions')}
                    {...form.register('legalProvisions')}
                  />
                </>
              ) : null}
              {step === 2 && kind === 'extradition' ? (
                <>
                  <TextInput
                    label={t('field.personSought.name')}
                    error={err('soughtName')}
                    {...form.register('soughtName')}
                  />
                  <TextInput
                    label={t('field.personSought.nationalities')}
                    description={t('draft.nationalitiesHint')}
                    required
                    error={err('soughtNationalities')}
                    {...form.register('soughtNationalities')}
                  />
                  <NativeSelect
                    label={t('field.personSought.custodyStatus')}
                    required
                    error={err('custodyStatus')}
                    data={[
                      { value: '', label: '—' },
                      ...CUSTODY.map((c) => ({ value: c, label: t(`custody.${c}`) })),
                    ]}
                    {...form.register('custodyStatus')}
                  />
                  <TextInput
                    label={t('field.redNoticeRef')}
                    error={err('redNoticeRef')}
                    {...form.register('redNoticeRef')}
                  />
                </>
              ) : null}
              {step === 3 && kind === 'extradition' ? (
                <>
                  <Controller
                    control={form.control}
                    name="supportingDocuments"
                    render={({ field }) => (
                      <Checkbox.Group
                        label={t('field.documents')}
                        value={field.value}
                        onChange={field.onChange}
                      >
                        <Stack gap={6} mt={4}>
                          {SUPPORTING.map((d) => (
                            <Checkbox key={d} value={d} label={t(`field.documents.${d}`)} />
                          ))}
                        </Stack>
                      </Checkbox.Group>
                    )}
                  />
                  <Controller
                    control={form.control}
                    name="translationsProvided"
                    render={({ field }) => (
                      <Checkbox.Group
                        label={t('field.translationsProvided')}
                        value={field.value}
                        onChange={field.onChange}
                      >
                        <Group mt={4}>
                          {TRANSLATIONS.map((l) => (
                            <Checkbox key={l} value={l} label={t(`language.${l}`)} />
                          ))}
                        </Group>
                      </Checkbox.Group>
                    )}
                  />
                </>
              ) : null}
              {step === 2 && kind === 'mla' ? (
                <>
                  <Controller
                    control={form.control}
                    name="assistanceTypes"
                    render={({ field }) => (
                      <MultiSelect
                        label={t('field.assistanceTypes')}
                        data={ASSISTANCE.map((a) => ({ value: a, label: t(`assistance.${a}`) }))}
                        value={field.value}
                        onChange={field.onChange}
                      />
                    )}
                  />
                  <Textarea
                    label={t('field.assistanceSought')}
                    autosize
                    minRows={3}
                    error={err('assistanceSought')}
                    {...form.register('assistanceSought')}
                  />
                  <Textarea
                    label={t('field.purpose')}
                    autosize
                    minRows={2}
                    error={err('purpose')}
                    {...form.register('purpose')}
                  />
                </>
              ) : null}
              {step === 3 && kind === 'mla' ? (
                <>
                  <TextInput
                    label={t('field.personsConcerned.name')}
                    error={err('personName')}
                    {...form.register('personName')}
                  />
                  <TextInput
                    label={t('field.personsConcerned.nationality')}
                    description={t('draft.countryHint')}
                    error={err('personNationality')}
                    {...form.register('personNationality')}
                  />
                  <TextInput
                    label={t('field.personsConcerned.location')}
                    error={err('personLocation')}
                    {...form.register('personLocation')}
                  />
                </>
              ) : null}
              {step === 4 ? (
                <Stack gap={4} data-testid="review">
                  <Text size="sm">
                    {requestingState} → {requestedState} · {values.reference}
                  </Text>
                  <Text size="sm">{values.subject}</Text>
                  {kind === 'extradition' ? (
                    <Text size="sm">
                      {[
                        values.requestType ? t(`requestType.${values.requestType}`) : '',
                        values.soughtName,
                        values.custodyStatus ? t(`custody.${values.custodyStatus}`) : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  ) : null}
                  <Text size="sm" fw={600}>
                    {complete ? t('draft.ready') : t('draft.notReady')}
                  </Text>
                </Stack>
              ) : null}
              <ProblemNotice error={create.error ?? save.error} />
              <Group justify="space-between">
                <Text size="xs" c="dimmed" aria-live="polite" data-testid="save-state">
                  {save.isPending
                    ? t('draft.saving')
                    : save.data
                      ? t('draft.saved', {
                          at: formatInstant(save.data.updatedAt, language, requestingState),
                        })
                      : ''}
                </Text>
                <Group>
                  {step > 0 ? (
                    <Button variant="outline" onClick={() => setStep((s) => s - 1)}>
                      {t('draft.back')}
                    </Button>
                  ) : null}
                  {step < steps.length - 1 ? (
                    <Button type="submit" loading={create.isPending}>
                      {existing ? t('draft.next') : t('draft.create')}
                    </Button>
                  ) : (
                    <Button
                      onClick={() => submit.mutate()}
                      disabled={!complete || !existing?.allowedActions.includes('submit')}
                      loading={submit.isPending}
                      data-testid="submit"
                    >
                      {t('action.submit')}
                    </Button>
                  )}
                </Group>
              </Group>
              <ProblemNotice error={submit.error} />
            </Stack>
          </Paper>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder p="md" component="aside" aria-label={t('rules.title')}>
          <ProblemNotice error={evaluation.error} />
          <EvaluationRail evaluation={evaluation.data} loading={evaluation.isFetching} />
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
