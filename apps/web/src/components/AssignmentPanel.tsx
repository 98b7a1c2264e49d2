import { Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type CaseDetail } from '../api/client';
import { hasRole, useSession } from '../auth/SessionProvider';
import { useT } from '../i18n';
import { ProblemNotice } from './ProblemNotice';
import { FormPanel } from './FormPanel';

// Who works the case on the desk that holds it: claim it, give it back, hand it to a colleague,
// or (a supervisor) take it from someone with a reason. Shown to the holding desk's side only,
// as the API names the assignee to that side only; the API decides and names any refusal.
export function AssignmentPanel({ c }: { c: CaseDetail }) {
  const { t } = useT();
  const { me } = useSession();
  const client = useQueryClient();
  const [assigning, setAssigning] = useState(false);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const holder = c.holder;
  const onDesk = !!me && !!holder && me.jurisdiction === holder.jurisdiction;
  const deskRole = onDesk && hasRole(me, holder.role);
  const supervisor = onDesk && hasRole(me, 'supervisor');
  const done = (updated: CaseDetail) => {
    client.setQueryData(['case', updated.id], updated);
    void client.invalidateQueries({ queryKey: ['queue'] });
    setAssigning(false);
    setUserId('');
    setReason('');
  };
  const path = { params: { path: { id: c.id } } };
  // Who may take the case: the API names the holding desk's active colleagues who may see it.
  const candidates = useQuery({
    queryKey: ['assignment-candidates', c.id, holder?.side, holder?.role],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/assignment/candidates', path)),
    enabled: assigning,
  });
  const claim = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/cases/{id}/assignment/claim', path)),
    onSuccess: done,
  });
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/cases/{id}/assignment/release', { ...path, body: {} })),
    onSuccess: done,
  });
  const assign = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/cases/{id}/assignment', {
          ...path,
          body: { userId: userId.trim(), reason: reason.trim() || undefined },
        }),
      ),
    onSuccess: done,
  });
  if (c.outcome || !holder || (!deskRole && !supervisor)) return null;
  const assignee = holder.assignee;
  const mine = assignee?.id === me?.id;

  return (
    <Stack gap={4} data-testid="assignment">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('assign.title')}:
        </Text>
        {!assignee && deskRole ? (
          <Button
            size="compact-sm"
            variant="outline"
            onClick={() => claim.mutate()}
            loading={claim.isPending}
            data-testid="claim"
          >
            {t('assign.claim')}
          </Button>
        ) : null}
        {assignee && (mine || supervisor) ? (
          <Button
            size="compact-sm"
            variant="outline"
            onClick={() => release.mutate()}
            loading={release.isPending}
          >
            {t('assign.release')}
          </Button>
        ) : null}
        <Button
          size="compact-sm"
          variant={assigning ? 'filled' : 'outline'}
          onClick={() => setAssigning((v) => !v)}
          aria-expanded={assigning}
          data-testid="assign"
        >
          {t('assign.submit')}
        </Button>
      </Group>
      <ProblemNotice error={claim.error ?? release.error} />
      {assigning ? (
        <FormPanel title={t('assign.title')} onSubmit={() => assign.mutate()} hideTitle testId="assign-form">
          <Stack gap="xs">
            <NativeSelect
              label={t('assign.to')}
              description={t('assign.toHint')}
              required
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
              data={[
                { value: '', label: candidates.isPending ? t('common.loading') : t('assign.choose') },
                ...(candidates.data?.items ?? [])
                  .filter((u) => u.id !== assignee?.id)
                  .map((u) => ({ value: u.id, label: u.name })),
              ]}
              data-input="userId"
            />
            <ProblemNotice error={candidates.error} />
            <Textarea
              label={t('assign.reason')}
              required={!!assignee && !mine}
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-input="assign-reason"
            />
            <ProblemNotice error={assign.error} />
            <Group gap="xs">
              <Button type="submit" loading={assign.isPending} data-testid="assign-confirm">
                {t('assign.submit')}
              </Button>
              <Button variant="outline" onClick={() => setAssigning(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </FormPanel>
      ) : null}
    </Stack>
  );
}
