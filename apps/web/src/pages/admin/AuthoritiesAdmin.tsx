import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useT } from '../../i18n';
import { STATES } from '../draft-form';
import { ColumnHeads, FormPanel } from '../../components/FormPanel';

// Authorities (administrators): prosecution offices, central authorities, supervisory bodies;
// create, rename, (de)activate.

type AuthorityKind = Schemas['CreateAuthorityDto']['kind'];
// Held to the API's enumeration by the generated types.
const KINDS = [
  'prosecutor_office',
  'central_authority',
  'supervisory',
  'platform',
] as const satisfies readonly AuthorityKind[];

export function useAuthorities() {
  return useQuery({
    queryKey: ['admin-authorities'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/authorities')),
  });
}

/** The authority a user or webhook belongs to. */
export function AuthoritySelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useT();
  const authorities = useAuthorities();
  return (
    <NativeSelect
      label={t('admin.authority')}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: '—' },
        ...(authorities.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.jurisdiction})` })),
      ]}
    />
  );
}

export function AuthoritiesAdmin() {
  const { t } = useT();
  const client = useQueryClient();
  const authorities = useAuthorities();
  const toggle = useMutation({
    mutationFn: (a: Schemas['AuthorityView']) =>
      unwrap(
        api.PATCH('/api/v1/admin/authorities/{id}', {
          params: { path: { id: a.id } },
          body: { active: !a.active },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin-authorities'] }),
  });
  return (
    <Stack gap="sm">
      <Title order={2}>{t('admin.authorities')}</Title>
      <ProblemNotice error={authorities.error ?? toggle.error} />
      <Table fz="sm" verticalSpacing={4} data-testid="authorities">
        <ColumnHeads
          labels={[
            t('admin.code'),
            t('admin.name'),
            t('admin.jurisdiction'),
            t('admin.kind'),
            t('admin.status'),
          ]}
        />
        <Table.Tbody>
          {(authorities.data ?? []).map((a) => (
            <Table.Tr key={a.id} data-testid="authority">
              <Table.Td>{a.code}</Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.jurisdiction}</Table.Td>
              <Table.Td>{t(`authorityKind.${a.kind}`, { defaultValue: a.kind })}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">{a.active ? t('admin.active') : t('admin.inactive')}</Text>
                  <Button
                    size="compact-xs"
                    variant="outline"
                    color={a.active ? 'red.9' : undefined}
                    onClick={() => toggle.mutate(a)}
                    aria-label={`${a.active ? t('admin.deactivate') : t('admin.activate')}: ${a.name}`}
                  >
                    {a.active ? t('admin.deactivate') : t('admin.activate')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <CreateAuthority />
    </Stack>
  );
}

function CreateAuthority() {
  const { t } = useT();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [jurisdiction, setJurisdiction] = useState<string>(STATES[0]);
  const [kind, setKind] = useState<AuthorityKind>('prosecutor_office');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/authorities', {
          body: { code: code.trim(), name: name.trim(), jurisdiction, kind },
        }),
      ),
    onSuccess: () => {
      setCode('');
      setName('');
      void client.invalidateQueries({ queryKey: ['admin-authorities'] });
    },
  });
  return (
    <FormPanel title={t('admin.createAuthority')} onSubmit={() => create.mutate()}>
      <Group grow align="flex-start">
        <TextInput
          label={t('admin.code')}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <TextInput
          label={t('admin.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NativeSelect
          label={t('admin.jurisdiction')}
          value={jurisdiction}
          onChange={(e) => setJurisdiction(e.currentTarget.value)}
          data={STATES.map((s) => ({ value: s, label: t(`country.${s}`) }))}
        />
        <NativeSelect
          label={t('admin.kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as AuthorityKind)}
          data={KINDS.map((k) => ({ value: k, label: t(`authorityKind.${k}`) }))}
        />
      </Group>
      <ProblemNotice error={create.error} />
      <Button type="submit" mt="xs" loading={create.isPending}>
        {t('admin.createAuthority')}
      </Button>
    </FormPanel>
  );
}
