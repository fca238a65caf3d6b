import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider, translate, useT } from ".";
import { en } from "./en";
import { de } from "./de";
import { LanguageSwitcher } from "../components/LanguageSwitcher";

describe("i18n", () => {
  it("uses the chosen language", () => {
    expect(translate("de", "nav.schedule")).toBe("Stundenplan");
  });

  it("falls back to English for keys German does not have yet", () => {
    expect(de["trainer.checkIn"]).toBeUndefined();
    expect(translate("de", "trainer.checkIn", { name: "Ana" })).toBe("Check in Ana");
  });

  it("falls back to the key itself for unknown keys instead of throwing", () => {
    // @ts-expect-error an unknown key on purpose
    expect(translate("de", "no.such.key")).toBe("no.such.key");
  });

  it("fills variables and leaves unknown ones visible", () => {
    expect(translate("en", "schedule.spots", { free: 3, capacity: 12 })).toBe("3 of 12 spots free");
    expect(translate("en", "schedule.spots", { free: 3 })).toBe("3 of {capacity} spots free");
  });

  it("German only uses keys that exist in English", () => {
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
