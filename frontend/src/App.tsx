import { lazy, Suspense } from "react";
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
        <Route path="me/bookings" element={<RequireRole><MyBookingsPage /></RequireRole>} />
        <Route path="me/membership" element={<RequireRole><MembershipPage /></RequireRole>} />
        <Route path="profile" element={<RequireRole><ProfilePage /></RequireRole>} />
        <Route
          path="checkout/:planId"
          element={
            <RequireRole>
              <Suspense fallback={<Loading />}>
                <CheckoutPage />
              </Suspense>
            </RequireRole>
          }
        />
        <Route path="checkout/return" element={<RequireRole><CheckoutReturnPage /></RequireRole>} />
        <Route path="trainer" element={<RequireRole roles={["trainer", "admin"]}><TrainerSessionsPage /></RequireRole>} />
        <Route path="trainer/sessions/:id" element={<RequireRole roles={["trainer", "admin"]}><RosterPage /></RequireRole>} />
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
          <Route path="reports" element={<Suspense fallback={<Loading />}><ReportsAdmin /></Suspense>} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
