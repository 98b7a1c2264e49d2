import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useT } from '../i18n';
import { TONE } from '../tones';

// Law, policy and doubt look different: law cites its source and article; a policy is labelled
// as such; anything not confirmed in a primary source carries a "no confirmado" badge with why.
export function Provenance({
  source,
  article,
  confidence,
  nature,
  note,
}: {
  source: string;
  article?: string;
  confidence: string;
  nature?: string;
  note?: string;
}) {
  const { t } = useT();
  const policy = nature === 'policy' || confidence === 'default';
  const unconfirmed = confidence === 'unconfirmed';
  return (
    <Group gap={6} wrap="wrap" mt={2}>
      <Text size="xs" c="dimmed">
        {t('rules.source')}: {source}
        {article ? `, ${t('rules.article')} ${article}` : ''}
      </Text>
      {policy ? (
        <Badge size="xs" variant="outline" color="gray.8" radius="sm">
          {t('rules.policy')}
        </Badge>
      ) : (
        <Badge size="xs" variant="outline" color="blue.9" radius="sm">
          {t('rules.law')}
        </Badge>
      )}
      {unconfirmed ? (
        <Tooltip label={note ?? t('rules.unconfirmedWhy')} multiline w={280}>
          <Badge
            size="xs"
            variant="filled"
            color={TONE.warning}
            radius="sm"
            data-testid="unconfirmed"
            tabIndex={0}
          >
            {t('rules.unconfirmed')}
          </Badge>
        </Tooltip>
      ) : (
        <Text size="xs" c="dimmed">
          {t('rules.confidence')}: {t(`confidence.${confidence}`, { defaultValue: confidence })}
        </Text>
      )}
    </Group>
  );
}
