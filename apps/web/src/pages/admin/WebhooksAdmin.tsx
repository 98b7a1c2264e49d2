import { Alert, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useT } from '../../i18n';
import { AuthoritySelect, useAuthorities } from './AuthoritiesAdmin';
import { ColumnHeads, FormPanel } from '../../components/FormPanel';

// Webhooks (administrators): an authority's notifications POSTed to its systems, signed; the
// secret is shown once, when the webhook is created.

type Kind = Schemas['Webhook']['kinds'][number];
// Held to the API's enumeration by the generated types.
const KINDS = [
  'assignment',
  'returned',
  'supplementary_information_requested',
  'supplementary_information_answered',
  'transmitted',
  'response',
  'reminder',
  'escalation',
] as const satisfies readonly Kind[];

export function WebhooksAdmin() {
  const { t } = useT();
  const client = useQueryClient();
  const webhooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/webhooks')),
  });
  const authorities = useAuthorities();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/admin/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const authorityName = (id: string) => authorities.data?.find((a) => a.id === id)?.name ?? id.slice(0, 8);
  return (
    <Stack gap="sm">
      <Title order={2}>{t('admin.webhooks')}</Title>
      <ProblemNotice error={webhooks.error ?? remove.error} />
      <Table fz="sm" verticalSpacing={4} data-testid="webhooks">
        <ColumnHeads
          labels={[t('admin.authority'), 'URL', t('admin.notificationKinds'), t('admin.status')]}
        />
        <Table.Tbody>
          {(webhooks.data?.items ?? []).map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>{authorityName(w.authorityId)}</Table.Td>
              <Table.Td>
                <code>{w.url}</code>
              </Table.Td>
              <Table.Td>
                {w.kinds.length
                  ? w.kinds.map((k) => t(`notificationKind.${k}`)).join(', ')
                  : t('admin.allKinds')}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">{w.active ? t('admin.active') : t('admin.inactive')}</Text>
                  {w.active ? (
                    <Button
                      size="compact-xs"
                      variant="outline"
                      color="red.9"
                      onClick={() => remove.mutate(w.id)}
                      aria-label={`${t('admin.deactivate')}: ${w.url}`}
                    >
                      {t('admin.deactivate')}
                    </Button>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <CreateWebhook />
    </Stack>
  );
}

function CreateWebhook() {
  const { t } = useT();
  const client = useQueryClient();
  const [authorityId, setAuthorityId] = useState('');
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<Kind[]>([]);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/webhooks', {
          body: { authorityId, url: url.trim(), kinds: kinds.length ? kinds : undefined },
        }),
      ),
    onSuccess: () => {
      setUrl('');
      void client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  return (
    <FormPanel title={t('admin.createWebhook')} onSubmit={() => create.mutate()}>
      <Group grow align="flex-start">
        <AuthoritySelect value={authorityId} onChange={setAuthorityId} />
        <TextInput
          label="URL"
          required
          type="url"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
      </Group>
      <Checkbox.Group
        label={t('admin.notificationKinds')}
        description={t('admin.allKindsHint')}
        value={kinds}
        onChange={(v) => setKinds(v as Kind[])}
        mt="xs"
      >
        <Group gap="sm" mt={4}>
          {KINDS.map((k) => (
            <Checkbox key={k} value={k} label={t(`notificationKind.${k}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <ProblemNotice error={create.error} />
      {create.data ? (
        <Alert
          color="blue.9"
          variant="outline"
          title={t('admin.secretOnce')}
          mt="xs"
          data-testid="webhook-secret"
        >
          <code>{create.data.secret}</code>
        </Alert>
      ) : null}
      <Button type="submit" mt="xs" loading={create.isPending}>
        {t('admin.createWebhook')}
      </Button>
    </FormPanel>
  );
}
