import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en, type MessageKey } from "./en";
import { de } from "./de";

export type Lang = "en" | "de";
export const LANGUAGES: { code: Lang; label: string }[] = [
  { code: "en", label: "English" },
  { code: "de", label: "Deutsch" },
];
const catalogues: Record<Lang, Partial<Record<MessageKey, string>>> = { en, de };
const LOCALES: Record<Lang, string> = { en: "en-CH", de: "de-CH" };

/** Values for a text's {placeholders}; a missing (undefined) one stays visible as "{name}". */
export type Vars = Record<string, string | number | undefined>;
/** A text with plural forms: "x" for the keys "x.one", "x.other"… (t("x", { count })). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;
export type TextKey = MessageKey | PluralKey;
export type Translate = (key: TextKey, vars?: Vars) => string;

const pluralRules = new Map<Lang, Intl.PluralRules>();
/** The plural category of `count` in `lang` ("one", "other"; "few"… in other languages). */
export function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(LOCALES[lang])));
  return rules.select(count);
}

function lookup(lang: Lang, key: TextKey, count: unknown): string | undefined {
  const catalogue = catalogues[lang] as Partial<Record<string, string>>;
  if (key in en) return catalogue[key];
  if (typeof count !== "number") return catalogue[`${key}.other`];
  return catalogue[`${key}.${pluralCategory(lang, count)}`] ?? catalogue[`${key}.other`];
}

/**
 * Looks a key up in `lang`, then English, then shows the key itself (never throws). A plural
 * key picks the form for `vars.count` by the language's Intl.PluralRules.
 */
export function translate(lang: Lang, key: TextKey, vars?: Vars): string {
  const template = lookup(lang, key, vars?.count) ?? lookup("en", key, vars?.count) ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (vars[name] !== undefined ? String(vars[name]) : m));
}

interface I18n {
  lang: Lang;
  locale: string;
  setLang(lang: Lang): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = "tc.lang";

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "de") return saved;
  } catch {
    /* storage may be blocked */
  }
  return typeof navigator !== "undefined" && navigator.language?.toLowerCase().startsWith("de") ? "de" : "en";
}

export function I18nProvider({ children, lang: forced }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(forced ?? initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, locale: LOCALES[lang], setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}

export type { MessageKey };
