import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Action, type CaseDetail } from '../api/client';
import {
  actionBody,
  asksForInput,
  EMPTY_VALUES,
  formFor,
  orderActions,
  type ActionValues,
} from '../pages/case-actions';
import { useT } from '../i18n';
import { ActionInputs } from './ActionInputs';
import { ProblemNotice } from './ProblemNotice';
import { FormPanel } from './FormPanel';

// The case's allowed actions, and only those. An action that needs input opens an inline form
// (the reason required where the API requires it, and the typed inputs of the action: transmission
// details, arrest, opinion, grounds, surrender); the API's problem shows right under the action.
export function ActionBar({ detail }: { detail: CaseDetail }) {
  const { t } = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [values, setValues] = useState<ActionValues>(EMPTY_VALUES);
  const act = useMutation({
    mutationFn: (action: Action) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/actions/{action}', {
          params: { path: { id: detail.id, action: action as Exclude<Action, 'edit_draft'> } },
          body: actionBody(formFor(action, detail.kind), values),
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['case', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['case-evaluation', updated.id] });
      void client.invalidateQueries({ queryKey: ['documents', updated.id] });
      setOpen(null);
      setValues(EMPTY_VALUES);
    },
  });

  const start = (action: Action) => {
    act.reset();
    setValues(EMPTY_VALUES);
    if (!asksForInput(formFor(action, detail.kind))) act.mutate(action);
    else setOpen(action);
  };
  const actions = orderActions(detail.allowedActions);
  // The requested state's question, shown above the answer.
  const question = detail.timeline
    .filter((e) => e.action === 'request_supplementary_information')
    .at(-1)?.reason;
  const form = open ? formFor(open, detail.kind) : undefined;
  const reasonLabel = (action: Action) =>
    action === 'refuse' && detail.kind === 'extradition'
      ? t('reason.refuseExtradition')
      : t(`reason.${action}`, { defaultValue: t('reason.default') });

  return (
    <Stack gap="xs" data-testid="actions">
      <Group gap="xs">
        {detail.allowedActions.includes('edit_draft') ? (
          <Button component={Link} to={`/cases/${detail.id}/draft`} data-action="edit_draft">
            {t('action.edit_draft')}
          </Button>
        ) : null}
        {actions.map((a, i) => {
          const f = formFor(a, detail.kind);
          return (
            <Button
              key={a}
              variant={i === 0 || open === a ? 'filled' : 'outline'}
              color={f?.danger ? 'red.9' : undefined}
              onClick={() => start(a)}
              loading={act.isPending && act.variables === a && !open}
              aria-expanded={asksForInput(f) ? open === a : undefined}
              data-action={a}
            >
              {t(`action.${a}`)}
            </Button>
          );
        })}
      </Group>
      {!open ? <ProblemNotice error={act.error} /> : null}
      {open && form ? (
        <FormPanel
          title={t(`action.${open}`)}
          onSubmit={() => act.mutate(open)}
          hideTitle
          testId="action-form"
        >
          <Stack gap="xs">
            {open === 'answer_supplementary_information' && question ? (
              <Alert
                color="blue.9"
                variant="outline"
                title={t('action.request_supplementary_information')}
                data-testid="question"
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {question}
                </Text>
              </Alert>
            ) : null}
            <ActionInputs
              inputs={form.inputs ?? []}
              values={values}
              onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
              caseId={detail.id}
              error={act.error}
            />
            {form.reason !== 'none' ? (
              <Textarea
                label={reasonLabel(open)}
                required={form.reason === 'required'}
                autosize
                minRows={3}
                value={values.reason}
                onChange={(e) => {
                  const reason = e.currentTarget.value;
                  setValues((v) => ({ ...v, reason }));
                }}
                autoFocus={!form.inputs?.length}
                data-testid="reason"
              />
            ) : null}
            <ProblemNotice error={act.error} />
            <Group gap="xs">
              <Button
                type="submit"
                color={form.danger ? 'red.9' : undefined}
                loading={act.isPending}
                data-testid="confirm"
              >
                {t(`action.${open}`)}
              </Button>
              <Button
                variant="outline"
                onClick={() => {
                  setOpen(null);
                  act.reset();
                }}
              >
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </FormPanel>
      ) : null}
    </Stack>
  );
}
