import type { ClassType, Trainer } from "../api";
import { useT } from "../i18n";
import { SelectField } from "./Field";

interface Props {
  classTypes: ClassType[];
  trainers: Trainer[];
  type: string;
  trainer: string;
  onChange(next: { type: string; trainer: string }): void;
}

export function ScheduleFilters({ classTypes, trainers, type, trainer, onChange }: Props) {
  const t = useT();
  return (
    <fieldset className="filters">
      <legend>{t("schedule.filters")}</legend>
      <SelectField
        label={t("schedule.classType")}
        name="type"
        value={type}
        onChange={(v) => onChange({ type: v, trainer })}
        options={[{ value: "", label: t("schedule.all") }, ...classTypes.map((c) => ({ value: String(c.id), label: c.name ?? "" }))]}
      />
      <SelectField
        label={t("schedule.trainer")}
        name="trainer"
        value={trainer}
        onChange={(v) => onChange({ type, trainer: v })}
        options={[{ value: "", label: t("schedule.all") }, ...trainers.map((tr) => ({ value: String(tr.id), label: tr.name }))]}
      />
    </fieldset>
  );
}
