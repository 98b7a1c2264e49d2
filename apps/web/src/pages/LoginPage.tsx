import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiProblem, type ProblemDetails } from '../api/problem';
import { useSession } from '../auth/SessionProvider';
import { session } from '../auth/tokens';
import { ProblemNotice } from '../components/ProblemNotice';
import { useT } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';

const schema = z.object({
  email: z.string().trim().min(1, 'required').email('email'),
  password: z.string().min(1, 'required'),
});
type Login = z.infer<typeof schema>;

export function LoginPage() {
  const { t } = useT();
  const { ended } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const form = useForm<Login>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });
  if (session.signedIn()) return <Navigate to={from} replace />;

  const submit = form.handleSubmit(async ({ email, password }) => {
    const refused = await session.login(email, password);
    setProblem(refused);
    if (!refused) navigate(from, { replace: true });
  });
  const message = (key?: string) => (key ? t(`validation.${key}`) : undefined);

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w={400} radius="md">
        <form onSubmit={submit} noValidate aria-labelledby="login-title">
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2" id="login-title">
                {t('login.title')}
              </Title>
              <LanguageSwitch />
            </Group>
            {ended === 'idle' || ended === 'expired' ? (
              <Alert color="blue.9" variant="outline" role="status" data-testid="session-ended">
                {t(`login.ended.${ended}`)}
              </Alert>
            ) : null}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              autoFocus
              error={message(form.formState.errors.email?.message)}
              {...form.register('email')}
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
              error={message(form.formState.errors.password?.message)}
              {...form.register('password')}
            />
            <ProblemNotice error={problem ? new ApiProblem(problem) : null} />
            <Button type="submit" loading={form.formState.isSubmitting}>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
