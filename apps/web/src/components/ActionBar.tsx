import { Alert, Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Action, type CaseDetail } from '../api/client';
import { ACTION_FORMS, orderActions } from '../pages/case-actions';
import { useT } from '../i18n';
import { ProblemNotice } from './ProblemNotice';

// The case's allowed actions, and only those. An action that needs a reason opens an inline form
// with the reason required; the API's problem shows right under the action that caused it.
export function ActionBar({ detail }: { detail: CaseDetail }) {
  const { t } = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<'executed' | 'partially_executed'>('executed');
  const act = useMutation({
    mutationFn: (action: Action) => {
      const form = ACTION_FORMS[action];
      const body = {
        ...(reason.trim() && form?.reason !== 'none' ? { reason: reason.trim() } : {}),
        ...(form?.result ? { result } : {}),
      };
      return unwrap(
        api.POST('/api/v1/cases/{id}/actions/{action}', {
          params: { path: { id: detail.id, action: action as Exclude<Action, 'edit_draft'> } },
          body,
        }),
      );
    },
    onSuccess: (updated) => {
      client.setQueryData(['case', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['case-evaluation', updated.id] });
      setOpen(null);
      setReason('');
    },
  });

  const start = (action: Action) => {
    act.reset();
    setReason('');
    if (ACTION_FORMS[action]?.reason === 'none' && !ACTION_FORMS[action]?.result) act.mutate(action);
    else setOpen(action);
  };
  const actions = orderActions(detail.allowedActions);
  // The requested state's question, shown above the answer.
  const question = detail.timeline
    .filter((e) => e.action === 'request_supplementary_information')
    .at(-1)?.reason;
  const form = open ? ACTION_FORMS[open] : undefined;

  return (
    <Stack gap="xs" data-testid="actions">
      <Group gap="xs">
        {detail.allowedActions.includes('edit_draft') ? (
          <Button component={Link} to={`/cases/${detail.id}/draft`} data-action="edit_draft">
            {t('action.edit_draft')}
          </Button>
        ) : null}
        {actions.map((a, i) => (
          <Button
            key={a}
            variant={i === 0 || open === a ? 'filled' : 'outline'}
            color={ACTION_FORMS[a]?.danger ? 'red.9' : undefined}
            onClick={() => start(a)}
            loading={act.isPending && act.variables === a && !open}
            aria-expanded={
              ACTION_FORMS[a]?.reason !== 'none' || ACTION_FORMS[a]?.result ? open === a : undefined
            }
            data-action={a}
          >
            {t(`action.${a}`)}
          </Button>
        ))}
      </Group>
      {!open ? <ProblemNotice error={act.error} /> : null}
      {open && form ? (
        <Paper
          withBorder
          p="sm"
          component="form"
          aria-label={t(`action.${open}`)}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate(open);
          }}
          data-testid="action-form"
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
            {form.result ? (
              <Radio.Group
                label={t('action.result')}
                value={result}
                onChange={(v) => setResult(v as typeof result)}
                required
              >
                <Group>
                  <Radio value="executed" label={t('outcome.executed')} />
                  <Radio value="partially_executed" label={t('outcome.partially_executed')} />
                </Group>
              </Radio.Group>
            ) : null}
            {form.reason !== 'none' ? (
              <Textarea
                label={t(`reason.${open}`, { defaultValue: t('reason.default') })}
                required={form.reason === 'required'}
                autosize
                minRows={3}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                autoFocus
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
              <Button variant="outline" onClick={() => setOpen(null)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
