import { Badge, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { daysLeft, formatInstant } from '../format';
import { useT } from '../i18n';

// A legal clock: the date in the holder's time zone, the days left (business days where the
// period counts them, as the API counts them with that country's holidays; calendar days
// otherwise), and once breached a red label that says so in words (never colour alone).
export function Countdown({
  dueAt,
  status,
  jurisdiction,
  businessDaysLeft = null,
  compact = false,
  large = false,
}: {
  dueAt: string;
  status?: string;
  /** Set for a running business-day period. */
  businessDaysLeft?: number | null;
  jurisdiction?: string | null;
  compact?: boolean;
  /** A legal clock at the top of a case: the days left in large type. */
  large?: boolean;
}) {
  const { t, language } = useT();
  const now = useNow();
  const { breached, days } = daysLeft(dueAt, now);
  const met = status === 'met';
  const paused = status === 'paused';
  const overdue = !met && !paused && (breached || status === 'breached');
  const label = met
    ? t('deadline.met')
    : paused
      ? t('deadline.paused')
      : overdue
        ? t('deadline.overdueBy', { count: days })
        : businessDaysLeft !== null
          ? t('deadline.businessDaysLeft', { count: businessDaysLeft })
          : t('deadline.daysLeft', { count: days });
  return (
    <Group gap={6} wrap="nowrap" data-testid="countdown" data-breached={overdue ? 'true' : 'false'}>
      {overdue ? (
        <Badge color="red.9" variant="filled" radius="sm">
          {t('deadline.breached')}
        </Badge>
      ) : null}
      <Text size={large ? 'xl' : 'sm'} fw={overdue || large ? 700 : 500} c={overdue ? 'red.9' : undefined}>
        {label}
      </Text>
      {!compact ? (
        <Text size="sm" c="dimmed">
          {formatInstant(dueAt, language, jurisdiction)}
        </Text>
      ) : null}
    </Group>
  );
}

// Re-renders countdowns every minute.
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
