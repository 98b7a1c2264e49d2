import { Alert, List, Text } from '@mantine/core';
import { ApiProblem, type ProblemDetails } from '../api/problem';
import { fieldKey, useT } from '../i18n';

/** The API's problem, beside the field or action that caused it: translated by its code (status). */
export function ProblemNotice({ error, id }: { error: unknown; id?: string }) {
  const { t } = useT();
  if (!error) return null;
  const problem: ProblemDetails | null = error instanceof ApiProblem ? error.problem : null;
  const status = problem?.status ?? 0;
  const title = t(`problem.${status}`, { defaultValue: problem?.title ?? t('problem.network') });
  return (
    <Alert
      id={id}
      role="alert"
      color="red.9"
      variant="outline"
      title={title}
      data-testid="problem"
      data-status={status}
    >
      {status === 409 && problem?.stage ? (
        <Text size="sm">{t('problem.stageNow', { stage: t(`stage.${problem.stage}`) })}</Text>
      ) : null}
      {problem?.detail ? (
        <Text size="sm" c="dark.7">
          {problem.detail}
        </Text>
      ) : null}
      {problem?.errors?.length ? (
        <List size="sm">
          {problem.errors.map((e) => (
            <List.Item key={e.field}>
              {t(fieldKey(e.field), { defaultValue: e.field })}: {e.messages.join('; ')}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
