import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { labelOf, stateLabelOf, type LabelGroup } from './labels';
import { translate, type Locale, type MessageKey } from './messages';

const LOCALE_KEY = 'tiaojie.locale';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  label(group: LabelGroup, code: string | null | undefined): string;
  stateLabel(path: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Chinese by default; English with one switch, remembered in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(LOCALE_KEY, l);
    } catch {
      /* private mode: the switch still works for this visit */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
    document.title = translate(locale, 'app.name');
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      label: (group, code) => labelOf(group, code, locale),
      stateLabel: (path) => stateLabelOf(path, locale),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
