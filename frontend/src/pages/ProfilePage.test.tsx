import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfilePage } from "./ProfilePage";
import { fakeApi, type FakeRequest } from "../test/fakeApi";
import { renderPage } from "../test/render";
import type { User } from "../api";

const tokens = { accessToken: "a", refreshToken: "r" };

/** A small in-memory account so the page's updates are seen by later requests. */
function backend(overrides: Record<string, (req: FakeRequest) => unknown> = {}) {
  const me: User = { id: 1, email: "mia@example.test", name: "Mia", role: "member", bio: null, avatar_upload_id: null, created_at: "2026-01-01T00:00:00Z", locale: "en", email_verified: true };
  const fake = fakeApi(
    {
      "GET /api/me": () => me,
      "PATCH /api/me": (req) => Object.assign(me, req.body as Partial<User>),
      "POST /api/uploads": () => ({ status: 201, body: { id: 7, user_id: 1, kind: "avatar", content_type: "image/png", size_bytes: 68, url: "/api/uploads/7" } }),
      "PUT /api/me/avatar": (req) => {
        me.avatar_upload_id = (req.body as { upload_id: number | null }).upload_id;
        return { avatar_upload_id: me.avatar_upload_id };
      },
      "POST /api/me/password": () => ({ status: 204 }),
      "POST /api/auth/login": () => ({ user: me, access_token: "a2", refresh_token: "r2", token_type: "Bearer", expires_in: 900 }),
      "DELETE /api/me": () => ({ status: 204 }),
      "POST /api/auth/logout": () => ({ status: 204 }),
      ...overrides,
    },
    tokens,
  );
  return { ...fake, me };
}

async function open(b: ReturnType<typeof backend>, lang: "en" | "de" = "en") {
  renderPage(<ProfilePage />, { api: b.api, path: "/profile", route: "/profile", lang });
  const title = await screen.findByRole("heading", { level: 1, name: lang === "de" ? "Mein Profil" : "My profile" });
  // PageTitle takes focus in an effect, which can run just after the heading appears.
  await waitFor(() => expect(title).toHaveFocus());
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "me.png", { type: "image/png" });
const sent = (b: ReturnType<typeof backend>, method: string, path: string) =>
  b.calls.filter((c) => c.method === method && c.path === path);

/** Waits for the form to move the focus to field, which must describe the problem. */
async function expectProblemOn(field: HTMLElement, description: string) {
  await waitFor(() => expect(field).toHaveFocus());
  expect(field).toHaveAccessibleDescription(description);
}

describe("ProfilePage: name and bio", () => {
  it("saves the name and bio with PATCH /api/me", async () => {
    const b = backend();
    await open(b);
    const name = screen.getByLabelText("Name");
    expect(name).toHaveValue("Mia");
    await userEvent.clear(name);
    await userEvent.type(name, "Mia Muster");
    await userEvent.type(screen.getByLabelText("About me"), "Loves spinning.");
    await userEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Profile saved.")).toBeInTheDocument();
    expect(sent(b, "PATCH", "/api/me").map((c) => c.body)).toEqual([{ name: "Mia Muster", bio: "Loves spinning." }]);
  });

  it("checks the name before sending, ties the error to the field and focuses it", async () => {
    const b = backend();
    await open(b);
    const name = screen.getByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await expectProblemOn(name, "Please enter your name.");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(sent(b, "PATCH", "/api/me")).toHaveLength(0);
  });

  it("shows the server's field errors on the field", async () => {
    const b = backend({
      "PATCH /api/me": () => ({ status: 422, body: { error: { code: "validation_failed", message: "invalid", details: { fields: { bio: "too long" } } } } }),
    });
    await open(b);
    await userEvent.click(screen.getByRole("button", { name: "Save profile" }));
    const bio = screen.getByLabelText("About me");
    await expectProblemOn(bio, expect.stringContaining("too long"));
  });
});

describe("ProfilePage: picture", () => {
  it("uploads a picture as kind=avatar, sets it and shows it from /api/uploads/:id", async () => {
    const b = backend();
    await open(b);
    expect(screen.getByText("No profile picture yet.")).toBeInTheDocument();
    await userEvent.upload(screen.getByLabelText("Choose a picture"), png());
    await userEvent.click(screen.getByRole("button", { name: "Upload picture" }));
    expect(await screen.findByText("Profile picture updated.")).toBeInTheDocument();

    const [upload] = sent(b, "POST", "/api/uploads");
    const form = upload.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(form.get("kind")).toBe("avatar");
    expect((form.get("file") as File).name).toBe("me.png");
    // Not application/json: the multipart type with its boundary comes from the FormData body.
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent(b, "PUT", "/api/me/avatar").map((c) => c.body)).toEqual([{ upload_id: 7 }]);
    expect(screen.getByRole("img", { name: "Profile picture of Mia" })).toHaveAttribute("src", "/api/uploads/7");

    await userEvent.click(screen.getByRole("button", { name: "Remove picture" }));
    expect(await screen.findByText("Profile picture removed.")).toBeInTheDocument();
    expect(sent(b, "PUT", "/api/me/avatar").map((c) => c.body)).toEqual([{ upload_id: 7 }, { upload_id: null }]);
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
  });

  it("refuses other file types and files over 5 MiB before uploading", async () => {
    const b = backend();
    await open(b);
    const user = userEvent.setup({ applyAccept: false });
    const input = screen.getByLabelText("Choose a picture");
    await user.upload(input, new File(["%PDF-1.4"], "cv.pdf", { type: "application/pdf" }));
    await user.click(screen.getByRole("button", { name: "Upload picture" }));
    await expectProblemOn(input, expect.stringContaining("This file is not a JPEG, PNG or WebP picture."));

    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.png", { type: "image/png" });
    await user.upload(input, big);
    await user.click(screen.getByRole("button", { name: "Upload picture" }));
    expect(await screen.findByText(/This file is 5 MiB; pictures can be at most 5 MiB\./)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Upload picture" }));
    expect(sent(b, "POST", "/api/uploads")).toHaveLength(0);
  });

  it("shows the server's 415 and 413 answers", async () => {
    let status = 415;
    const b = backend({
      "POST /api/uploads": () =>
        status === 415
          ? { status, body: { error: { code: "unsupported_media_type", message: "not an image" } } }
          : { status, body: { error: { code: "quota_exceeded", message: "over 20 MiB" } } },
    });
    await open(b);
    const input = screen.getByLabelText("Choose a picture");
    await userEvent.upload(input, png());
    await userEvent.click(screen.getByRole("button", { name: "Upload picture" }));
    expect(await screen.findByText("The server refused the file type: not an image")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");

    status = 413;
    await userEvent.upload(input, png());
    await userEvent.click(screen.getByRole("button", { name: "Upload picture" }));
    expect(await screen.findByText("Your storage is full: over 20 MiB")).toBeInTheDocument();
    expect(sent(b, "PUT", "/api/me/avatar")).toHaveLength(0);
  });
});

/** Fills the password form (current, new, new repeated) and submits it. */
async function changePassword(current: string, next: string, repeated: string) {
  await userEvent.type(screen.getByLabelText("Current password"), current);
  await userEvent.type(screen.getByLabelText("New password"), next);
  await userEvent.type(screen.getByLabelText("Repeat the new password"), repeated);
  await userEvent.click(screen.getByRole("button", { name: "Change password" }));
}

describe("ProfilePage: password", () => {
  it("checks the new password twice, then changes it and signs this browser in again", async () => {
    const b = backend();
    await open(b);
    await changePassword("old password 1", "new password 2", "new password 3");
    const repeat = screen.getByLabelText("Repeat the new password");
    await expectProblemOn(repeat, "The two new passwords do not match.");
    expect(sent(b, "POST", "/api/me/password")).toHaveLength(0);

    await userEvent.clear(repeat);
    await userEvent.type(repeat, "new password 2");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText(/Password changed\. All your other devices were signed out/)).toBeInTheDocument();
    expect(sent(b, "POST", "/api/me/password").map((c) => c.body)).toEqual([
      { current_password: "old password 1", new_password: "new password 2" },
    ]);
    expect(sent(b, "POST", "/api/auth/login").map((c) => c.body)).toEqual([
      { email: "mia@example.test", password: "new password 2" },
    ]);
    expect(b.api.tokens.get()).toEqual({ accessToken: "a2", refreshToken: "r2" });
    expect(screen.getByLabelText("Current password")).toHaveValue("");
  });

  it("puts a wrong current password on its field", async () => {
    const b = backend({
      "POST /api/me/password": () => ({ status: 422, body: { error: { code: "validation_failed", message: "invalid", details: { fields: { current_password: "is wrong" } } } } }),
    });
    await open(b);
    await changePassword("nope", "new password 2", "new password 2");
    const current = screen.getByLabelText("Current password");
    await expectProblemOn(current, "is wrong");
    expect(sent(b, "POST", "/api/auth/login")).toHaveLength(0);
  });

  it("asks to log in again when signing in with the new password fails", async () => {
    const b = backend({ "POST /api/auth/login": () => ({ status: 429, body: { error: { code: "rate_limited", message: "slow down" } } }) });
    await open(b);
    await changePassword("old password 1", "new password 2", "new password 2");
    expect(await screen.findByText("login page")).toBeInTheDocument();
    expect(b.api.tokens.get()).toBeNull();
  });
});

describe("ProfilePage: delete account", () => {
  it("asks for the password, deletes the account and signs out", async () => {
    const b = backend();
    await open(b);
    await userEvent.click(screen.getByRole("button", { name: "Delete my account…" }));
    const password = screen.getByLabelText("Your password, to confirm");
    expect(password).toHaveFocus();
    expect(sent(b, "DELETE", "/api/me")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(password).toHaveAccessibleDescription("Please enter your current password.");
    await userEvent.type(password, "my password 1");
    await userEvent.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(await screen.findByText("login page")).toBeInTheDocument();
    expect(sent(b, "DELETE", "/api/me").map((c) => c.body)).toEqual([{ password: "my password 1" }]);
    expect(b.api.tokens.get()).toBeNull();
  });

  it("keeps the account when cancelled, and shows a wrong password on the field", async () => {
    const b = backend({
      "DELETE /api/me": () => ({ status: 422, body: { error: { code: "validation_failed", message: "invalid", details: { fields: { password: "wrong password" } } } } }),
    });
    await open(b);
    await userEvent.click(screen.getByRole("button", { name: "Delete my account…" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep my account" }));
    expect(screen.getByRole("button", { name: "Delete my account…" })).toHaveFocus();

    await userEvent.click(screen.getByRole("button", { name: "Delete my account…" }));
    await userEvent.type(screen.getByLabelText("Your password, to confirm"), "typo");
    await userEvent.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(await screen.findByText("wrong password")).toBeInTheDocument();
    expect(screen.getByLabelText("Your password, to confirm")).toHaveFocus();
    expect(b.api.tokens.get()).toEqual(tokens);
  });
});

describe("ProfilePage in German", () => {
  it("labels the forms and explains a too large picture in Swiss Standard German", async () => {
    const b = backend();
    await open(b, "de");
    expect(screen.getByLabelText("Über mich")).toBeInTheDocument();
    const input = screen.getByLabelText("Bild auswählen");
    await userEvent.upload(input, new File([new Uint8Array(6 * 1024 * 1024)], "gross.png", { type: "image/png" }));
    await userEvent.click(screen.getByRole("button", { name: "Bild hochladen" }));
    await expectProblemOn(input, expect.stringContaining("Diese Datei hat eine Grösse von 6 MiB"));
    expect(sent(b, "POST", "/api/uploads")).toHaveLength(0);
  });
});
