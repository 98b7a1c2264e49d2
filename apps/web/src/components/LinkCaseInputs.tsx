import { Autocomplete, NativeSelect, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../api/client';
import type { ActionValues, LinkRelation } from '../pages/case-actions';
import { useT } from '../i18n';

// The other case of a link: its reference, offered from the cases the user may see (GET /cases
// searches only those), or an identifier pasted as is; and how it relates to this case. The API
// refuses a case the user may not see (422 on link.caseId), shown beside the field.

// Held to the API's enumeration by the generated types.
const RELATIONS = [
  'same_investigation',
  'related',
  'extradition',
  'domestic_prosecution',
] as const satisfies readonly LinkRelation[];

export function LinkCaseInputs({
  caseId,
  values,
  onChange,
  error,
}: {
  /** This case, never offered. */
  caseId?: string;
  values: ActionValues;
  onChange: (patch: Partial<ActionValues>) => void;
  /** What the API said of link.caseId. */
  error?: string;
}) {
  const { t } = useT();
  const typed = values.linkCase.trim();
  const [search] = useDebouncedValue(typed, 300);
  const found = useQuery({
    queryKey: ['case-search', search],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { q: search, limit: 10 } } })),
    enabled: search.length >= 2,
  });
  const cases = (found.data?.items ?? []).filter((c) => c.id !== caseId && c.reference);
  const byReference = new Map(cases.map((c) => [c.reference!, c]));
  // The id behind the reference typed, once the search names it (typed or chosen from the list).
  const match = byReference.get(typed)?.id ?? '';
  useEffect(() => {
    if (match !== values.linkCaseId) onChange({ linkCaseId: match });
  }, [match, values.linkCaseId, onChange]);

  return (
    <>
      <Autocomplete
        label={t('link.case')}
        description={t('link.caseHint')}
        required
        value={values.linkCase}
        onChange={(linkCase) => onChange({ linkCase })}
        data={[...byReference.keys()]}
        // The API has searched already (reference or summary): show what it found.
        filter={({ options }) => options}
        renderOption={({ option }) => {
          const c = byReference.get(option.value);
          return (
            <Text size="sm">
              {option.value}
              {c
                ? ` · ${t(`kind.${c.kind}`)} · ${c.requestingState} → ${c.requestedState} · ${t(`stage.${c.stage}`)}`
                : ''}
            </Text>
          );
        }}
        error={error}
        data-input="linkCase"
      />
      <NativeSelect
        label={t('link.relation')}
        required
        value={values.linkRelation}
        onChange={(e) => onChange({ linkRelation: e.currentTarget.value as LinkRelation })}
        data={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))}
        data-input="linkRelation"
      />
    </>
  );
}
