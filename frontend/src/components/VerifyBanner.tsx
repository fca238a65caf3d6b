import { useState } from "react";
import { useApi, useAuth } from "../auth/AuthContext";
import { resendVerification } from "../features/auth/api";
import { useT } from "../i18n";
import { errorText } from "./Status";

/** Reminds a signed-in member to confirm their address (they cannot buy until they do). */
export function VerifyBanner() {
  const t = useT();
  const api = useApi();
  const { user } = useAuth();
  const [note, setNote] = useState<string>();
  if (!user || user.email_verified) return null;
  const resend = () =>
    resendVerification(api).then(
      () => setNote(t("verify.resent")),
      (e) => setNote(errorText(e)),
    );
  return (
    <div className="notice notice-info verify-banner" role="status">
      {t("verify.banner", { email: user.email })}{" "}
      <button type="button" className="link" onClick={resend}>
        {t("verify.resend")}
      </button>
      {note && <span> {note}</span>}
    </div>
  );
}
