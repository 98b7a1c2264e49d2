import { reason } from './provenance';
import type { RulesIndex } from './rules-index';
import type { BasisCandidate, DraftRequest, LanguageNeeds, LanguageRule, Reason } from './types';

// Rules about translating only matter to a draft that needs a translation.
const TRANSLATION_RULES: readonly LanguageRule['rule'][] = ['translate-to-requested', 'sworn-translation', 'translation-paid-by-requesting'];

export function languageNeeds(draft: DraftRequest, basis: BasisCandidate | null, index: RulesIndex): LanguageNeeds {
  const requested = index.jurisdictions.get(draft.requestedState);
  const requesting = index.jurisdictions.get(draft.requestingState);
  const basisId = basis?.instrumentId;
  const fits = (rule: LanguageRule, side: 'requested' | 'requesting') =>
    (rule.when ?? 'requested') === side &&
    (!rule.kinds || rule.kinds.includes(draft.kind)) &&
    (!rule.instruments || (basisId !== undefined && rule.instruments.includes(basisId)));

  const instrumentRules = (basisId ? index.instruments.get(basisId)?.languageRules ?? [] : []).filter(
    (r) => !r.kinds || r.kinds.includes(draft.kind),
  );
  const requestedRules = (requested?.languageRules ?? []).filter((r) => fits(r, 'requested'));
  const requestingRules = (requesting?.languageRules ?? []).filter((r) => fits(r, 'requesting'));

  const rules: Reason[] = [];
  const official = requested?.officialLanguages;
  if (official) {
    rules.push(
      reason('official-languages', `Official language(s) of ${requested.name}: ${official.languages.join(', ')}`, `${requested.code}:official-languages`, official),
    );
  }
  const accepted = requestedRules.find((r) => r.rule === 'acceptable-languages' && r.languages?.length);
  const required = accepted?.languages ?? official?.languages ?? [];

  const all = [...instrumentRules, ...requestedRules, ...requestingRules];

  // A draft that names no language is taken to be in the requesting state's official language(s):
  // a Mexican request to Guatemala needs no translation just because its language field is empty.
  const assumed = draft.language ? [] : (requesting?.officialLanguages?.languages ?? []);
  if (assumed.length) {
    rules.push(
      reason(
        'draft-language-assumed',
        `No language given: the draft is taken to be in ${assumed.join(' or ')}, the official language(s) of ${requesting!.name}`,
        `${requesting!.code}:official-languages`,
        requesting!.officialLanguages!,
      ),
    );
  }
  const provided = new Set(
    [draft.language, ...assumed, ...(draft.translationsProvided ?? [])].filter((l): l is string => !!l),
  );
  // Needed only where no language of the draft is one the requested state accepts.
  const translationNeeded = required.length > 0 && !required.some((l) => provided.has(l));
  all
    .filter((r) => translationNeeded || !TRANSLATION_RULES.includes(r.rule))
    .forEach((r, i) => rules.push(reason(`language:${r.rule}`, r.text, r.id ?? `language[${i}]`, r)));
  return {
    required,
    ...(draft.language ? { draftLanguage: draft.language } : assumed.length === 1 ? { draftLanguage: assumed[0] } : {}),
    translationNeeded,
    rules,
  };
}
