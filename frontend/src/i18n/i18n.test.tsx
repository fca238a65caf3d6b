import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider, translate, useT, type MessageKey } from ".";
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
