import { useState } from "react";
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Bar, Line } from "react-chartjs-2";
import { Field } from "../../components/Field";
import { QueryView } from "../../components/QueryView";
import { useApi } from "../../auth/AuthContext";
import { downloadCsv, useAttendance, useRevenue } from "../../features/staff/api";
import { useI18n } from "../../i18n";
import { addDays, isoDay } from "../../lib/dates";
import { AdminSection, useAction } from "./AdminPages";

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

/** Attendance and revenue for a period, as charts with CSV downloads. */
export function ReportsAdmin() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [from, setFrom] = useState(isoDay(addDays(new Date(), -84)));
  const [to, setTo] = useState(isoDay(new Date()));
  const attendance = useAttendance(from, to);
  const revenue = useRevenue(from, to);
  const { result, run } = useAction();
  const csv = (path: "/api/reports/attendance.csv" | "/api/reports/revenue.csv", group?: string) =>
    run(() => downloadCsv(api, path, { from, to, group }, `${path.split("/").pop()!.replace(".csv", "")}${group ? "-" + group : ""}.csv`));
  const chf = (rappen = 0) => rappen / 100;
  return (
    <AdminSection title={t("staff.reports")} result={result}>
      <div className="admin-form">
        <Field label={t("staff.from")} name="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <Field label={t("staff.to")} name="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </div>
      <h2>{t("staff.attendance")}</h2>
      <QueryView query={attendance}>
        {(a) => (
          <>
            <p>
              {t("staff.sessions")}: {a.total.sessions} · {t("staff.bookings")}: {a.total.bookings} · {t("staff.checkIns")}: {a.total.check_ins} ·{" "}
              {t("staff.noShows")}: {a.total.no_shows} · {t("staff.fillRate")}: {new Intl.NumberFormat(locale, { style: "percent" }).format(a.total.fill_rate)}
            </p>
            <figure aria-label={t("staff.byWeek")} data-testid="chart-attendance-week">
              <Line data={{ labels: a.by_week.map((r) => r.label), datasets: [
                { label: t("staff.bookings"), data: a.by_week.map((r) => r.bookings), borderColor: "#2563eb" },
                { label: t("staff.checkIns"), data: a.by_week.map((r) => r.check_ins), borderColor: "#16a34a" },
                { label: t("staff.noShows"), data: a.by_week.map((r) => r.no_shows), borderColor: "#dc2626" },
              ] }} />
            </figure>
            <figure aria-label={t("staff.byClassType")} data-testid="chart-attendance-type">
              <Bar data={{ labels: a.by_class_type.map((r) => r.label), datasets: [
                { label: `${t("staff.fillRate")} %`, data: a.by_class_type.map((r) => Math.round(r.fill_rate * 100)), backgroundColor: "#2563eb" },
              ] }} />
            </figure>
            <figure aria-label={t("staff.byTrainer")} data-testid="chart-attendance-trainer">
              <Bar data={{ labels: a.by_trainer.map((r) => r.label), datasets: [
                { label: t("staff.bookings"), data: a.by_trainer.map((r) => r.bookings), backgroundColor: "#7c3aed" },
              ] }} />
            </figure>
            <p>
              <button type="button" className="secondary" onClick={() => csv("/api/reports/attendance.csv", "class_type")}>{t("staff.downloadCsv")} · {t("staff.byClassType")}</button>{" "}
              <button type="button" className="secondary" onClick={() => csv("/api/reports/attendance.csv", "trainer")}>{t("staff.downloadCsv")} · {t("staff.byTrainer")}</button>{" "}
              <button type="button" className="secondary" onClick={() => csv("/api/reports/attendance.csv", "week")}>{t("staff.downloadCsv")} · {t("staff.byWeek")}</button>
            </p>
          </>
        )}
      </QueryView>
      <h2>{t("staff.revenue")}</h2>
      <QueryView query={revenue}>
        {(r) => (
          <>
            <p>{t("staff.gross")}: CHF {chf(r.total.gross_rappen).toFixed(2)} · {t("staff.refunds")}: CHF {chf(r.total.refunds_rappen).toFixed(2)} · {t("staff.net")}: CHF {chf(r.total.net_rappen).toFixed(2)}</p>
            <figure aria-label={t("staff.byMonth")} data-testid="chart-revenue-month">
              <Bar data={{ labels: r.months.map((m) => m.month), datasets: [
                { label: `${t("staff.net")} CHF`, data: r.months.map((m) => chf(m.net_rappen)), backgroundColor: "#16a34a" },
                { label: `${t("staff.refunds")} CHF`, data: r.months.map((m) => chf(m.refunds_rappen)), backgroundColor: "#dc2626" },
              ] }} />
            </figure>
            <button type="button" className="secondary" onClick={() => csv("/api/reports/revenue.csv")}>{t("staff.downloadCsv")} · {t("staff.revenue")}</button>
          </>
        )}
      </QueryView>
    </AdminSection>
  );
}
