import { useState, type ReactNode } from "react";
import { Field, SelectField } from "../../components/Field";
import { ApiForm, SubmitButton } from "../../components/Form";
import { useCreatePlan } from "../../features/membership/api";
import { useClassTypes, useCreateClassType, useCreateSession, useTrainers } from "../../features/schedule/api";
import { useCreateSeries } from "../../features/staff/api";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import type { ClassType, PlanKind } from "../../api";
import { isoDay } from "../../lib/dates";
import { num, str } from "../../lib/formData";

// The forms under the admin lists that create a class type, session, plan or series.

/** The "create" form under each admin list: a heading, the fields, one button; `saved` (default "saved") on success. */
function CreateForm({ onSubmit, resetOnSuccess, saved, children }: {
  onSubmit(f: FormData): Promise<unknown>;
  resetOnSuccess?: boolean;
  saved?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = async (f: FormData) => {
    await onSubmit(f);
    return saved ?? t("admin.saved");
  };
  return (
    <ApiForm onSubmit={submit} resetOnSuccess={resetOnSuccess} className="admin-form">
      <h2>{t("admin.create")}</h2>
      {children}
      <SubmitButton>{t("admin.create")}</SubmitButton>
    </ApiForm>
  );
}

export function NewClassTypeForm() {
  const { t } = useI18n();
  const create = useCreateClassType();
  const submit = (f: FormData) =>
    create.mutateAsync({
      name: str(f, "name"),
      description: str(f, "description"),
      level: str(f, "level") as ClassType["level"],
      duration_minutes: num(f, "duration_minutes"),
      credit_cost: num(f, "credit_cost"),
    });
  return (
    <CreateForm onSubmit={submit} resetOnSuccess>
      <Field label={t("admin.name")} name="name" required />
      <Field label={t("admin.description")} name="description" />
      <Field label={t("admin.level")} name="level" defaultValue="all" />
      <Field label={t("admin.duration")} name="duration_minutes" type="number" min={5} defaultValue={60} required />
      <Field label={t("admin.creditCost")} name="credit_cost" type="number" min={0} defaultValue={1} required />
    </CreateForm>
  );
}

/**
 * The class type and trainer of a new session or series: `selects` shows a select for each, and
 * until the admin picks one the first of each list counts.
 */
function useClassAndTrainer() {
  const { t } = useI18n();
  const types = useClassTypes();
  const trainers = useTrainers();
  const [typeId, setTypeId] = useState("");
  const [trainerId, setTrainerId] = useState("");
  return {
    classType: types.data?.find((c) => String(c.id) === (typeId || String(types.data?.[0]?.id))),
    classTypeId: Number(typeId || types.data?.[0]?.id),
    trainerId: Number(trainerId || trainers.data?.[0]?.id),
    selects: (
      <>
        <SelectField label={t("admin.classType")} value={typeId} onChange={setTypeId}
          options={(types.data ?? []).map((c) => ({ value: String(c.id), label: c.name ?? "" }))} />
        <SelectField label={t("admin.trainer")} value={trainerId} onChange={setTrainerId}
          options={(trainers.data ?? []).map((tr) => ({ value: String(tr.id), label: tr.name ?? "" }))} />
      </>
    ),
  };
}

export function NewSessionForm() {
  const { t } = useI18n();
  const create = useCreateSession();
  const { classType, classTypeId, trainerId, selects } = useClassAndTrainer();
  const submit = (f: FormData) => {
    const starts = new Date(str(f, "starts_at"));
    const ends = new Date(starts.getTime() + (classType?.duration_minutes ?? 60) * 60_000);
    return create.mutateAsync({
      class_type_id: classTypeId,
      trainer_id: trainerId,
      room: str(f, "room"),
      starts_at: starts.toISOString(),
      ends_at: ends.toISOString(),
      capacity: num(f, "capacity"),
      cancellation_cutoff_minutes: num(f, "cancellation_cutoff_minutes"),
    });
  };
  return (
    <CreateForm onSubmit={submit}>
      {selects}
      <Field label={t("admin.room")} name="room" required />
      <Field label={t("admin.startsAt")} name="starts_at" type="datetime-local" required />
      <Field label={t("admin.capacity")} name="capacity" type="number" min={1} defaultValue={12} required />
      <Field label={t("admin.cutoff")} name="cancellation_cutoff_minutes" type="number" min={0} defaultValue={120} />
    </CreateForm>
  );
}

export function NewPlanForm() {
  const { t } = useI18n();
  const create = useCreatePlan();
  const [kind, setKind] = useState<PlanKind>("membership");
  const submit = (f: FormData) =>
    create.mutateAsync({
      name: str(f, "name"),
      kind,
      ...(kind === "membership" ? { months: num(f, "months") } : { credits: num(f, "credits"), validity_days: num(f, "validity_days") }),
      price_rappen: Math.round(Number(f.get("price")) * 100),
      currency: "CHF",
      active: true,
    });
  return (
    <CreateForm onSubmit={submit} resetOnSuccess>
      <Field label={t("admin.name")} name="name" required />
      <SelectField label={t("admin.kind")} value={kind} onChange={(v) => setKind(v as PlanKind)}
        options={[{ value: "membership", label: t("admin.kind.membership") }, { value: "credit_pack", label: t("admin.kind.credit_pack") }]} />
      {kind === "membership" ? (
        <Field label={t("admin.months")} name="months" type="number" min={1} defaultValue={1} required />
      ) : (
        <>
          <Field label={t("admin.credits")} name="credits" type="number" min={1} defaultValue={10} required />
          <Field label={t("admin.validityDays")} name="validity_days" type="number" min={1} defaultValue={180} required />
        </>
      )}
      <Field label={t("admin.price")} name="price" errorKey="price_rappen" type="number" min={0} step="0.05" required />
    </CreateForm>
  );
}

const weekdays = [1, 2, 3, 4, 5, 6, 7];

export function NewSeriesForm() {
  const { t } = useI18n();
  const create = useCreateSeries();
  const { classTypeId, trainerId, selects } = useClassAndTrainer();
  const [weekday, setWeekday] = useState("1");
  const submit = (f: FormData) =>
    create.mutateAsync({
      class_type_id: classTypeId,
      trainer_id: trainerId,
      room: str(f, "room"),
      weekday: Number(weekday),
      start_time: str(f, "start_time"),
      capacity: num(f, "capacity"),
      booking_window_hours: num(f, "booking_window_hours"),
      cancellation_cutoff_minutes: num(f, "cancellation_cutoff_minutes"),
      valid_from: str(f, "valid_from"),
      valid_until: str(f, "valid_until") || null,
    });
  return (
    <CreateForm onSubmit={submit} saved={t("staff.seriesCreated")}>
      {selects}
      <SelectField label={t("staff.weekday")} value={weekday} onChange={setWeekday}
        options={weekdays.map((d) => ({ value: String(d), label: t(`staff.weekday.${d}` as MessageKey) }))} />
      <Field label={t("staff.startTime")} name="start_time" type="time" defaultValue="18:00" required />
      <Field label={t("admin.room")} name="room" defaultValue="Studio 1" required />
      <Field label={t("admin.capacity")} name="capacity" type="number" min={1} max={500} defaultValue={12} required />
      <Field label={t("staff.bookingWindow")} name="booking_window_hours" type="number" min={0} max={2160} defaultValue={336} />
      <Field label={t("admin.cutoff")} name="cancellation_cutoff_minutes" type="number" min={0} max={10080} defaultValue={720} />
      <Field label={t("staff.validFrom")} name="valid_from" type="date" defaultValue={isoDay(new Date())} required />
      <Field label={t("staff.validUntil")} name="valid_until" type="date" />
    </CreateForm>
  );
}
