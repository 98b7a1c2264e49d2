import { Checkbox, Group, NativeSelect, Radio, Textarea, TextInput } from '@mantine/core';
import type { Schemas } from '../api/client';
import { ApiProblem, fieldErrors } from '../api/problem';
import type { ActionInput, ActionValues } from '../pages/case-actions';
import { useT } from '../i18n';
import { LinkCaseInputs } from './LinkCaseInputs';

// The typed inputs of an action's inline form. Instants are typed in the browser's local time and
// sent as ISO instants; the API checks every value and names the one it refuses (shown beside the
// field where the form has one).

type Channel = NonNullable<Schemas['TransmissionDto']['channel']>;
// Held to the API's enumeration by the generated types.
const CHANNELS = [
  'diplomatic_note',
  'central_authority',
  'interpol_copy',
] as const satisfies readonly Channel[];
const REMEDIES = ['amparo', 'habeas_corpus', 'appeal'] as const satisfies readonly NonNullable<
  Schemas['ActionDto']['remedy']
>[];

export function ActionInputs({
  inputs,
  values,
  onChange,
  caseId,
  error,
}: {
  inputs: ActionInput[];
  values: ActionValues;
  onChange: (patch: Partial<ActionValues>) => void;
  /** The case acted on. */
  caseId?: string;
  /** The API's answer to the last try, if it refused. */
  error?: unknown;
}) {
  const { t } = useT();
  const problem = error instanceof ApiProblem ? error.problem : undefined;
  const refused = (field: string) => fieldErrors(problem, field).join('; ') || undefined;
  const instant = (
    key: 'sentAt' | 'receivedAt' | 'arrestedAt' | 'returnDueAt' | 'surrenderedAt',
    required: boolean,
  ) => (
    <TextInput
      key={key}
      type="datetime-local"
      label={t(`input.${key}`)}
      description={t('input.instantHint')}
      required={required}
      value={values[key]}
      onChange={(e) => onChange({ [key]: e.currentTarget.value })}
      data-input={key}
    />
  );
  const line = (key: 'referenceNumber' | 'counterpartReference' | 'place', required = false) => (
    <TextInput
      key={key}
      label={t(`input.${key}`)}
      required={required}
      value={values[key]}
      onChange={(e) => onChange({ [key]: e.currentTarget.value })}
      data-input={key}
    />
  );
  return (
    <>
      {inputs.map((input) => {
        switch (input) {
          case 'result':
            return (
              <Radio.Group
                key={input}
                label={t('action.result')}
                value={values.result}
                onChange={(v) => onChange({ result: v as ActionValues['result'] })}
                required
              >
                <Group>
                  <Radio value="executed" label={t('outcome.executed')} />
                  <Radio value="partially_executed" label={t('outcome.partially_executed')} />
                </Group>
              </Radio.Group>
            );
          case 'transmission':
            return (
              <Group key={input} grow align="flex-start">
                <NativeSelect
                  label={t('input.channel')}
                  value={values.channel}
                  onChange={(e) => onChange({ channel: e.currentTarget.value })}
                  data={[
                    { value: '', label: '—' },
                    ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })),
                  ]}
                  data-input="channel"
                />
                {line('referenceNumber')}
                {instant('sentAt', false)}
              </Group>
            );
          case 'transmissionReceipt':
            return (
              <Group key={input} grow align="flex-start">
                {instant('receivedAt', false)}
                {line('counterpartReference')}
              </Group>
            );
          case 'arrestedAt':
          case 'returnDueAt':
          case 'surrenderedAt':
            return instant(input, true);
          case 'place':
            return line('place', true);
          case 'opinion':
            return (
              <Radio.Group
                key={input}
                label={t('input.opinion')}
                value={values.opinion}
                onChange={(v) => onChange({ opinion: v as ActionValues['opinion'] })}
                required
              >
                <Group>
                  <Radio value="favourable" label={t('input.opinion.favourable')} />
                  <Radio value="unfavourable" label={t('input.opinion.unfavourable')} />
                </Group>
              </Radio.Group>
            );
          case 'appealResult':
            return (
              <Radio.Group
                key={input}
                label={t('input.appealResult')}
                value={values.appealResult}
                onChange={(v) => onChange({ appealResult: v as ActionValues['appealResult'] })}
                required
              >
                <Group>
                  <Radio value="dismissed" label={t('input.appealResult.dismissed')} />
                  <Radio value="upheld" label={t('input.appealResult.upheld')} />
                </Group>
              </Radio.Group>
            );
          case 'remedy':
            return (
              <NativeSelect
                key={input}
                label={t('input.remedy')}
                value={values.remedy}
                onChange={(e) => onChange({ remedy: e.currentTarget.value as ActionValues['remedy'] })}
                data={REMEDIES.map((r) => ({ value: r, label: t(`input.remedy.${r}`) }))}
                required
              />
            );
          case 'grounds':
          case 'escorts':
            return (
              <Textarea
                key={input}
                label={t(`input.${input}`)}
                required
                autosize
                minRows={2}
                value={values[input]}
                onChange={(e) => onChange({ [input]: e.currentTarget.value })}
                data-input={input}
              />
            );
          case 'link':
            return (
              <LinkCaseInputs
                key={input}
                caseId={caseId}
                values={values}
                onChange={onChange}
                error={refused('link.caseId') && t('link.caseRefused')}
              />
            );
          case 'domesticProsecution':
            return (
              <Checkbox
                key={input}
                label={t('input.domesticProsecution')}
                checked={values.domesticProsecution}
                onChange={(e) => onChange({ domesticProsecution: e.currentTarget.checked })}
              />
            );
        }
      })}
    </>
  );
}
