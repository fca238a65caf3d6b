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

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<SchedulePage />} />
        <Route path="sessions/:id" element={<SessionPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="me/bookings" element={member(<MyBookingsPage />)} />
        <Route path="me/membership" element={member(<MembershipPage />)} />
        <Route path="profile" element={member(<ProfilePage />)} />
        <Route path="checkout/:planId" element={member(loaded(<CheckoutPage />))} />
        <Route path="checkout/return" element={member(<CheckoutReturnPage />)} />
        <Route path="trainer" element={trainer(<TrainerSessionsPage />)} />
        <Route path="trainer/sessions/:id" element={trainer(<RosterPage />)} />
        <Route path="admin" element={<RequireRole roles={["admin"]}><AdminLayout /></RequireRole>}>
          <Route index element={<Navigate to="class-types" replace />} />
          <Route path="class-types" element={<ClassTypesAdmin />} />
          <Route path="sessions" element={<SessionsAdmin />} />
          <Route path="plans" element={<PlansAdmin />} />
          <Route path="users" element={<UsersAdmin />} />
          <Route path="series" element={<SeriesAdmin />} />
          <Route path="members" element={<MembersAdmin />} />
          <Route path="members/:id" element={<MemberPage />} />
          <Route path="orders" element={<OrdersAdmin />} />
          <Route path="reports" element={loaded(<ReportsAdmin />)} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
