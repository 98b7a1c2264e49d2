import { Badge } from '@mantine/core';
import type { Stage } from '../api/client';
import { useT } from '../i18n';
import { TONE } from '../tones';

const COLOR: Partial<Record<Stage, string>> = {
  draft: 'gray.8',
  central_authority_review: 'indigo.8',
  translation: TONE.violet,
  ready_to_transmit: 'cyan.9',
  transmitted: 'blue.8',
  acknowledged: 'blue.9',
  under_execution: 'teal.9',
  supplementary_information: TONE.warning,
  responded: TONE.success,
  closed: 'dark.6',
};

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useT();
  return (
    <Badge
      color={COLOR[stage] ?? 'gray.8'}
      variant="filled"
      radius="sm"
      data-testid="stage"
      data-stage={stage}
    >
      {t(`stage.${stage}`)}
    </Badge>
  );
}
