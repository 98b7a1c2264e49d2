import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Provenance } from '../../components/Provenance';
import { ProblemNotice } from '../../components/ProblemNotice';
import { formatInstant } from '../../format';
import { useT } from '../../i18n';
import { ColumnHeads, FormPanel } from '../../components/FormPanel';

// Treaties (administrators): each instrument's status today with its source, and a status change
// from an effective date with its reason and source (audited; the next evaluation everywhere uses
// it), with the instrument's change history beside it.

type Change = Schemas['ChangeInstrumentStatusDto'];
// Held to the API's enumerations by the generated types.
const STATUSES = [
  'in-force',
  'signed',
  'denunciation-pending',
  'suspended',
  'denounced',
  'withdrawn',
  'not-operative',
  'unknown',
] as const satisfies readonly Change['status'][];
const CONFIDENCES = [
  'unconfirmed',
  'secondary',
  'confirmed',
] as const satisfies readonly Change['confidence'][];

export function InstrumentsAdmin() {
  const { t } = useT();
  const instruments = useQuery({
    queryKey: ['instruments'],
    queryFn: () => unwrap(api.GET('/api/v1/instruments', { params: { query: {} } })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const items = instruments.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Title order={2}>{t('admin.instruments')}</Title>
      <ProblemNotice error={instruments.error} />
      <Table fz="sm" verticalSpacing={4} data-testid="instruments">
        <ColumnHeads
          labels={[t('admin.instrument'), t('admin.scope'), t('admin.statusToday'), t('admin.changeStatus')]}
        />
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid="instrument">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {i.shortName}
                </Text>
                <Text size="xs">{i.name}</Text>
              </Table.Td>
              <Table.Td>{i.scope.map((s) => t(`kind.${s}`)).join(', ')}</Table.Td>
              <Table.Td>
                <Text size="sm">{i.statusAt.status}</Text>
                <Provenance
                  source={i.statusAt.source}
                  article={i.statusAt.article}
                  confidence={i.statusAt.confidence}
                />
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant={selected === i.id ? 'filled' : 'outline'}
                  onClick={() => setSelected(selected === i.id ? null : i.id)}
                  aria-expanded={selected === i.id}
                  aria-label={`${t('admin.changeStatus')}: ${i.shortName}`}
                >
                  {t('admin.changeStatus')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {selected ? (
        <StatusChange id={selected} name={items.find((i) => i.id === selected)?.shortName ?? selected} />
      ) : null}
    </Stack>
  );
}

function StatusChange({ id, name }: { id: string; name: string }) {
  const { t, language } = useT();
  const client = useQueryClient();
  const [status, setStatus] = useState<Change['status']>('suspended');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [reason, setReason] = useState('');
  const [source, setSource] = useState('');
  const [confidence, setConfidence] = useState<Change['confidence']>('unconfirmed');
  const path = { params: { path: { id } } };
  const history = useQuery({
    queryKey: ['instrument-history', id],
    queryFn: () => unwrap(api.GET('/api/v1/admin/instruments/{id}/status-history', path)),
  });
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/instruments/{id}/status', {
          ...path,
          body: {
            status,
            effectiveFrom,
            reason: reason.trim(),
            source: source.trim() || undefined,
            confidence,
          },
        }),
      ),
    onSuccess: () => {
      setReason('');
      void client.invalidateQueries({ queryKey: ['instruments'] });
      void client.invalidateQueries({ queryKey: ['instrument-history', id] });
    },
  });
  return (
    <Group align="flex-start" grow>
      <FormPanel title={`${t('admin.changeStatus')}: ${name}`} onSubmit={() => change.mutate()} hideTitle>
        <Title order={3} size="h5">
          {t('admin.changeStatus')}: {name}
        </Title>
        <Stack gap="xs">
          <Group grow>
            <NativeSelect
              label={t('admin.newStatus')}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as Change['status'])}
              data={[...STATUSES]}
            />
            <TextInput
              type="date"
              label={t('admin.effectiveFrom')}
              required
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.currentTarget.value)}
            />
          </Group>
          <Textarea
            label={t('field.reason')}
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group grow>
            <TextInput
              label={t('rules.source')}
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
            />
            <NativeSelect
              label={t('rules.confidence')}
              value={confidence}
              onChange={(e) => setConfidence(e.currentTarget.value as Change['confidence'])}
              data={CONFIDENCES.map((c) => ({ value: c, label: t(`confidence.${c}`) }))}
            />
          </Group>
          <ProblemNotice error={change.error} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('admin.changeStatus')}
            </Button>
          </Group>
        </Stack>
      </FormPanel>
      <Paper withBorder p="sm" data-testid="status-history">
        <Title order={3} size="h5">
          {t('admin.history')}
        </Title>
        <ProblemNotice error={history.error} />
        {history.data?.changes.length === 0 ? <Text size="sm">{t('admin.noChanges')}</Text> : null}
        {history.data?.changes.map((c) => (
          <Text size="sm" key={c.id}>
            {c.effectiveFrom} · {c.status} · {c.reason} ({c.source}) · {formatInstant(c.changedAt, language)}
          </Text>
        ))}
        {history.data?.timeline.map((p, i) => (
          <Text size="xs" c="dimmed" key={`${p.from}-${i}`}>
            {p.from ?? '…'} – {p.to ?? '…'}: {p.status}
          </Text>
        ))}
      </Paper>
    </Group>
  );
}
