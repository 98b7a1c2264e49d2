import type { Holder } from '../api/client';
import { useT } from '../i18n';

/** Who holds the case now: the role and the state (e.g. "Autoridad central · HN"). */
export function useHolderText() {
  const { t } = useT();
  return (holder: Holder | null | undefined) =>
    holder ? `${t(`role.${holder.role}`)} · ${holder.jurisdiction}` : t('case.noHolder');
}
