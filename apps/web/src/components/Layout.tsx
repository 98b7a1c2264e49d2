import {
  AppShell,
  Badge,
  Button,
  Group,
  NavLink as MantineNavLink,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';
import { hasRole, useSession } from '../auth/SessionProvider';
import { useT } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

// The frame: Comity · authority and country · ES | EN · notifications · sign out; navigation by role.
export function Layout() {
  const { t } = useT();
  const { me, logout } = useSession();
  const location = useLocation();
  const notifications = useQuery({
    queryKey: ['notifications'],
    queryFn: () => unwrap(api.GET('/api/v1/notifications')),
    enabled: !!me,
    refetchInterval: 60_000,
  });
  const links: { to: string; label: string }[] = [];
  if (hasRole(me, 'supervisor')) links.push({ to: '/dashboard', label: t('nav.dashboard') });
  if (hasRole(me, 'central_authority')) links.push({ to: '/queue', label: t('nav.queue') });
  // Administrators who hold no case role administer; they see no cases.
  if (me?.roles.some((r) => r !== 'admin')) {
    links.push({ to: '/cases', label: hasRole(me, 'prosecutor') ? t('nav.myCases') : t('nav.cases') });
  }
  if (hasRole(me, 'prosecutor')) links.push({ to: '/cases/new', label: t('nav.newCase') });
  if (hasRole(me, 'admin')) {
    links.push(
      { to: '/admin/users', label: t('nav.users') },
      { to: '/admin/authorities', label: t('nav.authorities') },
      { to: '/admin/instruments', label: t('nav.instruments') },
      { to: '/admin/webhooks', label: t('nav.webhooks') },
    );
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h3">
              Comity
            </Title>
            {me ? (
              <Text size="sm" data-testid="who">
                {me.displayName} · {me.authority.name} ({me.jurisdiction}) ·{' '}
                {me.roles.map((r) => t(`role.${r}`)).join(', ')}
              </Text>
            ) : null}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <Badge variant="outline" color="dark.6" radius="sm" data-testid="notifications">
              {t('nav.notifications', { count: notifications.data?.items.length ?? 0 })}
            </Badge>
            <Button size="xs" variant="outline" onClick={() => void logout()} data-testid="sign-out">
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} component="nav">
        <Stack gap={2}>
          {links.map((l) => (
            <MantineNavLink
              key={l.to}
              component={NavLink}
              to={l.to}
              end
              variant="filled"
              label={l.label}
              active={location.pathname === l.to}
            />
          ))}
        </Stack>
        <VisuallyHidden>{t('nav.shortcuts')}</VisuallyHidden>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
