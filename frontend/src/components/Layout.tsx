import { NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { useT } from "../i18n";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { VerifyBanner } from "./VerifyBanner";

export function Layout() {
  const t = useT();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          {t("app.name")}
        </NavLink>
        <nav aria-label={t("nav.main")}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.schedule")}
              </NavLink>
            </li>
            {user && (
              <>
                <li>
                  <NavLink to="/me/bookings">{t("nav.bookings")}</NavLink>
                </li>
                <li>
                  <NavLink to="/me/membership">{t("nav.membership")}</NavLink>
                </li>
                <li>
                  <NavLink to="/profile">{t("nav.profile")}</NavLink>
                </li>
              </>
            )}
            {(user?.role === "trainer" || user?.role === "admin") && (
              <li>
                <NavLink to="/trainer">{t("nav.trainer")}</NavLink>
              </li>
            )}
            {user?.role === "admin" && (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitcher />
          {user ? (
            <>
              <span className="muted user-name">{t("nav.signedInAs", { name: user.name })}</span>
              <button
                type="button"
                className="secondary"
                onClick={async () => {
                  await logout();
                  navigate("/");
                }}
              >
                {t("nav.logout")}
              </button>
            </>
          ) : (
            <>
              <NavLink to="/login">{t("nav.login")}</NavLink>
              <NavLink to="/register">{t("nav.register")}</NavLink>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <VerifyBanner />
        <Outlet />
      </main>
    </>
  );
}
