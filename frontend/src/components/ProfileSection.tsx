import type { ReactNode } from "react";

/** One part of the profile page: a titled section (its heading names it for screen readers). */
export function ProfileSection({ id, title, explain, children }: { id: string; title: string; explain?: string; children: ReactNode }) {
  return (
    <section className="profile-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {explain && <p className="muted">{explain}</p>}
      {children}
    </section>
  );
}
