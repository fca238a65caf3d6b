import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider, LANGUAGES, pluralCategory, translate, useT, type MessageKey } from ".";
import { formatMoney } from "../lib/dates";
import { en } from "./en";
import { de } from "./de";
import { LanguageSwitcher } from "../components/LanguageSwitcher";

describe("i18n", () => {
  it("uses the chosen language", () => {
    expect(translate("de", "nav.schedule")).toBe("Stundenplan");
  });

  it("German is complete: every English key has a German text with the same placeholders", () => {
    const vars = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const missing = Object.keys(en).filter((key) => !(de as Record<string, string>)[key]?.trim());
    expect(missing, "English keys without a German text").toEqual([]);
    for (const [key, text] of Object.entries(en)) {
      expect(vars(de[key as MessageKey]), `placeholders of ${key}`).toEqual(vars(text));
    }
  });

  it("German is Swiss Standard German: no ß", () => {
    const withEszett = Object.entries(de).filter(([, text]) => text.includes("ß"));
    expect(withEszett).toEqual([]);
  });

  it("formats amounts in CHF the Swiss way in German", () => {
    expect(formatMoney(123450, "de-CH")).toMatch(/^CHF\s1[’']234\.50$/);
  });

  it("falls back to the key itself for unknown keys instead of throwing", () => {
    // @ts-expect-error an unknown key on purpose
    expect(translate("de", "no.such.key")).toBe("no.such.key");
  });

  it("fills variables and leaves unknown ones visible", () => {
    expect(translate("en", "schedule.spots", { free: 3, capacity: 12 })).toBe("3 of 12 spots free");
    expect(translate("en", "schedule.spots", { free: 3 })).toBe("3 of {capacity} spots free");
  });

  it("picks plural forms by Intl.PluralRules in English and German", () => {
    expect(translate("en", "membership.creditsLeft", { count: 1 })).toBe("1 credit left");
    expect(translate("en", "membership.creditsLeft", { count: 2 })).toBe("2 credits left");
    expect(translate("en", "membership.creditsLeft", { count: 0 })).toBe("0 credits left");
    expect(translate("de", "membership.creditsLeft", { count: 1 })).toBe("Noch 1 Eintritt");
    expect(translate("de", "membership.creditsLeft", { count: 5 })).toBe("Noch 5 Eintritte");
    expect(translate("de", "membership.creditsLeft", { count: 0 })).toBe("Noch 0 Eintritte");
    expect(translate("en", "membership.months", { count: 1 })).toBe("1 month");
    expect(translate("de", "membership.validityDays", { count: 1 })).toBe("1 Tag gültig");
    expect(translate("de", "membership.validityDays", { count: 90 })).toBe("90 Tage gültig");
    // Without a count the "other" form stands, placeholder visible.
    expect(translate("en", "membership.credits")).toBe("{count} credits");
  });

  it("every plural text has a form for each plural category of each language", () => {
    const catalogues = { en, de } as Record<string, Record<string, string>>;
    const bases = [...new Set(Object.keys(en).filter((k) => k.endsWith(".other")).map((k) => k.slice(0, -".other".length)))];
    expect(bases.length).toBeGreaterThan(3);
    for (const { code } of LANGUAGES) {
      const categories = new Intl.PluralRules(code === "de" ? "de-CH" : "en-CH").resolvedOptions().pluralCategories;
      for (const base of bases) {
        for (const c of categories) expect(catalogues[code][`${base}.${c}`], `${code} ${base}.${c}`).toBeTruthy();
      }
    }
    expect(pluralCategory("de", 1)).toBe("one");
    expect(pluralCategory("en", 1.5)).toBe("other");
  });

  it("German only uses keys that exist in English (no stale keys)", () => {
    for (const key of Object.keys(de)) expect(en).toHaveProperty(key);
  });

  it("switches language from the switcher and remembers it", async () => {
    function Title() {
      return <h1>{useT()("nav.schedule")}</h1>;
    }
    render(
      <I18nProvider lang="en">
        <Title />
        <LanguageSwitcher />
      </I18nProvider>,
    );
    expect(screen.getByRole("heading")).toHaveTextContent("Schedule");
    await userEvent.selectOptions(screen.getByLabelText("Language"), "de");
    expect(screen.getByRole("heading")).toHaveTextContent("Stundenplan");
    expect(document.documentElement.lang).toBe("de");
    expect(localStorage.getItem("tc.lang")).toBe("de");
  });
});
