// The language of the page: English or Chinese, chosen by the switch in the header, first from
// the browser's language, kept in localStorage. A plain dictionary (en.ts, zh.ts): the console
// has two languages and a few hundred texts, which needs no i18n library.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Messages } from './en.js';
import { zh } from './zh.js';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['zh', 'en'];
const MESSAGES: Record<Lang, Messages> = { en, zh };
const STORAGE_KEY = 'creditchain.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Storage may be blocked (private mode); the browser's language decides then.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

interface I18n {
  readonly lang: Lang;
  readonly t: Messages;
  setLang(lang: Lang): void;
  /** A time in the page's language, in the reader's time zone. */
  formatTime(iso: string): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const timeFormat = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
    return {
      lang,
      t: MESSAGES[lang],
      setLang(next) {
        setLangState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not kept across visits then; the switch still works.
        }
      },
      formatTime: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
      },
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (v === undefined) throw new Error('useI18n outside LanguageProvider');
  return v;
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={`${t.language.label} / ${lang === 'zh' ? 'Language' : '语言'}`}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l === 'zh' ? 'zh-CN' : 'en'} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {MESSAGES[l].langName}
        </button>
      ))}
    </div>
  );
}

/** A word of one of the dictionary's vocabularies (t.words.purposes, …), or the value itself when the chain has one the console does not know. */
export function word(words: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(words, value) ? words[value]! : value;
}
