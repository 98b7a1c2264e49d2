import { Alert, Badge, Box, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import type { Evaluation } from '../api/client';
import { fieldKey, useT } from '../i18n';
import { Provenance } from './Provenance';
import { TONE } from '../tones';

type Missing = {
  field: string;
  problem?: string;
  requirement?: string;
  reason?: string;
  source: string;
  article?: string;
  confidence: string;
  nature?: string;
  note?: string;
};
type PlannedDeadline = {
  step: string;
  days: number | null;
  unit: string;
  text: string;
  source: string;
  article?: string;
  confidence: string;
  nature?: string;
  dueAt?: string;
};

const SEVERITY_COLOR: Record<string, string> = {
  high: 'red.9',
  medium: TONE.warning,
  low: TONE.caution,
  info: 'gray.8',
};

/**
 * The rules engine's findings for a draft: the legal basis with its reason and the alternatives,
 * the required contents still missing, refusal risks, translation and the deadlines that will run,
 * each with its source and confidence; unconfirmed items marked.
 */
export function EvaluationRail({
  evaluation,
  loading,
  title,
}: {
  evaluation: Evaluation | undefined;
  loading?: boolean;
  title?: string;
}) {
  const { t } = useT();
  return (
    <Stack gap="md" component="section" aria-labelledby="findings-title" data-testid="findings">
      <Group justify="space-between">
        <Title order={2} size="h4" id="findings-title">
          {title ?? t('rules.title')}
        </Title>
        {loading ? <Loader size="xs" role="status" aria-label={t('rules.evaluating')} /> : null}
      </Group>
      {!evaluation ? (
        <Text size="sm" c="dimmed">
          {t('rules.empty')}
        </Text>
      ) : (
        <EvaluationBody evaluation={evaluation} />
      )}
    </Stack>
  );
}

function EvaluationBody({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useT();
  const basis = evaluation.chosenBasis;
  const alternatives = evaluation.bases.filter((b) => b.instrumentId !== basis?.instrumentId);
  const missing = evaluation.completeness.missing as Missing[];
  const deadlines = evaluation.deadlines as PlannedDeadline[];
  return (
    <>
      <Box data-testid="basis">
        <Title order={3} size="h5">
          {t('rules.basis')}
        </Title>
        {basis ? (
          <>
            <Text fw={600} size="sm">
              {basis.name}
            </Text>
            {basis.reasons.map((r) => (
              <Box key={r.ruleId + r.code} mt={4}>
                <Text size="sm">{r.message}</Text>
                <Provenance {...r} />
              </Box>
            ))}
          </>
        ) : (
          <Text size="sm">{t('rules.noBasis')}</Text>
        )}
        {alternatives.length ? (
          <>
            <Text size="sm" fw={600} mt="xs">
              {t('rules.alternatives')}
            </Text>
            <List size="sm" spacing={4}>
              {alternatives.map((b) => (
                <List.Item key={b.instrumentId}>
                  {b.name}{' '}
                  <Text span size="xs" c="dimmed">
                    ({t(`applicability.${b.applicability}`, { defaultValue: b.applicability })})
                  </Text>
                  {b.reasons[0] ? (
                    <Text size="xs" c="dimmed">
                      {b.reasons[0].message}
                    </Text>
                  ) : null}
                </List.Item>
              ))}
            </List>
          </>
        ) : null}
      </Box>

      <Box data-testid="checklist">
        <Group gap="xs">
          <Title order={3} size="h5">
            {t('rules.checklist')}
          </Title>
          <Badge
            color={evaluation.completeness.complete ? TONE.success : TONE.warning}
            variant="filled"
            radius="sm"
          >
            {evaluation.completeness.complete
              ? t('rules.complete')
              : t('rules.missingCount', { count: missing.length })}
          </Badge>
        </Group>
        <List size="sm" spacing={6} mt={4}>
          {missing.map((m) => (
            <List.Item key={m.field + (m.problem ?? '')}>
              <Text size="sm" fw={500}>
                {t(fieldKey(m.field), { defaultValue: m.field })}
                {m.requirement === 'recommended' ? ` (${t('rules.recommended')})` : ''}
              </Text>
              {m.reason ? <Text size="xs">{m.reason}</Text> : null}
              <Provenance
                source={m.source}
                article={m.article}
                confidence={m.confidence}
                nature={m.nature}
                note={m.note}
              />
            </List.Item>
          ))}
        </List>
      </Box>

      <Box data-testid="risks">
        <Title order={3} size="h5">
          {t('rules.risks')}
        </Title>
        {evaluation.risks.length === 0 ? (
          <Text size="sm">{t('rules.noRisks')}</Text>
        ) : (
          <List size="sm" spacing={6}>
            {evaluation.risks.map((r) => (
              <List.Item key={r.ruleId + r.code}>
                <Group gap={6}>
                  <Badge size="xs" color={SEVERITY_COLOR[r.severity]} variant="filled" radius="sm">
                    {t(`severity.${r.severity}`)}
                  </Badge>
                  <Text size="sm">{r.message}</Text>
                </Group>
                {r.mitigation ? (
                  <Text size="xs">
                    {t('rules.mitigation')}: {r.mitigation}
                  </Text>
                ) : null}
                <Provenance {...r} />
              </List.Item>
            ))}
          </List>
        )}
      </Box>

      <Box data-testid="translation">
        <Title order={3} size="h5">
          {t('rules.translation')}
        </Title>
        <Text size="sm" fw={600}>
          {evaluation.language.translationNeeded
            ? t('rules.translationNeeded', { languages: evaluation.language.required.join(', ') })
            : t('rules.translationNotNeeded')}
        </Text>
        {evaluation.language.rules.map((r) => (
          <Box key={r.ruleId + r.code} mt={2}>
            <Text size="xs">{r.message}</Text>
            <Provenance {...r} />
          </Box>
        ))}
      </Box>

      <Box data-testid="planned-deadlines">
        <Title order={3} size="h5">
          {t('rules.deadlines')}
        </Title>
        <List size="sm" spacing={6}>
          {deadlines.map((d) => (
            <List.Item key={d.step + d.text}>
              <Text size="sm">
                {d.days === null
                  ? t('rules.periodUnknown')
                  : t(d.unit === 'business' ? 'rules.businessDays' : 'rules.calendarDays', { count: d.days })}
                {' · '}
                {d.text}
              </Text>
              <Provenance source={d.source} article={d.article} confidence={d.confidence} nature={d.nature} />
            </List.Item>
          ))}
        </List>
      </Box>

      {evaluation.warnings.length ? (
        <Alert color={TONE.warning} variant="outline" title={t('rules.warnings')} data-testid="warnings">
          <List size="sm" spacing={4}>
            {evaluation.warnings.map((w) => (
              <List.Item key={w.ruleId + w.message}>
                <Badge size="xs" color={TONE.warning} variant="filled" radius="sm" mr={6}>
                  {t('rules.unconfirmed')}
                </Badge>
                {w.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </>
  );
}
