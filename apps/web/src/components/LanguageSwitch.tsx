import { SegmentedControl } from '@mantine/core';
import { setLanguage, useT } from '../i18n';

/** ES | EN, on the sign-in page and in the top bar; the choice is remembered (see setLanguage). */
export function LanguageSwitch() {
  const { t, language } = useT();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={language}
      onChange={(value) => setLanguage(value === 'en' ? 'en' : 'es')}
      data={[
        { value: 'es', label: 'ES' },
        { value: 'en', label: 'EN' },
      ]}
      data-testid="language"
    />
  );
}
