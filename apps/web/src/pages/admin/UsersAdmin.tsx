import { Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { formatInstant } from '../../format';
import { useT } from '../../i18n';
import { AuthoritySelect, useAuthorities } from './AuthoritiesAdmin';
import { ColumnHeads, FormPanel } from '../../components/FormPanel';

// Users and roles (administrators): who may sign in, with which roles, in which authority;
// deactivate (ends their sessions), unlock after failed logins, and create new users.

type User = Schemas['UserView'];
type Role = User['roles'][number];
// Held to the API's enumeration by the generated types.
export const ROLES = [
  'prosecutor',
  'central_authority',
  'supervisor',
  'admin',
] as const satisfies readonly Role[];

export function UsersAdmin() {
  const { t } = useT();
  const users = useQuery({
    queryKey: ['admin-users'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/users')),
  });
  const authorities = useAuthorities();
  const authorityName = (id: string) => authorities.data?.find((a) => a.id === id)?.name ?? id.slice(0, 8);
  return (
    <Stack gap="sm">
      <Title order={2}>{t('admin.users')}</Title>
      <ProblemNotice error={users.error} />
      <Table fz="sm" verticalSpacing={4} data-testid="users">
        <ColumnHeads
          labels={[
            t('admin.name'),
            t('field.email'),
            t('admin.authority'),
            t('admin.roles'),
            t('admin.status'),
            t('admin.lastLogin'),
            t('admin.id'),
          ]}
        />
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <UserRow key={u.id} u={u} authority={authorityName(u.authorityId)} />
          ))}
        </Table.Tbody>
      </Table>
      <CreateUser />
    </Stack>
  );
}

function UserRow({ u, authority }: { u: User; authority: string }) {
  const { t, language } = useT();
  const client = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(u.roles);
  const done = () => void client.invalidateQueries({ queryKey: ['admin-users'] });
  const path = { params: { path: { id: u.id } } };
  const saveRoles = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/admin/users/{id}/roles', { ...path, body: { roles } })),
    onSuccess: done,
  });
  const toggle = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/admin/users/{id}', { ...path, body: { active: !u.active } })),
    onSuccess: done,
  });
  const unlock = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/admin/users/{id}/unlock', path)),
    onSuccess: done,
  });
  const locked = !!u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();
  const changed = [...roles].sort().join() !== [...u.roles].sort().join();
  return (
    <Table.Tr data-testid="user" data-email={u.email ?? ''}>
      <Table.Td>
        {u.displayName}
        {u.kind === 'service' ? ` (${t('admin.service')})` : ''}
      </Table.Td>
      <Table.Td>{u.email ?? '—'}</Table.Td>
      <Table.Td>
        {authority} ({u.jurisdiction})
      </Table.Td>
      <Table.Td>
        <Checkbox.Group
          value={roles}
          onChange={(v) => setRoles(v as Role[])}
          aria-label={t('admin.rolesOf', { name: u.displayName })}
        >
          <Group gap={6}>
            {ROLES.map((r) => (
              <Checkbox key={r} size="xs" value={r} label={t(`role.${r}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        {changed ? (
          <Button size="compact-xs" mt={4} onClick={() => saveRoles.mutate()} loading={saveRoles.isPending}>
            {t('admin.saveRoles')}
          </Button>
        ) : null}
        <ProblemNotice error={saveRoles.error} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{u.active ? t('admin.active') : t('admin.inactive')}</Text>
        {locked ? (
          <Text size="sm" fw={700}>
            {t('admin.locked')}
          </Text>
        ) : null}
        <Group gap={4} mt={2}>
          <Button
            size="compact-xs"
            variant="outline"
            color={u.active ? 'red.9' : undefined}
            onClick={() => toggle.mutate()}
            loading={toggle.isPending}
            aria-label={`${u.active ? t('admin.deactivate') : t('admin.activate')}: ${u.displayName}`}
          >
            {u.active ? t('admin.deactivate') : t('admin.activate')}
          </Button>
          {locked ? (
            <Button
              size="compact-xs"
              variant="outline"
              onClick={() => unlock.mutate()}
              loading={unlock.isPending}
            >
              {t('admin.unlock')}
            </Button>
          ) : null}
        </Group>
        <ProblemNotice error={toggle.error ?? unlock.error} />
      </Table.Td>
      <Table.Td>{u.lastLoginAt ? formatInstant(u.lastLoginAt, language, u.jurisdiction) : '—'}</Table.Td>
      <Table.Td>
        <code>{u.id}</code>
      </Table.Td>
    </Table.Tr>
  );
}

function CreateUser() {
  const { t } = useT();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [authorityId, setAuthorityId] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/users', {
          body: {
            kind: 'user',
            email: email.trim(),
            displayName: displayName.trim(),
            authorityId,
            roles,
            password: password || undefined,
          },
        }),
      ),
    onSuccess: () => {
      setEmail('');
      setDisplayName('');
      setPassword('');
      setRoles([]);
      void client.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });
  return (
    <FormPanel title={t('admin.createUser')} onSubmit={() => create.mutate()} testId="create-user">
      <Group grow align="flex-start">
        <TextInput
          label={t('field.email')}
          required
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <TextInput
          label={t('admin.name')}
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
        />
        <AuthoritySelect value={authorityId} onChange={setAuthorityId} />
        <TextInput
          label={t('admin.password')}
          description={t('admin.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
      </Group>
      <Checkbox.Group label={t('admin.roles')} value={roles} onChange={(v) => setRoles(v as Role[])} mt="xs">
        <Group gap="sm" mt={4}>
          {ROLES.map((r) => (
            <Checkbox key={r} value={r} label={t(`role.${r}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <ProblemNotice error={create.error} />
      <Button type="submit" mt="xs" loading={create.isPending}>
        {t('admin.createUser')}
      </Button>
    </FormPanel>
  );
}
