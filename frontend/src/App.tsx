import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { RequireRole } from "./components/RequireRole";
import { Loading } from "./components/Status";
import { PageTitle } from "./components/PageTitle";
import { useT } from "./i18n";
import { SchedulePage } from "./pages/SchedulePage";
import { SessionPage } from "./pages/SessionPage";
import { LoginPage, RegisterPage } from "./pages/AuthPages";
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from "./pages/RecoveryPages";
import { MyBookingsPage } from "./pages/MyBookingsPage";
import { MembershipPage } from "./pages/MembershipPage";
import { ProfilePage } from "./pages/ProfilePage";
import { CheckoutReturnPage } from "./pages/CheckoutReturnPage";
import { RosterPage, TrainerSessionsPage } from "./pages/TrainerPages";
import { AdminLayout, ClassTypesAdmin, PlansAdmin, SessionsAdmin, UsersAdmin } from "./pages/admin/AdminPages";
import { MemberPage, MembersAdmin, OrdersAdmin, SeriesAdmin } from "./pages/admin/StaffPages";

// The charts (chart.js) come only with the reports page.
const ReportsAdmin = lazy(() => import("./pages/admin/ReportsAdmin").then((m) => ({ default: m.ReportsAdmin })));

// Stripe's libraries come only with the checkout page.
const CheckoutPage = lazy(() => import("./pages/CheckoutPage"));

function NotFound() {
  return <PageTitle>{useT()("app.notFound")}</PageTitle>;
}

// Route elements: a page for signed-in members, for trainers (and admins), and a lazy page.
const member = (page: ReactNode) => <RequireRole>{page}</RequireRole>;
const trainer = (page: ReactNode) => <RequireRole roles={["trainer", "admin"]}>{page}</RequireRole>;
const loaded = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

// The pages inside the layout, by path, then the admin pages (under /admin).
const pages: [path: string, page: ReactNode][] = [
  ["sessions/:id", <SessionPage />],
  ["login", <LoginPage />],
  ["register", <RegisterPage />],
  ["forgot-password", <ForgotPasswordPage />],
  ["reset-password", <ResetPasswordPage />],
  ["verify-email", <VerifyEmailPage />],
  ["me/bookings", member(<MyBookingsPage />)],
  ["me/membership", member(<MembershipPage />)],
  ["profile", member(<ProfilePage />)],
  ["checkout/:planId", member(loaded(<CheckoutPage />))],
  ["checkout/return", member(<CheckoutReturnPage />)],
  ["trainer", trainer(<TrainerSessionsPage />)],
  ["trainer/sessions/:id", trainer(<RosterPage />)],
];

const adminPages: [path: string, page: ReactNode][] = [
  ["class-types", <ClassTypesAdmin />],
  ["sessions", <SessionsAdmin />],
  ["plans", <PlansAdmin />],
  ["users", <UsersAdmin />],
  ["series", <SeriesAdmin />],
  ["members", <MembersAdmin />],
  ["members/:id", <MemberPage />],
  ["orders", <OrdersAdmin />],
  ["reports", loaded(<ReportsAdmin />)],
];

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<SchedulePage />} />
        {pages.map(([path, page]) => <Route key={path} path={path} element={page} />)}
        <Route path="admin" element={<RequireRole roles={["admin"]}><AdminLayout /></RequireRole>}>
          <Route index element={<Navigate to="class-types" replace />} />
          {adminPages.map(([path, page]) => <Route key={path} path={path} element={page} />)}
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
